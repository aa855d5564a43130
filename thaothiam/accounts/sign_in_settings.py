"""Settings for single sign-on, from the environment (README, "Sign-in through the BMA directory").

Imported by thaothiam/settings.py before Django is set up: nothing here may touch models. Each
directory is off unless its variables are set; local passwords always stay on.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

OIDC_BACKEND = "thaothiam.accounts.oidc.DirectoryOIDCBackend"
LDAP_BACKEND = "thaothiam.accounts.ldap_backend.DirectoryLDAPBackend"


def _bool(env: Mapping[str, str], name: str, default: bool = False) -> bool:
    value = env.get(name, "")
    return default if value == "" else value.strip().lower() in {"1", "true", "yes", "on"}


def _required(env: Mapping[str, str], names: list[str], what: str) -> None:
    missing = [name for name in names if not env.get(name)]
    if missing:
        raise ImproperlyConfigured(f"{what} is switched on but {', '.join(missing)} is not set (README).")


def oidc_settings(env: Mapping[str, str]) -> dict:
    enabled = _bool(env, "THAOTHIAM_OIDC_ENABLED")
    out = {
        "THAOTHIAM_OIDC_ENABLED": enabled,
        "THAOTHIAM_OIDC_USERNAME_CLAIM": env.get("THAOTHIAM_OIDC_USERNAME_CLAIM", "preferred_username"),
        "THAOTHIAM_OIDC_AGENCY_CLAIM": env.get("THAOTHIAM_OIDC_AGENCY_CLAIM", "bma_agency_code"),
        "THAOTHIAM_OIDC_GROUPS_CLAIM": env.get("THAOTHIAM_OIDC_GROUPS_CLAIM", "groups"),
        "THAOTHIAM_OIDC_BUTTON_TH": env.get("THAOTHIAM_OIDC_BUTTON_TH", "เข้าสู่ระบบด้วยบัญชี กทม."),
        "THAOTHIAM_OIDC_BUTTON_EN": env.get("THAOTHIAM_OIDC_BUTTON_EN", "Sign in with your BMA account"),
        "OIDC_RP_SIGN_ALGO": env.get("THAOTHIAM_OIDC_SIGN_ALGO", "RS256"),
        "OIDC_RP_SCOPES": env.get("THAOTHIAM_OIDC_SCOPES", "openid email profile"),
        "OIDC_USE_PKCE": _bool(env, "THAOTHIAM_OIDC_USE_PKCE", True),
        "OIDC_VERIFY_SSL": _bool(env, "THAOTHIAM_OIDC_VERIFY_SSL", True),
        "OIDC_TIMEOUT": float(env.get("THAOTHIAM_OIDC_TIMEOUT", "10")),
        "LOGIN_REDIRECT_URL_FAILURE": "/accounts/login/",  # a refused sign-in shows its reason there
    }
    if enabled:
        names = {"OIDC_RP_CLIENT_ID": "THAOTHIAM_OIDC_CLIENT_ID", "OIDC_RP_CLIENT_SECRET": "THAOTHIAM_OIDC_CLIENT_SECRET",
                 "OIDC_OP_AUTHORIZATION_ENDPOINT": "THAOTHIAM_OIDC_AUTHORIZATION_ENDPOINT",
                 "OIDC_OP_TOKEN_ENDPOINT": "THAOTHIAM_OIDC_TOKEN_ENDPOINT",
                 "OIDC_OP_USER_ENDPOINT": "THAOTHIAM_OIDC_USERINFO_ENDPOINT",
                 "OIDC_OP_JWKS_ENDPOINT": "THAOTHIAM_OIDC_JWKS_ENDPOINT"}
        required = list(names.values())
        if out["OIDC_RP_SIGN_ALGO"].startswith("HS"):
            required.remove("THAOTHIAM_OIDC_JWKS_ENDPOINT")
        _required(env, required, "OpenID Connect sign-in (THAOTHIAM_OIDC_ENABLED)")
        out.update({setting: env.get(var, "") for setting, var in names.items()})
    return out


def ldap_settings(env: Mapping[str, str]) -> dict:
    uri = env.get("THAOTHIAM_LDAP_URI", "")
    out: dict = {"THAOTHIAM_LDAP_ENABLED": bool(uri),
                 "THAOTHIAM_LDAP_AGENCY_ATTR": env.get("THAOTHIAM_LDAP_AGENCY_ATTR", "departmentNumber")}
    if not uri:
        return out
    _required(env, ["THAOTHIAM_LDAP_USER_BASE"], "LDAP sign-in (THAOTHIAM_LDAP_URI)")
    import ldap
    from django_auth_ldap.config import (
        GroupOfNamesType,
        LDAPSearch,
        NestedActiveDirectoryGroupType,
        PosixGroupType,
    )

    group_types = {"groupofnames": GroupOfNamesType, "activedirectory": NestedActiveDirectoryGroupType,
                   "posix": PosixGroupType}
    group_type = env.get("THAOTHIAM_LDAP_GROUP_TYPE", "groupOfNames").lower()
    if group_type not in group_types:
        raise ImproperlyConfigured(f"THAOTHIAM_LDAP_GROUP_TYPE must be one of {', '.join(group_types)}.")
    user_filter = env.get("THAOTHIAM_LDAP_USER_FILTER", "(uid=%(user)s)")
    out.update({
        "AUTH_LDAP_SERVER_URI": uri,
        "AUTH_LDAP_BIND_DN": env.get("THAOTHIAM_LDAP_BIND_DN", ""),
        "AUTH_LDAP_BIND_PASSWORD": env.get("THAOTHIAM_LDAP_BIND_PASSWORD", ""),
        "AUTH_LDAP_START_TLS": _bool(env, "THAOTHIAM_LDAP_START_TLS"),
        "AUTH_LDAP_USER_SEARCH": LDAPSearch(env["THAOTHIAM_LDAP_USER_BASE"], ldap.SCOPE_SUBTREE, user_filter),
        # The directory service writes the user (audited); django-auth-ldap only binds and reads.
        "AUTH_LDAP_USER_ATTR_MAP": {},
        "AUTH_LDAP_ALWAYS_UPDATE_USER": False,
        "AUTH_LDAP_CONNECTION_OPTIONS": {ldap.OPT_NETWORK_TIMEOUT: float(env.get("THAOTHIAM_LDAP_TIMEOUT", "10")),
                                         ldap.OPT_REFERRALS: 0},
        "THAOTHIAM_LDAP_FIRST_NAME_ATTR": env.get("THAOTHIAM_LDAP_FIRST_NAME_ATTR", "givenName"),
        "THAOTHIAM_LDAP_LAST_NAME_ATTR": env.get("THAOTHIAM_LDAP_LAST_NAME_ATTR", "sn"),
        "THAOTHIAM_LDAP_EMAIL_ATTR": env.get("THAOTHIAM_LDAP_EMAIL_ATTR", "mail"),
    })
    if env.get("THAOTHIAM_LDAP_GROUP_BASE"):
        out["AUTH_LDAP_GROUP_SEARCH"] = LDAPSearch(env["THAOTHIAM_LDAP_GROUP_BASE"], ldap.SCOPE_SUBTREE,
                                                   env.get("THAOTHIAM_LDAP_GROUP_FILTER", "(objectClass=*)"))
        out["AUTH_LDAP_GROUP_TYPE"] = group_types[group_type]()
    return out


def sign_in_settings(env: Mapping[str, str] = os.environ, backends: list[str] | None = None) -> dict:
    """Every setting for single sign-on, and AUTHENTICATION_BACKENDS with the directories switched on."""
    out = {**oidc_settings(env), **ldap_settings(env)}
    backends = list(backends or [])
    if out["THAOTHIAM_OIDC_ENABLED"]:
        backends.append(OIDC_BACKEND)
    if out["THAOTHIAM_LDAP_ENABLED"]:
        backends.append(LDAP_BACKEND)
    out["AUTHENTICATION_BACKENDS"] = backends
    return out
