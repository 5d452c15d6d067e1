"""The projection drawn for a projector: the same chart, with lines and legend words a room can read.

Presentation mode (``desktop/workflows/presentation/window.py``) scales the chart's type with the window;
this chart makes its curves, budget and as-of lines thick to match. The legend above the plot
(:class:`desktop.charts.legends.LegendRow`) draws each line's own pen thin enough for its dashes to show, so
the "slow decline" sample is dashed like its seven-pixel line. Its words are short and a little smaller than
the axes' (the chart is a third of the screen's height at 720p: a legend in the axes' type would take half).
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from desktop.charts.projection_chart import ProjectionChart
from desktop.theme import scaled_font

CURVE_WIDTH = 7
BUDGET_WIDTH = 5
LEGEND_TYPE = 0.8  # of the chart's type


class PresentationProjection(ProjectionChart):
    """The projection with curves and lines thick enough for the back of a room."""

    export_name = "presentation-projection"

    def _restyle(self) -> None:
        super()._restyle()
        t = self._theme
        curve = QColor(t.curve)
        fast = pg.mkPen(curve, width=CURVE_WIDTH)
        slow = pg.mkPen(curve, width=CURVE_WIDTH, style=Qt.PenStyle.DashLine)
        self._fast.setPen(fast)
        self._slow.setPen(slow)
        self._budget.setPen(pg.mkPen(t.budget, width=BUDGET_WIDTH, style=Qt.PenStyle.DashLine))
        self._as_of.setPen(pg.mkPen(t.today, width=3))
        self._pens.update({"fast": fast, "slow": slow})
        self._fill_legend()

    def _fill_legend(self) -> None:
        if not self._pens:
            return  # before the first style
        p = self._pens
        entries = [("fast decline", p["fast"], None), ("slow decline", p["slow"], None)]
        if self._fan_shown:
            entries += [("P10–P90 (Monte Carlo)", None, p["fan_brush"]), ("median", p["p50"], None)]
        font = scaled_font(QApplication.font(), self._font_scale * LEGEND_TYPE)
        self.legend.set_entries(entries, self._theme, font)
