"""Live response rate by agency, from the invitations' participation flags (one GROUP BY).

An agency with fewer than 5 personal invitations shows no figures at all (and complements are
hidden so that the total cannot give it away). Agencies answering by
an open link have no invitation list: only their number of responses is shown (hidden below 5).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from thaothiam.agencies.models import Agency
from thaothiam.core.disclosure import DEFAULT_THRESHOLD, TOTAL, suppress_counts

from .models import Campaign, Invitation


@dataclass
class Rate:
    agency: Agency
    invited: int | None
    responded: int | None
    open_link_responses: int | None

    @property
    def percent(self) -> float | None:
        if not self.invited or self.responded is None:
            return None
        return 100.0 * self.responded / self.invited


def response_rates(campaign: Campaign, agency_ids: set[int] | None = None) -> tuple[list[Rate], Rate | None]:
    query = Invitation.objects.filter(campaign=campaign)
    if agency_ids is not None:
        query = query.filter(agency_id__in=agency_ids)
    rows = query.values("agency_id").annotate(
        n_invited=Count("id", filter=Q(via_open_link=False)),
        n_responded=Count("id", filter=Q(via_open_link=False, responded=True)),
        n_open=Count("id", filter=Q(via_open_link=True, responded=True)),
    )
    targets = campaign.agencies.all() if agency_ids is None else campaign.agencies.filter(pk__in=agency_ids)
    agencies = {a.pk: a for a in targets}
    found = {row["agency_id"]: {"invited": row["n_invited"], "responded": row["n_responded"],
                                "open_responded": row["n_open"]} for row in rows}
    agencies.update({a.pk: a for a in Agency.objects.filter(pk__in=set(found) - set(agencies))})
    empty = {"invited": 0, "responded": 0, "open_responded": 0}
    # Hidden below 5 invited, with complements so the total cannot give a hidden agency away.
    shown = suppress_counts({pk: found.get(pk, empty)["invited"] for pk in agencies})
    rates = []
    for pk, agency in sorted(agencies.items(), key=lambda kv: kv[1].code):
        row = found.get(pk, empty)
        small = shown[pk] is None
        opened = row["open_responded"]
        rates.append(Rate(agency, None if small else row["invited"], None if small else row["responded"],
                          None if 0 < opened < DEFAULT_THRESHOLD else opened))
    invited = sum(r["invited"] for r in found.values())
    responded = sum(r["responded"] for r in found.values())
    total = None
    if shown[TOTAL] is not None and invited >= DEFAULT_THRESHOLD:
        total = Rate(None, invited, responded, None)
    return rates, total
