"""The verdict panel: the first thing the eye lands on, readable from the back of a room.

Every sentence comes from ``core.wording``, ``core.report`` and ``core.formatting``, the functions the command
line uses, so the screen and ``computecurve evaluate`` always show the same numbers. The verdict's words
come with the pitch's own arrival under its scenario ("One order of magnitude away · about 9-12 months at
Frontier 5-10x/yr"); the seed essay's gloss is shown under them, labelled as the seed's rule of thumb
(contract section 3). A pitch that cannot be evaluated says why, in the user's words, in place of the
numbers (never an older pitch's), and offers the fixes of :mod:`desktop.fix_offer` in place: each failing
block by its name with its reason, the substitutes of the pitch's date in one click and one undo step, the
first day every block has a price, and where Replay at a past date is.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from core.analysis import Analysis
from core.formatting import needs_sentence
from core.pitch import Pitch
from core.report import breakeven_sentence, uncertainty_sentence
from core.wording import arrival_window_text, cost_vs_budget, seed_rule_line, verdict_headline
from desktop.error_words import analysis_problems
from desktop.fix_offer import FixOffer
from desktop.safety import plain_label, plain_tooltip, set_plain
from desktop.theme import VERDICT_COLORS, VERDICT_TEXT_COLORS, scaled_font

SIMULATING = "Monte Carlo: simulating…"
GREY = "#888888"
MAX_PROBLEM_LINES = 6  # more are counted; the blocks table marks every failing block
REPLAY_HINT = (
    "Pitch > Replay at a past date… prices the pitch on any day back to 2021 beside today, block by block."
)


class VerdictPanel(QFrame):
    """Shows the verdict, the cost against the budget, the arrival window and the break-even."""

    first_painted = Signal()  # the app's start-up waits for this before loading the price catalog
    fix_chosen = Signal(object, str)  # a fixed Pitch and its undo step's name: the window applies it

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
        self._offer: FixOffer | None = None
        self._failed: bool | None = None  # the state shown: None (loading), True (no numbers) or False
        self.fix_box = QWidget()
        self.fix_box.setObjectName("verdictFixes")
        fix_layout = QVBoxLayout(self.fix_box)
        fix_layout.setContentsMargins(0, 2, 0, 0)
        fix_layout.setSpacing(3)
        self.problem_lines = [self._line(f"verdictProblem{i}") for i in range(MAX_PROBLEM_LINES + 1)]
        for w in self.problem_lines:
            fix_layout.addWidget(w)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        self.substitutes_button = QPushButton()
        self.substitutes_button.setObjectName("useSubstitutes")
        self.substitutes_button.clicked.connect(self._on_substitutes_button_clicked)
        self.date_button = QPushButton()
        self.date_button.setObjectName("moveDate")
        self.date_button.clicked.connect(self._on_date_button_clicked)
        for b in (self.substitutes_button, self.date_button):
            b.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            buttons.addWidget(b)
        buttons.addStretch(1)
        fix_layout.addLayout(buttons)
        self.replay_hint = self._line("verdictReplayHint")
        self.replay_hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        fix_layout.addWidget(self.replay_hint)
        self.fix_box.hide()
        head = QHBoxLayout()
        head.addWidget(self.chip, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.words, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(4)
        layout.addLayout(head)
        for w in self.lines():
            layout.addWidget(w)
        layout.addWidget(self.fix_box)
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
        for w in (*self.problem_lines, self.replay_hint, self.substitutes_button, self.date_button):
            w.setFont(scaled_font(base, 1.0 * factor))

    # -- model -> view ------------------------------------------------------------------------------
    def show_loading(self) -> None:
        self._set_chip("Loading", GREY)
        set_plain(self.words, "Loading the price catalog…")

    def show_analysis(self, analysis: Analysis, offer: FixOffer | None = None) -> None:
        """Draw ``analysis``: its verdict and numbers, or why it has none and (``offer``) what would fix it."""
        ev = analysis.evaluation
        self._set_state(ev is None)
        if ev is None:
            self._show_problems(analysis, offer)
            return
        self._offer = None
        self.fix_box.hide()
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
        warnings = [warning_words(analysis.pitch, w) for w in ev.warnings]
        set_plain(self.notice, warnings_text(warnings))
        self.notice.setToolTip(plain_tooltip("\n".join(warnings)) if len(warnings) > 1 else "")
        self.show_uncertainty(analysis)

    def _show_problems(self, analysis: Analysis, offer: FixOffer | None) -> None:
        """No numbers: the problems, each block by its name, and the fixes on offer."""
        self._offer = offer
        internal = analysis.internal
        self._set_chip("Internal error" if internal else "Cannot evaluate", GREY)
        for w in self.lines():
            set_plain(w, "")
            w.setToolTip("")
        if offer is None:  # inside Compute Curve: what failed, nothing to offer
            set_plain(
                self.words,
                "Compute Curve could not evaluate this pitch"
                if internal
                else "The pitch has a problem to fix",
            )
            self._set_problem_lines([(p, "") for p in analysis_problems(analysis)], 0)
            for w in (self.substitutes_button, self.date_button, self.replay_hint):
                w.hide()
            self.fix_box.show()
            self._keep_height()
            return
        set_plain(self.words, offer.headline)
        lines = [(b.line, b.detail) for b in offer.blocks] + [(o, "") for o in offer.others]
        self._set_problem_lines(lines, offer.unexamined)
        self.substitutes_button.setText(offer.substitutes_text)
        self.substitutes_button.setHidden(offer.with_substitutes is None)
        self.substitutes_button.setToolTip(
            plain_tooltip(
                "Each block named above with a model to use gets that model (its price on the pitch's date); "
                "one undo step (Ctrl+Z) puts them back."
            )
        )
        if offer.first_day is not None:
            day = offer.first_day.isoformat()
            self.date_button.setText(f"Date the pitch {day}, when every model existed")
            self.date_button.setToolTip(
                plain_tooltip(f"Prices are then taken on {day}; one undo step (Ctrl+Z) goes back.")
            )
        self.date_button.setHidden(offer.with_first_day is None)
        set_plain(self.replay_hint, REPLAY_HINT if offer.blocks else "")
        self.replay_hint.setHidden(not offer.blocks)
        self.fix_box.show()
        self._keep_height()

    def _set_problem_lines(self, lines: list[tuple[str, str]], unexamined: int) -> None:
        """One line per problem (text, tooltip), the first :data:`MAX_PROBLEM_LINES`, then how many more."""
        more = max(0, len(lines) - MAX_PROBLEM_LINES) + unexamined
        lines = lines[:MAX_PROBLEM_LINES]
        if more > 0:
            lines.append((f"… and {more} more: the blocks table marks each", ""))
        lines += [("", "")] * (len(self.problem_lines) - len(lines))
        for label, (text, tip) in zip(self.problem_lines, lines, strict=True):
            set_plain(label, f"• {text}" if text and not text.startswith("…") else text)
            label.setToolTip(plain_tooltip(tip) if tip else "")
            label.setHidden(not text)

    def _on_substitutes_button_clicked(self) -> None:
        offer = self._offer
        if offer is not None and offer.with_substitutes is not None:
            self.fix_chosen.emit(offer.with_substitutes, offer.substitutes_text)

    def _on_date_button_clicked(self) -> None:
        offer = self._offer
        if offer is not None and offer.with_first_day is not None:
            self.fix_chosen.emit(offer.with_first_day, offer.date_text())

    def _set_state(self, failed: bool) -> None:
        """Between numbers and problems the panel's height starts over (it only grows within a state, so
        the charts do not jump while editing; kept across states, an undone error would squeeze them)."""
        if failed != self._failed:
            self._failed = failed
            self._tallest = 0
            self.setMinimumHeight(0)

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
        if self.fix_box.isHidden():
            for w in self.problem_lines:
                w.hide()
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
        sheet = (
            f"QLabel#verdictChip {{ background: {color}; color: {text_color}; border-radius: 6px; "
            "padding: 4px 10px; }"
        )
        if self.chip.styleSheet() != sheet:  # a new style sheet re-lays out the whole window
            self.chip.setStyleSheet(sheet)


_BLOCK_WARNING = re.compile(r"^blocks\[(\d+)\] ")


def warning_words(pitch: Pitch, warning: str) -> str:
    """A block's warning with the block by its name: ``Chat: ...`` for core's ``blocks[0] (Chat): ...``
    (``core/engine.py`` writes a block's warnings so; the path stays in the command line's output)."""
    m = _BLOCK_WARNING.match(warning)
    if m is not None:
        index = int(m.group(1))
        if 0 <= index < len(pitch.blocks):
            name = pitch.blocks[index].name
            prefix = f"blocks[{index}] ({name}): "
            if warning.startswith(prefix):
                return f"{name}: {warning[len(prefix) :]}"
    return warning


def warnings_text(warnings: tuple[str, ...] | list[str]) -> str:
    """``2 warnings: the first one`` (the rest in the tooltip), or "" for none."""
    if not warnings:
        return ""
    return f"{len(warnings)} warning{'s' * (len(warnings) > 1)}: {warnings[0]}"
