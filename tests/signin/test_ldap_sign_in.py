"""Signing in against a real LDAP server (Debian's slapd), and `thaothiam sync-directory`."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from thaothiam.accounts.models import DirectoryAccount, Role, RoleMapping, User
from thaothiam.core.models import AuditEvent

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def sign_in(client, username: str, password: str):
    client.get("/accounts/login/")
    return client.post("/accounts/login/", {"username": username, "password": password})


def grants_of(user) -> set[tuple[str, str | None]]:
    return {(g.role, g.agency.code if g.agency else None) for g in user.grants.select_related("agency")}


def test_first_ldap_sign_in_creates_the_account_with_agency_and_mapped_roles(ldap_on, client, reference_data):
    ldap_on.add_person("somchai", "pw-somchai", "DIS-1001")
    ldap_on.add_group("ge-coordinators", "somchai")
    RoleMapping.objects.create(attribute="groups", value="ge-coordinators", role=Role.COORDINATOR,
                               scope=RoleMapping.Scope.OWN, grants_privileged=True)
    response = sign_in(client, "somchai", "pw-somchai")
    assert response.status_code == 302 and response["Location"] == "/accounts/me/"
    user = User.objects.get(username="somchai")
    assert user.agency.code == "DIS-1001" and user.first_name == "สมชาย" and not user.has_usable_password()
    assert grants_of(user) == {(Role.STAFF, "DIS-1001"), (Role.COORDINATOR, "DIS-1001")}
    assert DirectoryAccount.objects.get(user=user).source == "ldap"


def test_a_wrong_password_is_refused_by_the_directory(ldap_on, client, reference_data):
    ldap_on.add_person("somchai", "pw-somchai", "DIS-1001")
    response = sign_in(client, "somchai", "nope")
    assert response.status_code == 200 and not User.objects.filter(username="somchai").exists()


def test_local_accounts_still_sign_in_beside_ldap(ldap_on, client, users):
    response = sign_in(client, "coordinator", "demo")
    assert response.status_code == 302


def test_deleted_from_the_directory_is_disabled_at_the_next_sign_in_attempt(ldap_on, client, reference_data):
    dn = ldap_on.add_person("somchai", "pw-somchai", "DIS-1001")
    sign_in(client, "somchai", "pw-somchai")
    assert client.get("/accounts/me/").status_code == 200
    ldap_on.delete(dn)
    other = type(client)()
    assert sign_in(other, "somchai", "pw-somchai").status_code == 200  # refused
    user = User.objects.get(username="somchai")
    assert not user.is_active and not user.grants.exists()
    assert client.get("/accounts/me/").status_code == 302  # the open session ends too
    assert AuditEvent.objects.filter(action="directory.leave", object_id=str(user.pk)).exists()


def test_a_move_in_the_directory_moves_the_account(ldap_on, client, reference_data):
    ldap_on.add_person("somchai", "pw-somchai", "DIS-1001")
    sign_in(client, "somchai", "pw-somchai")
    ldap_on.set_agency("somchai", "DIS-1002")
    client.logout()
    sign_in(client, "somchai", "pw-somchai")
    user = User.objects.get(username="somchai")
    assert user.agency.code == "DIS-1002" and grants_of(user) == {(Role.STAFF, "DIS-1002")}


def _cli(var_dir: Path, env_extra: dict, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("THAOTHIAM_", "DJANGO_", "PYTEST"))}
    env.pop("DATABASE_URL", None)
    env.update({"THAOTHIAM_VAR_DIR": str(var_dir), **env_extra})
    return subprocess.run([sys.executable, "-m", "thaothiam", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.own_sqlite
def test_sync_directory_disables_those_who_left_and_updates_the_rest(slapd, tmp_path):
    env = slapd.environment()
    assert _cli(tmp_path, env, "migrate", "-v", "0").returncode == 0
    gone = slapd.add_person("somchai", "pw-somchai", "DIS-1001")
    slapd.add_person("somsri", "pw-somsri", "DIS-1001")
    # Both sign in once (through the real backend, in the command's own process and database).
    sign_ins = ("from django.contrib.auth import authenticate; from django.test import RequestFactory; "
                "r = RequestFactory().post('/accounts/login/'); "
                "print([bool(authenticate(r, username=u, password='pw-' + u)) for u in ('somchai', 'somsri')])")
    result = _cli(tmp_path, env, "shell", "-c", sign_ins)
    assert "[True, True]" in result.stdout, result.stderr
    slapd.delete(gone)
    slapd.set_agency("somsri", "DIS-1002")
    dry = _cli(tmp_path, env, "sync-directory", "--dry-run")
    assert dry.returncode == 0 and "left 1" in dry.stdout
    result = _cli(tmp_path, env, "sync-directory")
    assert result.returncode == 0, result.stderr
    assert "checked 2, updated 1, left 1" in result.stdout
    with sqlite3.connect(tmp_path / "thaothiam.sqlite3") as db:
        rows = dict(db.execute("SELECT u.username, u.is_active FROM accounts_user u"))
        agency = db.execute("SELECT a.code FROM accounts_user u JOIN agencies_agency a ON a.id = u.agency_id "
                            "WHERE u.username = 'somsri'").fetchone()[0]
    assert rows == {"somchai": 0, "somsri": 1} and agency == "DIS-1002"


@pytest.mark.own_sqlite
def test_sync_directory_without_ldap_configured_says_so(tmp_path):
    result = _cli(tmp_path, {}, "sync-directory")
    assert result.returncode == 1 and "THAOTHIAM_LDAP_URI" in result.stderr
