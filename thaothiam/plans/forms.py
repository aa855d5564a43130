from django import forms

from thaothiam.core.dates import BuddhistDateField

from .models import Pillar, Plan, PlanItem


class BootstrapModelForm(forms.ModelForm):
    """A ModelForm whose widgets carry Bootstrap's classes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-check-input" if isinstance(field.widget, forms.CheckboxInput) else "form-control"
            field.widget.attrs.setdefault("class", css)
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs.setdefault("rows", 3)


class PlanForm(BootstrapModelForm):
    class Meta:
        model = Plan
        fields = [
            "title_th", "title_en", "policy_title_th", "policy_title_en", "policy_text_th", "policy_text_en",
            "announcement_date", "reporting_text_th", "reporting_text_en", "issued_by_th", "issued_by_en",
        ]
        field_classes = {"announcement_date": BuddhistDateField}


class PillarForm(BootstrapModelForm):
    class Meta:
        model = Pillar
        fields = ["name_th", "name_en", "strategy_th", "strategy_en", "goal_th", "goal_en"]


class PlanItemForm(BootstrapModelForm):
    class Meta:
        model = PlanItem
        fields = ["name_th", "name_en", "description_th", "description_en"]
