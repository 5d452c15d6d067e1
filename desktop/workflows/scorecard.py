"""The scorecard of the current pitch in a dock, with the deal-memo exports.

The scorecard is :mod:`core.scorecard`'s, the same lines the PDF and the Markdown print, made from the
analysis service's analysis of the current pitch (the Monte Carlo line says "simulating…" until it arrives).
A hidden dock draws nothing until it is shown. Every text is a plain-text label: a pitch named
``<img src=x>`` shows those characters.

An export asked for before the Monte Carlo has arrived is written when it arrives (the status bar says so):
nothing waits for a simulation on the GUI thread.

``install(context)`` adds Pitch ▸ Scorecard… (Ctrl+Shift+C), File ▸ Export ▸ PDF… / Markdown… / Charts as
PNG…, and the screenshot view ``scorecard``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from core.analysis import Analysis
from core.errors import PitchError
from core.scorecard import Scorecard, build_scorecard
from desktop.error_words import problems_text
from desktop.export.files import export_chart_pngs, safe_stem
from desktop.export.markdown import markdown_summary, write_markdown
from desktop.export.memo import MemoData, memo_data
from desktop.export.pdf import write_pdf
from desktop.safety import plain_label, set_plain
from desktop.theme import VERDICT_COLORS, VERDICT_TEXT_COLORS, scaled_font
from desktop.workflow import Shot, WorkflowContext

SHORTCUT = "Ctrl+Shift+C"
NOTHING_YET = "The scorecard appears once the pitch is evaluated."


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
        self._rows = QVBoxLayout(self._rows_box)
        self._rows.setContentsMargins(0, 0, 0, 0)
        self._rows.setSpacing(2)
        self._rows.addStretch(1)  # the rows are inserted above it
        self._labels: list[tuple[QLabel, QLabel]] = []
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

    def show_scorecard(self, scorecard: Scorecard | None, message: str = "") -> None:
        """Draw ``scorecard``; with ``None``, say why there is none (``message``) and disable the exports."""
        self._scorecard = scorecard
        has = scorecard is not None
        for b in (self.pdf_button, self.markdown_button, self.charts_button):
            b.setEnabled(has)
        set_plain(self.notice, message)
        self.notice.setVisible(bool(message))
        if scorecard is None:
            set_plain(self.name, "")
            self.chip.hide()
            set_plain(self.words, "")
            self._set_rows([])
            return
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
        self._set_rows(scorecard.rows()[1:])  # the verdict is the headline above

    def _set_rows(self, rows: list[tuple[str, str]]) -> None:
        while len(self._labels) < len(rows):
            label = plain_label()
            label.setFont(scaled_font(self.font(), 0.95, bold=True))
            value = plain_label()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
            value.setContentsMargins(0, 0, 0, 6)
            self._rows.insertWidget(self._rows.count() - 1, label)
            self._rows.insertWidget(self._rows.count() - 1, value)
            self._labels.append((label, value))
        for i, (label, value) in enumerate(self._labels):
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
        self._service.analysed.connect(self._on_service_analysed)
        self._service.uncertainty_ready.connect(self._on_service_uncertainty_ready)
        self.dock.visibilityChanged.connect(self._on_dock_visibility_changed)
        self.panel.export_pdf_requested.connect(self.export_pdf_dialog)
        self.panel.copy_markdown_requested.connect(self.copy_markdown)
        self.panel.export_charts_requested.connect(self.export_charts_dialog)

    # -- service -> panel ----------------------------------------------------------------------------

    def _on_service_analysed(self, _analysis: Analysis) -> None:
        self._refresh()

    def _on_service_uncertainty_ready(self, analysis: Analysis) -> None:
        self._refresh()
        pending, self._pending = self._pending, []
        for what, path, write in pending:
            self._write(what, path, write, analysis)

    def _on_dock_visibility_changed(self, visible: bool) -> None:
        if visible and self._stale:
            self._refresh()

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
            self.panel.show_scorecard(
                build_scorecard(
                    analysis.evaluation, analysis.uncertainty, analysis.sensitivity, today=analysis.today
                )
            )

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
        """Write now when the Monte Carlo is there; otherwise as soon as it arrives. False when refused."""
        try:
            analysis = self._analysis()
        except PitchError as exc:
            self._context.report_error(f"Cannot export the {what}", exc.message)
            return False
        if analysis.uncertainty is None:
            self._pending.append((what, path, write))
            self._context.show_status(f"The {what} is written as soon as the Monte Carlo finishes…")
            return True
        return self._write(what, path, write, analysis)

    def _write(
        self, what: str, path: Path, write: Callable[[MemoData, Path], None], analysis: Analysis
    ) -> bool:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # laying out a page takes a moment
        try:
            write(memo_data(analysis), path)
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
            text = markdown_summary(memo_data(analysis))
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
            None, settled=lambda: not self._service.mc_busy, changed=(self._service.uncertainty_ready,)
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
