"""Dates in forms as BMA clerks write them: day/month/Buddhist-era year, typed (docs/decisions/0110).

``BuddhistDateField`` shows a date as ``12/03/2569`` and reads it back as 12 March 2026. It also reads
Thai digits (๑๒/๐๓/๒๕๖๙), the separators ``/ - .`` or a space, a two-digit year (``12/3/69`` → 2569), and
ISO ``2026-03-12`` (what the API and tests send; an ISO year of 2400 or more is already B.E.). A
four-digit year in the day-first form is always B.E.: ``12/03/2026`` is the year 2026 B.E. (1483), which
falls outside the allowed range, and the message says so — a silent guess between eras would file a
report under the wrong year.
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .formatting import to_arabic_digits

BE_OFFSET = 543
MIN_YEAR_BE = 2500  # 1957
MAX_YEAR_BE = 2700  # 2157
BE_THRESHOLD = 2400  # an ISO year at or above this is B.E. already

_DMY = re.compile(r"^(\d{1,2})\s*[/\-. ]\s*(\d{1,2})\s*[/\-. ]\s*(\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


class OutOfRange(ValueError):
    def __init__(self, year_be: int):
        super().__init__(year_be)
        self.year_be = year_be


def parse_be_date(text: str, *, min_year: int = MIN_YEAR_BE, max_year: int = MAX_YEAR_BE) -> dt.date:
    """A typed date → ``datetime.date``; ValueError (or OutOfRange with the year read) when unreadable."""
    text = to_arabic_digits(str(text)).strip()
    if iso := _ISO.match(text):
        year, month, day = (int(g) for g in iso.groups())
        year_be = year if year >= BE_THRESHOLD else year + BE_OFFSET
    elif dmy := _DMY.match(text):
        day, month, year = (int(g) for g in dmy.groups())
        year_be = 2500 + year if len(dmy.group(3)) == 2 else year
    else:
        raise ValueError(text)
    if not min_year <= year_be <= max_year:
        raise OutOfRange(year_be)
    return dt.date(year_be - BE_OFFSET, month, day)  # ValueError for 31/02


def format_be_date(value: dt.date) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year + BE_OFFSET}"


class BuddhistDateInput(forms.TextInput):
    """A text input (never the browser's C.E. date picker) that shows dd/mm/yyyy in B.E."""

    def __init__(self, attrs=None):
        base = {"inputmode": "numeric", "autocomplete": "off", "placeholder": str(_("dd/mm/yyyy (B.E.)")),
                "data-be-date": "1", "maxlength": "20"}
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return format_be_date(value)
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["placeholder"] = str(_("dd/mm/yyyy (B.E.)"))  # in the request's language
        return context


class BuddhistDateField(forms.DateField):
    widget = BuddhistDateInput
    default_error_messages = {
        "invalid": _("Write the date as day/month/year in the Buddhist era, e.g. 12/03/2569."),
        "no_such_day": _("There is no such day: %(value)s."),
        "out_of_range": _("Read as the year %(year)s B.E., which is outside %(min)s–%(max)s B.E. "
                          "Write the year in the Buddhist era, e.g. 12/03/2569."),
    }

    def __init__(self, *args, min_year: int = MIN_YEAR_BE, max_year: int = MAX_YEAR_BE, **kwargs):
        self.min_year, self.max_year = min_year, max_year
        if not kwargs.get("help_text"):
            kwargs["help_text"] = _("dd/mm/yyyy (B.E.), e.g. 12/03/2569")
        kwargs.pop("input_formats", None)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        try:
            return parse_be_date(text, min_year=self.min_year, max_year=self.max_year)
        except OutOfRange as error:
            raise forms.ValidationError(self.error_messages["out_of_range"], code="out_of_range", params={
                "year": error.year_be, "min": self.min_year, "max": self.max_year}) from None
        except ValueError:
            if _DMY.match(to_arabic_digits(text)) or _ISO.match(to_arabic_digits(text)):
                raise forms.ValidationError(self.error_messages["no_such_day"], code="no_such_day",
                                            params={"value": text}) from None
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

    def has_changed(self, initial, data):
        try:
            data = self.to_python(data)
        except forms.ValidationError:
            return True
        return (initial if not isinstance(initial, str) else self._initial_date(initial)) != data

    def _initial_date(self, text):
        try:
            return self.to_python(text)
        except forms.ValidationError:
            return text
