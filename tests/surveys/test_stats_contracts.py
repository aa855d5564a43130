"""Contracts of thaothiam.surveys.stats, checked against values worked out by hand or by SciPy (issue 17 §5).

These tests need no database: they call the public functions with small distributions whose every
count is different, so that a figure built from the wrong option, a skipped answer counted in n or a
dropped value gives a different number. Reference values are written out as literals (worked by hand
in the comments) or come from SciPy, never from the code under test.
"""

import math
from decimal import Decimal

import numpy as np
import pytest
from scipy.stats import binomtest

from thaothiam.surveys import stats


def scipy_wilson(x: int, n: int) -> tuple[float, float]:
    ci = binomtest(x, n).proportion_ci(confidence_level=0.95, method="wilson")
    return float(ci.low), float(ci.high)


# ---------------------------------------------------------------- Wilson interval


@pytest.mark.parametrize(("x", "n", "low", "high"), [
    # SciPy 1.17 binomtest(x, n).proportion_ci(method="wilson"), written out
    (6, 40, 0.07061187717320358, 0.290723243664897),
    (10, 100, 0.05522913706067508, 0.17436566150491345),
    (3, 7, 0.1582198552514697, 0.7495416354723428),
    (2, 48, 0.011501893489386586, 0.13975655870455445),
    (0, 20, 0.0, 0.16112515805281935),
    (20, 20, 0.8388748419471808, 1.0),
    (1, 1, 0.20654931437723745, 1.0),
])
def test_wilson_matches_reference_values(x, n, low, high):
    lo, hi = stats.wilson(x, n)
    assert lo == pytest.approx(low, abs=1e-9) and hi == pytest.approx(high, abs=1e-9)
    assert (lo, hi) == pytest.approx(scipy_wilson(x, n), abs=1e-9)
    assert 0.0 <= lo <= x / n <= hi <= 1.0


def test_wilson_of_nobody_is_zero_and_never_leaves_zero_to_one():
    assert stats.wilson(0, 0) == (0.0, 0.0)
    assert stats.wilson(0, -3) == (0.0, 0.0)
    lo, hi = stats.wilson(0, 1)
    assert lo == 0.0 and hi == pytest.approx(scipy_wilson(0, 1)[1], abs=1e-9)
    lo, hi = stats.wilson(1, 1)
    assert hi == 1.0 and lo == pytest.approx(scipy_wilson(1, 1)[0], abs=1e-9)
    # a wider z (99 %) gives a wider interval, computed with the same formula by hand: 5 of 10, z = 2.5758
    z = 2.5758293035489004
    lo, hi = stats.wilson(5, 10, z)
    half = z * math.sqrt(0.25 / 10 + z * z / 400) / (1 + z * z / 10)
    assert (lo, hi) == pytest.approx((0.5 - half, 0.5 + half), abs=1e-12)


def test_wilson_stays_within_zero_and_one_where_rounding_would_leave_them():
    # in floating point the raw bounds are 1.0000000000000002 for 16 of 16 and -1.4e-17 for 0 of 21
    assert stats.wilson(16, 16)[1] == 1.0
    assert stats.wilson(0, 21)[0] == 0.0


def test_z95_is_the_normal_quantile():
    from scipy.stats import norm

    assert abs(stats.Z95 - norm.ppf(0.975)) < 1e-12


# ---------------------------------------------------------------- rounding and bands


def test_round_mean_is_exact_half_up():
    assert stats.round_mean(681, 200) == Decimal("3.41")  # 3.405 exactly
    assert stats.round_mean(7, 3) == Decimal("2.33")
    assert stats.round_mean(8, 3) == Decimal("2.67")
    assert stats.round_mean(5, 1) == Decimal("5.00")
    assert stats.round_mean(np.int64(9), np.int64(4)) == Decimal("2.25")


@pytest.mark.parametrize(("mean", "level", "en"), [
    ("0.50", 1, "Very low"), ("1.00", 1, "Very low"), ("1.80", 1, "Very low"), ("1.81", 2, "Low"),
    ("2.61", 3, "Moderate"), ("3.41", 4, "High"), ("4.21", 5, "Very high"), ("5.00", 5, "Very high"),
])
def test_bands_carry_their_level_and_both_labels(mean, level, en):
    band = stats.band(Decimal(mean))
    assert (band.level, band.en) == (level, en)
    assert band.th == {1: "น้อยที่สุด", 2: "น้อย", 3: "ปานกลาง", 4: "มาก", 5: "มากที่สุด"}[level]


def test_a_band_is_a_value():
    import dataclasses

    band = stats.band(Decimal("3.00"))
    assert band == stats.band(Decimal("2.99")) and hash(band) == hash(stats.band(Decimal("2.99")))
    with pytest.raises(dataclasses.FrozenInstanceError):
        band.level = 5


def test_a_likert_distribution_must_hold_every_value():
    with pytest.raises(ValueError):
        stats.likert_figures(np.array([0, 1, 2, 3, 4]), "w080")  # no count for value 5


def test_band_of_no_mean_and_of_floats():
    assert stats.band(None) is None
    assert stats.band(3.405).en == "High"  # a float is rounded half up first
    assert stats.band(3.4049).en == "Moderate"
    assert stats.band(4.5, "w050").en == "High" and stats.band(4.51, "w050").en == "Very high"


def test_band_label_follows_the_language():
    from django.utils import translation

    band = stats.band(Decimal("4.50"))
    with translation.override("th"):
        assert band.label() == "มากที่สุด"
    with translation.override("en"):
        assert band.label() == "Very high"


# ---------------------------------------------------------------- Likert


def test_likert_figures_from_a_distribution_with_every_count_different():
    # values 1..5 chosen by 1, 2, 3, 4, 6 people; index 0 (skipped) must not count
    fig = stats.likert_figures(np.array([50, 1, 2, 3, 4, 6]), "w080")
    assert fig.kind == "likert5" and fig.n == 16 and fig.dist == [1, 2, 3, 4, 6]
    # sum = 1 + 4 + 9 + 16 + 30 = 60; mean 60/16 = 3.75
    assert fig.mean == Decimal("3.75") and fig.mean_float == 3.75
    # squares = 1 + 8 + 27 + 64 + 150 = 250; SD = sqrt((250 - 3600/16) / 15) = sqrt(25/15)
    assert fig.sd == pytest.approx(math.sqrt(25 / 15), rel=1e-12)
    assert fig.favourable == pytest.approx(100 * 10 / 16)  # values 4 and 5 only: 4 + 6 of 16
    assert fig.band.en == "High"


def test_favourable_is_values_four_and_five_exactly():
    for value in range(1, 6):
        dist = np.zeros(6, int)
        dist[value] = 7
        assert stats.likert_figures(dist, "w080").favourable == (100.0 if value >= 4 else 0.0), value


def test_likert_sd_of_one_person_and_of_identical_answers():
    one = stats.likert_figures(np.array([0, 0, 0, 1, 0, 0]), "w080")
    assert (one.n, one.mean, one.sd, one.favourable) == (1, Decimal("3.00"), 0.0, 0.0)
    same = stats.likert_figures(np.array([0, 0, 0, 0, 0, 9]), "w050")
    assert same.sd == 0.0 and same.mean == Decimal("5.00") and same.band.en == "Very high"
    two = stats.likert_figures(np.array([0, 1, 0, 0, 0, 1]), "w080")
    assert two.sd == pytest.approx(math.sqrt(8)) and two.mean == Decimal("3.00")


def test_likert_band_set_is_used():
    # mean 3.50: high on the 0.80-wide scale, moderate on the 0.50-wide one
    dist = np.array([0, 0, 0, 1, 1, 0])
    assert stats.likert_figures(dist, "w080").band.en == "High"
    assert stats.likert_figures(dist, "w050").band.en == "Moderate"


def test_likert_of_nobody_has_no_statistics():
    fig = stats.likert_figures(np.array([12, 0, 0, 0, 0, 0]), "w080")
    assert (fig.n, fig.dist, fig.mean, fig.sd, fig.favourable, fig.band) == (0, [0] * 5, None, None, None, None)
    assert fig.mean_float is None


# ---------------------------------------------------------------- behaviour


def test_behaviour_prevalence_experienced_witnessed_and_either():
    # neither 29, witnessed only 5, experienced only 6, both 2; 7 skipped (index 0)
    fig = stats.behaviour_figures(np.array([7, 29, 5, 6, 2]))
    assert fig.kind == "behaviour" and fig.n == 42 and fig.dist == [29, 5, 6, 2]
    expected = {"experienced": 6 + 2, "witnessed": 5 + 2, "either": 5 + 6 + 2}
    assert set(fig.prevalence) == set(expected)
    for key, x in expected.items():
        pct, lo, hi = fig.prevalence[key]
        low, high = scipy_wilson(x, 42)
        assert pct == pytest.approx(100 * x / 42), key
        assert (lo, hi) == pytest.approx((100 * low, 100 * high), abs=1e-7), key


def test_behaviour_of_nobody_has_no_prevalence():
    fig = stats.behaviour_figures(np.array([3, 0, 0, 0, 0]))
    assert fig.n == 0 and fig.prevalence == {"experienced": None, "witnessed": None, "either": None}


# ---------------------------------------------------------------- choices, yes/no, multiple choice


def test_choice_figures_count_every_option_and_not_the_skipped():
    fig = stats.choice_figures("single", np.array([9, 1, 2, 3, 4]), 4)
    assert (fig.kind, fig.n, fig.dist) == ("single", 10, [1, 2, 3, 4])
    fig = stats.choice_figures("single", np.array([9, 1, 2, 3, 4]), 3)
    assert (fig.n, fig.dist) == (6, [1, 2, 3])


def test_widths_hold_every_value_of_the_kind():
    assert stats.width_for("likert5", 5) == 6
    assert stats.width_for("behaviour", 4) == 5
    assert stats.width_for("yesno", 2) == 3
    assert stats.width_for("single", 7) == 8


def test_yes_no_item_counts_the_no_answers():
    values = np.array([1, 2, 2, 0, 1, 2, 2, 2])  # 1 = yes, 2 = no, 0 = skipped
    row = stats.group_distributions(values, None, 1, stats.width_for("yesno", 2))[0]
    fig = stats.figures_from_row("yesno", row, 2, "w080")
    assert (fig.kind, fig.n, fig.dist) == ("yesno", 7, [2, 5])


def test_group_distributions_per_group():
    values = np.array([1, 2, 2, 0, 3, 1, 3, 3], dtype=np.int16)
    groups = np.array([0, 0, 1, 1, 1, 2, 2, 0])
    out = stats.group_distributions(values, groups, 3, 4)
    assert out.tolist() == [[0, 1, 1, 1], [1, 0, 1, 1], [0, 1, 0, 1]]
    assert stats.group_distributions(values, None, 1, 4).tolist() == [[1, 2, 2, 3]]
    # a group with nobody is a row of zeros, and every row has `width` values
    assert stats.group_distributions(np.array([1]), np.array([0]), 2, 3).tolist() == [[0, 1, 0], [0, 0, 0]]


def test_multiple_choice_counts_each_option_and_only_answered_people_in_n():
    # bits: option 1 = 1, option 2 = 2, option 3 = 4; 0 = skipped
    values = np.array([0b001, 0b011, 0b110, 0, 0b100, 0b111, 0], dtype=np.int16)
    assert stats.multi_distributions(values, None, 1, 3).shape == (1, 4)  # one group: one row
    row = stats.multi_distributions(values, None, 1, 3)[0]
    assert row.tolist() == [5, 3, 3, 3]
    fig = stats.figures_from_row("multi", row, 3, "w080")
    assert (fig.kind, fig.n, fig.dist) == ("multi", 5, [3, 3, 3])
    values = np.array([0b0001, 0b0010, 0b0010, 0b1000, 0b1010, 0], dtype=np.int16)
    assert stats.multi_distributions(values, None, 1, 4)[0].tolist() == [5, 1, 3, 0, 2]


def test_multiple_choice_per_group():
    values = np.array([0b01, 0b10, 0b11, 0, 0b10], dtype=np.int16)
    groups = np.array([0, 0, 1, 1, 2])
    out = stats.multi_distributions(values, groups, 4, 2)
    assert out.tolist() == [[2, 1, 1], [1, 1, 1], [1, 0, 1], [0, 0, 0]]


def test_weighted_distributions_sum_the_record_keys_of_the_same_cells():
    """Decision 0120: with each response's record key as its weight, every cell holds the sum of the keys
    of the people it counts (the cell key), worked out by hand below."""
    values = np.array([1, 3, 3, 0, 2, 3], dtype=np.int16)
    keys = np.array([101, 7, 250, 999, 0, 42], dtype=np.int64)
    groups = np.array([0, 0, 1, 1, 1, 0])
    out = stats.group_distributions(values, groups, 2, 4, weights=keys)
    # group 0: value 1 (101), value 3 (7 + 42); group 1: skipped (999), value 2 (0), value 3 (250)
    assert out.tolist() == [[0, 101, 0, 49], [999, 0, 0, 250]] and out.dtype == np.int64
    assert stats.group_distributions(values, None, 1, 4, weights=keys).tolist() == [[999, 101, 0, 299]]
    # multiple choice: [keys of those who answered, keys of those choosing option 1, option 2, ...]
    bits = np.array([0b01, 0b11, 0, 0b10, 0b10], dtype=np.int16)
    keys = np.array([300, 5, 999, 0, 640], dtype=np.int64)  # a key of 0 counts nothing, and divides nothing
    assert stats.multi_distributions(bits, None, 1, 2, weights=keys).tolist() == [[945, 305, 645]]
    assert stats.multi_distributions(bits, np.array([0, 1, 1, 0, 1]), 2, 2, weights=keys).tolist() == [
        [300, 300, 0], [645, 5, 645]]


def test_figures_from_row_dispatches_by_kind():
    likert = stats.figures_from_row("likert5", np.array([0, 1, 2, 3, 4, 6]), 5, "w050")
    assert likert.kind == "likert5" and likert.mean == Decimal("3.75") and likert.band.en == "High"
    behaviour = stats.figures_from_row("behaviour", np.array([0, 29, 5, 6, 2]), 4, "w080")
    assert behaviour.kind == "behaviour" and behaviour.prevalence["either"][0] == pytest.approx(100 * 13 / 42)
    single = stats.figures_from_row("single", np.array([4, 3, 2, 1]), 3, "w080")
    assert (single.kind, single.n, single.dist) == ("single", 6, [3, 2, 1])


# ---------------------------------------------------------------- overall score


def test_overall_pools_answers_but_counts_people():
    # 3 people answered 12 Likert items between them: the mean is over answers, n is people
    pooled = np.array([0, 2, 2, 2, 3, 3])
    fig = stats.overall_figures(pooled, np.int64(3), "w080")
    assert fig.kind == "overall" and fig.n == 3 and type(fig.n) is int
    assert fig.dist == [2, 2, 2, 3, 3]
    assert fig.mean == Decimal("3.25")  # (2 + 4 + 6 + 12 + 15) / 12 answers
    assert fig.favourable == pytest.approx(50.0) and fig.band.en == "Moderate"
