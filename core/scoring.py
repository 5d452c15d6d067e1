"""Scoring many pitches at once (``computecurve score`` and the desktop's batch view).

Memos come from strangers: a bad file gets its own row with the reason and never stops the batch, and
no text cell can run as a spreadsheet formula.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from core.catalog import PriceCatalog, catalog_version, default_catalog
from core.engine import Evaluation, evaluate
from core.errors import PitchError
from core.formatting import format_csv_number
from core.pitch_io import load_pitch
from core.scenarios import DeclineScenario

if TYPE_CHECKING:
    from core.replay import FairChange

SCORE_COLUMNS = (
    "file",
    "name",
    "as_of",
    "scenario",
    "cost_per_user_month",
    "cost_per_paying_user_month",
    "budget_per_user_month",
    "required_drop",
    "orders_of_magnitude",
    "verdict",
    "arrival_earliest",
    "arrival_latest",
    "catalog_version",
    "warnings",
    "error",
)


@dataclass(frozen=True)
class ScoreRow:
    """One memo's score, or the reason it could not be scored."""

    file: str
    evaluation: Evaluation | None
    error: str = ""
    internal_error: bool = False  # a bug in Compute Curve, not a bad file
    notes: tuple[
        str, ...
    ] = ()  # like for like on a common date: the models replaced (core.replay.like_for_like)
    changes: tuple[FairChange, ...] = ()  # the same, as values: which block, which model, its substitute

    def cells(self) -> dict[str, object]:
        """The row as CSV values (None for an empty cell)."""
        ev = self.evaluation
        if ev is None:
            return {
                **dict.fromkeys(SCORE_COLUMNS),
                "file": self.file,
                "error": self.error,
                "catalog_version": catalog_version(),
            }
        return {
            "file": self.file,
            "name": ev.name,
            "as_of": ev.as_of.isoformat(),
            "scenario": ev.scenario.id or f"custom: {ev.scenario.name}",
            "cost_per_user_month": ev.cost_per_user_month,
            "cost_per_paying_user_month": ev.cost_per_paying_user_month,
            "budget_per_user_month": ev.budget_per_user_month,
            "required_drop": ev.required_drop,
            "orders_of_magnitude": ev.orders_of_magnitude,
            "verdict": ev.verdict.value,
            "arrival_earliest": ev.arrival.earliest.isoformat() if ev.arrival.earliest else None,
            "arrival_latest": ev.arrival.latest.isoformat() if ev.arrival.latest else None,
            "catalog_version": ev.catalog_version,
            "warnings": "; ".join((*self.notes, *ev.warnings)),
            "error": "",
        }


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Files as given, and every ``*.json`` file under a folder (sorted, recursively)."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            out.extend(sorted(q for q in p.rglob("*.json") if q.is_file()))
        else:
            out.append(p)
    return out


def score_file(
    path: Path,
    *,
    as_of: date | None = None,
    scenario: DeclineScenario | None = None,
    catalog: PriceCatalog | None = None,
    like_for_like: bool = True,
) -> ScoreRow:
    """Score one file; never raises for a bad file.

    With a common ``as_of`` and ``like_for_like`` (the default), each block is priced at the cheapest model of
    at least its capability on that date (``core.replay.like_for_like``: a fair comparison prices the same
    capability on the same date, not a legacy list price); the row's ``notes`` say which models were replaced.
    """
    try:
        pitch = load_pitch(path)
        notes: tuple[str, ...] = ()
        changes: tuple[FairChange, ...] = ()
        try:
            if as_of is not None and like_for_like:
                from core.replay import like_for_like as fair_pitch  # replay imports the catalog: lazily

                fair = fair_pitch(pitch, as_of, catalog or default_catalog())
                pitch, notes, changes = fair.pitch, fair.notes, fair.changes
            ev = evaluate(pitch, catalog, as_of=as_of, scenario=scenario)
        except PitchError as exc:
            raise exc.with_file(str(path)) from None
        return ScoreRow(str(path), ev, notes=notes, changes=changes)
    except PitchError as exc:
        return ScoreRow(str(path), None, str(exc))
    except Exception as exc:  # a bug: report it in the row, keep going, and exit 1 at the end
        return ScoreRow(str(path), None, f"internal error: {type(exc).__name__}: {exc}", internal_error=True)


def score_paths(
    paths: Iterable[str | os.PathLike[str]],
    *,
    as_of: date | None = None,
    scenario: DeclineScenario | None = None,
    catalog: PriceCatalog | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    like_for_like: bool = True,
) -> Iterator[ScoreRow]:
    """Score each file in turn (a generator, so a caller can show progress and cancel).

    A common ``as_of`` prices every memo like for like (:func:`score_file`) unless ``like_for_like`` is false.
    """
    catalog = catalog or default_catalog()
    for path in expand_paths(paths):
        if cancelled():
            return
        yield score_file(path, as_of=as_of, scenario=scenario, catalog=catalog, like_for_like=like_for_like)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: object) -> str:
    """A CSV cell: empty for None, a number by ``format_csv_number`` (at most 12 significant digits), text
    never a formula (a leading ``=``, ``+``, ``-`` or ``@`` gets a ``'``).

    A number is written as a number even when negative: the guard is for text, which a spreadsheet would
    otherwise run.
    """
    if value is None:
        return ""
    if isinstance(value, bool):  # a bool is an int to Python; no score column holds one, but say it plainly
        return str(value).lower()
    if isinstance(value, (int, float)):
        return format_csv_number(value)
    text = str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def scores_csv(rows: Iterable[ScoreRow]) -> str:
    """The ``score --csv`` file (contract section 5: these columns, in this order, with this header)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(SCORE_COLUMNS)
    for row in rows:
        cells = row.cells()
        writer.writerow([csv_safe(cells[c]) for c in SCORE_COLUMNS])
    return buf.getvalue()
