"""Where the charts reach into pyqtgraph's internals: quarantined here, and only for the pinned version.

Compute Curve draws a few things differently from pyqtgraph, for speed and for safety:

* :class:`PlainAxis` keeps its cached drawing while nothing changed, sets its title as plain text (pyqtgraph
  sets HTML: a user's text must never be parsed as markup), measures its bounding rectangle once per
  drawing, and draws a translucent horizontal grid as filled rectangles (the same pixels, microseconds
  instead of milliseconds);
* :class:`PlainLabel` and :class:`PlainLegend` show a legend's labels as plain text.

Each override copies a piece of pyqtgraph's private behaviour (``_updateLabel``, ``generateDrawSpecs``,
``drawPicture``, ``LabelItem.setText``, ``LegendItem._addItemToLayout``) as it is in pyqtgraph
:data:`PINNED_VERSION`, the version ``pyproject.toml`` pins. With any other version installed the overrides
are left out (:data:`OVERRIDES_ACTIVE` is False) and pyqtgraph's own classes are used as they are: slower,
but correct. ``tests/desktop/test_charts.py`` checks the pin and these overrides' pixels.
"""

from __future__ import annotations

import math
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPaintEngine, QPainter, QTransform

PINNED_VERSION = "0.14.0"  # pyproject.toml: "pyqtgraph==0.14.0"
OVERRIDES_ACTIVE = pg.__version__ == PINNED_VERSION


class _PlainAxis(pg.AxisItem):
    """pyqtgraph's AxisItem, cheaper to update and to draw, drawing the same pixels.

    It keeps its cached drawing (``picture``) while its range and its view's size are unchanged, sets
    its title as plain text (pyqtgraph sets HTML) and only when the title changes, measures its bounding
    rectangle once per drawing instead of once per label, and draws a translucent horizontal grid as
    filled rectangles (see :func:`_grid_rect`).
    """

    _grid_device: tuple[float, float] | None = None  # the device offset the picture was drawn for
    textWidth: float  # pyqtgraph's: the width its tick labels need

    # -- the title, as plain text ---------------------------------------------------------------------

    def _updateLabel(self) -> None:
        """pyqtgraph's ``_updateLabel`` sets ``<span style='color; font-size'>{text} {units}</span>`` as
        HTML on every pen, style or range change; this sets the same text as plain text (with the same
        trailing space, which is part of the title's width and hence of its place) and only when the
        text, colour or size changed. Other CSS styles fall back to pyqtgraph's HTML."""
        style = dict(self.labelStyle)
        color = style.pop("color", None)
        size = style.pop("font-size", None)
        points = _points(size)
        if style or (size is not None and points is None):
            self._label_key = None
            super()._updateLabel()
            return
        text = self._plain_label_string()
        key = (text, color, points)
        if key != getattr(self, "_label_key", None):
            self._label_key = key
            label = self.label
            if not hasattr(self, "_label_base"):
                self._label_base = (QFont(label.font()), QColor(label.defaultTextColor()))
            base_font, base_color = self._label_base
            font = QFont(base_font)
            if points is not None:
                font.setPointSizeF(points)
            label.setFont(font)
            label.setDefaultTextColor(QColor(color) if color else base_color)
            label.setPlainText(text)
        self._adjustSize()
        self.picture = None
        self.update()

    def _plain_label_string(self) -> str:
        """pyqtgraph's :meth:`labelString` without the HTML span."""
        if self.labelUnits == "":
            if not self.autoSIPrefix or self.autoSIPrefixScale == 1.0:
                units = ""
            else:
                units = f"(x{1.0 / self.autoSIPrefixScale:g})"
        else:
            units = f"({self.labelUnitPrefix}{self.labelUnits})"
        return f"{self.labelText} {units}"

    # -- the cached drawing ----------------------------------------------------------------------------

    def setRange(self, mn: float, mx: float) -> None:
        """pyqtgraph drops the cached drawing on every call; here only when the range or the linked
        view's size (the grid spans the view) changed."""
        ref = getattr(self, "_linkedView", None)  # not yet set when pyqtgraph's __init__ calls this
        view = ref() if ref is not None else None
        key = (mn, mx, None if view is None else (view.width(), view.height()))
        if key == getattr(self, "_range_key", None) and math.isfinite(mn) and math.isfinite(mx):
            return
        super().setRange(mn, mx)
        self._range_key = key

    def paint(self, p: QPainter, opt: Any, widget: Any) -> None:
        device = _raster_offset(p) if self.grid is not False else None
        if device != self._grid_device:
            self.picture = None  # the grid's pixels depend on the device offset (see _grid_rect)
            self._grid_device = device
        super().paint(p, opt, widget)

    def generateDrawSpecs(self, p: QPainter) -> Any:
        """pyqtgraph's, with this axis' bounding rectangle worked out once instead of once per label,
        and without measuring, placing and recording an empty label for every unlabelled minor tick.

        pyqtgraph gives ``None`` for a tick it does not label; an empty string it measures and draws
        (nothing). The last level of labels, when all empty, is passed on as ``None``: it draws nothing
        either way, and what pyqtgraph works out from the labels (the space they need, whether a further
        level fits) is the same, as no level follows it. The first level is left alone (pyqtgraph sizes
        the axis from it).
        """
        self._bounds = super().boundingRect()
        levels: list[int] = []
        calls = [0]
        real_values, real_strings = self.tickValues, self.tickStrings

        def tick_values(minVal: float, maxVal: float, size: float) -> Any:
            out = real_values(minVal, maxVal, size)
            levels.append(len(out))
            return out

        def tick_strings(values: Any, scale: float, spacing: float) -> Any:
            strings = real_strings(values, scale, spacing)
            level = calls[0]
            calls[0] += 1
            last = min(levels[0], self.style["maxTextLevel"] + 1) - 1 if len(levels) == 1 else -1
            if 0 < level == last and strings and all(s == "" for s in strings):
                return [None] * len(strings)
            return strings

        own: dict[str, Any] = self.__dict__  # for the duration of this call, these shadow the methods
        own["tickValues"], own["tickStrings"] = tick_values, tick_strings
        try:
            return super().generateDrawSpecs(p)
        finally:
            del own["tickValues"], own["tickStrings"]
            self._bounds = None

    def _updateMaxTextSize(self, x: int) -> None:
        self._bounds = None  # the size may change from here on
        super()._updateMaxTextSize(x)

    def boundingRect(self) -> QRectF:
        bounds = getattr(self, "_bounds", None)
        return QRectF(bounds) if bounds is not None else super().boundingRect()

    def drawPicture(self, p: QPainter, axisSpec: Any, tickSpecs: Any, textSpecs: Any) -> None:
        """pyqtgraph's drawPicture, with the grid's translucent horizontal lines drawn as the same
        pixels filled as rectangles (a translucent 1-pixel line is drawn pixel by pixel: 40 of them
        cost milliseconds at every repaint, the rectangles microseconds)."""
        device = self._grid_device
        if device is None or not _grid_rects_exact():
            super().drawPicture(p, axisSpec, tickSpecs, textSpecs)
            return
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        pen, p1, p2 = axisSpec
        p.setPen(pen)
        p.drawLine(p1, p2)
        solid: dict[int, bool] = {}  # a pen per tick level: checked once
        for pen, p1, p2 in tickSpecs:
            fast = solid.get(id(pen))
            if fast is None:
                fast = solid[id(pen)] = _fillable_pen(pen)
            rect = _grid_rect(p1, p2, device) if fast else None
            if rect is None:
                p.setPen(pen)
                p.drawLine(p1, p2)
            else:
                p.fillRect(rect, pen.color())
        if self.style["tickFont"] is not None:
            p.setFont(self.style["tickFont"])
        p.setPen(self.textPen())
        bounding = self.boundingRect().toAlignedRect()
        p.setClipRect(bounding)
        for rect, flags, text in textSpecs:
            p.drawText(rect, int(flags), text)


def _points(size: Any) -> float | None:
    """``"9.0pt"`` -> 9.0 (``None`` for anything else)."""
    if isinstance(size, str) and size.endswith("pt"):
        try:
            return float(size[:-2])
        except ValueError:
            return None
    return None


# A cosmetic, aliased, solid 1-pixel line lights the pixels its device coordinates fall in (Qt's
# QCosmeticStroker: 26.6 fixed point, truncated; square caps reach the end pixels): a horizontal line
# from x1 to x2 at y fills row floor(y), columns floor(min x) .. floor(max x). Filling that rectangle
# with the pen's colour gives the same pixels, blended the same way, through the raster engine's span
# filler instead of its per-pixel path. This holds on the raster engine with a translation-only
# transform; anything else (SVG, printing, a scaled screen) draws the lines. A self-check at first use
# compares both on an image and keeps the lines if Qt ever rasterises differently.


def _raster_offset(p: QPainter) -> tuple[float, float] | None:
    """The painter's device translation when it rasterises with a pure translation, else ``None``."""
    engine = p.paintEngine()
    if engine is None or engine.type() != QPaintEngine.Type.Raster:
        return None
    t = p.deviceTransform()  # (enums through the class: t.TransformationType crashes PySide 6.11)
    if t.type() not in (QTransform.TransformationType.TxNone, QTransform.TransformationType.TxTranslate):
        return None
    return (t.dx(), t.dy())


def _f26(v: float) -> int:
    """Qt's toF26Dot6: truncation towards zero of v * 64."""
    return int(v * 64.0)


def _fillable_pen(pen: Any) -> bool:
    """Whether ``pen`` draws translucent, solid, cosmetic one-pixel lines with square caps."""
    return bool(
        pen.style() == Qt.PenStyle.SolidLine
        and pen.brush().style() == Qt.BrushStyle.SolidPattern
        and pen.isCosmetic()
        and pen.widthF() == 1.0
        and pen.capStyle() == Qt.PenCapStyle.SquareCap
        and pen.color().alpha() < 255  # an opaque line is drawn fast already
    )


def _grid_rect(p1: Any, p2: Any, device: tuple[float, float]) -> QRectF | None:
    """The rectangle (in item coordinates) covering exactly the pixels a :func:`_fillable_pen` lights
    for the line p1-p2, or ``None`` when the line is not horizontal."""
    if p1.y() != p2.y() or p1.x() == p2.x():
        return None
    dx, dy = device
    y = p1.y() + dy
    xa, xb = sorted((p1.x() + dx, p2.x() + dx))
    if min(y, xa) < 0:
        return None  # truncation towards zero: keep to positive device coordinates
    row = _f26(y) >> 6
    first, last = _f26(xa) >> 6, _f26(xb) >> 6
    return QRectF(first - dx, row - dy, last - first + 1, 1)


_GRID_EXACT: list[bool] = []


def _grid_rects_exact() -> bool:
    """Whether :func:`_grid_rect` reproduces this Qt's line pixels (checked once, on an image)."""
    if not _GRID_EXACT:
        _GRID_EXACT.append(_check_grid_rects())
    return _GRID_EXACT[0]


def _check_grid_rects() -> bool:
    from PySide6.QtGui import QImage

    pen = pg.mkPen(QColor(34, 34, 34, 40))
    cases = [
        (0.0, 0.0, 3.0, 40.0, 10.0),
        (0.4, 0.6, 2.5, 41.5, 10.5),
        (6.0, 233.4, 1.25, 39.999999, 12.75),
        (0.999, 0.001, 40.7, 0.3, 11.015625),
        (115.0, 10.0, -1.0, 30.984375, 7.999999),
        (0.5, 0.5, 10.0, 20.0, 13.0 - 1 / 64),
    ]
    for dx, dy, x1, x2, y in cases:
        a = QImage(64, 280, QImage.Format.Format_ARGB32_Premultiplied)
        a.fill(QColor("white"))
        b = a.copy()
        pa = QPainter(a)
        pa.translate(dx, dy)
        pa.setPen(pen)
        pa.drawLine(QPointF(x1, y), QPointF(x2, y))
        pa.end()
        pb = QPainter(b)
        pb.translate(dx, dy)
        rect = _grid_rect(QPointF(x1, y), QPointF(x2, y), (dx, dy)) if _fillable_pen(pen) else None
        if rect is None:
            pb.end()
            continue
        pb.fillRect(rect, pen.color())
        pb.end()
        if a != b:
            return False
    return True


class _PlainLabel(pg.LabelItem):
    """A LabelItem showing its text as plain text in the same font and colour (pyqtgraph's sets it as
    HTML: a ``<span>`` with the colour and size). Other CSS options fall back to pyqtgraph's HTML."""

    def setText(self, text: str, **args: Any) -> None:
        opts = self.opts
        opts.update(args)
        points = _points(opts["size"]) if "size" in opts else None
        if any(k in opts for k in ("family", "bold", "italic")) or ("size" in opts and points is None):
            super().setText(text)
            return
        self.text = text
        if not hasattr(self, "_base_font"):
            self._base_font = QFont(self.item.font())
        font = QFont(self._base_font)
        if points is not None:
            font.setPointSizeF(points)
        color = opts["color"] if opts["color"] is not None else pg.getConfigOption("foreground")
        self.item.setFont(font)
        self.item.setDefaultTextColor(pg.mkColor(color))
        self.item.setPlainText(text)
        self.updateMin()
        self.resizeEvent(None)
        self.updateGeometry()


class _PlainLegend(pg.LegendItem):
    """A legend whose labels are :class:`PlainLabel`: pyqtgraph's ``addItem`` with the plain-text label."""

    def addItem(self, item: Any, name: str) -> None:
        label = PlainLabel(
            name, color=self.opts["labelTextColor"], justify="left", size=self.opts["labelTextSize"]
        )
        sample = item if isinstance(item, self.sampleType) else self.sampleType(item)
        sample.sigClicked.connect(self.sigSampleClicked)
        self.items.append((sample, label))
        self._addItemToLayout(sample, label)
        self.updateSize()


# With another pyqtgraph than the pinned one, its own classes are used as they are.
PlainAxis: type[pg.AxisItem] = _PlainAxis if OVERRIDES_ACTIVE else pg.AxisItem
PlainLabel: type[pg.LabelItem] = _PlainLabel if OVERRIDES_ACTIVE else pg.LabelItem
PlainLegend: type[pg.LegendItem] = _PlainLegend if OVERRIDES_ACTIVE else pg.LegendItem
