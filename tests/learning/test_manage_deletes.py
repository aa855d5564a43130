"""Central deletes what it added by mistake, through a confirmation page, and is refused — with the
alternative offered — where deleting would destroy records (decision 0163)."""

import datetime as dt

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from learning_helpers import answers_for, make_learner, starter

from thaothiam.agencies.models import Agency
from thaothiam.core.models import AuditEvent
from thaothiam.learning.models import (
    Attempt,
    Certificate,
    Choice,
    Completion,
    Course,
    Enrolment,
    Lesson,
    LessonFile,
    Question,
    Session,
)


def _course(**extra):
    return Course.objects.create(code="draft", kind="elearning", title_th="ร่าง", is_published=True, **extra)


def _question(course, text="ข้อหนึ่ง"):
    question = Question.objects.create(course=course, kind="single", text_th=text)
    Choice.objects.create(question=question, text_th="ถูก", is_correct=True)
    Choice.objects.create(question=question, text_th="ผิด")
    return question


def _session(course, **extra):
    return Session.objects.create(course=course, starts_on=dt.date(2025, 2, 3), ends_on=dt.date(2025, 2, 4),
                                  place_th="ห้อง 1", capacity=30, agency=Agency.objects.get(code="DIS-1001"), **extra)


def _attend(session, n=1):
    agency = Agency.objects.get(code="DIS-1001")
    return [Completion.objects.create(course=session.course, session=session, source="attendance",
                                      completed_on=session.ends_on, fiscal_year=2568, agency=agency, sex="F",
                                      learner_key=f"a{session.pk}-{i}", name=f"คน {i}") for i in range(n)]


def test_a_course_nobody_used_is_deleted_after_confirming_with_its_lessons_and_files(
        users, client_for, django_capture_on_commit_callbacks):
    course = _course()
    central = client_for("central")
    lesson = Lesson.objects.create(course=course, number=1, title_th="บทที่ 1", body_th="ข้อความ")
    png = SimpleUploadedFile("p.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20, content_type="image/png")
    central.post(f"/learning/manage/lessons/{lesson.pk}/edit/",
                 {"number": 1, "title_th": "บทที่ 1", "body_th": "ข้อความ", "image": png})
    stored = LessonFile.objects.get().file.name
    assert default_storage.exists(stored)
    _question(course)
    page = central.get(f"/learning/manage/courses/{course.pk}/delete/").content.decode()
    assert 'data-testid="delete-confirm"' in page and "delete-refused" not in page
    assert Course.objects.filter(pk=course.pk).exists()  # a GET changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = central.post(f"/learning/manage/courses/{course.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == "/learning/manage/"
    assert not Course.objects.filter(pk=course.pk).exists()
    assert not Question.objects.filter(course_id=course.pk).exists() and not LessonFile.objects.exists()
    assert not default_storage.exists(stored)
    event = AuditEvent.objects.get(action="learning.course.delete")
    assert event.actor == users["central"] and event.before["code"] == "draft"


def test_a_course_with_records_is_refused_and_withdrawing_is_offered(users, client_for):
    course = starter()
    agency = Agency.objects.get(code="DIS-1001")
    completion = Completion.objects.create(course=course, source="elearning", completed_on=dt.date(2025, 1, 5),
                                           fiscal_year=2568, agency=agency, sex="F", learner_key="u9", name="ก")
    Certificate.objects.create(completion=completion, code="ABCD-EFGH", issued_on=dt.date(2025, 1, 5))
    central = client_for("central")
    page = central.get(f"/learning/manage/courses/{course.pk}/delete/").content.decode()
    assert 'data-testid="delete-refused"' in page and 'data-testid="delete-confirm"' not in page
    assert f'action="/learning/manage/courses/{course.pk}/withdraw/"' in page
    response = central.post(f"/learning/manage/courses/{course.pk}/delete/", follow=True)
    assert Course.objects.filter(pk=course.pk).exists() and Certificate.objects.filter(code="ABCD-EFGH").exists()
    assert "ถอน" in response.content.decode()  # the refusal, in Thai, names the way out
    assert not AuditEvent.objects.filter(action="learning.course.delete").exists()
    central.post(f"/learning/manage/courses/{course.pk}/withdraw/")
    course.refresh_from_db()
    assert not course.is_published
    assert AuditEvent.objects.filter(action="learning.course.withdraw", object_id=str(course.pk)).exists()


def test_a_withdrawn_course_leaves_the_catalogue_but_whoever_started_it_may_finish(users, client_for):
    course = starter()
    make_learner(users["staff"])
    make_learner(users["head"])
    staff = client_for("staff")
    staff.post(f"/learning/courses/{course.pk}/start/")
    client_for("central").post(f"/learning/manage/courses/{course.pk}/withdraw/")
    assert course.title_th not in client_for("head").get("/learning/").content.decode()
    assert client_for("head").get(f"/learning/courses/{course.pk}/").status_code == 404
    assert client_for("head").post(f"/learning/courses/{course.pk}/start/").status_code == 404
    assert staff.get(f"/learning/courses/{course.pk}/").status_code == 200
    assert staff.get(f"/learning/courses/{course.pk}/lessons/1/").status_code == 200
    assert course.title_th in staff.get("/learning/mine/").content.decode()
    assert client_for("central").get(f"/learning/courses/{course.pk}/").status_code == 200  # central's preview
    client_for("central").post(f"/learning/manage/courses/{course.pk}/withdraw/", {"publish": "1"})
    assert client_for("head").get(f"/learning/courses/{course.pk}/").status_code == 200


def test_an_unused_question_is_deleted_and_a_drawn_one_is_retired_never_drawn_again_but_still_scored(
        users, client_for):
    course = _course(quiz_questions=2)
    unused = _question(course, "ยังไม่มีใครเห็น")
    central = client_for("central")
    central.post(f"/learning/manage/questions/{unused.pk}/delete/")
    assert not Question.objects.filter(pk=unused.pk).exists() and not Choice.objects.filter(question_id=unused.pk)
    first, second, third = (_question(course, t) for t in ("หนึ่ง", "สอง", "สาม"))
    make_learner(users["staff"])
    staff = client_for("staff")
    enrolment = Enrolment.objects.create(user=users["staff"], course=course)
    attempt = Attempt.objects.create(enrolment=enrolment, number=1, question_ids=[first.pk, second.pk])
    page = central.get(f"/learning/manage/questions/{first.pk}/delete/").content.decode()
    assert 'data-testid="delete-refused"' in page and f"/learning/manage/questions/{first.pk}/retire/" in page
    central.post(f"/learning/manage/questions/{first.pk}/delete/")
    assert Question.objects.filter(pk=first.pk).exists()  # refused
    version = Course.objects.get(pk=course.pk).bank_version
    central.post(f"/learning/manage/questions/{first.pk}/retire/")
    first.refresh_from_db()
    assert first.is_retired and Course.objects.get(pk=course.pk).bank_version > version
    # the open attempt that drew it is still answered and scored on it
    staff.post(f"/learning/attempts/{attempt.pk}/", answers_for(attempt, right=2))
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None and attempt.score == 100
    # new attempts draw only from the active bank: with 2 drawn, always the other two
    from thaothiam.learning import services

    for _ in range(10):
        enrolment.attempts.all().delete()
        drawn = services.attempt_start(enrolment=enrolment).question_ids
        assert sorted(drawn) == sorted([second.pk, third.pk])
    central.post(f"/learning/manage/questions/{first.pk}/retire/", {"restore": "1"})
    first.refresh_from_db()
    assert not first.is_retired


def test_a_lesson_file_is_deleted_with_its_stored_file_and_a_warning_when_the_text_uses_it(
        users, client_for, django_capture_on_commit_callbacks):
    course = starter()
    lesson = course.lessons.get(number=1)
    central = client_for("central")
    pdf = SimpleUploadedFile("h.pdf", b"%PDF-1.4 handout", content_type="application/pdf")
    central.post(f"/learning/manage/lessons/{lesson.pk}/edit/",
                 {"number": 1, "title_th": lesson.title_th, "body_th": lesson.body_th, "pdf": pdf})
    handout = LessonFile.objects.get()
    assert 'data-testid="delete-warning"' not in central.get(f"/learning/manage/files/{handout.pk}/delete/").content.decode()
    Lesson.objects.filter(pk=lesson.pk).update(body_th=lesson.body_th + f"\n\n[เอกสาร](/learning/files/{handout.pk}/)")
    assert 'data-testid="delete-warning"' in central.get(f"/learning/manage/files/{handout.pk}/delete/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        central.post(f"/learning/manage/files/{handout.pk}/delete/")
    assert not LessonFile.objects.exists() and not default_storage.exists(handout.file.name)
    assert AuditEvent.objects.filter(action="learning.lesson.file.delete").exists()
    assert client_for("staff").get(f"/learning/files/{handout.pk}/").status_code == 404


def test_only_central_deletes(users, client_for):
    course = _course()
    question = _question(course)
    session = _session(Course.objects.create(code="cls", kind="classroom", title_th="อบรม"))
    for who in ("coordinator", "staff"):
        client = client_for(who)
        for url in (f"/learning/manage/courses/{course.pk}/delete/", f"/learning/manage/questions/{question.pk}/delete/",
                    f"/learning/manage/sessions/{session.pk}/delete/", f"/learning/manage/sessions/{session.pk}/edit/"):
            assert client.post(url).status_code in (403, 404)
    assert Course.objects.filter(pk=course.pk).exists() and Session.objects.filter(pk=session.pk).exists()


@pytest.fixture
def classroom(reference_data):
    return Course.objects.create(code="cls", kind="classroom", title_th="อบรม", is_published=True)


def test_a_session_is_edited_and_an_empty_one_deleted(users, client_for, classroom):
    session = _session(classroom)
    central = client_for("central")
    form = central.get(f"/learning/manage/sessions/{session.pk}/edit/").content.decode()
    assert 'name="place_th"' in form and "error-summary" not in form
    data = {"starts_on": "10/03/2568", "ends_on": "11/03/2568", "place_th": "ห้องใหม่", "capacity": 40,
            "agency": session.agency_id}
    bad = central.post(f"/learning/manage/sessions/{session.pk}/edit/", {**data, "ends_on": "01/03/2568"})
    assert bad.status_code == 200 and 'data-testid="error-summary"' in bad.content.decode()
    response = central.post(f"/learning/manage/sessions/{session.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    session.refresh_from_db()
    assert (session.place_th, session.capacity, session.starts_on) == ("ห้องใหม่", 40, dt.date(2025, 3, 10))
    assert AuditEvent.objects.filter(action="learning.session.update", object_id=str(session.pk)).exists()
    central.post(f"/learning/manage/sessions/{session.pk}/delete/")
    assert not Session.objects.filter(pk=session.pk).exists()
    assert AuditEvent.objects.filter(action="learning.session.delete").exists()


def test_a_session_with_attendance_keeps_its_dates_and_is_never_deleted(users, client_for, classroom):
    session = _session(classroom)
    records = _attend(session, 3)
    central = client_for("central")
    data = {"starts_on": "10/03/2568", "ends_on": "11/03/2568", "place_th": "ห้องใหม่", "capacity": 40,
            "agency": Agency.objects.get(code="DIS-1002").pk}
    central.post(f"/learning/manage/sessions/{session.pk}/edit/", data)
    session.refresh_from_db()
    # the place may change; the dates and organiser the records rest on may not (the fields are fixed)
    assert session.place_th == "ห้องใหม่"
    assert (session.starts_on, session.ends_on, session.agency.code) == (dt.date(2025, 2, 3), dt.date(2025, 2, 4),
                                                                         "DIS-1001")
    from django.core.exceptions import ValidationError

    from thaothiam.learning import services_delete

    session.ends_on = dt.date(2025, 5, 1)
    with pytest.raises(ValidationError):  # the service refuses even if a form let it through
        services_delete.session_update(session=session, actor=users["central"])
    page = central.get(f"/learning/manage/sessions/{session.pk}/delete/").content.decode()
    assert 'data-testid="delete-refused"' in page and 'data-testid="delete-confirm"' not in page
    central.post(f"/learning/manage/sessions/{session.pk}/delete/")
    assert Session.objects.filter(pk=session.pk).exists()
    assert Completion.objects.filter(pk__in=[r.pk for r in records]).count() == 3


def test_deleting_the_one_lesson_a_learner_had_left_completes_their_course(users, client_for):
    from thaothiam.learning.models import LessonView

    course = _course()
    first = Lesson.objects.create(course=course, number=1, title_th="หนึ่ง", body_th="ก")
    second = Lesson.objects.create(course=course, number=2, title_th="สอง", body_th="ข")
    make_learner(users["staff"])
    enrolment = Enrolment.objects.create(user=users["staff"], course=course)
    LessonView.objects.create(enrolment=enrolment, lesson=first)
    client_for("central").post(f"/learning/manage/lessons/{second.pk}/delete/")
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None  # no quiz, every remaining lesson seen
    completion = Completion.objects.get(course=course, user=users["staff"])
    assert completion.sex == "F" and Certificate.objects.filter(completion=completion).exists()


def test_central_finds_a_certificate_by_the_holders_name(users, client_for):
    agency = Agency.objects.get(code="DIS-1001")
    for name, code in (("สมศรี มีสุข", "AAAA1111"), ("ประยุทธ ทองดี", "BBBB2222")):
        completion = Completion.objects.create(course=starter(), source="elearning", completed_on=dt.date(2025, 1, 5),
                                               fiscal_year=2568, agency=agency, sex="F", learner_key=code, name=name)
        Certificate.objects.create(completion=completion, code=code, issued_on=dt.date(2025, 1, 5))
    central = client_for("central")
    found = central.get("/learning/manage/certificates/", {"q": "มีสุข"}).content.decode()
    assert "สมศรี มีสุข" in found and "ประยุทธ ทองดี" not in found
    by_code = central.get("/learning/manage/certificates/", {"q": "bbbb-2222"}).content.decode()
    assert "ประยุทธ ทองดี" in by_code and "สมศรี มีสุข" not in by_code


def test_a_wrong_sheet_is_removed_and_the_right_one_imported_unless_certificates_were_issued(
        users, client_for, classroom):
    session = _session(classroom)
    _attend(session, 4)
    central = client_for("central")
    page = central.get(f"/learning/manage/sessions/{session.pk}/attendance/remove/").content.decode()
    assert 'data-testid="delete-confirm"' in page and client_for("coordinator").post(
        f"/learning/manage/sessions/{session.pk}/attendance/remove/").status_code in (403, 404)
    assert Completion.objects.filter(session=session).count() == 4
    central.post(f"/learning/manage/sessions/{session.pk}/attendance/remove/")
    assert not Completion.objects.filter(session=session).exists()
    event = AuditEvent.objects.get(action="learning.session.attendance.clear")
    assert event.before == {"records": {"attendance": 4}, "people": 4}
    # the same people can be imported again (the course's once-per-learner rule no longer holds them)
    from django.core.files.uploadedfile import SimpleUploadedFile

    sheet = "name,employee_id,agency,sex\n" + "".join(f"คน {i},E{i},DIS-1001,หญิง\n" for i in range(3))
    central.post(f"/learning/sessions/{session.pk}/import/",
                 {"file": SimpleUploadedFile("s.csv", sheet.encode(), content_type="text/csv")})
    assert Completion.objects.filter(session=session).count() == 3
    central.post(f"/learning/sessions/{session.pk}/certificates/")
    central.post(f"/learning/manage/sessions/{session.pk}/attendance/remove/")
    assert Completion.objects.filter(session=session).count() == 3  # refused: certificates were issued
