"""The chance the pitch is viable by each date over ten years, from the Monte Carlo.

The curve is the Monte Carlo's; the shaded window is the point-value arrival window of the evaluation, in
the verdict's colour: two different figures, labelled so (contract section 2). Until the first Monte Carlo
result arrives the chart says it is simulating; after an edit the previous curve stays, faded, until the
new one arrives, so that the chart does not flash on every keystroke. A point-value window that lies wholly
before today is labelled as passed (contract section 3).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from core.analysis import Analysis
from core.engine import Evaluation, projection_dates
from core.formatting import format_month, format_percent
from core.uncertainty import UncertaintyResult
from core.wording import arrival_passed
from desktop.charts.axes import PercentAxis, YearAxis
from desktop.charts.base import ChartBase, empty_reason
from desktop.charts.common import decimal_year, decimal_years, with_alpha
from desktop.charts.projection_chart import PASSED_WORDS, WINDOW_WORDS
from desktop.theme import verdict_color

SIMULATING = "Simulating…"
GUIDES = (10.0, 50.0, 90.0)


class ProbabilityChart(ChartBase):
    """P(viable by date): a rising curve from today's chance to (usually) certainty."""

    export_name = "probability"

    def __init__(self, parent: QWidget | None = None) -> None:
        self.percent_axis = PercentAxis("left")
        self.year_axis = YearAxis("bottom")
        super().__init__(parent, axis_items={"left": self.percent_axis, "bottom": self.year_axis})
        self.percent_axis.setLabel("chance it is viable by then")
        self._evaluation: Evaluation | None = None
        self._today = date.today()
        self._mc: UncertaintyResult | None = None
        self._stale = False
        self._curve_style: tuple[Any, ...] | None = None

        self._window = pg.LinearRegionItem(movable=False)
        self._window.setZValue(-20)
        for line in self._window.lines:
            line.setPen(pg.mkPen(None))
        self._window_label = pg.TextItem(anchor=(0, 1))
        self._guides = [pg.InfiniteLine(pos=g, angle=0, movable=False) for g in GUIDES]
        self._curve = pg.PlotCurveItem()
        self._as_of = pg.InfiniteLine(angle=90, movable=False)
        self._as_of_label = pg.TextItem(anchor=(0, 0))
        self._marks = pg.ScatterPlotItem(size=8)
        self._mark_labels = [pg.TextItem(anchor=(0, 1)) for _ in GUIDES]
        self._today_label = pg.TextItem(anchor=(0, 1))
        self._today_label.hide()
        self._status = pg.TextItem(anchor=(1, 0))
        self._cursor = pg.InfiniteLine(angle=90, movable=False)
        self._cursor.hide()
        for item in (self._window, *self._guides, self._curve, self._as_of, self._marks, self._cursor):
            self.plot_item.addItem(item, ignoreBounds=True)
        for label in (
            self._window_label,
            self._as_of_label,
            *self._mark_labels,
            self._today_label,
            self._status,
        ):
            self.plot_item.addItem(label, ignoreBounds=True)
        self.plot_item.showGrid(x=True, y=False)
        self._apply_style()
        self._show_empty("Add a block from the library to start")

    # -- the interface ------------------------------------------------------------------------------

    def show_analysis(self, analysis: Analysis) -> None:
        reason = empty_reason(analysis)
        if reason is not None:
            self._evaluation = None
            self._mc = None
            self._show_empty(reason)
            return
        ev = analysis.evaluation
        assert ev is not None
        had_curve = self._mc is not None or self._stale
        self._evaluation = ev
        self._today = analysis.today
        self._mc = None
        self._as_of.setValue(decimal_year(ev.as_of))
        self._as_of_label.setText("as of")
        self._set_window(ev)
        if had_curve and not self.is_empty():
            # keep the previous curve, faded, until this pitch's Monte Carlo arrives
            self._stale = True
            self._status.setText(SIMULATING)
            self._status.show()
            self._restyle_curve()
        else:
            self._stale = False
            self._show_empty(SIMULATING)
        if analysis.uncertainty is not None:
            self.show_uncertainty(analysis)

    def show_uncertainty(self, analysis: Analysis) -> None:
        mc = analysis.uncertainty
        ev = self._evaluation
        if ev is None:
            self._mc = None
            return
        if mc is None:
            self._mc = None
            self._stale = False
            self._show_empty(SIMULATING)
            return
        self._mc = mc
        self._stale = False
        self._status.hide()
        x = decimal_years(projection_dates(ev.as_of, mc.curve_months))
        self._curve.setData(x, 100.0 * np.asarray(mc.p_viable_by_month, dtype=float))
        self._restyle_curve()
        self._set_marks(mc, x)
        self._show_plot()
        self._update_range()

    # -- drawing ------------------------------------------------------------------------------------

    def _set_window(self, ev: Evaluation) -> None:
        start = ev.arrival.earliest
        if start is None or ev.arrival.years_latest <= 0:
            self._window.hide()
            self._window_label.hide()
            return
        end = (
            decimal_year(ev.arrival.latest) if ev.arrival.latest is not None else decimal_year(ev.as_of) + 11
        )
        self._window.setRegion((decimal_year(start), end))
        color = verdict_color(ev.verdict)
        self._window.setBrush(pg.mkBrush(with_alpha(color, 56)))
        self._window_label.setText(PASSED_WORDS if arrival_passed(ev, self._today) else WINDOW_WORDS)
        self._window_label.setColor(color.darker(130) if not self._theme.dark else color.lighter(120))
        self._window.show()
        self._window_label.show()

    def _set_marks(self, mc: UncertaintyResult, x: np.ndarray) -> None:
        """Mark where the curve crosses 10%, 50% and 90% (the Monte Carlo's P10, P50 and P90 arrivals), or,
        for a share already viable today, that share at the start."""
        points = []
        marks = zip(
            self._mark_labels,
            GUIDES,
            (mc.arrival_p10, mc.arrival_p50, mc.arrival_p90),
            (mc.years_p10, mc.years_p50, mc.years_p90),
            strict=True,
        )
        for label, pct, day, years in marks:
            if day is None or years <= 0 or not x[0] <= decimal_year(day) <= x[-1]:
                label.hide()
                continue
            xd = decimal_year(day)
            points.append({"pos": (xd, pct)})
            label.setText(f"{format_percent(pct / 100)} by {format_month(day)}")
            label.setPos(xd, pct)
            label.show()
        if mc.p_viable_now >= 0.05:  # a sliver would only crowd the 10% mark
            pct = 100 * mc.p_viable_now
            points.append({"pos": (float(x[0]), pct)})
            self._today_label.setText(f"{format_percent(mc.p_viable_now)} viable today")
            self._today_label.setPos(float(x[0]), pct)
            self._today_label.setAnchor((-0.06, 1.1) if pct < 80 else (-0.06, -0.1))
            self._today_label.show()
        else:
            self._today_label.hide()
        self._marks.setData(points)

    def _update_range(self) -> None:
        x, _ = self._curve.getData()
        if x is None or len(x) == 0:
            return
        x0, x1 = float(x[0]), float(x[-1])
        x0 -= 0.012 * (x1 - x0)
        self._set_view_range((x0, x1), (-3, 110))
        self.percent_axis.fit_range(-3, 110)
        self._place_labels()

    def _place_labels(self) -> None:
        """The labels where they overlap no other label and stay inside the plot: "as of" at the top, the
        window's at its foot, "viable today" at the start, each 10/50/90% mark beside its point (right of it,
        or left, above or below: the first that is free)."""
        (x0, x1), (y0, y1) = self.view_box.viewRange()
        px, py = self._px_to_data()
        if py <= 0:
            px, py = (x1 - x0) / 600, (y1 + 3) / 300
        boxes: list[tuple[float, float, float, float]] = []

        def box_at(label: pg.TextItem, x: float, y: float, anchor: tuple[float, float]) -> tuple[float, ...]:
            rect = label.boundingRect()
            w, h = rect.width() * px, rect.height() * py
            left, top = x - anchor[0] * w, y + anchor[1] * h
            return (left, left + w, top - h, top)

        def free(box: tuple[float, ...]) -> bool:
            inside = box[0] >= x0 and box[1] <= x1 and box[2] >= y0 and box[3] <= y1
            return inside and not any(
                b[0] < box[1] and b[1] > box[0] and b[2] < box[3] and b[3] > box[2] for b in boxes
            )

        def place(label: pg.TextItem, x: float, y: float, anchors: list[tuple[float, float]]) -> None:
            chosen = next((a for a in anchors if free(box_at(label, x, y, a))), anchors[0])
            label.setAnchor(chosen)
            label.setPos(x, y)
            boxes.append(box_at(label, x, y, chosen))

        place(self._as_of_label, float(self._as_of.value()) + 4 * px, y1 - 2 * py, [(0, 0)])
        self._status.setPos(x1 - 6 * px, y1 - 2 * py)
        if self._window.isVisible():
            # at the foot of the window: the Monte Carlo marks sit higher, on the curve
            a, _ = self._window.getRegion()
            place(self._window_label, max(a, x0) + 4 * px, 1.0, [(0, 1)])
        if self._today_label.isVisible():
            pos = self._today_label.pos()
            place(
                self._today_label,
                pos.x(),
                pos.y(),
                [(-0.06, 1.1), (-0.06, -0.1), (-0.06, 2.15), (-0.06, 3.2)],
            )
        # beside the point, right or left, above or below; a line further off when both sides are taken
        anchors = [
            anchor
            for k in range(4)
            for anchor in (
                (-0.06, 1.0 + 1.05 * k),
                (1.06, 1.0 + 1.05 * k),
                (-0.06, -0.05 - 1.05 * k),
                (1.06, -0.05 - 1.05 * k),
            )
        ]
        for label in self._mark_labels:
            if label.isVisible():
                pos = label.pos()
                place(label, pos.x(), pos.y(), anchors)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if not self.is_empty():
            self._place_labels()

    # -- hover ---------------------------------------------------------------------------------------

    def _nearest(self, x: float) -> int | None:
        xs, _ = self._curve.getData()
        if xs is None or len(xs) == 0 or self._mc is None:
            return None
        return int(np.argmin(np.abs(np.asarray(xs) - x)))

    def _hover_text(self, x: float, y: float) -> str | None:
        i = self._nearest(x)
        ev, mc = self._evaluation, self._mc
        if i is None or ev is None or mc is None:
            return None
        day = projection_dates(ev.as_of, mc.curve_months[i : i + 1])[0]
        return (
            f"{format_month(day)}\n"
            f"{format_percent(float(mc.p_viable_by_month[i]))} of {mc.samples:,} simulated futures are viable by then"
        )

    def _hover_moved(self, at: QPointF | None) -> None:
        i = None if at is None else self._nearest(at.x())
        xs, _ = self._curve.getData()
        if i is None or xs is None:
            self._cursor.hide()
        else:
            self._cursor.setValue(float(xs[i]))
            self._cursor.show()

    # -- style ---------------------------------------------------------------------------------------

    def _restyle_curve(self) -> None:
        t = self._theme
        key = (t, self._stale, self._font_scale > 1)
        if key == self._curve_style:
            return  # restyling would drop the curve's cached path and fill for nothing
        self._curve_style = key
        color = QColor(t.curve)
        if self._stale:
            color.setAlpha(90)
        self._curve.setPen(pg.mkPen(color, width=2.5 if self._font_scale > 1 else 2.0))
        self._curve.setFillLevel(0.0)
        self._curve.setBrush(pg.mkBrush(with_alpha(t.band, 18 if self._stale else 32)))

    def _restyle(self) -> None:
        t = self._theme
        self._restyle_curve()
        guide_pen = pg.mkPen(with_alpha(t.foreground, 110), width=1, style=Qt.PenStyle.DashLine)
        for g in self._guides:
            g.setPen(guide_pen)
        self._as_of.setPen(pg.mkPen(t.today, width=1.5))
        self._cursor.setPen(pg.mkPen(with_alpha(t.foreground, 90), width=1))
        self._marks.setPen(pg.mkPen(t.background, width=1.5))
        self._marks.setBrush(pg.mkBrush(t.curve))
        self._style_text(self._as_of_label, t.today, backed=True)
        self._style_text(self._today_label, t.foreground, backed=True)
        self._style_text(self._status, t.foreground)
        self._window_label.setFont(self.chart_font())
        for label in self._mark_labels:
            self._style_text(label, t.foreground, backed=True)
        if self._evaluation is not None and self._window.isVisible():
            self._set_window(self._evaluation)
        self.plot_item.showGrid(x=True, y=False, alpha=t.grid_alpha)
        if not self.is_empty():
            self._place_labels()
