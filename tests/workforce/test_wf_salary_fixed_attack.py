"""Salary figures of the fixed publications (indicators page, dashboard, year-end report: mean and median
salary by sex and the pay gap, for the BMA and for each agency), attacked as central or an executive who
can open every agency's: the BMA's women's mean × their headcount minus every shown agency's gives the
women of the agencies whose figure is hidden — here one woman. Means are rounded to 100 baht and the
headcounts perturbed (decision 0024), so the result misses her salary; the pay gap is computed from the
rounded means and adds nothing to them. Why this, not the interval audit: docs/decisions/0125."""

import datetime as dt
from decimal import Decimal

import pytest
from wf_files import person_rows

from thaothiam.agencies.models import Agency
from thaothiam.workforce.indicators import workforce_indicators
from thaothiam.workforce.services import workforce_snapshot_load

AS_OF = dt.date(2025, 9, 30)
SHOWN = 12


@pytest.fixture
def salaries(reference_data):
    agencies = list(Agency.objects.exclude(code="FIR").order_by("code")[:SHOWN + 1])
    rows = []
    for i, agency in enumerate(agencies[:SHOWN]):
        rows += person_rows(agency.pk, women=6 + i % 6, men=8, prefix=f"s{i}",
                            salary_women=30000 + 3917 * i + 53 * i * i, salary_men=34000 + 2011 * i)
    lonely = agencies[SHOWN]
    rows += person_rows(lonely.pk, women=1, men=9, prefix="lonely", salary_women=61234, salary_men=36000)
    workforce_snapshot_load(as_of=AS_OF, rows=rows)
    return agencies


def _women(indicators) -> tuple[float | None, int]:
    """(published mean salary of women, published headcount of women) of one indicators page."""
    means = indicators.tables["mean_salary"]
    mean = next((line[0] for (code, _l), line in zip(means.rows, means.cells, strict=True) if code == "F"), None)
    personnel = indicators.tables["personnel"]
    columns = [code for code, _l in personnel.cols]
    n = personnel.col_margin[columns.index("F")].value if "F" in columns else 0  # a column of zeros is left out
    return (None if mean is None or mean.hidden else mean.value), n


def test_the_bma_minus_every_shown_agency_does_not_give_one_womans_salary(salaries):
    bma_mean, bma_n = _women(workforce_indicators(agency_ids=None))
    recovered = bma_mean * bma_n
    for agency in salaries[:SHOWN]:
        page = workforce_indicators(agency_ids=frozenset({agency.pk}))
        mean, n = _women(page)
        assert mean is not None and mean % 100 == 0
        recovered -= mean * n
        men = page.tables["mean_salary"]
        male = next(line[0].value for (code, _l), line in zip(men.rows, men.cells, strict=True) if code == "M")
        assert page.pay_gap["mean"] == round(100 * (male - mean) / male, 1)  # from the rounded means only
    lonely = workforce_indicators(agency_ids=frozenset({salaries[SHOWN].pk}))
    assert _women(lonely)[0] is None and lonely.pay_gap["mean"] is None and lonely.pay_gap["median"] is None
    truth = Decimal(61234)
    # Every term carries a headcount noise of −3..+3 times a mean of 30,000–80,000 baht and a rounding
    # error of up to 50 baht per person: landing within 10 baht of the truth needs them to cancel to the
    # baht, which for these means has probability well under 1 in 10,000 (decision 0125).
    assert abs(Decimal(recovered) - truth) >= 10, (recovered, truth)
