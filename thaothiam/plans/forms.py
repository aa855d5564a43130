from django import forms

from thaothiam.core.dates import BuddhistDateField
from thaothiam.core.forms import BootstrapMixin

from .models import Pillar, Plan, PlanItem


class PlanForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Plan
        fields = [
            "title_th", "title_en", "policy_title_th", "policy_title_en", "policy_text_th", "policy_text_en",
            "announcement_date", "reporting_text_th", "reporting_text_en", "issued_by_th", "issued_by_en",
        ]
        field_classes = {"announcement_date": BuddhistDateField}


class PillarForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Pillar
        fields = ["name_th", "name_en", "strategy_th", "strategy_en", "goal_th", "goal_en"]


class PlanItemForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = PlanItem
        fields = ["name_th", "name_en", "description_th", "description_en"]
