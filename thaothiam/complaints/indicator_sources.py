"""System-computed values for plan indicators (COMMON.md contract 2), year to date per agency.

3.2 is fed by the channel's publicity counters (poster downloads and QR-code visits, counted per agency
and fiscal year, never who): ``3-2-publicity-actions`` is their sum; ``3-2-complaint-publicity`` (yes/no)
is yes (1) once the agency's poster has been downloaded or its QR code used, and no value otherwise
(an agency may have publicised the channel by other means, which it then reports itself).
No 3.3 indicator of the plan counts complaint outcomes (its indicators are the survey and its
findings), so none is offered here; outcomes and trends reach 3.3 through the dashboard section.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Sum

from .models import PublicityCount


def _publicity(agency, fiscal_year: int) -> int:
    total = PublicityCount.objects.filter(agency=agency, fiscal_year=fiscal_year).aggregate(n=Sum("count"))["n"]
    return total or 0


def publicity_actions(agency, fiscal_year: int, period_end: dt.date) -> int | None:
    return _publicity(agency, fiscal_year)


def publicised(agency, fiscal_year: int, period_end: dt.date) -> int | None:
    return 1 if _publicity(agency, fiscal_year) else None


SOURCES = {
    "3-2-complaint-publicity": publicised,
    "3-2-publicity-actions": publicity_actions,
}
