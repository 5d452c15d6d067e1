"""Which assumptions matter: a tornado of orders of magnitude still to fall.

Each of the top inputs (the sensitivity rows, already sorted by swing: eight, or as many as the chart's
height shows legibly) is a horizontal bar from ``orders_of_magnitude`` with the input at its low to the
same with it at its high, split at today's value (a vertical line): the low side in one colour, the high
side in another. The verdict's band edges (0, 1 and 2 orders of magnitude) are drawn faintly. An end where
the pitch would cost nothing has no orders of magnitude; its bar runs to the left edge.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QFontMetrics
from PySide6.QtWidgets import QWidget

from core.analysis import Analysis
from core.formatting import format_orders
from core.uncertainty import SensitivityRow
from core.verdict import BAND_EDGES
from desktop.charts.axes import CategoryAxis, OrdersAxis
from desktop.charts.base import EMPTY_FREE, ChartBase, empty_reason
from desktop.charts.common import clear_bars, with_alpha
from desktop.charts.legends import LegendRow

TOP_ROWS = 8
BAR_HEIGHT = 0.62
NOTHING_TO_VARY = "Nothing to vary: the pitch costs nothing"


def _oom_text(oom: float | None) -> str:
    return "costs nothing" if oom is None else f"{format_orders(oom)} OOM"


def input_text(row: SensitivityRow, value: float) -> str:
    """An input's value as its kind is written everywhere (the field registry says which kind it is)."""
    return row.value_text(value)


def hover_sentence(row: SensitivityRow) -> str:
    """``low 100 → 1.02 OOM, high 300 → 1.49 OOM; one order away at 96.6``."""
    text = (
        f"low {input_text(row, row.low)} → {_oom_text(row.oom_low)}, "
        f"high {input_text(row, row.high)} → {_oom_text(row.oom_high)}"
    )
    if row.better_verdict is not None and row.better_at is not None:
        text += f"; {row.better_verdict.short.lower()} at {input_text(row, row.better_at)}"
    if row.worse_verdict is not None and row.worse_at is not None:
        text += f"; {row.worse_verdict.short.lower()} past {input_text(row, row.worse_at)}"
    return text


class SensitivityChart(ChartBase):
    """A tornado: how far each input moves the orders of magnitude, largest swing on top."""

    export_name = "sensitivity"

    def __init__(self, parent: QWidget | None = None) -> None:
        self.name_axis = CategoryAxis("left")
        self.orders_axis = OrdersAxis("bottom")
        super().__init__(parent, axis_items={"left": self.name_axis, "bottom": self.orders_axis})
        self.orders_axis.set_titles("orders of magnitude to fall", "OOM to fall")
        self._rows: list[SensitivityRow] = []  # the rows drawn: the largest swings that fit the height
        self._all_rows: list[SensitivityRow] = []
        self._current = 0.0
        self._floor = 0.0
        self._styles: dict[str, Any] = {}
        self._low = pg.BarGraphItem(x0=[], y=[], width=[], height=BAR_HEIGHT)
        self._high = pg.BarGraphItem(x0=[], y=[], width=[], height=BAR_HEIGHT)
        self._edges = [pg.InfiniteLine(pos=e, angle=90, movable=False) for e in BAND_EDGES]
        self._now = pg.InfiniteLine(angle=90, movable=False)
        self._highlight = pg.BarGraphItem(x0=[], y=[], width=[], height=BAR_HEIGHT)
        self._highlight.setZValue(5)
        # Above the plot, wrapping when narrow: inside its panel, over no bar.
        self.legend = LegendRow()
        self.add_header(self.legend)
        for edge in self._edges:
            self.plot_item.addItem(edge, ignoreBounds=True)
        for item in (self._low, self._high, self._highlight, self._now):
            self.plot_item.addItem(item, ignoreBounds=True)
        self.view_box.sigResized.connect(self._on_view_box_resized)
        self._apply_style()
        self._show_empty("Add a block from the library to start")

    # -- the interface ------------------------------------------------------------------------------

    def show_analysis(self, analysis: Analysis) -> None:
        reason = empty_reason(analysis)
        if reason is None and not analysis.sensitivity:
            reason = NOTHING_TO_VARY
        if reason is not None:
            self._rows = []
            self._all_rows = []
            self._show_empty(NOTHING_TO_VARY if reason == EMPTY_FREE else reason)
            return
        ev = analysis.evaluation
        assert ev is not None and ev.orders_of_magnitude is not None
        self._all_rows = list(analysis.sensitivity)
        self._current = ev.orders_of_magnitude
        self._draw_rows()

    def _fitting_rows(self) -> int:
        """How many rows fit the chart's height with their names legible (three at least, eight at most)."""
        height = self.view_box.height()
        if height <= 0:
            return TOP_ROWS
        fm = QFontMetrics(self.chart_font())
        return max(3, min(TOP_ROWS, int((height - 8) // (1.15 * fm.height()))))

    def _draw_rows(self) -> None:
        rows = self._all_rows[: self._fitting_rows()]
        self._rows = rows
        finite = [v for r in rows for v in (r.oom_low, r.oom_high) if v is not None] + [self._current]
        span = max(max(finite) - min(finite), 0.5)
        self._floor = min(finite) - 0.25 * span  # where an end that costs nothing is drawn
        n = len(rows)
        ys = np.arange(n, dtype=float)[::-1]
        low_end = np.array([self._end(r.oom_low) for r in rows])
        high_end = np.array([self._end(r.oom_high) for r in rows])
        self._set_side(self._low, ys, low_end)
        self._set_side(self._high, ys, high_end)
        self._now.setValue(self._current)
        self._fill_legend()
        self.name_axis.set_categories(ys, [r.label for r in rows])
        clear_bars(self._highlight)
        self._show_plot()
        self._update_range()

    # -- drawing ------------------------------------------------------------------------------------

    def _end(self, oom: float | None) -> float:
        return self._floor if oom is None else float(oom)

    def _set_side(self, item: pg.BarGraphItem, ys: np.ndarray, ends: np.ndarray) -> None:
        x0 = np.minimum(ends, self._current)
        width = np.abs(ends - self._current)
        item.setOpts(x0=x0, y=ys, width=width, height=BAR_HEIGHT)

    def _fill_legend(self) -> None:
        entries = [
            ("low", None, self._styles["low"]),
            ("high", None, self._styles["high"]),
        ]
        if self._rows:
            entries.append((f"today {format_orders(self._current)}", self._styles["now"], None))
        self.legend.set_entries(entries, self._theme, self.chart_font())

    def _update_range(self) -> None:
        n = len(self._rows)
        if n == 0:
            return
        # names whole where there is room: the bars keep 40% of the chart (150 px at least), names the rest
        fm = QFontMetrics(self.chart_font())
        inner = max(self.width() - 30, 160)
        names_full = max(fm.horizontalAdvance(r.label) for r in self._rows) + 16
        self.name_axis.set_max_label_px(max(120, min(names_full, inner - max(150, int(inner * 0.4)))) - 12)
        ends = [self._end(v) for r in self._rows for v in (r.oom_low, r.oom_high)]
        values = np.array([*ends, self._current])
        lo, hi = float(values.min()), float(values.max())
        span = max(hi - lo, 0.4)
        lo, hi = lo - 0.08 * span, hi + 0.08 * span
        slot_px = max(self.view_box.height(), 100) / n
        self._set_view_range((lo, hi), (-0.6, n - 0.4))
        for edge in self._edges:
            edge.setVisible(lo <= edge.value() <= hi)
        height = min(BAR_HEIGHT, 2.4 * fm.height() / slot_px)
        if abs(height - self._low.opts["height"]) > 1e-3:
            for item in (self._low, self._high, self._highlight):
                item.setOpts(height=height)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._update_range()

    def _on_view_box_resized(self, _box: object) -> None:
        # The plot area's height is known only once pyqtgraph's layout has run (after resizeEvent).
        if self._all_rows and len(self._rows) != min(len(self._all_rows), self._fitting_rows()):
            self._draw_rows()
        else:
            self._update_range()

    # -- hover ---------------------------------------------------------------------------------------

    def _row_at(self, y: float) -> int | None:
        n = len(self._rows)
        i = n - 1 - round(y)
        return i if 0 <= i < n and abs(y - round(y)) <= 0.5 else None

    def _hover_text(self, x: float, y: float) -> str | None:
        i = self._row_at(y)
        if i is None:
            return None
        row = self._rows[i]
        source = "range given in the pitch" if row.from_range else "no range given: half to double"
        return f"{row.label}\n{hover_sentence(row)}\n({source}; today {input_text(row, row.value)})"

    def _hover_moved(self, at: QPointF | None) -> None:
        i = None if at is None else self._row_at(at.y())
        if i is None:
            clear_bars(self._highlight)
            return
        row = self._rows[i]
        a, b = self._end(row.oom_low), self._end(row.oom_high)
        lo, hi = min(a, b, self._current), max(a, b, self._current)
        self._highlight.setOpts(x0=[lo], y=[float(len(self._rows) - 1 - i)], width=[hi - lo])

    # -- style ---------------------------------------------------------------------------------------

    def _restyle(self) -> None:
        t = self._theme
        low_color, high_color = QColor(t.curve), QColor(t.reference)
        low_brush = pg.mkBrush(with_alpha(low_color, 210))
        high_brush = pg.mkBrush(with_alpha(high_color, 210))
        self._low.setOpts(brush=low_brush, pen=pg.mkPen(None))
        self._high.setOpts(brush=high_brush, pen=pg.mkPen(None))
        self._highlight.setOpts(brush=pg.mkBrush(None), pen=pg.mkPen(t.foreground, width=1.5))
        for edge in self._edges:
            edge.setPen(pg.mkPen(with_alpha(t.foreground, 70), width=1, style=Qt.PenStyle.DashLine))
        self._now.setPen(pg.mkPen(t.foreground, width=2))
        self.plot_item.showGrid(x=False, y=False)
        self._styles = {"low": low_brush, "high": high_brush, "now": pg.mkPen(t.foreground, width=2)}
        self._fill_legend()
        if self._rows:
            self._update_range()
