"""The essay's claims C1-C10 with their readings and conditions (issue 9): every figure worked out by hand from
the shipped examples, the bundled history and the contract's numbers; the intervals solved by hand too."""

from __future__ import annotations

import json
import math
from datetime import date

import pytest

from core.claim_verdicts import Condition, Reading, combine, condition_verdict
from core.claims import CLAIMS, ClaimResult, ClaimVerdict, claim_holds, claim_verdicts, evaluate_claims
from core.cli import main
from core.resources import example_names

HOLDS, FAILS, DEPENDS = ClaimVerdict.HOLDS, ClaimVerdict.FAILS, ClaimVerdict.DEPENDS


@pytest.fixture(scope="module")
def results() -> dict[str, ClaimResult]:
    return {r.claim.id: r for r in evaluate_claims()}


def _slope_factor(points: list[tuple[date, float]]) -> float:
    """Least squares of log price on years (365.25 days), written out here: the yearly factor exp(-slope)."""
    t = [(d - points[0][0]).days / 365.25 for d, _ in points]
    y = [math.log(p) for _, p in points]
    mt, my = sum(t) / len(t), sum(y) / len(y)
    slope = sum((a - mt) * (b - my) for a, b in zip(t, y, strict=True)) / sum((a - mt) ** 2 for a in t)
    return math.exp(-slope)


def test_c1_to_c10_are_data_with_their_sources_and_examples() -> None:
    assert [c.id for c in CLAIMS] == [f"C{i}" for i in range(1, 11)]
    shipped = set(example_names())
    for c in CLAIMS:
        assert c.title and c.essay_text and c.source and c.essay_figure and c.test and c.assumptions
        assert set(c.examples) <= shipped


def test_the_verdicts(results: dict[str, ClaimResult]) -> None:
    # each one argued in the tests below
    assert claim_verdicts(list(results.values())) == {
        "C1": DEPENDS,
        "C2": HOLDS,
        "C3": DEPENDS,
        "C4": DEPENDS,
        "C5": DEPENDS,
        "C6": DEPENDS,
        "C7": DEPENDS,
        "C8": DEPENDS,
        "C9": HOLDS,
        "C10": FAILS,
    }
    # a claim that depends does not hold unconditionally
    assert claim_holds(list(results.values()))["C4"] is False
    assert claim_holds(list(results.values()))["C2"] is True


# ---------------------------------------------------------------------------------------------------
# How a verdict is made
# ---------------------------------------------------------------------------------------------------


def test_condition_verdicts() -> None:
    free = Condition("the usage", "", 1.0, 2.0, 5.0, free=True)
    assert condition_verdict(free) is DEPENDS  # holds on part of the range, whatever the example's value
    assert condition_verdict(Condition("the usage", "", 2.0, 1.0, 5.0, free=True, empty=True)) is FAILS
    assert condition_verdict(Condition("the usage", "", None, None, 5.0, free=True)) is HOLDS
    assert condition_verdict(Condition("the span", "", 1.0, 2.0, 1.5, free=False)) is HOLDS
    assert condition_verdict(Condition("the span", "", 1.0, 2.0, 2.5, free=False)) is FAILS


def test_combining_readings_and_statements() -> None:
    def r(v: ClaimVerdict, statement: bool = False) -> Reading:
        return Reading("x", v, "", statement=statement)

    assert combine([r(HOLDS), r(HOLDS)]) is HOLDS
    assert combine([r(FAILS), r(FAILS)]) is FAILS
    assert combine([r(FAILS), r(DEPENDS)]) is DEPENDS
    assert combine([r(HOLDS), r(FAILS)]) is DEPENDS  # the verdict depends on the reading
    assert combine([r(HOLDS, True), r(FAILS, True)]) is FAILS  # one false statement: the claim fails
    assert combine([r(HOLDS, True), r(HOLDS, True)]) is HOLDS


# ---------------------------------------------------------------------------------------------------
# C1-C10
# ---------------------------------------------------------------------------------------------------


def test_c1_agents(results: dict[str, ClaimResult]) -> None:
    # Per session (tests of the examples' blocks, hand-worked):
    #   GPT-4 $30/$60, no caching in 2023: 40 x 0.948 + 20 x 0.48 + 0.69 = 48.21
    #   Sonnet 4.6 $3/$15, reads $0.30, writes $3.75: 40 x 0.03945 + 20 x 0.0345 + 0.0825 = 2.3505
    #   gpt-4o-mini $0.15/$0.60, reads $0.075: 40 x 0.00318 + 20 x 0.0019875 + 0.0039 = 0.17085
    # One session a week costs session x 30 / 7 a month; the budget is 200 x 0.97 x 0.4 = 77.60.
    r = results["C1"]
    v = r.values
    assert v["cost_per_session_gpt4"] == pytest.approx(48.21)
    assert v["cost_per_session_sonnet"] == pytest.approx(2.3505)
    assert v["cost_per_session_flash"] == pytest.approx(0.17085)
    assert v["sessions_per_week"] == pytest.approx(28.6 * 7)  # 200.2
    assert v["cost_per_user_month_gpt4"] == pytest.approx(48.21 * 28.6 * 30)  # 41,364.18
    # Sonnet 4.6 fits the budget up to 77.60 / (2.3505 x 30 / 7) = 77.60 / 10.07357 = 7.7033 sessions a week
    assert v["max_sessions_per_week_sonnet"] == pytest.approx(77.6 / (2.3505 * 30 / 7))
    assert v["max_sessions_per_week_sonnet"] == pytest.approx(7.7033, abs=1e-4)
    # the flash tier up to 77.60 / (0.17085 x 30 / 7) = 105.98
    assert v["max_sessions_per_week_flash"] == pytest.approx(105.98, abs=0.01)
    # GPT-4 is more than 100x over budget above 7,760 / (48.21 x 30 / 7) = 7,760 / 206.614 = 37.558 a week,
    # more than 10x above 3.7558: with 100x nothing can hold (37.6 > 7.70); with 10x, 3.76 to 7.70 a week
    assert v["min_sessions_per_week_gpt4_100x"] == pytest.approx(7760 / (48.21 * 30 / 7))
    insane_100, insane_10 = r.readings
    assert insane_100.verdict is FAILS and insane_100.condition is not None and insane_100.condition.empty
    assert insane_10.verdict is DEPENDS
    assert r.condition is insane_10.condition and r.condition is not None
    assert (r.condition.low, r.condition.high) == pytest.approx(
        (776 / (48.21 * 30 / 7), 77.6 / (2.3505 * 30 / 7))
    )
    # the example's 200 sessions a week lies outside
    assert r.condition.value_inside is False
    assert "3.76 to 7.7 sessions a week" in r.condition_text


def test_c2_ng(results: dict[str, ClaimResult]) -> None:
    # 0.8 x 30 + 0.2 x 60 = 36; 0.8 x 2.5 + 0.2 x 10 = 4; 2023-03-14 -> 2024-08-06 = 511 days = 16.79 months
    # factor = 9 ** (365.25 / 511) = 4.809; decline 1 - 1 / 4.809 = 0.792 (79%)
    r = results["C2"]
    assert r.values["start_price"] == pytest.approx(36.0) and r.values["end_price"] == pytest.approx(4.0)
    assert r.values["months"] == pytest.approx(511 / 365.25 * 12)
    assert r.values["annual_factor"] == pytest.approx(9 ** (365.25 / 511))
    assert r.values["annual_decline_fraction"] == pytest.approx(1 - 9 ** (-365.25 / 511))
    # 79% +- 2 points over $36 -> $4: 1 - (1/9) ** (12 / m) = 0.81 at m = 12 ln 9 / -ln 0.19 = 15.88 months,
    # = 0.77 at m = 12 ln 9 / -ln 0.23 = 17.94 months; 16.79 lies between
    assert r.condition is not None
    assert (r.condition.low, r.condition.high) == pytest.approx(
        (12 * math.log(9) / -math.log(0.19), 12 * math.log(9) / -math.log(0.23))
    )
    ng, epoch = r.readings
    assert ng.verdict is HOLDS and "79% annual decline" in ng.figures
    # Epoch's 3:1 blend: (90 + 60) / 4 = 37.50 -> (7.5 + 10) / 4 = 4.375: 8.571x in 511 days = 4.65x a year, 78%
    assert r.values["epoch_annual_factor"] == pytest.approx((37.5 / 4.375) ** (365.25 / 511))
    assert epoch.verdict is HOLDS


def test_c3_llmflation(results: dict[str, ClaimResult]) -> None:
    # GPT-4 level (MMLU >= 86), the six steps hand-listed in test_history_analysis.py (3:1 blends):
    gpt4 = [
        (date(2023, 3, 14), 37.5),
        (date(2023, 11, 6), 15.0),
        (date(2024, 5, 13), 7.5),
        (date(2024, 6, 20), 6.0),
        (date(2024, 7, 23), 0.9),
        (date(2025, 2, 5), 0.175),
    ]
    # a16z's level (MMLU >= 42): davinci 60 (2021-11-18) and 20 (2022-09-01); gpt-3.5-turbo 2 (2023-03-01),
    # (3 x 1.5 + 2) / 4 = 1.625 (2023-06-13), (3 + 2) / 4 = 1.25 (2023-12-11), (1.5 + 1.5) / 4 = 0.75
    # (2024-01-25); claude-3-haiku (0.75 + 1.25) / 4 = 0.5 (its row says 2024-03-04, its API opened 2024-03-13);
    # gpt-4o-mini (0.45 + 0.6) / 4 = 0.2625;
    # gemini-1.5-flash (0.225 + 0.3) / 4 = 0.13125 (2024-08-12); llama-3.2-3b 0.06 (2024-09-25)
    a16z = [
        (date(2021, 11, 18), 60.0),
        (date(2022, 9, 1), 20.0),
        (date(2023, 3, 1), 2.0),
        (date(2023, 6, 13), 1.625),
        (date(2023, 12, 11), 1.25),
        (date(2024, 1, 25), 0.75),
        (date(2024, 3, 13), 0.5),
        (date(2024, 7, 18), 0.2625),
        (date(2024, 8, 12), 0.13125),
        (date(2024, 9, 25), 0.06),
    ]
    r = results["C3"]
    assert r.values["mmlu_86_annual_factor"] == pytest.approx(_slope_factor(gpt4))
    assert r.values["mmlu_42_annual_factor"] == pytest.approx(_slope_factor(a16z))
    # 'roughly 10x' = 5-20x: a16z's level 9.35x and GPT-4's 15.2x are inside, MMLU >= 70's 72x is not
    assert 5 <= r.values["mmlu_42_annual_factor"] <= 20 and 5 <= r.values["mmlu_86_annual_factor"] <= 20
    assert r.values["mmlu_70_annual_factor"] > 20
    assert [x.verdict for x in r.readings] == [HOLDS, FAILS, HOLDS]


def test_c4_companion(results: dict[str, ClaimResult]) -> None:
    # 2023: 794.88 + 340.20 + 20.52 = 1,155.60; 2026: 3.6288 + 1.3770 + 0.1242 = 5.13 (same usage)
    r = results["C4"]
    assert r.values["cost_2023"] == pytest.approx(1155.6) and r.values["cost_2026"] == pytest.approx(5.13)
    # both halves at usage x u: 1155.60 u >= 100 and 5.13 u <= 5% x 9.99 = 0.4995, i.e. in 2023 costs
    # $100 to 0.4995 x 1155.60 / 5.13 = $112.52 (the seed's "about $100 to $112")
    five, one, ten = r.readings
    assert five.condition is not None and (five.condition.low, five.condition.high) == pytest.approx(
        (100.0, 0.4995 * 1155.6 / 5.13)
    )
    assert five.condition.high == pytest.approx(112.52, abs=0.005)
    assert five.verdict is DEPENDS and five.condition.value_inside is False  # the example's $1,155.60
    # 1%: up to 0.0999 x 225.26 = $22.50 < $100: nothing; 10%: up to $225.04
    assert one.verdict is FAILS and one.condition is not None and one.condition.empty
    assert ten.condition is not None and ten.condition.high == pytest.approx(0.999 * 1155.6 / 5.13)
    assert r.condition is five.condition  # the example's reading
    assert "$100.00 to $112.52" in r.condition_text


def test_c5_super_individual(results: dict[str, ClaimResult]) -> None:
    # Opus 4 per call: 30000 x (0.1 x 15 + 0.8 x 1.5 + 0.1 x 18.75) + 800 x 75 = 137,250 + 60,000 -> $0.19725;
    # 60 x 240 x 30 = 432,000 calls -> $85,212 a month (ten engineers: $70,000)
    r = results["C5"]
    assert r.values["cost_opus"] == pytest.approx(85212.0)
    # Sonnet 4.6's prices are Opus 4's / 5 on every field: 17,042.40; as an output price, / 25: 3,408.48
    assert r.values["cost_sonnet"] == pytest.approx(17042.4)
    assert r.values["cost_output"] == pytest.approx(85212.0 / 25)
    as_input, as_output = r.readings
    # input reading: Opus above 70,000 needs u > 0.8215 and Sonnet below 7,000 needs u < 0.4107: never both
    assert as_input.verdict is FAILS and as_input.condition is not None and as_input.condition.empty
    # output reading: 70,000 / 85,212 = 0.8215 < u < 7,000 / 3,408.48 = 2.0537, x 60 calls an agent-hour:
    # 49.29 to 123.22 calls; the example's 60 is inside
    assert as_output.condition is not None
    assert (as_output.condition.low, as_output.condition.high) == pytest.approx(
        (70000 / 85212 * 60, 7000 / (85212 / 25) * 60)
    )
    assert as_output.verdict is DEPENDS and as_output.condition.value_inside is True


def test_c6_the_rule(results: dict[str, ClaimResult]) -> None:
    # 10x in 18-24 months = 10 ** (12/24) = 3.1623 to 10 ** (12/18) = 4.6416 a year
    r = results["C6"]
    assert r.condition is not None and r.condition.free
    assert (r.condition.low, r.condition.high) == pytest.approx((10**0.5, 10 ** (2 / 3)))
    by_name = {x.name.split(":")[0]: x.verdict for x in r.readings}
    assert by_name["scenario seed-rule"] is HOLDS  # the rule's own rate
    assert by_name["scenario llmflation"] is FAILS  # 10x a year: 12 months
    assert by_name["scenario ng-gpt4"] is FAILS  # 4.72 > 4.64: 12 / log10(4.72) = 17.8 months
    assert by_name["scenario supply-constrained"] is DEPENDS  # 2.5-3.5 straddles 3.16
    assert r.values["llmflation_months_per_10x_fast"] == pytest.approx(12.0)


def test_c7_the_rate(results: dict[str, ClaimResult]) -> None:
    r = results["C7"]
    # the GPT-4 level fitted over the history: 15.2x a year, 10x every 12 / log10(15.24) = 10.1 months: faster
    # than 18-24; GPU price-performance 2 ** (1 / 2.07) = 1.398x: 12 / log10(1.398) = 82.5 months: slower
    verdicts = [x.verdict for x in r.readings]
    assert verdicts == [FAILS, FAILS, DEPENDS, FAILS, DEPENDS]
    assert "10x every 10.1 months" in r.readings[0].figures
    assert "10x every 82.5 months" in r.readings[3].figures


def test_c8_gpt4_level_by_early_2026(results: dict[str, ClaimResult]) -> None:
    # GPT-4 at launch: $30 input, (90 + 60) / 4 = $37.50 blended. The cheapest MMLU >= 86 model on 2026-03-23:
    # gemini-2.0-flash, $0.10 input, (0.3 + 0.4) / 4 = $0.175 blended: 300x by input, 214.3x blended
    r = results["C8"]
    v = r.values
    assert (v["launch_input"], v["input_2026"]) == pytest.approx((30.0, 0.10))
    assert (v["launch_price"], v["price_2026"]) == pytest.approx((37.5, 0.175))
    assert v["input_reduction"] == pytest.approx(300.0)
    assert v["reduction"] == pytest.approx(37.5 / 0.175)
    by_input, blended, floor = r.readings
    # 60x within a factor of 2 (30-120x) needs a 2026 input price of $30 / 120 = $0.25 to $30 / 30 = $1.00
    assert by_input.condition is not None
    assert (by_input.condition.low, by_input.condition.high) == pytest.approx((0.25, 1.0))
    assert by_input.verdict is FAILS and blended.verdict is FAILS  # 300x and 214x are not roughly 60x
    assert floor.verdict is HOLDS  # at least 60x, at most $0.50: $0.10
    assert "214x" in blended.figures and "gemini-2.0-flash" in blended.figures


def test_c9_infrastructure(results: dict[str, ClaimResult]) -> None:
    # $8.6M / (100 x 5 x 8,766 h) = $1.9621 a GPU-hour; $3M / $8.6M = 34.88%; / 0.7 = $2.8030 a paid hour;
    # / (9,000 x 3,600) x 1e6 = $0.0865 input, / (1,850 x 3,600) x 1e6 = $0.4209 output per million tokens
    r = results["C9"]
    v = r.values
    assert v["gpu_hour_usd"] == pytest.approx(8.6e6 / (100 * 5 * 8766))
    assert round(v["gpu_hour_usd"], 4) == 1.9621 and round(v["paid_hour_usd"], 4) == 2.8030
    assert v["gpu_share_of_cost"] == pytest.approx(3 / 8.6)
    assert round(v["gpu_share_of_cost"], 3) == 0.349
    assert v["output_per_mtok"] == pytest.approx(8.6e6 / (100 * 5 * 8766) / 0.7 / (1850 * 3600) * 1e6)
    # rounds to 35-40% for a share in [34.5%, 40.5%): a total from $3M / 0.405 = $7.41M to $3M / 0.345 = $8.70M
    assert r.condition is not None
    assert (r.condition.low, r.condition.high) == pytest.approx((3e6 / 0.405, 3e6 / 0.345))
    assert r.verdict is HOLDS


def test_c10_sources(results: dict[str, ClaimResult]) -> None:
    r = results["C10"]
    five_ten, forty = r.readings
    assert five_ten.statement and five_ten.verdict is HOLDS  # the paper gives 5-10x a year for the frontier
    assert forty.statement and forty.verdict is FAILS
    assert (
        "Epoch AI's data insight of 2025-03-12" in forty.figures and "not the cited paper's" in forty.figures
    )
    assert r.verdict is FAILS and r.condition is None


# ---------------------------------------------------------------------------------------------------
# computecurve claims
# ---------------------------------------------------------------------------------------------------


def test_claims_command_prints_c1_to_c10_with_verdicts_and_conditions(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["claims"]) == 0
    out = capsys.readouterr().out
    heads = [line for line in out.splitlines() if line[:1] == "C"]
    assert [h.split()[0] for h in heads] == [f"C{i}" for i in range(1, 11)]
    assert [h.split()[1] for h in heads] == [
        "DEPENDS", "HOLDS", "DEPENDS", "DEPENDS", "DEPENDS", "DEPENDS", "DEPENDS", "DEPENDS", "HOLDS", "FAILS",
    ]  # fmt: skip
    assert out.count("    condition: ") == 10
    assert "holds when the 2023 cost per user-month (the usage) is $100.00 to $112.52" in out


def test_claims_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["claims", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [c["id"] for c in doc] == [f"C{i}" for i in range(1, 11)]
    c4 = doc[3]
    assert c4["verdict"] == "depends" and c4["condition"]["low"] == 100.0
    assert c4["condition"]["high"] == pytest.approx(0.4995 * 1155.6 / 5.13)
    assert [x["verdict"] for x in c4["readings"]] == ["depends", "fails", "depends"]
    assert c4["values"]["cost_2023"] == pytest.approx(1155.6)
