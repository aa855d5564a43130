"""The workforce's own vocabularies (PRODUCT.md §3): position types and levels, with the spellings
an HR file may use for each. Sex, gender identity, personnel type and age band are shared by every
app and live in ``thaothiam.core.vocabulary``; they are imported here so workforce code reads them
from one place.
"""

from __future__ import annotations

from functools import lru_cache

from thaothiam.core.vocabulary import (  # noqa: F401 (re-exported for the workforce modules)
    AGE_BANDS,
    GENDER_BY_SPELLING,
    GENDER_IDENTITY,
    GENDER_UNDISCLOSED,
    PERSONNEL_BY_SPELLING,
    PERSONNEL_TYPES,
    SEX,
    SEX_BY_SPELLING,
    Term,
    age_band,
    choices,
    index_terms,
    labels,
    normalise,
)

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

POSITION_BY_SPELLING = index_terms(POSITION_TYPES)
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
