"""Sign-in against LDAP / Active Directory (django-auth-ldap), and the directory sync.

django-auth-ldap binds as the person (checking their password at the directory) and reads their
attributes and groups; the account itself is written by `directory.directory_sign_in`, like an
OpenID Connect sign-in. A person the directory no longer finds (deleted, moved out of the user
search base, or filtered out by THAOTHIAM_LDAP_USER_FILTER) has their account disabled on their
next sign-in attempt or by `thaothiam sync-directory`, whichever comes first.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import ldap
from django.conf import settings
from django.contrib import messages
from django_auth_ldap.backend import LDAPBackend, _LDAPUser

from .directory import (
    GROUPS,
    DirectoryRefused,
    Identity,
    directory_account_leave,
    directory_sign_in,
    normalise_attributes,
)
from .directory_models import DirectoryAccount, Source

logger = logging.getLogger(__name__)


def _first(attrs: dict, name: str) -> str:
    values = {k.lower(): v for k, v in attrs.items()}.get(name.lower()) or [""]
    value = values[0]
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def identity_from_entry(username: str, ldap_user) -> Identity:
    attrs = ldap_user.attrs or {}
    attributes = normalise_attributes(dict(attrs))
    groups: set[str] = set()
    if getattr(settings, "AUTH_LDAP_GROUP_SEARCH", None) is not None:  # both the DNs and the short names
        groups = {dn.lower() for dn in ldap_user.group_dns or ()} | {n.lower() for n in ldap_user.group_names or ()}
    attributes[GROUPS] = groups
    return Identity(
        source=Source.LDAP, subject=username.lower(), username=username.lower()[:150],
        agency_value=_first(attrs, settings.THAOTHIAM_LDAP_AGENCY_ATTR),
        first_name=_first(attrs, settings.THAOTHIAM_LDAP_FIRST_NAME_ATTR),
        last_name=_first(attrs, settings.THAOTHIAM_LDAP_LAST_NAME_ATTR),
        email=_first(attrs, settings.THAOTHIAM_LDAP_EMAIL_ATTR), attributes=attributes,
    )


class DirectoryLDAPBackend(LDAPBackend):
    """django-auth-ldap for the bind and the reading; our directory service for the account."""

    def get_or_build_user(self, username, ldap_user):
        try:
            user = directory_sign_in(identity=identity_from_entry(username, ldap_user))
        except DirectoryRefused as refusal:
            request = getattr(ldap_user, "_request", None)
            if request is not None:
                messages.error(request, str(refusal))
            raise ldap_user.AuthenticationFailed(str(refusal)) from None
        return user, False

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None and username:
            account = (DirectoryAccount.objects.select_related("user")
                       .filter(source=Source.LDAP, subject=username.strip().lower(), user__is_active=True).first())
            if account is not None and directory_lookup(self, account.subject) is Missing:
                directory_account_leave(account=account, reason="not_in_directory")
        return user

    def get_user(self, user_id):
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None


class _Missing:
    """The directory answered and does not know the person (as opposed to being unreachable)."""


Missing = _Missing()


@dataclass
class SyncResult:
    checked: int = 0
    updated: int = 0
    left: int = 0
    failed: int = 0


def directory_lookup(backend: LDAPBackend, username: str):
    """The person's directory entry (an _LDAPUser), `Missing`, or None when the directory cannot be asked."""
    entry = _LDAPUser(backend, username=username)
    try:
        dn = entry.dn
    except ldap.LDAPError:
        logger.exception("LDAP lookup of %s failed", username)
        return None
    if dn is None:
        # django-auth-ldap reports search errors through a signal and returns no DN: tell the two
        # apart by asking the server something harmless.
        try:
            entry.connection.whoami_s()
        except ldap.LDAPError:
            logger.warning("LDAP server unreachable while looking up %s", username)
            return None
        return Missing
    return entry


def sync_directory(*, dry_run: bool = False) -> SyncResult:
    """Check every LDAP account against the directory: update agency and grants, disable those who left."""
    backend = DirectoryLDAPBackend()
    result = SyncResult()
    accounts = DirectoryAccount.objects.select_related("user").filter(source=Source.LDAP, left_at__isnull=True,
                                                                          user__is_active=True)
    for account in accounts.iterator(chunk_size=500):
        result.checked += 1
        entry = directory_lookup(backend, account.subject)
        if entry is None:
            result.failed += 1
            continue
        if entry is Missing:
            result.left += 1
            if not dry_run:
                directory_account_leave(account=account, reason="not_in_directory")
            continue
        if dry_run:
            continue
        try:
            directory_sign_in(identity=identity_from_entry(account.subject, entry))
            result.updated += 1
        except DirectoryRefused:
            result.left += 1  # no known agency any more: directory_sign_in has disabled the account
    return result
