"""Comparing pitches: variants that differ from a pitch by one change, and the figures shown side by side.

A founder weighing options asks "what if every block ran on a cheaper model?", "what if we charged
$40?", "what if users used it twice as much?", "what if prices fall more slowly?". Each question is one
:class:`VariantChange`; :func:`make_variant` applies it to a pitch and names the result
``"<name> — <change>"`` so both can sit on one viability map. Every number comes from the engine: a
variant is an ordinary, validated pitch.

"Every block on one model" is one rule, :func:`switch_models`, used by a compare variant and by the
presentation's model tiers alike: the blocks that name a catalog model and are priced per token move to the
new model; a block with typed-in prices, one priced per call (an image, a voice minute) and one priced from
a deployment keep their pricing, which a text model's price says nothing about.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from core.catalog import PriceCatalog, default_catalog
from core.engine import BlockResult, Evaluation, prepare
from core.errors import PitchError
from core.formatting import format_money
from core.pitch import MAX_NAME, Pitch
from core.pitch_io import pitch_from_document
from core.scenarios import builtin_scenarios
from core.scoring import ScoreRow
from core.uncertainty import UncertaintyResult
from core.verdict import Verdict

NAME_SEPARATOR = " — "  # "<name> — <change>"


class ChangeKind(StrEnum):
    """What a variant changes."""

    MODEL = "model"  # every block's catalog model (value: a catalog id)
    PRICE = "price"  # business.price_per_user_month (value: USD)
    USAGE = "usage"  # business.usage_multiplier (value: a factor > 0)
    SCENARIO = "scenario"  # the decline scenario (value: a built-in scenario id)


@dataclass(frozen=True)
class VariantChange:
    """One change that turns a pitch into a variant of it."""

    kind: ChangeKind
    value: str | float

    def describe(self) -> str:
        """The change in a few words, as it appears in the variant's name."""
        if self.kind is ChangeKind.MODEL:
            return f"on {self.value}"
        numeric = isinstance(self.value, (int, float)) and not isinstance(self.value, bool)
        if self.kind is ChangeKind.PRICE:
            return f"price {format_money(float(self.value)) if numeric else self.value} per user-month"
        if self.kind is ChangeKind.USAGE:
            return f"usage ×{float(self.value):g}" if numeric else f"usage ×{self.value}"
        return f"scenario {self.value}"


def variant_name(name: str, change: VariantChange) -> str:
    """``"<name> — <change>"``, the base name shortened with "…" if the whole would exceed a name's limit."""
    suffix = NAME_SEPARATOR + change.describe()
    room = MAX_NAME - len(suffix)
    if len(name) > room:
        name = name[: max(1, room - 1)] + "…"
    return (name + suffix)[:MAX_NAME]


def _positive_number(value: str | float, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise PitchError(f"must be a number, got {value!r}", field=field)
    x = float(value)
    if not math.isfinite(x) or x <= 0:
        raise PitchError(f"must be a finite number above 0, got {x:g}", field=field)
    return x


def _scaled_range(ranges: dict[str, Any], field: str, old: float, new: float) -> None:
    # A 90% range is kept relative to its value (a lognormal's spread), so the variant stays as uncertain
    # as the pitch it came from, and the new value stays inside its range.
    if field in ranges and old > 0:
        low, high = ranges[field]
        ranges[field] = (low * new / old, high * new / old)


def switchable_blocks(pitch: Pitch) -> list[int]:
    """The blocks :func:`switch_models` moves: those that name a catalog model and are priced per token only."""
    return [
        i
        for i, b in enumerate(pitch.blocks)
        if b.model is not None and b.deployment is None and b.per_call_usd == 0
    ]


def canonical_model(model_id: str, catalog: PriceCatalog) -> str:
    """The catalog's own id for ``model_id``; PitchError (field ``model``) when it knows no such model."""
    wanted = model_id.strip()
    canonical = catalog.canonical_id(wanted) if wanted else None
    if canonical is None:
        raise PitchError(
            f"unknown model {wanted!r}: not in the price catalog ({catalog.version}) nor in the "
            "bundled price history; `computecurve catalog QUERY` lists the ids",
            field="model",
        )
    return canonical


def switch_models(pitch: Pitch, model_id: str, catalog: PriceCatalog | None = None) -> Pitch:
    """``pitch`` with every switchable block (:func:`switchable_blocks`) on the catalog model ``model_id``.

    A switched block drops its own per-token prices (they were the old model's): the new model's catalog
    prices on the pitch's date apply. The name and everything else are kept.

    Raises
    ------
    PitchError
        ``model_id`` is not in the catalog nor in the bundled history (field ``model``).
    """
    canonical = canonical_model(model_id, catalog or default_catalog())
    doc = pitch.model_dump(mode="python")
    for i in switchable_blocks(pitch):
        doc["blocks"][i]["model"] = canonical
        doc["blocks"][i]["price"] = None
    return pitch_from_document(doc)


def make_variant(pitch: Pitch, change: VariantChange, catalog: PriceCatalog | None = None) -> Pitch:
    """``pitch`` with ``change`` applied and named ``"<name> — <change>"``.

    A model switch is :func:`switch_models` (the blocks priced per token from a catalog model move to the
    new one at its catalog prices on the pitch's date). A new price or usage multiplier scales its 90%
    range, if any, by the same factor.

    Raises
    ------
    PitchError
        The value is invalid: an unknown model or one without a price on the pitch's date, a price or
        multiplier outside the pitch format's bounds, an unknown scenario id. The message names the field.
    """
    catalog = catalog or default_catalog()
    doc = pitch.model_dump(mode="python")
    doc["name"] = variant_name(pitch.name, change)  # (a model switch names the catalog's own id, below)
    business = doc["business"]
    ranges = dict(business.get("ranges") or {})
    if change.kind is ChangeKind.MODEL:
        canonical = canonical_model(str(change.value), catalog)
        doc = switch_models(pitch, canonical, catalog).model_dump(mode="python")
        doc["name"] = variant_name(pitch.name, VariantChange(ChangeKind.MODEL, canonical))
        business = doc["business"]
    elif change.kind is ChangeKind.PRICE:
        price = _positive_number(change.value, "business.price_per_user_month")
        _scaled_range(ranges, "price_per_user_month", pitch.business.price_per_user_month, price)
        business["price_per_user_month"] = price
    elif change.kind is ChangeKind.USAGE:
        factor = _positive_number(change.value, "business.usage_multiplier")
        _scaled_range(ranges, "usage_multiplier", pitch.business.usage_multiplier, factor)
        business["usage_multiplier"] = factor
    else:
        scenario = str(change.value)
        if scenario not in builtin_scenarios():
            raise PitchError(
                f"unknown scenario {scenario!r}; built-in ids: {', '.join(builtin_scenarios())}",
                field="scenario",
            )
        doc["scenario"] = scenario
    business["ranges"] = ranges
    variant = pitch_from_document(doc)
    if change.kind is ChangeKind.MODEL:
        prepare(variant, catalog)  # the model must have a price on the pitch's date: say so now
    return variant


# ------------------------------------------------------------------------------------------------------
# Figures side by side
# ------------------------------------------------------------------------------------------------------


def top_block(ev: Evaluation) -> BlockResult | None:
    """The block that costs the most per user-month (the first of equals), or None when nothing costs."""
    best: BlockResult | None = None
    for block in ev.blocks:
        costs = block.enabled and block.cost_per_user_month > 0
        if costs and (best is None or block.cost_per_user_month > best.cost_per_user_month):
            best = block
    return best


@dataclass(frozen=True)
class CompareFigures:
    """One pitch's numbers in the comparison table (the engine's own values, unformatted)."""

    name: str
    verdict: Verdict
    orders_of_magnitude: float | None
    cost_per_paying_user_month: float
    budget_per_user_month: float
    required_drop: float
    arrival_earliest: date | None
    arrival_latest: date | None
    arrival_p10: date | None  # Monte Carlo; None also when not computed (see ``simulated``)
    arrival_p90: date | None
    simulated: bool
    top_block_name: str | None
    top_block_share: float | None
    as_of: date
    scenario_name: str


def compare_figures(ev: Evaluation, mc: UncertaintyResult | None = None) -> CompareFigures:
    """The comparison table's row for an evaluation (and its Monte Carlo, when it has been run)."""
    top = top_block(ev)
    return CompareFigures(
        name=ev.name,
        verdict=ev.verdict,
        orders_of_magnitude=ev.orders_of_magnitude,
        cost_per_paying_user_month=ev.cost_per_paying_user_month,
        budget_per_user_month=ev.budget_per_user_month,
        required_drop=ev.required_drop,
        arrival_earliest=ev.arrival.earliest,
        arrival_latest=ev.arrival.latest,
        arrival_p10=mc.arrival_p10 if mc else None,
        arrival_p90=mc.arrival_p90 if mc else None,
        simulated=mc is not None,
        top_block_name=top.name if top else None,
        top_block_share=top.share if top else None,
        as_of=ev.as_of,
        scenario_name=ev.scenario.id or f"custom: {ev.scenario.name}",
    )


# ------------------------------------------------------------------------------------------------------
# Is a batch a like-for-like comparison?
# ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Comparability:
    """The dates and scenarios a set of scored memos used: one of each is a like-for-like comparison.

    "Fair" (the batch view's *Compare fairly*, ``computecurve score --as-of``) means the **same capability
    priced on the same date** under one scenario: scored on a common date, each block is priced at the cheapest
    model of at least its capability then (``core.replay.like_for_like``; ``core.scoring.score_file`` applies
    it), so a 2023 memo on GPT-4 is not left at GPT-4's legacy list price in 2026 when GPT-4-level models cost
    a hundredth of it. Each row's ``notes`` say which models were replaced.
    """

    dates: tuple[date, ...]  # sorted, distinct
    scenarios: tuple[str, ...]  # sorted, distinct (built-in ids, or "custom: <name>")

    @property
    def like_for_like(self) -> bool:
        return len(self.dates) <= 1 and len(self.scenarios) <= 1


def comparability(rows: Iterable[ScoreRow]) -> Comparability:
    """Which dates and scenarios the scored rows (not the failed ones) were evaluated with."""
    dates: set[date] = set()
    scenarios: set[str] = set()
    for row in rows:
        ev = row.evaluation
        if ev is not None:
            dates.add(ev.as_of)
            scenarios.add(ev.scenario.id or f"custom: {ev.scenario.name}")
    return Comparability(tuple(sorted(dates)), tuple(sorted(scenarios)))


def verdict_counts(rows: Sequence[ScoreRow]) -> dict[Verdict | None, int]:
    """How many rows fall in each verdict band (``None``: could not be scored), bands in order."""
    counts: dict[Verdict | None, int] = dict.fromkeys([*Verdict, None], 0)
    for row in rows:
        counts[row.evaluation.verdict if row.evaluation else None] += 1
    return counts
