"""Real directory servers for the sign-in tests: an OpenID provider (django-oidc-provider, its own
process) and an LDAP server (Debian's slapd with a throw-away configuration), both on free ports."""

import html
import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests

HERE = Path(__file__).resolve().parent
CALLBACK = "http://testserver/accounts/oidc/callback/"
CLIENT_ID, CLIENT_SECRET = "thaothiam", "s3cret-for-tests-only"
IDP_BACKEND = "thaothiam.accounts.oidc.DirectoryOIDCBackend"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited: {process.stdout.read() if process.stdout else ''}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


class Provider:
    """The running test provider and its directory file."""

    def __init__(self, base: str, directory: Path):
        self.base, self.directory = base, directory

    def people(self, **people: dict) -> None:
        self.directory.write_text(json.dumps(people, ensure_ascii=False), encoding="utf-8")

    def person(self, username: str, **changes) -> None:
        data = json.loads(self.directory.read_text(encoding="utf-8"))
        data[username].update(changes)
        self.directory.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    def sign_in(self, client, username: str, password: str, next_url: str = ""):
        """The authorization-code flow: our start URL, the provider's login form, back to our callback."""
        start = client.get("/accounts/oidc/authenticate/" + (f"?next={next_url}" if next_url else ""))
        assert start.status_code == 302, start
        browser = requests.Session()
        url = start["Location"]
        assert url.startswith(self.base + "/openid/authorize")
        for _hop in range(10):
            response = browser.get(url, allow_redirects=False, timeout=10)
            if response.status_code == 200 and "csrfmiddlewaretoken" in response.text:  # the provider's login form
                login_url = response.url
                hidden_next = re.search(r'name="next" value="([^"]*)"', response.text)
                response = browser.post(login_url, data={
                    "username": username, "password": password, "csrfmiddlewaretoken": browser.cookies["csrftoken"],
                    "next": html.unescape(hidden_next.group(1)) if hidden_next else "",
                }, headers={"Referer": login_url}, allow_redirects=False, timeout=10)
                if response.status_code == 200:
                    return None  # the provider refused the password: nothing comes back to us
            assert response.status_code == 302, (response.status_code, response.text[:500])
            url = urljoin(url, response.headers["Location"])
            if url.startswith(CALLBACK):
                return client.get(url.removeprefix("http://testserver"))
        raise AssertionError("the provider never sent the browser back")


@pytest.fixture(scope="session")
def oidc_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("idp")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    directory = tmp / "directory.json"
    directory.write_text("{}", encoding="utf-8")
    env = {**os.environ, "IDP_DATABASE": str(tmp / "idp.sqlite3"), "IDP_DIRECTORY": str(directory),
           "IDP_SITE_URL": base, "PYTHONPATH": str(HERE / "oidc_idp")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    process = subprocess.Popen([sys.executable, str(HERE / "oidc_idp" / "idp_serve.py"), str(port), CALLBACK,
                                CLIENT_ID, CLIENT_SECRET], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    try:
        wait_until_up(f"{base}/openid/.well-known/openid-configuration", process)
        yield Provider(base, directory)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def oidc(oidc_server, settings):
    """OIDC sign-in switched on against the test provider, with an empty directory."""
    base = oidc_server.base + "/openid"
    settings.THAOTHIAM_OIDC_ENABLED = True
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, IDP_BACKEND]
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = CLIENT_ID, CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{base}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{base}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{base}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{base}/jwks"
    settings.OIDC_RP_SCOPES = "openid email profile bma"
    oidc_server.people()
    return oidc_server
