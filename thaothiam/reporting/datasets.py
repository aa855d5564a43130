"""The activity-participants dataset for the data explorer (core.datasets): participants of the
activities in accepted reports, by sex or by gender identity, over agency, fiscal year, activity type,
pillar and plan item.

Accepted reports only (docs/decisions/0040): the same figures as the executive dashboard and the
year-end report, and no number that changes while central is still reviewing it. An activity records
its participants by sex and, separately, by gender identity (not crossed), so a question that needs
the two together is refused (``check``). One query over the activities answers every query; the
counts are cell-key perturbed with record keys derived per activity (``block_keys``).
"""

from __future__ import annotations

from functools import lru_cache

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thaothiam.agencies.models import Agency
from thaothiam.core import vocabulary
from thaothiam.core.cellkey import KEYS, record_key, secret
from thaothiam.core.datasets import ALL, Aggregate, Dataset, Dimension, Measure, Query
from thaothiam.core.formatting import format_fiscal_year
from thaothiam.plans.models import PlanItem

from .models import Activity, ActivityType, Status

SEX_FIELDS = {"F": "female", "M": "male"}
# Gender identity as recorded on the activity; "U" (not disclosed): participants for whom it was not recorded.
# Codes and labels of core.vocabulary, as every dataset shows them (issue 17 §2).
GENDER_CODES = [*vocabulary.GENDER_IDENTITY, vocabulary.GENDER_UNDISCLOSED]
GI_FIELDS = {"F": "gi_female", "M": "gi_male", "D": "gi_diverse", "N": "gi_undisclosed"}
# explorer dimension -> the Activity field it groups by (sex and gender identity are columns, not fields)
FIELDS = {"agency": "agency__code", "fiscal_year": "fy", "activity_type": "kind",
          "pillar": "plan_item__pillar__number", "plan_item": ("plan_item__pillar__number", "plan_item__number")}
PEOPLE = ("sex", "gender_identity")


def accepted():
    return Activity.objects.filter(report__status=Status.ACCEPTED)


def _agencies():
    return [(a.code, a.name) for a in Agency.objects.order_by("code").only("code", "name_th", "name_en")]


def _years():
    years = accepted().values_list("fy", flat=True).distinct().order_by("fy")
    return [(str(fy), format_fiscal_year(fy)) for fy in years]


def _pillars():
    items = PlanItem.objects.filter(pillar__plan__is_current=True).select_related("pillar").order_by(
        "pillar__number", "number")
    seen = {}
    for item in items:
        seen.setdefault(str(item.pillar.number), f"{item.pillar.number}. {item.pillar.name}")
    return list(seen.items())


def _items():
    items = PlanItem.objects.filter(pillar__plan__is_current=True).select_related("pillar").order_by(
        "pillar__number", "number")
    return [(item.code, f"{item.code} {item.name}") for item in items]


DIMENSIONS = [
    Dimension("agency", _("Agency"), _agencies),
    Dimension("fiscal_year", _("Fiscal year"), _years),
    Dimension("sex", _("Sex"), lambda: [(t.code, t.label) for t in vocabulary.SEX]),
    Dimension("gender_identity", _("Gender identity"), lambda: [(t.code, t.label) for t in GENDER_CODES]),
    Dimension("activity_type", _("Activity type"), lambda: [(v, str(label)) for v, label in ActivityType.choices]),
    Dimension("pillar", _("Pillar"), _pillars),
    Dimension("plan_item", _("Plan item"), _items),
]

MEASURES = [
    Measure("participants", _("Participants"), "count"),
    Measure("share_women", _("Share of women (%)"), "share", decimals=1, unit="%"),
]


def fiscal_years_of(query: Query) -> list[int] | None:
    """Like the workforce: every year asked for when the table breaks down by year, otherwise one year
    (the latest chosen, or the latest with accepted activities)."""
    years = sorted(int(y) for y in query.filters.get("fiscal_year", ()) if str(y).isdigit())
    if "fiscal_year" in query.breakdowns:
        return years or None
    if years:
        return years[-1:]
    latest = accepted().order_by("-fy").values_list("fy", flat=True).first()
    return [latest] if latest is not None else []


class ParticipantsDataset(Dataset):
    key = "participants"
    order = 20
    label = _("Activity participants (accepted reports)")
    description = _("People taking part in the activities of reports accepted by the central team, by sex or by "
                    "gender identity as the agency recorded them. A person who took part in two activities counts "
                    "twice.")
    dimensions = DIMENSIONS
    measures = MEASURES
    perturbed = True

    def available(self) -> bool:
        return accepted().exists()

    def check(self, measure, breakdowns, filters):
        uses_gi = "gender_identity" in breakdowns or bool(filters.get("gender_identity"))
        uses_sex = "sex" in breakdowns or bool(filters.get("sex"))
        if uses_gi and uses_sex:
            return _("Activities record participants by sex and by gender identity separately: choose one of the two.")
        if uses_gi and measure == "share_women":
            return _("The share of women is counted by sex: remove gender identity from the table and the filters.")
        return None

    def aggregate(self, query: Query) -> Aggregate:
        qs = accepted()
        years = fiscal_years_of(query)
        if years is not None:
            qs = qs.filter(fy__in=years)
        if query.agency_ids is not None:
            qs = qs.filter(agency_id__in=sorted(query.agency_ids))
        for key, allowed in query.filters.items():
            if not allowed or key in PEOPLE or key == "fiscal_year":
                continue
            if key == "agency":
                qs = qs.filter(agency__code__in=list(allowed))
            elif key == "activity_type":
                qs = qs.filter(kind__in=list(allowed))
            elif key == "pillar":
                qs = qs.filter(plan_item__pillar__number__in=[int(c) for c in allowed if c.isdigit()])
            elif key == "plan_item":
                pairs = [tuple(int(p) for p in c.split(".")) for c in allowed if _is_item_code(c)]
                match = Q(pk__in=[])
                for pillar, number in pairs:
                    match |= Q(plan_item__pillar__number=pillar, plan_item__number=number)
                qs = qs.filter(match)
        group_dims = [b for b in query.breakdowns if b not in PEOPLE]
        fields: list[str] = []
        for dim in group_dims:
            field = FIELDS[dim]
            fields.extend(field if isinstance(field, tuple) else (field,))
        columns = ("female", "male", "gi_female", "gi_male", "gi_diverse", "gi_undisclosed")
        out = Aggregate()
        person_dim = next((b for b in query.breakdowns if b in PEOPLE), None)
        if person_dim is None:
            person_dim = "gender_identity" if query.filters.get("gender_identity") else "sex"
        wanted = query.filters.get(person_dim) or None
        key_secret = secret()
        # One row per activity: each activity's participants are records whose keys are derived from it.
        for row in qs.values("pk", *fields, *columns).order_by():
            row = {**row, **{f"{c}_n": row[c] for c in columns}}
            people = _people(row, person_dim)
            keys = block_keys(key_secret, row["pk"], people)
            if wanted:
                people = {code: n for code, n in people.items() if code in wanted}
            group = tuple(_code(dim, row) for dim in group_dims)
            for code, n in people.items():
                if not n:
                    continue
                is_part = person_dim == "sex" and code == "F"
                if person_dim in query.breakdowns:
                    key = tuple(code if b == person_dim else group[group_dims.index(b)] for b in query.breakdowns)
                else:
                    key = group
                key = _key(key)
                out.counts[key] = out.counts.get(key, 0) + n
                out.keys[key] = out.keys.get(key, 0) + keys[code]
                out.parts[key] = out.parts.get(key, 0) + (n if is_part else 0)
                out.part_keys[key] = out.part_keys.get(key, 0) + (keys[code] if is_part else 0)
        return out


# The finest cells ``fine_cells`` folds: every breakdown the dashboard's sections ask for rolls up from these.
FINE = {"sex": ("fiscal_year", "agency", "pillar", "sex"), "gender_identity": ("fiscal_year", "gender_identity")}


def fine_cells(*, until_fy: int, agency_ids: frozenset[int] | None) -> dict[str, Aggregate]:
    """The raw aggregates of the participants of every accepted activity up to ``until_fy``, by
    ``FINE["sex"]`` and by ``FINE["gender_identity"]``, in one pass over the activities.

    Counts and record-key sums add up, so any coarser breakdown of these years is the sum of these
    cells, with the same counts and the same key sums — hence the same perturbed figures — as
    ``ParticipantsDataset.aggregate`` asked directly (tested against it). The executive dashboard asks
    five questions of the same activities; this reads and folds them once (docs/decisions/0141)."""
    qs = accepted().filter(fy__lte=until_fy)
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=sorted(agency_ids))
    columns = ("female", "male", "gi_female", "gi_male", "gi_diverse", "gi_undisclosed")
    sums: dict[str, dict[tuple, list[int]]] = {"sex": {}, "gender_identity": {}}
    by_sex_cells, by_gi_cells = sums["sex"], sums["gender_identity"]
    key_secret = secret()
    rows = qs.values_list("pk", "fy", "agency__code", "plan_item__pillar__number", *columns).order_by()
    for pk, fy, agency, pillar, *people in rows:
        by_sex, by_gi = _activity_keys(key_secret, pk, *people)
        year, pillar = str(fy), str(pillar)
        for code, n, record_keys in by_sex:  # [people, key sum, women, their key sum]
            cell = by_sex_cells.setdefault((year, agency, pillar, code), [0, 0, 0, 0])
            cell[0] += n
            cell[1] += record_keys
            if code == "F":
                cell[2] += n
                cell[3] += record_keys
        for code, n, record_keys in by_gi:
            cell = by_gi_cells.setdefault((year, code), [0, 0, 0, 0])
            cell[0] += n
            cell[1] += record_keys
    out = {}
    for person, cells in sums.items():
        out[person] = Aggregate(counts={k: v[0] for k, v in cells.items()}, keys={k: v[1] for k, v in cells.items()},
                                parts={k: v[2] for k, v in cells.items()},
                                part_keys={k: v[3] for k, v in cells.items()})
    return out


@lru_cache(maxsize=1 << 16)
def _activity_keys(key_secret: str, pk: int, female, male, g_f, g_m, g_d, g_n) -> tuple[tuple, tuple]:
    """An activity's non-empty categories by sex and by gender identity as (code, people, key sum),
    with the keys of ``block_keys``; memoised per process like it (one lookup per activity and request)."""
    by_sex = _people({"female_n": female, "male_n": male}, "sex")
    by_gi = _people({"female_n": female, "male_n": male, "gi_female_n": g_f, "gi_male_n": g_m, "gi_diverse_n": g_d,
                     "gi_undisclosed_n": g_n}, "gender_identity")
    out = []
    for people in (by_sex, by_gi):
        keys = block_keys(key_secret, pk, people)
        out.append(tuple((code, n, keys[code]) for code, n in people.items() if n))
    return out[0], out[1]


def block_keys(key_secret: str, activity_id: int, people: dict[str, int]) -> dict[str, int]:
    """Record-key sums of an activity's participants in each category; see ``_block_keys``. Memoised per
    process: the dashboard's sections ask for the same ~7,000 activities several times per page, and the
    keys depend only on these arguments."""
    return dict(_block_keys(key_secret, activity_id, tuple(people.items())))


@lru_cache(maxsize=1 << 17)
def _block_keys(key_secret: str, activity_id: int, items: tuple) -> tuple:
    """Record-key sums of an activity's participants in each category (core.cellkey, docs/decisions/0025).

    The activity as a whole has one key; its non-empty categories split it (all but the last get a
    derived key, the last the remainder), so the sum over the women and the men equals the sum over
    the gender identities: the same participants give the same key whichever way they are counted."""
    people = dict(items)
    whole = sum(people.values())
    out = dict.fromkeys(people, 0)
    if not whole:
        return tuple(out.items())
    total = record_key(key_secret, "activity", activity_id, whole)
    filled = [code for code, n in people.items() if n]
    for code in filled[:-1]:
        out[code] = record_key(key_secret, "activity", activity_id, code, people[code])
    out[filled[-1]] = (total - sum(out[c] for c in filled[:-1])) % KEYS
    return tuple(out.items())


def _is_item_code(code: str) -> bool:
    parts = code.split(".")
    return len(parts) == 2 and all(p.isdigit() for p in parts)


def _people(row: dict, dim: str) -> dict[str, int]:
    female, male = row.get("female_n") or 0, row.get("male_n") or 0
    if dim == "sex":
        return {"F": female, "M": male}
    gi = {code: row.get(f"{field}_n") or 0 for code, field in GI_FIELDS.items()}
    gi["U"] = female + male - sum(gi.values())
    return gi


def _code(dim: str, row: dict) -> str:
    if dim == "plan_item":
        return f"{row['plan_item__pillar__number']}.{row['plan_item__number']}"
    return str(row[FIELDS[dim]])


def _key(codes_: tuple):
    if not codes_:
        return ALL
    return codes_[0] if len(codes_) == 1 else codes_


DATASETS = [ParticipantsDataset()]
