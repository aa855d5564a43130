"""Complaint outcomes and trends (plan item 3.3): coarse fields only, every figure through disclosure control.

Counts are cell-key perturbed (core.cellkey, docs/decisions/0028): every case has a record key, and a
figure is ``perturb(cases, sum of their keys)`` — the same cases give the same figure on this page, the
dashboard, the year-end report and the explorer, and "agencies A and B" minus "agency B" gives noise,
not A's cases. No published count is in 1–4. Medians need 5 cases; the on-time share is the perturbed
on-time count over the perturbed finished count. Cases the viewer is excluded from are left out of
every figure they see.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from thaothiam.agencies.models import Agency
from thaothiam.core.cellkey import SMALLEST_SHOWN, key_of, perturb
from thaothiam.core.disclosure import is_disclosive
from thaothiam.core.perturbed import keyed_table

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


def case_key(pk: int) -> int:
    """A case's record key (core.cellkey): fixed for the case, unknowable without the secret."""
    return key_of("complaint", pk)


def published(cases: list[dict]) -> int:
    """The published count of these cases (dicts with a "pk")."""
    return perturb(len(cases), sum(case_key(c["pk"]) for c in cases))


def _one_way(records: list[dict], field_name: str, choices, title: str, key: str, *, blank: str = "") -> Breakdown:
    groups: dict[str, list[dict]] = {code: [] for code, _label in choices}
    for row in records:
        code = row[field_name] or blank
        if code in groups:
            groups[code].append(row)
    counted = [row for rows in groups.values() for row in rows]
    return Breakdown(key, title, [(code, str(label), published(groups[code])) for code, label in choices],
                     published(counted))


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values and not is_disclosive(len(values)) else None


def year_stats(fy: int, *, agency_ids=None, viewer=None) -> YearStats:
    """One query: the year's cases with their coarse fields and dates (a year holds hundreds to a few
    thousand cases); each breakdown is a margin of them."""
    from django.utils.translation import gettext as _

    cases = cases_for(agency_ids=agency_ids, viewer=viewer).filter(fiscal_year=fy)
    records = list(cases.values("pk", "category", "agency__kind", "relationship", "outcome", "received_on",
                                "acknowledged_on", "closed_on", "late_stages").order_by())
    result = YearStats(fy=fy, total=None, breakdowns=[
        _one_way(records, "category", Category.choices, _("What happened"), "category"),
        _one_way(records, "agency__kind", Agency.Kind.choices, _("Agency group"), "agency_group"),
        _one_way(records, "relationship", Relationship.choices, _("Person complained about"), "relationship"),
        _one_way(records, "outcome", [*Outcome.choices, (OPEN, _("No outcome yet"))], _("Outcome"), "outcome",
                 blank=OPEN),
    ])
    result.total = result.breakdowns[0].total
    acknowledged = [r for r in records if r["acknowledged_on"]]
    result.median_acknowledge = _median([(r["acknowledged_on"] - r["received_on"]).days for r in acknowledged])
    result.median_close = _median([(r["closed_on"] - r["received_on"]).days for r in acknowledged
                                   if r["closed_on"]])
    finished = [r for r in acknowledged if r["closed_on"]]
    finished_n = published(finished)
    if finished_n >= SMALLEST_SHOWN:
        on_time_n = published([r for r in finished if r["late_stages"] == 0])
        result.within_due = round(min(100.0, 100 * on_time_n / finished_n), 1)
    return result


def trend(*, agency_ids=None, viewer=None) -> tuple[list[int], dict]:
    """Cases by fiscal year × category, perturbed like every other count of cases (one query):
    (years, a table shaped as core.disclosure.SuppressedTable with nothing hidden)."""
    counts: dict[tuple, int] = {}
    keys: dict[tuple, int] = {}
    for pk, fy, cat in cases_for(agency_ids=agency_ids, viewer=viewer).values_list("pk", "fiscal_year", "category"):
        counts[fy, cat] = counts.get((fy, cat), 0) + 1
        keys[fy, cat] = keys.get((fy, cat), 0) + case_key(pk)
    years = sorted({fy for fy, _cat in counts})
    return years, keyed_table(counts, keys, years, [c for c, _l in Category.choices])
