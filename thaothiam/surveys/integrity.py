"""Group integrity: nobody can pad a group with answers of known content (decision 0036).

* Open links are off by default (`Campaign.open_link_mode`). With sign-in, an account gets one
  invitation per campaign (the unique (campaign, user) invitation; the answer never carries it).
  Without sign-in, each client (a keyed digest of its address, per day — never the address) may take
  ``per_client()`` invitations a day, and an agency's answers stop at its headcount in the latest
  workforce snapshot (no snapshot: no open-link answers at all, there is nothing to cap at).
* ``flags(campaign)``: agencies, and agency × sex, whose released respondents outnumber the staff the
  workforce database counts — which groups, without counts — shown to central on the campaign page.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Sum
from django.utils import timezone

from .models import Campaign, OpenLink, OpenLinkTally, PendingResponse, Response

SEXES = ("F", "M")  # core.vocabulary: survey and workforce share the codes


def per_client() -> int:
    return int(getattr(settings, "THAOTHIAM_SURVEY_OPEN_LINK_PER_CLIENT", 20))


def headcounts(agency_ids=None) -> dict[int, int]:
    """{agency id: headcount} from each agency's latest workforce snapshot."""
    from thaothiam.workforce.models import SnapshotAgency

    rows = SnapshotAgency.objects.order_by("agency_id", "-snapshot__as_of")
    if agency_ids is not None:
        rows = rows.filter(agency_id__in=list(agency_ids))
    out: dict[int, int] = {}
    for agency_id, count in rows.values_list("agency_id", "headcount"):
        out.setdefault(agency_id, count)
    return out


def _answers(campaign: Campaign, agency_id: int) -> int:
    return (Response.objects.filter(campaign=campaign, agency_id=agency_id).count()
            + PendingResponse.objects.filter(campaign=campaign, agency_id=agency_id).count())


def over_headcount(campaign: Campaign, agency_id: int) -> bool:
    cap = headcounts([agency_id]).get(agency_id)
    return cap is None or _answers(campaign, agency_id) >= cap


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or — behind THAOTHIAM_PROXY_COUNT trusted proxies — the entry
    of X-Forwarded-For that the nearest trusted proxy saw (a client cannot forge the entries after it)."""
    hops = int(getattr(settings, "THAOTHIAM_PROXY_COUNT", 0))
    if hops > 0:
        chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(chain) >= hops:
            return chain[-hops]
    return request.META.get("REMOTE_ADDR", "")


def _client(request, campaign_id: int, day) -> str:
    address = client_address(request)
    message = f"{campaign_id}:{day.isoformat()}:{address}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:32]


def open_link_refusal(request, link: OpenLink) -> str | None:
    """"cap", "rate" or None (the client may take one more invitation; counted here)."""
    campaign = link.campaign
    if over_headcount(campaign, link.agency_id):
        return "cap"
    today = timezone.localdate()
    client = _client(request, campaign.pk, today)
    with transaction.atomic():
        OpenLinkTally.objects.filter(day__lt=today).delete()
        tally, _created = OpenLinkTally.objects.get_or_create(campaign=campaign, client=client, day=today)
        if tally.count >= per_client():
            return "rate"
        OpenLinkTally.objects.filter(pk=tally.pk).update(count=F("count") + 1)
    return None


@dataclass
class Flag:
    agency: object
    sex: str | None  # a core sex code; None: the whole agency

    @property
    def sex_label(self) -> str:
        from thaothiam.core.vocabulary import SEX, labels

        return labels(SEX).get(self.sex, "") if self.sex else ""


def flags(campaign: Campaign) -> list[Flag]:
    """Groups (agency, agency × sex) whose *released* answers outnumber the staff the workforce database
    counts — which groups, never how many (decision 0147).

    Only released responses count (not the pool, not responses written since the latest release), so the
    list changes at a release, when at least ten new answers arrive at once (decision 0035), never with
    one answer; and it gives no count, so it adds no exact figure beside the perturbed results
    (decisions 0120, 0122) nor the exact workforce headcount of an agency × sex."""
    from thaothiam.agencies.models import Agency
    from thaothiam.workforce.models import SnapshotAgency, WorkforceCell

    answers: dict[tuple, int] = {}
    for agency_id, sex, n in (Response.objects.filter(campaign=campaign, release__isnull=False)
                              .values("agency_id", "sex").annotate(n=Count("pk"))
                              .values_list("agency_id", "sex", "n")):
        answers[(agency_id, None)] = answers.get((agency_id, None), 0) + n
        answers[(agency_id, sex)] = answers.get((agency_id, sex), 0) + n
    agencies = {k[0] for k in answers}
    staff: dict[tuple, int] = {(a, None): n for a, n in headcounts(agencies).items()}
    latest = {a: s for a, s in SnapshotAgency.objects.filter(agency_id__in=agencies)
              .order_by("agency_id", "snapshot__as_of").values_list("agency_id", "snapshot_id")}
    for agency_id, snapshot_id in latest.items():
        for sex, n in (WorkforceCell.objects.filter(snapshot_id=snapshot_id, agency_id=agency_id)
                       .values("sex").annotate(n=Sum("headcount")).values_list("sex", "n")):
            if sex in SEXES:
                staff[(agency_id, sex)] = n
    names = {a.pk: a for a in Agency.objects.filter(pk__in=agencies)}
    return [Flag(names.get(agency_id), sex)
            for (agency_id, sex), count in sorted(answers.items(), key=lambda kv: (kv[0][0], kv[0][1] or ""))
            if sex in (None, *SEXES) and (agency_id, sex) in staff and count > staff[(agency_id, sex)]]
