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

The counts of people come by sex (women, men; the value is their sum, as the indicator grid checks),
each ``perturb(people, sum of their record keys)`` like every reach figure (core.cellkey, decisions
0028 and 0164): a person counts once with their one key, a counts-only row with its own key. So no
figure about 1–4 people is offered, and the same people give the same figure every time. A change
agent's record key is derived from their registry row.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import connection
from django.db.models import Sum

from thaothiam.core.cellkey import perturb, record_key, secret
from thaothiam.core.fiscal import fiscal_year_bounds
from thaothiam.reporting.system_values import SystemValue

from .models import ChangeAgent, Completion, Course, Session

SEXES = ("F", "M")


def tagged(item: tuple[int, int], kind: str | None):
    courses = Course.objects.filter(plan_items__pillar__number=item[0], plan_items__number=item[1],
                                    plan_items__pillar__plan__is_current=True)
    return courses.filter(kind=kind) if kind else courses


def _published_by_sex(counts: dict[str, list[int]]) -> SystemValue:
    """{sex: [people, key sum]} → the perturbed women and men, and their sum."""
    women, men = (perturb(counts[s][0], counts[s][1]) for s in SEXES)
    return SystemValue.by_sex(women, men)


def people_by_sex(agency, fy: int, period_end: dt.date, *, item: tuple[int, int], kind: str | None = None
                  ) -> dict[str, list[int]]:
    """{sex: [people, sum of their record keys]} who completed a course tagged ``item`` in the fiscal year
    to ``period_end``: named learners once each (one key each), counts-only rows by their people."""
    start, _end = fiscal_year_bounds(fy)
    records = Completion.objects.filter(agency=agency, completed_on__gte=start, completed_on__lte=period_end,
                                        course__in=tagged(item, kind)).order_by()
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    # each named learner once, with their one key: grouped over the distinct learners, in the database
    inner, params = (records.exclude(learner_key="").values("sex", "learner_key", "record_key").distinct()
                     .query.sql_with_params())
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT sex, COUNT(*), SUM(record_key) FROM ({inner}) named GROUP BY sex", params)  # noqa: S608
        for sex, n, k in cursor.fetchall():
            out[sex][0] += n
            out[sex][1] += int(k or 0)
    for row in records.filter(learner_key="").values("sex").annotate(n=Sum("people"), k=Sum("record_key")):
        out[row["sex"]][0] += row["n"] or 0
        out[row["sex"]][1] += row["k"] or 0
    return out


def _people(agency, fy: int, period_end: dt.date, *, item: tuple[int, int], kind: str | None = None) -> SystemValue:
    return _published_by_sex(people_by_sex(agency, fy, period_end, item=item, kind=kind))


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


def change_agent_key(agent_id: int) -> int:
    return record_key(secret(), "change-agent", agent_id)


def leaders(agency, fy, period_end):
    start, _end = fiscal_year_bounds(fy)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for pk, sex in ChangeAgent.objects.filter(agency=agency, trained_on__gte=start,
                                              trained_on__lte=period_end).values_list("pk", "sex"):
        counts[sex][0] += 1
        counts[sex][1] += change_agent_key(pk)
    return _published_by_sex(counts)


def agency_has_leader(agency, fy, period_end):
    return int(ChangeAgent.objects.filter(agency=agency, is_active=True, trained_on__lte=period_end).exists())


# the counts of people, by sex: (indicator, plan item, course kind, source) — the disclosure audit checks them
PEOPLE_SOURCES = [
    ("1-1-trained", (1, 1), Course.Kind.CLASSROOM, trained),
    ("1-2-elearning", (1, 2), Course.Kind.ELEARNING, elearning),
    ("1-3-mainstreaming", (1, 3), None, mainstreaming),
]

SOURCES = {
    "1-1-trained": trained,
    "1-1-courses": courses,
    "1-2-elearning": elearning,
    "1-3-mainstreaming": mainstreaming,
    "2-1-leaders": leaders,
    "2-1-agencies-with-leaders": agency_has_leader,
}
