"""Helpers for the reports tests: accepted reports with known numbers."""

import datetime as dt
from decimal import Decimal

from thaothiam.agencies.models import Agency
from thaothiam.plans.models import Indicator, PlanItem
from thaothiam.reporting import services
from thaothiam.reporting.models import Activity, AgencyReport, IndicatorValue, Round, Status


def rounds(fy=2568):
    if not Round.objects.filter(fy=fy).exists():
        services.rounds_create_for_year(fy=fy, actor=None)
    return {r.seq: r for r in Round.objects.filter(fy=fy)}


def accepted_report(code, users, *, fy=2568, seq=5, status=Status.ACCEPTED):
    rnd = rounds(fy)[seq]
    return AgencyReport.objects.create(round=rnd, agency=Agency.objects.get(code=code), status=status, fy=fy)


def make_activity(report, *, female=0, male=0, budget="0", title="กิจกรรม", item=(1, 1), kind="training", **extra):
    plan_item = PlanItem.objects.get(pillar__number=item[0], number=item[1], pillar__plan__is_current=True)
    start = report.round.period.start + dt.timedelta(days=10)
    return Activity.objects.create(report=report, agency=report.agency, fy=report.fy, plan_item=plan_item, kind=kind,
                                   title=title, start_date=start, end_date=start, budget=Decimal(budget),
                                   female=female, male=male, **extra)


def add_value(report, code, value=None, *, text="", **breakdown):
    return IndicatorValue.objects.create(report=report, indicator=Indicator.objects.get(code=code), agency=report.agency,
                                         fy=report.fy, value=Decimal(str(value)) if value is not None else None,
                                         text=text, **breakdown)
