"""Retention: a closed case's content is destroyed ``retention_years`` after closing (default 5)."""

from __future__ import annotations

import datetime as dt

from .keys import today
from .models import Case, State
from .services import case_destroy_content, config


def cutoff(on: dt.date | None = None) -> dt.date:
    on = on or today()
    years = config().retention_years
    try:
        return on.replace(year=on.year - years)
    except ValueError:  # 29 February
        return on.replace(year=on.year - years, day=28)


def due_for_destruction():
    return Case.objects.filter(state=State.CLOSED, closed_on__lte=cutoff(), destroyed_on__isnull=True)


def run(*, dry_run: bool = False) -> int:
    cases = list(due_for_destruction())
    if not dry_run:
        for case in cases:
            case_destroy_content(case=case)
    return len(cases)
