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
        enter_code(page, username)
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


def enter_code(page, username: str) -> None:
    """Type a code of the demo key that the server will take: a code works once (the device remembers the
    last time step it accepted) and a wrong try throttles the next one, so pick the step, never guess.
    When the current step was used (the same person signed in within 30 s), the next step is accepted
    (one step of tolerance)."""
    import time

    from django_otp.plugins.otp_totp.models import TOTPDevice

    from thaothiam.accounts.twofactor import DEMO_TOTP_SECRET, code_for

    device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
    assert device is not None, f"{username} has no authenticator"
    while True:
        device.refresh_from_db()
        now = int(time.time()) // device.step
        # the server takes steps now+drift±tolerance that are later than the last one it accepted
        # (the device's own step first: if the server's clock moves on meanwhile, it is still in tolerance)
        usable = [o for o in (device.drift, device.drift + 1, device.drift - 1) if now + o > device.last_t]
        if usable:
            offset = usable[0]
            break
        time.sleep(device.step - time.time() % device.step + 0.5)
    page.get_by_label("รหัส").fill(code_for(DEMO_TOTP_SECRET, offset=offset))
    page.get_by_role("button", name="ดำเนินการต่อ").click()
    page.wait_for_load_state("networkidle")
    if "/accounts/2fa/verify/" in page.url:
        raise AssertionError("the demo TOTP code was refused")


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
