"""The workforce card of the page everyone lands on (contract 1): for central, the imported snapshots
waiting to be checked and published (issue 15 §7)."""

from __future__ import annotations

from thaothiam.core.roles import Role

ORDER = 6  # beside central's reporting to-do list

SHOWN = 5


def card(request) -> dict | None:
    access = getattr(request, "access", None)
    if access is None or not access.has(Role.CENTRAL):
        return None
    from .models import WorkforceImport

    drafts = WorkforceImport.objects.filter(status=WorkforceImport.Status.DRAFT).select_related("agency")
    count = drafts.count()
    if not count:
        return None
    return {"template": "workforce/home_card.html", "count": count,
            "drafts": list(drafts.order_by("as_of", "pk")[:SHOWN])}
