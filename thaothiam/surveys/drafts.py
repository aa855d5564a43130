"""The respondent's answering state: a session cookie, and a draft the server cannot read.

After the first visit the invitation token leaves the URL: ``/surveys/t/<token>/`` sets the cookie
``tt_answer`` (signed, HttpOnly, SameSite=Lax, for this browser session only — never a date, so a
shared office computer forgets it when the browser closes) and redirects to ``/surveys/a/``. The
cookie holds the token, a random draft id and a random 256-bit key.

Saved progress ("Save and continue") is a `Draft` row keyed by that random id — not by the
invitation — holding the answers sealed with AES-256-GCM under the cookie's key (the campaign and
draft id are authenticated with it). Neither the database, its WAL nor the secret key open it; the
respondent's browser does. Submission deletes the row and the cookie; closing the campaign deletes
what is left. Losing the cookie loses the draft (by design: the key is nowhere else).
"""

from __future__ import annotations

import base64
import json
import secrets
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.core import signing

from .models import Draft

COOKIE = "tt_answer"
COOKIE_PATH = "/surveys/"
_SALT = "thaothiam.surveys.answer"


@dataclass
class State:
    token: str
    draft_id: str
    key: bytes
    open_link: str = ""  # the open link this invitation came from ("start a new response" goes back there)
    fresh: bool = False  # made for this request only (a one-request client): there is no draft to read

    def dumps(self) -> str:
        return signing.dumps({"t": self.token, "d": self.draft_id, "k": base64.urlsafe_b64encode(self.key).decode(),
                              "o": self.open_link}, salt=_SALT, compress=True)


def new_state(token: str, open_link: str = "") -> State:
    return State(token, secrets.token_hex(16), secrets.token_bytes(32), open_link)


def read_state(request) -> State | None:
    raw = request.COOKIES.get(COOKIE)
    if not raw:
        return None
    try:
        data = signing.loads(raw, salt=_SALT)
        return State(data["t"], data["d"], base64.urlsafe_b64decode(data["k"]), data.get("o", ""))
    except (signing.BadSignature, KeyError, ValueError, TypeError):
        return None


def set_cookie(response, request, state: State) -> None:
    response.set_cookie(COOKIE, state.dumps(), path=COOKIE_PATH, httponly=True, samesite="Lax",
                        secure=request.is_secure())  # no max_age: a session cookie


def clear_cookie(response) -> None:
    response.delete_cookie(COOKIE, path=COOKIE_PATH, samesite="Lax")


def _aad(campaign_id: int, draft_id: str) -> bytes:
    return f"{campaign_id}:{draft_id}".encode()


def seal(key: bytes, campaign_id: int, draft_id: str, payload: dict) -> bytes:
    nonce = secrets.token_bytes(12)
    plain = json.dumps(payload, separators=(",", ":")).encode()
    return nonce + AESGCM(key).encrypt(nonce, plain, _aad(campaign_id, draft_id))


def unseal(key: bytes, campaign_id: int, draft_id: str, sealed: bytes) -> dict | None:
    sealed = bytes(sealed)
    try:
        plain = AESGCM(key).decrypt(sealed[:12], sealed[12:], _aad(campaign_id, draft_id))
    except (InvalidTag, ValueError):
        return None
    return json.loads(plain)


def load(state: State, campaign_id: int) -> dict | None:
    """{"answers": {code: raw}, "section": n} of this browser's draft, or None."""
    row = Draft.objects.filter(pk=state.draft_id, campaign_id=campaign_id).values_list("sealed", flat=True).first()
    return None if row is None else unseal(state.key, campaign_id, state.draft_id, row)


def draft_save(*, state: State, campaign_id: int, answers: dict, section: int) -> None:
    """Keep the answers given so far, sealed; only this browser's key opens them."""
    sealed = seal(state.key, campaign_id, state.draft_id, {"answers": answers, "section": section})
    Draft.objects.update_or_create(pk=state.draft_id, defaults={"campaign_id": campaign_id, "sealed": sealed})


def draft_discard(*, state: State) -> None:
    Draft.objects.filter(pk=state.draft_id).delete()
