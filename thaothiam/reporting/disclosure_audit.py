"""What reporting publishes about the indicator values of one fiscal year, for the disclosure audit
(core.disclosure_audit): every value that counts people, for each agency, each kind of agency and the
BMA — the tables a central or executive user can put side by side (docs/decisions/0027). They are
exact figures, suppressed jointly, so they go through the interval audit.

And the participants of a fiscal year's accepted activities, as the reports show them (overall, by
pillar × sex, by gender identity, by agency × sex; BMA-wide and for every agency): perturbed
(docs/decisions/0025), so checked for no 1–4 and one value per set of participants. A record is an
activity's participants of one category (or all of them, for a total).
"""

from __future__ import annotations

from collections.abc import Iterator

from thaothiam.agencies.models import Agency
from thaothiam.core.datasets import ALL, Query, explore, registry
from thaothiam.core.disclosure import TOTAL
from thaothiam.core.disclosure_audit import Population, result_entries
from thaothiam.core.intervals import Entry
from thaothiam.plans.models import Indicator

from .datasets import _people, accepted
from .models import AgencyReport, IndicatorValue, Status
from .selectors import indicator_results, latest_report_ids

REPORT_TABLES = ((), ("pillar", "sex"), ("gender_identity",), ("agency", "sex"))
PEOPLE = ("sex", "gender_identity")
COLUMNS = ("female", "male", "gi_female", "gi_male", "gi_diverse", "gi_undisclosed")


def populations(*, fiscal_year: int | None = None) -> Iterator[Population]:
    yield from _indicator_populations(fiscal_year)
    yield from _participant_populations(fiscal_year)


def _participant_populations(fiscal_year: int | None) -> Iterator[Population]:
    dataset = registry()["participants"]
    years = sorted(set(accepted().values_list("fy", flat=True)))
    for fy in years:
        if fiscal_year is not None and fy != fiscal_year:
            continue
        records = []
        for row in accepted().filter(fy=fy).values("pk", "agency_id", "agency__code", "plan_item__pillar__number",
                                                      *COLUMNS):
            counts = {f"{c}_n": row[c] for c in COLUMNS}
            records.append({"id": row["pk"], "agency_id": row["agency_id"], "agency": row["agency__code"],
                            "pillar": str(row["plan_item__pillar__number"]), "sex": _people(counts, "sex"),
                            "gender_identity": _people(counts, "gender_identity"),
                            "n": row["female"] + row["male"]})
        population = Population(f"participants FY {fy}", "central and executives (BMA-wide and every agency)")
        for agency_id in [None, *sorted({r["agency_id"] for r in records})]:
            scope = [r for r in records if agency_id is None or r["agency_id"] == agency_id]
            where = "reports BMA" if agency_id is None else f"reports {scope[0]['agency']}"
            for dims in REPORT_TABLES:
                result = explore(dataset, Query("participants", dims, {"fiscal_year": (str(fy),)},
                                                agency_ids=None if agency_id is None else frozenset({agency_id})))
                name = f"{where} {' × '.join(dims) or 'total'}"
                population.perturbed += result_entries(name, result, _participant_atoms(scope, dims))
        yield population


def _participant_atoms(records: list[dict], dims: tuple[str, ...]):
    person = next((d for d in dims if d in PEOPLE), None)

    def atoms_of(row, col) -> frozenset:
        wanted = {d: w for d, w in zip(dims, (row, col), strict=False) if w not in (TOTAL, None, ALL)}
        out = set()
        for r in records:
            if any(r[d] != w for d, w in wanted.items() if d not in PEOPLE):
                continue
            if person is None or person not in wanted:
                if r["n"]:
                    out.add((r["id"], "*"))
            elif r[person].get(wanted[person]):
                out.add((r["id"], f"{person}:{wanted[person]}"))
        return frozenset(out)

    return atoms_of


def _indicator_populations(fiscal_year: int | None) -> Iterator[Population]:
    years = sorted(set(AgencyReport.objects.filter(status=Status.ACCEPTED).values_list("fy", flat=True)))
    for fy in years:
        if fiscal_year is not None and fy != fiscal_year:
            continue
        reported = list(IndicatorValue.objects.filter(report_id__in=latest_report_ids(fy), value__isnull=False,
                                                      indicator__aggregation=Indicator.Aggregation.SUM)
                        .values_list("indicator_id", "agency_id", "agency__kind"))
        people = {ind.pk for ind in Indicator.objects.filter(is_active=True) if ind.counts_people}
        reported = [r for r in reported if r[0] in people]
        if not reported:
            continue
        population = Population(f"indicator values FY {fy}", "central and executives (BMA, kinds, every agency)")
        by_indicator: dict[int, dict[int, str]] = {}
        for indicator_id, agency_id, kind in reported:
            by_indicator.setdefault(indicator_id, {})[agency_id] = kind

        def add(scope: str, results, atoms_for, population=population, by_indicator=by_indicator):
            population.exact += _entries(scope, results, atoms_for, by_indicator)

        add("BMA", indicator_results(fy), lambda i, agencies: frozenset((i, a) for a in agencies))
        for kind in sorted(set(k for _i, _a, k in reported)):
            add(f"kind {kind}", indicator_results(fy, kind=kind),
                lambda i, agencies, kind=kind: frozenset((i, a) for a, k in agencies.items() if k == kind))
        codes = dict(Agency.objects.values_list("pk", "code"))
        for agency_id in sorted({a for _i, a, _k in reported}):
            add(f"agency {codes[agency_id]}", indicator_results(fy, agency_id=agency_id),
                lambda i, agencies, agency_id=agency_id: frozenset({(i, agency_id)}) if agency_id in agencies
                else frozenset())
        yield population


def _entries(scope: str, results, atoms_for, by_indicator: dict) -> list[Entry]:
    out = []
    for r in results:
        agencies = by_indicator.get(r.indicator.pk)
        atoms = atoms_for(r.indicator.pk, agencies) if agencies is not None else frozenset()
        if atoms:
            out.append(Entry(scope, r.indicator.code, atoms, None if r.value is None else int(r.value)))
    return out
