"""Forms of the survey module: result filters, breakdowns, and central's builder and campaigns."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from thaothiam.agencies.models import Agency
from thaothiam.core.dates import BuddhistDateField
from thaothiam.core.forms import BootstrapMixin, bootstrap

from .matrix import DIMENSIONS
from .models import DEMOGRAPHICS, Campaign, Instrument, Item, Section

DIMENSION_LABELS = {
    "agency": _("Agency"), "sex": _("Sex"), "gender_identity": _("Gender identity"),
    "personnel_type": _("Personnel type"), "level_band": _("Position type"), "age_band": _("Age"),
}


class ResultFilterForm(forms.Form):
    """Filters of a results page. `agencies` limits the agency choice to the user's scope."""

    agency = forms.TypedChoiceField(label=_("Agency"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, agencies, scoped: bool, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(a.pk, a.name) for a in agencies]
        self.fields["agency"].choices = choices if scoped else [("", _("All agencies")), *choices]
        self.fields["agency"].required = scoped
        for dim, dimension in DEMOGRAPHICS.items():  # core codes in the address, band numbers to the selectors
            self.fields[dim] = forms.TypedChoiceField(
                label=DIMENSION_LABELS[dim], coerce=dimension.number, required=False, empty_value=None,
                choices=[("", _("All")), *dimension.code_choices()])
        bootstrap(self, small=True)

    def filters(self) -> dict[str, int]:
        return {d: self.cleaned_data.get(d) for d in DIMENSIONS if self.cleaned_data.get(d) is not None}


class BreakdownForm(forms.Form):
    item = forms.ChoiceField(label=_("Question"))
    by = forms.ChoiceField(label=_("Break down by"), choices=[(d, DIMENSION_LABELS[d]) for d in DIMENSIONS])
    then = forms.ChoiceField(label=_("and by"), required=False,
                             choices=[("", _("(nothing)")), *((d, DIMENSION_LABELS[d]) for d in DIMENSIONS)])
    DEFAULTS = {"item": "overall", "by": "sex"}  # used when the URL leaves a field out

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("overall", _("Overall Likert score"))] + [
            (i.code, i.text if len(i.text) <= 90 else i.text[:89] + "…")
            for i in items if i.position is not None and not i.demographic]
        bootstrap(self, small=True)

    def clean(self):
        data = super().clean()
        if data.get("then") and data.get("then") == data.get("by"):
            raise forms.ValidationError(_("Choose two different dimensions."))
        return data

    def dims(self) -> list[str]:
        return [self.cleaned_data["by"], *([self.cleaned_data["then"]] if self.cleaned_data.get("then") else [])]


class InstrumentForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Instrument
        fields = ["code", "family", "kind", "title_th", "title_en", "intro_th", "intro_en", "band_set", "headline_item"]


class SectionForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Section
        fields = ["order", "title_th", "title_en", "intro_th", "intro_en", "is_demographic"]


class ItemForm(BootstrapMixin, forms.ModelForm):
    options_text = forms.CharField(
        label=_("Options"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Single and multiple choice: one option a line, Thai | English."))

    class Meta:
        model = Item
        fields = ["section", "order", "code", "kind", "text_th", "text_en", "required", "demographic"]

    def __init__(self, *args, instrument, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = instrument.sections.order_by("order")
        if self.instance.pk and self.instance.options:
            self.initial["options_text"] = "\n".join(f"{o['th']} | {o.get('en', '')}" for o in self.instance.options)

    def clean_options_text(self):
        options = []
        for line in self.cleaned_data["options_text"].splitlines():
            if line.strip():
                th, _sep, en = line.partition("|")
                options.append({"th": th.strip(), "en": en.strip()})
        return options

    def clean(self):
        data = super().clean()
        if data.get("kind") in (Item.Kind.SINGLE, Item.Kind.MULTI) and not data.get("options_text"):
            self.add_error("options_text", _("A choice question needs options."))
        self.instance.options = data.get("options_text") or []  # validated by the model next
        return data


class CampaignForm(BootstrapMixin, forms.ModelForm):
    agencies = forms.ModelMultipleChoiceField(
        label=_("Target agencies"), queryset=Agency.objects.filter(is_active=True).order_by("code"),
        widget=forms.SelectMultiple(attrs={"size": 12}))

    class Meta:
        model = Campaign
        fields = ["instrument", "fiscal_year", "opens_on", "closes_on", "demographic_source", "open_link_mode"]
        field_classes = {"opens_on": BuddhistDateField, "closes_on": BuddhistDateField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["agencies"] = list(self.instance.agencies.values_list("pk", flat=True))
            if self.instance.status != Campaign.Status.DRAFT:  # anonymity settings are frozen
                for name in ("instrument", "demographic_source"):
                    self.fields[name].disabled = True

    def clean_fiscal_year(self):
        fy = self.cleaned_data["fiscal_year"]
        if not 2560 <= fy <= 2600:
            raise forms.ValidationError(_("Give the fiscal year in the Buddhist era, e.g. 2569."))
        return fy

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("The survey must close on or after the day it opens."))
        return data


class OpenLinkForm(BootstrapMixin, forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = campaign.agencies.order_by("code")
