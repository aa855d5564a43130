"""Explorer results and error reports as CSV and XLSX. Suppressed cells are exported empty, never as
zero, with a note saying why (the same disclosure-controlled table as on screen)."""

from __future__ import annotations

import io

from django.http import HttpResponse
from django.utils.translation import gettext as _

from thaothiam.core.datasets import Cell, Result
from thaothiam.core.spreadsheets import CsvWriter, xlsx_append

from .parser import RowError

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


def csv_response(lines: list[list], filename: str, *, footer: str | None = None) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel opens UTF-8 Thai correctly only with a BOM
    writer = CsvWriter(buffer)
    writer.writerows(lines)
    if footer:
        writer.writerow([])
        writer.writerow([footer])
    response = HttpResponse(buffer.getvalue(), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(lines: list[list], filename: str, *, title: str, footer: str | None = None) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook(write_only=False)
    sheet = book.active
    sheet.title = title[:31]
    for line in lines:
        xlsx_append(sheet, line)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    if footer:
        sheet.append([])
        xlsx_append(sheet, [footer])
    sheet.column_dimensions["A"].width = 40
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def error_lines(errors: list[RowError]) -> list[list]:
    lines = [["line", "column", "ปัญหา", "problem"]]
    lines += [[e.line, e.column, e.message("th"), e.message("en")] for e in errors]
    return lines
