"""Substitutes by capability: replaying a pitch at a past date, and pricing memos like for like on one date.

Setting a pitch's ``as_of`` to another day prices every block with that day's prices (``core.catalog``). A
block whose model had no price on that day (not released yet, or no known price) makes the evaluation fail.
This module finds what a builder could have used instead, **by capability, never by name** (issue 9):

* **What must be matched** (:func:`capability_target`): the block's own requirement (``requires``: the
  capability the feature needs, docs/contract.md 6.3) when it has one; else its model's scores in the
  capability table (``resources/capability.csv``). A model with no score there has an unknown capability:
  no substitute is chosen for it, and the reason says so.
* **Who qualifies** (:meth:`CapabilityTarget.admits`): a model released and priced on the day (section 1's
  rules) that meets the requirement, or that shares at least one benchmark with the model and scores at
  least as high on *every* benchmark they share (at least its capability on a shared benchmark, and weaker
  on none). Scores are taken as published: no tolerance.
* **Which one**: the cheapest for the block's own calls (its token mix, cache shares, modality tokens and
  tiers: :func:`core.prices.block_cost_per_call`, the arithmetic the engine bills), equal costs by id.
* **None qualifies**: said plainly ("no model of this capability existed on 2023-03-15"), never a weaker one.

"Compare fairly" (:func:`like_for_like`) is the same rule run forwards. Scoring memos on one common date is
fair when every memo pays the price of the **same capability on that date**: a block whose model is not the
cheapest model of at least its capability then (GPT-4 at its legacy $30/$60 in 2026, when GPT-4-level models
cost cents) is priced at that cheapest model; a block whose model did not exist yet is priced at a model of
its capability that did. A block that states its own price without a model, or a deployment, is the memo's
own assumption and is kept; so is a model of unknown capability (no score), which is kept at its own price on
the date, with a note.

A substitute replaces the block's ``model`` and drops the block's own per-token prices (they were the old
model's).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from core import capability
from core.capability import benchmark_name
from core.catalog import PriceCatalog
from core.errors import PitchError
from core.formatting import format_money
from core.pitch import FeatureBlock, Pitch, with_changes
from core.prices import ResolvedPrice, block_cost_per_call


class SubstituteRule(StrEnum):
    """What a substitute was matched on (module docstring)."""

    REQUIREMENT = "requirement"  # meets the block's own ``requires``
    CAPABILITY = "capability"  # at least the model's scores on every benchmark they share
    CLOSEST = "closest"  # none of those existed: at least the model's score on one shared benchmark

    @property
    def words(self) -> str:
        return _RULE_WORDS[self]


_RULE_WORDS = {
    SubstituteRule.REQUIREMENT: "meets the block's requirement",
    SubstituteRule.CAPABILITY: "at least the model's capability on every shared benchmark",
    SubstituteRule.CLOSEST: "at least the model's capability on one shared benchmark, below it on another",
}


@dataclass(frozen=True)
class CapabilityTarget:
    """The capability a substitute must have: minimum scores, each on a benchmark."""

    minimums: tuple[tuple[str, float], ...]  # (benchmark, score), in core.pitch.BENCHMARKS order
    rule: SubstituteRule
    of: str  # whose capability: "the block's requirement" or the model's id

    def describe(self) -> str:
        """``MMLU >= 86.4 and GPQA Diamond >= 35.7 (openai:gpt-4's scores)``."""
        needs = " and ".join(f"{benchmark_name(b)} >= {s:g}" for b, s in self.minimums)
        return f"{needs} ({self.of})"

    def admits(self, model_id: str, *, strict: bool = True) -> tuple[str, float] | None:
        """The benchmark and score by which ``model_id`` qualifies, or ``None`` when it does not.

        A requirement: a score at least its minimum. A model's capability: at least one shared benchmark and,
        when ``strict``, no shared benchmark below (the first qualifying one, in BENCHMARKS order, is
        returned). Not strict is the contract's literal reading ("at least its capability on a shared
        benchmark", docs/contract.md 6.3); it is used only when no strict match existed, and says so.
        """
        if self.rule is SubstituteRule.REQUIREMENT:
            benchmark, minimum = self.minimums[0]
            found = capability.score(model_id, benchmark)
            return (benchmark, found) if found is not None and found >= minimum else None
        shared = [(b, m, capability.score(model_id, b)) for b, m in self.minimums]
        scored = [(b, m, s) for b, m, s in shared if s is not None]
        if not scored or (strict and any(s < m for _, m, s in scored)):
            return None
        meeting = [(b, s) for b, m, s in scored if s >= m]
        return meeting[0] if meeting else None

    def shortfalls(self, model_id: str) -> list[str]:
        """``GPQA Diamond 35.7 < 37.7``: each shared benchmark on which ``model_id`` is below the target."""
        out = []
        for b, m in self.minimums:
            s = capability.score(model_id, b)
            if s is not None and s < m:
                out.append(f"{benchmark_name(b)} {s:g} < {m:g}")
        return out


def capability_target(block: FeatureBlock, catalog: PriceCatalog) -> CapabilityTarget | None:
    """What a substitute for ``block`` must match (``None``: the capability is unknown)."""
    if block.requires is not None:
        r = block.requires
        return CapabilityTarget(
            ((r.benchmark, r.min_score),), SubstituteRule.REQUIREMENT, "the block's requirement"
        )
    if block.model is None:
        return None
    canonical = catalog.canonical_id(block.model) or block.model
    rows = capability.shared_benchmarks(canonical)
    if not rows:
        return None
    return CapabilityTarget(
        tuple((r.benchmark, r.score) for r in rows), SubstituteRule.CAPABILITY, f"{canonical}'s scores"
    )


@dataclass(frozen=True)
class Substitute:
    """A model of at least the needed capability, priced on the day, with why it was chosen."""

    model: str  # the model's name (capability table)
    provider: str
    catalog_id: str
    input_per_mtok: float
    output_per_mtok: float
    cached_input_per_mtok: float | None
    score_kind: str | None  # the benchmark it qualifies on, by its users' name ("MMLU")
    score: float | None
    source: str  # where its price comes from
    rule: SubstituteRule
    reason: str
    cost_per_call: float = 0.0  # for the block it would price (USD)
    price: ResolvedPrice | None = None
    shortfalls: tuple[
        str, ...
    ] = ()  # the closest match's benchmarks below the target ("GPQA Diamond 35.7 < 37.7")

    @property
    def blended_3_to_1(self) -> float:
        """Epoch AI's blend: three input tokens for every output token (USD per million tokens)."""
        return (3 * self.input_per_mtok + self.output_per_mtok) / 4

    @property
    def label(self) -> str:
        """How the substitute is named on screen and in undo texts: its catalog id."""
        return self.catalog_id

    @property
    def price_text(self) -> str:
        """``$30/$60 per M tokens`` (input/output)."""
        return f"{format_money(self.input_per_mtok)}/{format_money(self.output_per_mtok)} per M tokens"

    def apply_to(self, block: FeatureBlock) -> FeatureBlock:
        """``block`` using this substitute's model (its catalog prices; the old model's prices dropped)."""
        return with_changes(block, model=self.catalog_id, price=None)  # type: ignore[no-any-return]


def missing_price(block: FeatureBlock, as_of: date, catalog: PriceCatalog) -> str | None:
    """Why ``block`` cannot be priced on ``as_of`` (the catalog's message), or ``None`` when it can."""
    try:
        catalog.resolve_block(block, as_of)
    except PitchError as exc:
        return exc.message
    return None


def _names() -> dict[str, str]:
    return {s.model_id: s.model for s in capability.capability_table()}


def substitutes(block: FeatureBlock, as_of: date, catalog: PriceCatalog) -> list[Substitute]:
    """Models of at least ``block``'s capability priced on ``as_of``, the cheapest for this block first.

    Empty when the block has no model (nothing to replace), when its capability is unknown, or when no
    model of that capability existed and was priced on ``as_of`` (:func:`no_substitute_reason` says which).
    The block's own model is never among them.
    """
    target = capability_target(block, catalog)
    if block.model is None or target is None:
        return []
    own = catalog.canonical_id(block.model)
    day = as_of.isoformat()
    names = _names()
    out = _candidates(block, as_of, catalog, target, own, day, names, strict=True)
    if not out and target.rule is SubstituteRule.CAPABILITY:
        # No model was at least as good on every shared benchmark: the closest ones (at least as good on one),
        # each saying where it falls short, so the user decides; never a weaker one silently.
        out = _candidates(block, as_of, catalog, target, own, day, names, strict=False)
    return sorted(out, key=lambda s: (s.cost_per_call, s.catalog_id))


def _candidates(
    block: FeatureBlock,
    as_of: date,
    catalog: PriceCatalog,
    target: CapabilityTarget,
    own: str | None,
    day: str,
    names: dict[str, str],
    *,
    strict: bool,
) -> list[Substitute]:
    out = []
    for model_id in sorted({s.model_id for s in capability.capability_table() if s.release_date <= as_of}):
        if model_id == own:
            continue
        qualifies = target.admits(model_id, strict=strict)
        if qualifies is None:
            continue
        short = [] if strict else target.shortfalls(model_id)
        candidate = with_changes(block, model=model_id, price=None, requires=None)
        try:
            price, _ = catalog.resolve_block(candidate, as_of)
        except PitchError:
            continue  # released, but no price on that day: never offered
        benchmark, score = qualifies
        base = price.base
        cached = base.cached_input_per_mtok if base.cached_input_per_mtok != base.input_per_mtok else None
        out.append(
            Substitute(
                model=names.get(model_id, model_id),
                provider=model_id.partition(":")[0],
                catalog_id=model_id,
                input_per_mtok=base.input_per_mtok,
                output_per_mtok=base.output_per_mtok,
                cached_input_per_mtok=cached,
                score_kind=benchmark_name(benchmark),
                score=score,
                source=price.source,
                rule=SubstituteRule.CLOSEST if short else target.rule,
                reason=(
                    f"needs {target.describe()}; priced on {day}: the cheapest for this block first"
                    if not short
                    else f"no model of {target.of} on every shared benchmark existed on {day}; the closest: "
                    f"{benchmark_name(benchmark)} {score:g} meets it, but {', '.join(short)}: a close match, "
                    "not like for like"
                ),
                cost_per_call=block_cost_per_call(candidate, price),
                price=price,
                shortfalls=tuple(short),
            )
        )
    return out


def no_substitute_reason(block: FeatureBlock, as_of: date, catalog: PriceCatalog) -> str:
    """Why :func:`substitutes` found nothing for ``block`` on ``as_of``, in plain words."""
    day = as_of.isoformat()
    if block.model is None:
        return "the block names no model: its own price (or requirement) applies"
    target = capability_target(block, catalog)
    if target is None:
        return (
            f"{block.model} has no published benchmark score (resources/capability.csv): its capability is "
            "unknown, so no substitute is chosen for it; give the block a requirement (requires) to match, "
            "or pick a model of that date yourself"
        )
    own = catalog.canonical_id(block.model)
    released = [
        m
        for m in sorted({s.model_id for s in capability.capability_table() if s.release_date <= as_of})
        if m != own and target.admits(m) is not None
    ]
    if released:
        return (
            f"models of this capability existed on {day} ({', '.join(released[:3])}) but none had a price "
            f"then; needs {target.describe()}"
        )
    best = [
        f"{benchmark_name(b)} {top.score:g} ({top.model_id})"
        for b, _ in target.minimums
        if (top := capability.best_known(b, as_of)) is not None
    ]
    return f"no model of this capability existed on {day}: needs {target.describe()}" + (
        f"; the best then: {', '.join(best)}" if best else ""
    )


@dataclass(frozen=True)
class BlockReplay:
    """One block of a pitch replayed on a date: its price then, or why there is none and what to use instead."""

    index: int
    name: str
    model: str | None
    price: ResolvedPrice | None  # None: cannot be priced on the date
    error: str | None
    undated: bool  # priced, but its model has no known release date: it may not have existed then
    substitutes: tuple[Substitute, ...]
    reason: str | None = None  # why there is no substitute, when one was looked for and none found

    @property
    def needs_substitute(self) -> bool:
        return self.price is None

    @property
    def suggested(self) -> Substitute | None:
        return self.substitutes[0] if self.substitutes else None


def replay_blocks(pitch: Pitch, as_of: date, catalog: PriceCatalog) -> tuple[BlockReplay, ...]:
    """Every block of ``pitch`` on ``as_of``: priced or not, with substitutes of its capability.

    A block whose model has no known release date is priced on any date (the catalog warns): it is marked
    ``undated`` and offered substitutes too, without needing them.
    """
    out = []
    for i, block in enumerate(pitch.blocks):
        error = missing_price(block, as_of, catalog)
        price = None if error is not None else catalog.resolve_block(block, as_of)[0]
        undated = error is None and block.model is not None and catalog.release_date(block.model) is None
        subs: tuple[Substitute, ...] = ()
        reason = None
        if block.model is not None and (error is not None or undated):
            subs = tuple(substitutes(block, as_of, catalog))
            if not subs:
                reason = no_substitute_reason(block, as_of, catalog)
        out.append(BlockReplay(i, block.name, block.model, price, error, undated, subs, reason))
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


# ------------------------------------------------------------------------------------------------------
# Like for like on one date ("Compare fairly")
# ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FairChange:
    """What pricing a block like for like on the common date did to it."""

    index: int
    name: str
    model: str | None  # the block's own model
    substitute: Substitute | None  # the model used instead (None: kept)
    note: str  # one sentence for warnings, CSV cells and the batch view

    @property
    def replaced(self) -> bool:
        """True when the block's model was replaced (False: kept, with a note why)."""
        return self.substitute is not None


@dataclass(frozen=True)
class LikeForLike:
    """A pitch re-dated to the common date with every block at the cheapest price of its capability."""

    pitch: Pitch
    changes: tuple[FairChange, ...]  # one per block whose model was replaced or could not be matched

    @property
    def notes(self) -> tuple[str, ...]:
        """One sentence per change (the score row's notes, the CSV's warnings cell)."""
        return tuple(c.note for c in self.changes)


def like_for_like(pitch: Pitch, as_of: date, catalog: PriceCatalog) -> LikeForLike:
    """``pitch`` priced fairly on ``as_of``: each block at the cheapest model of at least its capability.

    Per block with a model (module docstring): its own price on ``as_of`` (with the block's own price fields)
    is compared with the cheapest substitute's; the cheaper is kept, the model when they tie. A block whose
    model has no price on ``as_of`` takes the cheapest substitute; with none, it stays (its evaluation then
    fails with the catalog's reason). Blocks without a model, with a deployment, or of unknown capability
    are kept, the last with a note.
    """
    blocks = list(pitch.blocks)
    changes: list[FairChange] = []
    day = as_of.isoformat()
    for i, block in enumerate(pitch.blocks):
        if block.model is None or block.deployment is not None:
            continue
        target = capability_target(block, catalog)
        try:
            own_price, _ = catalog.resolve_block(block, as_of)
            own_cost: float | None = block_cost_per_call(block, own_price)
        except PitchError:
            own_cost = None
        if target is None:
            kept = "kept at its own price" if own_cost is not None else "has no price"
            changes.append(
                FairChange(
                    i,
                    block.name,
                    block.model,
                    None,
                    f"blocks[{i}] ({block.name}): {block.model} {kept} on {day}: its capability is unknown (no "
                    "score in resources/capability.csv), so no like-for-like model is chosen",
                )
            )
            continue
        subs = substitutes(block, as_of, catalog)
        best = subs[0] if subs else None
        if best is None or (own_cost is not None and own_cost <= best.cost_per_call):
            continue
        why = (
            f"{block.model} had no price on {day}"
            if own_cost is None
            else f"{block.model} cost {format_money(own_cost)} a call there against {format_money(best.cost_per_call)}"
        )
        blocks[i] = best.apply_to(block)
        changes.append(
            FairChange(
                i,
                block.name,
                block.model,
                best,
                f"blocks[{i}] ({block.name}): priced like for like at {best.catalog_id}, the cheapest model of "
                f"{target.describe()} on {day} ({why})",
            )
        )
    fair = with_changes(pitch, as_of=as_of, blocks=tuple(blocks))
    return LikeForLike(fair, tuple(changes))
