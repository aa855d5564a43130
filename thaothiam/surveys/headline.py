"""The survey headline for the executive dashboard and the year-end report (docs/surveys.md).

    from thaothiam.surveys.headline import headlines
    for h in headlines(2568):            # BMA-wide; headlines(2568, agency=agency) for one agency
        h.title, h.mean, h.band_th, h.text   # "ความคิดเห็นในภาพรวม: มาก, 3.87"

and in a template: ``{% load surveys %}{% survey_headlines 2568 %}``. Every figure has been through
the same disclosure control as the results pages (None when hidden).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from thaothiam.core.i18n import pick

from . import releases, selectors
from .models import Campaign


@dataclass
class Headline:
    campaign: Campaign
    measure: str  # "overall" or the item code of the instrument's headline item
    measure_label: str
    respondents: int | None
    mean: Decimal | None
    band_th: str | None
    band_en: str | None
    favourable: float | None
    previous_fiscal_year: int | None
    previous_mean: Decimal | None
    experienced_any: tuple[float, float, float] | None  # work-environment: % (95% CI) who experienced any behaviour
    previous_experienced_any: tuple[float, float, float] | None = None  # the same, in the previous campaign
    release: object | None = None  # the ResultRelease these figures come from (None: nothing released yet)

    @property
    def title(self) -> str:
        return self.campaign.instrument.title

    @property
    def fiscal_year(self) -> int:
        return self.campaign.fiscal_year

    @property
    def band(self) -> str | None:
        return pick(self.band_th, self.band_en) if self.band_th else None

    @property
    def change(self) -> Decimal | None:
        if self.mean is None or self.previous_mean is None:
            return None
        return self.mean - self.previous_mean

    @property
    def text(self) -> str:
        if self.mean is None:
            return f"{self.measure_label}: {_('not shown (fewer than 5 respondents)')}"
        return f"{self.measure_label}: {self.band}, {self.mean:.2f}"


def headline_for(campaign: Campaign, agency=None) -> Headline:
    filters = {"agency": getattr(agency, "pk", agency)} if agency is not None else {}
    code = campaign.instrument.headline_item
    result = selectors.results(campaign, filters, comments=False, only={code} if code else set())
    if code:
        row = next((r for r in result.items if r.item.code == code), None)
        figures, previous = (row.figures, row.previous) if row else (None, None)
        label = row.item.text if row else code
    else:
        figures, previous = result.overall, result.previous_overall
        label = _("Overall opinion") if campaign.instrument.kind == "opinion" else _("Overall score")
    behaviour = result.any_behaviour.prevalence["experienced"] if result.any_behaviour else None
    previous_behaviour = (result.previous_any_behaviour.prevalence["experienced"]
                          if result.previous_any_behaviour else None)
    return Headline(
        campaign=campaign, measure=code or selectors.OVERALL, measure_label=label, respondents=result.respondents,
        mean=figures.mean if figures else None, band_th=figures.band.th if figures and figures.band else None,
        band_en=figures.band.en if figures and figures.band else None,
        favourable=figures.favourable if figures else None,
        previous_fiscal_year=result.previous_campaign.fiscal_year if result.previous_campaign else None,
        previous_mean=previous.mean if previous else None, experienced_any=behaviour,
        previous_experienced_any=previous_behaviour, release=releases.latest(campaign.pk),
    )


def headlines(fiscal_year: int, agency=None) -> list[Headline]:
    """One headline per survey run in the fiscal year (opened or closed), opinion survey first."""
    campaigns = (Campaign.objects.filter(fiscal_year=fiscal_year).exclude(status=Campaign.Status.DRAFT)
                 .select_related("instrument").order_by("instrument__kind", "instrument__code"))
    if agency is not None:
        campaigns = campaigns.filter(agencies=agency)
    return [headline_for(c, agency) for c in campaigns]
