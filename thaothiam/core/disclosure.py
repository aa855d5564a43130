"""Disclosure control: the one function every dashboard, export, explorer and API uses (PRODUCT.md §3, §4).

Method
------
A table has one or two breakdowns and also shows row totals, column totals and a grand total. Treat
it as an *extended* table with an extra total row and total column. Each line of that table (a row
with its total, a column with its total, the column totals with the grand total, the row totals with
the grand total) is a sum that an attacker can use.

1. **Primary suppression.** Hide every entry (cell or total) with ``0 < n < threshold``.
2. **Zeros are always shown.** A zero counts nobody, and a zero can never serve as a complement.
   So an attacker knows every hidden entry is at least 1. The protection rule below assumes this.
3. **Complementary suppression.** A hidden entry is protected when some other table exists that
   agrees with everything shown, has every hidden entry >= 1 and gives that entry a different value.
   In a two-way table with totals, those other tables come from *alternating cycles*: a closed walk
   through hidden entries that alternates between rows and columns. Adding +1 and -1 in turn round
   the walk (-1 and +1 for totals) keeps every line sum the same. A cycle works in one direction
   when every entry it lowers is >= 2.

   This check is exact. The difference between any two solutions splits into such cycles with
   matching signs (conformal decomposition), so if any other table exists, a single cycle exists.
   For each primary entry, a shortest-path search finds the cheapest cycle that protects it. In
   that search a hidden entry costs 0 and a shown cell costs its count, so the smallest cells are
   hidden first. Any total costs more than all the cells together, and the grand total costs the
   most. Every entry on the cycle is then protected by the same cycle. Hiding more entries never
   removes protection, so one pass is enough.

   The classic rule is "every line has 0 or >= 2 hidden entries". This method always satisfies it,
   but the rule alone is not enough. Take a 2×2 block of 1s inside larger rows and columns. It meets
   the rule, yet each 1 can be recovered because no hidden entry can be 0.

A one-way table uses the same method with a single column. Its row totals repeat its cells, and its
column total repeats the grand total.

Ties are broken in a canonical key order, not in display order. So the same counts always give the
same pattern, however a view sorts them.

Rules for callers
-----------------
* Apply the same mask to **every** statistic of an entry: n, mean, SD, %, band, trend. Use
  ``apply_mask``. Hiding only the count is not enough. A total's sum, minus the sums of the shown
  cells (mean × n), gives the sum of the hidden cells.
* A percentage whose numerator *or* denominator is hidden must be hidden. Otherwise, for example,
  a shown cell with its row % gives away a hidden row total.
* Any total you display must equal the sum of the table's cells. Put "unknown" or "not stated" in as a
  row or column instead of leaving it out of the cells.
* Protection across views: PRODUCT.md wants a hidden cell to stay hidden in *other* views as well.
  This module guarantees protection only within one table. Across views, protection depends on every
  view applying this function with the same threshold to the same base counts. Every filtered
  intersection must be counted from the same records and go through here. No view may show a
  differently filtered total that an attacker could combine with this one.
* Not handled: attribute disclosure through shown zeros (for example, a total of 6 with every person
  in one column), and an attacker who reasons about how this algorithm chose its complements.
"""

from __future__ import annotations

import heapq
import operator
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

SUPPRESSED = None  # how a suppressed value is represented to callers
DEFAULT_THRESHOLD = 5  # every count and metric (PRODUCT.md §3, §4)
COMMENT_THRESHOLD = 10  # survey open comments (PRODUCT.md §4)
TOTAL = "__total__"  # key for totals in suppress_counts / apply_mask / suppression_mask


def is_disclosive(n: int, threshold: int = DEFAULT_THRESHOLD) -> bool:
    """True if a count is too small to show. Zero is not disclosive: it counts nobody."""
    return 0 < n < threshold


@dataclass(frozen=True)
class SuppressedTable:
    row_keys: list
    col_keys: list  # [None] for a one-way table
    cells: list[list[int | None]]  # None where suppressed
    row_totals: list[int | None]  # one-way table: repeats the cells
    col_totals: list[int | None]  # one-way table: [total]
    total: int | None
    mask: list[list[bool]]  # True = suppressed
    row_total_mask: list[bool]
    col_total_mask: list[bool]
    total_masked: bool

    @property
    def one_way(self) -> bool:
        return self.col_keys == [None]


def suppression_mask(table: SuppressedTable) -> dict[Hashable, bool]:
    """{key: hidden?} keyed like the counts, with TOTAL for margins.

    Two-way keys: (row, col), (row, TOTAL), (TOTAL, col), (TOTAL, TOTAL). One-way keys: row, TOTAL.
    """
    if table.one_way:
        out: dict[Hashable, bool] = {r: table.mask[i][0] for i, r in enumerate(table.row_keys)}
        out[TOTAL] = table.total_masked
        return out
    out = {}
    for i, r in enumerate(table.row_keys):
        for j, c in enumerate(table.col_keys):
            out[(r, c)] = table.mask[i][j]
        out[(r, TOTAL)] = table.row_total_mask[i]
    for j, c in enumerate(table.col_keys):
        out[(TOTAL, c)] = table.col_total_mask[j]
    out[(TOTAL, TOTAL)] = table.total_masked
    return out


def apply_mask(table: SuppressedTable, values: Mapping) -> dict:
    """Return ``values`` (means, SDs, % ...) with SUPPRESSED wherever the entry's n is hidden.

    Keys follow ``suppression_mask``. A key the table does not know is hidden, which fails closed.
    """
    hidden = suppression_mask(table)
    return {k: SUPPRESSED if hidden.get(k, True) else v for k, v in values.items()}


def suppress_counts(counts: Mapping, *, threshold: int = DEFAULT_THRESHOLD) -> dict:
    """One-way convenience: {key: int|None, ..., "__total__": int|None}."""
    if TOTAL in counts:
        raise ValueError(f"{TOTAL!r} is reserved for the total")
    table = suppress_table(counts, list(counts), [None], threshold=threshold)
    out: dict = {k: table.cells[i][0] for i, k in enumerate(table.row_keys)}
    out[TOTAL] = table.total
    return out


def suppress_table(
    counts: Mapping, row_keys=None, col_keys=None, *, threshold: int = DEFAULT_THRESHOLD
) -> SuppressedTable:
    """Suppress a one- or two-way table of counts and its displayed totals.

    ``counts`` is keyed by (row_key, col_key), or by row_key for a one-way table. Missing keys count
    as 0. ``row_keys`` and ``col_keys`` give the display order (default: sorted keys seen). Pass
    ``col_keys=[None]`` for a one-way table whose row keys are 2-tuples.
    """
    if isinstance(threshold, bool) or operator.index(threshold) < 1:
        raise ValueError("threshold must be a positive integer")
    one_way = (
        col_keys == [None]
        or (col_keys is None and not all(isinstance(k, tuple) and len(k) == 2 for k in counts))
        or (col_keys is None and not counts)
    )
    if one_way:
        clean = {k: _as_count(v) for k, v in counts.items()}
        rows = _keys(row_keys, clean)
        cols: list = [None]
        grid = {(r, None): n for r, n in clean.items()}
    else:
        grid = {k: _as_count(v) for k, v in counts.items()}
        rows = _keys(row_keys, (r for r, _ in grid))
        cols = _keys(col_keys, (c for _, c in grid))
    if len(set(rows)) != len(rows) or len(set(cols)) != len(cols):
        raise ValueError("duplicate row or column keys")
    unknown = set(grid) - {(r, c) for r in rows for c in cols}
    if unknown:  # dropping them silently would make the shown totals wrong
        raise ValueError(f"counts for keys outside row_keys/col_keys: {sorted(map(repr, unknown))}")

    # Compute in canonical key order so tie-breaks do not depend on how a view sorts its rows.
    canon_r, canon_c = _canonical(rows), _canonical(cols)
    ext = [[grid.get((r, c), 0) for c in canon_c] for r in canon_r]
    for line in ext:
        line.append(sum(line))
    ext.append([sum(line[j] for line in ext) for j in range(len(cols) + 1)])
    hidden = _suppress(ext, threshold, one_way)

    # Map back to display order; the last row/column of `ext` are the totals.
    r_pos = {r: i for i, r in enumerate(canon_r)}
    c_pos = {c: j for j, c in enumerate(canon_c)}
    ri = [r_pos[r] for r in rows] + [len(rows)]
    ci = [c_pos[c] for c in cols] + [len(cols)]
    vals = [[None if hidden[i][j] else ext[i][j] for j in ci] for i in ri]
    mask = [[hidden[i][j] for j in ci] for i in ri]
    return SuppressedTable(
        row_keys=list(rows),
        col_keys=list(cols),
        cells=[line[:-1] for line in vals[:-1]],
        row_totals=[line[-1] for line in vals[:-1]],
        col_totals=vals[-1][:-1],
        total=vals[-1][-1],
        mask=[line[:-1] for line in mask[:-1]],
        row_total_mask=[line[-1] for line in mask[:-1]],
        col_total_mask=mask[-1][:-1],
        total_masked=mask[-1][-1],
    )


def _as_count(value) -> int:
    n = operator.index(value)  # rejects floats; accepts numpy integers
    if n < 0:
        raise ValueError(f"negative count: {value!r}")
    return n


def _canonical(keys: Iterable) -> list:
    keys = list(keys)
    try:
        return sorted(keys)
    except TypeError:  # mixed types, e.g. None with str
        return sorted(keys, key=lambda k: (type(k).__name__, repr(k)))


def _keys(given, seen: Iterable) -> list:
    return list(given) if given is not None else _canonical(set(seen))


def _suppress(ext: list[list[int]], threshold: int, one_way: bool) -> list[list[bool]]:
    """Hidden-mask for the extended table ``ext`` (last row/column = totals)."""
    last_r, last_c = len(ext) - 1, len(ext[0]) - 1
    hidden = [[is_disclosive(v, threshold) for v in line] for line in ext]
    margin_cost = 1 + sum(sum(line[:-1]) for line in ext[:-1])  # dearer than every cell together
    grand_cost = margin_cost * (last_r + last_c + 1)  # dearer than every other total together

    def cost(i: int, j: int) -> int:
        if i < last_r and j < last_c:
            return ext[i][j]
        if i == last_r and j == last_c:
            return grand_cost
        # One-way: the row totals repeat the cells and the column total repeats the grand total, so
        # they are paid for through the entry they copy.
        return 0 if one_way else margin_cost

    primaries = [(i, j) for i, line in enumerate(hidden) for j, h in enumerate(line) if h]
    for entry in primaries:
        options = [_cheapest_cycle(ext, hidden, entry, s, cost) for s in (1, -1)]
        found = [o for o in options if o is not None]
        if not found:  # unreachable: raising the entry with all its totals is always a valid cycle
            raise RuntimeError(f"no protecting cycle for entry {entry}")
        for i, j in min(found, key=lambda o: o[0])[1]:
            hidden[i][j] = True
    return hidden


def _cheapest_cycle(ext, hidden, entry, direction, cost):
    """Cheapest alternating cycle through ``entry`` usable in ``direction``: (cost, entries) or None.

    Nodes are the rows 0..R and the columns 0..C of the extended table (a column c is node R+1+c).
    An entry (i, j) joins row i and column j. The cycle crosses ``entry`` from row to column and then
    needs a path from its column back to its row. Along the cycle the changes alternate: +1 when a
    step goes row→column and -1 when it goes column→row, times ``direction``. They are negated for
    the non-grand totals, because a total moves the opposite way to its cells. A step that would lower
    an entry below 1 is not allowed, because zeros are shown, so a hidden entry is known to be >= 1.
    """
    n_rows, n_cols = len(ext), len(ext[0])

    def change(i: int, j: int, step: int) -> int:
        is_margin = (i == n_rows - 1) != (j == n_cols - 1)
        return direction * step * (-1 if is_margin else 1)

    i0, j0 = entry
    if change(i0, j0, 1) < 0 and ext[i0][j0] < 2:
        return None
    start, goal = n_rows + j0, i0
    dist, prev = {start: 0}, {}
    heap = [(0, start)]
    while heap:
        d, node = heapq.heappop(heap)
        if node == goal:
            break
        if d > dist[node]:
            continue
        if node < n_rows:
            steps = [((node, j), n_rows + j, 1) for j in range(n_cols)]
        else:
            steps = [((i, node - n_rows), i, -1) for i in range(n_rows)]
        for (i, j), nxt, step in steps:
            if (i, j) == entry or ext[i][j] == 0:  # zeros are shown and cannot protect anything
                continue
            if change(i, j, step) < 0 and ext[i][j] < 2:
                continue
            nd = d + (0 if hidden[i][j] else cost(i, j))
            if nd < dist.get(nxt, nd + 1):
                dist[nxt], prev[nxt] = nd, (node, (i, j))
                heapq.heappush(heap, (nd, nxt))
    if goal not in dist:
        return None
    entries, node = [entry], goal
    while node != start:
        node, e = prev[node]
        entries.append(e)
    return dist[goal], entries
