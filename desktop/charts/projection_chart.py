"""Cost per paying user-month over the next six years, on a log money axis, against the budget.

The y coordinate is log10(dollars), computed here (not pyqtgraph's log mode: style.md). Drawn, back to
front: the arrival window (point estimate) in the verdict's colour, the Monte Carlo P10-P90 fan, the band
between the scenario's fast and slow declines, the two decline curves, the Monte Carlo median, the budget
(dashed, always in view), the pitch's reference lines, a vertical "as of" line at the date prices are taken
on and, when that is another day, a "today" line. An arrival window that lies wholly before today is
labelled as passed (contract section 3), never as a window still to come.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from core.analysis import Analysis
from core.engine import Evaluation, projection_dates
from core.formatting import format_money, format_money_axis, format_money_full, format_month
from core.uncertainty import UncertaintyResult
from core.wording import arrival_passed
from desktop.charts.axes import DollarLogAxis, YearAxis
from desktop.charts.base import ChartBase, empty_reason
from desktop.charts.common import decimal_year, decimal_years, elide, quiet, with_alpha
from desktop.charts.legends import LegendRow
from desktop.theme import verdict_color

WINDOW_WORDS = "arrival window"
PASSED_WORDS = "arrival window (passed)"

MAX_REFERENCE_LABEL_PX = 260
LABEL_MARGIN = 2  # px around a label's text (pyqtgraph's 4 makes rows of labels stand far apart)
FAN_FLOOR_DECADES = 4.0  # a fan reaching 4 decades below everything else is drawn cut at that depth


class ProjectionChart(ChartBase):
    """The cost curve: when does the cost per paying user-month fall under the budget?"""

    export_name = "projection"

    def __init__(self, parent: QWidget | None = None) -> None:
        self.money_axis = DollarLogAxis("left")
        self.year_axis = YearAxis("bottom")
        super().__init__(parent, axis_items={"left": self.money_axis, "bottom": self.year_axis})
        pi = self.plot_item
        self.money_axis.set_titles(
            "cost per paying user-month", "$ per paying user-month", "$ per payer-month"
        )
        self.plot_item.showGrid(x=True, y=True)

        self._evaluation: Evaluation | None = None
        self._today = date.today()
        self._mc: UncertaintyResult | None = None
        self._x = np.zeros(0)

        self._window = pg.LinearRegionItem(movable=False)
        self._window.setZValue(-20)
        for line in self._window.lines:
            line.setPen(pg.mkPen(None))
        self._window_label = pg.TextItem(anchor=(0, 0))

        self._fan_p10 = pg.PlotCurveItem()
        self._fan_p90 = pg.PlotCurveItem()
        self._fan_fill = pg.FillBetweenItem(self._fan_p10, self._fan_p90)
        self._fan_fill.setZValue(-10)
        self._fan_p50 = pg.PlotCurveItem()
        self._fast = pg.PlotCurveItem()
        self._slow = pg.PlotCurveItem()
        self._band = pg.FillBetweenItem(self._fast, self._slow)
        self._band.setZValue(-5)
        self._budget = pg.InfiniteLine(angle=0, movable=False)
        self._budget_label = pg.TextItem(anchor=(1, 1))
        self._as_of = pg.InfiniteLine(angle=90, movable=False)
        self._as_of_label = pg.TextItem(anchor=(0, 0))
        self._today_line = pg.InfiniteLine(angle=90, movable=False)
        self._today_label = pg.TextItem(anchor=(0, 0))
        self._cursor = pg.InfiniteLine(angle=90, movable=False)
        self._cursor.hide()
        self._refs: list[tuple[pg.InfiniteLine, pg.TextItem]] = []
        self._ref_values: list[tuple[str, float]] = []
        self._pens: dict[str, Any] = {}
        self._fan_shown = False
        self._window_beyond = False
        for item in (self._fan_p10, self._fan_p90, self._fan_fill, self._fan_p50):
            item.setVisible(False)  # until a Monte Carlo result arrives

        for item in (
            self._window,
            self._fan_p10,
            self._fan_p90,
            self._fan_fill,
            self._band,
            self._fast,
            self._slow,
            self._fan_p50,
            self._budget,
            self._as_of,
            self._today_line,
            self._cursor,
        ):
            pi.addItem(item, ignoreBounds=True)
        for label in (self._window_label, self._budget_label, self._as_of_label, self._today_label):
            label.textItem.document().setDocumentMargin(LABEL_MARGIN)
            pi.addItem(label, ignoreBounds=True)

        # The legend above the plot: never over a line, whatever the pitch's curves do.
        self.legend = LegendRow()
        self.add_header(self.legend)

        # the labels' places depend on the plot's size in pixels, known once pyqtgraph's layout has run
        self.view_box.sigResized.connect(self._on_view_box_resized)
        self._apply_style()
        self._show_empty("Add a block from the library to start")

    # -- the interface ------------------------------------------------------------------------------

    def show_analysis(self, analysis: Analysis) -> None:
        reason = empty_reason(analysis)
        self._mc = None  # the fan belonged to the previous pitch
        self._set_fan_visible(False)
        if reason is not None:
            self._evaluation = None
            self._show_empty(reason)
            return
        ev = analysis.evaluation
        assert ev is not None
        self._evaluation = ev
        self._today = analysis.today
        proj = ev.projection
        self._x = decimal_years(proj.dates)
        with quiet(self._fast):  # the band between the curves is worked out once, from both
            self._fast.setData(self._x, np.log10(proj.fast))
        self._slow.setData(self._x, np.log10(proj.slow))
        self._budget.setValue(math.log10(proj.budget))
        self._budget_label.setText(
            f"budget {format_money(proj.budget)}"
        )  # the money rule: as the verdict says it
        self._as_of.setValue(decimal_year(ev.as_of))
        self._as_of_label.setText("as of")
        today = decimal_year(analysis.today)
        shown = ev.as_of != analysis.today and float(self._x[0]) <= today <= float(self._x[-1])
        self._today_line.setValue(today)
        self._today_line.setVisible(shown)
        self._today_label.setText("today")
        self._today_label.setVisible(shown)
        self._set_window(ev)
        self._set_references([(r.label, r.usd_per_month) for r in analysis.pitch.reference_lines])
        self._show_plot()
        self._update_range()
        if analysis.uncertainty is not None:
            self.show_uncertainty(analysis)

    def show_uncertainty(self, analysis: Analysis) -> None:
        mc = analysis.uncertainty
        self._mc = mc
        ev = self._evaluation
        if mc is None or ev is None or self.is_empty() or not np.any(mc.fan_p50 > 0):
            self._set_fan_visible(False)
            self._update_range()
            return
        x = decimal_years(projection_dates(ev.as_of, mc.fan_months))
        floor = self._fan_floor()
        with quiet(self._fan_p10):  # the fan's fill is worked out once, from both edges
            self._fan_p10.setData(x, np.log10(np.maximum(mc.fan_p10, 10**floor)))
        self._fan_p50.setData(x, np.log10(np.maximum(mc.fan_p50, 10**floor)))
        self._fan_p90.setData(x, np.log10(np.maximum(mc.fan_p90, 10**floor)))
        self._set_fan_visible(True)
        self._update_range()

    # -- drawing ------------------------------------------------------------------------------------

    def _set_window(self, ev: Evaluation) -> None:
        start = ev.arrival.earliest
        if start is None or ev.arrival.years_latest <= 0:
            # beyond 50 years at the fast rate, or viable already: nothing to shade
            self._window.hide()
            self._window_label.hide()
            return
        end = decimal_year(ev.arrival.latest) if ev.arrival.latest is not None else float(self._x[-1]) + 1.0
        self._window.setRegion((decimal_year(start), end))
        color = verdict_color(ev.verdict)
        self._window.setBrush(pg.mkBrush(with_alpha(color, 56)))
        self._window_label.setText(PASSED_WORDS if arrival_passed(ev, self._today) else WINDOW_WORDS)
        self._window_beyond = False
        if decimal_year(start) > float(self._x[-1]):
            # wholly after the chart's six years: said at its right edge with the window's months
            self._window_beyond = True
            latest = ev.arrival.latest
            months = format_month(start) + (f"–{format_month(latest)}" if latest is not None else " on")
            self._window_label.setText(f"{WINDOW_WORDS} {months} →")
        self._window_label.setColor(color.darker(130) if not self._theme.dark else color.lighter(120))
        self._window.show()
        self._window_label.show()

    def _set_references(self, refs: list[tuple[str, float]]) -> None:
        while len(self._refs) < len(refs):
            line = pg.InfiniteLine(angle=0, movable=False)
            label = pg.TextItem(anchor=(0, 1))
            label.textItem.document().setDocumentMargin(LABEL_MARGIN)
            self.plot_item.addItem(line, ignoreBounds=True)
            self.plot_item.addItem(label, ignoreBounds=True)
            self._refs.append((line, label))
            self._style_reference(line, label)
        self._ref_values = refs
        for i, (line, label) in enumerate(self._refs):
            if i < len(refs):
                name, usd = refs[i]
                line.setValue(math.log10(usd))
                text = f"{name} {format_money_axis(usd)}"
                label.setText(elide(text, self.chart_font(), MAX_REFERENCE_LABEL_PX))
                line.show()
                label.show()
            else:
                line.hide()
                label.hide()

    def _set_fan_visible(self, visible: bool) -> None:
        changed = self._fan_shown != visible
        self._fan_shown = visible
        for item in (self._fan_p10, self._fan_p90, self._fan_fill, self._fan_p50):
            item.setVisible(visible)
        if changed:
            self._fill_legend()

    def _fill_legend(self) -> None:
        p = self._pens
        entries = [("fast decline", p["fast"], None), ("slow decline", p["slow"], None)]
        if self._fan_shown:
            entries += [("Monte Carlo P10–P90", None, p["fan_brush"]), ("Monte Carlo median", p["p50"], None)]
        self.legend.set_entries(entries, self._theme, self.chart_font())

    def _curve_values(self) -> np.ndarray:
        ev = self._evaluation
        if ev is None:
            return np.zeros(0)
        return np.log10(np.concatenate([ev.projection.fast, ev.projection.slow, [ev.projection.budget]]))

    def _fan_floor(self) -> float:
        values = self._curve_values()
        return float(values.min()) - FAN_FLOOR_DECADES if values.size else -12.0

    def _update_range(self) -> None:
        if self._evaluation is None or self._x.size == 0:
            return
        ys = [self._curve_values()]
        if self._fan_shown:
            for item in (self._fan_p10, self._fan_p90):
                _, fy = item.getData()
                ys.append(np.asarray(fy))
        ys.append(np.array([math.log10(usd) for _, usd in self._ref_values]))
        values = np.concatenate(ys)
        lo, hi = float(values.min()), float(values.max())
        span = max(hi - lo, 0.5)
        lo -= max(0.12, 0.06 * span)
        hi += max(0.25, 0.14 * span)  # room above for the legend and labels
        x0, x1 = float(self._x[0]), float(self._x[-1])
        x0 -= 0.012 * (x1 - x0)  # the as-of line clear of the axis
        self._set_view_range((x0, x1), (lo, hi))
        self.money_axis.fit_range(lo, hi)
        self._place_labels()

    def _curves(self) -> list[tuple[np.ndarray, np.ndarray, float]]:
        """The drawn lines as (x, y, weight): a label over a decline curve costs most, over the fan less."""
        out = []
        for item, weight in ((self._fast, 10.0), (self._slow, 10.0)):
            x, y = item.getData()
            if x is not None and y is not None and len(x):
                out.append((np.asarray(x), np.asarray(y), weight))
        if self._fan_shown:
            for item, weight in ((self._fan_p50, 4.0), (self._fan_p10, 2.0), (self._fan_p90, 2.0)):
                x, y = item.getData()
                if x is not None and y is not None and len(x):
                    out.append((np.asarray(x), np.asarray(y), weight))
        return out

    @staticmethod
    def _covered(
        box: tuple[float, float, float, float], curves: list[tuple[np.ndarray, np.ndarray, float]]
    ) -> float:
        """How much of the drawn lines a label's box (x0, x1, y0, y1 in data units) would cover."""
        x0, x1, y0, y1 = box
        cost = 0.0
        for x, y, weight in curves:
            inside = (x >= x0) & (x <= x1)
            ys = [float(np.interp(x0, x, y)), float(np.interp(x1, x, y)), *y[inside].tolist()]
            if min(ys) <= y1 and max(ys) >= y0:
                cost += weight
        return cost

    def _place_labels(self) -> None:
        """Put the direct labels where they are readable and hide nothing: the budget's (and each reference
        line's) at whichever end of its line, above or below it, covers no curve and no other label; then
        "as of", "today" and the window's on the first row at the top where they overlap no label."""
        (x0, x1), (y0, y1) = self.view_box.viewRange()
        px, py = self._px_to_data()
        if py <= 0:
            py = (y1 - y0) / 300
            px = (x1 - x0) / 600
        curves = self._curves()
        boxes: list[tuple[float, float, float, float]] = []  # x0, x1, y0, y1 of each label, in data units

        def size(label: pg.TextItem) -> tuple[float, float]:
            rect = label.boundingRect()  # the text and its margin (a backed label's panel): in data units
            return rect.width() * px, rect.height() * py

        def overlaps(box: tuple[float, float, float, float]) -> int:
            return sum(
                1 for b in boxes if b[0] < box[1] and b[1] > box[0] and b[2] < box[3] and b[3] > box[2]
            )

        left_end = max(float(self._as_of.value()), x0) + 4 * px
        if self._today_line.isVisible():
            left_end = max(left_end, float(self._today_line.value()) + 4 * px)
        labels = [(float(self._budget.value()), self._budget_label)]
        labels += [(float(line.value()), label) for line, label in self._refs if line.isVisible()]
        labels.sort(key=lambda pair: pair[0])
        for y, label in labels:
            w, h = size(label)
            best: tuple[float, tuple[float, float, float, float], bool] | None = None
            for at_right in (True, False):
                for above in (True, False):
                    left = x1 - 2 * px - w if at_right else left_end
                    bottom = y + py if above else y - py - h
                    box = (left, left + w, bottom, bottom + h)
                    outside = box[3] > y1 or box[2] < y0 or box[0] < x0
                    score = self._covered(box, curves) + 100 * overlaps(box) + 200 * outside
                    score += (0 if at_right else 0.5) + (0 if above else 0.25)  # else: right end, above
                    if best is None or score < best[0]:
                        best = (score, box, above)
            assert best is not None
            _, box, above = best
            label.setAnchor((0.0, 1.0 if above else 0.0))
            label.setPos(box[0], box[2] if above else box[3])
            boxes.append(box)
        # The labels at the top go on the first row where they overlap no other label: a second or third
        # row below when their lines stand close together, or when the budget runs along the top.
        tops: list[tuple[pg.TextItem, float]] = [(self._as_of_label, float(self._as_of.value()))]
        if self._today_line.isVisible():
            tops.append((self._today_label, float(self._today_line.value())))
        if self._window.isVisible() or self._window_beyond:
            tops.append((self._window_label, max(self._window.getRegion()[0], x0)))
        for label, x in tops:
            w, h = size(label)
            left = x + 2 * px
            if left + w > x1 - 2 * px:  # never cut at the right edge ("arri…"): it ends at the edge
                left = max(x0 + 2 * px, x1 - 2 * px - w)
            row = 0
            while True:
                top = y1 - py - h * row
                box = (left, left + w, top - h, top)
                if not overlaps(box) or row > 6:
                    break
                row += 1
            label.setAnchor((0, 0))
            label.setPos(left, top)
            boxes.append(box)

    # -- hover ---------------------------------------------------------------------------------------

    def _nearest(self, x: float) -> int | None:
        if self._x.size == 0:
            return None
        return int(np.argmin(np.abs(self._x - x)))

    def _hover_text(self, x: float, y: float) -> str | None:
        ev = self._evaluation
        i = self._nearest(x)
        if ev is None or i is None:
            return None
        proj = ev.projection
        lines = [
            format_month(proj.dates[i]),
            f"fast decline: {format_money_full(float(proj.fast[i]))}",
            f"slow decline: {format_money_full(float(proj.slow[i]))}",
        ]
        mc = self._mc
        if mc is not None and self._fan_shown and i < mc.fan_p50.size:
            lines.append(
                f"Monte Carlo median: {format_money_full(float(mc.fan_p50[i]))} "
                f"(P10 {format_money_full(float(mc.fan_p10[i]))}, "
                f"P90 {format_money_full(float(mc.fan_p90[i]))})"
            )
        lines.append(f"budget: {format_money_full(proj.budget)}")
        return "\n".join(lines)

    def _hover_moved(self, at: QPointF | None) -> None:
        i = None if at is None else self._nearest(at.x())
        if i is None:
            self._cursor.hide()
        else:
            self._cursor.setValue(float(self._x[i]))
            self._cursor.show()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._place_labels()

    def _on_view_box_resized(self, _box: object) -> None:
        if self._evaluation is not None:
            self._place_labels()

    # -- style ---------------------------------------------------------------------------------------

    def _restyle(self) -> None:
        t = self._theme
        curve = QColor(t.curve)
        fan = QColor(t.fan)
        width = 2.5 if self._font_scale > 1 else 2.0
        fast_pen = pg.mkPen(curve, width=width)
        slow_pen = pg.mkPen(curve, width=width, style=Qt.PenStyle.DashLine)
        self._fast.setPen(fast_pen)
        self._slow.setPen(slow_pen)
        band_brush = pg.mkBrush(with_alpha(t.band, 70 if t.dark else 55))
        self._band.setBrush(band_brush)
        self._band.setPen(pg.mkPen(None))
        fan_brush = pg.mkBrush(with_alpha(fan, 60 if t.dark else 50))
        self._fan_fill.setBrush(fan_brush)
        self._fan_fill.setPen(pg.mkPen(None))
        edge = pg.mkPen(with_alpha(fan, 140), width=1)
        self._fan_p10.setPen(edge)
        self._fan_p90.setPen(edge)
        p50_pen = pg.mkPen(
            with_alpha(fan.lighter(110) if t.dark else fan.darker(115), 230),
            width=1.5,
            style=Qt.PenStyle.DashLine,
        )
        self._fan_p50.setPen(p50_pen)
        self._budget.setPen(pg.mkPen(t.budget, width=2, style=Qt.PenStyle.DashLine))
        self._as_of.setPen(pg.mkPen(t.today, width=1.5))
        self._today_line.setPen(pg.mkPen(t.today, width=1.5, style=Qt.PenStyle.DotLine))
        self._cursor.setPen(pg.mkPen(with_alpha(t.foreground, 90), width=1))
        self._style_text(self._budget_label, t.budget, bold=True, backed=True)
        self._style_text(self._as_of_label, t.today)
        self._style_text(self._today_label, t.today)
        self._window_label.setFont(self.chart_font())
        if self._evaluation is not None and self._window.isVisible():
            self._set_window(self._evaluation)
        for line, label in self._refs:
            self._style_reference(line, label)
        self.plot_item.showGrid(x=True, y=True, alpha=t.grid_alpha)
        self._pens = {"fast": fast_pen, "slow": slow_pen, "fan_brush": fan_brush, "p50": p50_pen}
        self._fill_legend()
        self._place_labels()

    def _style_reference(self, line: pg.InfiniteLine, label: pg.TextItem) -> None:
        t = self._theme
        line.setPen(pg.mkPen(t.reference, width=1.5, style=Qt.PenStyle.DotLine))
        self._style_text(label, t.reference, backed=True)
