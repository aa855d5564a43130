"""Background jobs of surveys: the results PDF (jobs.SurveyPdfJob)."""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from .jobs import SurveyPdfJob

log = logging.getLogger(__name__)


def print_context(campaign, form) -> dict:
    """What the print view and the PDF show for a campaign and a (valid) filter form."""
    from . import selectors
    from . import structure as structure_mod
    from .charts import result_charts
    from .instruments import asked_only_notes

    result = selectors.results(campaign, form.filters())
    shape = structure_mod.load(campaign.instrument_id)
    return {"campaign": campaign, "result": result, "grouped": result.grouped(shape.sections),
            "asked_only": asked_only_notes(shape.items),
            "charts": result_charts(result, for_print=True), "filters": form.filters(), "form": form}


def run_pdf_job(job_id) -> None:
    from thaothiam.core import audit
    from thaothiam.core.pdf import html_to_pdf

    from .views_results import filter_form_for

    job = SurveyPdfJob.objects.select_related("campaign", "requested_by").get(pk=job_id)
    SurveyPdfJob.objects.filter(pk=job.pk).update(state=SurveyPdfJob.State.RUNNING)
    try:
        with translation.override(job.language):
            form = filter_form_for(job.campaign, QueryDict(job.query), job.scope)
            if not form.is_valid():
                raise ValueError("the filters are no longer valid")
            html = render_to_string("surveys/print.html", print_context(job.campaign, form))
            pdf = html_to_pdf(html)
    except Exception as error:  # the page must show the failure rather than wait for ever
        log.exception("Survey PDF job %s failed", job.pk)
        SurveyPdfJob.objects.filter(pk=job.pk).update(state=SurveyPdfJob.State.FAILED, error=str(error)[:2000],
                                                      finished_at=timezone.now())
        return
    job.file.save(f"{job.pk}.pdf", ContentFile(pdf), save=False)
    job.state, job.finished_at = SurveyPdfJob.State.DONE, timezone.now()
    job.save(update_fields=["file", "state", "finished_at"])
    audit.record("survey.results.export", job.campaign, actor=job.requested_by, note=f"pdf {form.filters()}")


@task()
def survey_pdf_task(job_id: str) -> None:
    run_pdf_job(job_id)
