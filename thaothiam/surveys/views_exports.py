"""Exports of results: XLSX, and a PDF printed from our own print view in the background (tasks.py).
Same access and the same disclosure control as the results pages."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_POST

from thaothiam.accounts.models import Role
from thaothiam.core import audit
from thaothiam.core.access import ALL_AGENCIES, roles

from . import exports
from .jobs import SurveyPdfJob
from .tasks import print_context, survey_pdf_task
from .views_results import RESULT_ROLES, campaign_for, filter_form, scope


def _filtered(request, pk):
    campaign = campaign_for(request, pk)
    form = filter_form(request, campaign)
    return campaign, form


def _bad(request, campaign, form):
    return render(request, "surveys/results.html", {"campaign": campaign, "form": form, "result": None}, status=400)


@roles(*RESULT_ROLES)
@require_GET
def export_xlsx(request, pk: int):
    campaign, form = _filtered(request, pk)
    if not form.is_valid():
        return _bad(request, campaign, form)
    ids = scope(request)
    data = exports.workbook(campaign, form.filters(), None if ids is ALL_AGENCIES else ids,
                            codes=request.access.has(Role.CENTRAL))  # item codes are for central (issue 15)
    audit.record("survey.results.export", campaign, note=f"xlsx {form.filters()}")
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="survey-{campaign.pk}-{campaign.fiscal_year}.xlsx"'
    return response


def _print_context(request, campaign, form):
    return print_context(campaign, form)


@roles(*RESULT_ROLES)
@require_GET
def print_view(request, pk: int):
    campaign, form = _filtered(request, pk)
    if not form.is_valid():
        return _bad(request, campaign, form)
    return render(request, "surveys/print.html", _print_context(request, campaign, form))


@roles(*RESULT_ROLES)
@require_POST
def summary_pdf(request, pk: int):
    """Ask for the PDF of the results as filtered (the query string): printed in the background; the
    job's page refreshes itself until the file is ready."""
    campaign, form = _filtered(request, pk)
    if not form.is_valid():
        return _bad(request, campaign, form)
    ids = scope(request)
    job = SurveyPdfJob.objects.create(campaign=campaign, query=request.GET.urlencode()[:2000],
                                      scope=None if ids is ALL_AGENCIES else sorted(ids),
                                      language=(get_language() or "th")[:8], requested_by=request.user)
    survey_pdf_task.enqueue(str(job.pk))
    return redirect("surveys:pdf_job", pk=job.pk)


def _own_job(request, pk) -> SurveyPdfJob:
    job = get_object_or_404(SurveyPdfJob.objects.select_related("campaign"), pk=pk)
    if job.requested_by_id != request.user.pk:
        raise Http404
    campaign_for(request, job.campaign_id)  # access is checked again: a role revoked since stops it
    return job


@roles(*RESULT_ROLES)
@require_GET
def pdf_job(request, pk):
    return render(request, "surveys/pdf_job.html", {"job": _own_job(request, pk)})


@roles(*RESULT_ROLES)
@require_GET
def pdf_download(request, pk):
    job = _own_job(request, pk)
    if job.state != SurveyPdfJob.State.DONE or not job.file:
        raise Http404
    return FileResponse(default_storage.open(job.file.name, "rb"), as_attachment=True, filename=job.filename,
                        content_type="application/pdf")
