"""Every CSV and XLSX cell the product writes goes through here, so no exported cell can carry a formula.

A spreadsheet program reads a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return as a formula (``=HYPERLINK(...)`` that leaks data when clicked, DDE payloads that
run commands). Anyone who can type text that ends up in an export — a survey comment, an indicator
answer, an agency name — could plant one in a file that central opens. OWASP's rule, applied
here: text stays text and numbers stay numbers.

- CSV has no cell types, so such a text is written with a leading apostrophe (``'=1+2``), which
  Excel, LibreOffice and Google Sheets show as text.
- XLSX has cell types, so such a text is written as a string cell with Excel's quote prefix: it
  reads back exactly as typed and stays text even when someone edits the cell.

Numbers (int, float, Decimal), dates, booleans and empty cells pass through unchanged, so a negative
number stays a number. See docs/decisions/0060-spreadsheet-formula-injection.md.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.utils.functional import Promise

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def _plain(value: object) -> object:
    return str(value) if isinstance(value, Promise) else value  # lazy translations become their text


def csv_value(value: object) -> object:
    """A CSV cell: empty for None, an apostrophe before formula-like text, anything else as it is."""
    value = _plain(value)
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    if formula_like(value):
        value = "'" + value
    # One line-break form, so the csv module quotes it whatever the file's line terminator.
    return value.replace("\r\n", "\n").replace("\r", "\n")


class CsvWriter:
    """``csv.writer`` whose every cell goes through ``csv_value``."""

    def __init__(self, stream, **options):
        self._writer = csv.writer(stream, **options)

    def writerow(self, values: Iterable) -> None:
        self._writer.writerow([csv_value(v) for v in values])

    def writerows(self, lines: Iterable[Iterable]) -> None:
        for line in lines:
            self.writerow(line)


def xlsx_value(sheet, value: object) -> object:
    """An XLSX cell for ``sheet.append``: formula-like text becomes a quoted string cell; a lazy
    translation becomes its text; other values are left for openpyxl (numbers stay numbers)."""
    value = _plain(value)
    if not formula_like(value):
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # openpyxl would store "=..." as a formula
    cell.quotePrefix = True  # Excel keeps it text when the cell is edited
    return cell


def xlsx_append(sheet, values: Iterable) -> None:
    """``sheet.append`` with every cell through ``xlsx_value`` (write-only and normal sheets alike).
    Cells already built by the caller (bold headers, number formats) are checked too."""
    row = []
    for value in values:
        if hasattr(value, "data_type") and hasattr(value, "value"):  # an openpyxl cell
            if formula_like(value.value):
                value.data_type = "s"
                value.quotePrefix = True
            row.append(value)
        else:
            row.append(xlsx_value(sheet, value))
    sheet.append(row)


CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attachment(body, content_type: str, filename: str):
    from django.http import HttpResponse

    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(lines: list[list], filename: str, *, footer: str | None = None):
    """A CSV download (UTF-8 with a BOM, so Excel reads Thai), an optional one-line footer after a blank line."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = CsvWriter(buffer)
    writer.writerows(lines)
    if footer:
        writer.writerow([])
        writer.writerow([footer])
    return _attachment(buffer.getvalue(), CSV_TYPE, filename)


def xlsx_response(lines: list[list], filename: str, *, title: str, footer: str | None = None):
    """An XLSX download of one sheet: the first line bold, an optional footer after a blank line."""
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
    return _attachment(buffer.getvalue(), XLSX_TYPE, filename)
