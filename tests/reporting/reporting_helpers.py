"""Helpers shared by the reporting tests."""

import datetime as dt


def activity_post(item, **overrides):
    data = {
        "kind": "training", "plan_item": item.pk, "title": "อบรมความเท่าเทียมทางเพศ", "start_date": "2024-11-05",
        "end_date": "2024-11-06", "budget": "15000.50", "female": "12", "male": "8", "gi_female": "",
        "gi_male": "", "gi_diverse": "", "gi_undisclosed": "", "partners_government": "1",
        "partners_private": "0", "partners_civil": "2", "outcome": "ผู้เข้าอบรมเข้าใจมากขึ้น", "links": "",
    }
    data.update(overrides)
    return data


def in_time(round_):
    """A moment before the round's deadline."""
    from django.utils import timezone

    return timezone.make_aware(dt.datetime.combine(round_.deadline - dt.timedelta(days=1), dt.time(10)))


def answer_all(report, actor):
    """Mark every active indicator "not applicable", so the report may be submitted (none left blank)."""
    from thaothiam.plans.models import Indicator
    from thaothiam.reporting import services

    services.values_save(report=report, actor=actor, values={
        pk: {"not_applicable": True} for pk in Indicator.objects.filter(is_active=True).values_list("pk", flat=True)})
