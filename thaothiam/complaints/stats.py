"""Complaint outcomes and trends (plan item 3.3): coarse fields only, every figure through disclosure control.

Counts come from one ``GROUP BY`` per breakdown; medians and the on-time share from the dates of the
year's cases. A count under 5 (and whatever would let it be recovered) is hidden by
``core.disclosure``; a median or share is shown only when the cases behind it pass the threshold.
Cases the viewer is excluded from are left out of every figure they see.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from django.db.models import Count

from thaothiam.agencies.models import Agency
from thaothiam.core.disclosure import TOTAL, is_disclosive, suppress_counts, suppress_table

from .models import Case, Category, Outcome, Relationship

OPEN = "open"  # the outcome row for cases without an outcome yet: totals must equal the cells


def cases_for(*, agency_ids=None, viewer=None):
    cases = Case.objects.all()
    if agency_ids is not None:
        cases = cases.filter(agency_id__in=agency_ids)
    if viewer is not None and viewer.is_authenticated:
        cases = cases.exclude(exclusions__user=viewer)
    return cases


@dataclass
class Breakdown:
    key: str
    title: str
    rows: list[tuple[str, str, int | None]]  # (code, label, count or None when hidden)
    total: int | None


@dataclass
class YearStats:
    fy: int
    total: int | None
    breakdowns: list[Breakdown] = field(default_factory=list)
    median_acknowledge: float | None = None
    median_close: float | None = None
    within_due: float | None = None  # percent of finished stages handled on time


def _one_way(cases, field_name: str, choices: list[tuple[str, str]], title: str, key: str) -> Breakdown:
    counts = dict(cases.values_list(field_name).annotate(n=Count("pk")).order_by())
    raw = {code: counts.get(code, 0) for code, _label in choices}
    shown = suppress_counts(raw)
    return Breakdown(key, title, [(code, str(label), shown[code]) for code, label in choices], shown[TOTAL])


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values and not is_disclosive(len(values)) else None


def year_stats(fy: int, *, agency_ids=None, viewer=None) -> YearStats:
    from django.utils.translation import gettext as _

    cases = cases_for(agency_ids=agency_ids, viewer=viewer).filter(fiscal_year=fy)
    outcome_choices = [*Outcome.choices, (OPEN, _("No outcome yet"))]
    kinds = list(Agency.Kind.choices)
    result = YearStats(fy=fy, total=None, breakdowns=[
        _one_way(cases, "category", Category.choices, _("What happened"), "category"),
        _one_way(cases, "agency__kind", kinds, _("Agency group"), "agency_group"),
        _one_way(cases, "relationship", Relationship.choices, _("Person complained about"), "relationship"),
    ])
    counts = dict(cases.values_list("outcome").annotate(n=Count("pk")).order_by())
    raw = {code: counts.get(code, 0) for code, _label in Outcome.choices}
    raw[OPEN] = counts.get("", 0)
    shown = suppress_counts(raw)
    result.breakdowns.append(Breakdown("outcome", _("Outcome"),
                                       [(c, str(label), shown[c]) for c, label in outcome_choices], shown[TOTAL]))
    result.total = result.breakdowns[0].total
    dates = list(cases.values_list("received_on", "acknowledged_on", "closed_on", "late_stages", "state"))
    result.median_acknowledge = _median([(a - r).days for r, a, _c, _l, _s in dates if a])
    result.median_close = _median([(c - r).days for r, _a, c, _l, _s in dates if c])
    finished = [late for _r, _a, closed, late, _s in dates if closed]
    on_time = sum(1 for late in finished if late == 0)
    if finished and not any(is_disclosive(n) for n in (len(finished), on_time, len(finished) - on_time)):
        result.within_due = round(100 * on_time / len(finished), 1)
    return result


def trend(*, agency_ids=None, viewer=None) -> tuple[list[int], dict]:
    """Cases by fiscal year × category, suppressed as one table: (years, SuppressedTable)."""
    cases = cases_for(agency_ids=agency_ids, viewer=viewer)
    years = sorted(set(cases.values_list("fiscal_year", flat=True).distinct()))
    counts = {(fy, cat): n for fy, cat, n in cases.values_list("fiscal_year", "category").annotate(n=Count("pk"))
              .order_by()}
    table = suppress_table(counts, years, [c for c, _l in Category.choices])
    return years, table


def years_available(*, agency_ids=None, viewer=None) -> list[int]:
    return sorted(set(cases_for(agency_ids=agency_ids, viewer=viewer).values_list("fiscal_year", flat=True)
                      .distinct()), reverse=True)
