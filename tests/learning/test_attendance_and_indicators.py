"""Classroom attendance import (all or nothing, errors by line), counts by sex, the indicator values
computed from learning records, and reach with no figure about 1–4 people."""

import datetime as dt

import pytest
from learning_helpers import starter

from tests.core.cellkey_oracle import published, published_learners, record_key_by_hand
from thaothiam.agencies.models import Agency
from thaothiam.learning import indicator_sources, reach
from thaothiam.learning.models import ChangeAgent, Completion, Course, Session
from thaothiam.plans.models import PlanItem

HEADER = "name,employee_id,agency,sex,personnel_type\n"


@pytest.fixture
def session(reference_data):
    course = Course.objects.create(code="cls", kind="classroom", title_th="อบรม", is_published=True,
                                   trains_change_agents=True)
    course.plan_items.set(PlanItem.objects.filter(pillar__plan__is_current=True, pillar__number=1, number__in=[1, 3]))
    return Session.objects.create(course=course, starts_on=dt.date(2025, 2, 3), ends_on=dt.date(2025, 2, 4),
                                  place_th="ห้อง 1", capacity=50, agency=Agency.objects.get(code="DIS-1001"))


def upload(client, session, text, name="sheet.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(f"/learning/sessions/{session.pk}/import/",
                       {"file": SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")})


def test_a_bad_row_refuses_the_whole_sheet_with_errors_by_line(session, client_for):
    rows = HEADER + "สมหญิง ใจดี,E1,DIS-1001,หญิง,ข้าราชการ\nสมชาย ใจดี,E2,NOPE,ชาย,\nวิภา ดี,E1,DIS-1001,X,\n"
    response = upload(client_for("central"), session, rows)
    assert response.status_code == 400
    page = response.content.decode()
    assert "data-testid=\"import-errors\"" in page
    assert "(agency)" in page
    assert "(sex)" in page and "(employee_id)" in page  # line 4: bad sex and the same person again
    assert not Completion.objects.exists()


def test_a_good_sheet_is_recorded_and_pseudonymised(session, client_for):
    rows = HEADER + "สมหญิง ใจดี,E1,DIS-1001,หญิง,ข้าราชการ\nสมชาย ใจดี,,สำนักงานเขตพระนคร,ชาย,\n"
    assert upload(client_for("central"), session, rows).status_code == 400  # no ID or e-mail on line 3
    rows = rows.replace(",,สำนักงานเขต", ",E2,สำนักงานเขต")
    assert upload(client_for("central"), session, rows).status_code == 302
    records = list(Completion.objects.order_by("name"))
    assert [r.sex for r in records] == ["M", "F"] and all(len(r.learner_key) == 64 for r in records)
    assert "E1" not in {r.learner_key for r in records}
    assert upload(client_for("central"), session, rows).status_code == 400  # already recorded: refused whole
    assert Completion.objects.count() == 2


def test_another_agencys_coordinator_cannot_import(session, client_for):
    assert upload(client_for("other_coordinator"), session, HEADER + "a,E1,DIS-1001,หญิง,\n").status_code == 404


def test_indicator_values_are_computed_from_records(session, client_for, users):
    client = client_for("coordinator")
    upload(client, session, HEADER + "".join(f"คน {i},E{i},DIS-1001,{'หญิง' if i % 2 else 'ชาย'},\n" for i in range(7)))
    client.post(f"/learning/sessions/{session.pk}/counts/", {"agency": Agency.objects.get(code="DIS-1001").pk,
                                                             "female": 3, "male": 0})
    agency = Agency.objects.get(code="DIS-1001")
    end = dt.date(2025, 3, 31)
    records = Completion.objects.filter(agency=agency, session=session)  # 4 women, 3 men named; 3 women counted
    by_sex = [published_learners(records.filter(sex=s)) for s in ("F", "M")]
    trained = indicator_sources.trained(agency, 2568, end)
    assert [trained.female, trained.male] == by_sex and trained.value == sum(by_sex)  # perturbed, like reach
    assert indicator_sources.trained(agency, 2568, dt.date(2025, 1, 31)).value == 0  # before the session
    assert indicator_sources.courses(agency, 2568, end) == 1
    assert indicator_sources.mainstreaming(agency, 2568, end) == trained  # the same people, the same figures
    assert indicator_sources.elearning(agency, 2568, end).value == 0
    Completion.objects.create(course=starter(), source="elearning", completed_on=dt.date(2025, 3, 1), fiscal_year=2568,
                              agency=agency, sex="F", learner_key="u1", name="x")
    Completion.objects.create(course=starter(), source="elearning", completed_on=dt.date(2025, 3, 1), fiscal_year=2568,
                              agency=Agency.objects.get(code="DIS-1002"), sex="F", learner_key="u2", name="y")
    one = indicator_sources.elearning(agency, 2568, end)
    assert one.female == published_learners(Completion.objects.filter(learner_key="u1")) and one.male == 0
    assert one.female in (0, 5)  # one woman: never offered as 1
    assert indicator_sources.agency_has_leader(agency, 2568, end) == 0
    agent = ChangeAgent.objects.create(agency=agency, name="ก", sex="F", course=session.course,
                                       trained_on=dt.date(2025, 2, 4), fiscal_year=2568)
    leaders = indicator_sources.leaders(agency, 2568, end)
    assert leaders.female == published(1, record_key_by_hand("change-agent", agent.pk)) and leaders.male == 0
    assert indicator_sources.agency_has_leader(agency, 2568, end) == 1
    assert indicator_sources.leaders(agency, 2569, dt.date(2026, 3, 31)).value == 0


def test_reach_never_shows_one_to_four_people_and_is_perturbed_by_the_learners_keys(session, client_for):
    agency = Agency.objects.get(code="DIS-1001")
    for i in range(7):
        Completion.objects.create(course=session.course, session=session, source="attendance",
                                  completed_on=session.ends_on, fiscal_year=2568, agency=agency,
                                  sex="F" if i < 6 else "M", learner_key=f"k{i}", name=f"n{i}")
    # A second course for two of the women: each person is still counted once, with one key.
    other = Course.objects.create(kind="elearning", title_th="อีกหลักสูตร", title_en="Another")
    for i in range(2):
        Completion.objects.create(course=other, source="elearning", completed_on=session.ends_on, fiscal_year=2568,
                                  agency=agency, sex="F", learner_key=f"k{i}", name=f"n{i}")
    Completion.objects.create(course=session.course, session=session, source="counts", completed_on=session.ends_on,
                              fiscal_year=2568, agency=agency, sex="M", people=3)
    table = reach.reach_by_agency(fy=2568, agency_ids={agency.pk})
    row = table.rows[0]
    records = Completion.objects.filter(agency=agency, fiscal_year=2568)
    assert row["cells"] == [published_learners(records.filter(sex="F")), published_learners(records.filter(sex="M"))]
    assert row["total"] == published_learners(records)
    assert not [v for v in (*row["cells"], row["total"]) if 0 < v < 5]  # 1 man + 3 counted: 0 or 5, never 4
    page = client_for("central").get("/learning/reach/?fy=2568").content.decode()
    assert ">4<" not in page.split("reach-agency")[1] and ">6<" not in page.split("reach-agency")[1]
