"""The embedded engine's set arithmetic, checked against plain Python on random data."""

from __future__ import annotations

import random

import pytest

from search.engines import bitsets
from search.engines.bitsets import Sliced

GUIDES = 300


def random_numbers(rng: random.Random) -> dict[int, int]:
    return {n: rng.choice([0, 0, 1, 2, 3, 7, 8, 60, 61, 100]) for n in range(GUIDES)}


def sliced(numbers: dict[int, int]) -> Sliced:
    result = Sliced()
    for n, value in numbers.items():
        result.add(1 << n, value)
    return result


@pytest.fixture(params=range(5))
def rng(request) -> random.Random:
    return random.Random(request.param)


def test_sets_round_trip_through_bytes(rng):
    numbers = set(rng.sample(range(5000), 200))
    guides = bitsets.of(numbers)
    assert list(bitsets.members(guides)) == sorted(numbers)
    assert bitsets.from_bytes(bitsets.to_bytes(guides)) == guides
    assert bitsets.of([]) == 0 and list(bitsets.members(0)) == []


def test_added_amounts_are_summed_per_guide(rng):
    expected = dict.fromkeys(range(GUIDES), 0)
    result = Sliced()
    for _ in range(20):
        chosen = rng.sample(range(GUIDES), 100)
        amount = rng.choice([1, 3, 4, 60, 100])
        result.add(bitsets.of(chosen), amount)
        for n in chosen:
            expected[n] += amount
    assert {n: result.value(n) for n in range(GUIDES)} == expected


def test_at_least(rng):
    numbers = random_numbers(rng)
    among = bitsets.of(rng.sample(range(GUIDES), 200))
    for threshold in (0, 1, 2, 3, 8, 61, 101, 1000):
        expected = {n for n in bitsets.members(among) if numbers[n] >= threshold}
        assert set(bitsets.members(sliced(numbers).at_least(threshold, among))) == expected


def test_maximum_and_within(rng):
    a, b = random_numbers(rng), random_numbers(rng)
    kept = bitsets.of(rng.sample(range(GUIDES), 150))
    result = sliced(a).maximum(sliced(b).within(kept))
    for n in range(GUIDES):
        assert result.value(n) == max(a[n], b[n] if kept >> n & 1 else 0)


@pytest.mark.parametrize("count", [0, 1, 10, 37, 250, 400])
def test_largest_orders_by_number_then_guide(rng, count):
    numbers = random_numbers(rng)
    among = bitsets.of(rng.sample(range(GUIDES), 250))
    expected = sorted(bitsets.members(among), key=lambda n: (-numbers[n], n))[:count]
    assert sliced(numbers).largest(among, count) == expected
