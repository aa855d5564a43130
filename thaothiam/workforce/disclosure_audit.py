"""What the workforce publishes about one snapshot, for the disclosure audit (core.disclosure_audit).

Every fixed workforce table is cell-key perturbed (docs/decisions/0022): the indicators page, the
dashboard and the year-end report (BMA-wide and for each agency — a coordinator sees their agency's,
central and executives every agency's) and the open data. The audit checks that no count among them
is in 1..4 and that the same people always have the same value, whichever table shows them. The
records of a figure are the cube rows it adds up.
"""

from __future__ import annotations

from collections.abc import Iterator

from thaothiam.core.datasets import Query, explore, registry
from thaothiam.core.disclosure_audit import Population, grouped_atoms, result_entries

from .models import WorkforceCell
from .opendata import TABLES
from .selectors import Selection, agency_codes, one_reading, snapshots_by_year

INDICATOR_TABLES = (("personnel_type", "sex"), ("position_level", "sex"), ("age_band", "sex"), ("gender_identity",))
FIELDS = ("sex", "personnel_type", "position_type", "position_level", "age_band", "gender_identity", "is_executive")


def _records(fy: int) -> list[dict]:
    selection = Selection(fiscal_years=[fy], filters={}, agency_ids=None)
    codes = agency_codes()
    rows = []
    for row in selection._where(WorkforceCell.objects.all()).values("id", "agency_id", *FIELDS):
        row["agency"] = codes[row.pop("agency_id")]
        row["is_executive"] = "1" if row["is_executive"] else "0"
        rows.append(row)
    return rows


def populations(*, fiscal_year: int | None = None) -> Iterator[Population]:
    for fy in sorted(snapshots_by_year()):
        if fiscal_year is None or fy == fiscal_year:
            with one_reading():  # the snapshots and agency codes are read once for the ~300 tables
                yield _population(fy)


def _population(fy: int) -> Population:
    dataset = registry()["workforce"]
    records = _records(fy)
    population = Population(f"workforce FY {fy}", "central and executives (BMA-wide and every agency)")
    base = {"fiscal_year": (str(fy),)}
    for table in TABLES:
        dims = (table.dimension, "sex") if table.dimension != "gender_identity" else (table.dimension,)
        result = explore(dataset, Query("headcount", dims, base))
        population.perturbed += result_entries(f"open data {table.slug}", result, grouped_atoms(records, dims))
    by_agency: dict[str, list[dict]] = {}
    for r in records:
        by_agency.setdefault(r["agency"], []).append(r)
    for scope in [None, *sorted(by_agency)]:
        filters = {**base, "agency": (scope,)} if scope else base
        where = f"indicators {scope}" if scope else "indicators BMA"
        for dims in INDICATOR_TABLES:
            result = explore(dataset, Query("headcount", dims, filters))
            atoms = grouped_atoms(by_agency[scope] if scope else records, dims)
            population.perturbed += result_entries(f"{where} {' × '.join(dims)}", result, atoms)
    return population
