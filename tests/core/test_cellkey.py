"""The perturbation table, record keys and the rules for magnitudes (core.cellkey, docs/decisions/0022)."""

import hashlib
import hmac

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.core.cellkey_oracle import published
from thaothiam.core.cellkey import (
    KEYS,
    dominated,
    perturb,
    perturbation_table,
    record_key,
    round_magnitude,
)


def test_the_table_is_the_documented_one():
    for count in range(0, 60):
        for key in range(0, 2 * KEYS, 7):
            assert perturb(count, key) == published(count, key), (count, key)


@pytest.mark.parametrize("count", range(0, 30))
def test_every_row_is_unbiased_never_1_to_4_and_within_3(count):
    row = perturbation_table(30)[count]
    assert len(row) == KEYS
    assert sum(row) == count * KEYS  # E[published] = count exactly: every key equally likely
    assert not any(0 < v < 5 for v in row)
    assert all(abs(v - count) <= 3 or (count < 8 and v in (0, 5)) for v in row)
    if count == 0:
        assert set(row) == {0}
    elif count < 5:
        assert set(row) == {0, 5} and row.count(5) == 200 * count
    else:
        assert len(set(row)) >= 5  # noise spreads over several values
        if count >= 8:
            assert [row.count(count + d) for d in range(-3, 4)] == [50, 100, 200, 300, 200, 100, 50]


def test_large_counts_follow_the_stable_row():
    for key in range(KEYS):
        assert perturb(1000 + 8, key) - 1000 == perturb(8, key)
    assert [perturb(10_000, k) - 10_000 for k in (0, 49, 50, 149, 150, 349, 350, 649, 650, 849, 850, 949, 950, 999)] \
        == [-3, -3, -2, -2, -1, -1, 0, 0, 1, 1, 2, 2, 3, 3]


@given(st.integers(0, 10_000), st.integers(0, 10**12))
def test_only_the_key_modulo_the_table_size_matters(count, key):
    assert perturb(count, key) == perturb(count, key % KEYS) == perturb(count, key + 5 * KEYS)


@pytest.mark.parametrize("bad", [-1, 2.5, True])
def test_perturb_refuses_what_is_not_a_count(bad):
    with pytest.raises(ValueError):
        perturb(bad, 0)


def test_a_record_key_is_a_keyed_hash_of_what_identifies_the_record():
    expected = int.from_bytes(hmac.new(b"s3cret", b"cell-key|person|abc", hashlib.sha256).digest()[:8], "big") % 1000
    assert record_key("s3cret", "person", "abc") == expected == record_key(b"s3cret", "person", "abc")
    keys = [record_key("k", "person", i) for i in range(5000)]
    other = [record_key("another secret", "person", i) for i in range(5000)]
    assert all(0 <= k < KEYS for k in keys)
    assert 400 < sum(k < 100 for k in keys) < 600  # about uniform: a tenth of the keys below 100
    assert sum(a == b for a, b in zip(keys, other, strict=True)) < 50  # the secret decides the keys


def test_the_p_percent_rule():
    # five salaries of 20,000: nobody dominates
    assert not dominated(100_000, 20_000, 20_000)
    # an executive with four clerks: the second-largest (15,000) learns the largest within 10 %? 140-80-15=45 >= 8
    assert not dominated(140_000, 80_000, 15_000)
    # total − largest − second < 10 % of the largest: dominated
    assert dominated(101_000, 90_000, 10_000)
    assert not dominated(110_000, 90_000, 10_000)  # exactly 10 % left: not below it
    # second unknown: taken at its largest possible value, which can only flag more cells
    assert dominated(140_000, 80_000) and not dominated(100_000, 20_000)
    assert not dominated(0, 0)


def test_magnitudes_are_rounded_to_100_baht():
    assert [round_magnitude(v) for v in (30_004.5, 30_050, 30_049.99, 31_509.5, 0, -149)] == \
        [30_000, 30_100, 30_000, 31_500, 0, -100]
    assert round_magnitude(None) is None and round_magnitude(1234, 1000) == 1000
