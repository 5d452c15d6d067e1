"""Turns the document's pitch into numbers for the views.

The point evaluation and the sensitivity run synchronously on every change (well under a frame). The
Monte Carlo runs on a worker thread after a short debounce; each request carries a generation number
and a result whose number is stale is dropped. Results are applied on the GUI thread only.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from core.catalog import PriceCatalog, default_catalog
from core.engine import Evaluation, PreparedPitch, evaluate_prepared, prepare
from core.errors import PitchError
from core.pitch import Pitch
from core.uncertainty import (
    DEFAULT_SAMPLES,
    DEFAULT_SEED,
    SensitivityRow,
    UncertaintyResult,
    monte_carlo,
    sensitivity,
)

MC_DEBOUNCE_MS = 40


@dataclass(frozen=True)
class EvaluationBundle:
    """What the views draw for one pitch value: the numbers, or why there are none."""

    pitch: Pitch
    prepared: PreparedPitch | None
    evaluation: Evaluation | None
    sensitivity: tuple[SensitivityRow, ...]
    error: PitchError | None = None


class EvaluationService(QObject):
    """Evaluates each new pitch; owns the Monte Carlo worker."""

    evaluated = Signal(object)  # EvaluationBundle
    uncertainty_ready = Signal(object)  # UncertaintyResult
    uncertainty_pending = Signal()
    _mc_done = Signal(int, object)  # generation, UncertaintyResult | Exception

    def __init__(
        self,
        catalog: PriceCatalog | None = None,
        samples: int = DEFAULT_SAMPLES,
        seed: int = DEFAULT_SEED,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.catalog = catalog or default_catalog()
        self.samples = samples
        self.seed = seed
        self.today: date | None = None  # tests pin "today"
        self._generation = 0
        self._pending: PreparedPitch | None = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="montecarlo")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(MC_DEBOUNCE_MS)
        self._timer.timeout.connect(self._start_mc)
        self._mc_done.connect(self._on_mc_done)
        self.current: EvaluationBundle | None = None
        self.uncertainty: UncertaintyResult | None = None
        self._mc_running = 0
        self._shut_down = False

    @property
    def generation(self) -> int:
        return self._generation

    @property
    def mc_busy(self) -> bool:
        return self._timer.isActive() or self._mc_running > 0

    @Slot(object)
    def submit(self, pitch: Pitch) -> EvaluationBundle:
        """Evaluate ``pitch`` now and schedule its Monte Carlo."""
        self._generation += 1
        try:
            prep = prepare(pitch, self.catalog, today=self.today)
            bundle = EvaluationBundle(pitch, prep, evaluate_prepared(prep), tuple(sensitivity(prep)))
        except PitchError as exc:
            bundle = EvaluationBundle(pitch, None, None, (), exc)
            prep = None
        self.current = bundle
        self.evaluated.emit(bundle)
        self._pending = prep
        if prep is not None and not self._shut_down:
            self.uncertainty_pending.emit()
            self._timer.start()
        return bundle

    def _start_mc(self) -> None:
        prep, generation = self._pending, self._generation
        if prep is None or self._shut_down:
            return
        self._mc_running += 1
        future = self._executor.submit(self._simulate, prep, generation)
        future.add_done_callback(lambda f, g=generation: self._deliver(g, f))

    def _simulate(self, prep: PreparedPitch, generation: int) -> UncertaintyResult | None:
        # Worker thread. A request that a newer pitch has overtaken while it queued is skipped.
        if generation != self._generation:
            return None
        return monte_carlo(prep, self.samples, self.seed)

    def _deliver(self, generation: int, future: Future[UncertaintyResult | None]) -> None:
        # Worker thread: hand the result to the GUI thread through a queued signal.
        if future.cancelled():  # the service shut down before it ran: nothing to deliver
            return
        try:
            result: object = future.result()
        except Exception as exc:  # reported on the GUI thread
            result = exc
        self._mc_done.emit(generation, result)

    @Slot(int, object)
    def _on_mc_done(self, generation: int, result: object) -> None:
        self._mc_running -= 1
        if result is None or generation != self._generation:
            return  # skipped, or a newer pitch is on screen: this result is stale
        if isinstance(result, Exception):
            raise result
        assert isinstance(result, UncertaintyResult)
        self.uncertainty = result
        self.uncertainty_ready.emit(result)

    def run_now(self) -> None:
        """Skip the debounce (the screenshot command, tests)."""
        if self._timer.isActive():
            self._timer.stop()
            self._start_mc()

    def shutdown(self) -> None:
        self._shut_down = True
        self._timer.stop()
        self._executor.shutdown(wait=True, cancel_futures=True)
