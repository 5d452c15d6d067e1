"""The block editor's rows never overlap and its captions are never cut (issue 11), after adding and switching
blocks, at 1280x720, in a narrow dock and with a font twice the size (what 200% scaling does to text).

The bug: ``QFormLayout`` kept the heights it had worked out for a caption's old text, so after a switch a
caption got half a line and the model's price text was drawn over the model box. ``desktop/form_rows.py``
lays rows out afresh each time; these checks read the widgets' geometry.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop.field_widgets import caption_label
from desktop.form_rows import FormRows
from desktop.safety import plain_label
from tests.desktop.helpers import open_app

LEAVES = (QLabel, QLineEdit, QComboBox, QAbstractButton)


def settle() -> None:
    """Let Qt handle the layout requests already posted (no waiting on a clock)."""
    for _ in range(3):
        QApplication.processEvents()


def layout_problems(content: QWidget) -> list[str]:
    """Overlapping widgets and cut texts inside ``content`` (empty when it is laid out right)."""
    problems = []
    shown = [
        w
        for w in content.findChildren(QWidget)
        if isinstance(w, LEAVES) and w.isVisibleTo(content) and not isinstance(w.parentWidget(), QComboBox)
    ]
    for w in shown:
        if isinstance(w, QLabel) and w.wordWrap() and w.text():
            need = w.heightForWidth(w.width())
            if w.height() < need:
                problems.append(f"cut: {w.text()[:40]!r} is {w.height()} px tall, needs {need}")
    rects = [(w, QRect(w.mapTo(content, w.rect().topLeft()), w.size())) for w in shown]
    for i, (a, ra) in enumerate(rects):
        for b, rb in rects[i + 1 :]:
            if a.isAncestorOf(b) or b.isAncestorOf(a):
                continue
            inter = ra.intersected(rb)
            if inter.width() > 1 and inter.height() > 1:
                text_a = getattr(a, "text", lambda: "")()[:30]
                text_b = getattr(b, "text", lambda: "")()[:30]
                problems.append(f"overlap: {type(a).__name__} {text_a!r} and {type(b).__name__} {text_b!r}")
    return problems


# -- the layout on its own ------------------------------------------------------------------------------------


def test_form_rows_stack_rows_at_the_height_their_text_needs(qtbot: QtBot) -> None:
    panel = QWidget()
    qtbot.addWidget(panel)
    form = FormRows(panel)
    captions = []
    for i in range(4):
        box = QWidget()
        caption = caption_label("short")
        captions.append(caption)
        inner = QVBoxLayout(box)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(QLineEdit())
        inner.addWidget(caption)
        form.addRow(plain_label(f"Row {i}"), box)
    panel.resize(400, form.heightForWidth(400))
    panel.show()
    qtbot.waitExposed(panel)
    assert layout_problems(panel) == []
    # a caption grows to several lines: the rows below move down, nothing is cut
    captions[1].setText("A much longer caption that needs several lines at this width, " * 3)
    panel.resize(400, form.heightForWidth(400))
    settle()
    assert captions[1].height() >= captions[1].heightForWidth(captions[1].width()) > 20
    assert layout_problems(panel) == []


def test_form_rows_put_labels_above_fields_when_narrow(qtbot: QtBot) -> None:
    panel = QWidget()
    qtbot.addWidget(panel)
    form = FormRows(panel)
    label, field = plain_label("A label"), QLineEdit()
    form.addRow(label, field)
    panel.resize(500, form.heightForWidth(500))
    panel.show()
    qtbot.waitExposed(panel)
    assert label.geometry().top() == field.geometry().top()  # beside
    panel.resize(180, form.heightForWidth(180))
    settle()
    assert label.geometry().bottom() < field.geometry().top()  # above
    assert layout_problems(panel) == []


def test_a_hidden_row_takes_no_room(qtbot: QtBot) -> None:
    panel = QWidget()
    qtbot.addWidget(panel)
    form = FormRows(panel)
    first, second = QLineEdit(), QLineEdit()
    form.addRow(plain_label("First"), first)
    form.addRow(plain_label("Second"), second)
    both = form.heightForWidth(400)
    form.setRowVisible(second, False)
    assert form.heightForWidth(400) == both - second.sizeHint().height() - 6  # the row and its spacing


# -- the editor in the window ---------------------------------------------------------------------------------


@pytest.fixture
def window(qtbot: QtBot) -> Any:
    app = open_app(qtbot)
    app.window.resize(1280, 720)
    settle()
    return app.window


def walk(window: Any) -> list[str]:
    """Add blocks and switch between them (the steps that cut the captions); the problems after each step."""
    found: list[str] = []

    def check(step: str) -> None:
        settle()
        found.extend(f"{step}: {p}" for p in layout_problems(window.editor.content))

    check("start")
    for key in ("agent_loop", "voice_minute", "image"):
        window.add_template(key)
        check(f"add {key}")
    for row in (0, 3, 1, 4, 0):
        window.table.select(row)
        check(f"select {row}")
    window.editor.modality_button.setChecked(True)
    check("audio and images")
    window.table.select(2)
    check("select 2 with audio and images")
    return found


def test_no_overlap_and_no_cut_caption_at_1280x720(window: Any) -> None:
    assert walk(window) == []


def test_no_overlap_in_a_narrow_dock(window: Any) -> None:
    from PySide6.QtCore import Qt

    window.resizeDocks([window.editor_dock], [260], Qt.Orientation.Horizontal)
    settle()
    assert walk(window) == []


def test_no_overlap_with_text_twice_the_size(window: Any) -> None:
    font = QFont(window.editor.font())
    font.setPointSizeF(
        font.pointSizeF() * 2
    )  # what 200% scaling does to the text, in a dock of the same size
    window.editor.setFont(font)
    assert walk(window) == []
