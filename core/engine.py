"""The cost engine: contract section 2, vectorised.

``prepare`` resolves a pitch's prices once (catalog look-ups, tiers) into arrays. ``cost_kernel``
evaluates the arithmetic for N variants of those arrays at once: one row for the point evaluation,
20,000 for the Monte Carlo, a few per input for the sensitivity view. ``evaluate`` builds the
:class:`Evaluation` every view and command reads.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from core.catalog import PriceCatalog, default_catalog
from core.deployments import deployment_costs, deployment_source
from core.errors import PitchError, PitchErrors
from core.pitch import (
    BLOCK_FIELDS,
    BUSINESS_FIELDS,
    DEPLOYMENT_PRICE_OVERRIDES,
    PRICE_FIELDS,
    TOKEN_FIELDS,
    FeatureBlock,
    Pitch,
    PriceSpec,
)
from core.price_data import PriceDataInfo
from core.prices import PRICED_TOKENS, ResolvedPrice, call_cost, with_defaults
from core.scenarios import DAYS_PER_YEAR, DeclineScenario, builtin_scenarios, custom_scenario
from core.verdict import ArrivalWindow, Verdict, arrival_window, verdict_for

Array = NDArray[np.float64]

# Every numeric field of a block and of the business takes part in the arithmetic (and may carry a range):
# BLOCK_FIELDS and BUSINESS_FIELDS come from the field registry (core/pitch.py).
PROJECTION_MONTHS = 72  # the charts' six years


def scenario_of(pitch: Pitch) -> DeclineScenario:
    """The pitch's decline scenario as numbers with a source."""
    if isinstance(pitch.scenario, str):
        return builtin_scenarios()[pitch.scenario]
    s = pitch.scenario
    return custom_scenario(s.name, s.annual_decline_low, s.annual_decline_high, s.source)


@dataclass(frozen=True)
class PreparedPitch:
    """A pitch with its prices resolved, as arrays over its blocks."""

    pitch: Pitch
    as_of: date
    scenario: DeclineScenario
    catalog_version: str
    price_data: PriceDataInfo  # the price data the catalog read, and how new it is (contract 6.5)
    enabled: NDArray[np.bool_]
    block_values: Mapping[str, Array]  # field -> (B,)
    base_prices: Mapping[str, Array]  # price field -> (B,)
    tiers: tuple[tuple[int, Array, Mapping[str, Array]], ...]  # (block, thresholds (T,), field -> (T,))
    business: Mapping[str, float]
    resolved: tuple[ResolvedPrice, ...]
    warnings: tuple[str, ...]
    # Which token fields are non-zero in some block: the kernel skips the others (most pitches are text only).
    has_tokens: Mapping[str, bool]
    per_call_pricing: bool  # some enabled block has a per-call price (no blended price per token)

    @property
    def n_blocks(self) -> int:
        return len(self.resolved)


def prepare(
    pitch: Pitch,
    catalog: PriceCatalog | None = None,
    *,
    as_of: date | None = None,
    scenario: DeclineScenario | None = None,
    today: date | None = None,
) -> PreparedPitch:
    """Resolve every block's prices at the pitch's date (or ``as_of``, overriding it).

    Raises
    ------
    PitchError
        For the first block whose model is unknown or unpriced, with its field path.
    """
    catalog = catalog or default_catalog()
    day = as_of or pitch.effective_as_of(today)
    resolved: list[ResolvedPrice] = []
    warnings: list[str] = []
    errors: list[PitchError] = []
    for i, block in enumerate(pitch.blocks):
        try:
            if block.deployment is not None:
                price, block_warnings = _deployment_price(pitch, block)
                if block.requires is not None:
                    choice, more = catalog.requirement_status(block.requires, day, None, "deployment")
                    price = replace(price, capability=choice)
                    block_warnings += more
            else:
                price, block_warnings = catalog.resolve_block(block, day)
        except PitchError as exc:
            errors.append(exc.with_prefix(f"blocks[{i}]"))
            continue
        resolved.append(price)
        warnings.extend(f"blocks[{i}] ({block.name}): {w}" for w in block_warnings)
    if errors:
        # Every block that cannot be priced is reported, each with its own path (a view marks them all).
        raise errors[0] if len(errors) == 1 else PitchErrors(errors)
    if as_of is None and pitch.as_of is None:
        warnings.append(f"the pitch has no as_of date; priced at today's date {day.isoformat()}")
    info = catalog.info
    stale = info.stale_warning(day)
    if stale is not None and any(r.model_id is not None for r in resolved):
        warnings.append(stale)  # only a catalog price can be out of date; the pitch's own prices are its own
    if info.problem:
        warnings.append(info.problem)
    if pitch.blocks and not any(b.enabled for b in pitch.blocks):
        warnings.append("every block is disabled: the pitch costs nothing to run")
    n = len(pitch.blocks)
    # one array of blocks x fields, read as one row per field
    rows = np.array([[getattr(b, f) for f in BLOCK_FIELDS] for b in pitch.blocks], dtype=float)
    columns = rows.reshape(n, len(BLOCK_FIELDS)).T.copy()
    block_values = dict(zip(BLOCK_FIELDS, columns, strict=True))
    price_rows = np.array([[getattr(r.base, f) for f in PRICE_FIELDS] for r in resolved], dtype=float)
    price_columns = price_rows.reshape(len(resolved), len(PRICE_FIELDS)).T.copy()
    base_prices = dict(zip(PRICE_FIELDS, price_columns, strict=True))
    tiers = tuple(
        (
            i,
            np.array([above for above, _ in r.tiers], dtype=float),
            {f: np.array([getattr(p, f) for _, p in r.tiers], dtype=float) for f in PRICE_FIELDS},
        )
        for i, r in enumerate(resolved)
        if r.tiers
    )
    return PreparedPitch(
        pitch=pitch,
        as_of=day,
        scenario=scenario or scenario_of(pitch),
        catalog_version=catalog.version,
        price_data=info,
        enabled=np.array([b.enabled for b in pitch.blocks], dtype=bool).reshape(n),
        block_values=block_values,
        base_prices=base_prices,
        tiers=tiers,
        business={f: float(getattr(pitch.business, f)) for f in BUSINESS_FIELDS},
        resolved=tuple(resolved),
        warnings=tuple(warnings),
        has_tokens={t: bool(block_values[t].any()) for t in TOKEN_FIELDS},
        per_call_pricing=any(b.enabled and b.per_call_usd > 0 for b in pitch.blocks),
    )


def _deployment_price(pitch: Pitch, block: FeatureBlock) -> tuple[ResolvedPrice, list[str]]:
    """A block priced from a self-hosted deployment (docs/contract.md 6.2)."""
    assert block.deployment is not None
    dep = pitch.deployment(block.deployment)
    costs = deployment_costs(dep)
    if not (math.isfinite(costs.input_per_mtok) and math.isfinite(costs.output_per_mtok)):
        # Every number of a deployment may be within its bounds and the GPU-hour still overflow: $8.6M over
        # 100 GPUs and 5e-324 years is $2e324 an hour, past the largest 64-bit number (1.8e308).
        raise PitchError(
            f"the deployment {dep.id!r} works out to a GPU-hour of ${costs.gpu_hour_usd:.3g} and a paid hour of "
            f"${costs.paid_hour_usd:.3g}: too large to compute with (it overflows a 64-bit number); check its "
            "years, utilisation and throughput",
            field="deployment",
        )
    given = (block.price or PriceSpec()).given()
    fields = {"input_per_mtok": costs.input_per_mtok, "output_per_mtok": costs.output_per_mtok}
    fields.update({k: v for k, v in given.items() if k in DEPLOYMENT_PRICE_OVERRIDES})
    source = deployment_source(dep, costs)
    if given:
        source = (
            f"explicit {', '.join(f.replace('_per_mtok', '') for f in given)} in the pitch; rest: {source}"
        )
    return ResolvedPrice(with_defaults(fields), (), source, deployment_id=dep.id), []


@dataclass(frozen=True)
class KernelResult:
    """The arithmetic for N variants: per-block and per-pitch figures."""

    block_cost: Array  # (N, B) cost per user-month of each block
    cost_per_call: Array  # (N, B)
    calls_per_user_month: Array  # (N, B)
    cost: Array  # (N,) cost per (active) user-month
    cost_paying: Array  # (N,) cost per paying user-month
    budget: Array  # (N,)
    tokens: Array  # (N,) tokens per user-month


def cost_kernel(
    prep: PreparedPitch,
    blocks: Mapping[str, Array] | None = None,
    business: Mapping[str, Array] | None = None,
    n: int = 1,
    *,
    totals_only: bool = False,
) -> KernelResult:
    """Contract section 2 for ``n`` variants.

    Parameters
    ----------
    blocks
        Block fields that vary, each ``(n, B)``; the others are the pitch's values.
    business
        Business fields that vary, each ``(n,)``.
    totals_only
        The Monte Carlo's fast path: only ``cost``, ``cost_paying`` and ``budget`` are meaningful
        (``tokens`` is zero); the sum over enabled blocks is one matrix-vector product.
    """
    blocks = blocks or {}
    business = business or {}
    nb = prep.n_blocks
    f = {k: blocks[k] if k in blocks else prep.block_values[k][None, :] for k in BLOCK_FIELDS}
    bz = {k: business[k] if k in business else np.array([prep.business[k]]) for k in BUSINESS_FIELDS}
    inp = f["input_tokens"]
    prices: dict[str, Array] = {k: prep.base_prices[k][None, :] for k in PRICE_FIELDS}
    if prep.tiers:
        shape = np.broadcast_shapes(inp.shape, (1, nb))
        prices = {
            k: v.copy() if v.shape == shape else np.array(np.broadcast_to(v, shape))
            for k, v in prices.items()
        }
        x_all = np.broadcast_to(inp, shape)
        for b, thresholds, tier_prices in prep.tiers:
            # the last tier whose threshold the input tokens exceed (ascending: the largest), -1 for none
            hit = x_all[:, b, None] > thresholds[None, :]
            last = thresholds.size - 1 - np.argmax(hit[:, ::-1], axis=1)
            tiered = hit.any(axis=1)
            for k in PRICE_FIELDS:
                prices[k][:, b] = np.where(tiered, tier_prices[k][last], prices[k][:, b])
    # The arithmetic of one call is written once, in core.prices (the cheapest capable model is chosen by it).
    cost_per_call = call_cost(f, prices, lambda t: t in blocks or prep.has_tokens[t])
    calls = (
        f["calls_per_action"]
        * f["actions_per_day"]
        * (bz["usage_multiplier"] * bz["active_days_per_month"])[:, None]
    )
    enabled = prep.enabled[None, :]
    if totals_only:
        block_cost = cost_per_call * calls
        if nb == 1:  # the Monte Carlo's block-by-block path: a matrix product with one column is slow
            cost = block_cost[:, 0] if prep.enabled[0] else np.zeros(block_cost.shape[0])
        else:
            cost = np.atleast_2d(block_cost) @ prep.enabled.astype(float)
        tokens = np.zeros(1)
    else:
        block_cost = np.where(enabled, cost_per_call * calls, 0.0)
        tokens_per_call = inp
        for t in TOKEN_FIELDS[1:]:
            if t in blocks or prep.has_tokens[t]:
                tokens_per_call = tokens_per_call + f[t]
        tokens = np.where(enabled, tokens_per_call * calls, 0.0).sum(axis=1)
        cost = block_cost.sum(axis=1)
    cost_paying = cost * (1.0 + bz["free_users_per_paying_user"])
    budget = budget_kernel(bz)
    full = max(n, cost.shape[0], budget.shape[0])
    return KernelResult(
        block_cost=_fit(block_cost, (full, nb)),
        cost_per_call=_fit(cost_per_call, (full, nb)),
        calls_per_user_month=_fit(calls, (full, nb)),
        cost=_fit(cost, (full,)),
        cost_paying=_fit(cost_paying, (full,)),
        budget=_fit(budget, (full,)),
        tokens=_fit(tokens, (full,)),
    )


def _fit(x: Array, shape: tuple[int, ...]) -> Array:
    """``x`` broadcast to ``shape`` (as it is when it has that shape already: most calls)."""
    return x if x.shape == shape else np.broadcast_to(x, shape)


def sampled_block_cost(
    prep: PreparedPitch, b: int, draws: Mapping[str, Array], out: Array, work: Array
) -> Array:
    """Block ``b``'s cost per user-month at ``usage_multiplier x active_days_per_month = 1``, per sample.

    The arithmetic of :func:`cost_kernel` (docs/contract.md section 2) for one block, in the order the
    kernel does it, written for the Monte Carlo: ``draws`` maps some of the block's fields to 1-D arrays of
    samples (the other fields keep the block's value); the result is written into ``out`` and ``work`` is a
    buffer of the same length. No array as long as the samples is made (the page faults of fresh arrays
    cost more than the arithmetic) unless the cache fractions or, with tiers, the input tokens are sampled.
    ``tests/core/test_sampled_block_cost.py`` holds it to the kernel.
    """

    def value(field: str) -> float | Array:
        return draws[field] if field in draws else float(prep.block_values[field][b])

    inp = value("input_tokens")
    prices: dict[str, float | Array] = {f: float(prep.base_prices[f][b]) for f in PRICE_FIELDS}
    for i, thresholds, tier_prices in prep.tiers:
        if i != b:
            continue
        if isinstance(inp, np.ndarray):
            sampled = {f: np.full(out.size, p) for f, p in prices.items()}
            for j, above in enumerate(thresholds):
                hit = inp > above
                for f in PRICE_FIELDS:
                    np.copyto(sampled[f], tier_prices[f][j], where=hit)
            prices = dict(sampled)
        else:
            for j, above in enumerate(thresholds):
                if inp > above:
                    prices = {f: float(tier_prices[f][j]) for f in PRICE_FIELDS}
    cached = value("cached_input_fraction")
    write = value("cache_write_fraction")
    uncached = np.maximum(1.0 - cached - write, 0.0)
    per_input = (
        uncached * prices["input_per_mtok"]
        + cached * prices["cached_input_per_mtok"]
        + write * prices["cache_write_per_mtok"]
    )
    if isinstance(inp, np.ndarray) or isinstance(per_input, np.ndarray):
        np.multiply(inp, per_input, out=out)
    else:
        out.fill(inp * per_input)
    for tokens_field, price_field in PRICED_TOKENS:
        tokens, price = value(tokens_field), prices[price_field]
        if isinstance(tokens, np.ndarray) or isinstance(price, np.ndarray):
            out += np.multiply(tokens, price, out=work)
        elif tokens * price != 0:
            out += tokens * price
    out /= 1e6
    _apply(out, np.add, value("per_call_usd"), 0.0)
    _apply(out, np.multiply, value("price_multiplier"), 1.0)
    calls_per_action, actions_per_day = value("calls_per_action"), value("actions_per_day")
    if isinstance(calls_per_action, np.ndarray) and isinstance(actions_per_day, np.ndarray):
        out *= np.multiply(calls_per_action, actions_per_day, out=work)
    elif isinstance(calls_per_action, np.ndarray) or isinstance(actions_per_day, np.ndarray):
        array, scalar = (
            (calls_per_action, actions_per_day)
            if isinstance(calls_per_action, np.ndarray)
            else (actions_per_day, calls_per_action)
        )
        out *= array if scalar == 1.0 else np.multiply(array, scalar, out=work)
    else:
        out *= calls_per_action * actions_per_day
    return out


def _apply(out: Array, op: np.ufunc, operand: float | Array, identity: float) -> None:
    if isinstance(operand, np.ndarray) or operand != identity:
        op(out, operand, out=out)


def budget_kernel(business: Mapping[str, Array]) -> Array:
    """``budget_per_user_month`` of docs/contract.md section 2, for arrays of business values."""
    return (
        business["price_per_user_month"]
        * (1.0 - business["payment_fee_fraction"])
        * (1.0 - business["target_gross_margin"])
        * business["inference_share_of_cogs"]
    )


@dataclass(frozen=True)
class BlockResult:
    """One block's share of the pitch's cost."""

    index: int
    name: str
    enabled: bool
    cost_per_user_month: float
    share: float
    cost_per_call: float
    calls_per_user_month: float
    tokens_per_user_month: float
    price: ResolvedPrice


@dataclass(frozen=True)
class Breakeven:
    """The seed's question answered directly."""

    blended_per_mtok: float | None  # today's cost per million tokens, all blocks blended
    breakeven_blended_per_mtok: float | None  # the blended price at which the pitch is viable
    price_per_user_month: float  # the subscription that would make it viable today
    per_call_pricing: bool = False  # blended prices are null: some block has a price per call


@dataclass(frozen=True)
class Projection:
    """Cost per paying user-month over the next six years under the scenario's two speeds."""

    months: Array  # 0..72
    dates: tuple[date, ...]
    fast: Array  # at annual_decline_high
    slow: Array  # at annual_decline_low
    budget: float


@dataclass(frozen=True)
class Evaluation:
    """Every number the app shows about a pitch, computed once."""

    name: str
    as_of: date
    scenario: DeclineScenario
    catalog_version: str
    price_data: PriceDataInfo
    cost_per_user_month: float
    cost_per_paying_user_month: float
    budget_per_user_month: float
    required_drop: float
    orders_of_magnitude: float | None
    verdict: Verdict
    arrival: ArrivalWindow
    breakeven: Breakeven
    tokens_per_user_month: float
    blocks: tuple[BlockResult, ...]
    projection: Projection
    warnings: tuple[str, ...]
    business: Mapping[str, float]

    @property
    def gross_margin_today(self) -> float:
        """Gross margin at today's prices, inference being ``inference_share_of_cogs`` of the cost.

        cost of goods / revenue = (paying / share) / (price (1 - fee)) = required_drop (1 - margin): written
        so, it stays finite whenever the required drop is (no division by a tiny share).
        """
        return 1 - self.required_drop * (1 - self.business["target_gross_margin"])


def projection_dates(start: date, months: Array) -> tuple[date, ...]:
    """Dates ``months`` after ``start`` (a month being a twelfth of 365.25 days, as in arrivals)."""
    days = np.floor(np.asarray(months, dtype=float) / 12 * DAYS_PER_YEAR + 0.5).astype(int).tolist()
    first = start.toordinal()
    return tuple(date.fromordinal(first + d) for d in days)


@lru_cache(maxsize=1024)
def _projection_dates(start: date) -> tuple[date, ...]:
    # every evaluation of a pitch dated ``start`` has the same projection dates
    return projection_dates(start, np.arange(PROJECTION_MONTHS + 1, dtype=float))


def evaluate_prepared(prep: PreparedPitch) -> Evaluation:
    """The point evaluation of a prepared pitch."""
    # A cost that overflows (or is 0 x inf: a price past 1.8e308 for no tokens) is refused just below, with
    # its reason; numpy's warnings about it would only be noise on the user's terminal.
    with np.errstate(over="ignore", invalid="ignore"):
        k = cost_kernel(prep)
    cost = float(k.cost[0])
    paying = float(k.cost_paying[0])
    budget = float(k.budget[0])
    tokens = float(k.tokens[0])
    budget_error = PitchError(
        f"the budget per user-month works out to ${budget:.3g}: price x (1 - fee) x (1 - margin) x "
        "inference share is too small to compare a cost with",
        field="business",
    )
    if not (budget > 0 and math.isfinite(budget)):
        raise budget_error
    if not math.isfinite(paying):
        raise PitchError(
            "the cost per user-month is too large to compute (it overflows a 64-bit number); "
            "check the counts and prices",
            field="blocks",
        )
    required_drop = paying / budget
    if not math.isfinite(required_drop):
        raise budget_error
    # A positive cost whose ratio to the budget falls below the smallest normal float (a cost of 1.4e-320
    # against a budget of $7,000: 2e-324, which rounds to 0) is still log10(cost) - log10(budget) orders of
    # magnitude away: the ratio itself has lost its digits (or all of them: log10(0) is no number).
    tiny = required_drop < sys.float_info.min
    if paying > 0:
        oom = math.log10(paying) - math.log10(budget) if tiny else math.log10(required_drop)
    else:
        oom = None
    verdict = verdict_for(oom)
    sc = prep.scenario
    window = arrival_window(prep.as_of, required_drop, sc.annual_decline_low, sc.annual_decline_high)
    # A price per call cannot be blended into a price per token (docs/contract.md 6.1): then both are null
    # and the break-even reads "every price at 1/required_drop of today's".
    blended = cost / tokens * 1e6 if tokens > 0 and not prep.per_call_pricing else None
    if blended is not None and not math.isfinite(blended):
        blended = None
    b = prep.business
    # paying / ((1 - fee) (1 - margin) share) is price x required_drop; written so, it cannot divide by a
    # product that underflows to 0 (an inference share of 5e-324).
    price = b["price_per_user_month"]
    # (with a ratio too small for its digits: paying x price / budget, where price / budget is at most 1e9 /
    # 2e-16, since the budget is that much larger than a positive cost)
    breakeven_price = price * required_drop if not tiny else paying * (price / budget)
    if not math.isfinite(breakeven_price):
        raise PitchError(
            f"the subscription that would make this pitch viable works out above {sys.float_info.max:.3g} "
            "(it overflows a 64-bit number); check the counts, prices and the budget",
            field="business",
        )
    breakeven_blended = None
    if blended is not None and paying > 0:
        breakeven_blended = blended / required_drop if not tiny else blended * (budget / paying)
        if not math.isfinite(breakeven_blended):
            breakeven_blended = None  # above 1.8e308 USD per million tokens: no number says it
    breakeven = Breakeven(
        blended_per_mtok=blended,
        breakeven_blended_per_mtok=breakeven_blended,
        price_per_user_month=breakeven_price,
        per_call_pricing=prep.per_call_pricing,
    )
    block_cost = k.block_cost[0]
    # every token of a call, summed field by field in TOKEN_FIELDS order (as a sum over the block's fields)
    tokens_per_call = prep.block_values[TOKEN_FIELDS[0]]
    for t in TOKEN_FIELDS[1:]:
        tokens_per_call = tokens_per_call + prep.block_values[t]
    calls = k.calls_per_user_month[0]
    blocks = tuple(
        BlockResult(
            index=i,
            name=blk.name,
            enabled=blk.enabled,
            cost_per_user_month=own,
            share=own / cost if cost > 0 else 0.0,
            cost_per_call=per_call,
            calls_per_user_month=n_calls,
            tokens_per_user_month=tokens if blk.enabled else 0.0,
            price=prep.resolved[i],
        )
        for i, (blk, own, per_call, n_calls, tokens) in enumerate(
            zip(
                prep.pitch.blocks,
                block_cost.tolist(),
                k.cost_per_call[0].tolist(),
                calls.tolist(),
                (tokens_per_call * calls).tolist(),
                strict=True,
            )
        )
    )
    months = np.arange(PROJECTION_MONTHS + 1, dtype=float)
    years = months / 12
    projection = Projection(
        months=months,
        dates=_projection_dates(prep.as_of),
        fast=paying / sc.annual_decline_high**years,
        slow=paying / sc.annual_decline_low**years,
        budget=budget,
    )
    return Evaluation(
        name=prep.pitch.name,
        as_of=prep.as_of,
        scenario=sc,
        catalog_version=prep.catalog_version,
        price_data=prep.price_data,
        cost_per_user_month=cost,
        cost_per_paying_user_month=paying,
        budget_per_user_month=budget,
        required_drop=required_drop,
        orders_of_magnitude=oom,
        verdict=verdict,
        arrival=window,
        breakeven=breakeven,
        tokens_per_user_month=tokens,
        blocks=blocks,
        projection=projection,
        warnings=prep.warnings,
        business=dict(prep.business),
    )


def evaluate(
    pitch: Pitch,
    catalog: PriceCatalog | None = None,
    *,
    as_of: date | None = None,
    scenario: DeclineScenario | None = None,
    today: date | None = None,
) -> Evaluation:
    """Evaluate ``pitch`` (contract sections 2-4). ``as_of``/``scenario`` override the pitch's own."""
    return evaluate_prepared(prepare(pitch, catalog, as_of=as_of, scenario=scenario, today=today))
