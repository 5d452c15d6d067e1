"""The Monte Carlo's random numbers (core/sampling.py) and the memory of a large run.

Tolerances are a few standard errors of the sample statistic, worked out in each test.
"""

from __future__ import annotations

import math
import tracemalloc
from typing import Any

import numpy as np
import pytest

from core import sampling
from core.engine import prepare
from core.pitch import MAX_COUNT, Z90, Pitch
from core.uncertainty import monte_carlo, sample_required_drop

N = 200_000


def _scratch(samples: int) -> sampling.Scratch:
    return sampling.Scratch(samples)


def test_normals_are_standard_normal() -> None:
    z, z_max = _scratch(N).normals(0, 3, 5)
    m = z.size  # 100,000 independent normals behind 200,000 antithetic samples
    assert m == N // 2
    # the sample mean has standard error 1/sqrt(m) = 0.0032; the sample sd 1/sqrt(2m) = 0.0022 (relative)
    assert abs(float(z.mean())) < 4 / math.sqrt(m)
    assert float(z.std()) == pytest.approx(1.0, abs=4 / math.sqrt(2 * m))
    # the 5th and 95th percentiles are -+1.6449; a quantile's standard error is sqrt(p(1-p)/m) / pdf(z_p)
    # = sqrt(0.0475 / 1e5) / 0.10314 = 0.0067
    se = math.sqrt(0.05 * 0.95 / m) / (math.exp(-(Z90**2) / 2) / math.sqrt(2 * math.pi))
    q05, q95 = np.quantile(z, [0.05, 0.95])
    assert q05 == pytest.approx(-Z90, abs=4 * se)
    assert q95 == pytest.approx(Z90, abs=4 * se)
    # |z| is bounded by the Box-Muller radius of the smallest 23-bit uniform, sqrt(2 ln 2**24) = 5.77
    assert float(np.abs(z).max()) <= z_max <= math.sqrt(2 * math.log(2.0**24)) + 1e-6


def test_uniforms_are_uniform_on_the_open_interval() -> None:
    u = _scratch(N).uniforms(0, 3, 5)
    m = u.size
    assert float(u.min()) > 0.0 and float(u.max()) < 1.0
    # mean 1/2 with standard error sqrt(1/12 / m) = 0.0009
    assert float(u.mean()) == pytest.approx(0.5, abs=4 * math.sqrt(1 / 12 / m))
    # the share below 0.25 is 1/4 with standard error sqrt(3/16 / m) = 0.0014
    assert float((u < 0.25).mean()) == pytest.approx(0.25, abs=4 * math.sqrt(3 / 16 / m))
    # 1 - u is exact in float32, so the antithetic partner of u is exactly 1 - u
    assert np.all((np.float32(1) - u) + u == np.float32(1))


def test_lognormal_has_the_ranges_percentiles_and_antithetic_pairs() -> None:
    low, high = 100.0, 400.0
    x = sampling.lognormal(low, high, (0.0, MAX_COUNT), (0, 7, 2), _scratch(N), np.empty(N))
    # 5th/95th percentiles at low/high: ln x is normal, so ln q has standard error sigma * 0.0067 / sqrt(2)
    # at most (the two halves are not independent, so use the pessimistic sqrt(1/m) of one half)
    sigma = math.log(high / low) / (2 * Z90)
    se = sigma * math.sqrt(0.05 * 0.95 / (N // 2)) / (math.exp(-(Z90**2) / 2) / math.sqrt(2 * math.pi))
    q05, q95 = np.log(np.quantile(x, [0.05, 0.95]))
    assert q05 == pytest.approx(math.log(low), abs=4 * se)
    assert q95 == pytest.approx(math.log(high), abs=4 * se)
    # sample j and j + N/2 are exp(mu + s z) and exp(mu - s z): their product is the median squared, 200**2
    m = N // 2
    np.testing.assert_allclose(x[:m] * x[m:], 200.0**2, rtol=1e-6)


def test_lognormal_is_clipped_to_the_fields_bounds() -> None:
    # a count whose 90% interval reaches the bound 1e12: the draws above it are clipped to it. The share at
    # the bound is P(Z > z_b), z_b = (ln 1e12 - mu) / sigma with mu = (ln 1e6 + ln 1e12) / 2, sigma = ln 1e6 / 3.29
    low, high = 1e6, 1e12
    mu = (math.log(low) + math.log(high)) / 2
    sigma = (math.log(high) - math.log(low)) / (2 * Z90)
    z_b = (math.log(MAX_COUNT) - mu) / sigma  # = Z90: 5% of the draws
    x = sampling.lognormal(low, high, (0.0, MAX_COUNT), (0, 1, 1), _scratch(N), np.empty(N))
    assert float(x.max()) == MAX_COUNT
    share = float((x == MAX_COUNT).mean())
    p = 0.5 * math.erfc(z_b / math.sqrt(2))
    assert p == pytest.approx(0.05, abs=1e-9)
    assert share == pytest.approx(p, abs=4 * math.sqrt(p * (1 - p) / (N // 2)))
    # a spread too wide for float32 (ranges across 1e-30..1e30 of a price multiplier bounded by 1e6) is drawn
    # in float64 and still clipped
    wide = sampling.lognormal(1e-30, 1e30, (0.0, 1e6), (0, 1, 2), _scratch(N), np.empty(N))
    assert float(wide.max()) == 1e6
    assert float(wide.min()) >= 0.0
    assert float(np.median(wide)) == pytest.approx(1.0, rel=0.1)  # the median exp(mu) = 1


def test_uniform_fraction_stays_within_its_interval() -> None:
    x = sampling.uniform(0.2, 0.6, (0, 4, 3), _scratch(N), np.empty(N))
    assert float(x.min()) >= 0.2 and float(x.max()) <= 0.6
    assert float(x.mean()) == pytest.approx(0.4, abs=1e-6)  # antithetic pairs average to exactly 0.4


def test_draws_are_the_same_cached_or_not_and_whatever_the_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    samples = 30_001  # odd: the last sample has no antithetic partner
    cached = sampling.lognormal(1.0, 9.0, (0.0, MAX_COUNT), (5, 2, 6), _scratch(samples), np.empty(samples))
    monkeypatch.setattr(sampling, "CACHE_SAMPLES", 0)
    monkeypatch.setattr(sampling, "_WORDS_PER_CALL", 1000)
    fresh = sampling.lognormal(1.0, 9.0, (0.0, MAX_COUNT), (5, 2, 6), _scratch(samples), np.empty(samples))
    np.testing.assert_array_equal(cached, fresh)
    other_seed = sampling.lognormal(
        1.0, 9.0, (0.0, MAX_COUNT), (6, 2, 6), _scratch(samples), np.empty(samples)
    )
    assert not np.array_equal(cached, other_seed)


def _fifty_blocks() -> Pitch:
    blocks: list[dict[str, Any]] = [
        {
            "name": f"b{i}",
            "price": {"input_per_mtok": 1.0, "output_per_mtok": 4.0},
            "input_tokens": 1000.0,
            "output_tokens": 100.0,
            "calls_per_action": 1.0,
            "actions_per_day": 5.0,
            "cached_input_fraction": 0.2,
            "ranges": {
                "input_tokens": [300.0, 3000.0],
                "actions_per_day": [1.0, 20.0],
                "cached_input_fraction": [0.0, 0.5],
            },
        }
        for i in range(50)
    ]
    return Pitch.model_validate(
        {
            "format": "computecurve.pitch",
            "schema_version": 2,
            "name": "fifty",
            "as_of": "2026-03-23",
            "business": {
                "price_per_user_month": 40.0,
                "target_gross_margin": 0.7,
                "ranges": {"price_per_user_month": [20.0, 80.0]},
            },
            "blocks": blocks,
        }
    )


def test_memory_stays_flat_for_200000_samples_of_50_blocks() -> None:
    # 200,000 samples x 50 blocks x 3 ranged fields: an array of samples x blocks alone would be 80 MB;
    # drawn block by block into reused buffers, the run holds a few arrays of 200,000 numbers (1.6 MB each)
    prep = prepare(_fifty_blocks())
    tracemalloc.start()
    try:
        monte_carlo(prep, N, 0, charts=False)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 40e6


def test_a_large_run_agrees_with_a_small_one() -> None:
    # the same model at 20,000 and 200,000 samples: the share viable now agrees within the standard error
    # of the smaller run, sqrt(p (1 - p) / 20,000) <= 0.0035
    prep = prepare(_fifty_blocks())
    small = monte_carlo(prep, 20_000, 0, charts=False)
    large = monte_carlo(prep, N, 0, charts=False)
    p = large.p_viable_now
    assert 0.05 < p < 0.95
    assert small.p_viable_now == pytest.approx(p, abs=4 * math.sqrt(p * (1 - p) / 20_000))
    cost, _, _ = sample_required_drop(prep, N, 0)
    assert np.all(np.isfinite(cost)) and np.all(cost > 0)


@pytest.mark.parametrize("n", [1, 2, 11, 1000, 20_000])
def test_the_fan_is_the_exact_sample_percentiles_of_every_month(n: int) -> None:
    # the fan's windowed selection against numpy's own percentiles of the explicit paths, month by month;
    # with ties (costs rounded to 0.1), a degenerate decline (one factor) and an overflowed cost (300)
    from core.uncertainty import _fan

    rng = np.random.default_rng(n)
    months = np.arange(73, dtype=float)
    for log_cost, log10_k in (
        (rng.normal(1.0, 0.8, n), rng.uniform(0.5, 0.667, n)),
        (np.round(rng.normal(1.0, 0.8, n), 1), np.full(n, 0.7)),
        (np.where(rng.random(n) < 0.2, 300.0, rng.normal(0.0, 3.0, n)), rng.uniform(0.0004, 1.79, n)),
    ):
        fan = _fan(log_cost, log10_k, months)
        paths = log_cost[:, None] - log10_k[:, None] * (months / 12)[None, :]
        expected = np.quantile(paths, [0.1, 0.5, 0.9], axis=0)
        np.testing.assert_allclose(fan, expected, rtol=1e-12, atol=1e-12)


def test_a_result_copied_before_its_charts_are_drawn_carries_them() -> None:
    import copy
    import pickle

    prep = prepare(_fifty_blocks())
    lazy = monte_carlo(prep, 2_000, 0, charts=False)
    eager = monte_carlo(prep, 2_000, 0)
    for copied in (pickle.loads(pickle.dumps(lazy)), copy.deepcopy(lazy)):
        np.testing.assert_array_equal(copied.fan_p50, eager.fan_p50)
        np.testing.assert_array_equal(copied.p_viable_by_month, eager.p_viable_by_month)
        assert copied.years_p50 == eager.years_p50
