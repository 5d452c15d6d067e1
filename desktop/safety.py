"""User text is shown as text, and no exception in a slot is ever lost.

Qt auto-detects rich text in QLabel, QToolTip and QMessageBox: a pitch named ``<img src=http://...>``
would be rendered (and the image fetched). Every widget here that shows user text goes through
:func:`plain_label` / :func:`set_plain` or escapes with :func:`html_escape`.
"""

from __future__ import annotations

import html
import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

log = logging.getLogger("computecurve")


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A QLabel that never interprets its text as HTML."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


def set_plain(label: QLabel, text: str) -> None:
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)


def html_escape(text: str) -> str:
    """User text made safe to embed in rich text (tooltips, rich labels, PDF documents)."""
    return html.escape(text, quote=True)


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` literally: Qt treats tooltips as rich text when they look like it."""
    return "<p style='white-space:pre-wrap'>" + html_escape(text).replace("\n", "<br>") + "</p>"


def message_box(
    parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str, details: str = ""
) -> QMessageBox:
    """A QMessageBox whose texts are plain (never rich text)."""
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    if details:
        box.setDetailedText(details)
    return box


class ExceptionHook:
    """Shows an exception raised in a slot in a dialog, logs it, and autosaves the document."""

    def __init__(self, log_path: Path, autosave: Callable[[], object] | None = None) -> None:
        self.log_path = log_path
        self.autosave = autosave
        self.seen: list[BaseException] = []
        self.show_dialogs = True

    def install(self) -> None:
        sys.excepthook = self

    def __call__(self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        details = self.record(kind, exc, tb)
        if self.show_dialogs and QApplication.instance() is not None:
            box = message_box(
                QApplication.activeWindow(),
                QMessageBox.Icon.Critical,
                "Compute Curve: unexpected error",
                f"Something went wrong: {type(exc).__name__}: {exc}\n\nYour work was autosaved. "
                f"Details were written to {self.log_path}.",
                details,
            )
            box.exec()

    def record(
        self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None, *, echo: bool = True
    ) -> str:
        """Log the exception with its traceback to the log file (and the terminal's logger unless not
        ``echo``), and autosave; returns the details."""
        self.seen.append(exc)
        details = "".join(traceback.format_exception(kind, exc, tb))
        try:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            with self.log_path.open("a", encoding="utf-8") as fh:
                fh.write(details + "\n")
        except OSError:
            pass
        if echo:
            log.error("unhandled exception: %s", details)
        if self.autosave is not None:
            try:
                self.autosave()
            except Exception:
                log.exception("autosave after an error failed")
        return details
