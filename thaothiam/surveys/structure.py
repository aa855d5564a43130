"""An instrument's questions, read once per process while the instrument is frozen.

An opened instrument can no longer change (models._LockedByInstrument), so its structure is
safe to keep in memory; an instrument still being built is read fresh every time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from threading import Lock

from .models import Instrument, Item, Section


@dataclass
class Structure:
    instrument: Instrument
    sections: list[Section]
    items: list[Item]
    by_section: dict[int, list[Item]] = field(default_factory=dict)
    slots: int = 0

    @property
    def slot_items(self) -> list[Item]:
        return [i for i in self.items if i.position is not None]

    @property
    def text_items(self) -> list[Item]:
        return [i for i in self.items if i.kind == Item.Kind.TEXT]

    def item(self, code: str) -> Item | None:
        return next((i for i in self.items if i.code == code), None)

    def answerable_sections(self, skip_demographic: bool) -> list[Section]:
        return [s for s in self.sections if not (skip_demographic and s.is_demographic)]


_cache: dict[int, Structure] = {}
_lock = Lock()


def load(instrument_id: int) -> Structure:
    cached = _cache.get(instrument_id)
    if cached is not None:
        return cached
    instrument = Instrument.objects.get(pk=instrument_id)
    sections = list(Section.objects.filter(instrument=instrument).order_by("order"))
    items = list(Item.objects.filter(instrument=instrument).order_by("section__order", "order"))
    by_section: dict[int, list[Item]] = {s.pk: [] for s in sections}
    for item in items:
        by_section[item.section_id].append(item)
    slots = max((i.position for i in items if i.position is not None), default=-1) + 1
    structure = Structure(instrument, sections, items, by_section, slots)
    if instrument.is_locked:
        with _lock:
            _cache[instrument_id] = structure
    return structure


def forget(instrument_id: int) -> None:
    with _lock:
        _cache.pop(instrument_id, None)
