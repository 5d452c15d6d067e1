"""Why a file could not be opened, in the user's words: the block by its name and the field by its label.

A file that fails to load has no :class:`~core.pitch.Pitch` to name its blocks from, so the names are read
from the file's own JSON when it parses (a value out of bounds, an unknown field); a file that is not JSON
at all (a picture, a PDF: ``core.pitch_io`` says which) has no field to name. The command line keeps the
path (``blocks[0].input_tokens``); the window says ``Tutor chat · Input tokens: must be at least 0, got -5``.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from core.analysis import block_index
from core.errors import PitchError, all_errors
from core.pitch_io import parse_json_bytes
from desktop.error_words import field_label

MAX_SHOWN = 4


def _block_names(path: Path | None) -> list[str]:
    """The ``name`` of each block in the file's JSON ("" where there is none), or [] when it does not parse."""
    if path is None:
        return []
    with contextlib.suppress(OSError, PitchError, RecursionError):
        root: Any = parse_json_bytes(path.read_bytes())
        blocks = root.get("blocks") if isinstance(root, dict) else None
        if isinstance(blocks, list):
            return [
                b.get("name") if isinstance(b, dict) and isinstance(b.get("name"), str) else ""
                for b in blocks
            ]
    return []


def _place(path: str, names: list[str]) -> str:
    index = block_index(path)
    if index is None:
        label = field_label(path)
        return f"Business · {label}" if path.startswith("business.") and label != "Business" else label
    name = names[index] if 0 <= index < len(names) and names[index] else f"Block {index + 1}"
    rest = path.split("]", 1)[1].lstrip(".")
    return f"{name} · {field_label(rest)}" if rest else name


def file_error_words(error: PitchError, path: Path | None = None) -> str:
    """``neg.pitch.json: Tutor chat · Input tokens: must be at least 0, got -5`` (every problem, a line each)."""
    names = _block_names(path) if any(block_index(e.field) is not None for e in all_errors(error)) else []
    name = Path(error.file).name if error.file else (path.name if path is not None else "")
    lines = []
    for e in all_errors(error)[:MAX_SHOWN]:
        place = _place(e.field, names) if e.field else ""
        text = e.message if name else e.message[:1].upper() + e.message[1:]
        lines.append(f"{place}: {e.message}" if place else text)
    more = len(all_errors(error)) - MAX_SHOWN
    if more > 0:
        lines.append(f"… and {more} more")
    head = f"{name}:\n" if name and len(lines) > 1 else (f"{name}: " if name else "")
    return head + "\n".join(lines)
