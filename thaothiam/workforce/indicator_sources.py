"""Indicator values the system computes from the workforce database (contract 2; reporting/system_values.py).

- 2-5-database: 1 when the agency's people are in a published workforce snapshot of the fiscal year —
  the agency keeps its sex-disaggregated data in the BMA's database — and no value otherwise (the
  agency may use its own, which it then reports itself).

2-5-data-quality ("share of personnel records with sex recorded") is not offered: an import refuses a
row without sex, so the database would always say 100 %, which says nothing about the agency's own
records.
"""

from __future__ import annotations

import datetime as dt

from .models import WorkforceCell


def database_used(agency, fiscal_year: int, period_end: dt.date) -> int | None:
    published = WorkforceCell.objects.filter(agency=agency, fiscal_year=fiscal_year, snapshot__as_of__lte=period_end)
    return 1 if published.exists() else None


SOURCES = {"2-5-database": database_used}
