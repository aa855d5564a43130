"""What learning reach publishes, for the disclosure audit (core.disclosure_audit).

Reach is cell-key perturbed (learning.reach, decision 0028): the reach page and the dashboard section,
by agency × sex and by personnel type × sex, BMA-wide and for each agency. The audit checks that no
count is in 1..4 and that the same people have the same figure in every table. A figure's records are
its people: a named learner once, a counts-only row as one record.
"""

from __future__ import annotations

from collections.abc import Iterator

from thaothiam.core.disclosure_audit import Population
from thaothiam.core.intervals import Entry

from . import reach
from .models import Completion


def _records(fy: int) -> list[dict]:
    rows = {}
    for pk, key, agency, sex, personnel in Completion.objects.filter(fiscal_year=fy).values_list(
            "pk", "learner_key", "agency_id", "sex", "personnel_type"):
        ident = f"learner:{key}" if key else f"row:{pk}"
        rows[ident] = {"id": ident, "agency": agency, "sex": sex, "personnel_type": personnel}
    return list(rows.values())


def populations(*, fiscal_year: int | None = None) -> Iterator[Population]:
    for fy in sorted(set(Completion.objects.values_list("fiscal_year", flat=True))):
        if fiscal_year is None or fy == fiscal_year:
            yield _population(fy)


def _entries(where: str, table: reach.ReachTable, records: list[dict], field: str) -> list[Entry]:
    out = []
    for row in table.rows:
        mine = [r for r in records if r[field] == row["key"]]
        for sex, value in zip(reach.SEXES, row["cells"], strict=True):
            out.append(Entry(where, f"{row['label']} × {sex}", frozenset(r["id"] for r in mine if r["sex"] == sex),
                             value))
        out.append(Entry(where, f"{row['label']} × total", frozenset(r["id"] for r in mine), row["total"]))
    for sex, value in zip(reach.SEXES, table.total["cells"], strict=True):
        out.append(Entry(where, f"total × {sex}", frozenset(r["id"] for r in records if r["sex"] == sex), value))
    out.append(Entry(where, "total", frozenset(r["id"] for r in records), table.total["total"]))
    return out


def _population(fy: int) -> Population:
    records = _records(fy)
    population = Population(f"learning reach FY {fy}", "central and executives (BMA-wide and every agency)")
    cube = reach.reached_cube(fy=fy)
    population.perturbed += _entries("reach by agency", reach.reach_by_agency(fy=fy, cube=cube), records, "agency")
    population.perturbed += _entries("reach by personnel type", reach.reach_by_personnel(fy=fy, cube=cube), records,
                                     "personnel_type")
    for agency in sorted({r["agency"] for r in records}):
        mine = [r for r in records if r["agency"] == agency]
        table = reach.reach_by_personnel(fy=fy, agency_ids={agency})
        population.perturbed += _entries(f"reach of agency {agency} by personnel type", table, mine, "personnel_type")
    return population
