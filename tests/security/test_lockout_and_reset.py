"""Lockout per username and client: the attacker locks only themselves out, waits longer each time,
and the account holder hears about it. Password reset by e-mail for local accounts, rate-limited."""

import re

from django.conf import settings
from django.core import mail
from django.test import Client

from thaothiam.accounts.models import User
from thaothiam.core.models import AuditEvent

ATTACKER = "203.0.113.66"
OFFICE = "10.20.30.40"


def login(client: Client, username: str, password: str, address: str):
    client.get("/accounts/login/", REMOTE_ADDR=address)
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_an_attacker_cannot_lock_the_real_user_out(users):
    users["head"].email = "head@example.go.th"
    users["head"].save()
    attacker = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT * 3):
        login(attacker, "head", "guess", ATTACKER)
    locked = login(attacker, "head", "demo", ATTACKER)  # even the right password is refused there
    assert locked.status_code == 429 and "_auth_user_id" not in attacker.session
    assert "อุปกรณ์อื่นไม่ได้รับผลกระทบ" in locked.content.decode()
    owner = Client()
    response = login(owner, "head", "demo", OFFICE)
    assert response.status_code == 302 and int(owner.session["_auth_user_id"]) == users["head"].pk
    # The head hears about it, once, in Thai and English, without the password guesses.
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["head@example.go.th"]
    assert "ไม่สำเร็จ" in mail.outbox[0].body and "failed to sign in" in mail.outbox[0].body
    assert "guess" not in mail.outbox[0].body
    assert AuditEvent.objects.filter(action="accounts.login.warning", object_id=str(users["head"].pk)).count() == 1


def test_the_wait_grows_with_every_round_of_failures(users):
    attacker = Client()
    limit = settings.AXES_FAILURE_LIMIT
    waits = []
    for _ in range(3):
        for _ in range(limit):
            response = login(attacker, "central", "guess", ATTACKER)
        waits.append(int(re.search(r"(\d+) นาที", response.content.decode()).group(1)))
    assert waits == [15, 30, 60]
    assert login(Client(), "central", "demo", OFFICE).status_code == 302


def test_a_success_clears_the_count_for_that_client_only(users):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "staff", "guess", OFFICE)
    assert login(client, "staff", "demo", OFFICE).status_code == 302
    client.post("/accounts/logout/")
    assert login(client, "staff", "guess", OFFICE).status_code == 200  # counting starts again, not locked


def _reset_link(body: str) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", body).group(1)


def test_password_reset_by_email(users):
    users["staff"].email = "staff@example.go.th"
    users["staff"].save()
    client = Client()
    page = client.get("/accounts/password/reset/")
    assert page.status_code == 200 and "ลืมรหัสผ่าน" in page.content.decode()
    response = client.post("/accounts/password/reset/", {"email": "staff@example.go.th"})
    assert response.status_code == 302
    assert "ตรวจสอบอีเมล" in client.get(response["Location"]).content.decode()
    assert len(mail.outbox) == 1 and "ตั้งรหัสผ่านใหม่" in mail.outbox[0].subject
    form = client.get(_reset_link(mail.outbox[0].body), follow=True)
    assert form.status_code == 200 and "new_password1" in form.content.decode()
    url = form.redirect_chain[-1][0]
    weak = client.post(url, {"new_password1": "1234", "new_password2": "1234"})
    assert weak.status_code == 200 and "รหัสผ่าน" in weak.content.decode()  # Django's rules, in Thai
    done = client.post(url, {"new_password1": "Kh0ngDee-Mak-2568", "new_password2": "Kh0ngDee-Mak-2568"})
    assert done.status_code == 302
    assert login(Client(), "staff", "Kh0ngDee-Mak-2568", OFFICE).status_code == 302
    reused = client.get(_reset_link(mail.outbox[0].body), follow=True).content.decode()
    assert 'data-testid="reset-invalid"' in reused  # a link works once
    assert AuditEvent.objects.filter(action="accounts.password_reset", object_id=str(users["staff"].pk)).exists()


def test_password_reset_reveals_nothing_and_is_rate_limited(users):
    users["staff"].email = "staff@example.go.th"
    users["staff"].save()
    directory_user = User.objects.create_user("ldap-person", email="ldap@example.go.th")
    directory_user.set_unusable_password()
    directory_user.save()
    client = Client()
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.go.th"})
    directory = client.post("/accounts/password/reset/", {"email": "ldap@example.go.th"})
    assert unknown.status_code == directory.status_code == 302 and unknown["Location"] == directory["Location"]
    assert mail.outbox == []  # no account, or no local password: nothing sent, and the page is the same
    for _ in range(6):
        assert client.post("/accounts/password/reset/", {"email": "staff@example.go.th"}).status_code == 302
    assert len(mail.outbox) == 3  # at most three links an hour for one account
