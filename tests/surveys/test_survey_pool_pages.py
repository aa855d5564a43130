"""The insider of decision 0034 on PostgreSQL, after a batch: reads the raw pages of the mixing pool's
tables (heap, indexes, TOAST) as a superuser session or a copy of the data directory would, looking for
the answers the batch deleted (still next to their submission order) — decision 0126.

PostgreSQL keeps deleted rows in their pages until vacuum; a plain VACUUM keeps their bytes in any page
that still holds a live row (here, a submission of another campaign still waiting in the pool: every
test keeps one), and VACUUM FULL keeps the rows themselves while an older snapshot is open (here, a
report running in another connection: every test keeps one). The raw pages are read through `pageinspect` (the same bytes the data files get at
the next checkpoint). SQLite has its own raw-file test (test_survey_attacks.py).
"""

from __future__ import annotations

import logging
import threading
import time

import pytest
from django.core.management import call_command
from django.db import connection
from survey_helpers import invite, make_campaign

from thaothiam.surveys import pool, services, services_campaign
from thaothiam.surveys.models import PendingResponse, Response
from thaothiam.surveys.services import pack
from thaothiam.surveys.structure import load

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def report_running():
    """Another connection in a long REPEATABLE READ transaction (a report, a backup) during the test."""
    started, done = threading.Event(), threading.Event()

    def report():
        from django.db import connection as own
        from django.db import transaction

        try:
            with transaction.atomic(), own.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                cursor.execute("SELECT count(*) FROM surveys_response")
                started.set()
                done.wait(60)
        finally:
            started.set()
            own.close()

    thread = threading.Thread(target=report)
    thread.start()
    assert started.wait(30)
    yield
    done.set()
    thread.join(30)


@pytest.fixture
def pageinspect():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's heap pages: SQLite's raw file and WAL are read in test_survey_attacks.py")
    try:
        with connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
    except Exception as error:  # noqa: BLE001
        pytest.skip(f"pageinspect is needed to read raw pages (superuser, contrib installed): {error}")


def raw_pool_pages() -> list[bytes]:
    """Every page of the two pool tables, their indexes and their TOAST tables, as stored."""
    pages = []
    with connection.cursor() as cursor:
        for table in pool.POOL_TABLES:
            cursor.execute(
                "SELECT c.oid::regclass::text FROM pg_class c WHERE c.oid = %s::regclass"
                " OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid = %s::regclass)"
                " OR c.oid = (SELECT reltoastrelid FROM pg_class WHERE oid = %s::regclass)"
                " OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid ="
                "              (SELECT reltoastrelid FROM pg_class WHERE oid = %s::regclass))", [table] * 4)
            for (relation,) in cursor.fetchall():
                cursor.execute("SELECT get_raw_page(%s, 'main', n) FROM generate_series(0,"
                               " (pg_relation_size(%s) / current_setting('block_size')::int) - 1) n",
                               [relation, relation])
                pages.extend(bytes(page) for (page,) in cursor.fetchall())
    return pages


class Person:
    """Person n: Likert answers spelling n in base 5, and a comment naming n."""

    def __init__(self, campaign, n: int):
        shape = load(campaign.instrument_id)
        likert = [item for item in shape.items if item.kind == "likert5"][:3]
        text = next(item for item in shape.items if item.kind == "text")
        self.comment = f"xyzzy-secret-comment-{n:03d}"
        self.values = {item.code: 1 + (n // 5 ** j) % 5 for j, item in enumerate(likert)}
        self.blob = pack(shape.slots, {item.position: self.values[item.code] for item in likert})
        self.values[text.code] = self.comment

    def seen_in(self, pages: list[bytes]) -> bool:
        return any(self.comment.encode() in page or self.blob in page for page in pages)


def _setup(n: int):
    campaign, other = make_campaign(), make_campaign(fy=2570)
    invitations = invite(campaign, n)
    people = [Person(campaign, k) for k in range(n)]
    waiting = Person(other, 100)  # another campaign's submission, still pending after the batch
    services.response_submit(invitation=invite(other, 1)[0], values=waiting.values)
    return campaign, invitations, people, waiting


@pytest.mark.parametrize("path", ["submission fills the pool", "hourly command", "campaign closes"])
def test_a_batch_leaves_no_deleted_pending_answer_in_the_pool_pages(pageinspect, report_running, path):
    n = pool.BATCH_SIZE if path == "submission fills the pool" else 4
    campaign, invitations, people, waiting = _setup(n)
    for invitation, person in zip(invitations[:-1], people[:-1], strict=True):
        services.response_submit(invitation=invitation, values=person.values)
    before = raw_pool_pages()
    # The reading works: pending answers (with their order) are in the raw pages while they wait.
    assert all(person.seen_in(before) for person in people[:-1]) and waiting.seen_in(before)

    services.response_submit(invitation=invitations[-1], values=people[-1].values)
    if path == "hourly command":
        call_command("survey-batches", "--no-release")
    elif path == "campaign closes":
        services_campaign.campaign_close(campaign=campaign, actor=None)
    assert Response.objects.filter(campaign=campaign).count() == n  # the batch ran

    after = raw_pool_pages()
    if path == "submission fills the pool":  # the web path hands the clean-up to the worker's thread
        for _wait in range(200):
            if not [p for p in people if p.seen_in(after)]:
                break
            time.sleep(0.1)
            after = raw_pool_pages()
    assert not [p for p in people if p.seen_in(after)], "a deleted pending answer is still in the pool's pages"
    assert waiting.seen_in(after)  # the live row is kept, and the reading would have found the others
    assert PendingResponse.objects.filter(campaign__fiscal_year=2570).count() == 1


def test_a_submission_arriving_during_the_clean_up_is_kept_and_a_failed_clean_up_is_retried(
        pageinspect, monkeypatch, caplog):
    """A submission whose transaction is still open holds the pool tables: the rewrite after a batch
    does not wait for it (nor make later submissions queue behind it), gives up after its attempts
    (logged, no error raised), the submission is kept, and the next run cleans the pages."""
    monkeypatch.setattr(pool, "REWRITE_ATTEMPTS", 3)
    campaign, invitations, people, waiting = _setup(pool.BATCH_SIZE)
    late_campaign = make_campaign(fy=2571)
    late_invitation, late = invite(late_campaign, 1)[0], Person(late_campaign, 101)
    for invitation, person in zip(invitations[:-1], people[:-1], strict=True):
        services.response_submit(invitation=invitation, values=person.values)

    inside, release, failures = threading.Event(), threading.Event(), []

    def late_submission():
        from django.db import connection as own
        from django.db import transaction

        try:
            with transaction.atomic():
                pool.submission_enqueue(invitation=late_invitation, agency_id=late_invitation.agency_id,
                                        bands=dict.fromkeys(pool.BANDS, 0), answers=late.blob,
                                        texts=[(0, late.comment)])
                inside.set()
                release.wait(30)
        except Exception as error:  # noqa: BLE001 — reported to the test below
            failures.append(error)
        finally:
            inside.set()
            own.close()

    thread = threading.Thread(target=late_submission)
    thread.start()
    assert inside.wait(30)
    try:
        with caplog.at_level(logging.WARNING, logger="thaothiam.surveys.pool"):
            pool.submission_enqueue(invitation=invitations[-1], agency_id=invitations[-1].agency_id,
                                    bands=dict.fromkeys(pool.BANDS, 0), answers=people[-1].blob, texts=[])
            assert pool.batch_flush(campaign_id=campaign.pk, minimum=1) == pool.BATCH_SIZE  # the hourly path
    finally:
        release.set()
        thread.join(30)
    assert not failures
    assert Response.objects.filter(campaign=campaign).count() == pool.BATCH_SIZE
    assert "pool tables were busy" in caplog.text
    assert [people[0].seen_in(raw_pool_pages())] == [True]  # not yet cleaned: the attack would work here

    assert PendingResponse.objects.filter(campaign=late_campaign).count() == 1  # not lost
    assert pool.checkpoint()  # the next run (batch or hourly)
    after = raw_pool_pages()
    assert not [p for p in people if p.seen_in(after)]
    assert late.seen_in(after) and waiting.seen_in(after)
