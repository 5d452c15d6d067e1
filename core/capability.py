"""What each model can do and when it could first be called: the capability table (docs/contract.md 6.3).

Two shipped files, sourced row by row (resources/CAPABILITY_SOURCES.md):

* ``resources/capability.csv``: one row per (catalog model id, benchmark) with the model's score in percent
  points (MMLU, GPQA Diamond, SWE-bench Verified) and its API release date;
* ``resources/release_dates.csv``: one API release date per catalog id, including models with no score.

This module is data only: it never prices a model. ``core.catalog`` prices the capable models on a date and
picks the cheapest one for a block (:meth:`core.catalog.PriceCatalog.cheapest_capable`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from core.pitch import BENCHMARKS
from core.resources import read_csv_rows


@dataclass(frozen=True)
class Score:
    """One model's published score on one benchmark, with where it comes from."""

    model_id: str  # catalog id, as resources/capability.csv spells it
    model: str  # the model's name
    benchmark: str  # a key of core.pitch.BENCHMARKS
    score: float  # percent points
    release_date: date
    source: str  # the row's score_source (vendor-reported or an independent evaluation)

    @property
    def label(self) -> str:
        """``MMLU 86.4``."""
        return f"{benchmark_name(self.benchmark)} {self.score:g}"


def benchmark_name(benchmark: str) -> str:
    """The name users know a benchmark by (``gpqa_diamond`` -> ``GPQA Diamond``)."""
    return BENCHMARKS.get(benchmark, benchmark)


@cache
def capability_table() -> tuple[Score, ...]:
    """Every row of ``resources/capability.csv``, in file order."""
    return tuple(
        Score(
            model_id=r["catalog_id"],
            model=r["model"],
            benchmark=r["benchmark"],
            score=float(r["score"]),
            release_date=date.fromisoformat(r["release_date"]),
            source=r["score_source"],
        )
        for r in read_csv_rows("capability.csv")
    )


@cache
def _scores() -> dict[tuple[str, str], Score]:
    return {(s.model_id, s.benchmark): s for s in capability_table()}


@cache
def release_dates() -> dict[str, date]:
    """Catalog id -> the first day the model could be called through an API (``resources/release_dates.csv``).

    The capability table's release dates are the same (a test keeps them so); both are read, so a model
    listed in only one of them still has its date.
    """
    out = {s.model_id: s.release_date for s in capability_table()}
    for r in read_csv_rows("release_dates.csv"):
        out[r["catalog_id"]] = date.fromisoformat(r["release_date"])
    return out


def score(model_id: str, benchmark: str) -> float | None:
    """``model_id``'s score on ``benchmark`` in percent points, or ``None`` when none is published.

    ``model_id`` is a catalog id as the table spells it (``core.catalog.PriceCatalog.canonical_id``).
    """
    found = _scores().get((model_id, benchmark))
    return found.score if found else None


def score_row(model_id: str, benchmark: str) -> Score | None:
    """The table's row for ``model_id`` on ``benchmark`` (with its source), or ``None``."""
    return _scores().get((model_id, benchmark))


def scored_models(benchmark: str, as_of: date) -> tuple[Score, ...]:
    """Every model with a score on ``benchmark`` released on or before ``as_of``, best score first."""
    rows = [s for s in capability_table() if s.benchmark == benchmark and s.release_date <= as_of]
    return tuple(sorted(rows, key=lambda s: (-s.score, s.model_id)))


def capable_models(benchmark: str, min_score: float, as_of: date) -> tuple[Score, ...]:
    """Models scoring at least ``min_score`` on ``benchmark`` and released on or before ``as_of``.

    Best score first. Whether each one can also be *priced* on ``as_of`` is the catalog's question
    (:meth:`core.catalog.PriceCatalog.cheapest_capable`).
    """
    return tuple(s for s in scored_models(benchmark, as_of) if s.score >= min_score)


def best_known(benchmark: str, as_of: date) -> Score | None:
    """The best score on ``benchmark`` of any model released by ``as_of`` (``None``: no scored model yet)."""
    rows = scored_models(benchmark, as_of)
    return rows[0] if rows else None


def shared_benchmarks(model_id: str) -> tuple[Score, ...]:
    """``model_id``'s rows, in the order of :data:`core.pitch.BENCHMARKS` (what a substitute must match)."""
    rows = _scores()
    return tuple(rows[(model_id, b)] for b in BENCHMARKS if (model_id, b) in rows)
