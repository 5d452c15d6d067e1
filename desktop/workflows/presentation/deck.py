"""The presentation's deck and its model tiers.

The deck (Left/Right, PageUp/PageDown: what a presentation clicker sends; Home/End). A facilitator puts the
pitches for a session in one folder:

* when the main window's pitch was opened from a file, the deck is every ``*.pitch.json`` file in that
  folder (sorted by name, at most :data:`MAX_DECK`), starting at that file;
* otherwise (a new pitch, an example), the deck is that pitch followed by the shipped examples.

The main window's pitch is the SAME document on its slide; the other slides are copies, loaded when first
shown, each with its own undo history, kept while the app runs and never written to a file.

Model tiers (the essay's three price points) switch every block that names a model to one catalog model, in
one undo step, by :func:`core.compare.switch_models` (the same rule as a compare variant's):

* Flash: ``openai:gpt-4o-mini`` ($0.15/$0.60: "flash-tier pricing ($0.15-0.25)", as in the
  companion-2026 and agentic-coding-flash examples);
* Mid: ``anthropic:claude-sonnet-4-6`` ($3/$15: "Claude Sonnet 4.6 pricing");
* Frontier: ``anthropic:claude-opus-4-0`` ($15/$75: "$75/MTok output", as in super-individual-opus).

A tier exists only from its model's release (:func:`tier_offer`): on a pitch dated before it, its button is
disabled and says the month it arrives ("Mid" never puts Claude Sonnet 4.6 on a 2023 memo).

The deck never shows one pitch twice: a new pitch made from an example (the default pitch is the
``default`` example) is the live slide, and the example of the same name is left out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from core.catalog import PriceCatalog
from core.compare import switchable_blocks
from core.errors import PitchError
from core.formatting import format_money, format_month
from core.pitch import Pitch
from core.resources import example_names, read_example
from desktop.document import PitchDocument

MAX_DECK = 200  # a folder of pitches for a session, not a whole disk


@dataclass(frozen=True)
class ModelTier:
    """One button of the tier switch: a catalog model standing for a price point the essay names."""

    key: str
    title: str
    model: str
    why: str


TIERS: tuple[ModelTier, ...] = (
    ModelTier("flash", "Flash", "openai:gpt-4o-mini", "the essay's flash tier ($0.15-0.25)"),
    ModelTier("mid", "Mid", "anthropic:claude-sonnet-4-6", "the essay's Claude Sonnet 4.6 pricing ($3/$15)"),
    ModelTier("frontier", "Frontier", "anthropic:claude-opus-4-0", "the essay's $75/MTok output (Opus)"),
)


def current_tier(pitch: Pitch) -> ModelTier | None:
    """The tier every switchable block is on, if they all are on one (and there is at least one)."""
    indices = switchable_blocks(pitch)
    models = {pitch.blocks[i].model for i in indices}
    prices = [pitch.blocks[i].price for i in indices]
    if len(models) != 1 or any(p is not None and p.given() for p in prices):
        return None
    return next((t for t in TIERS if t.model in models), None)


@dataclass(frozen=True)
class TierOffer:
    """A tier on a pitch's date: its price then, or why it cannot be chosen (its model not out yet)."""

    tier: ModelTier
    available: bool
    text: str  # the button's second line: "$0.150/$0.600", "from Feb 2026", "no price"
    tooltip: str
    arrives: date | None = None  # the model's release, when it comes after the pitch's date


def tier_offer(tier: ModelTier, catalog: PriceCatalog, day: date) -> TierOffer:
    """What the tier's button offers on ``day``: the model's input/output price per million tokens (the
    money rule, ``core.formatting.format_money``), or, before its release, the month it arrives."""
    try:
        fields = catalog.price_at(tier.model, day).fields
        inp, out = fields["input_per_mtok"], fields["output_per_mtok"]
    except (PitchError, KeyError):
        release = catalog.release_date(tier.model)
        if release is not None and day < release:
            return TierOffer(
                tier,
                False,
                f"from {format_month(release)}",
                f"{tier.title}: {tier.model} was released on {release.isoformat()}, after this pitch's date "
                f"({day.isoformat()}): it cannot price this pitch. Date the pitch later to use it.",
                release,
            )
        return TierOffer(
            tier,
            False,
            "no price",
            f"{tier.title}: the price data has no price for {tier.model} on {day.isoformat()}.",
        )
    return TierOffer(
        tier,
        True,
        f"{format_money(inp)}/{format_money(out)}",
        f"Every block that names a model: {tier.model}, {tier.why}. On {day.isoformat()}: "
        f"{format_money(inp)} input / {format_money(out)} output per million tokens.",
    )


@dataclass
class Slide:
    """One pitch of the deck: the main window's document, a file, or a shipped example."""

    title: str
    path: Path | None = None
    example: str | None = None
    document: PitchDocument | None = None
    live: bool = False  # the main window's own document
    error: str = ""


def build_deck(document: PitchDocument) -> tuple[list[Slide], int]:
    """The slides for ``document`` (module docstring) and the index of its own slide."""
    live = Slide(document.pitch.name, path=document.path, document=document, live=True)
    if document.path is not None:
        folder = document.path.parent
        try:
            files = sorted(p for p in folder.glob("*.pitch.json") if p.is_file())[:MAX_DECK]
        except OSError:
            files = []
        try:
            here = document.path.resolve()
        except OSError:
            here = document.path
        slides = [live if _same(p, here) else Slide(p.name, path=p) for p in files]
        if not any(s.live for s in slides):
            slides.insert(0, live)
        return slides, next(i for i, s in enumerate(slides) if s.live)
    examples = [
        Slide(name.removesuffix(".pitch.json"), example=name)
        for name in example_names()
        if _example_title(name) != document.pitch.name  # the live slide is that example (or made from it)
    ]
    return [live, *examples], 0


def _example_title(name: str) -> str | None:
    """A shipped example's pitch name (read without validating: only to leave out the live pitch's twin)."""
    try:
        title = json.loads(read_example(name)).get("name")
    except (OSError, ValueError, AttributeError):
        return None
    return title if isinstance(title, str) else None


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b
    except OSError:
        return False
