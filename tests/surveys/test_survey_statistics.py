"""The statistics engine: Thai bands at their edges, Wilson intervals, the NumPy fast path against a
plain computation, the cache across new submissions, and disclosure control."""

import math
import random
import struct
from decimal import Decimal
from fractions import Fraction

import pytest
from survey_helpers import add_responses, make_campaign
from survey_oracle import answered, pub

from thaothiam.surveys import matrix, selectors, stats
from thaothiam.surveys.models import Response
from thaothiam.surveys.structure import load


@pytest.mark.parametrize(("mean", "th"), [
    ("1.00", "น้อยที่สุด"), ("1.80", "น้อยที่สุด"), ("1.81", "น้อย"), ("2.60", "น้อย"), ("2.61", "ปานกลาง"),
    ("3.40", "ปานกลาง"), ("3.41", "มาก"), ("4.20", "มาก"), ("4.21", "มากที่สุด"), ("5.00", "มากที่สุด"),
])
def test_default_band_edges(mean, th):
    assert stats.band(Decimal(mean), "w080").th == th


@pytest.mark.parametrize(("mean", "th"), [
    ("1.50", "น้อยที่สุด"), ("1.51", "น้อย"), ("2.50", "น้อย"), ("2.51", "ปานกลาง"), ("3.50", "ปานกลาง"),
    ("3.51", "มาก"), ("4.50", "มาก"), ("4.51", "มากที่สุด"),
])
def test_width_050_band_edges(mean, th):
    assert stats.band(Decimal(mean), "w050").th == th


def test_the_mean_is_rounded_half_up_to_two_decimals_before_banding():
    # 3.405 exactly (681/200) rounds to 3.41: high, not moderate; 3.4049 rounds to 3.40.
    assert stats.round_mean(681, 200) == Decimal("3.41")
    assert stats.band(stats.round_mean(681, 200)).th == "มาก"
    assert stats.band(stats.round_mean(34049, 10000)).th == "ปานกลาง"
    assert stats.band(4.205).th == "มากที่สุด" and stats.band(4.2049).th == "มาก"


def test_wilson_interval():
    lo, hi = stats.wilson(10, 100)
    assert math.isclose(lo, 0.0552, abs_tol=1e-4) and math.isclose(hi, 0.1744, abs_tol=1e-4)
    assert stats.wilson(0, 20)[0] == 0.0 and stats.wilson(20, 20)[1] == 1.0


def naive(campaign, code, **where):
    """The plain computation: unpack every row in Python and count."""
    item = load(campaign.instrument_id).item(code)
    values = []
    for row in Response.objects.filter(campaign=campaign, **where):
        blob = bytes(row.answers)
        value = struct.unpack_from("<H", blob, 2 * item.position)[0]
        if value:
            values.append(value)
    n = len(values)
    mean = Fraction(sum(values), n)
    sd = math.sqrt(sum((v - float(mean)) ** 2 for v in values) / (n - 1))
    return n, mean, sd, 100 * sum(v >= 4 for v in values) / n, [values.count(v) for v in range(1, 6)]


def random_rows(rng, n):
    rows = []
    for _ in range(n):
        values = {code: rng.choice([0, 1, 2, 3, 4, 4, 5, 5]) for code in
                  ("op_aware_policy", "op_fair_promotion", "op_overall_satisfaction")}
        rows.append(({k: v for k, v in values.items() if v}, {"sex": rng.choice("FM"), "age_band": rng.choice(["<30", "30-39", "40-49"])}))
    return rows


def test_fast_path_matches_the_plain_computation(opinion):
    rng = random.Random(7)
    add_responses(opinion, random_rows(rng, 140), agency="DIS-1001")
    add_responses(opinion, random_rows(rng, 90), agency="DIS-1002")
    from thaothiam.agencies.models import Agency

    agency = Agency.objects.get(code="DIS-1002")
    # The selectors take band numbers (surveys/bands.py), the database holds the core codes.
    for filters, where in [({}, {}), ({"sex": 1}, {"sex": "F"}), ({"agency": agency.pk, "age_band": 2},
                                                                  {"agency": agency, "age_band": "30-39"})]:
        result = selectors.results(opinion, filters)
        for code in ("op_aware_policy", "op_fair_promotion"):
            fig = next(r.figures for r in result.items if r.item.code == code)
            n, mean, sd, fav, dist = naive(opinion, code, **where)
            # Counts perturbed with the responses' record keys (decision 0120); shares from perturbed counts.
            assert fig.n == pub(opinion, answered(code), **where) and abs(fig.n - n) <= 3
            assert fig.dist == [pub(opinion, answered(code, v), **where) for v in range(1, 6)]
            assert not any(0 < c < 5 for c in fig.dist)
            favourable = pub(opinion, answered(code, 4, 5), **where)
            assert math.isclose(fig.favourable, min(100.0, 100 * favourable / fig.n), rel_tol=1e-9)
            # Statistics of the answers themselves are exact.
            assert fig.mean == stats.round_mean(mean.numerator, mean.denominator)
            assert abs(float(fig.mean) - float(mean)) <= 0.005
            assert math.isclose(fig.sd, sd, rel_tol=1e-9) and abs(fav - fig.favourable) < 15
            assert fig.band == stats.band(stats.round_mean(mean.numerator, mean.denominator))
    # The breakdown cells agree with the plain computation too.
    table = selectors.breakdown(opinion, "op_aware_policy", ["sex"], {"agency": agency.pk})
    n, mean, *_ = naive(opinion, "op_aware_policy", agency=agency, sex="M")
    assert table.cells[2].n == pub(opinion, answered("op_aware_policy"), agency=agency, sex="M")
    assert table.cells[2].mean == stats.round_mean(mean.numerator, mean.denominator)
    # The overall score pools every Likert answer: its breakdown total equals the results page's figure,
    # and both equal the plain pooled mean.
    overall = selectors.breakdown(opinion, selectors.OVERALL, ["sex"], {"agency": agency.pk}).cells["__total__"]
    page = selectors.results(opinion, {"agency": agency.pk}).overall
    likert = [i.position for i in load(opinion.instrument_id).items if i.kind == "likert5"]
    pooled = [v for r in Response.objects.filter(campaign=opinion, agency=agency)
              for p, v in enumerate(struct.unpack(f"<{len(bytes(r.answers)) // 2}H", bytes(r.answers)))
              if v and p in likert]
    assert overall.mean == page.mean == stats.round_mean(sum(pooled), len(pooled))
    assert overall.dist == page.dist  # the same answers, the same keys: the same perturbed counts
    assert all(abs(a - pooled.count(v)) <= 3 for a, v in zip(page.dist, range(1, 6), strict=True))


def test_the_cache_sees_new_submissions_and_loads_only_the_last_day(opinion):
    import datetime as dt

    from django.utils import timezone

    rng = random.Random(1)
    add_responses(opinion, random_rows(rng, 30), on=timezone.localdate() - dt.timedelta(days=3))
    assert selectors.results(opinion).respondents == pub(opinion)  # 30, perturbed
    full = matrix.stats["full"]
    add_responses(opinion, random_rows(rng, 12))
    assert selectors.results(opinion, compare=False).respondents == pub(opinion)  # 42
    assert matrix.stats["full"] == full and matrix.stats["incremental"] >= 1
    n = pub(opinion, answered("op_aware_policy"))
    assert next(r.figures.n for r in selectors.results(opinion).items if r.item.code == "op_aware_policy") == n


def test_small_groups_and_their_complements_are_hidden(opinion):
    likert = {"op_aware_policy": 4}
    add_responses(opinion, [(likert, {"sex": "F"})] * 20 + [(likert, {"sex": "M"})] * 3)
    # Three men: hidden; and then the women (20) must be hidden too, or 23 − 20 gives the men away.
    men = selectors.results(opinion, {"sex": 2})
    women = selectors.results(opinion, {"sex": 1})
    everyone = selectors.results(opinion, {})
    assert men.respondents is None
    assert next(r for r in men.items if r.item.code == "op_aware_policy").figures is None
    assert next(r for r in men.items if r.item.code == "op_fair_safe").figures is None  # not even its zeros
    assert next(r for r in everyone.items if r.item.code == "op_fair_safe").figures.n == 0  # zeros are shown
    assert women.respondents is None
    assert everyone.respondents == pub(opinion)  # 23, perturbed
    table = selectors.breakdown(opinion, "op_aware_policy", ["sex"])
    assert table.cells[2] is None and table.cells[1] is None
    assert table.cells["__total__"].n == pub(opinion, answered("op_aware_policy"))
    # Nobody "not stated": that empty row is left out (an empty real band would stay, as a zero).
    assert 0 not in table.row_keys and "__total__" in table.cells


def test_two_way_breakdown_uses_complementary_suppression(opinion):
    likert = {"op_aware_policy": 5}
    rows = ([(likert, {"sex": "F", "age_band": "<30"})] * 8 + [(likert, {"sex": "F", "age_band": "30-39"})] * 2
            + [(likert, {"sex": "M", "age_band": "<30"})] * 9 + [(likert, {"sex": "M", "age_band": "30-39"})] * 7)
    add_responses(opinion, rows)
    table = selectors.breakdown(opinion, "op_aware_policy", ["sex", "age_band"])
    assert table.cells[(1, 2)] is None  # 2 people
    hidden = [k for k, v in table.cells.items() if v is None and k in {(1, 1), (2, 1), (2, 2)}]
    assert hidden, "a complement must be hidden in the same row or column"
    assert table.cells[("__total__", "__total__")].n == pub(opinion, answered("op_aware_policy"))  # 26


def test_comments_need_ten(workenv):
    from thaothiam.agencies.models import Agency
    from thaothiam.surveys.models import OpenAnswer

    agency = Agency.objects.get(code="DIS-1001")
    item = load(workenv.instrument_id).item("we_suggestion")
    OpenAnswer.objects.bulk_create([OpenAnswer(campaign=workenv, item=item, agency=agency, sex="F", text=f"ข้อ {i}",
                                               release=1) for i in range(9)])
    result = selectors.results(workenv)
    assert next(r for r in result.items if r.item.code == "we_suggestion").comments is None
    OpenAnswer.objects.create(campaign=workenv, item=item, agency=agency, sex="F", text="ข้อ 10, not released yet")
    assert next(r for r in selectors.results(workenv).items if r.item.code == "we_suggestion").comments is None
    OpenAnswer.objects.filter(release=None).update(release=2)
    shown = next(r for r in selectors.results(workenv).items if r.item.code == "we_suggestion")
    assert shown.comment_count == 10 and len(shown.comments) == 10


def test_behaviour_prevalence_with_a_wilson_interval(workenv):
    rows = ([({"we_unwanted_touching": 3}, {})] * 6 + [({"we_unwanted_touching": 2}, {})] * 5
            + [({"we_unwanted_touching": 1}, {})] * 29)
    add_responses(workenv, rows)
    result = selectors.results(workenv)
    fig = next(r.figures for r in result.items if r.item.code == "we_unwanted_touching")
    pct, lo, hi = fig.prevalence["experienced"]
    # 6 experienced, 5 witnessed of 40: every count perturbed, the shares and the interval from them.
    code = "we_unwanted_touching"
    n, x = pub(workenv, answered(code)), pub(workenv, answered(code, 3, 4))
    assert fig.n == n and abs(n - 40) <= 3 and pct == pytest.approx(100 * x / n)
    from scipy.stats import binomtest  # the reference, not the code under test

    ci = binomtest(x, n).proportion_ci(method="wilson")
    assert (lo, hi) == pytest.approx((100 * ci.low, 100 * ci.high), abs=1e-9)
    assert lo < 100 * x / n < hi
    assert fig.prevalence["witnessed"][0] == pytest.approx(100 * pub(workenv, answered(code, 2, 4)) / n)
    assert result.any_behaviour.prevalence["experienced"][0] == pytest.approx(100 * x / n)


def test_comparison_with_the_previous_year_by_item_code(reference_data):
    before = make_campaign(fy=2568)
    now = make_campaign(fy=2569)
    add_responses(before, [({"op_aware_policy": 3}, {})] * 10)
    add_responses(now, [({"op_aware_policy": 4}, {})] * 10)
    result = selectors.results(now)
    row = next(r for r in result.items if r.item.code == "op_aware_policy")
    assert result.previous_campaign == before and row.previous.mean == Decimal("3.00") and row.change == Decimal("1.00")
