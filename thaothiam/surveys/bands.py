"""The demographic bands of a survey response, in the one vocabulary of ``thaothiam.core.vocabulary``.

A response stores the core codes ("F", "civil", "30-39"; "U" when the respondent left the question
blank) for sex, gender identity, personnel type and age band; the level band, which only surveys ask,
stays a small integer. In memory (``surveys.matrix``) every band is a number — 0 for "not stated", i
for the i-th term of the core list — so NumPy can count them; these numbers never leave the process
and are not stored. A demographic question's option i is band i, so its options follow the core order
(docs/decisions/0153-one-set-of-age-bands.md, 0154-survey-bands-store-core-codes.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from thaothiam.core import vocabulary as v
from thaothiam.core.vocabulary import Term


class LevelBand:
    """Position level bands, asked by surveys only (the workforce knows exact levels). Stored as numbers."""

    TERMS = (
        Term("1", "ทั่วไป", "General (operational to senior)"),
        Term("2", "วิชาการ", "Academic (practitioner to expert)"),
        Term("3", "อำนวยการ", "Director"),
        Term("4", "บริหาร", "Executive"),
        Term("5", "ไม่มีระดับตำแหน่ง (ลูกจ้าง)", "No position level (employees)"),
    )


@dataclass(frozen=True)
class Bands:
    """One demographic dimension: the core terms numbered 1…n after the "not stated" term (0)."""

    name: str
    terms: tuple[Term, ...]
    unknown: Term
    stored_as_code: bool = True  # False: the database holds the number (level band)

    NOT_STATED = 0

    @property
    def all_terms(self) -> tuple[Term, ...]:
        return (self.unknown, *self.terms)

    @property
    def values(self) -> list[int]:
        return list(range(len(self.terms) + 1))

    @property
    def choices(self) -> list[tuple[int, str]]:
        """(number, label) in the active language, "not stated" first."""
        return [(i, t.label) for i, t in enumerate(self.all_terms)]

    def code_choices(self) -> list[tuple[str, str]]:
        return [(t.code, t.label) for t in self.all_terms]

    def label(self, number: int) -> str:
        return self.all_terms[number].label

    def code(self, number: int) -> str:
        return self.all_terms[number].code

    def number(self, code) -> int | None:
        """The number of a code (or of any spelling of it); None when it is not one of this dimension's."""
        for i, term in enumerate(self.all_terms):
            if str(code) == term.code:
                return i
        term = self.spellings.get(v.normalise(str(code)))
        return None if term is None else self.all_terms.index(term)

    @property
    def spellings(self) -> dict[str, Term]:
        return _spellings(self.all_terms)

    def stored(self, number: int):
        """What the database holds for band `number`."""
        return self.code(number) if self.stored_as_code else number

    def from_stored(self, value) -> int:
        """The number of a stored value (an unknown stored code counts as not stated)."""
        if not self.stored_as_code:
            return int(value or 0)
        return self._numbers.get(value, 0)

    @property
    def _numbers(self) -> dict:
        return _numbers(self.all_terms)


@lru_cache(maxsize=16)
def _spellings(terms: tuple[Term, ...]) -> dict[str, Term]:
    return v.index_terms(list(terms))


@lru_cache(maxsize=16)
def _numbers(terms: tuple[Term, ...]) -> dict[str, int]:
    return {t.code: i for i, t in enumerate(terms)}


_LEVEL_UNKNOWN = Term(v.NOT_STATED.code, v.NOT_STATED.th, v.NOT_STATED.en)  # U, as every "not stated"

DEMOGRAPHICS: dict[str, Bands] = {
    "sex": Bands("sex", tuple(v.SEX), v.NOT_STATED),
    "gender_identity": Bands("gender_identity", tuple(v.GENDER_IDENTITY), v.GENDER_UNDISCLOSED),
    "personnel_type": Bands("personnel_type", tuple(v.PERSONNEL_TYPES), v.NOT_STATED),
    "level_band": Bands("level_band", LevelBand.TERMS, _LEVEL_UNKNOWN, stored_as_code=False),
    "age_band": Bands("age_band", tuple(v.AGE_BANDS), v.NOT_STATED),
}
CODED = tuple(name for name, bands in DEMOGRAPHICS.items() if bands.stored_as_code)
MAX_CODE = 12  # the longest core code ("temporary") fits

