"""HR files as HR systems export them: which row is the header, which heading means which column,
sex from a name prefix, agencies by name, and a combined position/level column.

Everything here is pure (no database). The name column (ชื่อ-สกุล) is read only for its prefix: the
rest of the cell is never copied anywhere — not into a row, an error, a log or a job record.
"""

from __future__ import annotations

import re

from . import codes

HEADER_SCAN_ROWS = 10  # the header row is looked for among this many rows at the top of the sheet

# Headings an HR export may use for each column, besides the column's own name and Thai name.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "employee_id": ("รหัสพนักงาน", "รหัสบุคลากร", "เลขประจำตัวข้าราชการ", "รหัสประจำตัว", "staff number", "staff id"),
    "national_id": ("เลขบัตรประชาชน", "เลขบัตรประจำตัวประชาชน", "เลขประจำตัวประชาชน 13 หลัก", "บัตรประชาชน",
                    "national id", "citizen id"),
    "agency_code": ("agency code",),
    "agency_name": ("หน่วยงาน", "ชื่อหน่วยงาน", "สังกัด", "ส่วนราชการ", "หน่วยงานที่สังกัด", "agency"),
    "full_name": ("ชื่อ-สกุล", "ชื่อ - สกุล", "ชื่อ-นามสกุล", "ชื่อ นามสกุล", "ชื่อสกุล", "ชื่อ", "คำนำหน้าชื่อ",
                  "คำนำหน้า", "name", "full name"),
    "birth_date": ("วันเดือนปีเกิด", "วัน/เดือน/ปีเกิด", "วัน เดือน ปีเกิด", "วันเดือนปี เกิด", "date of birth",
                   "birth date"),
    "personnel_type": ("ประเภทข้าราชการ", "ประเภทการจ้าง", "ประเภทบุคคล"),
    "position_type": ("position type",),
    "position_name": ("ตำแหน่ง", "ชื่อตำแหน่ง", "ตำแหน่ง/ระดับ", "ตำแหน่งและระดับ", "ตำแหน่ง-ระดับ", "position"),
    "position_level": ("ระดับ", "วิทยฐานะ", "ระดับ/วิทยฐานะ", "level"),
    "is_executive": ("ผู้บริหาร", "executive"),
    "start_date": ("วันบรรจุ", "วันที่บรรจุแต่งตั้ง", "วันเริ่มงาน", "วันที่เริ่มปฏิบัติราชการ", "วันเข้ารับราชการ",
                   "start date"),
    "salary": ("อัตราเงินเดือน", "เงินเดือน (บาท)", "เงินเดือนปัจจุบัน"),
    "sequence": ("ลำดับ", "ลำดับที่", "ที่", "no", "no.", "#"),
}
IGNORED = {"sequence"}  # recognised (so the header row is found) and then ignored

_PUNCTUATION = re.compile(r"[\s\-_/.():]+")


def heading_key(value: str) -> str:
    """A heading as compared: lower case without spaces or punctuation ("ชื่อ - สกุล" = "ชื่อ-สกุล")."""
    return _PUNCTUATION.sub("", codes.normalise(value))


def heading_index(columns) -> dict[str, str]:
    """{heading key: column name} for every spelling of every column."""
    index: dict[str, str] = {}
    for column in columns:
        for spelling in (column.name, column.thai, *SYNONYMS.get(column.name, ())):
            index.setdefault(heading_key(spelling), column.name)
    for spelling in SYNONYMS["sequence"]:
        index.setdefault(heading_key(spelling), "sequence")
    return index


def find_header(rows: list[list], index: dict[str, str], cell_text) -> int:
    """The position in `rows` of the header: the row with the most recognised headings (two at least);
    failing that, the first of the widest rows (a title row is one merged cell; the header comes before
    the data). -1 when every row is empty."""
    best, best_score = -1, 1
    for position, row in enumerate(rows):
        score = len({index[k] for k in (heading_key(cell_text(c)) for c in row) if k in index})
        if score > best_score:
            best, best_score = position, score
    if best >= 0:
        return best
    widths = [sum(1 for c in row if cell_text(c)) for row in rows]
    if not widths or max(widths) == 0:
        return -1
    return widths.index(max(widths))


_NAME_LIKE = re.compile(r"^(นาย|นาง|น\.ส\.|ด\.ช\.|ด\.ญ\.|ว่าที่|ดร\.)|^\d[\d\s\-/.]{5,}$")


def safe_heading(value: str, position: int) -> str:
    """A heading as it may be stored and shown. When the header row was guessed, a data row could be
    taken for it: a cell that looks like a name or an identifier is replaced by its column number."""
    value = value.strip()[:80]
    if not value or _NAME_LIKE.match(value):
        return f"#{position + 1}"
    return value


# --- sex from a name prefix ---------------------------------------------------------------------

# Longest first: "นางสาว" before "นาง". Titles that say nothing about sex (ว่าที่ร้อยตรี, ดร.) are absent.
PREFIX_SEX = (("นางสาว", "F"), ("น.ส.", "F"), ("น.ส", "F"), ("นส.", "F"), ("นาง", "F"), ("นาย", "M"),
              ("miss", "F"), ("mrs.", "F"), ("mrs", "F"), ("ms.", "F"), ("ms", "F"), ("mr.", "M"), ("mr", "M"))
# Prefixes that are complete words in Thai names are followed by the given name without a space.
_LATIN_PREFIX = re.compile(r"^(miss|mrs\.?|ms\.?|mr\.?)\s", re.IGNORECASE)


def sex_from_name(value: str) -> str | None:
    """'F' or 'M' from the prefix of a full name, or None when the prefix does not tell (ว่าที่ร้อยตรี,
    ดร., no prefix). Only the prefix is looked at; nothing of the name is returned or kept."""
    name = value.strip()
    if not name:
        return None
    if name[0].isascii():
        match = _LATIN_PREFIX.match(name)
        return dict(PREFIX_SEX)[match[1].lower()] if match else None
    for prefix, sex in PREFIX_SEX:
        if name.startswith(prefix):
            return sex
    return None


# --- a combined position/level column -------------------------------------------------------------

# Level words an export writes at the end of the position name, longest first, with the position type
# they imply for a civil servant; teachers' levels are read as their teaching levels.
_CIVIL_SUFFIXES = sorted(
    [(w, t) for t in ("academic", "general") for spellings in codes.LEVEL_WORDS[t].values()
     for w in spellings if not w.isascii()],
    key=lambda pair: -len(pair[0]),
)
_TEACHER_SUFFIXES = sorted(
    [w for spellings in codes.LEVEL_WORDS["teaching"].values() for w in spellings if not w.isascii() and w != "-"],
    key=lambda w: -len(w),
)
_RANKED = re.compile(r"(บริหาร|อำนวยการ)\s*(?:ระดับ)?\s*(ต้น|สูง)")
_SCHOOL_HEADS = ("ผู้อำนวยการสถานศึกษา", "รองผู้อำนวยการสถานศึกษา", "ผู้อำนวยการโรงเรียน", "รองผู้อำนวยการโรงเรียน")


def split_position(value: str, personnel: str | None) -> tuple[str, str] | None:
    """(position type code, level text) read from a position name that ends with its level, e.g.
    "นักวิชาการคอมพิวเตอร์ชำนาญการ" → ("academic", "ชำนาญการ"), "ครู ชำนาญการพิเศษ" → ("teaching",
    "ชำนาญการพิเศษ"), "ผู้อำนวยการเขต (อำนวยการสูง)" → ("director", "สูง"). None when it does not tell."""
    words = " ".join(value.replace("(", " ").replace(")", " ").split())
    if not words:
        return None
    if match := _RANKED.search(words):
        return ("executive" if match[1] == "บริหาร" else "director"), match[2]
    compact = words.replace(" ", "")
    if personnel == "teacher":
        kind = "school_admin" if compact.startswith(_SCHOOL_HEADS) else "teaching"
        if compact in ("ครูผู้ช่วย",) or compact.endswith("ครูผู้ช่วย"):
            return "teaching", "ครูผู้ช่วย"
        for word in _TEACHER_SUFFIXES:
            if compact.endswith(word) and word not in ("ครู",):
                return kind, word
        if compact == "ครู":
            return "teaching", "ไม่มีวิทยฐานะ"
        return None
    for word, position_type in _CIVIL_SUFFIXES:
        if compact.endswith(word):
            return position_type, word
    return None


# --- agencies by code or name -----------------------------------------------------------------------

def agency_spellings(code: str, name_th: str, name_en: str) -> set[str]:
    """The ways an HR export may write an agency: its code, Thai and English names, the short name in
    brackets, and for district offices "เขตX" and "X" alone."""
    spellings = {code, name_th, name_en}
    if match := re.search(r"\(([^)]+)\)", name_th):
        spellings.add(match[1])
        spellings.add(name_th[: match.start()])
    if name_th.startswith("สำนักงานเขต"):
        district = name_th.removeprefix("สำนักงานเขต")
        spellings |= {f"เขต{district}", f"สนข.{district}", f"สำนักงานเขต {district}"}
    if name_th.endswith("กรุงเทพมหานคร") and name_th != "กรุงเทพมหานคร":
        spellings.add(name_th.removesuffix("กรุงเทพมหานคร"))
    return {heading_key(s) for s in spellings if s and s.strip()}


def agency_index(agencies: list[tuple[int, str, str, str]]) -> dict[str, int]:
    """{spelling key: agency id}; a spelling two agencies share is dropped (it would be a guess)."""
    index: dict[str, int] = {}
    shared: set[str] = set()
    for pk, code, name_th, name_en in agencies:
        for key in agency_spellings(code, name_th, name_en):
            if key in index and index[key] != pk:
                shared.add(key)
            index[key] = pk
    for key in shared:
        del index[key]
    return index
