"""Pushing a workforce snapshot: the file import's form, parser and all-or-nothing rules, run as a
background job whose status URL the client polls."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from thaothiam.agencies.models import Agency
from thaothiam.workforce import services
from thaothiam.workforce.forms import UploadForm
from thaothiam.workforce.models import WorkforceImport
from thaothiam.workforce.tasks import run_workforce_import

from .auth import require
from .models import Scope
from .problems import Problem
from .schemas import ImportOut
from .spec import PROBLEMS

router = Router(tags=["workforce"])
ERRORS_SHOWN = 200


def _out(request, job: WorkforceImport) -> ImportOut:
    errors = services.errors_of(job)[:ERRORS_SHOWN]
    return ImportOut(
        id=job.pk, status=job.status, finished=job.finished, as_of=job.as_of,
        agency_code=job.agency.code if job.agency_id else None, filename=job.filename, total_rows=job.total_rows,
        processed_rows=job.processed_rows, imported_rows=job.imported_rows, rejected_rows=job.rejected_rows,
        error_count=job.error_count,
        errors=[{"line": e.line, "column": e.column, "code": e.code, "message_th": e.message("th"),
                 "message_en": e.message("en")} for e in errors],
        status_url=request.build_absolute_uri(reverse("api-1:workforce_import_status", kwargs={"job_id": job.pk})),
    )


@router.post("/imports", response={202: ImportOut, **PROBLEMS}, url_name="workforce_import_push",
             summary="Push a workforce snapshot (CSV or XLSX)")
def push_snapshot(request, file: File[UploadedFile], as_of: Form[dt.date], agency: Form[str] = "",
                  valid_only: Form[bool] = False):
    """Queue the import of one HR file: the same columns, parser and all-or-nothing rule as the upload
    page (docs/workforce.md). An agency token imports for its own agency only; a BMA-wide token
    imports for the agency given, or for the whole BMA when none is. Poll `status_url` for the result."""
    account = require(request, Scope.WORKFORCE_WRITE)
    if account.agency_id is not None:
        if agency and agency != account.agency.code:
            raise Problem(403, _("An agency token can import only its own agency's file."))
        agencies, code = [account.agency], account.agency.code
    else:
        agencies, code = Agency.objects.filter(is_active=True).order_by("code"), agency
    form = UploadForm({"as_of": as_of.isoformat(), "agency": code, "valid_only": valid_only}, {"file": file},
                      agencies=agencies, bma_wide=account.agency_id is None, max_mb=settings.THAOTHIAM_API_MAX_UPLOAD_MB)
    if not form.is_valid():
        errors = [{"location": ["form", name], "message": str(message)}
                  for name, messages in form.errors.items() for message in messages]
        raise Problem(422, _("Some of the input is missing or not valid; see errors."), errors=errors)
    job = services.workforce_import_upload(upload=form.cleaned_data["file"], as_of=form.cleaned_data["as_of"],
                                           agency=form.cleaned_data["agency"], valid_only=form.cleaned_data["valid_only"],
                                           actor=None, confirmed=True)  # lands as a draft for central to publish
    run_workforce_import.enqueue(job.pk)
    job.refresh_from_db()
    return Status(202, _out(request, job))


@router.get("/imports/{job_id}", response={200: ImportOut, **PROBLEMS}, url_name="workforce_import_status",
            summary="The status and errors of a pushed snapshot")
def import_status(request, job_id: int):
    account = require(request, Scope.WORKFORCE_WRITE)
    jobs = WorkforceImport.objects.select_related("agency")
    if account.agency_id is not None:
        jobs = jobs.filter(agency_id=account.agency_id)
    job = jobs.filter(pk=job_id).first() if 0 < job_id < 2**63 else None
    if job is None:
        raise Problem(404)
    return _out(request, job)
