"""Bearer-token authentication, scopes, rate limits and the audit of every use.

`TokenAuth` finds the token by its prefix, compares digests in constant time, refuses revoked or
expired tokens and inactive accounts, counts the request in the token's minute (a database row, so
every worker and host shares the limit) and records one `api.use` audit event. Endpoints then ask
`require(request, scope)` and use `request.auth` (the SystemAccount) to stay inside its agency.
"""

from __future__ import annotations

import datetime as dt
import hmac
from types import SimpleNamespace

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja.security import HttpBearer

from thaothiam.core import audit

from .models import ApiToken, RateWindow, SystemAccount
from .problems import Problem
from .services import TOKEN_PREFIX, digest_of


def _minute(now: dt.datetime) -> dt.datetime:
    return now.replace(second=0, microsecond=0)


def count_request(token: ApiToken, now: dt.datetime) -> int:
    """This request's number within the token's current minute."""
    minute = _minute(now)
    window = RateWindow.objects.filter(token=token, minute=minute)
    if not window.update(count=F("count") + 1):
        try:
            with transaction.atomic():
                RateWindow.objects.create(token=token, minute=minute, count=1)
            RateWindow.objects.filter(token=token, minute__lt=minute - dt.timedelta(hours=1)).delete()
            return 1
        except IntegrityError:  # another worker opened the window first
            window.update(count=F("count") + 1)
    return window.values_list("count", flat=True).first() or 1


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str) -> SystemAccount | None:
        if not token.startswith(TOKEN_PREFIX) or "_" not in token[len(TOKEN_PREFIX):]:
            return None
        prefix = token[len(TOKEN_PREFIX):].split("_", 1)[0]
        row = ApiToken.objects.select_related("account", "account__agency").filter(prefix=prefix).first()
        if row is None or not hmac.compare_digest(row.digest, digest_of(token)) or not row.is_usable:
            return None
        now = timezone.now()
        account = row.account
        used = count_request(row, now)
        if used > account.rate_per_minute:
            wait = 60 - now.second
            raise Problem(429, headers={"Retry-After": str(wait)})
        if row.last_used_at is None or now - row.last_used_at > dt.timedelta(minutes=1):
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        audit.record("api.use", account, actor=SimpleNamespace(pk=None, username=account.username),
                     agency=account.agency, after={"token": row.prefix, "method": request.method, "path": request.path})
        request.api_token = row
        return account


def require(request, scope: str) -> SystemAccount:
    account: SystemAccount = request.auth
    if not account.has_scope(scope):
        raise Problem(403, _("This token does not have the scope this needs."), errors=[{"scope": scope}])
    return account
