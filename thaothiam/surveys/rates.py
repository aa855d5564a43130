"""Response rate by agency: invited counts now, answered counts as of the latest result release
(`ResultRelease.participation`), so the rate too is released, not live (decision 0035).

Disclosure (docs/decisions/0122-survey-response-rates-perturbed.md):

* **responded** and **answers by open link** — counts of people who answered — are cell-key perturbed
  (core.cellkey) with the sum of their invitations' record keys (`invitation_key`: a keyed hash of the
  invitation's id, unrelated to the response's key, so nothing links an invitation to its answer). The
  release stores each agency's counts and key sums, so the same release shows the same values on every
  page and in the XLSX, and "total minus the shown agencies" gives noise, not a hidden agency. The rate
  is the perturbed part over the invited whole (capped at 100 %).
* A perturbed count is shown only where its upper bound — the agency's personal invitations, or the
  invitations its open link gave out (shown on the "Invitations issued" tab), at the release — is 0 or
  at least 5: with 1–4 invitations, "published 5, so at least one answered" would narrow a count of
  1–4 to fewer than 3 values.
* **invited** — invitations, not answers; central's own list — is exact. It is hidden when 1–4 on the
  results side (coordinators, heads, executives, and central there too, so the results views agree),
  with complements so the total cannot give a hidden agency away. Central's campaign page passes
  ``show_invited=True``: central imported the list and needs it to chase it (decision 0033).

An agency with nobody invited personally has ``invited == 0`` and shows no rate (``no_list``).
"""


from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from thaothiam.agencies.models import Agency
from thaothiam.core.cellkey import SMALLEST_SHOWN, perturb, record_key, secret
from thaothiam.core.disclosure import TOTAL, suppress_counts

from .models import Campaign, Invitation

PERSONAL, OPEN = 0, 1


def invitation_key(invitation_id: int, key: str | None = None) -> int:
    """An invitation's record key (0..999) for its participation: a keyed hash of its id under the
    pseudonymisation key. Not the response's key (surveys/keys.py hashes the response's random UUID),
    so the two cannot be matched."""
    return record_key(secret() if key is None else key, "survey-invitation", invitation_id)


def participation(campaign_id: int) -> dict[str, list[int]]:
    """{agency id: [answered by personal invitation, by open link, key sum of each, personal invitations,
    open-link invitations]} from the flags now (what a release stores)."""
    out: dict[str, list[int]] = {}
    key = secret()

    def entry(agency_id) -> list[int]:
        return out.setdefault(str(agency_id), [0, 0, 0, 0, 0, 0])

    for agency_id, via_open, pk in (Invitation.objects.filter(campaign_id=campaign_id, responded=True)
                                    .values_list("agency_id", "via_open_link", "pk").iterator(chunk_size=5000)):
        row = entry(agency_id)
        kind = OPEN if via_open else PERSONAL
        row[kind] += 1
        row[2 + kind] += invitation_key(pk, key)
    for agency_id, via_open, n in (Invitation.objects.filter(campaign_id=campaign_id)
                                   .values_list("agency_id", "via_open_link").annotate(n=Count("id"))):
        entry(agency_id)[5 if via_open else 4] += n
    return out


def _released(release, agency_id: int, row: list) -> tuple[int, int, int, int, int | None, int | None]:
    """(personal, open, personal key sum, open key sum, invited, open-link invitations) of a release's row;
    a release made before decision 0122 kept counts only: its rows get keys derived from the release."""
    if len(row) >= 6:
        return tuple(int(v) for v in row[:6])
    key = secret()
    personal, opened = int(row[0]), int(row[1])
    return (personal, opened,
            record_key(key, "survey-participation", release.campaign_id, release.number, agency_id, PERSONAL),
            record_key(key, "survey-participation", release.campaign_id, release.number, agency_id, OPEN),
            None, None)


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
        return min(100.0, 100.0 * self.responded / self.invited)


def _shown(count: int, key_sum: int, bounds: tuple[int, ...]) -> int | None:
    """The perturbed count, or None where an upper bound a viewer can know is 1–4."""
    return None if any(0 < b < SMALLEST_SHOWN for b in bounds) else perturb(count, key_sum)


def response_rates(campaign: Campaign, agency_ids: set[int] | None = None, *,
                   show_invited: bool = False) -> tuple[list[Rate], Rate | None]:
    query = Invitation.objects.filter(campaign=campaign)
    if agency_ids is not None:
        query = query.filter(agency_id__in=agency_ids)
    rows = query.values("agency_id").annotate(personal=Count("id", filter=Q(via_open_link=False)),
                                              minted=Count("id", filter=Q(via_open_link=True)))
    invited_now = {row["agency_id"]: (row["personal"], row["minted"]) for row in rows}
    from .releases import latest

    release = latest(campaign.pk)
    released = {int(k): _released(release, int(k), v) for k, v in (release.participation if release else {}).items()}
    if agency_ids is not None:
        released = {k: v for k, v in released.items() if k in agency_ids}
    targets = campaign.agencies.all() if agency_ids is None else campaign.agencies.filter(pk__in=agency_ids)
    agencies = {a.pk: a for a in targets}
    seen = set(invited_now) | set(released)
    agencies.update({a.pk: a for a in Agency.objects.filter(pk__in=seen - set(agencies))})
    nothing = (0, 0, 0, 0, None, None)
    invited = suppress_counts({pk: invited_now.get(pk, (0, 0))[0] for pk in agencies})

    def bounds(pk) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """The personal and open-link invitation counts a viewer may have seen: at the release and now."""
        now = invited_now.get(pk, (0, 0))
        row = released.get(pk, nothing)
        return ((now[0],) if row[4] is None else (now[0], row[4]),
                (now[1],) if row[5] is None else (now[1], row[5]))

    rates = []
    for pk, agency in sorted(agencies.items(), key=lambda kv: kv[1].code):
        personal, opened, personal_keys, open_keys, _i, _m = released.get(pk, nothing)
        personal_bound, open_bound = bounds(pk)
        shown_invited = invited_now.get(pk, (0, 0))[0] if show_invited else invited[pk]
        # An agency whose invited count is hidden shows nothing of its rate.
        responded = None if shown_invited is None else _shown(personal, personal_keys, personal_bound)
        rates.append(Rate(agency, shown_invited, responded, _shown(opened, open_keys, open_bound)))
    total = None
    total_invited = sum(personal for personal, _minted in invited_now.values())
    if total_invited and (show_invited or invited[TOTAL] is not None):
        count = sum(row[0] for row in released.values())
        keys = sum(row[2] for row in released.values())
        total = Rate(None, total_invited, _shown(count, keys, (total_invited,)), None)
    return rates, total
