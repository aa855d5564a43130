"""Validation of activities, indicator values and evidence: clear Thai messages, nothing changes on bad input."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from reporting_helpers import activity_post

from thaothiam.core.models import AuditEvent
from thaothiam.plans.models import Indicator
from thaothiam.reporting.models import Activity, Evidence, IndicatorValue

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(("overrides", "message"), [
    ({"female": "-3"}, "ต้องไม่ติดลบ"),
    ({"end_date": "2024-11-01"}, "วันที่สิ้นสุดต้องไม่ก่อนวันที่เริ่มต้น"),
    ({"gi_female": "10", "gi_male": "5"}, "ต้องเท่ากับจำนวนผู้เข้าร่วมจำแนกตามเพศ (20)"),
    ({"title": ""}, "ฟิลด์นี้จำเป็น"),
    ({"budget": "-1"}, "ต้องไม่ติดลบ"),
    ({"start_date": "2023-01-05", "end_date": "2023-01-05"}, "ภายในปีงบประมาณของรายงาน"),
    ({"links": "not a link"}, "ไม่ใช่ที่อยู่เว็บ"),
])
def test_bad_activity_is_refused_with_a_thai_message(client_for, report, item_11, overrides, message):
    response = client_for("coordinator").post(f"/reporting/reports/{report.pk}/activities/new/",
                                              activity_post(item_11, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Activity.objects.exists()


def test_english_messages_too(client_for, report, item_11):
    client = client_for("coordinator")
    client.cookies["django_language"] = "en"
    response = client.post(f"/reporting/reports/{report.pk}/activities/new/", activity_post(item_11, male="-1"),
                           HTTP_ACCEPT_LANGUAGE="en")
    assert "Must not be negative." in response.content.decode()


def test_gender_identity_that_adds_up_is_saved(client_for, report, item_11):
    client_for("coordinator").post(f"/reporting/reports/{report.pk}/activities/new/", activity_post(
        item_11, gi_female="11", gi_male="7", gi_diverse="1", gi_undisclosed="1"))
    activity = Activity.objects.get()
    assert (activity.gi_female, activity.gi_diverse, activity.participants) == (11, 1, 20)


def _value_post(fields: dict):
    return {f"v{Indicator.objects.get(code=code).pk}_{name}": value for (code, name), value in fields.items()}


def test_indicator_values_validate_breakdowns_and_ranges(client_for, report):
    client = client_for("coordinator")
    url = f"/reporting/reports/{report.pk}/values/"
    bad = client.post(url, _value_post({("1-2-elearning", "value"): "10", ("1-2-elearning", "female"): "3",
                                          ("1-2-elearning", "male"): "4"}))
    assert "ยอดรวม (10) ต้องเท่ากับจำนวนหญิงรวมกับชาย (7)" in bad.content.decode()
    percent = client.post(url, _value_post({("2-5-data-quality", "value"): "120"}))
    assert "100" in percent.content.decode() and not IndicatorValue.objects.exists()
    negative = client.post(url, _value_post({("2-2-measures", "value"): "-2"}))
    assert "ต้องไม่ติดลบ" in negative.content.decode()
    gi = client.post(url, _value_post({("1-1-trained", "female"): "5", ("1-1-trained", "male"): "5",
                                         ("1-1-trained", "gi_female"): "5", ("1-1-trained", "gi_male"): "4"}))
    assert "ต้องเท่ากับยอดรวม (10)" in gi.content.decode()
    assert not IndicatorValue.objects.exists()
    good = client.post(url, _value_post({("1-2-elearning", "female"): "30", ("1-2-elearning", "male"): "12",
                                           ("1-4-declaration", "value"): "1", ("3-3-findings", "text"): "ไม่พบปัญหา"}))
    assert good.status_code == 302
    saved = {v.indicator.code: v for v in IndicatorValue.objects.select_related("indicator")}
    assert saved["1-2-elearning"].value == 42 and saved["1-4-declaration"].value == 1
    assert saved["3-3-findings"].text == "ไม่พบปัญหา"
    assert AuditEvent.objects.filter(action="reporting.value.save").count() == 3


@pytest.mark.parametrize(("name", "content", "ok"), [
    ("หลักฐาน.pdf", PDF, True),
    ("photo.png", PNG, True),
    ("minutes.docx", _docx(), True),
    ("fake.pdf", b"MZ\x90\x00 this is an exe", False),
    ("image.png", PDF, False),
    ("script.html", b"<script>alert(1)</script>", False),
    ("fake.docx", b"PK\x03\x04 not really a zip", False),
])
def test_evidence_is_checked_by_extension_and_content(client_for, report, item_11, name, content, ok):
    client = client_for("coordinator")
    client.post(f"/reporting/reports/{report.pk}/activities/new/", activity_post(item_11))
    activity = Activity.objects.get()
    response = client.post(f"/reporting/activities/{activity.pk}/evidence/",
                           {"file": SimpleUploadedFile(name, content)}, follow=True)
    assert Evidence.objects.exists() is ok
    if not ok:
        text = response.content.decode()
        assert "ไม่รับ" in text or "ไม่ตรงกับนามสกุล" in text
    else:
        evidence = Evidence.objects.get()
        assert name not in evidence.file.name and evidence.original_name == name
        download = client.get(f"/reporting/evidence/{evidence.pk}/")
        assert download.status_code == 200 and b"".join(download.streaming_content) == content
        assert client_for("other_coordinator").get(f"/reporting/evidence/{evidence.pk}/").status_code == 404
        assert client_for("executive").get(f"/reporting/evidence/{evidence.pk}/").status_code == 200


def test_evidence_larger_than_the_limit_is_refused(client_for, report, item_11, settings):
    settings.THAOTHIAM_MAX_UPLOAD_MB = 1
    client = client_for("coordinator")
    client.post(f"/reporting/reports/{report.pk}/activities/new/", activity_post(item_11))
    activity = Activity.objects.get()
    big = PDF + b"0" * (1024 * 1024 + 1)
    response = client.post(f"/reporting/activities/{activity.pk}/evidence/", {"file": SimpleUploadedFile("big.pdf", big)},
                           follow=True)
    assert "มีขนาดเกิน 1 MB" in response.content.decode() and not Evidence.objects.exists()


def test_evidence_is_not_served_from_a_public_media_url(client_for, report, item_11):
    client = client_for("coordinator")
    client.post(f"/reporting/reports/{report.pk}/activities/new/", activity_post(item_11))
    activity = Activity.objects.get()
    client.post(f"/reporting/activities/{activity.pk}/evidence/", {"file": SimpleUploadedFile("a.pdf", PDF)})
    evidence = Evidence.objects.get()
    from django.test import Client

    assert Client().get(f"/media/{evidence.file.name}").status_code == 404
    assert Client().get(f"/reporting/evidence/{evidence.pk}/").status_code == 302
