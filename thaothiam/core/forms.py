"""What every form shares, and the one fiscal-year and agency filter of the statistics pages.

Bootstrap's classes on the widgets in one place (``bootstrap``, ``BootstrapMixin``; docs/decisions/0113).
Forms render through ``includes/form.html`` or their own template; both show the error summary
(``includes/error_summary.html``) at the top, each entry linking to its field.

``FiscalYearAgencyForm`` reads ``?fy=2568&agency=DIS-1001``. One rule for every page that uses it (docs/decisions/0151-one-fiscal-year-and-agency-form.md):
- ``fy``: one of ``years`` (the years there is data for). Missing → ``default`` (the latest year with
  data unless the view says otherwise). Unknown or not a number → the default too, so an old bookmark
  still shows something, and a form error that says so (docs/decisions/0156).
- ``agency``: one of ``agencies`` — a queryset the view has already scoped to what the user may see —
  named by code (or by pk with ``agency_key="pk"``). Missing → ``None``: every agency in the scope
  (the whole BMA for a BMA-wide viewer). Unknown or outside the scope → a form error in Thai; the view
  decides whether that is a 404 (a report about one agency) or the whole scope with the error shown.
The form never widens access: it only picks from what it was given.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .formatting import format_fiscal_year


class FiscalYearAgencyForm(forms.Form):
    fy = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int, required=False)
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=None, required=False,
                                    error_messages={"invalid_choice": _("Choose an agency from the list.")})

    def __init__(self, data, *, years: Iterable[int], agencies, default: int | None = None,
                 agency_key: str = "code", all_label=None, allow_all: bool = True):
        years = sorted(set(years), reverse=True)
        self.default_fy = default if default in years else (years[0] if years else None)
        data = data.copy() if data is not None else {}
        asked = str(data.get("fy") or "").strip()
        self.refused_fy = asked if asked and asked not in {str(y) for y in years} else None
        if asked not in {str(y) for y in years}:
            data["fy"] = "" if self.default_fy is None else str(self.default_fy)
        super().__init__(data)
        self.fields["fy"].choices = [(y, format_fiscal_year(y)) for y in years]
        field = self.fields["agency"]
        field.queryset = agencies
        field.to_field_name = agency_key
        field.empty_label = None if not allow_all else (all_label if all_label is not None else _("Every agency"))
        bootstrap(self)

    @classmethod
    def year_only(cls, data, *, years: Iterable[int], default: int | None = None) -> FiscalYearAgencyForm:
        """The fiscal year alone, for a page without an agency choice (``?agency=`` is not read)."""
        form = cls({"fy": data.get("fy", "")} if data is not None else None, years=years, agencies=None,
                   default=default)
        del form.fields["agency"]
        return form

    def clean(self):
        data = super().clean()
        if self.refused_fy is not None:  # said, and the default year shown instead (docs/decisions/0156)
            if self.default_fy is None:
                message = _("There are no figures for the fiscal year “%(asked)s”.")
            else:
                message = _("There are no figures for the fiscal year “%(asked)s”; showing %(shown)s instead.")
            self.add_error("fy", message % {"asked": self.refused_fy[:20],
                                            "shown": format_fiscal_year(self.default_fy) if self.default_fy else ""})
        return data

    @property
    def chosen_year(self) -> int | None:
        """The chosen fiscal year (the default when none or an unknown one was asked)."""
        self.is_valid()
        return self.cleaned_data.get("fy") or self.default_fy

    @property
    def chosen_agency(self):
        """The chosen agency, or None for every agency in the scope (also when the choice was refused)."""
        self.is_valid()
        return None if "agency" in self.errors else self.cleaned_data.get("agency")


def bootstrap(form: forms.BaseForm, *, small: bool = False) -> None:
    """Add Bootstrap's class to every widget (kept beside any class the widget already has).
    Forms that add fields in their own ``__init__`` call this at its end; ``small`` for the compact
    filters of a results page (``form-select-sm``)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select"
        else:
            css = "form-control"
        classes = widget.attrs.get("class", "").split()
        wanted = [css, f"{css}-sm"] if small and css != "form-check-input" else [css]
        if any(c not in classes for c in wanted):
            widget.attrs["class"] = " ".join([*classes, *(c for c in wanted if c not in classes)])
        if isinstance(widget, forms.Textarea):
            widget.attrs.setdefault("rows", 3)


class BootstrapMixin:
    """Put first in the bases: ``class MyForm(BootstrapMixin, forms.ModelForm)``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


def field_from_prototype(owner, build: Callable[[], forms.Field]) -> forms.Field:
    """A fresh form field for `owner` (a question kept in memory), copied from one built once per language.

    Building a choice field (labels picked in the active language, choices normalised) is most of the
    CPU of a one-request submission. Questions that a process keeps (frozen survey instruments,
    quiz banks per version) carry their prototypes, which die with them. The copy shares only the
    choice list, which no form changes; the field, its widget and their dictionaries are its own.
    """
    prototypes = owner.__dict__.setdefault("_field_prototypes", {})
    language = get_language()
    prototype = prototypes.get(language)
    if prototype is None:
        prototype = prototypes[language] = build()
    field = copy.copy(prototype)
    field.widget = copy.copy(prototype.widget)
    field.widget.attrs = dict(prototype.widget.attrs)
    field.error_messages = dict(prototype.error_messages)
    field.validators = list(prototype.validators)
    return field
