"""What reporting publishes about the indicator values of one fiscal year, for the disclosure audit
(core.disclosure_audit): every value that counts people, for each agency, each kind of agency and the
BMA — the tables a central or executive user can put side by side (docs/decisions/0027). They are
exact figures, suppressed jointly, so they go through the interval audit. The participants of
activities are perturbed in every output (docs/decisions/0025) and need no interval audit.
"""

from __future__ import annotations

from collections.abc import Iterator

from thaothiam.agencies.models import Agency
from thaothiam.core.disclosure_audit import Population
from thaothiam.core.intervals import Entry
from thaothiam.plans.models import Indicator

from .models import AgencyReport, IndicatorValue, Status
from .selectors import indicator_results, latest_report_ids


def populations(*, fiscal_year: int | None = None) -> Iterator[Population]:
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
