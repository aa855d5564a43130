"""The two shipped instruments (opinion 2568, work environment 2568) as shipped with this migration.

Frozen (docs/decisions/0152-frozen-data-migrations.md): the data is ``0002_load_instruments.json`` beside
this file (the two files of surveys/data/ as they were then, by name) and the logic is copied from
surveys/instruments.py, so later edits to either never change what this migration does. Slots are
given in file order to every item that is not open text."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).with_suffix(".json")


def _load_instrument(data, Instrument, Section, Item):
    if Instrument.objects.filter(code=data["code"]).exists():
        return
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


def load(apps, schema_editor):
    models = (apps.get_model("surveys", "Instrument"), apps.get_model("surveys", "Section"),
              apps.get_model("surveys", "Item"))
    for data in json.loads(DATA.read_text(encoding="utf-8")).values():
        _load_instrument(data, *models)


def unload(apps, schema_editor):
    apps.get_model("surveys", "Instrument").objects.filter(
        code__in=["opinion-2568", "work-environment-2568"], campaigns__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
