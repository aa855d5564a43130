"""The dataset registry behind the data explorer: every sex-disaggregated dataset plugs in here.

An app offers datasets by defining `DATASETS = [...]` in `thaothiam/<app>/datasets.py` (found
automatically, like nav.py). A dataset says which dimensions and measures it has and answers one
`Query` with raw aggregates (`Aggregate`); `explore()` then puts every figure through disclosure
control — a dataset never decides what is shown. docs/workforce.md explains how to write one.

Two protections (docs/decisions/0022, 0023):

* a dataset with ``perturbed = True`` gives, with every count, the sum of its records' keys
  (``Aggregate.keys``); counts and shares are then cell-key perturbed (core.cellkey), so a cell has
  the same value in every table and differencing tables yields noise. Salary figures are hidden for
  fewer than 5 people or where one salary dominates (``Aggregate.dominated``, the p% rule) and rounded;
* any other dataset is suppressed table by table (core.disclosure).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import cache

from django.utils.translation import gettext_lazy as _

from .disclosure import TOTAL, SuppressedTable, apply_mask, suppress_table, suppression_mask
from .discovery import app_modules
from .i18n import pick

PERTURBED = "perturbed"
SUPPRESSED = "suppressed"
NOTES = {
    PERTURBED: _("Figures are perturbed slightly to protect individuals: no count of 1–4 is shown, and a "
                 "total may differ slightly from the sum of its parts."),
    SUPPRESSED: _("Counts under 5 are hidden, with other cells hidden so that they cannot be worked out."),
}
MAGNITUDE_NOTE = _("Salaries are rounded to 100 baht and hidden for fewer than 5 people or where one salary "
                   "dominates.")

ALL = "__all__"  # the single row of a table without breakdowns
MAX_BREAKDOWNS = 2


@dataclass(frozen=True)
class Dimension:
    key: str
    label: str
    values: Callable[[], list[tuple[str, str]]]  # ordered (code, label), evaluated per request
    multi_year: bool = False  # True for the fiscal-year dimension (see Query.fiscal_years)


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    kind: str  # "count" | "share" | "mean" | "median"
    decimals: int = 0
    unit: str = ""
    round_to: int = 0  # a magnitude (salary) is rounded to this step (core.cellkey.round_magnitude)


@dataclass(frozen=True)
class Query:
    measure: str
    breakdowns: tuple[str, ...] = ()
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)  # dimension -> allowed codes
    agency_ids: frozenset[int] | None = None  # None: every agency (a BMA-wide role)


@dataclass
class Aggregate:
    """A dataset's raw answer, keyed by breakdown codes: (r, c) for two breakdowns, r for one, ALL for none.

    counts      people per cell — the basis of disclosure control for count and share measures;
    parts       for a share: people in the share's group per cell (e.g. women);
    values      for a mean or median: the statistic per cell AND per margin (keys as in
                core.disclosure.suppression_mask: (r, TOTAL), (TOTAL, c), (TOTAL, TOTAL); TOTAL one-way);
    value_counts people behind each value per cell (e.g. people with a salary) — its disclosure basis.
    """

    counts: dict[Hashable, int] = field(default_factory=dict)
    parts: dict[Hashable, int] = field(default_factory=dict)
    values: dict[Hashable, float | None] = field(default_factory=dict)
    value_counts: dict[Hashable, int] = field(default_factory=dict)
    keys: dict[Hashable, int] = field(default_factory=dict)  # perturbed datasets: record-key sum per count
    part_keys: dict[Hashable, int] = field(default_factory=dict)  # ... and per part of a share
    dominated: dict[Hashable, bool] = field(default_factory=dict)  # value keys failing the p% rule


class Dataset:
    """Subclass and register in `<app>/datasets.py`. `roles` may see it; coordinators only their agencies."""

    key: str = ""
    label: str = ""
    description: str = ""
    dimensions: list[Dimension] = []
    measures: list[Measure] = []
    roles: frozenset[str] = frozenset({"central", "executive", "coordinator"})
    order: int = 100  # position in the explorer's list (the first is the default)
    perturbed: bool = False  # True: aggregate() fills Aggregate.keys and counts are cell-key perturbed

    def dimension(self, key: str) -> Dimension:
        return next(d for d in self.dimensions if d.key == key)

    def measure(self, key: str) -> Measure:
        return next(m for m in self.measures if m.key == key)

    def available(self) -> bool:
        """False while there is nothing to explore (the explorer says so instead of showing zeros)."""
        return True

    def check(self, measure: str, breakdowns: tuple[str, ...], filters: dict[str, tuple[str, ...]]) -> str | None:
        """A message when the dataset cannot answer this combination (e.g. two dimensions it does not
        record together); the explorer shows it as a form error instead of a wrong table."""
        return None

    def aggregate(self, query: Query) -> Aggregate:  # pragma: no cover — abstract
        raise NotImplementedError


@cache
def registry() -> dict[str, Dataset]:
    found: dict[str, Dataset] = {}
    for module in app_modules("datasets"):
        if module.__name__ == __name__:  # this module is core's own `datasets`
            continue
        for dataset in module.DATASETS:
            if dataset.key in found:
                raise ValueError(f"dataset key {dataset.key!r} is registered twice")
            found[dataset.key] = dataset
    return dict(sorted(found.items(), key=lambda item: (item[1].order, item[0])))


# --- the explorer engine: raw aggregate -> disclosure-controlled table ---------------------------

@dataclass
class Cell:
    value: float | int | None  # None: hidden
    hidden: bool


@dataclass
class Result:
    dataset: Dataset
    measure: Measure
    row_dim: Dimension | None
    col_dim: Dimension | None
    rows: list[tuple[str, str]]  # (code, label)
    cols: list[tuple[str, str]]  # [(None, measure label)] without a column breakdown
    cells: list[list[Cell]]
    row_margin: list[Cell] | None  # None where the measure has no margins to show
    col_margin: list[Cell] | None
    total: Cell
    table: SuppressedTable | None = None
    hidden_count: int = 0
    total_row: bool = True  # False when rows are fiscal years: a sum over snapshots counts people twice
    show_overall: bool = True
    protection: str = SUPPRESSED

    @property
    def protection_note(self) -> str:
        """One line saying which protection applies (the explorer, its exports, open data)."""
        note = str(NOTES[self.protection])
        if self.measure.kind in ("mean", "median") and self.measure.round_to:
            note = f"{note} {MAGNITUDE_NOTE}"
        return note

    @property
    def empty(self) -> bool:
        return not self.rows

    @property
    def lines(self) -> list[dict]:
        """Rows ready for a template: label, cells and the row's margin (or None)."""
        return [{"code": code, "label": label, "cells": self.cells[i],
                 "margin": self.row_margin[i] if self.row_margin is not None else None}
                for i, (code, label) in enumerate(self.rows)]


def explore(dataset: Dataset, query: Query) -> Result:
    """The disclosure-controlled answer to one query. Totals across a multi-year dimension (snapshots)
    are still protected by the suppression but are not shown: they would add the same people up."""
    result = _explore(dataset, query)
    if result.row_dim is not None and result.row_dim.multi_year:
        result.total_row = result.show_overall = False
    if result.col_dim is not None and result.col_dim.multi_year:
        result.row_margin = None
        result.show_overall = False
    return result


def _explore(dataset: Dataset, query: Query) -> Result:
    measure = dataset.measure(query.measure)
    dims = [dataset.dimension(key) for key in query.breakdowns[:MAX_BREAKDOWNS]]
    raw = dataset.aggregate(query)
    row_dim = dims[0] if dims else None
    col_dim = dims[1] if len(dims) > 1 else None
    rows = _present(row_dim, raw, 0, two_way=col_dim is not None)
    cols = _present(col_dim, raw, 1, two_way=True) if col_dim else [(None, str(measure.label))]
    if dataset.perturbed:
        from .perturbed import explore_perturbed

        return explore_perturbed(dataset, measure, row_dim, col_dim, rows, cols, raw)
    row_keys = [code for code, _label in rows]
    col_keys = [code for code, _label in cols]
    if measure.kind == "count":
        return _counts(dataset, measure, row_dim, col_dim, rows, cols, raw.counts)
    if measure.kind == "share":
        return _share(dataset, measure, row_dim, col_dim, rows, cols, raw)
    basis = _table(raw.value_counts, row_keys, col_keys)
    values = apply_mask(basis, raw.values)
    return _assemble(dataset, measure, row_dim, col_dim, rows, cols, basis, values)


def _present(dim: Dimension | None, raw: Aggregate, axis: int, *, two_way: bool) -> list[tuple[str, str]]:
    """The dimension's codes that occur in the data (or ALL without a breakdown), in its own order."""
    if dim is None:
        return [(ALL, pick("ทั้งหมด", "All"))]
    keys = set(raw.counts) | set(raw.value_counts)
    seen = {k[axis] for k in keys if isinstance(k, tuple)} if two_way else {k for k in keys}
    return [(code, label) for code, label in dim.values() if code in seen]


def _table(counts: dict, row_keys: list, col_keys: list) -> SuppressedTable:
    if col_keys == [None]:
        return suppress_table({r: counts.get(r, 0) for r in row_keys}, row_keys, [None])
    grid = {(r, c): counts.get((r, c), 0) for r in row_keys for c in col_keys}
    return suppress_table(grid, row_keys, col_keys)


def _counts(dataset, measure, row_dim, col_dim, rows, cols, counts) -> Result:
    row_keys, col_keys = [r for r, _ in rows], [c for c, _ in cols]
    table = _table(counts, row_keys, col_keys)
    cells = [[Cell(table.cells[i][j], table.mask[i][j]) for j in range(len(col_keys))] for i in range(len(row_keys))]
    row_margin = [Cell(v, m) for v, m in zip(table.row_totals, table.row_total_mask, strict=True)]
    col_margin = [Cell(v, m) for v, m in zip(table.col_totals, table.col_total_mask, strict=True)]
    result = Result(dataset, measure, row_dim, col_dim, rows, cols, cells,
                    row_margin if col_dim is not None else None, col_margin if row_dim is not None else None,
                    Cell(table.total, table.total_masked), table)
    result.hidden_count = _hidden(result)
    return result


def _share(dataset, measure, row_dim, col_dim, rows, cols, raw: Aggregate) -> Result:
    """A share (e.g. of women): suppress the table of (cell × in group / not in group) and show a share
    only where both its numerator and its denominator are shown."""
    row_keys, col_keys = [r for r, _ in rows], [c for c, _ in cols]
    flat = [(r, c) for r in row_keys for c in col_keys] if col_dim is not None else list(row_keys)
    grid = {}
    for key in flat:
        n, part = raw.counts.get(key, 0), raw.parts.get(key, 0)
        grid[(key, "in")], grid[(key, "out")] = part, n - part
    table = suppress_table(grid, flat, ["in", "out"])

    def share(part, whole, hidden):
        if hidden or part is None or whole is None or not whole:
            return Cell(None, hidden or part is None or whole is None)
        return Cell(round(100 * part / whole, measure.decimals), False)

    by_key = {key: share(table.cells[i][0], table.row_totals[i], table.mask[i][0] or table.row_total_mask[i])
              for i, key in enumerate(flat)}
    if col_dim is not None:
        cells = [[by_key[(r, c)] for c in col_keys] for r in row_keys]
    else:
        cells = [[by_key[r]] for r in row_keys]
    total = share(table.col_totals[0], table.total, table.col_total_mask[0] or table.total_masked)
    result = Result(dataset, measure, row_dim, col_dim, rows, cols, cells, None, None, total, table)
    result.hidden_count = _hidden(result)
    return result


def _assemble(dataset, measure, row_dim, col_dim, rows, cols, table, values) -> Result:
    row_keys, col_keys = [r for r, _ in rows], [c for c, _ in cols]
    one_way = col_dim is None
    mask = suppression_mask(table)

    def cell(key) -> Cell:
        hidden = mask.get(key, True)  # unknown keys fail closed
        return Cell(None if hidden else values.get(key), hidden)

    if one_way:
        cells = [[cell(r)] for r in row_keys]
        row_margin, col_margin = None, None
        total = cell(TOTAL)
    else:
        cells = [[cell((r, c)) for c in col_keys] for r in row_keys]
        row_margin = [cell((r, TOTAL)) for r in row_keys]
        col_margin = [cell((TOTAL, c)) for c in col_keys]
        total = cell((TOTAL, TOTAL))
    result = Result(dataset, measure, row_dim, col_dim, rows, cols, cells, row_margin, col_margin, total, table)
    result.hidden_count = _hidden(result)
    return result


def _hidden(result: Result) -> int:
    count = sum(c.hidden for line in result.cells for c in line)
    count += sum(c.hidden for c in (result.row_margin or []) + (result.col_margin or []))
    return count + result.total.hidden
