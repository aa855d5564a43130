"""The administrator's tools: system accounts and tokens in the admin site (a token shown once) and
`thaothiam api-token` on the console."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from thaothiam.api.models import ApiToken, SystemAccount
from thaothiam.api.services import digest_of
from thaothiam.core.models import AuditEvent

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def test_the_admin_issues_a_token_shown_once_and_audited(client_for, users):
    admin = client_for("admin")
    response = admin.post("/admin/api/systemaccount/add/", {
        "name": "hr-system", "agency": "", "scopes": ["workforce:write", "agencies:read"], "rate_per_minute": 60,
        "is_active": "on", "tokens-TOTAL_FORMS": 0, "tokens-INITIAL_FORMS": 0})
    assert response.status_code == 302, response.content[:2000]
    account = SystemAccount.objects.get(name="hr-system")
    assert account.scopes == ["workforce:write", "agencies:read"] and account.agency is None
    page = admin.post("/admin/api/systemaccount/", {"action": "issue_token", "_selected_action": [account.pk]})
    secret = re.search(r'data-testid="new-token">(tt_[^<]+)<', page.content.decode()).group(1)
    assert ApiToken.objects.get(account=account).digest == digest_of(secret)
    assert secret not in admin.get(f"/admin/api/systemaccount/{account.pk}/change/").content.decode()
    assert client_for("admin").get("/api/v1/agencies", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    assert AuditEvent.objects.filter(action="api.token.issue").exists()
    admin.post("/admin/api/systemaccount/", {"action": "revoke_tokens", "_selected_action": [account.pk]})
    assert admin.get("/api/v1/agencies", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_central_cannot_manage_system_accounts(client_for):
    assert client_for("central").get("/admin/api/systemaccount/").status_code == 302


def test_the_role_mapping_refuses_a_privileged_role_without_the_explicit_box(client_for):
    admin = client_for("admin")
    response = admin.post("/admin/accounts/rolemapping/add/", {
        "source": "", "attribute": "groups", "value": "admins", "role": "admin", "scope": "bma", "is_active": "on"})
    assert response.status_code == 200 and "grants_privileged" in response.content.decode()
    from thaothiam.accounts.models import RoleMapping

    assert not RoleMapping.objects.exists()
    response = admin.post("/admin/accounts/rolemapping/add/", {
        "source": "", "attribute": "groups", "value": "admins", "role": "admin", "scope": "bma",
        "grants_privileged": "on", "is_active": "on"})
    assert response.status_code == 302 and RoleMapping.objects.get().role == "admin"
    assert AuditEvent.objects.filter(action="admin.rolemapping.create").exists()


def _cli(var_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("THAOTHIAM_", "DJANGO_", "PYTEST"))}
    env.pop("DATABASE_URL", None)
    env["THAOTHIAM_VAR_DIR"] = str(var_dir)
    return subprocess.run([sys.executable, "-m", "thaothiam", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.own_sqlite
def test_api_token_on_the_console(tmp_path):
    assert _cli(tmp_path, "migrate", "-v", "0").returncode == 0
    created = _cli(tmp_path, "api-token", "create-account", "dusit-hr", "--scope", "workforce:write",
                   "--agency", "DIS-1002")
    assert created.returncode == 0 and "DIS-1002" in created.stdout
    issued = _cli(tmp_path, "api-token", "issue", "dusit-hr", "--days", "30")
    assert issued.returncode == 0 and issued.stdout.strip().startswith("tt_") and "only this once" in issued.stderr
    prefix = issued.stdout.strip().split("_")[1]
    assert _cli(tmp_path, "api-token", "revoke", prefix).returncode == 0
    assert _cli(tmp_path, "api-token", "issue", "nobody").returncode == 1
    assert _cli(tmp_path, "api-token", "issue", "dusit-hr", "--days", "999").returncode == 1
