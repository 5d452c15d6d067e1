"""How every number is computed: contract section 2 written out with a pitch's own numbers.

:func:`explain` turns a prepared pitch and its :class:`~core.engine.Evaluation` into titled sections of
steps, each a formula, the same formula with the numbers substituted, and the result. Every result is the
engine's own value (``Evaluation`` / ``BlockResult``), never a second implementation of the arithmetic;
only the substituted text is written here from the block's fields and resolved prices, so a reader can
redo each step by hand. The one intermediate the engine does not keep, a call's token cost, is written
from the same fields and prices and checked against the engine's cost per call. A block priced from a
self-hosted deployment starts with its chain, GPU-hour -> paid hour -> USD per million tokens (docs/contract.md
6.2); audio and image tokens add their terms (6.1); with a per-call price, the break-even is stated as every
price at 1/required_drop of today's (6.1).

:func:`sources` lists where every built-in number comes from (decline scenarios, the bundled price
history, genai-prices and its providers' pricing pages, the block templates) for the About dialog.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from core.deployments import HOURS_PER_YEAR, deployment_costs
from core.engine import Evaluation, PreparedPitch, evaluate_prepared, prepare
from core.formatting import (
    format_drop,
    format_fraction,
    format_iso,
    format_money,
    format_money_full,
    format_month,
    format_orders,
    format_percent,
)
from core.pitch import TOKEN_FIELDS, FeatureBlock, Pitch
from core.prices import PriceSet, ResolvedPrice
from core.scenarios import DAYS_PER_YEAR
from core.verdict import HORIZON_YEARS, band_value
from core.wording import seed_rule_line, verdict_title

# Past this many blocks, the explanation details the first ones and sums the rest (a 10,000-block pitch
# must not build a page nobody can read).
MAX_DETAILED_BLOCKS = 30
# Past this many terms, a sum is written with its first and last terms only.
MAX_SUM_TERMS = 8

PRICE_WORDS = (
    ("input_per_mtok", "input"),
    ("output_per_mtok", "output"),
    ("cached_input_per_mtok", "cached input"),
    ("cache_write_per_mtok", "cache write"),
    ("reasoning_per_mtok", "reasoning"),
)

# Audio and image prices (docs/contract.md 6.1): shown for a block that has such tokens.
MODALITY_WORDS = (
    ("audio_input_tokens", "audio_input_per_mtok", "audio input"),
    ("audio_output_tokens", "audio_output_per_mtok", "audio output"),
    ("image_input_tokens", "image_input_per_mtok", "image input"),
    ("image_output_tokens", "image_output_per_mtok", "image output"),
)

TOKEN_COST_FORMULA = (
    "token_cost = ( input_tokens * ( uncached * input_per_mtok\n"
    "                              + cached_input_fraction * cached_input_per_mtok\n"
    "                              + cache_write_fraction * cache_write_per_mtok )\n"
    "             + output_tokens * output_per_mtok\n"
    "             + reasoning_tokens * reasoning_per_mtok ) / 1e6"
)
# docs/contract.md 6.1: the four modality terms, added to the token cost (cache shares apply to text only).
MODALITY_COST_FORMULA = (
    "\n           + ( audio_input_tokens * audio_input_per_mtok + audio_output_tokens * audio_output_per_mtok\n"
    "             + image_input_tokens * image_input_per_mtok + image_output_tokens * image_output_per_mtok ) / 1e6"
)


@dataclass(frozen=True)
class Step:
    """One line of arithmetic: what is computed, how, with which numbers, and the result."""

    title: str
    formula: str
    substituted: str
    value: str  # the result, formatted with core.formatting
    number: float | None = None  # the result as a number (None for a date, a verdict or a null)
    note: str = ""  # where an input comes from, or what the result means


@dataclass(frozen=True)
class Section:
    """A group of steps: one block, the pitch's totals, the arrival, the break-even."""

    title: str
    steps: tuple[Step, ...]
    subtitle: str = ""


@dataclass(frozen=True)
class Explanation:
    """The whole computation of one pitch, step by step."""

    name: str
    as_of: date
    catalog_version: str
    sections: tuple[Section, ...]
    cost_per_user_month: float  # the engine's total (what the sum of block costs comes to)
    blocks_not_detailed: int = 0


def number(x: float, digits: int = 10) -> str:
    """A count or factor as a person reads it: ``5,000``, ``0.14``, ``3.16227766``; no float noise."""
    if not math.isfinite(x):
        return "∞" if x > 0 else ("-∞" if x < 0 else "NaN")
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    text = f"{x:,.{digits}g}"
    return text


def money(usd: float) -> str:
    """Dollars at full precision (``$0.00295``, ``$23.29548``), so that every step can be redone by hand.

    ``format_money`` keeps two decimals above $1 (a table's precision); a substitution needs every digit
    the next step uses. Float noise is still dropped (10 significant digits).
    """
    if not math.isfinite(usd) or usd == 0:
        return format_money_full(usd)
    return ("-" if usd < 0 else "") + "$" + number(abs(usd))


def shown(usd: float) -> str:
    """Full precision, and how the window and reports write it: ``$1.79196 (shown as $1.79)``."""
    full, prose = money(usd), format_money(usd)
    return full if full == prose else f"{full} (shown as {prose})"


def _sum_text(n: int, term: Callable[[int], str]) -> str:
    """``a + b + c``; past MAX_SUM_TERMS terms, the first three and the last two (only those are written)."""
    if n == 0:
        return "0"
    if n <= MAX_SUM_TERMS:
        return " + ".join(term(i) for i in range(n))
    head = " + ".join(term(i) for i in range(3))
    tail = " + ".join(term(i) for i in range(n - 2, n))
    return f"{head} + … ({n - 5} more) … + {tail}"


def chosen_tier(price: ResolvedPrice, input_tokens: float) -> tuple[float | None, PriceSet]:
    """The tier a call with ``input_tokens`` uses: (its threshold or None for the base prices, its prices)."""
    threshold: float | None = None
    chosen = price.base
    for above, prices in price.tiers:
        if above < input_tokens:
            threshold, chosen = above, prices
    return threshold, chosen


def has_modality_tokens(block: FeatureBlock) -> bool:
    """Whether the block has audio or image tokens (its explanation then shows their terms)."""
    return any(getattr(block, tokens) for tokens, _, _ in MODALITY_WORDS)


def _prices_text(p: PriceSet, modalities: bool = False) -> str:
    words = list(PRICE_WORDS) + ([(key, word) for _, key, word in MODALITY_WORDS] if modalities else [])
    return " · ".join(f"{word} {money(getattr(p, key))}" for key, word in words)


def token_cost(block: FeatureBlock, p: PriceSet) -> float:
    """Contract sections 2 and 6.1's token cost of one call of ``block`` at prices ``p`` (the substituted
    line's value): text input with its cache shares, output, reasoning, and the audio and image tokens."""
    uncached = max(1.0 - block.cached_input_fraction - block.cache_write_fraction, 0.0)
    text = (
        block.input_tokens
        * (
            uncached * p.input_per_mtok
            + block.cached_input_fraction * p.cached_input_per_mtok
            + block.cache_write_fraction * p.cache_write_per_mtok
        )
        + block.output_tokens * p.output_per_mtok
        + block.reasoning_tokens * p.reasoning_per_mtok
    ) / 1e6
    if not has_modality_tokens(block):
        return text
    return (
        text
        + (
            block.audio_input_tokens * p.audio_input_per_mtok
            + block.audio_output_tokens * p.audio_output_per_mtok
            + block.image_input_tokens * p.image_input_per_mtok
            + block.image_output_tokens * p.image_output_per_mtok
        )
        / 1e6
    )


def _deployment_steps(prep: PreparedPitch, block: FeatureBlock) -> list[Step]:
    """The infrastructure chain of a block priced from a deployment (docs/contract.md 6.2): GPU-hour ->
    paid hour at utilisation -> USD per million tokens in and out, each step with its number and source.
    The numbers are :func:`core.deployments.deployment_costs`', the function the engine prices the block with."""
    assert block.deployment is not None
    dep = prep.pitch.deployment(block.deployment)
    c = deployment_costs(dep)
    source = f"Source: {dep.source}" if dep.source else "Source: the pitch's deployment (no source given)"
    steps: list[Step] = []
    if c.basis == "ownership":
        o = dep.ownership
        assert o is not None
        share = (
            f"; the GPUs' purchase ${number(o.purchase_usd)} is {format_percent(c.gpu_share_of_cost)} of the total"
            if o.purchase_usd is not None and c.gpu_share_of_cost is not None
            else ""
        )
        steps.append(
            Step(
                f"GPU-hour ({dep.name}: ownership)",
                "gpu_hour_usd = total_cost_usd / (gpus * years * HOURS_PER_YEAR)   (HOURS_PER_YEAR = 365.25 * 24)",
                f"{money(o.total_cost_usd)} / ({number(o.gpus)} * {number(o.years)} * {number(HOURS_PER_YEAR)})",
                money(c.gpu_hour_usd),
                c.gpu_hour_usd,
                note=source + share,
            )
        )
    elif c.basis == "components":
        parts = c.components
        cp = dep.components
        assert parts is not None and cp is not None
        steps.append(
            Step(
                f"GPU-hour ({dep.name}: components)",
                "gpu_hour_usd = capex_usd_per_gpu * crf / HOURS_PER_YEAR + power_kw_per_gpu * pue * "
                "electricity_usd_per_kwh\n"
                "             + facility_usd_per_kw_month * power_kw_per_gpu * 12 / HOURS_PER_YEAR\n"
                "             + operations_fraction_of_capex_per_year * capex_usd_per_gpu / HOURS_PER_YEAR",
                f"{money(parts.capital)} capital (capex ${number(cp.capex_usd_per_gpu)} over {number(cp.years)} "
                f"years at {format_fraction(cp.interest_rate)}) + {money(parts.power)} power + "
                f"{money(parts.facility)} facility + {money(parts.operations)} operations",
                money(c.gpu_hour_usd),
                c.gpu_hour_usd,
                note=source,
            )
        )
    else:
        steps.append(
            Step(
                f"GPU-hour ({dep.name}: quoted)",
                "gpu_hour_usd = the rental or quoted price of one GPU for one hour",
                f"{money(c.gpu_hour_usd)} as given",
                money(c.gpu_hour_usd),
                c.gpu_hour_usd,
                note=source,
            )
        )
    steps.append(
        Step(
            "Paid hour at utilisation",
            "paid_hour = gpu_hour_usd / utilisation   (idle hours are paid for too)",
            f"{money(c.gpu_hour_usd)} / {number(c.utilisation)}",
            money(c.paid_hour_usd),
            c.paid_hour_usd,
        )
    )
    for word, tps, value in (
        ("input", dep.input_tokens_per_second_per_gpu, c.input_per_mtok),
        ("output", dep.output_tokens_per_second_per_gpu, c.output_per_mtok),
    ):
        steps.append(
            Step(
                f"Self-hosted {word} price",
                f"{word}_per_mtok = paid_hour / ({word}_tokens_per_second_per_gpu * 3600) * 1e6",
                f"{money(c.paid_hour_usd)} / ({number(tps)} * 3,600) * 1e6",
                f"{money(value)} per M tokens",
                value,
            )
        )
    return steps


def _block_section(prep: PreparedPitch, ev: Evaluation, i: int) -> Section:
    block = prep.pitch.blocks[i]
    result = ev.blocks[i]
    price = result.price
    model = block.model or (f"deployment {block.deployment}" if block.deployment else "explicit prices")
    title = f"Block {i + 1}: {block.name}"
    if not block.enabled:
        return Section(
            title,
            (
                Step(
                    "Block cost per user-month",
                    "block_cost_per_user_month = 0 when the block is disabled",
                    "disabled: not counted",
                    money(result.cost_per_user_month),
                    result.cost_per_user_month,
                ),
            ),
            subtitle=f"{model} (disabled)",
        )
    b = ev.business
    steps: list[Step] = []
    given = sorted(block.price.given()) if block.price else []
    modalities = has_modality_tokens(block)
    if block.deployment is not None:
        steps += _deployment_steps(prep, block)
        where = f"input and output from deployment {block.deployment} (above)" + (
            f"; explicit {', '.join(g.removesuffix('_per_mtok') for g in given)} in the pitch"
            if given
            else ""
        )
    elif block.model is None:
        where = "explicit prices in the pitch"
    elif given:
        where = (
            f"explicit {', '.join(g.removesuffix('_per_mtok') for g in given)} in the pitch; "
            f"the rest: the catalog price of {block.model} on {prep.as_of.isoformat()}"
        )
    else:
        where = f"the catalog price of {block.model} on {prep.as_of.isoformat()}"
    steps.append(
        Step(
            "Prices (USD per million tokens)",
            "p = the block's own price fields; the others from the catalog on as_of\n"
            "    (cached input and cache write default to the input price, reasoning to the output price)"
            + (
                ",\n    an audio or image price to the text price of the same direction" if modalities else ""
            ),
            where,
            _prices_text(price.base, modalities),
            note=f"Source: {price.source}",
        )
    )
    threshold, p = chosen_tier(price, block.input_tokens)
    if not price.tiers:
        tier_sub, tier_value = "p has no tiers", "p as is"
    elif threshold is None:
        first = price.tiers[0][0]
        tier_sub = (
            f"tiers start above {number(first)} input tokens; input_tokens = "
            f"{number(block.input_tokens)} is not above {number(first)}"
        )
        tier_value = "p as is (base prices)"
    else:
        tier_sub = f"input_tokens = {number(block.input_tokens)} > {number(threshold)}"
        tier_value = f"the tier above {number(threshold)} input tokens: {_prices_text(p, modalities)}"
    steps.append(
        Step(
            "Tier chosen",
            "tier = the entry of p.tiers with the largest above_input_tokens that is < input_tokens",
            tier_sub,
            tier_value,
        )
    )
    cached, write = block.cached_input_fraction, block.cache_write_fraction
    uncached = max(1.0 - cached - write, 0.0)
    steps.append(
        Step(
            "Uncached share of the input",
            "uncached = 1 - cached_input_fraction - cache_write_fraction",
            f"1 - {number(cached)} - {number(write)}",
            f"{number(uncached)} ({format_fraction(uncached)})",
            uncached,
        )
    )
    cost_tokens = token_cost(block, p)
    substituted = (
        f"( {number(block.input_tokens)} * ( {number(uncached)} * {money(p.input_per_mtok)}"
        f" + {number(cached)} * {money(p.cached_input_per_mtok)}"
        f" + {number(write)} * {money(p.cache_write_per_mtok)} )"
        f" + {number(block.output_tokens)} * {money(p.output_per_mtok)}"
        f" + {number(block.reasoning_tokens)} * {money(p.reasoning_per_mtok)} ) / 1e6"
    )
    if modalities:
        terms = " + ".join(
            f"{number(getattr(block, tokens))} * {money(getattr(p, key))}"
            for tokens, key, _ in MODALITY_WORDS
        )
        substituted += f" + ( {terms} ) / 1e6"
    steps.append(
        Step(
            "Token cost of one call",
            TOKEN_COST_FORMULA + (MODALITY_COST_FORMULA if modalities else ""),
            substituted,
            money(cost_tokens),
            cost_tokens,
        )
    )
    steps.append(
        Step(
            "Cost per call",
            "cost_per_call = price_multiplier * (token_cost + per_call_usd)",
            f"{number(block.price_multiplier)} * ({money(cost_tokens)} + {money(block.per_call_usd)})",
            money(result.cost_per_call),
            result.cost_per_call,
        )
    )
    steps.append(
        Step(
            "Calls per user-month",
            "calls_per_user_month = calls_per_action * actions_per_day * usage_multiplier\n"
            "                       * active_days_per_month",
            f"{number(block.calls_per_action)} * {number(block.actions_per_day)} * "
            f"{number(b['usage_multiplier'])} * {number(b['active_days_per_month'])}",
            number(result.calls_per_user_month),
            result.calls_per_user_month,
        )
    )
    steps.append(
        Step(
            "Block cost per user-month",
            "block_cost_per_user_month = cost_per_call * calls_per_user_month",
            f"{money(result.cost_per_call)} * {number(result.calls_per_user_month)}",
            money(result.cost_per_user_month),
            result.cost_per_user_month,
            note=f"{format_percent(result.share)} of the cost per active user-month",
        )
    )
    return Section(title, tuple(steps), subtitle=model)


def _totals_section(ev: Evaluation) -> Section:
    b = ev.business
    enabled = [r for r in ev.blocks if r.enabled]
    fee, margin, share = b["payment_fee_fraction"], b["target_gross_margin"], b["inference_share_of_cogs"]
    oom = ev.orders_of_magnitude
    steps = [
        Step(
            "Cost per (active) user-month",
            "cost_per_user_month = sum of the enabled blocks' costs",
            _sum_text(len(enabled), lambda i: money(enabled[i].cost_per_user_month)),
            shown(ev.cost_per_user_month),
            ev.cost_per_user_month,
            note=f"{len(enabled)} of {len(ev.blocks)} blocks enabled",
        ),
        Step(
            "Cost per paying user-month",
            "cost_per_paying_user_month = cost_per_user_month * (1 + free_users_per_paying_user)",
            f"{money(ev.cost_per_user_month)} * (1 + {number(b['free_users_per_paying_user'])})",
            shown(ev.cost_per_paying_user_month),
            ev.cost_per_paying_user_month,
        ),
        Step(
            "Budget per user-month",
            "budget_per_user_month = price_per_user_month * (1 - payment_fee_fraction)\n"
            "                        * (1 - target_gross_margin) * inference_share_of_cogs",
            f"{money(b['price_per_user_month'])} * (1 - {number(fee)}) * (1 - {number(margin)}) * {number(share)}",
            shown(ev.budget_per_user_month),
            ev.budget_per_user_month,
            note="what the business can spend on inference per paying user",
        ),
        Step(
            "Required price drop",
            "required_drop = cost_per_paying_user_month / budget_per_user_month",
            f"{money(ev.cost_per_paying_user_month)} / {money(ev.budget_per_user_month)}",
            f"{number(ev.required_drop)} ({format_drop(ev.required_drop, oom)} cheaper)"
            if ev.required_drop > 1
            else f"{number(ev.required_drop)} (no drop needed)",
            ev.required_drop,
        ),
        Step(
            "Orders of magnitude",
            "orders_of_magnitude = log10(required_drop)   (null when the cost is 0)",
            f"log10({number(ev.required_drop)})" if oom is not None else "the cost is 0",
            f"{number(oom, 10)} (shown as {format_orders(oom)})" if oom is not None else "null",
            oom,
        ),
    ]
    if oom is None:
        band_sub = "orders_of_magnitude is null: viable now"
    else:
        v = band_value(oom)
        band = "<= 0" if v <= 0 else "in (0, 1]" if v <= 1 else "in (1, 2]" if v <= 2 else "> 2"
        band_sub = f"round({number(oom, 12)}, 9) = {number(v, 12)}, which is {band}"
    steps.append(
        Step(
            "Verdict",
            "band = round(orders_of_magnitude, 9):  <= 0 viable now;  (0, 1] one order;\n"
            "       (1, 2] two orders;  > 2 beyond the horizon",
            band_sub,
            verdict_title(ev.verdict),
            note=(
                f"{seed_rule_line(ev.verdict)}; this pitch's own arrival at {ev.scenario.short} is worked "
                "out below; rounded to 9 decimals so that floating-point noise never changes a verdict"
            ),
        )
    )
    return Section("The pitch", tuple(steps), subtitle=ev.name)


def _arrival_steps(ev: Evaluation, which: str) -> tuple[Step, Step]:
    sc = ev.scenario
    fast = which == "earliest"
    k = sc.annual_decline_high if fast else sc.annual_decline_low
    years = ev.arrival.years_earliest if fast else ev.arrival.years_latest
    day = ev.arrival.earliest if fast else ev.arrival.latest
    k_name = "annual_decline_high" if fast else "annual_decline_low"
    if ev.required_drop <= 1:
        t_sub = f"required_drop = {number(ev.required_drop)} <= 1: t* = 0"
    else:
        t_sub = f"ln({number(ev.required_drop)}) / ln({number(k)})"
    t_step = Step(
        f"Years to viable, {'fast' if fast else 'slow'} decline ({k_name} = {number(k, 6)}x a year)",
        f"t* = log(required_drop) / log({k_name})   (0 when required_drop <= 1)",
        t_sub,
        f"{years:.4f} years",
        years,
    )
    if day is None:
        d_sub = f"{ev.as_of.isoformat()} + {years:.4f} * 365.25 days is more than {HORIZON_YEARS} years away"
        d_value = "not within 50 years (null)"
    else:
        days = (day - ev.as_of).days
        d_sub = f"{ev.as_of.isoformat()} + round({years:.4f} * {DAYS_PER_YEAR:g}) days = {ev.as_of.isoformat()} + {days:,} days"
        d_value = f"{format_iso(day)} ({format_month(day)})"
    d_step = Step(
        f"{'Earliest' if fast else 'Latest'} arrival",
        f"{which} = as_of + t* years (365.25 days each), rounded to the nearest day; null past 50 years",
        d_sub,
        d_value,
    )
    return t_step, d_step


def _arrival_section(ev: Evaluation) -> Section:
    sc = ev.scenario
    subtitle = (
        f"{sc.name}: {number(sc.annual_decline_low, 6)}x to {number(sc.annual_decline_high, 6)}x a year. "
        f"Source: {sc.source}"
    )
    steps = (
        Step(
            "Cost after t years",
            "cost(t) = cost_per_paying_user_month / k ** t   (k: the price falls k times a year)",
            f"{money(ev.cost_per_paying_user_month)} / k ** t",
            f"viable when cost(t) <= {money(ev.budget_per_user_month)}",
        ),
        *_arrival_steps(ev, "earliest"),
        *_arrival_steps(ev, "latest"),
    )
    return Section("When it becomes viable", steps, subtitle=subtitle)


def _breakeven_section(blocks: Sequence[FeatureBlock], ev: Evaluation) -> Section:
    b = ev.business
    be = ev.breakeven
    enabled = [(blk, r) for blk, r in zip(blocks, ev.blocks, strict=True) if r.enabled]

    modalities = any(has_modality_tokens(blk) for blk, _ in enabled)
    fields = TOKEN_FIELDS if modalities else TOKEN_FIELDS[:3]

    def term(i: int) -> str:
        blk, r = enabled[i]
        return f"({' + '.join(number(getattr(blk, f)) for f in fields)}) * {number(r.calls_per_user_month)}"

    fee, margin, share = b["payment_fee_fraction"], b["target_gross_margin"], b["inference_share_of_cogs"]
    blended = be.blended_per_mtok
    # Why a blended price is null: no tokens, or a price per call that cannot be blended into one.
    why_null = (
        "a block has a per-call price: a price per call cannot be blended into a price per token, so every "
        f"price must fall to 1/{number(ev.required_drop)} of today's"
        if be.per_call_pricing
        else "no tokens"
    )
    steps = [
        Step(
            "Tokens per user-month",
            "tokens_per_user_month = sum over enabled blocks of\n"
            f"    ({' + '.join(fields)}) * calls_per_user_month",
            _sum_text(len(enabled), term),
            number(ev.tokens_per_user_month),
            ev.tokens_per_user_month,
        ),
        Step(
            "Blended price today",
            "blended_per_mtok = cost_per_user_month / tokens_per_user_month * 1e6\n"
            "    (null without tokens, or when a block has a per-call price)",
            f"{money(ev.cost_per_user_month)} / {number(ev.tokens_per_user_month)} * 1e6"
            if blended is not None
            else why_null,
            f"{money(blended)} per M tokens" if blended is not None else "null",
            blended,
        ),
        Step(
            "Break-even blended price",
            "breakeven_blended_per_mtok = blended_per_mtok / required_drop",
            f"{money(blended)} / {number(ev.required_drop)}" if blended is not None else why_null,
            f"{money(be.breakeven_blended_per_mtok)} per M tokens"
            if be.breakeven_blended_per_mtok is not None
            else "null",
            be.breakeven_blended_per_mtok,
            note="inference at this blended price makes the pitch viable",
        ),
        Step(
            "Break-even subscription price",
            "breakeven_price_per_user_month = cost_per_paying_user_month\n"
            "    / ((1 - payment_fee_fraction) * (1 - target_gross_margin) * inference_share_of_cogs)",
            f"{money(ev.cost_per_paying_user_month)} / ((1 - {number(fee)}) * (1 - {number(margin)}) * "
            f"{number(share)})",
            shown(be.price_per_user_month),
            be.price_per_user_month,
            note="the price per user-month that would make the pitch viable at today's inference prices",
        ),
    ]
    if be.per_call_pricing:
        # docs/contract.md 6.1: with a price per call, the break-even is stated for every price at once.
        factor = 1 / ev.required_drop if ev.required_drop > 0 else math.inf
        steps.insert(
            2,
            Step(
                "Break-even prices (a block has a per-call price)",
                "every price, per token and per call, at 1 / required_drop of today's",
                f"1 / {number(ev.required_drop)} = {number(factor)}",
                f"every price at 1/{number(ev.required_drop, 4)} of today's ({format_fraction(factor)} of today's)"
                if ev.required_drop > 1
                else "today's prices already make it viable",
                factor,
                note="the blended prices above are null: a price per call cannot be blended into a price per token",
            ),
        )
    return Section("Break-even", tuple(steps))


def explain(prep: PreparedPitch, ev: Evaluation | None = None) -> Explanation:
    """The computation of ``prep``'s pitch, step by step, with the engine's values as results.

    Parameters
    ----------
    prep
        The prepared pitch (its resolved prices are the ones substituted).
    ev
        Its evaluation; computed with :func:`core.engine.evaluate_prepared` when not given.
    """
    ev = ev or evaluate_prepared(prep)
    blocks = prep.pitch.blocks
    detailed = min(len(blocks), MAX_DETAILED_BLOCKS)
    sections = [_block_section(prep, ev, i) for i in range(detailed)]
    sections += [_totals_section(ev), _arrival_section(ev), _breakeven_section(blocks, ev)]
    return Explanation(
        name=ev.name,
        as_of=ev.as_of,
        catalog_version=ev.catalog_version,
        sections=tuple(sections),
        cost_per_user_month=ev.cost_per_user_month,
        blocks_not_detailed=len(blocks) - detailed,
    )


def explain_pitch(pitch: Pitch, *, today: date | None = None) -> Explanation:
    """:func:`explain` for a pitch, with the default catalog."""
    return explain(prepare(pitch, today=today))


def explanation_text(expl: Explanation) -> str:
    """The explanation as plain text (copy to the clipboard, tests)."""
    lines = [
        f"How is this computed? {expl.name}",
        f"As of {expl.as_of.isoformat()} · {expl.catalog_version}",
        "",
    ]
    for section in expl.sections:
        lines.append(section.title + (f" ({section.subtitle})" if section.subtitle else ""))
        for step in section.steps:
            lines.append(f"  {step.title}")
            lines.extend(f"    {line}" for line in step.formula.splitlines())
            lines.append(f"    = {step.substituted}")
            lines.append(f"    = {step.value}")
            if step.note:
                lines.append(f"    ({step.note})")
        lines.append("")
    if expl.blocks_not_detailed:
        lines.append(f"{expl.blocks_not_detailed} more blocks are counted in the sums but not detailed.")
    return "\n".join(lines)
