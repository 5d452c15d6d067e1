"""The verdict and its arrival in words (contract section 3), with every figure worked out by hand.

The hand pitch: one block of 1,000 input tokens at $2/M and 500 output tokens at $8/M, 10 actions a day,
30 days: (1000 * 2 + 500 * 8) / 1e6 = $0.006 a call, 300 calls: $1.80 per user-month. A price ``P`` at an
80% margin (no fee, inference all of the cost) leaves a budget of 0.2 P.
"""

from __future__ import annotations

import doctest
import math
from datetime import date
from typing import Any

import pytest

import core.wording
from core.engine import Evaluation, evaluate
from core.pitch import Pitch
from core.pitch_io import load_pitch_bytes
from core.resources import read_example
from core.scenarios import builtin_scenarios, custom_scenario
from core.verdict import Verdict
from core.wording import (
    arrival_passed,
    arrival_phrase,
    arrival_window_text,
    cost_vs_budget,
    duration_text,
    month_range,
    seed_rule_line,
    verdict_gloss,
    verdict_headline,
    verdict_title,
)

SEED = "the seed's rule 3.16-4.64x/yr"


def _pitch(
    price: float, scenario: Any = "seed-rule", free_users: float = 0.0, as_of: str = "2026-01-01"
) -> Pitch:
    return Pitch.model_validate(
        {
            "format": "computecurve.pitch",
            "schema_version": 2,
            "name": "Hand pitch",
            "as_of": as_of,
            "business": {
                "price_per_user_month": price,
                "target_gross_margin": 0.8,
                "free_users_per_paying_user": free_users,
            },
            "scenario": scenario,
            "blocks": [
                {
                    "name": "Chat",
                    "price": {"input_per_mtok": 2.0, "output_per_mtok": 8.0},
                    "input_tokens": 1000,
                    "output_tokens": 500,
                    "calls_per_action": 1,
                    "actions_per_day": 10,
                }
            ],
        }
    )


def _example(name: str, **kwargs: Any) -> Evaluation:
    return evaluate(load_pitch_bytes(read_example(name), source=name), **kwargs)


# -- the seed's words ---------------------------------------------------------------------------------


def test_title_and_gloss_split_the_contracts_words_at_the_colon() -> None:
    assert verdict_title(Verdict.ONE_ORDER) == "One order of magnitude away"
    assert verdict_gloss(Verdict.ONE_ORDER) == "roughly the next 18-24 months"
    assert verdict_title(Verdict.TWO_ORDERS) == "Two orders of magnitude away"
    assert verdict_gloss(Verdict.TWO_ORDERS) == "interesting but premature"
    assert verdict_title(Verdict.VIABLE_NOW) == "Viable at today's prices"
    assert verdict_title(Verdict.BEYOND) == "Beyond the horizon"
    for v in Verdict:
        assert f"{verdict_title(v)}: {verdict_gloss(v)}" == v.words


def test_the_seed_rule_line_labels_the_gloss_as_the_seeds() -> None:
    assert seed_rule_line(Verdict.ONE_ORDER) == (
        "The seed's rule of thumb: roughly the next 18-24 months (at its 10x per 18-24 months pace)"
    )
    assert seed_rule_line(Verdict.TWO_ORDERS) == "The seed's rule of thumb: interesting but premature"


def test_scenario_short_names() -> None:
    short = {sid: s.short for sid, s in builtin_scenarios().items()}
    assert short == {
        "seed-rule": "the seed's rule 3.16-4.64x/yr",  # 10**(12/24) = 3.162, 10**(12/18) = 4.642
        "ng-gpt4": "Ng's GPT-4 decline 4.72x/yr",  # one number when low == high
        "llmflation": "LLMflation 10x/yr",
        "price-of-progress": "Frontier 5-10x/yr",
        "epoch-gpt4-mmlu": "Epoch GPT-4-level 4.1-61.5x/yr",
        "supply-constrained": "Supply-constrained 2.5-3.5x/yr",
        "gpu-price-performance": "GPU price-performance 1.4x/yr",
    }
    assert custom_scenario("Crawl", 1.01, 1.01).short == "Crawl 1.01x/yr"
    assert custom_scenario("Mine", 1.2345, 999.9).short == "Mine 1.23-1000x/yr"  # 3 significant figures


# -- durations ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("early", "late", "text"),
    [
        (8.67, 11.55, "about 9-12 months"),
        (8.5, 11.5, "about 9-12 months"),  # halves round up
        (0.99, 1.49, "within about 1 month"),
        (1.2, 1.4, "about 1 month"),  # both round to 1: one number
        (0.3, 0.99, "within a month"),
        (23.4, 23.49, "about 23 months"),
        (23.5, 30.0, "about 2-2.5 years"),  # 23.5 rounds to 24 months: years, 23.5 / 12 = 1.96 -> 2.0 -> 2
        (18.0, 30.0, "about 18 months to 2.5 years"),
        (25.2, 40.8, "about 2.1-3.4 years"),  # 25.2 / 12 = 2.1, 40.8 / 12 = 3.4
        (25.2, None, "2.1 years or more (not within 50 years at the slow rate)"),
        (6.0, None, "6 months or more (not within 50 years at the slow rate)"),
    ],
)
def test_duration_text(early: float, late: float | None, text: str) -> None:
    assert duration_text(early, late) == text


def test_month_range() -> None:
    assert month_range(date(2026, 12, 12), date(2027, 3, 10)) == "between Dec 2026 and Mar 2027"
    assert month_range(date(2026, 6, 29), date(2026, 8, 1)) == "between Jun and Aug 2026"
    assert month_range(date(2026, 4, 3), date(2026, 4, 3)) == "around Apr 2026"
    assert month_range(date(2026, 4, 3), None) == "from Apr 2026 (not within 50 years at the slow rate)"


# -- the arrival beside the verdict -------------------------------------------------------------------


def test_companion_chat_headline_under_its_own_scenario() -> None:
    ev = _example("companion-chat.pitch.json")
    assert ev.as_of == date(2026, 3, 23) and ev.scenario.id == "seed-rule"
    assert ev.required_drop == pytest.approx(3.03, abs=0.005)
    # months = 12 * ln(drop) / ln(k): fast k = 10**(2/3): 12 * 1.1086 / 1.5351 = 8.67 -> 9;
    # slow k = 10**0.5: 12 * 1.1086 / 1.1513 = 11.55 -> 12.
    assert 12 * math.log(ev.required_drop) / math.log(10 ** (2 / 3)) == pytest.approx(8.67, abs=0.01)
    assert 12 * math.log(ev.required_drop) / math.log(10**0.5) == pytest.approx(11.55, abs=0.01)
    today = ev.as_of
    assert verdict_headline(ev, today) == f"One order of magnitude away · about 9-12 months at {SEED}"
    assert arrival_window_text(ev, today) == f"Viable between Dec 2026 and Mar 2027 (point values at {SEED})"
    # Read later, before the window: dates, not a duration (a duration would read as one from today).
    assert arrival_phrase(ev, date(2026, 6, 1)) == f"between Dec 2026 and Mar 2027 at {SEED}"
    # Its cost beside the budget is per paying user (it has free users), the active user's labelled.
    assert cost_vs_budget(ev).startswith(
        "$10.29 per paying user-month ($0.515 per active user) vs $3.40 budget"
    )


def test_companion_chat_under_llmflation() -> None:
    ev = _example("companion-chat.pitch.json", scenario=builtin_scenarios()["llmflation"])
    # k = 10 both ends: 12 * log10(3.03) = 12 * 0.4814 = 5.78 months -> 6
    assert (
        verdict_headline(ev, ev.as_of) == "One order of magnitude away · about 6 months at LLMflation 10x/yr"
    )


def test_companion_2026_on_2026_12_03_has_passed() -> None:
    ev = _example("companion-2026.pitch.json")
    # Cost: background (4000 * 0.1125 + 300 * 0.6) / 1e6 * 192 * 30 = 630e-6 * 5760 = 3.6288;
    #       chat (6000 * 0.1125 + 150 * 0.6) / 1e6 * 60 * 30 = 765e-6 * 1800 = 1.3770;
    #       nightly (6000 * 0.15 + 800 * 0.6) / 1e6 * 3 * 30 = 1380e-6 * 90 = 0.1242; total 5.13.
    # Budget 9.99 * (1 - 0.15) * (1 - 0.6) * 1 = 3.3966; drop = 5.13 / 3.3966 = 1.51033.
    drop = 5.13 / 3.3966
    assert ev.required_drop == pytest.approx(drop, rel=1e-9)
    # fast: t = ln 1.51033 / ln 10**(2/3) = 0.41233 / 1.53506 = 0.26861 years = 98.11 days -> 98 days after
    #   2026-03-23 (Apr 23 +31, May 23 +61, Jun 23 +92, +6) = 2026-06-29;
    # slow: t = 0.41233 / 1.15129 = 0.35815 years = 130.81 days -> 131 days (Jul 23 +122, +9) = 2026-08-01.
    assert round(math.log(drop) / math.log(10 ** (2 / 3)) * 365.25) == 98
    assert round(math.log(drop) / math.log(10**0.5) * 365.25) == 131
    assert (ev.arrival.earliest, ev.arrival.latest) == (date(2026, 6, 29), date(2026, 8, 1))
    today = date(2026, 12, 3)
    assert arrival_passed(ev, today)
    assert (
        verdict_headline(ev, today)
        == f"One order of magnitude away · should have arrived by Aug 2026 at {SEED}"
    )
    assert arrival_window_text(ev, today) == (
        f"Should have arrived between Jun and Aug 2026: the window has passed (point values at {SEED}; "
        "prices as of 2026-03-23)"
    )
    # On its own date it was about 3-4 months away (98 / 30.44 = 3.2, 131 / 30.44 = 4.3).
    assert not arrival_passed(ev, ev.as_of)
    assert arrival_phrase(ev, ev.as_of) == f"about 3-4 months at {SEED}"


def test_a_window_that_contains_today_is_due_now() -> None:
    ev = _example("companion-2026.pitch.json")
    for today in (date(2026, 6, 29), date(2026, 7, 15), date(2026, 8, 1)):  # the window's ends are inside
        assert not arrival_passed(ev, today)
        assert arrival_phrase(ev, today) == f"due now (by Aug 2026) at {SEED}"
        assert (
            arrival_window_text(ev, today)
            == f"Due now: viable between Jun and Aug 2026 (point values at {SEED})"
        )
    assert arrival_passed(ev, date(2026, 8, 2))


def test_a_viable_pitch_says_so_with_its_headroom() -> None:
    # budget 10 * 0.2 = $2.00; drop = 1.80 / 2.00 = 0.9; headroom 1 / 0.9 = 1.11x
    ev = evaluate(_pitch(10.0))
    assert ev.verdict is Verdict.VIABLE_NOW
    assert verdict_headline(ev, date(2026, 1, 1)) == "Viable at today's prices · 1.11x headroom"
    assert (
        verdict_headline(ev, date(2030, 1, 1))
        == "Viable at today's prices · 1.11x headroom at Jan 2026 prices"
    )
    assert not arrival_passed(ev, date(2030, 1, 1))  # viable now never "passed"
    assert arrival_window_text(ev, date(2030, 1, 1)) == "Viable now"
    # Priced on a later day than today: at those prices.
    assert arrival_phrase(ev, date(2025, 6, 1)) == "1.11x headroom at Jan 2026 prices"


def test_no_arrival_within_fifty_years() -> None:
    # budget 0.9 * 0.2 = 0.18; drop 10; at 1.01x a year: t = ln 10 / ln 1.01 = 2.302585 / 0.00995 = 231 years
    crawl = {"name": "Crawl", "annual_decline_low": 1.01, "annual_decline_high": 1.01}
    ev = evaluate(_pitch(0.9, scenario=crawl))
    assert ev.arrival.earliest is None and ev.arrival.latest is None
    today = date(2026, 1, 1)
    assert (
        verdict_headline(ev, today) == "One order of magnitude away · not within 50 years at Crawl 1.01x/yr"
    )
    assert arrival_window_text(ev, today) == "Not viable within 50 years (point values at Crawl 1.01x/yr)"
    assert not arrival_passed(ev, date(2090, 1, 1))


def test_only_the_slow_end_beyond_fifty_years() -> None:
    # drop 10: fast k = 10: 1 year = 12 months (2027-01-01); slow k = 1.01: 231 years: null
    mixed = {"name": "Either", "annual_decline_low": 1.01, "annual_decline_high": 10.0}
    ev = evaluate(_pitch(0.9, scenario=mixed))
    assert ev.arrival.earliest == date(2027, 1, 1) and ev.arrival.latest is None
    assert arrival_phrase(ev, date(2026, 1, 1)) == (
        "12 months or more (not within 50 years at the slow rate) at Either 1.01-10x/yr"
    )
    assert arrival_phrase(ev, date(2027, 3, 1)) == (
        "due now (not within 50 years at the slow rate) at Either 1.01-10x/yr"
    )
    assert not arrival_passed(ev, date(2070, 1, 1))  # the window never closes: never "passed"


def test_two_orders_priced_today_reads_in_years() -> None:
    # budget 0.09 * 0.2 = 0.018; drop 100; seed-rule: 2 / (2/3) = 3 years, 2 / 0.5 = 4 years
    ev = evaluate(_pitch(0.09))
    assert ev.verdict is Verdict.TWO_ORDERS
    assert (
        verdict_headline(ev, date(2026, 1, 1)) == f"Two orders of magnitude away · about 3-4 years at {SEED}"
    )


def test_the_cost_beside_a_budget_is_per_paying_user() -> None:
    # no free users: $1.80 per paying user-month = per active user; budget 10 * 0.2 = $2.00
    assert cost_vs_budget(evaluate(_pitch(10.0))) == "$1.80 per paying user-month vs $2.00 budget"
    # one free user per paying user: 1.80 * 2 = $3.60 per paying user-month
    assert cost_vs_budget(evaluate(_pitch(10.0, free_users=1.0))) == (
        "$3.60 per paying user-month ($1.80 per active user) vs $2.00 budget"
    )


def test_every_example_in_the_docstrings_holds() -> None:
    assert doctest.testmod(core.wording).failed == 0
