"""The arithmetic of contract sections 2-4, checked against hand calculations.

Every expected number below is worked out by hand in the comments next to it; none is copied from the
program's output. Pitches carry explicit prices (no catalog look-up) so the numbers are the test's own.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

import pytest

from core.engine import PROJECTION_MONTHS, evaluate
from core.pitch import Pitch
from core.scenarios import builtin_scenarios, fit_decline, fit_from_drop
from core.verdict import Verdict, arrival_window, verdict_for

AS_OF = date(2026, 1, 1)
DOLLAR_PER_CALL = {"input_per_mtok": 1.0, "output_per_mtok": 1.0}  # 1e6 input tokens at $1/M = $1 a call


def block(name: str = "feature", **fields: Any) -> dict[str, Any]:
    """A block document; by default one call a day of 1e6 input tokens at $1/M, i.e. $1 per call."""
    doc: dict[str, Any] = {
        "name": name,
        "input_tokens": 1_000_000.0,
        "output_tokens": 0.0,
        "calls_per_action": 1.0,
        "actions_per_day": 1.0,
        "price": dict(DOLLAR_PER_CALL),
    }
    doc.update(fields)
    return doc


def make_pitch(
    blocks: list[dict[str, Any]],
    *,
    price_per_user_month: float = 1.0,
    target_gross_margin: float = 0.0,
    scenario: Any = None,
    as_of: str = AS_OF.isoformat(),
    **business: Any,
) -> Pitch:
    doc: dict[str, Any] = {
        "format": "computecurve.pitch",
        "schema_version": 2,
        "name": "hand-checked",
        "as_of": as_of,
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


# ---------------------------------------------------------------------------------------------------
# One block, cached and cache-write fractions, defaults, reasoning
# ---------------------------------------------------------------------------------------------------


def test_single_block_matches_the_contract_example() -> None:
    p = make_pitch(
        [
            block(
                "Background understanding",
                input_tokens=8000.0,
                output_tokens=500.0,
                cached_input_fraction=0.5,
                actions_per_day=192.0,
                price={"input_per_mtok": 3.0, "output_per_mtok": 15.0, "cached_input_per_mtok": 0.3},
            )
        ],
        price_per_user_month=20.0,
        target_gross_margin=0.7,
    )
    ev = evaluate(p)
    # 8000 * (0.5*3 + 0.5*0.3) = 8000 * 1.65 = 13200; 500 * 15 = 7500; (13200 + 7500) / 1e6 = 0.0207 per call
    assert ev.blocks[0].cost_per_call == pytest.approx(0.0207, rel=1e-12)
    # calls = 1 * 192 * 1 * 30 = 5760 per user-month
    assert ev.blocks[0].calls_per_user_month == pytest.approx(5760.0, rel=1e-12)
    # 0.0207 * 5760 = 119.232
    assert ev.cost_per_user_month == pytest.approx(119.232, rel=1e-12)
    assert ev.cost_per_paying_user_month == pytest.approx(119.232, rel=1e-12)
    # budget = 20 * (1 - 0) * (1 - 0.7) * 1 = 6
    assert ev.budget_per_user_month == pytest.approx(6.0, rel=1e-12)
    # 119.232 / 6 = 19.872; log10(19.872) = 1.29827...
    assert ev.required_drop == pytest.approx(19.872, rel=1e-12)
    assert ev.orders_of_magnitude == pytest.approx(math.log10(19.872), rel=1e-12)
    assert ev.verdict is Verdict.TWO_ORDERS
    assert ev.blocks[0].share == pytest.approx(1.0, rel=1e-12)


def test_cached_and_cache_write_fractions_with_their_prices() -> None:
    price = {
        "input_per_mtok": 2.0,
        "output_per_mtok": 10.0,
        "cached_input_per_mtok": 0.2,
        "cache_write_per_mtok": 2.5,
    }
    p = make_pitch(
        [
            block(
                input_tokens=10_000.0,
                output_tokens=100.0,
                cached_input_fraction=0.3,
                cache_write_fraction=0.2,
                price=price,
            )
        ]
    )
    ev = evaluate(p)
    # uncached = 1 - 0.3 - 0.2 = 0.5
    # 10000 * (0.5*2 + 0.3*0.2 + 0.2*2.5) = 10000 * (1 + 0.06 + 0.5) = 15600; 100 * 10 = 1000
    # (15600 + 1000) / 1e6 = 0.0166 per call
    assert ev.blocks[0].cost_per_call == pytest.approx(0.0166, rel=1e-12)
    # 1 call a day * 30 days = 30 calls: 0.0166 * 30 = 0.498
    assert ev.cost_per_user_month == pytest.approx(0.498, rel=1e-12)


def test_price_defaults_cached_and_cache_write_are_input_reasoning_is_output() -> None:
    p = make_pitch(
        [
            block(
                input_tokens=1000.0,
                output_tokens=100.0,
                reasoning_tokens=50.0,
                cached_input_fraction=0.25,
                cache_write_fraction=0.25,
                price={"input_per_mtok": 4.0, "output_per_mtok": 12.0},
            )
        ]
    )
    ev = evaluate(p)
    base = ev.blocks[0].price.base
    assert base.cached_input_per_mtok == 4.0  # default: the input price
    assert base.cache_write_per_mtok == 4.0  # default: the input price
    assert base.reasoning_per_mtok == 12.0  # default: the output price
    # 1000 * (0.5*4 + 0.25*4 + 0.25*4) = 4000; 100 * 12 = 1200; 50 * 12 = 600
    # (4000 + 1200 + 600) / 1e6 = 0.0058 per call
    assert ev.blocks[0].cost_per_call == pytest.approx(0.0058, rel=1e-12)


def test_reasoning_tokens_at_their_own_price() -> None:
    p = make_pitch(
        [
            block(
                input_tokens=0.0,
                output_tokens=1000.0,
                reasoning_tokens=2000.0,
                price={"input_per_mtok": 1.0, "output_per_mtok": 10.0, "reasoning_per_mtok": 60.0},
            )
        ]
    )
    ev = evaluate(p)
    # 1000 * 10 = 10000; 2000 * 60 = 120000; 130000 / 1e6 = 0.13 per call
    assert ev.blocks[0].cost_per_call == pytest.approx(0.13, rel=1e-12)
    # reasoning tokens count as tokens: (0 + 1000 + 2000) * 30 calls = 90000
    assert ev.tokens_per_user_month == pytest.approx(90_000.0, rel=1e-12)


# ---------------------------------------------------------------------------------------------------
# Tiers
# ---------------------------------------------------------------------------------------------------

TIERED_PRICE = {
    "input_per_mtok": 1.0,
    "output_per_mtok": 2.0,
    # deliberately listed out of order: the rule is the largest threshold strictly below the input
    "tiers": [
        {"above_input_tokens": 5000.0, "input_per_mtok": 4.0, "output_per_mtok": 8.0},
        {"above_input_tokens": 1000.0, "input_per_mtok": 2.0},
    ],
}


@pytest.mark.parametrize(
    ("input_tokens", "expected_per_call"),
    [
        # exactly at the 1000 threshold: 1000 is not < 1000, base prices: 1000*1 + 1000*2 = 3000 -> 0.003
        (1000.0, 0.003),
        # just above: the 1000 tier (input 2, output stays 2): 1001*2 + 1000*2 = 4002 -> 0.004002
        (1001.0, 0.004002),
        # exactly at 5000: 5000 is not < 5000, the 1000 tier applies: 5000*2 + 1000*2 = 12000 -> 0.012
        (5000.0, 0.012),
        # just above 5000: the 5000 tier: 5001*4 + 1000*8 = 20004 + 8000 = 28004 -> 0.028004
        (5001.0, 0.028004),
        # well below every threshold: base: 10*1 + 1000*2 = 2010 -> 0.00201
        (10.0, 0.00201),
    ],
)
def test_tiers_largest_threshold_strictly_below_the_input(
    input_tokens: float, expected_per_call: float
) -> None:
    p = make_pitch([block(input_tokens=input_tokens, output_tokens=1000.0, price=TIERED_PRICE)])
    ev = evaluate(p)
    assert ev.blocks[0].cost_per_call == pytest.approx(expected_per_call, rel=1e-12)


def test_tier_above_zero_input_tokens() -> None:
    price = {
        "input_per_mtok": 1.0,
        "output_per_mtok": 1.0,
        "tiers": [{"above_input_tokens": 0.0, "output_per_mtok": 3.0}],
    }
    # 0 input tokens: 0 is not < 0, base price: 1000 * 1 / 1e6 = 0.001
    ev0 = evaluate(make_pitch([block(input_tokens=0.0, output_tokens=1000.0, price=price)]))
    assert ev0.blocks[0].cost_per_call == pytest.approx(0.001, rel=1e-12)
    # 1 input token: tier: (1*1 + 1000*3) / 1e6 = 0.003001
    ev1 = evaluate(make_pitch([block(input_tokens=1.0, output_tokens=1000.0, price=price)]))
    assert ev1.blocks[0].cost_per_call == pytest.approx(0.003001, rel=1e-12)


# ---------------------------------------------------------------------------------------------------
# price_multiplier, per_call_usd, disabled blocks, fractional counts
# ---------------------------------------------------------------------------------------------------


def test_price_multiplier_scales_tokens_and_per_call_price() -> None:
    p = make_pitch(
        [
            block(
                input_tokens=1000.0,
                output_tokens=1000.0,
                price={"input_per_mtok": 1.0, "output_per_mtok": 2.0},
                per_call_usd=0.01,
                price_multiplier=0.5,
            )
        ]
    )
    ev = evaluate(p)
    # token cost (1000*1 + 1000*2) / 1e6 = 0.003; (0.003 + 0.01) * 0.5 = 0.0065 per call
    assert ev.blocks[0].cost_per_call == pytest.approx(0.0065, rel=1e-12)
    # 30 calls: 0.195
    assert ev.cost_per_user_month == pytest.approx(0.195, rel=1e-12)


def test_per_call_usd_alone() -> None:
    p = make_pitch([block(input_tokens=0.0, output_tokens=0.0, per_call_usd=0.04, actions_per_day=5.0)])
    ev = evaluate(p)
    # 0.04 per call * (1 * 5 * 30 = 150 calls) = 6.0
    assert ev.cost_per_user_month == pytest.approx(6.0, rel=1e-12)
    # no tokens: blended price is null
    assert ev.tokens_per_user_month == 0.0
    assert ev.breakeven.blended_per_mtok is None


def test_disabled_block_costs_nothing_has_no_share_and_is_still_listed() -> None:
    p = make_pitch(
        [
            block("on", actions_per_day=2.0),
            block("off", enabled=False, actions_per_day=1000.0, output_tokens=5000.0),
        ]
    )
    ev = evaluate(p)
    assert [b.name for b in ev.blocks] == ["on", "off"]
    # on: $1 * 2 * 30 = 60
    assert ev.blocks[0].cost_per_user_month == pytest.approx(60.0, rel=1e-12)
    assert ev.blocks[0].share == pytest.approx(1.0, rel=1e-12)
    assert ev.blocks[1].cost_per_user_month == 0.0
    assert ev.blocks[1].share == 0.0
    assert ev.blocks[1].enabled is False
    assert ev.cost_per_user_month == pytest.approx(60.0, rel=1e-12)
    # tokens: only the enabled block: 1e6 * 60 calls = 6e7
    assert ev.tokens_per_user_month == pytest.approx(6e7, rel=1e-12)


def test_fractional_calls_and_actions() -> None:
    p = make_pitch(
        [
            block(
                input_tokens=1000.0,
                price={"input_per_mtok": 2.0, "output_per_mtok": 1.0},
                calls_per_action=0.5,
                actions_per_day=2.5,
            )
        ]
    )
    ev = evaluate(p)
    # calls = 0.5 * 2.5 * 1 * 30 = 37.5; per call 1000 * 2 / 1e6 = 0.002; 0.002 * 37.5 = 0.075
    assert ev.blocks[0].calls_per_user_month == pytest.approx(37.5, rel=1e-12)
    assert ev.cost_per_user_month == pytest.approx(0.075, rel=1e-12)


def test_zero_blocks() -> None:
    ev = evaluate(make_pitch([], price_per_user_month=20.0, target_gross_margin=0.7))
    assert ev.cost_per_user_month == 0.0
    assert ev.cost_per_paying_user_month == 0.0
    assert ev.required_drop == 0.0
    assert ev.orders_of_magnitude is None
    assert ev.verdict is Verdict.VIABLE_NOW
    assert ev.breakeven.blended_per_mtok is None
    assert ev.breakeven.breakeven_blended_per_mtok is None
    assert ev.breakeven.price_per_user_month == 0.0
    assert ev.arrival.earliest == AS_OF
    assert ev.arrival.latest == AS_OF
    assert ev.blocks == ()


def test_only_disabled_blocks_cost_zero_and_shares_are_zero() -> None:
    ev = evaluate(make_pitch([block("a", enabled=False), block("b", enabled=False)]))
    assert ev.cost_per_user_month == 0.0
    assert ev.orders_of_magnitude is None
    assert ev.verdict is Verdict.VIABLE_NOW
    assert [b.share for b in ev.blocks] == [0.0, 0.0]


# ---------------------------------------------------------------------------------------------------
# The business side
# ---------------------------------------------------------------------------------------------------


def test_free_users_payment_fees_and_inference_share() -> None:
    p = make_pitch(
        [block()],  # $1 a call, 30 calls: 30 per active user-month
        price_per_user_month=50.0,
        target_gross_margin=0.6,
        inference_share_of_cogs=0.5,
        payment_fee_fraction=0.3,
        free_users_per_paying_user=4.0,
    )
    ev = evaluate(p)
    assert ev.cost_per_user_month == pytest.approx(30.0, rel=1e-12)
    # cost per paying user = 30 * (1 + 4) = 150
    assert ev.cost_per_paying_user_month == pytest.approx(150.0, rel=1e-12)
    # budget = 50 * (1 - 0.3) * (1 - 0.6) * 0.5 = 50 * 0.7 * 0.4 * 0.5 = 7
    assert ev.budget_per_user_month == pytest.approx(7.0, rel=1e-12)
    # 150 / 7 = 21.428571...
    assert ev.required_drop == pytest.approx(150.0 / 7.0, rel=1e-12)
    # breakeven price = 150 / (0.7 * 0.4 * 0.5) = 150 / 0.14 = 1071.428571...
    assert ev.breakeven.price_per_user_month == pytest.approx(150.0 / 0.14, rel=1e-12)


def test_shares_sum_to_one() -> None:
    # $1 a call: costs 30, 60, 90 -> shares 1/6, 1/3, 1/2
    ev = evaluate(make_pitch([block("a"), block("b", actions_per_day=2.0), block("c", actions_per_day=3.0)]))
    shares = [b.share for b in ev.blocks]
    assert shares == pytest.approx([1 / 6, 1 / 3, 1 / 2], rel=1e-12)
    assert math.fsum(shares) == pytest.approx(1.0, rel=1e-12)


def test_tokens_blended_and_breakeven() -> None:
    a = block(
        "a",
        input_tokens=1000.0,
        output_tokens=200.0,
        reasoning_tokens=300.0,
        actions_per_day=2.0,
        price={"input_per_mtok": 1.0, "output_per_mtok": 2.0},
    )
    b = block(
        "b",
        input_tokens=500.0,
        output_tokens=500.0,
        calls_per_action=2.0,
        price={"input_per_mtok": 3.0, "output_per_mtok": 5.0},
    )
    ev = evaluate(make_pitch([a, b], price_per_user_month=1.0, target_gross_margin=0.5))
    # a: 60 calls; (1000*1 + 200*2 + 300*2 [reasoning defaults to output]) / 1e6 = 0.002 -> 0.12
    # b: 2 * 1 * 30 = 60 calls; (500*3 + 500*5) / 1e6 = 0.004 -> 0.24
    assert ev.blocks[0].cost_per_user_month == pytest.approx(0.12, rel=1e-12)
    assert ev.blocks[1].cost_per_user_month == pytest.approx(0.24, rel=1e-12)
    assert ev.cost_per_user_month == pytest.approx(0.36, rel=1e-12)
    # tokens: a (1000+200+300)*60 = 90000; b (500+500)*60 = 60000; total 150000
    assert ev.blocks[0].tokens_per_user_month == pytest.approx(90_000.0, rel=1e-12)
    assert ev.tokens_per_user_month == pytest.approx(150_000.0, rel=1e-12)
    # blended = 0.36 / 150000 * 1e6 = 2.4 $/M tokens
    assert ev.breakeven.blended_per_mtok == pytest.approx(2.4, rel=1e-12)
    # budget 1 * 0.5 = 0.5; required_drop = 0.36 / 0.5 = 0.72
    assert ev.required_drop == pytest.approx(0.72, rel=1e-12)
    # breakeven blended = 2.4 / 0.72 = 3.3333...
    assert ev.breakeven.breakeven_blended_per_mtok == pytest.approx(2.4 / 0.72, rel=1e-12)
    # breakeven price = 0.36 / (1 * 0.5 * 1) = 0.72
    assert ev.breakeven.price_per_user_month == pytest.approx(0.72, rel=1e-12)
    assert ev.verdict is Verdict.VIABLE_NOW


def test_usage_multiplier_and_active_days() -> None:
    ev = evaluate(
        make_pitch(
            [block("a"), block("b", actions_per_day=3.0)], usage_multiplier=2.5, active_days_per_month=12.0
        )
    )
    # a: calls = 1 * 1 * 2.5 * 12 = 30 -> $30; b: 1 * 3 * 2.5 * 12 = 90 -> $90
    assert ev.blocks[0].calls_per_user_month == pytest.approx(30.0, rel=1e-12)
    assert ev.blocks[1].calls_per_user_month == pytest.approx(90.0, rel=1e-12)
    assert ev.cost_per_user_month == pytest.approx(120.0, rel=1e-12)


# ---------------------------------------------------------------------------------------------------
# The verdict and its band edges
# ---------------------------------------------------------------------------------------------------


def _drop_pitch(cost: float, **kw: Any) -> Pitch:
    """Budget 1 (price 1, margin 0) and a cost of exactly ``cost``: $1 a call, ``cost`` calls on 1 day."""
    return make_pitch([block(actions_per_day=cost)], active_days_per_month=1.0, **kw)


@pytest.mark.parametrize(
    ("cost", "oom", "verdict"),
    [
        (1.0, 0.0, Verdict.VIABLE_NOW),  # required_drop 1/1 = 1: log10 = 0, (<= 0) viable now
        (10.0, 1.0, Verdict.ONE_ORDER),  # 10: log10 = 1, in (0, 1]
        (100.0, 2.0, Verdict.TWO_ORDERS),  # 100: log10 = 2, in (1, 2]
        (1000.0, 3.0, Verdict.BEYOND),  # 1000: log10 = 3, > 2
    ],
)
def test_verdict_exactly_at_band_edges(cost: float, oom: float, verdict: Verdict) -> None:
    ev = evaluate(_drop_pitch(cost))
    assert ev.required_drop == cost
    assert ev.orders_of_magnitude == pytest.approx(oom, abs=1e-15)
    assert ev.verdict is verdict


@pytest.mark.parametrize(
    ("cost", "verdict"),
    [
        (1.000001, Verdict.ONE_ORDER),  # log10 = 4.3e-7 > 0
        (10.00001, Verdict.TWO_ORDERS),  # log10 = 1 + 4.3e-7 > 1
        (100.0001, Verdict.BEYOND),  # log10 = 2 + 4.3e-7 > 2
        (0.999999, Verdict.VIABLE_NOW),  # log10 < 0
    ],
)
def test_verdict_just_past_band_edges(cost: float, verdict: Verdict) -> None:
    assert evaluate(_drop_pitch(cost)).verdict is verdict


def test_float_noise_never_changes_a_verdict() -> None:
    # budget = 30 * (1 - 0.8) = 5.999999999999998 in floating point (contract section 3)
    assert 30 * (1 - 0.8) == 5.999999999999998
    viable = evaluate(_drop_pitch(6.0, price_per_user_month=30.0, target_gross_margin=0.8))
    # 6 / 5.999999999999998 = 1.0000000000000004: log10 ~ 1e-16, rounds to 0 at 9 decimals -> viable now
    assert viable.budget_per_user_month == 5.999999999999998
    assert viable.verdict is Verdict.VIABLE_NOW
    one = evaluate(_drop_pitch(60.0, price_per_user_month=30.0, target_gross_margin=0.8))
    # 60 / 5.999999999999998 = 10.000000000000004: log10 = 1 + 1e-16, rounds to 1 -> one order
    assert one.verdict is Verdict.ONE_ORDER


@pytest.mark.parametrize(
    ("oom", "verdict"),
    [
        (None, Verdict.VIABLE_NOW),
        (-5.0, Verdict.VIABLE_NOW),
        (0.0, Verdict.VIABLE_NOW),
        (1e-10, Verdict.VIABLE_NOW),  # rounds to 0 at 9 decimals
        (2e-9, Verdict.ONE_ORDER),  # rounds to 2e-9 > 0
        (1e-6, Verdict.ONE_ORDER),
        (1.0, Verdict.ONE_ORDER),
        (1.0 + 1e-10, Verdict.ONE_ORDER),  # rounds to 1
        (1.0 + 2e-9, Verdict.TWO_ORDERS),
        (1.000001, Verdict.TWO_ORDERS),
        (2.0, Verdict.TWO_ORDERS),
        (2.0 + 1e-10, Verdict.TWO_ORDERS),
        (2.0 + 2e-9, Verdict.BEYOND),
        (2.000001, Verdict.BEYOND),
        (40.0, Verdict.BEYOND),
    ],
)
def test_verdict_for_around_each_edge(oom: float | None, verdict: Verdict) -> None:
    assert verdict_for(oom) is verdict


def test_verdict_words_are_the_contracts() -> None:
    assert Verdict.VIABLE_NOW.words == (
        "Viable at today's prices: if it doesn't exist yet, something other than cost is in the way"
    )
    assert Verdict.ONE_ORDER.words == "One order of magnitude away: roughly the next 18-24 months"
    assert Verdict.TWO_ORDERS.words == "Two orders of magnitude away: interesting but premature"
    assert Verdict.BEYOND.words == "Beyond the horizon: more than two orders of magnitude"


# ---------------------------------------------------------------------------------------------------
# Arrival dates
# ---------------------------------------------------------------------------------------------------


def test_arrival_custom_scenario_one_year() -> None:
    ev = evaluate(_drop_pitch(10.0, scenario=custom(10.0, 10.0)))
    # t* = ln 10 / ln 10 = 1 year = 365.25 days -> floor(365.25 + 0.5) = 365 days
    # 2026-01-01 + 365 days = 2027-01-01 (2026 is not a leap year)
    assert math.floor(365.25 + 0.5) == 365
    assert ev.arrival.earliest == date(2027, 1, 1)
    assert ev.arrival.latest == date(2027, 1, 1)
    assert ev.arrival.years_earliest == pytest.approx(1.0, rel=1e-12)


def test_arrival_seed_rule_window_to_the_day() -> None:
    ev = evaluate(_drop_pitch(10.0))  # default scenario: seed-rule
    # fast: k = 10**(12/18): t = 18 months = 1.5 years = 547.875 days -> 548 days
    # 2026-01-01 + 365 = 2027-01-01; + 181 (Jan..Jun 2027: 31+28+31+30+31+30) = 2027-07-01; + 2 = 2027-07-03
    assert ev.arrival.earliest == date(2027, 7, 3)
    assert ev.arrival.years_earliest == pytest.approx(1.5, rel=1e-12)
    # slow: k = 10**(12/24): t = 24 months = 2 years = 730.5 days -> the half rounds up: 731 days
    # 2026-01-01 + 730 = 2028-01-01 (neither 2026 nor 2027 is leap); + 1 = 2028-01-02
    assert ev.arrival.latest == date(2028, 1, 2)
    assert ev.arrival.years_latest == pytest.approx(2.0, rel=1e-12)


def test_arrival_beyond_fifty_years_is_none() -> None:
    ev = evaluate(_drop_pitch(10.0, scenario=custom(1.001, 10.0)))
    # fast at 10: one year -> 2027-01-01; slow at 1.001: ln 10 / ln 1.001 = 2303.7 years -> not within 50 years
    assert ev.arrival.earliest == date(2027, 1, 1)
    assert ev.arrival.latest is None
    both = evaluate(_drop_pitch(10.0, scenario=custom(1.001, 1.001)))
    assert both.arrival.earliest is None
    assert both.arrival.latest is None


@pytest.mark.parametrize("cost", [1.0, 0.5, 0.0])
def test_arrival_when_already_viable_is_as_of(cost: float) -> None:
    ev = evaluate(_drop_pitch(cost))
    assert ev.arrival.earliest == AS_OF
    assert ev.arrival.latest == AS_OF


def test_arrival_window_function_directly() -> None:
    # drop 100 at k = 10: 2 years = 730.5 days -> 731 days; at k = 100: 1 year -> 365 days
    w = arrival_window(date(2030, 6, 1), 100.0, 10.0, 100.0)
    assert w.earliest == date(2030, 6, 1) + timedelta(days=365)
    assert w.latest == date(2030, 6, 1) + timedelta(days=731)


def test_projection_series() -> None:
    ev = evaluate(_drop_pitch(10.0, scenario=custom(2.0, 4.0)))
    proj = ev.projection
    # 0..72 months inclusive: 73 points
    assert PROJECTION_MONTHS == 72
    assert len(proj.months) == 73
    assert len(proj.fast) == 73
    assert len(proj.slow) == 73
    assert len(proj.dates) == 73
    assert proj.months[0] == 0.0
    assert proj.months[-1] == 72.0
    assert proj.fast[0] == pytest.approx(10.0, rel=1e-12)
    # after 12 months: cost / high = 10 / 4 = 2.5; cost / low = 10 / 2 = 5
    assert proj.fast[12] == pytest.approx(2.5, rel=1e-12)
    assert proj.slow[12] == pytest.approx(5.0, rel=1e-12)
    # after 72 months: 10 / 4**6 = 10 / 4096; 10 / 2**6 = 10 / 64
    assert proj.fast[72] == pytest.approx(10 / 4096, rel=1e-12)
    assert proj.slow[72] == pytest.approx(10 / 64, rel=1e-12)
    assert proj.budget == pytest.approx(1.0, rel=1e-12)
    assert proj.dates[0] == AS_OF
    assert proj.dates[12] == date(2027, 1, 1)  # 365.25 days -> 365


def test_projection_uses_cost_per_paying_user() -> None:
    ev = evaluate(_drop_pitch(10.0, scenario=custom(2.0, 4.0), free_users_per_paying_user=1.0))
    # paying = 10 * (1 + 1) = 20; after a year 20 / 4 = 5
    assert ev.projection.fast[0] == pytest.approx(20.0, rel=1e-12)
    assert ev.projection.fast[12] == pytest.approx(5.0, rel=1e-12)


# ---------------------------------------------------------------------------------------------------
# Scenarios and the fit
# ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sid", "low", "high"),
    [
        ("seed-rule", 10 ** (12 / 24), 10 ** (12 / 18)),  # exactly, not the CSV's 3.16 / 4.64
        ("ng-gpt4", 4.72, 4.72),
        ("llmflation", 10.0, 10.0),
        ("price-of-progress", 5.0, 10.0),
        ("epoch-gpt4-mmlu", 4.1, 61.5),
        ("supply-constrained", 2.5, 3.5),
    ],
)
def test_builtin_scenario_factors(sid: str, low: float, high: float) -> None:
    sc = builtin_scenarios()[sid]
    assert sc.annual_decline_low == low
    assert sc.annual_decline_high == high
    assert sc.source


def test_builtin_scenarios_are_exactly_the_contracts_seven() -> None:
    assert set(builtin_scenarios()) == {
        "seed-rule",
        "ng-gpt4",
        "llmflation",
        "price-of-progress",
        "epoch-gpt4-mmlu",
        "supply-constrained",
        "gpu-price-performance",
    }


def test_gpu_price_performance_is_hardware_alone_doubling_every_2_07_years() -> None:
    sc = builtin_scenarios()["gpu-price-performance"]
    # docs/contract.md 6.2: low = high = 2 ** (1 / 2.07) = 1.3977...: a 2x drop takes exactly 2.07 years
    assert sc.annual_decline_low == sc.annual_decline_high == 2 ** (1 / 2.07)
    assert sc.annual_decline_low**2.07 == pytest.approx(2.0, rel=1e-12)


def test_seed_rule_months_per_10x() -> None:
    sc = builtin_scenarios()["seed-rule"]
    # 12 / log10(10**(12/24)) = 24 months; 12 / log10(10**(12/18)) = 18 months
    assert sc.months_per_10x_slow == pytest.approx(24.0, rel=1e-12)
    assert sc.months_per_10x_fast == pytest.approx(18.0, rel=1e-12)


def test_fit_gpt4_blended_price_gives_4_7x_per_year() -> None:
    start, end = date(2023, 3, 14), date(2024, 8, 14)  # 17 months apart
    # days: 2023-03-14 -> 2024-03-14 = 366 (Feb 29 2024); -> 2024-08-14: 31+30+31+30+31 = 153; total 519
    assert (end - start).days == 519
    fit = fit_decline([(start, 36.0), (end, 4.0)])
    # t = 519 / 365.25 = 1.42094 years; k = (36/4)**(1/t) = 9**(365.25/519)
    # ln 9 = 2.197225 * 0.703757 = 1.546311 -> k = e**1.546311 = 4.694
    assert fit.annual_factor == pytest.approx(9 ** (365.25 / 519), rel=1e-9)
    assert round(fit.annual_factor, 1) == 4.7
    # decline = 1 - 1/4.694 = 0.787 -> 79% a year
    assert round(fit.annual_decline_fraction, 2) == 0.79
    assert fit.points == 2
    assert fit.r_squared is None


def test_fit_from_drop_17_months() -> None:
    # (36/4)**(12/17) = 9**0.70588 = e**(2.197225*0.705882) = e**1.550982 = 4.716
    assert fit_from_drop(36.0, 4.0, 17.0) == pytest.approx(9 ** (12 / 17), rel=1e-12)
    assert round(fit_from_drop(36.0, 4.0, 17.0), 1) == 4.7


def test_fit_three_points_on_exact_exponential_recovers_the_factor() -> None:
    origin = date(2024, 1, 1)
    k = 5.0
    days = [0, 365, 1000]
    # price(t) = 100 / 5**t with t = days / 365.25
    points = [(origin + timedelta(days=d), 100.0 / k ** (d / 365.25)) for d in days]
    fit = fit_decline(points)
    assert fit.annual_factor == pytest.approx(5.0, rel=1e-9)
    # 1 - 1/5 = 0.8
    assert fit.annual_decline_fraction == pytest.approx(0.8, rel=1e-9)
    assert fit.points == 3
    assert fit.r_squared == pytest.approx(1.0, abs=1e-12)


def test_fit_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        fit_decline([(date(2024, 1, 1), 1.0)])
    with pytest.raises(ValueError):
        fit_decline([(date(2024, 1, 1), 1.0), (date(2024, 1, 1), 2.0)])
    with pytest.raises(ValueError):
        fit_decline([(date(2024, 1, 1), 1.0), (date(2025, 1, 1), 0.0)])
