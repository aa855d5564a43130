"""Forms: every error in the active language (Thai or English); bad input changes nothing."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thaothiam.core.dates import BuddhistDateField
from thaothiam.core.forms import BootstrapMixin
from thaothiam.plans.models import PlanItem

from .forms_values import IndicatorValuesForm  # noqa: F401 — the grid's form, re-exported
from .models import GENDER_FIELDS, TYPE_ITEM, Activity, Evidence
from .uploads import check_evidence

MAX_FILES_PER_SAVE = 10

# Sensible ceilings, so an oversized number gets a clear message instead of the database's limit.
MAX_PEOPLE = 1_000_000
MAX_PARTNERS = 100_000
MAX_BUDGET = Decimal(10_000_000_000)


def _set_maximum(field: forms.Field, limit, message: str) -> None:
    """Replace the field's maximum (ModelForm fields carry the database's 2^31/2^63 bound)."""
    from django.core.validators import MaxValueValidator

    field.max_value = limit
    field.validators = [v for v in field.validators if not isinstance(v, MaxValueValidator)]
    field.validators.append(MaxValueValidator(limit, message=message))
    field.widget.attrs["max"] = str(limit)




class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceFilesField(forms.FileField):
    """Several evidence files in one input; each checked like a single upload (type, content, size)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={
            "accept": ".pdf,.png,.jpg,.jpeg,.gif,.webp,.doc,.docx,.xls,.xlsx,.ppt,.pptx"}))
        super().__init__(required=False, **kwargs)

    def clean(self, data, initial=None):
        uploads = [d for d in (data if isinstance(data, list | tuple) else [data]) if d]
        if len(uploads) > MAX_FILES_PER_SAVE:
            raise forms.ValidationError(_("Attach at most %(n)s files at a time.") % {"n": MAX_FILES_PER_SAVE})
        checked = []
        for upload in uploads:
            upload = super().clean(upload, initial)
            checked.append((upload, check_evidence(upload)))
        return checked


class PlanItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}"


class ActivityForm(BootstrapMixin, forms.ModelForm):
    plan_item = PlanItemChoiceField(
        label=gettext_lazy("plan item"),
        queryset=PlanItem.objects.filter(pillar__plan__is_current=True).select_related("pillar"),
    )

    class Meta:
        model = Activity
        fields = ["kind", "plan_item", "title", "start_date", "end_date", "budget", "female", "male",
                  "gi_female", "gi_male", "gi_diverse", "gi_undisclosed", "partners_government",
                  "partners_private", "partners_civil", "outcome", "links"]
        field_classes = {"start_date": BuddhistDateField, "end_date": BuddhistDateField}
        widgets = {"outcome": forms.Textarea(attrs={"rows": 4}), "links": forms.Textarea(attrs={"rows": 2})}

    # Evidence is attached and removed in the same form as the activity, so one "save" keeps both:
    # uploading never throws away what was typed (issue 15 §5).
    evidence = EvidenceFilesField(label=gettext_lazy("Attach evidence files"))
    remove_evidence = forms.ModelMultipleChoiceField(label=gettext_lazy("Remove these files"), required=False,
                                                     queryset=Evidence.objects.none(),
                                                     widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, report=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        if self.instance.pk:
            self.fields["remove_evidence"].queryset = Evidence.objects.filter(activity=self.instance).order_by("pk")
        else:
            del self.fields["remove_evidence"]
        for name in ("budget", "female", "male", *GENDER_FIELDS, "partners_government", "partners_private",
                     "partners_civil"):
            self.fields[name].widget.attrs["min"] = 0
            self.fields[name].required = name in ("female", "male")
            self.fields[name].error_messages["min_value"] = _("Must not be negative.")
        self.fields["budget"].widget.attrs["step"] = "0.01"
        budget_limit = _("The budget must not be more than %(limit)s THB.") % {"limit": f"{MAX_BUDGET:,.0f}"}
        _set_maximum(self.fields["budget"], MAX_BUDGET, budget_limit)
        # Django's own messages for a decimal ("Ensure that there are no more than 14 digits…") are English
        # and technical: every code gets ours.
        self.fields["budget"].error_messages.update({
            "invalid": _("Enter an amount in baht, e.g. 15000.50."),
            "max_decimal_places": _("Use at most 2 decimal places."),
            "max_digits": budget_limit, "max_whole_digits": budget_limit})
        for name in ("female", "male", *GENDER_FIELDS, "partners_government", "partners_private", "partners_civil"):
            self.fields[name].error_messages["invalid"] = _("Enter a whole number, e.g. 25.")
        for name in ("female", "male", *GENDER_FIELDS):
            _set_maximum(self.fields[name], MAX_PEOPLE, _("Must not be more than %(limit)s people.")
                         % {"limit": f"{MAX_PEOPLE:,}"})
        for name in ("partners_government", "partners_private", "partners_civil"):
            _set_maximum(self.fields[name], MAX_PARTNERS, _("Must not be more than %(limit)s organisations.")
                         % {"limit": f"{MAX_PARTNERS:,}"})
        self.fields["kind"].widget.attrs["data-type-items"] = ",".join(f"{k}={v}" for k, v in TYPE_ITEM.items())

    def clean_remove_evidence(self):
        return list(self.cleaned_data.get("remove_evidence") or [])

    def clean_links(self):
        from django.core.validators import URLValidator

        validate = URLValidator(schemes=["http", "https"])
        lines = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        for line in lines:
            try:
                validate(line)
            except forms.ValidationError:
                raise forms.ValidationError(_("“%(link)s” is not a web address (http:// or https://).")
                                            % {"link": line}) from None
        return "\n".join(lines)

    def clean(self):
        data = super().clean()
        for name in ("budget", "female", "male", *GENDER_FIELDS, "partners_government", "partners_private",
                     "partners_civil"):
            value = data.get(name)
            if value is None and name in self.fields and not self.fields[name].required:
                data[name] = 0  # an empty optional count is none
            elif value is not None and value < 0:
                self.add_error(name, _("Must not be negative."))
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date must not be before the start date."))
        if self.report is not None and start and end:
            period = self.report.round.period
            fy_start, fy_end = self.report.round.period.__class__(period.fy).bounds
            if start < fy_start or start > fy_end:
                self.add_error("start_date", _("The activity must start within the fiscal year of the report."))
        if any(name in self._errors for name in ("female", "male", *GENDER_FIELDS)):
            return data  # a field we could not read has its own message; no sum from what is left
        female, male = data.get("female") or 0, data.get("male") or 0
        gi = [data.get(f) or 0 for f in GENDER_FIELDS]
        if any(gi) and sum(gi) != female + male:
            self.add_error("gi_female", _(
                "The breakdown by gender identity (%(gi)s) must add up to the participants by sex (%(total)s)."
            ) % {"gi": sum(gi), "total": female + male})
        return data


class EvidenceForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=gettext_lazy("Evidence file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.content_type = check_evidence(upload)
        return upload


class SummaryForm(BootstrapMixin, forms.Form):
    summary = forms.CharField(label=gettext_lazy("Summary of the period"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))


class CommentForm(BootstrapMixin, forms.Form):
    comment = forms.CharField(label=gettext_lazy("Comments"), widget=forms.Textarea(attrs={"rows": 3}))


class SubmitForm(BootstrapMixin, forms.Form):
    late_reason = forms.CharField(label=gettext_lazy("Reason for the late report"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))


class RoundForm(BootstrapMixin, forms.Form):
    deadline = BuddhistDateField(label=gettext_lazy("deadline"))
    reminder_days = forms.IntegerField(label=gettext_lazy("remind this many days before the deadline"), min_value=0,
                                       max_value=90)


class ExtensionForm(BootstrapMixin, forms.Form):
    agency = forms.ModelChoiceField(label=gettext_lazy("agency"), queryset=None)
    deadline = BuddhistDateField(label=gettext_lazy("extended deadline"))
    reason = forms.CharField(label=gettext_lazy("reason"), max_length=300)

    def __init__(self, *args, round_=None, **kwargs):
        super().__init__(*args, **kwargs)
        from .selectors import reporting_agencies

        self.round = round_
        self.fields["agency"].queryset = reporting_agencies()

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if self.round is not None and deadline <= self.round.deadline:
            raise forms.ValidationError(_("An extension must be later than the round's deadline."))
        return deadline


class NewYearForm(BootstrapMixin, forms.Form):
    fy = forms.IntegerField(label=gettext_lazy("fiscal year (B.E.)"), min_value=2560, max_value=2600)
