"""Explorer results as CSV and XLSX. Suppressed cells are exported empty, never as zero, with a note
saying why (the same disclosure-controlled table as on screen)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from thaothiam.core.datasets import Cell, Result


def result_rows(result: Result) -> list[list]:
    """The table as plain rows: header, data rows, total row. Hidden cells are None."""
    def value(cell: Cell | None):
        return None if cell is None or cell.hidden else cell.value

    head = [str(result.row_dim.label) if result.row_dim else ""]
    head += [label for _code, label in result.cols]
    if result.row_margin is not None:
        head.append(_("Total"))
    lines = [head]
    for i, (_code, label) in enumerate(result.rows):
        line = [label] + [value(c) for c in result.cells[i]]
        if result.row_margin is not None:
            line.append(value(result.row_margin[i]))
        lines.append(line)
    if result.row_dim is not None and result.total_row:
        total = [_("Total")]
        total += [value(c) for c in result.col_margin] if result.col_margin is not None else [None] * len(result.cols)
        if result.row_margin is not None or result.col_dim is None:
            if result.col_dim is None:
                total[-1] = value(result.total)
            else:
                total.append(value(result.total))
        lines.append(total)
    return lines


def note(result: Result | None = None) -> str:
    """The footer of an export: which protection applies (one line), and what an empty cell means."""
    if result is not None and result.protection == "perturbed":
        return result.protection_note + " " + _("Empty cells are not shown: a share of nobody, or a salary "
                                                "figure of fewer than 5 people or dominated by one salary.")
    return _("Empty cells are hidden by disclosure control: they count fewer than 5 people, or would "
             "let such a count be worked out from the totals.")


def filename(dataset_key: str, result: Result, *, ext: str, on: dt.date | None = None) -> str:
    """``workforce-headcount-by-agency-sex-2026-12-01.csv``: dataset, measure, breakdowns, the day made.
    Keys only (ASCII), so the name survives every mail client and file system."""
    parts = [dataset_key, result.measure.key]
    dims = [d.key for d in (result.row_dim, result.col_dim) if d is not None]
    if dims:
        parts += ["by", *dims]
    parts.append((on or timezone.localdate()).isoformat())
    return f"{slugify('-'.join(parts)) or 'explorer'}.{ext}"
