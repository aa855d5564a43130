"""The Thai government fiscal year (ปีงบประมาณ) and Buddhist-era years.

FY B.E. 2568 runs 1 Oct 2024 – 30 Sep 2025. Quarters: Q1 Oct–Dec, Q2 Jan–Mar, Q3 Apr–Jun,
Q4 Jul–Sep. B.E. = C.E. + 543.
"""

import datetime as dt
from dataclasses import dataclass

BE_OFFSET = 543


def to_be(year_ce: int) -> int:
    return year_ce + BE_OFFSET


def to_ce(year_be: int) -> int:
    return year_be - BE_OFFSET


def fiscal_year(day: dt.date) -> int:
    """The fiscal year (B.E.) that contains the day."""
    return to_be(day.year + 1 if day.month >= 10 else day.year)


def fiscal_year_bounds(fy_be: int) -> tuple[dt.date, dt.date]:
    end_ce = to_ce(fy_be)
    return dt.date(end_ce - 1, 10, 1), dt.date(end_ce, 9, 30)


def quarter(day: dt.date) -> int:
    """The fiscal quarter (1–4) of the day."""
    return (day.month - 10) % 12 // 3 + 1


def quarter_bounds(fy_be: int, q: int) -> tuple[dt.date, dt.date]:
    if q not in (1, 2, 3, 4):
        raise ValueError("quarter must be 1–4")
    end_ce = to_ce(fy_be)
    first_month, year = ((10, end_ce - 1), (1, end_ce), (4, end_ce), (7, end_ce))[q - 1]
    first = dt.date(year, first_month, 1)
    after = dt.date(year + 1, 1, 1) if first_month == 10 else dt.date(year, first_month + 3, 1)
    return first, after - dt.timedelta(days=1)


@dataclass(frozen=True, order=True)
class FiscalPeriod:
    fy: int
    quarter: int | None = None  # None = the whole year

    @property
    def bounds(self) -> tuple[dt.date, dt.date]:
        if self.quarter is None:
            return fiscal_year_bounds(self.fy)
        return quarter_bounds(self.fy, self.quarter)

    @property
    def start(self) -> dt.date:
        return self.bounds[0]

    @property
    def end(self) -> dt.date:
        return self.bounds[1]

    def contains(self, day: dt.date) -> bool:
        start, end = self.bounds
        return start <= day <= end


def current_fiscal_year(today: dt.date | None = None) -> int:
    from django.utils import timezone

    return fiscal_year(today or timezone.localdate())
