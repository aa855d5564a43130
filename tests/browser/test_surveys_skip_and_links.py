"""(Lives in tests/browser/ for the Playwright fixtures.) Staff answer the work-environment survey on a
phone: "no incident" hides the follow-up questions and stores them as not asked. Central copies an open
link with its button and sees its QR code. Screenshots go to test-artifacts/."""

import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "surveys"))
from browser_helpers import screenshot, sign_in  # noqa: E402
from survey_helpers import make_campaign  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def fresh_caches():
    from thaothiam.surveys import matrix, structure

    matrix.clear()
    structure._cache.clear()


def _pick(page, code: str, value: str) -> None:
    option = page.locator(f"input[name='{code}'][value='{value}']").get_attribute("id")
    page.locator(f"label[for='{option}']").click()


def _first_of_each(page) -> None:
    for group in page.locator("fieldset.survey-question:visible").all():
        target = group.locator("input").first
        group.locator(f"label[for='{target.get_attribute('id')}']").click()


def test_staff_answer_with_skip_logic_on_a_phone(phone_page, live_server):
    from thaothiam.accounts.models import Role, RoleGrant, User
    from thaothiam.agencies.models import Agency
    from thaothiam.surveys.models import Invitation, PendingResponse
    from thaothiam.surveys.structure import load

    agency = Agency.objects.get(code="DIS-1001")
    staff = User.objects.create_user("staff", password="demo", agency=agency)
    RoleGrant.objects.create(user=staff, role=Role.STAFF, agency=agency)
    campaign = make_campaign("work-environment-2568")
    Invitation.objects.create(campaign=campaign, agency=agency, user=staff)
    page = phone_page
    sign_in(page, "staff")
    page.goto("/surveys/mine/")
    page.get_by_role("button", name="ตอบแบบสำรวจ").click()
    page.wait_for_url("**/surveys/a/")
    page.get_by_role("link", name="เริ่มตอบแบบสำรวจ").click()
    for _step in (1, 2):
        _first_of_each(page)
        page.get_by_role("button", name="บันทึกและไปต่อ").click()
    page.wait_for_url("**/surveys/a/3/")
    to_whom = page.locator("fieldset[data-ask-if='we_reported'][data-ask-values='2']")
    why_not = page.locator("fieldset[data-ask-if='we_reported'][data-ask-values='3']")
    expect(to_whom).to_be_hidden()  # nothing chosen yet: not asked
    _pick(page, "we_reported", "2")  # reported: "to whom" appears, "why not" stays hidden
    expect(to_whom).to_be_visible()
    expect(why_not).to_be_hidden()
    _pick(page, "we_reported_to", "1")
    screenshot(page, "surveys-phone-skip-reported")
    _pick(page, "we_reported", "1")  # no incident after all: both follow-ups go away
    expect(to_whom).to_be_hidden()
    expect(why_not).to_be_hidden()
    screenshot(page, "surveys-phone-skip-no-incident")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="บันทึกและไปต่อ").click()
    page.wait_for_url("**/surveys/a/4/")
    expect(page.get_by_text("ไม่ทราบ").first).to_be_visible()  # "do you know": known / not known
    _first_of_each(page)
    page.get_by_role("button", name="บันทึกและไปต่อ").click()
    page.wait_for_url("**/surveys/a/5/")
    page.get_by_role("button", name="ส่งคำตอบ").click()
    page.wait_for_url("**/surveys/thanks/")
    shape = load(campaign.instrument_id)
    answers = bytes(PendingResponse.objects.get().answers)

    def slot(code):
        position = shape.item(code).position
        return int.from_bytes(answers[2 * position:2 * position + 2], "little")

    assert slot("we_reported") == 1 and slot("we_reported_to") == 0 and slot("we_not_reported_why") == 0


def test_central_copies_an_open_link_and_sees_its_qr_code(page, live_server):
    from thaothiam.accounts.models import Role, RoleGrant, User
    from thaothiam.agencies.models import Agency
    from thaothiam.surveys import services_campaign

    user = User.objects.create_user("central", password="demo", agency=Agency.objects.get(code="CSC-PSD"))
    RoleGrant.objects.create(user=user, role=Role.CENTRAL)
    campaign = make_campaign()
    link = services_campaign.open_link_create(campaign=campaign, agency=Agency.objects.get(code="DIS-1001"),
                                              actor=None)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    sign_in(page, "central")
    page.goto(f"/surveys/manage/campaigns/{campaign.pk}/")
    qr = page.get_by_test_id("open-link-qr").locator("svg")
    expect(qr).to_be_visible()
    box = qr.bounding_box()
    assert box["width"] >= 120 and abs(box["width"] - box["height"]) < 2  # square, large enough to scan
    page.get_by_test_id("copy-link").click()
    expect(page.get_by_text("คัดลอกลิงก์แล้ว")).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith(f"/surveys/o/{link.token}/")
    screenshot(page, "surveys-campaign-open-link")
