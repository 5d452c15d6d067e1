"""The cheapest price of a capability level over time, worked out by hand from resources/price_history.csv."""

from __future__ import annotations

import math
from datetime import date

import pytest

from core.history import HistoryRow, price_history
from core.history_analysis import (
    GPT4_LEVEL,
    LEVELS,
    CapabilityLevel,
    FrontierPoint,
    c8_annual_factor,
    cheapest_on,
    cheapest_series,
    fit_frontier,
    in_force_from,
    last_scored_date,
    prices_on,
    reference_price,
    reference_rates,
    step_line,
    unscored_models,
)
from core.scenarios import fit_decline


def _series(level: CapabilityLevel) -> list[tuple[str, float, str]]:
    return [(p.day.isoformat(), p.price, p.row.model) for p in cheapest_series(level)]


def test_gpt4_level_series_from_the_csv_rows() -> None:
    # Rows with MMLU >= 86, blended 3:1 as (3 x input + output) / 4:
    #   gpt-4-0314        2023-03-14  30/60    -> (90 + 60) / 4   = 37.5
    #   gpt-4-turbo       2023-11-06  10/30    -> (30 + 30) / 4   = 15
    #   gpt-4o-2024-05-13 2024-05-13  5/15     -> (15 + 15) / 4   = 7.5
    #   gpt-4o            2024-05-13  5/15     -> 7.5 as well (the alias's launch price, corrected history of
    #                                              2026-12); equal prices on one day go to the first name: gpt-4o
    #   claude-3.5-sonnet 2024-06-20  3/15     -> (9 + 15) / 4    = 6
    #   llama-3.1-405b    2024-07-23  together 3.5/3.5 -> 3.5; deepinfra 0.9/0.9 -> 0.9 (the cheaper)
    #   gpt-4o-2024-08-06 2024-08-06  2.5/10   -> (7.5 + 10) / 4  = 4.375 (not below 0.9: no step)
    #   gemini-2.0-flash  2025-02-05  0.1/0.4  -> (0.3 + 0.4) / 4 = 0.175
    expected = [
        ("2023-03-14", 37.5, "gpt-4-0314"),
        ("2023-11-06", 15.0, "gpt-4-turbo"),
        ("2024-05-13", 7.5, "gpt-4o"),
        ("2024-06-20", 6.0, "claude-3.5-sonnet"),
        ("2024-07-23", 0.9, "llama-3.1-405b"),
        ("2025-02-05", 0.175, "gemini-2.0-flash"),
    ]
    got = _series(GPT4_LEVEL)
    assert [(d, m) for d, _, m in got] == [(d, m) for d, _, m in expected]
    assert [p for _, p, _ in got] == pytest.approx([p for _, p, _ in expected])
    assert cheapest_series(GPT4_LEVEL)[4].row.provider == "deepinfra"


def test_mmlu_70_series_includes_cheap_small_models() -> None:
    # MMLU >= 70 adds the Claude 3 family, announced 2024-03-04: claude-3-sonnet (77) 3/15 -> (9 + 15) / 4 = 6
    # from 2024-03-04; claude-3-haiku (71) 0.25/1.25 -> (0.75 + 1.25) / 4 = 0.5, its history row dated 2024-03-04
    # but in force from its API release, 2024-03-13 (resources/release_dates.csv: never priced before it);
    # gpt-4o-mini (82): 2024-07-18 0.15/0.6 -> (0.45 + 0.6) / 4 = 0.2625;
    # gemini-1.5-flash (79) after its cut: 2024-08-12 0.075/0.3 -> (0.225 + 0.3) / 4 = 0.13125
    # (its launch price 2024-05-14 0.35/1.05 -> 0.525 was above haiku's 0.5: no step);
    # gemini-1.5-flash-8b (75): 2024-10-03 0.0375/0.15 -> (0.1125 + 0.15) / 4 = 0.065625.
    # gpt-3.5-turbo (68) and llama-3.2-3b (64) are below 70.
    level = CapabilityLevel("MMLU", 70.0, "MMLU ≥ 70")
    got = _series(level)
    assert [(d, m) for d, _, m in got] == [
        ("2023-03-14", "gpt-4-0314"),
        ("2023-11-06", "gpt-4-turbo"),
        ("2024-03-04", "claude-3-sonnet"),
        ("2024-03-13", "claude-3-haiku"),
        ("2024-07-18", "gpt-4o-mini"),
        ("2024-08-12", "gemini-1.5-flash"),
        ("2024-10-03", "gemini-1.5-flash-8b"),
    ]
    assert [p for _, p, _ in got] == pytest.approx([37.5, 15.0, 6.0, 0.5, 0.2625, 0.13125, 0.065625])


def test_a_row_is_in_force_from_its_models_release() -> None:
    haiku = next(r for r in price_history() if r.model == "claude-3-haiku")
    assert haiku.price_date == date(2024, 3, 4) and in_force_from(haiku) == date(2024, 3, 13)
    assert "anthropic:claude-3-haiku" not in {
        r.catalog_id for r in prices_on(date(2024, 3, 12), price_history()).values()
    }
    gpt4 = next(r for r in price_history() if r.model == "gpt-4-0314")
    assert in_force_from(gpt4) == date(2023, 3, 14)  # released the day of its row


def test_gpqa_50_follows_a_price_rise_when_a_promotion_ends() -> None:
    # o1 (GPQA 75.8) 2024-12-17 15/60 -> (45 + 60) / 4 = 26.25
    # deepseek-v3 (57) 2024-12-26 promotional 0.14/0.28 -> (0.42 + 0.28) / 4 = 0.175
    # deepseek-r1 (71.7) 2025-01-20 0.55/2.19 -> (1.65 + 2.19) / 4 = 0.96 (above 0.175: no step)
    # deepseek-v3 2025-02-08 0.27/1.1 -> (0.81 + 1.1) / 4 = 0.4775: the cheapest of the day goes UP
    got = _series(CapabilityLevel("GPQA", 50.0, "GPQA ≥ 50"))
    assert [d for d, _, _ in got] == ["2024-12-17", "2024-12-26", "2025-02-08"]
    assert [p for _, p, _ in got] == pytest.approx([26.25, 0.175, 0.4775])


def test_a_level_no_model_reaches_is_empty() -> None:
    assert cheapest_series(CapabilityLevel("MMLU", 95.0, "MMLU ≥ 95")) == ()
    assert cheapest_on(CapabilityLevel("GPQA", 90.0, "GPQA ≥ 90"), date(2026, 1, 1)) is None


def test_cheapest_on_a_day_carries_the_last_step_forward() -> None:
    # 2024-07-22: the day before llama-3.1-405b, claude-3.5-sonnet's 6 is the cheapest GPT-4-level price
    p = cheapest_on(GPT4_LEVEL, date(2024, 7, 22))
    assert p is not None and p.price == pytest.approx(6.0) and p.row.model == "claude-3.5-sonnet"
    assert cheapest_on(GPT4_LEVEL, date(2023, 3, 13)) is None  # before GPT-4


def test_prices_on_takes_each_models_latest_row() -> None:
    # gpt-3-davinci: 60/60 from 2021-11-18, 20/20 from 2022-09-01
    rows = prices_on(date(2022, 12, 31), price_history())
    assert list(rows) == ["openai:gpt-3-davinci"]
    assert rows["openai:gpt-3-davinci"].input_per_mtok == 20


def test_step_line_has_two_vertices_per_step_and_runs_to_the_end() -> None:
    def row(model: str) -> HistoryRow:
        return HistoryRow(model, "p", None, date(2024, 1, 1), 1, 1, None, "MMLU", 90, (), "")

    pts = [FrontierPoint(date(2024, 1, 1), 4.0, row("a")), FrontierPoint(date(2024, 7, 1), 1.0, row("b"))]
    days, prices = step_line(pts, date(2025, 1, 1))
    assert days == (date(2024, 1, 1), date(2024, 7, 1), date(2024, 7, 1), date(2025, 1, 1))
    assert prices == (4.0, 4.0, 1.0, 1.0)
    assert step_line([], date(2025, 1, 1)) == ((), ())


def test_fit_on_two_points_is_the_ratio_per_year() -> None:
    # 10x in exactly 365.25 x 2 days -> sqrt(10) = 3.1623 per year; the fitted line passes through both points
    row = HistoryRow("m", "p", None, date(2020, 1, 1), 1, 1, None, "MMLU", 90, (), "")
    a = FrontierPoint(date(2020, 1, 1), 10.0, row)
    b = FrontierPoint(date(2021, 12, 31), 1.0, row)  # 730 days, 1.99863 years
    fit = fit_frontier([a, b])
    assert fit is not None
    years = 730 / 365.25
    assert fit.annual_factor == pytest.approx(10 ** (1 / years))
    assert fit.price_at(a.day) == pytest.approx(10.0)
    assert fit.price_at(b.day) == pytest.approx(1.0)


def test_fit_of_the_gpt4_series_uses_fit_decline() -> None:
    points = cheapest_series(GPT4_LEVEL)
    fit = fit_frontier(points)
    assert fit is not None
    # the same least-squares fit as `computecurve fit` on the six hand-listed points above
    same = fit_decline(
        [
            (date(2023, 3, 14), 37.5),
            (date(2023, 11, 6), 15.0),
            (date(2024, 5, 13), 7.5),
            (date(2024, 6, 20), 6.0),
            (date(2024, 7, 23), 0.9),
            (date(2025, 2, 5), 0.175),
        ]
    )
    assert fit.annual_factor == pytest.approx(same.annual_factor)
    assert fit.r_squared == pytest.approx(same.r_squared)
    # the fitted line goes through the centroid of (t, log price)
    t = [(p.day - points[0].day).days / 365.25 for p in points]
    centroid_day = points[0].day.fromordinal(points[0].day.toordinal() + round(sum(t) / 6 * 365.25))
    mean_log = sum(math.log(p.price) for p in points) / 6
    assert math.log(fit.price_at(centroid_day)) == pytest.approx(mean_log, abs=0.01)


def test_a_span_under_a_year_is_not_fitted() -> None:
    # GPQA >= 70: o1 2024-12-17 and deepseek-r1 2025-01-20: 34 days
    assert fit_frontier(cheapest_series(CapabilityLevel("GPQA", 70.0, "GPQA ≥ 70"))) is None
    assert fit_frontier(cheapest_series(GPT4_LEVEL)[:1]) is None


def test_reference_rates_come_from_the_scenarios_and_c8() -> None:
    rates = {r.claim: r for r in reference_rates()}
    assert rates["C2"].factor_low == rates["C2"].factor_high == 4.72
    assert (rates["C10"].factor_low, rates["C10"].factor_high) == (5.0, 10.0)
    assert rates["C3"].factor_low == 10.0
    # C8: 60x from 2023-03-14 to 2026-03-23 = 1105 days = 3.0253 years -> 60 ** (1 / 3.0253) = 3.870
    assert c8_annual_factor() == pytest.approx(60 ** (365.25 / 1105))
    assert c8_annual_factor() == pytest.approx(3.870, abs=0.001)
    # a slope of 10x a year from $37.50, 365 days (0.99932 years) later
    assert reference_price(37.5, date(2023, 1, 1), 10.0, date(2024, 1, 1)) == pytest.approx(
        37.5 / 10 ** (365 / 365.25)
    )


def test_unscored_models_and_the_data_horizon() -> None:
    # The history's last MMLU score is gemini-2.0-flash's, dated 2025-02-05; o3, gpt-5, claude-sonnet-4 have none
    assert last_scored_date(GPT4_LEVEL) == date(2025, 2, 5)
    names = unscored_models(GPT4_LEVEL)
    assert {"o3", "gpt-5", "claude-sonnet-4", "gemini-2.5-pro"} <= set(names)
    assert "gpt-4-0314" not in names
    # o1 has a GPQA score but no MMLU one; for a GPQA level it is placed, GPT-4 is not
    assert "o1" in names
    gpqa = CapabilityLevel("GPQA", 50.0, "GPQA ≥ 50")
    assert "o1" not in unscored_models(gpqa) and "gpt-4-0314" in unscored_models(gpqa)
    assert last_scored_date(gpqa) == date(2025, 2, 8)


def test_levels_offered() -> None:
    assert [(lv.score_kind, lv.threshold) for lv in LEVELS] == [
        ("MMLU", 70.0),
        ("MMLU", 80.0),
        ("MMLU", 86.0),
        ("GPQA", 50.0),
        ("GPQA", 70.0),
    ]
