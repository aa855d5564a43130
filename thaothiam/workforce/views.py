"""Uploading workforce files: the form, the job's progress (polled with htmx), the error report,
the template and the column specification. Coordinators import for their agencies; central for all."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from thaothiam.accounts.models import Role
from thaothiam.agencies.models import Agency
from thaothiam.core.access import ALL_AGENCIES, roles, signed_in

from . import drafts, exports, services
from .forms import UploadForm
from .models import Snapshot, WorkforceImport
from .parser import COLUMNS
from .tasks import run_workforce_import

IMPORTERS = (Role.COORDINATOR, Role.CENTRAL)
# The template asks for the agency's code, sex and level in their own columns; the name, agency-name and
# position columns are for files exported as they are (the columns page lists them all).
TEMPLATE_COLUMNS = [c for c in COLUMNS if c.name not in ("agency_name", "full_name", "position_name")]


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
        job = services.workforce_import_upload(
            upload=form.cleaned_data["file"], as_of=form.cleaned_data["as_of"], agency=form.cleaned_data["agency"],
            valid_only=form.cleaned_data["valid_only"], actor=request.user)
        run_workforce_import.enqueue(job.pk)
        return redirect("workforce_import_detail", pk=job.pk)
    services.workforce_imports_sweep()
    jobs = _jobs_for(access)[:20]
    snapshots = Snapshot.objects.all().order_by("-as_of")
    to_publish = (WorkforceImport.objects.filter(status=WorkforceImport.Status.DRAFT).select_related("agency")
                  if access.has(Role.CENTRAL) else [])
    return render(request, "workforce/upload.html", {"form": form, "jobs": jobs, "snapshots": snapshots,
                                                     "to_publish": to_publish})


@roles(*IMPORTERS)
@require_GET
def import_detail(request, pk: int):
    services.workforce_imports_sweep()
    job = _job(request, pk)
    context = {"job": job, **_job_context(job)}
    if job.status == WorkforceImport.Status.PREVIEW:
        from .views_review import preview_context

        context.update(preview_context(job))
    elif job.status == WorkforceImport.Status.DRAFT and request.access.has(Role.CENTRAL):
        context.update({"diff": drafts.snapshot_diff(job), "replaces": drafts.replaces_published(job)})
    context["can_retry"] = job.created_by_id == request.user.pk and services.can_retry(job)
    return render(request, "workforce/import_detail.html", context)


@roles(*IMPORTERS)
@require_GET
def import_progress(request, pk: int):
    """The htmx fragment: polls itself every second until the job has finished."""
    job = _job(request, pk)
    response = render(request, "workforce/_progress.html", {"job": job, **_job_context(job)})
    if job.status in (WorkforceImport.Status.MAPPING, WorkforceImport.Status.PREVIEW, WorkforceImport.Status.DRAFT):
        response["HX-Refresh"] = "true"  # the next step is a page of its own
    return response


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
    header = [c.name for c in TEMPLATE_COLUMNS]
    if fmt == "csv":
        return exports.csv_response([header], "workforce-template.csv")
    if fmt == "xlsx":
        spec = [["column", "คอลัมน์", "required", "description"]]
        spec += [[c.name, c.thai, "yes" if c.required else "no", str(c.description)] for c in TEMPLATE_COLUMNS]
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
