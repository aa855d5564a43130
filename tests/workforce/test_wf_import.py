"""Uploading workforce files through the web: all-or-nothing, error reports, scoping, privacy."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count
from openpyxl import Workbook, load_workbook
from wf_files import HEADER, confirm_and_publish, people, person, write_csv, write_xlsx

from thaothiam.agencies.models import Agency
from thaothiam.core.models import AuditEvent
from thaothiam.workforce.models import Person, Snapshot, WorkforceCell, WorkforceImport

AS_OF = "2025-09-30"


def _upload(client, path, *, agency="DIS-1001", as_of=AS_OF, valid_only=False, name=None):
    data = {"file": SimpleUploadedFile(name or path.name, path.read_bytes()), "as_of": as_of, "agency": agency}
    if valid_only:
        data["valid_only"] = "on"
    response = client.post("/workforce/import/", data)
    response.uploader = client
    return response


CLIENTS = {}


@pytest.fixture(autouse=True)
def _central(client_for):
    CLIENTS["central"] = client_for("central")


def _job(response, *, publish: bool = True) -> WorkforceImport:
    """The job of an upload; a good file is confirmed by its uploader and published by central."""
    assert response.status_code == 302, response.content[:500]
    job = WorkforceImport.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    if publish:
        job = confirm_and_publish(response.uploader, CLIENTS["central"], job)
    return job


def test_a_good_file_is_imported_with_its_cube_and_one_audit_event(client_for, tmp_path):
    client = client_for("coordinator")
    job = _job(_upload(client, write_csv(tmp_path / "good.csv", people(12))))
    assert job.status == "published" and job.imported_rows == 12
    assert Person.objects.count() == 12
    cells = WorkforceCell.objects.filter(snapshot__as_of=AS_OF)
    assert sum(c.headcount for c in cells) == 12 and {c.sex for c in cells} == {"F", "M"}
    assert AuditEvent.objects.filter(action="workforce.import").count() == 1
    page = client.get(f"/workforce/import/{job.pk}/")
    assert page.status_code == 200 and "12" in page.content.decode() and 'data-testid="import-done"' in page.content.decode()
    # The upload is deleted once read: it holds identifiers.
    job.refresh_from_db()
    assert job.stored_path == ""


def test_a_file_with_one_bad_row_changes_nothing_and_reports_every_problem(client_for, tmp_path):
    client = client_for("coordinator")
    _job(_upload(client, write_csv(tmp_path / "first.csv", people(6))))
    rows = people(10, start=100) + [person(999, sex="?", birth_date="31/2/2520", is_executive="maybe")]
    job = _job(_upload(client, write_csv(tmp_path / "bad.csv", rows)))
    assert job.status == "refused" and job.error_count == 3 and job.rejected_rows == 1
    assert Person.objects.count() == 6  # the earlier import is untouched
    body = client.get(f"/workforce/import/{job.pk}/").content.decode()
    assert 'data-testid="import-refused"' in body and "12" in body  # line 12 = the bad row
    csv_report = client.get(f"/workforce/import/{job.pk}/errors.csv").content.decode("utf-8-sig")
    assert csv_report.splitlines()[0] == "line,column,ปัญหา,problem"
    assert len(csv_report.splitlines()) == 4 and "12,sex," in csv_report
    book = load_workbook(io.BytesIO(client.get(f"/workforce/import/{job.pk}/errors.xlsx").content))
    assert book.active.max_row == 4


def test_valid_only_imports_the_good_rows_and_says_so(client_for, tmp_path):
    client = client_for("coordinator")
    rows = people(8) + [person(50, sex="?")]
    job = _job(_upload(client, write_csv(tmp_path / "mixed.csv", rows), valid_only=True))
    assert job.status == "published" and job.imported_rows == 8 and job.rejected_rows == 1
    body = client.get(f"/workforce/import/{job.pk}/").content.decode()
    assert "NOT imported" in body or "ไม่ได้นำเข้า" in body


def test_reimporting_the_same_date_and_scope_replaces_it(client_for, tmp_path):
    client = client_for("coordinator")
    _job(_upload(client, write_csv(tmp_path / "a.csv", people(10))))
    _job(_upload(client, write_xlsx(tmp_path / "b.xlsx", people(7, start=500))))
    assert Person.objects.count() == 7
    assert sum(WorkforceCell.objects.values_list("headcount", flat=True)) == 7
    assert Snapshot.objects.count() == 1
    _job(_upload(client, write_csv(tmp_path / "c.csv", people(5)), as_of="2026-09-30"))
    assert Snapshot.objects.count() == 2 and Person.objects.count() == 12


def test_agency_scoped_imports_keep_other_agencies(client_for, tmp_path):
    central = client_for("central")
    _job(_upload(central, write_csv(tmp_path / "all.csv", people(6, "DIS-1001") + people(6, "DIS-1002", start=100)),
                 agency=""))
    _job(_upload(client_for("coordinator"), write_csv(tmp_path / "one.csv", people(9, "DIS-1001", start=200))))
    counts = dict(Person.objects.values_list("agency__code").annotate(n=Count("id")))
    assert counts == {"DIS-1001": 9, "DIS-1002": 6}


def _national_id(first12: str) -> str:
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return first12 + str((11 - total % 11) % 10)


def test_national_ids_are_never_stored_and_identity_needs_consent(client_for, tmp_path):
    header = ["national_id", "agency_code", "sex", "birth_date", "personnel_type", "position_type", "position_level",
              "is_executive", "start_date", "gender_identity", "gender_identity_consent"]
    good, other = _national_id("110170020345"), _national_id("310050324111")
    broken = good[:12] + str((int(good[12]) + 1) % 10)
    rows = [person(1, national_id=good, gender_identity="ผู้มีความหลากหลายทางเพศ", gender_identity_consent="ยินยอม"),
            person(2, national_id=other, gender_identity="ผู้มีความหลากหลายทางเพศ", gender_identity_consent="ไม่ยินยอม"),
            person(3, national_id=broken)]
    job = _job(_upload(client_for("coordinator"), write_csv(tmp_path / "ids.csv", rows, header=header), valid_only=True))
    assert job.imported_rows == 2 and [e[2] for e in job.errors] == ["bad_national_id"] and job.errors[0][0] == 4
    stored = dict(Person.objects.values_list("pseudonym", "gender_identity"))
    assert all(good not in p and other not in p and len(p) == 64 for p in stored)
    assert sorted(stored.values()) == ["", "D"]  # only the consenting person's identity is kept


@pytest.mark.parametrize(("name", "content", "message"), [
    ("people.xlsx", b"employee_id,sex\n1,F\n", "not a real Excel"),
    ("people.csv", b"PK\x03\x04binary", "not a CSV"),
    ("people.pdf", b"%PDF-1.4", "Only CSV"),
])
def test_files_that_are_not_what_they_claim_are_refused(client_for, name, content, message):
    client = client_for("coordinator")
    response = client.post("/workforce/import/", {"file": SimpleUploadedFile(name, content), "as_of": AS_OF,
                                                  "agency": "DIS-1001"})
    assert response.status_code == 200
    client.cookies["django_language"] = "en"
    assert WorkforceImport.objects.count() == 0
    english = client_for("coordinator")
    english.cookies["django_language"] = "en"
    response = english.post("/workforce/import/", {"file": SimpleUploadedFile(name, content), "as_of": AS_OF,
                                                   "agency": "DIS-1001"})
    assert message in response.content.decode()


def test_a_coordinator_cannot_import_for_or_see_another_agency(client_for, tmp_path):
    coordinator = client_for("coordinator")
    response = _upload(coordinator, write_csv(tmp_path / "x.csv", people(5, "DIS-1002")), agency="DIS-1002")
    assert response.status_code == 200 and WorkforceImport.objects.count() == 0  # not a choice for them
    response = _upload(coordinator, write_csv(tmp_path / "y.csv", people(5, "DIS-1002")), agency="")
    assert response.status_code == 200 and WorkforceImport.objects.count() == 0  # nor the whole BMA
    # A file for their own agency that lists another agency's people is refused row by row.
    job = _job(_upload(coordinator, write_csv(tmp_path / "z.csv", people(5, "DIS-1002"))))
    assert job.status == "refused" and {e[2] for e in job.errors} == {"agency_out_of_scope"}
    other = _job(_upload(client_for("other_coordinator"), write_csv(tmp_path / "o.csv", people(5, "DIS-1002")),
                         agency="DIS-1002"))
    for url in (f"/workforce/import/{other.pk}/", f"/workforce/import/{other.pk}/progress/",
                f"/workforce/import/{other.pk}/errors.csv"):
        assert coordinator.get(url).status_code == 404
        assert client_for("central").get(url).status_code == 200
    assert client_for("executive").get("/workforce/import/").status_code == 403
    assert client_for("admin").get(f"/workforce/import/{other.pk}/").status_code == 403


def test_the_progress_fragment_polls_until_finished(client_for, tmp_path):
    client = client_for("coordinator")
    job = _job(_upload(client, write_csv(tmp_path / "p.csv", people(5))))
    WorkforceImport.objects.filter(pk=job.pk).update(status="validating", total_rows=100, processed_rows=40)
    body = client.get(f"/workforce/import/{job.pk}/progress/").content.decode()
    assert 'hx-trigger="every 1s"' in body and "40%" in body
    WorkforceImport.objects.filter(pk=job.pk).update(status="published")
    assert "hx-trigger" not in client.get(f"/workforce/import/{job.pk}/progress/").content.decode()


def test_templates_and_column_spec(client_for):
    client = client_for("coordinator")
    csv_template = client.get("/workforce/template.csv").content.decode("utf-8-sig")
    assert csv_template.startswith("employee_id,national_id,agency_code,sex,birth_date")
    book = load_workbook(io.BytesIO(client.get("/workforce/template.xlsx").content))
    assert book["workforce"]["A1"].value == "employee_id" and book["columns"].max_row == 14
    assert "gender_identity_consent" in client.get("/workforce/columns/").content.decode()
    assert Agency.objects.filter(code="DIS-1001").exists()


def test_xlsx_with_real_dates_numbers_and_booleans(client_for, tmp_path):
    rows = [person(n, employee_id=1000 + n, birth_date=dt.datetime(1980, 1, 1 + n), start_date=dt.date(2005, 6, 1),
                   salary=25000.5 + n, is_executive=bool(n % 2), personnel_type="  ลูกจ้างประจำ ",
                   position_type="-", position_level=None, sex="F" if n % 2 else "m")
            for n in range(6)]
    header = ["EMPLOYEE_ID ", " เพศ", *[h for h in HEADER if h not in ("employee_id", "sex")], "หมายเหตุ"]
    path = tmp_path / "typed.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(h.strip().lower()) if h.strip() not in ("เพศ",) else row["sex"] for h in header])
    book.save(path)
    job = _job(_upload(client_for("coordinator"), path))
    assert job.status == "published", job.errors
    people_ = list(Person.objects.order_by("salary").values_list("sex", "is_executive", "salary", "age", "position_level"))
    assert people_[0] == ("M", False, Decimal("25000.50"), 45, "none")
    assert sum(1 for p in people_ if p[1]) == 3
