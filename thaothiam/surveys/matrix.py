"""Per-campaign response matrices kept in process memory and refreshed incrementally.

Each gunicorn worker keeps, per campaign, every response's packed answers as one NumPy uint16
matrix (responses × item slots) and its demographic bands as an int32 matrix. Before each use a
cheap ``COUNT(*)`` (an index-only scan of ``survey_response_load``) is compared with the cached
count; when it grew, only the rows of the last cached submission date and later are read again
(responses carry no sequence number on purpose — a date is all there is). Any process therefore
sees every submission committed before its request began. See
docs/decisions/0030-survey-storage-and-cache.md.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np
from django.db import connection

from .models import SLOT_DTYPE

# Columns of `Matrix.bands`, in this order; the names are the demographic dimensions.
DIMENSIONS = ("agency", "sex", "gender_identity", "personnel_type", "level_band", "age_band")
_COLUMNS = "agency_id, sex, gender_identity, personnel_type, level_band, age_band, submitted_on, answers"


@dataclass(frozen=True)
class Matrix:
    campaign_id: int
    answers: np.ndarray  # (n, slots) uint16; 0 = missing
    bands: np.ndarray  # (n, 6) int32, columns as DIMENSIONS
    days: np.ndarray  # (n,) int32 proleptic ordinal of the submission date
    derived: dict = field(default_factory=dict, compare=False)  # per-row arrays computed once (selectors)

    @property
    def count(self) -> int:
        return int(self.answers.shape[0])

    def column(self, dimension: str) -> np.ndarray:
        return self.bands[:, DIMENSIONS.index(dimension)]


_cache: dict[int, Matrix] = {}
_lock = threading.Lock()
stats = {"full": 0, "incremental": 0, "hits": 0}  # for tests and the benchmark


def clear() -> None:
    with _lock:
        _cache.clear()


def _count(campaign_id: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM surveys_response WHERE campaign_id = %s", [campaign_id])
        return cursor.fetchone()[0]


def _read(campaign_id: int, slots: int, since=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    sql = f"SELECT {_COLUMNS} FROM surveys_response WHERE campaign_id = %s"  # noqa: S608 — constant columns
    params: list = [campaign_id]
    if since is not None:
        sql += " AND submitted_on >= %s"
        params.append(since)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    n = len(rows)
    if n == 0:
        return np.zeros((0, slots), SLOT_DTYPE), np.zeros((0, 6), np.int32), np.zeros(0, np.int32)
    bands = np.array([row[:6] for row in rows], dtype=np.int32)
    days = np.fromiter((_ordinal(row[6]) for row in rows), dtype=np.int32, count=n)
    blob = b"".join(row[7] for row in rows)
    answers = np.frombuffer(blob, dtype=SLOT_DTYPE)
    width = answers.size // n
    answers = answers.reshape(n, width)
    if width != slots:  # a defensive fix-up; an opened instrument's slot count never changes
        fixed = np.zeros((n, slots), SLOT_DTYPE)
        fixed[:, : min(width, slots)] = answers[:, : min(width, slots)]
        answers = fixed
    return answers, bands, days


def _ordinal(value) -> int:
    if isinstance(value, str):  # a raw SQLite value when no converter ran
        import datetime as dt

        value = dt.date.fromisoformat(value)
    return value.toordinal()


def get(campaign_id: int, slots: int) -> Matrix:
    """The current matrix of a campaign: cached, checked with one COUNT(*), refreshed if needed."""
    count = _count(campaign_id)
    cached = _cache.get(campaign_id)
    if cached is not None and cached.count == count and cached.answers.shape[1] == slots:
        stats["hits"] += 1
        return cached
    if cached is not None and count > cached.count > 0 and cached.answers.shape[1] == slots:
        import datetime as dt

        last = int(cached.days.max())
        keep = cached.days < last
        answers, bands, days = _read(campaign_id, slots, since=dt.date.fromordinal(last))
        matrix = Matrix(campaign_id, np.concatenate([cached.answers[keep], answers]),
                        np.concatenate([cached.bands[keep], bands]), np.concatenate([cached.days[keep], days]))
        stats["incremental"] += 1
    else:
        matrix = Matrix(campaign_id, *_read(campaign_id, slots))
        stats["full"] += 1
    with _lock:
        _cache[campaign_id] = matrix
    return matrix
