"""Officers, sign-in through the real login page (so the key opens), and reports through the real form."""

from __future__ import annotations

import re

from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from thaothiam.accounts import twofactor
from thaothiam.accounts.models import Role, RoleGrant, User
from thaothiam.agencies.models import Agency

PASSWORD = "demo"
HOME = "DIS-1001"


def make_officer(username: str, agency_code: str | None = HOME, *, email: str = "") -> User:
    agency = Agency.objects.get(code=agency_code) if agency_code else Agency.objects.get(code="CSC-PSD")
    user = User.objects.create_user(username=username, password=PASSWORD, agency=agency,
                                    email=email or f"{username}@example.org", first_name=username)
    RoleGrant.objects.create(user=user, role=Role.COMPLAINT_OFFICER,
                             agency=Agency.objects.get(code=agency_code) if agency_code else None)
    twofactor.demo_enrol([user])  # complaint officers sign in with a password and a code
    return user


def sign_in(username: str, password: str = PASSWORD, client: Client | None = None) -> Client:
    """The real two-step sign-in: the password (which opens the officer's key), then the code."""
    client = client or Client()
    response = client.post("/accounts/login/", {"username": username, "password": password})
    assert response.status_code == 302, response.content[:500]
    if response["Location"].startswith("/accounts/2fa/verify/"):
        # A code is accepted once (tests/security covers that); these tests sign the same officer in
        # several times a minute, so the device forgets the last code it took, as 30 s later it would.
        TOTPDevice.objects.filter(user__username=username).update(last_t=-1)
        done = client.post("/accounts/2fa/verify/", {"code": twofactor.code_for(twofactor.DEMO_TOTP_SECRET)})
        assert done.status_code == 302, done.content[:500]
    return client


def officers_with_keys(*specs: tuple[str, str | None]) -> dict[str, Client]:
    """Make officers and sign each in once (which creates their key); returns their signed-in clients."""
    clients = {}
    for username, agency in specs:
        make_officer(username, agency)
        clients[username] = sign_in(username)
    return clients


def report_data(**overrides) -> dict:
    data = {
        "identity": "anonymous", "category": "harassment", "agency": HOME, "place": "",
        "when_month": "3", "when_year": "2025", "relationship": "supervisor", "wants": ["informal"],
        "narrative": "เรื่องสมมุติ: หัวหน้าส่งข้อความไม่เหมาะสมหลายครั้ง", "contact_mode": "system",
    }
    data.update(overrides)
    return data


RECEIPT = re.compile(r'data-testid="receipt"[^>]*>([\d ]+)<')


def submit(client: Client | None = None, files: dict | None = None, **overrides) -> str:
    """Send a report through the form; returns the receipt shown."""
    client = client or Client()
    data = report_data(**overrides)
    if files:
        data.update(files)
    response = client.post("/complaints/report/", data)
    assert response.status_code == 200, response.content.decode()[:3000]
    match = RECEIPT.search(response.content.decode())
    assert match, "no receipt on the page"
    return match.group(1).replace(" ", "")


def follow(receipt: str, client: Client | None = None) -> Client:
    client = client or Client()
    response = client.post("/complaints/follow/", {"receipt": receipt})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client
