"""Record keys of survey responses for cell-key perturbation (core.cellkey; decision 0120).

Every response gets a key in 0..999 derived from its random UUID under a secret (the pseudonymisation
key), so the key is fixed for that response — the same set of responses has the same cell key, hence
the same published count, in every table, filter, export and report — and nobody without the secret
and the UUIDs can tell it. Nothing is stored: the key is computed when the response matrix is read.

The derivation is vectorised (a response matrix holds up to ~100,000 responses per campaign and a
per-row HMAC costs ~150 ms per 60,000): the UUID's two 64-bit halves are mixed with two 64-bit words
of SHA-256(secret) through the SplitMix64 finaliser, and the result taken mod 1000. The UUIDs are
uuid4 (122 random bits) and are never shown to anyone, so the key is as unpredictable as the UUID;
the secret only ensures that a copy of the database without the key cannot tell the noise either.
tests/core/cellkey_oracle.py computes the same keys independently, with Python integers.
"""

from __future__ import annotations

import hashlib
import uuid

import numpy as np

from thaothiam.core.cellkey import KEYS

_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)


def _salt(secret: str) -> tuple[np.uint64, np.uint64]:
    digest = hashlib.sha256(b"survey-response-key|" + secret.encode()).digest()
    return (np.uint64(int.from_bytes(digest[:8], "little")), np.uint64(int.from_bytes(digest[8:16], "little")))


def _finalise(x: np.ndarray) -> np.ndarray:
    x = x ^ (x >> np.uint64(30))
    x = x * _MIX1
    x = x ^ (x >> np.uint64(27))
    x = x * _MIX2
    return x ^ (x >> np.uint64(31))


def uuid_bytes(values: list) -> bytes:
    """The 16 bytes of each UUID, concatenated, as a database cursor returns them (uuid.UUID on PostgreSQL,
    32 hex digits on SQLite): one join and one hex decode, not a UUID object per row."""
    if not values:
        return b""
    if isinstance(values[0], uuid.UUID):
        return b"".join(v.bytes for v in values)
    return bytes.fromhex("".join(values).replace("-", ""))


def response_keys(ids: bytes, secret: str | None = None) -> np.ndarray:
    """Keys (int64, 0..999) of responses whose UUIDs' bytes are concatenated in `ids` (16 bytes each)."""
    if secret is None:
        from thaothiam.core.cellkey import secret as configured

        secret = configured()
    halves = np.frombuffer(ids, dtype="<u8").reshape(-1, 2)
    s1, s2 = _salt(secret)
    with np.errstate(over="ignore"):
        x = _finalise(halves[:, 0] ^ s1)
        x = _finalise(x ^ halves[:, 1] ^ s2)
    return (x % np.uint64(KEYS)).astype(np.int64)
