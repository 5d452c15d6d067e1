"""Every input of the block editor, the business panel and the library explains itself in a tooltip.

The rule (issue "Ship it", help): a tooltip gives an example (or the unit) and where the default comes from
(a "default", or a "source"), and it is plain text: user text in it shows literally, never as HTML.
"""

from __future__ import annotations

import html
import re

import pytest
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QScrollBar,
    QWidget,
)

from core.pitch import CustomScenario
from desktop.main_window import MainWindow
from desktop.safety import plain_tooltip
from tests.desktop.helpers import open_app

INPUT_TYPES = (QLineEdit, QComboBox, QAbstractButton, QAbstractSlider, QAbstractSpinBox)
PLAIN_PREFIX = plain_tooltip("x").split("x")[0]  # what plain_tooltip wraps every text in


def _window(qtbot) -> MainWindow:  # type: ignore[no-untyped-def]
    return open_app(qtbot).window


def effective_tooltip(widget: QWidget) -> str:
    """The tooltip Qt shows for ``widget``: its own, or its nearest ancestor's (the event propagates)."""
    w: QWidget | None = widget
    while w is not None:
        if w.toolTip():
            return w.toolTip()
        w = w.parentWidget()
    return ""


def shown_text(tooltip: str) -> str:
    """What a plain tooltip displays."""
    inner = re.sub(r"^<p style='white-space:pre-wrap'>|</p>$", "", tooltip)
    return html.unescape(inner.replace("<br>", "\n"))


def inputs(panel: QWidget) -> list[QWidget]:
    """The panel's inputs; a scroll area's scroll bars are sliders but no input of the pitch."""
    return [
        w for w in panel.findChildren(QWidget) if isinstance(w, INPUT_TYPES) and not isinstance(w, QScrollBar)
    ]


def check(widget: QWidget) -> list[str]:
    """What is wrong with ``widget``'s tooltip (empty when it follows the rule)."""
    name = f"{type(widget).__name__} {widget.objectName() or widget.accessibleName() or ''}".strip()
    tip = effective_tooltip(widget)
    if not tip:
        return [f"{name}: no tooltip"]
    problems = []
    if not tip.startswith(PLAIN_PREFIX):
        problems.append(f"{name}: tooltip not made by plain_tooltip: {tip[:60]!r}")
    text = shown_text(tip).lower()
    if "example" not in text:
        problems.append(f"{name}: no example in {text[:80]!r}")
    if "default" not in text and "source" not in text:
        problems.append(f"{name}: says nothing of a default or a source: {text[:80]!r}")
    return problems


def test_every_input_of_the_block_editor_explains_itself(qtbot) -> None:  # type: ignore[no-untyped-def]
    w = _window(qtbot)
    w.table.select(0)
    editor = w.editor
    for field in editor.fields.values():
        field.set_range((1.0, 2.0))  # show every range row, so its low/high edits are walked too
    found = inputs(editor)
    # name, enabled, model (+ its line edit), 5 prices, 6 per-call fields, 3 rates, each with a range
    # check box (hidden where no range is offered) and low/high edits, and the always-on helper.
    assert len(found) > 40
    problems = [p for widget in found for p in check(widget)]
    assert not problems, "\n".join(problems)


def test_every_input_of_the_business_panel_explains_itself(qtbot) -> None:  # type: ignore[no-untyped-def]
    w = _window(qtbot)
    # A custom scenario shows its own name and factor fields too.
    w.document.edit_fields(
        "custom", scenario=CustomScenario(name="Mine", annual_decline_low=2, annual_decline_high=3)
    )
    panel = w.business
    for field in panel.fields.values():
        field.range_row.setVisible(True)
    found = inputs(panel)
    kinds = {type(x).__name__ for x in found}
    assert {"QLineEdit", "ElidedComboBox", "QCheckBox", "LogSlider", "QDateEdit", "QToolButton"} <= kinds
    problems = [p for widget in found for p in check(widget)]
    assert not problems, "\n".join(problems)


def test_the_library_search_and_every_template_say_where_their_defaults_come_from(qtbot) -> None:  # type: ignore[no-untyped-def]
    w = _window(qtbot)
    assert [p for widget in inputs(w.library) if isinstance(widget, QLineEdit) for p in check(widget)] == []
    for i in range(w.library.list.count()):
        text = shown_text(w.library.list.item(i).toolTip())
        assert "Defaults: " in text, text


@pytest.mark.parametrize("hostile", ["<img src=http://x>", "<b>bold</b> & co"])
def test_tooltips_that_carry_user_text_show_it_literally(qtbot, hostile: str) -> None:  # type: ignore[no-untyped-def]
    w = _window(qtbot)
    w.document.edit_fields(
        "custom", scenario=CustomScenario(name=hostile, annual_decline_low=2, annual_decline_high=3)
    )
    tip = w.business.scenario_combo.toolTip()
    assert hostile not in tip  # escaped in the rich text...
    assert hostile in shown_text(tip)  # ...and shown exactly as typed
    rendered = QTextDocument()
    rendered.setHtml(tip)  # what the tooltip shows: Qt renders a tooltip that looks like HTML as rich text
    assert hostile in rendered.toPlainText()
