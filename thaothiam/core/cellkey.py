"""Cell-key perturbation: counts about people that cannot be subtracted back to a person
(docs/decisions/0022-cell-key-perturbation.md).

Every record that a count can include carries a **record key**, a pseudo-random integer in
``0..KEYS-1`` fixed for that record. A cell's **cell key** is the sum of its records' keys modulo
``KEYS``; the published count is ``perturb(count, cell_key)``, read from the perturbation table below.

* The same set of records always has the same count and the same cell key, so a cell shows the
  same value in every table, filter, export and report that includes it. Asking again, or asking
  the same cell another way, yields nothing new.
* A cell obtained by subtraction ("A and B" minus "B", "all but one" minus the total) is the
  difference of two independently perturbed values: the true count plus noise, never the count.
* Keys add: a pre-aggregated cube carries the sum of its records' keys per row, and a cell's key is
  the sum over the rows it covers (mod KEYS).

The perturbation table (documented in the decision, tested in tests/core/test_cellkey.py):

* ``0`` stays ``0``: a cell with nobody in it is shown as 0;
* ``1..4`` are never published: a count ``c`` in 1..4 becomes 5 with probability c/5 and 0
  otherwise, so a published 0 or 5 says nothing exact and the expected value is still ``c``;
* ``c >= 5`` gets noise -3 .. +3 with probabilities .05, .1, .2, .3, .2, .1, .05 (mean 0, variance
  2.1); where that lands on 1..4 it is again sent to 0 or 5 with the probabilities above.

Every outcome has a probability that is a whole number of thousandths, and the cell key is
uniform on 0..999, so each row of the table is exactly unbiased: E[published] = true count.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import cache, lru_cache

KEYS = 1000  # record keys and cell keys live in 0..KEYS-1
SMALLEST_SHOWN = 5  # no published count is in 1..SMALLEST_SHOWN-1
NOISE = ((-3, 50), (-2, 100), (-1, 200), (0, 300), (1, 200), (2, 100), (3, 50))  # (noise, thousandths)
STABLE_FROM = SMALLEST_SHOWN + 3  # from this count on, the row is the same noise around the count


def _split_small(value: int, weight: int) -> list[tuple[int, int]]:
    """``weight`` thousandths of the value ``value`` as published outcomes: 1..4 go to 0 or 5, unbiased."""
    if 0 < value < SMALLEST_SHOWN:
        up = weight * value // SMALLEST_SHOWN
        if up * SMALLEST_SHOWN != weight * value:  # pragma: no cover — the table is built to divide exactly
            raise ArithmeticError("perturbation table is not exact")
        return [(0, weight - up), (SMALLEST_SHOWN, up)]
    return [(value, weight)]


@cache
def _row(count: int) -> tuple[int, ...]:
    """The published value for each cell key (KEYS entries) of a cell counting ``count`` people."""
    if count == 0:
        return (0,) * KEYS
    if count < SMALLEST_SHOWN:
        outcomes = _split_small(count, KEYS)
    else:
        outcomes = [o for noise, weight in NOISE for o in _split_small(count + noise, weight)]
    merged: dict[int, int] = {}
    for value, weight in outcomes:
        merged[value] = merged.get(value, 0) + weight
    row: list[int] = []
    for value in sorted(merged):
        row.extend([value] * merged[value])
    if len(row) != KEYS:  # pragma: no cover — guarded by the tests of the table
        raise ArithmeticError("perturbation table row does not cover every key")
    return tuple(row)


def perturbation_table(up_to: int = STABLE_FROM) -> dict[int, tuple[int, ...]]:
    """The table itself, one row per count 0..up_to (later rows are row ``STABLE_FROM`` shifted)."""
    return {c: _row(c) for c in range(up_to + 1)}


def perturb(count: int, cell_key: int) -> int:
    """The published value of a cell counting ``count`` records whose keys sum to ``cell_key``."""
    if isinstance(count, bool) or count < 0 or int(count) != count:
        raise ValueError(f"not a count: {count!r}")
    count, index = int(count), int(cell_key) % KEYS
    if count < STABLE_FROM:
        return _row(count)[index]
    return _row(STABLE_FROM)[index] - STABLE_FROM + count


def record_key(secret: str | bytes, *parts: object) -> int:
    """A record's key: keyed hash of what identifies it, so it is fixed for that record (a re-import of
    the same person, or a report read twice, gives the same key) and unknowable without the secret."""
    if isinstance(secret, str):
        secret = secret.encode()
    message = "|".join(str(p) for p in parts).encode()
    digest = hmac.new(secret, b"cell-key|" + message, hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big") % KEYS


def secret() -> str:
    from django.conf import settings

    return settings.PSEUDONYM_KEY


# --- magnitudes (salaries) ----------------------------------------------------------------------

P_PERCENT = 10  # the p% rule's p
ROUND_TO = 100  # baht


def dominated(total: float, largest: float, second: float | None = None, *, p: int = P_PERCENT) -> bool:
    """The p% rule: a cell's sum is sensitive when the second-largest contributor, subtracting their own
    value from the sum, would know the largest to within p %: ``total - largest - second < p/100 * largest``.

    Where the second-largest value is not known (the cube keeps only each cell's largest), it is taken
    at its largest possible value, min(largest, total - largest), which can only flag more cells."""
    if largest <= 0:
        return False
    if second is None:
        second = min(largest, total - largest)
    return total - largest - second < p / 100 * largest


def round_magnitude(value: float | None, step: int = ROUND_TO) -> int | None:
    """A salary figure rounded to the nearest ``step`` baht (halves away from zero)."""
    if value is None:
        return None
    return int((abs(value) / step) + 0.5) * step * (1 if value >= 0 else -1)


@lru_cache(maxsize=1 << 16)
def _record_key_cached(key_secret: str, kind: str, ident: object) -> int:
    return record_key(key_secret, kind, ident)


def key_of(kind: str, ident: object) -> int:
    """The record key of one record identified by its kind and database id (a complaint case, ...),
    memoised per process: pages count the same records on every request."""
    return _record_key_cached(secret(), kind, ident)
