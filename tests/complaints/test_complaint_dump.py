"""The insider's attack: a copy of the database, the media folder, every default log and the secret key —
but no officer password and no receipt — reveals no narrative, message, attachment or contact detail.

A real process (the `thaothiam` CLI, file database, production Argon2id cost, log level DEBUG) files a
named report with contact details and a file through the real form, officers sign in and reply, the
complainant follows up. The test then plays the insider: it greps every raw byte it holds for the
plaintexts and tries every key it can derive. A positive control with an officer's password opens the
same copy, so the test would fail if the content were stored in the clear or under a derivable key.
"""

import base64
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.conf import settings
from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, SealedBox
from nacl.pwhash import argon2id
from nacl.secret import SecretBox

pytestmark = pytest.mark.own_sqlite

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Officer-pass-8c1e"  # noqa: S105 — known to the test only, never to the insider
MARKERS = {
    "narrative": "NARRATIVE-5e2b หัวหน้าส่งข้อความลามก",
    "name": "สมหญิง NAME-91c0",
    "phone": "081-555-0199",
    "email": "whistle-4411@example.org",
    "officer_message": "OFFICER-MSG-77aa ขอนัดพูดคุย",
    "complainant_message": "COMPLAINANT-MSG-19fe มีพยานเพิ่ม",
    "attachment": "ATTACHMENT-BYTES-0d3c",
    "filename": "evidence-FILENAME-6b7e",
    "place": "PLACE-2f80 ห้องเก็บเอกสาร",
    "ip": "203.0.113.77",
    "user_agent": "UA-MARKER-Mozilla-5c5c",
}

SCRIPT = textwrap.dedent("""
    import re
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from thaothiam.accounts import twofactor
    from thaothiam.accounts.models import Role, RoleGrant, User
    from thaothiam.agencies.models import Agency
    M = {markers!r}
    for name, code in (("co-local", "DIS-1001"), ("co-central", None)):
        user = User.objects.create_user(name, password={password!r}, agency=Agency.objects.get(code="DIS-1001"))
        RoleGrant.objects.create(user=user, role=Role.COMPLAINT_OFFICER,
                                 agency=Agency.objects.get(code=code) if code else None)
        twofactor.demo_enrol([user])
    officers = {{}}
    for name in ("co-local", "co-central"):  # the real two-step sign-in: password (opens the key), code
        officers[name] = Client()
        step = officers[name].post("/accounts/login/", {{"username": name, "password": {password!r}}})
        assert step.status_code == 302 and step["Location"].startswith("/accounts/2fa/verify/")
        code = twofactor.code_for(twofactor.DEMO_TOTP_SECRET)
        assert officers[name].post("/accounts/2fa/verify/", {{"code": code}}).status_code == 302
    anon = Client(HTTP_USER_AGENT=M["user_agent"], REMOTE_ADDR=M["ip"])
    png = b"\\x89PNG\\r\\n\\x1a\\n" + M["attachment"].encode() * 20
    r = anon.post("/complaints/report/", {{
        "identity": "named", "name": M["name"], "category": "harassment", "agency": "DIS-1001",
        "place": M["place"], "ongoing": "on", "relationship": "supervisor", "wants": ["protection"],
        "narrative": M["narrative"], "contact_mode": "phone", "phone": M["phone"], "email": M["email"],
        "notify": "on", "files": SimpleUploadedFile(M["filename"] + ".png", png, "image/png")}})
    assert r.status_code == 200, r.content[:2000]
    receipt = re.search(r'data-testid="receipt"[^>]*>([\\d ]+)<', r.content.decode()).group(1)
    from thaothiam.complaints.models import Case
    case = Case.objects.get()
    page = officers["co-local"].get(f"/complaints/cases/{{case.pk}}/")
    assert M["narrative"] in page.content.decode()
    assert officers["co-central"].post(f"/complaints/cases/{{case.pk}}/message/",
                                       {{"text": M["officer_message"]}}).status_code == 302
    assert anon.post("/complaints/follow/", {{"receipt": receipt}}).status_code == 302
    assert M["officer_message"] in anon.get("/complaints/follow/case/").content.decode()
    assert anon.post("/complaints/follow/case/", {{"text": M["complainant_message"]}}).status_code == 302
    print("flow-done")
""")


STATIC_ROOT = settings.STATIC_ROOT


def _run(var_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("THAOTHIAM_", "DJANGO_", "PYTEST"))}
    env.pop("DATABASE_URL", None)
    # Production settings (Argon2id keeps its cost) with the static files `make install` collected,
    # so a fresh var dir needs no collectstatic of its own.
    env.update(THAOTHIAM_VAR_DIR=str(var_dir), THAOTHIAM_LOG_LEVEL="DEBUG", THAOTHIAM_STATIC_ROOT=str(STATIC_ROOT),
               THAOTHIAM_EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend")
    result = subprocess.run([sys.executable, "-m", "thaothiam", *args], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


@pytest.fixture(scope="module")
def insider(tmp_path_factory):
    """What the insider holds after the flow: raw bytes of DB files, media, secret key and logs."""
    var_dir = tmp_path_factory.mktemp("complaints-dump")
    logs = [_run(var_dir, "migrate", "-v", "0")]
    logs.append(_run(var_dir, "shell", "-c", SCRIPT.format(markers=MARKERS, password=PASSWORD)))
    assert "flow-done" in logs[-1].stdout
    raw = {}
    for path in sorted(var_dir.rglob("*")):
        if path.is_file():
            raw[str(path.relative_to(var_dir))] = path.read_bytes()
    for i, result in enumerate(logs):
        raw[f"log-{i}.out"], raw[f"log-{i}.err"] = result.stdout.encode(), result.stderr.encode()
    return var_dir, raw


def _db(var_dir: Path) -> sqlite3.Connection:
    return sqlite3.connect(var_dir / "thaothiam.sqlite3")


def test_no_plaintext_anywhere_in_the_database_media_secret_key_or_logs(insider):
    var_dir, raw = insider
    assert any(name.startswith("media/complaints/") for name in raw), "the attachment was stored"
    for what, marker in MARKERS.items():
        for encoding in ("utf-8", "utf-16-le"):
            needle = marker.encode(encoding)
            found = [name for name, data in raw.items() if needle in data]
            assert not found, f"{what} found in clear in {found}"
    # The ASCII part alone (in case of a partial or escaped copy), and as JSON-escaped Thai.
    for what, marker in MARKERS.items():
        ascii_part = marker.split(" ")[0]
        escaped = json.dumps(marker)[1:-1].encode()
        assert not [n for n, d in raw.items() if ascii_part.encode() in d or escaped in d], what


def _candidates(var_dir: Path, raw: dict) -> tuple[list[bytes], list[str]]:
    """Every 32-byte value in the database and keys derived from the secret key; as secrets to try against
    the officers' locked keys (each try costs a production Argon2id), the secret key and every value of the
    users' rows (usernames, names, e-mails, password hashes)."""
    secret_key = raw["secret_key"].decode().strip()
    keys = {hashlib.sha256(secret_key.encode()).digest(), hashlib.blake2b(secret_key.encode(), digest_size=32).digest(),
            secret_key.encode()[:32]}
    strings = {secret_key, "", "demo", "co-local", "co-central"}
    with _db(var_dir) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            for row in db.execute(f'SELECT * FROM "{table}"'):  # noqa: S608 — table names from the schema
                for value in row:
                    if isinstance(value, bytes) and len(value) >= 32:
                        keys.update(value[i:i + 32] for i in range(0, len(value) - 31, 16))
                    elif isinstance(value, str) and value:
                        if table == "accounts_user":
                            strings.add(value)
                        if len(value) < 200:
                            try:
                                decoded = base64.b64decode(value, validate=True)
                            except ValueError:
                                continue
                            if len(decoded) == 32:
                                keys.add(decoded)
    return sorted(keys), sorted(strings)


def test_every_key_the_insider_can_derive_opens_nothing(insider):
    from django.core import signing

    var_dir, raw = insider
    keys, strings = _candidates(var_dir, raw)
    secret_key = raw["secret_key"].decode().strip()
    with _db(var_dir) as db:
        contents = [r[0] for r in db.execute("SELECT content FROM complaints_case")]
        bodies = [r[0] for r in db.execute("SELECT body FROM complaints_message")]
        wraps = [r[0] for r in db.execute("SELECT wrapped_key FROM complaints_caseholder")]
        wraps += [r[0] for r in db.execute("SELECT receipt_wrap FROM complaints_case")]
        officer_keys = list(db.execute("SELECT locked_private_key, salt, ops, mem FROM complaints_officerkey"))
        sessions = [r[0] for r in db.execute("SELECT session_data FROM django_session")]
    files = [data for name, data in raw.items() if name.startswith("media/complaints/")]
    assert contents and bodies and wraps and officer_keys and sessions and files
    # 1. Symmetric: every candidate key against every ciphertext.
    for key in keys:
        box = SecretBox(key)
        for blob in contents + bodies + files:
            with pytest.raises(CryptoError):
                box.decrypt(blob)
    # 2. Wrapped case keys: every candidate as a private key.
    for key in keys:
        opener = SealedBox(PrivateKey(key))
        for blob in wraps:
            with pytest.raises(CryptoError):
                opener.decrypt(blob)
    # 3. Officers' locked private keys: every string the insider holds (secret key, usernames, password hashes…).
    for locked, salt, ops, mem in officer_keys:
        for secret in strings:
            if len(secret) > 500:
                continue
            derived = argon2id.kdf(32, secret.encode(), salt, opslimit=ops, memlimit=mem)
            with pytest.raises(CryptoError):
                SecretBox(derived).decrypt(locked)
    # 4. The session store, decoded with the secret key: the officer's key is there only encrypted.
    opened_sessions = 0
    for data in sessions:
        session = signing.loads(data, key=secret_key, salt="django.contrib.sessions.SessionStore",
                                serializer=signing.JSONSerializer)
        held = session.get("complaints_key")
        if held:
            opened_sessions += 1
            for key in keys:
                with pytest.raises(CryptoError):
                    SecretBox(key).decrypt(base64.b64decode(held["blob"]))
    assert opened_sessions == 2  # both officers' sessions hold a locked key, which nothing above opens


def test_positive_control_the_officer_password_opens_the_same_copy(insider):
    """Proves the attack above could have succeeded: with the password the copy is readable."""
    var_dir, _raw = insider
    with _db(var_dir) as db:
        locked, salt, ops, mem, user_id = db.execute(
            "SELECT k.locked_private_key, k.salt, k.ops, k.mem, k.user_id FROM complaints_officerkey k "
            "JOIN accounts_user u ON u.id = k.user_id WHERE u.username = 'co-local'").fetchone()
        wrapped, content = db.execute(
            "SELECT h.wrapped_key, c.content FROM complaints_caseholder h JOIN complaints_case c ON c.id = h.case_id "
            "WHERE h.user_id = ?", (user_id,)).fetchone()
    assert (ops, mem) == (argon2id.OPSLIMIT_INTERACTIVE, argon2id.MEMLIMIT_INTERACTIVE)  # production cost
    private = SecretBox(argon2id.kdf(32, PASSWORD.encode(), salt, opslimit=ops, memlimit=mem)).decrypt(locked)
    case_key = SealedBox(PrivateKey(private)).decrypt(wrapped)
    data = json.loads(SecretBox(case_key).decrypt(content))
    assert data["narrative"] == MARKERS["narrative"] and data["contact"]["phone"] == MARKERS["phone"]


def test_no_address_user_agent_or_time_of_day_is_stored_with_the_case(insider):
    var_dir, raw = insider
    with _db(var_dir) as db:
        audit = db.execute("SELECT COUNT(*) FROM core_auditevent WHERE object_type LIKE 'complaints.%'").fetchone()[0]
        columns = {}
        for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type='table' AND name LIKE 'complaints_%'"):
            columns[table] = [(r[1], r[2]) for r in db.execute(f'PRAGMA table_info("{table}")')]
    assert audit == 0  # case actions go to the case's own date-only trail, not the timed audit log
    timed = [(t, c) for t, cols in columns.items() for c, kind in cols if kind.lower() == "datetime"]
    assert timed == [("complaints_receiptthrottle", "hour")]  # a counter of failures, linked to no case
