"""Capability (contract 6.3): the table's reader, the cheapest capable model for a block, requirements a named
model or price may not meet, and the ``capability`` list of ``evaluate --json``.

Scores are read by hand from resources/capability.csv; prices from resources/price_history.csv and genai-prices
0.2.3's bundled data (quoted where used). Every cost is worked out in the comments.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from core import capability
from core.cli import main
from core.engine import evaluate
from core.errors import PitchError
from core.pitch import Pitch

GPT4_LEVEL = {"benchmark": "mmlu", "min_score": 86.0}


def make_pitch(blocks: list[dict[str, Any]], as_of: str, **extra: Any) -> Pitch:
    return Pitch.model_validate(
        {
            "format": "computecurve.pitch",
            "schema_version": 2,
            "name": "capability",
            "as_of": as_of,
            "business": {"price_per_user_month": 20.0, "target_gross_margin": 0.7},
            "blocks": blocks,
            **extra,
        }
    )


def needs(requires: dict[str, Any], **fields: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "name": "chat",
        "requires": requires,
        "input_tokens": 2000.0,
        "output_tokens": 300.0,
        "calls_per_action": 1.0,
        "actions_per_day": 10.0,
    }
    doc.update(fields)
    return doc


# ---------------------------------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------------------------------


def test_scores() -> None:
    assert capability.score("openai:gpt-4", "mmlu") == 86.4  # GPT-4 Technical Report, 5-shot
    assert capability.score("openai:gpt-4o-mini", "mmlu") == 82.0  # simple-evals
    assert capability.score("anthropic:claude-sonnet-4-5", "swe_bench_verified") == 70.6
    assert capability.score("anthropic:claude-sonnet-4-6", "mmlu") is None  # no sourced 2026 score
    assert capability.score("openai:no-such-model", "mmlu") is None


def test_capable_models_on_a_date() -> None:
    # MMLU >= 86 on 2023-06-01: only GPT-4 (86.4) had been released; gpt-3.5-turbo scores 68.9
    assert [s.model_id for s in capability.capable_models("mmlu", 86, date(2023, 6, 1))] == ["openai:gpt-4"]
    assert capability.capable_models("mmlu", 86, date(2023, 3, 13)) == ()
    later = capability.capable_models("mmlu", 86, date(2026, 1, 1))
    assert "google:gemini-2.0-flash" in {s.model_id for s in later}
    assert [s.score for s in later] == sorted((s.score for s in later), reverse=True)
    assert min(s.score for s in later) >= 86


def test_best_known() -> None:
    # on 2023-03-13 the best MMLU of a released model is gpt-3.5-turbo's 68.9 (released 2023-03-01)
    best = capability.best_known("mmlu", date(2023, 3, 13))
    assert best is not None and (best.model_id, best.score) == ("openai:gpt-3.5-turbo", 68.9)
    assert capability.best_known("mmlu", date(2022, 1, 1)) is None


# ---------------------------------------------------------------------------------------------------
# The cheapest capable model
# ---------------------------------------------------------------------------------------------------


def test_gpt4_level_in_2023_is_gpt4() -> None:
    ev = evaluate(make_pitch([needs(GPT4_LEVEL)], "2023-06-01"))
    b = ev.blocks[0]
    assert b.price.model_id == "openai:gpt-4"
    assert (b.price.base.input_per_mtok, b.price.base.output_per_mtok) == (30.0, 60.0)
    # 2,000 x $30 + 300 x $60 = 60,000 + 18,000 = 78,000 per million -> $0.078 a call
    assert b.cost_per_call == pytest.approx(0.078, rel=1e-12)
    c = b.price.capability
    assert (
        c is not None and c.chosen and c.met_on_as_of and (c.model, c.model_score) == ("openai:gpt-4", 86.4)
    )
    assert "openai:gpt-4" in b.price.source and "MMLU >= 86" in b.price.source


def test_gpt4_level_in_2026_is_more_than_100x_cheaper() -> None:
    ev = evaluate(make_pitch([needs(GPT4_LEVEL)], "2026-01-01"))
    b = ev.blocks[0]
    # google:gemini-2.0-flash (MMLU 88.0): $0.10 / $0.40 (genai-prices; its history row of 2025-02-05 agrees)
    assert b.price.model_id == "google:gemini-2.0-flash"
    # 2,000 x $0.10 + 300 x $0.40 = 200 + 120 = 320 per million -> $0.00032 a call
    assert b.cost_per_call == pytest.approx(0.00032, rel=1e-12)
    # against GPT-4's $0.078 in 2023: 0.078 / 0.00032 = 243.75x
    assert 0.078 / b.cost_per_call == pytest.approx(243.75)
    assert 0.078 / b.cost_per_call >= 100


# GPQA Diamond >= 71.7 on 2026-01-01, the two cheapest candidates (genai-prices, per million tokens):
#   openai:gpt-5-mini (71.7): input $0.25, cached $0.025, output $2.00
#   x-ai:grok-3-mini  (76.3): input $0.30, cached $0.075, output $0.50
# (deepseek-reasoner, also 71.7, costs more on each: $0.55 / $0.14 / $2.19; the rest cost more still)
GPQA = {"benchmark": "gpqa_diamond", "min_score": 71.7}


def test_the_choice_depends_on_the_blocks_own_token_mix() -> None:
    # mostly cached input: 100,000 input tokens, 90% cached, 100 output
    #   gpt-5-mini:  100,000 x (0.1 x 0.25 + 0.9 x 0.025) + 100 x 2.00 = 4,750 + 200 = 4,950 -> $0.00495
    #   grok-3-mini: 100,000 x (0.1 x 0.30 + 0.9 x 0.075) + 100 x 0.50 = 9,750 +  50 = 9,800 -> $0.0098
    reading = needs(GPQA, input_tokens=100_000.0, output_tokens=100.0, cached_input_fraction=0.9)
    # mostly output: 1,000 input, 10,000 output
    #   gpt-5-mini:  1,000 x 0.25 + 10,000 x 2.00 = 250 + 20,000 = 20,250 -> $0.02025
    #   grok-3-mini: 1,000 x 0.30 + 10,000 x 0.50 = 300 +  5,000 =  5,300 -> $0.0053
    writing = needs(GPQA, input_tokens=1000.0, output_tokens=10_000.0)
    ev = evaluate(make_pitch([reading, writing], "2026-01-01"))
    assert [b.price.model_id for b in ev.blocks] == ["openai:gpt-5-mini", "x-ai:grok-3-mini"]
    assert [b.cost_per_call for b in ev.blocks] == pytest.approx([0.00495, 0.0053], rel=1e-12)


def test_no_capable_model_is_an_error_naming_the_benchmark_the_score_and_the_best() -> None:
    with pytest.raises(PitchError) as info:
        evaluate(make_pitch([needs({"benchmark": "mmlu", "min_score": 95.0})], "2026-01-01"))
    assert info.value.field == "blocks[0].requires"
    # the best MMLU of a model released by 2026-01-01: o3's 92.9 (simple-evals)
    for text in ("MMLU", "95", "92.9", "openai:o3", "2026-01-01"):
        assert text in info.value.message


def test_before_any_gpt4_level_model_existed() -> None:
    with pytest.raises(PitchError) as info:
        evaluate(make_pitch([needs(GPT4_LEVEL)], "2023-03-13"))
    # the day before GPT-4: the best was gpt-3.5-turbo's 68.9
    assert "68.9" in info.value.message and "openai:gpt-3.5-turbo" in info.value.message


def test_every_failing_block_is_reported() -> None:
    from core.errors import PitchErrors

    blocks = [needs(GPT4_LEVEL, name="a"), needs({"benchmark": "swe_bench_verified", "min_score": 99.0})]
    with pytest.raises(PitchErrors) as info:
        evaluate(make_pitch(blocks, "2023-03-13"))
    assert [e.field for e in info.value.errors] == ["blocks[0].requires", "blocks[1].requires"]


# ---------------------------------------------------------------------------------------------------
# A block that prices itself
# ---------------------------------------------------------------------------------------------------


def test_a_named_model_below_the_requirement_is_warned_about() -> None:
    ev = evaluate(make_pitch([needs(GPT4_LEVEL, model="openai:gpt-4o-mini")], "2026-01-01"))
    c = ev.blocks[0].price.capability
    assert c is not None and not c.chosen and c.met_on_as_of  # others meet it; this one does not
    assert (c.model, c.model_score) == ("openai:gpt-4o-mini", 82.0)
    assert any(
        "openai:gpt-4o-mini scores MMLU 82, below the requirement MMLU >= 86" in w for w in ev.warnings
    )
    assert ev.blocks[0].price.base.input_per_mtok == 0.15  # its own price: $0.15 / $0.60


def test_a_named_model_without_a_score_is_warned_about() -> None:
    # Claude Opus 4.6 (released 2026-02-05) has no row in resources/capability.csv (resources/CAPABILITY_SOURCES.md)
    block = needs({"benchmark": "gpqa_diamond", "min_score": 70.0}, model="anthropic:claude-opus-4-6")
    ev = evaluate(make_pitch([block], "2026-03-23"))
    c = ev.blocks[0].price.capability
    assert c is not None and c.model_score is None
    assert any("anthropic:claude-opus-4-6 has no published GPQA Diamond score" in w for w in ev.warnings)


def test_sonnet_4_6_meets_a_gpqa_requirement_by_its_published_score() -> None:
    # Sonnet 4.6's GPQA Diamond row: 89.9 (Anthropic's system card, vendor-reported) >= 70: no warning, its own
    # price ($3 / $15, genai-prices), and the best on 2026-03-23 is Gemini 3 Pro Preview's 91.9
    block = needs({"benchmark": "gpqa_diamond", "min_score": 70.0}, model="anthropic:claude-sonnet-4-6")
    ev = evaluate(make_pitch([block], "2026-03-23"))
    c = ev.blocks[0].price.capability
    assert (
        c is not None and c.met_on_as_of and (c.model, c.model_score) == ("anthropic:claude-sonnet-4-6", 89.9)
    )
    assert (c.best_score, c.best_model) == (91.9, "google:gemini-3-pro-preview")
    assert not any("claude-sonnet-4-6" in w for w in ev.warnings)
    base = ev.blocks[0].price.base
    assert (base.input_per_mtok, base.output_per_mtok) == (3.0, 15.0)
    # above its score (GPQA >= 90) it is warned about, with the figure it has
    above = needs({"benchmark": "gpqa_diamond", "min_score": 90.0}, model="anthropic:claude-sonnet-4-6")
    ev = evaluate(make_pitch([above], "2026-03-23"))
    assert any(
        "anthropic:claude-sonnet-4-6 scores GPQA Diamond 89.9, below the requirement GPQA Diamond >= 90" in w
        for w in ev.warnings
    )


def test_a_named_model_meeting_it_gets_no_warning() -> None:
    ev = evaluate(make_pitch([needs(GPT4_LEVEL, model="openai:gpt-4")], "2023-06-01"))
    assert ev.warnings == ()
    c = ev.blocks[0].price.capability
    assert c is not None and c.met_on_as_of and (c.model, c.model_score) == ("openai:gpt-4", 86.4)


def test_unmet_on_the_date_still_evaluates_with_a_model_or_a_price() -> None:
    hard = {"benchmark": "mmlu", "min_score": 95.0}
    ev = evaluate(make_pitch([needs(hard, model="openai:o3")], "2026-01-01"))
    c = ev.blocks[0].price.capability
    assert c is not None and not c.met_on_as_of and c.model == "openai:o3"
    assert (c.best_score, c.best_model) == (92.9, "openai:o3")
    assert any("no model priced on 2026-01-01 meets MMLU >= 95" in w for w in ev.warnings)
    # with its own price and no model: priced at it, the result says the requirement is not met
    priced = needs(hard, price={"input_per_mtok": 1.0, "output_per_mtok": 2.0})
    ev = evaluate(make_pitch([priced], "2026-01-01"))
    c = ev.blocks[0].price.capability
    assert c is not None and not c.met_on_as_of and c.model is None
    # 2,000 x $1 + 300 x $2 = 2,600 per million -> $0.0026 a call
    assert ev.blocks[0].cost_per_call == pytest.approx(0.0026, rel=1e-12)
    assert any("own price is priced as your assumption" in w for w in ev.warnings)


def test_a_deployment_block_carries_its_requirement() -> None:
    deployment = {
        "id": "fleet",
        "name": "own GPUs",
        "gpu": "H100 SXM",
        "gpu_hour_usd": 2.0,
        "utilisation": 1.0,
        "input_tokens_per_second_per_gpu": 10_000.0,
        "output_tokens_per_second_per_gpu": 1_000.0,
        "source": "test",
    }
    block = needs({"benchmark": "mmlu", "min_score": 99.0}, deployment="fleet")
    ev = evaluate(make_pitch([block], "2026-01-01", deployments=[deployment]))
    c = ev.blocks[0].price.capability
    assert c is not None and not c.met_on_as_of and c.model is None
    assert any("own deployment is priced as your assumption" in w for w in ev.warnings)


# ---------------------------------------------------------------------------------------------------
# evaluate --json
# ---------------------------------------------------------------------------------------------------


def _write(tmp_path: Path, pitch: Pitch) -> str:
    path = tmp_path / "p.pitch.json"
    path.write_text(pitch.model_dump_json(), encoding="utf-8")
    return str(path)


def test_evaluate_json_lists_each_requirement(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plain = {"name": "plain", "model": "openai:gpt-4", "input_tokens": 1.0, "output_tokens": 1.0,
             "calls_per_action": 1.0, "actions_per_day": 1.0}  # fmt: skip
    pitch = make_pitch([plain, needs(GPT4_LEVEL), needs(GPT4_LEVEL, name="mini", model="openai:gpt-4o-mini")],
                       "2026-01-01")  # fmt: skip
    assert main(["evaluate", _write(tmp_path, pitch), "--json", "--samples", "10"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["capability"] == [
        {"block": "chat", "benchmark": "mmlu", "min_score": 86.0, "met_on_as_of": True,
         "model": "google:gemini-2.0-flash", "model_score": 88.0, "chosen": True, "best_score": 92.9,
         "best_model": "openai:o3"},
        {"block": "mini", "benchmark": "mmlu", "min_score": 86.0, "met_on_as_of": True,
         "model": "openai:gpt-4o-mini", "model_score": 82.0, "chosen": False, "best_score": 92.9,
         "best_model": "openai:o3"},
    ]  # fmt: skip
    assert doc["blocks"][1]["resolved_price"]["model"] == "google:gemini-2.0-flash"


def test_evaluate_json_capability_is_empty_without_requirements(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = {"name": "plain", "model": "openai:gpt-4", "input_tokens": 1.0, "output_tokens": 1.0,
             "calls_per_action": 1.0, "actions_per_day": 1.0}  # fmt: skip
    assert (
        main(["evaluate", _write(tmp_path, make_pitch([plain], "2024-01-01")), "--json", "--samples", "10"])
        == 0
    )
    assert json.loads(capsys.readouterr().out)["capability"] == []
