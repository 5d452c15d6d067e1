"""Starting the desktop app: one QApplication, the main window, and the screenshot mode."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from core.errors import PitchError

# Messages the offscreen platform prints for every window, which mean nothing to a user.
_HARMLESS_QT_MESSAGES = ("This plugin does not support propagateSizeHints()",)


def _install_qt_message_filter() -> None:
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    previous = None

    def handler(kind: QtMsgType, context: object, message: str) -> None:
        if message in _HARMLESS_QT_MESSAGES:
            return
        if previous is not None:
            previous(kind, context, message)
        else:
            sys.stderr.write(message + "\n")

    previous = qInstallMessageHandler(handler)


def make_app() -> object:
    """The QApplication (pyqtgraph's mkQApp), named, with high-DPI rounding and Fusion on Linux."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QIcon
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        import pyqtgraph as pg

        if os.environ.get("QT_QPA_PLATFORM") == "offscreen":  # the only platform that says it
            _install_qt_message_filter()
        app = pg.mkQApp("Compute Curve")
        app.setApplicationName("Compute Curve")
        app.setOrganizationName("computecurve")
        app.setDesktopFileName("computecurve")
        if sys.platform.startswith("linux"):
            app.setStyle("Fusion")
        icon = Path(__file__).resolve().parent.parent / "resources" / "icons" / "computecurve-256.png"
        if icon.exists():
            app.setWindowIcon(QIcon(str(icon)))
        import pyqtgraph as pg

        pg.setConfigOptions(antialias=True)
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
    from desktop.main_window import MainWindow
    from desktop.safety import ExceptionHook
    from desktop.settings import Settings, data_dir

    if screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    logging.basicConfig(level=logging.WARNING)
    # A screenshot shows the default layout and leaves the user's settings alone.
    settings = Settings() if screenshot else Settings.load()
    pitch = None
    path: Path | None = None
    if file:
        path = Path(file)
        try:
            pitch = load_pitch(path)
        except PitchError as exc:
            sys.stderr.write(f"computecurve open: {exc}\n")
            if screenshot:
                return 2
            pitch, path = None, None  # the window opens on the default pitch and shows the error
            open_error = str(exc)
        else:
            open_error = ""
    else:
        open_error = ""
        if settings.last_document and not screenshot:
            try:
                path = Path(settings.last_document)
                pitch = load_pitch(path)
            except PitchError:
                pitch, path = None, None
    app = make_app()
    assert isinstance(app, QApplication)
    window = MainWindow(pitch, path, settings=settings, offer_recovery=not screenshot)
    window.persist_settings = not screenshot
    if theme:
        window.set_theme(theme, persist=False)
    hook = ExceptionHook(data_dir() / "computecurve.log", autosave=window.autosaver.write_now)
    hook.install()
    if screenshot:
        w, h = _parse_size(size)
        window.resize(w, h)
        window.show()
        window.wait_uncertainty()
        try:
            target = window.show_view(view) or window
        except PitchError as exc:
            sys.stderr.write(f"computecurve open: {exc}\n")
            window.document.undo_stack.setClean()
            window.close()
            return 2
        window.wait_uncertainty()
        for _ in range(5):  # let a separate view window lay out and paint
            app.processEvents()
        image = target.grab()
        out = Path(screenshot)
        out.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(out)):
            sys.stderr.write(f"computecurve open: cannot write {out}\n")
            return 1
        window.document.undo_stack.setClean()
        window.close()
        return 0
    window.show()
    if open_error:
        window.show_error("Cannot open the pitch", open_error)
    return int(app.exec())
