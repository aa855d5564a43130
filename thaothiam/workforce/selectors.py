"""Readers of the workforce data. Counts, shares and means come from the pre-aggregated cube
(WorkforceCell); medians read one salary column of the filtered people into NumPy. Nothing here
applies disclosure control: callers pass the results through core.disclosure (or core.datasets)."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from django.db.models import Case, F, FloatField, IntegerField, Max, Sum, When
from django.db.models.functions import Cast

from thaothiam.agencies.models import Agency

from .models import Person, Snapshot, WorkforceCell

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


def snapshots_by_year() -> dict[int, Snapshot]:
    """The latest snapshot of each fiscal year: the one a fiscal year's figures come from."""
    latest = {}
    for snapshot in Snapshot.objects.order_by("as_of"):
        latest[snapshot.fiscal_year] = snapshot
    return latest


def latest_fiscal_year() -> int | None:
    return Snapshot.objects.aggregate(fy=Max("fiscal_year"))["fy"]


def agency_codes() -> dict[int, str]:
    return dict(Agency.objects.values_list("pk", "code"))


class Selection:
    """Which snapshots and which slice of the cube one question is about."""

    def __init__(self, *, fiscal_years: list[int] | None, filters: dict[str, tuple[str, ...]],
                 agency_ids: frozenset[int] | None):
        by_year = snapshots_by_year()
        years = [fy for fy in (fiscal_years or sorted(by_year)) if fy in by_year]
        self.snapshot_fy = {by_year[fy].pk: fy for fy in years}
        self.filters = filters
        self.agency_ids = agency_ids
        self.codes = agency_codes()
        self.ids = {code: pk for pk, code in self.codes.items()}

    def _where(self, qs, *, people: bool = False):
        qs = qs.filter(snapshot_id__in=list(self.snapshot_fy))
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
        """Sums over the cube grouped by the breakdowns: n, women, ns (salaries), ss (salary sum)."""
        qs = self._where(WorkforceCell.objects.all())
        sums = {
            "n": Sum("headcount"),
            "women": Sum(Case(When(sex="F", then=F("headcount")), default=0, output_field=IntegerField())),
            "ns": Sum("salary_count"),
            "ss": Sum(Cast("salary_sum", FloatField())),
        }
        if not breakdowns:
            row = qs.aggregate(**sums)
            return [{"key": (), **row}] if row["n"] else []
        fields = [FIELDS[b] for b in breakdowns]
        out = []
        for row in qs.values(*fields).annotate(**sums).order_by():
            out.append({"key": tuple(self.code(b, row[f]) for b, f in zip(breakdowns, fields, strict=True)), **row})
        return out

    def salaries(self, breakdowns: tuple[str, ...]) -> dict[tuple, np.ndarray]:
        """Every salary of the selected people grouped by the breakdowns (one indexed query)."""
        qs = self._where(Person.objects.filter(salary__isnull=False), people=True)
        fields = [FIELDS[b] for b in breakdowns]
        raw = list(qs.annotate(_s=Cast("salary", FloatField())).values_list(*fields, "_s"))
        groups: dict[tuple, list] = defaultdict(list)
        if not fields:
            return {(): np.fromiter((r[-1] for r in raw), dtype=float, count=len(raw))} if raw else {}
        for row in raw:
            groups[row[:-1]].append(row[-1])
        return {
            tuple(self.code(b, v) for b, v in zip(breakdowns, key, strict=True)): np.asarray(values, dtype=float)
            for key, values in groups.items()
        }
