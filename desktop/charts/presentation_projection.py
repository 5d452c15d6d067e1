"""The projection drawn for a projector: the same chart, with lines and legend swatches a room can read.

Presentation mode (``desktop/workflows/presentation/window.py``) scales the chart's type with the window;
this chart makes its curves, budget and as-of lines thick to match. A legend swatch is 26 px wide: a dashed
pen seven pixels wide draws dashes of 28 px, so the "slow decline" sample would look solid beside its dashed
line. The legend gets its own dashes, short enough for two of them to show in the sample. Its words are short
and a little smaller than the axes' (the chart is a third of the screen's height at 720p: a legend in the axes'
type would cover half of it).
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from desktop.charts.legends import fill_legend
from desktop.charts.projection_chart import ProjectionChart
from desktop.theme import scaled_font

CURVE_WIDTH = 7
BUDGET_WIDTH = 5
LEGEND_WIDTH = 4  # a swatch's line: thick, and short dashes
LEGEND_DASHES = [1.5, 1.25]  # in pen widths, flat ends: 6 px dashes, 5 px gaps: three dashes in a swatch
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

    def legend_pens(self) -> dict[str, pg.QtGui.QPen]:
        """The pens of the legend's swatches (the curves' colours, with dashes that fit a swatch)."""
        curve = QColor(self._theme.curve)
        slow = pg.mkPen(curve, width=LEGEND_WIDTH, style=Qt.PenStyle.CustomDashLine)
        slow.setDashPattern(LEGEND_DASHES)
        slow.setCapStyle(Qt.PenCapStyle.FlatCap)  # square caps would grow each dash over its gaps
        return {"fast": pg.mkPen(curve, width=LEGEND_WIDTH), "slow": slow}

    def _fill_legend(self) -> None:
        if not self._pens:
            return  # before the first style
        p = self._pens
        swatch = self.legend_pens()
        entries = [("fast decline", swatch["fast"], None), ("slow decline", swatch["slow"], None)]
        if self._fan_shown:
            entries += [("P10–P90 (Monte Carlo)", None, p["fan_brush"]), ("median", p["p50"], None)]
        font = scaled_font(QApplication.font(), self._font_scale * LEGEND_TYPE)
        fill_legend(self.legend, entries, self._theme, font)
