"""The subtraction attacks of issue 10, played through the explorer's exports as the executive and as a
coordinator: with perturbed counts they return noise, not the hidden counts (docs/decisions/0022)."""

import csv
import datetime as dt
import io

import pytest
from wf_files import person_rows

from tests.core.cellkey_oracle import published_people
from thaothiam.agencies.models import Agency
from thaothiam.core.vocabulary import AGE_BANDS
from thaothiam.workforce.models import Person
from thaothiam.workforce.services import workforce_snapshot_load

AS_OF = dt.date(2025, 9, 30)
SMALL = 30  # agencies with 1–4 women each


@pytest.fixture
def bma(reference_data):
    agencies = list(Agency.objects.exclude(code="FIR").order_by("code")[:SMALL])
    big = Agency.objects.get(code="FIR")
    rows = person_rows(big.pk, women=150, men=170, prefix="big")
    for i, agency in enumerate(agencies):
        # 1–4 women whose salaries stand out (one woman in every fourth agency), and 5–14 men.
        rows += person_rows(agency.pk, women=1 + i % 4, men=5 + i % 10, prefix=f"a{i}", salary_women=41000 + 700 * i)
    workforce_snapshot_load(as_of=AS_OF, rows=rows)
    return {"small": [a.code for a in agencies], "big": big.code}


def _csv(client, **params) -> list[list[str]]:
    response = client.get("/workforce/explore/export.csv", {"f_fiscal_year": "2568", **params})
    assert response.status_code == 200, response.content[:300]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _cell(lines: list[list[str]], row_label: str, column: int = 1) -> float:
    line = next(line for line in lines if line and line[0] == row_label)
    return float(line[column])


def test_agencies_a_and_b_minus_b_gives_noise_not_a(bma, client_for):
    """Issue 10, attack 1: 'agencies A and B' minus 'agency B', for every agency with 1–4 women."""
    executive = client_for("executive")
    women = "หญิง"
    base = _csv(executive, measure="headcount", row="sex", f_agency=[bma["big"]])
    exact = wrong = 0
    for code in bma["small"]:
        both = _csv(executive, measure="headcount", row="sex", f_agency=[code, bma["big"]])
        recovered = _cell(both, women) - _cell(base, women)
        truth = Person.objects.filter(agency__code=code, sex="F").count()
        assert 1 <= truth <= 4
        exact += recovered == truth
        wrong += recovered != truth
        # A alone is never published as 1–4 either.
        alone = _csv(executive, measure="headcount", row="sex", f_agency=[code])
        assert not any(0 < _cell(alone, label) < 5 for label in (women, "ชาย") if any(
            line and line[0] == label for line in alone))
    # Without perturbation every one of the 30 is recovered exactly; with it most are wrong, and the
    # attacker cannot tell which are right (the values an attack returns do not mark themselves).
    assert wrong > SMALL / 2 and exact + wrong == SMALL


def test_all_age_bands_but_one_gives_noise_as_a_coordinator(reference_data, client_for, users):
    """Issue 10, attack 1 as a coordinator: the level table minus the level table of every age band but one."""
    own = Agency.objects.get(code="DIS-1001")
    rows = []
    levels = ("general.operational", "general.experienced", "academic.practitioner", "academic.professional")
    for i, band in enumerate(AGE_BANDS):
        for j, level in enumerate(levels):
            kind = level.split(".")[0]
            rows += person_rows(own.pk, women=1 + (i + j) % 4, men=0, prefix=f"c{i}{j}", position_type=kind,
                                position_level=level, age_band=band.code, age=30)
    workforce_snapshot_load(as_of=AS_OF, rows=rows)
    coordinator = client_for("coordinator")
    everyone = _csv(coordinator, measure="headcount", row="position_level")
    level_labels = [line[0] for line in everyone[1:] if line and line[0] and line[0] != "รวม"][:len(levels)]
    exact = wrong = 0
    for band in AGE_BANDS:
        others = [b.code for b in AGE_BANDS if b.code != band.code]
        rest = _csv(coordinator, measure="headcount", row="position_level", f_age_band=others)
        for label in level_labels:
            present = [line for line in rest if line and line[0] == label]
            recovered = _cell(everyone, label) - (float(present[0][1]) if present else 0)
            truth = Person.objects.filter(agency=own, age_band=band.code, position_level=_level_code(label)).count()
            exact += recovered == truth
            wrong += recovered != truth
    assert exact + wrong == len(AGE_BANDS) * len(level_labels)
    assert wrong > (exact + wrong) / 2


def _level_code(label: str) -> str:
    from django.utils import translation

    from thaothiam.workforce import codes

    with translation.override("th"):
        return next(t.code for t in codes.LEVELS if str(t.label) == label)


def test_mean_salary_times_headcount_does_not_give_a_salary(bma, client_for):
    """Issue 10, attack 1 with salaries: mean × n of 'A and B' minus mean × n of 'B'. Means are rounded to
    100 baht and the headcounts perturbed, so the difference misses the one woman's salary."""
    executive = client_for("executive")
    women = "หญิง"
    base_mean = _cell(_csv(executive, measure="mean_salary", row="sex", f_agency=[bma["big"]]), women)
    base_n = _cell(_csv(executive, measure="headcount", row="sex", f_agency=[bma["big"]]), women)
    errors = []
    for code in bma["small"]:
        person = Person.objects.filter(agency__code=code, sex="F")
        if person.count() != 1:
            continue
        mean = _cell(_csv(executive, measure="mean_salary", row="sex", f_agency=[code, bma["big"]]), women)
        n = _cell(_csv(executive, measure="headcount", row="sex", f_agency=[code, bma["big"]]), women)
        assert mean % 100 == 0  # rounded to 100 baht
        errors.append(abs(mean * n - base_mean * base_n - float(person.get().salary)))
        # One woman alone: no salary figure at all.
        alone = _csv(executive, measure="mean_salary", row="sex", f_agency=[code])
        assert all(line[1] == "" for line in alone[1:] if line and line[0] == women)
    assert len(errors) >= 5
    # Off by thousands of baht as a rule (a headcount off by one is a whole mean salary); a lucky hit
    # within 100 baht would need equal noise on both headcounts and rounding errors that cancel.
    assert sorted(errors)[len(errors) // 2] >= 1000 and sum(e < 100 for e in errors) <= 1, errors


def test_the_same_cell_has_the_same_value_in_every_export(bma, client_for):
    """One agency's women: agency × sex (CSV), a filter on the agency (XLSX), the public open data."""
    from openpyxl import load_workbook

    executive = client_for("executive")
    code = bma["small"][3]
    name = Agency.objects.get(code=code).name_th
    table = _cell(_csv(executive, measure="headcount", row="agency", col="sex"), name)
    book = load_workbook(io.BytesIO(executive.get("/workforce/explore/export.xlsx", {
        "measure": "headcount", "row": "sex", "f_agency": code, "f_fiscal_year": "2568"}).content))
    # A category whose published count is 0 has no row of its own in a one-way table.
    filtered = next((row[1] for row in book.active.values if row[0] == "หญิง"), 0)
    open_rows = csv.DictReader(io.StringIO(executive.get("/workforce/open-data/workforce-by-agency-sex.csv")
                                           .content.decode()))
    opened = next(int(r["headcount"]) for r in open_rows if r["agency_code"] == code and r["sex"] == "F")
    expected = published_people(Person.objects.filter(agency__code=code, sex="F"))
    assert table == filtered == opened == expected
    assert Person.objects.filter(agency__code=code, sex="F").count() == 4
