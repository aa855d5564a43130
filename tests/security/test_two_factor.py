"""Two-step sign-in for central, admin, executive and complaint officers with a local password:
the password alone opens nothing, codes and recovery codes work once, guessing codes locks out."""

import re
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import make_user
from thaothiam.accounts import twofactor
from thaothiam.accounts.models import Role
from thaothiam.core.models import AuditEvent


def password_step(client, username, password="demo"):
    client.get("/accounts/login/")
    return client.post("/accounts/login/", {"username": username, "password": password})


def signed_in_as(client):
    return client.session.get("_auth_user_id")


def test_the_password_alone_opens_nothing_for_central(users):
    client = Client()
    response = password_step(client, "central")
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/verify/"
    assert signed_in_as(client) is None
    assert client.get("/plan/manage/").status_code == 302  # still anonymous: to the login page
    assert client.get("/admin/").status_code == 302
    page = client.get("/accounts/2fa/verify/").content.decode()
    assert "ขั้นตอนที่สองของการเข้าสู่ระบบ" in page
    done = client.post("/accounts/2fa/verify/", {"code": twofactor.code_for(twofactor.DEMO_TOTP_SECRET)})
    assert done.status_code == 302 and int(signed_in_as(client)) == users["central"].pk
    assert client.get("/plan/manage/").status_code == 200
    # The same code cannot be used twice.
    other = Client()
    password_step(other, "central")
    again = other.post("/accounts/2fa/verify/", {"code": twofactor.code_for(twofactor.DEMO_TOTP_SECRET)})
    assert again.status_code == 200 and signed_in_as(other) is None


def test_roles_without_the_requirement_sign_in_with_the_password(users):
    client = Client()
    assert password_step(client, "coordinator")["Location"] == "/accounts/me/"  # people land on their page
    assert int(signed_in_as(client)) == users["coordinator"].pk


def test_admin_site_login_goes_through_our_sign_in(users):
    response = Client().get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client = Client()
    password_step(client, "admin")
    assert client.post("/admin/login/", {"username": "admin", "password": "demo"}).status_code == 302
    assert signed_in_as(client) is None


def test_guessing_codes_locks_the_guessing_client_out(users):
    client = Client()
    password_step(client, "executive")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post("/accounts/2fa/verify/", {"code": "000000"})
    assert response.status_code == 429
    response = client.post("/accounts/2fa/verify/", {"code": twofactor.code_for(twofactor.DEMO_TOTP_SECRET)})
    assert signed_in_as(client) is None
    assert password_step(client, "executive").status_code == 429  # the password step too, from this client


def test_enrolment_then_recovery_codes(reference_data):
    officer = make_user("officer", (Role.COMPLAINT_OFFICER, None))
    TOTPDevice.objects.filter(user=officer).delete()  # a new officer has no authenticator yet
    client = Client()
    response = password_step(client, "officer")
    assert response["Location"] == "/accounts/2fa/setup/"
    page = client.get("/accounts/2fa/setup/").content.decode()
    assert "data:image/svg+xml" in page  # the QR code
    secret = re.search(r'data-testid="twofactor-secret">([A-Z2-7]+)<', page).group(1)
    key = __import__("base64").b32decode(secret).hex()
    wrong = client.post("/accounts/2fa/setup/", {"code": "123456"})
    assert wrong.status_code == 200 and signed_in_as(client) is None
    time.sleep(1.1)  # django-otp throttles a device for 1 s after a wrong code (2 s, 4 s … after more)
    done = client.post("/accounts/2fa/setup/", {"code": twofactor.code_for(key)})
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", done.content.decode())
    assert len(codes) == 10 and int(signed_in_as(client)) == officer.pk
    assert AuditEvent.objects.filter(action="accounts.2fa.enrol", object_id=str(officer.pk)).exists()
    # A recovery code signs in once.
    phone_lost = Client()
    password_step(phone_lost, "officer")
    assert phone_lost.post("/accounts/2fa/verify/", {"code": codes[0]}).status_code == 302
    reuse = Client()
    password_step(reuse, "officer")
    assert reuse.post("/accounts/2fa/verify/", {"code": codes[0]}).status_code == 200
    assert signed_in_as(reuse) is None
    # New codes replace the old ones.
    fresh = client.post("/accounts/2fa/recovery-codes/").content.decode()
    new_codes = re.findall(r"<li>([a-z2-7]{8})</li>", fresh)
    assert len(new_codes) == 10 and not set(new_codes) & set(codes)
    assert reuse.post("/accounts/2fa/verify/", {"code": codes[1]}).status_code == 200
    assert reuse.post("/accounts/2fa/verify/", {"code": new_codes[0]}).status_code == 302


def test_an_old_password_step_expires(users, settings):
    client = Client()
    password_step(client, "central")
    session = client.session
    session[twofactor.PENDING_KEY]["until"] = 0
    session.save()
    page = client.post("/accounts/2fa/verify/", {"code": twofactor.code_for(twofactor.DEMO_TOTP_SECRET)})
    assert 'data-testid="twofactor-expired"' in page.content.decode() and signed_in_as(client) is None


@pytest.mark.own_sqlite
def test_reset_second_factor_command(tmp_path):
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith(("THAOTHIAM_", "DJANGO_", "PYTEST"))}
    env.pop("DATABASE_URL", None)
    env["THAOTHIAM_VAR_DIR"] = str(tmp_path)
    run = [sys.executable, "-m", "thaothiam"]
    subprocess.run([*run, "migrate", "-v0"], env=env, check=True, capture_output=True, timeout=300)
    subprocess.run([*run, "shell", "-c", "from tests.conftest import make_user; from thaothiam.core.demodata import "
                    "load_reference_data; load_reference_data(); make_user('c', ('central', None))"],
                   env=env, check=True, capture_output=True, timeout=300)
    result = subprocess.run([*run, "reset-second-factor", "c"], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    check = subprocess.run([*run, "shell", "-c", "from django_otp.plugins.otp_totp.models import TOTPDevice; "
                            "print(TOTPDevice.objects.count())"], env=env, capture_output=True, text=True, timeout=120)
    assert check.stdout.strip().splitlines()[-1] == "0"
    missing = subprocess.run([*run, "reset-second-factor", "nobody"], env=env, capture_output=True, text=True,
                             timeout=120)
    assert missing.returncode != 0
