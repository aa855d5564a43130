"""The survey-respondents dataset for the data explorer (core.datasets): anonymous responses counted by
agency, fiscal year, survey, sex, gender identity, personnel type, level band and age band.

Counts only, cell-key perturbed with each response's record key (decision 0120): the same responses
give the same published count in every table, so "A and B" minus "B", "all but one" selections and
linked tables return noise, not a hidden group. From the per-process NumPy matrices the results pages already keep (``surveys.matrix``:
one ``COUNT(*)`` per campaign to check them), so no response is ever read one by one. Draft campaigns
have no responses; open and closed ones count. Each response counts once: someone who answered both
surveys counts in each (break down or filter by survey to count the people of one survey).
"""

from __future__ import annotations

import numpy as np
from django.utils.translation import gettext_lazy as _

from thaothiam.agencies.models import Agency
from thaothiam.core.datasets import ALL, Aggregate, Dataset, Dimension, Measure, Query
from thaothiam.core.formatting import format_fiscal_year
from thaothiam.core.i18n import pick

from .models import DEMOGRAPHICS, Campaign, Instrument
from .selectors import load_matrix

BANDS = tuple(DEMOGRAPHICS)  # sex, gender_identity, personnel_type, level_band, age_band


def _campaigns():
    return Campaign.objects.exclude(status=Campaign.Status.DRAFT).select_related("instrument")


def _agencies():
    return [(a.code, a.name) for a in Agency.objects.order_by("code").only("code", "name_th", "name_en")]


def _years():
    years = _campaigns().values_list("fiscal_year", flat=True).distinct().order_by("fiscal_year")
    return [(str(fy), format_fiscal_year(fy)) for fy in years]


def _surveys():
    """One code per survey family (its versions across years), labelled with its latest title."""
    out: dict[str, str] = {}
    for instrument in Instrument.objects.order_by("kind", "family", "-pk").only("family", "title_th", "title_en"):
        out.setdefault(instrument.family, pick(instrument.title_th, instrument.title_en))
    return list(out.items())


def _band(dimension):
    """The core vocabulary's codes and labels (surveys/bands.py), as every dataset shows them."""
    return lambda: [(code, str(label)) for code, label in dimension.code_choices()]


DIMENSIONS = [
    Dimension("agency", _("Agency"), _agencies),
    Dimension("fiscal_year", _("Fiscal year"), _years),
    Dimension("survey", _("Survey"), _surveys),
    Dimension("sex", _("Sex"), _band(DEMOGRAPHICS["sex"])),
    Dimension("gender_identity", _("Gender identity"), _band(DEMOGRAPHICS["gender_identity"])),
    Dimension("personnel_type", _("Personnel type"), _band(DEMOGRAPHICS["personnel_type"])),
    Dimension("level_band", _("Position level band"), _band(DEMOGRAPHICS["level_band"])),
    Dimension("age_band", _("Age band"), _band(DEMOGRAPHICS["age_band"])),
]

MEASURES = [Measure("respondents", _("Respondents"), "count")]


def fiscal_years_of(query: Query) -> list[int] | None:
    """As for the other datasets: every year asked for with a fiscal-year breakdown, otherwise one year
    (the latest chosen, or the latest survey year)."""
    years = sorted(int(y) for y in query.filters.get("fiscal_year", ()) if str(y).isdigit())
    if "fiscal_year" in query.breakdowns:
        return years or None
    if years:
        return years[-1:]
    latest = _campaigns().order_by("-fiscal_year").values_list("fiscal_year", flat=True).first()
    return [latest] if latest is not None else []


class RespondentsDataset(Dataset):
    key = "respondents"
    order = 30
    label = _("Survey respondents")
    description = _("Anonymous responses to the staff surveys, by the bands respondents gave. Someone who answered "
                    "two surveys counts once in each: filter or break down by survey to count one survey.")
    dimensions = DIMENSIONS
    measures = MEASURES
    perturbed = True  # cell-key perturbation with each response's record key (surveys/keys.py, decision 0120)

    def available(self) -> bool:
        return _campaigns().filter(responses__isnull=False).exists()

    def aggregate(self, query: Query) -> Aggregate:
        campaigns = _campaigns()
        years = fiscal_years_of(query)
        if years is not None:
            campaigns = campaigns.filter(fiscal_year__in=years)
        if query.filters.get("survey"):
            campaigns = campaigns.filter(instrument__family__in=list(query.filters["survey"]))
        codes = dict(Agency.objects.values_list("pk", "code"))
        ids = {code: pk for pk, code in codes.items()}
        agency_ids = set(query.agency_ids) if query.agency_ids is not None else None
        if query.filters.get("agency"):
            chosen = {ids[c] for c in query.filters["agency"] if c in ids}
            agency_ids = chosen if agency_ids is None else agency_ids & chosen
        band_filters = {dim: [n for n in (DEMOGRAPHICS[dim].number(c) for c in query.filters[dim]) if n is not None]
                        for dim in BANDS if query.filters.get(dim)}
        out = Aggregate()
        for campaign in campaigns.order_by("pk"):
            _shape, matrix = load_matrix(campaign)
            if not matrix.count:
                continue
            mask = np.ones(matrix.count, dtype=bool)
            if agency_ids is not None:
                mask &= np.isin(matrix.column("agency"), sorted(agency_ids))
            for dim, allowed in band_filters.items():
                mask &= np.isin(matrix.column(dim), allowed)
            if not mask.any():
                continue
            columns, constants = [], {}
            for b in query.breakdowns:
                if b == "fiscal_year":
                    constants[b] = str(campaign.fiscal_year)
                elif b == "survey":
                    constants[b] = campaign.instrument.family
                else:
                    columns.append(b)
            keys = matrix.keys[mask]
            if columns:
                picked = np.stack([matrix.column(c)[mask] for c in columns], axis=1)
                groups, inverse, counts = np.unique(picked, axis=0, return_inverse=True, return_counts=True)
                key_sums = np.bincount(inverse.reshape(-1), weights=keys, minlength=len(groups)).astype(np.int64)
            else:
                groups, counts = np.zeros((1, 0), dtype=np.int32), np.array([int(mask.sum())])
                key_sums = np.array([int(keys.sum())])
            for group, n, k in zip(groups, counts, key_sums, strict=True):
                values = dict(zip(columns, (int(v) for v in group), strict=True))
                key = []
                for b in query.breakdowns:
                    if b in constants:
                        key.append(constants[b])
                    elif b == "agency":
                        key.append(codes.get(values[b], str(values[b])))
                    else:
                        key.append(DEMOGRAPHICS[b].code(values[b]))
                key = _key(tuple(key))
                out.counts[key] = out.counts.get(key, 0) + int(n)
                out.keys[key] = out.keys.get(key, 0) + int(k)
        return out


def _key(codes_: tuple):
    if not codes_:
        return ALL
    return codes_[0] if len(codes_) == 1 else codes_


DATASETS = [RespondentsDataset()]
