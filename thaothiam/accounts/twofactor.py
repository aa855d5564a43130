"""Two-factor authentication (TOTP with django-otp, plus one-time recovery codes).

Required for the roles that can see or change the most — central, admin, executive and complaint
officer — when they sign in with a local password (``requires_second_factor``). Someone signing in
through the BMA's directory (OpenID Connect) is authenticated there. The password step does not log
such a user in: it leaves a short-lived *pending* sign-in in the session, and only a valid code (or a
recovery code) completes it; a user without a device enrols first. Wrong codes count as failed
sign-ins for django-axes, so guessing codes locks the guessing client out like guessing passwords.

Demo accounts are enrolled with ``DEMO_TOTP_SECRET`` (README, "Demo accounts"), so the demo stays
usable and browser tests can compute codes. See docs/decisions/0063-two-factor-authentication.md.
"""

from __future__ import annotations

import base64
import time

from django.contrib.auth.backends import ModelBackend
from django.db import transaction
from django.dispatch import Signal
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from thaothiam.core import audit

from .models import Role, User

REQUIRED_ROLES = frozenset({Role.CENTRAL, Role.ADMIN, Role.EXECUTIVE, Role.COMPLAINT_OFFICER})
RECOVERY_CODES = 10
PENDING_KEY = "twofactor_pending"
PENDING_SECONDS = 300
LOCAL_BACKENDS = {f"{ModelBackend.__module__}.{ModelBackend.__qualname__}"}

# The RFC 6238 test key (ASCII "12345678901234567890"): public on purpose, for demo accounts only.
DEMO_TOTP_SECRET = "3132333435363738393031323334353637383930"  # noqa: S105 — published on purpose
DEMO_TOTP_BASE32 = base64.b32encode(bytes.fromhex(DEMO_TOTP_SECRET)).decode()


def requires_second_factor(user: User) -> bool:
    return (getattr(user, "backend", None) in LOCAL_BACKENDS
            and user.grants.filter(role__in=REQUIRED_ROLES).exists())


def totp_device(user: User, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("-pk").first()


def base32_key(device: TOTPDevice) -> str:
    """The key as an authenticator app takes it when typed in (the QR code carries the same)."""
    return base64.b32encode(device.bin_key).decode()


def code_for(secret_hex: str, *, offset: int = 0) -> str:
    """The current code for a key (for the demo and tests, as an authenticator app computes it)."""
    return f"{totp(bytes.fromhex(secret_hex), t0=0, step=30, digits=6, drift=offset):06d}"


# --- the pending sign-in (between the password and the code) -----------------------------------

# Sent when the password step of a two-step sign-in succeeds (sender, request, user), while the typed
# password is still at hand in this request: the complaint channel opens the officer's key with it,
# since the later step that completes the sign-in never sees the password.
password_accepted = Signal()


def pending_start(request, user: User, next_url: str) -> None:
    request.session.cycle_key()
    request.session[PENDING_KEY] = {"user": user.pk, "backend": user.backend, "next": next_url,
                                    "until": time.time() + PENDING_SECONDS}


def pending_user(request) -> tuple[User | None, dict]:
    data = request.session.get(PENDING_KEY) or {}
    if not data or data.get("until", 0) < time.time():
        request.session.pop(PENDING_KEY, None)
        return None, {}
    user = User.objects.filter(pk=data["user"], is_active=True).first()
    if user is not None:
        user.backend = data["backend"]
    return user, data


def pending_clear(request) -> None:
    request.session.pop(PENDING_KEY, None)


# --- services ----------------------------------------------------------------------------------

@transaction.atomic
def second_factor_begin(*, user: User) -> TOTPDevice:
    """An unconfirmed TOTP device for enrolment (replacing an earlier unconfirmed one)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


@transaction.atomic
def second_factor_confirm(*, user: User, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm enrolment with a first code; returns the new recovery codes, or None if the code is wrong."""
    if device.user_id != user.pk or device.confirmed or not device.verify_token(code.strip()):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit.record("accounts.2fa.enrol", user, actor=user)
    return _new_recovery_codes(user)


@transaction.atomic
def recovery_codes_regenerate(*, user: User) -> list[str]:
    codes = _new_recovery_codes(user)
    audit.record("accounts.2fa.recovery_codes", user, actor=user)
    return codes


@transaction.atomic
def second_factor_reset(*, user: User, actor=None) -> None:
    """Remove every device (a lost phone): the user enrols again at the next sign-in."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit.record("accounts.2fa.reset", user, actor=actor)


def _new_recovery_codes(user: User) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(user=user, name="recovery")
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def check_code(user: User, code: str):
    """The device that accepts ``code`` (a TOTP code or an unused recovery code), or None."""
    code = code.strip().replace(" ", "").lower()
    if not code:
        return None
    for device in (totp_device(user), StaticDevice.objects.filter(user=user, confirmed=True).first()):
        if device is not None and device.verify_is_allowed()[0] and device.verify_token(code):
            if isinstance(device, StaticDevice):
                audit.record("accounts.2fa.recovery_code_used", user, actor=user)
            return device
    return None


def demo_enrol(users: list[User]) -> None:
    """Demo only: enrol accounts with the published demo key, so they can sign in."""
    TOTPDevice.objects.bulk_create([TOTPDevice(user=u, name="demo", key=DEMO_TOTP_SECRET, confirmed=True)
                                    for u in users])
