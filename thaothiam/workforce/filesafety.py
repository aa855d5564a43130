"""Limits an uploaded workforce file must meet before any parser touches it.

An XLSX file is a zip archive of XML. A small archive can unpack to gigabytes (a 1.37 MB file took
the worker from 293 to 1,093 MB through openpyxl's shared-strings table) or declare a million
sparse rows that openpyxl pads one by one (0.14 MB kept the worker busy for 55 s). So before
openpyxl opens it, the archive's directory and the worksheets' XML are checked with bounded work:

- the total uncompressed size, and the shared-strings table's size (openpyxl keeps it in memory,
  so it may take a tenth of the total);
- every member's compression ratio;
- each worksheet's declared dimensions (``<dimension ref="A1:M100001"/>``) and the row numbers
  actually used, read by streaming the XML (its size is already bounded) — a file may omit or
  falsify its dimensions. A row wider than allowed is refused by the parser as soon as it is read
  (``check_width``): openpyxl pads rows only up to the declared width, which is checked here.

A CSV file is checked for rows (line count) and columns (header width). Limits come from settings
(``THAOTHIAM_IMPORT_MAX_ROWS`` …); see docs/decisions/0061-import-limits-and-task-queues.md.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from django.conf import settings

MAX_RATIO = 200  # real worksheets compress 5–40 times; zip bombs a thousand times or more
RATIO_FLOOR = 1 << 20  # members smaller than 1 MB unpacked cannot hurt, whatever their ratio
CHUNK = 1 << 20

_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]*)(\d*)(?::([A-Z]+)(\d+))?"')
_ROW = re.compile(rb'row\b[^>]*?\sr="(\d+)"')  # no "<": a literal start is 4x faster, and "x:row" matches too


class TooLarge(Exception):
    """The file exceeds a limit: ``code`` names the message, ``params`` fill it."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = {key: f"{value:,}" if isinstance(value, int) else value for key, value in params.items()}


def limits() -> tuple[int, int]:
    return settings.THAOTHIAM_IMPORT_MAX_ROWS, settings.THAOTHIAM_IMPORT_MAX_COLUMNS


def column_number(letters: bytes | str) -> int:
    number = 0
    for ch in letters.decode() if isinstance(letters, bytes) else letters:
        number = number * 26 + ord(ch) - 64
    return number


def check_xlsx(path: Path) -> None:
    """Raise TooLarge when the archive or one of its sheets is beyond the limits; zip errors pass
    through as ``zipfile.BadZipFile`` (the caller refuses those as "not a workbook")."""
    max_rows, max_columns = limits()
    max_bytes = settings.THAOTHIAM_IMPORT_MAX_UNPACKED_MB * 1024 * 1024
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
        if sum(m.file_size for m in members) > max_bytes:
            raise TooLarge("unpacked_too_large", limit=settings.THAOTHIAM_IMPORT_MAX_UNPACKED_MB)
        for member in members:
            if member.file_size > RATIO_FLOOR and member.file_size > MAX_RATIO * max(member.compress_size, 1):
                raise TooLarge("compression_ratio", limit=MAX_RATIO)
            if member.filename.endswith("sharedStrings.xml") and member.file_size > max_bytes // 10:
                raise TooLarge("unpacked_too_large", limit=settings.THAOTHIAM_IMPORT_MAX_UNPACKED_MB)
        for member in members:
            if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml"):
                _check_sheet(archive, member, max_rows + 1, max_columns)  # + 1: the header row


def _check_sheet(archive: zipfile.ZipFile, member: zipfile.ZipInfo, max_rows: int, max_columns: int) -> None:
    def refuse_if_beyond(rows: int, columns: int) -> None:
        if rows > max_rows:
            raise TooLarge("too_many_rows", limit=max_rows - 1)
        if columns > max_columns:
            raise TooLarge("too_many_columns", limit=max_columns)

    tail = b""
    declared = False
    with archive.open(member) as stream:
        while chunk := stream.read(CHUNK):
            text = tail + chunk
            if not declared and (found := _DIMENSION.search(text)):
                declared = True
                last_col, last_row = found.group(3) or found.group(1), found.group(4) or found.group(2)
                refuse_if_beyond(int(last_row or 0), column_number(last_col or b""))
            refuse_if_beyond(max((int(r) for r in _ROW.findall(text)), default=0), 0)
            tail = text[-256:]  # a tag cut in two by the chunk boundary is matched whole next time


def check_csv(line_count: int, header: list) -> None:
    max_rows, max_columns = limits()
    if line_count > max_rows:
        raise TooLarge("too_many_rows", limit=max_rows)
    if len(header) > max_columns:
        raise TooLarge("too_many_columns", limit=max_columns)


def check_width(values, max_columns: int) -> None:
    if len(values) > max_columns:
        raise TooLarge("too_many_columns", limit=max_columns)
