"""Disclosure control of one group's figures: cell-key perturbation of every count, and every percentage
made from the perturbed counts (docs/decisions/0120-survey-outputs-cell-key-perturbed.md, which
replaces the table-by-table suppression of 0033 for counts inside a group).

Each response has a record key (surveys/keys.py). Every count a survey output shows — the people who
answered an item (n), the people who chose an option, the people in a sum of options (% favourable =
4 + 5; behaviour prevalence: experienced = 3 + 4, witnessed = 2 + 4, either = 2 + 3 + 4; experienced any
behaviour) — is ``core.cellkey.perturb(count, sum of those people's keys)``. So:

* the same people give the same published count in every table, page, export, report and explorer
  query, and asking again or another way gives nothing new;
* "A and B" minus "B", "all but one" minus the total, and linked breakdowns return the true difference
  plus noise, never a hidden group's count;
* no count of 1–4 is ever published (perturb sends it to 0 or 5), so no percentage is about 1–4 people.

Percentages are a perturbed part over the perturbed whole (capped at 100). Statistics of the answers
themselves (mean, SD, band) are exact, and shown only for a group of at least 5 people (the survey
threshold); `selectors` hides groups that differ from a containing group by 1–4 (decision 0036).
A group whose perturbed n is 0 shows nothing. The overall Likert score pools answers, not people: its
option counts and % favourable count answers, each answer keyed by its respondent's key (a person's
answers of the same value add their key once per answer).

A hidden value is None (`core.disclosure.SUPPRESSED`), never a string or zero.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from thaothiam.core.cellkey import perturb
from thaothiam.core.disclosure import DEFAULT_THRESHOLD

from . import stats
from .stats import Figures

# Positions in Figures.dist (value − 1) that each summary statistic adds up.
FAVOURABLE = frozenset({3, 4})  # Likert 4 and 5
PREVALENCE = {"experienced": frozenset({2, 3}), "witnessed": frozenset({1, 3}), "either": frozenset({1, 2, 3})}


@dataclass(frozen=True)
class Keys:
    """Record-key sums that go with a Figures: `dist` aligned with Figures.dist, `n` of the people in n."""

    dist: tuple[int, ...]
    n: int


def share(part: int, whole: int) -> float | None:
    """A perturbed part over a perturbed whole, in %, capped at 100; None when the whole is 0."""
    if not whole:
        return None
    return min(100.0, 100.0 * part / whole)


def protect(fig: Figures | None, keys: Keys, threshold: int = DEFAULT_THRESHOLD) -> Figures | None:
    """`fig` with every count perturbed and every percentage made from perturbed counts; None when the
    group is too small to show (fewer than `threshold` people, or published as 0)."""
    if fig is None or not fig.n:
        return fig
    counts = [int(c) for c in fig.dist]
    n = perturb(fig.n, keys.n)
    if fig.n < threshold or not n:
        return None
    published = [perturb(c, k) for c, k in zip(counts, keys.dist, strict=True)]
    out = replace(fig, n=n, dist=published)

    def summed(positions) -> int:
        return perturb(sum(counts[i] for i in positions), sum(keys.dist[i] for i in positions))

    if fig.favourable is not None:
        # The overall score's % favourable is of answers, not people: its whole is every answer.
        whole = perturb(sum(counts), sum(keys.dist)) if fig.kind == "overall" else n
        out.favourable = share(summed(FAVOURABLE), whole)
    if fig.prevalence is not None:
        positions = {"experienced": frozenset({1})} if fig.kind == "any_behaviour" else PREVALENCE
        prevalence = {}
        for key, value in fig.prevalence.items():
            if value is None:
                prevalence[key] = None
                continue
            x = min(summed(positions[key]), n)
            lo, hi = stats.wilson(x, n)
            prevalence[key] = (share(x, n), 100.0 * lo, 100.0 * hi)
        out.prevalence = prevalence
    return out
