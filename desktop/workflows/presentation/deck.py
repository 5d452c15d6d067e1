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
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from core.compare import switchable_blocks
from core.pitch import Pitch
from core.resources import example_names
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
    examples = [Slide(name.removesuffix(".pitch.json"), example=name) for name in example_names()]
    return [live, *examples], 0


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b
    except OSError:
        return False
