"""The standard workforce indicators, as one selector other pages can embed (the executive dashboard):

    from thaothiam.workforce.indicators import workforce_indicators
    context["workforce"] = workforce_indicators(agency_ids=None, fiscal_year=None)
    {% include "workforce/includes/indicators.html" with wf=workforce %}   (+ chart scripts)

Every figure is an explorer query over the workforce dataset, so it goes through the same
disclosure control as the explorer and the exports.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from thaothiam.core import charts
from thaothiam.core.datasets import Query, Result, explore, registry
from thaothiam.core.i18n import pick

from .selectors import one_reading, snapshots_by_year

LEADERSHIP = ("executive", "director")  # บริหาร, อำนวยการ


@dataclass
class Indicators:
    fiscal_year: int | None
    as_of: object = None
    tables: dict[str, Result] = field(default_factory=dict)
    charts: dict[str, dict] = field(default_factory=dict)
    pay_gap: dict[str, float | None] = field(default_factory=dict)
    disclosure_rate: float | None = None
    has_salaries: bool = False

    @property
    def available(self) -> bool:
        return self.fiscal_year is not None


def _query(measure: str, breakdowns: tuple, agency_ids, **filters) -> Result:
    dataset = registry()["workforce"]
    return explore(dataset, Query(measure=measure, breakdowns=breakdowns,
                                  filters={k: tuple(v) for k, v in filters.items()}, agency_ids=agency_ids))


def _gap(men, women) -> float | None:
    if men is None or women is None or not men:
        return None
    return round(100 * (men - women) / men, 1)


def _by_sex(result: Result) -> dict[str, float | None]:
    return {code: (None if line[0].hidden else line[0].value) for (code, _label), line in zip(result.rows, result.cells, strict=True)}


def workforce_indicators(*, agency_ids: frozenset[int] | None, fiscal_year: int | None = None,
                         agency_codes: tuple[str, ...] = (), trend_to: int | None = None) -> Indicators:
    """The indicators of one fiscal year (default: the latest); the trend covers every fiscal year, or
    those up to ``trend_to`` (the year-end report of 2568 does not show 2569)."""
    with one_reading():
        return _indicators(agency_ids, fiscal_year, agency_codes, trend_to)


def _indicators(agency_ids, fiscal_year, agency_codes, trend_to) -> Indicators:
    years = snapshots_by_year()
    if not years:
        return Indicators(None)
    fy = fiscal_year if fiscal_year in years else max(years)
    out = Indicators(fy, as_of=years[fy].as_of)
    base = {"fiscal_year": (str(fy),)}
    if agency_codes:
        base["agency"] = agency_codes
    t = out.tables
    t["personnel"] = _query("headcount", ("personnel_type", "sex"), agency_ids, **base)
    t["level"] = _query("headcount", ("position_level", "sex"), agency_ids, **base)
    t["leadership"] = _query("share_women", ("position_type",), agency_ids, **base, position_type=LEADERSHIP)
    t["executive_posts"] = _query("share_women", ("is_executive",), agency_ids, **base)
    t["age"] = _query("headcount", ("age_band", "sex"), agency_ids, **base)
    t["identity"] = _query("headcount", ("gender_identity",), agency_ids, **base)
    t["mean_salary"] = _query("mean_salary", ("sex",), agency_ids, **base)
    t["median_salary"] = _query("median_salary", ("sex",), agency_ids, **base)
    trend_filters = {"agency": agency_codes} if agency_codes else {}
    if trend_to is not None:
        trend_filters["fiscal_year"] = tuple(str(y) for y in sorted(years) if y <= trend_to)
    t["trend"] = _query("headcount", ("fiscal_year", "sex"), agency_ids, **trend_filters)
    t["trend_share"] = _query("share_women", ("fiscal_year",), agency_ids, **trend_filters)
    t["trend_leadership"] = _query("share_women", ("fiscal_year",), agency_ids, **trend_filters,
                                   position_type=LEADERSHIP)

    means, medians = _by_sex(t["mean_salary"]), _by_sex(t["median_salary"])
    out.has_salaries = any(v is not None for v in (*means.values(), *medians.values())) or bool(
        t["mean_salary"].hidden_count)
    out.pay_gap = {"mean": _gap(means.get("M"), means.get("F")), "median": _gap(medians.get("M"), medians.get("F"))}
    out.disclosure_rate = _disclosure_rate(t["identity"])
    out.charts = _charts(t)
    return out


def _disclosure_rate(result: Result) -> float | None:
    """Share of people who declared a gender identity with consent (all but 'not disclosed')."""
    total = result.total
    undisclosed = next((line[0] for (code, _l), line in zip(result.rows, result.cells, strict=True) if code == "U"), None)
    if total.hidden or not total.value:
        return None
    if undisclosed is None:
        return 100.0
    if undisclosed.hidden:
        return None
    return round(100 * (total.value - undisclosed.value) / total.value, 1)


def _two_way_rows(result: Result, *, row_field: str, series_field: str) -> list[dict]:
    rows = []
    for (_code, label), line in zip(result.rows, result.cells, strict=True):
        for (_c, col_label), cell in zip(result.cols, line, strict=True):
            rows.append({row_field: label, series_field: col_label, "n": None if cell.hidden else cell.value})
    return rows


def _charts(t: dict[str, Result]) -> dict[str, dict]:
    sex = _("Sex")
    out = {
        "personnel": charts.bar_chart(_two_way_rows(t["personnel"], row_field="type", series_field="sex"),
                                      category="type", value="n", colour="sex", colour_title=sex,
                                      value_title=_("People"), height=220),
        "age": charts.pyramid_chart(_two_way_rows(t["age"], row_field="band", series_field="sex"),
                                    band="band", sex="sex", value="n", left_label=_female(), right_label=_male()),
    }
    trend_rows = []
    for (code, _label), line in zip(t["trend"].rows, t["trend"].cells, strict=True):
        for (_c, col_label), cell in zip(t["trend"].cols, line, strict=True):
            trend_rows.append({"fy": _fy_label(int(code)), "sex": col_label,
                               "n": None if cell.hidden else cell.value})
    out["trend"] = charts.line_chart(trend_rows, x="fy", y="n", colour="sex", colour_title=sex, y_title=_("People"))
    share_rows = []
    for name, key in ((_("All staff"), "trend_share"), (_("Executive and managerial positions"), "trend_leadership")):
        for (code, _label), line in zip(t[key].rows, t[key].cells, strict=True):
            share_rows.append({"fy": _fy_label(int(code)), "series": name,
                               "share": None if line[0].hidden else line[0].value})
    out["trend_share"] = charts.line_chart(share_rows, x="fy", y="share", colour="series",
                                           y_title=_("Share of women (%)"), y_format=".1f")
    return out


def _fy_label(fy: int) -> str:
    """A short fiscal-year label for chart axes: 'ปีงบ 2568' in Thai, 'FY 2025' in English."""
    return pick(f"ปีงบ {fy}", f"FY {fy - 543}")


def _female() -> str:
    from . import codes

    return codes.SEX[0].label


def _male() -> str:
    from . import codes

    return codes.SEX[1].label
