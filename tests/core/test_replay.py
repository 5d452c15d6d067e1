"""Substitutes by capability (issue 9): replaying a pitch at a past date, and pricing memos like for like.

Scores are read by hand from resources/capability.csv; prices from resources/price_history.csv and genai-prices
0.2.3's bundled data (quoted where used); the costs are worked out in the comments.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from core.catalog import default_catalog
from core.engine import evaluate
from core.pitch import FeatureBlock, Pitch, with_changes
from core.pitch_io import load_pitch_bytes
from core.replay import (
    SubstituteRule,
    capability_target,
    like_for_like,
    missing_price,
    no_substitute_reason,
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


def test_the_capability_to_match() -> None:
    # gpt-4o-mini's rows: MMLU 82.0, GPQA Diamond 37.7
    target = capability_target(_block("openai:gpt-4o-mini"), CATALOG)
    assert target is not None and target.rule is SubstituteRule.CAPABILITY
    assert target.minimums == (("mmlu", 82.0), ("gpqa_diamond", 37.7))
    # a requirement wins over the model's scores: it is what the feature needs
    needs = _block("openai:gpt-4o-mini", requires={"benchmark": "swe_bench_verified", "min_score": 40.0})
    target = capability_target(needs, CATALOG)
    assert target is not None and target.minimums == (("swe_bench_verified", 40.0),)
    assert target.rule is SubstituteRule.REQUIREMENT
    # Sonnet 4.6's rows (Anthropic's system card): GPQA Diamond 89.9, SWE-bench Verified 79.6; no MMLU row
    sonnet = capability_target(_block("anthropic:claude-sonnet-4-6"), CATALOG)
    assert sonnet is not None and sonnet.minimums == (("gpqa_diamond", 89.9), ("swe_bench_verified", 79.6))
    # a model with no score (Claude Opus 4.6 has no row): unknown
    assert capability_target(_block("anthropic:claude-opus-4-6"), CATALOG) is None


def test_at_least_its_capability_the_cheapest_for_this_block_first() -> None:
    # gpt-4o-mini (released 2024-07-18) on 2024-06-01 needs MMLU >= 82 and GPQA >= 37.7, every shared one:
    #   groq:llama3-70b-8192 (Llama 3 70B: 82.0 / 40.6)  $0.59 / $0.79: 1000 x 0.59 + 100 x 0.79 = 669 -> $0.000669
    #   together Llama-3-70b-chat-hf (82.0 / 40.6)         $0.90 / $0.90: 900 + 90 = 990 -> $0.00099
    #   gpt-4o and gpt-4o-2024-05-13 (87.2 / 48.9)        $5 / $15: 5,000 + 1,500 = 6,500 -> $0.0065
    #   gpt-4-turbo (84.7 / 42.4)                           $10 / $30: 10,000 + 3,000 -> $0.013
    #   claude-3-opus (86.8 / 47.2)                         $15 / $75: 15,000 + 7,500 -> $0.0225
    # out: gpt-4 (GPQA 35.7 < 37.7: weaker on one), gemini-1.5-pro (MMLU 81.9), claude-3-sonnet (79.0)
    subs = substitutes(_block("openai:gpt-4o-mini"), date(2024, 6, 1), CATALOG)
    assert [s.label for s in subs] == [
        "groq:llama3-70b-8192",
        "together:meta-llama/Llama-3-70b-chat-hf",
        "openai:gpt-4o",
        "openai:gpt-4o-2024-05-13",
        "openai:gpt-4-turbo",
        "anthropic:claude-3-opus-latest",
    ]
    assert [s.cost_per_call for s in subs] == pytest.approx(
        [0.000669, 0.00099, 0.0065, 0.0065, 0.013, 0.0225], rel=1e-12
    )
    assert {s.rule for s in subs} == {SubstituteRule.CAPABILITY}
    assert (subs[0].score_kind, subs[0].score) == ("MMLU", 82.0)
    assert "MMLU >= 82 and GPQA Diamond >= 37.7" in subs[0].reason


def test_the_cheapest_depends_on_the_blocks_tokens() -> None:
    # the same replay for an output-heavy call, 100 input / 10,000 output:
    #   llama3-70b on Groq: 100 x 0.59 + 10,000 x 0.79 = 59 + 7,900 = 7,959 -> $0.007959
    #   Llama 3 70B on Together: 90 + 9,000 = 9,090 -> $0.00909; gpt-4o: 500 + 150,000 -> $0.1505
    subs = substitutes(
        _block("openai:gpt-4o-mini", input_tokens=100, output_tokens=10_000), date(2024, 6, 1), CATALOG
    )
    assert [s.cost_per_call for s in subs[:3]] == pytest.approx([0.007959, 0.00909, 0.1505], rel=1e-12)


def test_the_closest_match_is_offered_and_says_where_it_falls_short() -> None:
    # gpt-4o-mini (MMLU 82.0, GPQA Diamond 37.7) in 2023: no model was at least as good on both; GPT-4 (MMLU 86.4,
    # GPQA 35.7) is at least as good on MMLU: offered as the closest match (docs/contract.md 6.3: "at least its
    # capability on a shared benchmark"), saying it is below on GPQA, never silently.
    block = _block("openai:gpt-4o-mini")
    subs = substitutes(block, date(2023, 3, 15), CATALOG)
    assert [s.catalog_id for s in subs] == ["openai:gpt-4"]
    [gpt4] = subs
    assert gpt4.rule is SubstituteRule.CLOSEST and gpt4.score_kind == "MMLU" and gpt4.score == 86.4
    assert gpt4.shortfalls == ("GPQA Diamond 35.7 < 37.7",)
    assert "not like for like" in gpt4.reason
    [row] = replay_blocks(Pitch.model_validate(_pitch([block])), date(2023, 3, 15), CATALOG)
    assert (row.needs_substitute and row.suggested is gpt4) or row.suggested == gpt4


def test_none_of_its_capability_existed_is_said_plainly() -> None:
    # A requirement GPT-4 could not meet in 2023 (MMLU >= 90): no substitute, and the best of that day named.
    block = with_changes(_block("openai:gpt-4o-mini"), requires={"benchmark": "mmlu", "min_score": 90.0})
    assert substitutes(block, date(2023, 3, 15), CATALOG) == []
    reason = no_substitute_reason(block, date(2023, 3, 15), CATALOG)
    assert reason.startswith("no model of this capability existed on 2023-03-15")
    assert "MMLU 86.4 (openai:gpt-4)" in reason
    [row] = replay_blocks(Pitch.model_validate(_pitch([block])), date(2023, 3, 15), CATALOG)
    assert row.needs_substitute and row.substitutes == () and row.reason == reason


def _on_opus_4_6() -> Pitch:
    """The Sonnet 4.6 agent example with every block on Claude Opus 4.6, a model with no published score."""
    base = _example("agentic-coding-sonnet-4-6.pitch.json")
    return with_changes(
        base, blocks=tuple(with_changes(b, model="anthropic:claude-opus-4-6") for b in base.blocks)
    )


def test_a_model_of_unknown_capability_gets_no_substitute() -> None:
    # the case: an agent replayed in 2023 was given gpt-3.5-turbo; Opus 4.6 has no score, so no substitute
    pitch = _on_opus_4_6()
    then = replay_blocks(pitch, date(2023, 3, 15), CATALOG)
    assert all(r.needs_substitute and r.substitutes == () for r in then)
    assert then[0].error is not None and "2026-02-05" in then[0].error and "2023-03-15" in then[0].error
    assert then[0].reason is not None and "capability is unknown" in then[0].reason
    now = replay_blocks(pitch, date(2026, 3, 23), CATALOG)
    assert all(not r.needs_substitute and r.substitutes == () and r.reason is None for r in now)


def test_the_sonnet_4_6_agent_in_2023_needs_a_capability_no_model_had() -> None:
    # Sonnet 4.6 now has scores (GPQA Diamond 89.9, SWE-bench Verified 79.6). On 2023-03-15 the only scored models
    # out were gpt-3.5-turbo (GPQA 28.0) and gpt-4 (GPQA 35.7, released 2023-03-14); no SWE-bench row was released
    # yet (the first, gpt-4o's, is dated 2024-05-13). Neither meets a single benchmark: no substitute, not even the
    # closest, and the best of the day is named.
    pitch = _example("agentic-coding-sonnet-4-6.pitch.json")
    then = replay_blocks(pitch, date(2023, 3, 15), CATALOG)
    assert all(r.needs_substitute and r.substitutes == () for r in then)
    assert then[0].reason == (
        "no model of this capability existed on 2023-03-15: needs GPQA Diamond >= 89.9 and SWE-bench Verified "
        ">= 79.6 (anthropic:claude-sonnet-4-6's scores); the best then: GPQA Diamond 35.7 (openai:gpt-4)"
    )


def _pitch(blocks: list[FeatureBlock], as_of: str = "2026-03-23") -> dict[str, Any]:
    return {
        "format": "computecurve.pitch",
        "schema_version": 2,
        "name": "replay",
        "as_of": as_of,
        "business": {"price_per_user_month": 9.99, "target_gross_margin": 0.6},
        "blocks": [b.model_dump(mode="python") for b in blocks],
    }


def test_a_requirement_replays_the_2026_companion_on_gpt4() -> None:
    # companion-2026 with each block needing GPT-4's level (MMLU >= 86): on 2023-06-01 only GPT-4 meets it
    base = _example("companion-2026.pitch.json")
    needs = {"benchmark": "mmlu", "min_score": 86.0}
    pitch = with_changes(base, blocks=tuple(with_changes(b, requires=needs) for b in base.blocks))
    day = date(2023, 6, 1)
    rows = replay_blocks(pitch, day, CATALOG)
    assert all(r.needs_substitute and r.suggested is not None for r in rows)
    assert {r.suggested.rule for r in rows if r.suggested} == {SubstituteRule.REQUIREMENT}
    new = replayed(pitch, day, {r.index: r.suggested for r in rows if r.suggested is not None})
    assert new.as_of == day and {b.model for b in new.blocks} == {"openai:gpt-4"}
    # companion-2023's usage at gpt-4's $30/$60 (caching had not begun: cached tokens at the input price):
    #   background 192/day x 30: (4000 x 30 + 300 x 60) / 1e6 = 0.138 x 5760 = 794.88
    #   chat        60/day x 30: (6000 x 30 + 150 x 60) / 1e6 = 0.189 x 1800 = 340.20
    #   nightly   3 calls x 30:  (6000 x 30 + 800 x 60) / 1e6 = 0.228 x   90 =  20.52
    assert evaluate(new, CATALOG).cost_per_user_month == pytest.approx(794.88 + 340.20 + 20.52)


def test_a_substitute_drops_the_old_explicit_prices() -> None:
    block = _block("openai:gpt-4o-mini", price={"input_per_mtok": 0.15, "output_per_mtok": 0.6})
    sub = substitutes(block, date(2024, 6, 1), CATALOG)[0]
    applied = sub.apply_to(block)
    assert applied.model == "groq:llama3-70b-8192" and applied.price is None
    assert applied.input_tokens == block.input_tokens and applied.name == block.name


def test_nothing_to_replace_without_a_model() -> None:
    explicit = _block(None, price={"input_per_mtok": 1.0, "output_per_mtok": 2.0})
    assert substitutes(explicit, date(2023, 6, 1), CATALOG) == []


def test_replay_blocks_of_the_2023_companion_are_priced_at_gpt4_launch_prices() -> None:
    rows = replay_blocks(_example("companion-2023.pitch.json"), date(2023, 3, 14), CATALOG)
    assert [r.needs_substitute for r in rows] == [False, False, False]
    # gpt-4-0314's launch price, $30 in / $60 out
    assert all(
        r.price is not None and (r.price.base.input_per_mtok, r.price.base.output_per_mtok) == (30, 60)
        for r in rows
    )


def test_a_model_of_unknown_release_is_marked_undated() -> None:
    # gpt-4o-audio-preview has no release date: priced on any date, marked undated; its capability is unknown too
    pitch = with_changes(_example("voice-tutor.pitch.json"), blocks=(_block("openai:gpt-4o-audio-preview"),))
    row = replay_blocks(pitch, date(2023, 3, 15), CATALOG)[0]
    assert row.undated and not row.needs_substitute and row.substitutes == ()
    assert row.reason is not None and "capability is unknown" in row.reason


def test_a_dated_model_of_unknown_capability_needs_a_substitute_and_gets_none() -> None:
    # gpt-realtime-mini came out on 2025-10-06 (resources/release_dates.csv): not priced on 2023-03-15, and with
    # no published score nothing is offered in its place
    row = replay_blocks(_example("voice-tutor.pitch.json"), date(2023, 3, 15), CATALOG)[0]
    assert row.model == "openai:gpt-realtime-mini" and not row.undated
    assert row.needs_substitute and row.substitutes == ()
    assert row.error is not None and "2025-10-06" in row.error
    assert row.reason is not None and "capability is unknown" in row.reason


def test_undo_texts() -> None:
    sub = substitutes(_block("openai:gpt-4o-mini"), date(2024, 6, 1), CATALOG)[0]
    assert (
        replay_text(date(2024, 6, 1), [("Chat", sub)])
        == "Replay at 2024-06-01: use groq:llama3-70b-8192 for Chat"
    )
    assert replay_text(date(2024, 6, 1), []) == "Replay at 2024-06-01"
    assert (
        replay_text(date(2024, 6, 1), [("A", sub), ("B", sub)])
        == "Replay at 2024-06-01: use substitutes for 2 blocks"
    )


# ---------------------------------------------------------------------------------------------------
# Like for like on one date ("Compare fairly")
# ---------------------------------------------------------------------------------------------------


def test_gpt4_in_2026_is_priced_at_the_cheapest_gpt4_level_model() -> None:
    # GPT-4's legacy list price in 2026 is still $30 / $60: 1000 x 30 + 100 x 60 = 36,000 -> $0.036 a call.
    # Of at least GPT-4's capability (MMLU >= 86.4, GPQA >= 35.7 where shared) on 2026-01-01 the cheapest for
    # this block is openai:gpt-oss-120b (GPQA 70.8; genai-prices $0.039 / $0.18): 39 + 18 = 57 -> $0.000057
    pitch = Pitch.model_validate(_pitch([_block("openai:gpt-4")], "2023-03-14"))
    fair = like_for_like(pitch, date(2026, 1, 1), CATALOG)
    assert fair.pitch.as_of == date(2026, 1, 1)
    assert [b.model for b in fair.pitch.blocks] == ["openai:gpt-oss-120b"]
    [change] = fair.changes
    assert change.replaced and change.model == "openai:gpt-4"
    assert "openai:gpt-4 cost $0.0360 a call there against $0.0000570" in change.note
    ev = evaluate(fair.pitch, CATALOG)
    assert ev.blocks[0].cost_per_call == pytest.approx(0.000057, rel=1e-12)


def test_like_for_like_keeps_a_model_that_is_already_the_cheapest_of_its_capability() -> None:
    # on 2023-06-01 GPT-4 is the only model of its capability: kept, no change
    pitch = Pitch.model_validate(_pitch([_block("openai:gpt-4")], "2023-06-01"))
    fair = like_for_like(pitch, date(2023, 6, 1), CATALOG)
    assert fair.changes == () and fair.pitch.blocks[0].model == "openai:gpt-4"


def test_like_for_like_replaces_a_model_that_did_not_exist_yet() -> None:
    # gpt-4o-mini scored on 2024-06-01 (before its release): the cheapest of its capability, Llama 3 70B on Groq
    pitch = Pitch.model_validate(_pitch([_block("openai:gpt-4o-mini")]))
    fair = like_for_like(pitch, date(2024, 6, 1), CATALOG)
    assert fair.pitch.blocks[0].model == "groq:llama3-70b-8192"
    assert "had no price on 2024-06-01" in fair.changes[0].note


def test_like_for_like_keeps_unknown_capability_and_own_prices() -> None:
    blocks = [
        _block("anthropic:claude-opus-4-6"),  # no row in resources/capability.csv
        _block(None, price={"input_per_mtok": 30.0, "output_per_mtok": 60.0}),
    ]
    fair = like_for_like(Pitch.model_validate(_pitch(blocks)), date(2026, 3, 23), CATALOG)
    assert [b.model for b in fair.pitch.blocks] == ["anthropic:claude-opus-4-6", None]
    [note] = fair.notes
    assert "kept at its own price on 2026-03-23: its capability is unknown" in note


def test_score_as_of_prices_like_for_like_and_own_models_opts_out(
    tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    import csv
    import io
    import json

    from core.cli import main

    doc = _pitch([_block("openai:gpt-4")], "2023-03-14")
    path = tmp_path / "gpt4.pitch.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    # one call of 1000 in / 100 out, 10 a day, 30 days = 300 calls a month
    assert main(["score", str(path), "--as-of", "2026-01-01", "--csv", "-"]) == 0
    [fair] = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    # like for like: openai:gpt-oss-120b at $0.000057 a call x 300 = $0.0171
    assert float(fair["cost_per_user_month"]) == pytest.approx(0.0171, rel=1e-11)
    assert "priced like for like at openai:gpt-oss-120b" in fair["warnings"]
    assert main(["score", str(path), "--as-of", "2026-01-01", "--own-models", "--csv", "-"]) == 0
    [own] = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    # its own model: GPT-4's legacy $30 / $60: $0.036 a call x 300 = $10.80
    assert float(own["cost_per_user_month"]) == pytest.approx(10.8, rel=1e-11)
    assert "like for like" not in own["warnings"]
    # without a common date, each memo is scored as written (GPT-4 on 2023-03-14: $10.80 too)
    assert main(["score", str(path), "--csv", "-"]) == 0
    [plain] = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert float(plain["cost_per_user_month"]) == pytest.approx(10.8, rel=1e-11)


def test_a_score_row_carries_its_like_for_like_changes_as_values(tmp_path: Any) -> None:
    """The batch view names the models replaced from the row's changes, never by reading its notes."""
    import json

    from core.scoring import score_file

    path = tmp_path / "gpt4.pitch.json"
    path.write_text(json.dumps(_pitch([_block("openai:gpt-4")], "2023-03-14")), encoding="utf-8")
    row = score_file(path, as_of=date(2026, 1, 1), catalog=CATALOG)
    [change] = row.changes
    assert change.replaced and change.model == "openai:gpt-4" and change.index == 0
    assert change.substitute is not None and change.substitute.catalog_id == "openai:gpt-oss-120b"
    assert row.notes == (change.note,)
    assert score_file(path, catalog=CATALOG).changes == ()  # its own date: nothing replaced


# ---------------------------------------------------------------------------------------------------
# The default pitch (Gemini 2.5 Flash, Claude Haiku 4.5, Gemini 2.5 Flash-Lite), now that its models have scores
# ---------------------------------------------------------------------------------------------------


def test_the_default_pitch_in_mid_2024_needs_a_capability_no_model_had_and_names_the_best() -> None:
    # Tutor chat's Gemini 2.5 Flash: GPQA Diamond 82.8, SWE-bench Verified 28.73 (resources/capability.csv).
    # Released by 2024-06-01: best GPQA Diamond gpt-4o's 48.9 (gpt-4o-2024-05-13 ties; ids sort "openai:gpt-4o"
    # first), the only SWE-bench row gpt-4o's 21.62 (claude-3-5-sonnet's 32.0 is dated 2024-06-20). Neither meets
    # either benchmark, so not even a closest match: the reason names both bests.
    rows = replay_blocks(_example("default.pitch.json"), date(2024, 6, 1), CATALOG)
    tutor = rows[0]
    assert tutor.name == "Tutor chat" and tutor.needs_substitute and tutor.substitutes == ()
    assert tutor.reason == (
        "no model of this capability existed on 2024-06-01: needs GPQA Diamond >= 82.8 and SWE-bench Verified "
        ">= 28.73 (google:gemini-2.5-flash's scores); the best then: GPQA Diamond 48.9 (openai:gpt-4o), "
        "SWE-bench Verified 21.62 (openai:gpt-4o)"
    )
    # Background understanding's Gemini 2.5 Flash-Lite (GPQA 64.6, SWE 31.6): the same two bests fall short
    assert rows[2].reason is not None and rows[2].reason.startswith(
        "no model of this capability existed on 2024-06-01: needs GPQA Diamond >= 64.6 and SWE-bench Verified >= 31.6"
    )


def test_the_default_pitch_on_new_year_2025_gets_the_closest_tutor_model_with_its_shortfall() -> None:
    # On 2025-01-01 no model had GPQA Diamond >= 82.8 (the best: o1's 75.8), so no strict match for Gemini 2.5
    # Flash. SWE-bench Verified >= 28.73 (its other benchmark) was met by o1 48.9, deepseek-chat 42.0, o1-mini 41.6,
    # claude-3-5-haiku 40.6 and claude-3-5-sonnet 32.0: the closest matches, each saying its GPQA shortfall.
    # Tutor chat per call: 5,000 input (half cached), 350 output + 500 thinking billed as output = 850 output.
    #   deepseek-chat  $0.14 / $0.28, cached $0.014: 2,500 x 0.14 + 2,500 x 0.014 + 850 x 0.28 = 350 + 35 + 238 = 623
    #   claude-3-5-haiku $0.80 / $4, cached $0.08:   2,000 + 200 + 3,400 = 5,600
    #   o1-mini        $1.10 / $4.40, cached $0.55:  2,750 + 1,375 + 3,740 = 7,865
    #   claude-3-5-sonnet $3 / $15, cached $0.30:    7,500 + 750 + 12,750 = 21,000
    #   o1             $15 / $60, cached $7.50:      37,500 + 18,750 + 51,000 = 107,250   (per 1e6: USD)
    tutor = replay_blocks(_example("default.pitch.json"), date(2025, 1, 1), CATALOG)[0]
    assert [s.catalog_id for s in tutor.substitutes] == [
        "deepseek:deepseek-chat",
        "anthropic:claude-3-5-haiku-latest",
        "openai:o1-mini",
        "anthropic:claude-3-5-sonnet",
        "openai:o1",
    ]
    assert [s.cost_per_call for s in tutor.substitutes] == pytest.approx(
        [0.000623, 0.0056, 0.007865, 0.021, 0.10725], rel=1e-12
    )
    best = tutor.substitutes[0]
    assert best.rule is SubstituteRule.CLOSEST and (best.score_kind, best.score) == (
        "SWE-bench Verified",
        42.0,
    )
    assert best.shortfalls == ("GPQA Diamond 56.5 < 82.8",)
    assert "not like for like" in best.reason
