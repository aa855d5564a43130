"""Workflow e-mail reaches only people whose *one* grant has the right role for the right agency.

Users here hold grants in two agencies, the case where matching role and agency on separate joins
sends one agency's mail (with the reviewer's comments) to another agency's people.
"""

import datetime as dt

from django.core import mail
from reporting_helpers import answer_all, in_time

from thaothiam.accounts.models import Role
from thaothiam.reporting import services
from thaothiam.reporting.models import AgencyReport, Status


def _with_mail(user, address):
    user.email = address
    user.save(update_fields=["email"])
    return user


def _submit(report, actor):
    answer_all(report, actor)
    return services.report_submit(report=report, actor=actor, now=in_time(report.round))


def test_returned_mail_goes_to_this_agencys_coordinators_only(client_for, users, report, user_factory,
                                                              django_capture_on_commit_callbacks):
    _with_mail(users["coordinator"], "coord-1001@example.org")
    # Coordinator of DIS-1002 who is also *staff* of DIS-1001: must not get DIS-1001's returned mail.
    _with_mail(user_factory("coord-1002-staff-1001", (Role.COORDINATOR, "DIS-1002"), (Role.STAFF, "DIS-1001"),
                         agency_code="DIS-1002"), "coord-1002@example.org")
    _submit(report, users["coordinator"])
    services.report_approve(report=report, actor=users["head"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("central").post(f"/reporting/reports/{report.pk}/return/",
                                              {"comment": "ความเห็นลับของผู้ตรวจ"})
    assert response.status_code == 302
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["coord-1001@example.org"]
    assert AgencyReport.objects.get(pk=report.pk).status == Status.RETURNED


def test_approval_request_goes_to_this_agencys_head_not_a_bma_wide_executive_heading_another(
        users, report, user_factory, django_capture_on_commit_callbacks):
    _with_mail(users["head"], "head-1001@example.org")
    _with_mail(user_factory("exec-head-1003", (Role.EXECUTIVE, None), (Role.HEAD, "DIS-1003"), agency_code="DIS-1003"),
               "exec-head-1003@example.org")
    _with_mail(user_factory("staff-1001-head-1002", (Role.STAFF, "DIS-1001"), (Role.HEAD, "DIS-1002"),
                         agency_code="DIS-1001"), "head-1002@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _submit(report, users["coordinator"])
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["head-1001@example.org"]


def test_reminders_go_to_the_agencys_own_coordinators(fy_rounds, users, user_factory):
    _with_mail(users["coordinator"], "coord-1001@example.org")
    _with_mail(user_factory("coord-1002-staff-1001b", (Role.COORDINATOR, "DIS-1002"), (Role.STAFF, "DIS-1001"),
                         agency_code="DIS-1002"), "coord-1002@example.org")
    q1 = fy_rounds[1]
    due = services.reminders_due(today=q1.deadline - dt.timedelta(days=1), days=7)
    by_agency = {agency.code: addresses for agency, _round, _deadline, addresses in due}
    assert by_agency["DIS-1001"] == ["coord-1001@example.org"]
    assert by_agency["DIS-1002"] == ["coord-1002@example.org"]
