"""Hostile narrative and file names render inert in pages, the PDF poster and the XLSX workbook."""

import io

import pytest
from complaint_helpers import officers_with_keys, submit
from django.core.files.uploadedfile import SimpleUploadedFile

from thaothiam.complaints.models import Case, ChannelContact

pytestmark = pytest.mark.django_db
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>=HYPERLINK("http://evil","x")'
HOSTILE_FILE = '"><svg onload=alert(1)>.png'


def test_hostile_narrative_and_file_name_are_escaped_in_the_officer_page(reference_data):
    clients = officers_with_keys(("co-local", "DIS-1001"), ("co-central", None))
    png = SimpleUploadedFile(HOSTILE_FILE, b"\x89PNG\r\n\x1a\n" + b"0" * 100, content_type="image/png")
    submit(narrative=HOSTILE, place=HOSTILE, files={"files": png})
    case = Case.objects.get()
    page = clients["co-local"].get(f"/complaints/cases/{case.pk}/").content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page and "<svg onload" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    attachment = case.attachments.get()
    response = clients["co-local"].get(f"/complaints/cases/{case.pk}/files/{attachment.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "<" not in disposition and '">' not in disposition
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_file_whose_content_does_not_match_is_refused_and_nothing_is_stored(reference_data):
    officers_with_keys(("co-central", None), ("co-central-2", None))
    fake = SimpleUploadedFile("photo.png", b"MZ\x90\x00 an executable", content_type="image/png")
    from complaint_helpers import report_data
    from django.test import Client

    response = Client().post("/complaints/report/", {**report_data(narrative="เรื่องที่ยังคงอยู่"), "files": fake})
    assert response.status_code == 400
    assert not Case.objects.exists()
    assert "เรื่องที่ยังคงอยู่" in response.content.decode()  # nothing typed is lost


def test_hostile_contact_names_are_inert_in_the_poster_pdf(reference_data, client):
    from thaothiam.agencies.models import Agency

    ChannelContact.objects.create(agency=Agency.objects.get(code="DIS-1001"), name=HOSTILE, phone="02 000 0000")
    response = client.get("/complaints/poster/DIS-1001.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    import subprocess

    text = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True).stdout
    text = text.decode()
    assert '<script>alert("x")</script>' in text  # printed as text, not run
    assert "สแกนเพื่อร้องเรียน" in text


def test_hostile_text_is_inert_in_the_year_end_xlsx(reference_data):
    """The XLSX has only coarse labels and counts: no narrative can reach it; labels are not formulas."""
    officers_with_keys(("co-central", None), ("co-central-2", None))
    for _n in range(5):
        submit(narrative=HOSTILE)
    from openpyxl import load_workbook

    from thaothiam.reports import yearend

    data = yearend.render_xlsx(Case.objects.first().fiscal_year)
    book = load_workbook(io.BytesIO(data))
    sheet = next(ws for ws in book.worksheets if ws.title.startswith(("Complaints", "เรื่องร้องเรียน")))
    values = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
    from thaothiam.complaints import stats

    assert stats.year_stats(Case.objects.first().fiscal_year).total in values  # the perturbed total
    assert not [v for v in values if isinstance(v, str) and ("script" in v or v.startswith("="))]
