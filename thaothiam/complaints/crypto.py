"""The cryptography of the complaint channel, in one place (docs/decisions/0070-complaint-crypto.md).

Everything is PyNaCl (libsodium):

* a random 32-byte **case key** encrypts the case's content (narrative, messages, attachments, contact
  details) with ``SecretBox`` (XSalsa20-Poly1305, random nonce per message);
* the case key is **wrapped** with ``SealedBox`` (X25519 + XSalsa20-Poly1305) to each holding officer's
  public key and to the public key of a key pair derived from the **receipt**;
* an officer's private key is kept encrypted under a key derived from their password (or case
  passphrase) with **Argon2id** (``nacl.pwhash.argon2id``);
* the receipt gives, through one Argon2id computation with a per-installation salt, 64 bytes: the first
  32 are the **lookup** value stored with the case (so a receipt finds its case without being stored),
  the last 32 are the seed of the receipt key pair (never stored).

Nothing here touches the database; callers pass and keep the bytes.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.conf import settings
from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.pwhash import argon2id
from nacl.secret import SecretBox
from nacl.utils import random as random_bytes

KEY_BYTES = SecretBox.KEY_SIZE  # 32
SALT_BYTES = argon2id.SALTBYTES  # 16
RECEIPT_DIGITS = 16

# Production cost of every Argon2id derivation (receipts and officer keys): libsodium's "interactive"
# level, 2 passes over 64 MiB — about 0.3 s on the 2-core reference machine
# (docs/decisions/0071-receipt-hashing-cost.md). Tests lower it with the COMPLAINTS_ARGON2 setting.
DEFAULT_OPS = argon2id.OPSLIMIT_INTERACTIVE
DEFAULT_MEM = argon2id.MEMLIMIT_INTERACTIVE

__all__ = ["CryptoError"]


def argon2_cost() -> tuple[int, int]:
    """(opslimit, memlimit) for new derivations."""
    return tuple(getattr(settings, "COMPLAINTS_ARGON2", (DEFAULT_OPS, DEFAULT_MEM)))


def new_case_key() -> bytes:
    return random_bytes(KEY_BYTES)


def new_salt() -> bytes:
    return random_bytes(SALT_BYTES)


def seal(key: bytes, plaintext: bytes) -> bytes:
    """Encrypt with a symmetric key (nonce included in the result)."""
    return bytes(SecretBox(key).encrypt(plaintext))


def open_sealed(key: bytes, ciphertext: bytes) -> bytes:
    """Decrypt what `seal` made; raises CryptoError for a wrong key or altered bytes."""
    return SecretBox(key).decrypt(bytes(ciphertext))


def wrap(case_key: bytes, public_key: bytes) -> bytes:
    """The case key, readable only with the private key of ``public_key``."""
    return bytes(SealedBox(PublicKey(bytes(public_key))).encrypt(case_key))


def unwrap(wrapped: bytes, private_key: bytes) -> bytes:
    return SealedBox(PrivateKey(bytes(private_key))).decrypt(bytes(wrapped))


def derive_key(secret: str, salt: bytes, ops: int, mem: int, size: int = KEY_BYTES) -> bytes:
    return argon2id.kdf(size, secret.encode("utf-8"), bytes(salt), opslimit=ops, memlimit=mem)


# --- officer key pairs ---------------------------------------------------------------------------

@dataclass(frozen=True)
class LockedKeyPair:
    public_key: bytes
    locked_private_key: bytes
    salt: bytes
    ops: int
    mem: int


def new_key_pair(secret: str) -> tuple[LockedKeyPair, bytes]:
    """A new officer key pair; the private key comes back locked under ``secret`` and, for this session, open."""
    private = PrivateKey.generate()
    salt = new_salt()
    ops, mem = argon2_cost()
    locked = seal(derive_key(secret, salt, ops, mem), bytes(private))
    return LockedKeyPair(bytes(private.public_key), locked, salt, ops, mem), bytes(private)


def relock(private_key: bytes, secret: str) -> LockedKeyPair:
    """The same key pair under a new secret (an officer who knows their previous password)."""
    private = PrivateKey(bytes(private_key))
    salt = new_salt()
    ops, mem = argon2_cost()
    locked = seal(derive_key(secret, salt, ops, mem), bytes(private))
    return LockedKeyPair(bytes(private.public_key), locked, salt, ops, mem)


def unlock(locked: bytes, secret: str, salt: bytes, ops: int, mem: int) -> bytes:
    """The private key, or CryptoError when the secret is wrong."""
    return open_sealed(derive_key(secret, salt, ops, mem), locked)


# --- receipts ------------------------------------------------------------------------------------

def new_receipt() -> str:
    return f"{secrets.randbelow(10**RECEIPT_DIGITS):0{RECEIPT_DIGITS}d}"


def normalise_receipt(text: str) -> str | None:
    """The 16 digits of what someone typed (spaces and dashes allowed), or None."""
    digits = "".join(ch for ch in text if not ch.isspace() and ch != "-")
    if len(digits) != RECEIPT_DIGITS or not digits.isascii() or not digits.isdigit():
        return None
    return digits


def format_receipt(receipt: str) -> str:
    return " ".join(receipt[i:i + 4] for i in range(0, RECEIPT_DIGITS, 4))


@dataclass(frozen=True)
class ReceiptKeys:
    lookup: bytes  # stored with the case
    private_key: bytes  # opens the receipt's wrap of the case key; never stored

    @property
    def public_key(self) -> bytes:
        return bytes(PrivateKey(self.private_key).public_key)


def receipt_keys(receipt: str, install_salt: bytes, ops: int, mem: int) -> ReceiptKeys:
    out = derive_key(receipt, install_salt, ops, mem, size=64)
    seed = out[32:]
    return ReceiptKeys(lookup=out[:32], private_key=bytes(PrivateKey.from_seed(seed)))


# --- a key held for one signed-in session -------------------------------------------------------

def new_session_secret() -> bytes:
    return random_bytes(KEY_BYTES)
