"""Per-campaign response matrices kept in process memory and refreshed incrementally.

Each gunicorn worker keeps, per campaign, the packed answers of every *released* response as one
NumPy uint16 matrix (responses × item slots), its demographic bands as an int32 matrix (each band's number, surveys/bands.py) and each
response's record key for cell-key perturbation (surveys/keys.py, decision 0120). Before
each use the number of the campaign's latest release is read (one indexed query); when it grew, only
the responses of the newer releases are read (``survey_response_release`` index). Responses not yet
released are never read here: results are released, not live (surveys/releases.py, decision 0035).
See docs/decisions/0030-survey-storage-and-cache.md.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np
from django.db import connection

from .bands import DEMOGRAPHICS
from .keys import response_keys, uuid_bytes
from .models import SLOT_DTYPE

# Columns of `Matrix.bands`, in this order; the names are the demographic dimensions.
DIMENSIONS = ("agency", "sex", "gender_identity", "personnel_type", "level_band", "age_band")
_COLUMNS = "agency_id, sex, gender_identity, personnel_type, level_band, age_band, release, answers, CAST(id AS TEXT)"


@dataclass(frozen=True)
class Matrix:
    campaign_id: int
    answers: np.ndarray  # (n, slots) uint16; 0 = missing
    bands: np.ndarray  # (n, 6) int32, columns as DIMENSIONS
    release: int  # the release this matrix shows (0: nothing released yet)
    keys: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64), compare=False)  # record key per row
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


def _latest_release(campaign_id: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT MAX(number) FROM surveys_resultrelease WHERE campaign_id = %s", [campaign_id])
        return cursor.fetchone()[0] or 0


def _read(campaign_id: int, slots: int, upto: int, after: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    sql = (f"SELECT {_COLUMNS} FROM surveys_response WHERE campaign_id = %s"  # noqa: S608 — constant columns
           " AND release > %s AND release <= %s")
    params: list = [campaign_id, after, upto]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    n = len(rows)
    if n == 0:
        return np.zeros((0, slots), SLOT_DTYPE), np.zeros((0, 6), np.int32), np.zeros(0, np.int64)
    bands = _band_numbers(rows, n)
    keys = response_keys(uuid_bytes([row[8] for row in rows]))
    blob = b"".join(row[7] for row in rows)
    answers = np.frombuffer(blob, dtype=SLOT_DTYPE)
    width = answers.size // n
    answers = answers.reshape(n, width)
    if width != slots:  # a defensive fix-up; an opened instrument's slot count never changes
        fixed = np.zeros((n, slots), SLOT_DTYPE)
        fixed[:, : min(width, slots)] = answers[:, : min(width, slots)]
        answers = fixed
    return answers, bands, keys


def _band_numbers(rows: list, n: int) -> np.ndarray:
    """The (n, 6) band matrix: agency id, then each band as its number (surveys/bands.py: stored codes
    such as "F" or "30-39" become 1…n, "not stated" 0)."""
    out = np.empty((n, len(DIMENSIONS)), np.int32)
    out[:, 0] = np.fromiter((row[0] for row in rows), np.int32, n)
    for col, name in enumerate(DIMENSIONS[1:], start=1):
        dimension = DEMOGRAPHICS[name]
        if dimension.stored_as_code:
            numbers = {t.code: i for i, t in enumerate(dimension.all_terms)}
            out[:, col] = np.fromiter((numbers.get(row[col], 0) for row in rows), np.int32, n)
        else:
            out[:, col] = np.fromiter((row[col] or 0 for row in rows), np.int32, n)
    return out


def get(campaign_id: int, slots: int) -> Matrix:
    """The released matrix of a campaign: cached, checked with one query, extended by new releases."""
    release = _latest_release(campaign_id)
    cached = _cache.get(campaign_id)
    if cached is not None and cached.release == release and cached.answers.shape[1] == slots:
        stats["hits"] += 1
        return cached
    if cached is not None and release > cached.release and cached.answers.shape[1] == slots:
        answers, bands, keys = _read(campaign_id, slots, release, after=cached.release)
        matrix = Matrix(campaign_id, np.concatenate([cached.answers, answers]),
                        np.concatenate([cached.bands, bands]), release, np.concatenate([cached.keys, keys]))
        stats["incremental"] += 1
    else:
        answers, bands, keys = _read(campaign_id, slots, release)
        matrix = Matrix(campaign_id, answers, bands, release, keys)
        stats["full"] += 1
    with _lock:
        _cache[campaign_id] = matrix
    return matrix
