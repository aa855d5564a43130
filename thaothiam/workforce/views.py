"""Uploading workforce files: the form, the job's progress (polled with htmx), the error report,
the template and the column specification. Coordinators import for their agencies; central for all."""

import uuid
from pathlib import Path

from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from thaothiam.accounts.models import Role
from thaothiam.agencies.models import Agency
from thaothiam.core.access import ALL_AGENCIES, roles, signed_in

from . import exports, services
from .forms import UploadForm
from .models import Snapshot, WorkforceImport
from .parser import COLUMNS
from .tasks import run_workforce_import

IMPORTERS = (Role.COORDINATOR, Role.CENTRAL)


def _importable_agencies(access):
    ids = access.agency_ids(*IMPORTERS)
    agencies = Agency.objects.filter(is_active=True).order_by("code")
    return agencies if ids is ALL_AGENCIES else agencies.filter(pk__in=ids)


def _jobs_for(access):
    jobs = WorkforceImport.objects.select_related("agency", "created_by")
    ids = access.agency_ids(*IMPORTERS)
    if ids is ALL_AGENCIES:
        return jobs
    return jobs.filter(agency_id__in=ids)  # BMA-wide jobs (agency empty) are central's only


def _job(request, pk: int) -> WorkforceImport:
    job = get_object_or_404(_jobs_for(request.access), pk=pk)
    return job


@roles(*IMPORTERS)
@require_http_methods(["GET", "POST"])
def upload(request):
    access = request.access
    bma_wide = access.agency_ids(*IMPORTERS) is ALL_AGENCIES
    form = UploadForm(request.POST or None, request.FILES or None, agencies=_importable_agencies(access),
                      bma_wide=bma_wide)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        suffix = Path(upload_file.name).suffix.lower()
        stored = default_storage.save(f"workforce-imports/{uuid.uuid4().hex}{suffix}", upload_file)
        job = services.workforce_import_create(
            as_of=form.cleaned_data["as_of"], agency=form.cleaned_data["agency"], filename=upload_file.name,
            stored_path=stored, valid_only=form.cleaned_data["valid_only"], actor=request.user,
        )
        run_workforce_import.enqueue(job.pk)
        return redirect("workforce_import_detail", pk=job.pk)
    jobs = _jobs_for(access)[:20]
    snapshots = Snapshot.objects.all().order_by("-as_of")
    return render(request, "workforce/upload.html", {"form": form, "jobs": jobs, "snapshots": snapshots})


@roles(*IMPORTERS)
@require_GET
def import_detail(request, pk: int):
    job = _job(request, pk)
    return render(request, "workforce/import_detail.html", {"job": job, **_job_context(job)})


@roles(*IMPORTERS)
@require_GET
def import_progress(request, pk: int):
    """The htmx fragment: polls itself every second until the job has finished."""
    job = _job(request, pk)
    return render(request, "workforce/_progress.html", {"job": job, **_job_context(job)})


def _job_context(job: WorkforceImport) -> dict:
    errors = services.errors_of(job)
    return {"errors": errors[:200], "errors_shown": min(len(errors), 200), "more_errors": job.error_count > 200}


@roles(*IMPORTERS)
@require_GET
def import_errors(request, pk: int, fmt: str):
    job = _job(request, pk)
    lines = exports.error_lines(services.errors_of(job))
    name = f"workforce-import-{job.pk}-errors"
    if fmt == "xlsx":
        return exports.xlsx_response(lines, f"{name}.xlsx", title="errors")
    if fmt == "csv":
        return exports.csv_response(lines, f"{name}.csv")
    raise Http404


@signed_in
@require_GET
def columns(request):
    return render(request, "workforce/columns.html", {"columns": COLUMNS})


@signed_in
@require_GET
def template_file(request, fmt: str):
    header = [c.name for c in COLUMNS]
    if fmt == "csv":
        return exports.csv_response([header], "workforce-template.csv")
    if fmt == "xlsx":
        spec = [["column", "คอลัมน์", "required", "description"]]
        spec += [[c.name, c.thai, "yes" if c.required else "no", str(c.description)] for c in COLUMNS]
        return _template_xlsx(header, spec)
    raise Http404


def _template_xlsx(header, spec):
    import io

    from django.http import HttpResponse
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from thaothiam.core.spreadsheets import xlsx_append

    book = Workbook()
    sheet = book.active
    sheet.title = "workforce"
    xlsx_append(sheet, header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    help_sheet = book.create_sheet("columns")
    for line in spec:
        xlsx_append(help_sheet, line)
    help_sheet.column_dimensions["D"].width = 100
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=exports.XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="workforce-template.xlsx"'
    return response
