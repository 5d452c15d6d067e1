"""The scorecard of the current pitch in a dock, with the deal-memo exports.

The scorecard is :mod:`core.scorecard`'s, the same lines the PDF and the Markdown print, made from the
analysis service's analysis of the current pitch (the Monte Carlo line says "simulating…" until it arrives).
A hidden dock draws nothing until it is shown. Every text is a plain-text label: a pitch named
``<img src=x>`` shows those characters.

"What must change" (``core.what_must_change``: the three cheapest single changes that make the pitch viable
by a date the user picks, one year after the pitch's date by default) is worked out by the analysis service
in the background and shown in its place among the rows, each change with an **Apply** button (one undo
step); the memo and the Markdown print the same rows.

An export asked for before the Monte Carlo (or what must change) has arrived is written when it arrives (the
status bar says so): nothing waits for a simulation on the GUI thread.

``install(context)`` adds Pitch ▸ Scorecard… (Ctrl+Shift+C), File ▸ Export ▸ PDF… / Markdown… / Charts as
PNG…, and the screenshot view ``scorecard``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QObject, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDateEdit,
    QDockWidget,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.analysis import Analysis
from core.errors import PitchError
from core.pitch import Pitch
from core.scorecard import Scorecard, build_scorecard
from core.verdict import date_after_years
from core.what_must_change import Change, WhatMustChange
from desktop.analysis_service import GoalSeek
from desktop.error_words import problems_text
from desktop.export.files import export_chart_pngs, safe_stem
from desktop.export.markdown import markdown_summary, write_markdown
from desktop.export.memo import MemoData, memo_data
from desktop.export.pdf import write_pdf
from desktop.field_widgets import caption_label, error_label
from desktop.safety import plain_label, plain_tooltip, set_plain
from desktop.theme import VERDICT_COLORS, VERDICT_TEXT_COLORS, scaled_font
from desktop.workflow import Shot, WorkflowContext

SHORTCUT = "Ctrl+Shift+C"
NOTHING_YET = "The scorecard appears once the pitch is evaluated."
MUST_KEY = "scorecard"  # the analysis service's key for the scorecard's "what must change"
MUST_DEBOUNCE_MS = 150  # a drag's frames, or typing, come faster: only the pitch it rests on is solved
WORKING = "working out the cheapest changes…"


def default_by(as_of: date) -> date:
    """What must change is for one year after the pitch's date unless the user picks another date."""
    return date_after_years(as_of, 1) or as_of


class MustChangeBox(QWidget):
    """What must change by a date: the date (the user's to pick), then each change with an Apply button."""

    by_changed = Signal(object)  # date
    apply_requested = Signal(int)  # the change's index

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mustChange")
        self.title = plain_label("What must change by")
        self.title.setFont(scaled_font(self.font(), 0.95, bold=True))
        self.by_edit = QDateEdit()
        self.by_edit.setObjectName("mustChangeBy")
        self.by_edit.setCalendarPopup(True)
        self.by_edit.setDisplayFormat("yyyy-MM-dd")
        self.by_edit.setToolTip(
            plain_tooltip(
                "The date by which the pitch must be viable, at the decline scenario's slow pace.\n"
                "Default: one year after the pitch's date (365.25 days)."
            )
        )
        self.by_edit.dateChanged.connect(self._on_by_edit_date_changed)
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.title)
        head.addWidget(self.by_edit)
        head.addStretch(1)
        self.caption = caption_label(
            "The cheapest single changes, any one of which makes the pitch viable by then (cheapest: the "
            "smallest change in orders of magnitude)."
        )
        self.status = plain_label()
        self.status.setWordWrap(True)
        self.error = error_label()
        self._lines = QVBoxLayout()
        self._lines.setContentsMargins(0, 0, 0, 0)
        self._lines.setSpacing(2)
        self.lines: list[tuple[QLabel, QToolButton]] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 6)
        layout.setSpacing(2)
        layout.addLayout(head)
        layout.addWidget(self.caption)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addLayout(self._lines)

    def show_state(self, by: date, as_of: date, result: GoalSeek | None) -> None:
        """Draw the answer for ``by`` (None: still being worked out)."""
        with QSignalBlocker(self.by_edit):
            self.by_edit.setMinimumDate(QDate(as_of.year, as_of.month, as_of.day))
            self.by_edit.setDate(QDate(by.year, by.month, by.day))
        must = result.must_change if result is not None else None
        self.error.setVisible(bool(result is not None and result.error))
        if result is not None and result.error:
            self.error.setText(result.error)
        if result is None:
            set_plain(self.status, WORKING)
        elif must is not None and (must.viable_already or not must.changes):
            set_plain(self.status, must.rows()[0][1])
        else:
            set_plain(self.status, "")
        self.status.setVisible(bool(self.status.text()))
        changes = must.changes if must is not None else ()
        while len(self.lines) < len(changes):
            i = len(self.lines)
            text = plain_label()
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            text.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
            button = QToolButton()
            button.setText("Apply")
            button.clicked.connect(lambda _=False, k=i: self.apply_requested.emit(k))
            row = QHBoxLayout()
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(text, 1)
            row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
            self._lines.addLayout(row)
            self.lines.append((text, button))
        for i, (text, button) in enumerate(self.lines):
            shown = i < len(changes)
            text.setVisible(shown)
            button.setVisible(shown)
            if shown:
                c = changes[i]
                set_plain(text, f"{'' if i == 0 else 'or: '}{c.sentence}")
                button.setToolTip(plain_tooltip(f"{c.sentence}\nOne undo step (Ctrl+Z undoes it)."))
                button.setEnabled(c.pitch is not None)

    def _on_by_edit_date_changed(self, value: QDate) -> None:
        day = value.toPython()
        assert isinstance(day, date)
        self.by_changed.emit(day)


def split_rows(scorecard: Scorecard) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The scorecard's rows (after the verdict) before and after its "what must change" rows, which the box
    draws in their place. Where they go is core's order: found by comparing the rows with and without them."""
    bare = replace(scorecard, must_change=None).rows()[1:]
    marker = WhatMustChange(scorecard.as_of, 1.0, 0.0, (), 0)  # any answer: one row, in the same place
    marked = replace(scorecard, must_change=marker).rows()[1:]
    at = next((i for i, (a, b) in enumerate(zip(bare, marked, strict=False)) if a != b), len(bare))
    return bare[:at], bare[at:]


class ScorecardPanel(QWidget):
    """Draws a scorecard: the verdict in its colour with its words, then one labelled line per figure."""

    export_pdf_requested = Signal()
    copy_markdown_requested = Signal()
    export_charts_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scorecardPanel")
        self.name = plain_label()
        self.name.setWordWrap(True)
        self.name.setFont(scaled_font(self.font(), 1.25, bold=True))
        self.chip = plain_label()
        self.chip.setObjectName("scorecardChip")
        self.chip.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.chip.setFont(scaled_font(self.font(), 1.1, bold=True))
        self.words = plain_label()
        self.words.setWordWrap(True)
        self.words.setFont(scaled_font(self.font(), 1.1, bold=True))
        self.notice = plain_label()
        self.notice.setWordWrap(True)
        head = QHBoxLayout()
        head.addWidget(self.chip, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.words, 1)

        self._rows_box = QWidget()
        rows = QVBoxLayout(self._rows_box)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.setSpacing(2)
        # The rows before "what must change", its box, and the rows after it (core.scorecard's order).
        self._head = QVBoxLayout()
        self._tail = QVBoxLayout()
        for part in (self._head, self._tail):
            part.setContentsMargins(0, 0, 0, 0)
            part.setSpacing(2)
        self.must_change = MustChangeBox()
        rows.addLayout(self._head)
        rows.addWidget(self.must_change)
        rows.addLayout(self._tail)
        rows.addStretch(1)
        self._labels: list[tuple[QLabel, QLabel]] = []
        self._tail_labels: list[tuple[QLabel, QLabel]] = []
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self._rows_box)

        self.pdf_button = QPushButton("Export PDF…")
        self.pdf_button.setToolTip(
            "A one-page deal memo: the scorecard, the projection, the assumptions and sources"
        )
        self.markdown_button = QPushButton("Copy Markdown")
        self.markdown_button.setToolTip("The scorecard, the blocks and the sources as Markdown, for a memo")
        self.charts_button = QPushButton("Export charts (PNG)…")
        self.charts_button.setToolTip("The four charts as PNG images in a folder")
        self.pdf_button.clicked.connect(self._on_pdf_button_clicked)
        self.markdown_button.clicked.connect(self._on_markdown_button_clicked)
        self.charts_button.clicked.connect(self._on_charts_button_clicked)
        buttons = QHBoxLayout()
        for b in (self.pdf_button, self.markdown_button, self.charts_button):
            buttons.addWidget(b)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(6)
        layout.addWidget(self.name)
        layout.addLayout(head)
        layout.addWidget(self.notice)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self._scorecard: Scorecard | None = None
        self.show_scorecard(None, NOTHING_YET)

    # -- model -> view -------------------------------------------------------------------------------

    def show_scorecard(
        self,
        scorecard: Scorecard | None,
        message: str = "",
        must_change: tuple[date, GoalSeek | None] | None = None,
    ) -> None:
        """Draw ``scorecard``; with ``None``, say why there is none (``message``) and disable the exports.

        ``must_change``: the date "what must change" is for and its answer (None while it is worked out); the
        scorecard's own rows of it are drawn by the box, in their place.
        """
        self._scorecard = scorecard
        has = scorecard is not None
        for b in (self.pdf_button, self.markdown_button, self.charts_button):
            b.setEnabled(has)
        set_plain(self.notice, message)
        self.notice.setVisible(bool(message))
        self.must_change.setVisible(has and must_change is not None)
        if scorecard is None:
            set_plain(self.name, "")
            self.chip.hide()
            set_plain(self.words, "")
            self._set_rows([])
            return
        if must_change is not None:
            self.must_change.show_state(must_change[0], scorecard.as_of, must_change[1])
        set_plain(self.name, scorecard.name)
        colour = VERDICT_COLORS[scorecard.verdict]
        text_colour = VERDICT_TEXT_COLORS[scorecard.verdict]
        set_plain(self.chip, scorecard.verdict.short)
        self.chip.setStyleSheet(
            f"QLabel#scorecardChip {{ background: {colour}; color: {text_colour}; border-radius: 4px; "
            "padding: 4px 10px; }"
        )
        self.chip.show()
        set_plain(self.words, scorecard.headline)
        head, tail = split_rows(scorecard)
        self._set_rows(head, tail)

    def _set_rows(self, rows: list[tuple[str, str]], tail: list[tuple[str, str]] | None = None) -> None:
        self._fill(self._head, self._labels, rows)
        self._fill(self._tail, self._tail_labels, tail or [])

    def _fill(
        self, layout: QVBoxLayout, pool: list[tuple[QLabel, QLabel]], rows: list[tuple[str, str]]
    ) -> None:
        while len(pool) < len(rows):
            label = plain_label()
            label.setFont(scaled_font(self.font(), 0.95, bold=True))
            value = plain_label()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
            value.setContentsMargins(0, 0, 0, 6)
            layout.addWidget(label)
            layout.addWidget(value)
            pool.append((label, value))
        for i, (label, value) in enumerate(pool):
            shown = i < len(rows)
            if shown:
                set_plain(label, rows[i][0])
                set_plain(value, rows[i][1])
            label.setVisible(shown)
            value.setVisible(shown)

    @property
    def scorecard(self) -> Scorecard | None:
        return self._scorecard

    # -- user actions --------------------------------------------------------------------------------

    def _on_pdf_button_clicked(self) -> None:
        self.export_pdf_requested.emit()

    def _on_markdown_button_clicked(self) -> None:
        self.copy_markdown_requested.emit()

    def _on_charts_button_clicked(self) -> None:
        self.export_charts_requested.emit()


class ScorecardDock(QObject):
    """Keeps the panel on the service's analysis of the current pitch and runs the exports."""

    exported = Signal(object)  # Path: a file the exports wrote

    def __init__(self, context: WorkflowContext) -> None:
        super().__init__(context.host)
        self.setObjectName("scorecard")
        self._context = context
        self._service = context.analysis
        self.panel = ScorecardPanel()
        self.dock = QDockWidget("Scorecard")
        self.dock.setObjectName("scorecardDock")
        self.dock.setWidget(self.panel)
        self.dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        context.add_dock(self.dock)
        self.dock.hide()
        self._stale = True
        self._pending: list[tuple[str, Path, Callable[[MemoData, Path], None]]] = []
        self._by: date | None = None  # the user's date for "what must change" (None: the default)
        self._asked: tuple[Pitch, date] | None = None  # the last "what must change" asked of the service
        self._must_timer = QTimer(self)
        self._must_timer.setSingleShot(True)
        self._must_timer.setInterval(MUST_DEBOUNCE_MS)
        self._must_timer.timeout.connect(self._on_must_timer_timeout)
        self._service.analysed.connect(self._on_service_analysed)
        self._service.uncertainty_ready.connect(self._on_service_uncertainty_ready)
        self._service.must_change_ready.connect(self._on_service_must_change_ready)
        context.document.replaced.connect(self._on_document_replaced)
        self.dock.visibilityChanged.connect(self._on_dock_visibility_changed)
        self.panel.export_pdf_requested.connect(self.export_pdf_dialog)
        self.panel.copy_markdown_requested.connect(self.copy_markdown)
        self.panel.export_charts_requested.connect(self.export_charts_dialog)
        self.panel.must_change.by_changed.connect(self._on_must_change_by_changed)
        self.panel.must_change.apply_requested.connect(self._on_must_change_apply_requested)

    # -- service -> panel ----------------------------------------------------------------------------

    def _on_service_analysed(self, _analysis: Analysis) -> None:
        self._refresh()

    def _on_service_uncertainty_ready(self, _analysis: Analysis) -> None:
        self._refresh()
        self._flush_pending()

    def _on_service_must_change_ready(self, key: object, result: GoalSeek) -> None:
        if key != MUST_KEY:
            return
        analysis = self._service.current
        if analysis is None or result.pitch != analysis.pitch or result.by != self.must_change_by(analysis):
            return  # an answer for a pitch (or a date) no longer on screen
        self._asked = None
        self._refresh()
        self._flush_pending()

    def _on_dock_visibility_changed(self, visible: bool) -> None:
        if visible and self._stale:
            self._refresh()

    def _on_document_replaced(self) -> None:
        self._by = None

    def _refresh(self) -> None:
        if not self.dock.isVisible():
            self._stale = True
            return
        self._stale = False
        analysis = self._service.current
        if analysis is None:
            self.panel.show_scorecard(None, NOTHING_YET)
        elif analysis.evaluation is None:
            self.panel.show_scorecard(None, f"Fix the pitch to see its scorecard:\n{problems_text(analysis)}")
        else:
            must = self.must_change(analysis)
            self.panel.show_scorecard(
                build_scorecard(
                    analysis.evaluation,
                    analysis.uncertainty,
                    analysis.sensitivity,
                    today=analysis.today,
                    must_change=must.must_change if must is not None else None,
                ),
                "",
                (self.must_change_by(analysis), must),
            )

    # -- what must change ------------------------------------------------------------------------------

    def must_change_by(self, analysis: Analysis) -> date:
        """The date "what must change" is for: the user's, or one year after the pitch's date."""
        as_of = analysis.pitch.effective_as_of(analysis.today)
        return self._by if self._by is not None and self._by >= as_of else default_by(as_of)

    def must_change(self, analysis: Analysis, *, now: bool = False) -> GoalSeek | None:
        """The answer for ``analysis``' pitch and the date on screen; None while the service works it out.

        It is asked for once the pitch has rested for a moment (a drag asks for the pitch it ends on), or at
        once with ``now`` (an export is waiting for it).
        """
        by = self.must_change_by(analysis)
        found = self._service.must_change_cached(analysis.pitch, by)
        if found is None and self._asked != (analysis.pitch, by):
            if now:
                self._ask(analysis.pitch, by)
            else:
                self._must_timer.start()
        return found

    def _ask(self, pitch: Pitch, by: date) -> None:
        self._must_timer.stop()
        self._asked = (pitch, by)
        self._service.what_must_change(MUST_KEY, pitch, by)

    def _on_must_timer_timeout(self) -> None:
        analysis = self._service.current
        if analysis is not None and analysis.ok:
            self.must_change(analysis, now=True)

    def _on_must_change_by_changed(self, day: date) -> None:
        analysis = self._service.current
        if analysis is None or day == self._by:
            return
        self._by = day
        self._refresh()

    def _on_must_change_apply_requested(self, index: int) -> None:
        self.apply_change(index)

    def apply_change(self, index: int) -> bool:
        """Make change ``index`` of what must change the document's pitch: one undo step."""
        analysis = self._service.current
        must = self.must_change(analysis) if analysis is not None and analysis.ok else None
        if must is None or must.must_change is None or not 0 <= index < len(must.must_change.changes):
            return False
        change: Change = must.must_change.changes[index]
        if change.pitch is None:
            return False
        done = self._context.document.edit(change.pitch, change.sentence)
        if done:
            self._context.show_status(f"{change.sentence}: applied (Ctrl+Z undoes it)")
        return done

    # -- showing -------------------------------------------------------------------------------------

    def show(self) -> None:
        self.dock.show()
        self.dock.raise_()
        if self._stale:
            self._refresh()

    # -- exports (no dialogs: the menu actions and tests call these) ---------------------------------

    def suggested_stem(self) -> str:
        """The file's own stem when the pitch has a file, else a safe version of its name."""
        doc = self._context.document
        return safe_stem(doc.path.name if doc.path is not None else doc.pitch.name)

    def _analysis(self) -> Analysis:
        analysis = self._service.current
        if analysis is None or analysis.evaluation is None:
            raise PitchError(
                problems_text(analysis) if analysis is not None else "the pitch has no evaluation yet"
            )
        return analysis

    def _export(self, what: str, path: Path, write: Callable[[MemoData, Path], None]) -> bool:
        """Write now when the Monte Carlo and what must change are there; otherwise as soon as they arrive.
        False when refused."""
        try:
            analysis = self._analysis()
        except PitchError as exc:
            self._context.report_error(f"Cannot export the {what}", exc.message)
            return False
        must = self.must_change(analysis, now=True)
        if analysis.uncertainty is None or must is None:
            self._pending.append((what, path, write))
            self._context.show_status(
                f"The {what} is written as soon as the Monte Carlo and what must change are worked out…"
            )
            return True
        return self._write(what, path, write, analysis, must)

    def _flush_pending(self) -> None:
        analysis = self._service.current
        if not self._pending or analysis is None:
            return
        if analysis.evaluation is None:
            pending, self._pending = self._pending, []
            for what, _path, _write in pending:
                self._context.report_error(f"Cannot export the {what}", problems_text(analysis))
            return
        must = self.must_change(analysis, now=True)
        if analysis.uncertainty is None or must is None:
            return
        pending, self._pending = self._pending, []
        for what, path, write in pending:
            self._write(what, path, write, analysis, must)

    def _write(
        self,
        what: str,
        path: Path,
        write: Callable[[MemoData, Path], None],
        analysis: Analysis,
        must: GoalSeek,
    ) -> bool:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # laying out a page takes a moment
        try:
            write(memo_data(analysis, must.must_change), path)
        except OSError as exc:
            self._context.report_error(f"Cannot export the {what}", f"{path}: {exc.strerror or exc}")
            return False
        finally:
            QApplication.restoreOverrideCursor()
        self._context.show_status(f"{what[:1].upper()}{what[1:]} written to {path}")
        self.exported.emit(path)
        return True

    @property
    def exports_pending(self) -> bool:
        return bool(self._pending)

    def export_pdf(self, path: Path) -> bool:
        """Write the deal memo of the current pitch to ``path`` (once its Monte Carlo is there)."""
        return self._export("deal memo", path, lambda data, p: write_pdf(data, p))

    def export_markdown(self, path: Path) -> bool:
        """Write the Markdown summary of the current pitch to ``path`` (once its Monte Carlo is there)."""
        return self._export("Markdown summary", path, write_markdown)

    def copy_markdown(self) -> str:
        """Put the Markdown summary on the clipboard (and return it); "" when there is nothing to copy yet."""
        try:
            analysis = self._analysis()
            must = self.must_change(analysis, now=True)
            if must is None:
                self._context.show_status(
                    "What must change is still being worked out: copy again in a moment"
                )
                return ""
            text = markdown_summary(memo_data(analysis, must.must_change))
        except PitchError as exc:
            self._context.report_error("Cannot copy the Markdown summary", exc.message)
            return ""
        except ValueError:
            self._context.show_status("The Monte Carlo is still running: copy again in a moment")
            return ""
        QApplication.clipboard().setText(text)
        self._context.show_status("Markdown summary copied to the clipboard")
        return text

    def export_charts(self, folder: Path) -> list[Path]:
        """The main window's charts as ``<stem>-<chart>.png`` in ``folder``."""
        try:
            self._analysis()
            paths = export_chart_pngs(self._context.charts(), folder, self.suggested_stem())
        except PitchError as exc:
            self._context.report_error("Cannot export the charts", exc.message)
            return []
        except OSError as exc:
            self._context.report_error("Cannot export the charts", f"{folder}: {exc.strerror or exc}")
            return []
        self._context.show_status(f"{len(paths)} charts written to {folder}")
        return paths

    # -- the same with file dialogs (menu actions, buttons) ------------------------------------------

    def _start_folder(self) -> Path:
        path = self._context.document.path
        return path.parent if path is not None else Path.home()

    def export_pdf_dialog(self) -> None:
        suggested = self._start_folder() / f"{self.suggested_stem()}.pdf"
        name, _ = QFileDialog.getSaveFileName(
            self._context.host, "Export deal memo (PDF)", str(suggested), "PDF (*.pdf)"
        )
        if name:
            path = Path(name)
            self.export_pdf(path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf"))

    def export_markdown_dialog(self) -> None:
        suggested = self._start_folder() / f"{self.suggested_stem()}.md"
        name, _ = QFileDialog.getSaveFileName(
            self._context.host, "Export Markdown summary", str(suggested), "Markdown (*.md);;All files (*)"
        )
        if name:
            path = Path(name)
            self.export_markdown(path if path.suffix else path.with_name(path.name + ".md"))

    def export_charts_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self._context.host, "Export charts (PNG) into", str(self._start_folder())
        )
        if folder:
            self.export_charts(Path(folder))

    def show_screenshot(self) -> Shot:
        self.show()
        return Shot(
            None,
            settled=lambda: (
                not self._service.mc_busy
                and not self._must_timer.isActive()
                and not self._service.goal_seek_busy(MUST_KEY)
            ),
            changed=(self._service.uncertainty_ready, self._service.must_change_ready),
        )


def install(context: WorkflowContext) -> ScorecardDock:
    """Pitch ▸ Scorecard… (Ctrl+Shift+C), File ▸ Export ▸ PDF… / Markdown… / Charts as PNG…, and the
    screenshot view ``scorecard``."""
    scorecard = ScorecardDock(context)
    menus = context.menus
    menus.add(
        "&Pitch",
        menus.action(
            "&Scorecard…",
            scorecard.show,
            tip="The pitch's scorecard, with the deal-memo exports",
            shortcut=SHORTCUT,
        ),
        separator=True,
    )
    export = menus.submenu("&File", "&Export", before_quit=True)
    export.addAction(menus.action("&PDF…", scorecard.export_pdf_dialog, tip="A one-page deal memo as PDF"))
    export.addAction(
        menus.action(
            "&Markdown…", scorecard.export_markdown_dialog, tip="The scorecard as Markdown, for a memo"
        )
    )
    export.addAction(
        menus.action(
            "&Charts as PNG…", scorecard.export_charts_dialog, tip="The four charts as PNG images in a folder"
        )
    )
    context.views.register("scorecard", scorecard.show_screenshot)
    return scorecard
