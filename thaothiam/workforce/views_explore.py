"""The data explorer over every registered dataset (core.datasets): a measure, filters and up to two
breakdowns → a disclosure-controlled table, a chart, CSV and XLSX. Aggregates only; coordinators see
their own agencies, central and executives the whole BMA."""

from django.http import Http404
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from thaothiam.accounts.models import Role
from thaothiam.agencies.models import Agency
from thaothiam.core import charts
from thaothiam.core.access import ALL_AGENCIES
from thaothiam.core.access import roles as access_roles
from thaothiam.core.datasets import ALL, Query, Result, explore, registry

from . import exports
from .forms import ExplorerForm

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
    return render(request, "workforce/explorer.html", {
        "form": form, "dataset": dataset, "result": result, "chart": chart, "scoped": scoped,
        "query_string": request.GET.urlencode(),
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
    name = slugify(f"{dataset.key}-{result.measure.key}") or "explorer"
    if fmt == "csv":
        return exports.csv_response(lines, f"{name}.csv", footer=exports.note(result))
    return exports.xlsx_response(lines, f"{name}.xlsx", title=dataset.key, footer=exports.note(result))


def _chart(result: Result) -> dict:
    measure = result.measure
    rows = []
    for i, (code, label) in enumerate(result.rows):
        for j, (_col_code, col_label) in enumerate(result.cols):
            cell = result.cells[i][j]
            rows.append({"category": label if code != ALL else str(measure.label), "series": col_label,
                         "value": None if cell.hidden else cell.value})
    value_format = ",d" if measure.kind == "count" else (".1f" if measure.kind == "share" else ",.0f")
    return charts.bar_chart(
        rows, category="category", value="value", colour="series" if result.col_dim is not None else None,
        category_title=str(result.row_dim.label) if result.row_dim else "",
        colour_title=str(result.col_dim.label) if result.col_dim else "",
        value_title=str(measure.label), value_format=value_format,
        height=max(160, 26 * len(rows)),
    )


@access_roles(*VIEWERS)
@require_GET
def indicators(request):
    """The standard indicators for one fiscal year (and agency, for BMA-wide viewers)."""
    from thaothiam.agencies.models import Agency

    from .indicators import workforce_indicators
    from .selectors import snapshots_by_year

    scope = agency_scope(request.access)
    years = sorted(snapshots_by_year(), reverse=True)
    fy = request.GET.get("fy", "")
    fy = int(fy) if fy.isdigit() and int(fy) in years else None
    agencies = Agency.objects.order_by("code") if scope is None else Agency.objects.filter(pk__in=scope).order_by("code")
    code = request.GET.get("agency", "")
    chosen = agencies.filter(code=code).first() if code else None
    data = workforce_indicators(agency_ids=scope, fiscal_year=fy, agency_codes=(chosen.code,) if chosen else ())
    return render(request, "workforce/indicators.html", {
        "wf": data, "years": years, "agencies": agencies, "chosen": chosen, "scoped": scope is not None,
    })
