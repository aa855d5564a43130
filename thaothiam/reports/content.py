"""The built-in sections: overview, progress by pillar and plan item, indicators against targets,
participation by sex and gender identity, the trend across fiscal years, and the agency annex.

Every number of participants is a query over the participants dataset (core.datasets.explore), so it is
the same cell-key perturbed figure as in the explorer and in every other section (docs/decisions/0025):
the same participants always give the same number, and no table can be subtracted from another."""

from __future__ import annotations

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from thaothiam.core import charts, vocabulary
from thaothiam.core.datasets import ALL, Aggregate, Query, Result, explore, registry
from thaothiam.core.disclosure import SuppressedTable
from thaothiam.core.fiscal import current_fiscal_year
from thaothiam.core.formatting import format_fiscal_year
from thaothiam.core.sections import Scope, Section, Sheet, register
from thaothiam.plans.selectors import current_plan
from thaothiam.reporting import selectors as rsel
from thaothiam.reporting.datasets import FINE, fine_cells
from thaothiam.reporting.models import AgencyReport, Status

from .glance import glance
from .yearend import COUNT_FORMAT, DECIMAL_FORMAT, Figure


def _count(value) -> Figure:
    """A count for the workbook: a number shown '12,345' (None, a suppressed cell, stays empty)."""
    return Figure(value, COUNT_FORMAT)


def _money(value) -> Figure:
    return Figure(None if value is None else float(value), DECIMAL_FORMAT)


def _results(scope: Scope):
    return scope.memo("indicator_results", lambda: rsel.indicator_results(scope.fy, agency_id=scope.agency_id))


def _plan(scope: Scope):
    return scope.memo("plan", current_plan)


def _by_item(scope: Scope):
    return scope.memo("by_item", lambda: rsel.activities_by_item(scope.fy, agency_id=scope.agency_id))


def _participation(scope: Scope):
    return scope.memo("participation", lambda: rsel.participation(scope.fy, agency_id=scope.agency_id))


def participants(scope: Scope, breakdowns: tuple[str, ...], *, years: list[int] | None = None) -> Result:
    """Participants of the scope's accepted activities (of its fiscal year, or of ``years``), perturbed.

    The raw cells are folded once per scope (``reporting.datasets.fine_cells``) and each question
    sums them up: the same counts and record-key sums as the dataset asked directly, so the same
    published figures, at the cost of one pass over the activities instead of one per question."""
    fiscal_years = tuple(str(y) for y in (years or [scope.fy]))
    dataset = registry()["participants"]
    query = Query("participants", breakdowns, {"fiscal_year": fiscal_years},
                  agency_ids=frozenset({scope.agency_id}) if scope.agency_id else None)
    person = "gender_identity" if "gender_identity" in breakdowns else "sex"
    if any(int(y) > scope.fy for y in fiscal_years) or not set(breakdowns) <= set(FINE[person]):
        return explore(dataset, query)
    fine = scope.memo("participant_cells", lambda: fine_cells(until_fy=scope.fy, agency_ids=query.agency_ids))
    return explore(_Answered(dataset, rollup(fine[person], FINE[person], breakdowns, set(fiscal_years))), query)


def rollup(fine: Aggregate, dims: tuple[str, ...], breakdowns: tuple[str, ...], years: set[str]) -> Aggregate:
    """The cells of ``fine`` (keyed by ``dims``, the first the fiscal year) of ``years``, summed by ``breakdowns``."""
    picks = [dims.index(b) for b in breakdowns]
    out = Aggregate()
    for cell, n in fine.counts.items():
        if cell[0] not in years:
            continue
        key = ALL if not picks else cell[picks[0]] if len(picks) == 1 else tuple(cell[i] for i in picks)
        out.counts[key] = out.counts.get(key, 0) + n
        out.keys[key] = out.keys.get(key, 0) + fine.keys[cell]
        out.parts[key] = out.parts.get(key, 0) + fine.parts[cell]
        out.part_keys[key] = out.part_keys.get(key, 0) + fine.part_keys[cell]
    return out


class _Answered:
    """A dataset whose raw answer is already known: explore() puts it through the same disclosure control."""

    def __init__(self, dataset, raw: Aggregate):
        self._dataset, self._raw = dataset, raw

    def __getattr__(self, name):
        return getattr(self._dataset, name)

    def aggregate(self, query: Query) -> Aggregate:
        return self._raw


def grid(result: Result, row_keys: list, col_keys: list) -> SuppressedTable:
    """A two-way perturbed result as a full table over the given keys (rows or columns the explorer left
    out because every figure in them is 0 read 0). Nothing is hidden: the figures are perturbed."""
    cells = {(r, c): cell.value for (r, _l), line in zip(result.rows, result.cells, strict=True)
             for (c, _m), cell in zip(result.cols, line, strict=True)}
    rows = {r: m.value for (r, _l), m in zip(result.rows, result.row_margin or [], strict=False)}
    cols = {c: m.value for (c, _l), m in zip(result.cols, result.col_margin or [], strict=False)}
    return SuppressedTable(
        row_keys=list(row_keys), col_keys=list(col_keys),
        cells=[[cells.get((r, c), 0) for c in col_keys] for r in row_keys],
        row_totals=[rows.get(r, 0) for r in row_keys], col_totals=[cols.get(c, 0) for c in col_keys],
        total=result.total.value or 0, mask=[[False] * len(col_keys) for _r in row_keys],
        row_total_mask=[False] * len(row_keys), col_total_mask=[False] * len(col_keys), total_masked=False)


def overview(scope: Scope) -> Section:
    done = _participation(scope)
    completeness = rsel.completeness_summary(scope.fy, agency_id=scope.agency_id)
    results = [r for r in _results(scope) if r.achieved is not None]
    achieved = sum(1 for r in results if r.achieved)
    people = scope.memo("participants_total", lambda: participants(scope, ()).total.value or 0)
    context = {"p": done, "completeness": completeness, "achieved": achieved, "measured": len(results),
               "people_total": people}
    sheet = Sheet(_("Overview"), [_("Measure"), _("Value")], [
        [_("Accepted activities"), _count(done["activities"])],
        [_("Participants"), _count(people)],
        [_("Budget (THB)"), _money(done["budget"])],
        [_("Indicators achieved"), _count(achieved)],
        [_("Indicators with a result and a target"), _count(len(results))],
        [_("Reports due"), _count(completeness["expected"])],
        [_("Reports submitted"), _count(completeness["submitted"])],
        [_("Reports accepted"), _count(completeness["accepted"])],
        [_("Reports submitted late"), _count(completeness["late"])],
    ])
    return Section("overview", _("Overview"), "reports/sections/overview.html", context, [sheet], order=10)


def progress(scope: Scope) -> Section | None:
    plan = _plan(scope)
    if plan is None:
        return None
    by_item = _by_item(scope)
    results = _results(scope)
    pillars = []
    rows, chart_rows = [], []
    for pillar in plan.pillars.all():
        items = []
        for item in pillar.items.all():
            stats = by_item.get(item.pk, {})
            item_results = [r for r in results if r.indicator.item_id == item.pk]
            entry = {"item": item, "n": stats.get("n", 0), "people": stats.get("people") or 0,
                     "budget": stats.get("budget") or 0, "agencies": stats.get("agencies", 0),
                     "achieved": sum(1 for r in item_results if r.achieved),
                     "measured": sum(1 for r in item_results if r.achieved is not None)}
            items.append(entry)
            rows.append([item.code, item.name, _count(entry["n"]), _count(entry["agencies"]), _money(entry["budget"]),
                         _count(entry["achieved"]), _count(entry["measured"])])
            chart_rows.append({"item": item.code, "name": item.name, "n": entry["n"]})
        pillars.append({"pillar": pillar, "items": items,
                        "achieved": sum(i["achieved"] for i in items), "measured": sum(i["measured"] for i in items)})
    chart = charts.bar_chart(chart_rows, category="item", value="n", value_title=_("Accepted activities"), detail="name",
                             category_title=_("Plan item"),
                             height=max(220, 24 * len(chart_rows)))
    sheet = Sheet(_("Progress by plan item"), [_("Plan item"), _("Name"), _("Activities"), _("Agencies"),
                                               _("Budget (THB)"), _("Indicators achieved"), _("Indicators measured")],
                  rows)
    return Section("progress", _("Progress by pillar and plan item"), "reports/sections/progress.html",
                   {"pillars": pillars}, [sheet], [chart], order=20)


def indicators(scope: Scope) -> Section:
    results = _results(scope)
    rows = []
    for r in results:
        rows.append([r.indicator.item.code, r.indicator.name, r.indicator.get_aggregation_display(),
                     Figure(r.value, r.number_format), Figure(r.target, r.number_format),
                     r.indicator.display_unit(bma=r.bma), {True: _("achieved"), False: _("not achieved")}.get(r.achieved, "—" if r.has_target else None),
                     _count(r.agencies_reporting), _count(r.agencies_expected)])
    sheet = Sheet(_("Indicators"), [_("Plan item"), _("Indicator"), _("Rule"), _("Result"), _("Target"), _("Unit"),
                                    _("Achieved"), _("Agencies reporting"), _("Agencies expected")], rows)
    sheets, answers = [sheet], []
    if scope.output != "dashboard":
        # A text indicator has no numeric result: the report lists what each agency wrote (one query).
        answers = rsel.text_answers(scope.fy, agency_id=scope.agency_id)
        sheets.append(Sheet(_("Text answers"), [_("Plan item"), _("Indicator"), _("Code"), _("Agency"), _("Answer")],
                            [[a.indicator.item.code, a.indicator.name, a.agency.code, a.agency.name, a.text]
                             for a in answers]))
    return Section("indicators", _("Indicators against targets"), "reports/sections/indicators.html",
                   {"rows": results, "answers": answers}, sheets, order=30)


def participation(scope: Scope) -> Section:
    """Participants of accepted activities by sex (pillar × sex) and by gender identity, perturbed."""
    by_pillar = participants(scope, ("pillar", "sex"))
    pillars = sorted({int(code) for code, _label in by_pillar.rows}) or [1, 2, 3]
    sexes = [("female", _("Women")), ("male", _("Men"))]
    table = grid(by_pillar, [str(p) for p in pillars], ["F", "M"])
    table = SuppressedTable(**{**table.__dict__, "row_keys": pillars, "col_keys": [s for s, _label in sexes]})
    gi_label = vocabulary.labels([*vocabulary.GENDER_IDENTITY, vocabulary.NOT_STATED])  # one vocabulary (0155)
    gi_keys = [(key, code, gi_label[code]) for key, code in (
        ("gi_female", "F"), ("gi_male", "M"), ("gi_diverse", "D"), ("gi_undisclosed", "N"), ("not_given", "U"))]
    by_gi = participants(scope, ("gender_identity",))
    shown = {code: line[0].value for (code, _l), line in zip(by_gi.rows, by_gi.cells, strict=True)}
    gi = {k: shown.get(code, 0) for k, code, _label in gi_keys}
    gi_total = by_gi.total.value or 0
    gi_keys = [(k, label) for k, _code, label in gi_keys]
    sex_rows = [{"pillar": _("Pillar %(n)s") % {"n": p}, "sex": label, "n": table.cells[i][j]}
                for i, p in enumerate(table.row_keys) for j, (_s, label) in enumerate(sexes)]
    chart = charts.bar_chart(sex_rows, category="pillar", value="n", colour="sex", value_title=_("Participants"),
                             category_title=_("Pillar"), colour_title=_("Sex"), height=200)
    gi_rows = [{"identity": label, "n": gi[k]} for k, label in gi_keys]
    gi_chart = charts.bar_chart(gi_rows, category="identity", value="n", value_title=_("Participants"),
                                category_title=_("Gender identity"), height=180)
    sheet_sex = Sheet(_("Participation by sex"), [_("Pillar"), _("Women"), _("Men"), _("Total")],
                      [[p, *map(_count, table.cells[i]), _count(table.row_totals[i])]
                       for i, p in enumerate(table.row_keys)]
                      + [[_("Total"), *map(_count, table.col_totals), _count(table.total)]])
    sheet_gi = Sheet(_("By gender identity"), [_("Gender identity"), _("Participants")],
                     [[label, _count(gi[k])] for k, label in gi_keys] + [[_("Total"), _count(gi_total)]])
    return Section("participation", _("Participation by sex and gender identity"),
                   "reports/sections/participation.html",
                   {"table": table, "sexes": sexes, "gi": [(label, gi[k]) for k, label in gi_keys], "gi_total": gi_total},
                   [sheet_sex, sheet_gi], [chart, gi_chart], order=40)


def trend(scope: Scope) -> Section:
    """Activities and participants per fiscal year. A year still running is labelled as such and left
    out of the charts: its few months would plot as a drop that did not happen."""
    rows = rsel.trend(agency_id=scope.agency_id, until_fy=scope.fy)
    running = current_fiscal_year()
    by_year = participants(scope, ("fiscal_year", "sex"), years=[row["fy"] for row in rows]) if rows else None
    people = grid(by_year, [str(row["fy"]) for row in rows], ["F", "M"]) if rows else None
    points = []
    for i, row in enumerate(rows):
        partial = row["fy"] >= running
        label = format_fiscal_year(row["fy"])
        points.append({"fy": row["fy"], "label": _("%(year)s (year not over)") % {"year": label} if partial else label,
                       "partial": partial, "activities": row["n"],
                       "female": people.cells[i][0], "male": people.cells[i][1]})
    whole = [p for p in points if not p["partial"]]
    chart_rows = [{"fy": p["label"], "series": _("Women"), "n": p["female"]} for p in whole] + \
                 [{"fy": p["label"], "series": _("Men"), "n": p["male"]} for p in whole]
    chart = charts.line_chart(chart_rows, x="fy", y="n", colour="series", y_title=_("Participants"),
                              x_title=_("Fiscal year"), colour_title=_("Sex"), height=200)
    activity_chart = charts.line_chart([{"fy": p["label"], "n": p["activities"]} for p in whole], x="fy", y="n",
                                       y_title=_("Accepted activities"), x_title=_("Fiscal year"), height=200)
    sheet = Sheet(_("Trend"), [_("Fiscal year"), _("Activities"), _("Women"), _("Men"), _("Year")],
                  [[p["fy"], _count(p["activities"]), _count(p["female"]), _count(p["male"]),
                    _("still running") if p["partial"] else _("over")] for p in points])
    return Section("trend", _("Trend across fiscal years"), "reports/sections/trend.html",
                   {"points": points, "charted": len(whole)}, [sheet], [activity_chart, chart], order=50)


def agency_annex(scope: Scope) -> Section | None:
    """Per agency: reports accepted, late, activities, participants (suppressed), budget. Not on the dashboard."""
    if scope.output == "dashboard":
        return None
    reports = {
        row["agency_id"]: row for row in AgencyReport.objects.filter(fy=scope.fy).values("agency_id").annotate(
            accepted=Count("id", filter=Q(status=Status.ACCEPTED)), late=Count("id", filter=Q(is_late=True)),
        ).order_by()
    }
    activity = {
        row["agency_id"]: row for row in rsel.accepted_activities(scope.fy).values("agency_id").annotate(
            n=Count("id"), budget_sum=Sum("budget")).order_by()
    }
    agencies = list(rsel.reporting_agencies(agency_id=scope.agency_id))
    codes = [a.code for a in agencies]
    table = grid(participants(scope, ("agency", "sex")), codes, ["F", "M"]) if codes else None
    rows = []
    for i, a in enumerate(agencies):
        rep, act = reports.get(a.pk, {}), activity.get(a.pk, {})
        rows.append({"agency": a, "accepted": rep.get("accepted", 0), "late": rep.get("late", 0),
                     "activities": act.get("n", 0), "female": table.cells[i][0], "male": table.cells[i][1],
                     "people": table.row_totals[i], "budget": act.get("budget_sum") or 0})
    sheet = Sheet(_("Agency annex"), [_("Code"), _("Agency"), _("Reports accepted"), _("Reports late"),
                                      _("Activities"), _("Women"), _("Men"), _("Participants"), _("Budget (THB)")],
                  [[r["agency"].code, r["agency"].name, _count(r["accepted"]), _count(r["late"]),
                    _count(r["activities"]), _count(r["female"]), _count(r["male"]), _count(r["people"]),
                    _money(r["budget"])] for r in rows])
    return Section("annex", _("Agency annex"), "reports/sections/annex.html", {"rows": rows}, [sheet], order=90)


def register_builtin() -> None:
    for provider, order in ((glance, 5), (overview, 10), (progress, 20), (indicators, 30), (participation, 40), (trend, 50),
                            (agency_annex, 90)):
        register(provider, order=order)

