"""The real directory servers of sso_servers.py, as fixtures for every sign-in test here."""

from sso_servers import ldap_on, oidc, oidc_server, slapd  # noqa: F401 — pytest fixtures
