"""The shipped instruments are data (`surveys/data/*.json`), loaded by a data migration.

File format: {code, family, kind, title_th, title_en, intro_th, intro_en, band_set, headline_item,
sections: [{title_th, title_en, intro_th, intro_en, is_demographic, items: [{code, kind, text_th,
text_en, options: [{th, en}], required, demographic}]}]}. Slots are given in file order to every
item that is not open text, so a file always loads to the same packed layout.
"""

from __future__ import annotations

import json
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
SHIPPED = ("opinion_2568.json", "work_environment_2568.json")

LIKERT_OPTIONS = [
    {"th": "น้อยที่สุด", "en": "Very low"},
    {"th": "น้อย", "en": "Low"},
    {"th": "ปานกลาง", "en": "Moderate"},
    {"th": "มาก", "en": "High"},
    {"th": "มากที่สุด", "en": "Very high"},
]
YESNO_OPTIONS = [{"th": "ใช่", "en": "Yes"}, {"th": "ไม่ใช่", "en": "No"}]
# Behaviour items: value 3 or 4 = experienced, 2 or 4 = witnessed (see stats.prevalence).
BEHAVIOUR_OPTIONS = [
    {"th": "ไม่เคยประสบและไม่เคยพบเห็น", "en": "Neither experienced nor witnessed"},
    {"th": "เคยพบเห็นเกิดกับผู้อื่น", "en": "Witnessed it happen to someone else"},
    {"th": "เคยประสบด้วยตนเอง", "en": "Experienced it myself"},
    {"th": "ทั้งประสบด้วยตนเองและพบเห็นเกิดกับผู้อื่น", "en": "Both experienced and witnessed"},
]
EXPERIENCED_VALUES = (3, 4)
WITNESSED_VALUES = (2, 4)


def fixed_options(kind: str) -> list[dict] | None:
    return {"likert5": LIKERT_OPTIONS, "yesno": YESNO_OPTIONS, "behaviour": BEHAVIOUR_OPTIONS}.get(kind)


def read(name: str) -> dict:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def load_instrument(data: dict, Instrument, Section, Item):
    """Create one instrument from its file data (idempotent by code). Works with historical models."""
    if Instrument.objects.filter(code=data["code"]).exists():
        return Instrument.objects.get(code=data["code"])
    instrument = Instrument.objects.create(
        code=data["code"], family=data.get("family", data["code"]), kind=data.get("kind", "other"),
        title_th=data["title_th"], title_en=data.get("title_en", ""), intro_th=data.get("intro_th", ""),
        intro_en=data.get("intro_en", ""), band_set=data.get("band_set", "w080"),
        headline_item=data.get("headline_item", ""),
    )
    slot = 0
    items = []
    for s_order, sec in enumerate(data["sections"], start=1):
        section = Section.objects.create(
            instrument=instrument, order=s_order, title_th=sec["title_th"], title_en=sec.get("title_en", ""),
            intro_th=sec.get("intro_th", ""), intro_en=sec.get("intro_en", ""),
            is_demographic=sec.get("is_demographic", False),
        )
        for i_order, it in enumerate(sec["items"], start=1):
            position = None
            if it["kind"] != "text":
                position, slot = slot, slot + 1
            items.append(Item(
                instrument=instrument, section=section, order=i_order, code=it["code"], kind=it["kind"],
                text_th=it["text_th"], text_en=it.get("text_en", ""), options=it.get("options", []),
                required=it.get("required", False), position=position, demographic=it.get("demographic", ""),
            ))
    Item.objects.bulk_create(items)
    return instrument


def load_shipped(Instrument, Section, Item) -> None:
    for name in SHIPPED:
        load_instrument(read(name), Instrument, Section, Item)
