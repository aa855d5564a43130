"""`thaothiam complaint-retention` and `thaothiam complaint-reminders`, run as an operator would."""

import datetime as dt
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.own_sqlite

ROOT = Path(__file__).resolve().parents[2]
NARRATIVE = "SHRED-ME-41c2 เรื่องที่ต้องทำลาย"

SETUP = textwrap.dedent("""
    import re
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from thaothiam.accounts import twofactor
    from thaothiam.accounts.models import Role, RoleGrant, User
    from thaothiam.agencies.models import Agency
    home = Agency.objects.get(code="DIS-1001")
    for name, code in (("co-local", "DIS-1001"), ("co-central", None)):
        user = User.objects.create_user(name, password="pw-demo-123", agency=home, email=name + "@example.org")
        RoleGrant.objects.create(user=user, role=Role.COMPLAINT_OFFICER, agency=home if code else None)
        twofactor.demo_enrol([user])
        # The password step of the two-step sign-in creates the officer's key.
        assert Client().post("/accounts/login/", {"username": name, "password": "pw-demo-123"}).status_code == 302
    for n in range(2):
        png = SimpleUploadedFile("e.png", b"\\x89PNG\\r\\n\\x1a\\n" + b"SHRED-FILE" * 10, "image/png")
        r = Client().post("/complaints/report/", {
            "identity": "anonymous", "category": "harassment", "agency": "DIS-1001", "ongoing": "on",
            "relationship": "colleague", "wants": ["advice"], "narrative": %r, "contact_mode": "system",
            "files": png})
        assert r.status_code == 200
        print("receipt", re.search(r'data-testid="receipt"[^>]*>([\\d ]+)<', r.content.decode()).group(1))
""") % NARRATIVE


STATIC_ROOT = settings.STATIC_ROOT


def _run(var_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("THAOTHIAM_", "DJANGO_", "PYTEST"))}
    env.pop("DATABASE_URL", None)
    env.update(THAOTHIAM_VAR_DIR=str(var_dir), THAOTHIAM_STATIC_ROOT=str(STATIC_ROOT))  # collected by make install
    result = subprocess.run([sys.executable, "-m", "thaothiam", *args], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


@pytest.fixture(scope="module")
def var_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("complaints-cli")
    _run(path, "migrate", "-v", "0")
    out = _run(path, "shell", "-c", SETUP).stdout
    return path, [line.split(" ", 1)[1].replace(" ", "") for line in out.splitlines() if line.startswith("receipt")]


def _sql(var_dir: Path, sql: str, *params):
    with sqlite3.connect(var_dir / "thaothiam.sqlite3") as db:
        return db.execute(sql, params).fetchall()


def test_reminders_and_escalation_carry_no_content(var_dir):
    path, _receipts = var_dir
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    _sql(path, "UPDATE complaints_case SET due_on = ?", yesterday)
    first = _run(path, "complaint-reminders")
    assert "escalated=2" in first.stdout
    assert "co-central@example.org" in first.stdout and "co-local@example.org" in first.stdout  # console e-mail
    assert "C-000001" in first.stdout and "SHRED-ME" not in first.stdout
    second = _run(path, "complaint-reminders")  # the next day's run: overdue, already escalated
    assert "overdue=2" in second.stdout and "escalated=0" in second.stdout
    assert _sql(path, "SELECT COUNT(*) FROM complaints_caseevent WHERE action = 'escalated'") == [(2,)]


def test_retention_destroys_keys_and_ciphertext_and_keeps_coarse_fields(var_dir):
    path, receipts = var_dir
    old = (dt.date.today() - dt.timedelta(days=6 * 366)).isoformat()
    _sql(path, "UPDATE complaints_case SET state = 'closed', outcome = 'resolved', closed_on = ? WHERE id = 1", old)
    media = path / "media" / "complaints"
    files_before = {p.name for p in media.iterdir()}
    blob_1 = _sql(path, "SELECT blob FROM complaints_attachment WHERE case_id = 1")[0][0]
    dry = _run(path, "complaint-retention", "--dry-run")
    assert "would_destroy=1" in dry.stdout
    result = _run(path, "complaint-retention")
    assert "destroyed=1" in result.stdout
    row = _sql(path, "SELECT content, receipt_wrap, receipt_lookup, destroyed_on, category, outcome "
                     "FROM complaints_case WHERE id = 1")[0]
    assert row[:3] == (None, None, None) and row[3] and row[4:] == ("harassment", "resolved")
    assert _sql(path, "SELECT COUNT(*) FROM complaints_caseholder WHERE case_id = 1") == [(0,)]
    assert _sql(path, "SELECT COUNT(*) FROM complaints_message WHERE case_id = 1 AND body IS NOT NULL") == [(0,)]
    assert _sql(path, "SELECT COUNT(*) FROM complaints_attachment WHERE case_id = 1") == [(0,)]
    assert Path(blob_1).name not in {p.name for p in media.iterdir()} and len(files_before) == 2
    # The other case is untouched; nothing in the database or media still holds the shredded case's bytes.
    assert _sql(path, "SELECT COUNT(*) FROM complaints_case WHERE content IS NOT NULL") == [(1,)]
    # Neither the receipt nor an officer's password opens case 1 any more.
    check = textwrap.dedent("""
        from django.test import Client
        from thaothiam.accounts import twofactor
        for receipt in %r:
            c = Client()
            print("follow", c.post("/complaints/follow/", {"receipt": receipt}).status_code)
        o = Client()
        o.post("/accounts/login/", {"username": "co-local", "password": "pw-demo-123"})
        o.post("/accounts/2fa/verify/", {"code": twofactor.code_for(twofactor.DEMO_TOTP_SECRET)})
        print("case1", o.get("/complaints/cases/1/").status_code, "case2", o.get("/complaints/cases/2/").status_code)
    """) % (receipts,)
    out = _run(path, "shell", "-c", check).stdout
    assert "follow 400" in out and "follow 302" in out  # case 1's receipt finds nothing; case 2's still works
    assert "case1 404 case2 200" in out
