"""The pending-copy attack of decision 0121: an insider holds a copy of the database taken while a batch
waits in the mixing pool, and knows who submitted when.

What the copy shows is what the database's own bookkeeping keeps: SQLite's hidden rowids, PostgreSQL's
`xmin` (the id of the inserting transaction, the same on the two pool rows of one submission) and
`ctid`. The test plays both readings the decision compares:
* the pairing: a pending answer joined to the pending invitation written with it (same `xmin`; on SQLite,
  the same rank of rowid);
* the order: the pending answers in storage order, the k-th given to the k-th person the insider saw
  submit.
They link the same people to the same answers (the pairing tells no more than the order the threat
model concedes), nothing links an answer that the batch has written, and the pool keeps no time.
"""

from __future__ import annotations

import numpy as np
import pytest
from django.db import connection
from survey_helpers import invite, make_campaign

from thaothiam.surveys import pool, services
from thaothiam.surveys.models import PendingParticipation, PendingResponse, Response
from thaothiam.surveys.structure import load

pytestmark = pytest.mark.django_db(transaction=True)


def _likert(campaign):
    return [item for item in load(campaign.instrument_id).items if item.kind == "likert5"][:3]


def _answers_of(campaign, person: int) -> dict[str, int]:
    """Person n answers the first Likert items with n's digits in base 5 (so the answers name the person)."""
    return {item.code: 1 + (person // 5 ** j) % 5 for j, item in enumerate(_likert(campaign))}


def _person(campaign, blob: bytes) -> int:
    values = np.frombuffer(bytes(blob), dtype="<u2")
    return sum((int(values[item.position]) - 1) * 5 ** j for j, item in enumerate(_likert(campaign)))


def _stored(table: str, columns: str) -> list[tuple]:
    """Rows as the copy stores them: (storage key, transaction id or None, *columns), in storage order."""
    if connection.vendor == "postgresql":
        sql = f"SELECT ctid::text, xmin::text, {columns} FROM {table} ORDER BY ctid"  # noqa: S608 — test's own names
    else:
        sql = f"SELECT rowid, NULL, {columns} FROM {table} ORDER BY rowid"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def test_a_copy_taken_while_a_batch_is_pending_shows_the_order_and_nothing_more():
    campaign = make_campaign()
    invitations = invite(campaign, pool.BATCH_SIZE)
    person_of_invitation = {inv.pk: n for n, inv in enumerate(invitations)}
    seen_submitting = [4, 0, 7, 2, 9, 1, 5]  # the order the insider saw, to the second
    for person in seen_submitting:
        services.response_submit(invitation=invitations[person], values=_answers_of(campaign, person))

    # The copy.
    responses = _stored("surveys_pendingresponse", "answers")
    participations = _stored("surveys_pendingparticipation", "invitation_id")
    assert len(responses) == len(participations) == len(seen_submitting)
    truth = {n: n for n in seen_submitting}  # person -> whose answers (each their own)

    # Reading 1, the order (conceded by the threat model): the k-th answer in storage order is the k-th
    # person seen submitting. On PostgreSQL the transaction ids order the rows too.
    if connection.vendor == "postgresql":
        responses.sort(key=lambda row: int(row[1]))
    by_order = {person: _person(campaign, row[2]) for person, row in zip(seen_submitting, responses, strict=True)}
    assert by_order == truth  # what the decision concedes (a change that hides the order updates 0121)

    # Reading 2, the pairing: joined row to row without knowing anyone's time.
    if connection.vendor == "postgresql":
        invitation_of_xid = {xid: invitation for _ctid, xid, invitation in participations}
        by_pairing = {person_of_invitation[invitation_of_xid[xid]]: _person(campaign, blob)
                      for _ctid, xid, blob in responses}
    else:
        by_pairing = {person_of_invitation[p[2]]: _person(campaign, r[2])
                      for p, r in zip(participations, responses, strict=True)}
    # Both readings link the same people to the same answers: the pairing adds nothing to the order plus
    # the times the insider knows. (A weaker insider without the times learns it from the pairing.)
    assert by_pairing == by_order == truth

    # Neither pool row carries a time, nor the response an invitation.
    for model in (PendingResponse, PendingParticipation):
        kinds = {field.get_internal_type() for field in model._meta.concrete_fields}
        assert not kinds & {"DateField", "DateTimeField", "TimeField", "DurationField"}, model
    assert not any(field.name in ("invitation", "invitation_id") for field in PendingResponse._meta.concrete_fields)

    # The batch: the submission that fills the pool writes it.
    for person in (3, 6, 8):
        services.response_submit(invitation=invitations[person], values=_answers_of(campaign, person))
    assert not PendingResponse.objects.exists() and not PendingParticipation.objects.exists()
    written = _stored("surveys_response", "answers")
    assert sorted(_person(campaign, row[2]) for row in written) == list(range(pool.BATCH_SIZE))
    if connection.vendor == "postgresql":
        assert len({row[1] for row in written}) == 1  # one transaction wrote them all: no id per submission
    seen_all = [*seen_submitting, 3, 6, 8]
    # The order reading, tried on the written responses, no longer lines up with who submitted when
    # (it would by chance with probability 1/10!).
    assert [_person(campaign, row[2]) for row in written] != seen_all
    assert all(invitation.responded for invitation in
               type(invitations[0]).objects.filter(pk__in=[invitations[n].pk for n in seen_all]))
    assert Response.objects.filter(campaign=campaign).count() == pool.BATCH_SIZE
