"""What learning reach publishes, for the disclosure audit (core.disclosure_audit).

Reach is cell-key perturbed (learning.reach, decision 0028): the reach page and the dashboard section,
by agency × sex and by personnel type × sex, BMA-wide and for each agency. The audit checks that no
count is in 1..4 and that the same people have the same figure in every table. A figure's records are
its people: a named learner once, a counts-only row as one record. The indicator values the system
offers each agency's coordinator by sex (indicator_sources, decision 0164) are checked with them, at
the fiscal year's end: where their people are reach's, their figure must be reach's.
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
        # one person, one personnel type: the greatest of their records' (reach.PERSONNEL_TYPE_SQL, decision 0166)
        personnel = max(personnel, rows[ident]["personnel_type"]) if ident in rows else personnel
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
    population.perturbed += _indicator_entries(fy, records)
    return population


def _indicator_entries(fy: int, records: list[dict]) -> list[Entry]:
    """The system values of the people indicators, by sex, for every agency with records, at the year's end."""
    from thaothiam.agencies.models import Agency
    from thaothiam.core.fiscal import fiscal_year_bounds

    from . import indicator_sources as sources

    _start, end = fiscal_year_bounds(fy)
    out = []
    for agency in Agency.objects.filter(pk__in={r["agency"] for r in records}).order_by("code"):
        for code, item, kind, source in sources.PEOPLE_SOURCES:
            offered = source(agency, fy, end)
            found = Completion.objects.filter(agency=agency, fiscal_year=fy, course__in=sources.tagged(item, kind))
            atoms = {sex: set() for sex in reach.SEXES}
            for pk, key, sex in found.values_list("pk", "learner_key", "sex"):
                atoms.setdefault(sex, set()).add(f"learner:{key}" if key else f"row:{pk}")
            for sex, value in (("F", offered.female), ("M", offered.male)):
                out.append(Entry(f"system value {code} of agency {agency.code}", sex, frozenset(atoms[sex]), value))
    return out
