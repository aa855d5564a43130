"""Contracts of thaothiam.surveys.masking (docs/decisions/0033): exact outputs for small groups, worked by
hand in the comments, so that hiding too little *and* hiding too much both fail (issue 17 §5).

Every figure here is for a group that is itself shown (n >= 5); selectors hides smaller groups whole.
"""

import numpy as np
import pytest

from thaothiam.surveys import masking, stats
from thaothiam.surveys.stats import Figures


def likert(*counts):
    return stats.likert_figures(np.array([0, *counts]), "w080")


def behaviour(*counts):
    return stats.behaviour_figures(np.array([0, *counts]))


# ---------------------------------------------------------------- options that partition the group


@pytest.mark.parametrize(("counts", "shown"), [
    ([10, 2, 7, 20], [10, None, None, 20]),  # the 2, and the smallest other count as its complement
    ([0, 3, 9, 9], [0, None, None, 9]),  # a zero is shown and cannot be a complement
    ([3, 8, 9], [None, None, 9]),
    ([6, 1, 1, 1, 9], [None, None, None, None, 9]),  # three 1s add up to 3, so each is pinned: the 6 too
    ([5, 9, 0, 12], [5, 9, 0, 12]),  # nothing under 5: nothing hidden
    ([0, 0, 4, 0, 0, 5], [0, 0, None, 0, 0, None]),
])
def test_option_counts_hide_one_to_four_with_complements(counts, shown):
    assert masking.suppress_options(counts) == shown
    assert masking.suppress_options(np.array(counts, dtype=np.int64)) == shown


def test_the_threshold_is_passed_through():
    assert masking.suppress_options([3, 8, 9], threshold=3) == [3, 8, 9]
    assert masking.suppress_options([2, 8, 9], threshold=3) == [None, None, 9]
    assert masking.suppress_options([7, 12, 30], threshold=10) == [None, None, 30]


def test_no_figures_and_empty_figures_are_returned_as_they_are():
    assert masking.protect(None) is None
    empty = likert(0, 0, 0, 0, 0)
    assert masking.protect(empty) is empty


def test_large_groups_are_left_alone():
    fig = likert(5, 6, 7, 8, 9)
    assert masking.protect(fig) == fig
    assert masking.protect(behaviour(30, 10, 8, 6)) == behaviour(30, 10, 8, 6)


def test_protect_does_not_change_its_argument():
    fig = likert(5, 5, 0, 2, 10)
    masking.protect(fig)
    assert fig.dist == [5, 5, 0, 2, 10] and fig.favourable == pytest.approx(100 * 12 / 22)


# ---------------------------------------------------------------- multiple choice


def test_an_option_chosen_by_all_but_one_to_four_is_hidden():
    # 10 answered. 8 chose option 1 (2 did not: hidden); nobody chose option 2 (shown);
    # 3 chose option 3 (hidden); 6 chose option 4 (4 did not: hidden); 5 and 5 (shown); all 10 (shown).
    fig = Figures("multi", 10, [8, 0, 3, 6, 5, 10])
    assert masking.protect(fig).dist == [None, 0, None, None, 5, 10]
    assert masking.protect(fig, threshold=3).dist == [None, 0, 3, 6, 5, 10]
    assert masking.protect(Figures("multi", 9, [1, 4, 5, 8, 9])).dist == [None, None, None, None, 9]


def test_multiple_choice_options_are_not_complements_of_each_other():
    # each option is its own {chose, did not} table: one hidden option hides no other
    fig = Figures("multi", 20, [2, 15, 9, 20])
    assert masking.protect(fig).dist == [None, 15, 9, 20]


# ---------------------------------------------------------------- % favourable (values 4 and 5)


def test_favourable_is_shown_when_it_follows_from_shown_counts():
    # values 1..5: 9, 8, 7, 2, 6 — the 2 (value 4) is hidden with the 6 (value 5); both are inside
    # "favourable", which is then n minus the shown counts: 32 − 24 = 8, and may be shown.
    out = masking.protect(likert(9, 8, 7, 2, 6))
    assert out.dist == [9, 8, 7, None, None]
    assert out.favourable == pytest.approx(25.0)


def test_favourable_is_hidden_when_it_would_split_hidden_counts():
    # 5, 5, 0, 2, 10: the 2 (value 4) is hidden with a 5 (value 1); favourable = 2 + 10 would give the
    # 2 back from the shown 10.
    out = masking.protect(likert(5, 5, 0, 2, 10))
    assert out.dist == [None, 5, 0, None, 10]
    assert out.favourable is None
    assert out.mean == likert(5, 5, 0, 2, 10).mean and out.band == likert(5, 5, 0, 2, 10).band


def test_favourable_is_hidden_when_one_to_four_people_are_not_favourable():
    # 1, 2, 0, 8, 8: the 1 and 2 hide each other (total shown, each >= 1, 1 + 2 = 3 has two answers);
    # 16 favourable is a statistic about the 3 people outside it, so it is hidden.
    out = masking.protect(likert(1, 2, 0, 8, 8))
    assert out.dist == [None, None, 0, 8, 8]
    assert out.favourable is None
    # the same with everybody favourable but 0: shown
    assert masking.protect(likert(0, 0, 0, 8, 8)).favourable == 100.0


def test_favourable_sums_values_four_and_five_only():
    # the hidden 3 and its complement 6 are values 1 and 3 — outside favourable: shown, 14 of 23
    out = masking.protect(likert(3, 0, 6, 7, 7))
    assert out.dist == [None, 0, None, 7, 7]
    assert out.favourable == pytest.approx(100 * 14 / 23)
    assert {3, 4} == masking.FAVOURABLE  # positions in dist: values 4 and 5


def test_sum_is_shown_directly():
    counts = [30, 10, 2, 6]
    shown = masking.suppress_options(counts)

    def answer(values, visible, positions, **kw):
        result = masking.sum_is_shown(values, visible, frozenset(positions), **kw)
        assert type(result) is bool
        return result

    assert answer(counts, shown, {2, 3})  # covers every hidden count
    assert not answer(counts, shown, {1, 3})  # covers one of two
    assert answer(counts, shown, {0, 1})  # covers none
    assert not answer([3, 9, 9], [3, 9, 9], {1, 2})  # 3 people outside
    assert not answer([3, 9, 9], [3, 9, 9], {0})  # 3 people inside
    assert answer([3, 9, 9], [3, 9, 9], {0}, threshold=3)
    assert answer([0, 9, 9], [0, 9, 9], {0})  # nobody inside is no one to hide


# ---------------------------------------------------------------- behaviour prevalence


def test_either_is_shown_when_it_covers_every_hidden_answer():
    # neither 30, witnessed 2, experienced 6, both 10: the 2 and the 6 are hidden. Experienced (6 + 10)
    # and witnessed (2 + 10) would each give one hidden count back; either (2 + 6 + 10) = 48 − 30 is
    # known anyway.
    out = masking.protect(behaviour(30, 2, 6, 10))
    assert out.dist == [30, None, None, 10]
    assert out.prevalence["experienced"] is None and out.prevalence["witnessed"] is None
    assert out.prevalence["either"] == behaviour(30, 2, 6, 10).prevalence["either"]
    assert out.prevalence["either"][0] == pytest.approx(100 * 18 / 48)


def test_experienced_is_shown_and_witnessed_hidden():
    # neither 30, witnessed 10, experienced 2, both 6: hidden 2 and 6 are both "experienced"
    out = masking.protect(behaviour(30, 10, 2, 6))
    assert out.dist == [30, 10, None, None]
    assert out.prevalence["experienced"][0] == pytest.approx(100 * 8 / 48)
    assert out.prevalence["witnessed"] is None
    assert out.prevalence["either"][0] == pytest.approx(100 * 18 / 48)


def test_prevalence_about_all_but_one_to_four_is_hidden():
    # neither 3 (hidden, with a 10): "either" is 30 of 33, a statistic that gives away the 3 others
    out = masking.protect(behaviour(3, 10, 10, 10))
    assert out.dist == [None, None, 10, 10]
    assert out.prevalence["either"] is None and out.prevalence["witnessed"] is None
    assert out.prevalence["experienced"][0] == pytest.approx(100 * 20 / 33)
    # with a threshold of 3 nothing is about fewer than 3 people: everything is shown
    assert masking.protect(behaviour(3, 10, 10, 10), threshold=3) == behaviour(3, 10, 10, 10)


def test_prevalence_positions():
    assert {"experienced": {2, 3}, "witnessed": {1, 3}, "either": {1, 2, 3}} == masking.PREVALENCE


def test_experienced_any_behaviour_uses_its_two_cells():
    def any_behaviour(n, x):
        return Figures("any_behaviour", n, [n - x, x], prevalence={"experienced": (100 * x / n, 1.0, 2.0)})

    assert masking.protect(any_behaviour(28, 8)) == any_behaviour(28, 8)
    small = masking.protect(any_behaviour(23, 3))
    assert small.dist == [None, None] and small.prevalence == {"experienced": None}
    almost_all = masking.protect(any_behaviour(23, 20))
    assert almost_all.dist == [None, None] and almost_all.prevalence == {"experienced": None}
    assert masking.protect(any_behaviour(23, 3), threshold=3).prevalence["experienced"][0] == pytest.approx(300 / 23)
