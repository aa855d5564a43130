"""Answer forms built from an instrument's items: one field per question, named by its item code."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Item

TEXT_MAX = 2000


def field_for(item: Item) -> forms.Field:
    label = item.text
    required = item.required
    if item.kind == Item.Kind.TEXT:
        return forms.CharField(label=label, required=required, max_length=TEXT_MAX,
                               widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}))
    choices = [(str(v), text) for v, text in item.choices()]
    if item.kind == Item.Kind.LIKERT5:
        choices = list(reversed(choices))  # Thai questionnaires read 5 (highest) first
    if item.kind == Item.Kind.MULTI:
        return forms.MultipleChoiceField(label=label, required=required, choices=choices,
                                         widget=forms.CheckboxSelectMultiple)
    return forms.TypedChoiceField(label=label, required=required, choices=choices, coerce=int,
                                  widget=forms.RadioSelect, empty_value=None)


class AnswerForm(forms.Form):
    """The questions of one section (or of several, at submission)."""

    def __init__(self, items: list[Item], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[item.code] = field_for(item)
            self.fields[item.code].error_messages["required"] = _("Please answer this question.")

    def values(self) -> dict[str, int | str]:
        """Cleaned answers as stored values: ints (bitmask for multiple choice), text for open items."""
        out: dict[str, int | str] = {}
        for item in self.items:
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

    def sections(self, sections) -> list[tuple]:
        """(section, [bound fields]) for rendering."""
        out = []
        for section in sections:
            fields = [self[i.code] for i in self.items if i.section_id == section.pk]
            if fields:
                out.append((section, fields))
        return out
