"""Which fiscal year and which agency (or the whole BMA) a dashboard or report is for, within access."""

from __future__ import annotations

from django.http import Http404

from thaothiam.accounts.models import Role
from thaothiam.core.fiscal import current_fiscal_year
from thaothiam.reporting.selectors import default_fiscal_year, fiscal_years, reporting_agencies

VIEWERS = (Role.CENTRAL, Role.EXECUTIVE, Role.HEAD, Role.COORDINATOR)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def choose(request, *, default_fy: str = "current") -> dict:
    """fy, agency (None = BMA), the agencies the user may pick, and whether the BMA view is allowed."""
    years = fiscal_years() or [current_fiscal_year()]
    fy = _int(request.GET.get("fy") or request.POST.get("fy"))
    if fy not in years:
        # The same rule as central's results and matrix: the latest year with accepted data.
        fy = default_fiscal_year(years)
        current = current_fiscal_year()
        if default_fy == "last_complete" and fy == current and len(years) > 1 and years.index(fy) > 0:
            fy = years[years.index(fy) - 1]
    ids = request.access.agency_ids(*VIEWERS)
    bma_allowed = ids is None
    choices = reporting_agencies(ids=ids) if ids is not None else reporting_agencies()
    agency_id = _int(request.GET.get("agency") or request.POST.get("agency"))
    agency = None
    if agency_id:
        agency = choices.filter(pk=agency_id).first()
        if agency is None:
            raise Http404
    elif not bma_allowed:
        agency = choices.first()
        if agency is None:
            raise Http404
    return {"fy": fy, "years": years, "agency": agency, "agency_choices": choices, "bma_allowed": bma_allowed}
