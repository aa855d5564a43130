"""Disclosure control *inside* one group's figures: the per-option counts and every percentage made
from them (see docs/decisions/0033-survey-counts-inside-a-group.md).

`selectors` already hides a whole group of fewer than 5 people (and any group that could be worked
out from shown siblings). A shown group of, say, 8 people can still have an option chosen by 1–4 of
them, so every figure built from a distribution passes through `protect()` before anybody sees it:

* **Options that partition the group** (single choice, yes/no, behaviour answer, Likert value): the
  counts are a one-way table whose total is the item's n, suppressed by
  `core.disclosure.suppress_counts` — primary (1–4) plus complements, so a hidden count cannot be
  worked out from n and the shown ones. The percentage of a hidden count is hidden with it.
* **Multiple choice** options do not add up to n: each option is its own table
  {chose it, did not} over n, so an option chosen by 1–4 people *or* by all but 1–4 is hidden.
* **Statistics that add several options** (% favourable = 4 + 5; behaviour prevalence: experienced
  = 3 + 4, witnessed = 2 + 4, either = 2 + 3 + 4; experienced any behaviour) are shown only when
  (a) the two-cell table {in the sum, not in it} hides neither cell — no statistic about 1–4 people
  and none that gives away the 1–4 people outside it — and (b) the sum tells nothing about the
  hidden options: it covers none of them (it follows from shown counts) or all of them (it follows
  from n minus the shown counts). So showing it adds no information beyond what is already shown.

A hidden value is None (`core.disclosure.SUPPRESSED`), never a string or zero. Means, SDs and bands
of a shown group stay: they describe all of its n ≥ 5 people. Because a mean together with a
partly hidden Likert distribution could give the hidden counts back, no view shows a Likert
distribution next to its mean.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from thaothiam.core.disclosure import DEFAULT_THRESHOLD, SUPPRESSED, suppress_counts

from .stats import Figures

# Positions in Figures.dist (value − 1) that each summary statistic adds up.
FAVOURABLE = frozenset({3, 4})  # Likert 4 and 5
PREVALENCE = {"experienced": frozenset({2, 3}), "witnessed": frozenset({1, 3}), "either": frozenset({1, 2, 3})}


def suppress_options(counts: list[int], threshold: int = DEFAULT_THRESHOLD) -> list[int | None]:
    """Counts that partition a group, with primary and complementary suppression (None = hidden)."""
    return list(_suppressed(tuple(int(c) for c in counts), threshold))


@lru_cache(maxsize=65536)
def _suppressed(counts: tuple[int, ...], threshold: int) -> tuple[int | None, ...]:
    """Memoised: an export runs the same small tables thousands of times (breakdown cells)."""
    shown = suppress_counts(dict(enumerate(counts)), threshold=threshold)
    return tuple(shown[i] for i in range(len(counts)))


def _pair_shown(inside: int, outside: int, threshold: int) -> bool:
    """The two-cell table {in, out}: are both shown?"""
    return None not in _suppressed((inside, outside), threshold)


def sum_is_shown(counts: list[int], shown: list[int | None], positions: frozenset,
                 threshold: int = DEFAULT_THRESHOLD) -> bool:
    """May the sum of `counts` at `positions` (and its share of the total) be shown? See the module doc."""
    n = sum(counts)
    inside = sum(counts[i] for i in positions)
    if not _pair_shown(inside, n - inside, threshold):
        return False
    hidden = {i for i, value in enumerate(shown) if value is None}
    return not (hidden & positions) or hidden <= positions


def protect(fig: Figures | None, threshold: int = DEFAULT_THRESHOLD) -> Figures | None:
    """`fig` with every option count, and every percentage made from them, suppressed where needed."""
    if fig is None or not fig.n:
        return fig
    counts = [int(c) for c in fig.dist]
    if fig.kind == "multi":
        dist = []
        for chose in counts:
            dist.append(chose if _pair_shown(chose, fig.n - chose, threshold) else None)
        return replace(fig, dist=dist)
    dist = suppress_options(counts, threshold)
    out = replace(fig, dist=dist)
    if fig.favourable is not None and not sum_is_shown(counts, dist, FAVOURABLE, threshold):
        out.favourable = SUPPRESSED
    if fig.prevalence is not None:
        positions = {"experienced": frozenset({1})} if fig.kind == "any_behaviour" else PREVALENCE
        out.prevalence = {key: value if value is None or sum_is_shown(counts, dist, positions[key], threshold)
                          else SUPPRESSED for key, value in fig.prevalence.items()}
    return out

