"""On a phone: the BMA-account button, the provider's own login page, and back on my page signed in.
Chromium (Playwright) against the live server and the test OpenID provider; screenshots in test-artifacts/."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from thaothiam.accounts.models import User

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = os.environ.get("THAOTHIAM_CHROMIUM", "/usr/bin/chromium")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(live_server):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        context = browser.new_context(base_url=live_server.url, locale="th-TH", viewport={"width": 390, "height": 844},
                                      device_scale_factor=2, is_mobile=True, has_touch=True)
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        browser.close()


def test_a_member_of_staff_signs_in_with_the_bma_account_on_a_phone(oidc, phone, live_server, reference_data):
    oidc.allow_redirect(f"{live_server.url}/accounts/oidc/callback/")
    oidc.people(kanya={"password": "pw-kanya", "agency": "DIS-1001", "groups": [], "given_name": "กัญญา",
                       "family_name": "ศรีสุข", "email": "kanya@bangkok.go.th"})
    phone.goto("/accounts/login/")
    ARTIFACTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "sign-in-phone.png"), full_page=True)
    phone.get_by_role("link", name="เข้าสู่ระบบด้วยบัญชี กทม.").click()
    phone.locator("input[name=username]").fill("kanya")  # the provider's own form
    phone.locator("input[name=password]").fill("pw-kanya")
    phone.get_by_role("button", name="Sign in").click()
    expect(phone.get_by_role("heading", name="สวัสดี คุณกัญญา ศรีสุข")).to_be_visible()
    assert phone.url.endswith("/accounts/me/")
    phone.screenshot(path=str(ARTIFACTS / "staff-home-phone.png"), full_page=True)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing sideways on a phone
    assert User.objects.get(username="kanya").agency.code == "DIS-1001"
