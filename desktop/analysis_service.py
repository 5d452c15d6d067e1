"""The one place the desktop turns pitches into numbers: one :class:`~core.analysis.Analysis` per pitch change.

The service follows the open document. Each new pitch value is analysed once, synchronously (the point
evaluation and the sensitivity: well under a frame), and every view reads that analysis from the
:attr:`AnalysisService.analysed` signal or :attr:`AnalysisService.current`: the verdict panel, the charts,
the blocks table, the scorecard, the explain panel, presentation mode, compare, replay and the exports.
Its Monte Carlo runs in the background (:mod:`desktop.background`) after a short debounce, so that a slider
drag does not queue a simulation per frame; it arrives as :attr:`AnalysisService.uncertainty_ready` with
the same generation, and a result for an older pitch is never delivered.

Other pitches (a compare entry, a deck slide, a replay at another date, a folder of memos) are analysed by
the same service through keyed requests (:meth:`AnalysisService.request`, :meth:`score_files`,
:meth:`analyse_files`): no view evaluates a pitch itself. Goal seek runs here too, in the background (a
50-block pitch with its Monte Carlo takes about a second): :meth:`AnalysisService.solve` (the *Solve for...*
dialog) and :meth:`AnalysisService.what_must_change` (the scorecard and the memo), each answer a
:class:`GoalSeek` for one pitch value, keyed and cancellable like every background job.

Errors are data. A problem with the pitch is the analysis' ``error`` (a field path and a reason); anything
else raised while analysing is a bug in Compute Curve: it is logged and becomes an analysis with
``internal=True``, which every view shows plainly in place of the numbers (never an older pitch's).
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from core.analysis import Analysis, analyse, failed, with_monte_carlo
from core.catalog import PriceCatalog, default_catalog
from core.errors import PitchError
from core.history import history_by_catalog_id
from core.pitch import Pitch
from core.pitch_io import load_pitch
from core.scenarios import DeclineScenario
from core.uncertainty import DEFAULT_SAMPLES, DEFAULT_SEED
from desktop.background import Background, Ticket
from desktop.document import PitchDocument
from desktop.error_words import error_words

if TYPE_CHECKING:
    from core.scoring import ScoreRow
    from core.solve import Solution
    from core.what_must_change import WhatMustChange

log = logging.getLogger("computecurve")


# Goal seek and scoring are imported when first asked for, on the worker that runs them: the window is on
# screen sooner (README.md, "Speed": cold start). Module functions, so a test can replace them.
def solve(*args: Any, **kwargs: Any) -> Solution:
    """:func:`core.solve.solve`."""
    from core.solve import solve as real

    return real(*args, **kwargs)


def changes_needed(*args: Any, **kwargs: Any) -> WhatMustChange:
    """:func:`core.what_must_change.changes_needed`."""
    from core.what_must_change import changes_needed as real

    return real(*args, **kwargs)


def score_file(*args: Any, **kwargs: Any) -> ScoreRow:
    """:func:`core.scoring.score_file`."""
    from core.scoring import score_file as real

    return real(*args, **kwargs)


MC_DEBOUNCE_MS = 40  # a drag's frames come faster than this: only the pitch it rests on is simulated
SCORE_CHUNK_SECONDS = 0.1  # scored memos reach a view at most this often
_CURRENT_MC = "montecarlo"  # the background key of the current pitch's Monte Carlo
MUST_CHANGE_CACHE = 8  # answers of what_must_change kept (the scorecard's, then the memo's)


def internal_error(pitch: Pitch, exc: BaseException, *, today: date, generation: int = 0) -> Analysis:
    """The analysis of a pitch whose evaluation raised a bug: logged, and said plainly."""
    log.error("internal error while analysing %r:\n%s", pitch.name, "".join(traceback.format_exception(exc)))
    reason = f"internal error in Compute Curve ({type(exc).__name__}: {exc}); it was logged"
    return failed(pitch, PitchError(reason), today=today, internal=True, generation=generation)


def _internal_words(pitch: Pitch, exc: BaseException) -> str:
    log.error("internal error in goal seek on %r:\n%s", pitch.name, "".join(traceback.format_exception(exc)))
    return f"internal error in Compute Curve ({type(exc).__name__}: {exc}); it was logged"


@dataclass(frozen=True)
class ScoreProgress:
    """A chunk of a folder being scored: the rows so far (with what ``per_row`` made of each)."""

    rows: tuple[tuple[ScoreRow, Any], ...]
    done: int
    total: int


@dataclass(frozen=True)
class FileAnalysis:
    """One file of :meth:`AnalysisService.analyse_files`: its analysis, or why it could not be read."""

    index: int
    file: str
    analysis: Analysis | None
    error: str = ""
    must_change: WhatMustChange | None = None  # with ``must_change=True``: the memo's "what must change" rows


@dataclass(frozen=True)
class GoalSeek:
    """A goal-seek answer for one pitch value: a :class:`~core.solve.Solution` (``solve``) or a
    :class:`~core.what_must_change.WhatMustChange` (``what_must_change``), or why there is none.

    ``error`` is a problem with the request in the user's words (a date before the pitch's, a pitch that
    cannot be evaluated); ``internal`` says it is a bug in Compute Curve (logged).
    """

    pitch: Pitch
    by: date | None
    field: str = ""  # the field solved for ("" for what must change)
    solution: Solution | None = None
    must_change: WhatMustChange | None = None
    error: str = ""
    internal: bool = False

    @property
    def ok(self) -> bool:
        return not self.error


class AnalysisService(QObject):
    """Analyses the document's pitch on every change, and any other pitch on request."""

    analysed = Signal(object)  # Analysis of the current pitch (point values; uncertainty still None)
    uncertainty_ready = Signal(object)  # the same Analysis with its Monte Carlo
    uncertainty_failed = Signal(object, str)  # Analysis, reason
    catalog_ready = Signal(object)  # list[str]: every model id the catalog and the history know
    request_ready = Signal(object, object)  # key, Analysis with its Monte Carlo
    scoring_progress = Signal(object, object)  # key, ScoreProgress
    scoring_done = Signal(object, int)  # key, how many rows
    scoring_failed = Signal(object, str)  # key, reason (listing the files failed, or a bug)
    files_progress = Signal(object, object)  # key, FileAnalysis
    files_done = Signal(object)  # key
    solved = Signal(object, object)  # key, GoalSeek with a Solution
    must_change_ready = Signal(object, object)  # key, GoalSeek with a WhatMustChange

    def __init__(
        self,
        document: PitchDocument,
        catalog: PriceCatalog | None = None,
        *,
        samples: int = DEFAULT_SAMPLES,
        seed: int = DEFAULT_SEED,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.catalog = catalog or default_catalog()
        self.samples = samples
        self.seed = seed
        self.today: Callable[[], date] = date.today  # tests pin "today"
        self.background = Background(self)
        self.background.done.connect(self._on_background_done)
        self.background.failed.connect(self._on_background_failed)
        self.background.progress.connect(self._on_background_progress)
        self._generation = 0
        self._started = False
        self._shut_down = False
        self.current: Analysis | None = None
        self.model_ids: list[str] | None = None
        # The last answers of what_must_change, by (pitch, by, today): a memo written after the scorecard
        # showed them reads them here instead of solving again.
        # (A pitch is not hashable: a short list compared by value.)
        self._must_change: list[tuple[date, GoalSeek]] = []
        # Requests for the current pitch's own Monte Carlo: delivered with it, never simulated twice.
        self._waiting: dict[Hashable, Analysis] = {}
        self._mc_timer = QTimer(self)
        self._mc_timer.setSingleShot(True)
        self._mc_timer.setInterval(MC_DEBOUNCE_MS)
        self._mc_timer.timeout.connect(self._on_mc_timer_timeout)
        document.pitch_changed.connect(self._on_document_pitch_changed)

    # -- start-up ---------------------------------------------------------------------------------------
    @property
    def ready(self) -> bool:
        """True once the first analysis of the document is made (the catalog has loaded)."""
        return self.current is not None

    def start(self) -> None:
        """Load the price catalog off the GUI thread (genai-prices takes a fraction of a second), then
        analyse the document. Called once the window has been painted; calling it again does nothing."""
        if self._started or self._shut_down:
            return
        self._started = True
        self.background.submit("catalog", self._load_catalog, lane="catalog")

    def reload_catalog(self) -> None:
        """The price data changed (an install or a reset; the catalog has reloaded itself): list the models
        again off the GUI thread, then analyse the current pitch with the new prices (:attr:`catalog_ready`,
        then :attr:`analysed`)."""
        if self._shut_down:
            return
        self._started = True
        self.background.submit("catalog", self._load_catalog, lane="catalog")

    def _load_catalog(self) -> list[str]:
        # Worker thread: builds genai-prices' tables (the first use of the catalog) and lists every id.
        return sorted(set(self.catalog.model_ids()) | set(history_by_catalog_id()))

    # -- the current pitch ------------------------------------------------------------------------------
    @property
    def generation(self) -> int:
        return self._generation

    @property
    def mc_busy(self) -> bool:
        """Whether the current pitch's Monte Carlo is still to come."""
        return self._mc_timer.isActive() or self.background.busy(_CURRENT_MC)

    def _on_document_pitch_changed(self, pitch: Pitch) -> None:
        if self.ready:
            self.analyse_current()

    def analyse_current(self) -> Analysis:
        """Analyse the document's pitch now (the engine runs once), tell every view, schedule its Monte Carlo."""
        self._generation += 1
        pitch = self.document.pitch
        analysis = self._analyse(pitch, generation=self._generation)
        self.current = analysis
        self.background.cancel(_CURRENT_MC)
        for key, waiting in self._waiting.items():  # the pitch moved on: simulate theirs on their own
            self.background.submit(("request", key), self._simulate, waiting, lane="requests")
        self._waiting.clear()
        # The debounce counts from the edit, not from the end of the views' drawing (~10-20 ms of a
        # 50-block pitch): the Monte Carlo of the last edit of a burst starts that much sooner.
        if analysis.ok and not self._shut_down:
            self._mc_timer.start()
        else:
            self._mc_timer.stop()
        self.analysed.emit(analysis)
        return analysis

    def run_monte_carlo_now(self) -> None:
        """Skip the debounce (the screenshot command)."""
        if self._mc_timer.isActive():
            self._mc_timer.stop()
            self._on_mc_timer_timeout()

    def _on_mc_timer_timeout(self) -> None:
        analysis = self.current
        if analysis is None or not analysis.ok or self._shut_down:
            return
        self.background.submit(_CURRENT_MC, self._simulate, analysis, lane="montecarlo")

    def _simulate(self, analysis: Analysis) -> Analysis:
        # Worker thread: the analysis is an immutable value.
        return with_monte_carlo(analysis, self.samples, self.seed)

    # -- any other pitch ----------------------------------------------------------------------------------
    def _analyse(
        self,
        pitch: Pitch,
        *,
        as_of: date | None = None,
        scenario: DeclineScenario | None = None,
        generation: int = 0,
    ) -> Analysis:
        today = self.today()
        try:
            return analyse(
                pitch, self.catalog, today=today, as_of=as_of, scenario=scenario, generation=generation
            )
        except Exception as exc:  # a bug, not a problem with the pitch: say so, never show older numbers
            return internal_error(pitch, exc, today=today, generation=generation)

    def request(
        self,
        key: Hashable,
        pitch: Pitch,
        *,
        as_of: date | None = None,
        scenario: DeclineScenario | None = None,
        monte_carlo: bool = False,
    ) -> Analysis:
        """The analysis of another pitch (a compare entry, a slide, a replay), made now; with
        ``monte_carlo``, its simulation follows as :attr:`request_ready` under ``key``.

        The current pitch's own analysis is reused when ``pitch`` is the document's (no second run).
        """
        current = self.current
        if current is not None and current.pitch == pitch and as_of is None and scenario is None:
            analysis = current
        else:
            analysis = self._analyse(pitch, as_of=as_of, scenario=scenario)
        if monte_carlo and analysis.ok and not self._shut_down:
            if analysis.uncertainty is not None:
                QTimer.singleShot(0, lambda: self._deliver_request(key, analysis))
            elif analysis is self.current:
                self._waiting[key] = analysis
            else:
                self.background.submit(("request", key), self._simulate, analysis, lane="requests")
        return analysis

    def _deliver_request(self, key: Hashable, analysis: Analysis) -> None:
        if not self._shut_down:
            self.request_ready.emit(key, analysis)

    def cancel_request(self, key: Hashable) -> None:
        self._waiting.pop(key, None)
        self.background.cancel(("request", key))

    def requests_busy(self) -> bool:
        """Whether a requested Monte Carlo is still to come."""
        return bool(self._waiting) or any(
            isinstance(k, tuple) and k[:1] == ("request",) for k in self.background.pending_keys()
        )

    def score_files(
        self,
        key: Hashable,
        inputs: Sequence[Path],
        *,
        as_of: date | None = None,
        scenario: DeclineScenario | None = None,
        per_row: Callable[[ScoreRow], Any] | None = None,
        score: Callable[..., ScoreRow] = score_file,
    ) -> Ticket:
        """Score every memo of ``inputs`` (files, folders) in the background, as ``computecurve score``
        does; chunks arrive as :attr:`scoring_progress`, the end as :attr:`scoring_done`.

        ``per_row`` runs on the worker for each row (a view's cells, made where they cost the GUI nothing).
        """
        return self.background.submit(
            ("score", key),
            self._score,
            tuple(inputs),
            as_of,
            scenario,
            per_row,
            score,
            lane="scoring",
            with_ticket=True,
        )

    def _score(
        self,
        ticket: Ticket,
        inputs: tuple[Path, ...],
        as_of: date | None,
        scenario: DeclineScenario | None,
        per_row: Callable[[ScoreRow], Any] | None,
        score: Callable[..., ScoreRow],
    ) -> int:
        # Worker thread: never touches a widget.
        from core.scoring import expand_paths

        paths = expand_paths(inputs)
        ticket.report(ScoreProgress((), 0, len(paths)))
        chunk: list[tuple[ScoreRow, Any]] = []
        last = 0.0
        done = 0
        for path in paths:
            if ticket.stopping:
                break
            row = score(path, as_of=as_of, scenario=scenario, catalog=self.catalog)
            chunk.append((row, per_row(row) if per_row is not None else None))
            done += 1
            time.sleep(0)  # hand the GIL over if the GUI thread is waiting for it
            now = time.perf_counter()
            if done == 1 or now - last >= SCORE_CHUNK_SECONDS:
                ticket.report(ScoreProgress(tuple(chunk), done, len(paths)))
                chunk, last = [], now
        if chunk:
            ticket.report(ScoreProgress(tuple(chunk), done, len(paths)))
        return done

    def stop_scoring(self, key: Hashable) -> None:
        """End a scoring run early: the rows scored so far still arrive, then :attr:`scoring_done`."""
        self.background.stop(("score", key))

    def cancel_scoring(self, key: Hashable) -> None:
        """Drop a scoring run: nothing more of it arrives."""
        self.background.cancel(("score", key))

    def scoring(self, key: Hashable) -> bool:
        return self.background.busy(("score", key))

    def analyse_files(
        self,
        key: Hashable,
        files: Sequence[tuple[str, date | None, DeclineScenario | None]],
        *,
        monte_carlo: bool = True,
        must_change: bool = False,
    ) -> Ticket:
        """Analyse each (file, as_of, scenario) in the background, with its Monte Carlo (and what must change
        by a year after its date, with ``must_change``); one :attr:`files_progress` per file, then
        :attr:`files_done` (a batch's deal memos)."""
        return self.background.submit(
            ("files", key),
            self._analyse_files,
            tuple(files),
            monte_carlo,
            must_change,
            lane="scoring",
            with_ticket=True,
        )

    def _analyse_files(
        self,
        ticket: Ticket,
        files: tuple[tuple[str, date | None, DeclineScenario | None], ...],
        monte_carlo: bool,
        must_change: bool,
    ) -> int:
        for i, (file, as_of, scenario) in enumerate(files):
            if ticket.stopping:
                break
            try:
                pitch = load_pitch(Path(file))
            except PitchError as exc:
                ticket.report(FileAnalysis(i, file, None, str(exc)))
                continue
            analysis = self._analyse(pitch, as_of=as_of, scenario=scenario)
            if monte_carlo and analysis.ok:
                analysis = self._simulate(analysis)
            must = None
            if must_change and analysis.ok:
                from core.what_must_change import must_change_of

                must = must_change_of(analysis, self.catalog)
            ticket.report(FileAnalysis(i, file, analysis, must_change=must))
        return len(files)

    def files_busy(self, key: Hashable) -> bool:
        return self.background.busy(("files", key))

    # -- goal seek ----------------------------------------------------------------------------------------
    def solve(
        self, key: Hashable, pitch: Pitch, field: str, by: date | None, *, monte_carlo: bool = True
    ) -> Ticket:
        """The value of ``field`` that makes ``pitch`` viable by ``by`` (None: today), in the background;
        it arrives as :attr:`solved` under ``key`` (a later call with the same key supersedes this one)."""
        return self.background.submit(
            ("solve", key), self._solve, pitch, field, by, monte_carlo, self.today(), lane="goalseek"
        )

    def _solve(self, pitch: Pitch, field: str, by: date | None, monte_carlo: bool, today: date) -> GoalSeek:
        # Worker thread: pure computation on immutable values.
        try:
            found = solve(
                pitch,
                field,
                by,
                self.catalog,
                today=today,
                monte_carlo=monte_carlo,
                samples=self.samples,
                seed=self.seed,
            )
        except PitchError as exc:
            return GoalSeek(pitch, by, field, error=error_words(pitch, exc))
        except Exception as exc:  # a bug (a SolveCheckError included): logged, and said plainly
            return GoalSeek(pitch, by, field, error=_internal_words(pitch, exc), internal=True)
        return GoalSeek(pitch, by, field, solution=found)

    def what_must_change(self, key: Hashable, pitch: Pitch, by: date | None) -> Ticket | None:
        """The three cheapest single changes that make ``pitch`` viable by ``by`` (None: one year after its
        date), in the background; they arrive as :attr:`must_change_ready` under ``key`` (at once, on the
        next turn of the event loop, when this pitch and date were answered already). None when cached."""
        cached = self.must_change_cached(pitch, by)
        if cached is not None:
            self.background.cancel(("must", key))
            QTimer.singleShot(0, self, lambda: self._deliver_must_change(key, cached))
            return None
        return self.background.submit(
            ("must", key), self._what_must_change, pitch, by, self.today(), lane="goalseek"
        )

    def must_change_cached(self, pitch: Pitch, by: date | None) -> GoalSeek | None:
        """The answer of :meth:`what_must_change` for ``pitch`` and ``by`` when it is known already."""
        today = self.today()
        return next(
            (r for day, r in self._must_change if day == today and r.by == by and r.pitch == pitch), None
        )

    def _what_must_change(self, pitch: Pitch, by: date | None, today: date) -> GoalSeek:
        try:
            found = changes_needed(pitch, by, self.catalog, today=today)
        except PitchError as exc:
            return GoalSeek(pitch, by, error=error_words(pitch, exc))
        except Exception as exc:  # a bug: logged, and said plainly
            return GoalSeek(pitch, by, error=_internal_words(pitch, exc), internal=True)
        return GoalSeek(pitch, by, must_change=found)

    def _deliver_must_change(self, key: Hashable, result: GoalSeek) -> None:
        if not self._shut_down:
            self.must_change_ready.emit(key, result)

    def cancel_goal_seek(self, key: Hashable) -> None:
        """Drop ``key``'s solve and what-must-change jobs: nothing of them arrives."""
        self.background.cancel(("solve", key))
        self.background.cancel(("must", key))

    def goal_seek_busy(self, key: Hashable) -> bool:
        return self.background.busy(("solve", key)) or self.background.busy(("must", key))

    # -- results on the GUI thread --------------------------------------------------------------------
    def _on_background_done(self, ticket: Ticket, result: object) -> None:
        key = ticket.key
        if key == "catalog":
            assert isinstance(result, list)
            self.model_ids = result
            self.catalog_ready.emit(result)
            self.analyse_current()
        elif key == _CURRENT_MC:
            assert isinstance(result, Analysis)
            if self.current is not None and result.generation == self.current.generation:
                self.current = result
                self.uncertainty_ready.emit(result)
                waiting, self._waiting = self._waiting, {}
                for request, _analysis in waiting.items():
                    self.request_ready.emit(request, result)
        elif isinstance(key, tuple) and key[0] == "request":
            self.request_ready.emit(key[1], result)
        elif isinstance(key, tuple) and key[0] == "score":
            assert isinstance(result, int)
            self.scoring_done.emit(key[1], result)
        elif isinstance(key, tuple) and key[0] == "files":
            self.files_done.emit(key[1])
        elif isinstance(key, tuple) and key[0] == "solve":
            self.solved.emit(key[1], result)
        elif isinstance(key, tuple) and key[0] == "must":
            assert isinstance(result, GoalSeek)
            # kept whether it found changes or why it could not (asking again would say the same)
            self._must_change = [*self._must_change[-(MUST_CHANGE_CACHE - 1) :], (self.today(), result)]
            self.must_change_ready.emit(key[1], result)

    def _on_background_progress(self, ticket: Ticket, partial: object) -> None:
        key = ticket.key
        if isinstance(key, tuple) and key[0] == "score":
            self.scoring_progress.emit(key[1], partial)
        elif isinstance(key, tuple) and key[0] == "files":
            self.files_progress.emit(key[1], partial)

    def _on_background_failed(self, ticket: Ticket, exc: BaseException) -> None:
        key = ticket.key
        reason = f"internal error in Compute Curve ({type(exc).__name__}: {exc}); it was logged"
        if key == "catalog":
            # The catalog could not be built: analyse anyway; every model block then says why it has no price.
            self.model_ids = []
            self.catalog_ready.emit([])
            self.analyse_current()
        elif key == _CURRENT_MC and self.current is not None:
            self.uncertainty_failed.emit(self.current, reason)
        elif isinstance(key, tuple) and key[0] == "score":
            self.scoring_failed.emit(key[1], f"{type(exc).__name__}: {exc}")
        elif isinstance(key, tuple) and key[0] == "files":
            self.files_done.emit(key[1])

    def shutdown(self) -> None:
        """Stop every background job (the window is closing)."""
        self._shut_down = True
        self._waiting.clear()
        self._mc_timer.stop()
        self.background.shutdown()
