"""Reading an HR workforce file (CSV or XLSX), one row per person, in a single streaming pass.

`read_table` opens the file and yields its rows lazily (openpyxl in read-only mode for XLSX, the
csv module for CSV); `RowParser` validates one row into a compact `PersonRow` tuple or a list of
`RowError`s. Nothing here touches the database: the import service (services.py) drives it.
The column specification is `COLUMNS` (docs/workforce.md shows it as a table).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import hmac
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import NamedTuple

from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from thaothiam.core.fiscal import BE_OFFSET
from thaothiam.core.formatting import TH_MONTHS_LONG, TH_MONTHS_SHORT, to_arabic_digits

from . import codes, filesafety


@dataclass(frozen=True)
class Column:
    name: str
    thai: str
    required: bool
    description: str  # English; the Thai is in the translation catalogue


COLUMNS = [
    Column("employee_id", "เลขประจำตัว", False, _("Staff number. This or national_id is required.")),
    Column("national_id", "เลขประจำตัวประชาชน", False,
           _("13-digit Thai national ID (checksum verified). Pseudonymised on import, never stored.")),
    Column("agency_code", "รหัสหน่วยงาน", True, _("The agency's code in the registry, e.g. DIS-1001.")),
    Column("sex", "เพศ", True, _("Legal sex: หญิง/ชาย, F/M or female/male.")),
    Column("birth_date", "วันเกิด", True, _("Date of birth: ISO, d/m/yyyy (B.E. or C.E.), 1 ต.ค. 2510 or a spreadsheet date.")),
    Column("personnel_type", "ประเภทบุคลากร", True,
           _("ข้าราชการกรุงเทพมหานครสามัญ, ข้าราชการครูและบุคลากรทางการศึกษา, ลูกจ้างประจำ, ลูกจ้างชั่วคราว or พนักงานจ้าง.")),
    Column("position_type", "ประเภทตำแหน่ง", True,
           _("บริหาร, อำนวยการ, วิชาการ, ทั่วไป (civil servants); สายงานการสอน, สายงานบริหารสถานศึกษา (teachers); empty or - for employees without one.")),
    Column("position_level", "ระดับตำแหน่ง", True,
           _("Level within the position type, e.g. ต้น, สูง, ชำนาญการ, ปฏิบัติงาน, ครูผู้ช่วย; empty when there is none.")),
    Column("is_executive", "ตำแหน่งบริหาร", True, _("Holds an executive post: yes/no, y/n, true/false, 1/0, ใช่/ไม่ใช่.")),
    Column("start_date", "วันที่บรรจุ", True, _("Date of appointment, in any of the date forms above.")),
    Column("salary", "เงินเดือน", False, _("Monthly salary in baht (optional).")),
    Column("gender_identity", "อัตลักษณ์ทางเพศ", False,
           _("Self-declared: หญิง, ชาย, ผู้มีความหลากหลายทางเพศ (LGBTQIAN+), ไม่ประสงค์ระบุ (optional).")),
    Column("gender_identity_consent", "ยินยอมเปิดเผย", False,
           _("Consent to record the gender identity: yes/no, ยินยอม/ไม่ยินยอม. Without consent it is not stored.")),
]
COLUMN_NAMES = [c.name for c in COLUMNS]
_HEADER_SPELLINGS = {codes.normalise(s): c.name for c in COLUMNS for s in (c.name, c.thai)}

MESSAGES = {
    "missing_column": _("The required column is missing."),
    "no_identifier_column": _("The file needs an employee_id or a national_id column."),
    "duplicate_column": _("The column appears twice."),
    "empty_file": _("The file has no header row."),
    "not_a_table": _("The file could not be read as a CSV or XLSX table."),
    "no_rows": _("The file has no data rows."),
    "too_many_rows": _("The file has more than %(limit)s data rows. Split it into files of at most %(limit)s rows."),
    "too_many_columns": _("The file has more than %(limit)s columns. Keep only the columns of the template."),
    "unpacked_too_large": _("The workbook unpacks to more than %(limit)s MB. Save only the staff sheet, or use CSV."),
    "compression_ratio": _("The workbook is compressed more than %(limit)s times, which no real staff list is. "
                           "It was refused unread as a possible archive bomb."),
    "required": _("A value is required."),
    "bad_date": _("Not a date. Use 2024-10-01, 1/10/2567 or 1 ต.ค. 2567."),
    "birth_range": _("The date of birth gives an age outside 15–80 at the as-of date."),
    "start_range": _("The start date must be after the 15th birthday and not after the as-of date."),
    "bad_sex": _("Sex must be หญิง or ชาย (F/M, female/male)."),
    "bad_bool": _("Must be yes or no (y/n, true/false, 1/0, ใช่/ไม่ใช่, ยินยอม/ไม่ยินยอม)."),
    "bad_personnel_type": _("Unknown personnel type."),
    "bad_position_type": _("Unknown position type."),
    "position_not_allowed": _("This position type does not exist for this personnel type."),
    "bad_level": _("Unknown level for this position type."),
    "bad_salary": _("The salary must be a number between 1 and 999,999."),
    "bad_gender_identity": _("Unknown gender identity."),
    "bad_national_id": _("Not a valid 13-digit Thai national ID (the check digit does not match)."),
    "bad_employee_id": _("The staff number is too long (at most 40 characters)."),
    "unknown_agency": _("Unknown agency code."),
    "agency_out_of_scope": _("This row belongs to another agency than the one being imported."),
    "person_in_other_agency": _("This person is already in this snapshot under another agency."),
    "duplicate_person": _("The same person appears again (first on line %(line)s)."),
}


class RowError(NamedTuple):
    line: int
    column: str
    code: str
    params: dict | None = None

    def message(self, language: str) -> str:
        with override(language):
            text = str(MESSAGES[self.code])
        return text % self.params if self.params else text


class PersonRow(NamedTuple):
    pseudonym: str
    agency_id: int
    sex: str
    gender_identity: str
    personnel_type: str
    position_type: str
    position_level: str
    is_executive: bool
    age: int
    age_band: str
    service_years: int
    salary: Decimal | None


class FileRefused(Exception):
    """The file cannot be read as a workforce file at all (wrong type, not a table)."""


# --- values -------------------------------------------------------------------------------------

_TRUE = {"yes", "y", "true", "t", "1", "ใช่", "ยินยอม", "มี"}
_FALSE = {"no", "n", "false", "f", "0", "ไม่ใช่", "ไม่ยินยอม", "ไม่มี"}
_MONTHS = {}
for _i, (_short, _long) in enumerate(zip(TH_MONTHS_SHORT, TH_MONTHS_LONG, strict=True), start=1):
    _MONTHS[_short.replace(".", "")] = _i
    _MONTHS[_long] = _i
for _i, _name in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1):
    _MONTHS[_name] = _i
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]+)?$")
_WORD_DATE = re.compile(r"^(\d{1,2})\s*([^\d\s]+)\s*(\d{4})$")


def text(value) -> str:
    """A cell as trimmed text with Thai digits made Arabic; '' for empty cells."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return to_arabic_digits(str(value)).strip()


def _year(year: int) -> int:
    return year - BE_OFFSET if year > 2400 else year  # B.E. years are > 2400; C.E. years are not


def parse_date(value) -> dt.date:
    """ISO, d/m/yyyy in B.E. or C.E., '1 ต.ค. 2567', or a spreadsheet date. ValueError otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = text(value)
    if m := _ISO_DATE.match(raw):
        return dt.date(_year(int(m[1])), int(m[2]), int(m[3]))
    if m := _NUMERIC_DATE.match(raw):
        return dt.date(_year(int(m[3])), int(m[2]), int(m[1]))
    if m := _WORD_DATE.match(raw):
        month = _MONTHS.get(m[2].replace(".", "").lower()[:3] if m[2].isascii() else m[2].replace(".", ""))
        if month is None:
            raise ValueError(raw)
        return dt.date(_year(int(m[3])), month, int(m[1]))
    raise ValueError(raw)


def parse_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    word = codes.normalise(text(value))
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ValueError(word)


def thai_id_valid(digits: str) -> bool:
    """The Thai national ID checksum: 13 digits, the last one a check digit (mod 11)."""
    if len(digits) != 13 or not digits.isdigit():
        return False
    total = sum(int(d) * (13 - i) for i, d in enumerate(digits[:12]))
    return (11 - total % 11) % 10 == int(digits[12])


def pseudonym(kind: str, identifier: str, key: str | bytes) -> str:
    """A keyed hash (HMAC-SHA256) of an identifier: stable across imports, not reversible without the key."""
    key_bytes = key.encode() if isinstance(key, str) else key
    return hmac.new(key_bytes, f"{kind}:{identifier}".encode(), hashlib.sha256).hexdigest()


def years_between(start: dt.date, end: dt.date) -> int:
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def map_headers(header: list) -> tuple[dict[str, int], list[RowError]]:
    """{column name: index} for the known columns; unknown columns are ignored."""
    found: dict[str, int] = {}
    errors: list[RowError] = []
    for index, cell in enumerate(header):
        name = _HEADER_SPELLINGS.get(codes.normalise(text(cell)))
        if name is None:
            continue
        if name in found:
            errors.append(RowError(1, name, "duplicate_column"))
        found[name] = index
    for column in COLUMNS:
        if column.required and column.name not in found:
            errors.append(RowError(1, column.name, "missing_column"))
    if "employee_id" not in found and "national_id" not in found:
        errors.append(RowError(1, "employee_id", "no_identifier_column"))
    return found, errors


# --- rows ---------------------------------------------------------------------------------------

class RowParser:
    """Validates rows against the registry and the as-of date; remembers who it has seen."""

    def __init__(self, *, columns: dict[str, int], as_of: dt.date, agencies: dict[str, int],
                 scope_agency_id: int | None, key: str | bytes, taken: frozenset[str] = frozenset()):
        self.columns = columns
        self.as_of = as_of
        self.agencies = {code.upper(): pk for code, pk in agencies.items()}
        self.scope_agency_id = scope_agency_id
        self.key = key.encode() if isinstance(key, str) else key
        self.seen: dict[str, int] = {}
        self.taken = taken  # pseudonyms already in the snapshot under other agencies

    def parse(self, line: int, values: tuple | list) -> tuple[PersonRow | None, list[RowError]]:
        errors: list[RowError] = []
        cell = self._cell_getter(values)

        def fail(column: str, code: str, params: dict | None = None) -> None:
            errors.append(RowError(line, column, code, params))

        ident = self._identifier(cell, fail)
        agency_id = None
        code = text(cell("agency_code")).upper()
        if not code:
            fail("agency_code", "required")
        elif code not in self.agencies:
            fail("agency_code", "unknown_agency")
        else:
            agency_id = self.agencies[code]
            if self.scope_agency_id is not None and agency_id != self.scope_agency_id:
                fail("agency_code", "agency_out_of_scope")
        sex = self._term(cell("sex"), codes.SEX_BY_SPELLING, "sex", "bad_sex", fail)
        birth = self._date(cell("birth_date"), "birth_date", fail)
        age = None
        if birth is not None:
            age = years_between(birth, self.as_of)
            if not 15 <= age <= 80:
                fail("birth_date", "birth_range")
                age = None
        start = self._date(cell("start_date"), "start_date", fail)
        service = None
        if start is not None:
            if start > self.as_of or (birth is not None and years_between(birth, start) < 15):
                fail("start_date", "start_range")
            else:
                service = years_between(start, self.as_of)
        personnel = self._term(cell("personnel_type"), codes.PERSONNEL_BY_SPELLING, "personnel_type",
                               "bad_personnel_type", fail)
        position, level = self._position(cell, personnel, fail)
        executive = self._bool(cell("is_executive"), "is_executive", fail, required=True)
        salary = self._salary(cell("salary"), fail)
        identity = self._identity(cell, fail)
        if errors:
            return None, errors
        if ident in self.seen:
            return None, [RowError(line, self._id_column(), "duplicate_person", {"line": self.seen[ident]})]
        if ident in self.taken:
            return None, [RowError(line, self._id_column(), "person_in_other_agency")]
        self.seen[ident] = line
        return PersonRow(ident, agency_id, sex, identity, personnel, position, level, executive, age,
                         codes.age_band(age), service, salary), []

    # helpers -------------------------------------------------------------------------------

    def _cell_getter(self, values):
        columns, size = self.columns, len(values)

        def cell(name: str):
            index = columns.get(name)
            return values[index] if index is not None and index < size else None

        return cell

    def _id_column(self) -> str:
        return "employee_id" if "employee_id" in self.columns else "national_id"

    def _identifier(self, cell, fail) -> str | None:
        employee = text(cell("employee_id"))
        national = re.sub(r"[\s\-]", "", text(cell("national_id")))
        if national and not thai_id_valid(national):
            fail("national_id", "bad_national_id")
            return None
        if employee:
            if len(employee) > 40:
                fail("employee_id", "bad_employee_id")
                return None
            return hmac.new(self.key, f"employee:{employee.upper()}".encode(), hashlib.sha256).hexdigest()
        if national:
            return hmac.new(self.key, f"national:{national}".encode(), hashlib.sha256).hexdigest()
        fail(self._id_column(), "required")
        return None

    @staticmethod
    def _term(value, index, column, error, fail):
        word = codes.normalise(text(value))
        if not word:
            fail(column, "required")
            return None
        term = index.get(word)
        if term is None:
            fail(column, error)
            return None
        return term.code

    @staticmethod
    def _date(value, column, fail):
        if value is None or text(value) == "":
            fail(column, "required")
            return None
        try:
            return parse_date(value)
        except (ValueError, TypeError):
            fail(column, "bad_date")
            return None

    @staticmethod
    def _bool(value, column, fail, *, required: bool):
        if value is None or text(value) == "":
            if required:
                fail(column, "required")
            return None
        try:
            return parse_bool(value)
        except ValueError:
            fail(column, "bad_bool")
            return None

    def _position(self, cell, personnel, fail):
        raw_type = codes.normalise(text(cell("position_type")))
        term = codes.POSITION_BY_SPELLING.get(raw_type or "-")
        if term is None:
            fail("position_type", "bad_position_type")
            return None, None
        if personnel is not None and term.code not in codes.POSITION_TYPES_FOR[personnel]:
            fail("position_type", "position_not_allowed")
            return None, None
        level = codes.level_code(term.code, text(cell("position_level")))
        if level is None:
            if not text(cell("position_level")):
                fail("position_level", "required")
            else:
                fail("position_level", "bad_level")
        return term.code, level

    @staticmethod
    def _salary(value, fail):
        if value is None or text(value) == "":
            return None
        try:
            amount = Decimal(text(value).replace(",", "").replace("฿", "").strip())
        except InvalidOperation:
            fail("salary", "bad_salary")
            return None
        if not amount.is_finite() or not 1 <= amount < 1_000_000:
            fail("salary", "bad_salary")
            return None
        return amount.quantize(Decimal("0.01"))

    def _identity(self, cell, fail) -> str:
        consent = self._bool(cell("gender_identity_consent"), "gender_identity_consent", fail, required=False)
        word = codes.normalise(text(cell("gender_identity")))
        if not word:
            return ""
        term = codes.GENDER_BY_SPELLING.get(word)
        if term is None:
            if consent:  # without consent the value is dropped unread, so it cannot be wrong
                fail("gender_identity", "bad_gender_identity")
            return ""
        return term.code if consent else ""


# --- files --------------------------------------------------------------------------------------

XLSX_MAGIC = b"PK\x03\x04"
EXTENSIONS = (".csv", ".xlsx")


@dataclass
class Table:
    header: list
    rows: Iterator[tuple[int, tuple]]  # (line number, values); line 1 is the header
    total: int | None  # number of data rows, when known without reading them all
    close: object = None


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
