"""The data explorer over every registered dataset (core.datasets): a measure, filters and up to two
breakdowns → a disclosure-controlled table, a chart, CSV and XLSX. Aggregates only; coordinators see
their own agencies, central and executives the whole BMA.

Served at /workforce/explore/ (its address since before it had its own app; decision 0150)."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from thaothiam.accounts.models import Role
from thaothiam.agencies.models import Agency
from thaothiam.core import charts
from thaothiam.core.access import ALL_AGENCIES
from thaothiam.core.access import roles as access_roles
from thaothiam.core.datasets import ALL, Query, Result, explore, registry
from thaothiam.core.spreadsheets import csv_response, xlsx_response

from . import exports
from .forms import DEFAULT_ROW, ExplorerForm

VIEWERS = (Role.CENTRAL, Role.EXECUTIVE, Role.COORDINATOR)


def agency_scope(access) -> frozenset[int] | None:
    """None for a BMA-wide viewer; otherwise the agencies the user holds a viewing role for."""
    ids = access.agency_ids(*VIEWERS)
    return None if ids is ALL_AGENCIES else frozenset(ids)


def _run(request):
    datasets = {key: d for key, d in registry().items() if request.access.roles & set(d.roles)}
    if not datasets:
        raise Http404
    key = request.GET.get("dataset") or next(iter(datasets))
    dataset = datasets.get(key)
    if dataset is None:
        raise Http404
    data = request.GET.copy()
    if not request.GET and any(d.key == DEFAULT_ROW for d in dataset.dimensions):
        data["row"] = DEFAULT_ROW  # a first visit: the latest year's first measure by sex, not one bare total
    data.setdefault("dataset", key)
    data.setdefault("measure", dataset.measures[0].key)
    form = ExplorerForm(data, datasets=datasets, dataset=dataset)
    scope = agency_scope(request.access)
    if scope is not None and "f_agency" in form.fields:
        # Offer only the agencies in the user's scope (the query is scoped whatever is chosen).
        own = set(Agency.objects.filter(pk__in=scope).values_list("code", flat=True))
        field = form.fields["f_agency"]
        field.choices = [(code, label) for code, label in field.choices if code in own]
    result = None
    if form.is_valid() and dataset.available():
        query = Query(measure=form.cleaned_data["measure"], breakdowns=form.breakdowns, filters=form.filters,
                      agency_ids=scope)
        result = explore(dataset, query)
    return form, dataset, result


@access_roles(*VIEWERS)
@require_GET
def explorer(request):
    form, dataset, result = _run(request)
    chart = _chart(result) if result is not None and not result.empty else None
    scoped = agency_scope(request.access) is not None
    return render(request, "explorer/explorer.html", {
        "form": form, "dataset": dataset, "result": result, "scoped": scoped,
        "chart": chart["spec"] if chart else None, "chart_left_out": chart["left_out"] if chart else 0,
        "query_string": form.data.urlencode(),
    })


@access_roles(*VIEWERS)
@require_GET
def explorer_export(request, fmt: str):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    form, dataset, result = _run(request)
    if result is None:
        raise Http404
    lines = exports.result_rows(result)
    name = exports.filename(dataset.key, result, ext=fmt)
    if fmt == "csv":
        return csv_response(lines, name, footer=exports.note(result))
    return xlsx_response(lines, name, title=dataset.key, footer=exports.note(result))


def _chart(result: Result) -> dict:
    """The bar chart spec, and how many figures it leaves out (hidden ones are never drawn as zero)."""
    measure = result.measure
    rows = []
    for i, (code, label) in enumerate(result.rows):
        for j, (_col_code, col_label) in enumerate(result.cols):
            cell = result.cells[i][j]
            rows.append({"category": label if code != ALL else str(measure.label), "series": col_label,
                         "value": None if cell.hidden or cell.value is None else cell.value})
    value_format = ",d" if measure.kind == "count" else (".1f" if measure.kind == "share" else ",.0f")
    spec = charts.bar_chart(
        rows, category="category", value="value", colour="series" if result.col_dim is not None else None,
        category_title=str(result.row_dim.label) if result.row_dim else "",
        colour_title=str(result.col_dim.label) if result.col_dim else "",
        value_title=str(measure.label), value_format=value_format,
        height=max(160, 26 * len(rows)),
    )
    return {"spec": spec, "left_out": sum(1 for row in rows if row["value"] is None)}
