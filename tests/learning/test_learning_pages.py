"""Central's catalogue pages, the staff home card, the dashboard section, the explorer dataset and the
completions export — through the pages and files users get."""

import csv
import datetime as dt
import io

import pytest
from learning_helpers import starter
from openpyxl import load_workbook

from tests.core.cellkey_oracle import published_learners
from thaothiam.agencies.models import Agency
from thaothiam.learning import home
from thaothiam.learning.models import ChangeAgent, Completion, Course, Enrolment, Learner, Question


def completions(n, *, agency="DIS-1001", sex="F", fy=2568, course=None, prefix="k"):
    agency = Agency.objects.get(code=agency)
    day = dt.date(fy - 543 - 1, 11, 5)
    Completion.objects.bulk_create(
        Completion(course=course or starter(), source="elearning", completed_on=day, fiscal_year=fy, agency=agency,
                   sex=sex, personnel_type="civil", learner_key=f"{prefix}{i}", name=f"คนที่ {i}") for i in range(n))


def test_central_writes_a_course_lesson_and_question(client_for):
    central = client_for("central")
    response = central.post("/learning/manage/courses/new/", {
        "code": "new-course", "kind": "elearning", "title_th": "หลักสูตรใหม่", "quiz_questions": 1, "pass_mark": 100,
        "max_attempts": 0, "wait_minutes": 0, "audiences": ["teacher"], "is_published": "on"})
    course = Course.objects.get(code="new-course")
    assert response.status_code == 302 and course.audiences == ["teacher"]
    central.post(f"/learning/manage/courses/{course.pk}/lessons/new/", {
        "number": 1, "title_th": "บทที่ 1", "body_th": "# หัวข้อ\n\n<img src=x onerror=alert(1)>",
        "video_url": "https://youtu.be/dQw4w9WgXcQ"})
    bad = central.post(f"/learning/manage/courses/{course.pk}/questions/new/", {
        "kind": "single", "text_th": "ข้อใดถูก", "choices_th": "*ก\n*ข\nค"})
    assert bad.status_code == 200 and not Question.objects.filter(course=course).exists()
    central.post(f"/learning/manage/courses/{course.pk}/questions/new/", {
        "kind": "single", "text_th": "ข้อใดถูก", "choices_th": "*ก\nข\nค"})
    question = Question.objects.get(course=course)
    assert [c.is_correct for c in question.choices.all()] == [True, False, False]
    course.refresh_from_db()
    assert course.bank_version == 2  # the cached bank of quiz pages is renewed
    staff = client_for("staff")
    Learner.objects.create(user=Enrolment._meta.get_field("user").related_model.objects.get(username="staff"),
                           sex="M", personnel_type="civil")
    staff.post(f"/learning/courses/{course.pk}/start/")
    response = staff.get(f"/learning/courses/{course.pk}/lessons/1/")
    page = response.content.decode()
    assert "youtube-nocookie.com/embed/dQw4w9WgXcQ" in page and "onerror" not in page
    # The page's Content-Security-Policy lets that player (and no other site) be framed.
    frame_src = next(part for part in response["Content-Security-Policy"].split(";") if "frame-src" in part)
    assert frame_src.split() == ["frame-src", "https://www.youtube-nocookie.com", "https://player.vimeo.com"]
    assert client_for("coordinator").get("/learning/manage/").status_code == 403


def test_the_home_card_lists_the_staff_members_courses(users, rf):
    request = rf.get("/me/")
    request.user = users["staff"]
    card = home.card(request)
    assert card["template"] == "learning/home_card.html"
    assert [p.course.code for p in card["courses"]["to_take"]] == [starter().code]
    Learner.objects.create(user=users["staff"], sex="F", personnel_type="civil")
    Enrolment.objects.create(user=users["staff"], course=starter())
    card = home.card(request)
    assert [p.course.code for p in card["courses"]["in_progress"]] == [starter().code]
    teachers = Course.objects.create(code="t", kind="elearning", title_th="สำหรับครู", is_published=True,
                                     audiences=["teacher"])
    assert teachers.pk not in [p.course.pk for p in home.card(request)["courses"]["to_take"]]  # a civil servant
    from django.template.loader import render_to_string

    html = render_to_string(card["template"], {**card, "request": request})
    assert "data-testid=\"learning-card\"" in html and starter().title_th in html


def test_the_dashboard_and_year_end_workbook_have_the_learning_section(client_for, users):
    from thaothiam.core.fiscal import current_fiscal_year

    fy = current_fiscal_year()  # the dashboard's default year when no report round exists
    completions(12, sex="F", fy=fy)
    completions(9, sex="M", prefix="m", fy=fy)
    completions(2, agency="DIS-1002", prefix="d", fy=fy)
    page = client_for("executive").get("/reports/").content.decode()
    assert 'data-testid="learning-section"' in page
    table = page.split('data-testid="learning-reach-table"')[1].split("</table>")[0]
    assert ">2<" not in table  # the other agency's 2 people are never a figure of their own
    from thaothiam.core.sections import Scope, collect

    sections = {s.key: s for s in collect(Scope(fy=fy, output="xlsx"))}
    sheet = sections["learning"].sheets[1]
    rows = {r[0]: r for r in sheet.rows}
    dusit = next(r for label, r in rows.items() if "ดุสิต" in label)
    records = Completion.objects.filter(fiscal_year=fy)
    two = records.filter(agency__code="DIS-1002")
    assert dusit[1] == published_learners(two) in (0, 5) and dusit[3] == dusit[1]  # 2 women: 0 or 5, never 2
    phra_nakhon = rows[next(label for label in rows if "พระนคร" in label)]
    home = records.filter(agency__code="DIS-1001")
    assert phra_nakhon[1:4] == [published_learners(home.filter(sex="F")), published_learners(home.filter(sex="M")),
                                published_learners(home)]


def test_the_explorer_offers_learning_records(client_for):
    completions(12, sex="F")
    completions(9, sex="M", prefix="m")
    page = client_for("central").get("/workforce/explore/?dataset=learning&measure=completions&row=sex")
    assert page.status_code == 200
    text = page.content.decode()
    records = Completion.objects.all()
    for part in (records.filter(sex="F"), records.filter(sex="M"), records):
        assert f">{published_learners(part)}<" in text  # one completion each: completions are people here


def test_completions_export_csv_and_xlsx_for_central_only(client_for):
    completions(3)
    central = client_for("central")
    response = central.get("/learning/manage/completions.csv?fy=2568")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 4 and rows[1][12] == "คนที่ 0" and rows[1][5].endswith("2567")  # B.E. date column
    book = load_workbook(io.BytesIO(central.get("/learning/manage/completions.xlsx").content))
    assert book.active.max_row == 4
    assert client_for("coordinator").get("/learning/manage/completions.csv").status_code == 403
    assert central.get("/learning/manage/completions.pdf").status_code == 404


@pytest.mark.parametrize("who", ["central", "coordinator"])
def test_change_agents_registry_and_coverage(who, client_for):
    course = Course.objects.create(code="ca", kind="classroom", title_th="อบรมผู้นำ", trains_change_agents=True)
    home_agency = Agency.objects.get(code="DIS-1001")
    response = client_for(who).post("/learning/change-agents/", {
        "agency": home_agency.pk, "name": "สมหญิง ผู้นำ", "position": "นักทรัพยากรบุคคล", "sex": "F",
        "course": course.pk, "trained_on": "2025-01-15"})
    assert response.status_code == 302
    agent = ChangeAgent.objects.get()
    assert agent.fiscal_year == 2568
    page = client_for(who).get("/learning/change-agents/").content.decode()
    assert "สมหญิง ผู้นำ" in page
    if who == "coordinator":  # another agency is not offered
        other = Agency.objects.get(code="DIS-1002")
        client_for(who).post("/learning/change-agents/", {
            "agency": other.pk, "name": "x", "sex": "F", "course": course.pk, "trained_on": "2025-01-15"})
        assert ChangeAgent.objects.count() == 1


def test_lesson_files_are_checked_and_served_only_to_signed_in_people(client_for, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from thaothiam.learning.models import LessonFile

    course, central = starter(), client_for("central")
    lesson = course.lessons.get(number=1)
    data = {"number": 1, "title_th": lesson.title_th, "body_th": lesson.body_th}
    svg = SimpleUploadedFile("x.svg", b"<svg onload='alert(1)'/>", content_type="image/svg+xml")
    assert central.post(f"/learning/manage/lessons/{lesson.pk}/edit/", {**data, "image": svg}).status_code == 200
    fake_pdf = SimpleUploadedFile("a.pdf", b"not a pdf", content_type="application/pdf")
    assert central.post(f"/learning/manage/lessons/{lesson.pk}/edit/", {**data, "pdf": fake_pdf}).status_code == 200
    assert not LessonFile.objects.exists()
    png = SimpleUploadedFile("p.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20, content_type="image/png")
    pdf = SimpleUploadedFile("h.pdf", b"%PDF-1.4 handout", content_type="application/pdf")
    central.post(f"/learning/manage/lessons/{lesson.pk}/edit/", {**data, "image": png})
    central.post(f"/learning/manage/lessons/{lesson.pk}/edit/", {**data, "pdf": pdf, "file_title": "เอกสารประกอบ"})
    image, handout = LessonFile.objects.order_by("pk")
    assert (image.content_type, handout.content_type) == ("image/png", "application/pdf")
    staff = client_for("staff")
    response = staff.get(f"/learning/files/{image.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert "attachment" in staff.get(f"/learning/files/{handout.pk}/")["Content-Disposition"]
    assert client.get(f"/learning/files/{image.pk}/").status_code == 302  # to the login page


def test_the_starter_lessons_are_in_english_in_english_mode(client_for, users):
    from thaothiam.learning.starter_en import BODIES_EN

    course = starter()
    assert [lesson.body_en for lesson in course.lessons.order_by("number")] == BODIES_EN
    Enrolment.objects.create(user=users["staff"], course=course)
    client = client_for("staff")
    thai = client.get(f"/learning/courses/{course.pk}/lessons/3/").content.decode()
    assert "การบูรณาการมิติเพศภาวะให้เป็นกระแสหลัก" in thai and "sex-disaggregated data" not in thai
    client.post("/i18n/setlang/", {"language": "en", "next": "/learning/"})
    for number, heading in ((1, "The action plan 2568–2570"), (3, "Use sex-disaggregated data"),
                            (5, "Complaint channels")):
        english = client.get(f"/learning/courses/{course.pk}/lessons/{number}/").content.decode()
        assert heading in english, number
        assert "ประกาศกรุงเทพมหานคร ลงวันที่" not in english


def test_a_change_agent_is_deactivated_by_central_or_their_coordinator_only_audited(client_for, users):
    from thaothiam.core.models import AuditEvent

    course = Course.objects.create(code="ca2", kind="classroom", title_th="อบรมผู้นำ", trains_change_agents=True)
    home, other = Agency.objects.get(code="DIS-1001"), Agency.objects.get(code="DIS-1002")
    mine = ChangeAgent.objects.create(agency=home, name="ก", sex="F", course=course, trained_on=dt.date(2025, 1, 15),
                                      fiscal_year=2568)
    theirs = ChangeAgent.objects.create(agency=other, name="ข", sex="M", course=course,
                                        trained_on=dt.date(2025, 1, 15), fiscal_year=2568)
    coordinator = client_for("coordinator")  # of DIS-1001
    assert coordinator.post(f"/learning/change-agents/{theirs.pk}/deactivate/").status_code == 404
    assert client_for("staff").post(f"/learning/change-agents/{mine.pk}/deactivate/").status_code in (302, 403)
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.is_active and theirs.is_active
    coordinator.post(f"/learning/change-agents/{mine.pk}/deactivate/")
    mine.refresh_from_db()
    assert not mine.is_active
    from thaothiam.learning import change_agents

    assert not [r for r in change_agents.coverage({home.pk})["rows"] if r["covered"]]
    again = coordinator.post(f"/learning/change-agents/{mine.pk}/deactivate/", follow=True).content.decode()
    assert "ผู้นี้ถูกบันทึกว่าไม่เป็นผู้นำการเปลี่ยนแปลงแล้ว" in again
    client_for("central").post(f"/learning/change-agents/{theirs.pk}/deactivate/")
    assert AuditEvent.objects.filter(action="learning.change_agent.deactivate").count() == 2


def test_a_change_agents_entry_is_corrected_by_their_agency_or_central_only(client_for, users):

    from thaothiam.core.models import AuditEvent

    course = Course.objects.create(code="ca", kind="classroom", title_th="อบรมผู้นำ", trains_change_agents=True)
    ours = ChangeAgent.objects.create(agency=Agency.objects.get(code="DIS-1001"), name="สมชาบ", sex="M", course=course,
                                      trained_on=dt.date(2025, 1, 15), fiscal_year=2568)
    theirs = ChangeAgent.objects.create(agency=Agency.objects.get(code="DIS-1002"), name="ก", sex="F", course=course,
                                        trained_on=dt.date(2025, 1, 15), fiscal_year=2568)
    coordinator = client_for("coordinator")
    data = {"agency": ours.agency_id, "name": "สมชาย", "position": "", "sex": "M", "course": course.pk,
            "trained_on": "15/10/2568"}
    assert coordinator.post(f"/learning/change-agents/{ours.pk}/edit/", data).status_code == 302
    ours.refresh_from_db()
    assert (ours.name, ours.trained_on, ours.fiscal_year) == ("สมชาย", dt.date(2025, 10, 15), 2569)
    assert AuditEvent.objects.filter(action="learning.change_agent.update", object_id=str(ours.pk)).exists()
    assert coordinator.get(f"/learning/change-agents/{theirs.pk}/edit/").status_code == 404
    moved = coordinator.post(f"/learning/change-agents/{ours.pk}/edit/", {**data, "agency": theirs.agency_id})
    assert moved.status_code == 200 and 'data-testid="error-summary"' in moved.content.decode()
    assert client_for("staff").get(f"/learning/change-agents/{ours.pk}/edit/").status_code == 403
