"""Uncertainty and sensitivity: which assumptions matter, and how wrong one must be to change the verdict.

Monte Carlo (contract section 5): every ``ranges`` entry is a 90% interval; a positive quantity is
lognormal with those 5th and 95th percentiles, a fraction uniform on the interval. Blocks are sampled
independently; ``business.usage_multiplier`` is one draw shared by every block. The decline factor of
each sample is log-uniform between the scenario's low and high.

Draws are *common random numbers*: the underlying standard normals and uniforms of a given
``(seed, samples, block index, field)`` are the same on every run and every edit (and cached), so a
chart's fan moves only because the pitch changed, never from resampling noise. They are drawn in
antithetic pairs (``core/sampling.py``).

The samples are evaluated block by block, so memory grows with the samples, never with samples x blocks.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import threading
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from core import sampling
from core.engine import (
    PROJECTION_MONTHS,
    Array,
    PreparedPitch,
    budget_kernel,
    cost_kernel,
    sampled_block_cost,
)
from core.fields import FieldSpec, Group
from core.formatting import format_value
from core.pitch import BLOCK_FIELDS, BUSINESS_FIELDS, FIELDS, MAX_COUNT
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

# Where each numeric field may go (lower, upper): its bounds in the field registry.
DOMAINS: dict[str, tuple[float, float]] = {
    key: (spec.low if spec.low is not None else 0.0, spec.high if spec.high is not None else MAX_COUNT)
    for group in (Group.BLOCK, Group.BUSINESS)
    for key, spec in FIELDS[group].items()
}
FRACTIONS = frozenset(k for k in DOMAINS if _spec(k).is_fraction)


def _draw(
    low: float, high: float, field: str, seed: int, stream: int, scratch: sampling.Scratch, out: Array
) -> Array:
    key = (seed, stream, _FIELD_CODES[field])
    if field in FRACTIONS:
        return sampling.uniform(low, high, key, scratch, out)
    return sampling.lognormal(low, high, DOMAINS[field], key, scratch, out)


class _Charts(NamedTuple):
    curve_months: Array
    p_viable_by_month: Array
    fan_months: Array
    fan_p10: Array
    fan_p50: Array
    fan_p90: Array


class _ChartSource:
    """The per-sample figures the charts are drawn from, turned into the charts once, on first use.

    ``evaluate`` prints no chart, so its Monte Carlo never pays for them; the desktop asks for them in its
    worker (``monte_carlo(..., charts=True)``, the default).
    """

    def __init__(self, years: Array, log_cost: Array, log10_k: Array, zero_cost: bool) -> None:
        self._inputs: tuple[Array, Array, Array, bool] | None = (years, log_cost, log10_k, zero_cost)
        self._charts: _Charts | None = None
        self._lock = threading.Lock()

    def charts(self) -> _Charts:
        with self._lock:
            if self._charts is None:
                assert self._inputs is not None
                with np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore"):
                    self._charts = _make_charts(*self._inputs)
                self._inputs = None  # the samples are no longer needed
            return self._charts

    # A copy (pickle, deepcopy) carries the charts, not the samples or the lock.
    def __getstate__(self) -> dict[str, _Charts]:
        return {"charts": self.charts()}

    def __setstate__(self, state: dict[str, _Charts]) -> None:
        self._inputs = None
        self._charts = state["charts"]
        self._lock = threading.Lock()


def _make_charts(years: Array, log_cost: Array, log10_k: Array, zero_cost: bool) -> _Charts:
    n = years.size
    sorted_years = np.sort(years)
    curve_months = np.arange(CURVE_MONTHS + 1, dtype=float)
    p_by_month = np.searchsorted(sorted_years, curve_months / 12 + 1e-12, side="right") / n
    fan_months = np.arange(PROJECTION_MONTHS + 1, dtype=float)
    if zero_cost:
        zeros = np.zeros_like(fan_months)
        return _Charts(curve_months, p_by_month, fan_months, zeros, zeros, zeros)
    return _Charts(curve_months, p_by_month, fan_months, *(10 ** _fan(log_cost, log10_k, fan_months)))


_FAN_QS = (0.1, 0.5, 0.9)


def _fan(log_cost: Array, log10_k: Array, fan_months: Array) -> Array:
    """P10, P50 and P90 of ``log_cost - log10_k * months / 12`` for each month: (3, months), exactly.

    One month at a time (memory linear in the samples, never samples x months). From one month to the
    next every path falls by between ``min(log10_k)`` and ``max(log10_k)`` times the time step, so each
    order statistic does too: only the paths in that window need a partition, the others are counted.
    The count proves the window right; when it does not (never, short of rounding), the whole month is
    partitioned.
    """
    n = log_cost.size
    pos = [q * (n - 1) for q in _FAN_QS]
    pairs = [(math.floor(p), min(math.floor(p) + 1, n - 1)) for p in pos]
    ranks = sorted({r for pair in pairs for r in pair})
    fall_lo, fall_hi = float(log10_k.min()), float(log10_k.max())
    fan = np.empty((len(_FAN_QS), fan_months.size))
    path = np.empty(n)
    mask = np.empty(n, dtype=bool)
    within = np.empty(n, dtype=bool)
    known: dict[int, float] | None = None
    previous = 0.0
    for j, months in enumerate(fan_months):
        years = months / 12
        np.multiply(log10_k, -years, out=path)
        path += log_cost
        found: dict[int, float] | None = None
        if known is not None:
            step = years - previous
            found = {}
            for r1, r2 in pairs:
                # a margin far above the rounding of numbers of magnitude <= 300 (ulp 6e-14)
                lo = known[r1] - fall_hi * step - 1e-9
                hi = known[r2] - fall_lo * step + 1e-9
                np.greater_equal(path, lo, out=mask)
                below = n - int(np.count_nonzero(mask))
                np.less_equal(path, hi, out=within)
                within &= mask
                window = path[within]
                if not below <= r1 <= r2 < below + window.size:
                    found = None
                    break
                window.partition([r1 - below, r2 - below])
                found[r1], found[r2] = float(window[r1 - below]), float(window[r2 - below])
        if found is None:
            part = path.copy()
            part.partition(ranks)
            found = {r: float(part[r]) for r in ranks}
        for i, (p, (r1, r2)) in enumerate(zip(pos, pairs, strict=True)):
            a, b = found[r1], found[r2]
            frac = p - r1
            fan[i, j] = a if frac == 0 or a == b else a + (b - a) * frac
        known, previous = found, years
    return fan


def _quantiles(values: Array, qs: tuple[float, ...], *, overwrite: bool = False) -> Array:
    """Quantiles of ``values`` interpolated linearly (numpy's default method), from a partition."""
    n = values.size
    pos = [q * (n - 1) for q in qs]
    los = [math.floor(p) for p in pos]
    kth = sorted({k for lo in los for k in (lo, min(lo + 1, n - 1))})
    part = values if overwrite else values.copy()
    part.partition(kth)
    out = np.empty(len(qs))
    for j, (p, lo) in enumerate(zip(pos, los, strict=True)):
        frac = p - lo
        a = part[lo]
        b = part[min(lo + 1, n - 1)]
        # no interpolation at an exact order statistic: inf * 0 would make it NaN
        out[j] = a if frac == 0 or a == b else a + (b - a) * frac
    return out


@dataclass(frozen=True, eq=False)
class UncertaintyResult:
    """Monte Carlo figures (labelled as such: they are not the point-value arrival window).

    The charts' arrays (``curve_months``, ``p_viable_by_month``, ``fan_*``) are worked out from the
    samples on first use.
    """

    samples: int
    seed: int
    p_viable_now: float
    arrival_p10: date | None
    arrival_p50: date | None
    arrival_p90: date | None
    years_p10: float
    years_p50: float
    years_p90: float
    _chart_source: _ChartSource = dataclasses.field(repr=False)

    @property
    def curve_months(self) -> Array:
        """Months 0..120 of the P(viable by date) curve."""
        return self._chart_source.charts().curve_months

    @property
    def p_viable_by_month(self) -> Array:
        """The share of samples viable by each of ``curve_months``."""
        return self._chart_source.charts().p_viable_by_month

    @property
    def fan_months(self) -> Array:
        """Months 0..72 of the fan."""
        return self._chart_source.charts().fan_months

    @property
    def fan_p10(self) -> Array:
        """P10 of the cost per paying user-month at each of ``fan_months``."""
        return self._chart_source.charts().fan_p10

    @property
    def fan_p50(self) -> Array:
        """P50 of the cost per paying user-month at each of ``fan_months``."""
        return self._chart_source.charts().fan_p50

    @property
    def fan_p90(self) -> Array:
        """P90 of the cost per paying user-month at each of ``fan_months``."""
        return self._chart_source.charts().fan_p90


# usage_multiplier x active_days_per_month multiplies every block's calls (docs/contract.md section 2): the
# blocks are summed at 1 x 1 and the sum is scaled by the sampled business factor once.
_UNIT_DAYS = {"usage_multiplier": np.ones(1), "active_days_per_month": np.ones(1)}


def _sample(prep: PreparedPitch, samples: int, seed: int) -> tuple[Array, Array, Array]:
    """(cost per paying user-month, budget, ln of the decline factor) of each sample.

    Block by block (``sampled_block_cost``, the engine's arithmetic for one block) into buffers reused by
    every block: memory stays linear in the samples (never samples x blocks), and a block without ranges
    is one number.
    """
    n = samples
    scratch = sampling.Scratch(n)
    sc = prep.scenario
    key = (seed, _DECLINE_STREAM, 0)
    ln_k = sampling.log_uniform_log(sc.annual_decline_low, sc.annual_decline_high, key, scratch, np.empty(n))
    ranged = [
        (i, {f: r for f, r in block.ranges.items() if r[0] != r[1]})
        for i, block in enumerate(prep.pitch.blocks)
        if block.enabled
    ]
    ranged = [(i, r) for i, r in ranged if r]
    business = {
        f: _draw(low, high, f, seed, _BUSINESS_STREAM, scratch, np.empty(n))
        for f, (low, high) in prep.pitch.business.ranges.items()
        if low != high
    }
    if not ranged and not business:
        point = cost_kernel(prep)
        return np.full(n, float(point.cost_paying[0])), np.full(n, float(point.budget[0])), ln_k
    unit = cost_kernel(prep, business=_UNIT_DAYS)
    fixed = prep.enabled.copy()
    fixed[[i for i, _ in ranged]] = False
    total = np.full(n, float(unit.block_cost[0][fixed].sum()))
    buffers: dict[str, Array] = {}
    out, work = np.empty(n), np.empty(n)
    for i, ranges in ranged:
        draws = {
            f: _draw(low, high, f, seed, i, scratch, buffers.setdefault(f, np.empty(n)))
            for f, (low, high) in ranges.items()
        }
        if "cached_input_fraction" in draws or "cache_write_fraction" in draws:
            cached = draws.get("cached_input_fraction", prep.block_values["cached_input_fraction"][i])
            write = draws.get("cache_write_fraction", prep.block_values["cache_write_fraction"][i])
            draws["cache_write_fraction"] = np.minimum(write, 1.0 - cached)
        total += sampled_block_cost(prep, i, draws, out, work)
    bz = {f: business.get(f, np.array(prep.business[f])) for f in BUSINESS_FIELDS}
    total *= bz["usage_multiplier"] * bz["active_days_per_month"]
    total *= 1.0 + bz["free_users_per_paying_user"]
    return total, np.broadcast_to(budget_kernel(bz), (n,)), ln_k


def sample_required_drop(prep: PreparedPitch, samples: int, seed: int) -> tuple[Array, Array, Array]:
    """(cost per paying user-month, budget, decline factor) for each sample."""
    with np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore"):
        cost, budget, ln_k = _sample(prep, samples, seed)
        return cost, np.asarray(budget), np.exp(ln_k)


def monte_carlo(
    prep: PreparedPitch, samples: int = DEFAULT_SAMPLES, seed: int = DEFAULT_SEED, *, charts: bool = True
) -> UncertaintyResult:
    """Seeded, reproducible Monte Carlo of the required drop and the arrival date.

    Parameters
    ----------
    samples
        Number of draws (default 20,000).
    seed
        Seed of the common random numbers (default 0).
    charts
        Work out the charts' arrays now (the default: the desktop calls this off the GUI thread); when
        False they are worked out on first use, and a caller that prints no chart never pays for them.
    """
    if samples < 1:
        raise ValueError("samples must be at least 1")
    with np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore"):
        result = _monte_carlo(prep, samples, seed)
    if charts:
        result._chart_source.charts()
    return result


_LN10 = math.log(10.0)


def _monte_carlo(prep: PreparedPitch, samples: int, seed: int) -> UncertaintyResult:
    # Sampled values at the edges of their bounds may overflow: such a sample is simply never viable.
    cost, budget, ln_k = _sample(prep, samples, seed)
    drop = cost / budget
    drop[np.isnan(drop)] = np.inf
    oom = np.log10(drop)  # -inf for a sample that costs nothing
    viable = np.round(oom, 9) <= 0
    years = oom * _LN10
    years /= ln_k
    years[viable] = 0.0
    q10, q50, q90 = (float(x) for x in _quantiles(years, (0.1, 0.5, 0.9)))
    log_cost = np.log10(np.maximum(cost, 1e-300))
    np.clip(log_cost, -300.0, 300.0, out=log_cost)
    source = _ChartSource(years, log_cost, ln_k / _LN10, zero_cost=not cost.max() > 0)
    return UncertaintyResult(
        samples=samples,
        seed=seed,
        p_viable_now=float(np.count_nonzero(viable)) / samples,
        arrival_p10=date_after_years(prep.as_of, q10),
        arrival_p50=date_after_years(prep.as_of, q50),
        arrival_p90=date_after_years(prep.as_of, q90),
        years_p10=q10,
        years_p50=q50,
        years_p90=q90,
        _chart_source=source,
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

    def value_text(self, value: float) -> str:
        """A value of this row's input as its kind is written everywhere (the field registry says which)."""
        group = Group.BUSINESS if self.block_index is None else Group.BLOCK
        return format_value(FIELDS.spec(group, self.field), value)

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


class _Inputs(NamedTuple):
    """The sensitivity's inputs as parallel columns, block by block in field order, then the business."""

    block: NDArray[np.int_]  # -1: a business input
    code: NDArray[np.int_]  # the field's code (``_FIELD_CODES``)
    value: Array
    low: Array
    high: Array
    from_range: NDArray[np.bool_]
    probe: Array  # a second point, distinct from the value, for the affine solve


def _probes(field: str, value: Array) -> Array:
    lo_d, hi_d = DOMAINS[field]
    if field in FRACTIONS or field == "active_days_per_month":
        return np.where(value > lo_d, (value + lo_d) / 2, (value + hi_d) / 2)
    return np.where(value > 0, value * 2, hi_d if hi_d < 1e6 else 1.0)


def _default_intervals(field: str, value: Array, upper_limit: Array | None = None) -> tuple[Array, Array]:
    """``_default_interval`` for an array of values."""
    lo_d, hi_d = DOMAINS[field]
    if field in FRACTIONS:
        return (value + lo_d) / 2, (value + (hi_d if upper_limit is None else upper_limit)) / 2
    return np.maximum(value * 0.5, lo_d), np.minimum(value * 2.0, hi_d)


def _inputs(prep: PreparedPitch) -> _Inputs:
    """Every input of the sensitivity: each enabled block's fields (a field of value 0 only when it is a
    fraction or has a range), then the business's, each with its interval and probe."""
    blocks = prep.pitch.blocks
    parts: list[tuple[NDArray[Any], ...]] = []
    for place, field in enumerate(BLOCK_FIELDS):
        value = prep.block_values[field]
        ranged = np.array([field in b.ranges for b in blocks], dtype=bool)
        limit = None
        if field == "cached_input_fraction":
            limit = 1 - prep.block_values["cache_write_fraction"]
        elif field == "cache_write_fraction":
            limit = 1 - prep.block_values["cached_input_fraction"]
        low, high = _default_intervals(field, value, limit)
        for i in np.flatnonzero(ranged).tolist():
            low[i], high[i] = blocks[i].ranges[field]
        # x0.5..x2 of nothing moves nothing
        keep = prep.enabled & (ranged | (value != 0) | (field in FRACTIONS))
        rows = np.flatnonzero(keep)
        code = np.full(rows.size, _FIELD_CODES[field])
        parts.append(
            (rows, np.full(rows.size, place), code, value[rows], low[rows], high[rows], ranged[rows])
        )
    block, position, code, value, low, high, from_range = (
        np.concatenate(c) for c in zip(*parts, strict=True)
    )
    order = np.lexsort((position, block))  # block by block, each in field order
    business: list[tuple[str, float, float, float, bool]] = []
    for field in BUSINESS_FIELDS:
        v = prep.business[field]
        if field in prep.pitch.business.ranges:
            business.append((field, v, *prep.pitch.business.ranges[field], True))
        elif field in FRACTIONS or v != 0:
            business.append((field, v, *_default_interval(field, v), False))
    block = np.concatenate((block[order], np.full(len(business), -1)))
    code = np.concatenate((code[order], [_FIELD_CODES[b[0]] for b in business])).astype(int)
    value = np.concatenate((value[order], [b[1] for b in business]))
    probe = np.empty(value.size)
    for c in np.unique(code).tolist():
        hit = code == c
        probe[hit] = _probes(_STREAM_ORDER[c], value[hit])
    return _Inputs(
        block.astype(int),
        code,
        value,
        np.concatenate((low[order], [b[2] for b in business])),
        np.concatenate((high[order], [b[3] for b in business])),
        np.concatenate((from_range[order], [b[4] for b in business])).astype(bool),
        probe,
    )


def _evaluate_points(
    prep: PreparedPitch, index: NDArray[np.int_], codes: NDArray[np.int_], value: Array
) -> Array:
    """required_drop for each point (block index or -1 for the business, field code, value): one input
    changed per point.

    A point that changes a block field changes only that block's cost, so each such point is evaluated
    as a one-block pitch of its own (memory and time linear in the points, not points x blocks) and added
    to the sum of the other blocks (from prefix sums, without cancellation). Business points re-run the
    kernel.
    """
    drops = np.empty(index.size)
    base = cost_kernel(prep)
    block_cost = np.asarray(base.block_cost[0])
    prefix = np.concatenate(([0.0], np.cumsum(block_cost)))
    suffix = np.concatenate((np.cumsum(block_cost[::-1])[::-1], [0.0]))
    free = prep.business["free_users_per_paying_user"]
    budget = float(base.budget[0])

    def changed(rows: NDArray[np.int_], start: Mapping[str, Array]) -> dict[str, Array]:
        """``start``'s columns with each row's own field set to its value."""
        out = dict(start)
        row_codes, row_values = codes[rows], value[rows]
        for code in np.unique(row_codes).tolist():
            name = _STREAM_ORDER[code]
            hit = row_codes == code
            out[name] = np.array(out[name])
            out[name][hit] = row_values[hit]
        return out

    block_rows = np.flatnonzero(index >= 0)
    if block_rows.size:
        idx = index[block_rows]
        values = changed(block_rows, {f: v[idx] for f, v in prep.block_values.items()})
        k = cost_kernel(replace(_rows_as_blocks(prep, idx), block_values=values))
        own = np.asarray(k.block_cost[0])
        others = prefix[idx] + suffix[idx + 1]
        drops[block_rows] = (others + own) * (1.0 + free) / budget

    business_rows = np.flatnonzero(index < 0)
    if business_rows.size:
        n = business_rows.size
        present = {_STREAM_ORDER[c] for c in np.unique(codes[business_rows]).tolist()}
        business = changed(business_rows, {f: np.full(n, prep.business[f]) for f in present})
        kb = cost_kernel(prep, None, business, n=n)
        drops[business_rows] = np.asarray(kb.cost_paying / kb.budget)
    return drops


def _rows_as_blocks(prep: PreparedPitch, idx: NDArray[np.int_]) -> PreparedPitch:
    """A prepared pitch whose blocks are ``prep``'s blocks ``idx`` (repeats allowed), all enabled."""
    rows = idx.tolist()
    tiers: tuple[tuple[int, Array, Mapping[str, Array]], ...] = ()
    if prep.tiers:
        tiers_of = {b: (thresholds, prices) for b, thresholds, prices in prep.tiers}
        tiers = tuple((j, *tiers_of[b]) for j, b in enumerate(rows) if b in tiers_of)
    return replace(
        prep,
        enabled=np.ones(len(rows), dtype=bool),
        base_prices={f: v[idx] for f, v in prep.base_prices.items()},
        tiers=tiers,
        resolved=tuple([prep.resolved[b] for b in rows]),
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
    fields = [_STREAM_ORDER[c] for c in inputs.code.tolist()]
    values, probes = inputs.value, inputs.probe
    # four points per input: its low, its high, its value and the probe
    points = np.stack([inputs.low, inputs.high, values, probes], axis=1).ravel()
    drops = _evaluate_points(prep, np.repeat(inputs.block, 4), np.repeat(inputs.code, 4), points)
    drops = drops.reshape(-1, 4)
    lower, upper = band_bounds(verdict)
    r_low, r_high, r_val, r_probe = drops.T
    budget_side = np.array([f in _BUDGET_SIDE for f in fields], dtype=bool)
    domain_low = np.array([DOMAINS[f][0] for f in fields], dtype=float)
    domain_high = np.array([DOMAINS[f][1] for f in fields], dtype=float)
    open_low = np.array([f in _OPEN_LOW for f in fields], dtype=bool)
    open_high = np.array([f in _OPEN_HIGH for f in fields], dtype=bool)

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
    suffix = [f" · {b.name}" for b in prep.pitch.blocks]
    tiered = {i for i, r in enumerate(prep.resolved) if r.tiers}
    r_val_list = r_val.tolist()
    rows = []
    for j, (i, field, val, low, high, from_range, lo_o, hi_o, sw) in enumerate(
        zip(
            [None if b < 0 else b for b in inputs.block.tolist()],
            fields,
            values.tolist(),
            inputs.low.tolist(),
            inputs.high.tolist(),
            inputs.from_range.tolist(),
            oom_low.tolist(),
            oom_high.tolist(),
            swing.tolist(),
            strict=True,
        )
    ):
        b_at, w_at = better_at[j], worse_at[j]
        if i in tiered and field == "input_tokens":
            assert i is not None
            b_at, w_at = _solve_tiered(prep, i, val, r_val_list[j], lower, upper)
        rows.append(
            SensitivityRow(
                i,
                field,
                _NOUNS[field] + (suffix[i] if i is not None else ""),
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


_NOUNS = {k: _spec(k).noun for k in DOMAINS}

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
    probes: list[float] = []
    for a, b in itertools.pairwise(cuts):
        probes.extend([a + (b - a) / 3, a + 2 * (b - a) / 3])
    n = len(probes)
    drops = _evaluate_points(prep, np.full(n, i), np.full(n, _FIELD_CODES["input_tokens"]), np.array(probes))
    lines = []  # (slope, intercept) of required_drop in each segment
    for s in range(len(cuts) - 1):
        x1, x2 = probes[2 * s], probes[2 * s + 1]
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
