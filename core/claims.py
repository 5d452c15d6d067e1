"""The seed essay's quantitative claims C1-C10, checked with their conditions (issue 9).

Each :class:`Claim` is one numbered claim of the essay (the project's seed-claims list): its words, where they
are, the essay's own figures and how the app tests them (written in :mod:`core.claims_list`, with the
tolerances below). :func:`evaluate_claims` computes every figure with the
same engine, catalog and history as the rest of the app, and gives each claim

* a verdict, :class:`ClaimVerdict`: **holds**, **fails** or **depends**;
* its **readings** (:class:`Reading`): where the essay is ambiguous ("$3/MTok" as an input or an output
  price, "60x" as the size of a drop or a floor, "a rounding error" as 1%, 5% or 10% of the price), the claim
  under each reading, with the app's figures;
* its **condition** (:class:`Condition`): the interval of the claim's key assumption over which it holds.
  Where the essay gives no usage (C1, C4, C5), the shipped examples state theirs; the condition says for
  which usage the claim holds (the example's usage is one point, never tuned to make a claim pass or fail).

How a verdict is made. A reading with a *free* assumption (one the essay does not give) holds for no value
(fails), for part of its range (depends) or for every value (holds). A reading with a *fact* (a figure the
essay or the data fixes: a price, a date span) holds or fails. The claim holds when all its readings hold,
fails when all fail, and depends otherwise; a claim made of several *statements* (C10: two citations) holds
only when every statement does.

Tolerances, stated once and applied the same way everywhere:

* "roughly X" (C3's ~10x a year, C8's 60x): within a factor of :data:`ROUGHLY` of X;
* C2's 79%: within :data:`C2_TOLERANCE` (2 points);
* C4's "a rounding error": :data:`ROUNDING_ERROR_SHARES` of the subscription price (1%, 5% (the example's
  reading), 10%);
* C9's "35-40%": a share that rounds to a whole percent from 35 to 40.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from datetime import date

from core.catalog import PriceCatalog, default_catalog
from core.claim_verdicts import (
    Claim,
    ClaimResult,
    ClaimVerdict,
    Condition,
    Reading,
    claim_holds,
    claim_verdicts,
    claims_document,
    claims_text,
    combine,
    condition_verdict,
    quantity,
)
from core.claims_list import (
    C2_TOLERANCE,
    C8_REDUCTION,
    C9_FLEET,
    C9_SHARE_BAND,
    CLAIMS,
    INSANE_DROPS,
    NG_INPUT_SHARE,
    ROUGHLY,
    ROUNDING_ERROR_SHARES,
)
from core.deployments import deployment_costs
from core.engine import Evaluation, evaluate
from core.formatting import format_money, format_money_axis, format_percent
from core.history import HistoryRow, price_history
from core.history_analysis import (
    ESSAY_DATE,
    GPT4_LAUNCH,
    GPT4_LEVEL,
    CapabilityLevel,
    cheapest_on,
    cheapest_series,
    fit_frontier,
)
from core.pitch import Deployment, Pitch, PriceSpec, with_changes
from core.pitch_io import load_pitch_bytes
from core.resources import read_example
from core.scenarios import builtin_scenarios, fit_decline, years_between
from core.wording import cost_vs_budget

_BY_ID = {c.id: c for c in CLAIMS}


def _example(name: str) -> Pitch:
    return load_pitch_bytes(read_example(name), source=name)


def _per_session(ev: Evaluation, pitch: Pitch) -> float:
    """Cost of one action (one session): each enabled block's cost per call times its calls per action."""
    return sum(
        b.cost_per_call * blk.calls_per_action
        for b, blk in zip(ev.blocks, pitch.blocks, strict=True)
        if b.enabled
    )


def _interval(low: float | None, high: float | None) -> tuple[float | None, float | None, bool]:
    empty = low is not None and high is not None and low > high
    return low, high, empty


# ------------------------------------------------------------------------------------------------------
# C1: agents
# ------------------------------------------------------------------------------------------------------


def _c1(catalog: PriceCatalog) -> ClaimResult:
    claim = _BY_ID["C1"]
    names = claim.examples
    pitches = [_example(n) for n in names]
    evs = [evaluate(p, catalog) for p in pitches]
    sessions = [_per_session(ev, p) for ev, p in zip(evs, pitches, strict=True)]
    # Every block of the three files runs once per session, sessions_per_day times a day: the usage is one
    # number, sessions a week; each cost (and required drop) is proportional to it.
    per_day = pitches[0].blocks[0].actions_per_day * pitches[0].business.usage_multiplier
    week = per_day * 7
    gpt4, sonnet, flash = (ev.required_drop for ev in evs)
    # at w sessions a week the drop is drop x w / week: Sonnet and flash fit the budget up to week / drop
    sonnet_max, flash_max = week / sonnet, week / flash
    values = {
        "sessions_per_week": week,
        "cost_per_session_gpt4": sessions[0],
        "cost_per_session_sonnet": sessions[1],
        "cost_per_session_flash": sessions[2],
        "cost_per_user_month_gpt4": evs[0].cost_per_paying_user_month,
        "cost_per_user_month_sonnet": evs[1].cost_per_paying_user_month,
        "cost_per_user_month_flash": evs[2].cost_per_paying_user_month,
        "budget_per_user_month": evs[0].budget_per_user_month,
        "required_drop_gpt4": gpt4,
        "required_drop_sonnet": sonnet,
        "required_drop_flash": flash,
        "max_sessions_per_week_sonnet": sonnet_max,
        "max_sessions_per_week_flash": flash_max,
    }
    base = (
        f"per session GPT-4 {format_money(sessions[0])}, Sonnet 4.6 {format_money(sessions[1])}, flash "
        f"{format_money(sessions[2])} (GPT-4 is {sessions[0] / sessions[1]:,.1f}x Sonnet); at the example's "
        f"{week:,.0f} sessions a week: GPT-4 {cost_vs_budget(evs[0])} ({gpt4:,.0f}x), Sonnet 4.6 "
        f"{format_money(evs[1].cost_per_paying_user_month)} ({sonnet:,.1f}x the budget), flash "
        f"{format_money(evs[2].cost_per_paying_user_month)} ({flash:,.2f}x)"
    )
    readings = []
    for threshold in INSANE_DROPS:
        gpt4_min = threshold * week / gpt4  # GPT-4's drop exceeds the threshold above this many sessions
        low, high, empty = _interval(gpt4_min, min(sonnet_max, flash_max))
        condition = Condition(
            "the sessions a week (of the example's session)",
            "sessions a week",
            low,
            high,
            week,
            free=True,
            empty=empty,
            plural=True,
            note=(
                f"GPT-4 passes {threshold:g}x over budget above {gpt4_min:,.3g} a week; Sonnet 4.6 fits the "
                f"budget up to {sonnet_max:,.3g}, the flash tier up to {flash_max:,.3g}"
            ),
        )
        values[f"min_sessions_per_week_gpt4_{threshold:g}x"] = gpt4_min
        readings.append(
            Reading(
                f"'economically insane' = more than {threshold:g}x over the budget",
                condition_verdict(condition),
                f"{base}; {condition.text()}",
                condition,
            )
        )
    return _result(claim, readings, values)


# ------------------------------------------------------------------------------------------------------
# C2: Ng's GPT-4 decline
# ------------------------------------------------------------------------------------------------------


def _row(model: str, day: date) -> HistoryRow:
    return next(r for r in price_history() if r.model == model and r.price_date == day)


def _c2(catalog: PriceCatalog) -> ClaimResult:
    del catalog  # list prices straight from the history rows
    claim = _BY_ID["C2"]
    start = _row("gpt-4-0314", GPT4_LAUNCH)
    end = _row("gpt-4o-2024-08-06", date(2024, 8, 6))
    months = years_between(start.price_date, end.price_date) * 12
    values: dict[str, float] = {"months": months}
    readings = []
    for name, share in (
        ("Ng's blend, 80% input / 20% output", NG_INPUT_SHARE),
        ("Epoch AI's 3:1 blend", 0.75),
    ):
        p0 = share * start.input_per_mtok + (1 - share) * start.output_per_mtok
        p1 = share * end.input_per_mtok + (1 - share) * end.output_per_mtok
        fit = fit_decline([(start.price_date, p0), (end.price_date, p1)])
        # decline d over m months from p0 to p1: 1 - (p1 / p0) ** (12 / m); d = 0.79 -/+ 2 points at the span
        # m = 12 ln(p1 / p0) / ln(1 - d): the faster decline is reached over fewer months
        ratio = math.log(p1 / p0)
        shortest = 12 * ratio / math.log(1 - (0.79 + C2_TOLERANCE))
        longest = 12 * ratio / math.log(1 - (0.79 - C2_TOLERANCE))
        condition = Condition(
            f"the span of {format_money(p0)} -> {format_money(p1)}",
            "months",
            shortest,
            longest,
            months,
            free=False,
            note=f"79% a year within {C2_TOLERANCE:.0%} points; the essay says 17 months",
        )
        key = "ng" if share == NG_INPUT_SHARE else "epoch"
        values.update(
            {
                f"{key}_start_price": p0,
                f"{key}_end_price": p1,
                f"{key}_annual_factor": fit.annual_factor,
                f"{key}_annual_decline_fraction": fit.annual_decline_fraction,
            }
        )
        figures = (
            f"{format_money(p0)} ({start.model}, {start.price_date.isoformat()}) -> {format_money(p1)} "
            f"({end.model}, {end.price_date.isoformat()}) in {months:.1f} months: {fit.annual_factor:.2f}x a "
            f"year, a {format_percent(fit.annual_decline_fraction)} annual decline"
        )
        verdict = condition_verdict(condition)
        if share == NG_INPUT_SHARE and not (round(p0, 6) == 36.0 and round(p1, 6) == 4.0):
            verdict = ClaimVerdict.FAILS  # the essay's own $36 and $4 must come out of Ng's blend
        readings.append(Reading(name, verdict, figures, condition))
    values.update(
        start_price=values["ng_start_price"],
        end_price=values["ng_end_price"],
        annual_factor=values["ng_annual_factor"],
        annual_decline_fraction=values["ng_annual_decline_fraction"],
    )
    return _result(claim, readings, values)


# ------------------------------------------------------------------------------------------------------
# C3, C6, C7, C10: rates
# ------------------------------------------------------------------------------------------------------


def _months_per_10x(factor: float) -> float:
    return 12 / math.log10(factor)


def _level_rate(threshold: float) -> tuple[float, date, date, int]:
    level = CapabilityLevel("MMLU", threshold, f"MMLU >= {threshold:g}")
    fit = fit_frontier(cheapest_series(level))
    assert fit is not None  # the bundled history spans years at every level used here
    return fit.annual_factor, fit.first, fit.last, fit.points


def _rate_reading(
    name: str, factor_low: float, factor_high: float, band: tuple[float, float], *, note: str = ""
) -> tuple[Reading, Condition]:
    """A published or fitted rate (a range, or one value when low == high) against a claimed band of rates."""
    low, high = band
    span = (
        f"{factor_low:.3g}x a year (10x every {_months_per_10x(factor_low):.1f} months)"
        if factor_low == factor_high
        else f"{factor_low:.3g}-{factor_high:.3g}x a year (10x every {_months_per_10x(factor_high):.1f}-"
        f"{_months_per_10x(factor_low):.1f} months)"
    )
    condition = Condition(
        "the yearly decline",
        "x a year",
        low,
        high,
        factor_low if factor_low == factor_high else None,
        free=False,
        note=note,
    )
    if factor_low == factor_high:
        verdict = condition_verdict(condition)
    elif factor_high < low or factor_low > high:
        verdict = ClaimVerdict.FAILS
    elif factor_low >= low and factor_high <= high:
        verdict = ClaimVerdict.HOLDS
    else:
        verdict = ClaimVerdict.DEPENDS  # the rate is itself a range that straddles the band
    return Reading(name, verdict, f"{span}; {condition.text()}", condition), condition


def _c3(catalog: PriceCatalog) -> ClaimResult:
    del catalog
    claim = _BY_ID["C3"]
    band = (10 / ROUGHLY, 10 * ROUGHLY)
    readings = []
    values: dict[str, float] = {}
    for threshold, who in ((42.0, "a16z's own level"), (70.0, "a level between"), (86.0, "GPT-4's level")):
        factor, first, last, points = _level_rate(threshold)
        values[f"mmlu_{threshold:g}_annual_factor"] = factor
        reading, _ = _rate_reading(
            f"MMLU >= {threshold:g} ({who}): {points} price steps {first.isoformat()} to {last.isoformat()}",
            factor,
            factor,
            band,
            note="'roughly 10x' = 5-20x",
        )
        readings.append(reading)
    return _result(claim, readings, values)


def _seed_band() -> tuple[float, float]:
    """10x every 24 months to 10x every 18 months, as factors a year: 10 ** (12/24), 10 ** (12/18)."""
    return 10 ** (12 / 24), 10 ** (12 / 18)


def _c6(catalog: PriceCatalog) -> ClaimResult:
    del catalog
    claim = _BY_ID["C6"]
    band = _seed_band()
    free = Condition(
        "the yearly decline",
        "x a year",
        band[0],
        band[1],
        None,
        free=True,
        note="10x arrives in 12 / log10(k) months",
    )
    readings = [
        Reading(
            "any decline rate (the essay does not tie the rule to one)",
            condition_verdict(free),
            f"a 10x drop arrives in 18-24 months only at 3.16-4.64x a year; {free.text()}",
            free,
        )
    ]
    values: dict[str, float] = {"band_low": band[0], "band_high": band[1]}
    for s in builtin_scenarios().values():
        reading, _ = _rate_reading(
            f"scenario {s.id}: {s.name}", s.annual_decline_low, s.annual_decline_high, band
        )
        readings.append(reading)
        values[f"{s.id}_months_per_10x_fast"] = _months_per_10x(s.annual_decline_high)
    factor, *_ = _level_rate(GPT4_LEVEL.threshold)
    reading, _ = _rate_reading(
        "the GPT-4 level's price, fitted over the bundled history", factor, factor, band
    )
    readings.append(reading)
    values["gpt4_level_annual_factor"] = factor
    result = _result(claim, readings, values)
    return result


def _c7(catalog: PriceCatalog) -> ClaimResult:
    del catalog
    claim = _BY_ID["C7"]
    band = _seed_band()
    scenarios = builtin_scenarios()
    factor, first, last, _ = _level_rate(GPT4_LEVEL.threshold)
    measured = [
        (f"the GPT-4 level's price, fitted over the bundled history ({first.isoformat()} to {last.isoformat()})", factor, factor),
        ("Andrew Ng's GPT-4 decline (C2)", scenarios["ng-gpt4"].annual_decline_low, scenarios["ng-gpt4"].annual_decline_high),
        (
            "Epoch AI's GPT-4-level MMLU rate (90% interval)",
            scenarios["epoch-gpt4-mmlu"].annual_decline_low,
            scenarios["epoch-gpt4-mmlu"].annual_decline_high,
        ),
        (
            "GPU price-performance alone (hardware, Epoch AI 2022)",
            scenarios["gpu-price-performance"].annual_decline_low,
            scenarios["gpu-price-performance"].annual_decline_high,
        ),
        (
            "throttled by GPU supply (scenario supply-constrained: algorithmic gains only)",
            scenarios["supply-constrained"].annual_decline_low,
            scenarios["supply-constrained"].annual_decline_high,
        ),
    ]  # fmt: skip
    readings = []
    for name, low, high in measured:
        reading, _ = _rate_reading(name, low, high, band, note="10x every 18-24 months = 3.16-4.64x a year")
        readings.append(reading)
    return _result(
        claim, readings, {"gpt4_level_annual_factor": factor, "band_low": band[0], "band_high": band[1]}
    )


def _c10(catalog: PriceCatalog) -> ClaimResult:
    del catalog
    claim = _BY_ID["C10"]
    progress = builtin_scenarios()["price-of-progress"]
    gpt4, *_ = _level_rate(GPT4_LEVEL.threshold)
    commodity, *_ = _level_rate(70.0)
    readings = [
        Reading(
            "'5-10x per year' cited to arXiv 2511.23455",
            ClaimVerdict.HOLDS
            if (progress.annual_decline_low, progress.annual_decline_high) == (5.0, 10.0)
            else ClaimVerdict.FAILS,
            f"the cited paper gives {progress.annual_decline_low:g}-{progress.annual_decline_high:g}x a year for "
            f"the frontier ({progress.source}); for comparison the bundled history's GPT-4 level fell "
            f"{gpt4:.3g}x a year",
            statement=True,
        ),
        Reading(
            "'40-900x' for commoditised tiers cited to arXiv 2511.23455",
            ClaimVerdict.FAILS,
            "not the cited paper's figure: 9-900x a year for a fixed capability is Epoch AI's data insight of "
            "2025-03-12 (21 fits across capability levels, median 46x; resources/decline_rates.csv, "
            "epoch-gpt4-mmlu); arXiv 2511.23455 gives 5-10x for the frontier (and, in its March 2026 revision, "
            "a rising price of running frontier models, 3-18x a year). For comparison the bundled history's "
            f"MMLU >= 70 tier fell {commodity:.3g}x a year",
            statement=True,
        ),
    ]
    return _result(claim, readings, {"gpt4_level_annual_factor": gpt4, "mmlu_70_annual_factor": commodity})


# ------------------------------------------------------------------------------------------------------
# C4, C5: two halves at one usage
# ------------------------------------------------------------------------------------------------------


def _c4(catalog: PriceCatalog) -> ClaimResult:
    claim = _BY_ID["C4"]
    then = evaluate(_example(claim.examples[0]), catalog)
    now = evaluate(_example(claim.examples[1]), catalog)
    price = now.business["price_per_user_month"]
    c23, c26 = then.cost_per_user_month, now.cost_per_user_month
    values = {
        "cost_2023": c23,
        "cost_2026": c26,
        "price_per_user_month": price,
        "share_of_price_2026": c26 / price,
        "ratio": c23 / c26,
    }
    base = (
        f"{format_money(c23)} per active user-month at {then.as_of.isoformat()} prices, {format_money(c26)} at "
        f"{now.as_of.isoformat()} ({format_percent(c26 / price)} of the {format_money(price)} price): the same "
        f"usage costs {c23 / c26:,.0f}x less in 2026"
    )
    readings = []
    for share in ROUNDING_ERROR_SHARES:
        # at usage x u both costs scale by u: c23 u >= 100 and c26 u <= share x price, so in 2023 costs:
        # from $100 to share x price x c23 / c26
        high = share * price * c23 / c26
        low, high_, empty = _interval(100.0, high)
        condition = Condition(
            "the 2023 cost per user-month (the usage)",
            "$",
            low,
            high_,
            c23,
            free=True,
            empty=empty,
            note=f"at {quantity(100.0 / c23, '')}-{quantity(high / c23, '')}x the example's usage",
        )
        values[f"max_cost_2023_at_{share:g}"] = high
        readings.append(
            Reading(
                f"'a rounding error' = at most {share:.0%} of the price ({format_money(share * price)})",
                condition_verdict(condition),
                f"{base}; {condition.text()}",
                condition,
            )
        )
    return _result(claim, readings, values)


def _scaled(pitch: Pitch, factor: float, catalog: PriceCatalog) -> Pitch:
    """``pitch`` with every block's resolved prices multiplied by ``factor``, written into the blocks."""
    blocks = []
    for block in pitch.blocks:
        price, _ = catalog.resolve_block(block, pitch.effective_as_of())
        spec = {f: v * factor for f, v in price.base.as_dict().items()}
        blocks.append(with_changes(block, model=None, price=PriceSpec.model_validate(spec)))
    return with_changes(pitch, blocks=tuple(blocks))  # type: ignore[no-any-return]


def _c5(catalog: PriceCatalog) -> ClaimResult:
    claim = _BY_ID["C5"]
    opus_pitch = _example(claim.examples[0])
    opus = evaluate(opus_pitch, catalog)
    salary = opus.business["price_per_user_month"]  # one junior engineer a month
    humans = 10 * salary
    calls = opus_pitch.blocks[0].calls_per_action
    dear = opus.cost_per_user_month
    readings = []
    values = {"cost_opus": dear, "line_ten": humans, "line_one": salary, "calls_per_agent_hour": calls}
    cheap_readings: list[tuple[str, str, Evaluation]] = [
        ("'$3/MTok' = Sonnet 4.6's input price ($3/$15)", "sonnet", evaluate(_example(claim.examples[1]), catalog)),
        (
            "'$3/MTok' = an output price (every Opus 4 price x 3/75: $0.60/$3)",
            "output",
            evaluate(_scaled(opus_pitch, 3 / 75, catalog), catalog),
        ),
    ]  # fmt: skip
    for name, key, cheap in cheap_readings:
        low_cost = cheap.cost_per_user_month
        # at usage x u: dear u > ten salaries and cheap u < one salary
        low, high = humans / dear, salary / low_cost
        empty = low >= high
        condition = Condition(
            "the calls per agent-hour (the usage)",
            "calls",
            low * calls,
            high * calls,
            calls,
            free=True,
            empty=empty,
            plural=True,
            note=(
                f"above {humans / dear * calls:,.3g} Opus 4 costs more than ten engineers; below "
                f"{salary / low_cost * calls:,.3g} the cheaper price costs less than one"
            ),
        )
        values[f"cost_{key}"] = low_cost
        figures = (
            f"Opus 4 {format_money(dear)} a month vs {format_money(humans)} for ten engineers; at the cheaper "
            f"price {format_money(low_cost)} vs {format_money(salary)} for one ({dear / low_cost:,.0f}x apart); "
            f"{condition.text()}"
        )
        readings.append(Reading(name, condition_verdict(condition), figures, condition))
    return _result(claim, readings, values)


# ------------------------------------------------------------------------------------------------------
# C8: GPT-4 level in early 2026
# ------------------------------------------------------------------------------------------------------


def _c8(catalog: PriceCatalog) -> ClaimResult:
    claim = _BY_ID["C8"]
    first = cheapest_on(GPT4_LEVEL, GPT4_LAUNCH)
    then = cheapest_on(GPT4_LEVEL, ESSAY_DATE)
    assert first is not None and then is not None  # the bundled history has both
    launch_input = first.row.input_per_mtok
    # the cheapest GPT-4-level model's input price on the essay's date, from the catalog (as a pitch would be)
    now_input = (
        catalog.price_at(then.row.catalog_id, ESSAY_DATE).fields["input_per_mtok"]
        if then.row.catalog_id
        else then.row.input_per_mtok
    )
    blended = first.price / then.price
    by_input = launch_input / now_input
    values = {
        "launch_price": first.price,
        "price_2026": then.price,
        "reduction": blended,
        "launch_input": launch_input,
        "input_2026": now_input,
        "input_reduction": by_input,
    }
    who = f"{then.row.model} (MMLU >= {GPT4_LEVEL.threshold:g}, priced from {then.day.isoformat()})"
    low, high = C8_REDUCTION / ROUGHLY, C8_REDUCTION * ROUGHLY

    def size(name: str, start: float, end: float, reduction: float) -> Reading:
        # 60x within a factor of 2 = 30-120x: a 2026 price between start / 120 and start / 30
        condition = Condition(
            "the 2026 GPT-4-level price",
            "$",
            start / high,
            start / low,
            end,
            free=False,
            note="60x within a factor of 2",
        )
        figures = (
            f"{format_money(start)} ({first.row.model}, {first.day.isoformat()}) -> {format_money(end)} ({who}) on "
            f"{ESSAY_DATE.isoformat()}: {reduction:,.0f}x cheaper; {condition.text()}"
        )
        return Reading(name, condition_verdict(condition), figures, condition)

    floor = Condition(
        "the 2026 GPT-4-level input price", "$", None, launch_input / C8_REDUCTION, now_input, free=False,
        note="at least 60x below GPT-4's $30 input, i.e. at most $0.50",
    )  # fmt: skip
    readings = [
        size("60x as the size of the drop, input prices ($30 -> $0.50 in the essay)", launch_input, now_input, by_input),
        size("60x as the size of the drop, 3:1 blended prices", first.price, then.price, blended),
        Reading(
            "60x as a floor: at least 60x cheaper, at most $0.50",
            condition_verdict(floor),
            f"{format_money(launch_input)} -> {format_money(now_input)} input ({by_input:,.0f}x); {floor.text()}",
            floor,
        ),
    ]  # fmt: skip
    return _result(claim, readings, values)


# ------------------------------------------------------------------------------------------------------
# C9: the infrastructure layer
# ------------------------------------------------------------------------------------------------------


def _hourly(usd: float) -> str:
    """A GPU-hour to the cent's hundredth, as the seed and docs/contract.md 6.2 quote it ($1.9621, $2.8030)."""
    return f"${usd:,.4f}"


def _c9(catalog: PriceCatalog) -> ClaimResult:
    del catalog
    claim = _BY_ID["C9"]
    fleet = Deployment.model_validate(C9_FLEET)
    costs = deployment_costs(fleet)
    assert fleet.ownership is not None and costs.gpu_share_of_cost is not None
    purchase, total = fleet.ownership.purchase_usd or 0.0, fleet.ownership.total_cost_usd
    share = costs.gpu_share_of_cost
    low, high = C9_SHARE_BAND
    # the share purchase / total rounds to 35-40% for a total from purchase / 0.405 to purchase / 0.345
    condition = Condition(
        "the 5-year total cost of ownership (with the $3M purchase)",
        "$",
        purchase / high,
        purchase / low,
        total,
        free=False,
        note="the GPU share rounds to 35-40%",
    )
    values = {
        "gpu_hour_usd": costs.gpu_hour_usd,
        "gpu_share_of_cost": share,
        "paid_hour_usd": costs.paid_hour_usd,
        "input_per_mtok": costs.input_per_mtok,
        "output_per_mtok": costs.output_per_mtok,
    }
    figures = (
        f"{format_money_axis(total)} / (100 GPUs x 5 years x 8,766 h) = {_hourly(costs.gpu_hour_usd)} per GPU-hour; "
        f"GPU share {format_money_axis(purchase)} / {format_money_axis(total)} = {share:.1%}; at 70% utilisation "
        f"{_hourly(costs.paid_hour_usd)} per paid GPU-hour: {format_money(costs.input_per_mtok)} input / "
        f"{format_money(costs.output_per_mtok)} output per million tokens at 9,000 / 1,850 tokens a second per GPU; "
        f"{condition.text()}"
    )
    reading = Reading(
        "the share of the $3M purchase in the $8.6M", condition_verdict(condition), figures, condition
    )
    return _result(claim, [reading], values)


# ------------------------------------------------------------------------------------------------------
# Evaluation
# ------------------------------------------------------------------------------------------------------


def _result(claim: Claim, readings: Sequence[Reading], values: Mapping[str, float]) -> ClaimResult:
    first = readings[0]
    statements = [r for r in readings if r.statement]
    figures = "; ".join(r.figures for r in statements) if statements else first.figures
    possible = [r for r in readings if r.condition is not None and not r.condition.empty]
    shown = possible[0] if possible else first
    return ClaimResult(
        claim, combine(readings), figures, tuple(readings), shown.condition, dict(values), shown.name
    )


_TESTS: tuple[Callable[[PriceCatalog], ClaimResult], ...] = (
    _c1,
    _c2,
    _c3,
    _c4,
    _c5,
    _c6,
    _c7,
    _c8,
    _c9,
    _c10,
)


def evaluate_claims(catalog: PriceCatalog | None = None) -> tuple[ClaimResult, ...]:
    """C1-C10, in order, each with its figures, verdict, readings and condition."""
    catalog = catalog or default_catalog()
    return tuple(test(catalog) for test in _TESTS)


__all__ = [
    "CLAIMS",
    "Claim",
    "ClaimResult",
    "ClaimVerdict",
    "Condition",
    "Reading",
    "claim_holds",
    "claim_verdicts",
    "claims_document",
    "claims_text",
    "evaluate_claims",
]
