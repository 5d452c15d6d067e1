"""Chart legends: fixed words with a line or a filled swatch, labels in plain text, updated in place."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFont, QPainter

from desktop.charts.common import with_alpha
from desktop.charts.pyqtgraph_overrides import PlainLegend
from desktop.theme import ChartTheme


class LegendSwatch(pg.ItemSample):
    """A legend sample drawn from a pen (a line) or a brush (a filled box), tied to no plot item.

    pyqtgraph's ItemSample reads a plot item's options and hides the item when clicked; a chart's legend
    here only explains styles, so clicking does nothing.
    """

    def __init__(self, pen: Any = None, brush: Any = None) -> None:
        super().__init__(None)
        self.swatch_pen = pg.mkPen(pen) if pen is not None else None
        self.swatch_brush = pg.mkBrush(brush) if brush is not None else None
        self.setFixedWidth(26)

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, 26, 20)

    def paint(self, p: QPainter, *args: Any) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.swatch_brush is not None:
            p.setPen(pg.mkPen(None))
            p.setBrush(self.swatch_brush)
            p.drawRect(QRectF(2, 4, 22, 13))
        if self.swatch_pen is not None:
            p.setPen(self.swatch_pen)
            p.drawLine(QPointF(1, 10.5), QPointF(25, 10.5))

    def mouseClickEvent(self, event: Any) -> None:
        event.accept()


class ChartLegend(PlainLegend):  # type: ignore[misc, valid-type]
    """A legend of (fixed text, pen, brush) swatches with plain-text labels, updated in place: an entry
    whose text alone changes (the tornado's "today 0.88") keeps its items."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._style_key: tuple[Any, ...] | None = None
        self._swatches: list[tuple[Any, Any]] = []

    def set_entries(self, entries: Sequence[tuple[str, Any, Any]], theme: ChartTheme, font: QFont) -> None:
        """Show ``entries`` in the theme's colours: their texts are the chart's own words."""
        style = (theme.foreground, theme.background, f"{font.pointSizeF():.1f}pt")
        swatches = [(pen, brush) for _, pen, brush in entries]
        if (
            style == self._style_key
            and _same_swatches(swatches, self._swatches)
            and len(self.items) == len(entries)
        ):
            changed = False
            for (_sample, label), (text, _pen, _brush) in zip(self.items, entries, strict=True):
                if label.text != text:
                    label.setText(text)
                    changed = True
            if changed:
                self.updateSize()
            return
        self._style_key = style
        self._swatches = swatches
        self.clear()
        self.setLabelTextColor(QColor(theme.foreground))
        self.setLabelTextSize(style[2])
        self.setBrush(pg.mkBrush(with_alpha(theme.background, 225)))
        self.setPen(pg.mkPen(with_alpha(theme.foreground, 70)))
        for text, pen, brush in entries:
            self.addItem(LegendSwatch(pen, brush), text)


def _same_swatches(a: Sequence[tuple[Any, Any]], b: Sequence[tuple[Any, Any]]) -> bool:
    def same(x: Any, y: Any) -> bool:
        return x is y or (x is not None and y is not None and type(x) is type(y) and x == y)

    return len(a) == len(b) and all(same(p, q) and same(r, t) for (p, r), (q, t) in zip(a, b, strict=True))


def fill_legend(
    legend: pg.LegendItem, entries: Sequence[tuple[str, Any, Any]], theme: ChartTheme, font: QFont
) -> None:
    """Show (fixed text, pen, brush) swatches in ``legend`` in the theme's colours.

    The entries' texts are the chart's own words. A :class:`ChartLegend` keeps the entries that did not
    change; any other legend is cleared and refilled (pyqtgraph's labels render HTML: never pass user
    text to one).
    """
    if isinstance(legend, ChartLegend):
        legend.set_entries(entries, theme, font)
        return
    legend.clear()
    legend.setLabelTextColor(QColor(theme.foreground))
    legend.setLabelTextSize(f"{font.pointSizeF():.1f}pt")
    legend.setBrush(pg.mkBrush(with_alpha(theme.background, 225)))
    legend.setPen(pg.mkPen(with_alpha(theme.foreground, 70)))
    for text, pen, brush in entries:
        legend.addItem(LegendSwatch(pen, brush), text)
