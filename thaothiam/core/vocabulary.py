"""The one vocabulary about people that every app shares (PRODUCT.md §3): sex, gender identity,
personnel type and age band — codes stored, Thai and English labels, and the spellings a file may
use for each. Workforce, surveys, learning, complaints and the explorer all import from here; position types
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

# One set of age bands for every app (docs/decisions/0153-one-set-of-age-bands.md): ten-year bands that
# end where BMA service ends (60). The survey asks exactly these, so workforce and survey figures line
# up band for band; a survey that must ask coarser bands takes unions of them (``coarsen``).
AGE_BANDS = [
    Term("<30", "ต่ำกว่า 30 ปี", "Under 30", ("under 30",)),
    Term("30-39", "30–39 ปี", "30–39", ("30–39",)),
    Term("40-49", "40–49 ปี", "40–49", ("40–49",)),
    Term("50-59", "50–59 ปี", "50–59", ("50–59",)),
    Term("60+", "60 ปีขึ้นไป", "60 and over", ("60 and over",)),
]


def age_band(age: int) -> str:
    if age < 30:
        return "<30"
    if age < 40:
        return "30-39"
    if age < 50:
        return "40-49"
    if age < 60:
        return "50-59"
    return "60+"


def coarsen(bands: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """{core age band: coarse band} for a coarser set given as {coarse code: the core bands it unites}.
    Every core band must fall in exactly one coarse band, so coarse figures are sums of core ones."""
    out: dict[str, str] = {}
    for coarse, members in bands.items():
        for member in members:
            if member in out:
                raise ValueError(f"{member} is in two coarse bands")
            out[member] = coarse
    missing = {t.code for t in AGE_BANDS} - set(out)
    if missing or set(out) - {t.code for t in AGE_BANDS}:
        raise ValueError(f"not a coarsening of the core age bands: {sorted(missing) or sorted(set(out))}")
    return out


# What a survey respondent left blank (sex, personnel type, age band); for gender identity the blank is
# GENDER_UNDISCLOSED, the same bucket as the workforce's "no consent or nothing declared".
NOT_STATED = Term("U", "ไม่ได้ระบุ", "Not stated")


SEX_BY_SPELLING = index_terms(SEX)
GENDER_BY_SPELLING = index_terms(GENDER_IDENTITY)
PERSONNEL_BY_SPELLING = index_terms(PERSONNEL_TYPES)
AGE_BAND_BY_SPELLING = index_terms(AGE_BANDS)


def labels(terms: list[Term]) -> dict[str, str]:
    return {term.code: term.label for term in terms}


def choices(terms: list[Term]) -> list[tuple[str, str]]:
    return [(term.code, f"{term.th} ({term.en})") for term in terms]
