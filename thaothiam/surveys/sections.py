"""The survey headline section of the executive dashboard and the year-end report (order 65).

Registered in ``SurveysConfig.ready()`` with ``thaothiam.core.sections.register``. The figures are
``surveys.headline`` headlines: the same NumPy statistics and disclosure control as the results pages
(a hidden figure is None), so nothing here counts respondents itself.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from thaothiam.core import charts
from thaothiam.core.formatting import format_fiscal_year
from thaothiam.core.sections import Scope, Section, Sheet

from .headline import Headline, headlines

ORDER = 65


def _float(value):
    return float(value) if value is not None else None


def _round(value, places: int = 1):
    return round(value, places) if value is not None else None


def _fy_label(fy: int) -> str:
    return format_fiscal_year(fy)


def survey_section(scope: Scope) -> Section | None:
    """One headline per survey run in the fiscal year (BMA-wide, or the agency's), None without any."""
    found: list[Headline] = headlines(scope.fy, agency=scope.agency)
    if not found:
        return None
    rows, score_rows, prevalence_rows = [], [], []
    for h in found:
        change = h.change
        rows.append([
            h.title, scope.fy, h.measure_label, h.respondents, _float(h.mean), h.band, _round(h.favourable),
            h.previous_fiscal_year, _float(h.previous_mean), _float(change),
            *(_round(v) for v in (h.experienced_any or (None, None, None))),
            _round(h.previous_experienced_any[0]) if h.previous_experienced_any else None,
        ])
        short = h.title if len(h.title) <= 60 else h.title[:58] + "…"
        if h.previous_fiscal_year and h.previous_mean is not None:
            score_rows.append({"survey": short, "year": _fy_label(h.previous_fiscal_year),
                               "mean": float(h.previous_mean)})
        if h.mean is not None:
            score_rows.append({"survey": short, "year": _fy_label(scope.fy), "mean": float(h.mean)})
        if h.experienced_any:
            if h.previous_fiscal_year and h.previous_experienced_any:
                prevalence_rows.append({"year": _fy_label(h.previous_fiscal_year),
                                        "pct": round(h.previous_experienced_any[0], 1)})
            prevalence_rows.append({"year": _fy_label(scope.fy), "pct": round(h.experienced_any[0], 1)})
    chart_list = []
    if score_rows:
        score = charts.bar_chart(score_rows, category="survey", value="mean", colour="year",
                                 colour_title=_("Fiscal year"), value_title=_("Mean score (1–5)"),
                                 value_format=".2f", height=max(120, 46 * len(found)))
        score["encoding"]["x"]["scale"] = {"domain": [1, 5], "zero": False, "nice": False}
        score["mark"]["clip"] = True  # bars start at 1, the scale's floor, not at an invisible zero
        score["encoding"]["x"]["axis"]["tickCount"] = 4
        chart_list.append(score)
    if prevalence_rows:
        prevalence = charts.bar_chart(prevalence_rows, category="year", value="pct",
                                      value_title=_("Experienced at least one of the behaviours (%)"),
                                      value_format=".0f", height=90)
        prevalence["encoding"]["x"]["axis"]["tickCount"] = 5
        chart_list.append(prevalence)
    sheet = Sheet(_("Survey headline results"), [
        _("Survey"), _("Fiscal year"), _("Measure"), _("Respondents"), _("Mean"), _("Interpretation"),
        # xgettext:no-python-format
        _("% favourable (4–5)"), _("Previous fiscal year"), _("Previous mean"), _("Change"),
        _("Experienced any behaviour (%)"), _("95% CI low"), _("95% CI high"),
        _("Experienced any behaviour, previous year (%)")], rows)
    context = {"headlines": found, "has_score_chart": bool(score_rows), "has_prevalence_chart": bool(prevalence_rows)}
    return Section("surveys", _("Staff survey headline results"), "surveys/sections/headline.html", context,
                   [sheet], chart_list, order=ORDER)
