"""What the verdict panel offers when a pitch cannot be evaluated: each problem in words, and fixes in place.

Moving a pitch's date back (the README's walkthrough moves it to 2023) leaves blocks whose models did not
exist yet without a price. Rather than a dead end, the verdict panel lists every such block by its name with
why it has no price, and offers:

* **the substitutes of that day** (``core.replay``: a model of at least the block's capability, released and
  priced on the date, the cheapest for the block's own calls; never a weaker one), all applied in one click
  and one undo step ("Use substitutes for 3 blocks at 2023-03-15"); where none existed it says so plainly
  ("no model of this capability existed on 2023-03-15"), or that the model's capability is unknown;
* **the first day every block has a price** (the latest release date among the blocks' models), when moving
  the date there prices them all: one click, one undo step.

Only the first :data:`LIMIT` failing blocks are examined (each looks through the capability table); the
rest are counted. This module has no Qt in it: the panel draws a :class:`FixOffer`, the window applies the
pitch it carries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.analysis import Analysis, block_index
from core.catalog import PriceCatalog
from core.formatting import format_money
from core.pitch import Pitch, with_changes
from core.replay import (
    Substitute,
    capability_target,
    missing_price,
    no_substitute_reason,
    replayed,
    substitutes,
)
from desktop.error_words import error_words

LIMIT = 12  # failing blocks examined for substitutes; the rest are counted


@dataclass(frozen=True)
class BlockFix:
    """One block that stops the evaluation: what is wrong, in words, and what could replace its model."""

    index: int
    name: str
    problem: str  # "openai:gpt-4o-mini came out on 2024-07-18"; or the problem in the user's words
    substitute: Substitute | None
    instead: (
        str  # "use openai:gpt-4-turbo ($10.00/$30.00 per M tokens, MMLU 86.5)"; or why nothing is offered
    )
    detail: str  # the whole story, for a tooltip

    @property
    def line(self) -> str:
        """``Agent loop: openai:gpt-4o-mini came out on 2024-07-18 · use openai:gpt-4-turbo (…)``."""
        return f"{self.name}: {self.problem}" + (f" · {self.instead}" if self.instead else "")


@dataclass(frozen=True)
class FixOffer:
    """Why a pitch has no numbers and what would give it some (see the module docstring)."""

    as_of: date
    total_blocks: int
    blocks: tuple[BlockFix, ...]  # the failing blocks examined, in the pitch's order
    unexamined: int  # failing blocks beyond LIMIT
    others: tuple[str, ...]  # problems that are not a block's missing price, in the user's words
    with_substitutes: Pitch | None  # the pitch with every substitute applied and dated as_of
    substitutes_text: str  # the undo step's name ("Use substitutes for 3 blocks at 2023-03-15")
    first_day: date | None  # the first day every block has a price, when moving there prices them all
    with_first_day: Pitch | None  # the pitch dated first_day

    @property
    def unpriced(self) -> int:
        """How many blocks have no price on the date (those beyond LIMIT counted as such)."""
        return len(self.blocks) + self.unexamined

    @property
    def headline(self) -> str:
        """``4 of 4 blocks have no price on 2023-03-15``, or how many problems there are."""
        day = self.as_of.isoformat()
        n = self.unpriced
        if n and not self.others:
            return (
                f"{n} of {self.total_blocks} blocks have no price on {day}"
                if n > 1
                else f"{self.blocks[0].name if self.blocks else 'A block'} has no price on {day}"
            )
        total = n + len(self.others)
        return "The pitch has a problem to fix" if total <= 1 else f"The pitch has {total} problems to fix"

    @property
    def substitute_count(self) -> int:
        return sum(1 for b in self.blocks if b.substitute is not None)

    def date_text(self) -> str:
        """The undo step of moving the date."""
        assert self.first_day is not None
        return f"Change the as-of date to {self.first_day.isoformat()}, when every block's model existed"


def _substitute_words(sub: Substitute) -> str:
    score = f", {sub.score_kind} {sub.score:g}" if sub.score_kind and sub.score is not None else ""
    if sub.shortfalls:  # the closest match of that day, not like for like: say where it falls short
        score += f"; closest: below on {', '.join(sub.shortfalls)}"
    return (
        f"use {sub.label} ({format_money(sub.input_per_mtok)}/{format_money(sub.output_per_mtok)} "
        f"per M tokens{score})"
    )


def _none_words(pitch: Pitch, index: int, as_of: date, catalog: PriceCatalog) -> str:
    """Why no substitute is offered, in a few words (the whole reason goes in the tooltip)."""
    block = pitch.blocks[index]
    if block.model is None:
        return "give it a price or a model of that date"
    if capability_target(block, catalog) is None:
        return "capability unknown (no benchmark score): pick a model of that date"
    return f"no model of this capability existed on {as_of.isoformat()}"


def fix_offer(analysis: Analysis, catalog: PriceCatalog) -> FixOffer | None:
    """The offer for ``analysis`` (None when it was evaluated, or failed inside Compute Curve)."""
    if analysis.ok or analysis.internal or analysis.error is None:
        return None
    pitch = analysis.pitch
    as_of = pitch.effective_as_of(analysis.today)
    fixes: list[BlockFix] = []
    others: list[str] = []
    unexamined = 0
    seen: set[int] = set()
    for error in analysis.errors:
        index = block_index(error.field)
        if index is None or not 0 <= index < len(pitch.blocks):
            others.append(error_words(pitch, error))
            continue
        if index in seen:
            continue  # one line per block: its first problem
        seen.add(index)
        block = pitch.blocks[index]
        if len(fixes) >= LIMIT:
            unexamined += 1
            continue
        why = missing_price(block, as_of, catalog)
        if why is None:  # priced on the date: the problem is another (a value, a tier)
            others.append(error_words(pitch, error))
            continue
        released = catalog.release_date(block.model) if block.model is not None else None
        problem = (
            f"{block.model} came out on {released.isoformat()}"
            if block.model is not None and released is not None and released > as_of
            else why
        )
        found = substitutes(block, as_of, catalog) if block.model is not None else []
        sub = found[0] if found else None
        if sub is not None:
            instead = _substitute_words(sub)
            detail = f"{why}\n\nInstead: {sub.label}, {sub.price_text}; {sub.reason}."
        else:
            instead = _none_words(pitch, index, as_of, catalog)
            reason = no_substitute_reason(block, as_of, catalog)
            detail = f"{why}\n\n{reason[:1].upper()}{reason[1:]}."
        fixes.append(BlockFix(index, block.name, problem, sub, instead, detail))
    choices = {f.index: f.substitute for f in fixes if f.substitute is not None}
    with_subs = replayed(pitch, as_of, choices) if choices else None
    text = ""
    if len(choices) == 1:
        (only,) = (f for f in fixes if f.substitute is not None)
        assert only.substitute is not None
        text = f"Use {only.substitute.label} for {only.name} at {as_of.isoformat()}"
    elif choices:
        text = f"Use substitutes for {len(choices)} blocks at {as_of.isoformat()}"
    first = _first_day(pitch, fixes, as_of, catalog) if not unexamined and not others else None
    dated = with_changes(pitch, as_of=first) if first is not None else None
    return FixOffer(
        as_of, len(pitch.blocks), tuple(fixes), unexamined, tuple(others), with_subs, text, first, dated
    )


def _first_day(pitch: Pitch, fixes: list[BlockFix], as_of: date, catalog: PriceCatalog) -> date | None:
    """The latest release date among the failing blocks' models, when every block has a price then."""
    days = [catalog.release_date(pitch.blocks[f.index].model or "") for f in fixes]
    if not fixes or any(d is None or d <= as_of for d in days):
        return None
    day = max(d for d in days if d is not None)
    if any(missing_price(block, day, catalog) is not None for block in pitch.blocks):
        return None
    return day
