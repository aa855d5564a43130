"""The coordinator fills the indicator grid in a real browser (issue 15 §4, issue 16 §6): takes the system's
value, hits a range error (Thai message, error summary whose link moves to the field), marks the rest "not
applicable" and submits. Screenshots at desktop and phone widths; central's grouped menu at 1366 px."""

import datetime as dt

import pytest
from browser_helpers import screenshot, sign_in
from playwright.sync_api import expect

from thaothiam.core.fiscal import current_fiscal_year, quarter
from thaothiam.plans.models import Indicator, PlanItem
from thaothiam.reporting import services
from thaothiam.reporting.models import IndicatorValue, Round, Status

pytestmark = pytest.mark.django_db(transaction=True)


def _context(browser, live_server, width, height=900, **extra):
    context = browser.new_context(base_url=live_server.url, locale="th-TH", viewport={"width": width, "height": height},
                                  **extra)
    page = context.new_page()
    page.set_default_timeout(20_000)
    return context, page


@pytest.fixture
def started_report(users, reference_data):
    from django.utils import timezone

    from thaothiam.agencies.models import Agency

    fy = current_fiscal_year()
    services.rounds_create_for_year(fy=fy, actor=users["central"])
    round_ = Round.objects.get(fy=fy, seq=quarter(timezone.localdate()))
    report = services.report_start(round_=round_, agency=Agency.objects.get(code="DIS-1001"),
                                   actor=users["coordinator"])
    item = PlanItem.objects.get(pillar__number=2, number=2, pillar__plan__is_current=True)
    today = timezone.localdate()
    for title in ("มาตรการลาเพื่อเลี้ยงดูบุตรสำหรับบิดา", "แนวปฏิบัติการแต่งกายตามเพศสภาพ"):
        services.activity_save(report=report, actor=users["coordinator"], data={
            "kind": "measure", "plan_item": item, "title": title, "start_date": today - dt.timedelta(days=1),
            "end_date": today - dt.timedelta(days=1), "female": 0, "male": 0})
    return report


def test_the_coordinator_fills_the_grid_and_submits(browser, live_server, users, started_report):
    report = started_report
    context, page = _context(browser, live_server, 1280)
    sign_in(page, "coordinator")
    # Lands on the to-do: this quarter's report, not yet sent.
    expect(page.get_by_test_id("todo-coordinator")).to_contain_text(str(report.round))
    page.goto(f"/reporting/reports/{report.pk}/values/")
    measures = page.locator('[data-indicator="2-2-measures"]')
    expect(measures.get_by_test_id("system-value-2-2-measures")).to_contain_text("2")
    screenshot(page, "indicator-grid-desktop")

    measures.get_by_role("button", name="ใช้ค่านี้").click()
    measure_input = measures.locator("input[name$='_value']")
    expect(measure_input).to_have_value("2")

    satisfaction = page.locator('[data-indicator="3-1-satisfaction"]')
    satisfaction.locator("input[name$='_value']").fill("7")
    page.get_by_role("button", name="บันทึกและแก้ไขต่อ").click()
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("ค่าเฉลี่ยของมาตรวัด 5 ระดับต้องอยู่ระหว่าง 1 ถึง 5")
    assert "Ensure" not in page.content()
    screenshot(page, "indicator-grid-error")
    summary.get_by_role("link").first.click()
    satisfaction_id = Indicator.objects.get(code="3-1-satisfaction").pk
    assert page.evaluate("document.activeElement.id") == f"id_v{satisfaction_id}_value"
    expect(page.locator(f"#id_v{satisfaction_id}_value")).to_have_value("7")  # what was typed is kept
    expect(page.locator('[data-indicator="2-2-measures"] input[name$="_value"]')).to_have_value("2")

    page.keyboard.press("Control+A")
    page.keyboard.type("4.2")
    # Every other indicator does not apply to this district office this quarter.
    for row in page.locator(".value-grid-row").all():
        code = row.get_attribute("data-indicator")
        if code not in ("2-2-measures", "3-1-satisfaction"):
            row.get_by_role("checkbox").check()
    page.get_by_role("button", name="บันทึกค่าตัวชี้วัด").click()
    expect(page.get_by_text("บันทึกค่าตัวชี้วัดแล้ว")).to_be_visible()
    expect(page.get_by_test_id("blank-indicators")).to_have_count(0)
    page.get_by_role("button", name="ส่งรายงาน").click()
    expect(page.get_by_text("ส่งรายงานให้หัวหน้าหน่วยงานอนุมัติแล้ว")).to_be_visible()
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED
    values = {v.indicator.code: v for v in IndicatorValue.objects.filter(report=report).select_related("indicator")}
    assert values["2-2-measures"].value == 2 and str(values["3-1-satisfaction"].value) == "4.20"
    assert values["2-4-partners"].not_applicable
    context.close()


def test_the_grid_on_a_phone(browser, live_server, users, started_report):
    context, page = _context(browser, live_server, 390, 844, device_scale_factor=2, is_mobile=True, has_touch=True)
    sign_in(page, "coordinator")
    page.goto(f"/reporting/reports/{started_report.pk}/values/")
    expect(page.get_by_test_id("value-grid")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    screenshot(page, "indicator-grid-phone")
    from browser_helpers import ARTIFACTS

    page.locator('[data-indicator="1-1-trained"]').scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "indicator-grid-phone-screen.png"))  # one screen, to look at
    context.close()


def test_centrals_menu_fits_one_row_at_1366(browser, live_server, users, reference_data):
    context, page = _context(browser, live_server, 1366, 768)
    sign_in(page, "central")
    nav = page.get_by_test_id("nav")
    items = nav.locator(":scope > li")
    tops = {round(items.nth(i).bounding_box()["y"]) for i in range(items.count())}
    assert len(tops) == 1, f"the menu wraps onto {len(tops)} rows"
    nav.get_by_role("button", name="รายงาน", exact=True).click()
    expect(nav.get_by_role("link", name="ตรวจรายงาน")).to_be_visible()
    screenshot(page, "menu-central-1366")
    context.close()


def test_an_executive_lands_on_the_dashboard(browser, live_server, users, reference_data):
    context, page = _context(browser, live_server, 1280)
    sign_in(page, "executive")
    assert page.url.endswith("/reports/")
    context.close()
