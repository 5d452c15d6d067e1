"""A pitch's scorecard: the figures an investor reads first, as plain data.

Built from an :class:`~core.engine.Evaluation`, the Monte Carlo's :class:`~core.uncertainty.UncertaintyResult`
(optional: it arrives later in the app) and the sensitivity rows. The app's scorecard view, the deal-memo
PDF and the Markdown summary all print :meth:`Scorecard.rows`, so the three never disagree. "What must
change" (core/what_must_change.py) needs the pitch itself: the caller computes it and passes it in.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from core.engine import Breakeven, Evaluation
from core.formatting import (
    format_drop,
    format_fraction,
    format_money,
    format_month,
    format_orders,
    format_percent,
    format_quantity,
    needs_sentence,
)
from core.report import breakeven_sentence
from core.scenarios import DeclineScenario
from core.uncertainty import SensitivityRow, UncertaintyResult
from core.verdict import ArrivalWindow, Verdict, date_after_years
from core.what_must_change import WhatMustChange
from core.wording import arrival_window_text, cost_vs_budget, seed_rule_gloss, verdict_headline

DOMINANT_SHARE = 0.8  # the blocks listed as "dominating the cost" cover at least this share of it
DOMINANT_NAMED = 5  # the sentence names this many of them at most
COST_YEARS = (0, 1, 2)  # cost per paying user-month today, in one year and in two

MONEY_FIELDS = frozenset({"per_call_usd", "price_per_user_month"})
FRACTION_FIELDS = frozenset(
    {
        "cached_input_fraction",
        "cache_write_fraction",
        "target_gross_margin",
        "payment_fee_fraction",
        "inference_share_of_cogs",
    }
)


def format_value(field: str, value: float) -> str:
    """An input's value in its own unit: dollars, a percentage (one decimal at most) or a quantity."""
    if field in MONEY_FIELDS:
        return format_money(value)
    if field in FRACTION_FIELDS:
        return format_fraction(value)
    return format_quantity(value)


def format_change(change: float) -> str:
    """A relative change with its sign: ``-72%``, ``+300%``, ``-99.9%`` (a fall of nearly all of it)."""
    sign = "+" if change > 0 else "-" if change < 0 else ""
    x = abs(change)
    if 0.995 <= x < 1:  # format_percent would say ">99%"; a fall this deep deserves its decimal
        return f"{sign}{math.floor(x * 1000) / 10:.1f}%"
    return sign + format_percent(x)


@dataclass(frozen=True)
class CostAt:
    """Cost per paying user-month ``years`` after the pitch's date, at the scenario's fast and slow decline."""

    years: int
    day: date | None
    fast: float  # cost / annual_decline_high ** years (the low end)
    slow: float  # cost / annual_decline_low ** years (the high end)

    @property
    def text(self) -> str:
        """``$0.39–$0.57`` (one figure when both ends print the same)."""
        low, high = format_money(self.fast), format_money(self.slow)
        return low if low == high else f"{low}–{high}"


@dataclass(frozen=True)
class VerdictMove:
    """The value at which one input changes the verdict, and how far that is from its value."""

    verdict: Verdict  # the verdict past ``at``
    at: float
    change: float | None  # (at - value) / value; None when the value is 0


@dataclass(frozen=True)
class SensitiveAssumption:
    """One input, how much it moves the orders of magnitude, and where it would change the verdict."""

    label: str  # "actions per day · Agent"
    path: str  # "blocks[1].actions_per_day"
    field: str
    value: float
    low: float
    high: float
    from_range: bool
    swing: float  # orders of magnitude between low and high
    moves: tuple[VerdictMove, ...]  # the better verdict first, then the worse

    def move_text(self, move: VerdictMove) -> str:
        """``15 → 4.2 for one order away (-72%)``."""
        text = (
            f"{format_value(self.field, self.value)} → {format_value(self.field, move.at)} "
            f"for {move.verdict.short.lower()}"
        )
        return text + (f" ({format_change(move.change)})" if move.change is not None else "")

    @property
    def text(self) -> str:
        """``actions per day · Agent: 15 → 4.2 for one order away (-72%)``; every move, or that none exists."""
        if not self.moves:
            return f"{self.label}: no value within its bounds changes the verdict"
        return f"{self.label}: " + "; ".join(self.move_text(m) for m in self.moves)

    @property
    def swing_text(self) -> str:
        """``moves the orders of magnitude by 0.61 between 0.3 and 3 (its range)``."""
        where = "its range" if self.from_range else "x0.5 to x2 or halfway to its bounds"
        return (
            f"moves the orders of magnitude by {self.swing:.2f} between "
            f"{format_value(self.field, self.low)} and {format_value(self.field, self.high)} ({where})"
        )


@dataclass(frozen=True)
class BlockShare:
    """A block's cost per (active) user-month and its share of the pitch's cost."""

    index: int
    name: str
    cost_per_user_month: float
    share: float


@dataclass(frozen=True)
class MonteCarloArrival:
    """The Monte Carlo's arrival percentiles (labelled as such: not the point-value window)."""

    samples: int
    seed: int
    p_viable_now: float
    p10: date | None
    p50: date | None
    p90: date | None

    @property
    def text(self) -> str:
        """``P10 Oct 2027 · P50 Jul 2028 · P90 May 2029; 4% viable today (20,000 samples, seed 0)``."""
        return (
            f"P10 {format_month(self.p10)} · P50 {format_month(self.p50)} · P90 {format_month(self.p90)}; "
            f"{format_percent(self.p_viable_now)} viable today ({self.samples:,} samples, seed {self.seed})"
        )


@dataclass(frozen=True)
class Scorecard:
    """Everything the scorecard shows about one pitch, numbers and the sentences made of them."""

    name: str
    as_of: date
    scenario: DeclineScenario
    catalog_version: str
    verdict: Verdict
    orders_of_magnitude: float | None
    required_drop: float
    cost_per_user_month: float
    cost_per_paying_user_month: float
    budget_per_user_month: float
    target_gross_margin: float
    gross_margin_today: float
    arrival: ArrivalWindow
    headline: str  # "One order of magnitude away · about 9-12 months at Frontier 5-10x/yr"
    cost_vs_budget_text: str  # "$23.30 per paying user-month ($1.79 per active user) vs $3.06 budget"
    arrival_text: str  # "Viable between Dec 2027 and Jul 2028 (point values at ...)"
    monte_carlo: MonteCarloArrival | None
    costs: tuple[CostAt, ...]  # today, +1 year, +2 years
    most_sensitive: SensitiveAssumption | None
    nearest_change: (
        SensitiveAssumption | None
    )  # the single smallest move of any input that changes the verdict
    dominant_blocks: tuple[BlockShare, ...]
    breakeven: Breakeven
    breakeven_text: str
    warnings: tuple[str, ...]
    # The cheapest single changes that make the pitch viable by a date (core/what_must_change.py); None when
    # the caller did not compute them (they need the pitch, not only its evaluation).
    must_change: WhatMustChange | None = None

    @property
    def dominant_share(self) -> float:
        """The share of the cost the dominant blocks cover together."""
        return sum(b.share for b in self.dominant_blocks)

    @property
    def orders_text(self) -> str:
        """``0.88: cost must fall 7.62x`` or ``-0.50: viable at today's prices (3.16x headroom)``."""
        head = format_orders(self.orders_of_magnitude)
        if self.verdict is Verdict.VIABLE_NOW:
            return f"{head}: {needs_sentence(self.required_drop, self.orders_of_magnitude, self.verdict)}"
        return (
            f"{head}: inference must get {format_drop(self.required_drop, self.orders_of_magnitude)} cheaper"
        )

    @property
    def cost_text(self) -> str:
        """``$1.79 per paying user-month ($0.14 per active user) vs $0.23 budget for inference``."""
        return f"{self.cost_vs_budget_text} for inference"

    @property
    def costs_text(self) -> str:
        """``as of Nov 2026: $1.79 · Nov 2027: $0.39–$0.57 · Nov 2028: $0.083–$0.18``."""
        return " · ".join(
            f"{'as of ' if c.years == 0 else ''}{format_month(c.day)}: {c.text}" for c in self.costs
        )

    @property
    def margin_text(self) -> str:
        """``-205% (target 65.5%)``: input fractions, one decimal at most."""
        return (
            f"{format_fraction(self.gross_margin_today)} (target {format_fraction(self.target_gross_margin)})"
        )

    @property
    def dominant_text(self) -> str:
        """``Homework solver agent 63% · Tutor chat 30% (93% of the cost)``."""
        if not self.dominant_blocks:
            return "nothing: the pitch costs nothing to run"
        named = self.dominant_blocks[:DOMINANT_NAMED]
        parts = " · ".join(f"{b.name} {format_percent(b.share)}" for b in named)
        more = len(self.dominant_blocks) - len(named)
        if more:
            parts += f" · and {more} more blocks"
        return f"{parts} ({format_percent(self.dominant_share)} of the cost)"

    @property
    def scenario_text(self) -> str:
        """``10x every 18-24 months (the seed essay's forecast) (3.16-4.64x/yr)``."""
        s = self.scenario
        return f"{s.name} ({s.factors_text})"

    def rows(self) -> list[tuple[str, str]]:
        """(label, text) lines, in reading order: what the view, the PDF and the Markdown print."""
        rows = [
            ("Verdict", self.headline),
            ("The seed's rule of thumb", seed_rule_gloss(self.verdict)),
            ("Orders of magnitude", self.orders_text),
            ("Cost vs budget", self.cost_text),
            ("Arrival (scenario, point values)", self.arrival_text),
            (
                "Arrival (Monte Carlo)",
                self.monte_carlo.text if self.monte_carlo is not None else "simulating…",
            ),
            ("Gross margin at today's prices", self.margin_text),
            ("Cost per paying user-month (fast–slow decline)", self.costs_text),
            (
                "Most sensitive assumption",
                self.most_sensitive.text if self.most_sensitive is not None else "nothing to vary",
            ),
        ]
        if self.nearest_change is not None and not _same_move(self.nearest_change, self.most_sensitive):
            rows.append(("Smallest change that flips the verdict", self.nearest_change.text))
        if self.must_change is not None:
            rows += self.must_change.rows()
        rows += [
            ("Cost dominated by", self.dominant_text),
            ("Break-even", self.breakeven_text),
        ]
        return rows


def _same_move(a: SensitiveAssumption, b: SensitiveAssumption | None) -> bool:
    return b is not None and a.path == b.path and all(m in b.moves for m in a.moves)


def _moves(row: SensitivityRow) -> tuple[VerdictMove, ...]:
    moves = []
    for verdict, at in ((row.better_verdict, row.better_at), (row.worse_verdict, row.worse_at)):
        if verdict is None or at is None:
            continue
        change = (at - row.value) / row.value if row.value != 0 else None
        moves.append(VerdictMove(verdict, at, change))
    return tuple(moves)


def sensitive_assumption(row: SensitivityRow) -> SensitiveAssumption:
    """A sensitivity row as the scorecard shows it."""
    return SensitiveAssumption(
        label=row.label,
        path=row.path,
        field=row.field,
        value=row.value,
        low=row.low,
        high=row.high,
        from_range=row.from_range,
        swing=row.swing,
        moves=_moves(row),
    )


def nearest_change(rows: Sequence[SensitivityRow]) -> SensitiveAssumption | None:
    """The input that changes the verdict with the smallest move (the least ``|log(at / value)|``).

    Inputs at 0 have no relative move and are left out; among equal moves the earlier row wins.
    """
    best: tuple[float, SensitivityRow, VerdictMove] | None = None
    for row in rows:
        if row.value <= 0:
            continue
        for move in _moves(row):
            if move.at <= 0:
                continue
            distance = abs(math.log(move.at / row.value))
            if best is None or distance < best[0]:
                best = (distance, row, move)
    if best is None:
        return None
    _, row, move = best
    return SensitiveAssumption(
        label=row.label,
        path=row.path,
        field=row.field,
        value=row.value,
        low=row.low,
        high=row.high,
        from_range=row.from_range,
        swing=row.swing,
        moves=(move,),
    )


def dominant_blocks(ev: Evaluation, cover: float = DOMINANT_SHARE) -> tuple[BlockShare, ...]:
    """The costliest blocks, largest first, until together they cover ``cover`` of the cost.

    Equal costs keep the file's order. Empty when the pitch costs nothing.
    """
    if ev.cost_per_user_month <= 0:
        return ()
    ranked = sorted(
        (b for b in ev.blocks if b.enabled and b.cost_per_user_month > 0),
        key=lambda b: (-b.cost_per_user_month, b.index),
    )
    out: list[BlockShare] = []
    total = 0.0
    for b in ranked:
        out.append(BlockShare(b.index, b.name, b.cost_per_user_month, b.share))
        total += b.share
        if total >= cover - 1e-9:
            break
    return tuple(out)


def costs_over_time(ev: Evaluation, years: Sequence[int] = COST_YEARS) -> tuple[CostAt, ...]:
    """Cost per paying user-month after each of ``years``: ``cost / high**t`` to ``cost / low**t``."""
    s = ev.scenario
    cost = ev.cost_per_paying_user_month
    return tuple(
        CostAt(
            t, date_after_years(ev.as_of, t), cost / s.annual_decline_high**t, cost / s.annual_decline_low**t
        )
        for t in years
    )


def build_scorecard(
    ev: Evaluation,
    mc: UncertaintyResult | None = None,
    sensitivity_rows: Sequence[SensitivityRow] = (),
    *,
    today: date,
    must_change: WhatMustChange | None = None,
) -> Scorecard:
    """The scorecard of an evaluated pitch.

    Parameters
    ----------
    ev
        The point evaluation.
    mc
        The Monte Carlo of the same pitch, or ``None`` while it runs.
    sensitivity_rows
        ``core.uncertainty.sensitivity`` of the same pitch, largest swing first.
    today
        Today's date (the caller's ``date.today()``): an arrival window before it is written as passed.
    must_change
        ``core.what_must_change.changes_needed`` of the same pitch (by the date the user picks; default one
        year after as_of): its rows follow the smallest verdict-flipping change.
    """
    rows = list(sensitivity_rows)
    return Scorecard(
        name=ev.name,
        as_of=ev.as_of,
        scenario=ev.scenario,
        catalog_version=ev.catalog_version,
        verdict=ev.verdict,
        orders_of_magnitude=ev.orders_of_magnitude,
        required_drop=ev.required_drop,
        cost_per_user_month=ev.cost_per_user_month,
        cost_per_paying_user_month=ev.cost_per_paying_user_month,
        budget_per_user_month=ev.budget_per_user_month,
        target_gross_margin=ev.business["target_gross_margin"],
        gross_margin_today=ev.gross_margin_today,
        arrival=ev.arrival,
        headline=verdict_headline(ev, today),
        cost_vs_budget_text=cost_vs_budget(ev),
        arrival_text=arrival_window_text(ev, today),
        monte_carlo=MonteCarloArrival(
            mc.samples, mc.seed, mc.p_viable_now, mc.arrival_p10, mc.arrival_p50, mc.arrival_p90
        )
        if mc is not None
        else None,
        costs=costs_over_time(ev),
        most_sensitive=sensitive_assumption(rows[0]) if rows else None,
        nearest_change=nearest_change(rows),
        dominant_blocks=dominant_blocks(ev),
        breakeven=ev.breakeven,
        breakeven_text=breakeven_sentence(ev),
        warnings=ev.warnings,
        must_change=must_change,
    )


__all__ = [
    "DOMINANT_SHARE",
    "BlockShare",
    "CostAt",
    "MonteCarloArrival",
    "Scorecard",
    "SensitiveAssumption",
    "VerdictMove",
    "build_scorecard",
    "costs_over_time",
    "dominant_blocks",
    "format_change",
    "format_quantity",
    "format_value",
    "nearest_change",
    "sensitive_assumption",
]
