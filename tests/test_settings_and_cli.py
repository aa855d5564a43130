"""The real `thaothiam` command, run as a user would run it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.own_sqlite

ROOT = Path(__file__).resolve().parent.parent


def thaothiam(*args: str, env: dict | None = None, tmp_path: Path | None = None) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("THAOTHIAM_", "DJANGO_", "PYTEST"))}
    if tmp_path is not None:
        base["THAOTHIAM_VAR_DIR"] = str(tmp_path)
    base.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "thaothiam", *args], cwd=ROOT, env={**base, **(env or {})},
        capture_output=True, text=True, timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = thaothiam("check", env={"THAOTHIAM_PRODUCTION": "1"}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "THAOTHIAM_SECRET_KEY must be set" in result.stderr


PRODUCTION_ENV = {
    "THAOTHIAM_PRODUCTION": "1",
    "THAOTHIAM_SECRET_KEY": "k" * 20 + "-production-secret-for-the-test-" + "x" * 20,
    "THAOTHIAM_PSEUDONYM_KEY": "pseudonym-key-for-the-test-" + "y" * 20,
    "THAOTHIAM_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "THAOTHIAM_ALLOWED_HOSTS": "thaothiam.bangkok.go.th",
    "THAOTHIAM_BASE_URL": "https://thaothiam.bangkok.go.th",
}


@pytest.mark.parametrize(("missing", "message"), [
    ("THAOTHIAM_PSEUDONYM_KEY", "THAOTHIAM_PSEUDONYM_KEY must be set in production"),
    ("THAOTHIAM_EMAIL_BACKEND", "THAOTHIAM_EMAIL_BACKEND must be a real mail backend"),
    ("THAOTHIAM_BASE_URL", "THAOTHIAM_BASE_URL must be set in production"),
])
def test_production_refuses_without_pseudonym_key_mail_backend_or_public_address(tmp_path, missing, message):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}
    result = thaothiam("check", env=env, tmp_path=tmp_path)
    assert result.returncode != 0
    assert message in result.stderr


def test_check_deploy_is_clean_in_production(tmp_path):
    env = dict(PRODUCTION_ENV)
    result = thaothiam("check", "--deploy", "--fail-level", "WARNING", env=env, tmp_path=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_development_secret_key_is_generated_once(tmp_path):
    assert thaothiam("check", tmp_path=tmp_path).returncode == 0
    key = (tmp_path / "secret_key").read_text()
    assert len(key) > 50
    assert thaothiam("check", tmp_path=tmp_path).returncode == 0
    assert (tmp_path / "secret_key").read_text() == key


@pytest.mark.parametrize("scale", ["small"])
def test_demo_loads_accounts_and_refuses_twice_and_in_production(tmp_path, scale):
    assert thaothiam("migrate", "-v", "0", tmp_path=tmp_path).returncode == 0
    result = thaothiam("demo", "--scale", scale, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "loaded" in result.stdout
    again = thaothiam("demo", tmp_path=tmp_path)
    assert again.returncode != 0 and "--reset" in again.stderr
    assert "nothing to do" in thaothiam("demo", "--if-empty", tmp_path=tmp_path).stdout
    reset = thaothiam("demo", "--reset", tmp_path=tmp_path)  # flushes, reloads reference data, loads again
    assert reset.returncode == 0, reset.stderr
    prod = thaothiam(
        "demo", "--reset", tmp_path=tmp_path,
        env=PRODUCTION_ENV,
    )
    assert prod.returncode != 0 and "production" in prod.stderr
    check = thaothiam(
        "shell", "-c",
        "from thaothiam.accounts.models import User;"
        "print(sorted(User.objects.filter(username__in=['admin','central','executive','coordinator','head','staff'])"
        ".values_list('username', flat=True)))",
        tmp_path=tmp_path,
    )
    assert "['admin', 'central', 'coordinator', 'executive', 'head', 'staff']" in check.stdout


def test_serve_answers_and_stops_with_its_children_on_sigterm(tmp_path):
    import signal
    import socket
    import time
    import urllib.request

    assert thaothiam("migrate", "-v", "0", tmp_path=tmp_path).returncode == 0
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = {k: v for k, v in os.environ.items() if not k.startswith(("THAOTHIAM_", "DJANGO_", "PYTEST"))}
    base.pop("DATABASE_URL", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "thaothiam", "serve", "--port", str(port), "--workers", "1"], cwd=ROOT,
        env={**base, "THAOTHIAM_VAR_DIR": str(tmp_path)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    assert response.status == 200
                    break
            except OSError:
                assert time.time() < deadline, "serve did not answer /healthz"
                time.sleep(0.3)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
            assert "เท่าเทียม" in response.read().decode()  # DEBUG off: static files come collected
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    time.sleep(0.5)
    with socket.socket() as again:
        again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # TIME_WAIT is fine, a listener is not
        again.bind(("127.0.0.1", port))  # the port is free: gunicorn is gone too
    leftovers = subprocess.run(["pgrep", "-f", f"127.0.0.1:{port}"], capture_output=True, text=True).stdout
    assert leftovers.strip() == ""
