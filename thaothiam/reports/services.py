"""Writes of the reports app: the year-end narrative and report jobs, audited."""

from django.db import transaction

from thaothiam.core import audit

from .models import ReportJob, YearEndNarrative


@transaction.atomic
def narrative_save(*, fy: int, actor, summary: str, recommendations: str) -> YearEndNarrative:
    narrative = YearEndNarrative.objects.select_for_update().filter(fy=fy).first()
    before = audit.snapshot(narrative, fields=["summary", "recommendations"]) if narrative else None
    narrative = narrative or YearEndNarrative(fy=fy)
    narrative.summary, narrative.recommendations, narrative.updated_by = summary, recommendations, actor
    narrative.save()
    audit.record("reports.narrative.save", narrative, actor=actor, before=before,
                 after=audit.snapshot(narrative, fields=["summary", "recommendations"]))
    return narrative


@transaction.atomic
def job_create(*, fy: int, agency, fmt: str, actor) -> ReportJob:
    job = ReportJob.objects.create(fy=fy, agency=agency, format=fmt, requested_by=actor)
    audit.record("reports.year_end.generate", job, actor=actor, agency=agency,
                 after={"fy": fy, "format": fmt, "agency": agency.code if agency else "BMA"})
    return job
