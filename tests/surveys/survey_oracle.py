"""What decision 0120 says a survey output publishes, computed from the database row by row (not through
the NumPy matrices of surveys.selectors): the perturbed number of released responses matching filters
and an optional condition on the answers."""

import numpy as np

from tests.core.cellkey_oracle import published, survey_response_key
from thaothiam.core.cellkey import secret
from thaothiam.surveys.models import Response
from thaothiam.surveys.structure import load


def released(campaign, **filters):
    return Response.objects.filter(campaign=campaign, release__isnull=False, **filters)


def people(campaign, where=None, **filters) -> tuple[int, int]:
    """(count, record-key sum) of the released responses matching `filters` and `where(answer_of)`, where
    `answer_of(code)` gives the response's answer to an item (0 = none)."""
    shape = load(campaign.instrument_id)
    n = k = 0
    for rid, blob in released(campaign, **filters).values_list("id", "answers"):
        answers = np.frombuffer(bytes(blob), dtype="<u2")

        def answer_of(code, answers=answers):
            position = shape.item(code).position
            return int(answers[position]) if position < answers.size else 0

        if where is None or where(answer_of):
            n += 1
            k += survey_response_key(rid, secret())
    return n, k


def pub(campaign, where=None, **filters) -> int:
    """The published (perturbed) count of those responses."""
    return published(*people(campaign, where, **filters))


def answered(code, *values):
    """A `where` for: answered item `code` (with one of `values`, when given)."""
    return lambda answer_of: answer_of(code) in values if values else answer_of(code) > 0


def pub_responded(campaign, **filters) -> int:
    """The published number of invitations marked responded (decision 0122): each invitation's key is
    HMAC("cell-key|survey-invitation|<id>") as the decision describes it, summed."""
    from tests.core.cellkey_oracle import record_key_by_hand
    from thaothiam.surveys.models import Invitation

    ids = list(Invitation.objects.filter(campaign=campaign, responded=True, **filters).values_list("pk", flat=True))
    return published(len(ids), sum(record_key_by_hand("survey-invitation", pk) for pk in ids))
