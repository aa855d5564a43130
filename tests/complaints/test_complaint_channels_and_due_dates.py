"""The public page shows central's data without JavaScript; due dates skip weekends and holidays;
follow-up prompts after closing; bad input gets a Thai message and nothing typed is lost."""

import datetime as dt

import pytest
from complaint_helpers import officers_with_keys, report_data
from django.core import mail
from django.test import Client

from thaothiam.agencies.models import Agency
from thaothiam.complaints.models import Case, Holiday
from thaothiam.complaints.workdays import add_working_days

pytestmark = pytest.mark.django_db


def test_central_enters_the_channels_and_the_public_page_shows_them(users, client_for):
    central = client_for("central")
    from thaothiam.agencies.models import Agency

    home = Agency.objects.get(code="DIS-1001")
    central.post("/complaints/manage/", {"action": "contact", "agency": home.pk, "name": "คุณอรทัย ห้องรับเรื่อง",
                                         "phone": "02 111 2222", "email": "desk@example.org"})
    central.post("/complaints/manage/", {"action": "external", "name_th": "สายด่วน 1300", "phone": "1300",
                                         "order": 1})
    central.post("/complaints/manage/", {"action": "settings", "acknowledge_days": 5, "decide_days": 15,
                                         "fact_finding_days": 60, "retention_years": 7})
    bad = central.post("/complaints/manage/", {"action": "settings", "acknowledge_days": 0, "decide_days": 15,
                                               "fact_finding_days": 60, "retention_years": 7})
    assert bad.status_code == 400 and "1 ถึง 365" in bad.content.decode()
    page = Client().get("/complaints/")
    html = page.content.decode()
    assert page.status_code == 200 and "<script>" not in html
    for text in ("คุณอรทัย ห้องรับเรื่อง", "02 111 2222", "สายด่วน 1300", "ภายใน 5 วันทำการ", "7 ปี"):
        assert text in html, text
    english = Client()
    english.post("/i18n/setlang/", {"language": "en", "next": "/complaints/"})
    assert "What happens after you report" in english.get("/complaints/").content.decode()
    from thaothiam.core.models import AuditEvent

    assert AuditEvent.objects.filter(action__startswith="complaints.").count() == 3


def test_due_dates_count_working_days_with_central_holidays(reference_data):
    friday = dt.date(2025, 12, 5)  # a Friday, and Father's Day
    assert add_working_days(friday, 3, set()) == dt.date(2025, 12, 10)
    Holiday.objects.create(date=dt.date(2025, 12, 10), name_th="วันรัฐธรรมนูญ", name_en="Constitution Day")
    assert add_working_days(friday, 3) == dt.date(2025, 12, 11)


def test_new_cases_and_complainant_messages_are_announced_the_next_day_without_content(reference_data):
    from complaint_helpers import submit

    from thaothiam.complaints.reminders import run

    officers_with_keys(("co-local", "DIS-1001"), ("co-central", None))
    receipt = submit(narrative="ต้องไม่อยู่ในอีเมล")
    case = Case.objects.get()
    from complaint_helpers import follow

    follow(receipt).post("/complaints/follow/case/", {"text": "ข้อมูลเพิ่มเติมลับ"})
    assert run(on=case.received_on)["new"] == 0
    counts = run(on=case.received_on + dt.timedelta(days=1))
    assert counts["new"] == 1
    mail_ = next(m for m in mail.outbox if case.number in m.subject)
    assert sorted(mail_.to) == ["co-central@example.org", "co-local@example.org"]
    assert "ต้องไม่อยู่" not in mail_.body
    assert counts["news"] == 1  # the complainant wrote that day too
    assert not [m for m in mail.outbox if "ข้อมูลเพิ่มเติมลับ" in m.body or "ข้อมูลเพิ่มเติมลับ" in m.subject]

def test_follow_up_prompts_after_30_and_90_days(reference_data):
    from thaothiam.complaints.reminders import run

    officers_with_keys(("co-central", None), ("co-central-2", None))
    case = Case.objects.create(agency=Agency.objects.order_by("pk").first(), category="other", relationship="unknown", named=False, state="closed",
                               outcome="resolved", fiscal_year=2569, received_on=dt.date(2025, 10, 1),
                               last_handled_on=dt.date(2025, 11, 1), closed_on=dt.date(2025, 11, 1))
    from thaothiam.accounts.models import User

    case.holders.create(user=User.objects.get(username="co-central"), wrapped_key=b"x", granted_on=case.received_on)
    assert run(on=dt.date(2025, 11, 20))["followup"] == 0
    assert run(on=dt.date(2025, 12, 2))["followup"] == 1
    assert "C-" in mail.outbox[-1].subject and mail.outbox[-1].to == ["co-central@example.org"]
    Case.objects.filter(pk=case.pk).update(followup_30_done_on=dt.date(2025, 12, 2))
    assert run(on=dt.date(2025, 12, 3))["followup"] == 0
    assert run(on=dt.date(2026, 2, 1))["followup"] == 1  # the 90-day check


def test_bad_input_gets_thai_messages_and_keeps_what_was_typed(reference_data):
    officers_with_keys(("co-central", None), ("co-central-2", None))
    data = report_data(identity="named", name="", contact_mode="email", email="", when_month="",
                       narrative="ข้อความที่ต้องไม่หาย")
    response = Client().post("/complaints/report/", data)
    html = response.content.decode()
    assert response.status_code == 400 and not Case.objects.exists()
    assert "โปรดระบุชื่อ" in html and "โปรดระบุอีเมล" in html and "โปรดระบุเดือนและปี" in html
    assert "ข้อความที่ต้องไม่หาย" in html


def test_the_complainant_gets_a_content_free_notice_only_when_asked(reference_data,
                                                                 django_capture_on_commit_callbacks):
    clients = officers_with_keys(("co-central", None), ("co-central-2", None))
    from complaint_helpers import submit

    submit(contact_mode="email", email="me@example.org", notify="on", narrative="เรื่องลับมาก")
    case = Case.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        clients["co-central"].post(f"/complaints/cases/{case.pk}/message/", {"text": "ข้อความลับถึงผู้ร้อง"})
    notices = [m for m in mail.outbox if m.to == ["me@example.org"]]
    assert len(notices) == 1
    assert "ข้อความลับ" not in notices[0].body and "เรื่องลับ" not in notices[0].body
    assert "/complaints/follow/" in notices[0].body
