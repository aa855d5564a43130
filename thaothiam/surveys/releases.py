"""Results are released, not live (docs/decisions/0035-survey-results-released-in-snapshots.md).

Every results page, breakdown, export, chart, the dashboard headline and the explorer's respondents
dataset read the responses of the campaign's latest `ResultRelease` only (``surveys.matrix`` loads
``release <= latest``). A release marks every response written since the previous one with its
number. It happens

* at most once a calendar day, and only when at least ``MIN_NEW`` responses arrived since the
  previous release (``thaothiam survey-batches``, run hourly, tries; so does central's button);
* when the campaign closes (after the pool's last batch), whatever the number: the final release.

So nobody can download results before and after one person's answer: between two releases there
are at least ten new responses (except the final one), and the page says which release it shows.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from thaothiam.core import audit

from .models import Campaign, OpenAnswer, Response, ResultRelease

MIN_NEW = 10


def latest(campaign_id: int) -> ResultRelease | None:
    return ResultRelease.objects.filter(campaign_id=campaign_id).order_by("-number").first()


def latest_number(campaign_id: int) -> int:
    return ResultRelease.objects.filter(campaign_id=campaign_id).aggregate(n=Max("number"))["n"] or 0


def unreleased(campaign_id: int) -> int:
    return Response.objects.filter(campaign_id=campaign_id, release=None).count()


def participation(campaign_id: int) -> dict[str, list[int]]:
    """What a release stores of the response rate (surveys/rates.py, decision 0122)."""
    from .rates import participation as counted

    return counted(campaign_id)


def release_publish(*, campaign: Campaign, today: dt.date | None = None, final: bool = False,
                    actor=None) -> ResultRelease | None:
    """Release the campaign's new responses if the rules allow it today; None when they do not."""
    today = today or timezone.localdate()
    with transaction.atomic():
        previous = latest(campaign.pk)
        new = unreleased(campaign.pk)
        if not final and (new < MIN_NEW or (previous is not None and previous.released_on >= today)):
            return None
        if final and new == 0 and previous is not None:
            previous.final = True
            previous.participation = participation(campaign.pk)
            previous.save(update_fields=["final", "participation"])
            return previous
        number = (previous.number if previous else 0) + 1
        Response.objects.filter(campaign_id=campaign.pk, release=None).update(release=number)
        OpenAnswer.objects.filter(campaign_id=campaign.pk, release=None).update(release=number)
        total = Response.objects.filter(campaign_id=campaign.pk).count()
        made = ResultRelease.objects.create(campaign=campaign, number=number, released_on=today,
                                            responses=total, final=final, participation=participation(campaign.pk))
        audit.record("survey.results.release", campaign, actor=actor,
                     after={"release": number, "responses": total, "final": final})
    return made


def releases_due(*, today: dt.date | None = None) -> list[ResultRelease]:
    """The daily release of every open campaign that has enough new responses."""
    out = []
    for campaign in Campaign.objects.filter(status=Campaign.Status.OPEN):
        made = release_publish(campaign=campaign, today=today)
        if made is not None:
            out.append(made)
    return out
