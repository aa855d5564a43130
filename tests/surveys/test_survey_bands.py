"""The survey's demographic bands are the core vocabulary (surveys/bands.py, decisions 0153–0154)."""

import json
from pathlib import Path

import pytest

from thaothiam.core import vocabulary as v
from thaothiam.surveys.bands import DEMOGRAPHICS

DATA = Path(__file__).resolve().parents[2] / "thaothiam" / "surveys" / "data"


@pytest.mark.parametrize("path", sorted(DATA.glob("*.json")), ids=lambda p: p.stem)
def test_a_shipped_demographic_question_lists_the_core_terms_in_core_order(path):
    """Option i of a demographic question is band i: the option that reads "30–39 ปี" must be the core
    band 30-39, or answers would be stored under another band's code."""
    items = [it for s in json.loads(path.read_text())["sections"] for it in s["items"] if it.get("demographic")]
    assert {it["demographic"] for it in items} == set(DEMOGRAPHICS)
    for item in items:
        dimension = DEMOGRAPHICS[item["demographic"]]
        numbers = [dimension.number(option["th"]) for option in item["options"]]
        assert numbers == list(range(1, len(dimension.terms) + 1)), (item["code"], numbers)


def test_codes_and_numbers_round_trip_and_unknown_codes_are_refused():
    for name, dimension in DEMOGRAPHICS.items():
        for number in dimension.values:
            assert dimension.number(dimension.code(number)) == number
            assert dimension.from_stored(dimension.stored(number)) == number
        assert dimension.number("7") is None and dimension.number("") is None, name
    assert [t.code for t in DEMOGRAPHICS["age_band"].terms] == [t.code for t in v.AGE_BANDS]
    assert DEMOGRAPHICS["sex"].stored(0) == "U" and DEMOGRAPHICS["level_band"].stored(0) == 0


def test_ages_fall_in_the_ten_year_bands():
    assert [v.age_band(a) for a in (18, 29, 30, 39, 40, 49, 50, 59, 60, 65)] == [
        "<30", "<30", "30-39", "30-39", "40-49", "40-49", "50-59", "50-59", "60+", "60+"]


def test_a_coarser_set_must_unite_every_core_band_exactly_once():
    coarse = v.coarsen({"<40": ("<30", "30-39"), "40-59": ("40-49", "50-59"), "60+": ("60+",)})
    assert coarse == {"<30": "<40", "30-39": "<40", "40-49": "40-59", "50-59": "40-59", "60+": "60+"}
    with pytest.raises(ValueError, match="two coarse bands"):
        v.coarsen({"<40": ("<30", "30-39"), "30+": ("30-39", "40-49", "50-59", "60+")})
    with pytest.raises(ValueError, match="not a coarsening"):
        v.coarsen({"<40": ("<30", "30-39"), "40+": ("40-49", "50-59")})
    with pytest.raises(ValueError, match="not a coarsening"):
        v.coarsen({"<40": ("<30", "30-39", "35-44"), "40+": ("40-49", "50-59", "60+")})
