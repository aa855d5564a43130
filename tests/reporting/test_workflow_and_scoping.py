"""The report workflow through HTTP: who may do what, every illegal move refused, all audited."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from reporting_helpers import activity_post, answer_all, in_time

from thaothiam.core.models import AuditEvent
from thaothiam.reporting import services
from thaothiam.reporting.models import Activity, AgencyReport, ReportStep, Status, TransitionError


@pytest.fixture(autouse=True)
def _no_blank_indicators(request):
    """The workflow tests are about the moves; every indicator is answered ("not applicable") first."""
    if "report" in request.fixturenames:
        answer_all(request.getfixturevalue("report"), request.getfixturevalue("users")["coordinator"])


def _submit_in_time(report, user):
    answer_all(report, user)
    return services.report_submit(report=report, actor=user, now=in_time(report.round))


def test_coordinator_records_an_activity_and_it_is_audited(client_for, report, item_11):
    response = client_for("coordinator").post(f"/reporting/reports/{report.pk}/activities/new/", activity_post(item_11))
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert (activity.female, activity.male, activity.agency_id, activity.fy) == (12, 8, report.agency_id, 2568)
    assert AuditEvent.objects.filter(action="reporting.activity.create", object_id=str(activity.pk)).exists()


def test_other_agency_coordinator_can_neither_see_nor_change(client_for, report, item_11):
    other = client_for("other_coordinator")
    assert other.get(f"/reporting/reports/{report.pk}/").status_code == 404
    assert other.post(f"/reporting/reports/{report.pk}/activities/new/", activity_post(item_11)).status_code == 404
    assert other.post(f"/reporting/reports/{report.pk}/submit/").status_code == 404
    assert not Activity.objects.exists()
    assert AgencyReport.objects.get(pk=report.pk).status == Status.DRAFT


def test_other_agency_coordinator_cannot_start_a_report_for_another_agency(client_for, fy_rounds, home_agency):
    response = client_for("other_coordinator").post(f"/reporting/agencies/{home_agency.pk}/rounds/{fy_rounds[1].pk}/start/")
    assert response.status_code == 404
    assert not AgencyReport.objects.exists()


def test_the_whole_workflow_with_notifications(client_for, users, report, django_capture_on_commit_callbacks):
    for name, email in (("head", "head@example.org"), ("central", "central@example.org"),
                        ("coordinator", "coord@example.org")):
        users[name].email = email
        users[name].save()

    def step(action):
        with django_capture_on_commit_callbacks(execute=True):
            action()
        return mail.outbox[-1].to if mail.outbox else None

    assert step(lambda: _submit_in_time(report, users["coordinator"])) == ["head@example.org"]
    assert step(lambda: client_for("head").post(f"/reporting/reports/{report.pk}/approve/")) == ["central@example.org"]
    assert step(lambda: client_for("central").post(f"/reporting/reports/{report.pk}/return/",
                                                   {"comment": "เพิ่มหลักฐาน"})) == ["coord@example.org"]
    report.refresh_from_db()
    assert report.status == Status.RETURNED and report.return_comment == "เพิ่มหลักฐาน"
    assert "เพิ่มหลักฐาน" in mail.outbox[-1].body
    _submit_in_time(report, users["coordinator"])
    client_for("head").post(f"/reporting/reports/{report.pk}/approve/")
    client_for("central").post(f"/reporting/reports/{report.pk}/accept/")
    report.refresh_from_db()
    assert report.status == Status.ACCEPTED and not report.is_late
    steps = list(ReportStep.objects.filter(report=report).values_list("to_status", flat=True))
    assert steps == ["submitted", "approved", "returned", "submitted", "approved", "accepted"]
    actions = set(AuditEvent.objects.filter(object_id=str(report.pk), action__startswith="reporting.report.")
                  .values_list("action", flat=True))
    assert {"reporting.report.submit", "reporting.report.approve", "reporting.report.return",
            "reporting.report.accept"} <= actions


def test_head_cannot_accept_and_executive_cannot_write(client_for, users, report, item_11):
    _submit_in_time(report, users["coordinator"])
    services.report_approve(report=report, actor=users["head"])
    assert client_for("head").post(f"/reporting/reports/{report.pk}/accept/").status_code == 403
    executive = client_for("executive")
    assert executive.get(f"/reporting/reports/{report.pk}/").status_code == 200
    for url in ("accept", "return", "reopen", "approve", "submit", "activities/new"):
        assert executive.post(f"/reporting/reports/{report.pk}/{url}/", activity_post(item_11)).status_code == 403
    assert AgencyReport.objects.get(pk=report.pk).status == Status.APPROVED


def test_coordinator_cannot_approve_own_report(client_for, users, report):
    _submit_in_time(report, users["coordinator"])
    assert client_for("coordinator").post(f"/reporting/reports/{report.pk}/approve/").status_code == 403
    assert AgencyReport.objects.get(pk=report.pk).status == Status.SUBMITTED


ILLEGAL = {
    Status.DRAFT: ["approve", "accept", "return", "reopen"],
    Status.SUBMITTED: ["submit", "accept", "reopen"],
    Status.APPROVED: ["submit", "approve", "reopen"],
    Status.ACCEPTED: ["submit", "approve", "accept", "return"],
    Status.RETURNED: ["approve", "accept", "return", "reopen"],
}


@pytest.mark.parametrize("status", list(ILLEGAL))
def test_every_illegal_transition_is_refused(status, report, users):
    AgencyReport.objects.filter(pk=report.pk).update(status=status)
    report.refresh_from_db()
    calls = {
        "submit": lambda: services.report_submit(report=report, actor=users["coordinator"], now=in_time(report.round)),
        "approve": lambda: services.report_approve(report=report, actor=users["head"]),
        "accept": lambda: services.report_accept(report=report, actor=users["central"]),
        "return": lambda: services.report_return(report=report, actor=users["central"], comment="x"),
        "reopen": lambda: services.report_reopen(report=report, actor=users["central"], reason="x"),
    }
    for name in ILLEGAL[status]:
        with pytest.raises(TransitionError):
            calls[name]()
        assert AgencyReport.objects.get(pk=report.pk).status == status, name
    assert not ReportStep.objects.exists()


def test_illegal_move_over_http_shows_a_message_and_changes_nothing(client_for, report):
    response = client_for("central").post(f"/reporting/reports/{report.pk}/accept/", follow=True)
    assert "ไม่สามารถ" in response.content.decode()
    assert AgencyReport.objects.get(pk=report.pk).status == Status.DRAFT


def test_late_submission_needs_a_reason_and_is_flagged(report, users):
    late = timezone.make_aware(dt.datetime.combine(report.round.deadline + dt.timedelta(days=3), dt.time(9)))
    with pytest.raises(TransitionError):
        services.report_submit(report=report, actor=users["coordinator"], now=late)
    services.report_submit(report=report, actor=users["coordinator"], now=late, late_reason="ผู้ประสานงานลาป่วย")
    report.refresh_from_db()
    assert report.is_late and report.late_reason == "ผู้ประสานงานลาป่วย"


def test_an_extension_moves_the_deadline(report, users):
    services.extension_grant(round_=report.round, agency=report.agency, actor=users["central"],
                             deadline=report.round.deadline + dt.timedelta(days=10), reason="น้ำท่วม")
    then = timezone.make_aware(dt.datetime.combine(report.round.deadline + dt.timedelta(days=5), dt.time(9)))
    services.report_submit(report=report, actor=users["coordinator"], now=then)
    report.refresh_from_db()
    assert not report.is_late


def test_accepted_data_is_locked_and_reopened_only_by_central_with_a_reason(client_for, users, report, item_11):
    _submit_in_time(report, users["coordinator"])
    services.report_approve(report=report, actor=users["head"])
    services.report_accept(report=report, actor=users["central"])
    response = client_for("coordinator").post(f"/reporting/reports/{report.pk}/activities/new/", activity_post(item_11))
    assert response.status_code == 302 and not Activity.objects.exists()
    with pytest.raises(TransitionError):
        services.activity_save(report=report, actor=users["coordinator"], data={})
    assert client_for("head").post(f"/reporting/reports/{report.pk}/reopen/", {"comment": "x"}).status_code == 403
    client_for("central").post(f"/reporting/reports/{report.pk}/reopen/", {"comment": ""})
    assert AgencyReport.objects.get(pk=report.pk).status == Status.ACCEPTED
    client_for("central").post(f"/reporting/reports/{report.pk}/reopen/", {"comment": "แก้ตัวเลขผู้เข้าอบรม"})
    report.refresh_from_db()
    assert report.status == Status.RETURNED
    assert AuditEvent.objects.filter(action="reporting.report.reopen", note="แก้ตัวเลขผู้เข้าอบรม").exists()


def test_head_returns_a_submitted_report_and_central_cannot_before_approval(client_for, users, report):
    _submit_in_time(report, users["coordinator"])
    assert client_for("central").post(f"/reporting/reports/{report.pk}/return/", {"comment": "x"}).status_code == 404
    client_for("head").post(f"/reporting/reports/{report.pk}/return/", {"comment": "ขาดรายชื่อ"})
    report.refresh_from_db()
    assert report.status == Status.RETURNED and report.return_comment == "ขาดรายชื่อ"
    page = client_for("coordinator").get(f"/reporting/reports/{report.pk}/").content.decode()
    assert "ขาดรายชื่อ" in page and "ส่งรายงาน" in page


def test_matrix_as_of_the_deadline(client_for, users, report, fy_rounds):
    late = timezone.make_aware(dt.datetime.combine(report.round.deadline + dt.timedelta(days=2), dt.time(9)))
    services.report_submit(report=report, actor=users["coordinator"], now=late, late_reason="ล่าช้า")
    on_time = services.report_start(round_=fy_rounds[2], agency=report.agency, actor=users["coordinator"])
    _submit_in_time(on_time, users["coordinator"])
    page = client_for("central").get(f"/reporting/matrix/?fy=2568&as_of=deadline&agency={report.agency_id}")
    text = page.content.decode()
    assert text.count(">ตรงเวลา<") == 1 and text.count(">ไม่ส่งภายในกำหนด<") == 4
