"""What every chart shares: the empty state, the hover readout, theme and type, export, and the axes.

A chart is a QWidget holding a pyqtgraph PlotWidget and, in the same place, a plain-text empty state. Its
items are created once and updated with ``setData``/``setOpts`` (pyqtgraph issues #1039 and #1020: clearing
and re-plotting leaks and flickers). Money on a log axis is transformed by hand (log10) rather than with
pyqtgraph's log mode, which drops zeros and misplaces InfiniteLines (issues #22, #1686, #1357).

Every number a chart shows goes through :mod:`core.formatting`; every piece of user text goes into a
plain-text item (TextItem.setText, a QLabel in PlainText format, an axis tick string), never into HTML.
"""

from __future__ import annotations

import contextlib
import functools
import math
import os
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any, ClassVar

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QEvent,
    QIODevice,
    QObject,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QContextMenuEvent, QFont, QFontMetrics, QPaintEngine, QPainter, QTransform
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QGraphicsView,
    QMenu,
    QMessageBox,
    QStackedLayout,
    QWidget,
)

from core.formatting import format_fraction, format_money, format_money_axis, format_percent, format_quantity
from core.pitch_io import atomic_write_bytes
from desktop.evaluation_service import EvaluationBundle
from desktop.safety import message_box, plain_label, set_plain
from desktop.theme import ChartTheme, chart_theme, scaled_font

MONEY_FIELDS = frozenset({"per_call_usd", "price_per_user_month"})
FRACTION_FIELDS = frozenset(
    {
        "cached_input_fraction",
        "cache_write_fraction",
        "target_gross_margin",
        "payment_fee_fraction",
        "inference_share_of_cogs",
    }
)

EMPTY_NO_BLOCKS = "Add a block from the library to start"
EMPTY_ALL_DISABLED = "Every block is turned off: turn one on, or add a block from the library to start"
EMPTY_FREE = "This pitch costs nothing to run: viable at today's prices, with nothing to draw"


# --------------------------------------------------------------------------------------------------
# Numbers and dates
# --------------------------------------------------------------------------------------------------


def money_tick(usd: float) -> str:
    """A dollar amount for an axis tick or a label on a chart: ``core.formatting.format_money_axis``."""
    return format_money_axis(usd)


def format_input(field: str, value: float) -> str:
    """An input's value in its own unit: dollars, a share, or a plain quantity."""
    if field in MONEY_FIELDS:
        return format_money(value)
    if field in FRACTION_FIELDS:
        return format_fraction(value)
    return format_quantity(value)


@functools.lru_cache(maxsize=4096)
def decimal_year(day: date) -> float:
    """``day`` as a decimal year (2026-07-02 is about 2026.5): the x coordinate of every dated chart."""
    start = date(day.year, 1, 1).toordinal()
    length = date(day.year + 1, 1, 1).toordinal() - start
    return day.year + (day.toordinal() - start) / length


def decimal_years(days: Sequence[date]) -> np.ndarray:
    return np.array([decimal_year(d) for d in days], dtype=float)


def empty_reason(bundle: EvaluationBundle) -> str | None:
    """Why there is nothing to draw for ``bundle`` (plain text), or ``None`` when there is."""
    if bundle.evaluation is None:
        return f"Fix the pitch to see the chart: {bundle.error}" if bundle.error else EMPTY_NO_BLOCKS
    if not bundle.pitch.blocks:
        return EMPTY_NO_BLOCKS
    if not any(b.enabled for b in bundle.pitch.blocks):
        return EMPTY_ALL_DISABLED
    if bundle.evaluation.cost_per_paying_user_month <= 0:
        return EMPTY_FREE
    return None


def elide(text: str, font: QFont, max_px: int) -> str:
    """``text`` on one line, cut with an ellipsis to fit ``max_px`` (newlines would break an axis)."""
    one_line = " ".join(text.split())
    return QFontMetrics(font).elidedText(one_line, Qt.TextElideMode.ElideRight, max(20, max_px))


@contextlib.contextmanager
def quiet(obj: QObject) -> Iterator[None]:
    """Hold back ``obj``'s signals: a FillBetweenItem redraws its fill on either curve's change, so the
    first of two curves set in a row is set quietly and the fill is worked out once, from both."""
    was = obj.blockSignals(True)
    try:
        yield
    finally:
        obj.blockSignals(was)


def with_alpha(color: str | QColor, alpha: int) -> QColor:
    c = QColor(color)
    c.setAlpha(alpha)
    return c


# --------------------------------------------------------------------------------------------------
# Axes
# --------------------------------------------------------------------------------------------------


class PlainAxis(pg.AxisItem):
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


class FontAxis(PlainAxis):
    """An axis that measures and draws its ticks with a font it is given."""

    def __init__(self, orientation: str, **kwargs: Any) -> None:
        super().__init__(orientation, **kwargs)
        self.enableAutoSIPrefix(False)
        self.tick_font = QFont(QApplication.font())
        self.setStyle(tickFont=self.tick_font)

    def set_tick_font(self, font: QFont) -> None:
        self.tick_font = QFont(font)
        self.setStyle(tickFont=self.tick_font)
        self._resize_for_font()

    def _resize_for_font(self) -> None:
        fm = QFontMetrics(self.tick_font)
        if self.orientation in ("bottom", "top"):
            self.textHeight = fm.height()
            self._updateHeight()

    def fit_range(self, lo: float, hi: float) -> None:
        """Make a vertical axis exactly wide enough for its tick labels over ``lo..hi``.

        pyqtgraph only learns its labels' width while painting, one frame late, and never shrinks
        back: after a font change or a new range the labels would be clipped or overlap the axis title.
        The axis is resized (and its cached drawing dropped) only when the width changes.
        """
        if self.orientation not in ("left", "right"):
            return
        size = self.size().height() or 300.0
        texts = [
            t
            for spacing, values in self.tickValues(lo, hi, size)
            for t in self.tickStrings(values, 1.0, spacing)
        ]
        fm = QFontMetrics(self.tick_font)
        width = max((fm.horizontalAdvance(t) for t in texts), default=0) + 2
        if width != self.textWidth:
            self.textWidth = width
            self._updateWidth()


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


class DollarLogAxis(FontAxis):
    """A money axis whose coordinate is log10(dollars), labelled in dollars: $0.01, $1, $100, $10,000."""

    def __init__(self, orientation: str = "left", **kwargs: Any) -> None:
        super().__init__(orientation, **kwargs)
        self._unlabelled: np.ndarray = np.zeros(0)
        self._values_cache: dict[tuple[Any, ...], tuple[list[tuple[float, list[float]]], np.ndarray]] = {}
        self._strings_cache: dict[tuple[Any, ...], list[str]] = {}

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list[tuple[float, list[float]]]:
        key = (float(minVal), float(maxVal), float(size), self.tick_font.key())
        hit = self._values_cache.get(key)
        if hit is None:
            hit = self._tick_values(*key[:3])
            if len(self._values_cache) > 64:
                self._values_cache.clear()
            self._values_cache[key] = hit
        levels, self._unlabelled = hit
        return [(spacing, list(values)) for spacing, values in levels]

    def _tick_values(
        self, minVal: float, maxVal: float, size: float
    ) -> tuple[list[tuple[float, list[float]]], np.ndarray]:
        lo, hi = sorted((float(minVal), float(maxVal)))
        span = hi - lo
        if not (math.isfinite(lo) and math.isfinite(hi)) or span <= 0 or size <= 0:
            return [], np.zeros(0)
        px_per_decade = size / span
        fm = QFontMetrics(self.tick_font)
        room = fm.height() * 1.8  # a label and some air
        decades = np.arange(math.floor(lo), math.ceil(hi) + 1)
        inside = lambda v: v[(v >= lo - 1e-9) & (v <= hi + 1e-9)]  # noqa: E731
        if px_per_decade * (math.log10(2)) >= room * 1.4:
            # Less than a couple of decades on a tall axis: label 1, 2 and 5 of each decade.
            major = inside(np.sort(np.concatenate([decades + math.log10(m) for m in (1, 2, 5)])))
            minor = inside(np.sort(np.concatenate([decades + math.log10(m) for m in (3, 4, 6, 7, 8, 9)])))
            return [(1.0, major.tolist()), (math.log10(2), minor.tolist())], minor
        step = 1
        while px_per_decade * step < room:
            step += 1
        major = inside(decades[decades % step == 0].astype(float))
        if step == 1 and px_per_decade >= room * 1.2:
            minor = inside(np.sort(np.concatenate([decades + math.log10(m) for m in range(2, 10)])))
        elif step > 1:
            minor = inside(decades[decades % step != 0].astype(float))
        else:
            minor = np.zeros(0)
        return [(float(step), major.tolist()), (1.0 if step > 1 else math.log10(2), minor.tolist())], minor

    def tickStrings(self, values: Sequence[float], scale: float, spacing: float) -> list[str]:
        unlabelled = self._unlabelled
        key = (tuple(float(v) for v in values), unlabelled.tobytes())
        hit = self._strings_cache.get(key)
        if hit is None:
            v = np.asarray(key[0], dtype=float)
            if unlabelled.size and v.size:
                # np.isclose(unlabelled, v, atol=1e-9) for every value at once
                close = np.abs(unlabelled[None, :] - v[:, None]) <= 1e-9 + 1e-5 * np.abs(v[:, None])
                blank = close.any(axis=1)
            else:
                blank = np.zeros(v.size, dtype=bool)
            hit = ["" if b else money_tick(10.0**x) for x, b in zip(key[0], blank, strict=True)]
            if len(self._strings_cache) > 256:
                self._strings_cache.clear()
            self._strings_cache[key] = hit
        return list(hit)


class MoneyAxis(FontAxis):
    """A linear money axis labelled in dollars (no SI prefixes), without minor ticks."""

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list[tuple[float, list[float]]]:
        levels = super().tickValues(minVal, maxVal, size)
        return levels[:1]

    def tickStrings(self, values: Sequence[float], scale: float, spacing: float) -> list[str]:
        return [money_tick(float(v)) if abs(v) > spacing * 1e-6 else "$0" for v in values]


class YearAxis(FontAxis):
    """An axis in decimal years, labelled by year ("2027") at each 1 January."""

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list[tuple[float, list[float]]]:
        lo, hi = sorted((float(minVal), float(maxVal)))
        if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo or size <= 0:
            return []
        px_per_year = size / (hi - lo)
        label_px = QFontMetrics(self.tick_font).horizontalAdvance("2088") * 1.8
        step = 1
        while px_per_year * step < label_px:
            step += 1
        years = np.arange(math.ceil(lo), math.floor(hi) + 1)
        major = years[years % step == 0].astype(float)
        minor = years[years % step != 0].astype(float)
        return [(float(step), major.tolist()), (1.0, minor.tolist())]

    def tickStrings(self, values: Sequence[float], scale: float, spacing: float) -> list[str]:
        return [str(round(v)) if abs(v - round(v)) < 1e-6 and spacing >= 1 else "" for v in values]


class PercentAxis(FontAxis):
    """A 0..100 axis labelled as percentages at fixed ticks."""

    TICKS = (0.0, 10.0, 50.0, 90.0, 100.0)

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list[tuple[float, list[float]]]:
        minor = [v for v in (20.0, 30.0, 40.0, 60.0, 70.0, 80.0) if minVal <= v <= maxVal]
        return [(10.0, [v for v in self.TICKS if minVal <= v <= maxVal]), (10.0, minor)]

    def tickStrings(self, values: Sequence[float], scale: float, spacing: float) -> list[str]:
        return [format_percent(v / 100) if v in self.TICKS else "" for v in values]


class CategoryAxis(FontAxis):
    """A left axis naming bars: one plain-text label per position, elided to a width, never clipped."""

    def __init__(self, orientation: str = "left", **kwargs: Any) -> None:
        super().__init__(orientation, **kwargs)
        self._positions: list[float] = []
        self._labels: list[str] = []
        self._elided: dict[tuple[str, str, int], str] = {}
        self.max_label_px = 220
        self.setStyle(tickTextOffset=8, tickLength=0)

    def set_categories(self, positions: Sequence[float], labels: Sequence[str]) -> None:
        positions = [float(p) for p in positions]
        labels = list(labels)
        if positions == self._positions and labels == self._labels:
            return  # the same bars: keep the axis' width and its cached drawing
        self._positions = positions
        self._labels = labels
        self._fit_width()
        self.picture = None
        self.update()

    def set_max_label_px(self, px: int) -> None:
        if px != self.max_label_px:
            self.max_label_px = px
            self._fit_width()
            self.picture = None
            self.update()

    def _resize_for_font(self) -> None:
        self._fit_width()

    def _fit_width(self) -> None:
        fm = QFontMetrics(self.tick_font)
        widest = max((fm.horizontalAdvance(self.label_at(p)) for p in self._positions), default=40)
        if self.fixedWidth != widest + 16:
            self.setWidth(widest + 16)

    def _elide(self, text: str) -> str:
        key = (text, self.tick_font.key(), self.max_label_px)
        out = self._elided.get(key)
        if out is None:
            if len(self._elided) > 512:
                self._elided.clear()
            out = self._elided[key] = elide(text, self.tick_font, self.max_label_px)
        return out

    def label_at(self, position: float) -> str:
        """The elided label shown at ``position`` ("" where there is none)."""
        for p, text in zip(self._positions, self._labels, strict=True):
            if abs(p - position) < 1e-6:
                return self._elide(text)
        return ""

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list[tuple[float, list[float]]]:
        lo, hi = sorted((minVal, maxVal))
        return [(1.0, [p for p in self._positions if lo - 0.5 <= p <= hi + 0.5])]

    def tickStrings(self, values: Sequence[float], scale: float, spacing: float) -> list[str]:
        return [self.label_at(v) for v in values]


# --------------------------------------------------------------------------------------------------
# Legends
# --------------------------------------------------------------------------------------------------


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


class PlainLabel(pg.LabelItem):
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


class ChartLegend(pg.LegendItem):
    """A legend of (fixed text, pen, brush) swatches with plain-text labels, updated in place: an entry
    whose text alone changes (the tornado's "today 0.88") keeps its items."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._style_key: tuple[Any, ...] | None = None
        self._swatches: list[tuple[Any, Any]] = []

    def addItem(self, item: Any, name: str) -> None:
        """pyqtgraph's addItem with a :class:`PlainLabel`."""
        label = PlainLabel(
            name, color=self.opts["labelTextColor"], justify="left", size=self.opts["labelTextSize"]
        )
        sample = item if isinstance(item, self.sampleType) else self.sampleType(item)
        sample.sigClicked.connect(self.sigSampleClicked)
        self.items.append((sample, label))
        self._addItemToLayout(sample, label)
        self.updateSize()

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


def clear_bars(item: pg.BarGraphItem) -> None:
    """Empty a bar item (a highlight), unless it is empty already: emptying redraws it."""
    x0 = item.opts.get("x0")
    if x0 is None or len(x0) > 0:
        item.setOpts(x0=[], y=[], width=[])


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
# The chart widget
# --------------------------------------------------------------------------------------------------


class ChartBase(QWidget):
    """A pyqtgraph plot with an empty state, a hover readout, themes, a font scale and export.

    Subclasses create their items once in ``__init__`` and implement ``show_evaluation``,
    ``_hover_text``, ``_restyle`` (theme and fonts) and ``drawn``.
    """

    export_name: ClassVar[str] = "chart"
    READOUT_OFFSET = 16

    def __init__(
        self, parent: QWidget | None = None, axis_items: dict[str, pg.AxisItem] | None = None
    ) -> None:
        super().__init__(parent)
        self._theme: ChartTheme = chart_theme("system")
        self._font_scale = 1.0
        self._styled: tuple[Any, ...] | None = None  # the style key _apply_style last applied
        self._stack = QStackedLayout(self)
        self._stack.setContentsMargins(0, 0, 0, 0)
        axes = dict(axis_items or {})
        hidden = [name for name in ("top", "right") if name not in axes]
        for name in hidden:  # pyqtgraph's own would re-render an HTML title at every range change
            axes[name] = PlainAxis(name)
        self.plot = pg.PlotWidget(axisItems=axes, enableMenu=False)
        self.plot_item: pg.PlotItem = self.plot.getPlotItem()
        self.view_box: pg.ViewBox = self.plot_item.getViewBox()
        self.plot_item.setMenuEnabled(False)
        self.plot_item.hideButtons()
        self.view_box.setMenuEnabled(False)
        self.view_box.setMouseEnabled(x=False, y=False)
        self.view_box.disableAutoRange()
        self.plot_item.layout.setContentsMargins(6, 10, 14, 6)
        for name in hidden:  # hidden, as pyqtgraph hides its own, and never shown: no need to follow the view
            self.plot_item.hideAxis(name)
            self.plot_item.getAxis(name).unlinkFromView()
        self._empty = plain_label()
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty.setWordWrap(True)
        self._empty.setContentsMargins(24, 24, 24, 24)
        self._stack.addWidget(self.plot)
        self._stack.addWidget(self._empty)
        self._readout = plain_label(parent=self.plot.viewport())
        self._readout.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._readout.setMargin(6)
        self._readout.hide()
        self.plot.scene().sigMouseMoved.connect(self._on_plot_mouse_moved)
        self.plot.viewport().installEventFilter(self)
        self.setMinimumSize(QSize(260, 180))

    # -- the interface the main window calls ---------------------------------------------------------

    def show_evaluation(self, bundle: EvaluationBundle) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def show_uncertainty(self, mc: object) -> None:
        """Most charts have no Monte Carlo view: accepted and ignored."""

    def set_theme(self, theme: ChartTheme) -> None:
        self._theme = theme
        self._restyle_if_changed()

    def set_font_scale(self, factor: float) -> None:
        """Scale every text of the chart (presentation mode); never below the platform default size."""
        self._font_scale = max(1.0, float(factor))
        self._restyle_if_changed()

    def _style_key(self) -> tuple[Any, ...]:
        """What the style depends on: the theme, the font scale and the platform's font."""
        return (self._theme, self._font_scale, QApplication.font().key())

    def _restyle_if_changed(self) -> None:
        """Apply the style unless it is already applied (the window sets the theme the chart was built
        with: styling twice would rebuild every axis, label and legend for nothing)."""
        if self._styled != self._style_key():
            self._apply_style()

    def drawn(self) -> dict[str, Any]:  # pragma: no cover - abstract
        raise NotImplementedError

    # -- state ---------------------------------------------------------------------------------------

    @property
    def theme(self) -> ChartTheme:
        return self._theme

    def is_empty(self) -> bool:
        return self._stack.currentWidget() is self._empty

    def empty_text(self) -> str:
        """The empty state's message ("" while the plot is shown)."""
        return self._empty.text() if self.is_empty() else ""

    def readout_text(self) -> str:
        """The hover readout's text ("" when hidden)."""
        return self._readout.text() if not self._readout.isHidden() else ""

    def _show_empty(self, text: str) -> None:
        set_plain(self._empty, text)
        self._hide_readout()
        self._stack.setCurrentWidget(self._empty)

    def _show_plot(self) -> None:
        self._stack.setCurrentWidget(self.plot)

    # -- type and colour -----------------------------------------------------------------------------

    def chart_font(self, bold: bool = False) -> QFont:
        """The font of every text in the chart: the platform's, times the presentation scale."""
        return scaled_font(QApplication.font(), self._font_scale, bold)

    def _apply_style(self) -> None:
        self._styled = self._style_key()
        t = self._theme
        fg = QColor(t.foreground)
        font = self.chart_font()
        self.plot.setBackground(t.background)
        for name in ("left", "bottom"):
            axis = self.plot_item.getAxis(name)
            axis.setPen(pg.mkPen(with_alpha(fg, 150)))
            axis.setTextPen(pg.mkPen(fg))
            if isinstance(axis, FontAxis):
                axis.set_tick_font(font)
            if axis.labelText:
                axis.setLabel(
                    axis.labelText, color=t.foreground, **{"font-size": f"{font.pointSizeF():.1f}pt"}
                )
            axis.picture = None
            axis.update()
        self._empty.setFont(self.chart_font())
        self._empty.setStyleSheet(f"QLabel {{ background: {t.background}; color: {t.foreground}; }}")
        self._readout.setFont(font)
        panel = QColor(t.background)
        panel.setAlpha(235)
        rgba = f"rgba({panel.red()}, {panel.green()}, {panel.blue()}, {panel.alpha()})"
        border = with_alpha(fg, 120).name()
        self._readout.setStyleSheet(
            f"QLabel {{ background: {rgba}; color: {t.foreground}; border: 1px solid {border}; border-radius: 3px; }}"
        )
        self._restyle()

    def _restyle(self) -> None:
        """Subclasses: re-colour and re-font their own items from ``self._theme`` and ``self.chart_font()``."""

    def _style_text(
        self, item: pg.TextItem, color: str | QColor | None = None, bold: bool = False, backed: bool = False
    ) -> None:
        """Colour and font a text item; ``backed`` puts it on a panel of the background colour, readable
        over lines and fills."""
        item.setColor(QColor(color or self._theme.foreground))
        item.setFont(self.chart_font(bold))
        item.fill = pg.mkBrush(with_alpha(self._theme.background, 200)) if backed else pg.mkBrush(None)
        item.update()

    def _set_view_range(self, x_range: tuple[float, float], y_range: tuple[float, float]) -> None:
        """Show exactly ``x_range`` by ``y_range``; nothing happens when that is already the view.

        The view's transform is brought up to date at once: pyqtgraph otherwise updates it lazily, at
        the start of the next paint, and an item moved while painting makes the view paint again.
        """
        vb = self.view_box
        target = vb.state["targetRange"]
        want = [[float(x_range[0]), float(x_range[1])], [float(y_range[0]), float(y_range[1])]]
        if [list(target[0]), list(target[1])] != want or vb.state["autoRange"] != [False, False]:
            vb.setRange(xRange=x_range, yRange=y_range, padding=0)
        vb.updateMatrix()

    def _px_to_data(self) -> tuple[float, float]:
        """Data units per screen pixel (x, y) in the current view, (0, 0) before layout."""
        size = self.view_box.viewPixelSize()
        return abs(size[0]), abs(size[1])

    # -- hover ---------------------------------------------------------------------------------------

    def _hover_text(self, x: float, y: float) -> str | None:
        """The readout for the data point (x, y) under the mouse, or ``None`` for none."""
        return None

    def _hover_moved(self, at: QPointF | None) -> None:
        """Subclasses: mark the data point ``at`` under the mouse (``None``: unmark)."""

    def hover_at(self, x: float, y: float) -> str:
        """Show the readout for the data point (x, y), as a mouse move there does; returns its text."""
        scene_pos = self.view_box.mapViewToScene(QPointF(x, y))
        self._on_plot_mouse_moved(scene_pos)
        return self.readout_text()

    def _on_plot_mouse_moved(self, scene_pos: QPointF) -> None:
        if self.is_empty() or not self.view_box.sceneBoundingRect().contains(scene_pos):
            self._hide_readout()
            return
        p = self.view_box.mapSceneToView(scene_pos)
        text = self._hover_text(p.x(), p.y())
        if not text:
            self._hide_readout()
            return
        set_plain(self._readout, text)
        self._readout.adjustSize()
        self._hover_moved(p)
        at = self.plot.mapFromScene(scene_pos)
        self._place_readout(QPoint(at.x(), at.y()))
        self._readout.show()
        self._readout.raise_()

    def _place_readout(self, at: QPoint) -> None:
        area = self.plot.viewport().rect()
        size = self._readout.size()
        x = at.x() + self.READOUT_OFFSET
        y = at.y() + self.READOUT_OFFSET
        if x + size.width() > area.right() - 4:
            x = at.x() - self.READOUT_OFFSET - size.width()
        if y + size.height() > area.bottom() - 4:
            y = at.y() - self.READOUT_OFFSET - size.height()
        self._readout.move(max(area.left() + 4, x), max(area.top() + 4, y))

    def _hide_readout(self) -> None:
        self._readout.hide()
        self._hover_moved(None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.plot.viewport() and event.type() == QEvent.Type.Leave:
            self._hide_readout()
        return super().eventFilter(watched, event)

    # -- export --------------------------------------------------------------------------------------

    def _prepare_for_export(self) -> QSize:
        self._hide_readout()
        layout = self.layout()
        if layout is not None:
            layout.activate()
        return self.size()

    def png_bytes(self) -> bytes:
        """The chart as PNG bytes, exactly as on screen (at the screen's pixel ratio)."""
        self._prepare_for_export()
        pixmap = self.grab()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if pixmap.isNull() or not pixmap.save(buffer, "PNG"):
            raise OSError("could not encode the chart as PNG")
        buffer.close()
        return bytes(data.data())

    def svg_bytes(self) -> bytes:
        """The chart as SVG, drawn by QtSvg's generator.

        pyqtgraph's own SVG exporter is broken on Qt 6.11+ (pyqtgraph issue #3485), so the widget renders
        itself into a QSvgGenerator (PySide6's ``render`` needs the explicit QPoint offset).
        """
        size = self._prepare_for_export()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        generator = QSvgGenerator()
        generator.setOutputDevice(buffer)
        generator.setSize(size)
        generator.setViewBox(QRect(QPoint(0, 0), size))
        generator.setResolution(self.logicalDpiX())  # points in the widget's fonts keep their size
        generator.setTitle(f"Compute Curve: {self.export_name}")
        generator.setDescription("Exported by Compute Curve")
        # The view caches its background as a bitmap: draw it afresh, as vectors, for the file.
        cache = self.plot.cacheMode()
        self.plot.setCacheMode(QGraphicsView.CacheModeFlag.CacheNone)
        painter = QPainter(generator)
        try:
            self.render(painter, QPoint())
        finally:
            painter.end()
            self.plot.setCacheMode(cache)
        buffer.close()
        return bytes(data.data())

    def export_png(self, path: str | os.PathLike[str]) -> None:
        atomic_write_bytes(path, self.png_bytes())

    def export_svg(self, path: str | os.PathLike[str]) -> None:
        atomic_write_bytes(path, self.svg_bytes())

    # -- context menu --------------------------------------------------------------------------------

    def context_menu(self) -> QMenu:
        """The right-click menu (replaces pyqtgraph's, whose SVG export and log mode would mislead)."""
        menu = QMenu(self)
        menu.addAction("Export PNG…", self._on_export_png_triggered)
        menu.addAction("Export SVG…", self._on_export_svg_triggered)
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.context_menu()
        menu.exec(event.globalPos())
        menu.deleteLater()
        event.accept()

    def _on_export_png_triggered(self) -> None:
        self._export_with_dialog("PNG image (*.png)", ".png", self.export_png)

    def _on_export_svg_triggered(self) -> None:
        self._export_with_dialog("SVG drawing (*.svg)", ".svg", self.export_svg)

    def _export_with_dialog(self, filter_text: str, suffix: str, write: Any) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export chart", self.export_name + suffix, filter_text)
        if not path:
            return
        if not path.lower().endswith(suffix):
            path += suffix
        try:
            write(path)
        except OSError as exc:
            box = message_box(
                self, QMessageBox.Icon.Warning, "Export failed", f"Could not write {path}: {exc}"
            )
            box.exec()
