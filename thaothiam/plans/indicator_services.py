"""Writes to indicators and targets (central only), audited."""

from django.db import transaction

from thaothiam.core import audit

from .models import Indicator, Target


@transaction.atomic
def indicator_save(*, indicator: Indicator, actor) -> Indicator:
    before = None
    if indicator.pk:
        before = audit.snapshot(Indicator.objects.get(pk=indicator.pk))
    indicator.full_clean()
    indicator.save()
    audit.record("plan.indicator.update" if before else "plan.indicator.create", indicator, actor=actor,
                 before=before, after=audit.snapshot(indicator))
    return indicator


@transaction.atomic
def target_set(*, indicator: Indicator, fy: int, agency, value, agency_default, actor) -> Target:
    target = Target.objects.filter(indicator=indicator, fy=fy, agency=agency).first()
    before = audit.snapshot(target) if target else None
    target = target or Target(indicator=indicator, fy=fy, agency=agency)
    target.value = value
    target.agency_default = agency_default if agency is None else None
    target.full_clean()
    target.save()
    audit.record("plan.target.set", target, actor=actor, agency=agency, before=before, after=audit.snapshot(target))
    return target
