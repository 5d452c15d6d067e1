"""Where the money goes: cost per active user-month of each enabled block, most expensive on top.

The engine's block costs are per active user (contract section 2); the axis says so, as the contract asks
of every cost per active user (the headline's cost per paying user carries the free users too). Disabled
blocks cost nothing and are left out. A pitch may have thousands of blocks; the chart names the
most expensive ones and gathers the rest into one bar, so every name stays readable.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QFontMetrics
from PySide6.QtWidgets import QWidget

from core.analysis import Analysis
from core.engine import BlockResult, Evaluation
from core.formatting import format_money_axis, format_money_full, format_percent, format_quantity
from desktop.charts.axes import CategoryAxis, MoneyAxis
from desktop.charts.base import ChartBase, empty_reason
from desktop.charts.common import clear_bars, with_alpha

AXIS_TITLE = "cost per active user-month"

MAX_BARS = 12  # beyond this, the cheapest blocks share one "N other blocks" bar
BAR_HEIGHT = 0.64


@dataclass(frozen=True)
class _Bar:
    name: str
    cost: float  # per active user-month
    share: float
    blocks: tuple[BlockResult, ...]


class BreakdownChart(ChartBase):
    """Horizontal bars of each enabled block's cost per active user-month, sorted descending."""

    export_name = "breakdown"

    def __init__(self, parent: QWidget | None = None) -> None:
        self.name_axis = CategoryAxis("left")
        self.money_axis = MoneyAxis("bottom")
        super().__init__(parent, axis_items={"left": self.name_axis, "bottom": self.money_axis})
        self.money_axis.setLabel(AXIS_TITLE)
        self._bars_data: list[_Bar] = []
        self._evaluation: Evaluation | None = None
        self._bars = pg.BarGraphItem(x0=[], y=[], width=[], height=BAR_HEIGHT)
        self.plot_item.addItem(self._bars)
        self._values: list[pg.TextItem] = []
        self._highlight = pg.BarGraphItem(x0=[], y=[], width=[], height=BAR_HEIGHT)
        self._highlight.setZValue(5)
        self.plot_item.addItem(self._highlight)
        self._apply_style()
        self._show_empty("Add a block from the library to start")

    # -- the interface ------------------------------------------------------------------------------

    def show_analysis(self, analysis: Analysis) -> None:
        reason = empty_reason(analysis)
        if reason is not None:
            self._evaluation = None
            self._bars_data = []
            self._show_empty(reason)
            return
        ev = analysis.evaluation
        assert ev is not None
        self._evaluation = ev
        enabled = [b for b in ev.blocks if b.enabled]
        ranked = sorted(enabled, key=lambda b: (-b.cost_per_user_month, b.index))
        if len(ranked) > MAX_BARS:
            shown, rest = ranked[: MAX_BARS - 1], ranked[MAX_BARS - 1 :]
            bars = [_Bar(b.name, b.cost_per_user_month, b.share, (b,)) for b in shown]
            rest_cost = float(sum(b.cost_per_user_month for b in rest))
            rest_share = float(sum(b.share for b in rest))
            bars.append(_Bar(f"{len(rest)} other blocks", rest_cost, rest_share, tuple(rest)))
        else:
            bars = [_Bar(b.name, b.cost_per_user_month, b.share, (b,)) for b in ranked]
        self._bars_data = bars
        n = len(bars)
        ys = np.arange(n, dtype=float)[::-1]  # the first (most expensive) bar on top
        costs = np.array([b.cost for b in bars], dtype=float)
        self._bars.setOpts(x0=np.zeros(n), y=ys, width=costs, height=BAR_HEIGHT)
        self.name_axis.set_categories(ys, [b.name for b in bars])
        while len(self._values) < n:
            item = pg.TextItem(anchor=(0, 0.5))
            self.plot_item.addItem(item, ignoreBounds=True)
            self._style_text(item)
            self._values.append(item)
        for i, item in enumerate(self._values):
            if i < n:
                item.setText(f"{format_money_axis(bars[i].cost)} · {format_percent(bars[i].share)}")
                item.setPos(float(costs[i]), float(ys[i]))
                item.show()
            else:
                item.hide()
        clear_bars(self._highlight)
        self._show_plot()
        self._update_range()

    # -- layout -------------------------------------------------------------------------------------

    def _update_range(self) -> None:
        n = len(self._bars_data)
        if n == 0:
            return
        self.name_axis.set_max_label_px(max(120, int(self.width() * 0.36)))
        top = max(b.cost for b in self._bars_data)
        # Room at the right for the value labels: their pixel width as a share of the view's.
        fm = QFontMetrics(self.chart_font())
        label_px = max(fm.horizontalAdvance(item.toPlainText()) for item in self._values[:n]) + 14
        view_px = max(self.view_box.width(), self.width() * 0.55, 120)
        frac = min(0.6, label_px / view_px)
        right = top / (1 - frac) if top > 0 else 1.0
        self._set_view_range((0, right), (-0.6, n - 0.4))
        # Bars about three lines of text thick, however few there are.
        slot_px = max(self.view_box.height(), 100) / n
        height = min(BAR_HEIGHT, 3.2 * fm.height() / slot_px)
        if abs(height - self._bars.opts["height"]) > 1e-3:
            self._bars.setOpts(height=height)
            self._highlight.setOpts(height=height)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._update_range()

    # -- hover ---------------------------------------------------------------------------------------

    def _bar_at(self, y: float) -> int | None:
        n = len(self._bars_data)
        i = n - 1 - round(y)
        return i if 0 <= i < n and abs(y - round(y)) <= 0.5 else None

    def _hover_text(self, x: float, y: float) -> str | None:
        i = self._bar_at(y)
        if i is None:
            return None
        bar = self._bars_data[i]
        lines = [
            bar.name,
            f"{format_money_full(bar.cost)} per active user-month, {format_percent(bar.share)} of the cost",
        ]
        if len(bar.blocks) == 1:
            b = bar.blocks[0]
            lines.append(
                f"{format_money_full(b.cost_per_call)} a call × "
                f"{format_quantity(b.calls_per_user_month)} calls a user-month"
            )
        return "\n".join(lines)

    def _hover_moved(self, at: QPointF | None) -> None:
        i = None if at is None else self._bar_at(at.y())
        if i is None:
            clear_bars(self._highlight)
            return
        n = len(self._bars_data)
        self._highlight.setOpts(x0=[0.0], y=[float(n - 1 - i)], width=[self._bars_data[i].cost])

    # -- style ---------------------------------------------------------------------------------------

    def _restyle(self) -> None:
        t = self._theme
        color = QColor(t.curve)
        self._bars.setOpts(brush=pg.mkBrush(with_alpha(color, 200)), pen=pg.mkPen(None))
        self._highlight.setOpts(brush=pg.mkBrush(None), pen=pg.mkPen(t.foreground, width=1.5))
        for item in self._values:
            self._style_text(item)
        self.plot_item.showGrid(x=True, y=False, alpha=t.grid_alpha)
        self.name_axis.setStyle(tickLength=0)
        if self._bars_data:
            self._update_range()
