"""The plan of the seed document (2568–2570) as shipped with this migration.

Frozen (docs/decisions/0152-frozen-data-migrations.md): the data is ``0002_load_seed_plan.json`` beside
this file (a copy of plans/data/plan_2568_2570.json taken then) and the logic is copied from
plans/seed.py, so later edits to either never change what this migration does."""

import datetime as dt
import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).with_suffix(".json")


def load(apps, schema_editor):
    Plan = apps.get_model("plans", "Plan")
    Pillar = apps.get_model("plans", "Pillar")
    PlanItem = apps.get_model("plans", "PlanItem")
    data = json.loads(DATA.read_text(encoding="utf-8"))
    pillars = data.pop("pillars")
    data["announcement_date"] = dt.date.fromisoformat(data["announcement_date"])
    plan, created = Plan.objects.get_or_create(code=data.pop("code"), defaults={**data, "is_current": True})
    if not created:
        return
    for pillar_data in pillars:
        items = pillar_data.pop("items")
        pillar = Pillar.objects.create(plan=plan, **pillar_data)
        PlanItem.objects.bulk_create(PlanItem(pillar=pillar, **item) for item in items)


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
