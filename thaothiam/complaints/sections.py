"""The complaints section of the executive dashboard and the year-end report (slot 75).

Figures come from ``complaints.stats`` (already through disclosure control: a hidden figure is None).
Nothing here reads case content: only coarse fields exist to count.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from thaothiam.core.fiscal import current_fiscal_year
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
    chart = trend_chart(*_charted_years(years, table, scope.fy))
    return Section("complaints", _("Complaints: outcomes and trends"), "complaints/sections/trends.html",
                   {"year": year}, [sheet], [chart] if chart else [], order=ORDER)


def _charted_years(_years: list[int], table, fy: int):
    """The trend as a report of ``fy`` draws it (issue 16 §1): no year after the report's, and not the year
    still running, whose few months would plot as a drop that did not happen. Rows are left out whole; the
    figures of the others are the table's own."""
    from types import SimpleNamespace

    keep = [i for i, year in enumerate(table.row_keys) if year <= fy and year < current_fiscal_year()]
    shown = SimpleNamespace(row_keys=[table.row_keys[i] for i in keep], col_keys=table.col_keys,
                            cells=[table.cells[i] for i in keep])
    return shown.row_keys, shown
