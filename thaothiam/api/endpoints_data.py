"""Read endpoints: the agency registry, indicator results and targets from accepted data, open data
and survey headlines. Each calls the selector its page uses, so the same disclosure control applies
(no figure about 1–4 people); an agency token sees its own agency only."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from ninja import Query, Router

from thaothiam.agencies.models import Agency
from thaothiam.plans.models import Target
from thaothiam.reporting import selectors as reporting
from thaothiam.surveys.headline import headlines
from thaothiam.workforce import opendata

from .auth import require
from .models import Scope, SystemAccount
from .problems import Problem, both_languages
from .schemas import (
    AgencyOut,
    IndicatorResultOut,
    OpenTableDataOut,
    OpenTableOut,
    SurveyHeadlineOut,
    TargetOut,
)
from .spec import PROBLEMS

router = Router()
FY_MIN, FY_MAX = 2500, 2700


def _number(value) -> float | None:
    return None if value is None else float(Decimal(value))


def _fiscal_year(fiscal_year: int | None) -> int:
    return reporting.default_fiscal_year() if fiscal_year is None else fiscal_year


FiscalYear = Query(None, ge=FY_MIN, le=FY_MAX, description="Fiscal year in the Buddhist era (e.g. 2568); "
                                                            "the current one when omitted.")


def _agency_for(account: SystemAccount, code: str | None) -> Agency | None:
    """The agency asked for, within the token's reach: an agency token only ever gets its own."""
    if account.agency_id is not None:
        if code and code != account.agency.code:
            raise Problem(404)
        return account.agency
    if not code:
        return None
    if "\x00" in code:  # PostgreSQL refuses NUL in a query string; no agency code has one
        raise Problem(404)
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise Problem(404)
    return agency


@router.get("/agencies", response={200: list[AgencyOut], **PROBLEMS}, tags=["agencies"],
            summary="The BMA agency registry")
def agencies(request):
    require(request, Scope.AGENCIES_READ)
    rows = Agency.objects.select_related("parent").order_by("code")
    return [AgencyOut(code=a.code, name_th=a.name_th, name_en=a.name_en, kind=a.kind,
                           parent_code=a.parent.code if a.parent_id else None, geocode=a.geocode,
                           is_active=a.is_active) for a in rows]


@router.get("/indicators/results", response={200: list[IndicatorResultOut], **PROBLEMS}, tags=["indicators"],
            summary="Indicator results against targets, from accepted reports")
def indicator_results(request, fiscal_year: int | None = FiscalYear, agency: str | None = None):
    """BMA-level results (a BMA-wide token without `agency`), or one agency's own. Counts of people under 5
    are withheld (null), exactly as on the results page."""
    account = require(request, Scope.INDICATORS_READ)
    fy = _fiscal_year(fiscal_year)
    target_agency = _agency_for(account, agency)
    results = reporting.indicator_results(fy, agency_id=target_agency.pk if target_agency else None)
    return [IndicatorResultOut(
        code=r.indicator.code, name_th=r.indicator.name_th, name_en=r.indicator.name_en, kind=r.indicator.kind,
        aggregation=r.indicator.aggregation, fiscal_year=fy, agency_code=target_agency.code if target_agency else None,
        value=_number(r.value), target=_number(r.target), achieved=r.achieved, agencies_reporting=r.agencies_reporting,
        female=r.female, male=r.male) for r in results]


@router.get("/indicators/targets", response={200: list[TargetOut], **PROBLEMS}, tags=["indicators"],
            summary="Targets per indicator: the BMA's and each agency's")
def indicator_targets(request, fiscal_year: int | None = FiscalYear):
    account = require(request, Scope.INDICATORS_READ)
    fy = _fiscal_year(fiscal_year)
    rows = Target.objects.filter(fy=fy, indicator__is_active=True).select_related("indicator", "agency")
    if account.agency_id is not None:
        rows = rows.filter(agency__isnull=True) | rows.filter(agency_id=account.agency_id)
    return [TargetOut(indicator_code=t.indicator.code, fiscal_year=t.fy,
                           agency_code=t.agency.code if t.agency_id else None, value=float(t.value),
                           agency_default=_number(t.agency_default)) for t in rows.order_by("indicator__code", "agency__code")]


def _table_out(request, table) -> dict:
    title_th, title_en = both_languages(table.title)
    description_th, description_en = both_languages(table.description)
    return {"slug": table.slug, "title_th": title_th, "title_en": title_en, "description_th": description_th,
            "description_en": description_en,
            "url": request.build_absolute_uri(reverse("api-1:open_table", kwargs={"slug": table.slug}))}


@router.get("/opendata", response={200: list[OpenTableOut], **PROBLEMS}, tags=["open data"],
            summary="The open-data tables")
def open_tables(request):
    require(request, Scope.OPENDATA_READ)
    return [_table_out(request, table) for table in opendata.TABLES]


@router.get("/opendata/{slug}", response={200: OpenTableDataOut, **PROBLEMS}, tags=["open data"],
            url_name="open_table", summary="One open-data table: its fields and rows (suppressed cells are null)")
def open_table(request, slug: str):
    require(request, Scope.OPENDATA_READ)
    table = opendata.BY_SLUG.get(slug)
    if table is None:
        raise Problem(404)
    fields = [{k: str(f.get(k, "")) for k in ("name", "type", "title", "description")} for f in opendata.fields(table)]
    return {**_table_out(request, table), "fields": fields, "rows": opendata.rows(table)}


@router.get("/surveys/headlines", response={200: list[SurveyHeadlineOut], **PROBLEMS}, tags=["surveys"],
            summary="Survey headline results of a fiscal year")
def survey_headlines(request, fiscal_year: int | None = FiscalYear, agency: str | None = None):
    """One headline per survey run in the year: BMA-wide, or for one agency (an agency token: its own).
    Figures about fewer than 5 respondents are null, as on the results pages."""
    account = require(request, Scope.SURVEYS_READ)
    fy = _fiscal_year(fiscal_year)
    target_agency = _agency_for(account, agency)
    out = []
    for h in headlines(fy, agency=target_agency):
        instrument = h.campaign.instrument
        out.append(SurveyHeadlineOut(
            survey_th=instrument.title_th, survey_en=instrument.title_en or instrument.title_th, fiscal_year=fy,
            agency_code=target_agency.code if target_agency else None, measure=h.measure, respondents=h.respondents,
            mean=_number(h.mean), band_th=h.band_th, band_en=h.band_en, favourable=h.favourable,
            experienced_any=list(h.experienced_any) if h.experienced_any else None))
    return out


