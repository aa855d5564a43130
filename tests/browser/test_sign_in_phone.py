"""(Lives in tests/browser/ for the Playwright fixtures; the other sign-in tests are in tests/signin/.)
On a phone: the BMA-account button, the provider's own login page, and back on my page signed in.
Chromium against the live server and the test OpenID provider; screenshots in test-artifacts/."""

import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "signin"))
from browser_helpers import screenshot  # noqa: E402
from sso_servers import oidc, oidc_server  # noqa: E402, F401 — pytest fixtures

from thaothiam.accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_of_staff_signs_in_with_the_bma_account_on_a_phone(oidc, phone_page, live_server):  # noqa: F811
    phone = phone_page
    oidc.allow_redirect(f"{live_server.url}/accounts/oidc/callback/")
    oidc.people(kanya={"password": "pw-kanya", "agency": "DIS-1001", "groups": [], "given_name": "กัญญา",
                       "family_name": "ศรีสุข", "email": "kanya@bangkok.go.th"})
    phone.goto("/accounts/login/")
    screenshot(phone, "sign-in-phone")
    phone.get_by_role("link", name="เข้าสู่ระบบด้วยบัญชี กทม.").click()
    phone.locator("input[name=username]").fill("kanya")  # the provider's own form
    phone.locator("input[name=password]").fill("pw-kanya")
    phone.get_by_role("button", name="Sign in").click()
    expect(phone.get_by_role("heading", name="สวัสดี คุณกัญญา ศรีสุข")).to_be_visible()
    assert phone.url.endswith("/accounts/me/")
    screenshot(phone, "staff-home-phone")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing sideways on a phone
    assert User.objects.get(username="kanya").agency.code == "DIS-1001"
