"""On a 390 px phone no page scrolls sideways: wide tables scroll inside themselves, charts fit,
legends stack (issue 16 §5). Walked with the small demo loaded, as the executive and central."""

import pytest
from browser_helpers import screenshot, sign_in
from django.core.management import call_command

# Every dashboard and report page: BMA-wide, one agency's (chosen by the executive, and a coordinator's own),
# the map coloured by an indicator, the year-end page (with its narrative form).
PAGES = {
    "executive": ["/reports/", "/reports/?fy=2568", "/reports/?fy=2568&agency={agency}", "/reports/?fy=2568&map={map}",
                  "/workforce/indicators/", "/workforce/explore/", "/surveys/"],
    "central": ["/reporting/matrix/", "/reporting/results/", "/reports/year-end/", "/surveys/manage/"],
    "coordinator": ["/reports/"],
}


@pytest.mark.django_db(transaction=True)
def test_main_pages_fit_a_phone(phone_page):
    call_command("demo", "--scale", "small", stdout=open("/dev/null", "w"))  # noqa: SIM115
    from thaothiam.agencies.models import Agency
    from thaothiam.reports.glance import map_choices

    values = {"agency": Agency.objects.get(code="DIS-1001").pk, "map": map_choices()[1][0]}  # [0] is completeness
    too_wide = []
    for username, paths in PAGES.items():
        phone_page.context.clear_cookies()
        sign_in(phone_page, username)
        for path in paths:
            path = path.format(**values)
            phone_page.goto(path)
            phone_page.wait_for_load_state("networkidle")
            phone_page.wait_for_function("() => window.__chartsReady !== false")  # a function: a string would need eval
            width = phone_page.evaluate("document.documentElement.scrollWidth")
            if width > 390:
                too_wide.append((username, path, width))
                screenshot(phone_page, f"too-wide-{username}-{path.strip('/').replace('/', '-')}")
    assert not too_wide, too_wide
