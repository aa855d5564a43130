"""Background jobs of core: the disclosure audit central runs before open data goes out."""

from __future__ import annotations

import logging

from django.utils import timezone, translation
from django_tasks import task

logger = logging.getLogger(__name__)


def run_audit(run_id: int) -> None:
    from .disclosure_audit import disclosure_audit_run
    from .models import DisclosureAuditRun

    run = DisclosureAuditRun.objects.select_related("requested_by").get(pk=run_id)
    DisclosureAuditRun.objects.filter(pk=run.pk).update(state=DisclosureAuditRun.State.RUNNING)
    lines: list[str] = []
    try:
        with translation.override(run.language):
            report = disclosure_audit_run(actor=run.requested_by, fiscal_year=run.fiscal_year, out=lines.append)
    except Exception as error:  # the page must show the failure rather than wait for ever
        logger.exception("Disclosure audit run %s failed", run.pk)
        DisclosureAuditRun.objects.filter(pk=run.pk).update(state=DisclosureAuditRun.State.FAILED,
                                                            error=str(error)[:2000], finished_at=timezone.now())
        return
    DisclosureAuditRun.objects.filter(pk=run.pk).update(
        state=DisclosureAuditRun.State.DONE, finished_at=timezone.now(), populations=report.populations,
        figures=report.figures, hidden=report.hidden, seconds=round(report.seconds, 1),
        lines=[line for line in lines if not line.startswith("  ")], problems=report.problems)


# A long job: on the queue of long jobs, so it never delays a PDF (decision 0061).
@task(queue_name="imports")
def disclosure_audit_task(run_id: int) -> None:
    run_audit(run_id)
