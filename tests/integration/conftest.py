"""Fixtures for the joins between modules: a small BMA with accepted reports, two workforce snapshots and
two years of both surveys — numbers chosen so every expected figure can be worked out by hand."""

import datetime as dt

import pytest

from tests.reports.reports_helpers import accepted_report, make_activity
from tests.surveys.survey_helpers import add_responses, make_campaign
from tests.workforce.wf_files import person_rows
from thaothiam.agencies.models import Agency
from thaothiam.reporting.models import Status
from thaothiam.workforce.services import workforce_snapshot_load


@pytest.fixture(autouse=True)
def fresh_survey_caches():
    """Rolled-back tests reuse campaign ids: start every test with empty per-process caches."""
    from thaothiam.surveys import matrix, structure
    from thaothiam.workforce import sections

    for clear in (matrix.clear, structure._cache.clear, sections._cache.clear):
        clear()
    yield
    for clear in (matrix.clear, structure._cache.clear, sections._cache.clear):
        clear()


@pytest.fixture
def joined(users, reference_data):
    """FY 2568 everywhere, FY 2567 for the previous-year comparisons, FY 2569 that FY 2568 must not show."""
    ids = {code: Agency.objects.get(code=code).pk for code in ("DIS-1001", "DIS-1002", "EDU")}
    # --- plan reporting: accepted activities (and one report still under review, which must not count)
    report = accepted_report("DIS-1001", users)
    make_activity(report, female=137, male=96, gi_female=130, gi_male=90, gi_diverse=10, gi_undisclosed=3,
                  title="อบรมผู้นำการเปลี่ยนแปลง")
    make_activity(report, female=2, male=1, title="ประชุมกลุ่มย่อย", kind="comm_meeting")
    other = accepted_report("DIS-1002", users)
    make_activity(other, female=40, male=35, item=(2, 1), kind="leaders")
    pending = accepted_report("DIS-1003", users, status=Status.SUBMITTED)
    make_activity(pending, female=500, male=500)
    # --- workforce: FY 2568 (2025-09-30): women 58, men 56; 6 of 20 director posts held by women
    rows = (person_rows(ids["DIS-1001"], women=20, men=20)
            + person_rows(ids["DIS-1002"], women=2, men=12)
            + person_rows(ids["EDU"], women=30, men=10, personnel_type="teacher", position_type="teaching",
                          position_level="teaching.professional", age=30, age_band="30-39")
            + person_rows(ids["DIS-1001"], women=6, men=14, prefix="boss", position_type="director",
                          position_level="director.high", is_executive=True, gender_identity="D", age=50,
                          age_band="50-59", salary_women=50000, salary_men=50000))
    workforce_snapshot_load(as_of=dt.date(2024, 9, 30), rows=rows[:60])  # FY 2567
    workforce_snapshot_load(as_of=dt.date(2025, 9, 30), rows=rows)  # FY 2568
    workforce_snapshot_load(as_of=dt.date(2026, 9, 30), rows=rows[:30])  # FY 2569
    # --- surveys: the opinion survey in FY 2567 and 2568, the work-environment survey in FY 2568
    previous = make_campaign("opinion-2568", fy=2567, status="closed")
    add_responses(previous, [({"op_overall_satisfaction": 3}, {"sex": "F"})] * 10)
    opinion = make_campaign("opinion-2568", fy=2568, status="closed")
    add_responses(opinion, [({"op_overall_satisfaction": 4}, {"sex": "F", "age_band": "30-39"})] * 12
                  + [({"op_overall_satisfaction": 4}, {"sex": "M", "age_band": "30-39"})] * 8)
    add_responses(opinion, [({"op_overall_satisfaction": 5}, {"sex": "F", "age_band": "40-49"})] * 3, agency="DIS-1002")
    add_responses(opinion, [({"op_overall_satisfaction": 4}, {"sex": "M", "age_band": "30-39"})] * 6, agency="DIS-1003")
    before = make_campaign("work-environment-2568", fy=2567, status="closed")
    # Prevalence figures need at least 5 people on both sides (docs/decisions/0033): 5 of 25 = 20%.
    add_responses(before, [({"we_trust_overall": 3, "we_sexist_remarks": 3}, {"sex": "F"})] * 5
                  + [({"we_trust_overall": 3, "we_sexist_remarks": 1}, {"sex": "M"})] * 20)
    workenv = make_campaign("work-environment-2568", fy=2568, status="closed")
    add_responses(workenv, [({"we_trust_overall": 4, "we_sexist_remarks": 3}, {"sex": "F"})] * 8
                  + [({"we_trust_overall": 4, "we_sexist_remarks": 1}, {"sex": "M"})] * 12)
    return {"ids": ids, "opinion": opinion, "workenv": workenv}
