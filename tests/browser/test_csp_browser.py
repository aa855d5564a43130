"""Every page a demo role reaches from its menu runs under the strict Content-Security-Policy with no
violation: no inline script or style, no eval — charts drawn, htmx fragments swapped in, the menu
toggled. A violation anywhere (console message or `securitypolicyviolation` event) fails the test."""

import pytest
from browser_helpers import screenshot, sign_in
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = ["admin", "central", "executive", "coordinator", "head", "staff"]
EXTRA = {  # pages off the menu worth walking: the ones with charts, htmx and generated styles
    "central": ["/accounts/2fa/", "/workforce/explore/?measure=headcount&row=agency&col=sex"],
    "executive": ["/reports/?fy=2568"],
    "coordinator": ["/workforce/import/"],
}
PUBLIC = ["/", "/accounts/login/", "/accounts/password/reset/", "/workforce/open-data/"]

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sourceFile || "") + ":" + e.lineNumber);
});
"""


@pytest.fixture
def demo(reference_data):
    from thaothiam.surveys import matrix, structure

    matrix.clear()
    structure._cache.clear()
    call_command("demo", scale="small", verbosity=0)


def watch(page) -> list[str]:
    problems: list[str] = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if m.type == "error" and ("Content Security Policy" in m.text or "Refused to" in m.text) else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    return problems


def visit(page, url: str, problems: list[str]) -> None:
    response = page.goto(url)
    assert response.status < 500, url
    page.wait_for_load_state("networkidle")
    if page.evaluate("typeof window.__chartsReady !== 'undefined'"):
        page.wait_for_function("() => window.__chartsReady === true")  # a function: a string would need eval
        charts = page.locator(".vega-chart")
        for i in range(charts.count()):
            assert charts.nth(i).locator("svg").count() == 1, f"chart {i} not drawn on {url}"
    problems += [f"{url}: {v}" for v in page.evaluate("window.__csp || []")]


def test_the_policy_header_is_strict(page, live_server):
    response = page.goto("/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy


@pytest.mark.parametrize("username", ROLES)
def test_every_menu_page_of_every_role_runs_without_a_violation(page, demo, username):
    problems = watch(page)
    for url in PUBLIC:
        visit(page, url, problems)
    sign_in(page, username)
    assert page.get_by_test_id("signed-in-as").count() == 1, page.url
    links = page.get_by_test_id("nav").locator("a[href]")
    urls = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert len(urls) >= 2
    charts_seen = 0
    extra = list(EXTRA.get(username, []))
    if username == "central":  # a print view: its running header is the one nonce-carrying <style>
        from thaothiam.surveys.models import Campaign

        campaign = Campaign.objects.exclude(status="draft").order_by("-fiscal_year").first()
        extra.append(f"/surveys/results/{campaign.pk}/print/")
    for url in [*urls, "/accounts/me/", *extra]:
        visit(page, url, problems)
        charts_seen += page.locator(".vega-chart svg").count()
    if username in ("central", "executive"):
        assert charts_seen >= 3  # the dashboard, workforce and survey pages drew their charts
    screenshot(page, f"csp-{username}")
    assert problems == [], "\n".join(problems)


def test_htmx_fragments_and_the_phone_menu_keep_the_policy(page, phone_page, demo):
    problems = watch(page)
    sign_in(page, "central")
    visit(page, "/reports/year-end/?fy=2568", problems)
    page.get_by_role("button", name="XLSX", exact=False).first.click()  # htmx swaps in the job and its progress bar
    page.locator("[data-job-state]").first.wait_for()
    assert "/reports/year-end/" in page.url  # swapped in by htmx, not a page load
    page.wait_for_function("() => document.querySelector('[data-job-state]').dataset.jobState === 'done'",
                           timeout=60_000)
    bar = page.locator("[data-job-state] .progress-bar")
    if bar.count():
        assert bar.first.evaluate("el => el.style.width") == "100%"
    problems += page.evaluate("window.__csp")
    phone_problems = watch(phone_page)
    sign_in(phone_page, "staff")
    phone_page.get_by_role("button", name="แสดงเมนู").click()
    phone_page.get_by_test_id("nav").get_by_role("link").first.wait_for()
    phone_problems += phone_page.evaluate("window.__csp")
    assert problems == [] and phone_problems == []
