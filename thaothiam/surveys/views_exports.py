"""Exports of results: XLSX, and a PDF printed from our own print view. Same access and the same
disclosure control as the results pages."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from thaothiam.core import audit
from thaothiam.core.access import ALL_AGENCIES, roles
from thaothiam.core.pdf import html_to_pdf

from . import exports, selectors
from . import structure as structure_mod
from .charts import result_charts
from .instruments import asked_only_notes
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
    data = exports.workbook(campaign, form.filters(), None if ids is ALL_AGENCIES else ids)
    audit.record("survey.results.export", campaign, note=f"xlsx {form.filters()}")
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="survey-{campaign.pk}-{campaign.fiscal_year}.xlsx"'
    return response


def _print_context(request, campaign, form):
    result = selectors.results(campaign, form.filters())
    shape = structure_mod.load(campaign.instrument_id)
    return {"campaign": campaign, "result": result, "grouped": result.grouped(shape.sections),
            "asked_only": asked_only_notes(shape.items),
            "charts": result_charts(result, for_print=True), "filters": form.filters(), "form": form}


@roles(*RESULT_ROLES)
@require_GET
def print_view(request, pk: int):
    campaign, form = _filtered(request, pk)
    if not form.is_valid():
        return _bad(request, campaign, form)
    return render(request, "surveys/print.html", _print_context(request, campaign, form))


@roles(*RESULT_ROLES)
@require_GET
def summary_pdf(request, pk: int):
    campaign, form = _filtered(request, pk)
    if not form.is_valid():
        return _bad(request, campaign, form)
    html = render_to_string("surveys/print.html", _print_context(request, campaign, form), request=request)
    pdf = html_to_pdf(html)
    audit.record("survey.results.export", campaign, note=f"pdf {form.filters()}")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="survey-{campaign.pk}-{campaign.fiscal_year}.pdf"'
    return response
