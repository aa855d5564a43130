"""Reach: who has been trained or completed e-learning, by agency × sex × personnel type, and the
share of the workforce reached. Counted in the database; shown only through core.disclosure.

A person counts once per fiscal year however many courses they completed: named records are
counted as distinct ``learner_key`` values, sheets that kept only counts add their ``people``.
(A person recorded both by e-learning and by a sign-in sheet cannot be matched and counts twice.)
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from thaothiam.agencies.models import Agency
from thaothiam.core import disclosure, vocabulary
from thaothiam.core.formatting import format_number, format_percent
from thaothiam.workforce.models import WorkforceCell
from thaothiam.workforce.selectors import snapshots_by_year, year_parts

from .models import Completion

SEXES = ["F", "M"]


CUBE = ("agency_id", "sex", "personnel_type")


def reached_cube(*, fy: int, agency_ids=None) -> dict[tuple, int]:
    """{(agency, sex, personnel type): people reached} in the fiscal year: one pass over the covering
    index (fiscal_year, agency, sex, personnel_type, learner_key). A person has one agency, sex and
    personnel type on their records, so the cells add up to people without counting anyone twice."""
    return reached_counts(fy=fy, agency_ids=agency_ids, group=CUBE)


def roll_up(cube: dict[tuple, int], positions: tuple[int, ...]) -> dict[tuple, int]:
    out: dict[tuple, int] = defaultdict(int)
    for key, n in cube.items():
        out[tuple(key[p] for p in positions)] += n
    return dict(out)


def reached_counts(*, fy: int, agency_ids=None, group: tuple[str, ...] = ("agency_id", "sex")) -> dict[tuple, int]:
    """{group values: people reached} in the fiscal year, in one pass: distinct named learners plus the
    people of counts-only rows."""
    base = Completion.objects.filter(fiscal_year=fy)
    if agency_ids is not None:
        base = base.filter(agency_id__in=list(agency_ids))
    rows = base.values(*group).annotate(named=Count("learner_key", distinct=True, filter=~Q(learner_key="")),
                                        counted=Sum("people", filter=Q(learner_key="")))
    return {tuple(r[g] for g in group): (r["named"] or 0) + (r["counted"] or 0) for r in rows}


def workforce_counts(*, fy: int, agency_ids=None, group: tuple[str, ...] = ("agency_id", "sex")
                     ) -> tuple[dict[tuple, int], int | None]:
    """(headcount by group, fiscal year of the snapshot used): that year's snapshot, else the latest before it."""
    years = sorted(y for y in snapshots_by_year() if y <= fy) or sorted(snapshots_by_year())
    if not years:
        return {}, None
    used = years[-1]
    parts = Q(pk__in=[])
    for snapshot_id, (_fy, agencies) in year_parts([used]).items():
        parts |= Q(snapshot_id=snapshot_id) if agencies is None else Q(snapshot_id=snapshot_id,
                                                                         agency_id__in=sorted(agencies))
    cells = WorkforceCell.objects.filter(parts)
    if agency_ids is not None:
        cells = cells.filter(agency_id__in=list(agency_ids))
    rows = cells.values(*group).annotate(n=Sum("headcount"))
    return {tuple(r[g] for g in group): r["n"] for r in rows}, used


@dataclass
class ReachTable:
    rows: list[dict]  # {"label", "cells": [F, M], "total", "workforce", "share"}
    total: dict
    workforce_fy: int | None


def _table(reached: dict, workforce: dict, keys: list, labels: dict, workforce_fy) -> ReachTable:
    counts = {(k, s): reached.get((k, s), 0) for k in keys for s in SEXES}
    table = disclosure.suppress_table(counts, keys, SEXES)
    staff = {k: sum(workforce.get((k, s), 0) for s in SEXES) for k in keys}
    rows = []
    for i, key in enumerate(keys):
        total = table.row_totals[i]
        headcount = None if disclosure.is_disclosive(staff[key]) else (staff[key] or None)
        rows.append({"key": key, "label": labels.get(key, key), "cells": table.cells[i], "total": total,
                     "workforce": headcount,
                     "share": (100 * total / headcount) if total is not None and headcount else None})
    all_staff = sum(staff.values())
    grand = {"label": "", "cells": table.col_totals, "total": table.total, "workforce": all_staff or None,
             "share": (100 * table.total / all_staff) if table.total is not None and all_staff else None}
    for row in [*rows, grand]:  # formatted once here: a table of 75 agencies renders in a few ms
        row["shown"] = [format_number(v) for v in (*row["cells"], row["total"], row["workforce"])] + [
            format_percent(row["share"])]
    return ReachTable(rows, grand, workforce_fy)


def reach_by_agency(*, fy: int, agency_ids=None, cube: dict | None = None) -> ReachTable:
    cube = reached_cube(fy=fy, agency_ids=agency_ids) if cube is None else cube
    reached = roll_up(cube, (0, 1))
    workforce, used = workforce_counts(fy=fy, agency_ids=agency_ids)
    agencies = Agency.objects.filter(is_active=True).exclude(kind=Agency.Kind.DIVISION)
    if agency_ids is not None:
        agencies = agencies.filter(pk__in=list(agency_ids))
    agencies = list(agencies.order_by("code").values_list("pk", "name_th", "name_en"))
    from thaothiam.core.i18n import pick

    labels = {pk: pick(th, en) for pk, th, en in agencies}
    keys = [pk for pk, *_ in agencies]
    extra = {k[0] for k in reached if k[0] not in labels}
    keys += sorted(extra)
    return _table(reached, workforce, keys, labels, used)


def reach_by_personnel(*, fy: int, agency_ids=None, cube: dict | None = None) -> ReachTable:
    group = ("personnel_type", "sex")
    cube = reached_cube(fy=fy, agency_ids=agency_ids) if cube is None else cube
    reached = roll_up(cube, (2, 1))
    workforce, used = workforce_counts(fy=fy, agency_ids=agency_ids, group=group)
    labels = vocabulary.labels(vocabulary.PERSONNEL_TYPES)
    from django.utils.translation import gettext as _

    labels[""] = _("Not known (counts from sign-in sheets)")
    keys = [t.code for t in vocabulary.PERSONNEL_TYPES] + [""]
    return _table(reached, workforce, keys, labels, used)
