"""Writes for API access: system accounts and tokens (each audited; a token's secret never is)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from thaothiam.agencies.models import Agency
from thaothiam.core import audit

from .models import ApiToken, Scope, SystemAccount

TOKEN_PREFIX = "tt_"  # noqa: S105 — the visible start of every token, not a secret
DEFAULT_DAYS = 90
MAX_DAYS = 366


def digest_of(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def system_account_create(*, name: str, agency: Agency | None, scopes: list[str], rate_per_minute: int = 120,
                          actor=None) -> SystemAccount:
    unknown = set(scopes) - set(Scope.values)
    if unknown:
        raise ValueError(f"unknown scopes: {sorted(unknown)}")
    account = SystemAccount.objects.create(name=name, agency=agency, scopes=sorted(set(scopes)),
                                           rate_per_minute=rate_per_minute, created_by=actor)
    audit.record("api.account.create", account, actor=actor, agency=agency,
                 after={"name": name, "scopes": account.scopes, "rate_per_minute": rate_per_minute})
    return account


@transaction.atomic
def api_token_issue(*, account: SystemAccount, days: int = DEFAULT_DAYS, actor=None) -> tuple[ApiToken, str]:
    """A new token for the account. Returns the token row and the secret, which is never stored or shown again."""
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"a token lives 1 to {MAX_DAYS} days")
    prefix = secrets.token_hex(4)
    secret = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(account=account, prefix=prefix, digest=digest_of(secret),
                                    expires_at=timezone.now() + dt.timedelta(days=days))
    audit.record("api.token.issue", account, actor=actor, agency=account.agency,
                 after={"prefix": prefix, "expires_at": token.expires_at})
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor=None) -> None:
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record("api.token.revoke", token.account, actor=actor, agency=token.account.agency,
                 after={"prefix": token.prefix})
