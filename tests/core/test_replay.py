"""Replaying a pitch at a past date: prices then, and substitutes for models that did not exist yet."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from core.catalog import default_catalog
from core.engine import evaluate
from core.pitch import FeatureBlock, Pitch
from core.pitch_io import load_pitch_bytes
from core.replay import (
    SubstituteRule,
    missing_price,
    replay_blocks,
    replay_text,
    replayed,
    substitutes,
)
from core.resources import read_example

CATALOG = default_catalog()


def _block(model: str | None, **extra: Any) -> FeatureBlock:
    data: dict[str, Any] = {
        "name": "Chat",
        "input_tokens": 1000,
        "output_tokens": 100,
        "calls_per_action": 1,
        "actions_per_day": 10,
        **extra,
    }
    if model is not None:
        data["model"] = model
    return FeatureBlock.model_validate(data)


def _example(name: str) -> Pitch:
    return load_pitch_bytes(read_example(name), source=name)


def test_a_model_that_did_not_exist_cannot_be_priced() -> None:
    text = missing_price(_block("openai:gpt-4o-mini"), date(2023, 6, 1), CATALOG)
    assert text is not None and "2024-07-18" in text and "2023-06-01" in text
    assert missing_price(_block("openai:gpt-4"), date(2023, 6, 1), CATALOG) is None


def test_comparable_score_the_only_one_then() -> None:
    # gpt-4o-mini scores MMLU 82; comparable = MMLU >= 82 - 3 = 79. On 2023-06-01 the history has
    # gpt-3-davinci (43.9), gpt-3.5-turbo (68) and gpt-4 (86): only gpt-4, at $30/$60.
    subs = substitutes(_block("openai:gpt-4o-mini"), date(2023, 6, 1), CATALOG)
    assert [s.label for s in subs] == ["openai:gpt-4"]
    assert subs[0].rule is SubstituteRule.COMPARABLE_SCORE
    assert (subs[0].input_per_mtok, subs[0].output_per_mtok) == (30.0, 60.0)
    assert "82" in subs[0].reason and "79" in subs[0].reason


def test_comparable_score_the_cheapest_first() -> None:
    # On 2024-06-01, MMLU >= 79 and priced: gemini-1.5-flash (79) 0.35/1.05 -> (1.05 + 1.05) / 4 = 0.525,
    # gpt-4o and gpt-4o-2024-05-13 (87) 5/15 -> 7.5 (equal: by label), gpt-4-turbo (87) 10/30 -> 15,
    # claude-3-opus (84) 15/75 -> 30, gpt-4 (86) 30/60 -> 37.5. claude-3-sonnet (77) and claude-3-haiku (71)
    # are below 79.
    subs = substitutes(_block("openai:gpt-4o-mini"), date(2024, 6, 1), CATALOG)
    assert [s.label for s in subs] == [
        "google:gemini-1.5-flash",
        "openai:gpt-4o",
        "openai:gpt-4o-2024-05-13",
        "openai:gpt-4-turbo",
        "anthropic:claude-3-opus-latest",
        "openai:gpt-4",
    ]
    assert [s.blended_3_to_1 for s in subs] == pytest.approx([0.525, 7.5, 7.5, 15.0, 30.0, 37.5])
    assert subs[0].price_text == "$0.350/$1.05 per M tokens"


def test_tolerance_decides_between_comparable_and_best_of_the_day() -> None:
    # gpt-4o (MMLU 89) on 2023-06-01: gpt-4's 86 is within 3 points, not within 2
    block = _block("openai:gpt-4o")
    assert substitutes(block, date(2023, 6, 1), CATALOG)[0].rule is SubstituteRule.COMPARABLE_SCORE
    strict = substitutes(block, date(2023, 6, 1), CATALOG, tolerance=2.0)
    assert strict[0].rule is SubstituteRule.BEST_SCORE_THEN
    # best MMLU first: gpt-4 (86), gpt-3.5-turbo (68), gpt-3-davinci (43.9)
    assert [s.model for s in strict] == ["gpt-4-0314", "gpt-3.5-turbo", "gpt-3-davinci"]


def test_in_2022_only_davinci_existed_and_is_applied_as_explicit_prices() -> None:
    # 2022-01-01: gpt-3-davinci at $60/$60 (its cut to $20 came on 2022-09-01); it has no catalog id
    block = _block("openai:gpt-4o-mini", price={"input_per_mtok": 0.15})
    subs = substitutes(block, date(2022, 1, 1), CATALOG)
    assert len(subs) == 1 and subs[0].rule is SubstituteRule.BEST_SCORE_THEN
    assert subs[0].catalog_id is None and subs[0].label == "gpt-3-davinci's price"
    applied = subs[0].apply_to(block)
    assert applied.model is None
    assert applied.price is not None and applied.price.given() == {
        "input_per_mtok": 60.0,
        "output_per_mtok": 60.0,
    }
    assert missing_price(applied, date(2022, 1, 1), CATALOG) is None


def test_no_score_same_provider_cheapest_first() -> None:
    # gpt-5 (no score in the history) on 2023-03-14: OpenAI's models then, by 3:1 blend:
    # gpt-3.5-turbo 2/2 -> 2; gpt-3-davinci 20/20 -> 20; gpt-4 30/60 -> 37.5
    subs = substitutes(_block("openai:gpt-5"), date(2023, 3, 14), CATALOG)
    assert [s.model for s in subs] == ["gpt-3.5-turbo", "gpt-3-davinci", "gpt-4-0314"]
    assert {s.rule for s in subs} == {SubstituteRule.SAME_PROVIDER}


def test_no_score_and_no_model_of_that_provider_cheapest_of_the_day() -> None:
    # claude-opus-4 (no score) on 2023-06-01: Anthropic's first rows are 2024-03-04
    subs = substitutes(_block("anthropic:claude-opus-4-0"), date(2023, 6, 1), CATALOG)
    assert subs[0].rule is SubstituteRule.CHEAPEST_THEN
    assert [s.model for s in subs] == ["gpt-3.5-turbo", "gpt-3-davinci", "gpt-4-0314"]


def test_nothing_before_the_first_row_and_nothing_for_explicit_prices() -> None:
    assert substitutes(_block("openai:gpt-4o-mini"), date(2021, 3, 1), CATALOG) == []
    explicit = _block(None, price={"input_per_mtok": 1.0, "output_per_mtok": 2.0})
    assert substitutes(explicit, date(2023, 6, 1), CATALOG) == []


def test_substitute_with_a_catalog_id_drops_the_old_explicit_prices() -> None:
    block = _block("openai:gpt-4o-mini", price={"input_per_mtok": 0.15, "output_per_mtok": 0.6})
    sub = substitutes(block, date(2023, 6, 1), CATALOG)[0]
    applied = sub.apply_to(block)
    assert applied.model == "openai:gpt-4" and applied.price is None
    assert applied.input_tokens == block.input_tokens and applied.name == block.name


def test_replay_blocks_of_the_2023_companion_are_priced_at_gpt4_launch_prices() -> None:
    rows = replay_blocks(_example("companion-2023.pitch.json"), date(2023, 3, 14), CATALOG)
    assert [r.needs_substitute for r in rows] == [False, False, False]
    # gpt-4-0314's launch price, $30 in / $60 out (the history's row and genai-prices agree on that day)
    assert all(
        r.price is not None and (r.price.base.input_per_mtok, r.price.base.output_per_mtok) == (30, 60)
        for r in rows
    )
    # a day later in the history's range: the gpt-3.5-turbo block of 2023-06-01 comes from the history row
    early = _block("openai:gpt-3.5-turbo")
    price, _ = CATALOG.resolve_block(early, date(2023, 6, 1))
    assert "price history 2023-03-01" in price.source and price.base.input_per_mtok == 2.0


def test_replaying_the_2026_companion_in_2023_with_gpt4_costs_what_the_2023_file_says() -> None:
    pitch = _example("companion-2026.pitch.json")
    day = date(2023, 6, 1)
    rows = replay_blocks(pitch, day, CATALOG)
    assert all(r.needs_substitute and r.suggested is not None for r in rows)
    choices = {r.index: r.suggested for r in rows if r.suggested is not None}
    new = replayed(pitch, day, choices)
    assert new.as_of == day and {b.model for b in new.blocks} == {"openai:gpt-4"}
    # Same usage as companion-2023 at gpt-4's $30/$60 (no cached price: cached tokens at the input price):
    #   background 192/day x 30: (4000 x 30 + 300 x 60) / 1e6 = 0.138 x 5760 = 794.88
    #   chat        60/day x 30: (6000 x 30 + 150 x 60) / 1e6 = 0.189 x 1800 = 340.20
    #   nightly   3 calls x 30:  (6000 x 30 + 800 x 60) / 1e6 = 0.228 x   90 =  20.52
    assert evaluate(new, CATALOG).cost_per_user_month == pytest.approx(794.88 + 340.20 + 20.52)


def test_sonnet_4_6_did_not_exist_in_2023() -> None:
    # the corrected history links claude-sonnet-4.6 to its catalog id and dates it 2026-02-17 (its release):
    # replayed in 2023 it needs a substitute, and the reason names both dates
    pitch = _example("agentic-coding-sonnet-4-6.pitch.json")
    then = replay_blocks(pitch, date(2023, 3, 14), CATALOG)[0]
    assert then.needs_substitute and not then.undated
    assert then.error is not None and "2026-02-17" in then.error and "2023-03-14" in then.error
    now = replay_blocks(pitch, date(2026, 3, 23), CATALOG)[0]
    assert not now.needs_substitute and not now.undated and now.substitutes == ()


def test_undo_texts() -> None:
    sub = substitutes(_block("openai:gpt-4o-mini"), date(2023, 3, 14), CATALOG)[0]
    assert (
        replay_text(date(2023, 3, 14), [("Chat", sub)]) == "Replay at 2023-03-14: use openai:gpt-4 for Chat"
    )
    assert replay_text(date(2023, 3, 14), []) == "Replay at 2023-03-14"
    assert (
        replay_text(date(2023, 3, 14), [("A", sub), ("B", sub)])
        == "Replay at 2023-03-14: use substitutes for 2 blocks"
    )
