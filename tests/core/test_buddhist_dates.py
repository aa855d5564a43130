"""Dates in forms are typed and shown day/month/B.E. (docs/decisions/0110)."""

import datetime as dt
import random

import pytest
from django import forms
from django.utils import translation

from thaothiam.core.dates import BuddhistDateField, BuddhistDateInput, format_be_date, parse_be_date
from thaothiam.core.formatting import to_thai_digits


class _Form(forms.Form):
    day = BuddhistDateField(label="day")


def _dates(n=400, seed=15):
    rng = random.Random(seed)
    start = dt.date(1958, 1, 1).toordinal()
    end = dt.date(2156, 12, 31).toordinal()
    return [dt.date.fromordinal(rng.randint(start, end)) for _ in range(n)]


def test_12_03_2569_is_12_march_2026():
    assert parse_be_date("12/03/2569") == dt.date(2026, 3, 12)
    assert parse_be_date("12/3/69") == dt.date(2026, 3, 12)  # a two-digit year is 25yy
    assert parse_be_date(" 1-10-2568 ") == dt.date(2025, 10, 1)
    assert parse_be_date("1.10.2568") == dt.date(2025, 10, 1)


@pytest.mark.parametrize("date", _dates())
def test_round_trip_arabic_and_thai_digits(date):
    shown = format_be_date(date)
    assert shown.endswith(str(date.year + 543))
    assert parse_be_date(shown) == date
    assert parse_be_date(to_thai_digits(shown)) == date
    assert parse_be_date(date.isoformat()) == date  # ISO (API, tests) is C.E.
    assert parse_be_date(f"{date.year + 543}-{date.month:02d}-{date.day:02d}") == date  # ISO with a B.E. year


def test_the_widget_shows_be_and_is_never_the_browsers_date_picker():
    html = BuddhistDateInput().render("d", dt.date(2026, 3, 12))
    assert 'value="12/03/2569"' in html and 'type="text"' in html and 'type="date"' not in html
    with translation.override("th"):
        html = _Form().as_p()
    assert "วว/ดด/ปปปป (พ.ศ.)" in html


@pytest.mark.parametrize(("typed", "expected"), [
    ("๑๒/๐๓/๒๕๖๙", dt.date(2026, 3, 12)), ("12/03/2569", dt.date(2026, 3, 12)), ("2026-03-12", dt.date(2026, 3, 12)),
])
def test_the_field_reads_what_clerks_type(typed, expected):
    form = _Form({"day": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == expected


@pytest.mark.parametrize(("typed", "year"), [("12/03/2026", "2026"), ("12/03/1969", "1969"), ("01/01/2999", "2999")])
def test_an_out_of_range_date_says_which_year_it_understood(typed, year):
    with translation.override("th"):
        form = _Form({"day": typed})
        assert not form.is_valid()
        message = form.errors["day"][0]
    assert f"อ่านได้เป็นปี พ.ศ. {year} ซึ่งอยู่นอกช่วง" in message
    with translation.override("en"):
        assert f"Read as the year {year} B.E." in _Form({"day": typed}).errors["day"][0]


@pytest.mark.parametrize(("typed", "thai"), [
    ("31/02/2569", "ไม่มีวันที่ 31/02/2569"), ("12/13/2569", "ไม่มีวันที่"), ("tomorrow", "กรอกวันที่เป็น วัน/เดือน/ปี พ.ศ."),
    ("12/03", "กรอกวันที่เป็น"), ("", None),
])
def test_impossible_or_unreadable_dates_get_a_thai_message(typed, thai):
    with translation.override("th"):
        form = _Form({"day": typed})
        assert not form.is_valid()
        message = form.errors["day"][0]
    if thai:
        assert thai in message
    assert "Enter a valid date" not in message


def test_a_bound_invalid_value_is_shown_back_as_typed():
    form = _Form({"day": "31/02/2569"})
    form.is_valid()
    assert 'value="31/02/2569"' in str(form["day"])
