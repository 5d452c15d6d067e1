"""core.explain: contract section 2 written out with a pitch's numbers; results are the engine's."""

from __future__ import annotations

import io
import json
import math
from datetime import date, timedelta
from pathlib import Path

import pytest

from core.cli import build_parser, run
from core.engine import evaluate, prepare
from core.explain import (
    Explanation,
    Step,
    explain,
    explain_pitch,
    explanation_text,
    money,
    token_cost,
)
from core.history import SOURCE_NAMES
from core.pitch import Pitch
from core.pitch_io import load_pitch
from core.resources import example_names
from core.scenarios import builtin_scenarios
from core.sources import price_data_age, sources
from core.templates import TEMPLATES

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "examples"


def _pitch(**overrides: object) -> Pitch:
    doc: dict[str, object] = {
        "format": "computecurve.pitch",
        "schema_version": 2,
        "name": "Hand-worked <b>pitch</b>",
        "as_of": "2026-01-01",
        "business": {
            "price_per_user_month": 2.0,
            "target_gross_margin": 0.5,
            "inference_share_of_cogs": 0.8,
            "active_days_per_month": 30,
            "usage_multiplier": 2,
            "free_users_per_paying_user": 1,
            "payment_fee_fraction": 0.1,
        },
        "scenario": {"name": "Ten to a hundred", "annual_decline_low": 10, "annual_decline_high": 100},
        "blocks": [
            {
                "name": "Tiered agent",
                "price": {
                    "input_per_mtok": 2,
                    "output_per_mtok": 10,
                    "cached_input_per_mtok": 0.5,
                    "cache_write_per_mtok": 2.5,
                    "tiers": [{"above_input_tokens": 1000, "input_per_mtok": 4, "output_per_mtok": 20}],
                },
                "input_tokens": 2000,
                "output_tokens": 100,
                "reasoning_tokens": 50,
                "cached_input_fraction": 0.25,
                "cache_write_fraction": 0.25,
                "calls_per_action": 2,
                "actions_per_day": 3,
                "price_multiplier": 0.5,
                "per_call_usd": 0.001,
            },
            {
                "name": "Switched off",
                "enabled": False,
                "price": {"input_per_mtok": 1, "output_per_mtok": 1},
                "input_tokens": 1000,
                "output_tokens": 1000,
                "calls_per_action": 1,
                "actions_per_day": 1,
            },
            {
                "name": "Plain chat",
                "price": {"input_per_mtok": 1, "output_per_mtok": 4},
                "input_tokens": 1000,
                "output_tokens": 500,
                "calls_per_action": 1,
                "actions_per_day": 10,
            },
        ],
    }
    doc.update(overrides)
    return Pitch.model_validate(doc)


def _step(expl: Explanation, section: str, title: str) -> Step:
    for s in expl.sections:
        if s.title.startswith(section):
            for step in s.steps:
                if step.title.startswith(title):
                    return step
    raise AssertionError(f"no step {title!r} in {section!r}")


def test_a_block_is_explained_step_by_step_with_its_numbers() -> None:
    expl = explain_pitch(_pitch())
    # 2,000 input tokens > 1,000: the tier's input $4 and output $20 apply; cached and cache-write prices were
    # given in the block (0.5, 2.5) and stay; reasoning defaults to the tier's output price, $20.
    tier = _step(expl, "Block 1", "Tier chosen")
    assert tier.substituted == "input_tokens = 2,000 > 1,000"
    assert "tier above 1,000 input tokens" in tier.value
    assert "input $4 · output $20 · cached input $0.5 · cache write $2.5 · reasoning $20" in tier.value
    # uncached = 1 - 0.25 - 0.25 = 0.5
    uncached = _step(expl, "Block 1", "Uncached share")
    assert uncached.substituted == "1 - 0.25 - 0.25"
    assert uncached.number == 0.5
    # token_cost = (2000 * (0.5*4 + 0.25*0.5 + 0.25*2.5) + 100*20 + 50*20) / 1e6
    #            = (2000 * 2.75 + 2000 + 1000) / 1e6 = 8500 / 1e6 = 0.0085
    cost = _step(expl, "Block 1", "Token cost")
    assert cost.substituted == (
        "( 2,000 * ( 0.5 * $4 + 0.25 * $0.5 + 0.25 * $2.5 ) + 100 * $20 + 50 * $20 ) / 1e6"
    )
    assert cost.value == "$0.0085"
    # cost_per_call = 0.5 * (0.0085 + 0.001) = 0.00475
    per_call = _step(expl, "Block 1", "Cost per call")
    assert per_call.substituted == "0.5 * ($0.0085 + $0.001)"
    assert per_call.number == pytest.approx(0.00475, rel=1e-12)
    assert per_call.value == "$0.00475"
    # calls = 2 calls * 3 actions * usage 2 * 30 days = 360
    calls = _step(expl, "Block 1", "Calls per user-month")
    assert calls.substituted == "2 * 3 * 2 * 30"
    assert calls.value == "360"
    # block cost = 0.00475 * 360 = 1.71
    block = _step(expl, "Block 1", "Block cost")
    assert block.substituted == "$0.00475 * 360"
    assert block.number == pytest.approx(1.71, rel=1e-12)
    assert block.value == "$1.71"
    # A disabled block costs 0 and says why.
    off = _step(expl, "Block 2", "Block cost")
    assert off.number == 0 and "disabled" in off.substituted


def test_the_pitch_totals_verdict_arrival_and_breakeven_are_worked_out() -> None:
    expl = explain_pitch(_pitch())
    # Plain chat: (1000*1 + 500*4)/1e6 = 0.003 a call; 1 * 10 * 2 * 30 = 600 calls; 1.8 a month.
    total = _step(expl, "The pitch", "Cost per (active)")
    assert total.substituted == "$1.71 + $1.8"
    assert total.number == pytest.approx(3.51, rel=1e-12)
    assert total.value.startswith("$3.51")
    # paying = 3.51 * (1 + 1) = 7.02
    paying = _step(expl, "The pitch", "Cost per paying")
    assert paying.substituted == "$3.51 * (1 + 1)"
    assert paying.number == pytest.approx(7.02, rel=1e-12)
    # budget = 2 * (1 - 0.1) * (1 - 0.5) * 0.8 = 0.72
    budget = _step(expl, "The pitch", "Budget")
    assert budget.substituted == "$2 * (1 - 0.1) * (1 - 0.5) * 0.8"
    assert budget.number == pytest.approx(0.72, rel=1e-12)
    # drop = 7.02 / 0.72 = 9.75; log10(9.75) = 0.98900... -> one order
    drop = _step(expl, "The pitch", "Required price drop")
    assert drop.number == pytest.approx(9.75, rel=1e-12)
    assert drop.value.startswith("9.75 (9.75x cheaper)")
    oom = _step(expl, "The pitch", "Orders of magnitude")
    assert oom.number == pytest.approx(math.log10(9.75), rel=1e-12)
    verdict = _step(expl, "The pitch", "Verdict")
    assert verdict.substituted.startswith("round(0.98900")
    assert "in (0, 1]" in verdict.substituted
    assert verdict.value.startswith("One order of magnitude away")
    # fast: k = 100, t* = ln 9.75 / ln 100 = 0.4945 years; round(0.4945 * 365.25) = 181 days
    fast = _step(expl, "When it becomes viable", "Years to viable, fast")
    assert fast.substituted == "ln(9.75) / ln(100)"
    assert fast.number == pytest.approx(math.log(9.75) / math.log(100), rel=1e-12)
    days_fast = math.floor(math.log(9.75) / math.log(100) * 365.25 + 0.5)
    assert days_fast == 181
    earliest = _step(expl, "When it becomes viable", "Earliest arrival")
    assert earliest.substituted.endswith("2026-01-01 + 181 days")
    assert earliest.value == f"{date(2026, 1, 1) + timedelta(days=181)} (Jul 2026)"
    # slow: k = 10, t* = log10(9.75) = 0.98900 years; round(0.989 * 365.25) = 361 days -> 2026-12-28
    latest = _step(expl, "When it becomes viable", "Latest arrival")
    assert latest.value == "2026-12-28 (Dec 2026)"
    # tokens: (2000 + 100 + 50) * 360 + (1000 + 500 + 0) * 600 = 774,000 + 900,000 = 1,674,000
    tokens = _step(expl, "Break-even", "Tokens per user-month")
    assert tokens.substituted == "(2,000 + 100 + 50) * 360 + (1,000 + 500 + 0) * 600"
    assert tokens.value == "1,674,000"
    # A block has a per-call price ($0.001): no blended price per token (docs/contract.md 6.1).
    blended = _step(expl, "Break-even", "Blended price today")
    assert blended.number is None and "per-call price" in blended.substituted
    be_blended = _step(expl, "Break-even", "Break-even blended")
    assert be_blended.number is None and "1/9.75 of today's" in be_blended.substituted
    # price = 7.02 / ((1 - 0.1) * (1 - 0.5) * 0.8) = 7.02 / 0.36 = 19.5
    be_price = _step(expl, "Break-even", "Break-even subscription")
    assert be_price.number == pytest.approx(19.5, rel=1e-12)
    assert be_price.value.startswith("$19.5")


def test_a_free_pitch_and_an_arrival_past_fifty_years_are_explained() -> None:
    empty = explain_pitch(_pitch(blocks=[]))
    assert _step(empty, "The pitch", "Cost per (active)").substituted == "0"
    assert _step(empty, "The pitch", "Orders of magnitude").value == "null"
    assert _step(empty, "The pitch", "Verdict").value.startswith("Viable at today's prices")
    assert _step(empty, "Break-even", "Blended price today").value == "null"
    # The price falls 1.001x a year: a 9.75x drop takes ln 9.75 / ln 1.001 = 2,278 years, past 50.
    slow = explain_pitch(
        _pitch(scenario={"name": "Crawl", "annual_decline_low": 1.001, "annual_decline_high": 1.001})
    )
    assert _step(slow, "When it becomes viable", "Latest arrival").value == "not within 50 years (null)"


def test_token_cost_times_the_multiplier_is_the_engines_cost_per_call() -> None:
    pitch = _pitch()
    ev = evaluate(pitch)
    prep = prepare(pitch)
    for block, result, resolved in zip(pitch.blocks, ev.blocks, prep.resolved, strict=True):
        prices = resolved.for_input_tokens(block.input_tokens)
        assert block.price_multiplier * (token_cost(block, prices) + block.per_call_usd) == pytest.approx(
            result.cost_per_call, rel=1e-12
        )


@pytest.mark.parametrize("name", example_names())
def test_every_example_explains_to_the_engines_total_and_the_cli_json(name: str) -> None:
    pitch = load_pitch(EXAMPLES / name)
    prep = prepare(pitch)
    ev = evaluate(pitch)
    expl = explain(prep)
    assert expl.cost_per_user_month == ev.cost_per_user_month
    total = _step(expl, "The pitch", "Cost per (active)")
    assert total.number == ev.cost_per_user_month
    block_costs = [
        step.number
        for section in expl.sections
        if section.title.startswith("Block ")
        for step in section.steps
        if step.title == "Block cost per user-month"
    ]
    assert sum(c or 0.0 for c in block_costs) == pytest.approx(ev.cost_per_user_month, rel=1e-12)
    out = io.StringIO()
    args = build_parser().parse_args(["evaluate", str(EXAMPLES / name), "--json", "--samples", "200"])
    assert run(args, out) == 0
    doc = json.loads(out.getvalue())
    assert total.number == doc["cost_per_user_month"]
    assert _step(expl, "The pitch", "Budget").number == doc["budget_per_user_month"]
    assert _step(expl, "The pitch", "Required price drop").number == doc["required_drop"]
    assert _step(expl, "When it becomes viable", "Earliest arrival").value.startswith(
        doc["arrival"]["earliest"] or "not within"
    )


def test_a_large_pitch_details_the_first_blocks_and_sums_them_all() -> None:
    block = {
        "name": "Chat",
        "price": {"input_per_mtok": 1, "output_per_mtok": 1},
        "input_tokens": 1000,
        "output_tokens": 0,
        "calls_per_action": 1,
        "actions_per_day": 1,
    }
    pitch = _pitch(blocks=[{**block, "name": f"Chat {i}"} for i in range(100)])
    expl = explain_pitch(pitch)
    assert expl.blocks_not_detailed == 100 - 30
    # Each block: 1000 * $1 / 1e6 = $0.001 a call, 1 * 1 * 2 * 30 = 60 calls: $0.06; 100 blocks: $6.
    total = _step(expl, "The pitch", "Cost per (active)")
    assert total.number == pytest.approx(6.0, rel=1e-12)
    assert "(95 more)" in total.substituted
    assert "70 more blocks" in explanation_text(expl)


def test_money_keeps_every_digit_a_step_needs() -> None:
    assert money(1.1361599999999998) == "$1.13616"  # float noise dropped, digits kept
    assert money(0.00295) == "$0.00295"
    assert money(0) == "$0"
    assert money(23.29548) == "$23.29548"


def test_sources_list_every_scenario_history_row_template_and_pricing_page() -> None:
    catalog, scenarios, history, *_, templates = sources(
        ["google:gemini-2.5-flash", "anthropic:claude-haiku-4-5"]
    )
    assert "genai-prices" in catalog.title
    pages = {row[0]: row[2] for row in catalog.rows}
    assert "https://ai.google.dev/gemini-api/docs/pricing" in pages["Google"]
    assert "anthropic.com" in pages["Anthropic"]
    ids = [row[0] for row in scenarios.rows]
    assert ids == list(builtin_scenarios())
    seed = scenarios.rows[ids.index("seed-rule")]
    # 10 ** (12 / 24) = 3.16228 (slow) and 10 ** (12 / 18) = 4.64159 (fast); 18-24 months per 10x
    assert seed[2] == "3.16228" and seed[4] == "4.64159"
    assert seed[5] == "18.0-24.0"
    assert "seed essay" in seed[6]
    assert len(history.rows) > 10
    assert all(row[3] and row[7] for row in history.rows)  # every row dated and sourced
    spelled = {name for row in history.rows for name in row[7].split("; ")}
    assert "Epoch AI llm-benchmark-efficiency data" in spelled
    assert not spelled & set(SOURCE_NAMES)  # no bare code such as "LC" or "E" is left
    assert [row[0] for row in templates.rows] == [t.title for t in TEMPLATES]
    assert all(row[2] for row in templates.rows)


def test_sources_date_and_source_every_built_in_number() -> None:
    """The About dialog lists the price data, the history, the capability table, the release dates, the
    scenarios, the self-hosting figures and presets, the token rates: each row with its source and its date."""
    from datetime import date

    from core import capability
    from core.presets import deployment_presets, gpu_hour_figures, throughputs
    from core.token_rates import token_rates

    tables = {t.title.split(" (")[0].split(":")[0]: t for t in sources(today=date(2026, 12, 3))}
    assert set(tables) >= {
        "Current prices",
        "Decline scenarios",
        "Price history",
        "Capability scores",
        "Release dates",
        "Self-hosting",
        "Token rates of audio and images",
        "Block templates",
    }
    caps = tables["Capability scores"]
    assert len(caps.rows) == len(capability.capability_table())
    assert all(row[4] and row[5] for row in caps.rows)  # released, source
    assert all(row[2] and row[3] for row in tables["Release dates"].rows)
    infra = tables["Self-hosting"]
    assert len(infra.rows) == len(gpu_hour_figures()) + len(throughputs()) + len(deployment_presets())
    assert all(row[4] and row[5] for row in infra.rows)
    # the seed's fleet: $8.6M / (100 x 5 x 8,766 h) = $1.9621 a GPU-hour, shown by the money rule
    assert any(row[2] == "$1.96 a GPU-hour" and "C9" in row[5] for row in infra.rows)
    rates = tables["Token rates of audio and images"]
    assert len(rates.rows) == len(token_rates()) and all(row[5] and row[6] for row in rates.rows)
    assert "Nothing is fetched over the network" in tables["Current prices"].intro


def test_the_price_datas_age_says_when_it_is_older_than_90_days() -> None:
    from datetime import timedelta

    from core.price_data import bundled_info

    info = bundled_info()
    day = info.data_date
    assert price_data_age(info, day) == f"data of {day.isoformat()}, 0 days old"
    ninety = price_data_age(info, day + timedelta(days=90))
    assert ninety.endswith("90 days old")  # 90 days: not yet stale
    older = price_data_age(info, day + timedelta(days=91))
    assert older.startswith(f"data of {day.isoformat()}, 91 days old: more than 90 days old")
    assert f"prices after {day.isoformat()} are not known" in older


# -- schema version 2: modality tokens, the deployment chain, per-call break-even ----------------------------


@pytest.mark.parametrize("name", example_names())
def test_the_written_token_cost_is_the_engines_for_every_example(name: str) -> None:
    pitch = load_pitch(EXAMPLES / name)
    ev = evaluate(pitch)
    for block, result in zip(pitch.blocks, ev.blocks, strict=True):
        if not block.enabled:
            continue
        prices = result.price.for_input_tokens(block.input_tokens)
        assert block.price_multiplier * (token_cost(block, prices) + block.per_call_usd) == pytest.approx(
            result.cost_per_call, rel=1e-12
        )


def test_audio_tokens_add_their_terms() -> None:
    expl = explain_pitch(load_pitch(EXAMPLES / "voice-tutor.pitch.json"))
    step = _step(expl, "Block 1: Learner speech heard", "Token cost of one call")
    assert "audio_input_tokens * audio_input_per_mtok" in step.formula
    # 3,600 audio input tokens at gpt-realtime-mini's $10: 3,600 * 10 / 1e6 = $0.036
    assert step.substituted.endswith("+ ( 3,600 * $10 + 0 * $20 + 0 * $0.8 + 0 * $2.4 ) / 1e6")
    assert step.number == pytest.approx(0.036, rel=1e-12)
    prices = _step(expl, "Block 1: Learner speech heard", "Prices")
    assert "audio input $10 · audio output $20" in prices.value
    tokens = _step(expl, "Break-even", "Tokens per user-month")
    assert "audio_input_tokens + audio_output_tokens" in tokens.formula


def test_a_deployment_block_starts_with_its_chain() -> None:
    expl = explain_pitch(load_pitch(EXAMPLES / "agentic-coding-self-hosted.pitch.json"))
    title = "Block 1: Main agent loop"
    hour = _step(expl, title, "GPU-hour")
    # 8,600,000 / (100 * 5 * 8,766) = $1.962126397 a GPU-hour; the GPUs' $3M are 35% of it
    assert hour.substituted == "$8,600,000 / (100 * 5 * 8,766)"
    assert hour.number == pytest.approx(8.6e6 / (100 * 5 * 8766), rel=1e-12)
    assert "claim C9" in hour.note and "the GPUs' purchase $3,000,000 is 35% of the total" in hour.note
    paid = _step(expl, title, "Paid hour")
    assert paid.number == pytest.approx(8.6e6 / (100 * 5 * 8766) / 0.7, rel=1e-12)  # $2.803037711
    out = _step(expl, title, "Self-hosted output price")
    # 2.803037711 / (1,850 * 3,600) * 1e6 = $0.4208765
    assert out.substituted == "$2.803037711 / (1,850 * 3,600) * 1e6"
    assert round(out.number or 0, 6) == 0.420877
    inp = _step(expl, title, "Self-hosted input price")
    assert inp.substituted == "$2.803037711 / (9,212.5 * 3,600) * 1e6"


def test_a_per_call_price_states_the_break_even_for_every_price() -> None:
    expl = explain_pitch(_pitch())
    step = _step(expl, "Break-even", "Break-even prices")
    # required_drop 9.75 (worked out above): every price at 1/9.75 = 10.26% of today's
    assert step.value == "every price at 1/9.75 of today's (10.3% of today's)"
    assert step.number == pytest.approx(1 / 9.75, rel=1e-12)
