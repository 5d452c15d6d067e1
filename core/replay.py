"""Replaying a pitch at a past date, with substitutes for models that did not exist yet.

Setting a pitch's ``as_of`` to a past day prices every block with that day's prices (``core.catalog``
resolves the bundled history's rows). A block whose model had no price yet on that day makes the whole
evaluation fail ("X has no known price before D"). This module finds what a builder could have used
instead: a model that existed on the day, chosen by the first rule that applies:

1. ``comparable_score``: the missing model has a benchmark score in the history (MMLU or GPQA): the
   models of the day with the same kind of score and ``score >= missing score - tolerance``, cheapest first.
2. ``best_score_then``: it has a score but nothing of the day comes within the tolerance: the models of
   the day with that kind of score, best score first (the most capable one could buy then).
3. ``same_provider``: it has no score: the same provider's models of the day, cheapest first.
4. ``cheapest_then``: nothing from that provider either: every model of the day, cheapest first.

"Cheapest" compares Epoch AI's 3:1 input:output blend of the price the catalog gives on that day. A
model "of the day" is one with a history row on or before it; the history knows no retirement dates,
so a model retired by then is still offered (a limitation to keep in mind for 2025-2026 replays).

A substitute with a catalog id replaces the block's ``model`` and drops the block's own per-token prices
(they were the old model's). A row without a catalog id (gpt-3-davinci: the only model of 2021-2022 in
the history) is applied as explicit prices without a model, as the catalog could not price it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from core.catalog import PriceCatalog
from core.errors import PitchError
from core.formatting import format_money
from core.history import HistoryRow, history_by_catalog_id, price_history
from core.history_analysis import model_key, model_score, prices_on
from core.pitch import FeatureBlock, Pitch, PriceSpec, with_changes
from core.prices import ResolvedPrice

# MMLU scores of one model differ by a few points between evaluation set-ups (5-shot vs. 0-shot
# chain-of-thought, the prompt format): models within 3 points are read as the same level. With 3,
# GPT-4o (89) replayed in March 2023 is matched by GPT-4 (86).
DEFAULT_TOLERANCE = 3.0


class SubstituteRule(StrEnum):
    """Which rule chose a substitute (module docstring)."""

    COMPARABLE_SCORE = "comparable_score"
    BEST_SCORE_THEN = "best_score_then"
    SAME_PROVIDER = "same_provider"
    CHEAPEST_THEN = "cheapest_then"

    @property
    def words(self) -> str:
        return _RULE_WORDS[self]


_RULE_WORDS = {
    SubstituteRule.COMPARABLE_SCORE: "comparable score",
    SubstituteRule.BEST_SCORE_THEN: "best score of the day (nothing comparable existed)",
    SubstituteRule.SAME_PROVIDER: "same provider (no score known)",
    SubstituteRule.CHEAPEST_THEN: "cheapest of the day (no score known, nothing from that provider)",
}


@dataclass(frozen=True)
class Substitute:
    """A model that existed on the replay date, with its price then and why it was chosen."""

    model: str  # the history's model name (gpt-4-0314)
    provider: str
    catalog_id: str | None  # None: applied as explicit prices
    input_per_mtok: float
    output_per_mtok: float
    cached_input_per_mtok: float | None
    score_kind: str | None
    score: float | None
    source: str
    rule: SubstituteRule
    reason: str

    @property
    def blended_3_to_1(self) -> float:
        """Epoch AI's blend: three input tokens for every output token (USD per million tokens)."""
        return (3 * self.input_per_mtok + self.output_per_mtok) / 4

    @property
    def label(self) -> str:
        """How the substitute is named on screen and in undo texts: its catalog id, or the row's model."""
        return self.catalog_id or f"{self.model}'s price"

    @property
    def price_text(self) -> str:
        """``$30/$60 per M tokens`` (input/output)."""
        return f"{format_money(self.input_per_mtok)}/{format_money(self.output_per_mtok)} per M tokens"

    def apply_to(self, block: FeatureBlock) -> FeatureBlock:
        """``block`` using this substitute: its model (catalog prices), or its prices written in."""
        if self.catalog_id is not None:
            return with_changes(block, model=self.catalog_id, price=None)  # type: ignore[no-any-return]
        spec: dict[str, float] = {
            "input_per_mtok": self.input_per_mtok,
            "output_per_mtok": self.output_per_mtok,
        }
        if self.cached_input_per_mtok is not None:
            spec["cached_input_per_mtok"] = self.cached_input_per_mtok
        return with_changes(block, model=None, price=PriceSpec.model_validate(spec))  # type: ignore[no-any-return]


def _block_model_rows(
    block: FeatureBlock, catalog: PriceCatalog
) -> tuple[str | None, tuple[HistoryRow, ...]]:
    if block.model is None:
        return None, ()
    canonical = catalog.canonical_id(block.model)
    return canonical, history_by_catalog_id().get(canonical or "", ())


def missing_price(block: FeatureBlock, as_of: date, catalog: PriceCatalog) -> str | None:
    """Why ``block`` cannot be priced on ``as_of`` (the catalog's message), or ``None`` when it can."""
    try:
        catalog.resolve_block(block, as_of)
    except PitchError as exc:
        return exc.message
    return None


def _candidates(as_of: date, catalog: PriceCatalog, exclude: str | None) -> list[Substitute]:
    """Every model of the day with the price the pitch would get, as rule-less substitutes."""
    rows = price_history()
    out = []
    for key, row in prices_on(as_of, rows).items():
        if row.catalog_id is not None and row.catalog_id == exclude:
            continue
        kind, score = model_score(key, rows)
        inp, outp, cached, source = (
            row.input_per_mtok,
            row.output_per_mtok,
            row.cached_input_per_mtok,
            row.source_text,
        )
        if row.catalog_id is not None:
            try:
                price = catalog.price_at(row.catalog_id, as_of)
            except PitchError:
                continue  # cannot happen for a row on or before the date; never offer what cannot be priced
            if "input_per_mtok" not in price.fields or "output_per_mtok" not in price.fields:
                continue
            inp, outp = price.fields["input_per_mtok"], price.fields["output_per_mtok"]
            cached = price.fields.get("cached_input_per_mtok")
            source = price.source
        out.append(
            Substitute(
                model=row.model,
                provider=row.provider,
                catalog_id=row.catalog_id,
                input_per_mtok=inp,
                output_per_mtok=outp,
                cached_input_per_mtok=cached,
                score_kind=kind,
                score=score,
                source=source,
                rule=SubstituteRule.CHEAPEST_THEN,
                reason="",
            )
        )
    return out


def _with_rule(subs: Sequence[Substitute], rule: SubstituteRule, reason: str) -> list[Substitute]:
    return [
        Substitute(
            s.model, s.provider, s.catalog_id, s.input_per_mtok, s.output_per_mtok,
            s.cached_input_per_mtok, s.score_kind, s.score, s.source, rule, reason,
        )
        for s in subs
    ]  # fmt: skip


def _cheapest_first(s: Substitute) -> tuple[float, str]:
    return (s.blended_3_to_1, s.label)


def substitutes(
    block: FeatureBlock, as_of: date, catalog: PriceCatalog, tolerance: float = DEFAULT_TOLERANCE
) -> list[Substitute]:
    """Models that existed on ``as_of`` to use instead of ``block``'s model, the suggested one first.

    Parameters
    ----------
    block
        A block naming a model (a block without one has nothing to replace: ``[]``).
    as_of
        The replay date.
    catalog
        Prices the substitutes as the pitch would be priced on that day.
    tolerance
        Score points below the missing model's score still read as comparable.

    Returns
    -------
    list of Substitute
        All candidates of the first rule that has any (module docstring), each carrying the rule and a
        sentence saying why; empty when no model in the history had a price on ``as_of``.
    """
    canonical, rows = _block_model_rows(block, catalog)
    if block.model is None:
        return []
    candidates = _candidates(as_of, catalog, exclude=canonical)
    if not candidates:
        return []
    kind, score = (None, None)
    if rows:
        kind, score = model_score(model_key(rows[0]), rows)
    day = as_of.isoformat()
    if kind is not None and score is not None:
        floor = score - tolerance
        same_kind = [c for c in candidates if c.score_kind == kind and c.score is not None]
        close = [c for c in same_kind if c.score is not None and c.score >= floor]
        if close:
            reason = (
                f"{block.model} scores {kind} {score:g}; these scored at least {floor:g} ({score:g} minus "
                f"{tolerance:g} points) and had a price on {day}: the cheapest first"
            )
            return _with_rule(sorted(close, key=_cheapest_first), SubstituteRule.COMPARABLE_SCORE, reason)
        if same_kind:
            reason = (
                f"{block.model} scores {kind} {score:g}; nothing priced on {day} scored within {tolerance:g} "
                f"points: the best {kind} score of the day first"
            )
            ranked = sorted(same_kind, key=lambda c: (-(c.score or 0.0), c.blended_3_to_1, c.label))
            return _with_rule(ranked, SubstituteRule.BEST_SCORE_THEN, reason)
    provider = rows[0].provider if rows else (block.model.partition(":")[0])
    family = [c for c in candidates if c.provider == provider]
    if family:
        reason = f"no benchmark score is known for {block.model}: {provider}'s models priced on {day}, cheapest first"
        return _with_rule(sorted(family, key=_cheapest_first), SubstituteRule.SAME_PROVIDER, reason)
    reason = (
        f"no benchmark score is known for {block.model} and {provider} had no model priced on {day}: "
        "every model of the day, cheapest first"
    )
    return _with_rule(sorted(candidates, key=_cheapest_first), SubstituteRule.CHEAPEST_THEN, reason)


@dataclass(frozen=True)
class BlockReplay:
    """One block of a pitch replayed on a date: its price then, or why there is none and what to use instead."""

    index: int
    name: str
    model: str | None
    price: ResolvedPrice | None  # None: cannot be priced on the date
    error: str | None
    undated: bool  # priced, but its model has no dated history: genai-prices prices it on any date
    substitutes: tuple[Substitute, ...]

    @property
    def needs_substitute(self) -> bool:
        return self.price is None

    @property
    def suggested(self) -> Substitute | None:
        return self.substitutes[0] if self.substitutes else None


def _history_end() -> date:
    return max(r.price_date for r in price_history())


def replay_blocks(pitch: Pitch, as_of: date, catalog: PriceCatalog) -> tuple[BlockReplay, ...]:
    """Every block of ``pitch`` on ``as_of``: priced (from the history or genai-prices) or not, with substitutes.

    A block whose model has no row in the bundled history is priced by genai-prices on any date (it has no
    release dates): on a date before the history's last row it is marked ``undated`` and offered
    substitutes too, without needing them (after that date genai-prices is the better source).
    """
    out = []
    for i, block in enumerate(pitch.blocks):
        error = missing_price(block, as_of, catalog)
        price = None if error is not None else catalog.resolve_block(block, as_of)[0]
        _, rows = _block_model_rows(block, catalog)
        undated = error is None and block.model is not None and not rows and as_of < _history_end()
        subs: tuple[Substitute, ...] = ()
        if error is not None or undated:
            subs = tuple(substitutes(block, as_of, catalog))
        out.append(BlockReplay(i, block.name, block.model, price, error, undated, subs))
    return tuple(out)


def replayed(pitch: Pitch, as_of: date, choices: Mapping[int, Substitute] | None = None) -> Pitch:
    """``pitch`` dated ``as_of`` with block ``i`` using ``choices[i]`` (one value: one undo step)."""
    blocks = list(pitch.blocks)
    for i, sub in (choices or {}).items():
        blocks[i] = sub.apply_to(blocks[i])
    return with_changes(pitch, as_of=as_of, blocks=tuple(blocks))  # type: ignore[no-any-return]


def replay_text(as_of: date, changes: Sequence[tuple[str, Substitute]]) -> str:
    """The undo step's name: ``Replay at 2023-03-14: use openai:gpt-4 for Chat``."""
    day = f"Replay at {as_of.isoformat()}"
    if not changes:
        return day
    if len(changes) == 1:
        name, sub = changes[0]
        return f"{day}: use {sub.label} for {name}"
    return f"{day}: use substitutes for {len(changes)} blocks"
