"""A coordinator uploads a workforce file with errors, reads them, then uploads a good one; the
explorer and the indicators show the result (with screenshots to look at)."""

import csv
import datetime as dt

import pytest
from browser_helpers import screenshot, sign_in
from playwright.sync_api import expect

from tests.core.cellkey_oracle import published_people
from thaothiam.workforce.models import Person

pytestmark = pytest.mark.django_db(transaction=True)

HEADER = ["เลขประจำตัว", "รหัสหน่วยงาน", "เพศ", "วันเกิด", "ประเภทบุคลากร", "ประเภทตำแหน่ง", "ระดับตำแหน่ง",
          "ตำแหน่งบริหาร", "วันที่บรรจุ", "เงินเดือน"]


def _file(path, count: int, *, bad: bool):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n in range(count):
            writer.writerow([f"E{n}", "DIS-1001", "หญิง" if n % 3 else "ชาย", "๑ ต.ค. ๒๕๒๐",
                             "ข้าราชการกรุงเทพมหานครสามัญ", "ทั่วไป", "ชำนาญงาน", "ไม่ใช่", "1/6/2550",
                             str(20000 + 100 * n)])
        if bad:
            writer.writerow(["E999", "DIS-1001", "ไม่ทราบ", "31/2/2520", "ข้าราชการกรุงเทพมหานครสามัญ", "ทั่วไป",
                             "ชำนาญงาน", "อาจจะ", "1/6/2550", "20000"])
    return path


def publish_as_central(browser, live_server, job_url: str) -> None:
    """Central, in a browser of its own, reviews the draft and publishes it."""
    context = browser.new_context(base_url=live_server.url, locale="th-TH", viewport={"width": 1280, "height": 900})
    central = context.new_page()
    sign_in(central, "central")
    central.goto(job_url)
    expect(central.get_by_test_id("review-diff")).to_be_visible()
    screenshot(central, "workforce-import-review")
    if central.get_by_test_id("confirm-replace").count():
        central.get_by_test_id("confirm-replace").check()
    central.get_by_test_id("import-publish").click()
    central.wait_for_load_state("networkidle")
    assert central.get_by_test_id("import-progress").get_attribute("data-status") == "published"
    context.close()


def _upload(page, path):
    page.goto("/workforce/import/")
    page.set_input_files("#id_file", str(path))
    page.fill("#id_as_of", dt.date(2025, 9, 30).isoformat())
    page.get_by_role("button", name="ตรวจสอบและนำเข้า").click()
    page.wait_for_load_state("networkidle")


def test_upload_with_errors_then_a_good_file(page, browser, live_server, users, tmp_path):
    sign_in(page, "coordinator")
    _upload(page, _file(tmp_path / "bad.csv", 30, bad=True))
    expect(page.get_by_test_id("import-refused")).to_be_visible()
    errors = page.get_by_test_id("import-errors")
    assert errors.get_by_role("row").count() == 4  # header + sex, birth date, executive on line 32
    assert "32" in errors.inner_text() and "เพศต้องเป็น หญิง หรือ ชาย" in errors.inner_text()
    assert "Sex must be" in errors.inner_text()  # and in English
    screenshot(page, "workforce-import-refused")

    _upload(page, _file(tmp_path / "good.csv", 30, bad=False))
    expect(page.get_by_test_id("import-preview")).to_be_visible()
    page.get_by_test_id("import-confirm").click()
    done = page.get_by_test_id("import-done")
    assert done.is_visible() and "30" in done.inner_text()
    assert page.get_by_test_id("import-progress").get_attribute("data-status") == "draft"
    screenshot(page, "workforce-import-done")
    publish_as_central(browser, live_server, page.url)

    page.goto("/workforce/explore/?measure=headcount&row=sex&col=personnel_type")
    table = page.get_by_test_id("explorer-table")
    # 20 women and 10 men, as the documented perturbation table publishes them
    rows = [line.split("\t") for line in table.inner_text().splitlines()[2:]]
    assert rows[0][0] == "หญิง" and rows[1][0] == "ชาย"
    assert [rows[0][1], rows[1][1], rows[2][1]] == [
        str(published_people(Person.objects.filter(sex=sex) if sex else Person.objects.all())) for sex in ("F", "M", "")]
    expect(page.get_by_test_id("protection-note")).to_contain_text("ปรับค่าเล็กน้อย")
    page.wait_for_function("() => window.__chartsReady === true")
    screenshot(page, "workforce-explorer")

    page.goto("/workforce/indicators/")
    expect(page.get_by_test_id("workforce-indicators")).to_be_visible()
    page.wait_for_function("() => window.__chartsReady === true")
    screenshot(page, "workforce-indicators")


def test_open_data_page_for_visitors(page):
    page.goto("/workforce/open-data/")
    assert page.get_by_test_id("open-data-tables").get_by_role("row").count() == 6
    screenshot(page, "workforce-open-data")
