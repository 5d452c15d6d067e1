"""The Monte Carlo (contract section 5) against closed forms, and the sensitivity view by hand.

The closed forms: with a lognormal range on one proportional input and a fixed decline factor k
(a custom scenario with low == high == k), log(required_drop) is normal, so the percentiles of the
arrival time t* = ln(required_drop) / ln k and the probability of being viable now are known exactly.
Tolerances are a few standard errors of the sample statistic, worked out in each test.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

import numpy as np
import pytest

from core.engine import evaluate, prepare
from core.pitch import Pitch
from core.uncertainty import monte_carlo, sample_required_drop, sensitivity
from core.verdict import Verdict

AS_OF = date(2026, 1, 1)
N = 20_000
Z90 = 1.6448536269514722  # the 95th percentile of the standard normal (a 90% interval)
Z80 = 1.2815515655446004  # the 90th percentile of the standard normal
LOG10_2 = math.log10(2)


def block(name: str = "feature", **fields: Any) -> dict[str, Any]:
    """By default one call a day of 1e6 input tokens at $1/M: $1 a call."""
    doc: dict[str, Any] = {
        "name": name,
        "input_tokens": 1_000_000.0,
        "output_tokens": 0.0,
        "calls_per_action": 1.0,
        "actions_per_day": 1.0,
        "price": {"input_per_mtok": 1.0, "output_per_mtok": 1.0},
    }
    doc.update(fields)
    return doc


def make_pitch(
    blocks: list[dict[str, Any]],
    *,
    price_per_user_month: float = 20.0,
    target_gross_margin: float = 0.5,
    scenario: Any = None,
    **business: Any,
) -> Pitch:
    doc: dict[str, Any] = {
        "format": "computecurve.pitch",
        "schema_version": 2,
        "name": "mc",
        "as_of": AS_OF.isoformat(),
        "business": {
            "price_per_user_month": price_per_user_month,
            "target_gross_margin": target_gross_margin,
            **business,
        },
        "blocks": blocks,
    }
    if scenario is not None:
        doc["scenario"] = scenario
    return Pitch.model_validate(doc)


def custom(low: float, high: float) -> dict[str, Any]:
    return {"name": "custom", "annual_decline_low": low, "annual_decline_high": high}


def phi(x: float) -> float:
    """The standard normal CDF."""
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


def normal_pdf(x: float) -> float:
    return math.exp(-x * x / 2) / math.sqrt(2 * math.pi)


def quantile_se(p: float, n: int, sigma: float) -> float:
    """Standard error of the sample p-quantile of a normal with standard deviation sigma."""
    z = {0.1: -Z80, 0.5: 0.0, 0.9: Z80}[p]
    return sigma * math.sqrt(p * (1 - p) / n) / normal_pdf(z)


def days_after(years: float) -> date:
    return AS_OF + timedelta(days=math.floor(years * 365.25 + 0.5))


# ---------------------------------------------------------------------------------------------------
# Closed form: lognormal actions_per_day, fixed decline factor
# ---------------------------------------------------------------------------------------------------

# Budget: 20 * (1 - 0.5) = 10. Cost: $1 a call * x actions * 30 days = 30x. required_drop r(x) = 3x.
K = 10.0


def _lognormal_pitch(a: float, b: float) -> Pitch:
    g = math.sqrt(a * b)  # the geometric mean: the lognormal's median
    return make_pitch([block(actions_per_day=g, ranges={"actions_per_day": [a, b]})], scenario=custom(K, K))


def test_mc_arrival_percentiles_match_the_closed_form() -> None:
    a, b = 100.0, 400.0
    pitch = _lognormal_pitch(a, b)
    # mu = ln r(sqrt(100*400)) = ln r(200) = ln 600; sigma = ln(400/100) / (2 * 1.6448536269514722) = 0.42138
    mu = math.log(3 * 200.0)
    sigma = (math.log(b) - math.log(a)) / (2 * Z90)
    mc = monte_carlo(prepare(pitch), samples=N, seed=0)
    # no sample is viable: the smallest plausible r is 3 * 100 * e^(-3 sigma) >> 1
    assert mc.p_viable_now == 0.0
    ln_k = math.log(K)
    t10 = (mu - Z80 * sigma) / ln_k  # (6.3969 - 0.5400) / 2.3026 = 2.5436 years
    t50 = mu / ln_k  # log10(600) = 2.7782 years
    t90 = (mu + Z80 * sigma) / ln_k  # (6.3969 + 0.5400) / 2.3026 = 3.0127 years
    for p, expected, got in ((0.1, t10, mc.years_p10), (0.5, t50, mc.years_p50), (0.9, t90, mc.years_p90)):
        tol_years = 4 * quantile_se(p, N, sigma) / ln_k  # ~0.009 years (~3 days) at P10
        assert got == pytest.approx(expected, abs=tol_years)
    # the dates, to within a few days (the tolerance above in days, plus one day of rounding)
    for p, expected, got_date in (
        (0.1, t10, mc.arrival_p10),
        (0.5, t50, mc.arrival_p50),
        (0.9, t90, mc.arrival_p90),
    ):
        tol_days = 4 * quantile_se(p, N, sigma) / ln_k * 365.25 + 1
        assert got_date is not None
        assert abs((got_date - days_after(expected)).days) <= tol_days


def test_mc_median_arrival_is_the_point_arrival_at_the_geometric_mean() -> None:
    pitch = _lognormal_pitch(100.0, 400.0)
    point = evaluate(pitch)  # the point value is the geometric mean 200: r = 600, t* = log10 600
    # t* = 2.77815 years = 1014.72 days -> 1015 days after 2026-01-01
    assert point.arrival.earliest == AS_OF + timedelta(days=1015)
    mc = monte_carlo(prepare(pitch), samples=N, seed=0)
    assert mc.arrival_p50 is not None
    assert abs((mc.arrival_p50 - point.arrival.earliest).days) <= 2


def test_mc_p_viable_now_matches_phi() -> None:
    a, b = 0.25, 1.0
    pitch = _lognormal_pitch(a, b)
    # mu = ln r(sqrt(0.25)) = ln(3 * 0.5) = ln 1.5 = 0.405465; sigma = ln 4 / 3.2897 = 0.42138
    mu = math.log(1.5)
    sigma = (math.log(b) - math.log(a)) / (2 * Z90)
    p = phi(-mu / sigma)  # Phi(-0.96223) = 0.168
    assert 0.05 < p < 0.95
    mc = monte_carlo(prepare(pitch), samples=N, seed=0)
    se = math.sqrt(p * (1 - p) / N)  # 0.0026
    assert mc.p_viable_now == pytest.approx(p, abs=3 * se)


def test_same_seed_is_identical_and_another_seed_is_close() -> None:
    prep = prepare(_lognormal_pitch(0.25, 1.0))
    one = monte_carlo(prep, samples=N, seed=0)
    two = monte_carlo(prep, samples=N, seed=0)
    assert one.p_viable_now == two.p_viable_now
    assert (one.years_p10, one.years_p50, one.years_p90) == (two.years_p10, two.years_p50, two.years_p90)
    np.testing.assert_array_equal(one.fan_p50, two.fan_p50)
    np.testing.assert_array_equal(one.p_viable_by_month, two.p_viable_by_month)
    other = monte_carlo(prep, samples=N, seed=1)
    assert other.p_viable_now != one.p_viable_now
    p = one.p_viable_now
    # two independent estimates: the difference has standard error sqrt(2) * sqrt(p(1-p)/n)
    assert abs(other.p_viable_now - p) <= 4 * math.sqrt(2 * p * (1 - p) / N)


def test_disabled_blocks_are_ignored_by_the_mc() -> None:
    ranged = block("ranged", actions_per_day=200.0, ranges={"actions_per_day": [100.0, 400.0]})
    off = block("off", enabled=False, actions_per_day=1e6, ranges={"actions_per_day": [1.0, 1e9]})
    alone = monte_carlo(prepare(make_pitch([ranged], scenario=custom(3.0, 9.0))), samples=N, seed=0)
    with_off = monte_carlo(prepare(make_pitch([ranged, off], scenario=custom(3.0, 9.0))), samples=N, seed=0)
    assert with_off.p_viable_now == alone.p_viable_now
    assert (with_off.years_p10, with_off.years_p50, with_off.years_p90) == (
        alone.years_p10,
        alone.years_p50,
        alone.years_p90,
    )
    np.testing.assert_array_equal(with_off.fan_p10, alone.fan_p10)
    np.testing.assert_array_equal(with_off.fan_p90, alone.fan_p90)


def test_fraction_range_is_uniform() -> None:
    # cost 4 exactly ($1 a call, 1 action, 4 days); budget 20 * (1 - m), m uniform on [0.5, 0.9]
    pitch = make_pitch(
        [block()],
        target_gross_margin=0.7,
        active_days_per_month=4.0,
        ranges={"target_gross_margin": [0.5, 0.9]},
        scenario=custom(2.0, 2.0),
    )
    mc = monte_carlo(prepare(pitch), samples=N, seed=0)

    def cdf(m: float) -> float:
        return min(1.0, max(0.0, (m - 0.5) / (0.9 - 0.5)))

    # viable now iff 4 <= 20 (1 - m) iff m <= 0.8: P = (0.8 - 0.5) / 0.4 = 0.75
    # viable after 6 months at k = 2 iff 4 / 2**0.5 <= 20 (1 - m) iff m <= 1 - 0.2 / sqrt 2 = 0.858579: P = 0.896447
    # viable after 12 months iff 2 <= 20 (1 - m) iff m <= 0.9: P = 1
    checks = [(0, cdf(0.8)), (6, cdf(1 - 0.2 / math.sqrt(2))), (12, cdf(0.9))]
    assert checks[0][1] == pytest.approx(0.75)
    assert checks[1][1] == pytest.approx(0.896447, abs=1e-6)
    for month, p in checks:
        se = math.sqrt(p * (1 - p) / N)
        assert mc.p_viable_by_month[month] == pytest.approx(p, abs=4 * se + 1e-12)
    assert mc.p_viable_now == pytest.approx(0.75, abs=4 * math.sqrt(0.75 * 0.25 / N))


def test_usage_multiplier_is_one_draw_shared_by_every_block() -> None:
    ranges = {"usage_multiplier": [0.5, 2.0]}
    one = prepare(make_pitch([block("a")], ranges=ranges, scenario=custom(K, K)))
    two = prepare(make_pitch([block("a"), block("b")], ranges=ranges, scenario=custom(K, K)))
    cost1, budget1, _ = sample_required_drop(one, N, 0)
    cost2, budget2, _ = sample_required_drop(two, N, 0)
    # shared: two identical blocks cost exactly twice one block, sample by sample
    # (drawn per block, the sum would be c * (u1 + u2), not 2 c u1)
    np.testing.assert_allclose(cost2, 2 * cost1, rtol=1e-12)
    np.testing.assert_allclose(budget2, budget1, rtol=1e-12)
    # and the required drop is r0 * u with r0 = 2 blocks * $30 / $10 = 6: its log is normal with
    # mu = ln 6 + (ln 0.5 + ln 2) / 2 = ln 6; sigma = ln 4 / (2 * 1.64485) = 0.42138
    sigma = math.log(4.0) / (2 * Z90)
    mc = monte_carlo(two, samples=N, seed=0)
    ln_k = math.log(K)
    # P10 of t* = (ln 6 - 1.28155 sigma) / ln 10 = (1.79176 - 0.54003) / 2.30259 = 0.54362
    # P90 of t* = (ln 6 + 1.28155 sigma) / ln 10 = 1.01268
    for p, z, got in ((0.1, -Z80, mc.years_p10), (0.9, Z80, mc.years_p90)):
        expected = (math.log(6.0) + z * sigma) / ln_k
        assert got == pytest.approx(expected, abs=4 * quantile_se(p, N, sigma) / ln_k)


def test_blocks_ranges_are_independent_unlike_the_shared_multiplier() -> None:
    # the same 90% interval on each block's actions (independent) spreads the total less than a shared
    # usage_multiplier does: sd(ln(u1 + u2)) < sd(ln u) = sigma
    sigma = math.log(4.0) / (2 * Z90)
    shared = prepare(make_pitch([block("a"), block("b")], ranges={"usage_multiplier": [0.5, 2.0]}))
    indep = prepare(
        make_pitch(
            [
                block("a", ranges={"actions_per_day": [0.5, 2.0]}),
                block("b", ranges={"actions_per_day": [0.5, 2.0]}),
            ]
        )
    )
    sd_shared = float(np.std(np.log(sample_required_drop(shared, N, 0)[0])))
    sd_indep = float(np.std(np.log(sample_required_drop(indep, N, 0)[0])))
    # sample sd of a normal has relative standard error 1/sqrt(2n) = 0.5%
    assert sd_shared == pytest.approx(sigma, rel=0.03)
    assert sd_indep < 0.85 * sigma


def test_decline_factor_is_log_uniform() -> None:
    # required_drop = 64 exactly ($1 a call, 64 calls on 1 day; budget 1), no ranges; ln k ~ U(ln 2, ln 8)
    pitch = make_pitch(
        [block(actions_per_day=64.0)],
        price_per_user_month=1.0,
        target_gross_margin=0.0,
        active_days_per_month=1.0,
        scenario=custom(2.0, 8.0),
    )
    mc = monte_carlo(prepare(pitch), samples=N, seed=0)
    ln_r = math.log(64.0)  # 6 ln 2
    lo, hi = math.log(2.0), math.log(8.0)

    def t_at(u: float) -> float:  # t* when ln k is at the u-quantile of its uniform
        return ln_r / (lo + u * (hi - lo))

    # t* = ln r / ln k is decreasing in ln k: the median of t* is ln r / median(ln k)
    # = 6 ln 2 / ((ln 2 + ln 8) / 2) = 6 ln 2 / (2 ln 2) = 3 years
    assert t_at(0.5) == pytest.approx(3.0)
    # P10 of t* is at the 90th percentile of ln k: 6 / (1 + 0.9 * 2) = 2.142857; P90: 6 / (1 + 0.1 * 2) = 5
    assert t_at(0.9) == pytest.approx(6 / 2.8)
    assert t_at(0.1) == pytest.approx(5.0)
    for q_u, got in ((0.9, mc.years_p10), (0.5, mc.years_p50), (0.1, mc.years_p90)):
        du = 4 * math.sqrt(q_u * (1 - q_u) / N)  # 4 standard errors of a uniform's sample quantile
        tol = abs(t_at(q_u - du) - t_at(q_u))
        assert got == pytest.approx(t_at(q_u), abs=tol)
    assert mc.p_viable_now == 0.0


def test_arrival_percentile_beyond_fifty_years_is_none() -> None:
    # required_drop 10; ln k ~ U(ln 1.001, ln 1.5) = U(0.0009995, 0.405465)
    pitch = make_pitch(
        [block(actions_per_day=10.0)],
        price_per_user_month=1.0,
        target_gross_margin=0.0,
        active_days_per_month=1.0,
        scenario=custom(1.001, 1.5),
    )
    mc = monte_carlo(prepare(pitch), samples=N, seed=0)
    # P10 of t*: ln 10 / (0.0009995 + 0.9 * 0.404466) = 2.302585 / 0.365019 = 6.31 years: a date
    # P50: 2.302585 / 0.203232 = 11.33 years: a date
    # P90: 2.302585 / (0.0009995 + 0.1 * 0.404466) = 2.302585 / 0.041446 = 55.6 years: not within 50
    assert mc.arrival_p10 is not None
    assert mc.arrival_p50 is not None
    assert mc.arrival_p90 is None
    never = make_pitch(
        [block(actions_per_day=10.0)],
        price_per_user_month=1.0,
        target_gross_margin=0.0,
        active_days_per_month=1.0,
        scenario=custom(1.001, 1.001),
    )
    mc2 = monte_carlo(prepare(never), samples=2000, seed=0)
    # ln 10 / ln 1.001 = 2303.7 years for every sample
    assert (mc2.arrival_p10, mc2.arrival_p50, mc2.arrival_p90) == (None, None, None)
    assert mc2.p_viable_now == 0.0


def test_common_random_numbers_a_value_change_moves_the_fan_deterministically() -> None:
    base = _lognormal_pitch(100.0, 400.0)
    doubled_doc = base.model_dump(mode="python")
    doubled_doc["blocks"][0]["input_tokens"] = 2_000_000.0  # the value, not the range: cost x2
    doubled = Pitch.model_validate(doubled_doc)
    mc1 = monte_carlo(prepare(base), samples=N, seed=0)
    mc2 = monte_carlo(prepare(doubled), samples=N, seed=0)
    # same draws: every sample's cost doubles, so every percentile of the fan doubles exactly
    np.testing.assert_allclose(mc2.fan_p10, 2 * mc1.fan_p10, rtol=1e-9)
    np.testing.assert_allclose(mc2.fan_p50, 2 * mc1.fan_p50, rtol=1e-9)
    np.testing.assert_allclose(mc2.fan_p90, 2 * mc1.fan_p90, rtol=1e-9)
    # and t* = ln(2r) / ln 10 = t + log10 2 for every sample
    assert mc2.years_p50 == pytest.approx(mc1.years_p50 + LOG10_2, abs=1e-9)
    assert mc2.years_p10 == pytest.approx(mc1.years_p10 + LOG10_2, abs=1e-9)


def test_common_random_numbers_other_blocks_draws_are_unchanged() -> None:
    def pitch(input0: float, enabled0: bool = True, enabled1: bool = True) -> Pitch:
        return make_pitch(
            [
                block("zero", input_tokens=input0, enabled=enabled0, ranges={"actions_per_day": [0.5, 2.0]}),
                block("one", enabled=enabled1, ranges={"actions_per_day": [0.2, 5.0]}),
            ]
        )

    def cost(p: Pitch) -> np.ndarray:
        return sample_required_drop(prepare(p), N, 0)[0]

    both = cost(pitch(1e6))
    only0 = cost(pitch(1e6, enabled1=False))
    only1 = cost(pitch(1e6, enabled0=False))
    changed = cost(pitch(2e6))  # block 0's value doubled
    # the total is the sum of the blocks' own samples
    np.testing.assert_allclose(both, only0 + only1, rtol=1e-12)
    # doubling block 0's value doubles block 0's samples and leaves block 1's draws as they were
    np.testing.assert_allclose(changed, 2 * only0 + only1, rtol=1e-12)


# ---------------------------------------------------------------------------------------------------
# Sensitivity
# ---------------------------------------------------------------------------------------------------

# $1 a call, 0.6 actions a day, 30 days: cost 18; budget 20 * (1 - 0.7) = 6; r0 = 18 / 6 = 3 (one order)
X0 = 0.6
R0 = 18.0 / (20.0 * (1 - 0.7))


def _sens_pitch() -> Pitch:
    return make_pitch([block("main", actions_per_day=X0)], target_gross_margin=0.7)


def _rows_by_path(pitch: Pitch) -> dict[str, Any]:
    return {r.path: r for r in sensitivity(prepare(pitch))}


def test_sensitivity_swings_by_hand() -> None:
    rows = _rows_by_path(_sens_pitch())
    oom0 = math.log10(3.0)
    # inputs with value 0 that are not fractions (output, reasoning, per_call_usd, free users) are left out
    assert set(rows) == {
        "blocks[0].input_tokens",
        "blocks[0].cached_input_fraction",
        "blocks[0].cache_write_fraction",
        "blocks[0].calls_per_action",
        "blocks[0].actions_per_day",
        "blocks[0].price_multiplier",
        "business.price_per_user_month",
        "business.target_gross_margin",
        "business.inference_share_of_cogs",
        "business.active_days_per_month",
        "business.usage_multiplier",
        "business.payment_fee_fraction",
    }
    # proportional inputs: x0.5 and x2 -> oom0 -/+ log10 2, swing 2 log10 2 = 0.60206
    for path in (
        "blocks[0].input_tokens",
        "blocks[0].calls_per_action",
        "blocks[0].actions_per_day",
        "blocks[0].price_multiplier",
        "business.usage_multiplier",
    ):
        row = rows[path]
        assert row.from_range is False
        assert row.oom_low == pytest.approx(oom0 - LOG10_2, abs=1e-12)
        assert row.oom_high == pytest.approx(oom0 + LOG10_2, abs=1e-12)
        assert row.swing == pytest.approx(2 * LOG10_2, abs=1e-12)
    act = rows["blocks[0].actions_per_day"]
    assert (act.low, act.high) == pytest.approx((0.3, 1.2))
    # price 20 -> 10 and 40: the budget halves or doubles: oom0 + log10 2 and oom0 - log10 2
    price = rows["business.price_per_user_month"]
    assert (price.low, price.high) == pytest.approx((10.0, 40.0))
    assert price.oom_low == pytest.approx(oom0 + LOG10_2, abs=1e-12)
    assert price.oom_high == pytest.approx(oom0 - LOG10_2, abs=1e-12)
    # margin 0.7 -> halfway to 0: 0.35, halfway to 1: 0.85. Budgets 20*0.65 = 13 and 20*0.15 = 3
    margin = rows["business.target_gross_margin"]
    assert (margin.low, margin.high) == pytest.approx((0.35, 0.85))
    assert margin.oom_low == pytest.approx(math.log10(18 / 13), abs=1e-12)
    assert margin.oom_high == pytest.approx(math.log10(18 / 3), abs=1e-12)
    assert margin.swing == pytest.approx(math.log10(0.65 / 0.15), abs=1e-12)  # 0.63682
    # inference share 1 -> 0.5 and 1: swing log10 2; payment fee 0 -> 0 and 0.5: swing log10 2
    assert rows["business.inference_share_of_cogs"].swing == pytest.approx(LOG10_2, abs=1e-12)
    assert rows["business.payment_fee_fraction"].swing == pytest.approx(LOG10_2, abs=1e-12)
    # active days 30 -> 15 and min(60, 31) = 31: swing log10(31 / 15)
    days = rows["business.active_days_per_month"]
    assert (days.low, days.high) == pytest.approx((15.0, 31.0))
    assert days.swing == pytest.approx(math.log10(31 / 15), abs=1e-12)
    # a cached share whose price equals the input price moves nothing
    assert rows["blocks[0].cached_input_fraction"].swing == pytest.approx(0.0, abs=1e-12)
    assert rows["blocks[0].cache_write_fraction"].swing == pytest.approx(0.0, abs=1e-12)


def test_sensitivity_rows_sorted_by_swing_descending() -> None:
    rows = sensitivity(prepare(_sens_pitch()))
    swings = [r.swing for r in rows]
    assert swings == sorted(swings, reverse=True)
    # the margin's swing log10(0.65/0.15) = 0.637 beats every x2 input's 0.602
    assert rows[0].path == "business.target_gross_margin"


def test_sensitivity_verdict_change_values_by_hand() -> None:
    rows = _rows_by_path(_sens_pitch())
    # r0 = 3: one order; better is viable now (edge 0: r = 1), worse is two orders (edge 1: r = 10)
    act = rows["blocks[0].actions_per_day"]
    assert act.verdict is Verdict.ONE_ORDER
    assert act.better_verdict is Verdict.VIABLE_NOW
    assert act.worse_verdict is Verdict.TWO_ORDERS
    # a proportional input: r = r0 x / x0 -> better_at = x0 * 10**0 / r0 = 0.6 / 3 = 0.2;
    # worse_at = x0 * 10**1 / r0 = 6 / 3 = 2
    assert act.better_at == pytest.approx(X0 * 10**0 / R0, rel=1e-9)
    assert act.better_at == pytest.approx(0.2, rel=1e-9)
    assert act.worse_at == pytest.approx(2.0, rel=1e-9)
    # input tokens: 1e6 / 3 and 1e7 / 3
    assert rows["blocks[0].input_tokens"].better_at == pytest.approx(1e6 / 3, rel=1e-9)
    assert rows["blocks[0].input_tokens"].worse_at == pytest.approx(1e7 / 3, rel=1e-9)
    # usage multiplier 1: 1/3 and 10/3
    assert rows["business.usage_multiplier"].better_at == pytest.approx(1 / 3, rel=1e-9)
    assert rows["business.usage_multiplier"].worse_at == pytest.approx(10 / 3, rel=1e-9)
    # price: r = r0 p0 / p -> better_at = p0 r0 / 10**0 = 20 * 3 = 60; worse_at = 20 * 3 / 10 = 6
    price = rows["business.price_per_user_month"]
    assert price.better_at == pytest.approx(60.0, rel=1e-9)
    assert price.worse_at == pytest.approx(6.0, rel=1e-9)
    # margin: 1 - m = (1 - m0) r0 / 10**edge: better 1 - m = 0.3 * 3 = 0.9 -> m = 0.1;
    # worse 1 - m = 0.9 / 10 = 0.09 -> m = 0.91
    margin = rows["business.target_gross_margin"]
    assert margin.better_at == pytest.approx(0.1, rel=1e-9)
    assert margin.worse_at == pytest.approx(0.91, rel=1e-9)
    # inference share s: r = 3 / s: viable needs s = 3 > 1 (impossible): None; r = 10 at s = 3 / 10 = 0.3
    share = rows["business.inference_share_of_cogs"]
    assert share.better_at is None
    assert share.better_verdict is None
    assert share.worse_at == pytest.approx(0.3, rel=1e-9)
    # payment fee f: r = 3 / (1 - f): viable needs 1 - f = 3 (impossible): None; 1 - f = 0.3 -> f = 0.7
    fee = rows["business.payment_fee_fraction"]
    assert fee.better_at is None
    assert fee.worse_at == pytest.approx(0.7, rel=1e-9)
    # active days d: r = 3 d / 30: viable at d = 10; two orders at d = 100 > 31 (impossible): None
    days = rows["business.active_days_per_month"]
    assert days.better_at == pytest.approx(10.0, rel=1e-9)
    assert days.worse_at is None
    assert days.worse_verdict is None
    # a cached share priced as input never changes the verdict
    assert rows["blocks[0].cached_input_fraction"].better_at is None
    assert rows["blocks[0].cached_input_fraction"].worse_at is None


def test_sensitivity_uses_a_given_range() -> None:
    pitch = make_pitch(
        [block("main", actions_per_day=X0, ranges={"actions_per_day": [0.4, 1.5]})], target_gross_margin=0.7
    )
    row = _rows_by_path(pitch)["blocks[0].actions_per_day"]
    assert row.from_range is True
    assert (row.low, row.high) == (0.4, 1.5)
    # r = 3 x / 0.6 = 5x: oom at 0.4 = log10 2, at 1.5 = log10 7.5: swing log10(1.5 / 0.4) = log10 3.75
    assert row.oom_low == pytest.approx(math.log10(2.0), abs=1e-12)
    assert row.oom_high == pytest.approx(math.log10(7.5), abs=1e-12)
    assert row.swing == pytest.approx(math.log10(3.75), abs=1e-12)


def test_sensitivity_leaves_out_disabled_blocks() -> None:
    pitch = make_pitch(
        [block("main", actions_per_day=X0), block("off", enabled=False, actions_per_day=50.0)],
        target_gross_margin=0.7,
    )
    rows = sensitivity(prepare(pitch))
    assert rows
    assert all(r.block_index != 1 for r in rows)
    # and the disabled block does not change the others: the same swings as the one-block pitch
    one_block = {r.path: r.swing for r in sensitivity(prepare(_sens_pitch()))}
    assert {r.path: r.swing for r in rows} == pytest.approx(one_block)


def test_sensitivity_is_empty_when_the_cost_is_zero() -> None:
    assert sensitivity(prepare(make_pitch([]))) == []
    assert sensitivity(prepare(make_pitch([block("off", enabled=False)]))) == []


@pytest.mark.parametrize(
    ("tier_above", "tier_input_price", "actions"),
    [
        # a tier above 0 input tokens applies to every call with input: $2/M -> $2 a call;
        # 0.3 actions * 30 days = 9 calls -> cost 18; budget 6; r0 = 3
        (0.0, 2.0, 0.3),
        # a tier above the largest count 1e12 never applies: $1 a call, 0.6 * 30 = 18 calls -> r0 = 3
        (1e12, 5.0, 0.6),
    ],
)
def test_sensitivity_with_a_tier_at_a_count_bound(
    tier_above: float, tier_input_price: float, actions: float
) -> None:
    price = {
        "input_per_mtok": 1.0,
        "output_per_mtok": 1.0,
        "tiers": [{"above_input_tokens": tier_above, "input_per_mtok": tier_input_price}],
    }
    pitch = make_pitch([block("tiered", actions_per_day=actions, price=price)], target_gross_margin=0.7)
    assert evaluate(pitch).required_drop == pytest.approx(3.0, rel=1e-12)
    row = _rows_by_path(pitch)["blocks[0].input_tokens"]
    # r is proportional to the input tokens on (0, 1e12] (one price applies throughout):
    # r = 3 x / 1e6 -> viable (r = 1) at x = 1e6 / 3; two orders (r = 10) at x = 1e7 / 3
    assert row.better_at == pytest.approx(1e6 / 3, rel=1e-9)
    assert row.worse_at == pytest.approx(1e7 / 3, rel=1e-9)
    assert row.swing == pytest.approx(2 * LOG10_2, abs=1e-12)


def test_mc_float_noise_never_changes_viable_now() -> None:
    # budget 30 * (1 - 0.8) = 5.999999999999998, cost exactly 6 ($1 a call, 6 calls on 1 day): viable now
    pitch = make_pitch(
        [block(actions_per_day=6.0)],
        price_per_user_month=30.0,
        target_gross_margin=0.8,
        active_days_per_month=1.0,
    )
    mc = monte_carlo(prepare(pitch), samples=1000, seed=0)
    assert mc.p_viable_now == 1.0
    assert mc.arrival_p50 == AS_OF
    assert mc.arrival_p90 == AS_OF


def test_sensitivity_tier_jump_is_where_the_verdict_changes() -> None:
    # base $1/M, above 500,000 input tokens $2/M. 1e6 input tokens -> $2 a call; 0.3 * 30 = 9 calls -> $18;
    # budget 6; r0 = 3 (one order)
    price = {
        "input_per_mtok": 1.0,
        "output_per_mtok": 1.0,
        "tiers": [{"above_input_tokens": 500_000.0, "input_per_mtok": 2.0}],
    }
    pitch = make_pitch([block("tiered", actions_per_day=0.3, price=price)], target_gross_margin=0.7)
    row = _rows_by_path(pitch)["blocks[0].input_tokens"]
    # above 500,000: r = 2 x / 1e6 * 9 / 6 = 3 x / 1e6 -> r = 1 at 333,333 (not above 500,000: no)
    # up to 500,000: r = 1 x / 1e6 * 9 / 6 = 1.5 x / 1e6 -> r = 1 at 666,667 (not up to 500,000: no)
    # at the threshold r jumps from 0.75 to 1.5, over 1: viable at 500,000 input tokens
    assert row.better_at == pytest.approx(500_000.0, rel=1e-9)
    # two orders: r = 10 above the threshold at x = 1e7 / 3 = 3,333,333
    assert row.worse_at == pytest.approx(1e7 / 3, rel=1e-9)
