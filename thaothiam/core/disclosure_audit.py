"""The disclosure audit the product runs on itself (``thaothiam disclosure-audit``, the button on the
open-data page; docs/decisions/0026-disclosure-audit.md).

Apps describe what they publish in ``thaothiam/<app>/disclosure_audit.py`` with
``def populations(*, fiscal_year: int | None = None) -> Iterable[Population]``: for one population
(a workforce snapshot, the accepted activities of a fiscal year, ...) and one role, every fixed
figure that role can obtain, each with the set of records ("atoms") it counts.

* Exact figures (shown or hidden) go through the interval audit (core.intervals): no hidden count
  may be pinned or narrowed to an interval narrower than 3 by all of them together.
* Perturbed figures (core.cellkey) are checked for what makes differencing useless: no published
  count is in 1..4, and the same set of records has the same value in every table.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .cellkey import SMALLEST_SHOWN
from .datasets import Result
from .disclosure import TOTAL
from .discovery import app_modules
from .intervals import Entry, audit


@dataclass
class Population:
    name: str  # e.g. "workforce FY 2568"
    role: str  # e.g. "central and executives (BMA-wide)"
    exact: list[Entry] = field(default_factory=list)
    perturbed: list[Entry] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)  # an app's own checks (e.g. surveys' nested groups)


@dataclass
class Report:
    populations: int = 0
    hidden: int = 0  # hidden exact figures audited
    figures: int = 0  # figures looked at
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems


def result_entries(table: str, result: Result, atoms_of: Callable[[object, object], frozenset]) -> list[Entry]:
    """Every published figure of an explorer result, margins included; ``atoms_of(row, col)`` gives the
    records of a cell, with core.disclosure.TOTAL for a margin (col None in a one-way table)."""
    out = []
    two_way = result.col_dim is not None

    def add(label, row, col, cell):
        if cell is not None:
            out.append(Entry(table, label, atoms_of(row, col), None if cell.hidden else cell.value))

    for i, (r, r_label) in enumerate(result.rows):
        for j, (c, c_label) in enumerate(result.cols):
            add(f"{r_label} × {c_label}" if two_way else str(r_label), r, c if two_way else None, result.cells[i][j])
        if result.row_margin is not None:
            add(f"{r_label} × total", r, TOTAL, result.row_margin[i])
    if two_way and result.col_margin is not None and result.total_row:
        for j, (c, c_label) in enumerate(result.cols):
            add(f"total × {c_label}", TOTAL, c, result.col_margin[j])
    if result.show_overall:
        add("total", TOTAL, TOTAL if two_way else None, result.total)
    return out


def check_perturbed(entries: list[Entry]) -> list[str]:
    """Problems with perturbed figures: a count in 1..4, or one set of records shown with two values."""
    problems = []
    values: dict[frozenset, tuple[Entry, int]] = {}
    for e in entries:
        if e.value is None or not e.atoms:
            continue
        if 0 < e.value < SMALLEST_SHOWN:
            problems.append(_("%(table)s · %(label)s: a perturbed count of %(value)s (1–4 is never published)")
                            % {"table": e.table, "label": e.label, "value": e.value})
        first = values.setdefault(e.atoms, (e, e.value))
        if first[1] != e.value:
            problems.append(_("%(table)s · %(label)s = %(value)s, but the same people are %(other)s in "
                              "%(other_table)s · %(other_label)s")
                            % {"table": e.table, "label": e.label, "value": e.value, "other": first[1],
                               "other_table": first[0].table, "other_label": first[0].label})
    return problems


def run(*, fiscal_year: int | None = None, out: Callable[[str], None] = lambda _line: None) -> Report:
    report = Report()
    started = time.perf_counter()
    for module in app_modules("disclosure_audit"):
        if module.__name__ == __name__:
            continue
        for population in module.populations(fiscal_year=fiscal_year):
            report.populations += 1
            report.figures += len(population.exact) + len(population.perturbed)
            report.hidden += sum(e.value is None for e in population.exact)
            problems = ([str(f) for f in audit(population.exact)] + check_perturbed(population.perturbed)
                        + [str(f) for f in population.findings])
            status = "ok" if not problems else f"{len(problems)} finding(s)"
            out(f"{population.name} — {population.role}: {len(population.exact)} exact figures "
                f"({sum(e.value is None for e in population.exact)} hidden), {len(population.perturbed)} "
                f"perturbed: {status}")
            for problem in problems:
                out(f"  ✗ {problem}")
            report.problems += [f"{population.name} — {population.role}: {p}" for p in problems]
    report.seconds = time.perf_counter() - started
    return report


def grouped_atoms(rows: list[dict], dims: tuple[str, ...], scope: dict | None = None) -> Callable:
    """``atoms_of`` for a table over ``dims`` (one or two) of records given as dicts with an "id" and a
    code per dimension; ``scope`` restricts the records (e.g. one agency)."""
    picked = [r for r in rows if not scope or all(r[k] in v for k, v in scope.items())]
    groups: dict[tuple, set] = {}
    for r in picked:
        groups.setdefault(tuple(r[d] for d in dims), set()).add(r["id"])

    def atoms_of(row, col) -> frozenset:
        wanted = (row, col)[:len(dims)]
        found: set = set()
        for key, ids in groups.items():
            if all(w in (TOTAL, None) or k == w for k, w in zip(key, wanted, strict=False)):
                found |= ids
        return frozenset(found)

    return atoms_of


def disclosure_audit_run(*, actor, fiscal_year: int | None = None,
                         out: Callable[[str], None] = lambda _line: None) -> Report:
    """Run the audit for central before open data goes out, and record that it ran and what it found
    (counts only: a finding names a table and a cell, never a person)."""
    from . import audit as audit_log

    report = run(fiscal_year=fiscal_year, out=out)
    audit_log.record("disclosure.audit.run", actor=actor, after={
        "fiscal_year": fiscal_year, "populations": report.populations, "figures": report.figures,
        "hidden": report.hidden, "findings": len(report.problems), "seconds": round(report.seconds, 1)})
    return report
