"""The charts' axes: dollars on a log scale, years, percentages, category names; measured with a given font.

Every tick label is a :mod:`core.formatting` string (``format_money_axis`` for dollars: ``$0.01``, ``$1``,
``$100``, no SI prefixes) set as plain text. Log axes carry log10(dollars), transformed by the charts
themselves rather than by pyqtgraph's log mode (pyqtgraph issues #22, #1686, #1357).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication

from core.formatting import format_money_axis, format_orders, format_percent
from desktop.charts.common import elide
from desktop.charts.pyqtgraph_overrides import PlainAxis


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

    # -- the title: whole, never cut --------------------------------------------------------------------

    titles: tuple[str, ...] = ()

    def set_titles(self, *titles: str) -> None:
        """The axis title, longest first, then shorter forms: the longest that fits the axis is shown
        (a title is never cut: "orders of magnitude to fall" becomes "OOM to fall" on a narrow chart)."""
        self.titles = titles
        self.setLabel(titles[0])
        self._fit_title()

    def title_room(self) -> float:
        """The length a title may take: the axis' length, and for a bottom axis the room to its left too
        (a title wider than its axis is drawn right-aligned, reaching under the left axis)."""
        if self.orientation in ("left", "right"):
            return self.size().height() - 4
        return self.size().width() + max(0.0, self.pos().x()) - 4

    def _fit_title(self) -> None:
        if not self.titles or self.label is None:
            return
        fm = QFontMetrics(self.label.font())
        room = self.title_room()
        if room <= 0:
            return
        chosen = next((t for t in self.titles if fm.horizontalAdvance(t + " ") <= room), self.titles[-1])
        if chosen != self.labelText:
            self.setLabel(chosen, **self.labelStyle)
            super().resizeEvent(None)  # placed again for its new length

    def resizeEvent(self, ev: Any = None) -> None:
        if self.label is not None:
            self._fit_title()  # first: pyqtgraph places the title from its size, below
        super().resizeEvent(ev)
        if self.label is None:
            return
        if self.orientation == "bottom":
            # pyqtgraph centres the title on the axis; one wider than the axis would be cut at the chart's
            # right edge: it ends at the axis' right end instead
            br = self.label.boundingRect()
            if br.width() > self.size().width():
                pos = self.label.pos()
                self.label.setPos(self.size().width() - br.width(), pos.y())

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
            hit = ["" if b else format_money_axis(10.0**x) for x, b in zip(key[0], blank, strict=True)]
            if len(self._strings_cache) > 256:
                self._strings_cache.clear()
            self._strings_cache[key] = hit
        return list(hit)


class MoneyAxis(FontAxis):
    """A linear money axis labelled in dollars (no SI prefixes), without minor ticks.

    Ticks at 1, 2 or 5 times a power of ten, as far apart as their labels need ("$0.20$0.40$0.60" never
    runs together on a narrow chart).
    """

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list[tuple[float, list[float]]]:
        lo, hi = sorted((float(minVal), float(maxVal)))
        if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo or size <= 0:
            return []
        fm = QFontMetrics(self.tick_font)
        px_per_unit = size / (hi - lo)
        step = 10.0 ** math.floor(math.log10((hi - lo) / 10))
        for _ in range(40):
            first = math.ceil(lo / step - 1e-9) * step
            values = [round(first + k * step, 12) for k in range(int((hi - first) / step + 1e-9) + 1)]
            widest = max((fm.horizontalAdvance(t) for t in self.tickStrings(values, 1.0, step)), default=0)
            if step * px_per_unit >= widest + fm.horizontalAdvance("  ") + 6:
                return [(step, values)]
            mantissa = round(step / 10 ** math.floor(math.log10(step)))
            step *= 2.5 if mantissa == 2 else 2.0  # 1 -> 2 -> 5 -> 10
        return [(step, [])]

    def tickStrings(self, values: Sequence[float], scale: float, spacing: float) -> list[str]:
        return [format_money_axis(float(v)) if abs(v) > spacing * 1e-6 else "$0" for v in values]


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


class OrdersAxis(FontAxis):
    """Orders of magnitude, written as core.formatting writes them, trailing zeros dropped ("1", "1.5")."""

    def tickStrings(self, values: Any, scale: float, spacing: float) -> list[str]:
        out = []
        for v in values:
            text = format_orders(float(v)) if abs(v) > 1e-9 else "0.00"
            out.append(text.rstrip("0").rstrip(".") if "." in text else text)
        return out
