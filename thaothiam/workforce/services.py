"""Writes to the workforce data: creating and running imports. The only writer of Person and WorkforceCell.

An import validates the whole file in one streaming pass (progress saved as it goes), then, in one
transaction, replaces the people of the snapshot's scope with bulk inserts and rebuilds the
scope's cube. All-or-nothing by default: a file with any bad row changes nothing unless the user
asked for the valid rows only.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from thaothiam.agencies.models import Agency
from thaothiam.core import audit
from thaothiam.core.cellkey import record_key, secret

from .filesafety import TooLarge
from .models import Person, Snapshot, SnapshotAgency, WorkforceCell, WorkforceImport
from .parser import FileRefused, PersonRow, RowError, RowParser, map_headers, read_table
from .selectors import columns_blob

logger = logging.getLogger(__name__)

BATCH_SIZE = 5000
PROGRESS_EVERY = 5000
MAX_STORED_ERRORS = 10_000  # beyond this the report says how many more there were

Progress = Callable[[WorkforceImport], None]


def workforce_import_create(*, as_of, agency: Agency | None, filename: str, stored_path: str = "",
                            valid_only: bool = False, actor=None) -> WorkforceImport:
    job = WorkforceImport.objects.create(as_of=as_of, agency=agency, filename=filename[:255],
                                         stored_path=stored_path, valid_only=valid_only, created_by=actor)
    audit.record("workforce.import.queue", job, actor=actor, agency=agency,
                 after={"as_of": as_of, "filename": job.filename, "valid_only": valid_only})
    return job


def workforce_import_run(*, job: WorkforceImport, path: str | Path, progress: Progress | None = None) -> WorkforceImport:
    """Validate and (if acceptable) import the file. Returns the finished job; never half-imports."""
    job.status = WorkforceImport.Status.VALIDATING
    job.save(update_fields=["status"])
    try:
        rows = _validate(job, Path(path), progress)
    except FileRefused as refusal:
        code = "empty_file" if str(refusal) == "empty" else "not_a_table"
        return _refuse(job, [RowError(0, "", code)], 1)
    except TooLarge as refusal:  # refused before parsing, or as soon as a row is wider than allowed
        return _refuse(job, [RowError(0, "", refusal.code, refusal.params)], 1)
    except Exception:
        logger.exception("Workforce import %s failed while reading", job.pk)
        return _finish(job, WorkforceImport.Status.FAILED)
    if rows is None:  # refused with errors recorded
        return job
    job.status = WorkforceImport.Status.SAVING
    job.save(update_fields=["status"])
    if progress:
        progress(job)
    try:
        _save(job, rows)
    except Exception:
        logger.exception("Workforce import %s failed while saving", job.pk)
        return _finish(job, WorkforceImport.Status.FAILED)
    return job


def _validate(job: WorkforceImport, path: Path, progress: Progress | None) -> list[PersonRow] | None:
    table = read_table(path, job.filename)
    try:
        columns, header_errors = map_headers(table.header)
        if not table.header:
            _refuse(job, [RowError(1, "", "empty_file")], 1)
            return None
        if header_errors:
            _refuse(job, header_errors, len(header_errors))
            return None
        job.total_rows = table.total
        job.save(update_fields=["total_rows"])
        agencies = dict(Agency.objects.values_list("code", "pk"))
        taken: frozenset[str] = frozenset()
        if job.agency_id is not None:  # people of other agencies stay in the snapshot
            taken = frozenset(Person.objects.filter(snapshot__as_of=job.as_of).exclude(agency_id=job.agency_id)
                              .values_list("pseudonym", flat=True))
        parser = RowParser(columns=columns, as_of=job.as_of, agencies=agencies, scope_agency_id=job.agency_id,
                           key=settings.PSEUDONYM_KEY, taken=taken)
        valid: list[PersonRow] = []
        errors: list[RowError] = []
        error_count = rejected = processed = 0
        for line, values in table.rows:
            person, row_errors = parser.parse(line, values)
            processed += 1
            if person is not None:
                valid.append(person)
            else:
                rejected += 1
                error_count += len(row_errors)
                room = MAX_STORED_ERRORS - len(errors)
                if room > 0:
                    errors.extend(row_errors[:room])
            if processed % PROGRESS_EVERY == 0:
                job.processed_rows = processed
                job.save(update_fields=["processed_rows"])
                if progress:
                    progress(job)
    finally:
        if callable(table.close):
            table.close()
    job.processed_rows, job.rejected_rows = processed, rejected
    if processed == 0:
        _refuse(job, [RowError(2, "", "no_rows")], 1)
        return None
    if error_count and (not job.valid_only or not valid):
        _refuse(job, errors, error_count)
        return None
    job.errors = [list(e) for e in errors]
    job.error_count = error_count
    return valid


@transaction.atomic
def _save(job: WorkforceImport, rows: list[PersonRow]) -> None:
    snapshot, replaced = _replace(as_of=job.as_of, agency_id=job.agency_id, rows=rows)
    job.snapshot = snapshot
    job.imported_rows = len(rows)
    _finish(job, WorkforceImport.Status.DONE)
    audit.record(
        "workforce.import", job, actor=job.created_by, agency=job.agency,
        after={"as_of": job.as_of, "imported": len(rows), "replaced": replaced, "rejected": job.rejected_rows,
               "valid_only": job.valid_only, "filename": job.filename},
    )


@transaction.atomic
def workforce_snapshot_load(*, as_of, rows: list[PersonRow], actor=None, note: str = "") -> Snapshot:
    """Replace a whole snapshot with rows that are already valid (the demo data uses this)."""
    snapshot, replaced = _replace(as_of=as_of, agency_id=None, rows=rows)
    audit.record("workforce.snapshot.load", snapshot, actor=actor, note=note,
                 after={"as_of": as_of, "imported": len(rows), "replaced": replaced})
    return snapshot


def _replace(*, as_of, agency_id: int | None, rows: list[PersonRow]) -> tuple[Snapshot, int]:
    """Delete the scope's people and cube cells in the snapshot, bulk-insert the rows, rebuild the cube."""
    snapshot, _created = Snapshot.objects.get_or_create(as_of=as_of)
    people = Person.objects.filter(snapshot=snapshot)
    cells = WorkforceCell.objects.filter(snapshot=snapshot)
    scope = SnapshotAgency.objects.filter(snapshot=snapshot)
    if agency_id is not None:
        people, cells, scope = (qs.filter(agency_id=agency_id) for qs in (people, cells, scope))
    replaced = people.count()
    for qs in (people, cells, scope):
        qs.delete()
    per_agency = Counter(row.agency_id for row in rows)
    SnapshotAgency.objects.bulk_create(
        [SnapshotAgency(snapshot=snapshot, agency_id=a, headcount=n) for a, n in per_agency.items()])
    keys = [record_key(secret(), "person", row.pseudonym) for row in rows]
    _insert(Person, ["snapshot_id", *PersonRow._fields, "record_key"],
            ((snapshot.pk, *row, key) for row, key in zip(rows, keys, strict=True)))
    _insert(WorkforceCell, CELL_FIELDS, _cube(snapshot, rows, keys))
    snapshot.columns = columns_blob(snapshot.pk)
    snapshot.save()  # touches updated_at: the explorer's cached columns of this snapshot are stale
    return snapshot, replaced


CELL_FIELDS = ["snapshot_id", "fiscal_year", "agency_id", "sex", "gender_identity", "personnel_type", "position_type",
               "position_level", "is_executive", "age_band", "headcount", "salary_count", "salary_sum", "key_sum", "salary_max"]


def _insert(model, fields: list[str], rows) -> None:
    """Insert plain tuples without a model instance per row: COPY on PostgreSQL, executemany in batches of
    BATCH_SIZE elsewhere (bulk_create is held to 999 parameters per statement on SQLite)."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608 — names are ours
        batch: list[tuple] = []
        for row in rows:
            batch.append(row)
            if len(batch) == BATCH_SIZE:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def _cube(snapshot: Snapshot, rows: list[PersonRow], keys: list[int]) -> list[tuple]:
    """Aggregate the imported rows over every explorer dimension (one pass, in memory), as CELL_FIELDS tuples:
    headcount, salaries and their sum, the sum of record keys and the largest salary."""
    totals: dict[tuple, list] = {}
    for row, record in zip(rows, keys, strict=True):
        key = (row.agency_id, row.sex, row.gender_identity or "U", row.personnel_type, row.position_type,
               row.position_level, row.is_executive, row.age_band)
        entry = totals.get(key)
        if entry is None:
            entry = totals[key] = [0, 0, Decimal(0), 0, None]
        entry[0] += 1
        entry[3] += record
        if row.salary is not None:
            entry[1] += 1
            entry[2] += row.salary
            entry[4] = row.salary if entry[4] is None else max(entry[4], row.salary)
    return [(snapshot.pk, snapshot.fiscal_year, *key, *entry) for key, entry in totals.items()]


def _refuse(job: WorkforceImport, errors: list[RowError], count: int) -> WorkforceImport:
    job.errors = [list(e) for e in errors[:MAX_STORED_ERRORS]]
    job.error_count = count
    job.imported_rows = 0
    _finish(job, WorkforceImport.Status.REFUSED)
    audit.record("workforce.import.refuse", job, actor=job.created_by, agency=job.agency,
                 after={"as_of": job.as_of, "errors": count, "rejected": job.rejected_rows, "filename": job.filename})
    return job


def _finish(job: WorkforceImport, status: str) -> WorkforceImport:
    job.status = status
    job.finished_at = timezone.now()
    job.save()
    return job


def errors_of(job: WorkforceImport) -> list[RowError]:
    return [RowError(line, column, code, params or None) for line, column, code, *rest in job.errors
            for params in (rest[0] if rest else None,)]
