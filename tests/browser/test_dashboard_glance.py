"""The executive dashboard in a browser: the scorecard and the district map at the top, every chart drawn
with its table behind a "show as table" button, the map recoloured by a chosen indicator with the GET
form; screenshots at 1366 px and 390 px (issue 16 §2, §3)."""

import pytest
from browser_helpers import ARTIFACTS, sign_in
from django.core.management import call_command


@pytest.mark.django_db(transaction=True)
def test_dashboard_at_a_glance_on_a_desktop_and_a_phone(browser, live_server, reference_data):
    call_command("demo", "--scale", "small", stdout=open("/dev/null", "w"))  # noqa: SIM115
    # One sign-in (a TOTP code works once): the same page at a desktop's and at a phone's width.
    context = browser.new_context(base_url=live_server.url, locale="th-TH", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, "executive")
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto("/reports/?fy=2568")
        page.wait_for_function("() => window.__chartsReady === true")
        glance = page.get_by_test_id("glance")
        assert glance.is_visible()
        # the first section on the page is the glance
        assert page.locator("main section").first.get_attribute("id") == "section-glance"
        assert page.get_by_test_id("scorecard").locator("tbody tr").count() >= 10
        # the map is drawn: 50 district tiles in the SVG
        map_figure = glance.locator("figure")
        assert map_figure.locator("svg path[aria-roledescription='rect mark'], svg .mark-rect path").count() >= 50
        # every drawn chart has its table hidden behind a button, which shows it
        toggles = page.locator("[data-chart-toggle]")
        assert toggles.count() >= 4
        first = toggles.first
        table = page.locator("#" + first.get_attribute("aria-controls"))
        assert first.get_attribute("aria-expanded") == "false" and "visually-hidden" in table.get_attribute("class")
        first.click()
        assert first.get_attribute("aria-expanded") == "true" and "visually-hidden" not in table.get_attribute("class")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"dashboard-{width}-top.png"))
        for key in ("glance", "participation", "trend"):
            page.locator(f"#section-{key}").screenshot(path=str(ARTIFACTS / f"dashboard-{width}-{key}.png"))
    context.close()


@pytest.mark.django_db(transaction=True)
def test_map_recoloured_by_an_indicator_without_javascript(browser, live_server, reference_data):
    call_command("demo", "--scale", "small", stdout=open("/dev/null", "w"))  # noqa: SIM115
    context = browser.new_context(base_url=live_server.url, locale="th-TH", java_script_enabled=False)
    page = context.new_page()
    sign_in(page, "executive")
    page.goto("/reports/?fy=2568")
    options = page.locator("#g-map option")
    code = options.nth(1).get_attribute("value")
    page.locator("#g-map").select_option(code)
    page.get_by_test_id("glance").get_by_role("button", name="แสดง").click()
    page.wait_for_load_state("load")
    assert f"map={code}" in page.url
    # without JavaScript the map is its table: every district with whether it met the target
    table = page.get_by_test_id("glance").locator("figure table")
    assert table.is_visible() and table.locator("tbody tr").count() == 50
    assert table.locator("tbody").inner_text().count("บรรลุเป้าหมาย") >= 1
    context.close()
