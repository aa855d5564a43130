"""Reading an HR workforce file (CSV or XLSX), one row per person, in a single streaming pass.

`read_table` opens the file and yields its rows lazily (openpyxl in read-only mode for XLSX, the
csv module for CSV); `RowParser` validates one row into a compact `PersonRow` tuple or a list of
`RowError`s. Nothing here touches the database: the import service (services.py) drives it.
The column specification is `COLUMNS` (docs/workforce.md shows it as a table).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from thaothiam.core.fiscal import BE_OFFSET
from thaothiam.core.formatting import TH_MONTHS_LONG, TH_MONTHS_SHORT, to_arabic_digits
from thaothiam.core.pseudonyms import pseudonym

from . import codes, hrcolumns
from .tablefile import XLSX_MAGIC, FileRefused, Table, read_table  # noqa: F401 (the import's file reader)


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
    Column("agency_code", "รหัสหน่วยงาน", False,
           _("The agency's code in the registry, e.g. DIS-1001. This or the agency's name is required.")),
    Column("agency_name", "หน่วยงาน", False,
           _("The agency's name as in the registry (Thai or English), or its short name, e.g. เขตพระนคร.")),
    Column("sex", "เพศ", False,
           _("Legal sex: หญิง/ชาย, F/M or female/male. Without it, sex is taken from the name prefix.")),
    Column("full_name", "ชื่อ-สกุล", False,
           _("Read only for the prefix (นาย → male; นาง, นางสาว, น.ส. → female) when there is no sex column. "
             "The name is never stored.")),
    Column("birth_date", "วันเกิด", True, _("Date of birth: ISO, d/m/yyyy (B.E. or C.E.), 1 ต.ค. 2510 or a spreadsheet date.")),
    Column("personnel_type", "ประเภทบุคลากร", True,
           _("ข้าราชการกรุงเทพมหานครสามัญ, ข้าราชการครูและบุคลากรทางการศึกษา, ลูกจ้างประจำ, ลูกจ้างชั่วคราว or พนักงานจ้าง.")),
    Column("position_type", "ประเภทตำแหน่ง", False,
           _("บริหาร, อำนวยการ, วิชาการ, ทั่วไป (civil servants); สายงานการสอน, สายงานบริหารสถานศึกษา (teachers); "
             "empty or - for employees without one. Without it, the type is read from the position and level.")),
    Column("position_name", "ตำแหน่ง", False,
           _("The position, with its level at the end if there is no level column, e.g. "
             "นักวิชาการคอมพิวเตอร์ชำนาญการ or ครู ชำนาญการพิเศษ.")),
    Column("position_level", "ระดับตำแหน่ง", False,
           _("Level within the position type, e.g. ต้น, สูง, ชำนาญการ, ปฏิบัติงาน, ครูผู้ช่วย; empty when there is none. "
             "This or the position is required.")),
    Column("is_executive", "ตำแหน่งบริหาร", False,
           _("Holds an executive post: yes/no, y/n, true/false, 1/0, ใช่/ไม่ใช่. Without it, บริหาร and อำนวยการ "
             "posts and school administrators count as executive posts.")),
    Column("start_date", "วันที่บรรจุ", False, _("Date of appointment, in any of the date forms above (optional).")),
    Column("salary", "เงินเดือน", False, _("Monthly salary in baht (optional).")),
    Column("gender_identity", "อัตลักษณ์ทางเพศ", False,
           _("Self-declared: หญิง, ชาย, ผู้มีความหลากหลายทางเพศ (LGBTQIAN+), ไม่ประสงค์ระบุ (optional).")),
    Column("gender_identity_consent", "ยินยอมเปิดเผย", False,
           _("Consent to record the gender identity: yes/no, ยินยอม/ไม่ยินยอม. Without consent it is not stored.")),
]
COLUMN_NAMES = [c.name for c in COLUMNS]
THAI_NAMES = {c.name: c.thai for c in COLUMNS}
HEADINGS = hrcolumns.heading_index(COLUMNS)
# Columns of which one must be there: (the columns, the error when none is).
ONE_OF = [
    (("employee_id", "national_id"), "no_identifier_column"),
    (("agency_code", "agency_name"), "no_agency_column"),
    (("sex", "full_name"), "no_sex_column"),
    (("position_level", "position_name"), "no_level_column"),
]
EXECUTIVE_TYPES = frozenset({"executive", "director", "school_admin"})  # docs/decisions/0101

MESSAGES = {
    "missing_column": _("The required column is missing."),
    "no_identifier_column": _("The file needs a staff number (เลขประจำตัว) or a national ID (เลขประจำตัวประชาชน) column."),
    "no_agency_column": _("The file needs an agency column: its name (หน่วยงาน) or its code (รหัสหน่วยงาน)."),
    "no_sex_column": _("The file needs a sex column (เพศ) or a name column with prefixes (ชื่อ-สกุล)."),
    "no_level_column": _("The file needs a level column (ระดับ) or a position column with the level (ตำแหน่ง)."),
    "sex_from_name": _("The name prefix does not tell the sex (only นาย, นาง, นางสาว and น.ส. do). "
                       "Add a sex column (เพศ) to the file."),
    "bad_position": _("The position type and level cannot be read from this position. Add the level (ระดับ) "
                      "or the position type (ประเภทตำแหน่ง)."),
    "duplicate_column": _("The column appears twice."),
    "empty_file": _("The file has no header row."),
    "not_a_table": _("The file could not be read as a CSV or XLSX table."),
    "no_rows": _("The file has no data rows."),
    "worker_died": _("The import stopped without finishing (the server was restarted or ran out of memory). "
                     "Nothing was changed; you can try again."),
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
    "unknown_agency": _("Unknown agency: not a code or a name in the agency registry."),
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


def years_between(start: dt.date, end: dt.date) -> int:
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


class HeaderMap(NamedTuple):
    columns: dict[str, int]  # column name → index in the row
    labels: dict[str, str]  # column name → the heading as written in the file (what errors name)
    errors: list[RowError]
    headings: list[str]  # every heading of the file, as may be shown (hrcolumns.safe_heading)


def map_headers(header: list, remembered: dict[str, str] | None = None, line: int = 1) -> HeaderMap:
    """Which file column is which of COLUMNS: a mapping the user gave for this agency first (`remembered`:
    heading key → column name), then the known spellings. Unknown headings and ลำดับ are ignored."""
    found: dict[str, int] = {}
    labels: dict[str, str] = {}
    errors: list[RowError] = []
    headings = [hrcolumns.safe_heading(text(cell), i) for i, cell in enumerate(header)]
    for index, cell in enumerate(header):
        key = hrcolumns.heading_key(text(cell))
        if not key:
            continue
        name = (remembered or {}).get(key) or HEADINGS.get(key)
        if name is None or name in hrcolumns.IGNORED or name not in THAI_NAMES:
            continue
        if name in found:
            if name == "full_name":  # คำนำหน้า and ชื่อ in two columns: the prefix comes first
                continue
            errors.append(RowError(line, headings[index], "duplicate_column"))
        found[name] = index
        labels[name] = headings[index]
    for column in COLUMNS:
        if column.required and column.name not in found:
            errors.append(RowError(line, column.thai, "missing_column"))
    for names, code in ONE_OF:
        if not any(n in found for n in names):
            errors.append(RowError(line, " / ".join(THAI_NAMES[n] for n in names), code))
    return HeaderMap(found, labels, errors, headings)


# --- rows ---------------------------------------------------------------------------------------

class RowParser:
    """Validates rows against the registry and the as-of date; remembers who it has seen, and counts the
    assumptions it made (`assumed`: sex from a name prefix, type and level from a position name …)."""

    def __init__(self, *, columns: dict[str, int], as_of: dt.date, agencies: dict[str, int],
                 scope_agency_id: int | None, key: str | bytes, taken: frozenset[str] = frozenset(),
                 agency_names: dict[str, int] | None = None, labels: dict[str, str] | None = None):
        self.columns = columns
        self.as_of = as_of
        self.agencies = {code.upper(): pk for code, pk in agencies.items()}
        self.agency_names = agency_names or {}  # hrcolumns.agency_index: names and short names
        self.scope_agency_id = scope_agency_id
        self.key = key.encode() if isinstance(key, str) else key
        self.seen: dict[str, int] = {}
        self.taken = taken  # pseudonyms already in the snapshot under other agencies
        self.labels = {**THAI_NAMES, **(labels or {})}  # errors name the columns as the file does
        self.assumed: Counter[str] = Counter()

    def parse(self, line: int, values: tuple | list) -> tuple[PersonRow | None, list[RowError]]:
        errors: list[RowError] = []
        cell = self._cell_getter(values)
        assumed: list[str] = []

        def fail(column: str, code: str, params: dict | None = None) -> None:
            errors.append(RowError(line, self.labels[column], code, params))

        ident = self._identifier(cell, fail)
        agency_id = self._agency(cell, fail, assumed)
        sex = self._sex(cell, fail, assumed)
        birth = self._date(cell("birth_date"), "birth_date", fail)
        age = None
        if birth is not None:
            age = years_between(birth, self.as_of)
            if not 15 <= age <= 80:
                fail("birth_date", "birth_range")
                age = None
        service = None
        if "start_date" in self.columns and text(cell("start_date")):
            start = self._date(cell("start_date"), "start_date", fail)
            if start is not None:
                if start > self.as_of or (birth is not None and years_between(birth, start) < 15):
                    fail("start_date", "start_range")
                else:
                    service = years_between(start, self.as_of)
        else:
            assumed.append("no_start_date")
        personnel = self._term(cell("personnel_type"), codes.PERSONNEL_BY_SPELLING, "personnel_type",
                               "bad_personnel_type", fail)
        position, level = self._position(cell, personnel, fail, assumed)
        if "is_executive" in self.columns:
            executive = self._bool(cell("is_executive"), "is_executive", fail, required=True)
        else:
            executive = position in EXECUTIVE_TYPES
            assumed.append("executive_from_type")
        salary = self._salary(cell("salary"), fail)
        identity = self._identity(cell, fail)
        if errors:
            return None, errors
        if ident in self.seen:
            return None, [RowError(line, self.labels[self._id_column()], "duplicate_person",
                                   {"line": self.seen[ident]})]
        if ident in self.taken:
            return None, [RowError(line, self.labels[self._id_column()], "person_in_other_agency")]
        self.seen[ident] = line
        self.assumed.update(assumed)
        return PersonRow(ident, agency_id, sex, identity, personnel, position, level, executive, age,
                         codes.age_band(age), service, salary), []

    def _agency(self, cell, fail, assumed) -> int | None:
        code = text(cell("agency_code")).upper()
        name = text(cell("agency_name"))
        column = "agency_code" if code or "agency_name" not in self.columns else "agency_name"
        if code:
            agency_id = self.agencies.get(code)
        elif name:
            agency_id = self.agencies.get(name.upper()) or self.agency_names.get(hrcolumns.heading_key(name))
            if agency_id is not None:
                assumed.append("agency_from_name")
        else:
            fail(column, "required")
            return None
        if agency_id is None:
            fail(column, "unknown_agency")
            return None
        if self.scope_agency_id is not None and agency_id != self.scope_agency_id:
            fail(column, "agency_out_of_scope")
            return None
        return agency_id

    def _sex(self, cell, fail, assumed) -> str | None:
        if "sex" in self.columns or "full_name" not in self.columns:
            return self._term(cell("sex"), codes.SEX_BY_SPELLING, "sex", "bad_sex", fail)
        # Only the prefix is read; the name itself goes nowhere (not into an error either).
        sex = hrcolumns.sex_from_name(text(cell("full_name")))
        if sex is None:
            fail("full_name", "sex_from_name")
            return None
        assumed.append("sex_from_name")
        return sex

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
            return pseudonym("employee", employee.upper(), self.key)
        if national:
            return pseudonym("national", national, self.key)
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

    def _position(self, cell, personnel, fail, assumed):
        level_text = text(cell("position_level"))
        raw_type = codes.normalise(text(cell("position_type")))
        if "position_type" in self.columns:
            term = codes.POSITION_BY_SPELLING.get(raw_type or "-")
            if term is None:
                fail("position_type", "bad_position_type")
                return None, None
            position_type = term.code
        else:
            position_type, level_text = self._read_position(cell, personnel, level_text)
            if position_type is None:
                fail("position_name" if "position_name" in self.columns else "position_level", "bad_position")
                return None, None
            assumed.append("position_from_name")
        if personnel is not None and position_type not in codes.POSITION_TYPES_FOR[personnel]:
            fail("position_type" if "position_type" in self.columns else "position_name", "position_not_allowed")
            return None, None
        level = codes.level_code(position_type, level_text)
        if level is None:
            column = "position_level" if "position_level" in self.columns else "position_name"
            fail(column, "required" if not level_text else "bad_level")
        return position_type, level

    @staticmethod
    def _read_position(cell, personnel, level_text) -> tuple[str | None, str]:
        """(position type, level text) without a position type column: from the level column alone
        ("ชำนาญการ", "อำนวยการสูง"), or from a position name that ends with its level."""
        name = text(cell("position_name"))
        for source in (level_text, f"{name} {level_text}".strip(), name):
            if source and (found := hrcolumns.split_position(source, personnel)):
                return found
        if personnel in ("permanent", "temporary") and not codes.normalise(level_text).strip("-"):
            return "none", ""  # employees have no position type and no level
        return None, level_text

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
