"""Reference data of this app, as its data migrations load it (reloaded by `demo --reset`)."""

ORDER = 20


def load() -> None:
    from .indicator_data import load_default_indicators
    from .models import Indicator, Pillar, Plan, PlanItem, Target
    from .seed import load_plan

    load_plan(Plan, Pillar, PlanItem)
    load_default_indicators(Plan, PlanItem, Indicator, Target)
