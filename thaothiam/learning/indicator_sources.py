"""Indicator values the system computes from learning records (contract 2 of the shared brief).

Each function gets (agency, fiscal year B.E., period end) and returns the agency's value for the
fiscal year to date. The coordinator's indicator page offers it beside the input; central decides
per indicator whether it replaces typing (``Indicator.system_value_replaces_input``).

What each counts:
- 1-1-trained: people of the agency who completed a classroom course tagged with plan item 1.1.
- 1-1-courses: sessions of courses tagged 1.1 that the agency organised and that ended in the period.
- 1-2-elearning: people of the agency who completed an e-learning course tagged 1.2.
- 1-3-mainstreaming: people of the agency who completed any course tagged 1.3.
- 2-1-leaders: change agents of the agency trained in the fiscal year to date.
- 2-1-agencies-with-leaders: 1 when the agency has at least one active trained change agent, else 0.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, Sum

from thaothiam.core.fiscal import fiscal_year_bounds

from .models import ChangeAgent, Completion, Course, Session


def _people(agency, fy: int, period_end: dt.date, *, item: tuple[int, int], kind: str | None = None) -> int:
    start, _end = fiscal_year_bounds(fy)
    records = Completion.objects.filter(
        agency=agency, completed_on__gte=start, completed_on__lte=period_end,
        course__plan_items__pillar__number=item[0], course__plan_items__number=item[1],
        course__plan_items__pillar__plan__is_current=True)
    if kind:
        records = records.filter(course__kind=kind)
    totals = records.aggregate(named=Count("learner_key", distinct=True, filter=~Q(learner_key="")),
                               counted=Sum("people", filter=Q(learner_key="")))
    return (totals["named"] or 0) + (totals["counted"] or 0)


def trained(agency, fy, period_end):
    return _people(agency, fy, period_end, item=(1, 1), kind=Course.Kind.CLASSROOM)


def courses(agency, fy, period_end):
    start, _end = fiscal_year_bounds(fy)
    return (Session.objects.filter(agency=agency, ends_on__gte=start, ends_on__lte=period_end,
                                   course__plan_items__pillar__number=1, course__plan_items__number=1,
                                   course__plan_items__pillar__plan__is_current=True)
            .distinct().count())


def elearning(agency, fy, period_end):
    return _people(agency, fy, period_end, item=(1, 2), kind=Course.Kind.ELEARNING)


def mainstreaming(agency, fy, period_end):
    return _people(agency, fy, period_end, item=(1, 3))


def leaders(agency, fy, period_end):
    start, _end = fiscal_year_bounds(fy)
    return ChangeAgent.objects.filter(agency=agency, trained_on__gte=start, trained_on__lte=period_end).count()


def agency_has_leader(agency, fy, period_end):
    return int(ChangeAgent.objects.filter(agency=agency, is_active=True, trained_on__lte=period_end).exists())


SOURCES = {
    "1-1-trained": trained,
    "1-1-courses": courses,
    "1-2-elearning": elearning,
    "1-3-mainstreaming": mainstreaming,
    "2-1-leaders": leaders,
    "2-1-agencies-with-leaders": agency_has_leader,
}
