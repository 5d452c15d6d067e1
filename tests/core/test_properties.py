"""Property tests: what must hold for every valid pitch, with values across 1e-9..1e12 where bounds allow."""

from __future__ import annotations

import copy
import math
from datetime import date
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.engine import evaluate, prepare
from core.pitch import Pitch
from core.pitch_io import dump_pitch_bytes, load_pitch_bytes
from core.scenarios import builtin_scenarios, custom_scenario
from core.uncertainty import monte_carlo, sensitivity

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def magnitude(lo_exp: float, hi_exp: float, *, lo: float, hi: float, zero: bool) -> st.SearchStrategy[float]:
    """10**e for e uniform in [lo_exp, hi_exp], clamped to [lo, hi]; optionally 0 and the bounds themselves."""
    spread = st.floats(min_value=lo_exp, max_value=hi_exp).map(lambda e: min(hi, max(lo, 10.0**e)))
    options = [spread, st.just(hi), st.just(lo)]
    if zero:
        options.append(st.just(0.0))
    return st.one_of(*options)


COUNT = magnitude(-9, 12, lo=1e-9, hi=1e12, zero=True)
PRICE = magnitude(-9, 6, lo=1e-9, hi=1e6, zero=True)
POSITIVE_PRICE = magnitude(-9, 6, lo=1e-9, hi=1e6, zero=False)
TEXT = st.text(min_size=1, max_size=20)


def _range_around(draw: st.DrawFn, value: float) -> list[float]:
    """A valid 90% interval for a positive quantity around ``value`` (> 0)."""
    lo_f = draw(st.floats(min_value=1e-3, max_value=1.0))
    hi_f = draw(st.floats(min_value=1.0, max_value=1e3))
    return [value * lo_f, value * hi_f]


def _fraction_range(draw: st.DrawFn, value: float, top: float = 1.0) -> list[float]:
    a = draw(st.floats(min_value=0.0, max_value=1.0))
    b = draw(st.floats(min_value=0.0, max_value=1.0))
    return [value * a, min(top, value + (top - value) * b)]


@st.composite
def price_specs(draw: st.DrawFn) -> dict[str, Any]:
    spec: dict[str, Any] = {"input_per_mtok": draw(PRICE), "output_per_mtok": draw(PRICE)}
    for f in ("cached_input_per_mtok", "cache_write_per_mtok", "reasoning_per_mtok"):
        if draw(st.booleans()):
            spec[f] = draw(PRICE)
    thresholds = draw(st.lists(COUNT, max_size=3, unique=True))
    tiers = []
    for above in thresholds:
        tier: dict[str, Any] = {"above_input_tokens": above}
        for f in ("input_per_mtok", "output_per_mtok", "cached_input_per_mtok", "reasoning_per_mtok"):
            if draw(st.booleans()):
                tier[f] = draw(PRICE)
        tiers.append(tier)
    if tiers:
        spec["tiers"] = tiers
    return spec


@st.composite
def blocks(draw: st.DrawFn) -> dict[str, Any]:
    cached = draw(st.floats(min_value=0.0, max_value=1.0))
    write = draw(st.floats(min_value=0.0, max_value=1.0 - cached))
    b: dict[str, Any] = {
        "name": draw(TEXT),
        "enabled": draw(st.booleans()),
        "price": draw(price_specs()),
        "input_tokens": draw(COUNT),
        "output_tokens": draw(COUNT),
        "reasoning_tokens": draw(COUNT),
        "cached_input_fraction": cached,
        "cache_write_fraction": write,
        "calls_per_action": draw(COUNT),
        "actions_per_day": draw(COUNT),
        "price_multiplier": draw(POSITIVE_PRICE),
        "per_call_usd": draw(PRICE),
    }
    ranges: dict[str, list[float]] = {}
    for f in ("input_tokens", "output_tokens", "calls_per_action", "actions_per_day", "price_multiplier"):
        if b[f] > 0 and draw(st.booleans()):
            ranges[f] = _range_around(draw, b[f])
    if draw(st.booleans()):
        ranges["cached_input_fraction"] = _fraction_range(draw, cached)
    if ranges:
        b["ranges"] = ranges
    return b


@st.composite
def businesses(draw: st.DrawFn) -> dict[str, Any]:
    biz: dict[str, Any] = {
        "price_per_user_month": draw(magnitude(-2, 9, lo=0.01, hi=1e9, zero=False)),
        "target_gross_margin": draw(st.floats(min_value=0.0, max_value=1 - 1e-9)),
        "inference_share_of_cogs": draw(st.floats(min_value=1e-9, max_value=1.0)),
        "active_days_per_month": draw(st.floats(min_value=1e-9, max_value=31.0)),
        "usage_multiplier": draw(magnitude(-9, 6, lo=1e-9, hi=1e6, zero=False)),
        "free_users_per_paying_user": draw(magnitude(-9, 9, lo=1e-9, hi=1e9, zero=True)),
        "payment_fee_fraction": draw(st.floats(min_value=0.0, max_value=1 - 1e-9)),
    }
    ranges: dict[str, list[float]] = {}
    for f in ("usage_multiplier", "price_per_user_month"):
        if draw(st.booleans()):
            ranges[f] = _range_around(draw, biz[f])
    if draw(st.booleans()):
        ranges["target_gross_margin"] = _fraction_range(draw, biz["target_gross_margin"], 1 - 1e-9)
    if ranges:
        biz["ranges"] = ranges
    return biz


@st.composite
def scenarios(draw: st.DrawFn) -> Any:
    if draw(st.booleans()):
        return draw(st.sampled_from(sorted(builtin_scenarios())))
    low = draw(st.floats(min_value=1.001, max_value=1000.0))
    high = draw(st.floats(min_value=low, max_value=1000.0))
    return {"name": draw(TEXT), "annual_decline_low": low, "annual_decline_high": high}


@st.composite
def pitch_docs(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "format": "computecurve.pitch",
        "schema_version": 2,
        "name": draw(TEXT),
        "notes": draw(st.text(max_size=40)),
        "as_of": draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))).isoformat(),
        "business": draw(businesses()),
        "scenario": draw(scenarios()),
        "blocks": draw(st.lists(blocks(), max_size=4)),
    }


def _later_or_equal(a: date | None, b: date | None) -> bool:
    """a >= b, None being "not within 50 years" (later than any date)."""
    if a is None:
        return True
    if b is None:
        return False
    return a >= b


def _finite_or_none(x: float | None) -> bool:
    return x is None or math.isfinite(x)


# ---------------------------------------------------------------------------------------------------


@SETTINGS
@given(pitch_docs())
def test_save_then_load_gives_an_equal_pitch(doc: dict[str, Any]) -> None:
    pitch = Pitch.model_validate(doc)
    loaded = load_pitch_bytes(dump_pitch_bytes(pitch), source="roundtrip.pitch.json")
    assert loaded == pitch
    # and a second round trip is byte-identical
    assert dump_pitch_bytes(loaded) == dump_pitch_bytes(pitch)


@SETTINGS
@given(pitch_docs(), st.data())
def test_more_calls_never_cost_less(doc: dict[str, Any], data: st.DataObject) -> None:
    if not doc["blocks"]:
        doc["blocks"] = [data.draw(blocks())]
    i = data.draw(st.integers(min_value=0, max_value=len(doc["blocks"]) - 1))
    field = data.draw(st.sampled_from(["calls_per_action", "actions_per_day"]))
    more = copy.deepcopy(doc)
    old = more["blocks"][i][field]
    new = data.draw(st.floats(min_value=old, max_value=1e12))
    more["blocks"][i][field] = new
    more["blocks"][i].pop("ranges", None)
    less_pitch = copy.deepcopy(doc)
    less_pitch["blocks"][i].pop("ranges", None)
    before = evaluate(Pitch.model_validate(less_pitch))
    after = evaluate(Pitch.model_validate(more))
    assert after.cost_per_user_month >= before.cost_per_user_month
    assert after.cost_per_paying_user_month >= before.cost_per_paying_user_month
    assert after.required_drop >= before.required_drop


@SETTINGS
@given(
    pitch_docs(), st.floats(min_value=1.001, max_value=1000.0), st.floats(min_value=1.001, max_value=1000.0)
)
def test_a_faster_decline_never_arrives_later(doc: dict[str, Any], k1: float, k2: float) -> None:
    slow_k, fast_k = min(k1, k2), max(k1, k2)
    pitch = Pitch.model_validate(doc)
    slow = evaluate(pitch, scenario=custom_scenario("slow", slow_k, slow_k))
    fast = evaluate(pitch, scenario=custom_scenario("fast", fast_k, fast_k))
    assert _later_or_equal(slow.arrival.earliest, fast.arrival.earliest)
    assert _later_or_equal(slow.arrival.latest, fast.arrival.latest)
    assert slow.arrival.years_earliest >= fast.arrival.years_earliest
    # within one scenario the fast end (high factor) is never later than the slow end
    own = evaluate(pitch)
    assert _later_or_equal(own.arrival.latest, own.arrival.earliest)


@SETTINGS
@given(pitch_docs())
def test_no_nan_or_infinity_reaches_an_output(doc: dict[str, Any]) -> None:
    pitch = Pitch.model_validate(doc)
    prep = prepare(pitch)
    ev = evaluate(pitch)
    for x in (
        ev.cost_per_user_month,
        ev.cost_per_paying_user_month,
        ev.budget_per_user_month,
        ev.required_drop,
        ev.tokens_per_user_month,
        ev.arrival.years_earliest,
        ev.arrival.years_latest,
        ev.breakeven.price_per_user_month,
        ev.gross_margin_today,
    ):
        assert math.isfinite(x)
    assert _finite_or_none(ev.orders_of_magnitude)
    assert _finite_or_none(ev.breakeven.blended_per_mtok)
    assert _finite_or_none(ev.breakeven.breakeven_blended_per_mtok)
    for b in ev.blocks:
        for x in (
            b.cost_per_user_month,
            b.share,
            b.cost_per_call,
            b.calls_per_user_month,
            b.tokens_per_user_month,
        ):
            assert math.isfinite(x)
        assert 0.0 <= b.share <= 1.0 + 1e-12
    for arr in (ev.projection.fast, ev.projection.slow):
        assert np.all(np.isfinite(arr))

    for row in sensitivity(prep):
        for x in (row.value, row.low, row.high, row.swing):
            assert math.isfinite(x)
        for y in (row.oom_low, row.oom_high, row.better_at, row.worse_at):
            assert _finite_or_none(y)

    mc = monte_carlo(prep, samples=256, seed=0)
    assert math.isfinite(mc.p_viable_now)
    assert 0.0 <= mc.p_viable_now <= 1.0
    for x in (mc.years_p10, mc.years_p50, mc.years_p90):
        assert math.isfinite(x)
    for arr in (mc.p_viable_by_month, mc.fan_p10, mc.fan_p50, mc.fan_p90):
        assert np.all(np.isfinite(arr))
