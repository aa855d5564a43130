"""The workforce dataset for the data explorer (core.datasets): headcount, share of women, mean and
median salary, over every dimension of PRODUCT.md §3."""

from __future__ import annotations

import numpy as np
from django.utils.translation import gettext_lazy as _

from thaothiam.agencies.models import Agency
from thaothiam.core.cellkey import ROUND_TO, dominated
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
    Measure("mean_salary", _("Mean monthly salary (baht)"), "mean", decimals=0, round_to=ROUND_TO),
    Measure("median_salary", _("Median monthly salary (baht)"), "median", decimals=0, round_to=ROUND_TO),
]
SALARY = ("mean_salary", "median_salary")
# Salary figures only at coarse breakdowns (docs/decisions/0024): nothing finer than a position type.
SALARY_DIMENSIONS = frozenset({"fiscal_year", "agency", "sex", "personnel_type", "position_type"})


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
    perturbed = True

    def available(self) -> bool:
        return Snapshot.objects.exists()

    def check(self, measure, breakdowns, filters):
        if measure in SALARY:
            finer = [d for d in (*breakdowns, *(k for k, v in filters.items() if v)) if d not in SALARY_DIMENSIONS]
            if finer:
                return _("Salaries are shown only by fiscal year, agency, sex, personnel type and position type: "
                         "remove the other breakdowns and filters.")
        return None

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
            out.keys[key] = row["k"] or 0
            out.part_keys[key] = row["wk"] or 0
        if kind == "mean":
            stats = _with_margins(out.value_counts, {_key(r["key"]): (r["ss"] or 0.0, r["mx"]) for r in rows},
                                  len(breakdowns))
            out.values = {key: (s / n if n else None) for key, (s, n, _mx) in stats.items()}
            out.dominated = {key: dominated(s, mx or 0.0) for key, (s, _n, mx) in stats.items()}
        elif kind == "median":
            arrays = {_key(k): v for k, v in selection.salaries(breakdowns).items()}
            out.values, out.dominated = _medians(arrays, len(breakdowns))
        return out


def _key(codes_: tuple):
    if not codes_:
        return ALL
    return codes_[0] if len(codes_) == 1 else codes_


def _with_margins(counts: dict, sums: dict, ways: int) -> dict:
    """(salary sum, people with a salary, largest salary) of every cell and margin, keyed as core.disclosure
    expects. ``sums`` holds (sum, largest) per cell."""
    acc: dict = {}

    def add(key, s, n, mx):
        total = acc.setdefault(key, [0.0, 0, None])
        total[0] += s
        total[1] += n
        if mx is not None:
            total[2] = mx if total[2] is None else max(total[2], mx)

    for key, n in counts.items():
        s, mx = sums.get(key, (0.0, None))
        targets = [key, (key[0], TOTAL), (TOTAL, key[1]), (TOTAL, TOTAL)] if ways == 2 else [key, TOTAL]
        for target in targets:
            add(target, s, n, mx)
    return {key: tuple(v) for key, v in acc.items()}


def _medians(arrays: dict, ways: int) -> tuple[dict, dict]:
    """The median of every cell and margin, and whether its salaries fail the p% rule (exact top two)."""
    groups: dict = {}
    for key, values in arrays.items():
        groups.setdefault(key, []).append(values)
        if ways == 2:
            for margin in ((key[0], TOTAL), (TOTAL, key[1]), (TOTAL, TOTAL)):
                groups.setdefault(margin, []).append(values)
        else:
            groups.setdefault(TOTAL, []).append(values)
    medians, flags = {}, {}
    for key, parts in groups.items():
        values = np.concatenate(parts)
        medians[key] = float(np.median(values))
        top = np.sort(values)[-2:]
        flags[key] = dominated(float(values.sum()), float(top[-1]), float(top[0]) if len(top) > 1 else 0.0)
    return medians, flags


DATASETS = [WorkforceDataset()]
