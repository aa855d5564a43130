"""Issue #15 §1–2 as the users do it: a coordinator uploads an HR export with a heading the system does
not know, says which column is which, checks the preview (no names), confirms; central compares the
draft with what is published and publishes it; the explorer then shows it (screenshots to look at)."""

import csv
import datetime as dt

import pytest
from browser_helpers import screenshot, sign_in
from playwright.sync_api import expect
from test_workforce_browser import publish_as_central

from thaothiam.workforce.models import ColumnMapping, DraftPerson, Person

pytestmark = pytest.mark.django_db(transaction=True)

NAMES = ["นายสมชาย ใจดี", "นางสมศรี มีสุข", "นางสาวจันทร์เพ็ญ แสงดี"]


def _export(path, count: int):
    """A title row, ลำดับ, names with prefixes (no sex column), a combined position column, the agency by
    name, B.E. dates, no start date, and one heading ("เกิด พ.ศ.") that has to be mapped by hand."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["รายชื่อบุคลากร สำนักงานเขตพระนคร ณ 30 ก.ย. 2568"])
        writer.writerow(["ลำดับ", "ชื่อ-สกุล", "เลขประจำตัว", "เกิด พ.ศ.", "ประเภทบุคลากร", "ตำแหน่ง", "หน่วยงาน",
                         "เงินเดือน"])
        for n in range(count):
            writer.writerow([n + 1, NAMES[n % 3], f"P{n:05d}", f"{1 + n % 28}/{1 + n % 12}/2525",
                             "ข้าราชการกรุงเทพมหานครสามัญ",
                             "นักวิชาการคอมพิวเตอร์ชำนาญการ" if n % 2 else "เจ้าพนักงานธุรการปฏิบัติงาน",
                             "สำนักงานเขตพระนคร", f"{21000 + n * 250:,}"])
    return path


def test_upload_map_preview_confirm_then_central_publishes(page, browser, live_server, users, tmp_path):
    sign_in(page, "coordinator")
    page.goto("/workforce/import/")
    page.set_input_files("#id_file", str(_export(tmp_path / "hr.csv", 36)))
    page.fill("#id_as_of", dt.date(2025, 9, 30).isoformat())
    page.get_by_role("button", name="ตรวจสอบและนำเข้า").click()
    page.wait_for_load_state("networkidle")

    expect(page.get_by_test_id("import-needs-mapping")).to_be_visible()
    page.get_by_test_id("import-needs-mapping").get_by_role("link").click()
    form = page.get_by_test_id("mapping-form")
    expect(form).to_be_visible()
    page.select_option("#id_birth_date", label="เกิด พ.ศ.")
    screenshot(page, "workforce-import-mapping")
    page.get_by_test_id("mapping-save").click()
    page.wait_for_load_state("networkidle")

    preview = page.get_by_test_id("import-preview")
    expect(preview).to_be_visible()
    text = preview.inner_text()
    assert "36" in text and "ใจดี" not in text and "สมชาย" not in text
    assert page.get_by_test_id("preview-rows").get_by_role("row").count() == 21  # header + 20 rows
    assert "คำนำหน้าชื่อ" in page.get_by_test_id("import-assumptions").inner_text()
    assert Person.objects.count() == 0 and DraftPerson.objects.count() == 0
    assert ColumnMapping.objects.get(scope="DIS-1001").mapping["เกิดพศ"] == "birth_date"
    screenshot(page, "workforce-import-preview")
    page.get_by_test_id("import-confirm").click()
    expect(page.get_by_test_id("import-done")).to_be_visible()
    assert DraftPerson.objects.count() == 36 and Person.objects.count() == 0

    publish_as_central(browser, live_server, page.url)
    assert Person.objects.count() == 36 and DraftPerson.objects.count() == 0
    page.goto("/workforce/explore/?measure=headcount&row=sex")
    expect(page.get_by_test_id("explorer-table")).to_be_visible()
