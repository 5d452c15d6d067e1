"""The cheapest price of a capability level over time, on a log money axis, against the published rates.

A step line of the cheapest model at or above the level's score on each date (``core.history_analysis``),
its fitted decline over the span it covers, and the essay's published rates (C2, C3, C8, C10) drawn as
slopes from the first point. The history does not depend on the pitch.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QFontMetrics
from PySide6.QtWidgets import QWidget

from core.formatting import format_money_axis, format_money_full
from core.history import price_history
from core.history_analysis import (
    ESSAY_DATE,
    CapabilityLevel,
    FrontierFit,
    FrontierPoint,
    cheapest_series,
    fit_frontier,
    reference_price,
    reference_rates,
    step_line,
)
from desktop.charts.axes import DollarLogAxis, YearAxis
from desktop.charts.base import ChartBase
from desktop.charts.common import decimal_year, with_alpha
from desktop.charts.legends import fill_legend

# Reference slopes: a colour and a dash per published rate (the band is C10's 5-10x).
REFERENCE_STYLE = {
    "C2": ("#e8711a", Qt.PenStyle.DashLine),
    "C8": ("#b04fd6", Qt.PenStyle.DashDotLine),
    "C10": ("#2e9d4f", Qt.PenStyle.SolidLine),
    "C3": ("#d23b3b", Qt.PenStyle.DotLine),
}


class HistoryChart(ChartBase):
    """The cheapest price of a capability level over time, on a log money axis, against published rates."""

    export_name = "price-history"

    def __init__(self, parent: QWidget | None = None) -> None:
        self.money_axis = DollarLogAxis("left")
        self.year_axis = YearAxis("bottom")
        super().__init__(parent, axis_items={"left": self.money_axis, "bottom": self.year_axis})
        self.money_axis.setLabel("cheapest price per million tokens (3:1 blend)")
        self.plot_item.showGrid(x=True, y=True)
        self.level: CapabilityLevel | None = None
        self.points: tuple[FrontierPoint, ...] = ()
        self.fit: FrontierFit | None = None
        self.end = max(max(r.price_date for r in price_history()), ESSAY_DATE)
        self._step = pg.PlotCurveItem()
        self._step.setZValue(10)
        self._dots = pg.ScatterPlotItem()
        self._dots.setZValue(11)
        self._fit = pg.PlotCurveItem()
        self._fit.setZValue(5)
        self._band_low = pg.PlotCurveItem()
        self._band_high = pg.PlotCurveItem()
        self._band = pg.FillBetweenItem(self._band_low, self._band_high)
        self._band.setZValue(-5)
        self._refs: dict[str, pg.PlotCurveItem] = {}
        self._ref_labels: dict[str, pg.TextItem] = {}
        self._ref_ends: dict[str, tuple[float, float]] = {}
        for item in (self._band_low, self._band_high, self._band, self._fit, self._step, self._dots):
            self.plot_item.addItem(item)
        for rate in reference_rates():
            curve = pg.PlotCurveItem()
            curve.setZValue(2)
            label = pg.TextItem(anchor=(1, 0.5))
            label.setZValue(20)
            self.plot_item.addItem(curve)
            self.plot_item.addItem(label, ignoreBounds=True)
            self._refs[rate.claim] = curve
            self._ref_labels[rate.claim] = label
        self._model_labels: list[pg.TextItem] = []
        self._pens: dict[str, Any] = {}
        self._cursor = pg.InfiniteLine(angle=90, movable=False)
        self._cursor.hide()
        self.plot_item.addItem(self._cursor, ignoreBounds=True)
        self.legend = pg.LegendItem(offset=(8, -8), verSpacing=-6)
        self.legend.setParentItem(self.view_box)
        self.legend.setZValue(1000)
        self._apply_style()
        self._show_empty("Pick a capability level")

    # -- the interface ------------------------------------------------------------------------------

    def show_level(self, level: CapabilityLevel) -> None:
        """Draw ``level``'s cheapest-price step line, its fit and the reference rates."""
        self.level = level
        self.points = cheapest_series(level)
        self.fit = fit_frontier(self.points)
        if not self.points:
            self._show_empty(
                f"No model in the bundled price history has a {level.score_kind} score of "
                f"{level.threshold:g} or more: nothing to draw for {level.label}."
            )
            return
        days, prices = step_line(self.points, self.end)
        self._step.setData(np.array([decimal_year(d) for d in days]), np.log10(np.array(prices)))
        self._dots.setData(
            x=[decimal_year(p.day) for p in self.points], y=[math.log10(p.price) for p in self.points]
        )
        first = self.points[0]
        x0, x1 = decimal_year(first.day), decimal_year(self.end)
        if self.fit is not None:  # over the fitted span only: past its last step the data says nothing
            f = self.fit
            self._fit.setData(
                [decimal_year(f.first), decimal_year(f.last)],
                [math.log10(f.price_at(f.first)), math.log10(f.price_at(f.last))],
            )
            self._fit.show()
        else:
            self._fit.hide()
        self._ref_ends = {}
        for rate in reference_rates():
            curve = self._refs[rate.claim]
            end_low = reference_price(first.price, first.day, rate.factor_low, self.end)
            end_high = reference_price(first.price, first.day, rate.factor_high, self.end)
            y0 = math.log10(first.price)
            if rate.factor_low != rate.factor_high:
                self._band_low.setData([x0, x1], [y0, math.log10(end_low)])
                self._band_high.setData([x0, x1], [y0, math.log10(end_high)])
                curve.setData([x0, x1], [y0, math.log10(end_low)])
                self._ref_ends[rate.claim] = (x1, math.log10(end_low))
            else:
                curve.setData([x0, x1], [y0, math.log10(end_low)])
                self._ref_ends[rate.claim] = (x1, math.log10(end_low))
            self._ref_labels[rate.claim].setText(f"{rate.claim} {rate.label}")
        self._set_model_labels()
        self._fill_legend()
        self._show_plot()
        self._update_range()

    # -- drawing ------------------------------------------------------------------------------------

    def _set_model_labels(self) -> None:
        while len(self._model_labels) < len(self.points):
            label = pg.TextItem(anchor=(0, 1))
            label.setZValue(15)
            self.plot_item.addItem(label, ignoreBounds=True)
            self._model_labels.append(label)
            self._style_text(label, self._theme.foreground, backed=True)
        for i, label in enumerate(self._model_labels):
            if i < len(self.points):
                p = self.points[i]
                label.setText(f"{p.row.model} {format_money_axis(p.price)}")
                label.setPos(decimal_year(p.day), math.log10(p.price))
                label.show()
            else:
                label.hide()

    def _update_range(self) -> None:
        if not self.points:
            return
        ys = [math.log10(p.price) for p in self.points]
        ys += [y for _, y in self._ref_ends.values()]
        if self.fit is not None:
            ys += [
                math.log10(self.fit.price_at(self.fit.first)),
                math.log10(self.fit.price_at(self.fit.last)),
            ]
        lo, hi = min(ys), max(ys)
        pad = max(0.15, (hi - lo) * 0.06)
        x0 = decimal_year(self.points[0].day)
        x1 = decimal_year(self.end)
        top = hi + pad * 1.8  # room for the first point's model label
        self.view_box.setRange(xRange=(x0 - 0.15, x1 + 0.1), yRange=(lo - pad, top), padding=0)
        self.money_axis.fit_range(lo - pad, top)
        self._place_labels()

    def _place_model_labels(self, px: float, py: float) -> None:
        """Each point's model label above and right of it; where that would cover an earlier label (models a
        few weeks apart), below it, then to its left."""
        taken: list[tuple[float, float, float, float]] = []
        for i, p in enumerate(self.points):
            label = self._model_labels[i]
            x, y = decimal_year(p.day), math.log10(p.price)
            w = label.boundingRect().width() * px
            h = label.boundingRect().height() * py
            tries = (((0, 1), x, y), ((0, 0), x, y - h), ((1, 1), x - w, y))  # anchor, box's left and bottom
            chosen, box = tries[0][0], (x, x + w, y, y + h)
            for anchor, left, bottom in tries:
                box = (left, left + w, bottom, bottom + h)
                if not any(
                    b[0] < box[1] and b[1] > box[0] and b[2] < box[3] and b[3] > box[2] for b in taken
                ):
                    chosen = anchor
                    break
            label.setAnchor(chosen)
            label.setPos(x, y)
            taken.append(box)

    def _place_labels(self) -> None:
        """Reference labels at the right end of their lines, pushed apart so none overlaps another; the model
        labels clear of each other."""
        if not self._ref_ends:
            return
        (_, x1), _ = self.view_box.viewRange()
        px, py = self._px_to_data()
        if py <= 0:
            return
        self._place_model_labels(px, py)
        h = QFontMetrics(self.chart_font()).height() * py * 1.1
        order = sorted(self._ref_ends, key=lambda c: self._ref_ends[c][1], reverse=True)
        last: float | None = None
        for claim in order:
            y = self._ref_ends[claim][1]
            if last is not None and y > last - h:
                y = last - h
            last = y
            self._ref_labels[claim].setPos(x1 - 6 * px, y)
        self._place_legend()

    def _place_legend(self) -> None:
        """Put the legend in the corner where it hides the fewest samples of the drawn lines and labels."""
        (x0, x1), (y0, y1) = self.view_box.viewRange()
        px, py = self._px_to_data()
        if px <= 0 or py <= 0:
            return
        xs: list[float] = []
        ys: list[float] = []
        curves = [self._step, self._fit, *self._refs.values()]
        for curve in curves:
            if not curve.isVisible():
                continue
            cx, cy = curve.getData()
            if cx is None or len(cx) < 2:
                continue
            for a in range(len(cx) - 1):  # sample each segment, so a long straight line counts too
                t = np.linspace(0.0, 1.0, 40)
                xs += list(cx[a] + (cx[a + 1] - cx[a]) * t)
                ys += list(cy[a] + (cy[a + 1] - cy[a]) * t)
        sx, sy = np.array(xs), np.array(ys)
        boxes = []
        for label in [*self._model_labels, *self._ref_labels.values()]:
            if label.isVisible():
                r = label.mapRectToView(label.boundingRect())
                boxes.append((r.left(), r.right(), min(r.top(), r.bottom()), max(r.top(), r.bottom())))
        w, h, m = self.legend.width() * px, self.legend.height() * py, 10
        spots = (  # (item anchor = parent anchor, offset in px, data rectangle)
            ((0, 1), (m, -m), (x0 + m * px, y0 + m * py)),
            ((1, 0), (-m, m), (x1 - m * px - w, y1 - m * py - h)),
            ((1, 1), (-m, -m), (x1 - m * px - w, y0 + m * py)),
            ((0, 0), (m, m), (x0 + m * px, y1 - m * py - h)),
        )
        best, best_score = spots[0], math.inf
        for spot in spots:
            rx, ry = spot[2]
            inside = (sx >= rx) & (sx <= rx + w) & (sy >= ry) & (sy <= ry + h)
            score = float(np.count_nonzero(inside))
            score += 40 * sum(1 for b in boxes if b[0] < rx + w and b[1] > rx and b[2] < ry + h and b[3] > ry)
            if score < best_score:
                best, best_score = spot, score
        self.legend.anchor(best[0], best[0], offset=best[1])

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._place_labels()

    # -- hover ---------------------------------------------------------------------------------------

    def _point_at(self, x: float) -> FrontierPoint | None:
        before = [p for p in self.points if decimal_year(p.day) <= x]
        return before[-1] if before else None

    def _hover_text(self, x: float, y: float) -> str | None:
        p = self._point_at(x)
        if p is None or self.level is None:
            return None
        row = p.row
        score = f"{row.score_kind} {row.score:g}" if row.score is not None else "no score"
        return (
            f"{self.level.label}, cheapest from {p.day.isoformat()}:\n"
            f"{row.model} ({row.provider}, {score})\n"
            f"{format_money_full(row.input_per_mtok)} in / {format_money_full(row.output_per_mtok)} "
            f"out per M tokens; 3:1 blend {format_money_full(p.price)}\n"
            f"{row.source_text}"
        )

    def _hover_moved(self, at: QPointF | None) -> None:
        p = None if at is None else self._point_at(at.x())
        if p is None:
            self._cursor.hide()
        else:
            self._cursor.setValue(decimal_year(p.day))
            self._cursor.show()

    # -- style ---------------------------------------------------------------------------------------

    def _restyle(self) -> None:
        t = self._theme
        width = 3.0 * max(1.0, self._font_scale)
        step_pen = pg.mkPen(t.curve, width=width)
        self._step.setPen(step_pen)
        self._dots.setPen(pg.mkPen(t.background, width=1.5))
        self._dots.setBrush(pg.mkBrush(t.curve))
        self._dots.setSize(11)
        fit_pen = pg.mkPen(t.foreground, width=2, style=Qt.PenStyle.DashLine)
        self._fit.setPen(fit_pen)
        green = QColor(REFERENCE_STYLE["C10"][0])
        self._band.setBrush(pg.mkBrush(with_alpha(green, 45 if t.dark else 35)))
        self._band.setPen(pg.mkPen(None))
        for curve in (self._band_low, self._band_high):
            curve.setPen(pg.mkPen(None))
        for claim, curve in self._refs.items():
            color, style = REFERENCE_STYLE[claim]
            c = QColor(color)
            if t.dark:
                c = c.lighter(130)
            curve.setPen(pg.mkPen(c, width=2, style=style))
            self._style_text(self._ref_labels[claim], c, backed=True)
        for label in self._model_labels:
            self._style_text(label, t.foreground, backed=True)
        self._cursor.setPen(pg.mkPen(with_alpha(t.foreground, 90), width=1))
        self.plot_item.showGrid(x=True, y=True, alpha=t.grid_alpha)
        self._pens = {"step": step_pen, "fit": fit_pen, "band": pg.mkBrush(with_alpha(green, 70))}
        self._fill_legend()
        self._place_labels()

    def _fill_legend(self) -> None:
        p = self._pens
        entries = [("cheapest at the level", p["step"], None)]
        if self.fit is not None:
            entries.append(("fitted decline", p["fit"], None))
        entries.append(("C10 band: 5-10x a year", None, p["band"]))
        fill_legend(self.legend, entries, self._theme, self.chart_font())
