"""One analysis of one pitch value: what every screen, export and command reads.

An :class:`Analysis` holds the point evaluation, the sensitivity and (once it has run) the Monte Carlo of
one pitch, or why the pitch cannot be evaluated. It is made once per pitch change (:func:`analyse`, then
:func:`with_monte_carlo`) and read by every view; no view evaluates a pitch on its own. It is a plain
value with no Qt in it, so charts and exports depend on core, not on the desktop's service.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from core.catalog import PriceCatalog, default_catalog
from core.engine import Evaluation, PreparedPitch, evaluate_prepared, prepare
from core.errors import PitchError, all_errors
from core.pitch import Pitch
from core.scenarios import DeclineScenario
from core.uncertainty import (
    DEFAULT_SAMPLES,
    DEFAULT_SEED,
    SensitivityRow,
    UncertaintyResult,
    monte_carlo,
    sensitivity,
)

_BLOCK_PATH = re.compile(r"^blocks\[(\d+)\]")


def block_index(path: str) -> int | None:
    """The block a field path points into: ``blocks[3].model`` -> 3; ``business.x`` -> None."""
    m = _BLOCK_PATH.match(path)
    return int(m.group(1)) if m else None


@dataclass(frozen=True)
class Analysis:
    """Everything known about one pitch value: the numbers, or why there are none.

    ``uncertainty`` is None until the Monte Carlo has run (it runs off the GUI thread in the app);
    ``generation`` numbers the pitch changes, so a late Monte Carlo of an older pitch can be dropped.
    """

    pitch: Pitch
    today: date
    prepared: PreparedPitch | None
    evaluation: Evaluation | None
    sensitivity: tuple[SensitivityRow, ...] = ()
    uncertainty: UncertaintyResult | None = None
    error: PitchError | None = None
    internal: bool = False  # the error is a bug in Compute Curve, not a problem with the pitch
    generation: int = 0

    @property
    def ok(self) -> bool:
        """True when the pitch was evaluated."""
        return self.evaluation is not None

    @property
    def errors(self) -> tuple[PitchError, ...]:
        """Every problem that stops the evaluation, each with its own field path."""
        return all_errors(self.error) if self.error is not None else ()

    def block_errors(self) -> dict[int, PitchError]:
        """The problems that belong to a block, by block index (the first one of each block)."""
        out: dict[int, PitchError] = {}
        for e in self.errors:
            i = block_index(e.field)
            if i is not None:
                out.setdefault(i, e)
        return out

    def with_uncertainty(self, result: UncertaintyResult) -> Analysis:
        """This analysis with its Monte Carlo."""
        return replace(self, uncertainty=result)


def failed(
    pitch: Pitch, error: PitchError, *, today: date, internal: bool = False, generation: int = 0
) -> Analysis:
    """An analysis that says why ``pitch`` has no numbers."""
    return Analysis(pitch, today, None, None, (), None, error, internal, generation)


def analyse(
    pitch: Pitch,
    catalog: PriceCatalog | None = None,
    *,
    today: date | None = None,
    as_of: date | None = None,
    scenario: DeclineScenario | None = None,
    generation: int = 0,
) -> Analysis:
    """The point evaluation and the sensitivity of ``pitch`` (the Monte Carlo is :func:`with_monte_carlo`).

    A problem with the pitch (an unknown model, a budget of zero) is returned as the analysis's ``error``,
    never raised; any other exception is a bug and propagates.

    Parameters
    ----------
    today
        The date "today" means (a pitch without ``as_of`` is priced on it; passed windows are judged
        against it). Default: the system's date.
    as_of, scenario
        Override the pitch's own date and scenario (a fair comparison, a replay).
    """
    day = today or date.today()
    try:
        prep = prepare(pitch, catalog or default_catalog(), as_of=as_of, scenario=scenario, today=day)
        ev = evaluate_prepared(prep)
    except PitchError as exc:
        return failed(pitch, exc, today=day, generation=generation)
    return Analysis(pitch, day, prep, ev, tuple(sensitivity(prep)), None, None, False, generation)


def with_monte_carlo(
    analysis: Analysis, samples: int = DEFAULT_SAMPLES, seed: int = DEFAULT_SEED, *, charts: bool = True
) -> Analysis:
    """``analysis`` with its seeded Monte Carlo (unchanged when it has no evaluation).

    ``charts=False``: the charts' arrays are worked out only if something reads them (a command that prints
    no chart).
    """
    if analysis.prepared is None:
        return analysis
    return analysis.with_uncertainty(monte_carlo(analysis.prepared, samples, seed, charts=charts))
