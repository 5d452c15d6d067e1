"""The scorecard of the current pitch in a dock, with the deal-memo exports.

The scorecard is :mod:`core.scorecard`'s, the same lines the PDF and the Markdown print. It follows the
window's evaluation service live: a new pitch value redraws it at once (the Monte Carlo line says
"simulating…" until the worker's result arrives). Every text is a plain-text label: a pitch named
``<img src=x>`` shows those characters.

``install(window)`` adds Pitch ▸ Scorecard… (Ctrl+Shift+C), File ▸ Export ▸ PDF… / Markdown… / Charts as
PNG…, and the screenshot view ``scorecard``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from core.errors import PitchError
from core.scorecard import Scorecard, build_scorecard
from core.uncertainty import UncertaintyResult
from desktop.evaluation_service import EvaluationBundle
from desktop.export import (
    export_chart_pngs,
    markdown_summary,
    memo_data,
    safe_stem,
    write_markdown,
    write_pdf,
)
from desktop.safety import plain_label, set_plain
from desktop.theme import VERDICT_COLORS, VERDICT_TEXT_COLORS, scaled_font

if TYPE_CHECKING:
    from desktop.main_window import MainWindow

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
        set_plain(self.words, scorecard.verdict.words)
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

    # -- what the panel shows (tests) ----------------------------------------------------------------

    @property
    def scorecard(self) -> Scorecard | None:
        return self._scorecard

    def texts(self) -> dict[str, str]:
        """The visible texts by label, plus ``name``, ``verdict`` and ``notice``."""
        out = {label.text(): value.text() for label, value in self._labels if not label.isHidden()}
        out["name"] = self.name.text()
        out["verdict"] = self.words.text()
        out["notice"] = self.notice.text() if not self.notice.isHidden() else ""
        return out

    # -- user actions --------------------------------------------------------------------------------

    def _on_pdf_button_clicked(self) -> None:
        self.export_pdf_requested.emit()

    def _on_markdown_button_clicked(self) -> None:
        self.copy_markdown_requested.emit()

    def _on_charts_button_clicked(self) -> None:
        self.export_charts_requested.emit()


class ScorecardController(QObject):
    """Keeps the panel on the window's current evaluation and runs the exports."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.panel = ScorecardPanel()
        self.dock = QDockWidget("Scorecard", window)
        self.dock.setObjectName("scorecardDock")
        self.dock.setWidget(self.panel)
        self.dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        editor_dock = getattr(window, "editor_dock", None)
        if isinstance(editor_dock, QDockWidget):
            window.tabifyDockWidget(editor_dock, self.dock)
            editor_dock.raise_()
        self.dock.hide()
        self._bundle: EvaluationBundle | None = None
        self._mc: UncertaintyResult | None = None
        window.service.evaluated.connect(self._on_service_evaluated)
        window.service.uncertainty_ready.connect(self._on_service_uncertainty_ready)
        self.panel.export_pdf_requested.connect(self.export_pdf_dialog)
        self.panel.copy_markdown_requested.connect(self.copy_markdown)
        self.panel.export_charts_requested.connect(self.export_charts_dialog)
        current = window.service.current
        if current is not None:
            self._bundle = current
            if not window.service.mc_busy and current.evaluation is not None:
                self._mc = window.service.uncertainty
            self._refresh()

    # -- service -> panel ----------------------------------------------------------------------------

    def _on_service_evaluated(self, bundle: EvaluationBundle) -> None:
        self._bundle = bundle
        self._mc = None  # the Monte Carlo belonged to the previous pitch value
        self._refresh()

    def _on_service_uncertainty_ready(self, mc: UncertaintyResult) -> None:
        self._mc = mc
        self._refresh()

    def _refresh(self) -> None:
        bundle = self._bundle
        if bundle is None:
            self.panel.show_scorecard(None, NOTHING_YET)
        elif bundle.evaluation is None:
            reason = str(bundle.error) if bundle.error else "the pitch has no evaluation"
            self.panel.show_scorecard(None, f"Fix the pitch to see its scorecard: {reason}")
        else:
            self.panel.show_scorecard(
                build_scorecard(bundle.evaluation, self._mc, bundle.sensitivity, today=date.today())
            )

    # -- showing -------------------------------------------------------------------------------------

    def show(self) -> None:
        self.dock.show()
        self.dock.raise_()

    # -- exports (no dialogs: the menu actions and tests call these) ---------------------------------

    def suggested_stem(self) -> str:
        """The file's own stem when the pitch has a file, else a safe version of its name."""
        path = self.window.document.path
        return safe_stem(path.name if path is not None else self.window.document.pitch.name)

    def _source(self) -> EvaluationBundle:
        bundle = self._bundle or self.window.service.current
        if bundle is None or bundle.evaluation is None:
            error = bundle.error if bundle is not None else None
            raise PitchError(str(error) if error else "the pitch has no evaluation yet")
        return bundle

    def export_pdf(self, path: Path) -> bool:
        """Write the deal memo of the current pitch to ``path``; on failure show why and return False."""
        error = ""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # the Monte Carlo may run, then the layout
        try:
            write_pdf(memo_data(self._source(), self._mc), path)
        except PitchError as exc:
            error = str(exc)
        except OSError as exc:
            error = f"{path}: {exc.strerror or exc}"
        finally:
            QApplication.restoreOverrideCursor()
        if error:
            self.window.show_error("Cannot export the deal memo", error)
            return False
        self._status(f"Deal memo written to {path}")
        return True

    def export_markdown(self, path: Path) -> bool:
        try:
            write_markdown(memo_data(self._source(), self._mc), path)
        except PitchError as exc:
            self.window.show_error("Cannot export the Markdown summary", str(exc))
            return False
        except OSError as exc:
            self.window.show_error("Cannot export the Markdown summary", f"{path}: {exc.strerror or exc}")
            return False
        self._status(f"Markdown summary written to {path}")
        return True

    def copy_markdown(self) -> str:
        """Put the Markdown summary on the clipboard (and return it); "" when there is nothing to copy."""
        try:
            text = markdown_summary(memo_data(self._source(), self._mc))
        except PitchError as exc:
            self.window.show_error("Cannot copy the Markdown summary", str(exc))
            return ""
        QApplication.clipboard().setText(text)
        self._status("Markdown summary copied to the clipboard")
        return text

    def export_charts(self, folder: Path) -> list[Path]:
        """The four charts as ``<stem>-<chart>.png`` in ``folder``."""
        try:
            self._source()
            paths = export_chart_pngs(self.window.charts, folder, self.suggested_stem())
        except PitchError as exc:
            self.window.show_error("Cannot export the charts", str(exc))
            return []
        except OSError as exc:
            self.window.show_error("Cannot export the charts", f"{folder}: {exc.strerror or exc}")
            return []
        self._status(f"{len(paths)} charts written to {folder}")
        return paths

    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 6000)

    # -- the same with file dialogs (menu actions, buttons) ------------------------------------------

    def _start_folder(self) -> Path:
        path = self.window.document.path
        return path.parent if path is not None else Path.home()

    def export_pdf_dialog(self) -> None:
        suggested = self._start_folder() / f"{self.suggested_stem()}.pdf"
        name, _ = QFileDialog.getSaveFileName(
            self.window, "Export deal memo (PDF)", str(suggested), "PDF (*.pdf)"
        )
        if name:
            path = Path(name)
            self.export_pdf(path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf"))

    def export_markdown_dialog(self) -> None:
        suggested = self._start_folder() / f"{self.suggested_stem()}.md"
        name, _ = QFileDialog.getSaveFileName(
            self.window, "Export Markdown summary", str(suggested), "Markdown (*.md);;All files (*)"
        )
        if name:
            path = Path(name)
            self.export_markdown(path if path.suffix else path.with_name(path.name + ".md"))

    def export_charts_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self.window, "Export charts (PNG) into", str(self._start_folder())
        )
        if folder:
            self.export_charts(Path(folder))


def _export_menu(window: MainWindow) -> QMenu:
    """File ▸ Export, placed before the File menu's last group (Quit) when there is one."""
    file_menu = window.menu("&File")
    for action in file_menu.actions():
        if action.menu() is not None and action.text() == "&Export":
            return action.menu()  # type: ignore[return-value]
    menu = QMenu("&Export", file_menu)
    actions = file_menu.actions()
    quit_at = next((i for i, a in enumerate(actions) if a.text().replace("&", "") == "Quit"), None)
    if quit_at is None:
        file_menu.addMenu(menu)
    else:
        before = (
            actions[quit_at - 1] if quit_at > 0 and actions[quit_at - 1].isSeparator() else actions[quit_at]
        )
        file_menu.insertMenu(before, menu)
    return menu


def install(window: MainWindow) -> ScorecardController:
    """Pitch ▸ Scorecard… (Ctrl+Shift+C), File ▸ Export ▸ PDF… / Markdown… / Charts as PNG…, and the
    screenshot view ``scorecard``."""
    controller = ScorecardController(window)
    window.scorecard = controller  # type: ignore[attr-defined]

    def action(text: str, slot: Callable[[], object], tip: str, shortcut: str | None = None) -> QAction:
        a = QAction(text, window)
        a.setStatusTip(tip)
        if shortcut:
            a.setShortcut(QKeySequence(shortcut))
        a.triggered.connect(lambda _=False, s=slot: s())
        window.addAction(a)
        return a

    pitch_menu = window.menu("&Pitch")
    pitch_menu.addSeparator()
    pitch_menu.addAction(
        action("&Scorecard…", controller.show, "The pitch's scorecard, with the deal-memo exports", SHORTCUT)
    )
    export = _export_menu(window)
    export.addAction(action("&PDF…", controller.export_pdf_dialog, "A one-page deal memo as PDF"))
    export.addAction(
        action("&Markdown…", controller.export_markdown_dialog, "The scorecard as Markdown, for a memo")
    )
    export.addAction(
        action(
            "&Charts as PNG…", controller.export_charts_dialog, "The four charts as PNG images in a folder"
        )
    )
    window.register_view("scorecard", controller.show)
    return controller


__all__ = ["SHORTCUT", "ScorecardController", "ScorecardPanel", "install"]
