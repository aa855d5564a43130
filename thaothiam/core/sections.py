"""The section registry of the executive dashboard and the year-end report: a list of providers.

Each provider is a function ``provider(scope: Scope) -> Section | None``. The dashboard, the
year-end PDF and the XLSX all iterate the same providers in ``order``, so a module adds itself to
every output by registering one function — nothing here is hard-coded per module:

    # thaothiam/workforce/apps.py, in ready():
    from thaothiam.core.sections import register
    register(workforce_section, order=60)

A provider returns None when it has nothing for the scope (e.g. no survey that year), and the
section is left out of the page, the contents and the workbook. Numbers about people that a
provider returns must already have been through ``thaothiam.core.disclosure``.

Slots reserved for the integrator (orders between the built-in sections): 55 workforce
statistics (sex-disaggregated database), 65 survey headline results, 75 complaint trends,
85 learning and e-learning reach.

The registry lives in core beside the dataset registry (core.datasets) so that the apps that add
sections (workforce, surveys, complaints, learning) depend on core only, not on the reports app
that draws them (issue 17 §3, docs/decisions/0140).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # core does not import the apps built on it
    from thaothiam.agencies.models import Agency


@dataclass(frozen=True)
class Scope:
    """What a section is asked for: a fiscal year, the BMA (agency None) or one agency, and where."""

    fy: int
    agency: Agency | None = None  # thaothiam.agencies.models.Agency
    output: str = "dashboard"  # "dashboard", "pdf" or "xlsx"
    cache: dict = field(default_factory=dict, compare=False, hash=False)  # shared by providers
    params: dict = field(default_factory=dict, compare=False, hash=False)  # the page's options, e.g. {"map": code}

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        """Compute something once per scope (several sections use the indicator results)."""
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]

    @property
    def agency_id(self) -> int | None:
        return self.agency.pk if self.agency else None


@dataclass
class Sheet:
    """One plain table for the XLSX workbook: a sheet title (≤ 31 chars), a header and rows."""

    title: str
    header: list[str]
    rows: list[list[Any]]


@dataclass
class Section:
    key: str
    title: str
    template: str  # included by the dashboard and by the print view; gets ``section`` and its context
    context: dict = field(default_factory=dict)
    sheets: list[Sheet] = field(default_factory=list)
    charts: list[dict] = field(default_factory=list)  # Vega-Lite specs the template draws
    order: int = 100


Provider = Callable[[Scope], Section | None]
_providers: list[tuple[int, str, Provider]] = []


def register(provider: Provider, *, order: int = 100) -> Provider:
    """Add a section provider (idempotent by function name, so app reloads do not duplicate it)."""
    name = f"{provider.__module__}.{provider.__qualname__}"
    _providers[:] = [p for p in _providers if p[1] != name]
    _providers.append((order, name, provider))
    _providers.sort(key=lambda p: (p[0], p[1]))
    return provider


def providers() -> list[Provider]:
    return [p for _order, _name, p in _providers]


def collect(scope: Scope, progress: Callable[[int], None] | None = None) -> list[Section]:
    """Every section that has something for the scope, in order."""
    sections = []
    found = providers()
    for index, provider in enumerate(found, start=1):
        section = provider(scope)
        if section is not None:
            sections.append(section)
        if progress:
            progress(index * 100 // max(len(found), 1))
    return sections
