"""What the indicator grid shows beside each input: the agency's target and its last period's value."""

from __future__ import annotations

from django.db.models import Q

from thaothiam.plans.models import Target

from .models import AgencyReport, IndicatorValue


def agency_targets(agency, fy: int) -> dict:
    """{indicator id: the agency's target for the year} — its own row, else the BMA row's per-agency default."""
    targets: dict = {}
    own: dict = {}
    for t in Target.objects.filter(fy=fy).filter(Q(agency=agency) | Q(agency__isnull=True)):
        if t.agency_id is None:
            if t.agency_default is not None:
                targets[t.indicator_id] = t.agency_default
        else:
            own[t.indicator_id] = t.value
    targets.update(own)
    return targets


def previous_report(report: AgencyReport) -> AgencyReport | None:
    """The agency's report of the period before: an earlier round of the year, else the last of the year before."""
    return (AgencyReport.objects.filter(agency_id=report.agency_id)
            .filter(Q(fy=report.fy, round__seq__lt=report.round.seq) | Q(fy=report.fy - 1))
            .select_related("round").order_by("-fy", "-round__seq").first())


def value_context(report: AgencyReport) -> dict[int, dict]:
    """{indicator id: {"target": …, "previous": IndicatorValue, "previous_label": "Q1 2569"}} (three queries)."""
    context: dict[int, dict] = {}
    for indicator_id, target in agency_targets(report.agency, report.fy).items():
        context.setdefault(indicator_id, {})["target"] = target
    before = previous_report(report)
    if before is not None:
        for value in IndicatorValue.objects.filter(report=before):
            context.setdefault(value.indicator_id, {}).update(previous=value, previous_label=str(before.round))
    return context
