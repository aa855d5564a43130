"""Load the default indicators and BMA targets of the plan (shipped as data, editable by central)."""

import json
from decimal import Decimal
from pathlib import Path

DEFAULT_INDICATORS = Path(__file__).parent / "data" / "indicators_2568_2570.json"


def load_default_indicators(plan_model, item_model, indicator_model, target_model,
                            path: Path = DEFAULT_INDICATORS) -> int:
    """Create the default indicators with their BMA targets where none exist yet; returns how many."""
    data = json.loads(path.read_text(encoding="utf-8"))
    plan = plan_model.objects.filter(code=data["plan"]).first()
    if plan is None or indicator_model.objects.filter(item__pillar__plan=plan).exists():
        return 0
    items = {f"{i.pillar.number}.{i.number}": i for i in item_model.objects.filter(pillar__plan=plan).select_related("pillar")}
    created = 0
    # Migration 0004 runs against the model as it was then, before text indicators had the "reported"
    # rule: give them the old rule there, and migration 0005 moves them on.
    rules = {value for value, _label in indicator_model._meta.get_field("aggregation").choices}
    for row in data["indicators"]:
        row = dict(row)
        if row.get("aggregation") not in rules:
            row["aggregation"] = "share"
        targets = row.pop("targets")
        item = items[row.pop("item")]
        indicator = indicator_model.objects.create(item=item, **row)
        target_model.objects.bulk_create(
            target_model(indicator=indicator, fy=int(fy), agency=None, value=Decimal(str(bma)),
                         agency_default=Decimal(str(each)))
            for fy, (bma, each) in targets.items()
        )
        created += 1
    return created
