"""Indicator values computed by the system (contract 2 of the shared brief).

Any app may offer values with ``thaothiam/<app>/indicator_sources.py`` exposing
``SOURCES: dict[indicator code, Callable[[Agency, fiscal year B.E., period end], Decimal | int | None]]``.
The coordinator's indicator page shows the value beside the input with a "use this value" button;
when central has set ``Indicator.system_value_replaces_input`` the value is filled in and cannot be
typed over. Two apps offering the same code is a configuration error, reported at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from thaothiam.core.discovery import app_modules


def sources() -> dict[str, Callable]:
    found: dict[str, Callable] = {}
    for module in app_modules("indicator_sources"):
        for code, source in getattr(module, "SOURCES", {}).items():
            if code in found:
                raise RuntimeError(f"indicator {code!r} has two system sources ({module.__name__})")
            found[code] = source
    return found


def system_values(*, agency, fy: int, period_end: dt.date, indicators) -> dict[int, Decimal]:
    """{indicator id: the system's value} for the indicators some app computes (None results left out)."""
    offered = sources()
    values: dict[int, Decimal] = {}
    for indicator in indicators:
        source = offered.get(indicator.code)
        if source is None:
            continue
        value = source(agency, fy, period_end)
        if value is not None:
            values[indicator.pk] = Decimal(value)
    return values
