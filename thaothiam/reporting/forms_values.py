"""The indicator grid's form: one row of fields per indicator, with range checks by kind (docs/decisions/0111).

Fields are named ``v<id>_value``, ``v<id>_female`` … and ``v<id>_na`` (not applicable). Every error message
is ours, in the active language — never Django's English defaults ("Ensure that there are no more than
14 digits…"). A cross-check (total = women + men, gender identity adds up) runs only when every field of
the indicator is valid, so it never reasons from a field it could not read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thaothiam.core.forms import bootstrap
from thaothiam.plans.models import Indicator

from .models import GENDER_FIELDS
from .system_values import SystemValue

MAX_COUNT = 10_000_000  # a count of people or things an agency reports for a year
SCORE_MIN, SCORE_MAX = Decimal(1), Decimal(5)  # a mean on the seed's 5-point scale
PERCENT_MAX = Decimal(100)
TEXT_MAX = 5000

BREAKDOWN_LABELS = {
    "female": gettext_lazy("women"), "male": gettext_lazy("men"),
    "gi_female": gettext_lazy("gender identity: women"), "gi_male": gettext_lazy("gender identity: men"),
    "gi_diverse": gettext_lazy("gender identity: LGBTQIAN+"),
    "gi_undisclosed": gettext_lazy("gender identity: prefer not to say"),
}


def _whole(label, *, maximum=MAX_COUNT) -> forms.IntegerField:
    limit = f"{maximum:,}"
    return forms.IntegerField(
        label=label, required=False, min_value=0, max_value=maximum,
        error_messages={
            "invalid": gettext_lazy("Enter a whole number, e.g. 25."),
            "min_value": gettext_lazy("Must not be negative."),
            "max_value": gettext_lazy("Must not be more than %(limit)s.") % {"limit": limit},
        })


def _decimal(label, *, minimum: Decimal, maximum: Decimal, range_message) -> forms.DecimalField:
    # max_digits is left to the range: a value inside the range always fits the column (14, 2).
    return forms.DecimalField(
        label=label, required=False, min_value=minimum, max_value=maximum, decimal_places=2,
        error_messages={
            "invalid": gettext_lazy("Enter a number, e.g. 75.5."),
            "min_value": range_message, "max_value": range_message,
            "max_digits": range_message, "max_whole_digits": range_message,
            "max_decimal_places": gettext_lazy("Use at most 2 decimal places."),
        })


def value_field(ind: Indicator) -> forms.Field:
    label = f"{ind.item.code} {ind.name}"
    if ind.kind == Indicator.Kind.TEXT:
        return forms.CharField(label=label, required=False, max_length=TEXT_MAX,
                               widget=forms.Textarea(attrs={"rows": 2}),
                               error_messages={"max_length": gettext_lazy("At most %(limit)s characters.")
                                               % {"limit": f"{TEXT_MAX:,}"}})
    if ind.kind == Indicator.Kind.YES_NO:
        return forms.ChoiceField(label=label, required=False, choices=[
            ("", gettext_lazy("Not reported")), (IndicatorValuesForm.YES, gettext_lazy("Yes")),
            (IndicatorValuesForm.NO, gettext_lazy("No"))],
            error_messages={"invalid_choice": gettext_lazy("Choose yes or no.")})
    if ind.kind == Indicator.Kind.PERCENT:
        return _decimal(label, minimum=Decimal(0), maximum=PERCENT_MAX,
                        range_message=gettext_lazy("A percentage is between 0 and 100."))
    if ind.kind == Indicator.Kind.SCORE:
        return _decimal(label, minimum=SCORE_MIN, maximum=SCORE_MAX,
                        range_message=gettext_lazy("A mean on the 5-point scale is between 1 and 5."))
    return _whole(label)


@dataclass
class Row:
    """One indicator in the grid, with what the coordinator needs beside the input."""

    indicator: Indicator
    value: forms.BoundField
    breakdown: list[forms.BoundField]
    not_applicable: forms.BoundField
    system_value: Decimal | None = None
    system_breakdown: list = field(default_factory=list)  # [(label, value, the input it fills)]
    system_fixed: bool = False
    target: Decimal | None = None
    previous: object = None  # IndicatorValue of the last period, or None
    previous_label: str = ""
    errors: list = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"ind-{self.indicator.pk}"

    @property
    def system_fill(self) -> str:
        """What "use this value" also fills: {input id: value} of the breakdown, as JSON for the button."""
        import json

        return json.dumps({target: str(value) for _label, value, target in self.system_breakdown})


class IndicatorValuesForm(forms.Form):
    YES, NO = "1", "0"

    def __init__(self, *args, indicators: list[Indicator], initial_values: dict, system_values: dict | None = None,
                 context: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        self.system_values = {pk: SystemValue.of(v) for pk, v in (system_values or {}).items() if v is not None}
        context = context or {}
        layout = []
        for ind in indicators:
            p = f"v{ind.pk}_"
            main = p + ("text" if ind.kind == Indicator.Kind.TEXT else "value")
            self.fields[main] = value_field(ind)
            names = []
            if ind.kind == Indicator.Kind.COUNT and ind.disaggregation != Indicator.Disaggregation.NONE:
                names = ["female", "male"]
                if ind.disaggregation == Indicator.Disaggregation.SEX_GENDER:
                    names += list(GENDER_FIELDS)
            for name in names:
                self.fields[p + name] = _whole(BREAKDOWN_LABELS[name])
                self.fields[p + name].summary_label = f"{ind.item.code} {ind.name} — {BREAKDOWN_LABELS[name]}"
            self.fields[p + "na"] = forms.BooleanField(label=gettext_lazy("not applicable"), required=False)
            self.fields[p + "na"].summary_label = f"{ind.item.code} {ind.name}"
            self._initial_from(ind, initial_values.get(ind.pk), main, names)
            fixed = self._offer_system_value(ind, main, names)
            layout.append((ind, main, names, fixed))
        bootstrap(self)
        self.rows = [Row(indicator=ind, value=self[main], breakdown=[self[f"v{ind.pk}_{n}"] for n in names],
                         not_applicable=self[f"v{ind.pk}_na"], system_value=self._system(ind.pk, "value"),
                         system_breakdown=self._system_breakdown(ind, names), system_fixed=fixed,
                         **context.get(ind.pk, {}))
                     for ind, main, names, fixed in layout]

    def _system(self, pk: int, part: str):
        offered = self.system_values.get(pk)
        return None if offered is None else getattr(offered, part)

    def _system_breakdown(self, ind: Indicator, names: list[str]) -> list[tuple]:
        """The system's women and men, for an indicator whose grid asks for them."""
        offered = self.system_values.get(ind.pk)
        if offered is None:
            return []
        return [(BREAKDOWN_LABELS[name], value, self[f"v{ind.pk}_{name}"].id_for_label)
                for name, value in offered.breakdown.items() if name in names]

    def _initial_from(self, ind: Indicator, row, main: str, names: list[str]) -> None:
        if row is None:
            return
        p = f"v{ind.pk}_"
        self.initial[p + "na"] = row.not_applicable
        if ind.kind == Indicator.Kind.TEXT:
            self.initial[main] = row.text
        elif row.value is not None:
            if ind.kind == Indicator.Kind.YES_NO:
                self.initial[main] = self.YES if row.value >= 1 else self.NO
            else:
                self.initial[main] = int(row.value) if ind.kind == Indicator.Kind.COUNT else row.value
        for name in names:
            self.initial[p + name] = getattr(row, name)

    def _offer_system_value(self, ind: Indicator, main: str, names: list[str]) -> bool:
        """Central's switch: the system's value replaces typing (the field shows it and cannot change), and
        so does its breakdown by sex where the system gives one."""
        offered = self.system_values.get(ind.pk)
        if offered is None or not ind.system_value_replaces_input or ind.kind == Indicator.Kind.TEXT:
            return False
        value = offered.value
        self.fields[main].disabled = True
        for name, part in offered.breakdown.items():
            if name in names:
                self.fields[f"v{ind.pk}_{name}"].disabled = True
                self.initial[f"v{ind.pk}_{name}"] = part
        if ind.kind == Indicator.Kind.YES_NO:
            self.initial[main] = self.YES if value >= 1 else self.NO
        else:
            self.initial[main] = int(value) if ind.kind == Indicator.Kind.COUNT else value
        return True

    def blank_rows(self) -> list[Row]:
        """Rows with neither a value nor "not applicable" (from the data as saved or as typed)."""
        blank = []
        for row in self.rows:
            given = [row.value.value(), row.not_applicable.value()]
            if not any(v not in (None, "", False) for v in given):
                blank.append(row)
        return blank

    def clean(self):
        data = super().clean()
        self.values = {}
        for ind in self.indicators:
            p = f"v{ind.pk}_"
            names = [n for n in self.fields if n.startswith(p)]
            if any(n in self._errors for n in names):
                continue  # its own message stands; no cross-check from a value we could not read
            entry = {f: data.get(p + f) for f in ("value", "female", "male", *GENDER_FIELDS)}
            entry["text"] = (data.get(p + "text") or "").strip()
            entry["not_applicable"] = bool(data.get(p + "na"))
            if ind.kind == Indicator.Kind.YES_NO:
                entry["value"] = None if entry["value"] in (None, "") else Decimal(entry["value"])
            elif entry["value"] is not None:
                entry["value"] = Decimal(entry["value"])
            given = [entry[f] for f in ("value", "female", "male", *GENDER_FIELDS) if entry[f] is not None]
            if entry["not_applicable"] and (given or entry["text"]):
                if not self.fields[p + ("text" if ind.kind == Indicator.Kind.TEXT else "value")].disabled:
                    self.add_error(p + "na", _("Give a value or mark “not applicable”, not both."))
                    continue
                entry["not_applicable"] = False  # the system's fixed value stands
            if not self._breakdown_adds_up(ind, p, entry):
                continue
            self.values[ind.pk] = entry
        return data

    def _breakdown_adds_up(self, ind: Indicator, p: str, entry: dict) -> bool:
        female, male = entry["female"], entry["male"]
        if ind.disaggregation != Indicator.Disaggregation.NONE and (female is not None or male is not None):
            if female is None or male is None:
                self.add_error(p + ("female" if female is None else "male"), _("Give both women and men, or neither."))
                return False
            if entry["value"] is None:
                entry["value"] = Decimal(female + male)
            elif entry["value"] != female + male:
                self.add_error(p + "value", _("The total (%(total)s) must equal women plus men (%(sum)s).")
                               % {"total": int(entry["value"]), "sum": female + male})
                return False
        gi = [entry[f] for f in GENDER_FIELDS]
        if any(v is not None for v in gi):
            if entry["value"] is None or sum(v or 0 for v in gi) != entry["value"]:
                self.add_error(p + "gi_female", _(
                    "The breakdown by gender identity (%(gi)s) must add up to the total (%(total)s).")
                    % {"gi": sum(v or 0 for v in gi), "total": int(entry["value"] or 0)})
                return False
            entry.update({f: v or 0 for f, v in zip(GENDER_FIELDS, gi, strict=True)})
        return True
