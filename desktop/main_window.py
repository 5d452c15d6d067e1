"""The main window: library, verdict, four live charts, the pitch's blocks, the block editor, the business.

The window lays the panels out and wires them: the document holds the pitch, the analysis service turns each
new pitch into one analysis, and every panel draws that analysis. It owns the document's life (new, open,
save, recovery) and knows none of the workflow windows: ``desktop/app.py`` installs those, each with a
narrow context (``desktop/workflow.py``) made from this window's public verbs (:meth:`open_path`,
:meth:`open_pitch`, :meth:`show_error`, :meth:`show_status`, :meth:`add_dock`, :meth:`area`).
"""

from __future__ import annotations

import base64
import contextlib
from datetime import date
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QGridLayout,
    QMainWindow,
    QMenu,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from core.analysis import Analysis
from core.catalog import PriceCatalog
from core.errors import PitchError
from core.formatting import format_money
from core.pitch import Pitch
from core.pitch_io import load_pitch, load_pitch_bytes
from core.resources import example_names, read_example
from core.templates import TEMPLATES, template
from desktop.analysis_service import AnalysisService
from desktop.autosave import Autosaver, Recovery, discard_recovery, find_recoveries
from desktop.block_editor import BlockEditor
from desktop.block_library import BlockLibrary
from desktop.blocks_table import BlocksTable
from desktop.business_panel import BusinessPanel
from desktop.charts.base import ChartBase
from desktop.charts.breakdown_chart import BreakdownChart
from desktop.charts.probability_chart import ProbabilityChart
from desktop.charts.projection_chart import ProjectionChart
from desktop.charts.sensitivity_chart import SensitivityChart
from desktop.document import PitchDocument
from desktop.reference_lines import ReferenceLineDialog
from desktop.safety import message_box
from desktop.settings import Settings
from desktop.theme import chart_theme, dark_palette
from desktop.verdict_panel import VerdictPanel

PITCH_FILTER = "Compute Curve pitches (*.pitch.json *.json);;All files (*)"
DEFAULT_EXAMPLE = "default.pitch.json"


def default_pitch() -> Pitch:
    """The built-in pitch the app opens with the first time."""
    return load_pitch_bytes(read_example(DEFAULT_EXAMPLE), source=DEFAULT_EXAMPLE)


def new_pitch(today: date) -> Pitch:
    """File > New: an empty pitch dated today (prices are taken today, and it says so)."""
    return Pitch.model_validate(
        {
            "format": "computecurve.pitch",
            "schema_version": 2,
            "name": "Untitled pitch",
            "as_of": today.isoformat(),
            "business": {"price_per_user_month": 20.0, "target_gross_margin": 0.7},
            "blocks": [],
        }
    )


class MainWindow(QMainWindow):
    """The Compute Curve window."""

    # Emitted once the window has agreed to close: the workflow windows close with it. (A signal, not
    # event filters on this window: a Python event filter called while the window is being destroyed
    # can crash the interpreter.)
    closing = Signal()
    first_painted = Signal()  # the app starts loading the catalog, and installs the workflows, after it

    def __init__(
        self,
        document: PitchDocument,
        service: AnalysisService,
        *,
        settings: Settings,
        catalog: PriceCatalog,
        offer_recovery: bool = True,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.catalog = catalog
        self.document = document
        self.service = service
        self.autosaver = Autosaver(self.document, parent=self)
        self.persist_settings = True
        self._closed = False
        self._first_analysis = True
        self._offer_recovery = offer_recovery
        self._theme_mode = self.settings.theme
        self._system_palette: QPalette | None = None
        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowNestedDocks)

        # -- panels -----------------------------------------------------------------------------
        self.verdict = VerdictPanel(self)
        self.projection = ProjectionChart(self)
        self.breakdown = BreakdownChart(self)
        self.probability = ProbabilityChart(self)
        self.sensitivity = SensitivityChart(self)
        self.charts: tuple[ChartBase, ...] = (
            self.projection,
            self.breakdown,
            self.probability,
            self.sensitivity,
        )
        central = QWidget(self)
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(6)
        grid.addWidget(self.projection, 0, 0)
        grid.addWidget(self.breakdown, 0, 1)
        grid.addWidget(self.probability, 1, 0)
        grid.addWidget(self.sensitivity, 1, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        column = QVBoxLayout(central)
        column.setContentsMargins(6, 6, 6, 6)
        column.addWidget(self.verdict)
        column.addLayout(grid, 1)
        self.setCentralWidget(central)

        self.library = BlockLibrary(self)
        self.table = BlocksTable(self.document, self)
        self.editor = BlockEditor(self.document, self.catalog, self)
        self.business = BusinessPanel(self.document, self)
        # Side docks run the full height; the blocks table sits under the charts.
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.library_dock = self._dock(
            "Block library", "libraryDock", self.library, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.business_dock = self._dock(
            "Business and scenario", "businessDock", self.business, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.blocks_dock = self._dock(
            "Pitch blocks", "blocksDock", self.table, Qt.DockWidgetArea.BottomDockWidgetArea
        )
        self.editor_dock = self._dock(
            "Block editor", "editorDock", self.editor, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.resize(1600, 1000)
        self.resizeDocks([self.blocks_dock], [190], Qt.Orientation.Vertical)
        self.resizeDocks([self.library_dock, self.editor_dock], [390, 420], Qt.Orientation.Horizontal)
        self.resizeDocks([self.library_dock, self.business_dock], [215, 700], Qt.Orientation.Vertical)
        self.statusBar()  # menu tips and export messages show here

        # -- wiring: document -> service -> views; views' user actions -> document ---------------
        self.document.pitch_changed.connect(self._on_document_pitch_changed)
        self.document.dirty_changed.connect(self._on_document_dirty_changed)
        self.document.path_changed.connect(self._on_document_path_changed)
        self.service.analysed.connect(self._on_service_analysed)
        self.service.uncertainty_ready.connect(self._on_service_uncertainty_ready)
        self.service.uncertainty_failed.connect(self._on_service_uncertainty_failed)
        self.service.catalog_ready.connect(self.editor.set_model_ids)
        self.library.add_requested.connect(self.add_template)
        self.table.block_selected.connect(self.editor.show_block)
        self.verdict.first_painted.connect(self.first_painted)

        self._build_menus()
        self._restore_layout()
        self.set_theme(self._theme_mode, persist=False)
        self._update_title()
        self.verdict.show_loading()

    # -- construction helpers ------------------------------------------------------------------------
    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.addDockWidget(area, dock)
        return dock

    def _action(
        self, text: str, slot: object, shortcut: QKeySequence | str | None = None, tip: str = ""
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)  # type: ignore[arg-type]
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self._action("&New", self.new_document, QKeySequence.StandardKey.New))
        file_menu.addAction(self._action("&Open…", self.open_dialog, QKeySequence.StandardKey.Open))
        self.recent_menu = file_menu.addMenu("Open &recent")
        self.examples_menu = file_menu.addMenu("Open &example")
        for name in example_names():
            self.examples_menu.addAction(
                self._action(name.removesuffix(".pitch.json"), lambda _=False, n=name: self.open_example(n))
            )
        file_menu.addSeparator()
        file_menu.addAction(self._action("&Save", self.save, QKeySequence.StandardKey.Save))
        file_menu.addAction(self._action("Save &as…", self.save_as, QKeySequence.StandardKey.SaveAs))
        file_menu.addSeparator()
        file_menu.addAction(self._action("&Quit", self.close, "Ctrl+Q"))
        self._refresh_recent_menu()

        edit = bar.addMenu("&Edit")
        self.undo_action = self.document.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.document.undo_stack.createRedoAction(self, "&Redo")
        # Ctrl+Shift+Z everywhere, plus the platform's own redo key when it is another (Ctrl+Y on Windows);
        # the same key twice makes Qt call the shortcut ambiguous and do nothing.
        redo_keys = [QKeySequence("Ctrl+Shift+Z")]
        redo_keys += [
            k for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo) if k not in redo_keys
        ]
        self.redo_action.setShortcuts(redo_keys)
        self.undo_action.setProperty("cheatsheet_label", "Undo the last edit")
        self.redo_action.setProperty("cheatsheet_label", "Redo")
        edit.addAction(self.undo_action)
        edit.addAction(self.redo_action)
        edit.addSeparator()
        edit.addAction(self._action("&Duplicate block", self.table.duplicate_selected, "Ctrl+D"))
        edit.addAction(self._action("&Remove block\tDel", self.table.remove_selected))
        edit.addAction(self._action("Move block &up", lambda: self.table.move_selected(-1), "Ctrl+Up"))
        edit.addAction(self._action("Move block do&wn", lambda: self.table.move_selected(1), "Ctrl+Down"))
        edit.addSeparator()
        edit.addAction(
            self._action("&Find block in library", self._focus_library, QKeySequence.StandardKey.Find)
        )

        pitch = bar.addMenu("&Pitch")
        add = pitch.addMenu("&Add block")
        for t in TEMPLATES:
            add.addAction(self._action(t.title, lambda _=False, k=t.key: self.add_template(k)))
        pitch.addSeparator()
        pitch.addAction(self._action("Add &reference line…", self.add_reference_line))
        self.remove_line_menu = pitch.addMenu("Remove reference &line")
        self.remove_line_menu.aboutToShow.connect(self._fill_remove_line_menu)

        view = bar.addMenu("&View")
        for dock in (self.library_dock, self.business_dock, self.blocks_dock, self.editor_dock):
            view.addAction(dock.toggleViewAction())
        view.addSeparator()
        theme = view.addMenu("&Theme")
        for mode, label in (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark")):
            theme.addAction(self._action(label, lambda _=False, m=mode: self.set_theme(m)))
        view.addAction(self._action("Reset &layout", self.reset_layout))

        self.help_menu = bar.addMenu("&Help")

    # -- what the workflow context is made of ---------------------------------------------------------
    def add_dock(self, dock: QDockWidget) -> None:
        """A workflow's dock, tabbed with the block editor (shown on request)."""
        dock.setParent(self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.tabifyDockWidget(self.editor_dock, dock)
        self.editor_dock.raise_()

    def area(self, name: str) -> QWidget | None:
        """A named part of the window (the tour points at them)."""
        return {
            "verdict": self.verdict,
            "projection": self.projection,
            "breakdown": self.breakdown,
            "probability": self.probability,
            "sensitivity": self.sensitivity,
            "library": self.library_dock,
            "blocks": self.blocks_dock,
            "editor": self.editor_dock,
            "business": self.business_dock,
        }.get(name)

    def show_status(self, text: str) -> None:
        self.statusBar().showMessage(text, 6000)

    # -- document -> views -------------------------------------------------------------------------
    def _on_document_pitch_changed(self, _pitch: Pitch) -> None:
        self._update_title()

    def _on_document_dirty_changed(self, _dirty: bool) -> None:
        self._update_title()

    def _on_document_path_changed(self, _path: object) -> None:
        self._update_title()

    def _on_service_analysed(self, analysis: Analysis) -> None:
        # first: the table may select a block, which the editor then draws with this analysis
        self.editor.show_analysis(analysis)
        self.verdict.show_analysis(analysis)
        self.table.show_analysis(analysis)
        for chart in self.charts:
            chart.show_analysis(analysis)
        if self._first_analysis:
            self._first_analysis = False
            if self.document.pitch.blocks and self.table.selected is None:
                self.table.select(0)
            if self._offer_recovery:
                QTimer.singleShot(0, self.offer_recovery)

    def _on_service_uncertainty_ready(self, analysis: Analysis) -> None:
        self.verdict.show_uncertainty(analysis)
        for chart in self.charts:
            chart.show_uncertainty(analysis)

    def _on_service_uncertainty_failed(self, _analysis: Analysis, reason: str) -> None:
        self.verdict.show_uncertainty_failed(reason)

    def _update_title(self) -> None:
        name = self.document.pitch.name
        marker = " *" if self.document.dirty else ""
        where = f" — {self.document.path.name}" if self.document.path else ""
        self.setWindowTitle(f"{name}{marker}{where} — Compute Curve")

    # -- user actions -> document ------------------------------------------------------------------
    def add_template(self, key: str) -> None:
        t = template(key)
        taken = {b.name for b in self.document.pitch.blocks}
        name, n = t.title, 2
        while name in taken:
            name, n = f"{t.title} {n}", n + 1
        index = len(self.document.pitch.blocks)
        if self.table.selected is not None:
            index = self.table.selected + 1
        if self.document.insert_block(index, t.make(name)):
            self.table.select(index)

    def add_reference_line(self) -> None:
        dialog = ReferenceLineDialog(self)
        if dialog.exec() and dialog.result_line is not None:
            line = dialog.result_line
            lines = (*self.document.pitch.reference_lines, line)
            self.document.edit_fields(f"Add reference line {line.label}", reference_lines=lines)

    def _fill_remove_line_menu(self) -> None:
        self.remove_line_menu.clear()
        lines = self.document.pitch.reference_lines
        for i, line in enumerate(lines):
            action = self.remove_line_menu.addAction(
                f"{line.label} ({format_money(line.usd_per_month)}/month)"
            )
            action.triggered.connect(lambda _=False, i=i: self.remove_reference_line(i))
        if not lines:
            self.remove_line_menu.addAction("(no reference lines)").setEnabled(False)

    def remove_reference_line(self, index: int) -> None:
        lines = list(self.document.pitch.reference_lines)
        removed = lines.pop(index)
        self.document.edit_fields(f"Remove reference line {removed.label}", reference_lines=tuple(lines))

    def _focus_library(self) -> None:
        self.library_dock.show()
        self.library_dock.raise_()
        self.library.focus_search()

    # -- files ---------------------------------------------------------------------------------------
    def confirm_discard(self) -> bool:
        """Ask before losing unsaved changes; True when it is fine to go on."""
        if not self.document.dirty:
            return True
        box = message_box(
            self,
            QMessageBox.Icon.Warning,
            "Unsaved changes",
            f"“{self.document.pitch.name}” has unsaved changes. Save them first?",
        )
        box.setStandardButtons(
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            self.autosaver.remove()  # the user chose to discard these changes
            return True
        return False

    def new_document(self) -> None:
        if self.confirm_discard():
            self.document.replace(new_pitch(self.service.today()), None)

    def open_dialog(self) -> None:
        if not self.confirm_discard():
            return
        start = str(self.document.path.parent) if self.document.path else ""
        name, _ = QFileDialog.getOpenFileName(self, "Open pitch", start, PITCH_FILTER)
        if name:
            self.open_path(Path(name), confirm=False)

    def open_path(self, path: Path, *, confirm: bool = True) -> bool:
        """Open ``path``; on a bad file show what and where, and keep the current document."""
        if confirm and not self.confirm_discard():
            return False
        try:
            self.document.open(path)
        except PitchError as exc:
            self.show_error("Cannot open the pitch", str(exc))
            return False
        self.settings.add_recent(path)
        self._save_settings()
        self._refresh_recent_menu()
        if self.document.pitch.blocks:
            self.table.select(0)
        return True

    def open_pitch(self, pitch: Pitch) -> bool:
        """Open ``pitch`` as a new, unsaved document (a variant, an example), asking about unsaved changes."""
        if not self.confirm_discard():
            return False
        self.document.replace(pitch, None)
        if pitch.blocks:
            self.table.select(0)
        return True

    def open_example(self, name: str) -> None:
        self.open_pitch(load_pitch_bytes(read_example(name), source=name))

    def save(self) -> bool:
        if self.document.path is None:
            return self.save_as()
        return self.save_to(self.document.path)

    def save_as(self) -> bool:
        suggested = (self.document.pitch.name or "pitch").replace("/", "-")[:80] + ".pitch.json"
        start = str(self.document.path) if self.document.path else suggested
        name, _ = QFileDialog.getSaveFileName(self, "Save pitch", start, PITCH_FILTER)
        if not name:
            return False
        path = Path(name)
        if not path.name.endswith(".json"):
            path = path.with_name(path.name + ".pitch.json")
        return self.save_to(path)

    def save_to(self, path: Path) -> bool:
        """Save the document to ``path``; on failure say why and keep everything (and the autosave)."""
        try:
            self.document.save(path)
        except OSError as exc:
            self.show_error("Cannot save the pitch", f"{path}: {exc.strerror or exc}")
            return False
        self.autosaver.remove()
        self.settings.add_recent(path)
        self._save_settings()
        self._refresh_recent_menu()
        return True

    def _refresh_recent_menu(self) -> None:
        self.recent_menu.clear()
        for text in self.settings.recent_files:
            action = self.recent_menu.addAction(text)
            action.triggered.connect(lambda _=False, p=text: self.open_path(Path(p)))
        self.recent_menu.setEnabled(bool(self.settings.recent_files))

    def show_error(self, title: str, text: str) -> None:
        box = message_box(self, QMessageBox.Icon.Warning, title, text)
        box.setObjectName("errorBox")
        box.exec()

    # -- recovery ------------------------------------------------------------------------------------
    def offer_recovery(self) -> None:
        recoveries = [r for r in find_recoveries() if r.path != self.autosaver.path]
        if recoveries:
            self.ask_recovery(recoveries)

    def ask_recovery(self, recoveries: list[Recovery]) -> None:
        latest = recoveries[0]
        more = (
            f"\n\n{len(recoveries) - 1} more autosaved document(s) are kept." if len(recoveries) > 1 else ""
        )
        box = message_box(
            self,
            QMessageBox.Icon.Question,
            "Recover unsaved work?",
            f"Compute Curve did not close cleanly last time. Unsaved work was autosaved:\n\n{latest.title}"
            f"{more}\n\nRecover it now? (Keep for later leaves the autosave where it is.)",
        )
        recover = box.addButton("Recover", QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton("Keep for later", QMessageBox.ButtonRole.RejectRole)
        discard = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(recover)
        box.exec()
        clicked = box.clickedButton()
        if clicked is recover:
            self.recover(latest)
        elif clicked is discard:
            discard_recovery(latest)
        del keep

    def recover(self, recovery: Recovery) -> None:
        """Load autosaved work as unsaved changes on top of its file's real content.

        The saved state is what the file holds (loaded from it), so Undo shows the file and Save writes the
        recovered work into it; the recovery file becomes this session's and is kept until the user saves or
        discards (undoing the recovery does not delete it). A file that is gone or unreadable leaves the
        recovered work as an unsaved document with no saved state.
        """
        if recovery.pitch is None:
            self.show_error("Cannot recover", recovery.error)
            return
        base: Pitch | None = None
        if recovery.original is not None:
            try:
                base = load_pitch(recovery.original)
            except (PitchError, OSError):
                base = None
        if base is not None:
            self.document.replace(base, recovery.original)
            changed = self.document.edit(recovery.pitch, "Recover autosaved changes")
        else:
            self.document.replace_unsaved(recovery.pitch, recovery.original)
            changed = True
        if not changed:  # the file already holds this work: nothing to recover
            discard_recovery(recovery)
            return
        self.autosaver.adopt(recovery.path)
        self.autosaver.write_now()
        if self.document.pitch.blocks:
            self.table.select(0)

    # -- window state ------------------------------------------------------------------------------
    def _restore_layout(self) -> None:
        self._default_state = self.saveState()
        try:
            if self.settings.window_geometry:
                self.restoreGeometry(QByteArray(base64.b64decode(self.settings.window_geometry)))
            if self.settings.window_state:
                self.restoreState(QByteArray(base64.b64decode(self.settings.window_state)))
        except ValueError:
            pass

    def reset_layout(self) -> None:
        self.restoreState(self._default_state)
        for dock in (self.library_dock, self.business_dock, self.blocks_dock, self.editor_dock):
            dock.show()

    def _save_settings(self) -> None:
        self.settings.window_geometry = base64.b64encode(bytes(self.saveGeometry().data())).decode()
        self.settings.window_state = base64.b64encode(bytes(self.saveState().data())).decode()
        self.settings.theme = self._theme_mode
        if not self.persist_settings:
            return
        with contextlib.suppress(OSError):
            self.settings.save()

    def set_theme(self, mode: str, *, persist: bool = True) -> None:
        """``system`` follows the platform; ``light`` and ``dark`` override it (widgets and charts)."""
        self._theme_mode = mode
        app = QApplication.instance()
        if isinstance(app, QApplication):
            if self._system_palette is None:
                self._system_palette = app.palette()
            if mode == "dark":
                app.setPalette(dark_palette())
            elif mode == "light":
                app.setPalette(app.style().standardPalette())
            else:
                app.setPalette(self._system_palette)
        theme = chart_theme(mode)
        for chart in self.charts:
            chart.set_theme(theme)
        if persist:
            self._save_settings()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.confirm_discard():
            event.ignore()
            return
        self._save_settings()
        self._closed = True
        self.service.shutdown()
        # The session ends: a recovery file still here holds recovered work the user neither saved nor
        # discarded (undone on screen, still in the redo history): kept, and offered at the next start.
        self.autosaver.release()
        event.accept()
        self.closing.emit()

    # -- drag a pitch file onto the window ---------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.open_path(files[0])

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ApplicationPaletteChange and self._theme_mode == "system":
            self.set_theme("system", persist=False)
        return super().event(e)


__all__ = ["DEFAULT_EXAMPLE", "PITCH_FILTER", "MainWindow", "QMenu", "default_pitch", "new_pitch"]
