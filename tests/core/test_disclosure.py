"""Tests for thaothiam.core.disclosure: examples, then properties checked against an exact attacker.

The attacker knows every shown value, every total that is shown, and that each hidden entry is >= 1
(zeros are always shown). An entry counts as *recoverable* when every table consistent with that
knowledge gives it the same value. ``recoverable`` finds such entries by brute force over the hidden
cells.
"""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thaothiam.core.disclosure import (
    COMMENT_THRESHOLD,
    DEFAULT_THRESHOLD,
    SUPPRESSED,
    TOTAL,
    SuppressedTable,
    apply_mask,
    is_disclosive,
    suppress_counts,
    suppress_table,
    suppression_mask,
)

# ---------------------------------------------------------------- helpers


def extended_mask(t: SuppressedTable) -> np.ndarray:
    """(R+1)×(C+1) boolean matrix: cells, row totals in the last column, column totals in the last row."""
    top = np.column_stack(
        [
            np.array(t.mask, dtype=bool).reshape(len(t.row_keys), len(t.col_keys)),
            np.array(t.row_total_mask, dtype=bool),
        ]
    )
    bottom = np.array([*t.col_total_mask, t.total_masked], dtype=bool)
    return np.vstack([top, bottom])


def recoverable(grid: np.ndarray, t: SuppressedTable) -> list[tuple[int, int]]:
    """Hidden entries of the extended table that are pinned to one value by what is shown.

    This is a brute force over offsets of the hidden cells. The row, column and grand totals then
    follow from the cells. A box of ±1 is already exact: any other solution splits into unit
    alternating cycles with matching signs. We use ±3 on small cases anyway, as an independent
    cross-check.
    """
    mask = extended_mask(t)
    n_rows, n_cols = grid.shape
    hidden = [(i, j) for i in range(n_rows) for j in range(n_cols) if mask[i, j]]
    k = len(hidden)
    radius = 3 if k <= 5 else 1
    combos = list(itertools.product(range(-radius, radius + 1), repeat=k))
    offsets = np.array(combos, dtype=int).reshape(len(combos), k)
    delta = np.zeros((len(offsets), n_rows + 1, n_cols + 1), dtype=int)  # change of every entry
    for h, (i, j) in enumerate(hidden):
        delta[:, i, j] += offsets[:, h]
    delta[:, :n_rows, n_cols] = delta[:, :n_rows, :n_cols].sum(axis=2)
    delta[:, n_rows, :] = delta[:, :n_rows, :].sum(axis=1)
    ext = np.zeros((n_rows + 1, n_cols + 1), dtype=int)
    ext[:n_rows, :n_cols] = grid
    ext[:n_rows, n_cols] = grid.sum(axis=1)
    ext[n_rows, :n_cols] = grid.sum(axis=0)
    ext[n_rows, n_cols] = grid.sum()
    new = ext + delta
    feasible = np.all(np.where(mask, new >= 1, delta == 0), axis=(1, 2))
    assert feasible[np.all(offsets == 0, axis=1)].all()  # the true table is always feasible
    moved = delta[feasible] != 0
    return [
        (i, j)
        for i in range(n_rows + 1)
        for j in range(n_cols + 1)
        if mask[i, j] and not moved[:, i, j].any()
    ]


def run(grid: np.ndarray, one_way: bool, threshold: int) -> SuppressedTable:
    if one_way:
        return suppress_table({f"r{i}": int(n) for i, n in enumerate(grid[:, 0])}, threshold=threshold)
    return suppress_table({(i, j): int(n) for (i, j), n in np.ndenumerate(grid)}, threshold=threshold)


def check(grid: np.ndarray, t: SuppressedTable, threshold: int, brute_force_up_to: int = 9) -> None:
    n_rows, n_cols = grid.shape
    mask = extended_mask(t)
    ext = np.zeros((n_rows + 1, n_cols + 1), dtype=int)
    ext[:n_rows, :n_cols] = grid
    ext[:n_rows, n_cols] = grid.sum(axis=1)
    ext[n_rows, :n_cols] = grid.sum(axis=0)
    ext[n_rows, n_cols] = grid.sum()
    shown = [[*row, rt] for row, rt in zip(t.cells, t.row_totals, strict=True)] + [[*t.col_totals, t.total]]
    for i, j in np.ndindex(*ext.shape):
        # Shown values are the true ones, and hidden values are SUPPRESSED.
        assert shown[i][j] == (SUPPRESSED if mask[i, j] else ext[i, j])
        # (1) Every disclosive entry (cell or total) is hidden, and no zero is hidden.
        if is_disclosive(int(ext[i, j]), threshold):
            assert mask[i, j], (i, j)
        if ext[i, j] == 0:
            assert not mask[i, j], (i, j)
    # (2) Every line of the extended table hides 0 or >= 2 entries.
    for line in [*mask, *mask.T]:
        assert line.sum() != 1, mask
    if t.one_way:  # row totals repeat the cells, and the column total repeats the grand total
        assert t.row_total_mask == [m[0] for m in t.mask] and t.col_total_mask == [t.total_masked]
    # (3) Exact check: no hidden entry is pinned down, even knowing that hidden entries are >= 1.
    if int(mask[:n_rows, :n_cols].sum()) <= brute_force_up_to:
        assert recoverable(grid, t) == [], (grid.tolist(), mask.astype(int).tolist())


@st.composite
def tables(draw, max_rows=6, max_cols=6, max_count=30):
    one_way = draw(st.booleans())
    n_rows = draw(st.integers(1, max_rows))
    n_cols = 1 if one_way else draw(st.integers(1, max_cols))
    # Lean towards small counts so primaries, 1s and totals under the threshold come up often.
    count = st.one_of(st.integers(0, min(4, max_count)), st.integers(0, max_count))
    grid = np.array(
        draw(st.lists(st.lists(count, min_size=n_cols, max_size=n_cols), min_size=n_rows, max_size=n_rows)),
        dtype=int,
    )
    threshold = draw(st.sampled_from([DEFAULT_THRESHOLD, DEFAULT_THRESHOLD, 2, 3, COMMENT_THRESHOLD]))
    return grid, one_way, threshold


# ---------------------------------------------------------------- examples


def test_two_by_three_small_cell_gets_complements_in_its_row_and_column():
    counts = {("a", "x"): 2, ("a", "y"): 10, ("a", "z"): 12, ("b", "x"): 9, ("b", "y"): 11, ("b", "z"): 15}
    t = suppress_table(counts)
    # The cheapest cycle goes through column y (10 + 11 + 9), not z (12 + 15 + 9).
    assert t.mask == [[True, True, False], [True, True, False]]
    assert t.cells == [[None, None, 12], [None, None, 15]]
    assert (t.row_totals, t.col_totals, t.total) == ([24, 35], [11, 21, 27], 59)
    check(np.array([[2, 10, 12], [9, 11, 15]]), t, 5)


def test_one_way_single_small_cell_hides_next_smallest():
    assert suppress_counts({"a": 2, "b": 10, "c": 7, "d": 20}) == {
        "a": None,
        "b": 10,
        "c": None,
        "d": 20,
        TOTAL: 39,
    }
    t = suppress_table({"a": 2, "b": 10, "c": 7, "d": 20})
    assert t.col_keys == [None] and t.row_keys == ["a", "b", "c", "d"]


def test_nothing_hidden_when_all_cells_reach_threshold():
    t = suppress_table({("m", "f"): 5, ("m", "g"): 0, ("n", "f"): 30, ("n", "g"): 8})
    assert not any(map(any, t.mask)) and not any(t.row_total_mask + t.col_total_mask + [t.total_masked])
    assert t.cells == [[5, 0], [30, 8]] and t.total == 43


def test_total_under_threshold_is_hidden():
    assert suppress_counts({"a": 1, "b": 2}) == {"a": None, "b": None, TOTAL: None}
    t = suppress_table({("a", "x"): 1, ("a", "y"): 2, ("b", "x"): 20, ("b", "y"): 30})
    # Row a's total of 3 is hidden. With the grand total shown, it equals 53 minus row b's total, so
    # row b's total must be hidden as well (the margins line).
    assert t.row_total_mask == [True, True] and not t.total_masked
    check(np.array([[1, 2], [20, 30]]), t, 5)


def test_two_ones_cannot_protect_each_other():
    # The total is shown, so a + b = 2 and both >= 1 pin both to 1. A third cell is needed.
    assert suppress_counts({"a": 1, "b": 1, "c": 50, "d": 60}) == {
        "a": None,
        "b": None,
        "c": None,
        "d": 60,
        TOTAL: 112,
    }


def test_checker_catches_line_rule_only_pattern():
    """A 2×2 block of 1s satisfies the 'two per line' rule but is fully recoverable."""
    grid = np.array([[1, 1, 20], [1, 1, 20], [30, 30, 30]])
    naive = [[True, True, False], [True, True, False], [False, False, False]]
    no = [False] * 3
    t = SuppressedTable(
        [0, 1, 2], [0, 1, 2], [[None] * 3] * 3, [None] * 3, [None] * 3, None, naive, no, no, False
    )
    assert recoverable(grid, t) == [(0, 0), (0, 1), (1, 0), (1, 1)]
    check(grid, run(grid, False, 5), 5)  # the real algorithm hides enough


def test_comment_threshold_and_is_disclosive():
    assert [is_disclosive(n) for n in (0, 1, 4, 5)] == [False, True, True, False]
    assert is_disclosive(9, COMMENT_THRESHOLD) and not is_disclosive(10, COMMENT_THRESHOLD)
    assert suppress_counts({"x": 7, "y": 30, "z": 40}, threshold=COMMENT_THRESHOLD) == {
        "x": None,
        "y": None,
        "z": 40,
        TOTAL: 77,
    }


def test_apply_mask_hides_every_statistic_of_a_hidden_cell_and_fails_closed():
    t = suppress_table({("a", "x"): 2, ("a", "y"): 10, ("b", "x"): 9, ("b", "y"): 11})
    means = {("a", "x"): 4.5, ("b", "y"): 3.2, ("a", TOTAL): 3.9, (TOTAL, TOTAL): 3.7, ("zz", "x"): 1.0}
    assert apply_mask(t, means) == {
        ("a", "x"): None,
        ("b", "y"): None,
        ("a", TOTAL): 3.9,
        (TOTAL, TOTAL): 3.7,
        ("zz", "x"): None,
    }
    assert suppression_mask(suppress_table({"a": 1, "b": 9, "c": 9}))[TOTAL] is False
    # Failing closed told apart from masking: nothing is hidden here, yet an unknown key still is.
    open_table = suppress_table({("a", "x"): 9, ("a", "y"): 8})
    assert apply_mask(open_table, {("a", "x"): 4.5, ("zz", "x"): 1.0}) == {("a", "x"): 4.5, ("zz", "x"): None}


def test_display_order_and_missing_keys():
    t = suppress_table({("b", "y"): 7}, row_keys=["b", "a"], col_keys=["y", "x"])
    assert t.cells == [[7, 0], [0, 0]] and t.row_totals == [7, 0] and t.total == 7
    with pytest.raises(ValueError):
        suppress_table({("c", "x"): 3}, row_keys=["a"], col_keys=["x"])
    with pytest.raises(ValueError):
        suppress_counts({"a": -1})
    with pytest.raises(TypeError):
        suppress_counts({"a": 2.5})
    assert suppress_counts({}) == {TOTAL: 0}


# ---------------------------------------------------------------- properties


@settings(max_examples=300, deadline=None)
@given(tables())
def test_property_up_to_six_by_six(case):
    grid, one_way, threshold = case
    check(grid, run(grid, one_way, threshold), threshold)


@settings(max_examples=400, deadline=None)
@given(tables(max_rows=3, max_cols=3, max_count=12))
def test_property_small_tables_exact(case):
    grid, one_way, threshold = case
    check(grid, run(grid, one_way, threshold), threshold, brute_force_up_to=9)


@settings(max_examples=100, deadline=None)
@given(tables(), st.randoms(use_true_random=False))
def test_pattern_does_not_depend_on_display_order(case, rnd):
    grid, one_way, threshold = case
    base = run(grid, one_way, threshold)
    hidden = {k for k, h in suppression_mask(base).items() if h}
    rows, cols = list(base.row_keys), list(base.col_keys)
    rnd.shuffle(rows)
    rnd.shuffle(cols)
    counts = (
        {f"r{i}": int(n) for i, n in enumerate(grid[:, 0])}
        if one_way
        else {(i, j): int(n) for (i, j), n in np.ndenumerate(grid)}
    )
    shuffled = suppress_table(counts, rows, [None] if one_way else cols, threshold=threshold)
    assert {k for k, h in suppression_mask(shuffled).items() if h} == hidden


# ---------------------------------------------------------------- validation, keys, minimality (issue 17 §5)


@pytest.mark.parametrize("threshold", [0, -1, True, False])
def test_a_threshold_must_be_a_positive_integer(threshold):
    with pytest.raises(ValueError, match="threshold"):
        suppress_table({"a": 3}, threshold=threshold)


def test_bad_keys_and_counts_are_refused():
    with pytest.raises(ValueError, match="reserved"):
        suppress_counts({TOTAL: 3})
    with pytest.raises(ValueError, match="duplicate"):
        suppress_table({"a": 3}, row_keys=["a", "a"], col_keys=[None])
    with pytest.raises(ValueError, match="duplicate"):
        suppress_table({("a", "x"): 3}, row_keys=["a"], col_keys=["x", "x"])
    with pytest.raises(ValueError, match="outside"):
        suppress_table({("a", "x"): 3, ("b", "x"): 9}, row_keys=["a"], col_keys=["x"])
    with pytest.raises(ValueError, match="negative"):
        suppress_table({("a", "x"): -2})
    with pytest.raises(TypeError):
        suppress_table({("a", "x"): 1.0})
    assert suppress_table({("a", "x"): np.int64(7)}).total == 7  # NumPy integers are counts


def test_two_way_mask_keys_cover_cells_row_column_and_grand_totals():
    t = suppress_table({("a", "x"): 2, ("a", "y"): 10, ("b", "x"): 9, ("b", "y"): 11})
    mask = suppression_mask(t)
    assert set(mask) == {("a", "x"), ("a", "y"), ("b", "x"), ("b", "y"), ("a", TOTAL), ("b", TOTAL),
                         (TOTAL, "x"), (TOTAL, "y"), (TOTAL, TOTAL)}
    # the 2 is hidden; its cheapest protection is the 2×2 rectangle of cells; every total stays shown
    assert [k for k, h in mask.items() if h] == [("a", "x"), ("a", "y"), ("b", "x"), ("b", "y")]
    assert (t.row_totals, t.col_totals, t.total) == ([12, 20], [11, 21], 32)
    one_way = suppression_mask(suppress_table({"a": 2, "b": 9, "c": 30}))
    assert one_way == {"a": True, "b": True, "c": False, TOTAL: False}


def _protected(grid: np.ndarray, mask: np.ndarray) -> bool:
    """No hidden entry of the extended table is pinned, knowing hidden entries are >= 1 (brute force ±3)."""
    n_rows, n_cols = grid.shape
    t = SuppressedTable(row_keys=list(range(n_rows)), col_keys=list(range(n_cols)),
                        cells=[[None] * n_cols] * n_rows, row_totals=[None] * n_rows, col_totals=[None] * n_cols,
                        total=None, mask=mask[:n_rows, :n_cols].tolist(), row_total_mask=mask[:n_rows, n_cols].tolist(),
                        col_total_mask=mask[n_rows, :n_cols].tolist(), total_masked=bool(mask[n_rows, n_cols]))
    return recoverable(grid, t) == []


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 3), st.integers(2, 3), st.data())
def test_complements_cost_no_more_than_the_cheapest_protection(n_rows, n_cols, data):
    """One small cell in a table whose totals are all shown: brute force over every set of extra cells
    finds no protection cheaper (in the counts it hides) than the one chosen."""
    grid = np.array(data.draw(st.lists(st.lists(st.integers(5, 12), min_size=n_cols, max_size=n_cols),
                                       min_size=n_rows, max_size=n_rows)), dtype=int)
    i0, j0 = data.draw(st.integers(0, n_rows - 1)), data.draw(st.integers(0, n_cols - 1))
    grid[i0, j0] = data.draw(st.integers(1, 4))
    t = suppress_table({(i, j): int(n) for (i, j), n in np.ndenumerate(grid)})
    chosen = extended_mask(t)
    if chosen[:n_rows, n_cols].any() or chosen[n_rows, :].any():
        return  # a total was needed: the cost model then prefers any cells, nothing to compare
    cost = int(grid[chosen[:n_rows, :n_cols]].sum())
    cells = [(i, j) for i in range(n_rows) for j in range(n_cols) if (i, j) != (i0, j0)]
    best = None
    for k in range(1, len(cells) + 1):
        for extra in itertools.combinations(cells, k):
            mask = np.zeros((n_rows + 1, n_cols + 1), dtype=bool)
            mask[i0, j0] = True
            for i, j in extra:
                mask[i, j] = True
            total = int(grid[mask[:n_rows, :n_cols]].sum())
            if (best is None or total < best) and _protected(grid, mask):
                best = total
    assert best is not None and cost == best, (grid.tolist(), chosen.astype(int).tolist())
