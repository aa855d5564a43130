"""The whole loop in a real browser, in Thai: the coordinator records an activity and submits, the head
approves, central returns then accepts, an executive downloads the year-end PDF with the numbers."""

import subprocess

import pytest
from browser_helpers import screenshot, sign_in
from playwright.sync_api import expect

from tests.core.cellkey_oracle import published_participants
from tests.reporting.reporting_helpers import answer_all
from thaothiam.core.fiscal import current_fiscal_year, quarter
from thaothiam.reporting import services
from thaothiam.reporting.models import AgencyReport, Status

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def as_user(browser, live_server):
    contexts = []

    def make(username):
        context = browser.new_context(base_url=live_server.url, locale="th-TH", viewport={"width": 1280, "height": 900},
                                      accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        sign_in(page, username)
        return page

    yield make
    for context in contexts:
        context.close()


def test_the_reporting_loop(page, users, as_user, tmp_path):
    from django.utils import timezone

    fy = current_fiscal_year()
    services.rounds_create_for_year(fy=fy, actor=users["central"])
    q = quarter(timezone.localdate())

    # 1. The coordinator starts the report of this quarter, records an activity and submits.
    coordinator = as_user("coordinator")
    coordinator.get_by_test_id("nav").get_by_role("link", name="รายงานหน่วยงาน").click()
    coordinator.get_by_role("button", name=f"เริ่มจัดทำรายงาน ไตรมาส {q}").click()
    coordinator.get_by_role("link", name="เพิ่มกิจกรรม").click()
    coordinator.get_by_label("ประเภทกิจกรรม").select_option("training")
    coordinator.get_by_label("ชื่อกิจกรรม").fill("อบรมหลักสูตรความเท่าเทียมทางเพศ รุ่นที่ 1")
    day = timezone.localdate()
    today = f"{day.day:02d}/{day.month:02d}/{day.year + 543}"  # typed as clerks write it: d/m/B.E.
    coordinator.get_by_label("วันที่เริ่ม").fill(today)
    coordinator.get_by_label("วันที่สิ้นสุด").fill(today)
    coordinator.get_by_label("งบประมาณ (บาท)").fill("35000")
    coordinator.get_by_label("ผู้เข้าร่วม: หญิง").fill("47")
    coordinator.get_by_label("ผู้เข้าร่วม: ชาย").fill("29")
    coordinator.get_by_label("ผลลัพธ์").fill("ผู้เข้าอบรมเข้าใจนโยบายไม่เลือกปฏิบัติทางเพศ")
    screenshot(coordinator, "reporting-activity-form")
    coordinator.get_by_role("button", name="บันทึกกิจกรรม").click()
    expect(coordinator.get_by_text("บันทึกกิจกรรมแล้ว")).to_be_visible()
    report = AgencyReport.objects.get(agency__code="DIS-1001", fy=fy, round__seq=q)
    answer_all(report, users["coordinator"])  # the indicator grid is walked in test_indicator_grid.py
    coordinator.reload()
    coordinator.get_by_role("button", name="ส่งรายงาน").click()
    expect(coordinator.get_by_text("ส่งรายงานให้หัวหน้าหน่วยงานอนุมัติแล้ว")).to_be_visible()
    screenshot(coordinator, "reporting-report-submitted")
    report = AgencyReport.objects.get(agency__code="DIS-1001", fy=fy, round__seq=q)
    assert report.status == Status.SUBMITTED

    # 2. The head approves.
    head = as_user("head")
    head.goto(f"/reporting/reports/{report.pk}/")
    head.get_by_role("button", name="อนุมัติและส่งให้ส่วนกลาง").click()
    expect(head.get_by_text("อนุมัติรายงานและส่งให้ส่วนกลางแล้ว")).to_be_visible()
    # 3. Central returns it with comments from the review queue ...
    central = as_user("central")
    central.get_by_test_id("nav").get_by_role("button", name="รายงาน", exact=True).click()  # central's menu is grouped
    central.get_by_test_id("nav").get_by_role("link", name="ตรวจรายงาน").click()
    central.get_by_role("link", name="ตรวจรายงาน สำนักงานเขตพระนคร").click()
    screenshot(central, "reporting-review")
    central.get_by_label("ความเห็น").fill("กรุณาแนบรายชื่อผู้เข้าอบรม")
    central.get_by_role("button", name="ส่งคืนพร้อมความเห็น").click()
    expect(central.get_by_text("ส่งคืนรายงานให้ผู้ประสานงานพร้อมความเห็นแล้ว")).to_be_visible()
    # ... the coordinator sees the comments and submits again, the head approves again ...
    coordinator.goto(f"/reporting/reports/{report.pk}/")
    expect(coordinator.get_by_text("กรุณาแนบรายชื่อผู้เข้าอบรม").first).to_be_visible()
    coordinator.get_by_role("button", name="ส่งรายงาน").click()
    head.goto(f"/reporting/reports/{report.pk}/")
    head.get_by_role("button", name="อนุมัติและส่งให้ส่วนกลาง").click()

    # ... and central accepts.
    central.goto(f"/reporting/reports/{report.pk}/")
    central.get_by_role("button", name="รับรองรายงาน").click()
    expect(central.get_by_text("รับรองรายงานแล้ว ข้อมูลถูกล็อก")).to_be_visible()
    central.goto(f"/reporting/matrix/?fy={fy}")
    screenshot(central, "reporting-matrix")
    report.refresh_from_db()
    assert report.status == Status.ACCEPTED

    # 4. An executive sees the dashboard and downloads the year-end PDF.
    executive = as_user("executive")
    executive.goto(f"/reports/?fy={fy}")
    executive.wait_for_function("() => window.__chartsReady === true")
    # 47 women and 29 men took part: the dashboard shows their perturbed numbers (docs/decisions/0025)
    women, men, everyone = (published_participants(c, fy=fy) for c in ("F", "M", ""))
    assert executive.locator("[data-kpi=participants]").inner_text() == f"{everyone:,}"
    screenshot(executive, "reports-dashboard")
    executive.goto(f"/reports/year-end/?fy={fy}")
    executive.get_by_role("button", name="จัดทำไฟล์ PDF").click()
    link = executive.get_by_test_id("download")
    link.wait_for(timeout=60_000)
    screenshot(executive, "reports-year-end")
    with executive.expect_download() as info:
        link.click()
    pdf = tmp_path / "year-end.pdf"
    info.value.save_as(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "รายงานผลการดำเนินงานตามแผนปฏิบัติการ" in text and "กรุงเทพมหานคร" in text
    assert f"{everyone:,}" in text and f"{women:,}" in text and f"{men:,}" in text and "35,000.00" in text


def test_coordinator_pages_fit_a_phone(phone_page, users):
    fy = current_fiscal_year()
    services.rounds_create_for_year(fy=fy, actor=users["central"])
    sign_in(phone_page, "coordinator")
    phone_page.goto(f"/reporting/?fy={fy}")
    phone_page.get_by_role("button", name="เริ่มจัดทำรายงาน ประจำปี").click()
    expect(phone_page.get_by_text("ยังไม่มีกิจกรรม")).to_be_visible()
    width = phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    screenshot(phone_page, "reporting-report-phone")
    phone_page.get_by_role("link", name="เพิ่มกิจกรรม").click()
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    screenshot(phone_page, "reporting-activity-phone")
    assert width
