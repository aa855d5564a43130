"""Complaint outcomes and trends (plan item 3.3): coarse fields only, every figure through disclosure control.

Counts come from one ``GROUP BY`` per breakdown; medians and the on-time share from the dates of the
year's cases. Every count is cell-key perturbed (core.cellkey) with each case's own ``record_key``, and is
the same for every viewer: the trends page, the dashboard and year-end sections and the explorer show one
value per set of cases, so subtracting one page from another — or an officer's own case list from a
count — gives noise, never the case they are excluded from (docs/decisions/0161-complaint-counts-perturbed.md).
A median is shown only when the cases behind it pass the threshold; the on-time share is the perturbed
on-time count over the perturbed finished count (as every share of people), for 5 or more finished cases.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from django.db.models import Count, Sum

from thaothiam.agencies.models import Agency
from thaothiam.core.cellkey import perturb
from thaothiam.core.disclosure import SuppressedTable, is_disclosive
from thaothiam.core.perturbed import keyed_table

from .models import Case, Category, Outcome, Relationship

OPEN = "open"  # the outcome row for cases without an outcome yet: totals must equal the cells


def cases_for(*, agency_ids=None):
    """The cases of a scope — never filtered by who is looking (a viewer filter is itself a difference)."""
    cases = Case.objects.all()
    if agency_ids is not None:
        cases = cases.filter(agency_id__in=agency_ids)
    return cases


@dataclass
class Breakdown:
    key: str
    title: str
    rows: list[tuple[str, str, int | None]]  # (code, label, perturbed count)
    total: int | None


@dataclass
class YearStats:
    fy: int
    total: int | None
    breakdowns: list[Breakdown] = field(default_factory=list)
    median_acknowledge: float | None = None
    median_close: float | None = None
    within_due: float | None = None  # percent of finished stages handled on time


def _one_way(grouped: list[dict], field_name: str, choices, title: str, key: str, *, blank: str = "") -> Breakdown:
    raw = {code: [0, 0] for code, _label in choices}
    for row in grouped:
        code = row[field_name] or blank
        if code in raw:
            raw[code][0] += row["n"]
            raw[code][1] += row["k"]
    total = perturb(sum(n for n, _k in raw.values()), sum(k for _n, k in raw.values()))
    return Breakdown(key, title, [(code, str(label), perturb(*raw[code])) for code, label in choices], total)


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values and not is_disclosive(len(values)) else None


def year_stats(fy: int, *, agency_ids=None) -> YearStats:
    """Two queries: one GROUP BY over the coarse fields (each breakdown is a margin of it) and the dates."""
    from django.utils.translation import gettext as _

    cases = cases_for(agency_ids=agency_ids).filter(fiscal_year=fy)
    grouped = list(cases.values("category", "agency__kind", "relationship", "outcome")
                   .annotate(n=Count("pk"), k=Sum("record_key")).order_by())
    result = YearStats(fy=fy, total=None, breakdowns=[
        _one_way(grouped, "category", Category.choices, _("What happened"), "category"),
        _one_way(grouped, "agency__kind", Agency.Kind.choices, _("Agency group"), "agency_group"),
        _one_way(grouped, "relationship", Relationship.choices, _("Person complained about"), "relationship"),
        _one_way(grouped, "outcome", [*Outcome.choices, (OPEN, _("No outcome yet"))], _("Outcome"), "outcome",
                 blank=OPEN),
    ])
    result.total = result.breakdowns[0].total
    dates = list(cases.exclude(acknowledged_on__isnull=True)
                 .values_list("received_on", "acknowledged_on", "closed_on", "late_stages", "record_key"))
    result.median_acknowledge = _median([(a - r).days for r, a, _c, _l, _k in dates])
    result.median_close = _median([(c - r).days for r, _a, c, _l, _k in dates if c])
    result.within_due = on_time_share([(late, key) for _r, _a, closed, late, key in dates if closed])
    return result


def on_time_share(finished: list[tuple[int, int]]) -> float | None:
    """The share of finished cases handled on time, from ``(late stages, record key)`` per finished case:
    the perturbed on-time count over the perturbed finished count (decision 0161), as every share of
    people is — so the share cannot pin the exact number of finished cases, which subtracted across
    scopes (BMA minus every agency shown) would give a hidden agency's count. Shown for 5 or more
    finished cases, when the whole is not published as 0."""
    if is_disclosive(len(finished)) or not finished:
        return None
    whole = perturb(len(finished), sum(k for _late, k in finished))
    part = perturb(sum(1 for late, _k in finished if late == 0), sum(k for late, k in finished if late == 0))
    return min(100.0, round(100 * part / whole, 1)) if whole else None


def trend(*, agency_ids=None) -> tuple[list[int], SuppressedTable]:
    """Cases by fiscal year × category, every cell and margin perturbed (one query): (years, a table
    shaped as core.disclosure.SuppressedTable with nothing hidden, from core.perturbed.keyed_table)."""
    cells = {(fy, cat): (n, k) for fy, cat, n, k in cases_for(agency_ids=agency_ids)
             .values_list("fiscal_year", "category").annotate(n=Count("pk"), k=Sum("record_key")).order_by()}
    years = sorted({fy for fy, _cat in cells})
    counts = {key: n for key, (n, _k) in cells.items()}
    keys = {key: k for key, (_n, k) in cells.items()}
    return years, keyed_table(counts, keys, years, [c for c, _l in Category.choices])
