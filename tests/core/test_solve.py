"""Goal seek (docs/contract.md 6.4): core/solve.py and ``computecurve solve``.

Every expected value is worked out by hand in the test, with the arithmetic in comments.
"""

from __future__ import annotations

import copy
import json
import math
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import core.solve
from core.deployments import HOURS_PER_YEAR
from core.engine import evaluate
from core.errors import PitchError
from core.pitch import Pitch
from core.pitch_io import load_pitch
from core.solve import (
    SolveCheckError,
    apply_value,
    p_viable_by,
    parse_field,
    solvable_fields,
    solve,
    target_drop,
)
from desktop.cli import main

EXIT_OK, EXIT_INTERNAL, EXIT_INVALID = 0, 1, 2
EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "examples"
SEED_LOW = 10 ** (12 / 24)  # the seed rule's slow factor (docs/contract.md section 4)
AS_OF = date(2026, 1, 1)
TWO_YEARS = date(2028, 1, 1)  # 730 days later
YEARS = 730 / 365.25

# One block: 1,000 input tokens at $2/M and 500 output tokens at $8/M, 10 actions a day, 30 days:
# (1000*2 + 500*8)/1e6 = $0.006 a call, 300 calls -> $1.80 a user-month. Price $5 at an 80% margin:
# budget 5 * 0.2 = $1.00, so required_drop = 1.8.
CHAT: dict[str, Any] = {
    "name": "Chat",
    "price": {"input_per_mtok": 2.0, "output_per_mtok": 8.0},
    "input_tokens": 1000.0,
    "output_tokens": 500.0,
    "calls_per_action": 1.0,
    "actions_per_day": 10.0,
}


def make(blocks: list[dict[str, Any]] | None = None, **business: Any) -> Pitch:
    doc: dict[str, Any] = {
        "format": "computecurve.pitch",
        "schema_version": 2,
        "name": "Hand pitch",
        "as_of": "2026-01-01",
        "business": {"price_per_user_month": 5.0, "target_gross_margin": 0.8, **business},
        "blocks": copy.deepcopy(blocks if blocks is not None else [CHAT]),
    }
    return Pitch.model_validate(doc)


def drop(pitch: Pitch) -> float:
    return evaluate(pitch).required_drop


def test_the_hand_pitch_needs_a_drop_of_1_8() -> None:
    assert drop(make()) == pytest.approx(1.8, rel=1e-12)


# -- closed forms -------------------------------------------------------------------------------------


def test_price_is_price_times_required_drop_over_target() -> None:
    s = solve(make(), "price_per_user_month")
    # price_needed = price * required_drop / target = 5 * 1.8 / 1 = 9
    assert s.value == pytest.approx(9.0, rel=1e-12)
    assert s.direction == "at_least" and s.method == "closed form"
    assert s.current == 5.0 and s.target_drop == 1.0 and s.by is None and s.reason is None
    assert s.pitch is not None and s.pitch.business.price_per_user_month == s.value
    assert drop(s.pitch) <= 1 * (1 + 1e-9)


def test_price_by_a_date_two_years_out_is_lower() -> None:
    s = solve(make(), "price_per_user_month", TWO_YEARS)
    # target = k_low ** years = 10 ** (0.5 * 730 / 365.25) = 10 ** 0.99932 = 9.984; price = 5 * 1.8 / 9.984 = 0.9015
    target = SEED_LOW**YEARS
    assert s.target_drop == pytest.approx(target, rel=1e-12)
    assert s.years == pytest.approx(YEARS, rel=1e-15)
    assert s.value == pytest.approx(5 * 1.8 / target, rel=1e-12)
    assert s.value < 9.0
    assert s.pitch is not None and drop(s.pitch) <= target * (1 + 1e-9)


def test_margin_keeps_the_budget_share_needed() -> None:
    s = solve(make(), "target_gross_margin")
    # budget = price * (1 - margin): (1 - m) must be 0.2 * 1.8 = 0.36, so m = 0.64 at most
    assert s.value == pytest.approx(0.64, rel=1e-12)
    assert s.direction == "at_most"


def test_output_tokens_are_affine_in_the_cost() -> None:
    s = solve(make(), "blocks[0].output_tokens")
    # required_drop = 300 * (1000*2 + x*8) / 1e6 / 1.0 = 0.6 + 0.0024 x <= 1  ->  x <= 0.4 / 0.0024 = 166.67
    assert s.value == pytest.approx(0.4 / 0.0024, rel=1e-12)
    assert s.direction == "at_most" and s.label == "Output tokens · Chat"
    assert s.undo_text == "Solve for output tokens of Chat"


def test_no_value_within_the_bounds_is_an_answer_with_its_reason() -> None:
    s = solve(make(), "blocks[0].input_tokens")
    # required_drop = 300 * (2 x + 4000) / 1e6 = 0.0006 x + 1.2: at 0 input tokens it is still 1.2 > 1
    assert s.value is None and s.pitch is None
    assert s.reason == (
        "even with input tokens of Chat at 0 tokens, the pitch needs inference 1.2x cheaper than today"
    )


def test_no_value_by_a_date_names_the_decline_it_outruns() -> None:
    s = solve(make(price_per_user_month=0.5), "blocks[0].input_tokens", TWO_YEARS)
    # budget 0.1: at 0 input tokens, 300 * 4000 / 1e6 / 0.1 = 12 > 10 ** (0.5 * 730 / 365.25) = 9.984 (the slow
    # decline by 2028-01-01)
    assert s.value is None
    assert s.reason is not None and "12x cheaper than today" in s.reason
    assert "more than the 9.98x the scenario's slow decline gives by then" in s.reason


def test_usage_multiplier_scales_the_cost() -> None:
    s = solve(make(), "usage_multiplier")
    # required_drop = 1.8 u <= 1  ->  u <= 1 / 1.8
    assert s.value == pytest.approx(1 / 1.8, rel=1e-12)


def test_a_price_field_is_written_into_the_block() -> None:
    s = solve(make(), "blocks[0].price.output_per_mtok")
    # 300 * (2000 + 500 p) / 1e6 <= 1  ->  p <= (1e6 / 300 - 2000) / 500 = 2.6667
    assert s.value == pytest.approx((1e6 / 300 - 2000) / 500, rel=1e-12)
    assert s.pitch is not None and s.pitch.blocks[0].price is not None
    assert s.pitch.blocks[0].price.output_per_mtok == s.value


def test_cached_input_falls_toward_viability_when_the_cache_is_cheaper() -> None:
    blocks = [
        {**CHAT, "price": {"input_per_mtok": 2.0, "output_per_mtok": 8.0, "cached_input_per_mtok": 0.2}}
    ]
    s = solve(make(blocks), "blocks[0].cached_input_fraction")
    # input per call: 1000 * (2 (1 - c) + 0.2 c) = 2000 - 1800 c; 300 (2000 - 1800 c + 4000) / 1e6 <= 1
    # -> 6000 - 1800 c <= 3333.33 -> c >= (6000 - 1e6/300) / 1800 = 1.4815 > 1: no value; even at c = 1
    # 300 * (200 + 4000) / 1e6 = 1.26
    assert s.value is None and s.direction == "at_least"
    assert s.reason is not None and "at 100%" in s.reason and "1.26x" in s.reason
    s = solve(make(blocks, price_per_user_month=8.0), "blocks[0].cached_input_fraction")
    # budget 1.6: 300 (6000 - 1800 c) / 1e6 <= 1.6 -> c >= (6000 - 1.6e6/300) / 1800 = 0.37037
    assert s.value == pytest.approx((6000 - 1.6e6 / 300) / 1800, rel=1e-12)
    assert s.direction == "at_least"


def test_decline_is_required_drop_to_the_power_one_over_years() -> None:
    s = solve(make(), "decline", TWO_YEARS)
    # 1.8 ** (1 / (730 / 365.25)) = 1.3417...
    assert s.value == pytest.approx(1.8 ** (1 / YEARS), rel=1e-12)
    assert s.current == pytest.approx(SEED_LOW, rel=1e-15)
    assert s.pitch is not None and not isinstance(s.pitch.scenario, str)
    assert s.pitch.scenario.annual_decline_low == s.value
    assert s.pitch.scenario.annual_decline_high == pytest.approx(10 ** (12 / 18), rel=1e-15)  # kept


def test_decline_without_a_date_is_invalid_input() -> None:
    with pytest.raises(PitchError) as err:
        solve(make(), "decline")
    assert err.value.field == "by"


def test_a_date_before_as_of_is_invalid_input() -> None:
    with pytest.raises(PitchError) as err:
        target_drop(make(), date(2025, 12, 31))
    assert err.value.field == "by" and "before the pitch's date 2026-01-01" in err.value.message


def test_every_value_viable_gives_the_bound_and_says_so() -> None:
    s = solve(make(), "active_days_per_month", TWO_YEARS)
    # 30 days need 1.8, the slow decline gives 9.98 by then: even 31 days (1.86) are viable
    assert s.value == 31.0 and s.note is not None and "every value within the bounds" in s.note


def test_a_field_that_changes_nothing() -> None:
    blocks = [CHAT, {**CHAT, "name": "Off", "enabled": False}]
    s = solve(make(blocks), "blocks[1].output_tokens")
    assert s.value is None and s.direction is None
    assert (
        s.reason
        == "Off is disabled: its output tokens does not change the cost; the pitch needs inference 1.8x cheaper than that"
    )


def test_deployment_utilisation_divides_the_prices() -> None:
    doc_dep = {
        "id": "seed",
        "name": "100 x H100",
        "gpu": "H100",
        "ownership": {"gpus": 100.0, "total_cost_usd": 8.6e6, "years": 5.0},
        "utilisation": 0.7,
        "input_tokens_per_second_per_gpu": 9000.0,
        "output_tokens_per_second_per_gpu": 1850.0,
    }
    block = {k: v for k, v in CHAT.items() if k != "price"} | {"deployment": "seed"}
    doc = make([CHAT], price_per_user_month=0.4).model_dump(mode="python")
    doc["deployments"] = [doc_dep]
    doc["blocks"] = [block]
    pitch = Pitch.model_validate(doc)
    s = solve(pitch, "deployments[0].utilisation")
    # gpu_hour = 8.6e6 / (100 * 5 * 8766); at utilisation u the call costs gpu_hour / u * (1000 / (9000 * 3600)
    # + 500 / (1850 * 3600)); 300 calls against a budget of 0.4 * 0.2 = 0.08  ->  u >= 300 * gpu_hour * (...) / 0.08
    gpu_hour = 8.6e6 / (100 * 5 * HOURS_PER_YEAR)
    per_call_at_full_use = gpu_hour * (1000 / (9000 * 3600) + 500 / (1850 * 3600))
    assert s.value == pytest.approx(300 * per_call_at_full_use / 0.08, rel=1e-12)
    assert 0.7 < s.value < 1 and s.direction == "at_least"
    assert s.label == "Utilisation · 100 x H100"


# -- bisection: tiers ----------------------------------------------------------------------------------


def tiered(above_price: float) -> Pitch:
    block = {
        "name": "Long context",
        "price": {
            "input_per_mtok": 1.0,
            "output_per_mtok": 1.0,
            "tiers": [{"above_input_tokens": 10_000.0, "input_per_mtok": above_price}],
        },
        "input_tokens": 20_000.0,
        "output_tokens": 0.0,
        "calls_per_action": 1.0,
        "actions_per_day": 1.0,
    }
    return make([block], price_per_user_month=1.0, target_gross_margin=0.0)


def test_tiered_input_tokens_bisect_to_the_root_in_the_upper_tier() -> None:
    s = solve(tiered(2.0), "blocks[0].input_tokens")
    # 30 calls; above 10,000 tokens a call costs 2 x / 1e6: 30 * 2 x / 1e6 <= 1 -> x <= 16,666.67 (> 10,000)
    assert s.method == "bisection"
    assert s.value == pytest.approx(1e6 / 60, rel=1e-12)
    assert s.pitch is not None and drop(s.pitch) <= 1


def test_tiered_input_tokens_stop_at_the_threshold_when_the_jump_steps_over_the_target() -> None:
    s = solve(tiered(20.0), "blocks[0].input_tokens")
    # above 10,000 tokens: 30 * 20 x / 1e6 > 1 for every x > 10,000 (6 at 10,000); at 10,000 the base price
    # applies (a tier starts *above* its threshold): 30 * 10,000 / 1e6 = 0.3 <= 1. The boundary is 10,000.
    assert s.value == 10_000.0


# -- applying -------------------------------------------------------------------------------------------


def test_a_range_moves_with_its_value() -> None:
    pitch = make(usage_multiplier=1.0, ranges={"usage_multiplier": [0.5, 2.0]})
    s = solve(pitch, "usage_multiplier", monte_carlo=False)
    # u = 1 / 1.8: the range keeps its relative spread, [0.5, 2] * (1 / 1.8)
    assert s.pitch is not None
    low, high = s.pitch.business.ranges["usage_multiplier"]
    assert low == pytest.approx(0.5 / 1.8) and high == pytest.approx(2.0 / 1.8)


def test_a_fraction_range_is_shifted_within_its_bounds() -> None:
    pitch = make(ranges={"target_gross_margin": [0.7, 0.9]})
    target = parse_field(pitch, "target_gross_margin")
    changed = apply_value(pitch, target, 0.64, 0.8)
    # shifted by -0.16: [0.54, 0.74]
    low, high = changed.business.ranges["target_gross_margin"]
    assert (low, high) == pytest.approx((0.54, 0.74))


def test_the_check_catches_a_wrong_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    real = core.solve._closed_form

    def wrong(*args: Any) -> Any:
        found = real(*args)
        return core.solve._Found(found.value * 1.01 if found.value else 1.0, found.direction, found.method)

    monkeypatch.setattr(core.solve, "_closed_form", wrong)
    with pytest.raises(SolveCheckError):
        solve(make(), "blocks[0].output_tokens")


# -- fields ----------------------------------------------------------------------------------------------


def test_solvable_fields_name_blocks_and_deployments() -> None:
    fields = dict(solvable_fields(make()))
    assert fields["price_per_user_month"] == "Price"
    assert fields["blocks[0].actions_per_day"] == "Actions per day · Chat"
    assert fields["blocks[0].price.input_per_mtok"] == "Input price · Chat"
    assert fields["decline"] == "Slow decline"
    for path in fields:
        parse_field(make(), path)  # every offered path parses


@pytest.mark.parametrize(
    ("path", "needle"),
    [
        ("bogus", "unknown field 'bogus'; valid fields: price_per_user_month"),
        ("blocks[3].output_tokens", "the pitch has 1 block (blocks[0] to blocks[0]), no blocks[3]"),
        ("blocks[0].name", "unknown field"),
        ("deployments[0].utilisation", "the pitch has no deployments"),
    ],
)
def test_unknown_fields_are_invalid_input(path: str, needle: str) -> None:
    with pytest.raises(PitchError) as err:
        parse_field(make(), path)
    assert needle in err.value.message and err.value.field == path


# -- Monte Carlo -----------------------------------------------------------------------------------------


def test_monte_carlo_values_bracket_the_probability() -> None:
    pitch = make(ranges={"usage_multiplier": [0.5, 2.0]})
    s = solve(pitch, "price_per_user_month", samples=2000)
    assert [p.probability for p in s.probabilities] == [0.5, 0.9]
    p50, p90 = (p.value for p in s.probabilities)
    assert p50 is not None and p90 is not None and p50 < p90
    target = parse_field(pitch, "price_per_user_month")
    for p, value in ((0.5, p50), (0.9, p90)):
        at = apply_value(pitch, target, value, 5.0)
        below = apply_value(pitch, target, value * (1 - 2e-6), 5.0)  # beyond the 1e-6 tolerance
        assert p_viable_by(at, 0.0, core.solve.default_catalog(), AS_OF, 2000, 0) >= p
        assert p_viable_by(below, 0.0, core.solve.default_catalog(), AS_OF, 2000, 0) < p
    # the median of usage is 1 (lognormal with 5th/95th percentiles 0.5 and 2): P50 is near the point answer 9
    assert p50 == pytest.approx(9.0, rel=0.05)


def test_no_ranges_no_monte_carlo() -> None:
    assert solve(make(), "price_per_user_month").probabilities == ()


# -- property: an answer re-evaluates to a viable pitch, or the reason says why there is none -------------

FIELDS_TO_TRY = [
    "price_per_user_month",
    "target_gross_margin",
    "usage_multiplier",
    "inference_share_of_cogs",
    "active_days_per_month",
    "free_users_per_paying_user",
    "payment_fee_fraction",
    "blocks[0].input_tokens",
    "blocks[0].output_tokens",
    "blocks[0].reasoning_tokens",
    "blocks[0].cached_input_fraction",
    "blocks[0].calls_per_action",
    "blocks[0].actions_per_day",
    "blocks[0].price_multiplier",
    "blocks[0].per_call_usd",
    "blocks[0].price.input_per_mtok",
    "blocks[0].price.output_per_mtok",
    "blocks[1].output_tokens",
    "decline",
]

positive = st.floats(min_value=1e-3, max_value=1e5, allow_nan=False)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    field=st.sampled_from(FIELDS_TO_TRY),
    inp=positive,
    out=positive,
    actions=st.floats(min_value=0.01, max_value=500),
    price=st.floats(min_value=0.01, max_value=1e4),
    margin=st.floats(min_value=0.0, max_value=0.95),
    share=st.floats(min_value=0.05, max_value=1.0),
    fee=st.floats(min_value=0.0, max_value=0.5),
    cached=st.floats(min_value=0.0, max_value=1.0),
    per_call=st.sampled_from([0.0, 0.001, 0.05]),
    days=st.integers(min_value=1, max_value=800),
    tier=st.booleans(),
)
def test_a_solved_value_re_evaluates_viable_or_the_reason_says_why(
    field: str,
    inp: float,
    out: float,
    actions: float,
    price: float,
    margin: float,
    share: float,
    fee: float,
    cached: float,
    per_call: float,
    days: int,
    tier: bool,
) -> None:
    prices: dict[str, Any] = {"input_per_mtok": 3.0, "output_per_mtok": 15.0, "cached_input_per_mtok": 0.3}
    if tier:
        prices["tiers"] = [{"above_input_tokens": 2000.0, "input_per_mtok": 6.0, "output_per_mtok": 22.5}]
    blocks = [
        {
            "name": "A",
            "price": prices,
            "input_tokens": inp,
            "output_tokens": out,
            "cached_input_fraction": cached,
            "calls_per_action": 1.0,
            "actions_per_day": actions,
            "per_call_usd": per_call,
        },
        {**CHAT, "name": "B", "actions_per_day": actions / 3},
    ]
    pitch = make(
        blocks,
        price_per_user_month=price,
        target_gross_margin=margin,
        inference_share_of_cogs=share,
        payment_fee_fraction=fee,
    )
    by = date.fromordinal(AS_OF.toordinal() + days)
    s = solve(pitch, field, by, monte_carlo=False)
    if s.value is None:
        assert s.reason, "no value needs a reason"
        return
    assert s.pitch is not None and s.evaluation is not None
    goal = s.target_drop if field != "decline" else s.value**s.years
    assert evaluate(s.pitch).required_drop <= goal * (1 + 1e-9)
    if s.direction is not None and s.note is None:
        # the boundary: a step of 1e-6 beyond it (on the other side) is no longer viable
        target = parse_field(pitch, field)
        beyond = s.value * (1 + 1e-6) if s.direction == "at_most" else s.value * (1 - 1e-6)
        if beyond != s.value and target.spec.contains(beyond):
            try:
                changed = apply_value(pitch, target, beyond, s.current)
            except ValueError:
                return  # a tied field's bound (cached + cache writes): the boundary is that bound
            goal2 = goal if field != "decline" else beyond**s.years
            assert evaluate(changed).required_drop > goal2 * (1 - 1e-9)


# -- the command line --------------------------------------------------------------------------------------


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        rc = main(argv)
    except SystemExit as exc:
        rc = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return rc, out, err


def test_cli_companion_break_even_price(capsys: pytest.CaptureFixture[str]) -> None:
    path = EXAMPLES / "companion-chat.pitch.json"
    rc, out, err = run_cli(["solve", str(path), "--for", "price_per_user_month", "--json"], capsys)
    assert rc == EXIT_OK, err
    doc = json.loads(out)
    for key in ("field", "current", "value", "target_drop", "by", "reason"):
        assert key in doc
    pitch = load_pitch(path)
    ev = evaluate(pitch)
    # the break-even price: price * required_drop (docs/contract.md section 2, breakeven_price_per_user_month)
    assert doc["value"] == pytest.approx(ev.breakeven.price_per_user_month, rel=1e-12)
    assert doc["current"] == 9.99 and doc["target_drop"] == 1 and doc["by"] is None and doc["reason"] is None
    target = parse_field(pitch, "price_per_user_month")
    changed = apply_value(pitch, target, doc["value"], 9.99)
    assert evaluate(changed).required_drop <= 1 + 1e-9
    # two years out, the slow decline carries part of the drop: a lower price
    rc, out, _ = run_cli(
        ["solve", str(path), "--for", "price_per_user_month", "--by", "2028-03-23", "--json"], capsys
    )
    later = json.loads(out)
    assert rc == EXIT_OK and later["value"] < doc["value"] and later["by"] == "2028-03-23"
    # 731 days: price * required_drop / k_low ** (731 / 365.25)
    assert later["value"] == pytest.approx(doc["value"] / SEED_LOW ** (731 / 365.25), rel=1e-12)


def test_cli_text_and_no_value(capsys: pytest.CaptureFixture[str]) -> None:
    path = EXAMPLES / "companion-chat.pitch.json"
    rc, out, _ = run_cli(["solve", str(path), "--for", "blocks[0].output_tokens", "--samples", "500"], capsys)
    assert rc == EXIT_OK
    assert "Answer: no value within its bounds: even with output tokens of Chat turns at 0 tokens" in out
    rc, out, _ = run_cli(
        ["solve", str(path), "--for", "blocks[0].output_tokens", "--json", "--samples", "500"], capsys
    )
    doc = json.loads(out)
    assert doc["value"] is None and doc["reason"].startswith("even with output tokens of Chat turns at 0")


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["--for", "bogus"], "valid fields: price_per_user_month"),
        (["--for", "decline"], "needs a date"),
        (["--for", "price_per_user_month", "--by", "2020-01-01"], "before the pitch's date"),
        (["--for", "price_per_user_month", "--by", "soon"], "not a date"),
    ],
)
def test_cli_invalid_input_is_exit_2(
    argv: list[str], needle: str, capsys: pytest.CaptureFixture[str]
) -> None:
    rc, out, err = run_cli(["solve", str(EXAMPLES / "companion-chat.pitch.json"), *argv], capsys)
    assert rc == EXIT_INVALID and out == "" and needle in err


def test_cli_a_failed_check_is_an_internal_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: Any) -> Any:
        raise SolveCheckError("the answer did not check out")

    monkeypatch.setattr(core.solve, "_finish", broken)
    rc, _, err = run_cli(
        ["solve", str(EXAMPLES / "companion-chat.pitch.json"), "--for", "usage_multiplier"], capsys
    )
    assert rc == EXIT_INTERNAL and "internal error" in err


def test_solution_json_is_strict_json() -> None:
    s = solve(make(), "blocks[0].input_tokens")
    json.dumps(s.document(), allow_nan=False)
    assert math.isfinite(s.required_drop)


def test_a_price_field_never_leaves_its_bounds() -> None:
    s = solve(make(price_per_user_month=1e6), "blocks[0].price.output_per_mtok")
    # budget 2e5 against $1.80: viable at any output price up to the bound of 1e6 per million tokens
    assert s.value == 1e6 and s.note is not None


def test_cli_a_pitch_that_cannot_be_evaluated_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = make().model_dump(mode="json")
    doc["blocks"][0]["price"] = None
    doc["blocks"][0]["model"] = "nobody:no-such-model"
    path = tmp_path / "unknown.pitch.json"
    path.write_text(json.dumps({k: v for k, v in doc.items() if v is not None}), encoding="utf-8")
    rc, out, err = run_cli(["solve", str(path), "--for", "price_per_user_month"], capsys)
    assert rc == EXIT_INVALID and out == ""
    assert str(path) in err and "blocks[0].model" in err


def test_a_decline_by_the_next_day_is_no_value_not_an_overflow() -> None:
    # required_drop 1.8 * 1e4 = 18,000 by the next day: the factor 18,000 ** 365.25 is about 10 ** 1,553,
    # beyond a double; the answer is "no value within the bounds" (at most 1,000x a year), never an overflow.
    p = make(price_per_user_month=0.01, target_gross_margin=0.5)  # budget $0.005: drop 1.80 / 0.005 = 360
    s = solve(p, "decline", date(2026, 1, 2))
    assert drop(p) == pytest.approx(360.0, rel=1e-12)
    assert s.value is None and s.reason is not None and "above the largest allowed" in s.reason
