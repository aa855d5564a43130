"""Indicator values computed by the system (contract 2 of the shared brief).

Any app may offer values with ``thaothiam/<app>/indicator_sources.py`` exposing
``SOURCES: dict[indicator code, Callable[[Agency, fiscal year B.E., period end], Decimal | int | None]]``.
The coordinator's indicator page shows the value beside the input with a "use this value" button;
when central has set ``Indicator.system_value_replaces_input`` the value is filled in and cannot be
typed over. Two apps offering the same code is a configuration error, reported at once.

A source may instead return a ``SystemValue`` carrying the breakdown by sex the indicator grid asks
for (women, men; the value is their sum, as the grid's cross-check wants): ``SystemValue.by_sex(f, m)``.
Counts of people in it must be published counts — never 1–4 people (decision 0164: the learning
sources give the same cell-key perturbed counts as reach). A plain number still works.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from thaothiam.core.discovery import app_modules


@dataclass(frozen=True)
class SystemValue:
    """The system's value of an indicator, with its breakdown by sex when the source has one."""

    value: Decimal
    female: int | None = None
    male: int | None = None

    @classmethod
    def by_sex(cls, female: int, male: int) -> SystemValue:
        return cls(Decimal(female + male), int(female), int(male))

    @classmethod
    def of(cls, result) -> SystemValue | None:
        """A source's result as a SystemValue (None stays None: the system offers nothing)."""
        if result is None or isinstance(result, SystemValue):
            return result
        return cls(Decimal(result))

    @property
    def breakdown(self) -> dict[str, int]:
        """{"female": women, "male": men}, or {} when the source gave no breakdown."""
        if self.female is None or self.male is None:
            return {}
        return {"female": self.female, "male": self.male}


def sources() -> dict[str, Callable]:
    found: dict[str, Callable] = {}
    for module in app_modules("indicator_sources"):
        for code, source in getattr(module, "SOURCES", {}).items():
            if code in found:
                raise RuntimeError(f"indicator {code!r} has two system sources ({module.__name__})")
            found[code] = source
    return found


def system_values(*, agency, fy: int, period_end: dt.date, indicators) -> dict[int, SystemValue]:
    """{indicator id: the system's value} for the indicators some app computes (None results left out)."""
    offered = sources()
    values: dict[int, SystemValue] = {}
    for indicator in indicators:
        source = offered.get(indicator.code)
        if source is None:
            continue
        value = SystemValue.of(source(agency, fy, period_end))
        if value is not None:
            values[indicator.pk] = value
    return values
