"""A slider over a logarithmic range: preview while dragging, one commit when released.

Prices and usage span orders of magnitude, so the slider moves in log space. A drag emits ``previewed``
for every position and ``committed`` once at the end, so the document makes it one undo step; a
keyboard or wheel step (no drag) commits directly.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QSlider, QWidget

STEPS = 1000


class LogSlider(QSlider):
    """A horizontal slider whose positions map to ``low .. high`` on a log scale."""

    previewed = Signal(float)
    committed = Signal(float)

    def __init__(self, low: float, high: float, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        if not 0 < low < high:
            raise ValueError("a log slider needs 0 < low < high")
        self._log_low = math.log10(low)
        self._log_high = math.log10(high)
        self.setRange(0, STEPS)
        self.setSingleStep(10)
        self.setPageStep(100)
        self._pressed_at: int | None = None
        self.valueChanged.connect(self._on_self_value_changed)
        self.sliderPressed.connect(self._on_self_slider_pressed)
        self.sliderReleased.connect(self._on_self_slider_released)

    def value_at(self, position: int) -> float:
        """The value at a slider position, rounded to 3 significant figures (what a person reads)."""
        x = 10 ** (self._log_low + (self._log_high - self._log_low) * position / STEPS)
        digits = 2 - math.floor(math.log10(x))
        return round(x, digits)

    def position_of(self, value: float) -> int:
        if value <= 0:
            return 0
        t = (math.log10(value) - self._log_low) / (self._log_high - self._log_low)
        return max(0, min(STEPS, round(t * STEPS)))

    def set_value(self, value: float) -> None:
        """Show ``value`` (model -> view) without emitting."""
        with QSignalBlocker(self):
            self.setValue(self.position_of(value))

    def current(self) -> float:
        return self.value_at(self.value())

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
