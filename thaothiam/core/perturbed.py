"""The explorer engine for perturbed datasets (core.datasets, docs/decisions/0022 and 0023).

Counts: every cell and margin is ``perturb(count, key sum)``; a margin's records are the union of
its cells', so its key is the sum of theirs. Shares: the perturbed part over the perturbed whole.
Means and medians: hidden where fewer than 5 people give the value or one value dominates (the
dataset's p% flags), otherwise rounded (Measure.round_to). Rows and columns whose every published
count is 0 are left out — decided on published values only, so leaving them out tells nothing more.
"""

from __future__ import annotations

from collections.abc import Hashable

from .cellkey import SMALLEST_SHOWN, perturb, round_magnitude
from .datasets import PERTURBED, Aggregate, Cell, Dataset, Dimension, Measure, Result
from .disclosure import TOTAL, SuppressedTable


def _sums(counts: dict, keys: dict | None, two_way: bool) -> tuple[dict, dict]:
    """Counts and key sums of every cell and margin, keyed as core.disclosure.suppression_mask."""
    n: dict[Hashable, int] = {}
    k: dict[Hashable, int] = {}
    for key, value in counts.items():
        if keys is not None and value and key not in keys:
            raise ValueError(f"a perturbed dataset gave no record-key sum for {key!r}")
        if two_way:
            r, c = key
            targets = [key, (r, TOTAL), (TOTAL, c), (TOTAL, TOTAL)]
        else:
            targets = [key, TOTAL]
        for target in targets:
            n[target] = n.get(target, 0) + value
            if keys is not None:
                k[target] = k.get(target, 0) + keys.get(key, 0)
    return n, k


def explore_perturbed(dataset: Dataset, measure: Measure, row_dim: Dimension | None, col_dim: Dimension | None,
                      rows: list, cols: list, raw: Aggregate) -> Result:
    two_way = col_dim is not None
    people_n, people_k = _sums(raw.counts, raw.keys, two_way)

    def published(key) -> int:
        return perturb(people_n.get(key, 0), people_k.get(key, 0))

    def at(r, c):
        return (r, c) if two_way else r

    col_keys = [c for c, _ in cols] if two_way else [None]
    # Leave out rows and columns in which every published count is 0.
    rows = [(r, label) for r, label in rows
            if any(published(at(r, c)) for c in col_keys) or (two_way and published((r, TOTAL)))]
    if two_way:
        cols = [(c, label) for c, label in cols
                if any(published((r, c)) for r, _ in rows) or published((TOTAL, c))]
        col_keys = [c for c, _ in cols]
    row_keys = [r for r, _ in rows]

    if measure.kind == "count":
        def value(key) -> Cell:
            return Cell(published(key), False)
    elif measure.kind == "share":
        part_n, part_k = _sums(raw.parts, raw.part_keys, two_way)

        def value(key) -> Cell:
            whole = published(key)
            if not whole:
                return Cell(None, True)
            part = perturb(part_n.get(key, 0), part_k.get(key, 0))
            return Cell(min(100.0, round(100 * part / whole, measure.decimals)), False)
    else:
        value_n, _keys = _sums(raw.value_counts, None, two_way)

        def value(key) -> Cell:
            v = raw.values.get(key)
            if v is None or value_n.get(key, 0) < SMALLEST_SHOWN or raw.dominated.get(key, True):
                return Cell(None, True)  # unknown p% flag: hidden (fails closed)
            return Cell(round_magnitude(v, measure.round_to) if measure.round_to else round(v, measure.decimals),
                        False)

    cells = [[value(at(r, c)) for c in col_keys] for r in row_keys]
    margins = measure.kind != "share"  # with two breakdowns only cell shares and the overall share
    row_margin = [value((r, TOTAL)) for r in row_keys] if two_way and margins else None
    col_margin = [value((TOTAL, c)) for c in col_keys] if two_way and margins else None
    total = value((TOTAL, TOTAL) if two_way else TOTAL)
    result = Result(dataset, measure, row_dim, col_dim, rows, cols, cells, row_margin, col_margin, total, None,
                    protection=PERTURBED)
    result.hidden_count = sum(c.hidden for line in cells for c in line) + sum(
        c.hidden for c in (row_margin or []) + (col_margin or [])) + total.hidden
    return result


def keyed_table(counts: dict, keys: dict, row_keys: list, col_keys: list) -> SuppressedTable:
    """A fixed table of perturbed counts in the shape of core.disclosure's SuppressedTable (so pages that
    showed a suppressed table show this one unchanged): ``counts`` and ``keys`` (record-key sums) keyed
    (row, col), or by row for a one-way table (``col_keys == [None]``). Nothing is hidden; every cell and
    margin is ``perturb(count, key sum)`` of its records, as in the explorer."""
    one_way = col_keys == [None]

    def at(r, c):
        return r if one_way else (r, c)

    def published(cells: list) -> int:
        return perturb(sum(counts.get(k, 0) for k in cells), sum(keys.get(k, 0) for k in cells))

    cells = [[published([at(r, c)]) for c in col_keys] for r in row_keys]
    row_totals = [published([at(r, c) for c in col_keys]) for r in row_keys]
    col_totals = [published([at(r, c) for r in row_keys]) for c in col_keys]
    total = published([at(r, c) for r in row_keys for c in col_keys])
    return SuppressedTable(row_keys, col_keys, cells, row_totals, col_totals, total,
                           [[False] * len(col_keys) for _ in row_keys], [False] * len(row_keys),
                           [False] * len(col_keys), False)
