"""The daily reminder run: yesterday's new cases and complainants' messages, due and overdue cases, escalation to central, follow-up
prompts at 30/90 days. Every e-mail names the case number and a date, never content."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from .keys import today
from .models import OPEN_STATES, Case, CaseEvent, CaseHolder, State
from .notifications import officer_reminders, reminder_text
from .services import event
from .workdays import add_working_days


def _holders(case: Case, *, central_only: bool = False) -> list[str]:
    holders = CaseHolder.objects.filter(case=case, user__is_active=True).exclude(user__email="")
    if central_only:
        holders = holders.filter(central=True)
    return sorted(set(holders.values_list("user__email", flat=True)))


def run(on: dt.date | None = None) -> dict[str, int]:
    on = on or today()
    tomorrow = add_working_days(on, 1)
    items, counts = [], {"new": 0, "news": 0, "due": 0, "overdue": 0, "escalated": 0, "followup": 0}
    # Yesterday's new cases, as a daily digest: an e-mail at the moment of a report would date it to the minute.
    for case in Case.objects.filter(state=State.RECEIVED, received_on=on - dt.timedelta(days=1)).order_by("pk"):
        subject, body = reminder_text(case, "new")
        items.append((subject, body, _holders(case)))
        counts["new"] += 1
    # And the cases whose complainant wrote or added files yesterday.
    wrote = CaseEvent.objects.filter(action=CaseEvent.Action.COMPLAINANT_ADDED, on=on - dt.timedelta(days=1))
    for case in Case.objects.filter(pk__in=wrote.values("case_id"), destroyed_on__isnull=True).order_by("pk"):
        subject, body = reminder_text(case, "news")
        items.append((subject, body, _holders(case)))
        counts["news"] += 1
    open_cases = Case.objects.filter(state__in=OPEN_STATES, due_on__isnull=False, due_on__lte=tomorrow)
    for case in open_cases.order_by("pk"):
        if case.due_on >= on:
            kind = "due"
        elif case.escalated_on is None:
            kind = "escalated"
        else:
            kind = "overdue"
        subject, body = reminder_text(case, kind)
        items.append((subject, body, _holders(case)))
        if kind == "escalated":
            with transaction.atomic():
                Case.objects.filter(pk=case.pk).update(escalated_on=on)
                event(case, "escalated", detail=f"due={case.due_on.isoformat()}")
        counts[kind] += 1
    for days, field in ((30, "followup_30_done_on"), (90, "followup_90_done_on")):
        prompt = Case.objects.filter(state=State.CLOSED, destroyed_on__isnull=True, **{f"{field}__isnull": True},
                                     closed_on__lte=on - dt.timedelta(days=days))
        for case in prompt.order_by("pk"):
            subject, body = reminder_text(case, "followup")
            items.append((subject, body, _holders(case)))
            counts["followup"] += 1
    counts["sent"] = officer_reminders(items)
    return counts
