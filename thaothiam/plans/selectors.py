from django.db.models import Prefetch

from .models import Pillar, Plan, PlanItem


def current_plan() -> Plan | None:
    """The current plan with its pillars and items, in two queries after the plan's own."""
    return (
        Plan.objects.filter(is_current=True)
        .prefetch_related(
            Prefetch("pillars", queryset=Pillar.objects.prefetch_related(
                Prefetch("items", queryset=PlanItem.objects.order_by("number"))
            ).order_by("number"))
        )
        .first()
    )
