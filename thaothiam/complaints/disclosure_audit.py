"""What the complaint statistics publish, for the disclosure audit (core.disclosure_audit).

Every count of cases is cell-key perturbed (complaints.stats, decision 0028): the trends page and the
dashboard section (BMA-wide and for each agency — heads and officers see their agencies', central and
executives every agency's), the year-end report's sheet, and the explorer's complaint-cases tables.
The audit checks that none of them is in 1..4 and that the same cases have the same figure in every
table. A figure's records are the cases it counts.
"""

from __future__ import annotations

from collections.abc import Iterator

from thaothiam.core.datasets import Query, explore, registry
from thaothiam.core.disclosure_audit import Population, grouped_atoms, result_entries
from thaothiam.core.intervals import Entry

from . import stats
from .models import Case

EXPLORER_TABLES = (("category",), ("outcome",), ("relationship",), ("agency_group",), ("agency", "category"))


def _records(fy: int) -> list[dict]:
    rows = []
    for row in Case.objects.filter(fiscal_year=fy).values("pk", "agency_id", "agency__code", "agency__kind", "category",
                                                          "relationship", "outcome"):
        rows.append({"id": row["pk"], "agency_id": row["agency_id"], "agency": row["agency__code"],
                     "agency_group": row["agency__kind"], "category": row["category"],
                     "relationship": row["relationship"], "outcome": row["outcome"] or stats.OPEN})
    return rows


def populations(*, fiscal_year: int | None = None) -> Iterator[Population]:
    years = sorted(set(Case.objects.values_list("fiscal_year", flat=True)))
    for fy in years:
        if fiscal_year is None or fy == fiscal_year:
            yield _population(fy)


def _year_entries(where: str, fy: int, records: list[dict], agency_ids) -> list[Entry]:
    year = stats.year_stats(fy, agency_ids=agency_ids)
    fields = {"category": "category", "agency_group": "agency_group", "relationship": "relationship",
              "outcome": "outcome"}
    out = []
    for breakdown in year.breakdowns:
        field = fields[breakdown.key]
        for code, label, value in breakdown.rows:
            atoms = frozenset(r["id"] for r in records if r[field] == code)
            out.append(Entry(f"{where} {breakdown.key}", label, atoms, value))
        counted = frozenset(r["id"] for r in records if r[field] in {c for c, _l, _v in breakdown.rows})
        out.append(Entry(f"{where} {breakdown.key}", "total", counted, breakdown.total))
    return out


def _population(fy: int) -> Population:
    records = _records(fy)
    population = Population(f"complaints FY {fy}", "central and executives (BMA-wide and every agency)")
    population.perturbed += _year_entries("trends BMA", fy, records, None)
    for agency_id in sorted({r["agency_id"] for r in records}):
        mine = [r for r in records if r["agency_id"] == agency_id]
        population.perturbed += _year_entries(f"trends agency {mine[0]['agency']}", fy, mine, {agency_id})
    dataset = registry()["complaints"]
    for dims in EXPLORER_TABLES:
        result = explore(dataset, Query("cases", dims, {"fiscal_year": (str(fy),)}))
        population.perturbed += result_entries(f"explorer {' × '.join(dims)}", result, grouped_atoms(records, dims))
    return population
