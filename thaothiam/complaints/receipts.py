"""Finding a case by its receipt, with guessing rate-limited and no address stored.

A receipt check costs one Argon2id computation (about 0.3 s). Two limits stop guessing, neither of
which records an IP address or who is asking (docs/decisions/0072-receipt-guessing.md):

* per browser session: after ``SESSION_FAILURES`` wrong receipts, that session must wait;
* installation-wide: at most ``COMPLAINTS_RECEIPT_FAILURES_PER_HOUR`` wrong receipts an hour in all
  (a counter per hour in ``ReceiptThrottle``); beyond it every check is refused until the hour turns.

Once found, the complainant's browser keeps the receipt's key for 30 minutes in a signed cookie limited
to the follow-up pages: nothing about the case is put in the session store, which could link a
signed-in person to their case.
"""

from __future__ import annotations

import base64
import datetime as dt

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import crypto
from .models import Case, ReceiptThrottle
from .services import config

SESSION_FAILURES = 5
SESSION_COOLDOWN = dt.timedelta(minutes=15)
COOKIE = "tt_cf"
COOKIE_PATH = "/complaints/follow/"
COOKIE_SALT = "thaothiam.complaints.follow"
COOKIE_SECONDS = 30 * 60


def hourly_limit() -> int:
    return int(getattr(settings, "COMPLAINTS_RECEIPT_FAILURES_PER_HOUR", 120))


def _hour() -> dt.datetime:
    return timezone.now().replace(minute=0, second=0, microsecond=0)


def throttled(session) -> bool:
    until = session.get("complaints_wait_until")
    if until and timezone.now().timestamp() < until:
        return True
    found = ReceiptThrottle.objects.filter(hour=_hour()).values_list("failures", flat=True).first()
    return (found or 0) >= hourly_limit()


def _failed(session) -> None:
    failures = session.get("complaints_failures", 0) + 1
    session["complaints_failures"] = failures
    if failures >= SESSION_FAILURES:
        session["complaints_wait_until"] = (timezone.now() + SESSION_COOLDOWN).timestamp()
        session["complaints_failures"] = 0
    with transaction.atomic():
        hour = _hour()
        if not ReceiptThrottle.objects.filter(hour=hour).update(failures=F("failures") + 1):
            ReceiptThrottle.objects.get_or_create(hour=hour, defaults={"failures": 1})
        ReceiptThrottle.objects.filter(hour__lt=hour - dt.timedelta(days=1)).delete()


def find(receipt_text: str, session) -> tuple[Case, bytes] | None:
    """The case and the receipt's private key, or None (wrong or malformed receipt; counted)."""
    receipt = crypto.normalise_receipt(receipt_text)
    if receipt is None:
        _failed(session)
        return None
    cfg = config()
    keys = crypto.receipt_keys(receipt, cfg.receipt_salt, cfg.receipt_ops, cfg.receipt_mem)
    case = Case.objects.filter(receipt_lookup=keys.lookup).first()
    if case is None:
        _failed(session)
        return None
    session.pop("complaints_failures", None)
    return case, keys.private_key


def case_key(case: Case, receipt_private_key: bytes) -> bytes:
    return crypto.unwrap(case.receipt_wrap, receipt_private_key)


def cookie_value(case: Case, receipt_private_key: bytes) -> str:
    return signing.dumps({"c": case.pk, "k": base64.b64encode(receipt_private_key).decode()}, salt=COOKIE_SALT)


def from_cookie(request) -> tuple[Case, bytes] | None:
    """The case this browser opened with its receipt in the last 30 minutes, and the case key."""
    value = request.COOKIES.get(COOKIE)
    if not value:
        return None
    try:
        data = signing.loads(value, salt=COOKIE_SALT, max_age=COOKIE_SECONDS)
        case = Case.objects.filter(pk=data["c"], destroyed_on__isnull=True).first()
        if case is None or case.receipt_wrap is None:
            return None
        return case, case_key(case, base64.b64decode(data["k"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError, crypto.CryptoError):
        return None
