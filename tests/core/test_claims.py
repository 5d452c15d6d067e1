"""The essay's claims, tested against the shipped examples: every figure worked out by hand from the files."""

from __future__ import annotations

import pytest

from core.claims import CLAIMS, ClaimResult, claim_holds, evaluate_claims
from core.resources import example_names


@pytest.fixture(scope="module")
def results() -> dict[str, ClaimResult]:
    return {r.claim.title: r for r in evaluate_claims()}


def test_every_claim_is_data_with_its_reading_and_examples() -> None:
    assert [c.title for c in CLAIMS] == [
        "C1 · GPT-4, 2023",
        "C1 · Sonnet 4.6",
        "C1 · flash tier",
        "C2",
        "C4 · 2023",
        "C4 · 2026",
        "C5 · $75 output",
        "C5 · $3 input",
        "C8",
    ]
    shipped = set(example_names())
    for c in CLAIMS:
        assert c.essay_text and c.source and c.test and c.assumptions
        assert set(c.examples) <= shipped


def test_c1_agentic_coding_at_gpt4_launch_prices(results: dict[str, ClaimResult]) -> None:
    # openai:gpt-4 on 2023-03-14: $30 in / $60 out, no cached or cache-write price (both at the input price).
    # per call: main (30000 x 30 + 800 x 60) / 1e6 = 0.948; sub-agents (15000 x 30 + 500 x 60) / 1e6 = 0.48;
    #           review (20000 x 30 + 1500 x 60) / 1e6 = 0.69
    # per session: 40 x 0.948 + 20 x 0.48 + 0.69 = 37.92 + 9.6 + 0.69 = 48.21
    # per month: 48.21 x 28.6 sessions x 30 days = 41,364.18; budget 200 x 0.97 x 0.4 = 77.60
    r = results["C1 · GPT-4, 2023"]
    assert r.values["cost_per_session"] == pytest.approx(48.21)
    assert r.values["cost_per_user_month"] == pytest.approx(41364.18)
    assert r.values["budget_per_user_month"] == pytest.approx(77.6)
    assert r.values["required_drop"] == pytest.approx(41364.18 / 77.6)  # 533x > 100x: "economically insane"
    assert r.holds and r.verdict == "holds"
    # no free users: the cost per paying user is the cost per user, written with cents from $1 up
    assert (
        "$41,364.18 per paying user-month vs $77.60 budget" in r.figures and "$48.21 per session" in r.figures
    )


def test_c1_sonnet_is_not_viable_for_the_power_user(results: dict[str, ClaimResult]) -> None:
    # Sonnet 4.6: $3 in, $15 out, $0.30 cache read, $3.75 cache write.
    # main: 30000 x (0.1 x 3 + 0.8 x 0.3 + 0.1 x 3.75) = 30000 x 0.915 = 27450, + 800 x 15 = 12000 -> 0.03945
    # sub:  15000 x (0.3 x 3 + 0.5 x 0.3 + 0.2 x 3.75) = 15000 x 1.8 = 27000, + 500 x 15 = 7500 -> 0.0345
    # review: 20000 x 3 + 1500 x 15 = 82500 -> 0.0825
    # session: 40 x 0.03945 + 20 x 0.0345 + 0.0825 = 1.578 + 0.69 + 0.0825 = 2.3505; month x 858 = 2016.729
    r = results["C1 · Sonnet 4.6"]
    assert r.values["cost_per_session"] == pytest.approx(2.3505)
    assert r.values["cost_per_user_month"] == pytest.approx(2016.729)
    assert not r.holds and r.verdict == "fails"  # 2016.73 / 77.60 = 26x over the budget


def test_c1_flash_tier_is_not_viable_even_for_the_power_user(results: dict[str, ClaimResult]) -> None:
    # gpt-4o-mini: $0.15 in, $0.60 out, $0.075 cache read, no cache-write price (at the input price 0.15).
    # main: 30000 x (0.1 x 0.15 + 0.8 x 0.075 + 0.1 x 0.15) = 30000 x 0.09 = 2700, + 800 x 0.6 = 480 -> 0.00318
    # sub:  15000 x (0.3 x 0.15 + 0.5 x 0.075 + 0.2 x 0.15) = 15000 x 0.1125 = 1687.5, + 300 -> 0.0019875
    # review: 20000 x 0.15 + 1500 x 0.6 = 3900 -> 0.0039
    # session: 40 x 0.00318 + 20 x 0.0019875 + 0.0039 = 0.1272 + 0.03975 + 0.0039 = 0.17085; month x 858 = 146.5893
    r = results["C1 · flash tier"]
    assert r.values["cost_per_session"] == pytest.approx(0.17085)
    assert r.values["cost_per_user_month"] == pytest.approx(146.5893)
    assert not r.holds  # 146.59 > 77.60


def test_c2_ng_decline_from_the_history(results: dict[str, ClaimResult]) -> None:
    # 0.8 x 30 + 0.2 x 60 = 36; 0.8 x 2.5 + 0.2 x 10 = 4; 2023-03-14 -> 2024-08-06 = 511 days = 1.39904 years
    # factor = 9 ** (1 / 1.39904) = exp(2.197225 / 1.39904) = 4.809; decline 1 - 1 / 4.809 = 0.792 (79%)
    r = results["C2"]
    assert r.values["start_price"] == pytest.approx(36.0)
    assert r.values["end_price"] == pytest.approx(4.0)
    assert r.values["months"] == pytest.approx(511 / 365.25 * 12)
    assert r.values["annual_factor"] == pytest.approx(9 ** (365.25 / 511))
    assert r.values["annual_factor"] == pytest.approx(4.809, abs=0.001)
    assert r.values["annual_decline_fraction"] == pytest.approx(1 - 9 ** (-365.25 / 511))
    assert r.holds and "79% annual decline" in r.figures


def test_c4_companion_then_and_now(results: dict[str, ClaimResult]) -> None:
    # 2023 (gpt-4 $30/$60, cached at the input price):
    #   background 0.138 x 192 x 30 = 794.88; chat 0.189 x 60 x 30 = 340.20; nightly 0.228 x 3 x 30 = 20.52
    then = results["C4 · 2023"]
    assert then.values["cost_per_user_month"] == pytest.approx(1155.6)
    assert then.holds  # >= $100
    # 2026 (gpt-4o-mini $0.15 in, $0.075 cached, $0.60 out; half of the input cached -> 0.1125 per input token/M):
    #   background (4000 x 0.1125 + 300 x 0.6) / 1e6 = 630e-6 x 5760 = 3.6288
    #   chat       (6000 x 0.1125 + 150 x 0.6) / 1e6 = 765e-6 x 1800 = 1.3770
    #   nightly    (6000 x 0.15   + 800 x 0.6) / 1e6 = 1380e-6 x  90 = 0.1242
    now = results["C4 · 2026"]
    assert now.values["cost_per_user_month"] == pytest.approx(5.13)
    assert now.values["limit"] == pytest.approx(0.05 * 9.99)  # "a rounding error": at most $0.4995
    assert now.values["share_of_price"] == pytest.approx(5.13 / 9.99)  # 51%
    assert not now.holds
    # 794.88 + 340.20 + 20.52 = 1,155.60; 3.6288 + 1.3770 + 0.1242 = 5.13
    assert "$1,155.60 per active user-month" in then.figures and "$5.13 per active user-month" in now.figures


def test_c5_super_individual(results: dict[str, ClaimResult]) -> None:
    # Opus 4: 15 in, 1.5 cache read, 18.75 cache write, 75 out.
    # per call 30000 x (0.1 x 15 + 0.8 x 1.5 + 0.1 x 18.75) + 800 x 75 = 137250 + 60000 -> 0.19725
    # calls 60 x 240 x 30 = 432,000 -> 85,212 a month; ten juniors 10 x 7000 = 70,000
    opus = results["C5 · $75 output"]
    assert opus.values["cost_per_user_month"] == pytest.approx(85212.0)
    assert opus.values["line"] == pytest.approx(70000.0)
    assert opus.holds
    # Sonnet 4.6's prices are Opus 4's divided by 5 on every field: 85,212 / 5 = 17,042.40 > 7,000
    sonnet = results["C5 · $3 input"]
    assert sonnet.values["cost_per_user_month"] == pytest.approx(17042.4)
    assert sonnet.values["line"] == pytest.approx(7000.0)
    assert not sonnet.holds


def test_c8_gpt4_level_price_by_early_2026(results: dict[str, ClaimResult]) -> None:
    # GPT-4 at launch (30 x 3 + 60) / 4 = 37.5; cheapest MMLU >= 86 on 2026-03-23: gemini-2.0-flash
    # (0.1 x 3 + 0.4) / 4 = 0.175 -> 37.5 / 0.175 = 214.3x, and 0.175 <= 0.50
    r = results["C8"]
    assert r.values["launch_price"] == pytest.approx(37.5)
    assert r.values["price_2026"] == pytest.approx(0.175)
    assert r.values["reduction"] == pytest.approx(37.5 / 0.175)
    assert r.holds and "gemini-2.0-flash" in r.figures and "214x" in r.figures


def test_a_claim_holds_only_if_all_its_statements_do(results: dict[str, ClaimResult]) -> None:
    verdicts = claim_holds(list(results.values()))
    assert verdicts == {"C1": False, "C2": True, "C4": False, "C5": False, "C8": True}
