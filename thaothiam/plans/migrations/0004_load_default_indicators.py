"""The default indicators and BMA targets of the plan, as shipped with this migration.

Frozen (docs/decisions/0152-frozen-data-migrations.md): the data is ``0004_load_default_indicators.json``
beside this file (a copy of plans/data/indicators_2568_2570.json taken then) and the logic is copied
from plans/indicator_data.py, so later edits to either never change what this migration does."""

import json
from decimal import Decimal
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).with_suffix(".json")


def load(apps, schema_editor):
    Plan = apps.get_model("plans", "Plan")
    PlanItem = apps.get_model("plans", "PlanItem")
    Indicator = apps.get_model("plans", "Indicator")
    Target = apps.get_model("plans", "Target")
    data = json.loads(DATA.read_text(encoding="utf-8"))
    plan = Plan.objects.filter(code=data["plan"]).first()
    if plan is None or Indicator.objects.filter(item__pillar__plan=plan).exists():
        return
    items = {f"{i.pillar.number}.{i.number}": i for i in PlanItem.objects.filter(pillar__plan=plan).select_related("pillar")}
    # The model as it was here had no "reported" rule yet: text indicators take "share", and
    # migration 0005 moves them on.
    rules = {value for value, _label in Indicator._meta.get_field("aggregation").choices}
    for row in data["indicators"]:
        row = dict(row)
        if row.get("aggregation") not in rules:
            row["aggregation"] = "share"
        targets = row.pop("targets")
        item = items[row.pop("item")]
        indicator = Indicator.objects.create(item=item, **row)
        Target.objects.bulk_create(
            Target(indicator=indicator, fy=int(fy), agency=None, value=Decimal(str(bma)), agency_default=Decimal(str(each)))
            for fy, (bma, each) in targets.items()
        )


class Migration(migrations.Migration):
    dependencies = [("plans", "0003_indicators_and_targets")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
