"""What must change: the cheapest single changes that make a pitch viable by a date (the scorecard, the memo).

Each candidate is one field a founder controls, solved by goal seek (:func:`core.solve.solve`) for the date;
a change is never proposed outside the field's bounds (goal seek never returns such a value) and is checked
by re-evaluating the changed pitch like every goal-seek answer.

"Cheapest" is the smallest relative change of the field, measured in orders of magnitude:
``|log10(new / current)|``. Raising a price from $10 to $20 and halving the output tokens both cost 0.30.
It is the same yardstick the pitch's verdict uses (orders of magnitude of cost) and needs no judgement of
which lever is easier. A share (a margin, a cached share, a utilisation) is measured by the larger of the
relative changes of the share and of the rest: a margin from 60% to 30% halves it (0.30); cached input from
90% to 99% is only +10% of the share but cuts the uncached input tenfold (1.0), and that is what it takes.
A field at 0 has no relative change and is not proposed (adding prompt caching to a block that has none is a
design change, not a turn of a dial), nor is a change all the way to 0.

The fields a founder controls, and so the ones considered:

- business: the price, the target gross margin, the usage multiplier (usage caps, fair-use limits) and the
  free users per paying user (the free tier's size);
- each enabled block: its token counts (prompt, output, reasoning, audio, images), its cached input share,
  its calls per action, its actions per day and its price multiplier (batch, a negotiated discount);
- each deployment a block uses: its utilisation and its throughputs (serving engineering).

Left out, and why: list prices and per-call prices (a vendor sets them; switching models is not one field),
the inference share of the cost of goods (accounting, not a lever), active days (the users' behaviour),
payment fees (set by app stores), cache writes (they follow from caching, and usually cost more than they
save), a deployment's GPU-hour cost (the market's) and the decline of prices (nobody's choice).

Calls per action, actions per day and the price multiplier all multiply a block's cost: they need the same
relative change, so only the first is listed and the others are named with it (``also``). Equal changes (to 9
decimals) keep the order above: business, then blocks in the file's order, then deployments. Only a block
(or deployment) whose whole cost, removed, would leave the pitch viable is solved for: the others cannot do
it alone. A value shown in a sentence is rounded toward the viable side (a price up, tokens down).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from core.analysis import Analysis
from core.catalog import PriceCatalog, default_catalog
from core.engine import Evaluation, evaluate
from core.errors import PitchError
from core.fields import FieldSpec, Kind
from core.formatting import format_month, format_quantity
from core.pitch import Pitch, with_changes
from core.scenarios import builtin_scenarios
from core.solve import Solution, solve, target_drop, value_text
from core.verdict import date_after_years

BUSINESS_LEVERS = (
    "price_per_user_month",
    "target_gross_margin",
    "usage_multiplier",
    "free_users_per_paying_user",
)
BLOCK_LEVERS = (
    "input_tokens",
    "output_tokens",
    "reasoning_tokens",
    "audio_input_tokens",
    "audio_output_tokens",
    "image_input_tokens",
    "image_output_tokens",
    "cached_input_fraction",
    "actions_per_day",
    "calls_per_action",
    "price_multiplier",
)
DEPLOYMENT_LEVERS = ("utilisation", "input_tokens_per_second_per_gpu", "output_tokens_per_second_per_gpu")
# Each multiplies the block's whole cost: the same relative change does the same (listed once).
_SAME_EFFECT = ("actions_per_day", "calls_per_action", "price_multiplier")


@dataclass(frozen=True)
class Change:
    """One field changed, alone, enough to make the pitch viable by the date."""

    field: str  # "blocks[0].output_tokens"
    label: str  # "Output tokens · Chat turns"
    spec: FieldSpec
    current: float
    value: float  # the boundary (goal seek's exact value)
    relative_change: float  # (value - current) / current
    orders: float  # change_orders(): what "cheapest" ranks by
    sentence: str  # "Cut output tokens of Chat turns from 120 to 45 (-62%)"
    also: tuple[str, ...] = ()  # labels of fields with the same effect (listed once)
    pitch: Pitch | None = None  # the changed pitch, to apply as one undo step


@dataclass(frozen=True)
class WhatMustChange:
    """The cheapest changes, the date they are for, and what was considered."""

    by: date
    target_drop: float
    required_drop: float
    changes: tuple[Change, ...]
    considered: int  # fields solved for

    @property
    def viable_already(self) -> bool:
        """Nothing must change: the pitch is viable by the date at the slow decline."""
        return self.required_drop <= self.target_drop

    @property
    def text(self) -> str:
        """One line per change, or why there is none."""
        if self.viable_already:
            return f"nothing: viable by {self.by.isoformat()} at the slow decline as it is"
        if not self.changes:
            return (
                f"no single change of a field a founder controls makes it viable by {self.by.isoformat()}: "
                "several must change together"
            )
        return "\n".join(c.sentence for c in self.changes)

    def rows(self) -> list[tuple[str, str]]:
        """(label, text) rows for the scorecard and the memo: one per change, any one of which does it."""
        label = f"What must change by {format_month(self.by)}"
        if self.viable_already or not self.changes:
            return [(label, self.text.replace(f"by {self.by.isoformat()}", "by then"))]
        first, *others = self.changes
        return [(f"{label} (any one)", first.sentence)] + [("or", c.sentence) for c in others]


def change_orders(spec: FieldSpec, current: float, value: float) -> float:
    """How big a change is, in orders of magnitude: ``|log10(value / current)|``; for a share, the larger of
    that and the same for the rest (``1 - share``). Infinite for a change from or to 0."""
    if current <= 0 or value <= 0:
        return math.inf
    orders = abs(math.log10(value / current))
    if spec.kind is Kind.FRACTION:
        rest_now, rest_then = 1 - current, 1 - value
        if rest_now <= 0 or rest_then <= 0:
            return math.inf
        orders = max(orders, abs(math.log10(rest_then / rest_now)))
    return orders


def _percent_change(change: float) -> str:
    """``+203%``, ``-62%``, ``-99.4%`` (a fall of nearly all of it keeps its decimal), ``x169`` past +999%."""
    if change >= 9.995:
        return f"x{format_quantity(change + 1)}"
    if -1 < change <= -0.99:
        return f"-{math.floor(-change * 1000) / 10:.1f}%"
    return f"{change:+.0%}"


def change_sentence(solution: Solution, also: tuple[str, ...] = ()) -> str:
    """``Raise price per user-month from $9.99 to $30.27 (+203%)``: the new value rounded toward viability."""
    assert solution.value is not None
    value, current = solution.value, solution.current
    verb = "Raise" if value > current else ("Cut" if solution.spec.kind is Kind.COUNT else "Lower")
    change = (value - current) / current
    text = (
        f"{verb} {solution.noun} from {value_text(solution.spec, current)} to "
        f"{value_text(solution.spec, value, toward=solution.direction)} ({_percent_change(change)})"
    )
    if also:
        text += f"; or {' or '.join(also)} by as much"
    return text


def _candidates(pitch: Pitch, ev: Evaluation, goal: float) -> list[str]:
    """The lever paths worth solving: a block (or deployment) whose whole cost, removed, would still leave a
    drop above the target cannot make the pitch viable alone, and is skipped."""

    def can_help(shares: float) -> bool:
        return ev.required_drop * (1 - shares) <= goal * (1 + 1e-12)

    paths = list(BUSINESS_LEVERS)
    for i, block in enumerate(pitch.blocks):
        if block.enabled and can_help(ev.blocks[i].share):
            paths += [f"blocks[{i}].{k}" for k in BLOCK_LEVERS]
    for j, dep in enumerate(pitch.deployments):
        share = sum(r.share for r, b in zip(ev.blocks, pitch.blocks, strict=True) if b.deployment == dep.id)
        if share > 0 and can_help(share):
            paths += [f"deployments[{j}].{k}" for k in DEPLOYMENT_LEVERS]
    return paths


def changes_needed(
    pitch: Pitch,
    by: date | None = None,
    catalog: PriceCatalog | None = None,
    n: int = 3,
    *,
    today: date | None = None,
) -> WhatMustChange:
    """The ``n`` cheapest single changes that make ``pitch`` viable by ``by`` at its slow decline.

    Parameters
    ----------
    by
        Default: one year after the pitch's date (365.25 days, rounded to the day, as everywhere).

    Raises
    ------
    PitchError
        The pitch cannot be evaluated.
    """
    catalog = catalog or default_catalog()
    day = pitch.effective_as_of(today)
    by = by or date_after_years(day, 1)
    assert by is not None
    ev = evaluate(pitch, catalog, as_of=day)
    goal, _ = target_drop(pitch, by, today=today)
    if ev.required_drop <= goal:
        return WhatMustChange(by, goal, ev.required_drop, (), 0)
    paths = _candidates(pitch, ev, goal)
    found: list[tuple[float, int, Solution]] = []
    for order, path in enumerate(paths):
        s = solve(pitch, path, by, catalog, today=today, monte_carlo=False)
        if s.value is None or s.note is not None or s.direction is None:
            continue
        orders = change_orders(s.spec, s.current, s.value)
        if math.isfinite(orders):
            found.append((orders, order, s))
    found.sort(key=lambda f: (round(f[0], 9), f[1]))  # ties (float noise aside) keep the order above
    chosen: list[tuple[float, Solution, list[str]]] = []
    group_of: dict[tuple[str, float], int] = {}
    for orders, _, s in found:
        prefix, _, key = s.field.rpartition(".")
        group = (prefix, round(orders, 9)) if key in _SAME_EFFECT else None
        if group is not None and group in group_of:
            chosen[group_of[group]][2].append(s.spec.noun)
            continue
        if len(chosen) >= n:
            continue  # keep reading: a later field may have the same effect as a chosen one
        if group is not None:
            group_of[group] = len(chosen)
        chosen.append((orders, s, []))
    changes = tuple(_change(s, orders, tuple(also)) for orders, s, also in chosen)
    return WhatMustChange(by, goal, ev.required_drop, changes, len(paths))


def _change(s: Solution, orders: float, also: tuple[str, ...]) -> Change:
    assert s.value is not None
    return Change(
        field=s.field,
        label=s.label,
        spec=s.spec,
        current=s.current,
        value=s.value,
        relative_change=(s.value - s.current) / s.current,
        orders=orders,
        sentence=change_sentence(s, also),
        also=also,
        pitch=s.pitch,
    )


def what_must_change(
    pitch: Pitch,
    by: date | None = None,
    catalog: PriceCatalog | None = None,
    n: int = 3,
    *,
    today: date | None = None,
) -> list[Change]:
    """The ``n`` cheapest single changes that make ``pitch`` viable by ``by`` (default: one year after its
    date), cheapest first; empty when it is viable by then already, or when no single change does it
    (:func:`changes_needed` says which, with the date and the drops)."""
    return list(changes_needed(pitch, by, catalog, n, today=today).changes)


def must_change_of(analysis: Analysis, catalog: PriceCatalog | None = None) -> WhatMustChange | None:
    """What must change in the pitch as it was analysed (on its overridden date and scenario, if any), by one
    year after that date: the memo's rows for a pitch with no window open (``score --pdf``, a batch's PDFs).

    None when the analysis failed, or its scenario is one a pitch file cannot hold (the memo goes without).
    """
    ev = analysis.evaluation
    if ev is None:
        return None
    sc = ev.scenario
    if sc.id is not None and sc.id in builtin_scenarios():
        ref: object = sc.id
    else:
        ref = {
            "name": sc.name[:200],
            "annual_decline_low": sc.annual_decline_low,
            "annual_decline_high": sc.annual_decline_high,
            "source": sc.source[:200],
        }
    try:
        pitch = with_changes(analysis.pitch, as_of=ev.as_of, scenario=ref)
        return changes_needed(pitch, None, catalog, today=analysis.today)
    except (PitchError, ValueError):  # pydantic's ValidationError is a ValueError
        return None
