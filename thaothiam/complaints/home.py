"""The complaint officer's card on the staff home page (COMMON.md contract 1)."""

from __future__ import annotations

from .keys import is_officer, today
from .models import OPEN_STATES
from .selectors import held_cases

ORDER = 60


def card(request) -> dict | None:
    user = request.user
    if not is_officer(user):
        return None
    cases = held_cases(user)
    return {
        "template": "complaints/home_card.html",
        "open": cases.filter(state__in=OPEN_STATES).count(),
        "overdue": cases.filter(state__in=OPEN_STATES, due_on__lt=today()).count(),
    }
