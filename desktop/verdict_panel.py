"""The verdict panel: the first thing the eye lands on, readable from the back of a room.

Every sentence comes from ``core.wording``, ``core.report`` and ``core.formatting``, the functions the command
line uses, so the screen and ``computecurve evaluate`` always show the same numbers. The verdict's words
come with the pitch's own arrival under its scenario ("One order of magnitude away · about 9-12 months at
Frontier 5-10x/yr"); the seed essay's gloss is shown under them, labelled as the seed's rule of thumb
(contract section 3). A pitch that cannot be evaluated says why, in the user's words, in place of the
numbers: never an older pitch's.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from core.analysis import Analysis
from core.formatting import needs_sentence
from core.report import breakeven_sentence, uncertainty_sentence
from core.wording import arrival_window_text, cost_vs_budget, seed_rule_line, verdict_headline
from desktop.error_words import problems_text
from desktop.safety import plain_label, set_plain
from desktop.theme import VERDICT_COLORS, VERDICT_TEXT_COLORS, scaled_font

SIMULATING = "Monte Carlo: simulating…"
GREY = "#888888"


class VerdictPanel(QFrame):
    """Shows the verdict, the cost against the budget, the arrival window and the break-even."""

    first_painted = Signal()  # the app's start-up waits for this before loading the price catalog

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
        self.words = self._line("verdictWords")
        self.seed = self._line("verdictSeedRule")
        self.seed.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.cost = self._line("verdictCost")
        self.needs = self._line("verdictNeeds")
        self.arrival = self._line("verdictArrival")
        self.uncertainty = self._line("verdictUncertainty")
        self.breakeven = self._line("verdictBreakeven")
        self.notice = self._line("verdictNotice")
        head = QHBoxLayout()
        head.addWidget(self.chip, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.words, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(4)
        layout.addLayout(head)
        for w in self.lines():
            layout.addWidget(w)
        layout.addStretch(1)  # the height kept from a longer verdict stays below the lines
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.apply_scale(1.0)

    @staticmethod
    def _line(name: str) -> QLabel:
        label = plain_label("")
        label.setObjectName(name)
        label.setWordWrap(True)
        return label

    def lines(self) -> tuple[QLabel, ...]:
        """The lines under the headline, top to bottom."""
        return (self.seed, self.cost, self.needs, self.arrival, self.uncertainty, self.breakeven, self.notice)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_painted.emit()

    def apply_scale(self, factor: float) -> None:
        """Type sizes: the headline numbers large."""
        self._scale = factor
        self._tallest = 0
        self.setMinimumHeight(0)
        base = self.font()
        self.chip.setFont(scaled_font(base, 1.2 * factor, bold=True))
        self.words.setFont(scaled_font(base, 1.4 * factor, bold=True))
        self.seed.setFont(scaled_font(base, 1.0 * factor))
        self.cost.setFont(scaled_font(base, 1.3 * factor, bold=True))
        self.needs.setFont(scaled_font(base, 1.15 * factor))
        self.arrival.setFont(scaled_font(base, 1.15 * factor))
        self.uncertainty.setFont(scaled_font(base, 1.05 * factor))
        self.breakeven.setFont(scaled_font(base, 1.05 * factor))
        self.notice.setFont(scaled_font(base, 1.0 * factor))

    # -- model -> view ------------------------------------------------------------------------------
    def show_loading(self) -> None:
        self._set_chip("Loading", GREY)
        set_plain(self.words, "Loading the price catalog…")

    def show_analysis(self, analysis: Analysis) -> None:
        """Draw ``analysis``: its verdict and numbers, or why it has none."""
        ev = analysis.evaluation
        if ev is None:
            internal = analysis.internal
            self._set_chip("Internal error" if internal else "Cannot evaluate", GREY)
            set_plain(
                self.words,
                "Compute Curve could not evaluate this pitch"
                if internal
                else "The pitch has a problem to fix",
            )
            for w in self.lines():
                set_plain(w, "")
            set_plain(self.notice, problems_text(analysis, limit=6))
            self._keep_height()
            return
        today = analysis.today
        self._set_chip(ev.verdict.short, VERDICT_COLORS[ev.verdict], VERDICT_TEXT_COLORS[ev.verdict])
        set_plain(self.words, verdict_headline(ev, today))
        set_plain(self.seed, seed_rule_line(ev.verdict))
        if not analysis.pitch.blocks:
            set_plain(self.cost, "Add a block from the library to start")
        else:
            set_plain(self.cost, cost_vs_budget(ev).replace(" vs ", "   vs   "))
        set_plain(
            self.needs, needs_sentence(ev.required_drop, ev.orders_of_magnitude, ev.verdict).capitalize()
        )
        set_plain(self.arrival, arrival_window_text(ev, today))
        set_plain(self.breakeven, breakeven_sentence(ev))
        notes = []
        if ev.warnings:
            notes.append(f"{len(ev.warnings)} warning{'s' * (len(ev.warnings) > 1)}: " + ev.warnings[0])
        set_plain(self.notice, "  ".join(notes))
        self.show_uncertainty(analysis)

    def show_uncertainty(self, analysis: Analysis) -> None:
        """The Monte Carlo line: its percentiles, or that it is still running."""
        mc = analysis.uncertainty
        set_plain(self.uncertainty, uncertainty_sentence(mc) if mc is not None else SIMULATING)
        self._keep_height()

    def show_uncertainty_failed(self, reason: str) -> None:
        set_plain(self.uncertainty, f"Monte Carlo failed: {reason}")
        self._keep_height()

    def _keep_height(self) -> None:
        for w in self.lines():  # an empty line takes no room (a problem list then follows the headline)
            w.setHidden(not w.text())
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
            self._tallest = 0  # a new width wraps differently: start over, once the layout has settled
            self.setMinimumHeight(0)
            QTimer.singleShot(0, self, self._keep_height)

    def _set_chip(self, text: str, color: str, text_color: str = "#ffffff") -> None:
        set_plain(self.chip, f" {text} ")
        self.chip.setStyleSheet(
            f"QLabel#verdictChip {{ background: {color}; color: {text_color}; border-radius: 6px; "
            "padding: 4px 10px; }"
        )
