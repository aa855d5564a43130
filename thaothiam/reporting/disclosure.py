"""Indicator values that count people, suppressed jointly over every table they appear in
(docs/decisions/0027).

A value counting people is published per agency (its dashboard and report), per kind of agency
(the results page's filter) and for the whole BMA (the sum, or mean × agencies). Hiding each small
value on its own leaves it recoverable: the BMA total minus every other agency gives it back. So
every agency's value of an indicator goes into one table — kind of agency × agency, each agency in
its own kind's row (the other cells are structural zeros, shown and never complements) — with its
row totals (kinds) and grand total (the BMA), suppressed once by core.disclosure; every output reads
whether its figure is hidden from that one table.

core.disclosure guarantees that no hidden value is determined exactly; the interval audit
(core.intervals) asks more: no hidden value narrowed to fewer than 3 possibilities. Where the audit
still finds one (say four hidden values of 1–2 that must add up to 6), the smallest shown value of 2
or more in the same kind is hidden as well, and the audit runs again until it finds nothing. The
result is kept per process for the same values.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from thaothiam.core.disclosure import suppress_table
from thaothiam.core.intervals import Entry, audit

from .models import IndicatorValue


@dataclass(frozen=True)
class PeopleTable:
    agencies: frozenset[int]  # hidden agency values
    kinds: frozenset[str]  # hidden kind totals
    total: bool  # the BMA value hidden

    def hidden(self, *, agency_id: int | None = None, kind: str = "") -> bool:
        """Is the figure of this scope (one agency, one kind of agency, or the BMA) hidden?"""
        if agency_id:
            return agency_id in self.agencies
        if kind:
            return kind in self.kinds
        return self.total


_cache: dict[tuple, PeopleTable] = {}
_lock = threading.Lock()


def joint(values: dict[int, tuple[str, int]]) -> PeopleTable:
    """The hidden figures of one indicator, given each agency's (kind, value)."""
    key = tuple(sorted(values.items()))
    found = _cache.get(key)
    if found is None:
        found = _joint(values)
        with _lock:
            if len(_cache) > 4096:
                _cache.clear()
            _cache[key] = found
    return found


def _joint(values: dict[int, tuple[str, int]]) -> PeopleTable:
    kinds = sorted({k for k, _n in values.values()})
    agencies = sorted(values)
    grid = {(k, a): (values[a][1] if values[a][0] == k else 0) for k in kinds for a in agencies}
    t = suppress_table(grid, kinds, agencies)
    hidden_a = {a for j, a in enumerate(agencies) if t.col_total_mask[j]
                or any(t.mask[i][j] for i in range(len(kinds)))}
    hidden_k = {k for i, k in enumerate(kinds) if t.row_total_mask[i]}
    total = t.total_masked
    for _round in range(len(agencies) + len(kinds) + 1):
        entries = [Entry("agency", str(a), frozenset({a}), None if a in hidden_a else n)
                   for a, (_k, n) in values.items()]
        entries += [Entry("kind", k, frozenset(a for a in agencies if values[a][0] == k),
                          None if k in hidden_k else sum(n for kk, n in values.values() if kk == k)) for k in kinds]
        entries.append(Entry("BMA", "", frozenset(agencies), None if total else sum(n for _k, n in values.values())))
        findings = audit(entries)
        if not findings:
            break
        atoms = findings[0].entry.atoms
        near = {values[a][0] for a in atoms}
        shown = sorted((n, a) for a, (k, n) in values.items() if a not in hidden_a and n >= 2)
        pick = [a for n, a in shown if values[a][0] in near] or [a for _n, a in shown]
        if pick:
            hidden_a.add(pick[0])
        elif set(kinds) - hidden_k:
            hidden_k.add(sorted(set(kinds) - hidden_k)[0])
        else:
            total = True
    return PeopleTable(frozenset(hidden_a), frozenset(hidden_k), total)


def people_tables(report_ids: list[int], indicator_ids: list[int]) -> dict[int, PeopleTable]:
    """{indicator id: its jointly suppressed table} over the given (latest, accepted) reports; one query."""
    if not indicator_ids or not report_ids:
        return {}
    values: dict[int, dict[int, tuple[str, int]]] = {}
    rows = (IndicatorValue.objects.filter(report_id__in=report_ids, indicator_id__in=indicator_ids,
                                          value__isnull=False)
            .values_list("indicator_id", "agency_id", "agency__kind", "value"))
    for indicator_id, agency_id, kind, value in rows:
        values.setdefault(indicator_id, {})[agency_id] = (kind, max(0, int(round(value))))
    return {indicator_id: joint(by_agency) for indicator_id, by_agency in values.items()}
