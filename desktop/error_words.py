"""A problem with a pitch in the user's words: the block's name and the field's label, not a path.

Errors reach the desktop as data (:class:`core.errors.PitchError`: a field path and a reason). The command
line prints the path (``blocks[2].model``); the window names the block and the field as the user knows
them: ``Agent loop · Model: unknown model 'x'``. The reason itself is core's; nothing here matches its
wording.
"""

from __future__ import annotations

import re

from core.analysis import Analysis, block_index
from core.errors import PitchError
from core.pitch import FIELDS, Pitch

# Parts of a pitch that are not numeric fields of the registry, as a form labels them.
_LABELS = {
    "model": "Model",
    "deployment": "Deployment",
    "requires": "Capability",
    "benchmark": "Benchmark",
    "price": "Prices",
    "tiers": "Price tiers",
    "ranges": "Range",
    "as_of": "As of",
    "scenario": "Decline scenario",
    "business": "Business",
    "blocks": "Blocks",
    "deployments": "Deployments",
    "name": "Name",
    "notes": "Notes",
    "reference_lines": "Reference lines",
}


# A first word that is a plain lower-case word ("unknown", "no", "model's"), not an id ("openai:gpt-4o-mini").
_PLAIN_WORD = re.compile(r"[a-z][a-z']*[,;:.]?")


def sentence(text: str) -> str:
    """``text`` as a sentence: a capital first letter, unless it begins with an id.

    Core's reasons often begin with a model id (``openai:gpt-4o-mini was released on ...``); capitalising it
    made "Openai:gpt-4o-mini", an id that does not exist. An id (or a number, a quoted value) is kept as written.
    """
    if not text:
        return text
    first = text.split(None, 1)[0]
    return text[0].upper() + text[1:] if _PLAIN_WORD.fullmatch(first) else text


def field_label(path: str) -> str:
    """The label of the field a path names: ``blocks[2].output_tokens`` -> ``Output tokens``."""
    spec = FIELDS.for_path(path)
    parts = [p.split("[")[0] for p in path.split(".") if p]
    if spec is not None:
        return f"Range of {spec.noun}" if "ranges" in parts else spec.label
    for part in reversed(parts):
        if part in _LABELS:
            return _LABELS[part]
    return parts[-1].replace("_", " ").capitalize() if parts else ""


def where(pitch: Pitch, path: str) -> str:
    """``Agent loop · Model``: the block (by its name) and the field (by its label) a path points at."""
    index = block_index(path)
    label = field_label(path)
    if index is not None:
        owner = pitch.blocks[index].name if 0 <= index < len(pitch.blocks) else f"Block {index + 1}"
        rest = path.split("]", 1)[1].lstrip(".")
        return f"{owner} · {field_label(rest)}" if rest else owner
    if path.startswith("business.") and label != "Business":
        return f"Business · {label}"
    return label


def error_words(pitch: Pitch, error: PitchError) -> str:
    """One problem as a sentence: ``Agent loop · Model: unknown model 'x'`` (the reason is core's)."""
    place = where(pitch, error.field) if error.field else ""
    reason = error.message
    return f"{place}: {reason}" if place else sentence(reason)


def analysis_problems(analysis: Analysis) -> list[str]:
    """Every problem that stops ``analysis``, in the user's words (an internal error said as one)."""
    if analysis.internal and analysis.error is not None:
        return [f"Compute Curve could not evaluate this pitch: {analysis.error.message}"]
    return [error_words(analysis.pitch, e) for e in analysis.errors]


def problems_text(analysis: Analysis, limit: int = 3) -> str:
    """The problems of ``analysis`` on a few lines: the first ``limit``, then how many more."""
    problems = analysis_problems(analysis)
    shown = problems[:limit]
    more = len(problems) - len(shown)
    return "\n".join(shown) + (f"\n… and {more} more" if more > 0 else "")
