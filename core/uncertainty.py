"""Uncertainty and sensitivity: which assumptions matter, and how wrong one must be to change the verdict.

Monte Carlo (contract section 5): every ``ranges`` entry is a 90% interval; a positive quantity is
lognormal with those 5th and 95th percentiles, a fraction uniform on the interval. Blocks are sampled
independently; ``business.usage_multiplier`` is one draw shared by every block. The decline factor of
each sample is log-uniform between the scenario's low and high.

Draws are *common random numbers*: the underlying standard normals and uniforms of a given
``(seed, samples, block index, field)`` are the same on every run and every edit (and cached), so a
chart's fan moves only because the pitch changed, never from resampling noise.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from core.engine import PROJECTION_MONTHS, Array, PreparedPitch, cost_kernel
from core.fields import FieldSpec, Group
from core.pitch import BLOCK_FIELDS, BUSINESS_FIELDS, FIELDS, MAX_COUNT, Z90
from core.verdict import HORIZON_YEARS, Verdict, band_bounds, date_after_years, verdict_for

DEFAULT_SAMPLES = 20_000
DEFAULT_SEED = 0
CURVE_MONTHS = 120  # P(viable by date) is given for ten years

# The random stream of each field: a fixed number, so that adding a field never changes the draws of the
# others (the first sixteen are schema version 1's fields in their original order).
_STREAM_ORDER = (
    "input_tokens",
    "output_tokens",
    "reasoning_tokens",
    "cached_input_fraction",
    "cache_write_fraction",
    "calls_per_action",
    "actions_per_day",
    "price_multiplier",
    "per_call_usd",
    "price_per_user_month",
    "target_gross_margin",
    "inference_share_of_cogs",
    "active_days_per_month",
    "usage_multiplier",
    "free_users_per_paying_user",
    "payment_fee_fraction",
    "audio_input_tokens",
    "audio_output_tokens",
    "image_input_tokens",
    "image_output_tokens",
)
_FIELD_CODES = {name: i for i, name in enumerate(_STREAM_ORDER)}
assert set(_FIELD_CODES) == set(BLOCK_FIELDS) | set(BUSINESS_FIELDS), "every numeric field needs a stream"


def _spec(field: str) -> FieldSpec:
    spec = FIELDS[Group.BLOCK].get(field) or FIELDS[Group.BUSINESS].get(field)
    assert spec is not None, field
    return spec


_BUSINESS_STREAM = 1_000_001
_DECLINE_STREAM = 1_000_000


@lru_cache(maxsize=512)
def _normals(seed: int, samples: int, stream: int, code: int) -> Array:
    # float32 draws (ziggurat) are ~1.6x faster than float64 and far finer than any 90% interval.
    z32 = np.random.default_rng([seed, stream, code]).standard_normal(samples, dtype=np.float32)
    z = z32.astype(np.float64)
    z.setflags(write=False)
    return z


@lru_cache(maxsize=512)
def _uniforms(seed: int, samples: int, stream: int, code: int) -> Array:
    u = np.random.default_rng([seed, stream, code, 1]).random(samples)
    u.setflags(write=False)
    return u


# Where each numeric field may go (lower, upper): its bounds in the field registry.
DOMAINS: dict[str, tuple[float, float]] = {
    key: (spec.low if spec.low is not None else 0.0, spec.high if spec.high is not None else MAX_COUNT)
    for group in (Group.BLOCK, Group.BUSINESS)
    for key, spec in FIELDS[group].items()
}
FRACTIONS = frozenset(k for k in DOMAINS if _spec(k).is_fraction)


def _draw(low: float, high: float, field: str, seed: int, samples: int, stream: int) -> Array:
    code = _FIELD_CODES[field]
    if field in FRACTIONS:
        return low + _uniforms(seed, samples, stream, code) * (high - low)
    z = _normals(seed, samples, stream, code)
    mu = (math.log(low) + math.log(high)) / 2
    sigma = (math.log(high) - math.log(low)) / (2 * Z90)
    lo, hi = DOMAINS[field]
    return np.clip(np.exp(mu + sigma * z), lo, hi)


@dataclass(frozen=True)
class UncertaintyResult:
    """Monte Carlo figures (labelled as such: they are not the point-value arrival window)."""

    samples: int
    seed: int
    p_viable_now: float
    arrival_p10: date | None
    arrival_p50: date | None
    arrival_p90: date | None
    years_p10: float
    years_p50: float
    years_p90: float
    curve_months: Array  # 0..120
    p_viable_by_month: Array
    fan_months: Array  # 0..72
    fan_p10: Array  # cost per paying user-month
    fan_p50: Array
    fan_p90: Array


def _sorted_quantiles(sorted_values: Array, qs: tuple[float, ...]) -> Array:
    """Quantiles of values sorted along axis 0, interpolated linearly (numpy's default method)."""
    n = sorted_values.shape[0]
    out = []
    for q in qs:
        pos = q * (n - 1)
        lo = math.floor(pos)
        hi = min(lo + 1, n - 1)
        frac = pos - lo
        out.append(sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * frac)
    return np.array(out)


def sample_required_drop(prep: PreparedPitch, samples: int, seed: int) -> tuple[Array, Array, Array]:
    """(cost per paying user-month, budget, decline factor) for each sample."""
    blocks: dict[str, Array] = {}
    for i, block in enumerate(prep.pitch.blocks):
        if not block.enabled:
            continue
        for field, (low, high) in block.ranges.items():
            if low == high:
                continue
            if field not in blocks:
                blocks[field] = np.repeat(prep.block_values[field][None, :], samples, axis=0)
            blocks[field][:, i] = _draw(low, high, field, seed, samples, i)
    if "cache_write_fraction" in blocks or "cached_input_fraction" in blocks:
        cached = blocks.get("cached_input_fraction", prep.block_values["cached_input_fraction"][None, :])
        write = blocks.get("cache_write_fraction", prep.block_values["cache_write_fraction"][None, :])
        blocks["cache_write_fraction"] = np.minimum(write, 1.0 - cached)
    business: dict[str, Array] = {}
    for field, (low, high) in prep.pitch.business.ranges.items():
        if low == high:
            continue
        business[field] = _draw(low, high, field, seed, samples, _BUSINESS_STREAM)
    k = cost_kernel(prep, blocks, business, n=samples, totals_only=True)
    lo, hi = prep.scenario.annual_decline_low, prep.scenario.annual_decline_high
    u = _uniforms(seed, samples, _DECLINE_STREAM, 0)
    factor = np.exp(math.log(lo) + u * (math.log(hi) - math.log(lo)))
    return np.asarray(k.cost_paying), np.asarray(k.budget), factor


def monte_carlo(
    prep: PreparedPitch, samples: int = DEFAULT_SAMPLES, seed: int = DEFAULT_SEED
) -> UncertaintyResult:
    """Seeded, reproducible Monte Carlo of the required drop and the arrival date.

    Parameters
    ----------
    samples
        Number of draws (default 20,000).
    seed
        Seed of the common random numbers (default 0).
    """
    if samples < 1:
        raise ValueError("samples must be at least 1")
    with np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore"):
        return _monte_carlo(prep, samples, seed)


def _monte_carlo(prep: PreparedPitch, samples: int, seed: int) -> UncertaintyResult:
    # Sampled values at the edges of their bounds may overflow: such a sample is simply never viable.
    cost, budget, factor = sample_required_drop(prep, samples, seed)
    drop = cost / budget
    drop = np.where(np.isnan(drop), np.inf, drop)
    oom = np.where(drop > 0, np.log10(np.where(drop > 0, drop, 1.0)), -np.inf)
    viable = np.round(oom, 9) <= 0
    years = np.where(viable, 0.0, np.log(np.maximum(drop, 1.0)) / np.log(factor))
    sorted_years = np.sort(years)
    q10, q50, q90 = (float(x) for x in _sorted_quantiles(sorted_years, (0.1, 0.5, 0.9)))
    curve_months = np.arange(CURVE_MONTHS + 1, dtype=float)
    p_by_month = np.searchsorted(sorted_years, curve_months / 12 + 1e-12, side="right") / samples
    fan_months = np.arange(PROJECTION_MONTHS + 1, dtype=float)
    log_cost = np.clip(np.log10(np.maximum(cost, 1e-300)), -300.0, 300.0)
    log_paths = log_cost[:, None] - np.log10(factor)[:, None] * (fan_months / 12)[None, :]
    log_paths.sort(axis=0)  # a full sort beats np.quantile's three partitions of each column
    fan = _sorted_quantiles(log_paths, (0.1, 0.5, 0.9))
    zero = cost.max() <= 0
    fan10, fan50, fan90 = (np.zeros_like(fan_months) if zero else 10 ** fan[j] for j in range(3))
    return UncertaintyResult(
        samples=samples,
        seed=seed,
        p_viable_now=float(viable.mean()),
        arrival_p10=date_after_years(prep.as_of, q10),
        arrival_p50=date_after_years(prep.as_of, q50),
        arrival_p90=date_after_years(prep.as_of, q90),
        years_p10=q10,
        years_p50=q50,
        years_p90=q90,
        curve_months=curve_months,
        p_viable_by_month=p_by_month,
        fan_months=fan_months,
        fan_p10=fan10,
        fan_p50=fan50,
        fan_p90=fan90,
    )


# --------------------------------------------------------------------------------------------------
# Sensitivity
# --------------------------------------------------------------------------------------------------

# Inputs that divide the budget rather than add to the cost: 1 / required_drop is affine in them.
_BUDGET_SIDE = {
    "price_per_user_month",
    "target_gross_margin",
    "inference_share_of_cogs",
    "payment_fee_fraction",
}


class SensitivityRow(NamedTuple):
    """How far ``orders_of_magnitude`` moves when one input goes from its low to its high.

    A named tuple rather than a dataclass: a 50-block pitch has ~400 rows, rebuilt on every edit.
    """

    block_index: int | None  # None: a business input
    field: str
    label: str  # "actions per day · Background understanding"
    value: float
    low: float
    high: float
    from_range: bool  # the low/high came from the pitch's ranges, not the default nudge
    oom_low: float | None
    oom_high: float | None
    swing: float
    verdict: Verdict
    better_verdict: Verdict | None
    better_at: float | None  # the input's value at which the verdict improves (None: no such value)
    worse_verdict: Verdict | None
    worse_at: float | None  # past this value the verdict worsens

    @property
    def path(self) -> str:
        """The field path in the pitch file."""
        return (
            f"blocks[{self.block_index}].{self.field}"
            if self.block_index is not None
            else f"business.{self.field}"
        )


def _default_interval(field: str, value: float, upper_limit: float | None = None) -> tuple[float, float]:
    if field in FRACTIONS:
        lo, hi = DOMAINS[field]
        hi = hi if upper_limit is None else upper_limit
        return (value + lo) / 2, (value + hi) / 2
    lo_d, hi_d = DOMAINS[field]
    return max(value * 0.5, lo_d), min(value * 2.0, hi_d)


def _inputs(prep: PreparedPitch) -> list[tuple[int | None, str, float, float, float, bool]]:
    out: list[tuple[int | None, str, float, float, float, bool]] = []
    for i, block in enumerate(prep.pitch.blocks):
        if not block.enabled:
            continue
        for field in BLOCK_FIELDS:
            value = float(getattr(block, field))
            if field in block.ranges:
                low, high = block.ranges[field]
                out.append((i, field, value, low, high, True))
                continue
            if field not in FRACTIONS and value == 0:
                continue  # x0.5..x2 of nothing moves nothing
            limit = None
            if field == "cached_input_fraction":
                limit = 1 - block.cache_write_fraction
            elif field == "cache_write_fraction":
                limit = 1 - block.cached_input_fraction
            low, high = _default_interval(field, value, limit)
            out.append((i, field, value, low, high, False))
    for field in BUSINESS_FIELDS:
        value = prep.business[field]
        if field in prep.pitch.business.ranges:
            low, high = prep.pitch.business.ranges[field]
            out.append((None, field, value, low, high, True))
        elif field in FRACTIONS or value != 0:
            low, high = _default_interval(field, value)
            out.append((None, field, value, low, high, False))
    return out


def _evaluate_points(prep: PreparedPitch, points: list[tuple[int | None, str, float]]) -> Array:
    """required_drop for each (block, field, value): one input changed per row.

    A row that changes a block field changes only that block's cost, so each such row is evaluated as a
    one-block pitch of its own (memory and time linear in the rows, not rows x blocks) and added to the
    sum of the other blocks (from prefix sums, without cancellation). Business rows re-run the kernel.
    """
    drops = np.empty(len(points))
    base = cost_kernel(prep)
    block_cost = np.asarray(base.block_cost[0])
    prefix = np.concatenate(([0.0], np.cumsum(block_cost)))
    suffix = np.concatenate((np.cumsum(block_cost[::-1])[::-1], [0.0]))
    free = prep.business["free_users_per_paying_user"]
    budget = float(base.budget[0])

    block_rows = [r for r, (i, _, _) in enumerate(points) if i is not None]
    if block_rows:
        idx = np.array([points[r][0] for r in block_rows], dtype=int)
        rows_prep = _rows_as_blocks(prep, idx)
        values = {f: np.array(v[idx]) for f, v in prep.block_values.items()}
        for j, r in enumerate(block_rows):
            _, field, value = points[r]
            values[field][j] = value
        k = cost_kernel(replace(rows_prep, block_values=values))
        own = np.asarray(k.block_cost[0])
        others = prefix[idx] + suffix[idx + 1]
        drops[block_rows] = (others + own) * (1.0 + free) / budget

    business_rows = [r for r, (i, _, _) in enumerate(points) if i is None]
    if business_rows:
        n = len(business_rows)
        business: dict[str, Array] = {}
        for j, r in enumerate(business_rows):
            _, field, value = points[r]
            if field not in business:
                business[field] = np.full(n, prep.business[field])
            business[field][j] = value
        kb = cost_kernel(prep, None, business, n=n)
        drops[business_rows] = np.asarray(kb.cost_paying / kb.budget)
    return drops


def _rows_as_blocks(prep: PreparedPitch, idx: NDArray[np.int_]) -> PreparedPitch:
    """A prepared pitch whose blocks are ``prep``'s blocks ``idx`` (repeats allowed), all enabled."""
    tiers_of = {b: (thresholds, prices) for b, thresholds, prices in prep.tiers}
    tiers = tuple((j, *tiers_of[int(b)]) for j, b in enumerate(idx) if int(b) in tiers_of)
    return replace(
        prep,
        enabled=np.ones(len(idx), dtype=bool),
        base_prices={f: v[idx] for f, v in prep.base_prices.items()},
        tiers=tiers,
        resolved=tuple(prep.resolved[int(b)] for b in idx),
    )


def _oom(drop: float) -> float | None:
    return math.log10(drop) if drop > 0 and math.isfinite(drop) else None


def sensitivity(prep: PreparedPitch) -> list[SensitivityRow]:
    """Each input's swing in orders of magnitude, largest first, with the values that flip the verdict.

    An input's interval is its range when the pitch gives one; otherwise x0.5 to x2 for a positive
    quantity and halfway toward each bound for a fraction. Disabled blocks are left out; the list is
    empty when the pitch costs nothing.
    """
    with np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore"):
        return _sensitivity(prep)


def _sensitivity(prep: PreparedPitch) -> list[SensitivityRow]:
    base = cost_kernel(prep)
    base_drop = float(base.cost_paying[0] / base.budget[0])
    if not base.cost_paying[0] > 0 or not math.isfinite(base_drop):
        return []
    verdict = verdict_for(_oom(base_drop))
    inputs = _inputs(prep)
    points: list[tuple[int | None, str, float]] = []
    for i, field, value, low, high, _ in inputs:
        lo_d, hi_d = DOMAINS[field]
        # two distinct probe points for the affine solve
        probe = value * 2 if value > 0 else (hi_d if hi_d < 1e6 else 1.0)
        if field in FRACTIONS or field == "active_days_per_month":
            probe = (value + lo_d) / 2 if value > lo_d else (value + hi_d) / 2
        points.extend([(i, field, low), (i, field, high), (i, field, value), (i, field, probe)])
    drops = (_evaluate_points(prep, points) if points else np.zeros(0)).reshape(-1, 4)
    lower, upper = band_bounds(verdict)
    values = np.array([p[2] for p in points[2::4]])
    probes = np.array([p[2] for p in points[3::4]])
    r_low, r_high, r_val, r_probe = drops.T
    fields = [inp[1] for inp in inputs]
    budget_side = np.array([f in _BUDGET_SIDE for f in fields])
    domain_low = np.array([DOMAINS[f][0] for f in fields])
    domain_high = np.array([DOMAINS[f][1] for f in fields])
    open_low = np.array([f in _OPEN_LOW for f in fields])
    open_high = np.array([f in _OPEN_HIGH for f in fields])

    def solve(edge: float | None) -> list[float | None]:
        """The affine solve of required_drop(x) = 10**edge for every input at once (NaN: no value)."""
        if edge is None:
            return [None] * len(fields)
        with np.errstate(divide="ignore", invalid="ignore"):
            g_val = np.where(budget_side, 1 / r_val, r_val)
            g_probe = np.where(budget_side, 1 / r_probe, r_probe)
            g_t = np.where(budget_side, 10.0**-edge, 10.0**edge)
            x = values + (g_t - g_val) * (probes - values) / (g_probe - g_val)
        ok = np.isfinite(x) & (probes != values) & (g_probe != g_val)
        ok &= np.where(open_low, x > domain_low, x >= domain_low)
        ok &= np.where(open_high, x < domain_high, x <= domain_high)
        return [float(v) if good else None for v, good in zip(x.tolist(), ok.tolist(), strict=True)]

    better_at = solve(lower)
    worse_at = solve(upper)
    with np.errstate(divide="ignore", invalid="ignore"):
        oom_low = np.where((r_low > 0) & np.isfinite(r_low), np.log10(r_low), np.nan)
        oom_high = np.where((r_high > 0) & np.isfinite(r_high), np.log10(r_high), np.nan)
    swing = np.abs(np.nan_to_num(oom_low, nan=-12.0) - np.nan_to_num(oom_high, nan=-12.0))
    better = verdict_for(lower - 0.5) if lower is not None else None
    worse = verdict_for(upper + 0.5) if upper is not None else None
    names = prep.pitch.blocks
    rows = []
    for j, ((i, field, val, low, high, from_range), lo_o, hi_o, sw) in enumerate(
        zip(inputs, oom_low.tolist(), oom_high.tolist(), swing.tolist(), strict=True)
    ):
        b_at, w_at = better_at[j], worse_at[j]
        if i is not None and field == "input_tokens" and prep.resolved[i].tiers:
            b_at, w_at = _solve_tiered(prep, i, val, float(r_val[j]), lower, upper)
        rows.append(
            SensitivityRow(
                i,
                field,
                _spec(field).noun + (f" · {names[i].name}" if i is not None else ""),
                val,
                low,
                high,
                from_range,
                None if math.isnan(lo_o) else lo_o,
                None if math.isnan(hi_o) else hi_o,
                sw,
                verdict,
                better if b_at is not None else None,
                b_at,
                worse if w_at is not None else None,
                w_at,
            )
        )
    rows.sort(key=lambda r: (-r.swing, r.label))
    return rows


# Which ends of an input's domain are open: a margin or a fee can't reach 1, a share or the days can't be 0.
_OPEN_HIGH = frozenset(k for k in DOMAINS if _spec(k).high_open)
_OPEN_LOW = frozenset(k for k in DOMAINS if _spec(k).low_open)


def _solve_tiered(
    prep: PreparedPitch, i: int, value: float, r_val: float, lower: float | None, upper: float | None
) -> tuple[float | None, float | None]:
    """Verdict change points for a tiered block's input tokens.

    Between two tier thresholds the required drop is affine in the input tokens; at a threshold it may
    jump. Each segment's line is fitted from two interior points; a change point is where a line meets
    the target, or a threshold where the jump steps over it. The one nearest the current value wins.
    """
    cuts = sorted({0.0, MAX_COUNT, *(float(a) for a, _ in prep.resolved[i].tiers)})  # no empty segments
    probes: list[tuple[int | None, str, float]] = []
    for a, b in itertools.pairwise(cuts):
        probes.extend([(i, "input_tokens", a + (b - a) / 3), (i, "input_tokens", a + 2 * (b - a) / 3)])
    drops = _evaluate_points(prep, probes)
    lines = []  # (slope, intercept) of required_drop in each segment
    for s in range(len(cuts) - 1):
        x1, x2 = probes[2 * s][2], probes[2 * s + 1][2]
        r1, r2 = float(drops[2 * s]), float(drops[2 * s + 1])
        slope = (r2 - r1) / (x2 - x1)
        lines.append((slope, r1 - slope * x1))

    def change_points(edge: float) -> list[float]:
        target = 10**edge
        found = []
        for s, (slope, icpt) in enumerate(lines):
            a, b = cuts[s], cuts[s + 1]
            if slope != 0:
                x = (target - icpt) / slope
                if a < x <= b or (s == 0 and x == a == 0):
                    found.append(x)
            if s + 1 < len(lines):
                left = slope * b + icpt
                right = lines[s + 1][0] * b + lines[s + 1][1]
                if min(left, right) <= target < max(left, right):
                    found.append(b)
        return found

    def nearest(edge: float | None) -> float | None:
        if edge is None:
            return None
        found = change_points(edge)
        return min(found, key=lambda x: abs(x - value)) if found else None

    return nearest(lower), nearest(upper)


def most_sensitive(rows: list[SensitivityRow]) -> SensitivityRow | None:
    """The input whose swing is largest (the first row)."""
    return rows[0] if rows else None


__all__ = [
    "DEFAULT_SAMPLES",
    "DEFAULT_SEED",
    "HORIZON_YEARS",
    "SensitivityRow",
    "UncertaintyResult",
    "monte_carlo",
    "most_sensitive",
    "sensitivity",
]
