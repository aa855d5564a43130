"""The shipped instruments are data (`surveys/data/*.json`), loaded by a data migration.

File format: {code, family, kind, title_th, title_en, intro_th, intro_en, band_set, headline_item,
sections: [{title_th, title_en, intro_th, intro_en, is_demographic, items: [{code, kind, text_th,
text_en, options: [{th, en}], required, demographic, ask_if, answers}]}]}. Slots are given in file
order to every item that is not open text, so a file always loads to the same packed layout.

Two keys are read from the shipped files by item code rather than stored on the item (the model has
no field for them; item codes are the identity that new versions keep, decision 0130):
``ask_if: {item, values}`` — asked only when that item of the same questionnaire was answered with
one of those values (skip logic; an item not asked is stored as 0, "missing", outside every n);
``answers: "known"`` — a "do you know …" yes/no item, labelled ทราบ / ไม่ทราบ (known / not known).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
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
KNOWN_OPTIONS = [{"th": "ทราบ", "en": "Known"}, {"th": "ไม่ทราบ", "en": "Not known"}]
EXPERIENCED_VALUES = (3, 4)
WITNESSED_VALUES = (2, 4)


def fixed_options(kind: str) -> list[dict] | None:
    return {"likert5": LIKERT_OPTIONS, "yesno": YESNO_OPTIONS, "behaviour": BEHAVIOUR_OPTIONS}.get(kind)


@dataclass(frozen=True)
class AskIf:
    item: str
    values: frozenset[int]


@cache
def _shipped_keys() -> tuple[dict[str, AskIf], frozenset[str]]:
    rules: dict[str, AskIf] = {}
    known: set[str] = set()
    for name in SHIPPED:
        for section in read(name)["sections"]:
            for item in section["items"]:
                if item.get("ask_if"):
                    rules[item["code"]] = AskIf(item["ask_if"]["item"], frozenset(item["ask_if"]["values"]))
                if item.get("answers") == "known":
                    known.add(item["code"])
    return rules, frozenset(known)


def ask_if_rules(codes) -> dict[str, AskIf]:
    """Skip rules of a questionnaire with these item codes (a rule whose deciding item is absent is dropped)."""
    codes = set(codes)
    return {code: rule for code, rule in _shipped_keys()[0].items() if code in codes and rule.item in codes}


def asked_only_notes(items) -> dict[str, str]:
    """{item code: "Asked only of those who chose “…”."} for the results pages: their n is smaller."""
    from django.utils.translation import gettext as _

    by_code = {i.code: i for i in items}
    notes = {}
    for code, rule in ask_if_rules(by_code).items():
        answers = " / ".join(label for value, label in choices_for(by_code[rule.item]) if value in rule.values)
        notes[code] = _("Asked only of those who chose “%(answer)s”.") % {"answer": answers}
    return notes


def is_knowledge_item(item) -> bool:
    return item.kind == "yesno" and item.code in _shipped_keys()[1]


def choices_for(item) -> list[tuple[int, str]]:
    """The item's (value, label) pairs; a "do you know …" item reads known / not known (value 1 = known)."""
    return item.choices()  # Item.choices reads a knowledge item as known / not known


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
