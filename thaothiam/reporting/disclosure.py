"""Indicator values that count people, suppressed jointly over every table they appear in
(docs/decisions/0027).

A value counting people is published per agency (its dashboard and report), per kind of agency
(the results page's filter) and for the whole BMA (the sum, or mean × agencies). Hiding each small
value on its own leaves it recoverable: the BMA total minus every other agency gives it back. So
every agency's value of an indicator goes into one table — kind of agency × agency, each agency in
its own kind's row (the other cells are structural zeros, shown and never complements) — with its
row totals (kinds) and grand total (the BMA), suppressed once by core.disclosure; every output reads
whether its figure is hidden from that one table.
"""

from __future__ import annotations

from dataclasses import dataclass

from thaothiam.core.disclosure import SuppressedTable, suppress_table

from .models import IndicatorValue


@dataclass(frozen=True)
class PeopleTable:
    table: SuppressedTable
    kind_of: dict[int, str]  # agency id -> its kind (the row it sits in)

    def hidden(self, *, agency_id: int | None = None, kind: str = "") -> bool:
        """Is the figure of this scope (one agency, one kind of agency, or the BMA) hidden?"""
        t = self.table
        if agency_id:
            if agency_id not in self.kind_of:
                return False  # the agency reported no value: nothing is shown
            i, j = t.row_keys.index(self.kind_of[agency_id]), t.col_keys.index(agency_id)
            return t.mask[i][j] or t.col_total_mask[j]
        if kind:
            return kind in t.row_keys and t.row_total_mask[t.row_keys.index(kind)]
        return t.total_masked


def people_tables(report_ids: list[int], indicator_ids: list[int]) -> dict[int, PeopleTable]:
    """{indicator id: its jointly suppressed table} over the given (latest, accepted) reports; one query."""
    if not indicator_ids or not report_ids:
        return {}
    counts: dict[int, dict] = {}
    kinds: dict[int, dict[int, str]] = {}
    rows = (IndicatorValue.objects.filter(report_id__in=report_ids, indicator_id__in=indicator_ids,
                                          value__isnull=False)
            .values_list("indicator_id", "agency_id", "agency__kind", "value"))
    for indicator_id, agency_id, kind, value in rows:
        kinds.setdefault(indicator_id, {})[agency_id] = kind
        counts.setdefault(indicator_id, {})[(kind, agency_id)] = max(0, int(round(value)))
    out = {}
    for indicator_id, cells in counts.items():
        kind_of = kinds[indicator_id]
        row_keys = sorted(set(kind_of.values()))
        col_keys = sorted(kind_of)
        grid = {(k, a): cells.get((k, a), 0) for k in row_keys for a in col_keys}
        out[indicator_id] = PeopleTable(suppress_table(grid, row_keys, col_keys), kind_of)
    return out
