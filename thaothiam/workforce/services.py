"""Writes to the workforce data: creating and running imports. The only writer of Person and WorkforceCell.

An import validates the whole file in one streaming pass (progress saved as it goes), then, in one
transaction, replaces the people of the snapshot's scope with bulk inserts and rebuilds the
scope's cube. All-or-nothing by default: a file with any bad row changes nothing unless the user
asked for the valid rows only.
"""

from __future__ import annotations

import logging
import uuid
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

from thaothiam.agencies.models import Agency
from thaothiam.core import audit
from thaothiam.core.cellkey import record_key, secret

from . import drafts, hrcolumns, preview
from .filesafety import TooLarge
from .models import (
    ColumnMapping,
    DraftPerson,
    Person,
    Snapshot,
    SnapshotAgency,
    WorkforceCell,
    WorkforceImport,
)
from .parser import HEADINGS, FileRefused, PersonRow, RowError, RowParser, map_headers, read_table, text
from .selectors import columns_blob

logger = logging.getLogger(__name__)

BATCH_SIZE = 5000
PROGRESS_EVERY = 5000
MAX_STORED_ERRORS = 10_000  # beyond this the report says how many more there were

Progress = Callable[[WorkforceImport], None]


def workforce_import_create(*, as_of, agency: Agency | None, filename: str, stored_path: str = "",
                            valid_only: bool = False, actor=None, confirmed: bool = False) -> WorkforceImport:
    job = WorkforceImport.objects.create(as_of=as_of, agency=agency, filename=filename[:255], confirmed=confirmed,
                                         stored_path=stored_path, valid_only=valid_only, created_by=actor)
    audit.record("workforce.import.queue", job, actor=actor, agency=agency,
                 after={"as_of": as_of, "filename": job.filename, "valid_only": valid_only})
    return job


def workforce_import_upload(*, upload, as_of, agency: Agency | None, valid_only: bool, actor,
                            confirmed: bool = False) -> WorkforceImport:
    """Store an uploaded file (a random name under workforce-imports/) and create its job (the upload page;
    the API's push, ``confirmed``: no preview step, it lands as a draft for central)."""
    suffix = Path(upload.name).suffix.lower()
    stored = default_storage.save(f"workforce-imports/{uuid.uuid4().hex}{suffix}", upload)
    return workforce_import_create(as_of=as_of, agency=agency, filename=upload.name, stored_path=stored,
                                   valid_only=valid_only, actor=actor, confirmed=confirmed)


def workforce_import_run(*, job: WorkforceImport, path: str | Path, progress: Progress | None = None,
                         publish: bool = False) -> WorkforceImport:
    """Check the file; never half-imports. Before the uploader has confirmed, it stops at MAPPING (headings
    not understood) or PREVIEW; once confirmed it writes the rows as a DRAFT for central to publish.
    `publish` (the command line) confirms and publishes in one go, and refuses headings it does not know."""
    job.status = WorkforceImport.Status.VALIDATING
    job.save(update_fields=["status"])
    try:
        checked = _validate(job, Path(path), progress, interactive=not publish)
    except FileRefused as refusal:
        code = "empty_file" if str(refusal) == "empty" else "not_a_table"
        return _refuse(job, [RowError(0, "", code)], 1)
    except TooLarge as refusal:  # refused before parsing, or as soon as a row is wider than allowed
        return _refuse(job, [RowError(0, "", refusal.code, refusal.params)], 1)
    except Exception:
        logger.exception("Workforce import %s failed while reading", job.pk)
        return _finish(job, WorkforceImport.Status.FAILED)
    if checked is None:  # refused with errors recorded, or waiting for the mapping
        return job
    rows, parser, first = checked
    if not (job.confirmed or publish):
        job.preview = preview.build(rows, first, parser.assumed)
        return _finish(job, WorkforceImport.Status.PREVIEW)
    job.status = WorkforceImport.Status.SAVING
    job.save(update_fields=["status"])
    if progress:
        progress(job)
    try:
        _save(job, rows)
        if publish:
            drafts.workforce_draft_publish(job=job, actor=job.created_by, replace=True)
            job.refresh_from_db()
    except Exception:
        logger.exception("Workforce import %s failed while saving", job.pk)
        return _finish(job, WorkforceImport.Status.FAILED)
    return job


def column_mapping(agency: Agency | None) -> dict[str, str]:
    row = ColumnMapping.objects.filter(scope=agency.code if agency else "*").first()
    return row.mapping if row else {}


def _validate(job: WorkforceImport, path: Path, progress: Progress | None, *, interactive: bool):
    """(valid rows, the parser, the first PREVIEW_ROWS rows with their lines), or None when refused or
    waiting for the mapping (the job records which)."""
    table = read_table(path, job.filename)
    remembered = column_mapping(job.agency)
    known = {**HEADINGS, **remembered}
    try:
        table.relocate_header(lambda rows: hrcolumns.find_header(rows, known, text), hrcolumns.HEADER_SCAN_ROWS)
        if not table.header or not any(text(c) for c in table.header):
            _refuse(job, [RowError(1, "", "empty_file")], 1)
            return None
        header = map_headers(table.header, remembered, table.header_line)
        if header.errors:
            if interactive and all(e.code != "duplicate_column" for e in header.errors):
                job.headings = header.headings
                job.errors = [list(e) for e in header.errors]
                job.error_count = len(header.errors)
                _finish(job, WorkforceImport.Status.MAPPING)
                return None
            _refuse(job, header.errors, len(header.errors))
            return None
        job.total_rows = table.total
        job.save(update_fields=["total_rows"])
        agencies = list(Agency.objects.values_list("pk", "code", "name_th", "name_en"))
        taken: frozenset[str] = frozenset()
        if job.agency_id is not None:  # people of other agencies stay in the snapshot
            taken = frozenset(Person.objects.filter(snapshot__as_of=job.as_of).exclude(agency_id=job.agency_id)
                              .values_list("pseudonym", flat=True))
        parser = RowParser(columns=header.columns, as_of=job.as_of, agencies={c: pk for pk, c, *_n in agencies},
                           scope_agency_id=job.agency_id, key=settings.PSEUDONYM_KEY, taken=taken,
                           agency_names=hrcolumns.agency_index(agencies), labels=header.labels)
        valid: list[PersonRow] = []
        first: list[tuple[int, PersonRow]] = []
        errors: list[RowError] = []
        error_count = rejected = processed = 0
        for line, values in table.rows:
            person, row_errors = parser.parse(line, values)
            processed += 1
            if person is not None:
                valid.append(person)
                if len(first) < preview.PREVIEW_ROWS:
                    first.append((line, person))
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
        _refuse(job, [RowError(table.header_line + 1, "", "no_rows")], 1)
        return None
    if error_count and (not job.valid_only or not valid):
        _refuse(job, errors, error_count)
        return None
    job.errors = [list(e) for e in errors]
    job.error_count = error_count
    return valid, parser, first


@transaction.atomic
def _save(job: WorkforceImport, rows: list[PersonRow]) -> None:
    """Write the rows as the job's draft: nothing anyone else reads changes until central publishes."""
    DraftPerson.objects.filter(job=job).delete()
    _insert(DraftPerson, ["job_id", *PersonRow._fields], ((job.pk, *row) for row in rows))
    job.imported_rows = len(rows)
    job.preview = {}
    _finish(job, WorkforceImport.Status.DRAFT)
    audit.record(
        "workforce.import.draft", job, actor=job.created_by, agency=job.agency,
        after={"as_of": job.as_of, "rows": len(rows), "rejected": job.rejected_rows,
               "valid_only": job.valid_only, "filename": job.filename},
    )


@transaction.atomic
def workforce_snapshot_load(*, as_of, rows: list[PersonRow], actor=None, note: str = "") -> Snapshot:
    """Replace a whole snapshot with rows that are already valid (the demo data uses this)."""
    snapshot, replaced = replace_scope(as_of=as_of, agency_id=None, rows=rows)
    audit.record("workforce.snapshot.load", snapshot, actor=actor, note=note,
                 after={"as_of": as_of, "imported": len(rows), "replaced": replaced})
    return snapshot


def replace_scope(*, as_of, agency_id: int | None, rows: list[PersonRow]) -> tuple[Snapshot, int]:
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
    job.preview = {}
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


# --- the uploader's steps: mapping, confirming, cancelling, retrying ------------------------------------

def workforce_mapping_save(*, job: WorkforceImport, mapping: dict[str, int], actor) -> WorkforceImport:
    """Remember which file column is which (`mapping`: column name → position in job.headings) for the
    job's agency, and check the file again with it."""
    remembered = {hrcolumns.heading_key(job.headings[i]): name for name, i in mapping.items()}
    scope = job.agency.code if job.agency else "*"
    row, _created = ColumnMapping.objects.get_or_create(scope=scope)
    row.mapping = {**row.mapping, **remembered}
    row.updated_by = actor
    row.save()
    audit.record("workforce.import.mapping", job, actor=actor, agency=job.agency, after={"columns": sorted(mapping)})
    return _requeue(job)


def workforce_import_confirm(*, job: WorkforceImport, actor) -> WorkforceImport:
    job.confirmed = True
    audit.record("workforce.import.confirm", job, actor=actor, agency=job.agency, after={"as_of": job.as_of})
    return _requeue(job)


def workforce_import_cancel(*, job: WorkforceImport, actor) -> WorkforceImport:
    _forget_file(job)
    job.preview = {}
    audit.record("workforce.import.cancel", job, actor=actor, agency=job.agency)
    return _finish(job, WorkforceImport.Status.CANCELLED)


def workforce_import_retry(*, job: WorkforceImport, actor) -> WorkforceImport:
    audit.record("workforce.import.retry", job, actor=actor, agency=job.agency)
    return _requeue(job)


def can_retry(job: WorkforceImport) -> bool:
    return job.status == WorkforceImport.Status.FAILED and bool(job.stored_path) and default_storage.exists(
        job.stored_path)


def _requeue(job: WorkforceImport) -> WorkforceImport:
    job.status = WorkforceImport.Status.QUEUED
    job.errors, job.error_count, job.processed_rows, job.rejected_rows = [], 0, 0, 0
    job.finished_at = None
    job.save()
    return job


def _forget_file(job: WorkforceImport) -> None:
    if job.stored_path:
        default_storage.delete(job.stored_path)
        job.stored_path = ""
        WorkforceImport.objects.filter(pk=job.pk).update(stored_path="")


def workforce_imports_sweep(now=None) -> int:
    """Mark FAILED the jobs whose worker died (checking or saving, untouched for
    THAOTHIAM_IMPORT_STALE_MINUTES), keeping their file so the uploader can retry; delete the files of
    jobs left waiting (mapping, preview, failed) for a day. Returns how many jobs were marked failed."""
    now = now or timezone.now()
    stale = now - timedelta(minutes=settings.THAOTHIAM_IMPORT_STALE_MINUTES)
    # Only jobs a worker had taken: a queued job stays in the task queue and runs when a worker is back.
    running = (WorkforceImport.Status.VALIDATING, WorkforceImport.Status.SAVING)
    dead = list(WorkforceImport.objects.filter(status__in=running, touched_at__lt=stale))
    for job in dead:
        logger.warning("Workforce import %s: no progress since %s, marked failed", job.pk, job.touched_at)
        job.errors, job.error_count = [[0, "", "worker_died"]], 1
        _finish(job, WorkforceImport.Status.FAILED)
    waiting = (WorkforceImport.Status.MAPPING, WorkforceImport.Status.PREVIEW, WorkforceImport.Status.FAILED)
    for job in WorkforceImport.objects.filter(status__in=waiting, touched_at__lt=now - timedelta(days=1)).exclude(
            stored_path=""):
        _forget_file(job)
        job.preview = {}
        if job.status != WorkforceImport.Status.FAILED:
            _finish(job, WorkforceImport.Status.CANCELLED)
    return len(dead)
