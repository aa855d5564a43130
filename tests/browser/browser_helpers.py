"""Helpers for browser tests: sign in, take a screenshot into test-artifacts/."""

from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def sign_in(page, username: str, password: str = "demo") -> None:
    page.goto("/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(password)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_load_state("networkidle")
    if "/accounts/2fa/verify/" in page.url:  # central, admin, executive: the demo's published TOTP key
        enter_code(page)
    elif "/accounts/2fa/setup/" in page.url:  # such a role created by the test without an authenticator
        enrol(page)


def enrol(page) -> None:
    """Set up two-step sign-in as a person would: type the shown key's current code, keep the codes."""
    import base64

    from thaothiam.accounts.twofactor import code_for

    key = base64.b32decode(page.get_by_test_id("twofactor-secret").inner_text().strip()).hex()
    page.get_by_label("รหัส").fill(code_for(key))
    page.get_by_role("button", name="ยืนยันและเข้าสู่ระบบ").click()
    page.get_by_test_id("recovery-codes").wait_for()
    page.get_by_role("link", name="เก็บรหัสไว้แล้ว — ดำเนินการต่อ").click()
    page.wait_for_load_state("networkidle")


def enter_code(page) -> None:
    """Type the current code of the demo key; the next one if the current was already used (a
    code works once, and a test may sign the same person in twice within 30 seconds)."""
    from thaothiam.accounts.twofactor import DEMO_TOTP_SECRET, code_for

    for offset in (0, 1):
        page.get_by_label("รหัส").fill(code_for(DEMO_TOTP_SECRET, offset=offset))
        page.get_by_role("button", name="ดำเนินการต่อ").click()
        page.wait_for_load_state("networkidle")
        if "/accounts/2fa/verify/" not in page.url:
            return
    raise AssertionError("the demo TOTP code was refused")


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
