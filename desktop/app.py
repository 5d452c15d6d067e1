"""The app: the document, the analysis service, the main window, and the workflow plug-ins wired to them.

This module is the only one that knows every part. It builds the document and the analysis service, the main
window over them, and a :class:`~desktop.workflow.WorkflowContext` from the window's public verbs; after the
first paint it starts the service (the price catalog loads off the GUI thread) and installs the workflow
plug-ins, each with that context. The main window imports none of the plug-ins and they import neither the
window nor this module.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer

from core.catalog import PriceCatalog, default_catalog
from core.errors import PitchError
from core.pitch import Pitch
from desktop.analysis_service import AnalysisService
from desktop.document import PitchDocument
from desktop.main_window import MainWindow, default_pitch
from desktop.settings import Settings
from desktop.workflow import Menus, ViewRegistry, WorkflowContext

if TYPE_CHECKING:
    from desktop.safety import ExceptionHook

START_FALLBACK_MS = 400  # a window that is never painted (hidden) still starts


def workflows() -> tuple[tuple[str, Callable[[WorkflowContext], Any]], ...]:
    """The workflow plug-ins, in the order their menu entries appear. Imported here, after the first
    paint, so that start-up does not wait for modules no one has asked for yet."""
    from desktop.workflows import (
        batch,
        compare,
        explain,
        help,
        history,
        infrastructure,
        presentation,
        prices,
        scorecard,
        solve,
    )

    return (
        ("scorecard", scorecard.install),
        ("batch", batch.install),
        ("compare", compare.install),
        ("presentation", presentation.install),
        ("history", history.install),
        ("prices", prices.install),
        ("infrastructure", infrastructure.install),
        ("solve", solve.install),
        ("explain", explain.install),
        ("help", help.install),
    )


class App(QObject):
    """One running app: its window, document, service, the plug-ins' context and the plug-ins themselves.

    A child of its window (Qt keeps it alive exactly as long as the window).
    """

    def __init__(
        self, window: MainWindow, document: PitchDocument, service: AnalysisService, context: WorkflowContext
    ) -> None:
        super().__init__(window)
        self.setObjectName("app")
        self.window = window
        self.document = document
        self.service = service
        self.context = context
        self.workflows: dict[str, Any] = {}
        self.closed = False

    def start(self) -> None:
        """After the first paint: install the workflows, then load the catalog and analyse (once)."""
        if self.closed:
            return
        self.install_workflows()
        QTimer.singleShot(0, self, self.service.start)

    def install_workflows(self) -> None:
        """Install every workflow plug-in with the context (once)."""
        if self.workflows or self.closed:
            return
        for name, install in workflows():
            self.workflows[name] = install(self.context)

    def _on_window_closing(self) -> None:
        self.closed = True


def workflow_context(window: MainWindow, views: ViewRegistry) -> WorkflowContext:
    """The narrow context the plug-ins get: the window's public verbs, never the window itself."""
    return WorkflowContext(
        document=window.document,
        analysis=window.service,
        catalog=window.catalog,
        settings=window.settings,
        menus=Menus(window.menuBar(), window),
        views=views,
        host=window,
        closing=window.closing,
        report_error=window.show_error,
        show_status=window.show_status,
        open_file=window.open_path,
        open_pitch=window.open_pitch,
        add_dock=window.add_dock,
        area=window.area,
        charts=lambda: window.charts,
        persist_settings=lambda: window.persist_settings,
    )


def build(
    pitch: Pitch | None = None,
    path: Path | None = None,
    *,
    settings: Settings | None = None,
    catalog: PriceCatalog | None = None,
    offer_recovery: bool = True,
    persist_settings: bool = True,
) -> App:
    """The app on ``pitch`` (the default pitch when None), not yet shown."""
    settings = settings or Settings.load()
    catalog = catalog or default_catalog()
    document = PitchDocument(pitch or default_pitch(), path)
    service = AnalysisService(document, catalog)
    window = MainWindow(document, service, settings=settings, catalog=catalog, offer_recovery=offer_recovery)
    document.setParent(window)
    service.setParent(window)
    window.persist_settings = persist_settings
    views = ViewRegistry()
    # the block editor offers the deployments' editor when a plug-in registers it
    window.editor.set_views(views)
    app = App(window, document, service, workflow_context(window, views))
    window.closing.connect(app._on_window_closing)
    # Nothing slow before the first paint: the catalog (genai-prices, ~0.1-0.25 s) loads and the workflow
    # modules are installed once the window is on screen, or after a short while if it is never painted.
    # Queued: the paint that announced itself finishes first.
    window.first_painted.connect(app.start, Qt.ConnectionType.QueuedConnection)
    QTimer.singleShot(START_FALLBACK_MS, app, app.start)
    return app


def _parse_size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(x) for x in text.lower().split("x"))
    except ValueError:
        raise PitchError(f"{text!r} is not WIDTHxHEIGHT", field="--size") from None
    if not (320 <= w <= 8000 and 240 <= h <= 8000):
        raise PitchError(f"{text!r} is outside 320x240..8000x8000", field="--size")
    return w, h


def run_app(
    file: str | None = None,
    screenshot: str | None = None,
    view: str = "main",
    size: str = "1600x1000",
    theme: str | None = None,
) -> int:
    """Open the window (on ``file``, the last document or the default pitch); with ``screenshot``, render
    it offscreen with the Monte Carlo finished, write the PNG and exit."""
    from PySide6.QtWidgets import QApplication

    from core.pitch_io import load_pitch
    from desktop.file_errors import file_error_words
    from desktop.qt_app import make_app
    from desktop.safety import ExceptionHook
    from desktop.settings import data_dir

    if screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    logging.basicConfig(level=logging.WARNING)
    # A screenshot shows the default layout and leaves the user's settings alone.
    settings = Settings() if screenshot else Settings.load()
    pitch = None
    path: Path | None = None
    open_error = ""
    if file:
        path = Path(file)
        try:
            pitch = load_pitch(path)
        except PitchError as exc:
            sys.stderr.write(f"computecurve open: {exc}\n")
            if screenshot:
                return 2
            open_error = file_error_words(exc, path)
            pitch, path = None, None  # the window opens on the default pitch and shows the error
    elif settings.last_document and not screenshot:
        try:
            path = Path(settings.last_document)
            pitch = load_pitch(path)
        except PitchError:
            pitch, path = None, None
    qt = make_app()
    assert isinstance(qt, QApplication)
    app = build(
        pitch, path, settings=settings, offer_recovery=not screenshot, persist_settings=not screenshot
    )
    window = app.window
    if theme:
        window.set_theme(theme, persist=False)
    hook = ExceptionHook(data_dir() / "computecurve.log", autosave=window.autosaver.write_now)
    hook.install()
    if screenshot:
        hook.show_dialogs = False  # a render has no one to click a dialog away: it would wait for ever
        return _screenshot(app, view, size, Path(screenshot), hook)
    window.show()
    if open_error:
        QTimer.singleShot(0, window, lambda: window.show_error("Cannot open the pitch", open_error))
    return int(qt.exec())


def _screenshot(app: App, view: str, size: str, out: Path, hook: ExceptionHook) -> int:
    from desktop.screenshot import take

    window = app.window
    try:
        w, h = _parse_size(size)
        app.install_workflows()
        if view != "main" and view not in app.context.views:
            names = ", ".join(["main", *app.context.views.names()])
            raise PitchError(f"unknown view {view!r}; views: {names}", field="--view")
        take(window, app.service, app.context.views, view=view, size=(w, h), out=out)
    except PitchError as exc:
        sys.stderr.write(f"computecurve open: {exc}\n")
        code = 2
    except OSError as exc:
        sys.stderr.write(f"computecurve open: {exc}\n")
        code = 1
    except Exception as exc:  # a bug: logged with its traceback, one line on the terminal, exit 1, no hang
        hook.record(type(exc), exc, exc.__traceback__, echo=False)
        sys.stderr.write(
            f"computecurve open: could not render the {view!r} view: {type(exc).__name__}: {exc} "
            f"(details in {hook.log_path})\n"
        )
        code = 1
    else:
        code = 0
    window.document.undo_stack.setClean()
    window.close()
    return code
