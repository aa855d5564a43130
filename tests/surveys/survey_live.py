"""A real `thaothiam serve` (gunicorn, its real access log) on a real database, for the attack tests.

SQLite: a fresh file under a temporary THAOTHIAM_VAR_DIR. PostgreSQL (when the suite runs with a
postgres DATABASE_URL): a fresh database `<name>_attacks` on the same server.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _base_env() -> dict:
    return {k: v for k, v in os.environ.items() if not k.startswith(("THAOTHIAM_", "DJANGO_", "PYTEST"))}


def postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith("postgres") else None


def fresh_postgres(url: str) -> str:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/") + "_attacks"
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return parts._replace(path="/" + name).geturl()


class Server:
    def __init__(self, var_dir: Path, extra_env: dict):
        self.var_dir = var_dir
        self.env = {**_base_env(), "THAOTHIAM_VAR_DIR": str(var_dir), **extra_env}
        pg = postgres_url()
        self.env.pop("DATABASE_URL", None)
        if pg:
            self.env["DATABASE_URL"] = fresh_postgres(pg)
        self.vendor = "postgresql" if pg else "sqlite"
        self.log_path = var_dir / "serve.log"
        self.process = None
        self.port = None

    @property
    def db_file(self) -> Path:
        return self.var_dir / "thaothiam.sqlite3"

    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run([sys.executable, "-m", "thaothiam", *args], cwd=ROOT, env=self.env,
                                capture_output=True, text=True, timeout=300)
        if check:
            assert result.returncode == 0, result.stdout + result.stderr
        return result

    def python(self, code: str):
        """Run Django code in the server's database (as an operator's `thaothiam shell -c` would)."""
        out = self.cli("shell", "-c", code).stdout
        return json.loads(out.strip().splitlines()[-1]) if out.strip() else None

    def start(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        log = open(self.log_path, "ab")  # noqa: SIM115 — kept open for the server's lifetime
        self.process = subprocess.Popen(
            [sys.executable, "-m", "thaothiam", "serve", "--port", str(self.port), "--workers", "2", "--no-worker"],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.time() + 90
        while True:
            try:
                status, _h, _b = Browser(self).get("/healthz")
                if status == 200:
                    return
            except OSError:
                pass
            assert time.time() < deadline, self.log()
            time.sleep(0.3)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


class Browser:
    """A minimal HTTP client with a cookie jar, no redirects followed (what a script would use)."""

    def __init__(self, server: Server, headers: dict | None = None):
        self.server = server
        self.cookies: dict[str, str] = {}
        self.headers = headers or {}
        self.last_set_cookie: list[str] = []

    def request(self, method: str, path: str, data=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        headers = {**self.headers, "Host": f"127.0.0.1:{self.server.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode(errors="replace")
        self.last_set_cookie = response.headers.get_all("Set-Cookie") or []
        for header in self.last_set_cookie:
            name, _eq, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if value in ("", '""') or "expires=Thu, 01 Jan 1970" in header:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        conn.close()
        return response.status, dict(response.headers), text

    def get(self, path: str):
        return self.request("GET", path)

    def post(self, path: str, data: dict, csrf_from: str | None = None):
        """POST with the CSRF token of the page `csrf_from` (default: the same path)."""
        status, _h, page = self.get(csrf_from or path)
        match = CSRF.search(page)
        token = match.group(1) if match else self.cookies.get("csrftoken", "")
        return self.request("POST", path, {**data, "csrfmiddlewaretoken": token})

    def sign_in(self, username: str, password: str) -> None:
        status, headers, _b = self.post("/accounts/login/", {"username": username, "password": password})
        assert status == 302, status
        if "/accounts/2fa/verify/" in dict(headers).get("Location", ""):  # a role with a second factor
            from thaothiam.accounts.twofactor import DEMO_TOTP_SECRET, code_for

            status, _h, _b = self.post("/accounts/2fa/verify/", {"code": code_for(DEMO_TOTP_SECRET)})
            assert status == 302, status
