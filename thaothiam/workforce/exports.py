"""Import error reports as CSV and XLSX (the explorer's exports live in thaothiam.explorer.exports)."""

from __future__ import annotations

from thaothiam.core.spreadsheets import XLSX_TYPE, csv_response, xlsx_response

from .parser import RowError

__all__ = ["XLSX_TYPE", "csv_response", "error_lines", "xlsx_response"]


def error_lines(errors: list[RowError]) -> list[list]:
    lines = [["line", "column", "ปัญหา", "problem"]]
    lines += [[e.line, e.column, e.message("th"), e.message("en")] for e in errors]
    return lines
