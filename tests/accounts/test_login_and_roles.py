import pytest
from django.conf import settings
from django.test import Client

from thaothiam.accounts import services
from thaothiam.accounts.models import Role, RoleGrant
from thaothiam.agencies.models import Agency
from thaothiam.core.models import AuditEvent


def login(client: Client, username: str, password: str):
    client.get("/accounts/login/")
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_login_with_csrf_and_redirect(users):
    client = Client(enforce_csrf_checks=True)
    page = client.get("/accounts/login/")
    token = page.cookies["csrftoken"].value
    # coordinator: a role without a second factor (central's sign-in continues in tests/security/test_two_factor.py)
    response = client.post("/accounts/login/", {"username": "coordinator", "password": "demo", "csrfmiddlewaretoken": token})
    assert response.status_code == 302 and response["Location"] == "/accounts/me/"  # people land on their page
    assert client.get("/accounts/me/").status_code == 200


def test_login_without_csrf_token_is_refused(users):
    client = Client(enforce_csrf_checks=True)
    assert client.post("/accounts/login/", {"username": "central", "password": "demo"}).status_code == 403


def test_wrong_password_gets_a_clear_message_in_thai(users):
    response = login(Client(), "central", "wrong")
    assert response.status_code == 200
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in response.content.decode()


def test_lockout_after_repeated_failures(users):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "staff", "wrong")
    response = login(client, "staff", "demo")  # right password, but locked now
    assert response.status_code == 429
    assert "/accounts/me/" not in response.get("Location", "")
    assert login(Client(), "central", "demo").status_code == 302  # other accounts unaffected


def test_logout_needs_post(client_for):
    client = client_for("staff")
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/accounts/me/").status_code == 302


def test_password_change(client_for, users):
    client = client_for("staff")
    response = client.post(
        "/accounts/password/",
        {"old_password": "demo", "new_password1": "ThaoThiam-2568!", "new_password2": "ThaoThiam-2568!"},
    )
    assert response.status_code == 302
    users["staff"].refresh_from_db()
    assert users["staff"].check_password("ThaoThiam-2568!")


def test_passwords_hash_with_argon2_outside_tests():
    assert "Argon2PasswordHasher" in [h.rsplit(".", 1)[-1] for h in settings.PASSWORD_HASHERS][:2]
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_me_page_lists_roles_per_agency(client_for):
    body = client_for("coordinator").get("/accounts/me/").content.decode()
    assert 'data-role="coordinator"' in body and "สำนักงานเขตพระนคร" in body


def test_role_grant_is_audited_and_constrained(users, db):
    agency = Agency.objects.get(code="DIS-1003")
    grant = services.role_grant(user=users["nobody"], role=Role.COORDINATOR, agency=agency, actor=users["admin"])
    event = AuditEvent.objects.filter(action="role.grant").latest("id")
    assert event.actor_username == "admin" and event.after == {"role": "coordinator", "agency": "DIS-1003"}
    services.role_revoke(grant=grant, actor=users["admin"])
    assert not RoleGrant.objects.filter(pk=grant.pk).exists()
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        RoleGrant.objects.create(user=users["nobody"], role=Role.COORDINATOR, agency=None)


def test_menu_follows_roles(client_for):
    central = client_for("central").get("/").content.decode()
    staff = client_for("staff").get("/").content.decode()
    assert 'data-nav="plan_manage"' in central and 'data-nav="plan_manage"' not in staff
    assert 'data-nav="admin:index"' in client_for("admin").get("/").content.decode()
