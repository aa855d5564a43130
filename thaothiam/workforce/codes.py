"""The vocabularies of the workforce data (PRODUCT.md §3): codes stored, Thai and English labels,
and the spellings an HR file may use for each.

Codes are short and stable (they are stored on every person and every cube cell and published in
the open data); labels are what people read.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from thaothiam.core.i18n import pick


@dataclass(frozen=True)
class Term:
    code: str
    th: str
    en: str
    aliases: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return pick(self.th, self.en)


def _index(terms: list[Term]) -> dict[str, Term]:
    out: dict[str, Term] = {}
    for term in terms:
        for spelling in (term.code, term.th, term.en, *term.aliases):
            out[normalise(spelling)] = term
    return out


@lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """Lower case, single spaces, no spaces around '/' — how spellings are compared (cached: a file
    repeats the same few spellings 100,000 times)."""
    text = " ".join(str(text).split()).lower()
    return text.replace(" /", "/").replace("/ ", "/")


SEX = [
    Term("F", "หญิง", "Female", ("f", "female", "woman", "ญ", "w")),
    Term("M", "ชาย", "Male", ("m", "male", "man", "ช")),
]

# Self-declared gender identity; "U" is the explorer's bucket for "not disclosed" (no consent or
# nothing declared) and is never read from a file.
GENDER_IDENTITY = [
    Term("F", "หญิง", "Woman", ("female", "f", "woman")),
    Term("M", "ชาย", "Man", ("male", "m", "man")),
    Term("D", "ผู้มีความหลากหลายทางเพศ", "Gender-diverse (LGBTQIAN+)",
         ("lgbtqian+", "lgbtqi+", "lgbtq+", "lgbt", "lgbtq", "gender-diverse", "gender diverse", "diverse",
          "ผู้มีความหลากหลายทางเพศ (lgbtqian+)", "หลากหลายทางเพศ")),
    Term("N", "ไม่ประสงค์ระบุ", "Prefers not to say", ("prefer not to say", "not stated", "ไม่ระบุ")),
]
GENDER_UNDISCLOSED = Term("U", "ไม่ได้เปิดเผย", "Not disclosed")

PERSONNEL_TYPES = [
    Term("civil", "ข้าราชการกรุงเทพมหานครสามัญ", "BMA civil servant",
         ("ข้าราชการ", "ข้าราชการสามัญ", "civil servant", "bma civil servant")),
    Term("teacher", "ข้าราชการครูและบุคลากรทางการศึกษา", "Teacher or education personnel",
         ("ข้าราชการครู", "teacher", "education personnel", "teacher or education personnel")),
    Term("permanent", "ลูกจ้างประจำ", "Permanent employee", ("permanent employee", "permanent")),
    Term("temporary", "ลูกจ้างชั่วคราว/พนักงานจ้าง", "Temporary employee or contract staff",
         ("ลูกจ้างชั่วคราว", "พนักงานจ้าง", "temporary employee", "contract staff", "temporary")),
]

POSITION_TYPES = [
    Term("executive", "บริหาร", "Executive", ("ประเภทบริหาร", "exec")),
    Term("director", "อำนวยการ", "Managerial (director)", ("ประเภทอำนวยการ", "managerial", "director")),
    Term("academic", "วิชาการ", "Professional (academic)", ("ประเภทวิชาการ", "professional", "academic")),
    Term("general", "ทั่วไป", "General", ("ประเภททั่วไป", "general")),
    Term("teaching", "สายงานการสอน", "Teaching", ("ครู", "การสอน", "teaching", "teacher")),
    Term("school_admin", "สายงานบริหารสถานศึกษา", "School administration",
         ("ผู้บริหารสถานศึกษา", "บริหารสถานศึกษา", "school administration", "school administrator")),
    Term("none", "ไม่มีประเภทตำแหน่ง", "No position type", ("-", "ไม่มี", "none", "n/a")),
]

# Levels are stored with their type, so "ต้น" of บริหาร and of อำนวยการ stay apart.
LEVELS = [
    Term("executive.low", "บริหาร ต้น", "Executive, lower"),
    Term("executive.high", "บริหาร สูง", "Executive, higher"),
    Term("director.low", "อำนวยการ ต้น", "Managerial, lower"),
    Term("director.high", "อำนวยการ สูง", "Managerial, higher"),
    Term("academic.practitioner", "วิชาการ ปฏิบัติการ", "Professional, practitioner"),
    Term("academic.professional", "วิชาการ ชำนาญการ", "Professional, professional"),
    Term("academic.senior", "วิชาการ ชำนาญการพิเศษ", "Professional, senior professional"),
    Term("academic.expert", "วิชาการ เชี่ยวชาญ", "Professional, expert"),
    Term("academic.advisory", "วิชาการ ทรงคุณวุฒิ", "Professional, advisory"),
    Term("general.operational", "ทั่วไป ปฏิบัติงาน", "General, operational"),
    Term("general.experienced", "ทั่วไป ชำนาญงาน", "General, experienced"),
    Term("general.senior", "ทั่วไป อาวุโส", "General, senior"),
    Term("general.special", "ทั่วไป ทักษะพิเศษ", "General, highly skilled"),
    Term("teaching.assistant", "ครูผู้ช่วย", "Assistant teacher"),
    Term("teaching.none", "ครู ไม่มีวิทยฐานะ", "Teacher, no academic standing"),
    Term("teaching.professional", "ครู ชำนาญการ", "Teacher, professional"),
    Term("teaching.senior", "ครู ชำนาญการพิเศษ", "Teacher, senior professional"),
    Term("teaching.expert", "ครู เชี่ยวชาญ", "Teacher, expert"),
    Term("teaching.advisory", "ครู เชี่ยวชาญพิเศษ", "Teacher, senior expert"),
    Term("school_admin.professional", "บริหารสถานศึกษา ชำนาญการ", "School administrator, professional"),
    Term("school_admin.senior", "บริหารสถานศึกษา ชำนาญการพิเศษ", "School administrator, senior professional"),
    Term("school_admin.expert", "บริหารสถานศึกษา เชี่ยวชาญ", "School administrator, expert"),
    Term("school_admin.advisory", "บริหารสถานศึกษา เชี่ยวชาญพิเศษ", "School administrator, senior expert"),
    Term("none", "ไม่มีระดับ", "No level"),
]

# The spellings of a level inside its position type (the file's ระดับตำแหน่ง column).
LEVEL_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "executive": {"low": ("ต้น", "lower", "low"), "high": ("สูง", "higher", "high")},
    "director": {"low": ("ต้น", "lower", "low"), "high": ("สูง", "higher", "high")},
    "academic": {
        "practitioner": ("ปฏิบัติการ", "practitioner"), "professional": ("ชำนาญการ", "professional"),
        "senior": ("ชำนาญการพิเศษ", "senior professional"), "expert": ("เชี่ยวชาญ", "expert"),
        "advisory": ("ทรงคุณวุฒิ", "advisory"),
    },
    "general": {
        "operational": ("ปฏิบัติงาน", "operational"), "experienced": ("ชำนาญงาน", "experienced"),
        "senior": ("อาวุโส", "senior"), "special": ("ทักษะพิเศษ", "highly skilled", "special"),
    },
    "teaching": {
        "assistant": ("ครูผู้ช่วย", "ผู้ช่วย", "assistant"), "none": ("ไม่มีวิทยฐานะ", "ครู", "-", "no standing"),
        "professional": ("ชำนาญการ", "professional"), "senior": ("ชำนาญการพิเศษ", "senior professional"),
        "expert": ("เชี่ยวชาญ", "expert"), "advisory": ("เชี่ยวชาญพิเศษ", "senior expert"),
    },
    "school_admin": {
        "professional": ("ชำนาญการ", "professional"), "senior": ("ชำนาญการพิเศษ", "senior professional"),
        "expert": ("เชี่ยวชาญ", "expert"), "advisory": ("เชี่ยวชาญพิเศษ", "senior expert"),
    },
    "none": {"": ("", "-", "ไม่มี", "none", "n/a")},
}

# Which position types each personnel type may hold.
POSITION_TYPES_FOR = {
    "civil": ("executive", "director", "academic", "general"),
    "teacher": ("teaching", "school_admin", "executive", "director"),
    "permanent": ("none", "general"),
    "temporary": ("none", "general"),
}

AGE_BANDS = [
    Term("<25", "15–24 ปี", "15–24"),
    Term("25-34", "25–34 ปี", "25–34"),
    Term("35-44", "35–44 ปี", "35–44"),
    Term("45-54", "45–54 ปี", "45–54"),
    Term("55+", "55 ปีขึ้นไป", "55 and over"),
]


def age_band(age: int) -> str:
    if age < 25:
        return "<25"
    if age < 35:
        return "25-34"
    if age < 45:
        return "35-44"
    if age < 55:
        return "45-54"
    return "55+"


SEX_BY_SPELLING = _index(SEX)
GENDER_BY_SPELLING = _index(GENDER_IDENTITY)
PERSONNEL_BY_SPELLING = _index(PERSONNEL_TYPES)
POSITION_BY_SPELLING = _index(POSITION_TYPES)
LEVEL_CODES = {term.code for term in LEVELS}


def _level_spellings() -> dict[tuple[str, str], str]:
    table: dict[tuple[str, str], str] = {}
    for position_type, levels in LEVEL_WORDS.items():
        for suffix, spellings in levels.items():
            code = "none" if position_type == "none" else f"{position_type}.{suffix}"
            for spelling in spellings:
                table[(position_type, normalise(spelling))] = code
    for term in LEVELS:  # the full label, e.g. "วิชาการ ชำนาญการ"
        table[(term.code.split(".")[0], normalise(term.th))] = term.code
    return table


_LEVEL_SPELLINGS = _level_spellings()


@lru_cache(maxsize=4096)
def level_code(position_type: str, text: str) -> str | None:
    """The stored level code for the file's level text inside a position type, or None if unknown."""
    words = normalise(text)
    for prefix in ("ระดับ", "level "):
        if words.startswith(prefix):
            words = words[len(prefix):].strip()
    return _LEVEL_SPELLINGS.get((position_type, words))


def labels(terms: list[Term]) -> dict[str, str]:
    return {term.code: term.label for term in terms}


def choices(terms: list[Term]) -> list[tuple[str, str]]:
    return [(term.code, f"{term.th} ({term.en})") for term in terms]
