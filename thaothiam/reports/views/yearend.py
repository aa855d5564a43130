"""The year-end report: central's narrative, generation in the background, progress, download."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thaothiam.accounts.models import Role
from thaothiam.core.access import roles
from thaothiam.core.forms import BootstrapMixin

from .. import services
from ..models import ReportJob, YearEndNarrative
from ..tasks import generate_report
from .scope import VIEWERS, choose


class NarrativeForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = YearEndNarrative
        fields = ["summary", "recommendations"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 8}), "recommendations": forms.Textarea(attrs={"rows": 6})}


class GenerateForm(BootstrapMixin, forms.Form):
    format = forms.ChoiceField(label=gettext_lazy("Format"), choices=ReportJob.Format.choices)


@roles(*VIEWERS)
@require_GET
def year_end(request):
    return _year_end_page(request, choose(request, default_fy="last_complete"))


def _year_end_page(request, chosen: dict, narrative_form: NarrativeForm | None = None, status: int = 200):
    narrative = YearEndNarrative.objects.filter(fy=chosen["fy"]).first()
    jobs = ReportJob.objects.filter(requested_by=request.user, fy=chosen["fy"], agency=chosen["agency"]).select_related(
        "agency")[:5]
    if narrative_form is None and request.access.has(Role.CENTRAL):
        narrative_form = NarrativeForm(instance=narrative)
    return render(request, "reports/year_end.html", {
        **chosen, "narrative": narrative, "jobs": jobs, "narrative_form": narrative_form}, status=status)


@roles(Role.CENTRAL)
@require_POST
def narrative_edit(request, fy: int):
    narrative = YearEndNarrative.objects.filter(fy=fy).first()
    form = NarrativeForm(request.POST, instance=narrative)
    if not form.is_valid():  # the page again, with the error summary linking to the fields
        chosen = choose(request, default_fy="last_complete")
        return _year_end_page(request, {**chosen, "fy": fy, "agency": None}, form, status=400)
    services.narrative_save(fy=fy, actor=request.user, **form.cleaned_data)
    messages.success(request, _("Saved."))
    return redirect(reverse("reports_year_end") + f"?fy={fy}")


@roles(*VIEWERS)
@require_POST
def generate(request):
    chosen = choose(request)
    form = GenerateForm(request.POST)
    if not form.is_valid():
        raise Http404
    job = services.job_create(fy=chosen["fy"], agency=chosen["agency"], fmt=form.cleaned_data["format"],
                              actor=request.user)
    transaction.on_commit(lambda: generate_report.enqueue(str(job.pk)))
    if request.headers.get("HX-Request"):
        return render(request, "reports/_job.html", {"job": job})
    return redirect("reports_job", job.pk)


def _own_job(request, pk) -> ReportJob:
    job = get_object_or_404(ReportJob.objects.select_related("agency"), pk=pk)
    if job.requested_by_id != request.user.pk:
        raise Http404
    return job


@roles(*VIEWERS)
@require_http_methods(["GET"])
def job_status(request, pk):
    """The job's progress; htmx polls this fragment until the file is ready."""
    job = _own_job(request, pk)
    template = "reports/_job.html" if request.headers.get("HX-Request") else "reports/job.html"
    return render(request, template, {"job": job})


@roles(*VIEWERS)
@require_GET
def job_download(request, pk):
    job = _own_job(request, pk)
    if job.state != ReportJob.State.DONE or not job.file:
        raise Http404
    # Access is checked again: a role revoked since the request must stop the download.
    if job.agency_id:
        request.access.require_agency(job.agency, *VIEWERS)
    elif request.access.agency_ids(*VIEWERS) is not None:
        raise Http404
    content_type = "application/pdf" if job.format == "pdf" else (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    return FileResponse(default_storage.open(job.file.name, "rb"), as_attachment=True, filename=job.filename,
                        content_type=content_type)
