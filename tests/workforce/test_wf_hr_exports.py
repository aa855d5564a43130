"""HR files as BMA HR systems export them, the mapping screen, the preview, review before publishing and
jobs whose worker died (issue #15, sections 1 and 2)."""

import datetime as dt
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from thaothiam.core.models import AuditEvent
from thaothiam.workforce.models import ColumnMapping, DraftPerson, Person, WorkforceCell, WorkforceImport
from thaothiam.workforce.services import workforce_imports_sweep

AS_OF = "2025-09-30"
NAMES = ["นายสมชาย ใจดี", "นางสมศรี มีสุข", "นางสาวจันทร์เพ็ญ แสงดี", "น.ส.กานดา ทองคำ"]
POSITIONS = ["นักวิชาการคอมพิวเตอร์ชำนาญการ", "นักจัดการงานทั่วไปปฏิบัติการ", "เจ้าพนักงานธุรการชำนาญงาน",
             "นักวิเคราะห์นโยบายและแผนชำนาญการพิเศษ"]


def _export(path, count=24, *, names=None, agency="สำนักงานเขตพระนคร"):
    """A sheet as an HR system exports it: two title rows, ลำดับ, ชื่อ-สกุล with prefixes and no sex column,
    a combined position column, the agency by name, B.E. dates, no start date, "53,207" salaries."""
    book = Workbook()
    sheet = book.active
    sheet.append(["รายชื่อข้าราชการ สำนักงานเขตพระนคร"])
    sheet.append(["ข้อมูล ณ วันที่ 30 กันยายน 2568"])
    sheet.append(["ลำดับ", "ชื่อ-สกุล", "เลขประจำตัวประชาชน", "วันเดือนปีเกิด", "ประเภทบุคลากร", "ตำแหน่ง",
                  "หน่วยงาน", "เงินเดือน"])
    for n in range(count):
        name = (names or NAMES)[n % len(names or NAMES)]
        sheet.append([n + 1, name, _national_id(n), f"{1 + n % 27}/{1 + n % 12}/25{20 + n % 20}",
                      "ข้าราชการกรุงเทพมหานครสามัญ", POSITIONS[n % len(POSITIONS)], agency, f"{20000 + n * 1000:,}"])
    sheet.append([None] * 8)
    book.save(path)
    return path


def _national_id(n: int) -> str:
    first12 = f"1100{n:08d}"
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    digits = first12 + str((11 - total % 11) % 10)
    return f"{digits[0]}-{digits[1:5]}-{digits[5:10]}-{digits[10:12]}-{digits[12]}"


def _upload(client, path, agency="DIS-1001"):
    response = client.post("/workforce/import/", {"file": SimpleUploadedFile(path.name, path.read_bytes()),
                                                  "as_of": AS_OF, "agency": agency})
    assert response.status_code == 302, response.content[:500]
    return WorkforceImport.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def test_a_real_export_is_previewed_without_names_and_nothing_is_written(client_for, tmp_path):
    client = client_for("coordinator")
    job = _upload(client, _export(tmp_path / "hr.xlsx"))
    assert job.status == "preview", job.errors
    assert Person.objects.count() == 0 and DraftPerson.objects.count() == 0 and WorkforceCell.objects.count() == 0
    page = client.get(f"/workforce/import/{job.pk}/").content.decode()
    assert 'data-testid="import-preview"' in page and "24" in page
    assert "เพศอ่านจากคำนำหน้าชื่อ" in page or "Sex taken from the name prefix" in page
    assert 'data-testid="preview-rows"' in page and page.count("<tr><td>") >= 20
    # Line numbers are the sheet's (the header is on line 3), and no name or ID is anywhere.
    assert "<td>4</td>" in page
    for name in NAMES:
        for part in name.split():
            assert part.removeprefix("นาย").removeprefix("นางสาว").removeprefix("นาง").removeprefix("น.ส.") not in page
    assert job.preview["by_sex"] == {"M": 6, "F": 18}
    stored = str(WorkforceImport.objects.filter(pk=job.pk).values_list("preview", "errors", "headings").get())
    assert "ใจดี" not in stored and "สมชาย" not in stored and "1-1000" not in stored

    client.post(f"/workforce/import/{job.pk}/confirm/")
    job.refresh_from_db()
    assert job.status == "draft" and job.imported_rows == 24 and job.stored_path == "" and job.preview == {}
    assert Person.objects.count() == 0 and DraftPerson.objects.count() == 24
    levels = set(DraftPerson.objects.values_list("position_level", flat=True))
    assert levels == {"academic.professional", "academic.practitioner", "general.experienced", "academic.senior"}
    assert set(DraftPerson.objects.values_list("service_years", flat=True)) == {None}
    assert not DraftPerson.objects.filter(is_executive=True).exists()
    for text in AuditEvent.objects.values_list("after", flat=True):
        assert "ใจดี" not in str(text)


def test_an_undecidable_prefix_is_an_error_naming_the_files_column_and_changes_nothing(client_for, tmp_path):
    client = client_for("coordinator")
    job = _upload(client, _export(tmp_path / "hr.xlsx", names=NAMES + ["ว่าที่ร้อยตรีวิชัย กล้าหาญ", "ดร.ปรีชา ฉลาด"]))
    assert job.status == "refused" and job.error_count == 8
    assert {tuple(e[1:3]) for e in job.errors} == {("ชื่อ-สกุล", "sex_from_name")}
    assert "วิชัย" not in str(job.errors) and "ปรีชา" not in str(job.errors)
    assert DraftPerson.objects.count() == 0 and Person.objects.count() == 0


def test_unknown_headings_are_mapped_once_and_remembered_for_the_agency(client_for, tmp_path):
    client = client_for("coordinator")
    path = tmp_path / "odd.csv"
    path.write_text("รหัส,sex,เกิดวันที่,ประเภทบุคลากร,ระดับ,หน่วยงาน\n"
                    + "".join(f"E{n},{'หญิง' if n % 2 else 'ชาย'},1/1/2520,ข้าราชการกรุงเทพมหานครสามัญ,ชำนาญการ,เขตพระนคร\n"
                              for n in range(8)), encoding="utf-8")
    job = _upload(client, path)
    assert job.status == "mapping" and "รหัส" in job.headings
    form = client.get(f"/workforce/import/{job.pk}/columns/").content.decode()
    assert 'data-testid="mapping-form"' in form and "เกิดวันที่" in form
    # Saying one heading twice is refused; then the right mapping is accepted.
    bad = client.post(f"/workforce/import/{job.pk}/columns/", {"employee_id": "0", "birth_date": "0"})
    assert bad.status_code == 200 and ColumnMapping.objects.count() == 0
    answer = {"employee_id": "0", "sex": "1", "birth_date": "2", "personnel_type": "3", "position_level": "4",
              "agency_name": "5"}
    client.post(f"/workforce/import/{job.pk}/columns/", answer)
    job.refresh_from_db()
    assert job.status == "preview", job.errors
    remembered = ColumnMapping.objects.get(scope="DIS-1001").mapping
    assert remembered["รหัส"] == "employee_id" and remembered["เกิดวันที่"] == "birth_date"
    # The next file with the same headings goes straight to the preview.
    again = _upload(client, path)
    assert again.status == "preview" and again.preview["total"] == 8


def test_drafts_are_published_by_central_with_a_protected_comparison(client_for, tmp_path):
    coordinator, central = client_for("coordinator"), client_for("central")
    first = _upload(coordinator, _export(tmp_path / "a.xlsx", 24))
    coordinator.post(f"/workforce/import/{first.pk}/confirm/")
    # Central lands on a to-do card that lists the draft (issue 15 §7); the coordinator's page does not.
    home = central.get("/accounts/me/").content.decode()
    assert 'data-testid="workforce-todo"' in home and f"/workforce/import/{first.pk}/" in home
    assert 'data-testid="workforce-todo"' not in coordinator.get("/accounts/me/").content.decode()
    # Only central publishes.
    assert coordinator.post(f"/workforce/import/{first.pk}/publish/").status_code in (403, 404)
    page = central.get(f"/workforce/import/{first.pk}/").content.decode()
    assert 'data-testid="review-diff"' in page and 'data-testid="confirm-replace"' not in page
    central.post(f"/workforce/import/{first.pk}/publish/")
    first.refresh_from_db()
    assert first.status == "published" and Person.objects.count() == 24
    assert 'data-testid="workforce-todo"' not in central.get("/accounts/me/").content.decode()  # nothing waits

    second = _upload(coordinator, _export(tmp_path / "b.xlsx", 30))
    coordinator.post(f"/workforce/import/{second.pk}/confirm/")
    page = central.get(f"/workforce/import/{second.pk}/").content.decode()
    assert 'data-testid="confirm-replace"' in page and 'data-testid="review-added-gone"' in page
    # Replacing the published date without ticking the box publishes nothing.
    central.post(f"/workforce/import/{second.pk}/publish/")
    second.refresh_from_db()
    assert second.status == "draft" and Person.objects.count() == 24
    central.post(f"/workforce/import/{second.pk}/publish/", {"replace": "on"})
    second.refresh_from_db()
    assert second.status == "published" and Person.objects.count() == 30 and DraftPerson.objects.count() == 0


def _published_outputs(client, anonymous) -> list[bytes]:
    from thaothiam.workforce.opendata import TABLES

    outputs = [client.get("/workforce/explore/export.csv?measure=headcount&row=agency&col=sex").content,
               client.get("/workforce/explore/export.csv?measure=headcount&row=position_level").content]
    outputs += [anonymous.get(f"/workforce/open-data/{table.slug}.csv").content for table in TABLES]
    return outputs


def test_a_draft_never_shows_in_the_explorer_the_indicators_or_the_open_data(client_for, tmp_path, client):
    from thaothiam.workforce import indicators

    coordinator, central = client_for("coordinator"), client_for("central")
    first = _upload(coordinator, _export(tmp_path / "a.xlsx", 24))
    coordinator.post(f"/workforce/import/{first.pk}/confirm/")
    central.post(f"/workforce/import/{first.pk}/publish/")
    before = _published_outputs(central, client)
    assert "สำนักงานเขตพระนคร" in before[0].decode("utf-8-sig")  # the published snapshot is there to compare with
    before_indicators = repr(indicators.workforce_indicators(agency_ids=None))

    job = _upload(coordinator, _export(tmp_path / "b.xlsx", 60, agency="เขตพระนคร"))
    coordinator.post(f"/workforce/import/{job.pk}/confirm/")
    job.refresh_from_db()
    assert job.status == "draft" and DraftPerson.objects.count() == 60
    assert _published_outputs(central, client) == before
    assert repr(indicators.workforce_indicators(agency_ids=None)) == before_indicators

    central.post(f"/workforce/import/{job.pk}/publish/", {"replace": "on"})
    assert _published_outputs(central, client) != before


def test_a_job_whose_worker_died_is_marked_failed_and_the_uploader_retries_it(client_for, users, tmp_path, settings):
    from thaothiam.agencies.models import Agency
    from thaothiam.workforce import services

    client = client_for("coordinator")
    path = _export(tmp_path / "a.xlsx", 10)
    # Uploaded, and the worker died while checking it (nothing ran to the end).
    job = services.workforce_import_upload(upload=SimpleUploadedFile("a.xlsx", path.read_bytes()),
                                           as_of=dt.date(2025, 9, 30), agency=Agency.objects.get(code="DIS-1001"),
                                           valid_only=False, actor=users["coordinator"])
    WorkforceImport.objects.filter(pk=job.pk).update(status="validating")
    assert workforce_imports_sweep(now=timezone.now() + timedelta(minutes=10)) == 0
    later = timezone.now() + timedelta(minutes=settings.THAOTHIAM_IMPORT_STALE_MINUTES + 1)
    assert workforce_imports_sweep(now=later) == 1
    job.refresh_from_db()
    assert job.status == "failed" and job.stored_path
    page = client.get(f"/workforce/import/{job.pk}/").content.decode()
    assert 'data-testid="import-retry"' in page and "ลองอีกครั้ง" in page or "Try again" in page
    assert client_for("central").post(f"/workforce/import/{job.pk}/retry/").status_code == 404  # the uploader only
    client.post(f"/workforce/import/{job.pk}/retry/")
    job.refresh_from_db()
    assert job.status == "preview" and job.preview["total"] == 10
