"""The dashboard reads the participants once per scope and sums the cells up (decision 0141): every figure
is the one the participants dataset gives when asked directly, and the one the oracle of decision 0022 gives."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from reports_helpers import accepted_report, make_activity

from tests.core.cellkey_oracle import published_participants
from thaothiam.agencies.models import Agency
from thaothiam.core.datasets import Query, explore, registry
from thaothiam.core.sections import Scope
from thaothiam.reports import content

QUESTIONS = [((), None), (("pillar", "sex"), None), (("gender_identity",), None), (("agency", "sex"), None),
             (("fiscal_year", "sex"), [2567, 2568]), (("sex",), None), (("agency",), None), (("pillar",), None)]


@pytest.fixture
def activities(users, reference_data):
    # gender identity, where recorded, adds up to the women and men (a database constraint)
    people = [(137, 96, {"gi_female": 130, "gi_male": 96, "gi_diverse": 7}), (2, 1, {}),
              (40, 35, {"gi_female": 37, "gi_male": 35, "gi_diverse": 3}), (6, 0, {"gi_undisclosed": 6}),
              (11, 13, {}), (0, 4, {"gi_male": 4})]
    reports = {(code, fy): accepted_report(code, users, fy=fy) for code in ("DIS-1001", "DIS-1002", "DIS-1003")
               for fy in (2567, 2568)}
    for i, (female, male, gi) in enumerate(people):
        for fy in (2567, 2568):
            report = reports[(("DIS-1001", "DIS-1002", "DIS-1003")[i % 3], fy)]
            extra = fy % 3  # the two years differ
            gi_year = {**gi, "gi_female": gi.get("gi_female", 0) + extra} if gi else {}
            make_activity(report, female=female + extra, male=male, item=((1, 1), (2, 1), (3, 1))[i % 3], **gi_year)


def _figures(result):
    return (result.rows, result.cols, [[c.value for c in line] for line in result.cells],
            [c.value for c in result.row_margin or []], [c.value for c in result.col_margin or []],
            result.total.value)


@pytest.mark.parametrize("agency_code", [None, "DIS-1002"])
def test_rolled_up_figures_equal_the_dataset_asked_directly(activities, agency_code):
    agency = Agency.objects.get(code=agency_code) if agency_code else None
    scope = Scope(fy=2568, agency=agency)
    dataset = registry()["participants"]
    for breakdowns, years in QUESTIONS:
        fiscal_years = tuple(str(y) for y in (years or [2568]))
        direct = explore(dataset, Query("participants", breakdowns, {"fiscal_year": fiscal_years},
                                        agency_ids=frozenset({agency.pk}) if agency else None))
        folded = content.participants(scope, breakdowns, years=years)
        assert _figures(folded) == _figures(direct), breakdowns
        assert folded.total.value or 0  # the fixture has people in every scope: a non-empty comparison


def test_figures_match_the_oracle_and_the_activities_are_read_once(activities):
    scope = Scope(fy=2568)
    with CaptureQueriesContext(connection) as queries:
        total = content.participants(scope, ()).total.value
        by_sex = content.participants(scope, ("pillar", "sex"))
        content.participants(scope, ("gender_identity",))
        content.participants(scope, ("fiscal_year", "sex"), years=[2567, 2568])
    reads = [q for q in queries.captured_queries if q["sql"].startswith("SELECT \"reporting_activity\".\"id\"")]
    assert len(reads) == 1
    assert total == published_participants(fy=2568)
    women = dict(zip([code for code, _l in by_sex.rows], [line[0].value for line in by_sex.cells], strict=True))
    assert women["1"] == published_participants("F", fy=2568, plan_item__pillar__number=1)
    gi = content.participants(scope, ("gender_identity",))
    shown = {code: line[0].value for (code, _l), line in zip(gi.rows, gi.cells, strict=True)}
    assert shown["D"] == published_participants("D", dim="gender_identity", fy=2568)


def test_a_later_year_is_asked_directly(activities):
    # A scope never sums years after its own; such a question goes to the dataset (and is still right).
    result = content.participants(Scope(fy=2567), ("fiscal_year", "sex"), years=[2567, 2568])
    assert [code for code, _l in result.rows] == ["2567", "2568"]
