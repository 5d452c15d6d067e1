"""Goal seek: the value of one field that makes a pitch viable, today or by a date (docs/contract.md 6.4).

The target is a required drop: ``target_drop = k_low ** years(as_of, by)`` (1 without a date), ``k_low``
being the pitch's slow decline factor and a year 365.25 days. The answer is the *boundary* value of the
field: the pitch is viable by then (``required_drop <= target_drop``) on one side of it (``direction``:
``at_most`` or ``at_least``) and not on the other.

How the boundary is found
-------------------------
- **Closed form** where the arithmetic of docs/contract.md section 2 is affine in the field or in its
  reciprocal: every token, call, action, cache share, multiplier, per-call price and price field is affine
  in the cost; ``usage_multiplier``, ``active_days_per_month`` and ``free_users_per_paying_user`` scale it;
  ``price_per_user_month``, ``target_gross_margin``, ``inference_share_of_cogs`` and
  ``payment_fee_fraction`` are affine in the budget, so in ``1 / required_drop``; a deployment's
  utilisation and throughputs divide its prices (affine in ``1 / x``), its GPU-hour figures multiply them.
  The line is read from two evaluations of the pitch by the engine itself (never a second copy of the
  arithmetic) and solved for the target. ``decline`` is a power: ``required_drop ** (1 / years)``.
- **Bisection** within the field's bounds where it is not affine: the input tokens of a block with price
  tiers (a tier's prices replace the base prices above its threshold, a jump) and any field of a block
  priced at the cheapest capable model (the model chosen may change with the field). Bisection keeps one
  end viable and the other not, and stops when they are adjacent floating-point numbers.

"No value within the field's bounds" is an answer (``value`` is None and ``reason`` says why, with the drop
still needed at the field's best value). The answer is applied (a new :class:`~core.pitch.Pitch`, ranges
moved with the value: ``core/solve_fields.py``, which also names the fields and their bounds) and
**checked** by evaluating it again: ``required_drop <= target_drop`` to within 1e-9 relative, else
:class:`SolveCheckError` (a bug, never a user's problem).

Which side of the boundary
--------------------------
``value`` is the exact boundary, not rounded for display. A closed form's root can land a few units in
the last place on the wrong side; it is then stepped toward the viable side (by at most 1e-9 of its size)
until the pitch evaluates to ``required_drop <= target_drop`` exactly, so in practice ``value`` lies on
the viable side. Round a displayed value toward ``direction`` (a price up, tokens down) to stay viable.

With ranges in the pitch, :func:`solve` also finds the value at which P(viable by the date) reaches 50%
and 90%: the Monte Carlo of docs/contract.md section 5 with the same seeded draws at every trial value
(common random numbers make P a step function of the value), bisected to 1e-6 of the value. For
``decline``, the trial scenario's slow and fast factors are both the trial value ("at what decline a year").
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from typing import Any, Literal

import numpy as np

from core.catalog import PriceCatalog, default_catalog
from core.engine import Evaluation, evaluate, prepare, scenario_of
from core.errors import PitchError
from core.fields import FieldSpec
from core.formatting import format_quantity
from core.pitch import Pitch
from core.scenarios import years_between
from core.solve_fields import (
    DEPLOYMENT_FIELDS,
    Direction,
    SolvableField,
    Target,
    apply_value,
    capability_chosen,
    current_value,
    field_bounds,
    parse_field,
    solvable_fields,
    value_text,
)
from core.uncertainty import DEFAULT_SAMPLES, DEFAULT_SEED, sample_required_drop

# docs/contract.md 6.4: the changed pitch must give required_drop <= target_drop within this (relative).
CHECK_TOLERANCE = 1e-9
MC_TOLERANCE = 1e-6  # the Monte Carlo values are bisected to this share of the value
MC_PROBABILITIES = (0.5, 0.9)
_MAX_BISECTIONS = 400  # from 1e12 to adjacent floats needs ~80; 400 is a guard, never reached in practice
_REFINEMENTS = 2  # steps along the line from the root's own evaluation (see _closed_form)
_NUDGES = 30  # 2**30 ulp ~ 2.4e-7 of the value: more than the 1e-9 the check allows, never needed

Shape = Literal["cost", "budget", "reciprocal", "bisect", "decline"]

# Fields of the budget: budget = price (1 - fee) (1 - margin) share, so 1 / required_drop is affine in each.
_BUDGET_FIELDS = frozenset(
    {"price_per_user_month", "target_gross_margin", "inference_share_of_cogs", "payment_fee_fraction"}
)


class SolveCheckError(RuntimeError):
    """The answer did not re-evaluate to a viable pitch: a bug in Compute Curve, not in the pitch."""


@dataclass(frozen=True)
class ProbabilityValue:
    """The value at which the Monte Carlo's P(viable by the date) reaches ``probability``."""

    probability: float
    value: float | None
    reason: str | None = None


@dataclass(frozen=True)
class Solution:
    """The answer to "what value of this field makes the pitch viable by then?"."""

    field: str  # the canonical path
    label: str  # "Output tokens · Chat turns"
    noun: str  # "output tokens of Chat turns"
    spec: FieldSpec
    current: float
    value: float | None  # the boundary; None: no value within the field's bounds
    target_drop: float
    by: date | None
    as_of: date
    years: float
    required_drop: float  # today's, before the change
    reason: str | None  # why value is None
    direction: Direction | None  # which side of value is viable (None: the field changes nothing)
    method: Literal["closed form", "bisection", "none"]
    note: str | None = None  # e.g. every value within the bounds is viable
    pitch: Pitch | None = None  # the changed pitch, to apply as one undo step (None with no value)
    evaluation: Evaluation | None = None  # of the changed pitch
    probabilities: tuple[ProbabilityValue, ...] = ()
    samples: int = 0
    seed: int = 0

    @property
    def undo_text(self) -> str:
        """``Solve for output tokens of Chat turns``."""
        return f"Solve for {self.noun}"

    @property
    def relative_change(self) -> float | None:
        """``(value - current) / current``; None without a value or when the current value is 0."""
        if self.value is None or self.current == 0:
            return None
        return (self.value - self.current) / self.current

    @property
    def viable_values_text(self) -> str:
        """``$36.07 or more``; ``no value within its bounds``."""
        if self.value is None:
            return "no value within its bounds"
        if self.direction is None:
            return "any value"
        more = "less" if self.direction == "at_most" else "more"
        return f"{value_text(self.spec, self.value, toward=self.direction)} or {more}"

    def document(self) -> dict[str, Any]:
        """The ``solve --json`` object (docs/contract.md 6.4), plus a few more keys."""
        ev = self.evaluation
        return {
            "field": self.field,
            "current": self.current,
            "value": self.value,
            "target_drop": self.target_drop,
            "by": self.by.isoformat() if self.by else None,
            "reason": self.reason,
            "label": self.label,
            "as_of": self.as_of.isoformat(),
            "years": self.years,
            "direction": self.direction,
            "method": self.method,
            "note": self.note,
            "required_drop": self.required_drop,
            "required_drop_after": ev.required_drop if ev else None,
            "verdict_after": ev.verdict.value if ev else None,
            "monte_carlo": [
                {"probability": p.probability, "value": p.value, "reason": p.reason}
                for p in self.probabilities
            ]
            if self.probabilities
            else None,
            "samples": self.samples or None,
            "seed": self.seed if self.samples else None,
        }


# --------------------------------------------------------------------------------------------------
# Solving
# --------------------------------------------------------------------------------------------------


def target_drop(pitch: Pitch, by: date | None, *, today: date | None = None) -> tuple[float, float]:
    """(target drop, years): ``k_low ** years(as_of, by)``, 1 without a date.

    Raises
    ------
    PitchError
        When ``by`` is before the pitch's date.
    """
    if by is None:
        return 1.0, 0.0
    day = pitch.effective_as_of(today)
    if by < day:
        raise PitchError(
            f"{by.isoformat()} is before the pitch's date {day.isoformat()}: give a date on or after it",
            field="by",
        )
    years = years_between(day, by)
    return float(scenario_of(pitch).annual_decline_low ** years), years


@dataclass
class _Context:
    pitch: Pitch
    target: Target
    catalog: PriceCatalog
    day: date
    current: float
    goal: float  # target drop

    def pitch_at(self, x: float) -> Pitch:
        return apply_value(self.pitch, self.target, x, self.current)

    def drop_at(self, x: float) -> float:
        """required_drop with the field at ``x``; infinite when the pitch cannot be evaluated there (a budget
        of 0, an overflowing cost): such a value is never viable."""
        try:
            return evaluate(self.pitch_at(x), self.catalog, as_of=self.day).required_drop
        except PitchError:
            return math.inf


def _shape(pitch: Pitch, target: Target, ev: Evaluation) -> Shape:
    """How the required drop depends on the field (the module's docstring says why)."""
    if target.kind == "decline":
        return "decline"
    if target.kind == "business":
        return "budget" if target.key in _BUDGET_FIELDS else "cost"
    if target.kind == "deployment":
        return DEPLOYMENT_FIELDS[(target.sub, target.key)]
    assert target.index is not None
    if capability_chosen(pitch, target.index):
        return "bisect"  # the cheapest capable model may change with the field
    if target.key == "input_tokens" and target.kind == "block" and ev.blocks[target.index].price.tiers:
        return "bisect"  # a tier's prices replace the base prices above its threshold: a jump
    return "cost"


def solve(
    pitch: Pitch,
    field: str,
    by: date | None = None,
    catalog: PriceCatalog | None = None,
    *,
    today: date | None = None,
    monte_carlo: bool = True,
    samples: int = DEFAULT_SAMPLES,
    seed: int = DEFAULT_SEED,
) -> Solution:
    """The value of ``field`` that makes ``pitch`` viable today, or by ``by`` at the slow decline.

    Parameters
    ----------
    field
        A path from :func:`solvable_fields`: ``price_per_user_month``, ``blocks[0].output_tokens``,
        ``blocks[1].price.input_per_mtok``, ``deployments[0].utilisation``, ``decline``.
    by
        The date by which the pitch must be viable (None: today, i.e. the pitch's ``as_of``).
    monte_carlo
        With ranges in the pitch, also the values at which P(viable by the date) reaches 50% and 90%
        (``samples`` draws from ``seed``).

    Returns
    -------
    Solution
        ``value`` (None with a ``reason`` when no value within the field's bounds works) and ``pitch``, the
        changed pitch to apply as one undo step.

    Raises
    ------
    PitchError
        The pitch cannot be evaluated, the field is unknown, or ``by`` is before the pitch's date.
    SolveCheckError
        The answer did not re-evaluate to ``required_drop <= target_drop`` (a bug).
    """
    catalog = catalog or default_catalog()
    target = parse_field(pitch, field)
    day = pitch.effective_as_of(today)
    ev = evaluate(pitch, catalog, as_of=day)
    goal, years = target_drop(pitch, by, today=today)
    current = current_value(pitch, target, ev)
    ctx = _Context(pitch, target, catalog, day, current, goal)
    shape = _shape(pitch, target, ev)
    if shape == "decline":
        solution = _solve_decline(ctx, ev, by, years)
    elif shape == "bisect":
        solution = _finish(ctx, ev, _bisect_point(ctx, ev.required_drop), by, years)
    else:
        solution = _finish(ctx, ev, _closed_form(ctx, ev.required_drop, shape), by, years)
    if monte_carlo and solution.direction is not None and _has_ranges(pitch):
        probs = _solve_probabilities(ctx, years, MC_PROBABILITIES, samples, seed)
        solution = replace(solution, probabilities=probs, samples=samples, seed=seed)
    return solution


@dataclass(frozen=True)
class _Found:
    value: float | None
    direction: Direction | None
    method: Literal["closed form", "bisection", "none"]
    reason: str | None = None
    note: str | None = None


def _extremes(ctx: _Context, direction: Direction) -> tuple[float, bool, float, bool]:
    """(best, best_open, worst, worst_open): the ends of the bounds on the viable and the other side."""
    low, high, low_open, high_open = field_bounds(ctx.pitch, ctx.target)
    if direction == "at_most":
        return low, low_open, high, high_open
    return high, high_open, low, low_open


def _inside(ctx: _Context, x: float) -> float:
    """``x`` moved inside the field's bounds (an open end is approached, never reached)."""
    low, high, low_open, high_open = field_bounds(ctx.pitch, ctx.target)
    if x < low or (low_open and x <= low):
        x = math.nextafter(low, math.inf) if low_open else low
    if x > high or (high_open and x >= high):
        x = math.nextafter(high, -math.inf) if high_open else high
    return x


def _probe(ctx: _Context, shape: Shape) -> float:
    """A second value for reading the line: the lower bound where allowed (0 for most), else half or double the
    value; never so close to the value that the line's slope would be rounding noise."""
    low, high, low_open, high_open = field_bounds(ctx.pitch, ctx.target)
    c = ctx.current
    candidates = [low] if not low_open and shape != "reciprocal" else []
    candidates += [c / 2, c * 2, (c + high) / 2 if math.isfinite(high) else c + 1, c + 1, (low + c) / 2]
    for x in candidates:
        ok_low = x > low if low_open else x >= low
        ok_high = x < high if high_open else x <= high
        apart = abs(x - c) > 1e-6 * max(abs(x), abs(c))
        if apart and ok_low and ok_high and (shape != "reciprocal" or x > 0):
            return x
    raise SolveCheckError(f"no second value for {ctx.target.path} within its bounds")  # pragma: no cover


def _closed_form(ctx: _Context, r0: float, shape: Shape) -> _Found:
    """The boundary from the line through two evaluations (affine in x, or in 1 / x for ``reciprocal``)."""
    c = ctx.current
    if shape == "reciprocal" and c <= 0:  # pragma: no cover - bounds keep these positive
        raise SolveCheckError(f"{ctx.target.path} is {c}: a reciprocal field must be positive")
    x1 = _probe(ctx, shape)
    r1 = ctx.drop_at(x1)

    def t(x: float) -> float:
        return 1.0 / x if shape == "reciprocal" else x

    def g(r: float) -> float:
        return (1.0 / r if r > 0 else math.inf) if shape == "budget" else r

    if shape == "budget" and r0 == 0:
        return _no_effect(ctx, r0)
    t0, t1 = t(c), t(x1)
    g0, g1 = g(r0), g(r1)
    slope = (g1 - g0) / (t1 - t0)
    if slope == 0 or not math.isfinite(slope):
        return _no_effect(ctx, r0)
    # required_drop falls as t rises when the cost-side slope is negative or the budget-side one positive
    falls_with_t = (slope > 0) == (shape == "budget")
    falls_with_x = falls_with_t != (shape == "reciprocal")
    direction: Direction = "at_least" if falls_with_x else "at_most"

    def model(x: float) -> float:
        """required_drop at ``x`` on the line (the open ends' limits)."""
        tx = t(x) if x != 0 or shape != "reciprocal" else math.inf
        gx = g0 + slope * (tx - t0)
        if shape == "budget":
            return 1.0 / gx if gx > 0 else math.inf
        return gx

    best, best_open, worst, worst_open = _extremes(ctx, direction)
    r_best = model(best) if best_open or not math.isfinite(best) else ctx.drop_at(best)
    if not r_best <= ctx.goal:
        return _Found(None, direction, "closed form", _none_reason(ctx, best, best_open, r_best))
    r_worst = model(worst) if worst_open or not math.isfinite(worst) else ctx.drop_at(worst)
    if r_worst <= ctx.goal:
        return _Found(
            _inside(ctx, worst), direction, "closed form", note=_all_viable_note(ctx, worst, worst_open)
        )
    g_goal = 1.0 / ctx.goal if shape == "budget" else ctx.goal
    t_star = t0 + (g_goal - g0) / slope
    x_star = _inside(ctx, 1.0 / t_star if shape == "reciprocal" else t_star)
    # The root of a line read far from it loses digits to cancellation (a drop of 1e7 brought to 1): one or two
    # steps along the same line from the root's own evaluation restore them (iterative refinement).
    for _ in range(_REFINEMENTS):
        r = ctx.drop_at(x_star)
        if not math.isfinite(r) or abs(r - ctx.goal) <= 1e-13 * ctx.goal:
            break
        refined = _inside(ctx, _from_t(t(x_star) + (g_goal - g(r)) / slope, shape))
        if refined == x_star:
            break
        x_star = refined
    return _Found(x_star, direction, "closed form")


def _from_t(t: float, shape: Shape) -> float:
    return 1.0 / t if shape == "reciprocal" else t


def _bisect_point(ctx: _Context, r0: float) -> _Found:
    """The boundary by bisection, for a field whose effect is monotone but not affine (tiers, a chosen model)."""
    low, high, _, _ = field_bounds(ctx.pitch, ctx.target)
    lo, hi = _inside(ctx, low), _inside(ctx, high)
    r_lo, r_hi = ctx.drop_at(lo), ctx.drop_at(hi)
    if r_lo == r_hi == r0:
        return _no_effect(ctx, r0)
    direction: Direction = "at_most" if r_lo <= r_hi else "at_least"
    best, worst = (lo, hi) if direction == "at_most" else (hi, lo)
    r_best, r_worst = (r_lo, r_hi) if direction == "at_most" else (r_hi, r_lo)
    if not r_best <= ctx.goal:
        return _Found(None, direction, "bisection", _none_reason(ctx, best, False, r_best))
    if r_worst <= ctx.goal:
        return _Found(worst, direction, "bisection", note=_all_viable_note(ctx, worst, False))
    # Start from the current value: the boundary found is the one next to it.
    good, bad = (ctx.current, worst) if r0 <= ctx.goal else (best, ctx.current)
    value = _bisect(good, bad, lambda x: ctx.drop_at(x) <= ctx.goal)
    return _Found(value, direction, "bisection")


def _bisect(
    good: float, bad: float, ok: Callable[[float], bool], rel: float = 0.0, *, geometric: bool = False
) -> float:
    """The end of [good, bad] that satisfies ``ok``, narrowed until the two are adjacent floats (or within
    ``rel`` of each other); ``geometric`` halves a positive bracket in log scale."""
    for _ in range(_MAX_BISECTIONS):
        if geometric and good > 0 and bad > 0 and max(good, bad) > 2 * min(good, bad):
            mid = math.sqrt(good) * math.sqrt(bad)
        else:
            mid = good + (bad - good) / 2
        if mid in (good, bad) or abs(bad - good) <= rel * max(abs(good), abs(bad)):
            break
        if ok(mid):
            good = mid
        else:
            bad = mid
    return good


def _no_effect(ctx: _Context, r0: float) -> _Found:
    t = ctx.target
    why = f"{t.noun} does not change the required drop"
    if t.index is not None and t.kind in ("block", "price") and not ctx.pitch.blocks[t.index].enabled:
        why = f"{t.owner} is disabled: its {t.spec.noun} does not change the cost"
    elif t.kind == "price":
        why += " (the block's calls do not pay this price: a tier's own price, no such tokens, or a price of 0 elsewhere)"
    if r0 <= ctx.goal:
        return _Found(ctx.current, None, "none", note=f"{why}; the pitch is viable by then at any value")
    return _Found(
        None, None, "none", f"{why}; the pitch needs inference {_times(r0 / ctx.goal)} cheaper than that"
    )


def _times(x: float) -> str:
    return f"{format_quantity(x)}x"


def _none_reason(ctx: _Context, best: float, best_open: bool, r_best: float) -> str:
    at = (
        f"approaching {value_text(ctx.target.spec, best)}"
        if best_open
        else f"at {value_text(ctx.target.spec, best)}"
    )
    if not math.isfinite(r_best):
        return f"even with {ctx.target.noun} {at}, the pitch cannot be evaluated (its budget is 0)"
    need = f"the pitch needs inference {_times(r_best)} cheaper than today"
    if ctx.goal != 1.0:
        need += f", more than the {_times(ctx.goal)} the scenario's slow decline gives by then"
    return f"even with {ctx.target.noun} {at}, {need}"


def _all_viable_note(ctx: _Context, worst: float, worst_open: bool) -> str:
    edge = "approaching" if worst_open else "at"
    return (
        f"every value within the bounds is viable by then, even {edge} "
        f"{value_text(ctx.target.spec, worst)}: that bound is given as the value"
    )


def _solve_decline(ctx: _Context, ev: Evaluation, by: date | None, years: float) -> Solution:
    """``decline = required_drop ** (1 / years)``: the slow factor that brings the drop by the date."""
    if by is None or years <= 0:
        raise PitchError(
            "solving for the decline factor needs a date after the pitch's (--by): today's required drop "
            "does not depend on how fast prices fall",
            field="by",
        )
    r = ev.required_drop
    low, high, _, _ = field_bounds(ctx.pitch, ctx.target)
    # log10 of the factor first: a date a few days out makes the exponent huge, and exp() would overflow
    # where the answer is simply "above the largest allowed".
    log_needed = math.log10(r) / years if r > 0 else -math.inf
    needed = 10**log_needed if log_needed < math.log10(high) + 1 else math.inf
    if needed > high:
        reason = (
            f"the pitch needs inference {_times(r)} cheaper by {by.isoformat()}: a decline of "
            + (f"{_times(needed)} a year" if math.isfinite(needed) else "far more than that a year")
            + f", above the largest allowed ({_times(high)})"
        )
        found = _Found(None, "at_least", "closed form", reason)
    elif needed < low:
        found = _Found(low, "at_least", "closed form", note=_all_viable_note(ctx, low, False))
    else:
        found = _Found(needed, "at_least", "closed form")
    return _finish(ctx, ev, found, by, years)


def _goal_of(ctx: _Context, changed: Pitch, years: float) -> float:
    if ctx.target.kind == "decline":
        return float(scenario_of(changed).annual_decline_low ** years)
    return ctx.goal


def _finish(ctx: _Context, ev: Evaluation, found: _Found, by: date | None, years: float) -> Solution:
    """Apply the answer, step it onto the viable side when rounding left it a hair over, and check it."""
    t = ctx.target
    base = Solution(
        field=t.path,
        label=t.label,
        noun=t.noun,
        spec=t.spec,
        current=ctx.current,
        value=found.value,
        target_drop=ctx.goal,
        by=by,
        as_of=ctx.day,
        years=years,
        required_drop=ev.required_drop,
        reason=found.reason,
        direction=found.direction,
        method=found.method,
        note=found.note,
    )
    if found.value is None:
        return base
    value = found.value
    changed = ctx.pitch_at(value)
    after = evaluate(changed, ctx.catalog, as_of=ctx.day)
    goal = _goal_of(ctx, changed, years)
    if after.required_drop > goal and found.direction is not None:
        step = 1.0 if found.direction == "at_least" else -1.0
        for k in range(_NUDGES):
            trial = _inside(ctx, value + step * abs(value) * 2.0 ** (k - 52))
            if trial == value or abs(trial - value) > CHECK_TOLERANCE * abs(value):
                break
            p2 = ctx.pitch_at(trial)
            e2 = evaluate(p2, ctx.catalog, as_of=ctx.day)
            g2 = _goal_of(ctx, p2, years)
            if e2.required_drop <= g2:
                value, changed, after, goal = trial, p2, e2, g2
                break
    if not after.required_drop <= goal * (1 + CHECK_TOLERANCE):
        raise SolveCheckError(
            f"solving {t.path} gave {value!r}, but the pitch with it needs a drop of {after.required_drop!r}, "
            f"above the target {goal!r}"
        )
    return replace(base, value=value, pitch=changed, evaluation=after)


# --------------------------------------------------------------------------------------------------
# Monte Carlo: the value at which P(viable by the date) reaches 50% and 90%
# --------------------------------------------------------------------------------------------------


def _has_ranges(pitch: Pitch) -> bool:
    """Whether the pitch has any range with some width (the Monte Carlo then varies more than the decline)."""
    ranges = [pitch.business.ranges] + [b.ranges for b in pitch.blocks if b.enabled]
    return any(low != high for r in ranges for low, high in r.values())


def p_viable_by(
    pitch: Pitch,
    years: float,
    catalog: PriceCatalog,
    day: date,
    samples: int = DEFAULT_SAMPLES,
    seed: int = DEFAULT_SEED,
) -> float:
    """The Monte Carlo's share of samples viable within ``years`` of ``day`` (docs/contract.md section 5:
    each sample's own decline factor, log-uniform between the scenario's low and high; a sample is viable now
    when its orders of magnitude round to 0 or less at 9 decimals, as in ``core.uncertainty``)."""
    prep = prepare(pitch, catalog, as_of=day)
    with np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore"):
        cost, budget, factor = sample_required_drop(prep, samples, seed)
        drop = cost / budget
        drop = np.where(np.isnan(drop), np.inf, drop)
        oom = np.where(drop > 0, np.log10(np.where(drop > 0, drop, 1.0)), -np.inf)
        now = np.round(oom, 9) <= 0
        t = np.where(now, 0.0, np.log(np.maximum(drop, 1.0)) / np.log(factor))
    return float(np.mean(t <= years + 1e-12))


def _reaches(prob: Callable[[float], float], p: float, x: float) -> bool:
    return prob(x) >= p


def _solve_probabilities(
    ctx: _Context, years: float, ps: tuple[float, ...], samples: int, seed: int
) -> tuple[ProbabilityValue, ...]:
    """The values (bisected to MC_TOLERANCE of themselves) at which P(viable by the date) first reaches each
    of ``ps``. Every Monte Carlo run is kept: a higher probability's value lies beyond a lower one's, so its
    search starts from there; a positive bracket is halved in log scale (a price from $10 to $1e9 takes 25
    halvings, not 45)."""
    seen: dict[float, float] = {}
    exact = ctx.target.kind == "decline"  # the Monte Carlo's factor is x itself: "at what decline a year"

    def prob(x: float) -> float:
        if x not in seen:
            try:
                changed = apply_value(ctx.pitch, ctx.target, x, ctx.current, exact_decline=exact)
                seen[x] = p_viable_by(changed, years, ctx.catalog, ctx.day, samples, seed)
            except PitchError:
                seen[x] = 0.0
        return seen[x]

    low, high, _, _ = field_bounds(ctx.pitch, ctx.target)
    lo, hi = _inside(ctx, low), _inside(ctx, high)
    p_lo, p_hi = prob(lo), prob(hi)
    best, worst = (lo, hi) if p_lo > p_hi else (hi, lo)
    p_best, p_worst = max(p_lo, p_hi), min(p_lo, p_hi)
    out = []
    for p in sorted(ps):
        if p_lo == p_hi:
            if p_lo >= p:
                out.append(ProbabilityValue(p, ctx.current, "every value within the bounds reaches it"))
            else:
                out.append(ProbabilityValue(p, None, f"no value within the bounds: P stays at {p_lo:.1%}"))
            continue
        if p_best < p:
            shown = value_text(ctx.target.spec, best)
            out.append(
                ProbabilityValue(
                    p, None, f"even with {ctx.target.noun} at {shown}, P reaches only {p_best:.1%}"
                )
            )
            continue
        if p_worst >= p:
            out.append(
                ProbabilityValue(p, worst, "every value within the bounds reaches it: that bound is given")
            )
            continue
        # P only grows from the worst end to the best: the values tried nearest to the threshold on each side
        # (the current value's, and every earlier search's) bracket it
        prob(ctx.current)
        good = min((x for x, q in seen.items() if q >= p), key=lambda x: abs(x - worst))
        bad = min((x for x, q in seen.items() if q < p), key=lambda x: abs(x - best))
        out.append(
            ProbabilityValue(p, _bisect(good, bad, partial(_reaches, prob, p), MC_TOLERANCE, geometric=True))
        )
    return tuple(out)


__all__ = [
    "CHECK_TOLERANCE",
    "MC_PROBABILITIES",
    "MC_TOLERANCE",
    "ProbabilityValue",
    "Solution",
    "SolvableField",
    "SolveCheckError",
    "Target",
    "apply_value",
    "p_viable_by",
    "parse_field",
    "solvable_fields",
    "solve",
    "target_drop",
    "value_text",
]
