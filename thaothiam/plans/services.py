"""Writes to the plan (central only): every change is audited with before and after."""

from django.db import transaction

from thaothiam.core import audit

from .models import Pillar, Plan, PlanItem


@transaction.atomic
def plan_update(*, plan: Plan, actor, data: dict) -> Plan:
    return _update(plan, "plan.update", actor, data)


@transaction.atomic
def pillar_update(*, pillar: Pillar, actor, data: dict) -> Pillar:
    return _update(pillar, "plan.pillar.update", actor, data)


@transaction.atomic
def plan_item_update(*, item: PlanItem, actor, data: dict) -> PlanItem:
    return _update(item, "plan.item.update", actor, data)


def _update(instance, action: str, actor, data: dict):
    # The stored state, not the instance's: a bound ModelForm has already changed the instance.
    stored = type(instance)._default_manager.get(pk=instance.pk)
    before = audit.snapshot(stored, fields=list(data))
    for name, value in data.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save(update_fields=list(data))
    audit.record(action, instance, actor=actor, before=before, after=audit.snapshot(instance, fields=list(data)))
    return instance
