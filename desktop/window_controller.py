"""A workflow window owned by the main window: made on first use, brought to the front, closed with it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from desktop.main_window import MainWindow


def bring_to_front(widget: QWidget) -> None:
    """Raise and activate a top-level window (the offscreen platform cannot, and warns if asked)."""
    if QGuiApplication.platformName() != "offscreen":
        widget.raise_()
        widget.activateWindow()


class WindowController(QObject):
    """Owns one workflow window of the main window (the batch window, the compare window)."""

    def __init__(self, window: MainWindow, name: str, make: Callable[[], Any]) -> None:
        super().__init__(window)
        self.setObjectName(name)
        self.main_window = window
        self._make = make
        self._window: Any = None
        window.closing.connect(self._on_main_window_closing)

    @property
    def window(self) -> Any:
        if self._window is None:
            self._window = self._make()
        return self._window

    def has_window(self) -> bool:
        return self._window is not None

    def show(self) -> Any:
        w = self.window
        w.show()
        bring_to_front(w)
        return w

    def show_over_main_window(self) -> Any:
        """For the screenshot command, which photographs the main window: draw this window over it."""
        w = self.window
        w.setParent(self.main_window, Qt.WindowType.Widget)
        w.setGeometry(self.main_window.rect())
        w.setAutoFillBackground(True)
        w.show()
        w.raise_()
        return w

    def _on_main_window_closing(self) -> None:
        # The main window is closing: close this window with it.
        if self._window is not None:
            if self._window.isWindow():
                self._window.close()
            self._window.shutdown()
