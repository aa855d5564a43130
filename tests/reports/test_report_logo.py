"""The administrator uploads the organisation's logo for the year-end report's cover in the admin site; only
PNG or JPEG up to 1 MB, one row, and the change is audited. None is shipped."""

from django.core.files.uploadedfile import SimpleUploadedFile

from thaothiam.core.models import AuditEvent
from thaothiam.reports.models import ReportBranding

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8"
                    "cfc0000003010100c9fe92ef0000000049454e44ae426082")
URL = "/admin/reports/reportbranding/add/"


def test_admin_uploads_a_png_logo_and_the_cover_gets_it(client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert ReportBranding.current() is None  # none shipped
    admin = client_for("admin")
    response = admin.post(URL, {"logo": SimpleUploadedFile("logo.png", PNG, content_type="image/png")})
    assert response.status_code == 302
    branding = ReportBranding.current()
    assert branding.pk == 1 and branding.data_uri().startswith("data:image/png;base64,iVBORw0KGgo")
    assert AuditEvent.objects.filter(action="admin.reportbranding.create").exists()
    assert admin.get(URL).status_code == 403  # one row: change it, do not add a second


def test_a_logo_that_is_not_an_image_is_refused_in_thai(client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    page = client_for("admin").post(URL, {"logo": SimpleUploadedFile("logo.svg", svg, content_type="image/svg+xml")})
    assert page.status_code == 200 and "ตราสัญลักษณ์ต้องเป็นไฟล์ภาพ PNG หรือ JPEG" in page.content.decode()
    assert ReportBranding.current() is None


def test_only_the_administrator_reaches_it(client_for):
    assert client_for("central").get(URL).status_code in (302, 403)
