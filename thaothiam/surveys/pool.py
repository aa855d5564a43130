"""The mixing pool: submissions wait, then are written as responses in random order, in batches.

Why (docs/decisions/0034-survey-anonymity-against-an-insider.md): an insider who knows who submitted
when, to the second, and holds a copy of the database must not be able to line the order of the
response rows up with the order of submissions. So a submission writes two unlinked rows — a
`PendingResponse` (answers and bands, no invitation) and a `PendingParticipation` (the invitation,
no answers) — and a *batch* later, in one transaction:

* writes every pending response of the campaign as a `Response` (and its open answers as
  `OpenAnswer`s, shuffled across the whole batch) in an order drawn from the operating system's
  random source, all dated the batch's date;
* flips `responded` on every pending invitation (one UPDATE, in id order);
* deletes the pool's rows.

Then, on SQLite, the write-ahead log is checkpointed and truncated (with ``secure_delete`` on, set for
every connection by ``SurveysConfig.ready``), so neither the database file nor the WAL keeps the pool's
rows or the order in which they came. On PostgreSQL the two pool tables are emptied by TRUNCATE and
the rows still waiting copied back (``rewrite_pool``, decision 0126): a plain VACUUM leaves the deleted
rows' bytes in any page that keeps a live row, VACUUM FULL keeps them while an older snapshot is open.

A batch runs when a campaign's pool reaches ``BATCH_SIZE`` (by the submission that fills it), from
``thaothiam survey-batches`` (hourly: every campaign with at least ``MIN_HOURLY`` pending), and when a
campaign closes (whatever is pending). Two batches of one campaign never interleave: on PostgreSQL a
batch holds an exclusive advisory lock on the campaign and each submission a shared one; SQLite
serialises writers anyway (IMMEDIATE transactions).
"""

from __future__ import annotations

import logging
import secrets
import threading
import time

from django.db import connection, transaction
from django.utils import timezone

from .models import Invitation, OpenAnswer, PendingParticipation, PendingResponse, Response

BANDS = ("sex", "gender_identity", "personnel_type", "level_band", "age_band")
BATCH_SIZE = 10
MIN_HOURLY = 2
_LOCK_CLASS = 0x5457  # "TW": advisory locks of this module (PostgreSQL)
log = logging.getLogger(__name__)


class AlreadySubmitted(Exception):
    """The invitation has been used: a second submission is refused."""


def _advisory(campaign_id: int, *, shared: bool) -> None:
    if connection.vendor == "postgresql":
        fn = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {fn}(%s, %s)", [_LOCK_CLASS, campaign_id])


def pending_count(campaign_id: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM surveys_pendingresponse WHERE campaign_id = %s", [campaign_id])
        return cursor.fetchone()[0]


def submission_enqueue(*, invitation: Invitation, agency_id: int, bands: dict, answers: bytes,
                       texts: list[tuple[int, str]], draft_id: str | None = None) -> int:
    """Put one submission in the pool (refused when the invitation was used); return the pool size.

    The hot path of a busy survey day, so plain SQL: a conditional INSERT (the unique invitation
    refuses a second use without an exception that would abort a PostgreSQL transaction), the
    check of the flag, the pending response, the draft's DELETE when there is one, the pool's size.
    """
    campaign_id = invitation.campaign_id
    fields = PendingResponse._meta
    row = [_uuid(), campaign_id, agency_id, *(bands[name] for name in BANDS),
           fields.get_field("answers").get_db_prep_save(answers, connection),
           fields.get_field("texts").get_db_prep_save([[item_id, text] for item_id, text in texts], connection)]
    participation = [_uuid(), campaign_id, invitation.pk]
    with transaction.atomic(), connection.cursor() as cursor:  # short: writers wait for each other
        _advisory(campaign_id, shared=True)
        if connection.vendor == "postgresql":
            return _enqueue_postgresql(cursor, participation, invitation.pk, row, draft_id)
        cursor.execute("INSERT INTO surveys_pendingparticipation (id, campaign_id, invitation_id) VALUES (%s, %s, %s)"
                       " ON CONFLICT (invitation_id) DO NOTHING", participation)
        if cursor.rowcount != 1:
            raise AlreadySubmitted
        # After the insert, so that a batch committing meanwhile is seen (its flag is then set).
        cursor.execute("SELECT responded FROM surveys_invitation WHERE id = %s", [invitation.pk])
        if cursor.fetchone()[0]:
            raise AlreadySubmitted
        cursor.execute("INSERT INTO surveys_pendingresponse (id, campaign_id, agency_id, sex, gender_identity,"
                       " personnel_type, level_band, age_band, answers, texts)"
                       " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)", row)
        if draft_id:
            cursor.execute("DELETE FROM surveys_draft WHERE id = %s", [draft_id])
        cursor.execute("SELECT COUNT(*) FROM surveys_pendingresponse WHERE campaign_id = %s", [campaign_id])
        return cursor.fetchone()[0]


# PostgreSQL: the same steps as one statement (one round trip instead of five). Its snapshot is taken
# after the advisory lock above, so a batch has either committed (the flag is set, the unique row gone)
# or not begun; the responded check and the insert of the answers run only when the invitation's row
# went in. The count is of the pool before this statement, plus this submission.
_ENQUEUE_PG = """
WITH used AS (SELECT 1 FROM surveys_invitation WHERE id = %s AND responded),
participation AS (
    INSERT INTO surveys_pendingparticipation (id, campaign_id, invitation_id)
    SELECT %s, %s, %s WHERE NOT EXISTS (SELECT 1 FROM used)
    ON CONFLICT (invitation_id) DO NOTHING RETURNING 1),
written AS (
    INSERT INTO surveys_pendingresponse (id, campaign_id, agency_id, sex, gender_identity, personnel_type,
                                         level_band, age_band, answers, texts)
    SELECT %s, %s, %s, %s, %s, %s, %s, %s, %s, %s FROM participation RETURNING 1),
draft AS (DELETE FROM surveys_draft WHERE id = %s AND EXISTS (SELECT 1 FROM written) RETURNING 1)
SELECT (SELECT COUNT(*) FROM written),
       (SELECT COUNT(*) FROM surveys_pendingresponse WHERE campaign_id = %s),
       (SELECT COUNT(*) FROM draft)
"""


def _enqueue_postgresql(cursor, participation: list, invitation_id: int, row: list, draft_id: str | None) -> int:
    campaign_id = participation[1]
    cursor.execute(_ENQUEUE_PG, [invitation_id, *participation, *row, draft_id, campaign_id])
    written, before, _draft = cursor.fetchone()
    if not written:
        raise AlreadySubmitted
    return before + 1


def _uuid():
    import uuid

    return PendingParticipation._meta.pk.get_db_prep_value(uuid.uuid4(), connection)


def is_pending(invitation: Invitation) -> bool:
    return PendingParticipation.objects.filter(invitation_id=invitation.pk).exists()


def batch_flush(*, campaign_id: int, minimum: int = 1, today=None, background: bool = False) -> int:
    """Write the campaign's pool as responses in random order; return how many (0 if under `minimum`).

    The clean-up follows the commit (`checkpoint`); `background=True` (a batch filled by a web request)
    hands it to this process's checkpoint thread, so the respondent's request does not wait for it (the
    fsync of SQLite's WAL truncation; PostgreSQL's table lock and new files).
    """
    today = today or timezone.localdate()
    rng = secrets.SystemRandom()
    with transaction.atomic():
        _advisory(campaign_id, shared=False)
        pending = list(PendingResponse.objects.filter(campaign_id=campaign_id))
        if not pending or len(pending) < minimum:
            return 0
        used = list(PendingParticipation.objects.filter(campaign_id=campaign_id).values_list("pk", "invitation_id"))
        rng.shuffle(pending)
        responses, comments = [], []
        for row in pending:
            bands = {name: getattr(row, name) for name in BANDS}
            responses.append(Response(campaign_id=campaign_id, submitted_on=today, agency_id=row.agency_id,
                                      answers=bytes(row.answers), **bands))
            comments.extend(OpenAnswer(campaign_id=campaign_id, item_id=item_id, agency_id=row.agency_id,
                                       text=text, **bands) for item_id, text in row.texts)
        rng.shuffle(comments)
        Response.objects.bulk_create(responses, batch_size=500)
        if comments:
            OpenAnswer.objects.bulk_create(comments, batch_size=500)
        invitation_ids = sorted(invitation_id for _pk, invitation_id in used)
        for start in range(0, len(invitation_ids), 500):
            Invitation.objects.filter(pk__in=invitation_ids[start:start + 500]).update(responded=True)
        PendingParticipation.objects.filter(pk__in=[pk for pk, _i in used]).delete()
        PendingResponse.objects.filter(pk__in=[row.pk for row in pending]).delete()
        transaction.on_commit(checkpoint_soon if background else checkpoint)
    return len(pending)


def flush_due(*, minimum: int = MIN_HOURLY, today=None) -> dict[int, int]:
    """Every campaign whose pool holds at least `minimum` submissions: {campaign id: responses written}."""
    from django.db.models import Count

    due = (PendingResponse.objects.values("campaign_id").annotate(n=Count("id"))
           .filter(n__gte=minimum).values_list("campaign_id", flat=True))
    out = {}
    for campaign_id in list(due):
        written = batch_flush(campaign_id=campaign_id, minimum=minimum, today=today)
        if written:
            out[campaign_id] = written
    return out


CHECKPOINT_PAUSE = 1.0  # seconds
_wake = threading.Event()
_thread: threading.Thread | None = None
_thread_lock = threading.Lock()


def _checkpointer() -> None:
    from django.db import connections

    while True:
        _wake.wait()
        _wake.clear()
        try:
            if not checkpoint():
                _wake.set()  # readers held it: try again after the pause below
        except Exception:  # noqa: BLE001 — the next batch or the hourly run tries again
            log.exception("survey batch: checkpoint failed")
        finally:
            connections.close_all()
        # A truncating checkpoint (or PostgreSQL's rewrite) holds writers for a moment: at most one per
        # CHECKPOINT_PAUSE, however many batches a busy minute writes (each batch is still followed by
        # one within that pause).
        time.sleep(CHECKPOINT_PAUSE)


def checkpoint_soon() -> None:
    """Ask this process's checkpoint thread to run `checkpoint` now; coalesces requests."""
    global _thread
    if connection.vendor not in ("sqlite", "postgresql"):
        return
    with _thread_lock:
        if _thread is None or not _thread.is_alive():
            _thread = threading.Thread(target=_checkpointer, name="survey-pool-checkpoint", daemon=True)
            _thread.start()
    _wake.set()


def checkpoint() -> bool:
    """Leave no trace of the written pool in the database's files; False when it must be tried again.

    SQLite: copy the WAL into the database and truncate it, so no earlier page image survives (False
    when readers kept it from finishing). PostgreSQL: `rewrite_pool`. Either way the next batch, or the
    hourly command, tries again. Does nothing inside a transaction (the caller's commit comes first).
    """
    if connection.in_atomic_block:
        return True
    if connection.vendor == "postgresql":
        return rewrite_pool()
    if connection.vendor != "sqlite":
        return True
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout = 3000")
        try:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            busy, _log, _done = cursor.fetchone()
        finally:
            cursor.execute("PRAGMA busy_timeout = 10000")
    if busy:
        log.warning("survey batch: the write-ahead log could not be truncated yet (readers busy)")
    return not busy


POOL_TABLES = ("surveys_pendingparticipation", "surveys_pendingresponse")  # the submissions' lock order
REWRITE_ATTEMPTS = 40
REWRITE_PAUSE = 0.05  # seconds between attempts to take the tables without waiting


def rewrite_pool() -> bool:
    """PostgreSQL: put the two pool tables into new, empty files and copy back the rows still waiting.

    A batch's deleted rows — answers, comments, invitations, in the order they came — stay in the heap
    and index pages until rewritten: a plain VACUUM keeps their bytes in every page that still holds a
    live row, and VACUUM FULL copies them too while any transaction in the database still has an older
    snapshot (a report, a backup). TRUNCATE does not look at snapshots: the old files are emptied at
    commit. So, in one transaction: take both tables without waiting (NOWAIT, so no submission ever
    queues behind this nor deadlocks with it; retried `REWRITE_ATTEMPTS` times), keep the waiting rows
    (other campaigns', or submissions that arrived after the batch) in memory, TRUNCATE, insert them
    back in a random order. Nothing is lost: nobody else can write while the lock is held. Never
    raises (the respondent's answer is already stored): on failure, logged; the next batch or the
    hourly run tries again.
    """
    from django.db import DatabaseError

    for _attempt in range(REWRITE_ATTEMPTS):
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {', '.join(POOL_TABLES)} IN ACCESS EXCLUSIVE MODE NOWAIT")
                kept = []
                for table in POOL_TABLES:
                    cursor.execute(f"SELECT json_agg(t ORDER BY random())::text FROM {table} t")  # noqa: S608
                    kept.append((table, cursor.fetchone()[0]))
                cursor.execute(f"TRUNCATE {', '.join(POOL_TABLES)}")
                for table, rows in kept:
                    if rows:
                        sql = f"INSERT INTO {table} SELECT * FROM json_populate_recordset(NULL::{table}, %s)"  # noqa: S608
                        cursor.execute(sql, [rows])
            return True
        except DatabaseError as error:
            if getattr(error.__cause__, "sqlstate", None) != "55P03":  # lock_not_available: try again
                log.warning("survey batch: the pool tables could not be rewritten; the next run tries again",
                            exc_info=True)
                return False
        time.sleep(REWRITE_PAUSE)
    log.warning("survey batch: the pool tables were busy; they will be rewritten at the next run")
    return False


def pending_invitations(invitation_ids: list[int]) -> set[int]:
    return set(PendingParticipation.objects.filter(invitation_id__in=invitation_ids)
               .values_list("invitation_id", flat=True))
