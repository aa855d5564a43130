"""Open data, public and without login: the perturbed aggregate tables, their data dictionaries,
a datapackage.json and CKAN package metadata (opendata.py); and, for central, the disclosure audit
to run before the tables are harvested (core.disclosure_audit)."""

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from thaothiam.accounts.models import Role
from thaothiam.core.access import public, roles

from . import opendata
from .selectors import snapshots_by_year


def _base(request) -> str:
    return request.build_absolute_uri(reverse("workforce_open_data"))


def _json(data: dict) -> JsonResponse:
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Access-Control-Allow-Origin"] = "*"  # portals harvest it from their own origin
    return response


@public
@require_GET
def open_data(request):
    access = getattr(request, "access", None)
    return render(request, "workforce/open_data.html", {
        "tables": opendata.TABLES, "years": sorted(snapshots_by_year().items()),
        "can_audit": access is not None and Role.CENTRAL in access.roles,
    })


@roles(Role.CENTRAL)
@require_POST
def open_data_audit(request):
    """Central's check before open data goes out: the disclosure audit of the latest fiscal year, run in
    the background (about a minute at BMA scale); the run's page shows it when it is done."""
    from django.db import transaction
    from django.utils.translation import get_language

    from thaothiam.core.models import DisclosureAuditRun
    from thaothiam.core.tasks import disclosure_audit_task

    years = snapshots_by_year()
    if not years:
        return render(request, "workforce/open_data_audit.html", {"run": None})
    run = DisclosureAuditRun.objects.create(fiscal_year=max(years), requested_by=request.user,
                                            language=(get_language() or "th")[:8])
    transaction.on_commit(lambda: disclosure_audit_task.enqueue(run.pk))
    return redirect("workforce_open_data_audit_run", pk=run.pk)


@roles(Role.CENTRAL)
@require_GET
def open_data_audit_run(request, pk: int):
    from thaothiam.core.models import DisclosureAuditRun

    run = get_object_or_404(DisclosureAuditRun, pk=pk)
    return render(request, "workforce/open_data_audit.html", {"run": run, "fy": run.fiscal_year})


@public
@require_GET
def open_table_csv(request, slug: str):
    table = opendata.BY_SLUG.get(slug)
    if table is None:
        raise Http404
    response = HttpResponse(opendata.table_csv(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{slug}.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@public
@require_GET
def open_table_dictionary(request, slug: str):
    table = opendata.BY_SLUG.get(slug)
    if table is None:
        raise Http404
    return _json(opendata.dictionary(table, _base(request)))


@public
@require_GET
def datapackage(request):
    return _json(opendata.datapackage(_base(request)))


@public
@require_GET
def ckan_package(request):
    return _json(opendata.ckan_package(_base(request)))
