"""*Pitch ▸ Solve for…*: the value of one field that makes the pitch viable, today or by a date (goal seek,
docs/contract.md 6.4), applied as one undo step if the user accepts it.

The fields are ``core.solve.solvable_fields``' (in the user's words: the field's label and the block's or
deployment's name); the answer is ``core.solve.solve``'s, worked out by the analysis service in the
background (a 50-block pitch with its Monte Carlo takes about a second) and dropped when the dialog closes
or the pitch changes (the pitch's new value is then solved again). It reads: the value with its unit and
which side is viable ("or more", "or less"), the value now, the method (closed form or bisection), "no value
within the field's bounds" with the reason, and, for a pitch with ranges, the values at which the Monte
Carlo's P(viable by the date) reaches 50% and 90%. **Apply** makes ``Solution.pitch`` the document's pitch as
one undo step (``Solution.undo_text``); the verdict that the service's analysis of it gives is shown, checked
against the target.

``install(context)`` adds *Pitch ▸ Solve for…* (Ctrl+Shift+G, G for goal seek) and the screenshot view
``solve``.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QSignalBlocker, QTimer
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from core.formatting import format_drop, format_quantity
from core.pitch import Pitch
from core.solve import CHECK_TOLERANCE, Solution, solvable_fields, value_text
from core.verdict import date_after_years
from core.wording import verdict_headline
from desktop.analysis_service import GoalSeek
from desktop.field_widgets import caption_label, error_label, section_label
from desktop.safety import plain_label, plain_tooltip, set_plain
from desktop.theme import scaled_font
from desktop.workflow import Shot, WorkflowContext

SHORTCUT = "Ctrl+Shift+G"
KEY = "solve-dialog"  # the analysis service's key for this dialog's jobs
DEBOUNCE_MS = 200  # typing a date: solve the date the user rests on
SOLVING = "Solving…"
DECLINE_NEEDS_A_DATE = (
    "The decline a year needs a date: today's required drop does not depend on how fast prices fall. "
    "Choose By and a date."
)


def _times(x: float) -> str:
    return f"{format_quantity(x)}x"


def target_text(s: Solution) -> str:
    """What "viable" means for this answer: today, or by a date at the slow decline."""
    if s.by is None:
        return (
            f"today ({s.as_of.isoformat()}, the pitch's date): the cost within the budget at today's prices"
        )
    return (
        f"by {s.by.isoformat()} at the scenario's slow decline: prices fall {_times(s.target_drop)} by then, so "
        f"today's cost may be up to {_times(s.target_drop)} the budget"
    )


def now_text(s: Solution) -> str:
    """The field's value now, and how far the answer is from it."""
    now = value_text(s.spec, s.current)
    change = s.relative_change
    if s.value is None or change is None or s.direction is None or change == 0:
        return now
    return f"{now} (the answer is {abs(change):.0%} {'higher' if change > 0 else 'lower'})"


def answer_lines(s: Solution) -> list[tuple[str, str]]:
    """(label, text) lines of an answer, as the dialog shows them."""
    lines = [("Now", now_text(s)), ("Viable", target_text(s))]
    lines.append(("Method", s.method if s.value is not None else "none: no value within the field's bounds"))
    if s.reason:
        lines.append(("Why", s.reason))
    if s.note:
        lines.append(("Note", s.note))
    for p in s.probabilities:
        when = f"by {s.by.isoformat()}" if s.by else "today"
        shown = value_text(s.spec, p.value) if p.value is not None else "no value"
        text = f"{shown}" + (f" ({p.reason})" if p.reason else "")
        lines.append((f"P(viable {when}) reaches {p.probability:.0%} at", text))
    if s.probabilities:
        lines.append(("Monte Carlo", f"{s.samples:,} samples, seed {s.seed}, over the pitch's ranges"))
    return lines


class SolveDialog(QDialog):
    """Pick a field and a date; see the value that makes the pitch viable; apply it as one undo step."""

    def __init__(self, context: WorkflowContext) -> None:
        super().__init__(context.host)
        self.setObjectName("solveDialog")
        self.setWindowTitle("Solve for…")
        self._context = context
        self._document = context.document
        self._service = context.analysis
        self._solution: Solution | None = None
        self._asked: tuple[Pitch, str, date | None] | None = None
        self._applying = False
        self._by_user = False  # the date was picked by the user (kept across edits of the pitch)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.solve_now)

        intro = caption_label(
            "The value of one field that makes the pitch viable (cost within the budget), today or by a date "
            "at the decline scenario's slow pace. Apply it as one undo step, or just read it."
        )
        self.field_combo = QComboBox()
        self.field_combo.setObjectName("solveField")
        self.field_combo.setMaxVisibleItems(24)
        self.field_combo.setMinimumContentsLength(28)
        self.field_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.field_combo.setToolTip(
            plain_tooltip(
                "The field to solve for: a business figure, a block's usage or prices (by the block's name), a "
                "deployment's utilisation or throughput, or the decline a year."
            )
        )
        self.field_combo.currentIndexChanged.connect(self._on_field_combo_current_index_changed)
        self.today_radio = QRadioButton("Today")
        self.by_radio = QRadioButton("By")
        self.when = QButtonGroup(self)
        self.when.addButton(self.today_radio)
        self.when.addButton(self.by_radio)
        self.by_radio.setChecked(True)
        self.when.buttonToggled.connect(self._on_when_button_toggled)
        self.by_edit = QDateEdit()
        self.by_edit.setObjectName("solveBy")
        self.by_edit.setCalendarPopup(True)
        self.by_edit.setDisplayFormat("yyyy-MM-dd")
        self.by_edit.setToolTip(
            plain_tooltip(
                "Viable by this date at the scenario's slow decline.\nDefault: one year after the pitch's "
                "date (365.25 days)."
            )
        )
        self.by_edit.dateChanged.connect(self._on_by_edit_date_changed)
        self.today_caption = caption_label()
        grid = QGridLayout()
        grid.addWidget(plain_label("Solve for"), 0, 0)
        grid.addWidget(self.field_combo, 0, 1, 1, 3)
        grid.addWidget(plain_label("Viable"), 1, 0)
        grid.addWidget(self.by_radio, 1, 1)
        grid.addWidget(self.by_edit, 1, 2)
        grid.addWidget(self.today_radio, 2, 1)
        grid.addWidget(self.today_caption, 2, 2, 1, 2)
        grid.setColumnStretch(3, 1)

        self.status = plain_label()
        self.status.setObjectName("solveStatus")
        self.status.setVisible(False)
        self.answer = plain_label()
        self.answer.setObjectName("solveAnswer")
        self.answer.setWordWrap(True)
        self.answer.setFont(scaled_font(self.font(), 1.5, bold=True))
        self.details = QWidget()
        self._details = QGridLayout(self.details)
        self._details.setContentsMargins(0, 0, 0, 0)
        self._details.setColumnStretch(1, 1)
        self._detail_labels: list[tuple[QWidget, QWidget]] = []
        self.error = error_label()
        self.after = plain_label()
        self.after.setObjectName("solveAfter")
        self.after.setWordWrap(True)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.apply_button = QPushButton("Apply")
        self.apply_button.setToolTip(
            plain_tooltip("Set the field to this value: one undo step (Ctrl+Z undoes it)")
        )
        buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.apply_button.clicked.connect(self._on_apply_button_clicked)
        buttons.rejected.connect(self.close)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(section_label("Answer"))
        layout.addWidget(self.status)
        layout.addWidget(self.answer)
        layout.addWidget(self.details)
        layout.addWidget(self.error)
        layout.addWidget(self.after)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.resize(760, 520)

        self._service.solved.connect(self._on_service_solved)
        self._document.pitch_changed.connect(self._on_document_pitch_changed)
        self._document.replaced.connect(self._on_document_replaced)
        self._draw_fields()
        self._show(None)

    # -- model -> view ------------------------------------------------------------------------------
    @property
    def solution(self) -> Solution | None:
        return self._solution

    @property
    def busy(self) -> bool:
        return self._service.goal_seek_busy(KEY) or self._timer.isActive()

    def _as_of(self) -> date:
        return self._document.pitch.effective_as_of(self._service.today())

    def _draw_fields(self) -> None:
        """The pitch's solvable fields (the one chosen kept when the pitch still has it), and the dates."""
        pitch = self._document.pitch
        keep = self.field_combo.currentData()
        with QSignalBlocker(self.field_combo):
            self.field_combo.clear()
            for f in solvable_fields(pitch):
                self.field_combo.addItem(f.label, f.path)
            found = self.field_combo.findData(keep) if keep is not None else -1
            self.field_combo.setCurrentIndex(max(found, 0))
        as_of = self._as_of()
        with QSignalBlocker(self.by_edit):
            self.by_edit.setMinimumDate(QDate(as_of.year, as_of.month, as_of.day))
            if not self._by_user or self.by() is None or self.by_edit.date().toPython() < as_of:
                default = date_after_years(as_of, 1) or as_of
                self.by_edit.setDate(QDate(default.year, default.month, default.day))
        set_plain(self.today_caption, f"the pitch's date, {as_of.isoformat()}: no decline counted")

    def field(self) -> str:
        return str(self.field_combo.currentData() or "")

    def by(self) -> date | None:
        if self.today_radio.isChecked():
            return None
        value = self.by_edit.date().toPython()
        assert isinstance(value, date)
        return value

    def _set_status(self, text: str) -> None:
        set_plain(self.status, text)
        self.status.setVisible(bool(text))

    def _show(self, result: GoalSeek | None) -> None:
        self._solution = result.solution if result is not None else None
        s = self._solution
        self.error.setVisible(bool(result is not None and result.error))
        if result is not None and result.error:
            self.error.setText(result.error)
        if s is None:
            set_plain(self.answer, "")
            self._set_details([])
        else:
            set_plain(self.answer, f"{s.label}: {s.viable_values_text}")
            self._set_details(answer_lines(s))
        applicable = (
            s is not None
            and s.pitch is not None
            and s.direction is not None
            and s.pitch != self._document.pitch
        )
        self.apply_button.setEnabled(applicable)

    def _set_details(self, rows: list[tuple[str, str]]) -> None:
        while len(self._detail_labels) < len(rows):
            i = len(self._detail_labels)
            label = plain_label()
            label.setFont(scaled_font(self.font(), 1.0, bold=True))
            text = plain_label()
            text.setWordWrap(True)
            self._details.addWidget(label, i, 0)
            self._details.addWidget(text, i, 1)
            self._detail_labels.append((label, text))
        for i, (label, text) in enumerate(self._detail_labels):
            shown = i < len(rows)
            label.setVisible(shown)
            text.setVisible(shown)
            if shown:
                set_plain(label, rows[i][0])  # type: ignore[arg-type]
                set_plain(text, rows[i][1])  # type: ignore[arg-type]

    # -- solving -----------------------------------------------------------------------------------
    def solve_now(self) -> None:
        """Ask the service for the answer of the field and date on screen (any earlier ask is dropped)."""
        self._timer.stop()
        field = self.field()
        if not field or not self.isVisible():
            return
        pitch = self._document.pitch
        by = self.by()
        if self._asked == (pitch, field, by) and (self._solution is not None or self.busy):
            return
        self._asked = (pitch, field, by)
        self._show(None)
        set_plain(self.after, "")
        if field == "decline" and by is None:  # core refuses it too, in the command line's words (--by)
            self._set_status("")
            self._show(GoalSeek(pitch, by, field, error=DECLINE_NEEDS_A_DATE))
            return
        self._set_status(SOLVING)
        self.apply_button.setEnabled(False)
        self._service.solve(KEY, pitch, field, by)

    def _schedule(self) -> None:
        """Drop the answer on screen (it was for another question) and ask again once the user rests."""
        self._service.cancel_goal_seek(KEY)
        self._asked = None
        self._show(None)
        self._set_status(SOLVING)
        self._timer.start()

    def _on_service_solved(self, key: object, result: GoalSeek) -> None:
        if key != KEY or self._asked is None or (result.pitch, result.field, result.by) != self._asked:
            return
        self._set_status("")
        self._show(result)

    # -- user actions -------------------------------------------------------------------------------
    def _on_field_combo_current_index_changed(self, _index: int) -> None:
        set_plain(self.after, "")
        self._schedule()

    def _on_when_button_toggled(self, _button: object, checked: bool) -> None:
        if checked:
            self.by_edit.setEnabled(self.by_radio.isChecked())
            set_plain(self.after, "")
            self._schedule()

    def _on_by_edit_date_changed(self, _date: QDate) -> None:
        self._by_user = True
        set_plain(self.after, "")
        self._schedule()

    def _on_apply_button_clicked(self) -> None:
        self.apply()

    def apply(self) -> bool:
        """Make the answer's pitch the document's (one undo step) and show the verdict it gets."""
        s = self._solution
        if s is None or s.pitch is None:
            return False
        self._applying = True
        try:
            done = self._document.edit(s.pitch, s.undo_text)
        finally:
            self._applying = False
        self.apply_button.setEnabled(False)
        if not done:
            return False
        self._draw_fields()
        self._asked = (s.pitch, self.field(), self.by())
        analysis = self._service.current
        ev = analysis.evaluation if analysis is not None and analysis.pitch == s.pitch else None
        if ev is None:
            set_plain(self.after, "Applied (Ctrl+Z undoes it). The pitch is being evaluated again…")
            return True
        ok = ev.required_drop <= s.target_drop * (1 + CHECK_TOLERANCE)
        when = f"by {s.by.isoformat()}" if s.by else "today"
        check = (
            f"checked: it now needs {format_drop(ev.required_drop, ev.orders_of_magnitude)} cheaper inference, "
            f"within the {_times(s.target_drop)} the slow decline gives {when}"
            if s.by
            else f"checked: it needs {format_drop(ev.required_drop, ev.orders_of_magnitude)}, viable today"
        )
        if not ok:
            check = f"the check failed: it still needs {_times(ev.required_drop)} (a bug in Compute Curve)"
        set_plain(
            self.after,
            f"Applied as “{s.undo_text}” (Ctrl+Z undoes it). The verdict now: "
            f"{verdict_headline(ev, analysis.today if analysis else self._service.today())}; {check}.",
        )
        return True

    # -- following the document ---------------------------------------------------------------------
    def _on_document_pitch_changed(self, _pitch: Pitch) -> None:
        if self._applying or not self.isVisible():
            return
        self._draw_fields()
        set_plain(self.after, "")
        self._schedule()

    def _on_document_replaced(self) -> None:
        self._by_user = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._draw_fields()
        self.by_edit.setEnabled(self.by_radio.isChecked())
        self.solve_now()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._timer.stop()
        self._service.cancel_goal_seek(KEY)
        self._asked = None
        super().closeEvent(event)

    def hideEvent(self, event: object) -> None:  # an embedded dialog is hidden, not closed
        self._timer.stop()
        self._service.cancel_goal_seek(KEY)
        self._asked = None
        super().hideEvent(event)  # type: ignore[arg-type]

    def shot_settled(self) -> bool:
        return not self.busy and (self._solution is not None or bool(self.error.text()))


def install(context: WorkflowContext) -> SolveDialog:
    """*Pitch ▸ Solve for…* (Ctrl+Shift+G) and the screenshot view ``solve``."""
    dialog = SolveDialog(context)
    context.closing.connect(dialog.close)

    def open_dialog() -> None:
        if dialog.isVisible() and dialog.isWindow():
            dialog.raise_()
            dialog.activateWindow()
        else:
            dialog.show()

    action = context.menus.action(
        "Sol&ve for…",
        open_dialog,
        tip="The value of one field (a price, usage, tokens, the decline) that makes the pitch viable by a date",
        shortcut=SHORTCUT,
        name="solveAction",
    )
    context.menus.add("&Pitch", action)
    context.views.register(
        "solve",
        lambda: Shot(dialog, embed=True, settled=dialog.shot_settled, changed=(context.analysis.solved,)),
    )
    return dialog
