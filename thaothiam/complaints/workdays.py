"""Working days: Monday to Friday, less the holidays in central's calendar."""

from __future__ import annotations

import datetime as dt


def holidays_between(start: dt.date, end: dt.date) -> set[dt.date]:
    from .models import Holiday

    return set(Holiday.objects.filter(date__gte=start, date__lte=end).values_list("date", flat=True))


def add_working_days(start: dt.date, days: int, holidays: set[dt.date] | None = None) -> dt.date:
    """The date ``days`` working days after ``start`` (``start`` itself does not count)."""
    if holidays is None:
        holidays = holidays_between(start, start + dt.timedelta(days=days * 2 + 60))
    current, left = start, days
    while left > 0:
        current += dt.timedelta(days=1)
        if current.weekday() < 5 and current not in holidays:
            left -= 1
    return current
