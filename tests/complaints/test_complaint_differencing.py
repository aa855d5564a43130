"""Issue 10 for complaint statistics: the subtraction attacks, played as the executive through the
explorer's exports and as central through the per-agency dashboard section. Small counts of cases are
the norm (most agencies have 0–4 complaints a year), so table-by-table suppression would hand them out;
cell-key perturbation returns noise (docs/decisions/0028)."""

import csv
import datetime as dt
import io

import pytest

from tests.core.cellkey_oracle import published_cases
from thaothiam.agencies.models import Agency
from thaothiam.complaints import stats
from thaothiam.complaints.models import Case
from thaothiam.complaints.sections import complaint_section
from thaothiam.core.sections import Scope

pytestmark = pytest.mark.django_db
SMALL = 30
RECEIVED = dt.date(2025, 11, 3)  # FY 2569


def _cases(agency, n, category="harassment"):
    Case.objects.bulk_create([Case(agency=agency, category=category, relationship="colleague", named=False,
                                   fiscal_year=2569, received_on=RECEIVED, last_handled_on=RECEIVED)
                              for _ in range(n)])


@pytest.fixture
def bma(reference_data):
    small = list(Agency.objects.exclude(code="FIR").order_by("code")[:SMALL])
    big = Agency.objects.get(code="FIR")
    _cases(big, 40)
    for i, agency in enumerate(small):
        _cases(agency, 1 + i % 4)
    _cases(small[5], 3, category="discrimination")
    return {"small": small, "big": big}


def _csv(client, **params) -> dict[str, int]:
    response = client.get("/workforce/explore/export.csv", {"dataset": "complaints", "measure": "cases",
                                                            "row": "category", "f_fiscal_year": "2569", **params})
    assert response.status_code == 200, response.content[:300]
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return {line[0]: int(line[1]) for line in lines[1:] if len(line) > 1 and line[1].lstrip("-").isdigit()}


def test_agencies_a_and_b_minus_b_gives_noise_not_a(bma, client_for):
    executive = client_for("executive")
    label = "การคุกคามทางเพศ"
    base = _csv(executive, f_agency=[bma["big"].code]).get(label, 0)
    exact = wrong = 0
    for agency in bma["small"]:
        both = _csv(executive, f_agency=[agency.code, bma["big"].code]).get(label, 0)
        truth = Case.objects.filter(agency=agency, category="harassment").count()
        assert 1 <= truth <= 4
        exact += both - base == truth
        wrong += both - base != truth
        alone = _csv(executive, f_agency=[agency.code])
        assert not [v for v in alone.values() if 0 < v < 5], alone  # a count of 1–4 is never published
    # Table-by-table suppression gives all 30 back (40 + c is shown, 40 is shown, and no other cell of
    # the table could be hidden beside it); perturbation does not.
    assert wrong > SMALL / 2, (exact, wrong)


def test_bma_wide_minus_every_other_agency_gives_noise(bma):
    """Central sees the BMA-wide section and each agency's: the BMA figure minus the sum of the others."""
    def harassment(section):
        return next(row[2] for row in section.sheets[0].rows if row[1] == "การคุกคามทางเพศ")

    from django.utils import translation

    with translation.override("th"):
        bma_wide = harassment(complaint_section(Scope(fy=2569)))
        shown = {a.pk: harassment(complaint_section(Scope(fy=2569, agency=a))) for a in [*bma["small"], bma["big"]]}
    exact = 0
    for agency in bma["small"]:
        recovered = bma_wide - sum(v or 0 for pk, v in shown.items() if pk != agency.pk)
        exact += recovered == Case.objects.filter(agency=agency, category="harassment").count()
        assert shown[agency.pk] in (0, 5)  # 1–4 cases: published as 0 or 5, never the count
    assert exact <= SMALL / 3, exact


def test_the_same_cases_have_the_same_figure_everywhere(bma, client_for):
    """Explorer, trends page statistics, the dashboard section and the trend table agree, and agree with
    the decision's table computed by hand."""
    agency = bma["small"][5]
    cases = Case.objects.filter(agency=agency, category="discrimination")
    explorer = _csv(client_for("executive"), f_agency=[agency.code]).get("การเลือกปฏิบัติโดยไม่เป็นธรรมระหว่างเพศ", 0)
    year = {c: n for b in stats.year_stats(2569, agency_ids={agency.pk}).breakdowns if b.key == "category"
            for c, _l, n in b.rows}
    _years, table = stats.trend(agency_ids={agency.pk})
    trend = table.cells[0][table.col_keys.index("discrimination")]
    assert explorer == year["discrimination"] == trend == published_cases(cases)
