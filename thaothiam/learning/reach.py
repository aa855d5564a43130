"""Reach: who has been trained or completed e-learning, by agency × sex × personnel type, and the
share of the workforce reached. Counted in the database; every count shown is cell-key perturbed
(core.cellkey, docs/decisions/0028) by the people's record keys, and the workforce beside it is the
workforce dataset's own perturbed figure — the same number as in the explorer.

A person counts once per fiscal year however many courses they completed: named records are
counted as distinct ``learner_key`` values, sheets that kept only counts add their ``people``.
A person whose records in the year disagree on the personnel type counts once, under one type
(``PERSONNEL_TYPE_SQL``, decision 0166). (A person recorded both by e-learning and by a sign-in sheet
carries two different learner keys and still counts twice.)
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q, Sum

from thaothiam.agencies.models import Agency
from thaothiam.core import vocabulary
from thaothiam.core.cellkey import perturb
from thaothiam.core.formatting import format_number, format_percent
from thaothiam.core.perturbed import keyed_table
from thaothiam.workforce.models import WorkforceCell
from thaothiam.workforce.selectors import snapshots_by_year, year_parts

from .models import Completion, ReachCube

SEXES = ["F", "M"]


CUBE = ("agency_id", "sex", "personnel_type")
# A person's personnel type in a fiscal year, over their records of one agency and sex: records may
# disagree (a sign-in sheet without the column gives "", e-learning or another sheet gives "civil").
# MAX is a fixed precedence every reader shares: any known type before "" (the empty string sorts
# first), and of two known types the greater code. Decision 0166.
PERSONNEL_TYPE_SQL = "MAX(personnel_type)"


def reached_cube(*, fy: int, agency_ids=None) -> dict[tuple, tuple[int, int]]:
    """{(agency, sex, personnel type): (people reached, sum of their record keys)} in the fiscal year.
    A person is counted under one personnel type (PERSONNEL_TYPE_SQL) whatever their records say, so
    the cells add up to people without counting anyone twice for it. Read from the year's ``ReachCube`` while it is current (one small
    row instead of a pass over every completion of the year; decision 0145), else counted and kept."""
    cube = _year_cube(fy)
    if agency_ids is None:
        return cube
    wanted = {int(a) for a in agency_ids}
    return {key: cell for key, cell in cube.items() if key[0] in wanted}


def _year_cube(fy: int) -> dict[tuple, tuple[int, int]]:
    row = ReachCube.objects.filter(fiscal_year=fy).values_list("generation", "built_generation", "cells").first()
    if row is not None and row[0] == row[1]:
        return {(agency, sex, personnel): (n, k) for agency, sex, personnel, n, k in row[2]}
    if row is None:  # (or created meanwhile by another reader or a writer: then theirs stays)
        ReachCube.objects.bulk_create([ReachCube(fiscal_year=fy)], ignore_conflicts=True)
        generation = ReachCube.objects.filter(fiscal_year=fy).values_list("generation", flat=True).get()
    else:
        generation = row[0]
    cube = reached_counts(fy=fy, group=CUBE)
    # Kept only if no write to the year's completions came since ``generation`` was read: a writer bumps
    # it in its own transaction, so a count that may predate the write is never stored as current.
    ReachCube.objects.filter(fiscal_year=fy, generation=generation).update(
        built_generation=generation, cells=[[*key, n, k] for key, (n, k) in sorted(cube.items())])
    return cube


def roll_up(cube: dict[tuple, tuple[int, int]], positions: tuple[int, ...]) -> dict[tuple, tuple[int, int]]:
    out: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for key, (n, k) in cube.items():
        cell = out[tuple(key[p] for p in positions)]
        cell[0] += n
        cell[1] += k
    return {key: (n, k) for key, (n, k) in out.items()}


def reached_counts(*, fy: int, agency_ids=None, group: tuple[str, ...] = ("agency_id", "sex")
                   ) -> dict[tuple, tuple[int, int]]:
    """{group values: (people reached, key sum)} in the fiscal year: distinct named learners (each with
    their one key; one pass over the covering index) plus the people of counts-only rows (each row's key)."""
    if any(g not in CUBE for g in group):
        raise ValueError(f"not a reach breakdown: {group}")
    out: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    table = connection.ops.quote_name(Completion._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(g) for g in group)
    where, params = ["fiscal_year = %s", "learner_key <> ''"], [fy]
    if agency_ids is not None:
        ids = sorted(int(a) for a in agency_ids) or [-1]
        where.append(f"agency_id IN ({', '.join(['%s'] * len(ids))})")
        params += ids
    # each learner once per agency × sex, with one personnel type: the known one before "not known",
    # and of two known ones the greater code (PERSONNEL_TYPE_SQL, decision 0166)
    person = (f"SELECT agency_id, sex, {PERSONNEL_TYPE_SQL} AS personnel_type, learner_key, record_key "  # noqa: S608
              f"FROM {table} WHERE {' AND '.join(where)} GROUP BY agency_id, sex, learner_key, record_key")
    sql = (f"SELECT {columns}, COUNT(*), SUM(record_key) FROM (SELECT DISTINCT {columns}, learner_key, "  # noqa: S608
           f"record_key FROM ({person}) person) named GROUP BY {columns}")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for *codes, n, k in cursor.fetchall():
            cell = out[tuple(codes)]
            cell[0] += n
            cell[1] += int(k or 0)
    counted = Completion.objects.filter(fiscal_year=fy, learner_key="")
    if agency_ids is not None:
        counted = counted.filter(agency_id__in=list(agency_ids))
    for row in counted.values(*group).annotate(n=Sum("people"), k=Sum("record_key")).order_by():
        cell = out[tuple(row[g] for g in group)]
        cell[0] += row["n"] or 0
        cell[1] += row["k"] or 0
    return {key: (n, k) for key, (n, k) in out.items()}


def workforce_counts(*, fy: int, agency_ids=None, group: tuple[str, ...] = ("agency_id", "sex")
                     ) -> tuple[dict[tuple, tuple[int, int]], int | None]:
    """((headcount, key sum) by group, fiscal year of the snapshot used): that year's snapshot, else the
    latest before it."""
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
    rows = cells.values(*group).annotate(n=Sum("headcount"), k=Sum("key_sum")).order_by()
    return {tuple(r[g] for g in group): (r["n"], r["k"] or 0) for r in rows}, used


@dataclass
class ReachTable:
    rows: list[dict]  # {"label", "cells": [F, M], "total", "workforce", "share"}
    total: dict
    workforce_fy: int | None


def _published_workforce(workforce: dict, cells: list[tuple]) -> int | None:
    n = sum(workforce.get(c, (0, 0))[0] for c in cells)
    k = sum(workforce.get(c, (0, 0))[1] for c in cells)
    return perturb(n, k) or None


def _share(reached: int | None, staff: int | None) -> float | None:
    return min(100.0, 100 * reached / staff) if reached is not None and staff else None


def _table(reached: dict, workforce: dict, keys: list, labels: dict, workforce_fy) -> ReachTable:
    counts = {(k, s): reached.get((k, s), (0, 0))[0] for k in keys for s in SEXES}
    key_sums = {(k, s): reached.get((k, s), (0, 0))[1] for k in keys for s in SEXES}
    table = keyed_table(counts, key_sums, keys, SEXES)
    rows = []
    for i, key in enumerate(keys):
        total = table.row_totals[i]
        headcount = _published_workforce(workforce, [(key, s) for s in SEXES])
        rows.append({"key": key, "label": labels.get(key, key), "cells": table.cells[i], "total": total,
                     "workforce": headcount, "share": _share(total, headcount)})
    all_staff = _published_workforce(workforce, [(k, s) for k in keys for s in SEXES])
    grand = {"label": "", "cells": table.col_totals, "total": table.total, "workforce": all_staff,
             "share": _share(table.total, all_staff)}
    for row in [*rows, grand]:  # formatted once here: a table of 75 agencies renders in a few ms
        row["shown"] = [format_number(v) for v in (*row["cells"], row["total"], row["workforce"])] + [
            format_percent(row["share"])]
    return ReachTable(rows, grand, workforce_fy)


def workforce_cube(*, fy: int, agency_ids=None) -> tuple[dict[tuple, tuple[int, int]], int | None]:
    """The workforce beside reach by agency × sex × personnel type in one pass (both tables roll it up)."""
    return workforce_counts(fy=fy, agency_ids=agency_ids, group=CUBE)


def reach_by_agency(*, fy: int, agency_ids=None, cube: dict | None = None, staff: tuple | None = None) -> ReachTable:
    cube = reached_cube(fy=fy, agency_ids=agency_ids) if cube is None else cube
    reached = roll_up(cube, (0, 1))
    if staff is None:
        workforce, used = workforce_counts(fy=fy, agency_ids=agency_ids)
    else:
        workforce, used = roll_up(staff[0], (0, 1)), staff[1]
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


def reach_by_personnel(*, fy: int, agency_ids=None, cube: dict | None = None, staff: tuple | None = None
                       ) -> ReachTable:
    group = ("personnel_type", "sex")
    cube = reached_cube(fy=fy, agency_ids=agency_ids) if cube is None else cube
    reached = roll_up(cube, (2, 1))
    if staff is None:
        workforce, used = workforce_counts(fy=fy, agency_ids=agency_ids, group=group)
    else:
        workforce, used = roll_up(staff[0], (2, 1)), staff[1]
    labels = vocabulary.labels(vocabulary.PERSONNEL_TYPES)
    from django.utils.translation import gettext as _

    labels[""] = _("Not known (counts from sign-in sheets)")
    keys = [t.code for t in vocabulary.PERSONNEL_TYPES] + [""]
    return _table(reached, workforce, keys, labels, used)
