"""Readers of the workforce data. Counts, shares and means come from the pre-aggregated cube
(WorkforceCell); medians read one salary column of the filtered people into NumPy. Nothing here
applies disclosure control: callers pass the results through core.disclosure (or core.datasets)."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import numpy as np
from django.db import connection
from django.db.models import BigIntegerField, Case, F, FloatField, IntegerField, Max, Q, Sum, When
from django.db.models.functions import Cast

from thaothiam.agencies.models import Agency

from .models import Person, Snapshot, SnapshotAgency, WorkforceCell

# explorer dimension -> cube field (the Person field has the same name, except gender identity "U" = "")
FIELDS = {
    "agency": "agency_id",
    "fiscal_year": "snapshot_id",
    "sex": "sex",
    "gender_identity": "gender_identity",
    "personnel_type": "personnel_type",
    "position_type": "position_type",
    "position_level": "position_level",
    "age_band": "age_band",
    "is_executive": "is_executive",
}


_reads: ContextVar[dict | None] = ContextVar("workforce_reads", default=None)


@contextmanager
def one_reading() -> Iterator[None]:
    """Inside this block, the small lookups every explorer query repeats (snapshots, which agencies each
    holds, agency codes) are read once: the indicators run a dozen queries over the same snapshots."""
    token = _reads.set({}) if _reads.get() is None else None
    try:
        yield
    finally:
        if token is not None:
            _reads.reset(token)


def _memo(key: Any, compute: Callable[[], Any]) -> Any:
    memo = _reads.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def snapshots_by_year() -> dict[int, Snapshot]:
    """The latest snapshot of each fiscal year: the one a fiscal year's figures come from."""
    return _memo("snapshots_by_year", _snapshots_by_year)


def _snapshots_by_year() -> dict[int, Snapshot]:
    latest = {}
    for snapshot in Snapshot.objects.order_by("as_of"):
        latest[snapshot.fiscal_year] = snapshot
    return latest


def year_parts(fiscal_years: list[int]) -> dict[int, tuple[int, frozenset[int] | None]]:
    return _memo(("year_parts", tuple(sorted(fiscal_years))), lambda: _year_parts(fiscal_years))


def _year_parts(fiscal_years: list[int]) -> dict[int, tuple[int, frozenset[int] | None]]:
    """{snapshot id: (fiscal year, agency ids taken from it, or None for all of its agencies)}.

    Each agency counts in a fiscal year from its own latest snapshot in that year (agencies may import on
    different dates); people are never added up across snapshots of one agency."""
    rows = (SnapshotAgency.objects.filter(snapshot__fiscal_year__in=fiscal_years)
            .values_list("snapshot_id", "snapshot__fiscal_year", "snapshot__as_of", "agency_id"))
    latest: dict[tuple[int, int], tuple] = {}
    held: dict[int, set[int]] = {}
    for snapshot_id, fy, as_of, agency_id in rows:
        held.setdefault(snapshot_id, set()).add(agency_id)
        if (fy, agency_id) not in latest or latest[(fy, agency_id)][0] < as_of:
            latest[(fy, agency_id)] = (as_of, snapshot_id)
    taken: dict[int, tuple[int, set[int]]] = {}
    for (fy, agency_id), (_as_of, snapshot_id) in latest.items():
        taken.setdefault(snapshot_id, (fy, set()))[1].add(agency_id)
    return {s: (fy, None if agencies == held[s] else frozenset(agencies)) for s, (fy, agencies) in taken.items()}


def agency_codes() -> dict[int, str]:
    return _memo("agency_codes", lambda: dict(Agency.objects.values_list("pk", "code")))


class Selection:
    """Which snapshots and which slice of the cube one question is about."""

    def __init__(self, *, fiscal_years: list[int] | None, filters: dict[str, tuple[str, ...]],
                 agency_ids: frozenset[int] | None):
        by_year = snapshots_by_year()
        years = [fy for fy in (fiscal_years or sorted(by_year)) if fy in by_year]
        self.parts = year_parts(years)
        self.snapshot_fy = {s: fy for s, (fy, _agencies) in self.parts.items()}
        self.versions = _memo(("versions", tuple(sorted(self.parts))), lambda: dict(
            Snapshot.objects.filter(pk__in=list(self.parts)).values_list("pk", "updated_at")))
        self.filters = filters
        self.agency_ids = agency_ids
        self.codes = agency_codes()
        self.ids = {code: pk for pk, code in self.codes.items()}

    def _where(self, qs, *, people: bool = False):
        parts = Q(pk__in=[])
        for snapshot_id, (_fy, agencies) in self.parts.items():
            parts |= Q(snapshot_id=snapshot_id) if agencies is None else Q(snapshot_id=snapshot_id,
                                                                             agency_id__in=sorted(agencies))
        qs = qs.filter(parts)
        if self.agency_ids is not None:
            qs = qs.filter(agency_id__in=list(self.agency_ids))
        for key, allowed in self.filters.items():
            if key == "fiscal_year" or not allowed:
                continue
            field = FIELDS[key]
            if key == "agency":
                values = [self.ids[c] for c in allowed if c in self.ids]
            elif key == "is_executive":
                values = [c == "1" for c in allowed]
            elif key == "gender_identity" and people:
                values = ["" if c == "U" else c for c in allowed]
            else:
                values = list(allowed)
            qs = qs.filter(**{f"{field}__in": values})
        return qs

    def code(self, key: str, value) -> str:
        if key == "agency":
            return self.codes.get(value, str(value))
        if key == "fiscal_year":
            return str(self.snapshot_fy[value])
        if key == "is_executive":
            return "1" if value else "0"
        if key == "gender_identity":
            return value or "U"
        return str(value)

    def cube(self, breakdowns: tuple[str, ...]) -> list[dict]:
        """Sums over the cube grouped by the breakdowns: n, women, ns (salaries), ss (salary sum), k and wk (the
        record-key sums of everyone and of the women, core.cellkey), mx (the largest salary)."""
        qs = self._where(WorkforceCell.objects.all())
        sums = {
            "n": Sum("headcount"),
            "women": Sum(Case(When(sex="F", then=F("headcount")), default=0, output_field=IntegerField())),
            "ns": Sum("salary_count"),
            "ss": Sum(Cast("salary_sum", FloatField())),
            "k": Sum("key_sum"),
            "wk": Sum(Case(When(sex="F", then=F("key_sum")), default=0, output_field=BigIntegerField())),
            "mx": Max(Cast("salary_max", FloatField())),
        }
        if not breakdowns:
            row = qs.aggregate(**sums)
            return [{"key": (), **row}] if row["n"] else []
        fields = [FIELDS[b] for b in breakdowns]
        merged: dict[tuple, dict] = {}  # two snapshots of one fiscal year give the same key
        for row in qs.values(*fields).annotate(**sums).order_by():
            key = tuple(self.code(b, row[f]) for b, f in zip(breakdowns, fields, strict=True))
            entry = merged.setdefault(key, {"key": key, "n": 0, "women": 0, "ns": 0, "ss": 0.0, "k": 0, "wk": 0,
                                            "mx": None})
            for name in ("n", "women", "ns", "ss", "k", "wk"):
                entry[name] += row[name] or 0
            if row["mx"] is not None:
                entry["mx"] = row["mx"] if entry["mx"] is None else max(entry["mx"], row["mx"])
        return list(merged.values())

    def salaries(self, breakdowns: tuple[str, ...]) -> dict[tuple, np.ndarray]:
        """Every salary of the selected people, grouped by the breakdowns, from the per-snapshot NumPy
        columns (loaded once per process and snapshot version, see `_columns`)."""
        out: dict[tuple, list] = {}
        for snapshot_id, fy in self.snapshot_fy.items():
            cols = _columns(snapshot_id, self.versions[snapshot_id])
            mask = ~np.isnan(cols["salary"])
            taken = self.parts[snapshot_id][1]
            if taken is not None:
                mask &= _isin(cols["agency"], list(taken))
            if self.agency_ids is not None:
                mask &= _isin(cols["agency"], list(self.agency_ids))
            for key, allowed in self.filters.items():
                if key == "fiscal_year" or not allowed:
                    continue
                if key == "agency":
                    wanted = [self.ids[c] for c in allowed if c in self.ids]
                elif key == "is_executive":
                    wanted = [c == "1" for c in allowed]
                else:
                    wanted = list(allowed)
                mask &= _isin(cols[key], wanted)
            salaries = cols["salary"][mask]
            if not len(salaries):
                continue
            dims = [b for b in breakdowns if b != "fiscal_year"]
            group = np.zeros(len(salaries), dtype=np.int64)
            for b in dims:
                labels, codes_ = cols[b]
                group = group * len(labels) + codes_[mask]
            order = np.argsort(group, kind="stable")
            group, ordered = group[order], salaries[order]
            starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
            for begin, end in zip(starts, [*starts[1:], len(group)], strict=True):
                index, parts = int(group[begin]), {}
                for b in reversed(dims):
                    labels = cols[b][0]
                    index, position = divmod(index, len(labels))
                    parts[b] = self.code(b, labels[position].item())
                key = tuple(str(fy) if b == "fiscal_year" else parts[b] for b in breakdowns)
                out.setdefault(key, []).append(ordered[begin:end])
        return {key: np.concatenate(parts) for key, parts in out.items()}


# --- per-snapshot columns for medians --------------------------------------------------------------

_COLUMN_FIELDS = ["agency_id", "sex", "gender_identity", "personnel_type", "position_type", "position_level",
                  "age_band", "is_executive"]
_DIMENSIONS = ["agency", "sex", "gender_identity", "personnel_type", "position_type", "position_level",
               "age_band", "is_executive"]
_cache: dict[int, tuple[object, dict]] = {}


def _isin(column, wanted: list) -> np.ndarray:
    labels, codes_ = column
    positions = [i for i, label in enumerate(labels.tolist()) if label in set(wanted)]
    return np.isin(codes_, positions)


def _read_people(snapshot_id: int) -> dict:
    """One query: the snapshot's people as {dimension: (labels, int codes)} and float salaries (NaN = none)."""
    qs = Person.objects.filter(snapshot_id=snapshot_id).annotate(_s=Cast("salary", FloatField()))
    sql, params = qs.values_list(*_COLUMN_FIELDS, "_s").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    columns = list(zip(*rows, strict=True)) if rows else [()] * (len(_COLUMN_FIELDS) + 1)
    arrays: dict = {}
    for name, values in zip(_DIMENSIONS, columns, strict=False):
        if name == "gender_identity":
            values = [v or "U" for v in values]
        elif name == "is_executive":
            values = [bool(v) for v in values]
        labels, codes_ = np.unique(np.asarray(values), return_inverse=True)
        arrays[name] = (labels, codes_.astype(np.int32))
    arrays["salary"] = np.asarray([np.nan if v is None else v for v in columns[-1]], dtype=float)
    return arrays


def columns_blob(snapshot_id: int) -> bytes:
    """The snapshot's columns as an .npz file (no pickles), stored on the Snapshot by each import."""
    arrays = _read_people(snapshot_id)
    flat = {"salary": arrays.pop("salary")}
    for name, (labels, codes_) in arrays.items():
        flat[f"{name}__labels"], flat[f"{name}__codes"] = labels, codes_
    buffer = io.BytesIO()
    np.savez(buffer, **flat)
    return buffer.getvalue()


def _from_blob(blob: bytes) -> dict:
    with np.load(io.BytesIO(blob), allow_pickle=False) as data:
        arrays = {name: (data[f"{name}__labels"], data[f"{name}__codes"]) for name in _DIMENSIONS}
        arrays["salary"] = data["salary"]
    return arrays


def _columns(snapshot_id: int, version) -> dict:
    """The people of one snapshot as NumPy columns, kept per process and snapshot version (every import
    touches Snapshot.updated_at and rewrites Snapshot.columns in the same transaction). A cold process
    reads the stored .npz (~1 MB per 100,000 people); without one it reads the people themselves."""
    cached = _cache.get(snapshot_id)
    if cached is not None and cached[0] == version:
        return cached[1]
    blob = Snapshot.objects.filter(pk=snapshot_id).values_list("columns", flat=True).first()
    arrays = _from_blob(bytes(blob)) if blob else _read_people(snapshot_id)
    _cache[snapshot_id] = (version, arrays)
    return arrays
