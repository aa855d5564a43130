"""The year-end PDF and XLSX carry the numbers in the database; the CLI writes them; jobs run in the background."""

import io
import re
import subprocess
import sys

import pytest
from openpyxl import load_workbook
from reports_helpers import accepted_report, add_value, make_activity

from tests.core.cellkey_oracle import published_participants
from thaothiam.reporting.models import Activity
from thaothiam.reports import yearend
from thaothiam.reports.models import ReportJob


@pytest.fixture
def accepted_data(users, reference_data):
    report = accepted_report("DIS-1001", users)
    make_activity(report, female=137, male=96, budget="48250.00", title="อบรมผู้นำการเปลี่ยนแปลง")
    make_activity(report, female=2, male=1, title="ประชุมกลุ่มย่อย")  # 3 people: suppressed alone, shown in totals
    add_value(report, "1-1-trained", 233, female=137, male=96)
    other = accepted_report("DIS-1002", users)
    make_activity(other, female=40, male=35)
    return report


def _sums():
    """The published (perturbed) women, men and everyone of FY 2568; the true sums are within 3 of them."""
    acts = Activity.objects.filter(report__status="accepted", fy=2568)
    female, male = sum(a.female for a in acts), sum(a.male for a in acts)
    shown = [published_participants(c, fy=2568) for c in ("F", "M", "")]
    assert all(abs(a - b) <= 3 for a, b in zip(shown, (female, male, female + male), strict=True))
    return shown


def pdf_text(data: bytes) -> str:
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True)
    return result.stdout.decode()


def test_xlsx_cells_match_the_database(accepted_data):
    book = load_workbook(io.BytesIO(yearend.render_xlsx(2568)))
    female, male, everyone = _sums()
    sex = book["การมีส่วนร่วมจำแนกตามเพศ"]
    rows = list(sex.iter_rows(values_only=True))
    assert rows[-1][1:] == (female, male, everyone)
    indicators = {r[1]: r for r in book["ตัวชี้วัด"].iter_rows(values_only=True)}
    trained = next(r for name, r in indicators.items() if name and name.startswith("จำนวนบุคลากรที่ผ่านการฝึกอบรม"))
    assert trained[3] == 233 and trained[4] == 3000
    annex = {r[0]: r for r in book["ภาคผนวกหน่วยงาน"].iter_rows(values_only=True)}
    assert annex["DIS-1001"][4] == 2  # activities: not a count of people
    assert list(annex["DIS-1001"][5:8]) == [published_participants(c, fy=2568, agency__code="DIS-1001")
                                            for c in ("F", "M", "")]  # 139, 97 and 236
    assert annex["DIS-1003"][2] == 0


def test_pdf_text_carries_the_numbers(accepted_data):
    text = pdf_text(yearend.render_pdf(2568))
    female, male, everyone = _sums()
    assert f"{everyone:,}" in text
    assert f"{female:,}" in text and f"{male:,}" in text
    # counts as integers (no "233.00" / "3,000.00"), the unit right after the number
    assert re.search(r"233\s+คน\s+3,000\s", text) and "3,000.00" not in text and "233.00" not in text
    assert "ปีงบประมาณ พ.ศ. 2568" in text
    assert "หน้า 2 / " in text
    assert "สำนักงานเขตพระนคร" in text


def test_per_agency_pdf_has_only_that_agency(accepted_data):
    text = pdf_text(yearend.render_pdf(2568, accepted_data.agency))
    assert "สำนักงานเขตพระนคร" in text and "สำนักงานเขตดุสิต" not in text


def _cli(*args, tmp_path):
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith(("THAOTHIAM_", "DJANGO_", "PYTEST"))}
    env.pop("DATABASE_URL", None)
    env["THAOTHIAM_VAR_DIR"] = str(tmp_path)
    return subprocess.run([sys.executable, "-m", "thaothiam", *args], env=env, capture_output=True, text=True,
                          timeout=180)


@pytest.mark.own_sqlite
def test_cli_year_end_xlsx_and_reminders_on_the_demo(tmp_path):
    """The real commands on a real demo database: the workbook's totals equal the database's."""
    import sqlite3

    assert _cli("migrate", "-v", "0", tmp_path=tmp_path).returncode == 0
    assert _cli("demo", tmp_path=tmp_path).returncode == 0
    out = tmp_path / "ye.xlsx"
    result = _cli("year-end-report", "--fy", "2568", "--format", "xlsx", "--output", str(out), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    db = sqlite3.connect(tmp_path / "thaothiam.sqlite3")
    activities, female, male = db.execute(
        "select count(*), sum(a.female), sum(a.male) from reporting_activity a join reporting_agencyreport r "
        "on r.id = a.report_id where r.status = 'accepted' and a.fy = 2568").fetchone()
    book = load_workbook(out)
    overview = {r[0]: r[1] for r in book["ภาพรวม"].iter_rows(values_only=True)}
    assert overview["กิจกรรมที่รับรองแล้ว"] == activities
    # Perturbed: each figure within 3 of the truth, and the same participants give the same figure in
    # every sheet (the overview, by sex, by gender identity).
    shown = list(book["การมีส่วนร่วมจำแนกตามเพศ"].iter_rows(values_only=True))[-1][1:]
    assert all(abs(a - b) <= 3 for a, b in zip(shown, (female, male, female + male), strict=True))
    gi_total = list(book["จำแนกตามอัตลักษณ์ทางเพศ"].iter_rows(values_only=True))[-1][1]
    assert overview["ผู้เข้าร่วม"] == shown[2] == gi_total
    bad = _cli("year-end-report", "--fy", "2568", "--format", "doc", "--output", str(out), tmp_path=tmp_path)
    assert bad.returncode != 0 and "invalid choice" in bad.stderr
    dry = _cli("send-reminders", "--days", "400", "--dry-run", tmp_path=tmp_path)
    assert dry.returncode == 0 and "[dry run]" in dry.stdout and "e-mails sent" in dry.stdout


def test_generation_runs_as_a_task_and_only_the_requester_downloads(client_for, accepted_data,
                                                                      django_capture_on_commit_callbacks):
    executive = client_for("executive")
    with django_capture_on_commit_callbacks(execute=True):
        response = executive.post("/reports/year-end/generate/", {"fy": "2568", "format": "xlsx"})
    job = ReportJob.objects.get()
    assert response.status_code == 302 and job.state == "done" and job.progress == 100
    status = executive.get(f"/reports/jobs/{job.pk}/", HTTP_HX_REQUEST="true")
    assert "download" in status.content.decode()
    download = executive.get(f"/reports/jobs/{job.pk}/download/")
    assert download.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert "ภาคผนวกหน่วยงาน" in book.sheetnames
    assert client_for("central").get(f"/reports/jobs/{job.pk}/download/").status_code == 404


def test_coordinator_gets_only_their_agency_report(client_for, accepted_data, django_capture_on_commit_callbacks):
    coordinator = client_for("coordinator")
    assert coordinator.post("/reports/year-end/generate/", {"fy": "2568", "format": "xlsx",
                                                            "agency": str(accepted_data.agency_id + 1)}).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post("/reports/year-end/generate/", {"fy": "2568", "format": "xlsx"})
    job = ReportJob.objects.get()
    assert job.agency_id == accepted_data.agency_id


def test_only_central_edits_the_narrative(client_for, reference_data):
    assert client_for("executive").post("/reports/year-end/2568/narrative/", {"summary": "x"}).status_code == 403
    client_for("central").post("/reports/year-end/2568/narrative/", {"summary": "สรุปผู้บริหาร", "recommendations": "ข้อเสนอ"})
    from thaothiam.reports.models import YearEndNarrative

    assert YearEndNarrative.objects.get(fy=2568).summary == "สรุปผู้บริหาร"


def test_a_narrative_that_cannot_be_saved_shows_the_error_summary_and_changes_nothing(client_for, reference_data):
    from thaothiam.reports.models import YearEndNarrative

    central = client_for("central")
    central.post("/reports/year-end/2568/narrative/", {"summary": "เดิม", "recommendations": ""})
    response = central.post("/reports/year-end/2568/narrative/", {"summary": "มี\x00อักขระว่าง", "recommendations": "x"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-testid="error-summary"' in page and 'href="#id_summary"' in page  # links to the field
    assert YearEndNarrative.objects.get(fy=2568).summary == "เดิม"
