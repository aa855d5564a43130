"""Contracts of thaothiam.surveys.masking (decision 0120), checked without a database (issue 17 §5).

Every expected figure comes from the perturbation table written out by hand from decision 0022
(tests/core/cellkey_oracle.published) and Wilson intervals from SciPy, never from the code under test.
The distributions give every option a different count and every record-key sum a different cell key,
so that a percentage made of the wrong options, of the exact count or over the wrong whole reads a
different number.
"""

import random

import numpy as np
import pytest
from scipy.stats import binomtest

from tests.core.cellkey_oracle import published
from thaothiam.surveys import masking, stats
from thaothiam.surveys.stats import Figures


def wilson_pct(x: int, n: int) -> tuple[float, float]:
    ci = binomtest(x, n).proportion_ci(confidence_level=0.95, method="wilson")
    return 100.0 * float(ci.low), 100.0 * float(ci.high)


def key_for(count: int, wanted: int) -> int:
    """The smallest cell key under which `count` people are published as `wanted` (from the oracle)."""
    return next(k for k in range(1000) if published(count, k) == wanted)


def likert(*counts: int) -> Figures:
    return stats.likert_figures(np.array([0, *counts]), "w080")


def behaviour(*counts: int) -> Figures:
    return stats.behaviour_figures(np.array([0, *counts]))


def keys_of(*dist: int) -> masking.Keys:
    return masking.Keys(tuple(dist), sum(dist))


# ---------------------------------------------------------------- share


def test_share_is_a_part_over_a_whole_in_percent_capped_at_100():
    assert masking.share(3, 8) == 37.5
    assert masking.share(1, 3) == pytest.approx(100 / 3, abs=1e-12)
    assert masking.share(0, 8) == 0.0  # nobody of 8: a shown 0, not a hidden value
    assert masking.share(8, 8) == 100.0
    assert masking.share(9, 7) == 100.0  # a perturbed part can exceed its perturbed whole
    assert masking.share(0, 0) is None and masking.share(5, 0) is None  # no whole: nothing to show


# ---------------------------------------------------------------- who is shown at all


def test_no_figures_and_nobody_pass_through_unchanged():
    assert masking.protect(None, masking.Keys((), 0)) is None
    empty = likert(0, 0, 0, 0, 0)
    assert masking.protect(empty, keys_of(0, 0, 0, 0, 0)) is empty  # nobody: the zeros themselves


def test_a_group_under_the_threshold_shows_nothing_even_when_published_as_five():
    four = likert(0, 0, 4, 0, 0)
    k = key_for(4, 5)
    assert masking.protect(four, masking.Keys((0, 0, k, 0, 0), k)) is None
    # the threshold is the caller's: 4 people published as 5 are shown under a threshold of 3 or 4
    shown = masking.protect(four, masking.Keys((0, 0, k, 0, 0), k), threshold=4)
    assert shown is not None and shown.n == 5 and shown.dist == [0, 0, 5, 0, 0]
    eight = likert(0, 3, 0, 5, 0)
    assert masking.protect(eight, keys_of(0, 1, 0, 2, 0), threshold=10) is None


def test_five_people_are_shown_unless_published_as_zero():
    five = likert(5, 0, 0, 0, 0)
    k = key_for(5, 5)
    out = masking.protect(five, masking.Keys((k, 0, 0, 0, 0), k))
    assert out is not None and out.n == 5 and out.dist == [5, 0, 0, 0, 0]
    zero = key_for(6, 0)
    assert masking.protect(likert(6, 0, 0, 0, 0), masking.Keys((zero, 0, 0, 0, 0), zero)) is None


def test_keys_that_do_not_match_the_options_are_refused():
    with pytest.raises(ValueError):
        masking.protect(likert(3, 4, 5, 6, 7), masking.Keys((1, 2, 3), 6))


# ---------------------------------------------------------------- Likert items and the overall score


def test_likert_counts_perturbed_option_by_option_and_favourable_of_options_4_and_5():
    rng = random.Random(17)
    for _ in range(400):
        counts = [rng.choice([0, 1, 3, 6, 9, 14, 40]) for _ in range(5)]
        fig = likert(*counts)
        if fig.n < 5:
            continue
        keys = masking.Keys(tuple(rng.randrange(1000 * c + 1) for c in counts), 0)
        keys = masking.Keys(keys.dist, sum(keys.dist))
        out = masking.protect(fig, keys)
        n = published(sum(counts), keys.n)
        if n == 0:
            assert out is None
            continue
        assert out.n == n and out.dist == [published(c, k) for c, k in zip(counts, keys.dist, strict=True)]
        part = published(counts[3] + counts[4], keys.dist[3] + keys.dist[4])
        assert out.favourable == min(100.0, 100.0 * part / n)
        # statistics of the answers stay exact
        assert (out.mean, out.sd, out.band, out.kind) == (fig.mean, fig.sd, fig.band, "likert5")


def test_favourable_published_above_the_published_n_reads_100():
    # 7 people, 6 of them favourable: the 6 published as 9 and the 7 as 5 read 100 %, not 180 %.
    k4 = key_for(6, 9)
    k1 = next(k for k in range(1000) if published(7, k + k4) == 5)
    out = masking.protect(likert(1, 0, 0, 6, 0), masking.Keys((k1, 0, 0, k4, 0), k1 + k4))
    assert (out.n, out.dist[3], out.favourable) == (5, 9, 100.0)


def test_favourable_is_options_4_and_5_only():
    # 10 people chose 4, 12 chose 5, 7 chose 3: favourable counts 22 people, never the 3s.
    fig = likert(0, 0, 7, 10, 12)
    keys = masking.Keys((0, 0, 321, 456, 789), 321 + 456 + 789)
    out = masking.protect(fig, keys)
    n, part = published(29, keys.n), published(22, 456 + 789)
    assert out.favourable == pytest.approx(100.0 * part / n, abs=1e-12) and out.favourable < 100.0
    only_fours = masking.protect(likert(0, 0, 0, 10, 0), masking.Keys((0, 0, 0, 500, 0), 500))
    only_fives = masking.protect(likert(0, 0, 0, 0, 10), masking.Keys((0, 0, 0, 0, 500), 500))
    assert only_fours.favourable == only_fives.favourable == 100.0
    threes = masking.protect(likert(0, 0, 10, 0, 0), masking.Keys((0, 0, 500, 0, 0), 500))
    assert threes.favourable == 0.0


def test_the_overall_score_counts_answers_for_favourable_and_people_for_n():
    # 12 people gave 50 Likert answers: n is the 12 people, % favourable is of the 50 answers.
    fig = stats.overall_figures(np.array([0, 2, 3, 10, 20, 15]), 12, "w080")
    keys = masking.Keys((111, 222, 333, 444, 555), 700)
    out = masking.protect(fig, keys)
    assert out.kind == "overall" and out.n == published(12, 700)
    assert out.dist == [published(c, k) for c, k in ((2, 111), (3, 222), (10, 333), (20, 444), (15, 555))]
    answers = published(50, 111 + 222 + 333 + 444 + 555)
    assert out.favourable == pytest.approx(100.0 * published(35, 444 + 555) / answers, abs=1e-12)
    assert 60.0 < out.favourable < 80.0  # 35 of 50 answers, not 35 of 12 people (capped at 100)


# ---------------------------------------------------------------- behaviour items


def test_behaviour_prevalence_of_each_kind_from_its_own_options():
    # values 1 never, 2 witnessed, 3 experienced, 4 both: 20, 5, 7, 9 people
    fig = behaviour(20, 5, 7, 9)
    keys = masking.Keys((101, 202, 303, 404), 101 + 202 + 303 + 404)
    out = masking.protect(fig, keys)
    n = published(41, keys.n)
    assert out.n == n and out.dist == [published(20, 101), published(5, 202), published(7, 303), published(9, 404)]
    expected = {"experienced": published(7 + 9, 303 + 404), "witnessed": published(5 + 9, 202 + 404),
                "either": published(5 + 7 + 9, 202 + 303 + 404)}
    assert set(out.prevalence) == set(expected)
    for kind, x in expected.items():
        pct, lo, hi = out.prevalence[kind]
        assert pct == pytest.approx(100.0 * x / n, abs=1e-12), kind
        assert (lo, hi) == pytest.approx(wilson_pct(x, n), abs=1e-9), kind
    assert len({out.prevalence[k][0] for k in expected}) == 3  # three different figures


def test_behaviour_prevalence_random_groups_and_keys():
    rng = random.Random(29)
    for _ in range(300):
        counts = [rng.choice([0, 2, 5, 8, 13, 30]) for _ in range(4)]
        fig = behaviour(*counts)
        keys = keys_of(*(rng.randrange(1000) for _ in counts))
        out = masking.protect(fig, keys)
        n = published(sum(counts), keys.n)
        if sum(counts) < 5 or n == 0:
            assert out is None or sum(counts) == 0
            continue
        for kind, positions in (("experienced", (2, 3)), ("witnessed", (1, 3)), ("either", (1, 2, 3))):
            x = min(n, published(sum(counts[i] for i in positions), sum(keys.dist[i] for i in positions)))
            pct, lo, hi = out.prevalence[kind]
            assert pct == 100.0 * x / n and (lo, hi) == pytest.approx(wilson_pct(x, n), abs=1e-9), kind


def test_a_prevalence_part_published_above_its_whole_reads_100_percent_with_its_interval():
    # 10 people all experienced it; the part is published as 13 and the whole as 7: 7 of 7.
    part_key, whole_key = key_for(10, 13), key_for(10, 7)
    out = masking.protect(behaviour(0, 0, 10, 0), masking.Keys((0, 0, part_key, 0), whole_key))
    assert out.n == 7
    assert out.prevalence["experienced"] == pytest.approx((100.0, *wilson_pct(7, 7)), abs=1e-9)


def test_a_prevalence_the_caller_hid_stays_hidden():
    fig = Figures("behaviour", 20, [10, 4, 3, 3], prevalence={"experienced": None, "witnessed": (35.0, 0, 0),
                                                               "either": None})
    keys = masking.Keys((100, 200, 300, 400), 1000)
    out = masking.protect(fig, keys)
    assert out.prevalence["experienced"] is None and out.prevalence["either"] is None
    x, n = published(7, 600), published(20, 1000)
    assert out.prevalence["witnessed"] == pytest.approx((100.0 * x / n, *wilson_pct(x, n)), abs=1e-9)


def test_experienced_any_behaviour_is_its_second_count():
    # 30 people answered some behaviour item, 12 of them experienced one: dist = [not, experienced]
    lo, hi = stats.wilson(12, 30)
    fig = Figures("any_behaviour", 30, [18, 12], prevalence={"experienced": (40.0, 100 * lo, 100 * hi)})
    keys = masking.Keys((640, 275), 915)
    out = masking.protect(fig, keys)
    n, x = published(30, 915), published(12, 275)
    assert out.n == n and out.dist == [published(18, 640), x] and set(out.prevalence) == {"experienced"}
    assert out.prevalence["experienced"] == pytest.approx((100.0 * x / n, *wilson_pct(x, n)), abs=1e-9)


# ---------------------------------------------------------------- choice items


def test_multiple_choice_n_is_the_people_who_answered_and_each_option_its_own_count():
    # 20 people answered; options chosen by 20, 9 and 6 of them (one person may choose several)
    fig = stats.figures_from_row("multi", np.array([20, 20, 9, 6]), 3, "w080")
    keys = masking.Keys((987, 432, 210), 987)
    out = masking.protect(fig, keys)
    assert out.n == published(20, 987)
    assert out.dist == [published(20, 987), published(9, 432), published(6, 210)]
    assert out.favourable is None and out.prevalence is None


def test_yes_no_counts_both_answers():
    fig = stats.figures_from_row("yesno", np.array([0, 14, 9]), 2, "w080")
    keys = masking.Keys((314, 159), 314 + 159)
    out = masking.protect(fig, keys)
    assert (out.n, out.dist) == (published(23, 473), [published(14, 314), published(9, 159)])


def test_protect_leaves_its_input_alone():
    fig = behaviour(20, 5, 7, 9)
    before = (fig.n, list(fig.dist), dict(fig.prevalence))
    masking.protect(fig, keys_of(101, 202, 303, 404))
    assert (fig.n, fig.dist, fig.prevalence) == before
