"""core.disclosure: behaviour the mutation run of issue 17 §5 found untested — exact masks for row,
column and grand totals, how a one- or two-way table is recognised, input validation, mixed key types,
failing closed told apart from masking, and that complements are no more than needed."""

import dataclasses
import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_disclosure import check, extended_mask, recoverable

from thaothiam.core.disclosure import (
    DEFAULT_THRESHOLD,
    SUPPRESSED,
    TOTAL,
    apply_mask,
    is_disclosive,
    suppress_counts,
    suppress_table,
    suppression_mask,
)

# ---------------------------------------------------------------- validation first (fast)


def test_reserved_duplicate_and_unknown_keys_are_refused():
    with pytest.raises(ValueError, match="reserved"):
        suppress_counts({"a": 3, TOTAL: 3})
    with pytest.raises(ValueError, match="duplicate"):
        suppress_table({"a": 3}, row_keys=["a", "a"], col_keys=[None])
    with pytest.raises(ValueError, match="duplicate"):
        suppress_table({("a", "x"): 3}, row_keys=["a"], col_keys=["x", "x"])
    with pytest.raises(ValueError, match="outside"):
        suppress_table({("a", "x"): 3, ("b", "x"): 9}, row_keys=["a"], col_keys=["x"])
    with pytest.raises(ValueError, match="outside"):
        suppress_table({("a", "x"): 3, ("a", "y"): 9}, row_keys=["a"], col_keys=["x"])
    with pytest.raises(ValueError, match="outside"):
        suppress_table({"a": 3, "b": 9}, row_keys=["a"], col_keys=[None])


# ---------------------------------------------------------------- two-way keys: which total is which


def test_hidden_row_totals_are_keyed_by_row():
    # row a: 1 + 2 = 3 is hidden; with the grand total shown, row b's total must go too
    t = suppress_table({("a", "x"): 1, ("a", "y"): 2, ("b", "x"): 20, ("b", "y"): 30})
    assert suppression_mask(t) == {
        ("a", "x"): True, ("a", "y"): True, ("b", "x"): True, ("b", "y"): True,
        ("a", TOTAL): True, ("b", TOTAL): True,
        (TOTAL, "x"): False, (TOTAL, "y"): False, (TOTAL, TOTAL): False,
    }
    assert (t.row_totals, t.col_totals, t.total) == ([None, None], [21, 32], 53)


def test_hidden_column_totals_are_keyed_by_column():
    t = suppress_table({("x", "a"): 1, ("y", "a"): 2, ("x", "b"): 20, ("y", "b"): 30})
    assert suppression_mask(t) == {
        ("x", "a"): True, ("x", "b"): True, ("y", "a"): True, ("y", "b"): True,
        ("x", TOTAL): False, ("y", TOTAL): False,
        (TOTAL, "a"): True, (TOTAL, "b"): True, (TOTAL, TOTAL): False,
    }
    assert (t.row_totals, t.col_totals, t.total) == ([21, 32], [None, None], 53)
    assert t.col_total_mask == [True, True] and t.row_total_mask == [False, False]


def test_a_small_grand_total_is_hidden_and_keyed_as_total_total():
    t = suppress_table({("a", "x"): 1, ("a", "y"): 2, ("b", "x"): 1, ("b", "y"): 0})
    mask = suppression_mask(t)
    assert mask[(TOTAL, TOTAL)] is True and t.total is None and t.total_masked
    assert mask[("b", "y")] is False and t.cells[1][1] == 0  # a zero stays shown
    one_way = suppress_table({"a": 1, "b": 2})
    assert suppression_mask(one_way) == {"a": True, "b": True, TOTAL: True}
    assert one_way.row_totals == [None, None] and one_way.col_totals == [None] and one_way.total is None


def test_one_way_totals_repeat_the_cells():
    t = suppress_table({"a": 2, "b": 10, "c": 7, "d": 20})
    assert t.row_totals == [None, 10, None, 20] and t.col_totals == [39] and t.total == 39
    assert t.row_total_mask == [True, False, True, False] and t.col_total_mask == [False]


# ---------------------------------------------------------------- apply_mask: masking vs failing closed


def test_apply_mask_fails_closed_even_when_nothing_is_hidden():
    t = suppress_table({("a", "x"): 8, ("a", "y"): 9, ("b", "x"): 7, ("b", "y"): 6})
    assert not any(suppression_mask(t).values())
    values = {("a", "x"): 1.5, ("a", TOTAL): 3, (TOTAL, "y"): 4, (TOTAL, TOTAL): 5,
              ("zz", "x"): 2.5, (TOTAL, "q"): 6, "a": 7}
    assert apply_mask(t, values) == {("a", "x"): 1.5, ("a", TOTAL): 3, (TOTAL, "y"): 4, (TOTAL, TOTAL): 5,
                                     ("zz", "x"): SUPPRESSED, (TOTAL, "q"): SUPPRESSED, "a": SUPPRESSED}


def test_apply_mask_hides_what_is_hidden_and_keeps_what_is_shown():
    t = suppress_table({"a": 2, "b": 10, "c": 7, "d": 20})
    values = {"a": 4.1, "b": 3.2, "c": 2.3, "d": 1.4, TOTAL: 2.5}
    assert apply_mask(t, values) == {"a": None, "b": 3.2, "c": None, "d": 1.4, TOTAL: 2.5}
    hidden_total = suppress_table({"a": 1, "b": 2})
    assert apply_mask(hidden_total, {TOTAL: 9.9}) == {TOTAL: None}
    assert apply_mask(t, {}) == {}


# ---------------------------------------------------------------- one-way or two-way


def test_which_tables_are_one_way():
    assert suppress_table({("a", "x"): 3, ("b", "y"): 9}).col_keys == ["x", "y"]  # 2-tuples: two-way
    three = suppress_table({("a", "x", "p"): 3, ("b", "y", "q"): 9})
    assert three.one_way and three.row_keys == [("a", "x", "p"), ("b", "y", "q")]
    mixed = suppress_table({("a", "x"): 3, "b": 9})
    assert mixed.one_way and mixed.cells == [[None], [None]] and mixed.total == 12
    pairs = suppress_table({("a", "x"): 3, ("b", "y"): 9}, col_keys=[None])
    assert pairs.one_way and pairs.row_keys == [("a", "x"), ("b", "y")] and pairs.total == 12
    empty = suppress_table({})
    assert empty.one_way and empty.total == 0 and empty.cells == []
    shaped = suppress_table({}, ["a"], ["x", "y"])
    assert not shaped.one_way and shaped.cells == [[0, 0]] and shaped.col_totals == [0, 0]
    assert not suppress_table({("a", "x"): 5}).one_way


# ---------------------------------------------------------------- validation


def test_threshold_one_hides_nothing_and_non_integers_are_refused():
    assert suppress_table({("a", "x"): 1, ("a", "y"): 3}, threshold=1).cells == [[1, 3]]
    assert suppress_counts({"a": 1, "b": 1}, threshold=2) == {"a": None, "b": None, TOTAL: None}
    with pytest.raises(TypeError):
        suppress_table({"a": 3}, threshold=2.0)
    with pytest.raises(ValueError, match="threshold"):
        suppress_counts({"a": 3}, threshold=0)
    with pytest.raises(ValueError, match="negative"):
        suppress_counts({"a": 4, "b": -1})
    assert suppress_counts({"a": 0, "b": 0}) == {"a": 0, "b": 0, TOTAL: 0}  # zero is a count


def test_default_threshold_is_five():
    assert DEFAULT_THRESHOLD == 5
    assert suppress_counts({"a": 4, "b": 30, "c": 30})["a"] is None
    assert suppress_counts({"a": 5, "b": 30, "c": 30})["a"] == 5
    assert not is_disclosive(-1)


def test_table_is_frozen():
    t = suppress_table({"a": 7})
    with pytest.raises(dataclasses.FrozenInstanceError):
        t.total = 0


# ---------------------------------------------------------------- key order


def test_keys_of_mixed_types_are_ordered_and_suppressed():
    counts = {None: 3, "a": 10, "b": 20}  # "not stated" as None beside named rows
    assert suppress_counts(counts) == {None: None, "a": None, "b": 20, TOTAL: 33}
    t = suppress_table(counts, row_keys=["b", None, "a"])
    assert t.cells == [[20], [None], [None]] and t.row_keys == ["b", None, "a"]
    auto = suppress_table({(None, "x"): 3, ("a", "x"): 10, (None, 1): 9, ("a", 1): 9})
    assert auto.row_keys == [None, "a"] and auto.col_keys == [1, "x"]  # int before str, None before str
    assert auto.mask == [[True, True], [True, True]]


def test_default_keys_are_sorted_and_display_order_is_kept():
    t = suppress_table({("b", "y"): 7, ("a", "x"): 6, ("a", "y"): 8})
    assert t.row_keys == ["a", "b"] and t.col_keys == ["x", "y"]
    assert t.cells == [[6, 8], [0, 7]] and t.row_totals == [14, 7] and t.col_totals == [6, 15]
    shown = suppress_table({("b", "y"): 7, ("a", "x"): 6, ("a", "y"): 8}, ["b", "a"], ["y", "x"])
    assert shown.cells == [[7, 0], [8, 6]] and shown.row_totals == [7, 14] and shown.col_totals == [15, 6]


# ---------------------------------------------------------------- how complements are chosen


def test_the_cheapest_cells_are_chosen_as_complements():
    # the 2 at (a, x): the cheapest rectangle is (a, x), (a, z), (c, x), (c, z): 2 + 6 + 5 + 7
    counts = {("a", "x"): 2, ("a", "y"): 30, ("a", "z"): 6,
              ("b", "x"): 40, ("b", "y"): 50, ("b", "z"): 60,
              ("c", "x"): 5, ("c", "y"): 70, ("c", "z"): 7}
    t = suppress_table(counts)
    assert t.mask == [[True, False, True], [False, False, False], [True, False, True]]
    assert not any(t.row_total_mask) and not any(t.col_total_mask) and not t.total_masked


def test_cells_are_preferred_to_totals_and_totals_to_the_grand_total():
    # one row only: a cell's complements must be another cell of the row; its column is then
    # protected through the column totals, which cost more than any cell.
    t = suppress_table({("a", "x"): 2, ("a", "y"): 9, ("a", "z"): 30})
    assert t.mask == [[True, True, False]]
    assert t.col_total_mask == [True, True, False] and t.row_total_mask == [False] and not t.total_masked
    # two cells: the other cell (30) costs less than the row total, the grand total and a column total
    pair = suppress_table({("a", "x"): 2, ("a", "y"): 30})
    assert pair.mask == [[True, True]] and pair.col_total_mask == [True, True]
    assert pair.row_total_mask == [False] and not pair.total_masked and pair.total == 32
    # a 1 in a 1×1 table: the cell, its totals and the grand total are all the same 1
    one = suppress_table({("a", "x"): 1})
    assert one.mask == [[True]] and one.row_total_mask == [True] and one.col_total_mask == [True]
    assert one.total_masked


def test_a_zero_cannot_close_a_rectangle_so_row_totals_do():
    # the 3 at (1, 1): the rectangle through (0, 0) is impossible (a zero is shown), so the cheapest
    # cycle runs (1, 1), (0, 1) and both row totals (12 + two totals) rather than 30 + two totals
    t = suppress_table({(0, 0): 0, (0, 1): 12, (1, 0): 30, (1, 1): 3})
    assert t.mask == [[False, True], [False, True]]
    assert t.row_total_mask == [True, True] and t.col_total_mask == [False, False] and not t.total_masked


def test_a_one_cannot_be_lowered_and_a_two_can():
    # 1 and 9 in a row with a shown total: +1/−1 on (1, 9) gives (2, 8), so both are protected by each other
    assert suppress_counts({"a": 1, "b": 9, "c": 30}) == {"a": None, "b": None, "c": 30, TOTAL: 40}
    # a 2 may be lowered to 1: the 2 and a 1 protect each other (2 + 1 = 3: (1, 2) or (2, 1))
    assert suppress_counts({"a": 2, "b": 1, "c": 30}) == {"a": None, "b": None, "c": 30, TOTAL: 33}
    # two 2s: (1, 3), (2, 2), (3, 1) — no third cell is needed
    assert suppress_counts({"a": 2, "b": 2, "c": 30}) == {"a": None, "b": None, "c": 30, TOTAL: 34}
    # 1 + 1 + 1 with the total shown pins every 1: a fourth cell is needed
    assert suppress_counts({"a": 1, "b": 1, "c": 1, "d": 8, "e": 9})["d"] is None


def _protected(grid: np.ndarray, mask: np.ndarray) -> bool:
    from thaothiam.core.disclosure import SuppressedTable

    n_rows, n_cols = grid.shape
    t = SuppressedTable(list(range(n_rows)), list(range(n_cols)), [[None] * n_cols] * n_rows, [None] * n_rows,
                        [None] * n_cols, None, mask[:n_rows, :n_cols].tolist(), mask[:n_rows, n_cols].tolist(),
                        mask[n_rows, :n_cols].tolist(), bool(mask[n_rows, n_cols]))
    return recoverable(grid, t) == []


@settings(max_examples=120, deadline=None)
@given(st.integers(1, 3), st.integers(1, 3), st.data())
def test_no_complement_can_be_shown_again(n_rows, n_cols, data):
    """Brute force on tables up to 3 × 3 with one small cell: showing any one complement again (cell or
    total) lets an attacker pin down some hidden entry. So the pattern hides no entry it does not need."""
    grid = np.array(data.draw(st.lists(st.lists(st.integers(0, 12), min_size=n_cols, max_size=n_cols),
                                       min_size=n_rows, max_size=n_rows)), dtype=int)
    ext = np.zeros((n_rows + 1, n_cols + 1), dtype=int)
    ext[:n_rows, :n_cols] = grid
    ext[:n_rows, n_cols] = grid.sum(axis=1)
    ext[n_rows, :n_cols] = grid.sum(axis=0)
    ext[n_rows, n_cols] = grid.sum()
    primary = (ext > 0) & (ext < DEFAULT_THRESHOLD)
    if primary[:n_rows, :n_cols].sum() != 1 or primary[:n_rows, n_cols].any() or primary[n_rows].any():
        return  # one primary cell, no primary total: a single cycle protects it (the exact case)
    t = suppress_table({(i, j): int(n) for (i, j), n in np.ndenumerate(grid)})
    chosen = extended_mask(t)
    assert _protected(grid, chosen)
    for i, j in itertools.product(range(n_rows + 1), range(n_cols + 1)):
        if chosen[i, j] and not primary[i, j]:
            fewer = chosen.copy()
            fewer[i, j] = False
            assert not _protected(grid, fewer), (grid.tolist(), (i, j))


T, F = True, False


@pytest.mark.parametrize(("grid", "cells", "row_totals", "col_totals"), [
    # cells cost their count, totals cost more than all cells, the grand total the most: found by
    # comparing mutants of the cost function with the original on random tables
    ([[1, 4, 12], [3, 20, 6]], [[T, T, T], [T, T, T]], [F, F], [T, T, F]),
    ([[0, 1], [6, 0]], [[F, T], [T, F]], [T, T], [T, T]),
    ([[20, 1], [0, 2], [12, 6], [5, 30]], [[T, T], [F, T], [T, T], [F, F]], [F, T, T, F], [F, F]),
    # entries already hidden cost nothing on a cycle: rows 0 and 3 protect each other
    ([[12, 1, 2], [6, 12, 6], [20, 9, 12], [2, 5, 2]], [[T, T, T], [F, F, F], [F, F, F], [T, T, T]],
     [F, F, F, F], [F, F, F]),
    # one column of 9, 1, 2: the 1 and the 2 protect each other (the cheaper direction), the 9 stays shown
    ([[9], [1], [2]], [[F], [T], [T]], [F, T, T], [F]),
    # more columns than rows: the 2 at (1, 2) and its column total 2 (beside a shown 0) are protected
    # through row 1's cells and two column totals; the grand total must cost more than the five other
    # totals together whatever the table's shape, or row 1's total and the grand total are hidden instead
    # of a column total (8 entries, not 7)
    ([[20, 5, 0], [9, 1, 2]], [[T, T, F], [T, T, T]], [F, F], [T, F, T]),
])
def test_patterns_of_small_tables(grid, cells, row_totals, col_totals):
    """Exact patterns (the algorithm is deterministic), each checked safe by the brute-force attacker."""
    t = suppress_table({(i, j): v for i, row in enumerate(grid) for j, v in enumerate(row)})
    assert (t.mask, t.row_total_mask, t.col_total_mask, t.total_masked) == (cells, row_totals, col_totals, False)
    check(np.array(grid), t, DEFAULT_THRESHOLD)
