"""A self-hosted deployment's price per million tokens against its utilisation, beside an API's price.

The curves are :func:`core.infrastructure.utilisation_curve`'s (the contract's formula at each utilisation,
docs/contract.md 6.2): output and input, falling as ``1 / utilisation`` because idle hours are paid for too.
The API's output and input prices are horizontal lines; the break-even utilisation, where the self-hosted
output price meets the API's, is a vertical line with the side where self-hosting is cheaper shaded; the
deployment's own utilisation is marked on its output curve. When there is no break-even in (0, 100%] the
chart says so. The y coordinate is log10(dollars), labelled in dollars (style.md: no pyqtgraph log mode).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QFontMetrics
from PySide6.QtWidgets import QWidget

from core.analysis import Analysis
from core.formatting import format_fraction, format_money_axis, format_per_mtok
from core.infrastructure import UtilisationCurve
from core.verdict import Verdict
from desktop.charts.axes import DollarLogAxis, FontAxis
from desktop.charts.base import ChartBase
from desktop.charts.common import elide, quiet, with_alpha
from desktop.charts.legends import ChartLegend, fill_legend
from desktop.theme import verdict_color

NO_DEPLOYMENT = "Add a deployment (Add…) to see its price against utilisation"
NO_BREAKEVEN = "no break-even in (0, 100%]"
MAX_API_LABEL_PX = 300
X_RANGE = (-4.0, 104.0)  # 0% to 100%, with room for the last tick's label (pyqtgraph drops a clipped one)


class UtilisationAxis(FontAxis):
    """Utilisation in percent, 0 to 100, labelled every 10 or 20 points as the width allows."""

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list[tuple[float, list[float]]]:
        lo, hi = sorted((float(minVal), float(maxVal)))
        if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo or size <= 0:
            return []
        px_per_point = size / (hi - lo)
        label_px = QFontMetrics(self.tick_font).horizontalAdvance("100%") * 1.8
        step = 10 if px_per_point * 10 >= label_px else 20 if px_per_point * 20 >= label_px else 50
        values = [float(v) for v in range(0, 101, 10) if lo - 1e-9 <= v <= hi + 1e-9]
        major = [v for v in values if round(v) % step == 0]
        return [(float(step), major), (10.0, [v for v in values if v not in major])]

    def tickStrings(self, values: Sequence[float], scale: float, spacing: float) -> list[str]:
        return [f"{v:.0f}%" for v in values]


class UtilisationChart(ChartBase):
    """Self-hosted $/M tokens against utilisation, with an API's price and the break-even between them."""

    export_name = "utilisation"

    def __init__(self, parent: QWidget | None = None) -> None:
        self.money_axis = DollarLogAxis("left")
        self.utilisation_axis = UtilisationAxis("bottom")
        super().__init__(parent, axis_items={"left": self.money_axis, "bottom": self.utilisation_axis})
        self.money_axis.setLabel("$ per million tokens")
        self.utilisation_axis.setLabel("utilisation (share of paid hours serving tokens)")
        self.plot_item.showGrid(x=True, y=True)
        self._curve: UtilisationCurve | None = None
        self._x = np.zeros(0)
        self._pens: dict[str, Any] = {}

        self._cheaper = pg.LinearRegionItem(movable=False)  # where self-hosting is cheaper than the API
        self._cheaper.setZValue(-20)
        for line in self._cheaper.lines:
            line.setPen(pg.mkPen(None))
        self._output = pg.PlotCurveItem()
        self._input = pg.PlotCurveItem()
        self._api_output = pg.InfiniteLine(angle=0, movable=False)
        self._api_input = pg.InfiniteLine(angle=0, movable=False)
        self._api_output_label = pg.TextItem(anchor=(1, 1))
        self._api_input_label = pg.TextItem(anchor=(1, 0))
        self._breakeven = pg.InfiniteLine(angle=90, movable=False)
        self._breakeven_label = pg.TextItem(anchor=(0, 0))
        self._own = pg.InfiniteLine(angle=90, movable=False)
        self._own_label = pg.TextItem(anchor=(0, 0))
        self._marks = pg.ScatterPlotItem(size=9)
        self._status = pg.TextItem(anchor=(0, 0))
        self._cursor = pg.InfiniteLine(angle=90, movable=False)
        self._cursor.hide()
        for item in (
            self._cheaper,
            self._api_input,
            self._api_output,
            self._input,
            self._output,
            self._breakeven,
            self._own,
            self._marks,
            self._cursor,
        ):
            self.plot_item.addItem(item, ignoreBounds=True)
        for label in (
            self._api_output_label,
            self._api_input_label,
            self._breakeven_label,
            self._own_label,
            self._status,
        ):
            self.plot_item.addItem(label, ignoreBounds=True)
        self.legend = ChartLegend(offset=(-8, 8), verSpacing=-6, colCount=2)
        self.legend.setParentItem(self.view_box)
        self.legend.setZValue(1000)
        self._apply_style()
        self._show_empty(NO_DEPLOYMENT)

    # -- the interface ------------------------------------------------------------------------------

    def show_analysis(self, analysis: Analysis) -> None:
        """Nothing of a pitch's analysis is drawn here: the chart draws one deployment (:meth:`show_curve`)."""

    def show_curve(self, curve: UtilisationCurve | None, empty: str = NO_DEPLOYMENT) -> None:
        """Draw ``curve``; with None, say ``empty`` instead."""
        self._curve = curve
        if curve is None:
            self._show_empty(empty)
            return
        self._x = 100.0 * curve.u
        with quiet(self._output):
            self._output.setData(self._x, np.log10(curve.output_per_mtok))
        self._input.setData(self._x, np.log10(curve.input_per_mtok))
        own_x = 100.0 * curve.utilisation
        self._own.setValue(own_x)
        self._own_label.setText(f"this deployment {format_fraction(curve.utilisation)}")
        points = [
            {"pos": (own_x, math.log10(curve.own_output_per_mtok)), "brush": pg.mkBrush(self._theme.curve)}
        ]
        api = curve.api
        for item in (self._api_output, self._api_input, self._api_output_label, self._api_input_label):
            item.setVisible(api is not None)
        if api is not None:
            self._api_output.setValue(math.log10(api.output_per_mtok))
            self._api_input.setValue(math.log10(api.input_per_mtok))
            name = elide(api.model, self.chart_font(), MAX_API_LABEL_PX)
            self._api_output_label.setText(f"{name} output {format_money_axis(api.output_per_mtok)}")
            self._api_input_label.setText(f"{name} input {format_money_axis(api.input_per_mtok)}")
        shown = curve.breakeven is not None
        for item in (self._breakeven, self._breakeven_label, self._cheaper):
            item.setVisible(shown)
        if curve.breakeven is not None and api is not None:
            bx = 100.0 * curve.breakeven
            self._breakeven.setValue(bx)
            self._cheaper.setRegion((bx, 100.0))
            self._breakeven_label.setText(f"break-even {format_fraction(curve.breakeven)}")
            points.append(
                {
                    "pos": (bx, math.log10(api.output_per_mtok)),
                    "brush": pg.mkBrush(verdict_color(Verdict.VIABLE_NOW)),
                }
            )
        self._status.setText(NO_BREAKEVEN if api is not None and not shown else "")
        self._status.setVisible(api is not None and not shown)
        self._marks.setData(points)
        self._fill_legend()
        self._show_plot()
        self._update_range()

    @property
    def curve(self) -> UtilisationCurve | None:
        return self._curve

    # -- drawing ------------------------------------------------------------------------------------

    def _fill_legend(self) -> None:
        p = self._pens
        if not p:
            return
        entries = [("self-hosted output", p["output"], None), ("self-hosted input", p["input"], None)]
        if self._curve is not None and self._curve.api is not None:
            entries += [("API output", p["api_output"], None), ("API input", p["api_input"], None)]
            if self._curve.breakeven is not None:
                entries.append(("self-hosting cheaper", None, p["cheaper"]))
        fill_legend(self.legend, entries, self._theme, self.chart_font())

    def _update_range(self) -> None:
        c = self._curve
        if c is None or self._x.size == 0:
            return
        values = [np.log10(c.output_per_mtok), np.log10(c.input_per_mtok)]
        if c.api is not None:
            values.append(np.log10([c.api.output_per_mtok, c.api.input_per_mtok]))
        ys = np.concatenate(values)
        lo, hi = float(ys.min()), float(ys.max())
        span = max(hi - lo, 0.5)
        lo -= max(0.15, 0.08 * span)
        hi += max(0.35, 0.22 * span)  # room above for the line labels and the legend
        self._set_view_range(X_RANGE, (lo, hi))
        self.money_axis.fit_range(lo, hi)
        self._place_labels()

    def _place_labels(self) -> None:
        """The vertical lines' labels along the top (a second row when they stand close), the API's at the
        right end of their lines (above the output's, below the input's), the legend where it hides least."""
        if self._curve is None:
            return
        (x0, x1), (y0, y1) = self.view_box.viewRange()
        px, py = self._px_to_data()
        if py <= 0:
            px, py = (x1 - x0) / 600, (y1 - y0) / 300
        text_h = QFontMetrics(self.chart_font()).height() * py
        boxes: list[tuple[float, float, float, float]] = []
        tops = [(self._own_label, float(self._own.value()))]
        if self._breakeven.isVisible():
            tops.append((self._breakeven_label, float(self._breakeven.value())))
        if self._status.isVisible():
            tops.append((self._status, x0 + 2 * px))
        rows: list[list[tuple[float, float]]] = []
        for label, x in sorted(tops, key=lambda t: t[1]):
            w = label.boundingRect().width() * px
            left = x + 4 * px
            if left + w > x1 - 4 * px:  # no room to the right of its line: to its left
                left = x - 4 * px - w
            right = left + w
            row = next(
                (k for k, used in enumerate(rows) if all(right < a or left > b for a, b in used)), len(rows)
            )
            if row == len(rows):
                rows.append([])
            rows[row].append((left, right))
            top = y1 - 2 * py - 1.15 * text_h * row
            label.setAnchor((0, 0))
            label.setPos(left, top)
            boxes.append((left, right, top - text_h, top))
        if self._api_output.isVisible():
            out_y, in_y = float(self._api_output.value()), float(self._api_input.value())
            self._api_output_label.setPos(x1 - 6 * px, out_y + 2 * py)
            self._api_input_label.setPos(x1 - 6 * px, in_y - 2 * py)
            for label, y, above in (
                (self._api_output_label, out_y, True),
                (self._api_input_label, in_y, False),
            ):
                w = label.boundingRect().width() * px
                bottom = y + 2 * py if above else y - 2 * py - text_h
                boxes.append((x1 - 6 * px - w, x1 - 6 * px, bottom, bottom + text_h))
        self._place_legend(boxes)

    def _place_legend(self, boxes: list[tuple[float, float, float, float]]) -> None:
        (x0, x1), (y0, y1) = self.view_box.viewRange()
        px, py = self._px_to_data()
        c = self._curve
        if c is None or px <= 0 or py <= 0:
            return
        w, h = self.legend.width() * px, self.legend.height() * py
        m = 8
        hi = np.log10(c.output_per_mtok)
        lo = np.log10(c.input_per_mtok)
        lines = [float(self._api_output.value()), float(self._api_input.value())] if c.api is not None else []
        view_h = (y1 - y0) / py
        free_h = max(view_h - 2 * m - self.legend.height(), 0.0)
        steps = [free_h * k / 6 for k in range(7)]
        best, best_score = None, math.inf
        for right, down in [(True, s) for s in steps] + [(False, s) for s in steps]:
            rx = x1 - m * px - w if right else x0 + m * px
            ry = y1 - (m + down) * py - h
            inside = (self._x >= rx) & (self._x <= rx + w)
            score = float(np.count_nonzero(inside & (hi >= ry) & (lo <= ry + h)))
            score += 40 * sum(1 for b in boxes if b[0] < rx + w and b[1] > rx and b[2] < ry + h and b[3] > ry)
            score += 30 * sum(1 for y in lines if ry <= y <= ry + h)
            if score < best_score:
                best_score = score
                best = ((1, 0), (1, 0), (-m, m + down)) if right else ((0, 0), (0, 0), (m, m + down))
        if best is not None:
            self.legend.anchor(best[0], best[1], offset=best[2])

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._place_labels()

    # -- hover ---------------------------------------------------------------------------------------

    def _nearest(self, x: float) -> int | None:
        if self._x.size == 0 or self._curve is None:
            return None
        return int(np.argmin(np.abs(self._x - x)))

    def _hover_text(self, x: float, y: float) -> str | None:
        i = self._nearest(x)
        c = self._curve
        if i is None or c is None:
            return None
        lines = [
            f"at {format_fraction(float(c.u[i]))} utilisation",
            f"self-hosted output: {format_per_mtok(float(c.output_per_mtok[i]))}",
            f"self-hosted input: {format_per_mtok(float(c.input_per_mtok[i]))}",
        ]
        if c.api is not None:
            lines.append(
                f"{c.api.model}: output {format_per_mtok(c.api.output_per_mtok)}, "
                f"input {format_per_mtok(c.api.input_per_mtok)}"
            )
        return "\n".join(lines)

    def _hover_moved(self, at: QPointF | None) -> None:
        i = None if at is None else self._nearest(at.x())
        if i is None:
            self._cursor.hide()
        else:
            self._cursor.setValue(float(self._x[i]))
            self._cursor.show()

    # -- style ---------------------------------------------------------------------------------------

    def _restyle(self) -> None:
        t = self._theme
        width = 2.5 if self._font_scale > 1 else 2.0
        curve = QColor(t.curve)
        api = QColor(t.reference)
        good = verdict_color(Verdict.VIABLE_NOW)
        output_pen = pg.mkPen(curve, width=width)
        input_pen = pg.mkPen(curve, width=width, style=Qt.PenStyle.DashLine)
        api_output_pen = pg.mkPen(api, width=2)
        api_input_pen = pg.mkPen(api, width=2, style=Qt.PenStyle.DashLine)
        cheaper = pg.mkBrush(with_alpha(good, 45 if t.dark else 38))
        self._output.setPen(output_pen)
        self._input.setPen(input_pen)
        self._api_output.setPen(api_output_pen)
        self._api_input.setPen(api_input_pen)
        self._cheaper.setBrush(cheaper)
        self._breakeven.setPen(pg.mkPen(good.lighter(115) if t.dark else good.darker(115), width=2))
        self._own.setPen(pg.mkPen(t.today, width=1.5, style=Qt.PenStyle.DotLine))
        self._cursor.setPen(pg.mkPen(with_alpha(t.foreground, 90), width=1))
        self._marks.setPen(pg.mkPen(t.background, width=1.5))
        self._style_text(self._api_output_label, api, backed=True)
        self._style_text(self._api_input_label, api, backed=True)
        self._style_text(
            self._breakeven_label, good.lighter(120) if t.dark else good.darker(130), bold=True, backed=True
        )
        self._style_text(self._own_label, t.foreground, backed=True)
        self._style_text(self._status, t.foreground, backed=True)
        self.plot_item.showGrid(x=True, y=True, alpha=t.grid_alpha)
        self._pens = {
            "output": output_pen,
            "input": input_pen,
            "api_output": api_output_pen,
            "api_input": api_input_pen,
            "cheaper": cheaper,
        }
        if self._curve is not None:
            self.show_curve(self._curve)  # the marks' colours follow the theme
        else:
            self._fill_legend()
