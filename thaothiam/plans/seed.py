"""Load the plan of the seed document (shipped as data, editable by central afterwards)."""

import datetime as dt
import json
from pathlib import Path

SEED_PLAN = Path(__file__).parent / "data" / "plan_2568_2570.json"


def load_plan(plan_model, pillar_model, item_model, path: Path = SEED_PLAN):
    """Create the plan with its pillars and items if it is not there yet; returns the plan."""
    data = json.loads(path.read_text(encoding="utf-8"))
    pillars = data.pop("pillars")
    data["announcement_date"] = dt.date.fromisoformat(data["announcement_date"])
    plan, created = plan_model.objects.get_or_create(code=data.pop("code"), defaults={**data, "is_current": True})
    if not created:
        return plan
    for pillar_data in pillars:
        items = pillar_data.pop("items")
        pillar = pillar_model.objects.create(plan=plan, **pillar_data)
        item_model.objects.bulk_create(item_model(pillar=pillar, **item) for item in items)
    return plan
