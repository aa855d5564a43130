"""The explorer's searchable filters (Tom Select) at desktop and phone width, as a coordinator of
central would use them: type part of an agency's name, pick it, show; no CSP violation on the way."""

import datetime as dt

import pytest
from browser_helpers import screenshot, sign_in

from tests.core.cellkey_oracle import published_people
from tests.workforce.wf_files import person_rows
from thaothiam.agencies.models import Agency
from thaothiam.workforce.models import Person
from thaothiam.workforce.services import workforce_snapshot_load

pytestmark = pytest.mark.django_db(transaction=True)

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


@pytest.fixture
def workforce(reference_data):
    a = {code: Agency.objects.get(code=code).pk for code in ("DIS-1001", "DIS-1002", "FIR")}
    workforce_snapshot_load(as_of=dt.date(2025, 9, 30), rows=person_rows(a["DIS-1001"], women=12, men=8)
                            + person_rows(a["DIS-1002"], women=9, men=9) + person_rows(a["FIR"], women=6, men=10))


def _pick_agency(page, typed: str, name: str) -> None:
    page.locator("details summary").first.click()  # the filters fold open
    box = page.locator("#id_f_agency-ts-control")
    box.click()
    box.fill(typed)
    option = page.locator(".ts-dropdown .option", has_text=name)
    assert option.count() == 1, f"typing {typed!r} should leave one agency"
    option.click()
    page.keyboard.press("Escape")


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_central_finds_an_agency_by_typing(width, request, users, workforce):
    page = request.getfixturevalue("page" if width == "desktop" else "phone_page")
    problems: list[str] = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    sign_in(page, "central")
    page.goto("/workforce/explore/")
    page.wait_for_function("() => document.documentElement.dataset.searchableReady === 'true'")
    page.wait_for_function("() => window.__chartsReady === true")
    # The first view: headcount by sex for the latest year.
    table = page.get_by_test_id("explorer-table")
    rows = [line.split("\t") for line in table.inner_text().splitlines()[2:]]
    assert [rows[0][0], rows[1][0]] == ["หญิง", "ชาย"]
    assert [int(rows[0][1]), int(rows[1][1])] == [published_people(Person.objects.filter(sex=s)) for s in "FM"]
    # No native 75-line multi-select: a search box per filter.
    assert page.locator("select#id_f_agency.tomselected").count() == 1
    _pick_agency(page, "ดุสิต", "สำนักงานเขตดุสิต")
    screenshot(page, f"explorer-tom-select-{width}")
    page.get_by_test_id("explorer-form").get_by_role("button", name="แสดง", exact=True).click()
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => window.__chartsReady === true")
    assert "f_agency=DIS-1002" in page.url
    rows = [line.split("\t") for line in page.get_by_test_id("explorer-table").inner_text().splitlines()[2:]]
    dusit = Person.objects.filter(agency__code="DIS-1002")
    assert [int(rows[0][1]), int(rows[1][1])] == [published_people(dusit.filter(sex=s)) for s in "FM"]
    # The chosen agency stays chosen, shown as an item of the search box.
    assert page.locator(".ts-control .item", has_text="สำนักงานเขตดุสิต").count() == 1
    if width == "phone":
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    screenshot(page, f"explorer-result-{width}")
    assert problems + page.evaluate("window.__csp") == []
