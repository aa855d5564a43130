"""Background generation of report files (django-tasks; the database backend in production)."""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.utils import timezone
from django_tasks import task

from .models import ReportJob

logger = logging.getLogger(__name__)


def run_job(job: ReportJob) -> ReportJob:
    from . import yearend

    def progress(pct: int) -> None:
        ReportJob.objects.filter(pk=job.pk).update(progress=min(pct, 99))

    ReportJob.objects.filter(pk=job.pk).update(state=ReportJob.State.RUNNING, progress=5)
    try:
        render = yearend.render_pdf if job.format == ReportJob.Format.PDF else yearend.render_xlsx
        data = render(job.fy, job.agency, progress=progress)
    except Exception as error:  # the page must show the failure rather than poll for ever
        logger.exception("Report job %s failed", job.pk)
        ReportJob.objects.filter(pk=job.pk).update(state=ReportJob.State.FAILED, error=str(error)[:2000],
                                                   finished_at=timezone.now())
        job.refresh_from_db()
        return job
    job.refresh_from_db()
    job.file.save(f"{job.pk}.{job.format}", ContentFile(data), save=False)
    job.state, job.progress, job.finished_at = ReportJob.State.DONE, 100, timezone.now()
    job.save(update_fields=["file", "state", "progress", "finished_at"])
    return job


@task()
def generate_report(job_id: str) -> None:
    job = ReportJob.objects.select_related("agency").get(pk=job_id)
    run_job(job)
