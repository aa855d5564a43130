"""The learning-records dataset for the data explorer: completions of courses (e-learning and
classroom) by agency, fiscal year, sex, personnel type and kind of course. Cell-key perturbed by the
records' keys (Completion.record_key, docs/decisions/0028), so "A and B" minus "B" gives noise."""

from __future__ import annotations

from django.db.models import Max, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from thaothiam.agencies.models import Agency
from thaothiam.core import vocabulary
from thaothiam.core.datasets import ALL, Aggregate, Dataset, Dimension, Measure, Query
from thaothiam.core.formatting import format_fiscal_year

from .models import Completion, Course

FIELDS = {"agency": "agency__code", "fiscal_year": "fiscal_year", "sex": "sex",
          "personnel_type": "person_type", "course_kind": "course__kind"}


def _agencies():
    return [(a.code, a.name) for a in Agency.objects.order_by("code").only("code", "name_th", "name_en")]


def _years():
    years = Completion.objects.values_list("fiscal_year", flat=True).distinct().order_by("fiscal_year")
    return [(str(fy), format_fiscal_year(fy)) for fy in years]


def _personnel():
    # The records' blank personnel type is the vocabulary's "not stated" (U), as in the survey dataset.
    return [(t.code, t.label) for t in [*vocabulary.PERSONNEL_TYPES, vocabulary.NOT_STATED]]


def person_type():
    """A record's personnel type as reach counts its person (learning.reach.PERSONNEL_TYPE_SQL, decision
    0166): a named learner's greatest type over their records of the year, agency and sex ("" only when
    none is known); a counts-only row's own."""
    same_person = (Completion.objects.filter(fiscal_year=OuterRef("fiscal_year"), agency_id=OuterRef("agency_id"),
                                             sex=OuterRef("sex"), learner_key=OuterRef("learner_key"))
                   .exclude(learner_key="").order_by().values("learner_key").annotate(t=Max("personnel_type")))
    return Coalesce(Subquery(same_person.values("t")[:1]), "personnel_type")


class LearningDataset(Dataset):
    key = "learning"
    order = 40
    label = _("Learning records (courses completed)")
    description = _("Completions of e-learning and classroom courses. A person who completed two courses counts "
                    "twice; sign-in sheets that kept only counts have no personnel type.")
    dimensions = [
        Dimension("agency", _("Agency"), _agencies),
        Dimension("fiscal_year", _("Fiscal year"), _years),  # completions are events: years add up
        Dimension("sex", _("Sex"), lambda: [(t.code, t.label) for t in vocabulary.SEX]),
        Dimension("personnel_type", _("Personnel type"), _personnel),
        Dimension("course_kind", _("Kind of course"), lambda: [(v, str(label)) for v, label in Course.Kind.choices]),
    ]
    measures = [Measure("completions", _("Completions"), "count")]
    perturbed = True

    def available(self) -> bool:
        return Completion.objects.exists()

    def aggregate(self, query: Query) -> Aggregate:
        qs = Completion.objects.all()
        if "personnel_type" in query.breakdowns or query.filters.get("personnel_type"):
            qs = qs.annotate(person_type=person_type())
        if query.agency_ids is not None:
            qs = qs.filter(agency_id__in=sorted(query.agency_ids))
        for key, allowed in query.filters.items():
            if allowed:
                values = [int(v) for v in allowed if str(v).isdigit()] if key == "fiscal_year" else list(allowed)
                if key == "personnel_type":
                    values = ["" if v == vocabulary.NOT_STATED.code else v for v in values]
                qs = qs.filter(**{f"{FIELDS[key]}__in": values})
        fields = [FIELDS[b] for b in query.breakdowns]
        out = Aggregate()
        sums = {"n": Sum("people"), "k": Sum("record_key")}
        rows = qs.values(*fields).annotate(**sums).order_by() if fields else [qs.aggregate(**sums)]
        for row in rows:
            codes = tuple(_code(f, row[f]) for f in fields)
            key = ALL if not codes else (codes[0] if len(codes) == 1 else codes)
            out.counts[key] = out.counts.get(key, 0) + (row["n"] or 0)
            out.keys[key] = out.keys.get(key, 0) + (row["k"] or 0)
        return out


def _code(field: str, value) -> str:
    if value is None or value == "":
        return vocabulary.NOT_STATED.code if field == "personnel_type" else ""
    return str(value)


DATASETS = [LearningDataset()]
