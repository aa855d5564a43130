"""(Lives in tests/browser/ for the Playwright fixtures; the survey module's other tests are in
tests/surveys/.) A staff member answers the opinion survey on a phone, with the keyboard and by touch; central then
sees the result. Screenshots go to test-artifacts/."""

import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "surveys"))
from browser_helpers import screenshot, sign_in  # noqa: E402
from survey_helpers import add_responses, invite, make_campaign  # noqa: E402

from thaothiam.surveys.models import Response

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def fresh_caches():
    """Flushed tables reuse campaign ids: the live server shares this process's caches."""
    from thaothiam.surveys import matrix, structure

    matrix.clear()
    structure._cache.clear()


def choose_everything(page):
    """Tick the first option of every radio group and the 'high' (4) of every Likert question."""
    for group in page.locator("fieldset.survey-question").all():
        four = group.locator("input[type=radio][value='4']")
        target = four if four.count() and group.locator("input[type=radio]").count() == 5 else \
            group.locator("input").first
        group.locator(f"label[for='{target.get_attribute('id')}']").click()


def test_answering_on_a_phone(phone_page, live_server):
    campaign = make_campaign()
    (invitation,) = invite(campaign)
    page = phone_page
    page.goto(f"/surveys/t/{invitation.token}/")
    page.wait_for_url("**/surveys/a/")  # the token has left the address bar
    expect(page.get_by_test_id("anonymity-note")).to_be_visible()
    screenshot(page, "surveys-phone-start")
    page.get_by_role("link", name="เริ่มตอบแบบสำรวจ").click()
    # Part 1 with the keyboard: focus the first radio of "sex", arrow to the second option.
    page.locator("#id_dem_sex_0").focus()
    page.keyboard.press("ArrowDown")
    assert page.locator("#id_dem_sex_1").is_checked()
    expect(page.locator("fieldset legend").first).to_be_visible()
    screenshot(page, "surveys-phone-part1")
    page.get_by_role("button", name="บันทึกและไปต่อ").click()
    page.wait_for_url("**/2/")
    page.wait_for_load_state("networkidle")
    # Leave part 2 unanswered once: the errors are announced and nothing is lost.
    page.get_by_role("button", name="บันทึกและไปต่อ").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    for _step in range(4):
        choose_everything(page)
        last = page.get_by_role("button", name="ส่งคำตอบ")
        if last.count():
            page.locator("textarea").fill("อยากให้มีห้องให้นมบุตรในทุกสำนักงานเขต")
            screenshot(page, "surveys-phone-last")
            last.click()
            break
        page.get_by_role("button", name="บันทึกและไปต่อ").click()
    page.wait_for_url("**/surveys/thanks/")
    assert page.get_by_test_id("survey-state").get_attribute("data-state") == "thanks"
    from thaothiam.surveys.models import PendingResponse

    assert not Response.objects.exists()  # waiting in the mixing pool until its batch
    assert PendingResponse.objects.get().sex == "M"  # the keyboard choice (a core code)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page must not scroll sideways on a phone"
    # The link cannot be used twice.
    page.goto(f"/surveys/t/{invitation.token}/")
    assert page.get_by_test_id("survey-state").get_attribute("data-state") == "already"


def test_central_reads_results_with_charts(page, live_server):
    from thaothiam.accounts.models import Role, RoleGrant, User
    from thaothiam.agencies.models import Agency

    user = User.objects.create_user("central", password="demo", agency=Agency.objects.get(code="CSC-PSD"))
    RoleGrant.objects.create(user=user, role=Role.CENTRAL)
    campaign = make_campaign("work-environment-2568")
    rows = [({"we_sexual_jokes": 1 + i % 4, "we_trust_overall": 3 + i % 3, "we_aware_policy": 1 + i % 2}, {"sex": "FM"[i % 2]})
            for i in range(40)]
    add_responses(campaign, rows)
    sign_in(page, "central")
    page.goto(f"/surveys/results/{campaign.pk}/")
    page.wait_for_function("() => window.__chartsReady === true")
    from survey_oracle import pub  # the 40 respondents as published: perturbed (decision 0120)

    assert page.get_by_test_id("respondents").inner_text() == f"{pub(campaign):,}"
    assert page.locator("figure.chart svg").count() >= 2
    screenshot(page, "surveys-results-desktop")
    page.goto(f"/surveys/results/{campaign.pk}/breakdown/?item=we_trust_overall&by=sex")
    page.wait_for_function("() => window.__chartsReady === true")
    screenshot(page, "surveys-breakdown-desktop")


def test_results_charts_fit_a_phone(phone_page, live_server):
    """The mean chart runs 1–5 and its question labels leave most of a 390 px screen to the bars."""
    from thaothiam.accounts.models import Role, RoleGrant, User
    from thaothiam.agencies.models import Agency

    user = User.objects.create_user("central", password="demo", agency=Agency.objects.get(code="CSC-PSD"))
    RoleGrant.objects.create(user=user, role=Role.CENTRAL)
    campaign = make_campaign("work-environment-2568")
    rows = [({"we_sexual_jokes": 1 + i % 4, "we_trust_overall": 3 + i % 3, "we_trust_fair": 2 + i % 3,
              "we_aware_policy": 1 + i % 2}, {"sex": "FM"[i % 2]}) for i in range(40)]
    add_responses(campaign, rows)
    page = phone_page
    sign_in(page, "central")
    page.goto(f"/surveys/results/{campaign.pk}/")
    page.wait_for_function("() => window.__chartsReady === true")
    chart = page.locator("figure.chart svg").first
    labels = chart.locator(".role-axis-label").last  # the category (question) labels
    box, whole = labels.bounding_box(), chart.bounding_box()
    assert box["width"] <= 0.45 * whole["width"], (box, whole)
    ticks = [t.strip() for t in chart.locator(".role-axis-label").first.locator("text").all_text_contents()]
    assert ticks[0] == "1" and ticks[-1] == "5", ticks
    screenshot(page, "surveys-results-phone")
    page.locator("figure.chart").first.screenshot(path=str(screenshot(page, "surveys-results-phone").parent
                                                         / "surveys-results-phone-chart.png"))
