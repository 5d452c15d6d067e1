"""Both themes: every input and check box has a visible border (issue 11: on the dark theme, field borders
and unchecked boxes were nearly invisible)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QDateEdit, QLineEdit, QStyleFactory, QWidget

from desktop.theme import DARK_BORDER, LIGHT_BORDER, VisibleBorders, dark_palette


def _contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours."""

    def lum(c: QColor) -> float:
        def ch(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * ch(c.redF()) + 0.7152 * ch(c.greenF()) + 0.0722 * ch(c.blueF())

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _edge_contrast(widget: QWidget, qtbot: Any) -> float:
    """The strongest contrast between the field's inside and the pixels of its outer two rows and columns."""
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    image: QImage = widget.grab().toImage()
    base = widget.palette().color(QPalette.ColorRole.Base)
    w, h = image.width(), image.height()
    edge = [image.pixelColor(x, y) for x in range(2, w - 2) for y in (0, 1, h - 2, h - 1)]
    edge += [image.pixelColor(x, y) for y in range(2, h - 2) for x in (0, 1, w - 2, w - 1)]
    return max(_contrast(c, base) for c in edge)


@pytest.fixture
def styled() -> Any:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.style().name()
    app.setStyle(VisibleBorders(QStyleFactory.create("Fusion")))
    yield app
    app.setStyle(QStyleFactory.create(before) or QStyleFactory.create("Fusion"))


@pytest.mark.parametrize("dark", [True, False])
@pytest.mark.parametrize("make", [QLineEdit, QComboBox, QDateEdit])
def test_every_field_has_a_visible_border(qtbot: Any, styled: Any, dark: bool, make: type[QWidget]) -> None:
    widget = make()
    if dark:
        widget.setPalette(dark_palette())
    widget.resize(160, 28)
    assert _edge_contrast(widget, qtbot) >= 1.8


@pytest.mark.parametrize("dark", [True, False])
def test_an_unchecked_box_has_a_visible_border(qtbot: Any, styled: Any, dark: bool) -> None:
    box = QCheckBox()
    if dark:
        box.setPalette(dark_palette())
    box.resize(box.sizeHint())
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    image = box.grab().toImage()
    window = box.palette().color(QPalette.ColorRole.Window)
    colours = {image.pixelColor(x, y).name() for x in range(image.width()) for y in range(image.height())}
    assert max(_contrast(QColor(c), window) for c in colours) >= 2.8


def test_the_borders_stand_out_from_the_field_and_the_window() -> None:
    dark = dark_palette()
    for color in (dark.color(QPalette.ColorRole.Base), dark.color(QPalette.ColorRole.Window)):
        assert _contrast(QColor(DARK_BORDER), color) >= 3.0
    light = QApplication.style().standardPalette()
    for color in (light.color(QPalette.ColorRole.Base), light.color(QPalette.ColorRole.Window)):
        assert _contrast(QColor(LIGHT_BORDER), color) >= 3.0


def test_plain_fusion_hides_the_dark_border(qtbot: Any) -> None:
    """What the fix is for: Fusion alone draws a dark field's border in (nearly) the field's colour."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.style().name()
    app.setStyle(QStyleFactory.create("Fusion"))
    try:
        field = QLineEdit()
        field.setPalette(dark_palette())
        field.resize(160, 28)
        assert _edge_contrast(field, qtbot) < 1.8
    finally:
        app.setStyle(QStyleFactory.create(before) or QStyleFactory.create("Fusion"))
