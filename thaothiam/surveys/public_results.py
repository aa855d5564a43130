"""The public page's "results so far" (issue 15 §9), computed rather than typed: what the seed reports
as results of the plan — the BMA-wide opinion survey's overall result and its band ("อยู่ในระดับมาก"),
and how agencies promoted the policy (online media, video, campaigns, declarations of intent, meetings,
training), counted from accepted activities.

Survey figures come only from a released snapshot (decision 0035) through `headline.headline_for`, the
same disclosure control as the results pages and the dashboard (0032, 0033); nothing is shown when the
figure is hidden or nothing is released. Activity figures count activities and agencies, not people.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from .headline import Headline, headline_for
from .models import Campaign, Instrument, ResultRelease

# The seed's ways of promoting the policy, in its order, as activity types of the reporting module.
PROMOTION_KINDS = ("comm_online", "comm_video", "comm_campaign", "comm_declaration", "comm_meeting", "training")


@dataclass
class Promotion:
    kind: str
    label: str
    activities: int
    agencies: int


def latest_opinion() -> Headline | None:
    """The opinion survey's latest released overall result, BMA-wide: of the latest survey that has
    closed (its final release), else of the latest one still open (its latest release); None when
    nothing is released or the figure is hidden."""
    releases = ResultRelease.objects.filter(campaign__instrument__kind=Instrument.Kind.OPINION)
    campaign = None
    for released in (releases.filter(final=True), releases):
        campaign = (Campaign.objects.filter(pk__in=released.values("campaign_id")).exclude(status=Campaign.Status.DRAFT)
                    .select_related("instrument").order_by("-fiscal_year", "-pk").first())
        if campaign is not None:
            break
    if campaign is None:
        return None
    headline = headline_for(campaign)
    return headline if headline.mean is not None and headline.band_th else None


def promotion(fy: int | None = None) -> tuple[int | None, list[Promotion]]:
    """(fiscal year, counts per promotion kind) from activities of reports central accepted; the latest
    fiscal year with any such activity unless `fy` is given."""
    from thaothiam.reporting.models import Activity, ActivityType, Status

    accepted = Activity.objects.filter(report__status=Status.ACCEPTED)
    if fy is None:
        fy = accepted.filter(kind__in=PROMOTION_KINDS).order_by("-fy").values_list("fy", flat=True).first()
        if fy is None:
            return None, []
    rows = {r["kind"]: r for r in accepted.filter(fy=fy, kind__in=PROMOTION_KINDS).values("kind")
            .annotate(activities=Count("pk"), agencies=Count("agency", distinct=True))}
    labels = dict(ActivityType.choices)
    return fy, [Promotion(kind, str(labels[kind]), rows[kind]["activities"], rows[kind]["agencies"])
                for kind in PROMOTION_KINDS if kind in rows]
