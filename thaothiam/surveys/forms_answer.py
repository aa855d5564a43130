"""Answer forms built from an instrument's items: one field per question, named by its item code.

Skip logic (instruments.ask_if_rules): an item whose deciding answer does not call for it is *not
asked* — not required, and any value sent for it is dropped, so it is stored as 0 ("missing") and
counted in no n (decision 0130).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from thaothiam.core.forms import bootstrap, field_from_prototype

from .instruments import AskIf, choices_for
from .models import Item

TEXT_MAX = 2000


def field_for(item: Item) -> forms.Field:
    label = item.text
    required = item.required
    if item.kind == Item.Kind.TEXT:
        return forms.CharField(label=label, required=required, max_length=TEXT_MAX,
                               widget=forms.Textarea(attrs={"rows": 4}))
    choices = [(str(v), text) for v, text in choices_for(item)]
    if item.kind == Item.Kind.LIKERT5:
        choices = list(reversed(choices))  # Thai questionnaires read 5 (highest) first
    if item.kind == Item.Kind.MULTI:
        return forms.MultipleChoiceField(label=label, required=required, choices=choices,
                                         widget=forms.CheckboxSelectMultiple)
    return forms.TypedChoiceField(label=label, required=required, choices=choices, coerce=int,
                                  widget=forms.RadioSelect, empty_value=None)


def _field(item: Item) -> forms.Field:
    def build():
        field = field_for(item)
        field.error_messages["required"] = _("Please answer this question.")
        return field
    return field_from_prototype(item, build)


def _as_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class AnswerForm(forms.Form):
    """The questions of one section (or of several, at submission).

    ``rules`` are the questionnaire's skip rules; ``earlier`` the answers already given on earlier
    parts (the draft), which decide items whose deciding question is not on this form.
    """

    def __init__(self, items: list[Item], *args, rules: dict[str, AskIf] | None = None,
                 earlier: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        self.rules = rules or {}
        codes = {i.code for i in items}
        self.skipped: set[str] = set()
        for item in items:
            field = self.fields[item.code] = _field(item)
            rule = self.rules.get(item.code)
            if rule is None:
                continue
            field.ask_if = rule
            if rule.item in codes:  # decided on this form: shown, marked, hidden by script when not asked
                field.ask_if_here = True
                deciding = next(i for i in items if i.code == rule.item)
                field.ask_if_text = " / ".join(label for value, label in choices_for(deciding) if value in rule.values)
                field.ask_if_values = " ".join(str(v) for v in sorted(rule.values))
                given = self.data.get(rule.item) if self.is_bound else (self.initial.get(rule.item))
            else:
                given = (earlier or {}).get(rule.item)
            if _as_int(given) not in rule.values and (self.is_bound or rule.item not in codes):
                self.skipped.add(item.code)
                field.required = False
        bootstrap(self)

    def values(self) -> dict[str, int | str]:
        """Cleaned answers as stored values: ints (bitmask for multiple choice), text for open items.
        Items not asked are left out (stored as missing)."""
        out: dict[str, int | str] = {}
        for item in self.items:
            if item.code in self.skipped:
                continue
            value = self.cleaned_data.get(item.code)
            if item.kind == Item.Kind.MULTI:
                bits = sum(int(v) for v in value or [])
                if bits:
                    out[item.code] = bits
            elif item.kind == Item.Kind.TEXT:
                if value and value.strip():
                    out[item.code] = value.strip()
            elif value is not None:
                out[item.code] = int(value)
        return out

    def shown_fields(self):
        """Bound fields to render: an item decided by an earlier part and not asked is left out."""
        return [self[i.code] for i in self.items
                if not (i.code in self.skipped and not getattr(self.fields[i.code], "ask_if_here", False))]

