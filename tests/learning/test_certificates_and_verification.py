"""Certificates: the PDF's text (pdftotext), the public verification page that confirms without
showing more, and revocation by central."""

import subprocess

import pytest
from learning_helpers import make_learner, starter

from thaothiam.agencies.models import Agency
from thaothiam.core.fiscal import fiscal_year
from thaothiam.learning.certificates import certificate_issue, pretty_code
from thaothiam.learning.models import Certificate, Completion


@pytest.fixture
def certificate(users):
    make_learner(users["staff"])
    day = __import__("datetime").date(2025, 6, 18)
    completion = Completion.objects.create(course=starter(), source="elearning", completed_on=day,
                                           fiscal_year=fiscal_year(day), agency=Agency.objects.get(code="DIS-1001"),
                                           sex="F", personnel_type="civil", user=users["staff"],
                                           learner_key=f"u{users['staff'].pk}", name="สมหญิง ใจดี")
    return certificate_issue(completion=completion, actor=users["staff"])


def test_the_certificate_pdf_says_who_what_when_and_how_to_verify(certificate, client_for, tmp_path):
    response = client_for("staff").get(f"/learning/certificates/{certificate.pk}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "c.pdf"
    pdf.write_bytes(b"".join(response.streaming_content) if response.streaming else response.content)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "สมหญิง ใจดี" in text
    assert "ความเท่าเทียมทางเพศในการทำงาน" in text
    assert "18 มิถุนายน 2568" in text  # B.E. date
    assert pretty_code(certificate.code) in text
    assert f"/learning/verify/{certificate.code}/" in text.replace("\n", "")


def test_only_the_holder_or_central_downloads_it(certificate, client_for):
    assert client_for("coordinator").get(f"/learning/certificates/{certificate.pk}.pdf").status_code == 404


def test_the_verification_page_confirms_without_showing_more(certificate, client):
    page = client.get(f"/learning/verify/{certificate.code}/").content.decode()
    assert "สมหญิง ใจดี" in page and starter().title_th in page
    assert "DIS-1001" not in page and "สำนักงานเขตพระนคร" not in page  # no agency
    assert "%" not in page.split("verify-result")[1].split("</div>")[0]  # no score
    # a typed code with dashes and lower case finds it; a wrong code says nothing about anyone
    assert client.get("/learning/verify/", {"code": pretty_code(certificate.code).lower()})["Location"] == (
        f"/learning/verify/{certificate.code}/")
    wrong = client.get("/learning/verify/AAAABBBBCCCCDDDD/").content.decode()
    assert "สมหญิง" not in wrong and "verify-result" in wrong


def test_central_revokes_and_the_page_then_says_so(certificate, client_for, client):
    central = client_for("central")
    refused = central.post(f"/learning/manage/certificates/{certificate.pk}/revoke/", {"reason": ""})
    assert refused.status_code == 302
    certificate.refresh_from_db()
    assert certificate.is_valid
    assert client_for("staff").post(f"/learning/manage/certificates/{certificate.pk}/revoke/",
                                    {"reason": "x"}).status_code == 403
    central.post(f"/learning/manage/certificates/{certificate.pk}/revoke/", {"reason": "ข้อมูลผิด"})
    certificate.refresh_from_db()
    assert not certificate.is_valid and certificate.revoked_reason == "ข้อมูลผิด"
    page = client.get(f"/learning/verify/{certificate.code}/").content.decode()
    assert "สมหญิง" not in page and ("เพิกถอน" in page or "revoked" in page)
    assert client_for("staff").get(f"/learning/certificates/{certificate.pk}.pdf").status_code == 302
    assert Certificate.objects.count() == 1
