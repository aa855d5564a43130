"""Demo step 20: the default indicators (reloaded after `demo --reset`) and some agency targets."""

from decimal import Decimal

from thaothiam.agencies.models import Agency
from thaothiam.core.demodata import DemoContext

from .indicator_data import load_default_indicators
from .models import Indicator, Plan, PlanItem, Target

ORDER = 20


def generate(ctx: DemoContext) -> None:
    created = load_default_indicators(Plan, PlanItem, Indicator, Target)
    # Large departments carry higher targets than the default per agency.
    big = list(Agency.objects.filter(kind=Agency.Kind.DEPARTMENT, is_active=True))
    rows = []
    for indicator in Indicator.objects.filter(kind=Indicator.Kind.COUNT):
        for target in indicator.targets.filter(agency__isnull=True):
            for agency in big:
                rows.append(Target(indicator=indicator, fy=target.fy, agency=agency,
                                   value=(target.agency_default or Decimal(1)) * 2))
    Target.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    ctx.shared["indicators"] = list(Indicator.objects.filter(is_active=True).select_related("item__pillar"))
    ctx.log(f"    {created} indicators loaded, {len(rows)} agency targets")
