"""Schema version 2 end to end in the engine: modality tokens (docs/contract.md 6.1), migration, and
the robustness rules that came with it (every failing block reported; no division that underflows)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from core.analysis import analyse, block_index
from core.engine import evaluate
from core.errors import PitchError, PitchErrors
from core.pitch import Pitch
from core.pitch_io import dump_pitch_bytes, load_pitch, load_pitch_bytes

FIXTURES = Path(__file__).parent / "fixtures"


def pitch(blocks: list[dict[str, Any]], **business: Any) -> Pitch:
    return Pitch.model_validate(
        {
            "format": "computecurve.pitch",
            "schema_version": 2,
            "name": "v2",
            "as_of": "2026-06-01",
            "business": {"price_per_user_month": 20.0, "target_gross_margin": 0.7, **business},
            "blocks": blocks,
        }
    )


def test_audio_tokens_on_a_realtime_model_are_priced_from_the_catalog() -> None:
    block = {
        "name": "Voice minute",
        "model": "openai:gpt-4o-mini-realtime-preview",
        "input_tokens": 500.0,
        "output_tokens": 0.0,
        "audio_input_tokens": 600.0,
        "audio_output_tokens": 1200.0,
        "calls_per_action": 1.0,
        "actions_per_day": 10.0,
    }
    ev = evaluate(pitch([block]))
    prices = ev.blocks[0].price.base
    assert (prices.audio_input_per_mtok, prices.audio_output_per_mtok) == (10.0, 20.0)
    # per call: (500 * 0.60 + 600 * 10 + 1,200 * 20) / 1e6 = (300 + 6,000 + 24,000) / 1e6 = $0.0303
    assert ev.blocks[0].cost_per_call == pytest.approx(0.0303, rel=1e-12)
    # genai-prices' own calc_price for the same call (its input/output tokens include the audio tokens)
    from genai_prices import Usage, calc_price

    usage = Usage(input_tokens=1100, output_tokens=1200, input_audio_tokens=600, output_audio_tokens=1200)
    theirs = calc_price(
        usage,
        "gpt-4o-mini-realtime-preview",
        provider_id="openai",
        genai_request_timestamp=datetime(2026, 6, 1, 12, tzinfo=UTC),
    )
    assert float(theirs.total_price) == pytest.approx(ev.blocks[0].cost_per_call, rel=1e-12)
    # tokens per user-month count the modality tokens: (500 + 600 + 1,200) * 300 calls = 690,000
    assert ev.tokens_per_user_month == pytest.approx(690_000, rel=1e-12)


def test_a_modality_price_the_model_lacks_follows_the_text_price() -> None:
    block = {
        "name": "Vision",
        "model": "openai:gpt-4o-mini",
        "input_tokens": 1000.0,
        "output_tokens": 100.0,
        "image_input_tokens": 1000.0,
        "calls_per_action": 1.0,
        "actions_per_day": 1.0,
    }
    prices = evaluate(pitch([block])).blocks[0].price.base
    assert prices.image_input_per_mtok == prices.input_per_mtok == 0.15
    assert prices.image_output_per_mtok == prices.output_per_mtok == 0.6


def test_explicit_modality_prices_and_image_tokens() -> None:
    block = {
        "name": "Picture",
        "price": {"input_per_mtok": 5.0, "output_per_mtok": 10.0, "image_output_per_mtok": 40.0},
        "input_tokens": 100.0,
        "output_tokens": 0.0,
        "image_input_tokens": 765.0,
        "image_output_tokens": 4160.0,
        "cached_input_fraction": 0.5,
        "calls_per_action": 1.0,
        "actions_per_day": 1.0,
    }
    ev = evaluate(pitch([block]))
    # cache fractions apply to the text input only: 100 * (0.5 * 5 + 0.5 * 5) = 500; images in at the input
    # price (no image price given): 765 * 5 = 3,825; images out: 4,160 * 40 = 166,400; sum / 1e6 = $0.170725
    assert ev.blocks[0].cost_per_call == pytest.approx(0.170725, rel=1e-12)


def test_a_per_call_price_makes_the_blended_price_null() -> None:
    block = {
        "name": "Search",
        "price": {"input_per_mtok": 1.0, "output_per_mtok": 1.0},
        "input_tokens": 1000.0,
        "output_tokens": 100.0,
        "per_call_usd": 0.01,
        "calls_per_action": 1.0,
        "actions_per_day": 1.0,
    }
    ev = evaluate(pitch([block]))
    assert ev.breakeven.blended_per_mtok is None and ev.breakeven.breakeven_blended_per_mtok is None
    assert ev.breakeven.per_call_pricing
    disabled = evaluate(pitch([{**block, "enabled": False}, {**block, "per_call_usd": 0.0}]))
    assert disabled.breakeven.blended_per_mtok is not None  # only enabled blocks count


def test_a_version_1_file_loads_evaluates_identically_and_saves_as_version_2(tmp_path: Path) -> None:
    v1 = json.loads((FIXTURES / "pitch-v1.pitch.json").read_text(encoding="utf-8"))
    assert v1["schema_version"] == 1
    p = load_pitch(FIXTURES / "pitch-v1.pitch.json")
    assert p.schema_version == 2
    saved = json.loads(dump_pitch_bytes(p))
    assert saved["schema_version"] == 2
    # Identical meaning: the same document with only the version number changed evaluates the same.
    same = load_pitch_bytes(json.dumps({**v1, "schema_version": 2}).encode())
    assert same == p
    assert evaluate(p).required_drop == evaluate(same).required_drop


def test_the_version_2_fixture_loads_with_every_new_field() -> None:
    p = load_pitch(FIXTURES / "pitch-v2.pitch.json")
    assert [d.id for d in p.deployments] == ["seed-fleet", "built", "rented"]
    assert p.deployments[0].ownership is not None and p.deployments[0].ownership.purchase_usd == 3e6
    assert p.deployments[1].components is not None and p.deployments[1].components.pue == 1.3
    assert p.deployments[2].gpu_hour_usd == 2.2
    agent, voice, picture, summary = p.blocks
    assert agent.deployment == "seed-fleet"
    assert voice.audio_output_tokens == 1200 and voice.ranges["audio_output_tokens"] == (600.0, 2400.0)
    assert voice.requires is not None and voice.requires.benchmark == "mmlu"
    assert picture.price is not None and picture.price.image_output_per_mtok == 40.0
    assert summary.requires is not None and summary.model is None and summary.price is None
    assert p.scenario == "gpu-price-performance"


def test_every_block_that_cannot_be_priced_is_reported() -> None:
    good = {
        "name": "ok",
        "model": "openai:gpt-4o-mini",
        "input_tokens": 1.0,
        "output_tokens": 1.0,
        "calls_per_action": 1.0,
        "actions_per_day": 1.0,
    }
    p = pitch([{**good, "name": "a", "model": "x:nope"}, good, {**good, "name": "c", "model": "y:nope"}])
    with pytest.raises(PitchErrors) as info:
        evaluate(p)
    assert [e.field for e in info.value.errors] == ["blocks[0].model", "blocks[2].model"]
    assert "(and 1 more: blocks[2].model)" in str(info.value)
    a = analyse(p, today=date(2026, 12, 3))
    assert not a.ok and set(a.block_errors()) == {0, 2}
    assert block_index("blocks[12].price.input_per_mtok") == 12 and block_index("business") is None


def test_a_tiny_inference_share_never_divides_by_zero() -> None:
    block = {
        "name": "b",
        "price": {"input_per_mtok": 1.0, "output_per_mtok": 1.0},
        "input_tokens": 1000.0,
        "output_tokens": 0.0,
        "calls_per_action": 1.0,
        "actions_per_day": 1.0,
    }
    # 5e-324 is the smallest double: the budget 1e9 * 0.5 * 5e-324 is still positive, but the product
    # (1 - margin) * share underflows to 0; the break-even price must not divide by it.
    p = pitch([block], price_per_user_month=1e9, target_gross_margin=0.5, inference_share_of_cogs=5e-324)
    with pytest.raises(PitchError) as info:
        evaluate(p)
    assert info.value.field == "business"
    tiny = pitch([block], price_per_user_month=1e9, target_gross_margin=0.5, inference_share_of_cogs=1e-300)
    ev = evaluate(tiny)
    # cost = 1,000 * 30 / 1e6 = $0.03; budget = 1e9 * 0.5 * 1e-300 = 5e-292; breakeven = price * drop
    assert ev.breakeven.price_per_user_month == pytest.approx(1e9 * ev.required_drop, rel=1e-12)
    assert ev.gross_margin_today == pytest.approx(1 - ev.required_drop * 0.5, rel=1e-12)
