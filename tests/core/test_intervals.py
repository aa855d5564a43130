"""The interval audit (core.intervals) on linked tables built to leak, and on tables that do not."""

import pytest

from thaothiam.core.disclosure import suppress_table
from thaothiam.core.intervals import Entry, audit

# personnel type → position type → level, by sex: the type table is the level table summed.
LEVELS = {"general.op": "general", "general.exp": "general", "academic.prac": "academic",
          "academic.prof": "academic", "director.low": "director", "director.high": "director"}
COUNTS = {("general.op", "F"): 40, ("general.op", "M"): 31, ("general.exp", "F"): 3, ("general.exp", "M"): 12,
          ("academic.prac", "F"): 25, ("academic.prac", "M"): 2, ("academic.prof", "F"): 18,
          ("academic.prof", "M"): 16, ("director.low", "F"): 6, ("director.low", "M"): 1,
          ("director.high", "F"): 2, ("director.high", "M"): 9}


def _entries(name, table, atoms_of_row):
    """Every cell and margin of a suppressed two-way table as audit entries over (level, sex) atoms."""
    out = []
    for i, r in enumerate(table.row_keys):
        for j, c in enumerate(table.col_keys):
            out.append(Entry(name, f"{r}×{c}", frozenset((a, c) for a in atoms_of_row(r)), table.cells[i][j]))
        out.append(Entry(name, f"{r}×total", frozenset((a, c) for a in atoms_of_row(r) for c in table.col_keys),
                         table.row_totals[i]))
    for j, c in enumerate(table.col_keys):
        out.append(Entry(name, f"total×{c}", frozenset((a, c) for a in LEVELS), table.col_totals[j]))
    out.append(Entry(name, "total", frozenset((a, c) for a in LEVELS for c in table.col_keys), table.total))
    return out


def _type_table():
    counts = {}
    for (level, sex), n in COUNTS.items():
        counts[(LEVELS[level], sex)] = counts.get((LEVELS[level], sex), 0) + n
    return suppress_table(counts)


def test_each_table_alone_passes_the_audit():
    levels = _entries("level × sex", suppress_table(COUNTS), lambda r: [r])
    types = _entries("type × sex", _type_table(), lambda r: [k for k, v in LEVELS.items() if v == r])
    assert audit(levels) == [] and audit(types) == []
    assert sum(e.value is None for e in levels) >= 4  # 3, 2, 1, 2 and their complements


def test_two_tables_suppressed_one_by_one_give_hidden_cells_away():
    """Issue 10, attack 2: the type table minus the shown level cells pins hidden level cells."""
    levels = _entries("level × sex", suppress_table(COUNTS), lambda r: [r])
    types = _entries("type × sex", _type_table(), lambda r: [k for k, v in LEVELS.items() if v == r])
    findings = audit(levels + types)
    assert findings
    pinned = {f.entry.label: (f.low, f.high) for f in findings if f.entry.table == "level × sex"}
    # each finding is the truth: the interval holds the real count
    for f in findings:
        if f.entry.table == "level × sex" and "total" not in f.entry.label:
            level, sex = f.entry.label.split("×")
            assert f.low <= COUNTS[(level, sex)] <= f.high
            assert f.tables == ("level × sex", "type × sex")
    assert pinned
    assert "type × sex" in str(findings[0]) or "level × sex" in str(findings[0])


def test_a_percentage_beside_a_table_pins_its_hidden_cells():
    """Issue 10, attack 3: 31.8 % of 22 can only be 7 — a shown share is a shown count."""
    entries = [Entry("by sex", "F", frozenset({"F"}), None), Entry("by sex", "M", frozenset({"M"}), None),
               Entry("by sex", "total", frozenset({"F", "M"}), 22),
               Entry("share", "women %", frozenset({"F"}), 7)]  # round(22 × 31.8 %) is the only count that fits
    findings = audit(entries)
    assert {f.entry.label for f in findings} == {"F", "M"}
    assert all(f.low == f.high for f in findings)


def test_shown_zeros_narrow_hidden_cells_and_unknown_zeros_do_not():
    """Issue 10, attack 5: with zeros shown a hidden cell is >= 1, so two hidden cells summing to 3 are 1–2."""
    entries = [Entry("t", "a", frozenset({"a"}), None), Entry("t", "b", frozenset({"b"}), None),
               Entry("t", "a+b", frozenset({"a", "b"}), 3)]
    assert {(f.entry.label, f.low, f.high) for f in audit(entries)} == {("a", 1, 2), ("b", 1, 2)}
    assert audit(entries, zeros_shown=False) == []  # without shown zeros each lies in [0, 3]
    wide = [Entry("t", "a", frozenset({"a"}), None), Entry("t", "b", frozenset({"b"}), None),
            Entry("t", "a+b", frozenset({"a", "b"}), 9)]
    assert audit(wide) == []  # each of a, b lies in [1, 8]


def test_a_cell_shown_in_one_table_and_hidden_in_another_is_pinned():
    entries = [Entry("one", "a", frozenset({"a"}), None), Entry("two", "a", frozenset({"a"}), 3),
               Entry("one", "c", frozenset({"c"}), None)]
    findings = audit(entries)
    assert [(f.entry.table, f.low, f.high) for f in findings] == [("one", 3, 3)]
    assert findings[0].tables == ("one", "two")


def test_unbounded_hidden_cells_are_not_findings_and_contradictions_are_errors():
    assert audit([Entry("t", "a", frozenset({"a"}), None)]) == []
    with pytest.raises(ValueError, match="inconsistent"):
        audit([Entry("t", "a", frozenset({"a"}), None), Entry("t", "a+b", frozenset({"a", "b"}), 2),
               Entry("t", "b", frozenset({"b"}), 5)])
