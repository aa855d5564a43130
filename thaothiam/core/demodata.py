"""Demo data: each app contributes a step in `<app>/demo.py`.

A step module defines `ORDER` (an int; lower runs first) and `generate(ctx: DemoContext)`.
Steps must be deterministic for a given seed and scale, and write through bulk operations at
the "bma" scale (see PRODUCT.md §8 for the volumes).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from .discovery import app_modules

SCALES = ("small", "bma")
DEMO_PASSWORD = "demo"  # noqa: S105 — the documented password of the demo accounts


@dataclass
class DemoContext:
    scale: str
    seed: int
    stdout: Any
    rng: random.Random = field(init=False)
    shared: dict = field(default_factory=dict)  # what one step hands to the next

    def __post_init__(self):
        self.rng = random.Random(self.seed)

    @property
    def is_bma(self) -> bool:
        return self.scale == "bma"

    def log(self, message: str) -> None:
        self.stdout.write(message)


def _app_modules(name: str) -> list:
    return sorted(app_modules(name), key=lambda module: module.ORDER)


def load_reference_data() -> None:
    """Reload what the data migrations load (agencies, the plan, indicators, survey instruments).

    Each app that ships reference data has `<app>/reference.py` with `ORDER` and `load()`; used
    after `flush` (demo --reset) and by tests whose transactions flushed the tables.
    """
    for module in _app_modules("reference"):
        module.load()


def steps() -> list:
    return _app_modules("demo")
