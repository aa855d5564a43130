"""The workforce statistics section of the executive dashboard and the year-end report (order 55).

Registered in ``WorkforceConfig.ready()`` with ``thaothiam.core.sections.register``. Every figure
comes from ``workforce_indicators`` — explorer queries over the workforce dataset, so it has been through
the explorer's disclosure control (core.datasets → core.disclosure); nothing here counts people itself.
"""

from __future__ import annotations

import threading

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from thaothiam.core.datasets import Cell, Result
from thaothiam.core.formatting import format_date
from thaothiam.core.sections import Scope, Section, Sheet
from thaothiam.explorer.exports import result_rows

from .indicators import Indicators, workforce_indicators
from .models import Snapshot

ORDER = 55
_cache: dict[tuple, Indicators] = {}
_lock = threading.Lock()
_CACHE_SIZE = 512  # (language, agency, fiscal year) entries; a new import changes every key


def _snapshot_state(scope: Scope) -> tuple:
    """(id, fiscal year, updated_at) of every snapshot: an import or a deletion changes it."""
    return scope.memo("workforce_snapshots", lambda: tuple(
        Snapshot.objects.order_by("pk").values_list("pk", "fiscal_year", "updated_at")))


def _indicators(scope: Scope, state: tuple) -> Indicators:
    """The indicators of the scope, kept per process while no snapshot changes: they are a dozen cube
    queries (~120 ms at BMA scale) and already disclosure-controlled, so a cached copy shows nothing new."""
    agency_ids = frozenset({scope.agency.pk}) if scope.agency else None
    key = (get_language(), agency_ids, scope.fy, state)
    found = _cache.get(key)
    if found is None:
        found = workforce_indicators(agency_ids=agency_ids, fiscal_year=scope.fy, trend_to=scope.fy)
        with _lock:
            if len(_cache) >= _CACHE_SIZE:
                _cache.clear()
            _cache[key] = found
    return found


def _value(cell: Cell | None):
    return None if cell is None or cell.hidden else cell.value


def _by_code(result: Result) -> dict[str, Cell]:
    """A one-way result's cells by code (and the margin of a two-way result's columns)."""
    if result.col_dim is None:
        return {code: line[0] for (code, _label), line in zip(result.rows, result.cells, strict=True)}
    return {code: cell for (code, _label), cell in zip(result.cols, result.col_margin or [], strict=True)}


def _has_data(chart: dict) -> bool:
    """Is there a bar or a point to draw (a shown, non-zero value)? Hidden values are already left out."""
    return any(isinstance(v, int | float) and not isinstance(v, bool) and v
               for row in chart.get("data", {}).get("values", []) for v in row.values())


def workforce_section(scope: Scope) -> Section | None:
    """Headcount by sex, women in leadership, the pay gap, the age pyramid, disclosure rate, the trend —
    for the scope's fiscal year only (None when no snapshot of that year holds the agency)."""
    state = _snapshot_state(scope)
    if scope.fy not in {fy for _pk, fy, _updated in state}:
        return None
    wf = _indicators(scope, state)
    personnel = wf.tables["personnel"]
    if not wf.available or personnel.empty:
        return None
    by_sex = _by_code(personnel)
    leadership = wf.tables["leadership"].total
    executive = _by_code(wf.tables["executive_posts"]).get("1")
    key_figures = [
        # A sex whose published count is 0 has no column (perturbed tables leave out all-zero columns).
        ("women", _("Women"), _value(by_sex.get("F", Cell(0, False))), 0, ""),
        ("men", _("Men"), _value(by_sex.get("M", Cell(0, False))), 0, ""),
        ("total", _("Total headcount"), _value(personnel.total), 0, ""),
        ("leadership", _("Women in executive and managerial positions (บริหาร, อำนวยการ)"), _value(leadership), 1, "%"),
        ("executive", _("Women in executive posts"), _value(executive), 1, "%"),
        ("pay_gap_mean", _("Gender pay gap, mean"), wf.pay_gap.get("mean"), 1, "%"),
        ("pay_gap_median", _("Gender pay gap, median"), wf.pay_gap.get("median"), 1, "%"),
        ("disclosure", _("Gender identity disclosed with consent"), wf.disclosure_rate, 1, "%"),
    ]
    summary = Sheet(_("Workforce summary"), [_("Measure"), _("Value"), _("Unit")],
                    [[_("Workforce as of"), format_date(wf.as_of), ""]]
                    + [[label, value, unit] for _key, label, value, _d, unit in key_figures])
    sheets = [summary]
    for title, key in ((_("Workforce by type and sex"), "personnel"), (_("Workforce by level and sex"), "level"),
                       (_("Workforce by age and sex"), "age"), (_("Women in leadership"), "leadership"),
                       (_("Workforce gender identity"), "identity"), (_("Workforce trend by sex"), "trend"),
                       (_("Workforce trend, share women"), "trend_share"),
                       (_("Women in leadership, trend"), "trend_leadership")):
        lines = result_rows(wf.tables[key])
        sheets.append(Sheet(title, lines[0], lines[1:]))
    charts = [wf.charts["personnel"], wf.charts["age"], wf.charts["trend"], wf.charts["trend_share"]]
    # A chart whose every value is hidden is left out (an empty frame says nothing); its table stays.
    # A trend needs two fiscal years to be a line.
    drawn = [_has_data(chart) for chart in charts]
    years = len(wf.tables["trend"].rows)
    drawn[2] = drawn[2] and years > 1
    drawn[3] = drawn[3] and years > 1
    context = {"wf": wf, "figures": key_figures, "scoped": scope.agency is not None, "drawn": drawn,
               "print": scope.output != "dashboard"}
    return Section("workforce", _("Workforce statistics (sex-disaggregated database)"),
                   "workforce/sections/workforce.html", context, sheets, charts, order=ORDER)
