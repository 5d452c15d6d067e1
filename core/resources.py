"""Read files shipped in the ``resources`` package (works installed, editable and frozen)."""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources


@cache
def read_text(name: str) -> str:
    """The text of ``resources/<name>`` (UTF-8)."""
    return resources.files("resources").joinpath(name).read_text(encoding="utf-8")


def read_csv_rows(name: str) -> list[dict[str, str]]:
    """Rows of a shipped CSV file, skipping ``#`` comment lines at its top."""
    lines = [line for line in read_text(name).splitlines() if not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


def example_names() -> list[str]:
    """File names of the shipped example pitches, sorted."""
    folder = resources.files("resources").joinpath("examples")
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".pitch.json"))


def read_example(name: str) -> bytes:
    """The bytes of a shipped example pitch."""
    return resources.files("resources").joinpath("examples", name).read_bytes()
