"""Bench lines for single sign-on and the API (bench/measure.py imports the measure_* functions).

- oidc_round_trip: our server's time for one OpenID Connect sign-in of a returning member of staff
  (the start redirect plus the callback, which includes the token, JWKS and userinfo requests to the
  provider); the provider is the test suite's django-oidc-provider in its own process.
- first_sign_ins_per_min: 500 people who never signed in before, one after another through the whole
  authorization-code flow; every one must end with a new account (exact count, zero errors).
- api_snapshot_push_100k (+ memory): a 100,000-row HR CSV pushed through POST /api/v1/workforce/imports
  and imported (the job runs in-process), in a child process like the CLI import it is compared with.

Usage as a child process: python bench/sign_in_bench.py push FILE AS_OF (prints the import's status).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import ROOT, emit, run_timed

IDP_DIR = ROOT / "tests" / "signin" / "oidc_idp"
CLIENT_ID, CLIENT_SECRET = "thaothiam-bench", "bench-secret"
CALLBACK = "http://testserver/accounts/oidc/callback/"
FIRST_SIGN_INS = int(os.environ.get("BENCH_FIRST_SIGN_INS", "500"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Provider:
    """The test provider in its own process, with a directory of `count` people of one agency."""

    def __init__(self, tmp: Path, people: dict):
        import json

        import requests

        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        directory = tmp / "directory.json"
        directory.write_text(json.dumps(people), encoding="utf-8")
        env = {**os.environ, "IDP_DATABASE": str(tmp / "idp.sqlite3"), "IDP_DIRECTORY": str(directory),
               "IDP_SITE_URL": self.base, "PYTHONPATH": str(IDP_DIR)}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        env.pop("DATABASE_URL", None)
        self.process = subprocess.Popen([sys.executable, str(IDP_DIR / "idp_serve.py"), str(self.port), CALLBACK,
                                         CLIENT_ID, CLIENT_SECRET], env=env, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{self.base}/openid/jwks", timeout=2).status_code == 200:
                    return
            except requests.ConnectionError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("the test provider did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)

    def settings(self) -> dict:
        base = f"{self.base}/openid"
        return {"THAOTHIAM_OIDC_ENABLED": True, "OIDC_RP_CLIENT_ID": CLIENT_ID, "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
                "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{base}/authorize", "OIDC_OP_TOKEN_ENDPOINT": f"{base}/token",
                "OIDC_OP_USER_ENDPOINT": f"{base}/userinfo", "OIDC_OP_JWKS_ENDPOINT": f"{base}/jwks",
                "OIDC_RP_SCOPES": "openid email profile bma"}


class _ProviderWait:
    """Time our server spends waiting for the provider's answers (token, JWKS, userinfo): a real BMA
    provider answers in milliseconds, the test provider (runserver, keys parsed on every request) does not,
    so the budget is on our server's own time: the round trip less these waits (both are reported)."""

    seconds = 0.0

    @classmethod
    def install(cls) -> None:
        import requests

        send = requests.Session.send

        def timed_send(session, request, **kwargs):
            started = time.perf_counter()
            try:
                return send(session, request, **kwargs)
            finally:
                cls.seconds += time.perf_counter() - started

        requests.Session.send = timed_send


def _sign_in(client, username: str, password: str) -> tuple[bool, float, float]:
    """One full flow; returns (signed in, our server's seconds for the start and the callback, of which
    waiting for the provider)."""
    sys.path.insert(0, str(IDP_DIR))
    from idp_browser import authorize

    started = time.perf_counter()
    start = client.get("/accounts/oidc/authenticate/")
    ours = time.perf_counter() - started
    callback = authorize(start["Location"], username, password, CALLBACK)
    if callback is None:
        return False, ours, 0.0
    _ProviderWait.seconds = 0.0
    started = time.perf_counter()
    response = client.get(callback.removeprefix("http://testserver"))
    ours += time.perf_counter() - started
    return response.status_code == 302 and response["Location"] == "/accounts/me/", ours, _ProviderWait.seconds


def measure_sign_in(repeat: int) -> None:
    import statistics

    from django.conf import settings
    from django.test import Client, override_settings

    from thaothiam.accounts.models import User

    _ProviderWait.install()
    people = {f"bench-{n:04d}": {"password": f"pw-{n}", "agency": "DIS-1001", "given_name": "ทดสอบ",
                                 "family_name": str(n), "groups": []} for n in range(FIRST_SIGN_INS + 1)}
    User.objects.filter(username__startswith="bench-").delete()
    with tempfile.TemporaryDirectory() as tmp:
        provider = _Provider(Path(tmp), people)
        try:
            backends = [*settings.AUTHENTICATION_BACKENDS, "thaothiam.accounts.oidc.DirectoryOIDCBackend"]
            with override_settings(AUTHENTICATION_BACKENDS=backends, **provider.settings()):
                # First sign-ins: new people one after another, each creating an account.
                names = [name for name in people if name != "bench-0000"][:FIRST_SIGN_INS]
                # The rate is our server's: sign-ins per minute of its own time (waits for the test provider
                # excluded, as for the round trip); the wall-clock rate with the test provider is reported too.
                started = time.perf_counter()
                failures, own = 0, 0.0
                for name in names:
                    signed_in, ours, waited = _sign_in(Client(), name, people[name]["password"])
                    failures += not signed_in
                    own += ours - waited
                elapsed = time.perf_counter() - started
                created = User.objects.filter(username__in=names).count()
                ok = failures == 0 and created == FIRST_SIGN_INS
                emit("first_sign_ins_per_min", round(FIRST_SIGN_INS / own * 60, 1) if ok else None,
                     server_seconds=round(own, 1), wall_clock_per_min=round(FIRST_SIGN_INS / elapsed * 60, 1),
                     failures=failures, created=created)
                # The round trip of a returning person (the account exists; its grants are checked).
                own, total = [], []
                for _ in range(repeat + 3):
                    signed_in, ours, waited = _sign_in(Client(), "bench-0000", people["bench-0000"]["password"])
                    if not signed_in:
                        raise RuntimeError("a returning sign-in failed")
                    own.append((ours - waited) * 1000)
                    total.append(ours * 1000)
                emit("oidc_round_trip", round(statistics.median(own[3:]), 1),
                     with_provider_waits_ms=round(statistics.median(total[3:]), 1))
        finally:
            provider.stop()
            User.objects.filter(username__startswith="bench-").delete()


def measure_api_snapshot_push(repeat: int) -> None:
    import csv

    from measure import HEADER, _hr_rows

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "hr.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADER)
            writer.writerows(_hr_rows(100_000))
        env = {**os.environ, "THAOTHIAM_TASKS_IMMEDIATE": "1"}
        seconds, peak_mb, result = run_timed([sys.executable, str(Path(__file__)), "push", str(path), "2027-03-29"],
                                             env=env)
        ok = result.returncode == 0 and "done 100000" in result.stdout
        emit("api_snapshot_push_100k", round(seconds, 2) if ok else None,
             error="" if ok else (result.stdout + result.stderr)[-800:])
        emit("api_snapshot_push_100k_memory", round(peak_mb, 1) if ok else None)
    from thaothiam.workforce.models import Snapshot

    Snapshot.objects.filter(as_of="2027-03-29").delete()


def push(path: str, as_of: str) -> None:
    """Child process: a BMA-wide token pushes the file through the API, then reads the status URL."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from thaothiam.api.models import Scope, SystemAccount
    from thaothiam.api.services import api_token_issue, system_account_create

    SystemAccount.objects.filter(name="bench-hr").delete()
    account = system_account_create(name="bench-hr", agency=None, scopes=[Scope.WORKFORCE_WRITE])
    auth = f"Bearer {api_token_issue(account=account, days=1)[1]}"
    client = Client()
    with open(path, "rb") as handle:
        upload = SimpleUploadedFile("hr.csv", handle.read(), content_type="text/csv")
    response = client.post("/api/v1/workforce/imports", {"file": upload, "as_of": as_of}, HTTP_AUTHORIZATION=auth)
    if response.status_code != 202:
        raise SystemExit(f"push answered {response.status_code}: {response.json().get('errors')}")
    status = client.get(response.json()["status_url"].removeprefix("http://testserver"),
                        HTTP_AUTHORIZATION=auth).json()
    print(status["status"], status["imported_rows"])
    SystemAccount.objects.filter(pk=account.pk).delete()


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from harness import setup_django

    setup_django()
    if sys.argv[1] == "push":
        push(sys.argv[2], sys.argv[3])
