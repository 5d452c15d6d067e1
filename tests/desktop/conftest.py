"""Desktop test set-up: every test must leave no window open (ndv's leak check)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QWidget


def _describe(widget: QWidget) -> str:
    parts = [type(widget).__name__]
    if widget.objectName():
        parts.append(f"objectName={widget.objectName()!r}")
    if widget.windowTitle():
        parts.append(f"title={widget.windowTitle()!r}")
    return " ".join(parts)


def _top_level_widgets() -> list[QWidget]:
    """QApplication.topLevelWidgets() with Python's cycle collector held off while PySide wraps the list.

    The list is C++ pointers, wrapped one by one; a wrapper's allocation can start a collection, and a
    collection can delete a hidden parentless widget owned by an unreachable Python object (pyqtgraph's
    context menus are such) that is further down the list: wrapping that pointer then crashed the process
    (a segfault in QObject::property, one run in two after the batch tests). Collected first, then listed.
    """
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        return list(QApplication.topLevelWidgets())
    finally:
        if enabled:
            gc.enable()


@pytest.fixture(autouse=True)
def _no_window_left_open() -> Iterator[None]:
    """Fail a test that leaves a visible top-level widget behind, and close it so later tests start clean.

    A parentless widget that nothing references is deleted with its Python object, so what this catches is a
    window kept alive and shown by something else: a module, a document, the app. Set up before the test's
    own fixtures, so this runs after pytest-qt's ``qtbot`` has closed the widgets given to
    ``qtbot.addWidget``. Does nothing when the test made no QApplication (pytest-qt's ``qapp`` fixture, used
    through ``qtbot``, is what makes one).
    """
    yield
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    app.processEvents()  # let pending close and deleteLater events land before looking
    left_open = [w for w in _top_level_widgets() if w.isVisible()]
    if not left_open:
        return
    names = ", ".join(_describe(w) for w in left_open)
    for widget in left_open:
        widget.close()
    app.processEvents()
    pytest.fail(
        f"test left {len(left_open)} top-level widget(s) open: {names}. "
        "Register each with qtbot.addWidget(widget) or close it.",
        pytrace=False,
    )


@pytest.fixture(autouse=True)
def _no_modal_dialog_blocks(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """A modal dialog in a test would wait forever for a click nobody makes. Record it, answer Cancel, and
    fail the test; a test that expects a dialog patches ``QMessageBox.exec`` itself."""
    from PySide6.QtWidgets import QMessageBox

    unexpected: list[str] = []

    def refuse(box: QMessageBox) -> int:
        unexpected.append(f"{box.windowTitle()}: {box.text()}")
        return int(QMessageBox.StandardButton.Cancel)

    monkeypatch.setattr(QMessageBox, "exec", refuse)
    yield unexpected
    if unexpected:
        pytest.fail(f"unexpected modal dialog(s): {unexpected}", pytrace=False)
