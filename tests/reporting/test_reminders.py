"""Reminders go only to agencies that have not submitted, within N days of their deadline."""

import datetime as dt

from django.core import mail
from django.core.management import call_command

from thaothiam.agencies.models import Agency
from thaothiam.reporting import services
from thaothiam.reporting.models import AgencyReport, Status


def _due_codes(**kwargs):
    return {agency.code for agency, _round, _deadline, _to in services.reminders_due(**kwargs)}


def test_reminders_skip_submitted_agencies_and_respect_extensions(fy_rounds, users, home_agency, other_agency):
    q1 = fy_rounds[1]
    today = q1.deadline - dt.timedelta(days=3)
    AgencyReport.objects.create(round=q1, agency=other_agency, fy=2568, status=Status.SUBMITTED)
    AgencyReport.objects.create(round=q1, agency=home_agency, fy=2568, status=Status.RETURNED)
    due = _due_codes(today=today, days=7)
    assert "DIS-1001" in due and "DIS-1002" not in due and "DIS-1003" in due
    assert "DIS-1001" not in _due_codes(today=today, days=2)  # deadline is 3 days away
    services.extension_grant(round_=q1, agency=Agency.objects.get(code="DIS-1003"), actor=users["central"],
                             deadline=q1.deadline + dt.timedelta(days=30), reason="ย้ายสำนักงาน")
    assert "DIS-1003" not in _due_codes(today=today, days=7)
    assert "DIS-1003" in _due_codes(today=q1.deadline + dt.timedelta(days=25), days=7)


def test_send_reminders_emails_the_coordinators(fy_rounds, users, monkeypatch):
    users["coordinator"].email = "coord@example.org"
    users["coordinator"].save()
    q1 = fy_rounds[1]
    from thaothiam.reporting import services as svc

    real = svc.reminders_due
    monkeypatch.setattr("thaothiam.reporting.management.commands.send-reminders.reminders_due",
                        lambda days=None: real(today=q1.deadline - dt.timedelta(days=1), days=days), raising=False)
    call_command("send-reminders", "--dry-run")
    assert not mail.outbox
    call_command("send-reminders")
    assert ["coord@example.org"] in [m.to for m in mail.outbox]
    assert "ไตรมาส 1" in mail.outbox[0].subject
