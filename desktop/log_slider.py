"""A slider over a logarithmic range: preview while dragging, one commit when released.

Prices and usage span orders of magnitude, so the slider moves in log space. A drag emits ``previewed``
for every position and ``committed`` once at the end, so the document makes it one undo step; a
keyboard or wheel step (no drag) commits directly.

Its span can change while it lives (:meth:`LogSlider.set_span`, :meth:`LogSlider.centre_on`): a what-if
slider spans a decade or so either side of the pitch's own value, not the field's whole range (a slider
over $0.50 to $100,000 moves a $9.99 price to $117 in 60 pixels), and is re-centred when the value is set
another way (typed, undone, another pitch).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QSlider, QWidget

from desktop.what_if import DECADES_EACH_SIDE, centred_span

STEPS = 1000
EDGE_STEPS = 20  # a value this close to either end (2% of the slider) counts as "at the edge"


class LogSlider(QSlider):
    """A horizontal slider whose positions map to ``low .. high`` on a log scale."""

    previewed = Signal(float)
    committed = Signal(float)
    span_changed = Signal(float, float)  # low, high: after set_span / centre_on changed them

    def __init__(self, low: float, high: float, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._log_low = 0.0
        self._log_high = 1.0
        self._set_logs(low, high)
        self.setRange(0, STEPS)
        self.setSingleStep(10)
        self.setPageStep(100)
        self._pressed_at: int | None = None
        self.valueChanged.connect(self._on_self_value_changed)
        self.sliderPressed.connect(self._on_self_slider_pressed)
        self.sliderReleased.connect(self._on_self_slider_released)

    def _set_logs(self, low: float, high: float) -> None:
        if not 0 < low < high or not math.isfinite(high):
            raise ValueError("a log slider needs 0 < low < high")
        self._log_low = math.log10(low)
        self._log_high = math.log10(high)

    # -- the span -----------------------------------------------------------------------------------
    def span(self) -> tuple[float, float]:
        """The values at the slider's two ends (low, high)."""
        return 10**self._log_low, 10**self._log_high

    def set_span(self, low: float, high: float, value: float | None = None) -> None:
        """Span ``low .. high`` from now on, showing ``value`` (default: the value shown now); no signal
        but ``span_changed``."""
        shown = self.current() if value is None else value
        before = (self._log_low, self._log_high)
        self._set_logs(low, high)
        self.set_value(shown)
        if (self._log_low, self._log_high) != before:
            self.span_changed.emit(*self.span())

    def centre_on(
        self,
        value: float,
        decades: float = DECADES_EACH_SIDE,
        bounds: tuple[float | None, float | None] = (None, None),
    ) -> None:
        """Span ``decades`` either side of ``value`` (within ``bounds``), showing ``value``."""
        self.set_span(*centred_span(value, decades, *bounds), value=value)

    def at_edge(self, value: float) -> bool:
        """Whether ``value`` sits at (or past) either end of the span: a drag there wants more room."""
        position = self._unclamped_position(value)
        return position <= EDGE_STEPS or position >= STEPS - EDGE_STEPS

    # -- positions and values -------------------------------------------------------------------------
    def value_at(self, position: int) -> float:
        """The value at a slider position, rounded to 3 significant figures (what a person reads)."""
        x = 10 ** (self._log_low + (self._log_high - self._log_low) * position / STEPS)
        digits = 2 - math.floor(math.log10(x))
        return round(x, digits)

    def _unclamped_position(self, value: float) -> float:
        if value <= 0:
            return -math.inf
        return (math.log10(value) - self._log_low) / (self._log_high - self._log_low) * STEPS

    def position_of(self, value: float) -> int:
        t = self._unclamped_position(value)
        return int(max(0, min(STEPS, round(t)))) if math.isfinite(t) else 0

    def set_value(self, value: float) -> None:
        """Show ``value`` (model -> view) without emitting."""
        with QSignalBlocker(self):
            self.setValue(self.position_of(value))

    def current(self) -> float:
        return self.value_at(self.value())

    # -- user actions -------------------------------------------------------------------------------
    def _on_self_value_changed(self, position: int) -> None:
        if self.isSliderDown():
            self.previewed.emit(self.value_at(position))
        else:
            self.committed.emit(self.value_at(position))

    def _on_self_slider_pressed(self) -> None:
        self._pressed_at = self.value()

    def _on_self_slider_released(self) -> None:
        # A click on the handle that did not move it changes nothing: the position only approximates the
        # pitch's value ($9.99 sits at the position of $10.0), so committing it would be a silent edit.
        moved = self._pressed_at is None or self.value() != self._pressed_at
        self._pressed_at = None
        if moved:
            self.committed.emit(self.value_at(self.value()))
