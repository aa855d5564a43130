"""Opening an HR file as a table: CSV or XLSX by extension AND content, rows read lazily (openpyxl in
read-only mode, the csv module), the limits of filesafety enforced before and while reading. The
header is the first row unless the caller relocates it (`Table.relocate_header`: HR exports put
title rows above it).
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from . import filesafety


class FileRefused(Exception):
    """The file cannot be read as a workforce file at all (wrong type, not a table)."""


# --- files --------------------------------------------------------------------------------------

XLSX_MAGIC = b"PK\x03\x04"
EXTENSIONS = (".csv", ".xlsx")


@dataclass
class Table:
    header: list
    rows: Iterator[tuple[int, tuple]]  # (line number, values); line 1 is the header
    total: int | None  # number of data rows, when known without reading them all
    close: object = None
    header_line: int = 1

    def relocate_header(self, choose, scan: int) -> None:
        """Let `choose(rows)` pick the header among the first `scan` rows (the first row included): it
        returns a position in that list, or -1 to keep the first row. Rows above the header are dropped;
        line numbers stay those of the sheet."""
        first = [(1, self.header)]
        head = first + list(itertools.islice(self.rows, scan - 1))
        position = choose([list(values) for _line, values in head])
        if position <= 0:
            self.rows = itertools.chain(head[1:], self.rows)
            return
        self.header_line, header = head[position]
        self.header = list(header)
        self.rows = itertools.chain(head[position + 1:], self.rows)
        if self.total is not None:
            self.total = max(self.total - (self.header_line - 1), 0)


def read_table(path: str | Path, filename: str | None = None) -> Table:
    """Open a CSV or XLSX file by extension AND content. FileRefused when it is neither."""
    path = Path(path)
    name = (filename or path.name).lower()
    with open(path, "rb") as handle:
        head = handle.read(65536)
    if name.endswith(".xlsx"):
        if not head.startswith(XLSX_MAGIC):
            raise FileRefused("not_xlsx")
        return _read_xlsx(path)
    if name.endswith(".csv"):
        if head.startswith(XLSX_MAGIC) or b"\x00" in head:
            raise FileRefused("not_csv")
        return _read_csv(path, head)
    raise FileRefused("extension")


def _read_xlsx(path: Path) -> Table:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        filesafety.check_xlsx(path)  # before openpyxl unpacks anything (raises TooLarge)
    except BadZipFile as error:
        raise FileRefused("not_xlsx") from error
    _rows, max_columns = filesafety.limits()
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # zip or XML errors: not a workbook we can read
        raise FileRefused("not_xlsx") from error
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = list(next(rows, None) or [])
    total = max((sheet.max_row or 1) - 1, 0) if sheet.max_row else None

    filesafety.check_width(header, max_columns)

    def data():
        for line, values in enumerate(rows, start=2):
            filesafety.check_width(values, max_columns)
            if values and any(v is not None and str(v).strip() != "" for v in values):
                yield line, values
        book.close()

    return Table(header, data(), total, book.close)


def _encoding(head: bytes) -> str:
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8-sig"
    except UnicodeDecodeError:
        return "cp874"  # Thai Windows, what Excel writes for "CSV" on a Thai system


def _read_csv(path: Path, head: bytes) -> Table:
    encoding = _encoding(head)
    sample = head.decode(encoding, errors="ignore")
    first_line = sample.splitlines()[0] if sample else ""
    delimiter = max([",", ";", "\t"], key=first_line.count)
    with open(path, "rb") as handle:
        total = max(sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b"")) - 1, 0)
    stream = io.TextIOWrapper(open(path, "rb"), encoding=encoding, newline="")  # noqa: SIM115 — closed by data()
    reader = csv.reader(stream, delimiter=delimiter)
    try:
        header = next(reader, None) or []
    except (UnicodeDecodeError, csv.Error) as error:
        stream.close()
        raise FileRefused("not_csv") from error
    try:
        filesafety.check_csv(total, header)
    except filesafety.TooLarge:
        stream.close()
        raise
    _rows, max_columns = filesafety.limits()

    def data():
        try:
            for values in reader:
                filesafety.check_width(values, max_columns)
                if any(v.strip() for v in values):
                    yield reader.line_num, values
        except (UnicodeDecodeError, csv.Error) as error:
            raise FileRefused("not_csv") from error
        finally:
            stream.close()

    return Table(header, data(), total, stream.close)
