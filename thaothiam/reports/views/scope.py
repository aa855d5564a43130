"""Which fiscal year and which agency (or the whole BMA) a dashboard or report is for, within access."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from thaothiam.accounts.models import Role
from thaothiam.core.fiscal import current_fiscal_year
from thaothiam.core.forms import FiscalYearAgencyForm
from thaothiam.reporting.selectors import default_fiscal_year, fiscal_years, reporting_agencies

VIEWERS = (Role.CENTRAL, Role.EXECUTIVE, Role.HEAD, Role.COORDINATOR)


def choose(request, *, default_fy: str = "current") -> dict:
    """fy, agency (None = BMA), the agencies the user may pick, and whether the BMA view is allowed.
    Read through the one fiscal-year and agency form (docs/decisions/0151): an unknown year is said
    and the default shown; an agency outside the user's scope is a 404 (a page about one agency)."""
    years = fiscal_years() or [current_fiscal_year()]
    data = {key: request.GET.get(key) or request.POST.get(key) for key in ("fy", "agency")}
    default = None
    if data["fy"] not in {str(y) for y in years}:  # the default costs queries: only when it is needed
        # The same rule as central's results and matrix: the latest year with accepted data.
        default = default_fiscal_year(years)
        if default_fy == "last_complete" and default == current_fiscal_year() and years.index(default) > 0:
            default = years[years.index(default) - 1]
    ids = request.access.agency_ids(*VIEWERS)
    bma_allowed = ids is None
    choices = reporting_agencies(ids=ids) if ids is not None else reporting_agencies()
    form = FiscalYearAgencyForm({k: v for k, v in data.items() if v}, years=years, agencies=choices, default=default,
                                agency_key="pk", all_label=_("Whole BMA"), allow_all=bma_allowed)
    form.fields["agency"].label_from_instance = lambda a: a.name
    if "agency" in form.errors:
        raise Http404
    agency = form.chosen_agency
    if agency is None and not bma_allowed:
        agency = choices.first()
        if agency is None:
            raise Http404
    return {"fy": form.chosen_year, "years": years, "agency": agency, "agency_choices": choices,
            "bma_allowed": bma_allowed, "scope_form": form}
