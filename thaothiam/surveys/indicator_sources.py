"""Indicator values the system computes from surveys (contract 2; reporting/system_values.py), from the
work-environment survey of the fiscal year that included the agency, and only from released results
(decision 0035) through the same disclosure control as the results pages (decision 0120):

- 3-3-survey-done: 1 when such a survey opened for the agency by the end of the period, else no value.
- 3-3-respondents: the agency's respondents as the results page publishes them (perturbed; no value
  while nothing is released).
- 3-1-satisfaction: the agency's overall score of that survey (mean of its 5-point items, out of 5),
  shown only where the results page shows it (5 people or more).
"""

from __future__ import annotations

import datetime as dt

from .models import Campaign, Instrument

KIND = Instrument.Kind.WORK_ENVIRONMENT


def _campaign(agency, fiscal_year: int, period_end: dt.date) -> Campaign | None:
    return (Campaign.objects.filter(fiscal_year=fiscal_year, instrument__kind=KIND, agencies=agency,
                                    opens_on__lte=period_end)
            .exclude(status=Campaign.Status.DRAFT).select_related("instrument").order_by("-opens_on").first())


def survey_done(agency, fiscal_year: int, period_end: dt.date) -> int | None:
    return 1 if _campaign(agency, fiscal_year, period_end) else None


def _results(agency, fiscal_year: int, period_end: dt.date):
    from . import selectors

    campaign = _campaign(agency, fiscal_year, period_end)
    if campaign is None:
        return None
    return selectors.results(campaign, {"agency": agency.pk}, compare=False, comments=False)


def respondents(agency, fiscal_year: int, period_end: dt.date) -> int | None:
    result = _results(agency, fiscal_year, period_end)
    return result.respondents if result is not None and result.respondents else None


def satisfaction(agency, fiscal_year: int, period_end: dt.date):
    result = _results(agency, fiscal_year, period_end)
    if result is None or result.overall is None or result.overall.mean is None:
        return None
    return result.overall.mean


SOURCES = {"3-3-survey-done": survey_done, "3-3-respondents": respondents, "3-1-satisfaction": satisfaction}
