"""The workforce dataset for the data explorer (core.datasets): headcount, share of women, mean and
median salary, over every dimension of PRODUCT.md §3."""

from __future__ import annotations

import numpy as np
from django.utils.translation import gettext_lazy as _

from thaothiam.agencies.models import Agency
from thaothiam.core.datasets import ALL, Aggregate, Dataset, Dimension, Measure, Query
from thaothiam.core.disclosure import TOTAL
from thaothiam.core.formatting import format_fiscal_year

from . import codes
from .models import Snapshot
from .selectors import Selection, snapshots_by_year


def _terms(terms):
    return lambda: [(t.code, t.label) for t in terms]


def _agencies():
    return [(a.code, a.name) for a in Agency.objects.order_by("code").only("code", "name_th", "name_en")]


def _years():
    return [(str(fy), format_fiscal_year(fy)) for fy in sorted(snapshots_by_year())]


def _executive():
    return [("1", str(_("Executive post"))), ("0", str(_("Not an executive post")))]


DIMENSIONS = [
    Dimension("agency", _("Agency"), _agencies),
    Dimension("fiscal_year", _("Fiscal year"), _years, multi_year=True),
    Dimension("sex", _("Sex"), _terms(codes.SEX)),
    Dimension("gender_identity", _("Gender identity"), _terms([*codes.GENDER_IDENTITY, codes.GENDER_UNDISCLOSED])),
    Dimension("personnel_type", _("Personnel type"), _terms(codes.PERSONNEL_TYPES)),
    Dimension("position_type", _("Position type"), _terms(codes.POSITION_TYPES)),
    Dimension("position_level", _("Position level"), _terms(codes.LEVELS)),
    Dimension("age_band", _("Age band"), _terms(codes.AGE_BANDS)),
    Dimension("is_executive", _("Executive post"), _executive),
]

MEASURES = [
    Measure("headcount", _("Headcount"), "count"),
    Measure("share_women", _("Share of women (%)"), "share", decimals=1, unit="%"),
    Measure("mean_salary", _("Mean monthly salary (baht)"), "mean", decimals=0),
    Measure("median_salary", _("Median monthly salary (baht)"), "median", decimals=0),
]


def fiscal_years_of(query: Query) -> list[int] | None:
    """Every requested year when the table breaks down by year; otherwise one year (the latest asked
    for, or the latest there is), since people counted in two snapshots must not be added up."""
    years = sorted(int(y) for y in query.filters.get("fiscal_year", ()) if str(y).isdigit())
    if "fiscal_year" in query.breakdowns:
        return years or None
    if years:
        return years[-1:]
    latest = max(snapshots_by_year(), default=None)
    return [latest] if latest is not None else []


class WorkforceDataset(Dataset):
    key = "workforce"
    order = 10
    label = _("Workforce (HR snapshots)")
    description = _("Everyone in the BMA workforce files; each agency counts from its latest snapshot in the fiscal year.")
    dimensions = DIMENSIONS
    measures = MEASURES

    def available(self) -> bool:
        return Snapshot.objects.exists()

    def aggregate(self, query: Query) -> Aggregate:
        selection = Selection(fiscal_years=fiscal_years_of(query), filters=query.filters, agency_ids=query.agency_ids)
        breakdowns = tuple(query.breakdowns)
        kind = self.measure(query.measure).kind
        out = Aggregate()
        rows = selection.cube(breakdowns)
        for row in rows:
            key = _key(row["key"])
            out.counts[key] = row["n"] or 0
            out.parts[key] = row["women"] or 0
            out.value_counts[key] = row["ns"] or 0
        if kind == "mean":
            sums = {_key(row["key"]): row["ss"] or 0.0 for row in rows}
            out.values = _with_margins(out.value_counts, sums, len(breakdowns), lambda s, n: s / n if n else None)
        elif kind == "median":
            arrays = {_key(k): v for k, v in selection.salaries(breakdowns).items()}
            out.values = _medians(arrays, len(breakdowns))
        return out


def _key(codes_: tuple):
    if not codes_:
        return ALL
    return codes_[0] if len(codes_) == 1 else codes_


def _with_margins(counts: dict, sums: dict, ways: int, stat) -> dict:
    """A statistic from sums for every cell and margin, keyed as core.disclosure expects."""
    acc: dict = {}

    def add(key, s, n):
        total = acc.setdefault(key, [0.0, 0])
        total[0] += s
        total[1] += n

    for key, n in counts.items():
        s = sums.get(key, 0.0)
        add(key, s, n)
        if ways == 2:
            add((key[0], TOTAL), s, n)
            add((TOTAL, key[1]), s, n)
            add((TOTAL, TOTAL), s, n)
        else:
            add(TOTAL, s, n)
    return {key: stat(s, n) for key, (s, n) in acc.items()}


def _medians(arrays: dict, ways: int) -> dict:
    groups: dict = {}
    for key, values in arrays.items():
        groups.setdefault(key, []).append(values)
        if ways == 2:
            for margin in ((key[0], TOTAL), (TOTAL, key[1]), (TOTAL, TOTAL)):
                groups.setdefault(margin, []).append(values)
        else:
            groups.setdefault(TOTAL, []).append(values)
    return {key: float(np.median(np.concatenate(parts))) for key, parts in groups.items()}


DATASETS = [WorkforceDataset()]
