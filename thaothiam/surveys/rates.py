"""Response rate by agency: invited counts now, answered counts as of the latest result release
(`ResultRelease.participation`), so the rate too is released, not live (decision 0035).

Disclosure (core.disclosure, one-way tables over the agencies, with complements so that the total
cannot give a hidden agency away):

* **responded** — a count of people who answered — is hidden when 1–4, for every role and in every
  view (this page, central's campaign page, the XLSX), and the response rate with it;
* **answers by open link** likewise;
* **invited** is hidden when 1–4 on the results side (coordinators, heads, executives, and central
  there too, so the results views agree). Central's campaign page passes ``show_invited=True``:
  the invitation list is central's own operational data (it imported it), the count says nothing
  about who answered or what, and central needs it to chase the list (docs/decisions/0033).

An agency with nobody invited personally has ``invited == 0`` and shows no rate (``no_list``).
"""


from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from thaothiam.agencies.models import Agency
from thaothiam.core.disclosure import TOTAL, suppress_counts

from .models import Campaign, Invitation


@dataclass
class Rate:
    agency: Agency | None
    invited: int | None
    responded: int | None
    open_link_responses: int | None

    @property
    def no_list(self) -> bool:
        """Nobody was invited personally (an open-link agency, or the list is not in yet)."""
        return self.invited == 0

    @property
    def percent(self) -> float | None:
        if not self.invited or self.responded is None:
            return None
        return 100.0 * self.responded / self.invited


def response_rates(campaign: Campaign, agency_ids: set[int] | None = None, *,
                   show_invited: bool = False) -> tuple[list[Rate], Rate | None]:
    query = Invitation.objects.filter(campaign=campaign)
    if agency_ids is not None:
        query = query.filter(agency_id__in=agency_ids)
    rows = list(query.values("agency_id").annotate(n_invited=Count("id", filter=Q(via_open_link=False))))
    from .releases import latest

    release = latest(campaign.pk)
    released = {int(k): v for k, v in (release.participation if release else {}).items()}
    if agency_ids is not None:
        released = {k: v for k, v in released.items() if k in agency_ids}
    seen = {row["agency_id"] for row in rows}
    rows += [{"agency_id": k, "n_invited": 0} for k in released if k not in seen]
    for row in rows:
        row["n_responded"], row["n_open"] = released.get(row["agency_id"], (0, 0))
    targets = campaign.agencies.all() if agency_ids is None else campaign.agencies.filter(pk__in=agency_ids)
    agencies = {a.pk: a for a in targets}
    found = {row["agency_id"]: {"invited": row["n_invited"], "responded": row["n_responded"],
                                "open_responded": row["n_open"]} for row in rows}
    agencies.update({a.pk: a for a in Agency.objects.filter(pk__in=set(found) - set(agencies))})
    empty = {"invited": 0, "responded": 0, "open_responded": 0}

    def column(name: str) -> dict:
        return suppress_counts({pk: found.get(pk, empty)[name] for pk in agencies})

    invited = column("invited")
    responded = column("responded")
    opened = column("open_responded")
    rates = []
    for pk, agency in sorted(agencies.items(), key=lambda kv: kv[1].code):
        row = found.get(pk, empty)
        shown_invited = row["invited"] if show_invited else invited[pk]
        # An agency whose invited count is hidden shows nothing of its rate (its responded is below 5 too).
        rates.append(Rate(agency, shown_invited, None if invited[pk] is None and not show_invited else responded[pk],
                          opened[pk]))
    total = None
    total_invited = sum(r["invited"] for r in found.values())
    if total_invited and (show_invited or invited[TOTAL] is not None):
        total = Rate(None, total_invited, responded[TOTAL], None)
    return rates, total
