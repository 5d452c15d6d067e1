"""The scorecard's figures, checked against hand calculations.

The test pitch (explicit prices: input $1 / M tokens, output $2 / M tokens; 20 active days a month):

    Agent   8,000 in + 1,000 out = $0.008 + $0.002 = $0.010 a call; 2 calls x 15 actions x 20 days = 600 calls: $6
    Chat    3,000 in + 1,000 out = $0.003 + $0.002 = $0.005 a call; 1 call  x 30 actions x 20 days = 600 calls: $3
    Digest  5,000 in             = $0.005 a call;                   1 call  x 10 actions x 20 days = 200 calls: $1

Cost $10 per user-month (no free users: also per paying user). A $20 price at a 75% target margin (no fee,
inference all of the cost) leaves a $5 budget: a 2x drop, log10(2) = 0.30 orders of magnitude, one order
away. The custom scenario falls 2x (slow) to 4x (fast) a year.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import pytest

from core.engine import evaluate_prepared, prepare
from core.pitch import Pitch
from core.scorecard import (
    build_scorecard,
    dominant_blocks,
    format_change,
    format_quantity,
    format_value,
    nearest_change,
)
from core.uncertainty import monte_carlo, sensitivity
from core.verdict import Verdict

PRICE = {"input_per_mtok": 1.0, "output_per_mtok": 2.0}
TODAY = date(2026, 1, 1)  # the test pitch's own as_of: the arrival reads as a duration from today


def _block(name: str, inp: float, out: float, calls: float, actions: float, **extra: Any) -> dict[str, Any]:
    return {
        "name": name,
        "price": dict(PRICE),
        "input_tokens": inp,
        "output_tokens": out,
        "calls_per_action": calls,
        "actions_per_day": actions,
        **extra,
    }


def _pitch(blocks: list[dict[str, Any]] | None = None, **business: Any) -> Pitch:
    if blocks is None:
        blocks = [
            _block("Agent", 8000, 1000, 2, 15, ranges={"actions_per_day": [1, 200]}),
            _block("Chat", 3000, 1000, 1, 30),
            _block("Digest", 5000, 0, 1, 10),
        ]
    return Pitch.model_validate(
        {
            "format": "computecurve.pitch",
            "schema_version": 2,
            "name": "Scorecard test",
            "as_of": "2026-01-01",
            "business": {
                "price_per_user_month": 20.0,
                "target_gross_margin": 0.75,
                "active_days_per_month": 20.0,
                **business,
            },
            "scenario": {"name": "Test decline", "annual_decline_low": 2.0, "annual_decline_high": 4.0},
            "blocks": blocks,
        }
    )


def _scorecard(pitch: Pitch, with_mc: bool = False, today: date = TODAY) -> Any:
    prep = prepare(pitch)
    ev = evaluate_prepared(prep)
    return build_scorecard(
        ev, monte_carlo(prep, 2000, 0) if with_mc else None, sensitivity(prep), today=today
    )


def test_headline_figures() -> None:
    sc = _scorecard(_pitch())
    assert sc.cost_per_user_month == pytest.approx(10.0)  # $6 + $3 + $1
    assert sc.cost_per_paying_user_month == pytest.approx(10.0)
    assert sc.budget_per_user_month == pytest.approx(5.0)  # $20 x (1 - 0.75)
    assert sc.required_drop == pytest.approx(2.0)
    assert sc.orders_of_magnitude == pytest.approx(math.log10(2))  # 0.30
    assert sc.verdict is Verdict.ONE_ORDER
    assert sc.orders_text == "0.30: inference must get 2.00x cheaper"
    assert sc.cost_text == "$10.00 per paying user-month vs $5.00 budget for inference"
    # Revenue $20, cost of goods $10 (inference is all of it): 1 - 10 / 20 = 50%.
    assert sc.gross_margin_today == pytest.approx(0.5)
    assert sc.margin_text == "50% (target 75%)"


def test_arrival_window_in_the_scorecard() -> None:
    sc = _scorecard(_pitch())
    # t* = log(2) / log(4) = 0.5 years (fast): 182.625 days, rounded to 183: 2026-07-03;
    # t* = log(2) / log(2) = 1 year (slow): 365.25 days, rounded to 365: 2027-01-01.
    assert sc.arrival.earliest == date(2026, 7, 3)
    assert sc.arrival.latest == date(2027, 1, 1)
    assert sc.arrival_text == "Viable between Jul 2026 and Jan 2027 (point values at Test decline 2-4x/yr)"
    # As a duration from today (the pitch's date): 0.5 and 1 year = 6 and 12 months.
    assert sc.headline == "One order of magnitude away · about 6-12 months at Test decline 2-4x/yr"


def test_a_passed_arrival_window_in_the_scorecard() -> None:
    # Read on 2027-06-01, the window (2026-07-03 to 2027-01-01) lies wholly before today.
    sc = _scorecard(_pitch(), today=date(2027, 6, 1))
    assert (
        sc.headline == "One order of magnitude away · should have arrived by Jan 2027 at Test decline 2-4x/yr"
    )
    assert sc.arrival_text == (
        "Should have arrived between Jul 2026 and Jan 2027: the window has passed "
        "(point values at Test decline 2-4x/yr; prices as of 2026-01-01)"
    )
    # Read on 2026-10-01, inside the window: due now.
    inside = _scorecard(_pitch(), today=date(2026, 10, 1))
    assert inside.headline == "One order of magnitude away · due now (by Jan 2027) at Test decline 2-4x/yr"


def test_costs_today_and_in_one_and_two_years() -> None:
    sc = _scorecard(_pitch())
    today, one, two = sc.costs
    assert (today.years, today.day, today.fast, today.slow) == (0, date(2026, 1, 1), 10.0, 10.0)
    # One year: $10 / 4 = $2.50 (fast) to $10 / 2 = $5 (slow), 365 days on.
    assert one.day == date(2027, 1, 1)
    assert (one.fast, one.slow) == (pytest.approx(2.5), pytest.approx(5.0))
    # Two years: $10 / 16 = $0.625 to $10 / 4 = $2.50, 730.5 days rounded to 731: 2028-01-02.
    assert two.day == date(2028, 1, 2)
    assert (two.fast, two.slow) == (pytest.approx(0.625), pytest.approx(2.5))
    assert sc.costs_text == "as of Jan 2026: $10.00 · Jan 2027: $2.50–$5.00 · Jan 2028: $0.625–$2.50"


def test_equal_factors_print_one_cost() -> None:
    pitch = _pitch().model_copy(update={"scenario": "llmflation"})  # 10x a year, both ends
    sc = _scorecard(pitch)
    assert sc.costs[1].text == "$1.00"  # $10 / 10


def test_dominant_blocks_cover_eighty_percent() -> None:
    sc = _scorecard(_pitch())
    # Agent 60% alone is short of 80%; Agent + Chat = 90%.
    assert [(b.name, round(b.share, 9)) for b in sc.dominant_blocks] == [("Agent", 0.6), ("Chat", 0.3)]
    assert sc.dominant_share == pytest.approx(0.9)
    assert sc.dominant_text == "Agent 60% · Chat 30% (90% of the cost)"


def test_one_block_at_exactly_eighty_percent_is_enough() -> None:
    # $8 + $2: the first block's share is 0.8, which covers 80% by itself.
    pitch = _pitch([_block("Big", 8000, 1000, 4, 10), _block("Small", 8000, 1000, 1, 10)])
    ev = evaluate_prepared(prepare(pitch))
    assert [b.name for b in dominant_blocks(ev)] == ["Big"]


def test_equal_blocks_keep_the_file_order_and_disabled_ones_are_left_out() -> None:
    # Four blocks of $1 (one disabled): each live block is 1/3; three are needed (2/3 < 80%).
    blocks = [_block(n, 5000, 0, 1, 10) for n in ("A", "B", "C")]
    blocks.insert(1, _block("Off", 5000, 0, 1, 10, enabled=False))
    ev = evaluate_prepared(prepare(_pitch(blocks)))
    assert [b.name for b in dominant_blocks(ev)] == ["A", "B", "C"]


def test_most_sensitive_assumption_and_where_it_flips_the_verdict() -> None:
    sc = _scorecard(_pitch())
    ms = sc.most_sensitive
    assert ms is not None
    # Agent's actions over its range 1..200: cost $4 + $0.40 x actions -> $4.40..$84 (drops 0.88..16.8):
    # a swing of log10(84 / 4.4) = 1.28 orders, more than any other input (the margin's default
    # interval 0.375..0.875 gives log10(12.5 / 2.5) = 0.70).
    assert ms.label == "actions per day · Agent"
    assert ms.path == "blocks[0].actions_per_day"
    assert ms.swing == pytest.approx(math.log10(84 / 4.4))
    # Viable when $4 + 0.4x = $5: x = 2.5 (-83%); two orders away past $4 + 0.4x = $50: x = 115 (+667%).
    better, worse = ms.moves
    assert (better.verdict, better.at) == (Verdict.VIABLE_NOW, pytest.approx(2.5))
    assert better.change == pytest.approx(2.5 / 15 - 1)
    assert (worse.verdict, worse.at) == (Verdict.TWO_ORDERS, pytest.approx(115.0))
    assert ms.text == (
        "actions per day · Agent: 15 → 2.5 for viable now (-83%); 15 → 115 for two orders away (+667%)"
    )
    assert ms.swing_text == "moves the orders of magnitude by 1.28 between 1 and 200 (its range)"


def test_nearest_change_is_the_smallest_relative_move() -> None:
    sc = _scorecard(_pitch())
    nc = sc.nearest_change
    assert nc is not None
    # Budget $20 x (1 - m): two orders away when 10 / (20 (1 - m)) = 10, m = 0.95: |log(0.95 / 0.75)| = 0.24,
    # smaller than any other move (usage x0.5: 0.69; the margin down to 0.5: 0.41; 20 -> 10 days: 0.69).
    assert nc.path == "business.target_gross_margin"
    assert [(m.verdict, round(m.at, 9)) for m in nc.moves] == [(Verdict.TWO_ORDERS, 0.95)]
    assert nc.text == "target gross margin: 75% → 95% for two orders away (+27%)"
    labels = [label for label, _ in sc.rows()]
    assert "Smallest change that flips the verdict" in labels


def test_nearest_change_skips_inputs_at_zero() -> None:
    rows = [r for r in sensitivity(prepare(_pitch())) if r.value == 0]
    assert rows  # the payment fee is 0 and moves the verdict at 0.8, but has no relative move
    assert nearest_change(rows) is None


def test_rows_in_reading_order() -> None:
    sc = _scorecard(_pitch())
    rows = dict(sc.rows())
    assert list(rows)[:9] == [
        "Verdict",
        "The seed's rule of thumb",
        "Orders of magnitude",
        "Cost vs budget",
        "Arrival (scenario, point values)",
        "Arrival (Monte Carlo)",
        "Gross margin at today's prices",
        "Cost per paying user-month (fast–slow decline)",
        "Most sensitive assumption",
    ]
    # The seed's words before the colon, with the pitch's own arrival; the seed's gloss labelled as its own.
    assert rows["Verdict"] == "One order of magnitude away · about 6-12 months at Test decline 2-4x/yr"
    assert (
        rows["The seed's rule of thumb"] == "roughly the next 18-24 months (at its 10x per 18-24 months pace)"
    )
    assert rows["Arrival (Monte Carlo)"] == "simulating…"
    assert rows["Cost dominated by"] == "Agent 60% · Chat 30% (90% of the cost)"
    # Break-even price: $10 / ((1 - 0) x (1 - 0.75) x 1) = $40.
    assert rows["Break-even"].endswith("or today at $40.00 per paying user-month")


def test_monte_carlo_percentiles_are_carried_and_labelled() -> None:
    pitch = _pitch()
    prep = prepare(pitch)
    mc = monte_carlo(prep, 2000, 3)
    sc = build_scorecard(evaluate_prepared(prep), mc, sensitivity(prep), today=TODAY)
    assert sc.monte_carlo is not None
    assert (sc.monte_carlo.p10, sc.monte_carlo.p50, sc.monte_carlo.p90) == (
        mc.arrival_p10,
        mc.arrival_p50,
        mc.arrival_p90,
    )
    assert (sc.monte_carlo.samples, sc.monte_carlo.seed) == (2000, 3)
    text = dict(sc.rows())["Arrival (Monte Carlo)"]
    assert text.startswith("P10 ") and text.endswith("viable today (2,000 samples, seed 3)")


def test_viable_now_pitch() -> None:
    # Only the Digest ($1) against the $5 budget: a 0.2x "drop", log10(0.2) = -0.70, 5x headroom.
    sc = _scorecard(_pitch([_block("Digest", 5000, 0, 1, 10)]))
    assert sc.verdict is Verdict.VIABLE_NOW
    assert sc.orders_text == "-0.70: viable at today's prices (5.00x headroom)"
    assert sc.arrival_text == "Viable now"
    assert sc.headline == "Viable at today's prices · 5.00x headroom"


def test_a_pitch_that_costs_nothing() -> None:
    sc = _scorecard(_pitch([_block("Off", 5000, 0, 1, 10, enabled=False)]))
    assert sc.verdict is Verdict.VIABLE_NOW
    assert sc.dominant_blocks == ()
    assert sc.most_sensitive is None and sc.nearest_change is None
    rows = dict(sc.rows())
    assert rows["Most sensitive assumption"] == "nothing to vary"
    assert rows["Cost dominated by"] == "nothing: the pitch costs nothing to run"


def test_no_move_changes_the_verdict() -> None:
    # Base: 1e6 input tokens at $1 / M = $1 a call, 30 actions x 20 days = 600 calls: $600. With the Agent's
    # $6, $606 against $5: a 121x drop, beyond the horizon. The Agent's actions over 1..10,000 swing the
    # cost from $600.40 to $4,600 (log10(4600 / 600.4) = 0.88 orders, more than the margin's 0.70), but no
    # value of them brings the cost under $500 (two orders away), and nothing is worse than "beyond".
    blocks = [
        _block("Base", 1_000_000, 0, 1, 30),
        _block("Agent", 8000, 1000, 2, 15, ranges={"actions_per_day": [1, 10_000]}),
    ]
    sc = _scorecard(_pitch(blocks))
    assert sc.verdict is Verdict.BEYOND
    ms = sc.most_sensitive
    assert ms is not None
    assert ms.label == "actions per day · Agent"
    assert ms.swing == pytest.approx(math.log10(4600 / 600.4))
    assert ms.moves == ()
    assert ms.text == "actions per day · Agent: no value within its bounds changes the verdict"


def test_value_formats() -> None:
    assert format_quantity(15) == "15"
    assert format_quantity(4.2) == "4.2"
    assert format_quantity(1.4924) == "1.49"
    assert format_quantity(74666.67) == "74,667"
    assert format_quantity(0.18760) == "0.188"
    assert format_quantity(999.7) == "1,000"
    assert format_value("target_gross_margin", 0.7994) == "79.9%"
    assert format_value("target_gross_margin", 0.655) == "65.5%"  # the memo's figure, not the tornado's 66%
    assert format_value("payment_fee_fraction", 0.15) == "15%"
    assert format_value("price_per_user_month", 76.129) == "$76.13"
    assert format_value("actions_per_day", 4.2) == "4.2"
    assert format_change(-0.72) == "-72%"
    assert format_change(3.0) == "+300%"
    assert format_change(-0.99914) == "-99.9%"  # not "->99%"
    assert format_change(-0.9951) == "-99.5%"


def test_many_dominant_blocks_are_named_five_at_most() -> None:
    # Eight equal $1 blocks: each is 1/8 = 12.5%; seven reach 87.5% >= 80% (six only 75%). Percentages
    # are whole numbers, halves rounded to even: 12.5% -> 12%, 87.5% -> 88%.
    sc = _scorecard(_pitch([_block(f"B{i}", 5000, 0, 1, 10) for i in range(8)]))
    assert len(sc.dominant_blocks) == 7
    assert (
        sc.dominant_text == "B0 12% · B1 12% · B2 12% · B3 12% · B4 12% · and 2 more blocks (88% of the cost)"
    )


def test_what_must_change_joins_the_scorecard() -> None:
    from core.what_must_change import changes_needed

    pitch = _pitch()
    # by 2026-07-02 (182 days) the slow decline of 2x a year gives 2 ** (182 / 365.25) = 1.41254; the drop is 2,
    # so price, margin (its rest 1 - m) and usage each need 2 / 1.41254 = 1.41589x: log10 = 0.151 orders, the
    # cheapest (blocks need more: the agent's actions must fall 1.96x, 0.292 orders)
    needed = 2 / 2 ** (182 / 365.25)
    must = changes_needed(pitch, date(2026, 7, 2))
    prep = prepare(pitch)
    sc = build_scorecard(evaluate_prepared(prep), None, sensitivity(prep), today=TODAY, must_change=must)
    rows = sc.rows()
    at = [label for label, _ in rows].index("What must change by Jul 2026 (any one)")
    # $20 * 1.41589 = $28.318 (shown rounded up: $28.32); margin 1 - 0.25 * 1.41589 = 64.60% (rounded down);
    # usage 1 / 1.41589 = 0.70627 (rounded down: 0.706)
    assert 20 * needed == pytest.approx(28.3178, abs=1e-4)
    assert rows[at : at + 3] == [
        ("What must change by Jul 2026 (any one)", "Raise price per user-month from $20.00 to $28.32 (+42%)"),
        ("or", "Lower target gross margin from 75% to 64.6% (-14%)"),
        ("or", "Lower usage multiplier from 1× to 0.706× (-29%)"),
    ]
    assert _scorecard(pitch).must_change is None  # not computed: no rows
    assert not any(label.startswith("What must change") for label, _ in _scorecard(pitch).rows())
    viable = changes_needed(pitch, date(2027, 6, 1))  # 2 ** (516 / 365.25) = 2.66 > 2: viable by then
    assert viable.rows() == [
        ("What must change by Jun 2027", "nothing: viable by then at the slow decline as it is")
    ]
