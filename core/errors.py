"""Errors a user can act on.

Every problem with user input is a :class:`PitchError` that names the file, the field path
(``blocks[2].output_tokens``) and what was wrong with which value. Anything else that escapes the
core is a bug in Compute Curve, reported as an internal error.
"""

from __future__ import annotations

import json
from collections.abc import Sequence


def field_path(loc: Sequence[str | int]) -> str:
    """Join a location tuple into the path users see.

    >>> field_path(("blocks", 2, "output_tokens"))
    'blocks[2].output_tokens'
    """
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def json_kind(value: object) -> str:
    """What a parsed JSON value is, in JSON's words (a memo's author knows JSON, not Python)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (list, tuple)):
        return "an array"
    return "an object"


def show_value(value: object, limit: int = 60) -> str:
    """A short rendering of a bad value, written as JSON would write it."""
    if isinstance(value, (dict, list, tuple)):
        return json_kind(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    text = json.dumps(value, ensure_ascii=False) if isinstance(value, str) else repr(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


class PitchError(ValueError):
    """Invalid user input: the message names the file (when known), the field and the value."""

    def __init__(self, message: str, *, field: str = "", file: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.file = file

    def with_file(self, file: str) -> PitchError:
        """The same error, attributed to ``file``."""
        return PitchError(self.message, field=self.field, file=file)

    def with_prefix(self, prefix: str) -> PitchError:
        """The same error with ``prefix`` put in front of its field path (``blocks[0]`` + ``model``)."""
        joined = f"{prefix}.{self.field}" if self.field and prefix else (prefix or self.field)
        return PitchError(self.message, field=joined, file=self.file)

    def __str__(self) -> str:
        where = ": ".join(part for part in (self.file, self.field) if part)
        return f"{where}: {self.message}" if where else self.message


class PitchErrors(PitchError):
    """Several problems found at once (every block of a pitch that cannot be priced).

    ``errors`` holds each one with its own field path, so a view can mark every failing block; the message
    is the first problem's, followed by how many more there are and where.
    """

    def __init__(self, errors: Sequence[PitchError]) -> None:
        if not errors:
            raise ValueError("PitchErrors needs at least one error")
        first = errors[0]
        message = first.message
        if len(errors) > 1:
            others = ", ".join(e.field or "?" for e in errors[1:4]) + (", ..." if len(errors) > 4 else "")
            message += f" (and {len(errors) - 1} more: {others})"
        super().__init__(message, field=first.field, file=first.file)
        self.errors: tuple[PitchError, ...] = tuple(errors)

    def with_file(self, file: str) -> PitchErrors:
        return PitchErrors([e.with_file(file) for e in self.errors])

    def with_prefix(self, prefix: str) -> PitchErrors:
        return PitchErrors([e.with_prefix(prefix) for e in self.errors])


def all_errors(exc: PitchError) -> tuple[PitchError, ...]:
    """Every problem an error stands for (one, or each of a :class:`PitchErrors`)."""
    return exc.errors if isinstance(exc, PitchErrors) else (exc,)
