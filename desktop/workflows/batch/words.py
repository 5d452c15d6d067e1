"""What the batch window says in sentences: is this a fair comparison, how a run ended, why an opened memo
shows other numbers than its row. Plain functions of the rows and the terms (no widget), so each sentence is
tested on its own."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import Enum
from pathlib import Path

from core.compare import comparability
from core.pitch import Pitch
from core.scenarios import DeclineScenario, builtin_scenarios
from core.scoring import ScoreRow
from desktop.workflows.batch.cells import replaced_models, scenario_label


class Fairness(Enum):
    """How comparable the rows are."""

    FAIR = "fair"  # one date and one scenario for all, like for like
    MIXED = "mixed"  # different dates or scenarios
    AGREE = "agree"  # each its own, and so far they agree


def fairness_words(
    rows: Sequence[ScoreRow], day: date | None, scenario: DeclineScenario | None
) -> tuple[Fairness, str]:
    """The banner over the table: whether the memos are compared like for like, and what that changed."""
    if day is not None and scenario is not None:
        kind = Fairness.FAIR
        text = (
            f"Like for like: every memo is priced on {day.isoformat()} and projected under "
            f"“{scenario_label(scenario)}”, each block at the cheapest model of at least its model's "
            "capability on that date."
        )
    else:
        seen = comparability(rows)
        mixed = []
        if day is None and len(seen.dates) > 1:
            mixed.append(f"priced on {len(seen.dates)} different dates")
        if scenario is None and len(seen.scenarios) > 1:
            mixed.append(f"projected under {len(seen.scenarios)} different decline scenarios")
        if mixed:
            kind = Fairness.MIXED
            text = (
                f"Not like for like: these memos are {' and '.join(mixed)}. A memo priced in 2023, or "
                "under a faster decline, looks better or worse for that reason alone."
            )
        else:
            kind = Fairness.AGREE
            own = " and ".join(
                w for w, on in (("date", day is None), ("decline scenario", scenario is None)) if on
            )
            text = (
                f"Each memo is scored on its own {own} (so far they agree). For a like-for-like "
                "comparison, choose one date and one scenario for all."
            )
    return kind, text + replaced_words(rows)


def replaced_words(rows: Sequence[ScoreRow]) -> str:
    """`` 9 memos had 21 models replaced (…). 7 blocks kept their model …`` ("" when nothing was changed)."""
    text = ""
    replaced = [r for r in rows if replaced_models(r)]
    if replaced:
        blocks = sum(replaced_models(r) for r in replaced)
        text += (
            f" {len(replaced):,} memo{'s' * (len(replaced) != 1)} had {blocks:,} model"
            f"{'s' * (blocks != 1)} replaced by the cheapest of at least their capability (the Warnings "
            "column names them)."
        )
    kept = sum(1 for r in rows for c in r.changes if not c.replaced)
    if kept:
        text += (
            f" {kept:,} block{'s' * (kept != 1)} kept {'their models' if kept != 1 else 'its model'} at "
            "the list price: capability unknown."
        )
    return text


def finished_words(
    total: int, scored: int, failed: int, *, cancelled: bool, seconds: float, failure: str = ""
) -> str:
    """How a run ended, counting the memos scored and those that could not be (never "Scored 19 memos" when
    4 of them failed)."""
    memos = f"memo{'s' * (total != 1)}"
    could_not = f"{failed:,} could not be scored (their rows say why)"
    if failure:
        return f"Scoring stopped: {failure}"
    if total == 0:
        return "No memo files found (a folder is searched for *.json files)."
    if cancelled:
        text = f"Cancelled after {scored + failed:,} of {total:,} {memos}: {scored:,} scored"
        return text + (f", {could_not}." if failed else ".")
    if failed:
        return f"Scored {scored:,} of {total:,} {memos}; {could_not}. {seconds:.2f} s."
    return f"Scored {scored:,} {memos} in {seconds:.2f} s."


def opened_words(scored: ScoreRow, opened: Pitch, today: date) -> str:
    """Why a memo opened from its row shows other numbers than the row ("" when it shows the same).

    The memo opens as written (its own date, scenario and models; the file untouched): a batch scored on one
    date and scenario, like for like, scored it on other terms.
    """
    ev = scored.evaluation
    if ev is None:
        return ""
    own_day = opened.effective_as_of(today)
    own = opened.scenario
    terms = []
    if ev.as_of != own_day:
        terms.append(f"priced on {ev.as_of.isoformat()} (the memo says {own_day.isoformat()})")
    if ev.scenario.id != (own if isinstance(own, str) else ""):
        own_name = builtin_scenarios()[own].name if isinstance(own, str) else own.name
        terms.append(f"projected under “{ev.scenario.name}” (the memo: “{own_name}”)")
    replaced = replaced_models(scored)
    if replaced:
        terms.append(f"with {replaced} block{'s' * (replaced != 1)} priced like for like at another model")
    if not terms:
        return ""
    return (
        f"Opened {Path(scored.file).name} as written. This batch scored it {', '.join(terms)}: the main "
        "window's numbers differ from its row's. Pitch ▸ Replay at a past date… prices it on another day."
    )
