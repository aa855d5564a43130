"""Indicator values the system computes from the activities an agency has recorded (system_values.py).

Each function gets (agency, fiscal year B.E., period end) and returns the agency's value for the fiscal
year to date, from its activities of that year (in any of its reports of the year, draft included: the
coordinator is entering them now) that started on or before the period's end. The value is offered beside
the input; it is the coordinator's choice to take it. Indicators other apps compute (learning: 1.1–1.3,
2.1; complaints: 3.2) are not repeated here.

- 1-4-communication: communication activities (online media, video, campaign, declaration, meeting).
- 1-4-declaration: 1 when a declaration of intent is recorded; nothing (not 0) otherwise — absence from
  our records does not show that the agency has none.
- 2-2-measures, 2-3-gr-projects, 3-1-environment: activities of that type.
- 2-3-beneficiaries: participants of the gender-responsive projects and services.
- 2-4-partners: partner organisations of the partnership activities.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Sum

from .models import Activity, ActivityType

COMMUNICATION = (ActivityType.COMM_ONLINE, ActivityType.COMM_VIDEO, ActivityType.COMM_CAMPAIGN,
                 ActivityType.COMM_DECLARATION, ActivityType.COMM_MEETING)


def _activities(agency, fy: int, period_end: dt.date, kinds):
    return Activity.objects.filter(agency=agency, fy=fy, start_date__lte=period_end, kind__in=kinds)


def _count(*kinds):
    def source(agency, fy, period_end):
        return _activities(agency, fy, period_end, kinds).aggregate(n=Count("id"))["n"]
    return source


def _any(*kinds):
    def source(agency, fy, period_end):
        return 1 if _activities(agency, fy, period_end, kinds).exists() else None
    return source


def beneficiaries(agency, fy, period_end):
    return _activities(agency, fy, period_end, [ActivityType.GR_PROJECT]).aggregate(
        n=Sum(F("female") + F("male")))["n"] or 0


def partners(agency, fy, period_end):
    return _activities(agency, fy, period_end, [ActivityType.PARTNERSHIP]).aggregate(
        n=Sum(F("partners_government") + F("partners_private") + F("partners_civil")))["n"] or 0


SOURCES = {
    "1-4-communication": _count(*COMMUNICATION),
    "1-4-declaration": _any(ActivityType.COMM_DECLARATION),
    "2-2-measures": _count(ActivityType.MEASURE),
    "2-3-gr-projects": _count(ActivityType.GR_PROJECT),
    "2-3-beneficiaries": beneficiaries,
    "2-4-partners": partners,
    "3-1-environment": _count(ActivityType.ENVIRONMENT),
}
