"""The one vocabulary about people that every app shares (PRODUCT.md §3): sex, gender identity,
personnel type and age band — codes stored, Thai and English labels, and the spellings a file may
use for each. Workforce, learning, complaints and the explorer all import from here; position types
and levels, which only the workforce knows, stay in ``thaothiam.workforce.codes``.

Codes are short and stable (they are stored on records and cube cells and published in the open
data); labels are what people read.
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


def index_terms(terms: list[Term]) -> dict[str, Term]:
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


SEX_BY_SPELLING = index_terms(SEX)
GENDER_BY_SPELLING = index_terms(GENDER_IDENTITY)
PERSONNEL_BY_SPELLING = index_terms(PERSONNEL_TYPES)


def labels(terms: list[Term]) -> dict[str, str]:
    return {term.code: term.label for term in terms}


def choices(terms: list[Term]) -> list[tuple[str, str]]:
    return [(term.code, f"{term.th} ({term.en})") for term in terms]
