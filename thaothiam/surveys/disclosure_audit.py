"""What survey results publish, for the disclosure audit (core.disclosure_audit; decision 0123).

Per campaign of the fiscal year with a release, as central and executives see it (a coordinator's or a
head's views are the same figures for fewer agencies), the fixed tables of the results pages:

* **perturbed counts** (decision 0120) — respondents of the campaign and of every agency; the overall
  Likert score's n in every cell and margin of the breakdowns by each demographic dimension and of
  agency × sex and agency × age band (the tables that share the agency margins); and the response
  rate's answered counts per agency and in total (decision 0122, invitations as records) — checked
  for no count in 1..4 and one value per set of records;
* **statistics** (means, percentages) — exact values shown for groups of 5 or more: every group of
  those tables that shows a mean, checked for fewer than 5 people and for another shown group that
  contains it (or that it contains) and differs by 1–4 people (decision 0036).

Comments are listed only for the campaign and single agencies with the agencies not listed holding 0
or 10+ (decision 0124); that rule is a property of the lists and is tested as such, not audited here.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

from django.utils.translation import gettext as _

from thaothiam.core.disclosure import TOTAL
from thaothiam.core.disclosure_audit import Population
from thaothiam.core.intervals import Entry

from . import rates, selectors
from .matrix import DIMENSIONS
from .models import Campaign, Invitation

LINKED = (("agency", "sex"), ("agency", "age_band"))


def populations(*, fiscal_year: int | None = None) -> Iterator[Population]:
    campaigns = Campaign.objects.exclude(status=Campaign.Status.DRAFT).filter(releases__isnull=False).distinct()
    if fiscal_year is not None:
        campaigns = campaigns.filter(fiscal_year=fiscal_year)
    for campaign in campaigns.select_related("instrument").order_by("fiscal_year", "pk"):
        yield _population(campaign)


def _rows(m, answered) -> list[dict]:
    return [{"id": i, **{d: int(m.bands[i, j]) for j, d in enumerate(DIMENSIONS)}}
            for i in range(m.count) if answered[i]]


def _members(rows: list[dict], group: frozenset) -> frozenset:
    return frozenset(r["id"] for r in rows if all(r[d] == v for d, v in group))


def _population(campaign: Campaign) -> Population:
    population = Population(f"survey {campaign.instrument.code} FY {campaign.fiscal_year}",
                            "central and executives (the campaign and every agency)")
    shape, m = selectors.load_matrix(campaign)
    everyone = _rows(m, [True] * m.count)
    shown_means: dict[frozenset, int] = {}  # group → its size, for every group shown with a statistic
    agencies = sorted({r["agency"] for r in everyone})
    for agency in [None, *agencies]:
        filters = {} if agency is None else {"agency": agency}
        result = selectors.results(campaign, filters, compare=False, comments=False, only=set())
        group = frozenset(filters.items())
        population.perturbed.append(Entry(f"results {campaign.pk}", _("respondents") + f" {dict(group)}",
                                          _members(everyone, group), result.respondents))
    if selectors._likert_slots(shape):
        _counts, answered = selectors._per_row_likert(m, shape)
        likert = _rows(m, answered)
        tables = [(d,) for d in DIMENSIONS] + list(LINKED)
        for agency in [None, *agencies]:
            filters = {} if agency is None else {"agency": agency}
            for dims in tables:
                if agency is not None and "agency" in dims:
                    continue
                table = selectors.breakdown(campaign, selectors.OVERALL, list(dims), filters)
                for key, fig in table.cells.items():
                    group = _group(filters, dims, key)
                    population.perturbed.append(Entry(f"breakdown {' × '.join(dims)} {filters}", str(dict(group)),
                                                      _members(likert, group), None if fig is None else fig.n))
                    if fig is not None and fig.mean is not None:
                        shown_means[group] = len(_members(likert, group))
        population.findings += _nested(shown_means)
    population.perturbed += _rate_entries(campaign)
    return population


def _group(filters: dict, dims: tuple, key) -> frozenset:
    parts = dict(filters)
    keys = key if len(dims) == 2 else (key,)
    for d, k in zip(dims, keys, strict=True):
        if k != TOTAL:
            parts[d] = k
    return frozenset(parts.items())


def _nested(shown: dict[frozenset, int]) -> list[str]:
    """Decision 0036 over the audited tables: no shown statistic of fewer than 5 people, and no two shown
    groups, one inside the other, 1–4 people apart."""
    out = [_("a mean of %(n)s people: %(group)s") % {"n": n, "group": dict(g)}
           for g, n in shown.items() if n < 5]
    for small, n in shown.items():
        for size in range(len(small)):
            for kept in combinations(sorted(small), size):
                big = frozenset(kept)
                if big in shown and 0 < shown[big] - n < 5:
                    out.append(_("%(small)s is shown inside %(big)s, %(d)s people apart")
                               % {"small": dict(small), "big": dict(big), "d": shown[big] - n})
    return out


def _rate_entries(campaign: Campaign) -> list[Entry]:
    """Answered counts of the rate page: records are the invitations marked responded (as at the latest
    release when the flags have not moved since, e.g. a closed campaign)."""
    responded: dict[int, set] = {}
    for pk, agency in Invitation.objects.filter(campaign=campaign, responded=True,
                                                via_open_link=False).values_list("pk", "agency_id"):
        responded.setdefault(agency, set()).add(f"inv:{pk}")
    rows, total = rates.response_rates(campaign, show_invited=True)
    out = [Entry(f"response rate {campaign.pk}", str(r.agency.code), frozenset(responded.get(r.agency.pk, ())),
                 r.responded) for r in rows]
    if total is not None:
        out.append(Entry(f"response rate {campaign.pk}", "total", frozenset().union(*responded.values()),
                         total.responded))
    return out
