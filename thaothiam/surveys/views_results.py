"""Results pages: figures for any filter, breakdowns, comparison with last year, response rate.

Who sees what: central and BMA-wide executives see every agency; coordinators, heads and
agency executives see only their own agencies (the agency filter is then required and limited).
Every figure has been through disclosure control in the selectors.
"""

from __future__ import annotations

from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from thaothiam.accounts.models import Role
from thaothiam.agencies.models import Agency
from thaothiam.core.access import ALL_AGENCIES, roles
from thaothiam.core.disclosure import TOTAL

from . import charts as survey_charts
from . import rates, selectors
from . import structure as structure_mod
from .forms import DIMENSION_LABELS, BreakdownForm, ResultFilterForm
from .instruments import asked_only_notes
from .models import Campaign

RESULT_ROLES = (Role.CENTRAL, Role.EXECUTIVE, Role.COORDINATOR, Role.HEAD)


def scope(request) -> set[int] | None:
    """The agencies whose results the user may see; None = all of the BMA."""
    return request.access.agency_ids(*RESULT_ROLES)


def visible_campaigns(request):
    query = Campaign.objects.exclude(status=Campaign.Status.DRAFT).select_related("instrument")
    ids = scope(request)
    if ids is not ALL_AGENCIES:
        query = query.filter(agencies__in=ids).distinct()
    return query


def campaign_for(request, pk: int) -> Campaign:
    return get_object_or_404(visible_campaigns(request), pk=pk)


def filter_form(request, campaign: Campaign) -> ResultFilterForm:
    return filter_form_for(campaign, request.GET, scope(request))


def filter_form_for(campaign: Campaign, query, ids) -> ResultFilterForm:
    """The results filters of ``query`` (a QueryDict) for someone who may see the agencies ``ids``
    (ALL_AGENCIES: all of the BMA) — also what a background job rebuilds from what the request asked."""
    agencies = campaign.agencies.order_by("code")
    if ids is not ALL_AGENCIES:
        agencies = agencies.filter(pk__in=ids)
    data = query.copy()
    if ids is not ALL_AGENCIES and not data.get("agency") and agencies:
        data["agency"] = str(agencies[0].pk)
    return ResultFilterForm(data, agencies=list(agencies), scoped=ids is not ALL_AGENCIES)


@roles(*RESULT_ROLES)
@require_GET
def results_index(request):
    return render(request, "surveys/results_index.html", {"campaigns": visible_campaigns(request)})


@roles(*RESULT_ROLES)
@require_GET
def results_page(request, pk: int):
    campaign = campaign_for(request, pk)
    form = filter_form(request, campaign)
    result = None
    if form.is_valid():
        result = selectors.results(campaign, form.filters())
    shape = structure_mod.load(campaign.instrument_id)
    return render(request, "surveys/results.html", {
        "campaign": campaign, "form": form, "result": result,
        "grouped": result.grouped(shape.sections) if result else [],
        "query": request.GET.urlencode(),
        "charts": survey_charts.result_charts(result) if result else {},
        "show_codes": request.access.has(Role.CENTRAL),  # item codes are builder vocabulary: central only
        "asked_only": asked_only_notes(shape.items),  # skip logic (0130): why such an item's n is smaller
    }, status=200 if form.is_valid() else 400)


@roles(*RESULT_ROLES)
@require_GET
def breakdown_page(request, pk: int):
    campaign = campaign_for(request, pk)
    form = filter_form(request, campaign)
    shape = structure_mod.load(campaign.instrument_id)
    data = request.GET.copy()
    for name, default in BreakdownForm.DEFAULTS.items():  # what the select shows when the URL has none
        if not data.get(name):
            data[name] = default
    choose = BreakdownForm(data, items=shape.items)
    table = None
    rows = []
    if form.is_valid() and choose.is_valid():
        table = selectors.breakdown(campaign, choose.cleaned_data["item"], choose.dims(), form.filters())
        rows = _rows(table)
    return render(request, "surveys/breakdown.html", {
        "campaign": campaign, "form": form, "choose": choose, "table": table, "rows": rows,
        "dim_labels": DIMENSION_LABELS, "item": shape.item(choose.cleaned_data["item"]) if table else None,
        "chart": survey_charts.breakdown_chart(table, rows) if table else None,
    })


def _rows(table: selectors.Breakdown) -> list[dict]:
    """Display rows: label, then one cell per column (plus the total column), then the total row."""
    two = len(table.dims) == 2
    out = []
    for rk in table.row_keys:
        if two:
            cells = [table.cells.get((rk, ck)) for ck in table.col_keys] + [table.cells.get((rk, TOTAL))]
        else:
            cells = [table.cells.get(rk)]
        out.append({"label": table.row_labels.get(rk, rk), "cells": cells, "key": rk})
    if two:
        cells = [table.cells.get((TOTAL, ck)) for ck in table.col_keys] + [table.cells.get((TOTAL, TOTAL))]
    else:
        cells = [table.cells.get(TOTAL)]
    out.append({"label": None, "cells": cells, "key": TOTAL, "total": True})
    return out


@roles(*RESULT_ROLES)
@require_GET
def rate_page(request, pk: int):
    campaign = campaign_for(request, pk)
    ids = scope(request)
    rows, total = rates.response_rates(campaign, None if ids is ALL_AGENCIES else ids)
    return render(request, "surveys/rate.html", {"campaign": campaign, "rows": rows, "total": total})


INVITATION_ACTIONS = ("survey.invitations.create", "survey.invitations.import", "survey.openlink.create",
                      "survey.campaign.update", "survey.results.release")


@roles(Role.CENTRAL, Role.EXECUTIVE)
@require_GET
def issued_page(request, pk: int):
    """Who created invitations and open links, how many, for which agency; open-link settings; releases."""
    from thaothiam.core.models import AuditEvent

    campaign = campaign_for(request, pk)
    ids = scope(request)
    codes = None if ids is ALL_AGENCIES else set(Agency.objects.filter(pk__in=ids).values_list("code", flat=True))
    events = []
    for event in AuditEvent.objects.filter(object_type="surveys.campaign", object_id=str(campaign.pk),
                                           action__in=INVITATION_ACTIONS).order_by("-at")[:500]:
        after = event.after or {}
        agencies = after.get("agencies") or ({after["agency"]: None} if after.get("agency") else {})
        if codes is not None:
            agencies = {k: v for k, v in agencies.items() if k in codes}
            if not agencies and event.action != "survey.campaign.update":
                continue
        if event.action == "survey.campaign.update" and "open_link_mode" not in after:
            continue
        events.append({"event": event, "agencies": agencies, "after": after})
    minted = campaign.invitations.filter(via_open_link=True)
    if ids is not ALL_AGENCIES:
        minted = minted.filter(agency_id__in=ids)
    counts = dict(minted.values_list("agency_id").annotate(n=Count("id")))
    minted = [(agency, counts[agency.pk]) for agency in Agency.objects.filter(pk__in=counts).order_by("code")]
    return render(request, "surveys/issued.html", {"campaign": campaign, "events": events, "minted": minted})

