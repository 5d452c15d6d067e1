"""Colours and type: one colour per verdict band everywhere, light and dark themes, presentation contrast."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPainter, QPalette, QPen
from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleOption, QWidget

from core.verdict import Verdict

# One colour per verdict band (ui.md), always shown with its words beside it: colour-blind users and
# greyscale printers get the label. Chosen to stay distinct in both themes.
VERDICT_COLORS = {
    Verdict.VIABLE_NOW: "#2e9d4f",  # green
    Verdict.ONE_ORDER: "#d9a400",  # amber
    Verdict.TWO_ORDERS: "#e8711a",  # orange
    Verdict.BEYOND: "#d23b3b",  # red
}


# Text on each band's colour, chosen for contrast (amber and orange are light: dark text reads better).
VERDICT_TEXT_COLORS = {
    Verdict.VIABLE_NOW: "#ffffff",
    Verdict.ONE_ORDER: "#1a1a1a",
    Verdict.TWO_ORDERS: "#1a1a1a",
    Verdict.BEYOND: "#ffffff",
}


def verdict_color(verdict: Verdict) -> QColor:
    return QColor(VERDICT_COLORS[verdict])


@dataclass(frozen=True)
class ChartTheme:
    """What a chart needs to follow the window's theme."""

    dark: bool
    background: str
    foreground: str
    grid_alpha: float
    curve: str
    band: str
    fan: str
    budget: str
    today: str
    reference: str


LIGHT = ChartTheme(
    False, "#ffffff", "#222222", 0.25, "#1f5fbf", "#1f5fbf", "#7f9fdf", "#111111", "#666666", "#8a3ab9"
)
DARK = ChartTheme(
    True, "#1e1f22", "#e6e6e6", 0.3, "#7fb0ff", "#7fb0ff", "#4f6fa8", "#f2f2f2", "#aaaaaa", "#d291ff"
)
PRESENTATION = ChartTheme(
    True, "#000000", "#ffffff", 0.35, "#5fb4ff", "#5fb4ff", "#3f78b8", "#ffffff", "#cccccc", "#e0a0ff"
)


def system_is_dark() -> bool:
    """Whether the platform asks for a dark theme (Qt 6.5+ colour scheme, else the palette)."""
    app = QGuiApplication.instance()
    if app is None:
        return False
    hints = QGuiApplication.styleHints()
    scheme = hints.colorScheme()
    if scheme == Qt.ColorScheme.Dark:
        return True
    if scheme == Qt.ColorScheme.Light:
        return False
    window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    return window.lightness() < 128


def chart_theme(mode: str = "system") -> ChartTheme:
    """The chart theme for ``mode``: ``system``, ``light``, ``dark`` or ``presentation``."""
    if mode == "presentation":
        return PRESENTATION
    if mode == "dark" or (mode == "system" and system_is_dark()):
        return DARK
    return LIGHT


def dark_palette() -> QPalette:
    """A dark palette for platforms (like offscreen or Fusion on Linux) that do not supply one."""
    p = QPalette()
    base, text, window, mid = QColor("#1e1f22"), QColor("#e6e6e6"), QColor("#2b2d31"), QColor("#3c3f45")
    p.setColor(QPalette.ColorRole.Window, window)
    p.setColor(QPalette.ColorRole.WindowText, text)
    p.setColor(QPalette.ColorRole.Base, base)
    p.setColor(QPalette.ColorRole.AlternateBase, mid)
    p.setColor(QPalette.ColorRole.Text, text)
    p.setColor(QPalette.ColorRole.Button, window)
    p.setColor(QPalette.ColorRole.ButtonText, text)
    p.setColor(QPalette.ColorRole.ToolTipBase, mid)
    p.setColor(QPalette.ColorRole.ToolTipText, text)
    p.setColor(QPalette.ColorRole.Highlight, QColor("#3d6fd8"))
    p.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    p.setColor(QPalette.ColorRole.PlaceholderText, QColor("#8a8d93"))
    p.setColor(QPalette.ColorRole.Link, QColor("#7fb0ff"))
    # Fusion draws frames, check boxes and bevels from these shades: without them, line-edit frames and
    # unchecked boxes vanish on a dark window.
    p.setColor(QPalette.ColorRole.Light, QColor("#4a4d55"))
    p.setColor(QPalette.ColorRole.Midlight, QColor("#3c3f45"))
    p.setColor(QPalette.ColorRole.Mid, QColor("#2f3136"))
    p.setColor(QPalette.ColorRole.Dark, QColor("#18191b"))
    p.setColor(QPalette.ColorRole.Shadow, QColor("#000000"))
    disabled = QColor("#6d7078")
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return p


# The border of a field or a check box: Fusion draws it as the window colour made 40% darker, which on a
# dark window is the colour of the field itself (issue 11: "field borders and unchecked boxes nearly
# invisible") and on a light one a pale grey (2:1). These greys stand 3:1 or more against both the field
# and the window (WCAG's contrast for the parts of a control), dark and light.
DARK_BORDER = "#8a8f98"
LIGHT_BORDER = "#848484"


class VisibleBorders(QProxyStyle):
    """Fusion, with a visible border on every input and check box, in both themes.

    Line edits, combo boxes, date and spin boxes, check boxes and radio buttons are drawn by Fusion as
    they are, then outlined in :data:`DARK_BORDER` (a dark palette) or :data:`LIGHT_BORDER`.
    """

    _PRIMITIVES = (
        QStyle.PrimitiveElement.PE_FrameLineEdit,
        QStyle.PrimitiveElement.PE_IndicatorCheckBox,
        QStyle.PrimitiveElement.PE_IndicatorRadioButton,
    )
    _COMPLEX = (QStyle.ComplexControl.CC_ComboBox, QStyle.ComplexControl.CC_SpinBox)

    @staticmethod
    def _outline(option: QStyleOption, painter: QPainter, round_: bool = False) -> None:
        dark = option.palette.color(QPalette.ColorRole.Base).lightness() < 128
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(QColor(DARK_BORDER if dark else LIGHT_BORDER), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        rect = option.rect.adjusted(0, 0, -1, -1).toRectF().adjusted(0.5, 0.5, 0, 0)
        if round_:
            painter.drawEllipse(rect)
        else:
            painter.drawRoundedRect(rect, 2, 2)
        painter.restore()

    def drawPrimitive(
        self, element: QStyle.PrimitiveElement, option: QStyleOption, painter: QPainter, widget: Any = None
    ) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element in self._PRIMITIVES:
            self._outline(option, painter, element == QStyle.PrimitiveElement.PE_IndicatorRadioButton)

    def drawComplexControl(
        self, control: QStyle.ComplexControl, option: Any, painter: QPainter, widget: QWidget | None = None
    ) -> None:
        super().drawComplexControl(control, option, painter, widget)
        if control in self._COMPLEX and getattr(option, "frame", True):
            self._outline(option, painter)


def scaled_font(base: QFont, factor: float, bold: bool = False) -> QFont:
    """``base`` scaled by ``factor`` (never below the platform default size), optionally bold."""
    f = QFont(base)
    size = base.pointSizeF() if base.pointSizeF() > 0 else 10.0
    f.setPointSizeF(max(size, size * factor))
    f.setBold(bold)
    return f
