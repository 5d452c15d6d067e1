"""Chart legends: fixed words with a line or a filled swatch, labels in plain text, updated in place.

:class:`LegendRow` is a legend outside the plot (a row above it that wraps when the chart is narrow): it
never covers a line. :class:`ChartLegend` is pyqtgraph's legend inside a plot, for charts that place it
where no data is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLayout, QLayoutItem, QWidget

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


# --------------------------------------------------------------------------------------------------
# A legend outside the plot: a row of swatches and words above it, wrapping onto more rows when narrow
# --------------------------------------------------------------------------------------------------


class FlowLayout(QLayout):
    """Items left to right, wrapping onto the next row when the width runs out (Qt's flow layout example)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 12, row_spacing: int = 2) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self._row_spacing = row_spacing

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def heightForWidth(self, width: int) -> int:
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _place(self, rect: QRect, *, move: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, row_height = area.x(), area.y(), 0
        for item in self._items:  # (hidden or not yet shown: the legend's entries are all shown with it)
            hint = item.sizeHint()
            if x + hint.width() > area.right() + 1 and row_height > 0:
                x = area.x()
                y += row_height + self._row_spacing
                row_height = 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            row_height = max(row_height, hint.height())
        return y + row_height - rect.y() + m.bottom()


class SwatchWidget(QWidget):
    """A legend's sample: the line's own pen (its dash pattern shown at a width that shows it) or a
    filled box."""

    def __init__(self, pen: Any = None, brush: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.set_style(pen, brush)
        self.setFixedSize(30, 14)

    def set_style(self, pen: Any, brush: Any) -> None:
        self.pen = QPen(pg.mkPen(pen)) if pen is not None else None
        self.brush = pg.mkBrush(brush) if brush is not None else None
        self.update()

    @property
    def dashed(self) -> bool:
        """Whether the sample is drawn dashed or dotted (it is when its line is)."""
        return self.pen is not None and self.pen.style() != Qt.PenStyle.SolidLine

    def paintEvent(self, _event: object) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        h = self.height()
        if self.brush is not None:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(self.brush)
            p.drawRect(QRectF(1, 2, self.width() - 2, h - 4))
        if self.pen is not None:
            pen = QPen(self.pen)
            # A thick line's dashes are as long as the swatch (a 7 px dashed line: 28 px dashes): draw the
            # pattern at a width of at most 2.5 px so that a dashed line's sample shows its dashes.
            pen.setWidthF(min(max(pen.widthF(), 1.0), 2.5))
            pen.setCosmetic(True)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            p.setPen(pen)
            p.drawLine(QPointF(1, h / 2), QPointF(self.width() - 1, h / 2))
        p.end()


class LegendRow(QWidget):
    """A chart's legend above its plot, never over the data: (fixed text, pen, brush) entries in a row
    that wraps when the chart is narrow; labels in plain text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chartLegend")
        self._flow = FlowLayout(self)
        self._flow.setContentsMargins(8, 4, 8, 0)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._key: tuple[Any, ...] | None = None
        self._style: tuple[Any, ...] | None = None
        self.entries: list[tuple[SwatchWidget, QLabel]] = []
        # (swatch key, box, swatch, label): the entries in the row, and those taken out of it, hidden, kept
        # for when they come back (the projection drops the Monte Carlo's two entries at every edit and
        # gets them back with its result: building them again took ~3 ms each time)
        self._shown: list[tuple[Any, QWidget, SwatchWidget, QLabel]] = []
        self._spare: list[tuple[Any, QWidget, SwatchWidget, QLabel]] = []

    def set_entries(self, entries: Sequence[tuple[str, Any, Any]], theme: ChartTheme, font: QFont) -> None:
        swatches = [(_pen_key(pen), _brush_key(brush)) for _, pen, brush in entries]
        style = (theme, font.key())
        key = (tuple(swatches), *style)
        if key == self._key:
            # the same swatches: only words changed (the tornado's "today 0.88"), in place
            changed = False
            for (_, label), (text, _pen, _brush) in zip(self.entries, entries, strict=True):
                if label.text() != text:
                    changed = True
                    label.setText(text)
                    label.adjustSize()
                    label.parentWidget().adjustSize()
            if changed:  # else nothing to lay out again (a layout pass reaches the whole window)
                self._flow.invalidate()
                self._fit_height()
            return
        self._key = key
        while self._flow.count():
            self._flow.takeAt(0)
        for _, box, _, _ in self._shown:
            box.hide()
        if style != self._style:  # other colours or type: every entry is built afresh
            for _, box, _, _ in self._shown + self._spare:
                box.deleteLater()
            self._spare = []
        else:
            self._spare = self._shown + self._spare
        self._shown = []
        self.entries = []
        for (text, pen, brush), swatch_key in zip(entries, swatches, strict=True):
            kept = next((e for e in self._spare if e[0] == swatch_key), None)
            if kept is not None:
                self._spare.remove(kept)
                _, box, swatch, label = kept
                swatch.set_style(pen, brush)
                if label.text() != text:
                    label.setText(text)
                    label.adjustSize()
                    box.adjustSize()
            else:
                box, swatch, label = self._entry(text, pen, brush, theme, font)
            self._flow.addWidget(box)
            box.show()
            self._shown.append((swatch_key, box, swatch, label))
            self.entries.append((swatch, label))
        if style != self._style:
            self._style = style
            self.setStyleSheet(f"QWidget#chartLegend {{ background: {theme.background}; }}")
            self.setAutoFillBackground(True)
        self.updateGeometry()

        self._fit_height()

    def _entry(
        self, text: str, pen: Any, brush: Any, theme: ChartTheme, font: QFont
    ) -> tuple[QWidget, SwatchWidget, QLabel]:
        box = QWidget(self)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(5)
        swatch = SwatchWidget(pen, brush, box)
        label = QLabel(box)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setText(text)
        label.setFont(font)
        label.setStyleSheet(f"color: {theme.foreground}; background: transparent;")
        row.addWidget(swatch)
        row.addWidget(label)
        return box, swatch, label

    def _fit_height(self) -> None:
        # A fixed height worked out from the width, rather than height-for-width: a chart's rows in a grid
        # stay as the grid shares them (height-for-width would make the chart with a legend claim more).
        height = self._flow.heightForWidth(max(self.width(), 1)) + 2
        if height != self.height() or self.minimumHeight() != height:
            self.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_height()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_height()


def _pen_key(pen: Any) -> Any:
    if pen is None:
        return None
    q = pg.mkPen(pen)
    return (q.color().name(QColor.NameFormat.HexArgb), q.widthF(), int(q.style().value))


def _brush_key(brush: Any) -> Any:
    return None if brush is None else pg.mkBrush(brush).color().name(QColor.NameFormat.HexArgb)
