"""The standard workforce indicators for one fiscal year and one agency (or every agency in scope)."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from thaothiam.agencies.models import Agency
from thaothiam.core.access import roles as access_roles
from thaothiam.core.forms import FiscalYearAgencyForm
from thaothiam.explorer.views import VIEWERS, agency_scope

from .indicators import workforce_indicators
from .selectors import snapshots_by_year


@access_roles(*VIEWERS)
@require_GET
def indicators(request):
    scope = agency_scope(request.access)
    agencies = Agency.objects.order_by("code")
    if scope is not None:
        agencies = agencies.filter(pk__in=scope)
    form = FiscalYearAgencyForm(request.GET, years=snapshots_by_year(), agencies=agencies,
                                all_label=_("The whole BMA") if scope is None else _("All my agencies"))
    chosen = form.chosen_agency
    data = workforce_indicators(agency_ids=scope, fiscal_year=form.chosen_year,
                                agency_codes=(chosen.code,) if chosen else ())
    return render(request, "workforce/indicators.html", {
        "wf": data, "form": form, "chosen": chosen, "scoped": scope is not None,
    })
