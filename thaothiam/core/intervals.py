"""The interval audit: what can an attacker who holds every published table work out about a hidden
count? (docs/decisions/0026-disclosure-audit.md)

Each published figure is an ``Entry``: the set of finest cells ("atoms") it adds up, and its value, or
None where it is hidden. The attacker knows every shown value exactly, that no count is negative, and,
because zeros are shown, that every hidden count is at least 1. For each hidden entry a linear program
minimises and maximises its sum subject to all of that (scipy's HiGHS); the hidden count is protected
when the interval is at least ``WIDTH`` wide (tau-argus's interval protection). An entry shown in one
table and hidden in another is simply shown: the audit finds it pinned.

The LP interval contains every whole-number answer, so a finding is certain. Counts are whole
numbers, so the bounds are rounded inwards (ceil of the minimum, floor of the maximum) before the
width is compared, as tau-argus does.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

import numpy as np

WIDTH = 3  # a hidden count must stay uncertain over an interval at least this wide


@dataclass(frozen=True)
class Entry:
    table: str  # the published table it belongs to (for the report)
    label: str  # the figure within that table
    atoms: frozenset  # the finest cells it sums
    value: int | None  # None: hidden


@dataclass(frozen=True)
class Finding:
    entry: Entry
    low: int
    high: int | None  # None: unbounded
    tables: tuple[str, ...]  # every table whose figures bear on it

    def __str__(self) -> str:
        from django.utils.translation import gettext as _

        high = "∞" if self.high is None else self.high
        return _("%(table)s · %(label)s: hidden, but lies in [%(low)s, %(high)s] given %(tables)s") % {
            "table": self.entry.table, "label": self.entry.label, "low": self.low, "high": high,
            "tables": ", ".join(self.tables)}


def audit(entries: Iterable[Entry], *, zeros_shown: bool = True, width: int = WIDTH) -> list[Finding]:
    """Every hidden entry narrowed to an interval narrower than ``width`` by the entries together."""
    from scipy.optimize import linprog

    entries = [e for e in entries if e.atoms]
    findings: list[Finding] = []
    for component in _components(entries):
        atoms = sorted({a for e in component for a in e.atoms}, key=repr)
        index = {a: i for i, a in enumerate(atoms)}
        shown = [e for e in component if e.value is not None]
        hidden = [e for e in component if e.value is None]
        if not hidden:
            continue

        a_eq = _matrix(shown, index) if shown else None
        b_eq = np.array([e.value for e in shown], dtype=float) if shown else None
        a_ub = -_matrix(hidden, index) if zeros_shown else None  # every hidden count >= 1
        b_ub = -np.ones(len(hidden)) if zeros_shown else None
        tables = tuple(sorted({e.table for e in component}))
        seen: set[frozenset] = set()
        for entry in hidden:
            if entry.atoms in seen:
                continue
            seen.add(entry.atoms)
            c = np.zeros(len(atoms))
            for a in entry.atoms:
                c[index[a]] = 1.0
            bounds = []
            for sign in (1.0, -1.0):
                result = linprog(sign * c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=(0, None),
                                 method="highs")
                if result.status == 3:  # unbounded
                    bounds.append(None)
                elif result.status == 0:
                    bounds.append(sign * result.fun)
                else:  # infeasible: the published figures contradict each other — report it loudly
                    raise ValueError(f"the published figures around {entry.table} · {entry.label} are inconsistent")
            low = math.ceil(bounds[0] - 1e-6)
            high = None if bounds[1] is None else math.floor(bounds[1] + 1e-6)
            if high is not None and high - low < width:
                involved = tuple(sorted({e.table for e in component if e.atoms & entry.atoms} | {entry.table}))
                findings.append(Finding(entry, low, high, involved if len(involved) > 1 else tables))
    return findings


def _matrix(group: list[Entry], index: dict):
    """One row per entry, a 1 for each of its atoms (sparse)."""
    from scipy.sparse import csr_matrix

    data, cols, ptr = [], [], [0]
    for e in group:
        for a in e.atoms:
            data.append(1.0)
            cols.append(index[a])
        ptr.append(len(data))
    return csr_matrix((data, cols, ptr), shape=(len(group), len(index)))


def _components(entries: list[Entry]) -> list[list[Entry]]:
    """Groups of entries linked through shared atoms: each is audited on its own (smaller programs)."""
    parent: dict[Hashable, Hashable] = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for e in entries:
        first = next(iter(e.atoms))
        for a in e.atoms:
            parent[find(a)] = find(first)
    groups: dict[Hashable, list[Entry]] = {}
    for e in entries:
        groups.setdefault(find(next(iter(e.atoms))), []).append(e)
    return list(groups.values())
