"""The Monte Carlo's one-block arithmetic (``core.engine.sampled_block_cost``) against the kernel.

``sampled_block_cost`` is the arithmetic of ``cost_kernel`` for one block, written without temporaries for
the Monte Carlo; whatever the block (tiers, cache fractions, modality tokens, a price per call) and whichever
of its fields are sampled, it must give the kernel's figure for every sample.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.engine import cost_kernel, prepare, sampled_block_cost
from core.pitch import BLOCK_FIELDS, Pitch

N = 64
SAMPLED = st.sets(st.sampled_from(BLOCK_FIELDS), max_size=5)
COUNT = st.one_of(st.just(0.0), st.floats(min_value=1e-6, max_value=1e9))
PRICE = st.floats(min_value=0.0, max_value=1e3)


@st.composite
def block_docs(draw: st.DrawFn) -> dict[str, Any]:
    cached = draw(st.floats(min_value=0.0, max_value=1.0))
    write = draw(st.floats(min_value=0.0, max_value=1.0 - cached))
    price: dict[str, Any] = {f: draw(PRICE) for f in ("input_per_mtok", "output_per_mtok")}
    for f in ("cached_input_per_mtok", "cache_write_per_mtok", "reasoning_per_mtok", "audio_input_per_mtok"):
        if draw(st.booleans()):
            price[f] = draw(PRICE)
    thresholds = sorted(draw(st.lists(st.floats(min_value=0.0, max_value=1e6), max_size=3, unique=True)))
    if thresholds:
        price["tiers"] = [
            {"above_input_tokens": a, "input_per_mtok": draw(PRICE), "output_per_mtok": draw(PRICE)}
            for a in thresholds
        ]
    doc: dict[str, Any] = {
        "name": "b",
        "price": price,
        "input_tokens": draw(st.floats(min_value=0.0, max_value=2e6)),
        "output_tokens": draw(COUNT),
        "reasoning_tokens": draw(COUNT),
        "audio_input_tokens": draw(COUNT),
        "cached_input_fraction": cached,
        "cache_write_fraction": write,
        "calls_per_action": draw(COUNT),
        "actions_per_day": draw(COUNT),
        "price_multiplier": draw(st.floats(min_value=0.01, max_value=10.0)),
        "per_call_usd": draw(st.one_of(st.just(0.0), st.floats(min_value=0.0, max_value=1.0))),
    }
    return doc


def _pitch(blocks: list[dict[str, Any]]) -> Pitch:
    return Pitch.model_validate(
        {
            "format": "computecurve.pitch",
            "schema_version": 2,
            "name": "sampled",
            "as_of": "2026-03-23",
            "business": {"price_per_user_month": 20.0, "target_gross_margin": 0.7},
            "blocks": blocks,
        }
    )


def _draws(rng: np.random.Generator, field: str, value: float) -> np.ndarray:
    if field in ("cached_input_fraction", "cache_write_fraction"):
        return rng.uniform(0.0, 0.5, N)  # two sampled fractions never sum past 1
    if field == "input_tokens":
        return rng.uniform(0.0, 2e6, N)  # across every tier threshold
    return value * np.exp(rng.normal(0.0, 1.0, N)) if value > 0 else rng.uniform(0.0, 10.0, N)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(block_docs(), min_size=1, max_size=3), st.data())
def test_sampled_block_cost_is_the_kernels_arithmetic(
    blocks: list[dict[str, Any]], data: st.DataObject
) -> None:
    prep = prepare(_pitch(blocks))
    b = data.draw(st.integers(min_value=0, max_value=len(blocks) - 1))
    fields = data.draw(SAMPLED)
    rng = np.random.default_rng(len(fields) + b)
    draws = {f: _draws(rng, f, float(prep.block_values[f][b])) for f in sorted(fields)}
    # the kernel, for the same samples: every block's columns, block b's sampled
    columns = {f: np.repeat(prep.block_values[f][None, :], N, axis=0) for f in draws}
    for f, v in draws.items():
        columns[f][:, b] = v
    unit = {"usage_multiplier": np.ones(1), "active_days_per_month": np.ones(1)}
    expected = np.asarray(cost_kernel(prep, columns, unit, n=N).block_cost[:, b])
    got = sampled_block_cost(prep, b, draws, np.empty(N), np.empty(N))
    np.testing.assert_allclose(got, expected, rtol=1e-14, atol=0)


def test_sampled_block_cost_by_hand() -> None:
    # $2/M input, $10/M output, cached input at $0.5/M; 1,000 input tokens of which 40% cached, 100 output
    # tokens; a price per call of $0.001; batch (x0.5); 2 calls per action.
    # token cost = (1000 * (0.6 * 2 + 0.4 * 0.5) + 100 * 10) / 1e6 = (1400 + 1000) / 1e6 = 0.0024
    # cost per call = 0.5 * (0.0024 + 0.001) = 0.0017; per user-month at usage x days = 1: 0.0017 * 2 * apd
    prep = prepare(
        _pitch(
            [
                {
                    "name": "hand",
                    "price": {"input_per_mtok": 2.0, "output_per_mtok": 10.0, "cached_input_per_mtok": 0.5},
                    "input_tokens": 1000.0,
                    "output_tokens": 100.0,
                    "cached_input_fraction": 0.4,
                    "calls_per_action": 2.0,
                    "actions_per_day": 1.0,
                    "price_multiplier": 0.5,
                    "per_call_usd": 0.001,
                }
            ]
        )
    )
    actions = np.array([1.0, 10.0, 0.0])
    got = sampled_block_cost(prep, 0, {"actions_per_day": actions}, np.empty(3), np.empty(3))
    np.testing.assert_allclose(got, [0.0034, 0.034, 0.0], rtol=1e-12)
