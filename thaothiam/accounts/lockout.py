"""Sign-in throttling that an attacker cannot turn against the account holder.

django-axes counts failures per (username, client address) — ``AXES_LOCKOUT_PARAMETERS`` in
settings — so failing from one machine locks only that machine out of that account; the real user
signs in from their own. A pair that keeps failing waits longer each time (``cool_off``): 15 minutes
after the 5th failure, doubled for every further 5, at most a day. Because an attacker can now try
from many addresses, the account holder is told by e-mail when their account is being guessed at
(``warn_account_holder``, at most once an hour). See docs/decisions/0062-lockout-per-client.md.
"""

from __future__ import annotations

import datetime as dt
import math

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Max
from django.dispatch import receiver
from django.utils import timezone, translation
from django.utils.translation import gettext as _

MAX_COOL_OFF = dt.timedelta(hours=24)
WARN_EVERY = dt.timedelta(hours=1)


def _username(request) -> str | None:
    credentials = getattr(request, "axes_credentials", None) or {}
    return credentials.get("username") or (request.POST.get("username") if request.method == "POST" else None)


def cool_off(request=None) -> dt.timedelta:
    """AXES_COOLOFF_TIME: the base cool-off, doubled for every ``limit`` failures past the first lockout."""
    from axes.models import AccessAttempt

    base = dt.timedelta(hours=settings.THAOTHIAM_LOGIN_COOLOFF_HOURS)
    username = _username(request) if request is not None else None
    address = getattr(request, "axes_ip_address", None)
    if not username or not address:
        return base
    failures = (AccessAttempt.objects.filter(username=username, ip_address=address)
                .aggregate(n=Max("failures_since_start"))["n"] or 0)
    doublings = max(0, failures // settings.AXES_FAILURE_LIMIT - 1)
    return min(base * 2 ** min(doublings, 10), MAX_COOL_OFF)


def locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the page that says how long this device must wait (HTTP 429)."""
    from django.shortcuts import render

    minutes = max(1, math.ceil(cool_off(request).total_seconds() / 60))
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)


def _failures_for(username: str, since: dt.datetime) -> int:
    from axes.models import AccessAttempt

    rows = AccessAttempt.objects.filter(username=username, attempt_time__gte=since)
    return sum(rows.values_list("failures_since_start", flat=True))


def warn_account_holder(username: str) -> bool:
    """E-mail the holder of ``username`` (if it is a real account with an address) that their account
    is seeing failed sign-ins; at most once per WARN_EVERY. Returns whether a mail went out."""
    from thaothiam.core import audit
    from thaothiam.core.models import AuditEvent

    from .models import User

    user = User.objects.filter(username=username, is_active=True).exclude(email="").first()
    if user is None:
        return False
    now = timezone.now()
    if AuditEvent.objects.filter(action="accounts.login.warning", object_id=str(user.pk),
                                 at__gte=now - WARN_EVERY).exists():
        return False
    failures = _failures_for(username, now - MAX_COOL_OFF)
    texts = []
    for language in ("th", "en"):
        with translation.override(language):
            texts.append(_(
                "Someone has failed to sign in to your ThaoThiam account %(username)s %(count)s times in the "
                "last day. Sign-ins from those machines are paused; you can still sign in from your own.\n"
                "If this was not you, nothing is needed unless your password is weak: change it after you "
                "sign in. If it keeps happening, tell your system administrator."
            ) % {"username": username, "count": failures})
            if language == "th":
                subject = _("ThaoThiam: failed sign-ins to your account")
    send_mail(subject, "\n\n".join(texts), settings.DEFAULT_FROM_EMAIL, [user.email])
    audit.record("accounts.login.warning", user, actor=None, after={"failures": failures})
    return True


def _on_locked_out(sender, request=None, username=None, **kwargs):
    if username:
        warn_account_holder(username)


def connect() -> None:
    from axes.signals import user_locked_out

    receiver(user_locked_out, dispatch_uid="thaothiam-lockout-warning")(_on_locked_out)
