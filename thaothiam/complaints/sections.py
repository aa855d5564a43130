"""The complaints section of the executive dashboard and the year-end report (slot 75).

Figures come from ``complaints.stats`` (already through disclosure control: a hidden figure is None).
Nothing here reads case content: only coarse fields exist to count.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from thaothiam.core.sections import Scope, Section, Sheet

from . import stats
from .trend_charts import trend_chart

ORDER = 75


def complaint_section(scope: Scope) -> Section | None:
    agency_ids = [scope.agency_id] if scope.agency else None
    year = stats.year_stats(scope.fy, agency_ids=agency_ids)
    years, table = stats.trend(agency_ids=agency_ids)
    if not years:
        return None
    rows = [[b.title, label, n] for b in year.breakdowns for _code, label, n in b.rows]
    rows.append([_("Median days to acknowledge"), "", year.median_acknowledge])
    rows.append([_("Median days to close"), "", year.median_close])
    rows.append([_("Finished cases handled within due dates (%)"), "", year.within_due])
    sheet = Sheet(_("Complaints"), [_("Breakdown"), _("Group"), _("Cases")], rows)
    chart = trend_chart(years, table)
    return Section("complaints", _("Complaints: outcomes and trends"), "complaints/sections/trends.html",
                   {"year": year}, [sheet], [chart] if chart else [], order=ORDER)
