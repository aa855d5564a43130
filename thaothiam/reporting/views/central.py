"""Central's side (สำนักงาน ก.ก.): completeness matrix, review queue, BMA results, rounds and deadlines."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from thaothiam.accounts.models import Role
from thaothiam.agencies.models import Agency
from thaothiam.core.access import roles
from thaothiam.core.fiscal import current_fiscal_year
from thaothiam.core.forms import FiscalYearAgencyForm
from thaothiam.plans.models import Pillar

from .. import services
from ..forms import ExtensionForm, NewYearForm, RoundForm
from ..models import AgencyReport, Round, Status
from ..selectors import completeness_matrix, default_fiscal_year, fiscal_years, indicator_results


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def filters(request) -> dict:
    """The filters shared by central's pages: fiscal year, agency kind, one district/agency, pillar."""
    years = fiscal_years() or [current_fiscal_year()]
    districts = Agency.objects.filter(kind=Agency.Kind.DISTRICT, is_active=True).order_by("name_th")
    # The one fiscal-year and agency form (docs/decisions/0151); the default year is the dashboard's rule.
    asked_known = request.GET.get("fy") in {str(y) for y in years}  # then the default costs no queries
    form = FiscalYearAgencyForm(request.GET, years=years, agencies=districts, agency_key="pk", all_label=_("All"),
                                default=None if asked_known else default_fiscal_year(years))
    form.fields["agency"].label_from_instance = lambda a: a.name
    kind = request.GET.get("kind", "")
    if kind not in Agency.Kind.values:
        kind = ""
    agency = form.chosen_agency
    pillar_id = _int(request.GET.get("pillar"))
    return {"fy": form.chosen_year, "years": years, "kind": kind, "agency_id": agency.pk if agency else None,
            "pillar_id": pillar_id, "filter_form": form,
            "kinds": [(k, label) for k, label in Agency.Kind.choices if k != Agency.Kind.DIVISION],
            "districts": districts,
            "pillars": Pillar.objects.filter(plan__is_current=True).order_by("number")}


@roles(Role.CENTRAL, Role.EXECUTIVE)
@require_GET
def matrix(request):
    """Completeness and timeliness: agency × round, as of now or as of each deadline."""
    f = filters(request)
    as_of = "deadline" if request.GET.get("as_of") == "deadline" else "now"
    ids = request.access.agency_ids(Role.CENTRAL, Role.EXECUTIVE)
    data = completeness_matrix(f["fy"], kind=f["kind"], agency_id=f["agency_id"], ids=ids, as_of=as_of)
    return render(request, "reporting/matrix.html", {**f, "matrix": data, "as_of": as_of, "Status": Status})


@roles(Role.CENTRAL)
@require_GET
def review_queue(request):
    """Reports awaiting central: approved by their head."""
    reports = (AgencyReport.objects.filter(status=Status.APPROVED).select_related("round", "agency")
               .order_by("approved_at"))
    return render(request, "reporting/review_queue.html", {"reports": reports})


@roles(Role.CENTRAL, Role.EXECUTIVE)
@require_GET
def results(request):
    """BMA-level results per indicator against targets, rolled up by each indicator's rule."""
    f = filters(request)
    ids = request.access.agency_ids(Role.CENTRAL, Role.EXECUTIVE)
    agency_id = f["agency_id"]
    if ids is not None:  # an executive of one agency sees that agency only
        agency_id = agency_id if agency_id in ids else next(iter(ids), -1)
    rows = indicator_results(f["fy"], pillar_id=f["pillar_id"], kind=f["kind"], agency_id=agency_id)
    return render(request, "reporting/results.html", {**f, "rows": rows, "agency_id": agency_id})


@roles(Role.CENTRAL)
@require_http_methods(["GET", "POST"])
def rounds(request):
    form = NewYearForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = services.rounds_create_for_year(fy=form.cleaned_data["fy"], actor=request.user)
        messages.success(request, _("%(n)s rounds were created.") % {"n": len(created)})
        return redirect("reporting_rounds")
    return render(request, "reporting/rounds.html", {
        "rounds": Round.objects.order_by("-fy", "seq").prefetch_related("extensions__agency"), "form": form})


@roles(Role.CENTRAL)
@require_http_methods(["GET", "POST"])
def round_edit(request, pk: int):
    round_ = get_object_or_404(Round, pk=pk)
    form = RoundForm(request.POST if "deadline_form" in request.POST else None,
                     initial={"deadline": round_.deadline, "reminder_days": round_.reminder_days})
    extension_form = ExtensionForm(request.POST if "extension_form" in request.POST else None, round_=round_)
    if request.method == "POST":
        if form.is_bound and form.is_valid():
            services.round_update(round_=round_, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Saved."))
            return redirect("reporting_round_edit", round_.pk)
        if extension_form.is_bound and extension_form.is_valid():
            services.extension_grant(round_=round_, actor=request.user, **extension_form.cleaned_data)
            messages.success(request, _("The extension was granted."))
            return redirect("reporting_round_edit", round_.pk)
    return render(request, "reporting/round_edit.html", {
        "round": round_, "form": form, "extension_form": extension_form,
        "extensions": round_.extensions.select_related("agency").order_by("agency__code")})
