"""Which open comments a results view lists (docs/decisions/0124-survey-comments-by-agency-only.md).

Comments are texts, not counts: two lists that both show a comment identify it, so an attacker does not
subtract counts but intersects and subtracts *sets of texts*. Lists for "agency A", "women" and
"aged 30–39" would together give the comments of the women of A aged 30–39 — a cross-table cell never
published — and "everyone" minus the listed agencies gives the comments of the hidden ones. Perturbing
the count cannot help (the list shows how many), so the rule is on which lists exist at all:

* a text item's comments are listed only for the whole campaign or for one agency (a filter on any
  other dimension lists none), so the lists are nested in one hierarchy and their only atoms are the
  agencies' comments and the union of the agencies not listed;
* an agency's list needs at least 10 released comments (COMMENT_THRESHOLD), and the agencies not
  listed must together hold 0 or at least 10 — when they hold 1–9 the smallest listed agencies are
  withdrawn until they hold 10 (or none is listed); the whole campaign's list needs 10 as well.

So every set of comments that any role can form from any lists it sees is empty or holds at least 10.
A listed count is the length of its list (exact: it is the list). Computed over the whole campaign,
not the viewer's agencies, so every role sees the same lists.
"""

from __future__ import annotations

from django.db.models import Count

from thaothiam.core.disclosure import COMMENT_THRESHOLD

from .models import Campaign, Item, OpenAnswer

LIMIT = 200


def listed_agencies(by_agency: dict[int, int], threshold: int = COMMENT_THRESHOLD) -> set[int]:
    """The agencies whose comments may be listed, given each agency's number of comments."""
    shown = {a for a, n in by_agency.items() if n >= threshold}
    order = sorted(shown, key=lambda a: (by_agency[a], a))
    while order and 0 < sum(n for a, n in by_agency.items() if a not in shown) < threshold:
        shown.discard(order.pop(0))
    return shown


def _released(campaign: Campaign):
    return OpenAnswer.objects.filter(campaign=campaign, release__isnull=False)  # released comments only


def counts(campaign: Campaign, filters: dict[str, int]) -> dict[int, int | None]:
    """{text item id: number of comments listed for the filter, or None when no list is shown}."""
    if set(filters) - {"agency"}:
        return {}
    by_item: dict[int, dict[int, int]] = {}
    for item_id, agency_id, n in (_released(campaign).values_list("item_id", "agency_id")
                                  .annotate(n=Count("id")).values_list("item_id", "agency_id", "n")):
        by_item.setdefault(item_id, {})[agency_id] = n
    out: dict[int, int | None] = {}
    for item_id, by_agency in by_item.items():
        total = sum(by_agency.values())
        if "agency" in filters:
            agency = filters["agency"]
            out[item_id] = by_agency.get(agency, 0) if agency in listed_agencies(by_agency) else None
        else:
            out[item_id] = total if total >= COMMENT_THRESHOLD else None
    return out


def texts(campaign: Campaign, item: Item, filters: dict[str, int], limit: int = LIMIT) -> list[str]:
    query = _released(campaign).filter(item=item)
    if "agency" in filters:
        query = query.filter(agency_id=filters["agency"])
    return list(query.order_by("id").values_list("text", flat=True)[:limit])  # random UUID order
