"""The one keyed hash that turns a person's identifier into a pseudonym (workforce import, learning
attendance): HMAC-SHA256 of ``"<kind>:<identifier>"`` under ``settings.PSEUDONYM_KEY``.

Stable across imports, not reversible without the key. The text hashed must never change: every stored
pseudonym (workforce snapshots, learners' keys) would stop matching the same person's next import.
"""

from __future__ import annotations

import hashlib
import hmac


def pseudonym(kind: str, identifier: str, key: str | bytes) -> str:
    """A keyed hash (HMAC-SHA256) of an identifier of the given kind ("employee", "national", "email")."""
    key_bytes = key.encode() if isinstance(key, str) else key
    return hmac.new(key_bytes, f"{kind}:{identifier}".encode(), hashlib.sha256).hexdigest()
