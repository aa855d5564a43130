"""An officer's private key: created and unlocked with their password, held open for one session only.

At sign-in the password unlocks (or, the first time, creates) the officer's key pair. The open private
key is then kept for the session split in two halves that are useless apart: the session store holds
it encrypted under a random 32-byte secret, and that secret lives only in a cookie (HttpOnly,
SameSite=Strict, path ``/complaints/``). Neither the database, the session store nor a log ever holds
the private key in the clear (docs/decisions/0070-complaint-crypto.md).

Officers without a local password (single sign-on) set a case passphrase instead and unlock with it
on the unlock page; so does an officer whose password was changed or reset (keep the old key with the
previous password, or start a new key pair and be granted the cases again).
"""

from __future__ import annotations

import base64
import datetime as dt

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver
from django.utils import timezone

from thaothiam.accounts.models import Role
from thaothiam.accounts.twofactor import password_accepted

from . import crypto
from .models import OfficerKey

SESSION_FIELD = "complaints_key"
COOKIE = "tt_ck"
COOKIE_PATH = "/complaints/"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


def is_officer(user) -> bool:
    return user.is_authenticated and user.grants.filter(role=Role.COMPLAINT_OFFICER).exists()


def today() -> dt.date:
    return timezone.localdate()


# --- creating and unlocking ----------------------------------------------------------------------

def create_key(user, secret: str, kind: str) -> bytes:
    """A new key pair for the officer (replacing any earlier one); returns the open private key.

    Replacing a key drops every case the old key held: the officer must be granted them again.
    """
    from .services import officer_key_replaced

    locked, private = crypto.new_key_pair(secret)
    OfficerKey.objects.update_or_create(user=user, defaults={
        "public_key": locked.public_key, "locked_private_key": locked.locked_private_key, "salt": locked.salt,
        "ops": locked.ops, "mem": locked.mem, "kind": kind, "created_on": today()})
    officer_key_replaced(user=user)
    return private


def unlock_key(key: OfficerKey, secret: str) -> bytes | None:
    try:
        return crypto.unlock(key.locked_private_key, secret, key.salt, key.ops, key.mem)
    except crypto.CryptoError:
        return None


def relock_key(key: OfficerKey, private: bytes, secret: str, kind: str) -> None:
    locked = crypto.relock(private, secret)
    key.locked_private_key, key.salt, key.ops, key.mem, key.kind = (
        locked.locked_private_key, locked.salt, locked.ops, locked.mem, kind)
    key.save(update_fields=["locked_private_key", "salt", "ops", "mem", "kind"])


# --- the session half and the cookie half --------------------------------------------------------

def hold_open(request, private: bytes, *, user=None) -> None:
    """Keep the open private key for this session: ciphertext in the session, its key for the cookie."""
    secret = crypto.new_session_secret()
    owner = user if user is not None else request.user
    request.session[SESSION_FIELD] = {"user": owner.pk, "blob": _b64(crypto.seal(secret, private))}
    request.session.pop("complaints_key_stale", None)
    request._complaints_cookie = _b64(secret)


def open_private_key(request) -> bytes | None:
    """The officer's open private key for this request, or None (not unlocked in this session)."""
    held = request.session.get(SESSION_FIELD)
    cookie = getattr(request, "_complaints_cookie", None) or request.COOKIES.get(COOKIE)  # a fresh one first
    if not held or not cookie or held.get("user") != request.user.pk:
        return None
    try:
        return crypto.open_sealed(_unb64(cookie), _unb64(held["blob"]))
    except (crypto.CryptoError, ValueError, TypeError):
        return None


def forget(request) -> None:
    request.session.pop(SESSION_FIELD, None)
    request._complaints_cookie = ""


class SessionKeyCookieMiddleware:
    """Sets (or clears) the cookie half of an officer's session key when a view asked for it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        value = getattr(request, "_complaints_cookie", None)
        if value:
            response.set_cookie(COOKIE, value, path=COOKIE_PATH, httponly=True, samesite="Strict",
                                secure=settings.SESSION_COOKIE_SECURE)
        elif value == "":
            response.delete_cookie(COOKIE, path=COOKIE_PATH, samesite="Strict")
        return response


class PasswordCaptureBackend:
    """An authentication backend that authenticates nobody: it lends the password typed at sign-in to
    the ``user_logged_in`` handler below, for this request only, so the officer's key opens with it."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is not None and password:
            request._complaints_password = password
        return None


@receiver(user_logged_in, dispatch_uid="complaints_unlock_at_sign_in")
@receiver(password_accepted, dispatch_uid="complaints_unlock_at_password_step")
def unlock_at_sign_in(sender, request, user, **kwargs):
    """Open the key with the password typed at sign-in — at the login itself, or at the password step
    of a two-step sign-in (the key is then held for the user the second step signs in; the session
    entry names that user, so nobody else's request can use it)."""
    password = getattr(request, "_complaints_password", None)
    if request is None or not hasattr(request, "session"):
        return
    if hasattr(request, "_complaints_password"):
        del request._complaints_password
    if not password or not is_officer(user):
        return
    key = OfficerKey.objects.filter(user=user).first()
    if key is None:
        private = create_key(user, password, OfficerKey.Kind.PASSWORD)
    elif key.kind != OfficerKey.Kind.PASSWORD:
        return  # a passphrase key: unlocked on the unlock page
    else:
        private = unlock_key(key, password)
        if private is None:  # the password changed since the key was locked
            request.session["complaints_key_stale"] = True
            return
    hold_open(request, private, user=user)


@receiver(user_logged_out, dispatch_uid="complaints_forget_at_sign_out")
def forget_at_sign_out(sender, request, user, **kwargs):
    if request is not None:
        request._complaints_cookie = ""
