"""The verdict panel: the first thing the eye lands on, readable from the back of a room.

Every sentence comes from ``core.report`` / ``core.formatting``, the same functions the command line
uses, so the screen and ``computecurve evaluate`` always show the same numbers.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from core.formatting import needs_sentence
from core.report import breakeven_sentence, uncertainty_sentence
from core.uncertainty import UncertaintyResult
from core.wording import arrival_window_text, cost_vs_budget
from desktop.evaluation_service import EvaluationBundle
from desktop.safety import plain_label, set_plain
from desktop.theme import VERDICT_COLORS, VERDICT_TEXT_COLORS, scaled_font


class VerdictPanel(QFrame):
    """Shows the verdict, the cost against the budget, the arrival window and the break-even."""

    first_painted = Signal()  # the window's start-up waits for this before loading the price catalog

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verdictPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._scale = 1.0
        self._painted = False
        self._tallest = 0  # the panel only grows: charts below must not jump up and down while editing
        self.chip = plain_label("")
        self.chip.setObjectName("verdictChip")
        self.chip.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.words = plain_label("")
        self.words.setWordWrap(True)
        self.cost = plain_label("")
        self.cost.setWordWrap(True)
        self.needs = plain_label("")
        self.needs.setWordWrap(True)
        self.arrival = plain_label("")
        self.arrival.setWordWrap(True)
        self.uncertainty = plain_label("")
        self.uncertainty.setWordWrap(True)
        self.breakeven = plain_label("")
        self.breakeven.setWordWrap(True)
        self.notice = plain_label("")
        self.notice.setWordWrap(True)
        self.notice.setObjectName("verdictNotice")
        head = QHBoxLayout()
        head.addWidget(self.chip, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.words, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(4)
        layout.addLayout(head)
        for w in (self.cost, self.needs, self.arrival, self.uncertainty, self.breakeven, self.notice):
            layout.addWidget(w)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.apply_scale(1.0)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_painted.emit()

    def apply_scale(self, factor: float) -> None:
        """Type sizes: the headline numbers large; presentation mode passes a larger factor."""
        self._scale = factor
        self._tallest = 0
        self.setMinimumHeight(0)
        base = self.font()
        self.chip.setFont(scaled_font(base, 1.3 * factor, bold=True))
        self.words.setFont(scaled_font(base, 1.6 * factor, bold=True))
        self.cost.setFont(scaled_font(base, 1.45 * factor, bold=True))
        self.needs.setFont(scaled_font(base, 1.3 * factor))
        self.arrival.setFont(scaled_font(base, 1.3 * factor))
        self.uncertainty.setFont(scaled_font(base, 1.05 * factor))
        self.breakeven.setFont(scaled_font(base, 1.05 * factor))
        self.notice.setFont(scaled_font(base, 1.0 * factor))

    def show_loading(self) -> None:
        self._set_chip("Loading", "#888888")
        set_plain(self.words, "Loading the price catalog…")

    def show_evaluation(self, bundle: EvaluationBundle) -> None:
        ev = bundle.evaluation
        if ev is None:
            self._set_chip("Cannot evaluate", "#888888")
            set_plain(self.words, "The pitch has a problem to fix")
            for w in (self.cost, self.needs, self.arrival, self.uncertainty, self.breakeven):
                set_plain(w, "")
            set_plain(self.notice, str(bundle.error) if bundle.error else "")
            return
        self._set_chip(ev.verdict.short, VERDICT_COLORS[ev.verdict], VERDICT_TEXT_COLORS[ev.verdict])
        set_plain(self.words, ev.verdict.words)
        if not bundle.pitch.blocks:
            set_plain(self.cost, "Add a block from the library to start")
        else:
            set_plain(self.cost, cost_vs_budget(ev).replace(" vs ", "   vs   "))
        set_plain(
            self.needs, needs_sentence(ev.required_drop, ev.orders_of_magnitude, ev.verdict).capitalize()
        )
        set_plain(self.arrival, arrival_window_text(ev, date.today()))
        set_plain(self.breakeven, breakeven_sentence(ev))
        notes = []
        if ev.warnings:
            notes.append(f"{len(ev.warnings)} warning{'s' * (len(ev.warnings) > 1)}: " + ev.warnings[0])
        set_plain(self.notice, "  ".join(notes))
        set_plain(self.uncertainty, "Monte Carlo: simulating…")
        self._keep_height()

    def _keep_height(self) -> None:
        # A sentence that wraps to one more line makes the panel taller; one that wraps to one fewer
        # would make it shorter and every chart below would resize and redraw. Keep the tallest so far.
        self.layout().activate()
        height = (
            self.layout().totalHeightForWidth(self.width()) if self.width() > 0 else self.sizeHint().height()
        )
        if height > self._tallest:
            self._tallest = height
            self.setMinimumHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._tallest = 0  # a new width wraps differently: start over
            self.setMinimumHeight(0)

    def show_uncertainty(self, mc: UncertaintyResult | None) -> None:
        set_plain(
            self.uncertainty, uncertainty_sentence(mc) if mc is not None else "Monte Carlo: simulating…"
        )

    def _set_chip(self, text: str, color: str, text_color: str = "#ffffff") -> None:
        set_plain(self.chip, f" {text} ")
        self.chip.setStyleSheet(
            f"QLabel#verdictChip {{ background: {color}; color: {text_color}; border-radius: 6px; "
            "padding: 4px 10px; }"
        )

    def texts(self) -> dict[str, str]:
        """What the panel shows (for tests and the screenshot check)."""
        labels: dict[str, QLabel] = {
            "chip": self.chip,
            "words": self.words,
            "cost": self.cost,
            "needs": self.needs,
            "arrival": self.arrival,
            "uncertainty": self.uncertainty,
            "breakeven": self.breakeven,
            "notice": self.notice,
        }
        return {k: v.text() for k, v in labels.items()}
