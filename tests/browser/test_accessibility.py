"""WCAG 2.1 AA in a browser (issue 16 §6): axe-core scans every main page — every entry of the menu each
role sees, and the public pages — with zero serious or critical violations.

axe-core comes from npm (package.json, devDependencies) and is vendored by `make install` like the other
front-end files; it is loaded same-origin so the page's CSP allows it."""

import json
from urllib.parse import urlparse

import pytest
from browser_helpers import sign_in
from django.core.management import call_command

from thaothiam.core.vendor import DEFAULT_DEST

ROLES = ["executive", "central", "coordinator", "head", "staff", "admin", "complaint-central", "complaint-dis-1001"]
PUBLIC = ["/", "/accounts/login/", "/workforce/open-data/"]
SKIP = ("/accounts/logout", "/admin/", "/i18n/")  # sign-out, Django's own admin, the language switch
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Dashboard pages the menu does not link as such: one agency's dashboard, the map coloured by an indicator.
EXTRA = {"executive": ["/reports/?fy=2568&agency={agency}", "/reports/?fy=2568&map={map}"]}


def _menu(page) -> list[str]:
    hrefs = page.eval_on_selector_all("[data-testid=nav] a[href], main a.nav-link[href]",
                                      "links => links.map(a => a.getAttribute('href'))")
    paths = []
    for href in hrefs:
        path = urlparse(href).path
        if path.startswith("/") and not path.startswith(SKIP) and path not in paths:
            paths.append(path)
    return paths


def _scan(page, path: str) -> list[dict]:
    page.goto(path, wait_until="domcontentloaded")
    page.wait_for_function("() => window.__chartsReady !== false")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(url="/static/vendor/axe.min.js")
    results = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    return [{"page": path, "rule": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"][:3]]}
            for v in results["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.django_db(transaction=True)
def test_no_serious_or_critical_violation_on_any_main_page(browser, live_server, reference_data):
    assert (DEFAULT_DEST / "axe.min.js").exists(), "axe-core is not vendored: run `make install`"
    call_command("demo", "--scale", "small", stdout=open("/dev/null", "w"))  # noqa: SIM115
    from thaothiam.agencies.models import Agency
    from thaothiam.reports.glance import map_choices

    values = {"agency": Agency.objects.get(code="DIS-1001").pk, "map": map_choices()[1][0]}
    found, scanned = [], []
    for role in [None, *ROLES]:
        context = browser.new_context(base_url=live_server.url, locale="th-TH", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(90_000)  # a loaded CI machine: the dashboard can take a while
        if role:
            sign_in(page, role)
        paths = PUBLIC if role is None else _menu(page) + [p.format(**values) for p in EXTRA.get(role, [])]
        for path in paths:
            found += [{**v, "role": role or "anonymous"} for v in _scan(page, path)]
            scanned.append((role, path))
        context.close()
    assert len(scanned) >= 20, scanned  # every role has its menu scanned
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)
