"""The headless command line (contract section 5): exit codes, ``evaluate --json``, ``score`` CSV,
``catalog``, ``scenarios``, ``schema``, ``fit`` and ``prices``; no Qt, no network.

Expected numbers are worked out by hand in each test; the comments show the arithmetic.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import math
import os
import re
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import core.cli
import core.scoring
from core.user_prices import load_price_table
from desktop.cli import main

EXIT_OK, EXIT_INTERNAL, EXIT_INVALID = 0, 1, 2

HEADER = (
    "file,name,as_of,scenario,cost_per_user_month,cost_per_paying_user_month,budget_per_user_month,"
    "required_drop,orders_of_magnitude,verdict,arrival_earliest,arrival_latest,catalog_version,warnings,error"
)
NUMERIC_COLUMNS = (
    "cost_per_user_month",
    "cost_per_paying_user_month",
    "budget_per_user_month",
    "required_drop",
    "orders_of_magnitude",
)
SCENARIO_IDS = (
    "seed-rule",
    "ng-gpt4",
    "llmflation",
    "price-of-progress",
    "epoch-gpt4-mmlu",
    "supply-constrained",
    "gpu-price-performance",
)

# One block: 1,000 input tokens at $2/M and 500 output tokens at $8/M, 1 call per action, 10 actions a day,
# 30 days: (1000*2 + 500*8)/1e6 = 0.002 + 0.004 = $0.006 per call; 300 calls -> $1.80 per user-month.
CHAT_BLOCK: dict[str, Any] = {
    "name": "Chat",
    "price": {"input_per_mtok": 2.0, "output_per_mtok": 8.0},
    "input_tokens": 1000,
    "output_tokens": 500,
    "calls_per_action": 1,
    "actions_per_day": 10,
}


def pitch_doc(
    name: str = "Hand pitch",
    *,
    price: float = 10.0,
    margin: float = 0.8,
    as_of: str | None = "2026-01-01",
    blocks: list[dict[str, Any]] | None = None,
    **top: Any,
) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "format": "computecurve.pitch",
        "schema_version": 2,
        "name": name,
        "business": {"price_per_user_month": price, "target_gross_margin": margin},
        "blocks": copy.deepcopy(blocks if blocks is not None else [CHAT_BLOCK]),
    }
    if as_of is not None:
        doc["as_of"] = as_of
    doc.update(top)
    return doc


def write(path: Path, doc: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        rc = main(argv)
    except SystemExit as exc:  # argparse
        rc = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return rc, out, err


def evaluate_json(path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, Any]:
    rc, out, err = run_cli(["evaluate", str(path), "--json", *extra], capsys)
    assert rc == EXIT_OK, err
    return json.loads(out)  # type: ignore[no-any-return]


def read_csv(path: Path) -> tuple[str, list[dict[str, str]]]:
    text = path.read_text(encoding="utf-8")
    header = text.splitlines()[0]
    return header, list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> date:
    """Today is the hand pitches' own as_of, 2026-01-01 (the command line reads the clock in one place)."""
    today = date(2026, 1, 1)
    monkeypatch.setattr(core.cli, "_today", lambda: today)
    return today


@pytest.fixture
def good_file(tmp_path: Path) -> Path:
    return write(tmp_path / "good.pitch.json", pitch_doc())


# -- exit codes -------------------------------------------------------------------------------------


def test_exit_0_for_a_good_file(good_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, err = run_cli(["evaluate", str(good_file)], capsys)
    assert rc == EXIT_OK
    assert err == ""
    assert "Hand pitch" in out


def test_exit_2_for_a_bad_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = pitch_doc()
    bad["blocks"][0]["output_tokens"] = -1
    path = write(tmp_path / "bad.pitch.json", bad)
    rc, out, err = run_cli(["evaluate", str(path)], capsys)
    assert rc == EXIT_INVALID
    assert out == ""
    assert str(path) in err and "blocks[0].output_tokens" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["evaluate"],
        ["no-such-command"],
        ["evaluate", "{good}", "--samples", "0"],
        ["evaluate", "{good}", "--samples", "many"],
        ["evaluate", "{good}", "--seed", "-1"],
        ["evaluate", "{good}", "--no-such-option"],
        ["evaluate", "{good}", "--as-of", "2026-13-01"],
        ["evaluate", "{good}", "--scenario", "no-such-scenario"],
        ["score"],
        ["score", "{good}", "--scenario", "no-such-scenario"],
        ["fit", "2023-03-14=36"],
        ["fit", "yesterday=36", "2024-08-14=4"],
    ],
)
def test_exit_2_for_a_usage_error(
    argv: list[str], good_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rc, _out, err = run_cli([a.replace("{good}", str(good_file)) for a in argv], capsys)
    assert rc == EXIT_INVALID
    assert err.strip(), "a usage error says what was wrong"


def test_internal_error_wins_over_invalid_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "memos"
    write(folder / "a-good.pitch.json", pitch_doc())
    bad = pitch_doc()
    bad["blocks"][0]["input_tokens"] = "many"
    write(folder / "b-bad.pitch.json", bad)
    write(folder / "c-boom.pitch.json", pitch_doc("Boom"))
    real = core.scoring.evaluate

    def evaluate(pitch: Any, *args: Any, **kwargs: Any) -> Any:
        if pitch.name == "Boom":
            raise RuntimeError("a bug in Compute Curve")
        return real(pitch, *args, **kwargs)

    monkeypatch.setattr(core.scoring, "evaluate", evaluate)
    out_csv = tmp_path / "scores.csv"
    rc, _out, _err = run_cli(["score", str(folder), "--csv", str(out_csv)], capsys)
    assert rc == EXIT_INTERNAL
    _header, rows = read_csv(out_csv)
    assert len(rows) == 3  # score keeps going past both


# -- evaluate --json --------------------------------------------------------------------------------

CONTRACT_KEYS: dict[str, Any] = {
    "name": str,
    "as_of": str,
    "scenario": {"id": str, "annual_decline_low": float, "annual_decline_high": float},
    "catalog_version": str,
    "cost_per_user_month": float,
    "cost_per_paying_user_month": float,
    "budget_per_user_month": float,
    "required_drop": float,
    "orders_of_magnitude": float,
    "verdict": str,
    "arrival": {"earliest": str, "latest": str},
    "breakeven": {
        "blended_per_mtok": float,
        "breakeven_blended_per_mtok": float,
        "price_per_user_month": float,
    },
    "blocks": [
        {
            "name": str,
            "cost_per_user_month": float,
            "share": float,
            "resolved_price": {"input_per_mtok": float, "output_per_mtok": float, "source": str},
        }
    ],
    "warnings": list,
    "uncertainty": {
        "samples": int,
        "seed": int,
        "p_viable_now": float,
        "arrival_p10": str,
        "arrival_p50": str,
        "arrival_p90": str,
    },
}


def assert_shape(value: Any, shape: Any, where: str = "") -> None:
    if isinstance(shape, dict):
        assert isinstance(value, dict), where
        for key, sub in shape.items():
            assert key in value, f"missing key {where}.{key}"
            assert_shape(value[key], sub, f"{where}.{key}")
    elif isinstance(shape, list):
        assert isinstance(value, list) and value, where
        for i, item in enumerate(value):
            assert_shape(item, shape[0], f"{where}[{i}]")
    elif shape is float:
        assert isinstance(value, (int, float)) and not isinstance(value, bool), f"{where}: {value!r}"
    else:
        assert isinstance(value, shape), f"{where}: {value!r}"


def test_evaluate_json_has_every_key_the_contract_lists(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Two orders away, so every listed value (arrival, percentiles, orders of magnitude) is non-null.
    path = write(tmp_path / "p.pitch.json", pitch_doc(price=0.09))
    out = evaluate_json(path, capsys)
    assert_shape(out, CONTRACT_KEYS)
    assert out["scenario"]["id"] == "seed-rule"
    for key in ("as_of",):
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", out[key])


def test_disabled_blocks_are_listed_with_cost_0_and_share_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    off = dict(CHAT_BLOCK, name="Switched off", enabled=False, actions_per_day=1000)
    path = write(tmp_path / "p.pitch.json", pitch_doc(blocks=[off, CHAT_BLOCK]))
    out = evaluate_json(path, capsys)
    assert [b["name"] for b in out["blocks"]] == ["Switched off", "Chat"]  # the file's order
    assert out["blocks"][0]["cost_per_user_month"] == 0.0
    assert out["blocks"][0]["share"] == 0.0
    assert out["blocks"][1]["share"] == 1.0
    assert out["cost_per_user_month"] == pytest.approx(1.80, rel=1e-12)


def test_two_runs_give_identical_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    block = dict(CHAT_BLOCK, ranges={"actions_per_day": [3, 30], "input_tokens": [500, 4000]})
    doc = pitch_doc(price=1.0, blocks=[block])
    doc["business"]["ranges"] = {"usage_multiplier": [0.5, 3]}
    path = write(tmp_path / "p.pitch.json", doc)
    first = run_cli(["evaluate", str(path), "--json"], capsys)
    second = run_cli(["evaluate", str(path), "--json"], capsys)
    assert first[0] == second[0] == EXIT_OK
    assert first[1] == second[1]
    assert json.loads(first[1])["uncertainty"]["samples"] == 20_000  # the default
    assert json.loads(first[1])["uncertainty"]["seed"] == 0


def test_samples_and_seed_are_reflected(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "p.pitch.json", pitch_doc(price=1.0))
    out = evaluate_json(path, capsys, "--samples", "1000", "--seed", "3")
    assert out["uncertainty"]["samples"] == 1000
    assert out["uncertainty"]["seed"] == 3


def test_hand_computed_viable_pitch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], pinned_today: date
) -> None:
    path = write(tmp_path / "p.pitch.json", pitch_doc())
    out = evaluate_json(path, capsys)
    # (0.002 + 0.004) * 300 = $1.80; budget = $10 * (1 - 0.8) = $2.00; drop = 1.8 / 2 = 0.9.
    assert out["cost_per_user_month"] == pytest.approx(1.80, rel=1e-12)
    assert out["cost_per_paying_user_month"] == pytest.approx(1.80, rel=1e-12)
    assert out["budget_per_user_month"] == pytest.approx(2.00, rel=1e-12)
    assert out["required_drop"] == pytest.approx(0.9, rel=1e-12)
    assert out["orders_of_magnitude"] == pytest.approx(-0.045757490560675, rel=1e-9)  # log10(0.9)
    assert out["verdict"] == "viable_now"
    assert out["arrival"] == {"earliest": "2026-01-01", "latest": "2026-01-01", "passed": False}  # as_of
    # headroom = 1 / 0.9 = 1.111 -> "1.11x"
    assert out["verdict_headline"] == "Viable at today's prices · 1.11x headroom"
    assert out["arrival_text"] == "Viable now"
    # tokens = (1000 + 500) * 300 = 450,000; blended = 1.80 / 450,000 * 1e6 = $4.00/M;
    # breakeven blended = 4.00 / 0.9 = $4.444/M; breakeven price = 1.80 / (1 * 0.2 * 1) = $9.00.
    assert out["breakeven"]["blended_per_mtok"] == pytest.approx(4.0, rel=1e-12)
    assert out["breakeven"]["breakeven_blended_per_mtok"] == pytest.approx(4.0 / 0.9, rel=1e-12)
    assert out["breakeven"]["price_per_user_month"] == pytest.approx(9.0, rel=1e-12)
    block = out["blocks"][0]
    assert block["cost_per_user_month"] == pytest.approx(1.80, rel=1e-12)
    assert block["share"] == 1.0
    assert block["resolved_price"]["input_per_mtok"] == 2.0
    assert block["resolved_price"]["output_per_mtok"] == 8.0
    assert block["resolved_price"]["source"]
    assert out["uncertainty"]["p_viable_now"] == 1.0  # no ranges: every sample is the point value
    assert out["warnings"] == []


def test_hand_computed_two_orders_pitch_and_its_arrival(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], pinned_today: date
) -> None:
    path = write(tmp_path / "p.pitch.json", pitch_doc(price=0.09))
    out = evaluate_json(path, capsys)
    # budget = 0.09 * 0.2 = $0.018; drop = 1.80 / 0.018 = 100; log10(100) = 2 -> "two_orders" ((1, 2]).
    assert out["budget_per_user_month"] == pytest.approx(0.018, rel=1e-12)
    assert out["required_drop"] == pytest.approx(100.0, rel=1e-12)
    assert out["orders_of_magnitude"] == pytest.approx(2.0, rel=1e-12)
    assert out["verdict"] == "two_orders"
    # seed-rule: fast k = 10**(12/18): t = 2 / (2/3) = 3 years = 1095.75 days -> 1096 days after 2026-01-01
    #   (365 + 365 + 366 = 1096) = 2029-01-01. Slow k = 10**(12/24): t = 2 / 0.5 = 4 years = 1461 days
    #   (1096 + 365) = 2030-01-01.
    assert out["arrival"] == {"earliest": "2029-01-01", "latest": "2030-01-01", "passed": False}
    # priced today: 3 and 4 years away (36 and 48 months: written in years from 24 months)
    assert out["verdict_words"] == "Two orders of magnitude away: interesting but premature"
    assert (
        out["verdict_headline"]
        == "Two orders of magnitude away · about 3-4 years at the seed's rule 3.16-4.64x/yr"
    )
    assert out["arrival_text"] == (
        "Viable between Jan 2029 and Jan 2030 (point values at the seed's rule 3.16-4.64x/yr)"
    )


def test_hand_computed_arrival_beyond_50_years_is_null(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], pinned_today: date
) -> None:
    scenario = {"name": "slow or fast", "annual_decline_low": 1.01, "annual_decline_high": 10.0}
    path = write(tmp_path / "p.pitch.json", pitch_doc(price=0.9, scenario=scenario))
    out = evaluate_json(path, capsys)
    # budget = 0.9 * 0.2 = 0.18; drop = 1.8 / 0.18 = 10 -> 1 order -> "one_order" ((0, 1]).
    assert out["required_drop"] == pytest.approx(10.0, rel=1e-12)
    assert out["verdict"] == "one_order"
    assert out["scenario"]["annual_decline_low"] == 1.01
    assert out["scenario"]["annual_decline_high"] == 10.0
    # fast: t = ln 10 / ln 10 = 1 year = 365.25 days -> 365 -> 2027-01-01;
    # slow: t = ln 10 / ln 1.01 = 2.302585 / 0.00995033 = 231.4 years > 50 -> null.
    assert out["arrival"] == {"earliest": "2027-01-01", "latest": None, "passed": False}
    # a custom scenario's short name is its own name and factors; fast end 1 year = 12 months
    assert out["verdict_headline"] == (
        "One order of magnitude away · 12 months or more (not within 50 years at the slow rate) "
        "at slow or fast 1.01-10x/yr"
    )
    assert out["arrival_text"] == (
        "Viable from Jan 2027 at the earliest; not within 50 years at the slow rate "
        "(point values at slow or fast 1.01-10x/yr)"
    )


def test_hand_computed_full_arithmetic(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(core.cli, "_today", lambda: date(2026, 1, 1))
    block = {
        "name": "Everything",
        "price": {
            "input_per_mtok": 4.0,
            "cached_input_per_mtok": 0.4,
            "cache_write_per_mtok": 5.0,
            "output_per_mtok": 16.0,
            "reasoning_per_mtok": 20.0,
        },
        "input_tokens": 10000,
        "output_tokens": 200,
        "reasoning_tokens": 300,
        "cached_input_fraction": 0.5,
        "cache_write_fraction": 0.25,
        "price_multiplier": 0.5,
        "per_call_usd": 0.002,
        "calls_per_action": 2,
        "actions_per_day": 5,
    }
    doc = pitch_doc(price=50.0, margin=0.6, blocks=[block], scenario="llmflation")
    doc["business"].update(
        inference_share_of_cogs=0.5,
        active_days_per_month=20,
        usage_multiplier=2,
        free_users_per_paying_user=1,
        payment_fee_fraction=0.2,
    )
    path = write(tmp_path / "p.pitch.json", doc)
    out = evaluate_json(path, capsys)
    # token cost = (10000 * (0.25*4 + 0.5*0.4 + 0.25*5) + 200*16 + 300*20) / 1e6
    #            = (10000 * 2.45 + 3200 + 6000) / 1e6 = 33,700 / 1e6 = $0.0337
    # cost per call = 0.5 * (0.0337 + 0.002) = $0.01785; calls = 2 * 5 * 2 * 20 = 400 -> $7.14
    assert out["blocks"][0]["cost_per_user_month"] == pytest.approx(7.14, rel=1e-12)
    assert out["cost_per_user_month"] == pytest.approx(7.14, rel=1e-12)
    assert out["cost_per_paying_user_month"] == pytest.approx(14.28, rel=1e-12)  # * (1 + 1 free user)
    # budget = 50 * (1 - 0.2) * (1 - 0.6) * 0.5 = 50 * 0.8 * 0.4 * 0.5 = $8.00; drop = 14.28 / 8 = 1.785
    assert out["budget_per_user_month"] == pytest.approx(8.0, rel=1e-12)
    assert out["required_drop"] == pytest.approx(1.785, rel=1e-12)
    assert out["orders_of_magnitude"] == pytest.approx(0.2516382, abs=1e-7)  # log10(1.785)
    assert out["verdict"] == "one_order"
    # tokens = (10000 + 200 + 300) * 400 = 4,200,000, but the block has a per-call price ($0.002): no blended
    # price per token (docs/contract.md 6.1); breakeven price = 14.28 / (0.8 * 0.4 * 0.5) = $89.25.
    assert out["tokens_per_user_month"] == pytest.approx(4_200_000, rel=1e-12)
    assert out["breakeven"]["blended_per_mtok"] is None
    assert out["breakeven"]["breakeven_blended_per_mtok"] is None
    assert out["breakeven"]["price_per_user_month"] == pytest.approx(89.25, rel=1e-12)
    # llmflation k = 10: t = log10(1.785) = 0.251638 years = 91.91 days -> 92 days after 2026-01-01
    # (Jan 31 + Feb 28 + Mar 31 = 90 -> Apr 1, +2) = 2026-04-03, both ends.
    assert out["arrival"] == {"earliest": "2026-04-03", "latest": "2026-04-03", "passed": False}
    # priced today: 0.251638 years = 3.02 months -> "about 3 months"
    assert out["verdict_headline"] == "One order of magnitude away · about 3 months at LLMflation 10x/yr"
    assert out["arrival_text"] == "Viable around Apr 2026 (point values at LLMflation 10x/yr)"
    # The text output: the cost beside the budget is per paying user, the active user's labelled.
    rc, text, _err = run_cli(["evaluate", str(path)], capsys)
    assert rc == EXIT_OK
    assert "Cost:    $14.28 per paying user-month ($7.14 per active user)" in text
    assert "Budget:  $8.00 per paying user-month for inference" in text
    assert "Verdict: One order of magnitude away · about 3 months at LLMflation 10x/yr" in text
    assert (
        "The seed's rule of thumb: roughly the next 18-24 months (at its 10x per 18-24 months pace)" in text
    )

    # Read on 2026-12-03, the window (2026-04-03) lies wholly before today: it says so, never a future date.
    monkeypatch.setattr(core.cli, "_today", lambda: date(2026, 12, 3))
    later = evaluate_json(path, capsys)
    assert later["arrival"] == {"earliest": "2026-04-03", "latest": "2026-04-03", "passed": True}
    assert later["verdict_headline"] == (
        "One order of magnitude away · should have arrived by Apr 2026 at LLMflation 10x/yr"
    )
    assert later["arrival_text"] == (
        "Should have arrived around Apr 2026: the window has passed "
        "(point values at LLMflation 10x/yr; prices as of 2026-01-01)"
    )


def test_hand_computed_price_tier(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    block = {
        "name": "Tiered",
        "price": {
            "input_per_mtok": 1.0,
            "output_per_mtok": 2.0,
            "tiers": [
                {"above_input_tokens": 1000, "input_per_mtok": 3.0},
                {"above_input_tokens": 5000, "input_per_mtok": 5.0, "output_per_mtok": 6.0},
            ],
        },
        "input_tokens": 5000,
        "output_tokens": 100,
        "calls_per_action": 1,
        "actions_per_day": 1,
    }
    out = evaluate_json(write(tmp_path / "p.pitch.json", pitch_doc(blocks=[block])), capsys)
    # 5000 is not above 5000: the tier above 1000 applies (input $3, output from the base $2):
    # (5000*3 + 100*2) / 1e6 = $0.0152 per call; 1 * 1 * 30 = 30 calls -> $0.456.
    assert out["cost_per_user_month"] == pytest.approx(0.456, rel=1e-12)


def test_absent_as_of_is_todays_date_in_evaluate_and_score(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "memos" / "undated.pitch.json", pitch_doc(as_of=None))
    today = date.today().isoformat()
    out = evaluate_json(path, capsys)
    assert out["as_of"] == today
    rc, text, _err = run_cli(["evaluate", str(path)], capsys)
    assert rc == EXIT_OK and today in text
    out_csv = tmp_path / "scores.csv"
    rc, _out, _err = run_cli(["score", str(path), "--csv", str(out_csv)], capsys)
    assert rc == EXIT_OK
    assert read_csv(out_csv)[1][0]["as_of"] == today


# -- score ------------------------------------------------------------------------------------------


def test_score_a_folder_with_one_corrupt_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "memos"
    good_a = write(folder / "a.pitch.json", pitch_doc("Viable"))
    good_b = write(folder / "b.pitch.json", pitch_doc("Two orders", price=0.09))
    bad_doc = pitch_doc("Corrupt")
    bad_doc["blocks"][0]["output_tokens"] = -5
    bad = write(folder / "c-bad.pitch.json", bad_doc)
    out_csv = tmp_path / "scores.csv"
    rc, _out, _err = run_cli(["score", str(folder), "--csv", str(out_csv)], capsys)
    assert rc == EXIT_INVALID
    header, rows = read_csv(out_csv)
    assert header == HEADER
    assert [r["file"] for r in rows] == [str(good_a), str(good_b), str(bad)]

    bad_row = rows[2]
    assert "blocks[0].output_tokens" in bad_row["error"]
    for column in (*NUMERIC_COLUMNS, "verdict", "arrival_earliest", "arrival_latest"):
        assert bad_row[column] == "", column

    for row, path in zip(rows[:2], (good_a, good_b), strict=True):
        ev = evaluate_json(path, capsys)
        assert row["error"] == ""
        assert row["name"] == ev["name"]
        assert row["as_of"] == ev["as_of"]
        assert row["scenario"] == ev["scenario"]["id"]
        for column in NUMERIC_COLUMNS:
            # at most 12 significant digits in the file (contract section 5); the JSON has every digit
            assert float(row[column]) == pytest.approx(ev[column], rel=1e-11), column
            assert len(row[column].lstrip("-").replace(".", "").lstrip("0")) <= 12, row[column]
        assert row["verdict"] == ev["verdict"]
        assert row["arrival_earliest"] == (ev["arrival"]["earliest"] or "")
        assert row["arrival_latest"] == (ev["arrival"]["latest"] or "")
        assert row["catalog_version"] == ev["catalog_version"]
    assert rows[0]["verdict"] == "viable_now" and rows[1]["verdict"] == "two_orders"


def test_score_as_of_and_scenario_apply_to_every_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "memos"
    write(folder / "a.pitch.json", pitch_doc("Dated", as_of="2025-06-01", scenario="seed-rule"))
    custom = {"name": "mine", "annual_decline_low": 1.5, "annual_decline_high": 2.0}
    write(folder / "b.pitch.json", pitch_doc("Undated, custom", price=0.9, as_of=None, scenario=custom))
    out_csv = tmp_path / "scores.csv"
    rc, _out, err = run_cli(
        ["score", str(folder), "--csv", str(out_csv), "--as-of", "2026-01-01", "--scenario", "llmflation"],
        capsys,
    )
    assert rc == EXIT_OK, err
    _header, rows = read_csv(out_csv)
    assert len(rows) == 2
    for row in rows:
        assert row["as_of"] == "2026-01-01"
        assert row["scenario"] == "llmflation"
    # The second pitch needs a 10x drop (1.8 / 0.18); llmflation is 10x a year: one year = 365.25 days -> 365
    # days after 2026-01-01 = 2027-01-01, both ends.
    assert (rows[1]["arrival_earliest"], rows[1]["arrival_latest"]) == ("2027-01-01", "2027-01-01")


def test_score_csv_writes_at_most_12_significant_digits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], pinned_today: date
) -> None:
    # 10,000 input tokens at $9.70/M: 10000 * 9.7 / 1e6 = 0.097 a call; 1 * 40 actions * 20 days = 800 calls;
    # 0.097 * 800 = 77.6, which floating point makes 77.60000000000001. One free user per paying user:
    # 77.6 * 2 = 155.2 per paying user. Budget 200 * (1 - 0.03) * (1 - 0.6) * 1 = 77.6 (77.60000000000001
    # again). required_drop = 155.2 / 77.6 = 2; orders = log10 2 = 0.30102999566398... -> 12 digits.
    block = {
        "name": "Reader",
        "price": {"input_per_mtok": 9.7, "output_per_mtok": 30.0},
        "input_tokens": 10000,
        "output_tokens": 0,
        "calls_per_action": 1,
        "actions_per_day": 40,
    }
    doc = pitch_doc("Seventy-seven sixty", price=200.0, margin=0.6, blocks=[block])
    doc["business"].update(payment_fee_fraction=0.03, active_days_per_month=20, free_users_per_paying_user=1)
    path = write(tmp_path / "memos" / "p.pitch.json", doc)
    ev = evaluate_json(path, capsys)
    assert ev["cost_per_user_month"] == 77.60000000000001  # the float the contract's example names
    assert ev["budget_per_user_month"] == 77.60000000000001
    out_csv = tmp_path / "scores.csv"
    rc, out, err = run_cli(["score", str(path), "--csv", str(out_csv)], capsys)
    assert rc == EXIT_OK, err
    text = out_csv.read_text(encoding="utf-8")
    assert "77.60000000000001" not in text and "155.20000000000002" not in text
    (row,) = read_csv(out_csv)[1]
    assert row["cost_per_user_month"] == "77.6"
    assert row["cost_per_paying_user_month"] == "155.2"
    assert row["budget_per_user_month"] == "77.6"
    assert row["required_drop"] == "2"  # a whole number is written without ".0"
    assert row["orders_of_magnitude"] == "0.301029995664"
    assert row["verdict"] == "one_order"
    # seed-rule, fast: t = log10 2 / (2/3) = 0.451545 years = 164.93 days -> 165 days after 2026-01-01 =
    # 2026-06-15; slow: t = log10 2 / 0.5 = 0.60206 years = 219.90 days -> 220 days = 2026-08-09.
    assert (row["arrival_earliest"], row["arrival_latest"]) == ("2026-06-15", "2026-08-09")
    # The text output puts the cost per paying user beside the budget (the two the drop divides), and
    # the pitch's own arrival (priced today: 5.4 and 7.2 months) beside the verdict.
    assert "$155.20 per paying user-month ($77.60 per active user) vs $77.60 budget" in out
    assert "about 5-7 months at the seed's rule 3.16-4.64x/yr" in out


@pytest.mark.parametrize("name", ['=HYPERLINK("x")', "+1", "-1", "@SUM(1)"])
def test_score_csv_never_starts_a_text_cell_with_a_formula(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "memos" / "formula.pitch.json", pitch_doc(name))
    out_csv = tmp_path / "scores.csv"
    rc, _out, err = run_cli(["score", str(path), "--csv", str(out_csv)], capsys)
    assert rc == EXIT_OK, err
    (row,) = read_csv(out_csv)[1]
    assert row["name"] == "'" + name
    # The pitch is viable: orders_of_magnitude = log10(0.9) = -0.0458 is a number, not text: no prefix.
    assert row["orders_of_magnitude"].startswith("-0.04")
    assert float(row["orders_of_magnitude"]) == pytest.approx(math.log10(0.9), rel=1e-9)


def _model_block(name: str, **price: float) -> dict[str, Any]:
    block: dict[str, Any] = dict(CHAT_BLOCK, name=name, model="openai:gpt-4o-mini")
    block["price"] = price
    return block


def test_score_warnings_flag_an_explicit_price_far_from_the_catalog(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # openai:gpt-4o-mini on 2026-01-01: $0.15 in / $0.60 out per million (genai-prices).
    blocks = [
        _model_block("Typed its own", input_per_mtok=0.5),  # 0.5 / 0.15 - 1 = +233%: flagged
        _model_block("Close enough", input_per_mtok=0.16),  # 0.16 / 0.15 - 1 = +6.7%: not flagged
    ]
    path = write(tmp_path / "memos" / "w.pitch.json", pitch_doc(blocks=blocks))
    out_csv = tmp_path / "scores.csv"
    rc, _out, err = run_cli(["score", str(path), "--csv", str(out_csv)], capsys)
    assert rc == EXIT_OK, err
    (row,) = read_csv(out_csv)[1]
    assert "blocks[0]" in row["warnings"] and "input_per_mtok" in row["warnings"]
    assert "blocks[1]" not in row["warnings"]


def test_an_explicit_price_exactly_10_percent_away_is_not_flagged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Contract: flagged when MORE than 10% away. 0.165 = 0.15 * 1.10 and 0.54 = 0.60 * 0.90 are exactly
    # 10% away (float noise makes 0.165 / 0.15 - 1 = 0.10000000000000009; it must not flip the flag).
    path = write(
        tmp_path / "memos" / "edge.pitch.json",
        pitch_doc(blocks=[_model_block("Edge", input_per_mtok=0.165, output_per_mtok=0.54)]),
    )
    out = evaluate_json(path, capsys)
    assert out["warnings"] == []


# -- catalog, scenarios, schema, fit ----------------------------------------------------------------


def test_catalog_lists_gpt_4o_mini_with_its_prices(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, err = run_cli(["catalog", "gpt-4o-mini", "--as-of", "2026-01-01"], capsys)
    assert rc == EXIT_OK, err
    lines = [line for line in out.splitlines() if line.split()[:1] == ["openai:gpt-4o-mini"]]
    assert len(lines) == 1
    assert "in 0.15 " in lines[0] and "out 0.6 " in lines[0]
    assert "2026-01-01" in out


def test_catalog_json(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, err = run_cli(["catalog", "gpt-4o-mini", "--as-of", "2026-01-01", "--json"], capsys)
    assert rc == EXIT_OK, err
    doc = json.loads(out)
    assert doc["as_of"] == "2026-01-01"
    assert doc["catalog_version"].startswith("genai-prices ")
    (model,) = [m for m in doc["models"] if m["id"] == "openai:gpt-4o-mini"]
    assert model["prices"]["input_per_mtok"] == 0.15
    assert model["prices"]["output_per_mtok"] == 0.6
    assert model["source"]


def test_scenarios_lists_the_seven_ids(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, err = run_cli(["scenarios"], capsys)
    assert rc == EXIT_OK, err
    listed = [line.split()[0] for line in out.splitlines() if line and not line[0].isspace()]
    assert listed == list(SCENARIO_IDS)


def test_scenarios_json_seed_rule_is_exact(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, err = run_cli(["scenarios", "--json"], capsys)
    assert rc == EXIT_OK, err
    by_id = {s["id"]: s for s in json.loads(out)}
    assert tuple(by_id) == SCENARIO_IDS
    assert by_id["seed-rule"]["annual_decline_low"] == 10 ** (12 / 24)
    assert by_id["seed-rule"]["annual_decline_high"] == 10 ** (12 / 18)
    assert (by_id["llmflation"]["annual_decline_low"], by_id["llmflation"]["annual_decline_high"]) == (10, 10)
    assert (
        by_id["epoch-gpt4-mmlu"]["annual_decline_low"],
        by_id["epoch-gpt4-mmlu"]["annual_decline_high"],
    ) == (4.1, 61.5)


def test_schema_prints_json_schema_with_blocks(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, err = run_cli(["schema"], capsys)
    assert rc == EXIT_OK, err
    schema = json.loads(out)
    assert "blocks" in schema["properties"]
    assert "business" in schema["properties"]


def test_fit_two_dated_prices(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, err = run_cli(["fit", "2023-03-14=36", "2024-08-14=4"], capsys)
    assert rc == EXIT_OK, err
    # 2023-03-14 -> 2024-03-14 is 366 days (29 Feb 2024), -> 2024-08-14 another 31+30+31+30+31 = 153: 519 days
    # = 519 / 365.25 = 1.420945 years. factor = (36 / 4) ** (1 / 1.420945) = 9 ** 0.703757
    # = exp(2.197225 * 0.703757) = exp(1.546313) = 4.694 (Ng's "17 months" gives (36/4)**(12/17) = 4.716).
    match = re.search(r"(\d+\.\d+)x", out)
    assert match, out
    assert float(match.group(1)) == pytest.approx(4.694, abs=6e-4)
    assert float(match.group(1)) == pytest.approx(9 ** (365.25 / 519), abs=6e-4)


# -- prices -----------------------------------------------------------------------------------------


def _catalog_priced_pitch(tmp_path: Path) -> Path:
    block = dict(CHAT_BLOCK, model="openai:gpt-4o-mini")
    del block["price"]
    return write(tmp_path / "p.pitch.json", pitch_doc(blocks=[block]))


def test_prices_csv_with_a_per_token_price_warns_and_out_writes_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pitch = _catalog_priced_pitch(tmp_path)
    before = pitch.read_bytes()
    # Catalog price at 2026-01-01: (1000 * 0.15 + 500 * 0.6) / 1e6 * 300 = 0.00045 * 300 = $0.135.
    assert evaluate_json(pitch, capsys)["cost_per_user_month"] == pytest.approx(0.135, rel=1e-12)
    table = tmp_path / "prices.csv"
    table.write_text("model,input_per_mtok\nopenai:gpt-4o-mini,3e-06\n", encoding="utf-8")

    rc, out, err = run_cli(["prices", str(table), str(pitch)], capsys)
    assert rc == EXIT_OK, err
    warning = [line for line in out.splitlines() if "WARNING" in line]
    assert len(warning) == 1 and "input_per_mtok" in warning[0]
    assert pitch.read_bytes() == before  # a table changes nothing until it is written into a pitch

    new = tmp_path / "new.pitch.json"
    rc, out, err = run_cli(["prices", str(table), str(pitch), "--out", str(new)], capsys)
    assert rc == EXIT_OK, err
    ev = evaluate_json(new, capsys)
    assert ev["blocks"][0]["resolved_price"]["input_per_mtok"] == 3e-06
    assert ev["blocks"][0]["resolved_price"]["output_per_mtok"] == 0.6  # the rest still from the catalog
    # (1000 * 3e-06 + 500 * 0.6) / 1e6 = (0.003 + 300) / 1e6 = 0.000300003 per call; * 300 = $0.0900009.
    assert ev["cost_per_user_month"] == pytest.approx(0.0900009, rel=1e-12)
    assert evaluate_json(pitch, capsys)["cost_per_user_month"] == pytest.approx(0.135, rel=1e-12)


def test_prices_litellm_json_maps_per_token_to_per_million(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = tmp_path / "model_prices.json"
    table.write_text(
        json.dumps(
            {
                "gpt-4o-mini": {
                    "input_cost_per_token": 1.5e-07,
                    "output_cost_per_token": 6e-07,
                    "litellm_provider": "openai",
                }
            }
        )
    )
    # 1.5e-07 $/token * 1e6 = $0.15 per million; 6e-07 * 1e6 = $0.60 per million.
    prices = load_price_table(table).lookup("openai:gpt-4o-mini")
    assert prices is not None
    assert prices["input_per_mtok"] == pytest.approx(0.15, rel=1e-12)
    assert prices["output_per_mtok"] == pytest.approx(0.60, rel=1e-12)

    block = dict(
        CHAT_BLOCK, model="openai:gpt-4o-mini", price={"input_per_mtok": 1.0, "output_per_mtok": 2.0}
    )
    pitch = write(tmp_path / "p.pitch.json", pitch_doc(blocks=[block]))
    new = tmp_path / "new.pitch.json"
    rc, out, err = run_cli(["prices", str(table), str(pitch), "--out", str(new)], capsys)
    assert rc == EXIT_OK, err
    assert "$0.15" in out and "$0.6" in out
    ev = evaluate_json(new, capsys)
    resolved = ev["blocks"][0]["resolved_price"]
    assert resolved["input_per_mtok"] == pytest.approx(0.15, rel=1e-12)
    assert resolved["output_per_mtok"] == pytest.approx(0.60, rel=1e-12)
    # (1000 * 0.15 + 500 * 0.6) / 1e6 * 300 = $0.135
    assert ev["cost_per_user_month"] == pytest.approx(0.135, rel=1e-12)


# -- no Qt, no network (real processes) -------------------------------------------------------------


def _run_script(script: str, tmp_path: Path) -> dict[str, Any]:
    result = tmp_path / "result.json"
    env = {k: v for k, v in os.environ.items() if k not in ("COMPUTECURVE_DEBUG", "QT_QPA_PLATFORM")}
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script), str(tmp_path), str(result)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    return json.loads(result.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _fixture_folder(tmp_path: Path) -> None:
    write(tmp_path / "memos" / "a.pitch.json", pitch_doc())
    write(
        tmp_path / "memos" / "b.pitch.json", pitch_doc(blocks=[_model_block("Catalog", output_per_mtok=0.6)])
    )


def test_headless_commands_import_no_qt(tmp_path: Path) -> None:
    _fixture_folder(tmp_path)
    result = _run_script(
        """
        import json, sys
        from pathlib import Path
        from desktop.cli import main
        tmp, result = Path(sys.argv[1]), Path(sys.argv[2])
        memo = str(tmp / "memos" / "b.pitch.json")
        rcs = [
            main(["evaluate", memo]),
            main(["evaluate", memo, "--json"]),
            main(["score", str(tmp / "memos"), "--csv", str(tmp / "scores.csv")]),
            main(["catalog", "gpt-4o-mini", "--as-of", "2026-01-01"]),
            main(["scenarios"]),
            main(["schema"]),
        ]
        qt = sorted(m for m in sys.modules if m.partition(".")[0] in ("PySide6", "shiboken6", "pyqtgraph"))
        result.write_text(json.dumps({"rcs": rcs, "qt": qt}))
        """,
        tmp_path,
    )
    assert result["rcs"] == [0] * 6
    assert result["qt"] == []


def test_headless_commands_never_touch_the_network(tmp_path: Path) -> None:
    _fixture_folder(tmp_path)
    result = _run_script(
        """
        import json, socket, sys
        from pathlib import Path
        attempts = []
        def refuse(*args, **kwargs):
            attempts.append(repr(args)[:200])
            raise OSError("the test forbids the network")
        socket.socket.connect = refuse
        socket.socket.connect_ex = refuse
        socket.create_connection = refuse
        socket.getaddrinfo = refuse
        from desktop.cli import main
        tmp, result = Path(sys.argv[1]), Path(sys.argv[2])
        memo = str(tmp / "memos" / "b.pitch.json")
        rcs = [
            main(["evaluate", memo, "--json"]),
            main(["catalog", "--as-of", "2026-01-01"]),
            main(["catalog", "gpt-4o-mini", "--json"]),
            main(["score", str(tmp / "memos"), "--csv", str(tmp / "scores.csv")]),
        ]
        result.write_text(json.dumps({"rcs": rcs, "attempts": attempts}))
        """,
        tmp_path,
    )
    assert result["rcs"] == [0] * 4
    assert result["attempts"] == []


def test_the_sensitivity_lines_write_each_input_by_its_kind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], pinned_today: date
) -> None:
    """The text report's sensitivity rows use the money and percent rules of every screen, not raw floats."""
    path = write(tmp_path / "p.pitch.json", pitch_doc())
    rc, out, err = run_cli(["evaluate", str(path)], capsys)
    assert rc == EXIT_OK, err
    lines = {line.strip().partition(":")[0]: line.strip() for line in out.splitlines() if " -> " in line}
    # price $10 nudged to half and double: budgets $5 x 0.2 = $1 and $20 x 0.2 = $4 against the $1.80 cost:
    # log10(1.8) = 0.255 and log10(0.45) = -0.347 orders of magnitude
    assert lines["price per user-month"] == "price per user-month: $5.00 -> 0.26, $20.00 -> -0.35"
    # margin 80% nudged halfway to 0 and to 1: budgets $10 x 0.6 = $6 and $10 x 0.1 = $1: log10(0.3) = -0.52
    assert lines["target gross margin"] == "target gross margin: 40% -> -0.52, 90% -> 0.26"
