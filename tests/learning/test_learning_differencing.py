"""Issue 10 for learning statistics: "A and B" minus "B" through the explorer's learning dataset as the
executive, and the BMA reach total minus every other agency as central — noise, not the 1–4 people."""

import csv
import datetime as dt
import io

import pytest
from learning_helpers import starter

from thaothiam.agencies.models import Agency
from thaothiam.learning import reach
from thaothiam.learning.models import Completion

pytestmark = pytest.mark.django_db
SMALL = 30
DAY = dt.date(2024, 11, 5)  # FY 2568


def _people(agency, n, prefix):
    Completion.objects.bulk_create(
        Completion(course=starter(), source="elearning", completed_on=DAY, fiscal_year=2568, agency=agency, sex="F",
                   personnel_type="civil", learner_key=f"{prefix}{i}", name="") for i in range(n))


@pytest.fixture
def bma(reference_data):
    small = list(Agency.objects.exclude(code="FIR").order_by("code")[:SMALL])
    big = Agency.objects.get(code="FIR")
    _people(big, 60, "big")
    for i, agency in enumerate(small):
        _people(agency, 1 + i % 4, f"a{i}-")
    return {"small": small, "big": big}


def _women(client, agencies) -> int:
    response = client.get("/workforce/explore/export.csv", {
        "dataset": "learning", "measure": "completions", "row": "sex", "f_fiscal_year": "2568",
        "f_agency": [a.code for a in agencies]})
    assert response.status_code == 200
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    values = [int(line[1]) for line in lines[1:] if len(line) > 1 and line[0] == "หญิง"]
    return values[0] if values else 0


def test_agencies_a_and_b_minus_b_gives_noise_not_a(bma, client_for):
    executive = client_for("executive")
    base = _women(executive, [bma["big"]])
    exact = wrong = 0
    for agency in bma["small"]:
        truth = Completion.objects.filter(agency=agency).count()
        recovered = _women(executive, [agency, bma["big"]]) - base
        exact += recovered == truth
        wrong += recovered != truth
        assert _women(executive, [agency]) in (0, 5)  # 1–4 people: 0 or 5, never the count
    # Table-by-table suppression gives all 30 back; perturbation does not.
    assert wrong > SMALL / 2, (exact, wrong)


def test_bma_reach_minus_every_other_agency_gives_noise(bma):
    table = reach.reach_by_agency(fy=2568)
    by_agency = {row["key"]: row["total"] or 0 for row in table.rows}
    exact = 0
    for agency in bma["small"]:
        recovered = table.total["total"] - sum(v for pk, v in by_agency.items() if pk != agency.pk)
        exact += recovered == Completion.objects.filter(agency=agency).count()
    assert exact <= SMALL / 3, exact
    assert not [v for v in by_agency.values() if 0 < v < 5]
