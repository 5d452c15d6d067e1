"""The QApplication: one, named, with high-DPI rounding, Fusion on Linux, and the app's icon.

Imported by the app and by the headless PDF export (``computecurve score --pdf``), which needs a
QApplication to render a chart offscreen.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

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
            from PySide6.QtWidgets import QStyleFactory

            from desktop.theme import VisibleBorders

            # Fusion, with inputs and check boxes outlined where a dark palette would hide them
            app.setStyle(VisibleBorders(QStyleFactory.create("Fusion")))
        icon = Path(__file__).resolve().parent.parent / "resources" / "icons" / "computecurve-256.png"
        if icon.exists():
            app.setWindowIcon(QIcon(str(icon)))
        import pyqtgraph as pg

        pg.setConfigOptions(antialias=True)
    return app
