"""Issue 15 §4: the indicator grid offers values the system knows — 3.3 and 3.1 from the work-environment
survey (released results only, as published), 2.5 from the workforce database."""

import datetime as dt

import pytest
from survey_helpers import add_responses, make_campaign
from survey_oracle import pub

from thaothiam.agencies.models import Agency
from thaothiam.reporting.system_values import sources

pytestmark = pytest.mark.django_db
END = dt.date.today() + dt.timedelta(days=2)  # a period that ends after the campaign opened (yesterday)


def test_the_work_environment_survey_feeds_3_3_and_3_1(reference_data):
    offered = sources()
    home, other = Agency.objects.get(code="DIS-1001"), Agency.objects.get(code="FIR")
    assert offered["3-3-survey-done"](home, 2569, END) is None  # no survey yet
    campaign = make_campaign("work-environment-2568", fy=2569)
    assert offered["3-3-survey-done"](home, 2569, END) == 1
    assert offered["3-3-survey-done"](home, 2569, campaign.opens_on - dt.timedelta(days=1)) is None  # not yet open
    assert offered["3-3-survey-done"](other, 2569, END) is None  # not one of the campaign's agencies
    assert offered["3-3-respondents"](home, 2569, END) is None  # nothing released yet
    rows = [({"we_trust_overall": 4, "we_trust_fair": 3}, {}) for _ in range(12)]
    add_responses(campaign, rows, agency="DIS-1001")
    assert offered["3-3-respondents"](home, 2569, END) == pub(campaign, agency__code="DIS-1001")
    assert float(offered["3-1-satisfaction"](home, 2569, END)) == pytest.approx(3.5)
    add_responses(campaign, rows[:3], agency="DIS-1002")  # 3 people: no score (the page hides it too)
    assert offered["3-1-satisfaction"](Agency.objects.get(code="DIS-1002"), 2569, END) is None


def test_a_published_workforce_snapshot_feeds_2_5(reference_data):
    from tests.workforce.wf_files import person_rows
    from thaothiam.workforce.services import workforce_snapshot_load

    home = Agency.objects.get(code="DIS-1001")
    database = sources()["2-5-database"]
    assert database(home, 2568, dt.date(2025, 9, 30)) is None
    workforce_snapshot_load(as_of=dt.date(2025, 9, 30), rows=person_rows(home.pk, women=3, men=4, prefix="x"))
    assert database(home, 2568, dt.date(2025, 9, 30)) == 1
    assert database(Agency.objects.get(code="FIR"), 2568, dt.date(2025, 9, 30)) is None
    assert "2-5-data-quality" not in sources()  # an import refuses rows without sex: it would always say 100
