"""Real directory servers for the sign-in tests (fixtures, imported by conftest.py and the browser test): an OpenID provider (django-oidc-provider, its own
process) and an LDAP server (Debian's slapd with a throw-away configuration), both on free ports."""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "oidc_idp"))
from idp_browser import authorize  # noqa: E402

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

    def __init__(self, base: str, directory: Path, database: Path):
        self.base, self.directory, self.database = base, directory, database

    def allow_redirect(self, uri: str) -> None:
        """Register one more callback URL for the client (a browser test's live server)."""
        import sqlite3

        with sqlite3.connect(self.database) as db:
            db.execute("UPDATE oidc_provider_client SET _redirect_uris = ? WHERE client_id = ?",
                       (f"{CALLBACK}\n{uri}", CLIENT_ID))

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
        assert start["Location"].startswith(self.base + "/openid/authorize")
        callback = authorize(start["Location"], username, password, CALLBACK)
        return None if callback is None else client.get(callback.removeprefix("http://testserver"))


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
        yield Provider(base, directory, tmp / "idp.sqlite3")
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


# --- LDAP ------------------------------------------------------------------------------------------
SLAPD = "/usr/sbin/slapd"
SUFFIX = "dc=bma,dc=test"
ROOT_DN, ROOT_PW = f"cn=admin,{SUFFIX}", "admin-secret"
READER_DN, READER_PW = f"cn=reader,{SUFFIX}", "reader-secret"

SLAPD_CONF = """
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include /etc/ldap/schema/nis.schema
pidfile {tmp}/slapd.pid
argsfile {tmp}/slapd.args
modulepath /usr/lib/ldap
moduleload back_mdb
database mdb
maxsize 10485760
suffix "{suffix}"
rootdn "{root_dn}"
rootpw {root_pw}
directory {tmp}/data
access to attrs=userPassword by self read by anonymous auth by * none
access to * by * read
"""

BASE_LDIF = """dn: {suffix}
objectClass: dcObject
objectClass: organization
dc: bma
o: BMA test directory

dn: {reader_dn}
objectClass: simpleSecurityObject
objectClass: organizationalRole
cn: reader
userPassword: {reader_pw}

dn: ou=people,{suffix}
objectClass: organizationalUnit
ou: people

dn: ou=groups,{suffix}
objectClass: organizationalUnit
ou: groups
"""


class Directory:
    """The running slapd: add, change and delete people and groups with the OpenLDAP tools."""

    def __init__(self, uri: str):
        self.uri = uri

    def _tool(self, tool: str, ldif: str) -> None:
        result = subprocess.run([tool, "-x", "-H", self.uri, "-D", ROOT_DN, "-w", ROOT_PW, "-c"], input=ldif,
                                text=True, capture_output=True, timeout=30)
        assert result.returncode == 0, result.stderr

    def add_person(self, uid: str, password: str, agency: str, given: str = "สมชาย", family: str = "รักดี") -> str:
        dn = f"uid={uid},ou=people,{SUFFIX}"
        self._tool("ldapadd", f"dn: {dn}\nobjectClass: inetOrgPerson\nuid: {uid}\ncn: {given} {family}\n"
                              f"givenName: {given}\nsn: {family}\nmail: {uid}@bangkok.go.th\n"
                              f"departmentNumber: {agency}\nuserPassword: {password}\n")
        return dn

    def set_agency(self, uid: str, agency: str) -> None:
        self._tool("ldapmodify", f"dn: uid={uid},ou=people,{SUFFIX}\nchangetype: modify\nreplace: departmentNumber\n"
                                 f"departmentNumber: {agency}\n")

    def add_group(self, cn: str, *uids: str) -> None:
        members = "".join(f"member: uid={u},ou=people,{SUFFIX}\n" for u in uids)
        self._tool("ldapadd", f"dn: cn={cn},ou=groups,{SUFFIX}\nobjectClass: groupOfNames\ncn: {cn}\n{members}")

    def delete(self, dn: str) -> None:
        result = subprocess.run(["ldapdelete", "-x", "-H", self.uri, "-D", ROOT_DN, "-w", ROOT_PW, dn],
                                text=True, capture_output=True, timeout=30)
        assert result.returncode == 0, result.stderr

    def environment(self) -> dict[str, str]:
        """The THAOTHIAM_LDAP_* variables a deployment would set (README)."""
        return {"THAOTHIAM_LDAP_URI": self.uri, "THAOTHIAM_LDAP_BIND_DN": READER_DN,
                "THAOTHIAM_LDAP_BIND_PASSWORD": READER_PW, "THAOTHIAM_LDAP_USER_BASE": f"ou=people,{SUFFIX}",
                "THAOTHIAM_LDAP_GROUP_BASE": f"ou=groups,{SUFFIX}",
                "THAOTHIAM_LDAP_GROUP_FILTER": "(objectClass=groupOfNames)"}


@pytest.fixture
def slapd(tmp_path):
    """A throw-away slapd on a free port, with a reader account and empty people and groups."""
    if not Path(SLAPD).exists():
        pytest.fail("slapd is missing: `make install` installs Debian's slapd and ldap-utils.")
    (tmp_path / "data").mkdir()
    conf = tmp_path / "slapd.conf"
    conf.write_text(SLAPD_CONF.format(tmp=tmp_path, suffix=SUFFIX, root_dn=ROOT_DN, root_pw=ROOT_PW))
    port = free_port()
    uri = f"ldap://127.0.0.1:{port}"
    process = subprocess.Popen([SLAPD, "-f", str(conf), "-h", uri + "/", "-d", "0"], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            probe = subprocess.run(["ldapsearch", "-x", "-H", uri, "-b", "", "-s", "base"], capture_output=True,
                                   timeout=10)
            if probe.returncode == 0:
                break
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"slapd did not start: {process.stdout.read() if process.stdout else ''}")
            time.sleep(0.1)
        directory = Directory(uri)
        directory._tool("ldapadd", BASE_LDIF.format(suffix=SUFFIX, reader_dn=READER_DN, reader_pw=READER_PW))
        yield directory
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def ldap_on(slapd, settings):
    """LDAP sign-in switched on in this process, configured exactly as from the environment."""
    from thaothiam.accounts.sign_in_settings import LDAP_BACKEND, ldap_settings

    for name, value in ldap_settings(slapd.environment()).items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, LDAP_BACKEND]
    return slapd
