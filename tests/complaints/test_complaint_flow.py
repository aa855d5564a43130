"""Report → receipt → officers read and reply → the complainant reads; routing to the agency and central."""

import pytest
from complaint_helpers import follow, officers_with_keys, submit

from thaothiam.complaints.models import AccessEntry, Case, CaseHolder, Sender

pytestmark = pytest.mark.django_db


@pytest.fixture
def officers(reference_data):
    return officers_with_keys(("co-local", "DIS-1001"), ("co-central", None), ("co-other", "DIS-1002"))


def test_report_is_routed_to_the_agency_and_central_and_read_back(officers):
    receipt = submit(narrative="ข้อความทดสอบการรับเรื่อง")
    assert len(receipt) == 16 and receipt.isdigit()
    case = Case.objects.get()
    assert set(CaseHolder.objects.filter(case=case).values_list("user__username", flat=True)) == {
        "co-local", "co-central"}
    page = officers["co-local"].get(f"/complaints/cases/{case.pk}/")
    assert page.status_code == 200
    assert "ข้อความทดสอบการรับเรื่อง" in page.content.decode()
    assert AccessEntry.objects.filter(case=case, user__username="co-local").count() == 1
    # An officer of another agency does not hold it: 404, and it is not in their list.
    assert officers["co-other"].get(f"/complaints/cases/{case.pk}/").status_code == 404
    assert case.number not in officers["co-other"].get("/complaints/cases/").content.decode()


def test_officer_reply_reaches_the_complainant_and_back(officers):
    receipt = submit()
    case = Case.objects.get()
    officer = officers["co-central"]
    response = officer.post(f"/complaints/cases/{case.pk}/message/", {"text": "เราได้รับเรื่องแล้ว ขอบคุณค่ะ"})
    assert response.status_code == 302
    complainant = follow(receipt)
    page = complainant.get("/complaints/follow/case/").content.decode()
    assert "เราได้รับเรื่องแล้ว ขอบคุณค่ะ" in page
    assert "co-central" not in page  # the complainant never sees which officer
    complainant.post("/complaints/follow/case/", {"text": "ขอบคุณค่ะ มีข้อมูลเพิ่ม"})
    assert case.messages.filter(sender=Sender.COMPLAINANT).count() == 1
    assert "ขอบคุณค่ะ มีข้อมูลเพิ่ม" in officers["co-local"].get(f"/complaints/cases/{case.pk}/").content.decode()


def test_state_machine_refuses_illegal_moves_and_sets_due_dates(officers):
    submit()
    case = Case.objects.get()
    officer = officers["co-local"]
    officer.post(f"/complaints/cases/{case.pk}/state/", {"to": "closed"})
    case.refresh_from_db()
    assert case.state == "received"
    officer.post(f"/complaints/cases/{case.pk}/state/", {"to": "acknowledged"})
    case.refresh_from_db()
    assert case.state == "acknowledged" and case.acknowledged_on and case.due_on > case.acknowledged_on
    officer.post(f"/complaints/cases/{case.pk}/state/", {"to": "decided"})  # no outcome
    case.refresh_from_db()
    assert case.state == "acknowledged"
    officer.post(f"/complaints/cases/{case.pk}/state/", {"to": "decided", "outcome": "withdrawn"})
    officer.post(f"/complaints/cases/{case.pk}/state/", {"to": "closed"})
    case.refresh_from_db()
    assert (case.state, case.outcome) == ("closed", "withdrawn") and case.closed_on


def test_an_officer_must_unlock_before_reading(officers):
    from django.test import Client

    from thaothiam.accounts.models import User

    submit()
    case = Case.objects.get()
    client = Client()
    client.force_login(User.objects.get(username="co-local"))  # a session without the key
    response = client.get(f"/complaints/cases/{case.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/complaints/key/")
    client.post("/complaints/key/?next=/complaints/cases/", {"action": "unlock", "secret": "demo"})
    assert client.get(f"/complaints/cases/{case.pk}/").status_code == 200


def test_a_signed_in_staff_member_reports_without_being_linked_to_the_case(officers, users, client_for):
    from django.contrib.sessions.models import Session

    from thaothiam.core.models import AuditEvent

    staff = client_for("staff")
    before = AuditEvent.objects.count()
    receipt = submit(client=staff, narrative="รายงานโดยผู้ที่เข้าระบบอยู่")
    case = Case.objects.get()
    follow(receipt, client=staff)
    assert staff.get("/complaints/follow/case/").status_code == 200
    assert AuditEvent.objects.count() == before  # nothing timed or attributed was written
    for session in Session.objects.all():
        data = session.get_decoded()
        if str(data.get("_auth_user_id")) == str(users["staff"].pk):
            assert not [k for k in data if k.startswith("complaint")], data
            assert str(case.pk) not in repr({k: v for k, v in data.items() if not k.startswith("_auth")})
    assert not case.events.exclude(actor=None).exists()


def test_the_complainant_downloads_their_files_and_the_officers_files_and_nothing_else(officers):
    import re

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    mine = b"\x89PNG\r\n\x1a\n" + b"MINE" * 50
    theirs = b"\x89PNG\r\n\x1a\n" + b"FROM-OFFICER" * 20
    receipt = submit(files={"files": SimpleUploadedFile("evidence.png", mine, "image/png")})
    case = Case.objects.get()
    officers["co-local"].post(f"/complaints/cases/{case.pk}/message/",
                              {"text": "แนบเอกสารคำแนะนำ", "files": SimpleUploadedFile("advice.png", theirs, "image/png")})
    other_receipt = submit(files={"files": SimpleUploadedFile("other.png", mine + b"OTHER", "image/png")})
    other_file = Case.objects.order_by("pk").last().attachments.get()

    complainant = follow(receipt)
    page = complainant.get("/complaints/follow/case/").content.decode()
    links = re.findall(r'href="(/complaints/follow/files/\d+/)"', page)
    assert len(links) == 2 and "other.png" not in page
    got = {complainant.get(link)["Content-Disposition"]: complainant.get(link) for link in links}
    bodies = {name: response.content for name, response in got.items()}
    assert bodies == {'attachment; filename="evidence.png"': mine, 'attachment; filename="advice.png"': theirs}
    response = complainant.get(links[0])
    assert response["Cache-Control"].startswith("no-store") or "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    # Another case's file is 404 with this receipt; without a receipt, back to the receipt form.
    assert complainant.get(f"/complaints/follow/files/{other_file.pk}/").status_code == 404
    assert Client().get(links[0])["Location"] == "/complaints/follow/"
    assert follow(other_receipt).get(f"/complaints/follow/files/{other_file.pk}/").content.endswith(b"OTHER")
