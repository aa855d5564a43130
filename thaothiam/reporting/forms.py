"""Forms: every error in the active language (Thai or English); bad input changes nothing."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thaothiam.plans.models import Indicator, PlanItem

from .models import GENDER_FIELDS, TYPE_ITEM, Activity
from .uploads import check_evidence

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

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


def style(form: forms.BaseForm) -> None:
    """Bootstrap classes on every widget (the shared form include renders widgets as they are)."""
    for field in form.fields.values():
        widget = field.widget
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()


class Styled:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class PlanItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}"


class ActivityForm(Styled, forms.ModelForm):
    plan_item = PlanItemChoiceField(
        label=gettext_lazy("plan item"),
        queryset=PlanItem.objects.filter(pillar__plan__is_current=True).select_related("pillar"),
    )

    class Meta:
        model = Activity
        fields = ["kind", "plan_item", "title", "start_date", "end_date", "budget", "female", "male",
                  "gi_female", "gi_male", "gi_diverse", "gi_undisclosed", "partners_government",
                  "partners_private", "partners_civil", "outcome", "links"]
        widgets = {"start_date": DATE, "end_date": DATE, "outcome": forms.Textarea(attrs={"rows": 4}),
                   "links": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, report=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        for name in ("budget", "female", "male", *GENDER_FIELDS, "partners_government", "partners_private",
                     "partners_civil"):
            self.fields[name].widget.attrs["min"] = 0
            self.fields[name].required = name in ("female", "male")
            self.fields[name].error_messages["min_value"] = _("Must not be negative.")
        self.fields["budget"].widget.attrs["step"] = "0.01"
        _set_maximum(self.fields["budget"], MAX_BUDGET, _("The budget must not be more than %(limit)s THB.")
                     % {"limit": f"{MAX_BUDGET:,.0f}"})
        for name in ("female", "male", *GENDER_FIELDS):
            _set_maximum(self.fields[name], MAX_PEOPLE, _("Must not be more than %(limit)s people.")
                         % {"limit": f"{MAX_PEOPLE:,}"})
        for name in ("partners_government", "partners_private", "partners_civil"):
            _set_maximum(self.fields[name], MAX_PARTNERS, _("Must not be more than %(limit)s organisations.")
                         % {"limit": f"{MAX_PARTNERS:,}"})
        self.fields["kind"].widget.attrs["data-type-items"] = ",".join(f"{k}={v}" for k, v in TYPE_ITEM.items())

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
        female, male = data.get("female") or 0, data.get("male") or 0
        gi = [data.get(f) or 0 for f in GENDER_FIELDS]
        if any(gi) and sum(gi) != female + male:
            self.add_error("gi_female", _(
                "The breakdown by gender identity (%(gi)s) must add up to the participants by sex (%(total)s)."
            ) % {"gi": sum(gi), "total": female + male})
        return data


class EvidenceForm(Styled, forms.Form):
    file = forms.FileField(label=gettext_lazy("Evidence file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.content_type = check_evidence(upload)
        return upload


class SummaryForm(Styled, forms.Form):
    summary = forms.CharField(label=gettext_lazy("Summary of the period"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))


class CommentForm(Styled, forms.Form):
    comment = forms.CharField(label=gettext_lazy("Comments"), widget=forms.Textarea(attrs={"rows": 3}))


class SubmitForm(Styled, forms.Form):
    late_reason = forms.CharField(label=gettext_lazy("Reason for the late report"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))


def _num(label, *, max_value=None, decimals=True, required=False):
    if decimals:
        return forms.DecimalField(label=label, required=required, min_value=Decimal(0), max_value=max_value,
                                  max_digits=14, decimal_places=2,
                                  error_messages={"min_value": gettext_lazy("Must not be negative."),
                                                  "max_value": gettext_lazy("Must not be more than %(limit_value)s.")})
    field = forms.IntegerField(label=label, required=required, min_value=0,
                               error_messages={"min_value": gettext_lazy("Must not be negative.")})
    _set_maximum(field, max_value or MAX_PEOPLE, _("Must not be more than %(limit)s.")
                 % {"limit": f"{max_value or MAX_PEOPLE:,}"})
    return field


class IndicatorValuesForm(forms.Form):
    """One group of fields per indicator, named v<id>_value, v<id>_female …"""

    YES, NO = "1", "0"

    def __init__(self, *args, indicators: list[Indicator], initial_values: dict, system_values: dict | None = None,
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        self.system_values = system_values or {}
        self.groups = []
        for ind in indicators:
            prefix = f"v{ind.pk}_"
            row = initial_values.get(ind.pk)
            names = []
            if ind.kind == Indicator.Kind.TEXT:
                self.fields[prefix + "text"] = forms.CharField(label=ind.name, required=False,
                                                               widget=forms.Textarea(attrs={"rows": 3}))
                names.append(prefix + "text")
            elif ind.kind == Indicator.Kind.YES_NO:
                self.fields[prefix + "value"] = forms.ChoiceField(
                    label=ind.name, required=False,
                    choices=[("", gettext_lazy("Not reported")), (self.YES, gettext_lazy("Yes")), (self.NO, gettext_lazy("No"))])
                names.append(prefix + "value")
            else:
                limit = Decimal(100) if ind.kind == Indicator.Kind.PERCENT else None
                self.fields[prefix + "value"] = _num(ind.name, max_value=limit,
                                                     decimals=ind.kind != Indicator.Kind.COUNT)
                names.append(prefix + "value")
                if ind.disaggregation != Indicator.Disaggregation.NONE:
                    self.fields[prefix + "female"] = _num(gettext_lazy("women"), decimals=False)
                    self.fields[prefix + "male"] = _num(gettext_lazy("men"), decimals=False)
                    names += [prefix + "female", prefix + "male"]
                if ind.disaggregation == Indicator.Disaggregation.SEX_GENDER:
                    for f, label in zip(GENDER_FIELDS, (gettext_lazy("gender identity: women"), gettext_lazy("gender identity: men"),
                                                        gettext_lazy("gender identity: LGBTQIAN+"),
                                                        gettext_lazy("gender identity: prefer not to say")), strict=True):
                        self.fields[prefix + f] = _num(label, decimals=False)
                        names.append(prefix + f)
            if row is not None:
                for name in names:
                    attr = name.removeprefix(prefix)
                    value = getattr(row, attr)
                    if ind.kind == Indicator.Kind.YES_NO and attr == "value" and value is not None:
                        value = self.YES if value >= 1 else self.NO
                    elif ind.kind == Indicator.Kind.COUNT and attr == "value" and value is not None:
                        value = int(value)
                    self.initial[name] = value
            self._offer_system_value(ind, prefix)
            self.groups.append((ind, names))
        style(self)
        self.groups = [(ind, [self[name] for name in names]) for ind, names in self.groups]

    def _offer_system_value(self, ind: Indicator, prefix: str) -> None:
        """Central's switch: the system's value replaces typing (the field shows it and cannot change)."""
        value = self.system_values.get(ind.pk)
        ind.system_value = value  # shown beside the input by the template
        if value is None or not ind.system_value_replaces_input or prefix + "value" not in self.fields:
            return
        field = self.fields[prefix + "value"]
        field.disabled = True
        if ind.kind == Indicator.Kind.YES_NO:
            self.initial[prefix + "value"] = self.YES if value >= 1 else self.NO
        else:
            self.initial[prefix + "value"] = int(value) if ind.kind == Indicator.Kind.COUNT else value

    def clean(self):
        data = super().clean()
        self.values = {}
        for ind in self.indicators:
            p = f"v{ind.pk}_"
            entry = {f: data.get(p + f) for f in ("value", "text", "female", "male", *GENDER_FIELDS)}
            entry["text"] = entry["text"] or ""
            if ind.kind == Indicator.Kind.YES_NO:
                entry["value"] = None if entry["value"] in (None, "") else Decimal(entry["value"])
            elif entry["value"] is not None:
                entry["value"] = Decimal(entry["value"])
            female, male = entry["female"], entry["male"]
            if ind.disaggregation != Indicator.Disaggregation.NONE and (female is not None or male is not None):
                if female is None or male is None:
                    self.add_error(p + ("female" if female is None else "male"),
                                   _("Give both women and men, or neither."))
                    continue
                if entry["value"] is None:
                    entry["value"] = Decimal(female + male)
                elif entry["value"] != female + male:
                    self.add_error(p + "value", _(
                        "The total (%(total)s) must equal women plus men (%(sum)s).")
                        % {"total": int(entry["value"]), "sum": female + male})
                    continue
            gi = [entry[f] for f in GENDER_FIELDS]
            if any(v is not None for v in gi):
                if entry["value"] is None or sum(v or 0 for v in gi) != entry["value"]:
                    self.add_error(p + "gi_female", _(
                        "The breakdown by gender identity (%(gi)s) must add up to the total (%(total)s).")
                        % {"gi": sum(v or 0 for v in gi), "total": int(entry["value"] or 0)})
                    continue
                entry.update({f: v or 0 for f, v in zip(GENDER_FIELDS, gi, strict=True)})
            self.values[ind.pk] = entry
        return data


class RoundForm(Styled, forms.Form):
    deadline = forms.DateField(label=gettext_lazy("deadline"), widget=DATE)
    reminder_days = forms.IntegerField(label=gettext_lazy("remind this many days before the deadline"), min_value=0,
                                       max_value=90)


class ExtensionForm(forms.Form):
    agency = forms.ModelChoiceField(label=gettext_lazy("agency"), queryset=None)
    deadline = forms.DateField(label=gettext_lazy("extended deadline"), widget=DATE)
    reason = forms.CharField(label=gettext_lazy("reason"), max_length=300)

    def __init__(self, *args, round_=None, **kwargs):
        super().__init__(*args, **kwargs)
        from .selectors import reporting_agencies

        self.round = round_
        self.fields["agency"].queryset = reporting_agencies()
        style(self)

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if self.round is not None and deadline <= self.round.deadline:
            raise forms.ValidationError(_("An extension must be later than the round's deadline."))
        return deadline


class NewYearForm(Styled, forms.Form):
    fy = forms.IntegerField(label=gettext_lazy("fiscal year (B.E.)"), min_value=2560, max_value=2600)
