import datetime as dt

import pytest

from thaothiam.core import fiscal
from thaothiam.core.formatting import format_date, format_fiscal_year, to_arabic_digits, to_thai_digits


@pytest.mark.parametrize(
    ("day", "fy"),
    [
        (dt.date(2024, 9, 30), 2567),
        (dt.date(2024, 10, 1), 2568),
        (dt.date(2025, 9, 30), 2568),
        (dt.date(2025, 10, 1), 2569),
        (dt.date(2024, 12, 31), 2568),
        (dt.date(2025, 1, 1), 2568),
    ],
)
def test_fiscal_year_edges(day, fy):
    assert fiscal.fiscal_year(day) == fy


def test_fiscal_year_bounds_2568():
    assert fiscal.fiscal_year_bounds(2568) == (dt.date(2024, 10, 1), dt.date(2025, 9, 30))


@pytest.mark.parametrize(
    ("q", "start", "end"),
    [
        (1, dt.date(2024, 10, 1), dt.date(2024, 12, 31)),
        (2, dt.date(2025, 1, 1), dt.date(2025, 3, 31)),
        (3, dt.date(2025, 4, 1), dt.date(2025, 6, 30)),
        (4, dt.date(2025, 7, 1), dt.date(2025, 9, 30)),
    ],
)
def test_quarter_bounds(q, start, end):
    assert fiscal.quarter_bounds(2568, q) == (start, end)
    assert fiscal.quarter(start) == q and fiscal.quarter(end) == q
    assert fiscal.quarter(start - dt.timedelta(days=1)) == (q - 2) % 4 + 1


def test_quarter_rejects_bad_number():
    with pytest.raises(ValueError):
        fiscal.quarter_bounds(2568, 5)


def test_period_contains_and_leap_day():
    period = fiscal.FiscalPeriod(2571, 2)  # Jan–Mar 2028, a leap year
    assert period.contains(dt.date(2028, 2, 29))
    assert not period.contains(dt.date(2028, 4, 1))


def test_be_conversion():
    assert fiscal.to_be(2024) == 2567 and fiscal.to_ce(2568) == 2025


def test_format_date_thai_and_english():
    day = dt.date(2024, 10, 1)
    assert format_date(day, thai=True) == "1 ต.ค. 2567"
    assert format_date(day, thai=False) == "1 Oct 2024"
    assert format_date(dt.date(2022, 6, 18), long=True, thai=True) == "18 มิถุนายน 2565"


def test_format_fiscal_year():
    assert format_fiscal_year(2568, thai=True) == "ปีงบประมาณ พ.ศ. 2568"
    assert format_fiscal_year(2568, thai=False) == "FY 2025"


def test_digits_round_trip():
    assert to_thai_digits("2568") == "๒๕๖๘"
    assert to_arabic_digits("๑ ต.ค. ๒๕๖๗") == "1 ต.ค. 2567"


def test_display_rounds_half_up_on_floats_and_decimals():
    """A mean that is exactly 3.675 shows as 3.68 — as a SQLite float (binary 3.67499…) and as a
    PostgreSQL Decimal alike — and 0.5 % steps round up, not to even."""
    from decimal import Decimal

    from thaothiam.core.formatting import format_number, format_percent, round_half_up

    assert format_number(3.675, 2) == "3.68"
    assert format_number(Decimal("3.675"), 2) == "3.68"
    assert format_number(2.5, 0) == "3" and format_number(Decimal("0.125"), 2) == "0.13"
    assert format_percent(12.25) == "12.3%" and format_percent(Decimal("12.35")) == "12.4%"
    assert format_number(1234567.891, 2) == "1,234,567.89"
    assert round_half_up(-2.5) == Decimal("-3") and round_half_up(None) is None
