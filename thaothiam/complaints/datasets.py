"""The complaint-cases dataset for the data explorer: coarse fields only (fiscal year, agency, agency group,
category, relationship, outcome), counts of cases, cell-key perturbed by the cases' record keys
(complaints.stats.case_key) so a cell has the same value here as on the trends page and differencing
two tables gives noise. Case content does not exist here to be counted. Central and executives only: an agency's figures are on
the complaint trends page, within the same threshold."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from thaothiam.agencies.models import Agency
from thaothiam.core.datasets import ALL, Aggregate, Dataset, Dimension, Measure, Query
from thaothiam.core.formatting import format_fiscal_year

from .models import Case, Category, Outcome, Relationship

NO_OUTCOME = "none"
FIELDS = {"fiscal_year": "fiscal_year", "agency": "agency__code", "agency_group": "agency__kind",
          "category": "category", "relationship": "relationship", "outcome": "outcome"}


def _choices(pairs):
    return lambda: [(str(code), str(label)) for code, label in pairs]


def _years():
    years = Case.objects.values_list("fiscal_year", flat=True).distinct().order_by("fiscal_year")
    return [(str(fy), format_fiscal_year(fy)) for fy in years]


def _agencies():
    return [(a.code, a.name) for a in Agency.objects.order_by("code").only("code", "name_th", "name_en")]


DIMENSIONS = [
    Dimension("fiscal_year", _("Fiscal year"), _years),
    Dimension("agency", _("Agency"), _agencies),
    Dimension("agency_group", _("Agency group"), _choices(Agency.Kind.choices)),
    Dimension("category", _("What happened"), _choices(Category.choices)),
    Dimension("relationship", _("Person complained about"), _choices(Relationship.choices)),
    Dimension("outcome", _("Outcome"), _choices([*Outcome.choices, (NO_OUTCOME, _("No outcome yet"))])),
]


def _code(dim: str, value) -> str:
    if dim == "outcome" and not value:
        return NO_OUTCOME
    return str(value)


class ComplaintCasesDataset(Dataset):
    key = "complaints"
    order = 60
    label = _("Complaint cases")
    description = _("Cases received through the complaint channel, by coarse fields only. Every fiscal year "
                    "counts its own cases, so a table across years counts each case once.")
    dimensions = DIMENSIONS
    measures = [Measure("cases", _("Cases"), "count")]
    roles = frozenset({"central", "executive"})
    perturbed = True

    def available(self) -> bool:
        return Case.objects.exists()

    def aggregate(self, query: Query) -> Aggregate:
        cases = Case.objects.all()
        if query.agency_ids is not None:
            cases = cases.filter(agency_id__in=sorted(query.agency_ids))
        for dim, allowed in query.filters.items():
            if not allowed or dim not in FIELDS:
                continue
            values = [("" if dim == "outcome" and v == NO_OUTCOME else v) for v in allowed]
            if dim == "fiscal_year":
                values = [int(v) for v in values if str(v).isdigit()]
            cases = cases.filter(**{f"{FIELDS[dim]}__in": values})
        from .stats import case_key

        fields = [FIELDS[b] for b in query.breakdowns]
        out = Aggregate()
        for row in cases.values("pk", *fields).order_by():
            codes = tuple(_code(b, row[FIELDS[b]]) for b in query.breakdowns)
            key = ALL if not codes else codes[0] if len(codes) == 1 else codes
            out.counts[key] = out.counts.get(key, 0) + 1
            out.keys[key] = out.keys.get(key, 0) + case_key(row["pk"])
        return out


DATASETS = [ComplaintCasesDataset()]
