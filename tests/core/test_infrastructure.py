"""The infrastructure view's figures (core/infrastructure.py): the chain, prices against utilisation, the
break-even utilisation, and the edits of a pitch's deployments. Every expected number is worked out here."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from core.deployments import deployment_costs
from core.engine import evaluate
from core.errors import PitchError
from core.formatting import format_gpu_hour
from core.infrastructure import (
    ApiPrice,
    blocks_using,
    breakeven_sentence,
    breakeven_utilisation,
    deployment_chain,
    utilisation_curve,
    utilisation_prices,
    without_deployment,
)
from core.pitch import Deployment, Pitch
from core.presets import preset, use_deployment
from core.report import breakeven_sentence as pitch_breakeven_sentence

SEED: dict[str, Any] = {
    "id": "seed-fleet",
    "name": "100 x H100, owned",
    "gpu": "H100 SXM",
    "ownership": {"gpus": 100.0, "total_cost_usd": 8.6e6, "years": 5.0, "purchase_usd": 3e6},
    "utilisation": 0.7,
    "input_tokens_per_second_per_gpu": 9000.0,
    "output_tokens_per_second_per_gpu": 1850.0,
    "source": "seed essay",
}
RENTAL: dict[str, Any] = {**SEED, "id": "rent", "ownership": None, "gpu_hour_usd": 2.0, "utilisation": 0.5}


def _pitch(**extra: Any) -> Pitch:
    return Pitch.model_validate(
        {
            "format": "computecurve.pitch",
            "schema_version": 2,
            "name": "Self-hosted",
            "as_of": "2026-03-23",
            "business": {"price_per_user_month": 20.0, "target_gross_margin": 0.6},
            "deployments": [SEED],
            "blocks": [
                {
                    "name": "Chat",
                    "deployment": "seed-fleet",
                    "price": {"cached_input_per_mtok": 0.01},
                    "input_tokens": 1000,
                    "output_tokens": 200,
                    "cached_input_fraction": 0.5,
                    "calls_per_action": 1,
                    "actions_per_day": 10,
                },
                {
                    "name": "Search",
                    "model": "openai:gpt-4o-mini",
                    "price": {"input_per_mtok": 0.15, "output_per_mtok": 0.6},
                    "input_tokens": 500,
                    "output_tokens": 100,
                    "calls_per_action": 1,
                    "actions_per_day": 5,
                },
            ],
            **extra,
        }
    )


def test_the_seeds_chain_reads_as_the_seed_quotes_it() -> None:
    chain = {s.key: s for s in deployment_chain(Deployment.model_validate(SEED))}
    assert [s for s in chain] == ["gpu_hour", "gpu_share", "paid_hour", "input", "output"]
    # 8,600,000 / (100 x 5 x 8,766) = 1.962126...; 3 / 8.6 = 34.88%; 1.962126 / 0.7 = 2.803038
    assert chain["gpu_hour"].text == "$1.9621 per GPU-hour"
    assert chain["gpu_hour"].how == "$8,600,000 / (100 GPUs x 5 years x 8,766 hours a year)"
    assert chain["gpu_share"].text == "34.9% of the total cost"
    assert chain["paid_hour"].text == "$2.8030 per paid hour"
    # output 2.8030377 / (1,850 x 3,600) x 1e6 = 0.420877; input / (9,000 x 3,600) x 1e6 = 0.086514
    assert chain["output"].value == pytest.approx(0.420877, abs=1e-6)
    assert chain["input"].value == pytest.approx(0.086514, abs=1e-6)
    assert chain["output"].text == "$0.421 / M tokens"
    assert chain["gpu_hour"].source == "seed essay"


def test_a_rental_chain_at_half_use() -> None:
    chain = {s.key: s for s in deployment_chain(Deployment.model_validate(RENTAL))}
    assert list(chain) == ["gpu_hour", "paid_hour", "input", "output"]
    # $2.00 / 0.5 = $4.00 per paid hour; 4 / (1,850 x 3,600) x 1e6 = 4 / 6.66 = 0.600601
    assert chain["paid_hour"].value == 4.0 and chain["paid_hour"].text == "$4.0000 per paid hour"
    assert chain["output"].value == pytest.approx(0.600601, abs=1e-6)
    assert chain["output"].how == "$4.0000 / (1,850 tokens/s x 3,600 s) x 1,000,000"


def test_a_components_chain_lists_each_part_before_their_sum() -> None:
    d = Deployment.model_validate(
        {
            **SEED,
            "ownership": None,
            "components": {
                "capex_usd_per_gpu": 43830.0,
                "years": 5.0,
                "power_kw_per_gpu": 1.0,
                "pue": 1.5,
                "electricity_usd_per_kwh": 0.1,
                "facility_usd_per_kw_month": 730.5,
                "operations_fraction_of_capex_per_year": 0.1,
            },
        }
    )
    chain = {s.key: s for s in deployment_chain(d)}
    assert list(chain)[:5] == ["capital", "power", "facility", "operations", "gpu_hour"]
    # capital 43,830 / 5 / 8,766 = $1.00; power 1 x 1.5 x 0.1 = $0.15; facility 730.5 x 1 x 12 / 8,766 = $1.00;
    # operations 0.1 x 43,830 / 8,766 = $0.50; sum $2.65
    assert [chain[k].value for k in ("capital", "power", "facility", "operations")] == pytest.approx(
        [1.0, 0.15, 1.0, 0.5], rel=1e-12
    )
    assert chain["gpu_hour"].text == "$2.6500 per GPU-hour"


def test_prices_against_utilisation_are_the_contracts_at_every_point() -> None:
    d = Deployment.model_validate(RENTAL)
    u = np.array([0.1, 0.25, 0.5, 1.0])
    inp, out = utilisation_prices(d, u)
    # output: 2 / u / 6.66 (= 1,850 x 3,600 / 1e6); input: 2 / u / 32.4 (= 9,000 x 3,600 / 1e6)
    assert out == pytest.approx(2 / u / 6.66, rel=1e-12)
    assert inp == pytest.approx(2 / u / 32.4, rel=1e-12)
    for x, o in zip(u, out, strict=True):
        assert o == pytest.approx(deployment_costs(d, utilisation=float(x)).output_per_mtok, rel=1e-12)


def test_the_break_even_utilisation_both_ways() -> None:
    d = Deployment.model_validate(RENTAL)
    # against $1.20 per M output: u* = 2 / (1.2 / 1e6 x 3,600 x 1,850) = 2 / 7.992 = 0.25025
    u_star = breakeven_utilisation(d, 1.2)
    assert u_star == pytest.approx(2 / 7.992, rel=1e-12)
    assert deployment_costs(d, utilisation=u_star).output_per_mtok == pytest.approx(1.2, rel=1e-12)
    assert "25% utilisation" in breakeven_sentence(d, "m", 1.2)
    assert "cheaper than the API" in breakeven_sentence(d, "m", 1.2)  # it runs at 50%, above 25%
    # against $0.30: u* = 2 / 1.998 = 1.001: above 100%, no break-even; at full use it costs 2 / 6.66 = $0.300
    assert breakeven_utilisation(d, 0.30) is None
    assert breakeven_sentence(d, "m", 0.30).startswith("No break-even in (0, 100%]")
    assert breakeven_utilisation(d, 0.0) is None
    # against $0.60: u* = 2 / 3.996 = 0.5005, just above its 50%: dearer than the API
    assert "dearer than the API" in breakeven_sentence(d, "m", 0.60)


def test_blocks_are_moved_onto_an_existing_deployment_as_one_edit() -> None:
    pitch = _pitch()
    assert blocks_using(pitch, "seed-fleet") == (0,)
    moved = use_deployment(pitch, "seed-fleet", (1,))
    assert blocks_using(moved, "seed-fleet") == (0, 1)
    b = moved.blocks[1]
    assert b.model is None and b.price is None  # a deployment gives the input and output prices
    ev = evaluate(moved)
    assert ev.blocks[1].price.base.output_per_mtok == pytest.approx(
        evaluate(pitch).blocks[0].price.base.output_per_mtok
    )
    assert ev.blocks[1].price.deployment_id == "seed-fleet"
    with pytest.raises(PitchError):
        use_deployment(pitch, "nope", (1,))
    with pytest.raises(PitchError):
        use_deployment(pitch, "seed-fleet", (5,))


def test_removing_a_deployment_leaves_its_blocks_at_its_prices() -> None:
    pitch = _pitch()
    before = evaluate(pitch)
    after_pitch = without_deployment(pitch, "seed-fleet")
    assert after_pitch.deployments == ()
    block = after_pitch.blocks[0]
    assert block.deployment is None and block.price is not None
    assert block.price.cached_input_per_mtok == 0.01  # its own price is kept
    after = evaluate(after_pitch)
    assert after.cost_per_user_month == pytest.approx(before.cost_per_user_month, rel=1e-12)
    with pytest.raises(PitchError):
        without_deployment(after_pitch, "seed-fleet")


def test_the_seeds_preset_chain() -> None:
    d = preset("seed-c9-h100-fleet").deployment
    assert d is not None
    texts = [s.text for s in deployment_chain(d)]
    assert texts[:3] == ["$1.9621 per GPU-hour", "34.9% of the total cost", "$2.8030 per paid hour"]
    assert format_gpu_hour(deployment_costs(d).paid_hour_usd) == "$2.8030"


def test_break_even_with_a_price_per_call_is_every_price_at_one_over_the_drop() -> None:
    pitch = Pitch.model_validate(
        {
            "format": "computecurve.pitch",
            "schema_version": 2,
            "name": "Per call",
            "as_of": "2026-03-23",
            "business": {"price_per_user_month": 10.0, "target_gross_margin": 0.5},
            "blocks": [
                {
                    "name": "Image",
                    "price": {"input_per_mtok": 1.0, "output_per_mtok": 1.0},
                    "input_tokens": 0,
                    "output_tokens": 0,
                    "per_call_usd": 0.05,
                    "calls_per_action": 1,
                    "actions_per_day": 10,
                }
            ],
        }
    )
    ev = evaluate(pitch)
    # cost 0.05 x 10 x 30 = $15; budget 10 x 0.5 = $5; drop 3; break-even subscription 10 x 3 = $30
    assert ev.required_drop == pytest.approx(3.0)
    assert ev.breakeven.breakeven_blended_per_mtok is None
    assert pitch_breakeven_sentence(ev) == (
        "Viable when every price, per token and per call, is at most 1/3 of today's (33.3%), "
        "or today at $30.00 per paying user-month"
    )


def test_the_curve_runs_to_full_use_and_carries_the_break_even() -> None:
    d = Deployment.model_validate(RENTAL)
    # against $3.00 per M output: u* = 2 / (3 / 1e6 x 3,600 x 1,850) = 2 / 19.98 = 0.1001, below 20%
    curve = utilisation_curve(d, ApiPrice("m", 0.75, 3.0))
    assert curve.u[-1] == 1.0 and curve.u[0] == pytest.approx(2 / 19.98 / 4)  # from a quarter of u*
    assert curve.output_per_mtok[-1] == pytest.approx(2 / 6.66)
    assert curve.breakeven == pytest.approx(2 / 19.98)
    assert curve.own_output_per_mtok == pytest.approx(4 / 6.66)  # at its own 50%
    assert np.all(np.diff(curve.output_per_mtok) < 0)  # falls as 1 / u
    bare = utilisation_curve(d)
    assert bare.breakeven is None and bare.sentence == "" and bare.u[0] == pytest.approx(0.05)  # 0.2 / 4
