"""The main window: library, verdict, four live charts, the pitch's blocks, the block editor, the business.

The window wires the pieces together and owns nothing but the document: the document holds the pitch,
the evaluation service turns it into numbers, and every panel draws those numbers.
"""

from __future__ import annotations

import base64
import contextlib
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, QTimer, Signal
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

from core.catalog import PriceCatalog, default_catalog
from core.errors import PitchError
from core.formatting import format_money
from core.pitch import Pitch
from core.pitch_io import load_pitch_bytes
from core.resources import example_names, read_example
from core.templates import TEMPLATES, template
from core.uncertainty import UncertaintyResult
from desktop.autosave import Autosaver, Recovery, discard_recovery, find_recoveries
from desktop.block_editor import BlockEditor
from desktop.block_library import BlockLibrary
from desktop.blocks_table import BlocksTable
from desktop.business_panel import BusinessPanel
from desktop.charts.breakdown_chart import BreakdownChart
from desktop.charts.probability_chart import ProbabilityChart
from desktop.charts.projection_chart import ProjectionChart
from desktop.charts.sensitivity_chart import SensitivityChart
from desktop.document import PitchDocument
from desktop.evaluation_service import EvaluationBundle, EvaluationService
from desktop.safety import message_box
from desktop.settings import Settings
from desktop.theme import chart_theme, dark_palette

PITCH_FILTER = "Compute Curve pitches (*.pitch.json *.json);;All files (*)"
DEFAULT_EXAMPLE = "default.pitch.json"


def default_pitch() -> Pitch:
    """The built-in pitch the app opens with the first time."""
    return load_pitch_bytes(read_example(DEFAULT_EXAMPLE), source=DEFAULT_EXAMPLE)


class _CatalogLoader(QObject):
    """Imports genai-prices off the GUI thread after the window is shown."""

    loaded = Signal()

    def start(self, catalog: PriceCatalog) -> None:
        def work() -> None:
            catalog.model_ids()
            self.loaded.emit()

        threading.Thread(target=work, name="catalog-load", daemon=True).start()


class MainWindow(QMainWindow):
    """The Compute Curve window."""

    # Emitted once the window has agreed to close: the workflow windows close with it. (A signal, not
    # event filters on this window: a Python event filter called while the window is being destroyed
    # can crash the interpreter.)
    closing = Signal()

    def __init__(
        self,
        pitch: Pitch | None = None,
        path: Path | None = None,
        *,
        settings: Settings | None = None,
        catalog: PriceCatalog | None = None,
        offer_recovery: bool = True,
    ) -> None:
        super().__init__()
        self.settings = settings or Settings.load()
        self.catalog = catalog or default_catalog()
        self.document = PitchDocument(pitch or default_pitch(), path, self)
        self.service = EvaluationService(self.catalog, parent=self)
        self.autosaver = Autosaver(self.document, parent=self)
        self._ready = False
        self.persist_settings = True
        self._closed = False
        self.quiet_dialogs = False  # tests: record errors in last_error instead of showing a modal box
        self.last_error = ""
        self._theme_mode = self.settings.theme
        self._system_palette: QPalette | None = None
        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowNestedDocks)

        # -- panels -----------------------------------------------------------------------------
        from desktop.verdict_panel import VerdictPanel

        self.verdict = VerdictPanel(self)
        self.projection = ProjectionChart(self)
        self.breakdown = BreakdownChart(self)
        self.probability = ProbabilityChart(self)
        self.sensitivity = SensitivityChart(self)
        self.charts = (self.projection, self.breakdown, self.probability, self.sensitivity)
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

        # -- wiring: document -> service -> views; views' user actions -> document ---------------
        self.document.pitch_changed.connect(self._on_document_pitch_changed)
        self.document.dirty_changed.connect(lambda _dirty: self._update_title())
        self.document.path_changed.connect(lambda _path: self._update_title())
        self.service.evaluated.connect(self._on_service_evaluated)
        self.service.uncertainty_ready.connect(self._on_service_uncertainty_ready)
        self.library.add_requested.connect(self.add_template)
        self.table.block_selected.connect(self.editor.show_block)

        # Screens the screenshot command can show (`open FILE --screenshot OUT --view NAME`); workflow
        # modules add theirs with register_view() when they are installed, just after the first paint.
        self.views: dict[str, Callable[[], QWidget | None]] = {"main": lambda: None}
        self._build_menus()
        self._workflows_installed = False  # installed right after the first paint (start-up speed)
        self._restore_layout()
        self.set_theme(self._theme_mode, persist=False)
        self._update_title()
        self.verdict.show_loading()
        self._loader = _CatalogLoader(self)
        self._loader.loaded.connect(self._on_catalog_loaded)
        self._offer_recovery = offer_recovery
        # Nothing slow before the first paint: the catalog (genai-prices, ~0.1-0.25 s) loads once the
        # window is on screen, or after a short while if it is never painted (a hidden window).
        self._loader_started = False
        self.verdict.first_painted.connect(self._start_catalog_load)
        QTimer.singleShot(400, self._start_catalog_load)

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

        help_menu = bar.addMenu("&Help")
        self.help_menu = help_menu

    def _install_workflows(self) -> None:
        """The workflow modules add their menus, docks, windows and screenshot views (once)."""
        if self._workflows_installed:
            return
        self._workflows_installed = True
        from desktop import (
            batch_view,
            compare_view,
            explain_panel,
            history_view,
            presentation,
            scorecard_view,
        )
        from desktop import help as help_module

        modules = (
            scorecard_view,
            batch_view,
            compare_view,
            presentation,
            history_view,
            explain_panel,
            help_module,
        )
        for module in modules:
            module.install(self)

    # -- extension points for the workflow modules ----------------------------------------------------
    def register_view(self, name: str, show: Callable[[], QWidget | None]) -> None:
        """Make ``show`` reachable as ``--view name`` in the screenshot command; ``show`` may return the
        window to photograph (a separate window), or None for this one."""
        self.views[name] = show

    def show_view(self, name: str) -> QWidget | None:
        self._install_workflows()
        if name not in self.views:
            raise PitchError(f"unknown view {name!r}; views: {', '.join(sorted(self.views))}", field="--view")
        return self.views[name]()

    def menu(self, title: str) -> QMenu:
        """The menu-bar menu called ``title`` ("&File", "&View", ...), created before Help if missing."""
        for action in self.menuBar().actions():
            if action.menu() is not None and action.text() == title:
                return action.menu()  # type: ignore[return-value]
        menu = QMenu(title, self)
        self.menuBar().insertMenu(self.help_menu.menuAction(), menu)
        return menu

    # -- readiness (the catalog loads after first paint) ---------------------------------------------
    def _start_catalog_load(self) -> None:
        if self._loader_started or self._closed:
            return
        self._install_workflows()
        self._loader_started = True
        if self.catalog.is_loaded():
            QTimer.singleShot(0, self._on_catalog_loaded)
        else:
            QTimer.singleShot(0, lambda: self._loader.start(self.catalog))

    def _on_catalog_loaded(self) -> None:
        if self._ready or self._closed:
            return
        self._ready = True
        self.service.submit(self.document.pitch)
        if self.document.pitch.blocks:
            self.table.select(0)
        if self._offer_recovery:
            QTimer.singleShot(0, self.offer_recovery)

    @property
    def ready(self) -> bool:
        return self._ready

    def wait_ready(self, timeout_ms: int = 10_000) -> None:
        """Block (processing events) until the first evaluation is on screen (tests, screenshots)."""
        from PySide6.QtCore import QDeadlineTimer

        deadline = QDeadlineTimer(timeout_ms)
        self._start_catalog_load()
        while not self._ready and not deadline.hasExpired():
            QApplication.processEvents()
            threading.Event().wait(0.005)

    def wait_uncertainty(self, timeout_ms: int = 20_000) -> None:
        """Block until the Monte Carlo of the current pitch is on screen."""
        from PySide6.QtCore import QDeadlineTimer

        self.wait_ready(timeout_ms)
        self.service.run_now()
        deadline = QDeadlineTimer(timeout_ms)
        while self.service.mc_busy and not deadline.hasExpired():
            QApplication.processEvents()
            threading.Event().wait(0.005)
        QApplication.processEvents()

    # -- document -> views -------------------------------------------------------------------------
    def _on_document_pitch_changed(self, pitch: Pitch) -> None:
        self._update_title()
        if self._ready:
            self.service.submit(pitch)

    def _on_service_evaluated(self, bundle: EvaluationBundle) -> None:
        self.verdict.show_evaluation(bundle)
        self.table.show_evaluation(bundle)
        for chart in self.charts:
            chart.show_evaluation(bundle)

    def _on_service_uncertainty_ready(self, mc: UncertaintyResult) -> None:
        self.verdict.show_uncertainty(mc)
        for chart in self.charts:
            chart.show_uncertainty(mc)

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
        from desktop.reference_lines import ReferenceLineDialog

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
            pitch = Pitch.model_validate(
                {
                    "format": "computecurve.pitch",
                    "schema_version": 2,
                    "name": "Untitled pitch",
                    "as_of": date.today().isoformat(),  # prices are taken today, and it says so
                    "business": {"price_per_user_month": 20.0, "target_gross_margin": 0.7},
                    "blocks": [],
                }
            )
            self.document.replace(pitch, None)

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

    def open_example(self, name: str) -> None:
        if not self.confirm_discard():
            return
        self.document.replace(load_pitch_bytes(read_example(name), source=name), None)
        if self.document.pitch.blocks:
            self.table.select(0)

    def save(self) -> bool:
        if self.document.path is None:
            return self.save_as()
        return self._save_to(self.document.path)

    def save_as(self) -> bool:
        suggested = (self.document.pitch.name or "pitch").replace("/", "-")[:80] + ".pitch.json"
        start = str(self.document.path) if self.document.path else suggested
        name, _ = QFileDialog.getSaveFileName(self, "Save pitch", start, PITCH_FILTER)
        if not name:
            return False
        path = Path(name)
        if not path.name.endswith(".json"):
            path = path.with_name(path.name + ".pitch.json")
        return self._save_to(path)

    def _save_to(self, path: Path) -> bool:
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
        self.last_error = text
        box = message_box(self, QMessageBox.Icon.Warning, title, text)
        box.setObjectName("errorBox")
        if self.quiet_dialogs:
            return
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
        """Load an autosaved document as unsaved changes; its recovery file moves to this session."""
        if recovery.pitch is None:
            self.show_error("Cannot recover", recovery.error)
            return
        self.document.replace(self.document.pitch, recovery.original)
        self.document.edit(recovery.pitch, "Recover autosaved changes")
        self.autosaver.write_now()
        discard_recovery(recovery)

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

    # -- help ----------------------------------------------------------------------------------------
    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ApplicationPaletteChange and self._theme_mode == "system":
            self.set_theme("system", persist=False)
        return super().event(e)
