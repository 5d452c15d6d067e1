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
from core.formatting import (
    format_money,
    format_money_full,
    format_percent,
    format_quantity,
)
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
        self.money_axis.set_titles(AXIS_TITLE, "$ per active user-month")
        self._bars_data: list[_Bar] = []
        self._evaluation: Evaluation | None = None
        self._bars = pg.BarGraphItem(x0=[], y=[], width=[], height=BAR_HEIGHT)
        self.plot_item.addItem(self._bars)
        self._values: list[pg.TextItem] = []
        self._highlight = pg.BarGraphItem(x0=[], y=[], width=[], height=BAR_HEIGHT)
        self._highlight.setZValue(5)
        self.plot_item.addItem(self._highlight)
        self._short_values: bool | None = None  # the value labels without their shares (a narrow chart)
        self.view_box.sigResized.connect(self._on_view_box_resized)
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
                item.setPos(float(costs[i]), float(ys[i]))
                item.show()
            else:
                item.hide()
        self._short_values = None  # chosen for the width in _update_range
        clear_bars(self._highlight)
        self._show_plot()
        self._update_range()

    # -- layout -------------------------------------------------------------------------------------

    def value_text(self, bar: _Bar, short: bool = False) -> str:
        """``$1.14 · 63%`` at a bar's end (``$1.14`` where the chart is too narrow for the share)."""
        money = format_money(bar.cost)  # the money rule: as the blocks table beside it says it
        return money if short else f"{money} · {format_percent(bar.share)}"

    def _update_range(self) -> None:
        n = len(self._bars_data)
        if n == 0:
            return
        fm = QFontMetrics(self.chart_font())
        # The room: names at the left, bars, and each bar's value at its end, never cut. Names get what
        # the bars (a quarter of the chart at least) and the values leave, up to their whole width.
        inner = max(self.width() - 30, 160)
        bars_min = max(90, inner // 4)

        def widest(short: bool) -> int:
            return max(fm.horizontalAdvance(self.value_text(b, short)) for b in self._bars_data) + 14

        names_full = max(fm.horizontalAdvance(b.name) for b in self._bars_data) + 16
        short = names_full + widest(False) + bars_min > inner and widest(False) > inner * 0.42
        value_px = widest(short)
        names_px = max(90, min(names_full, inner - value_px - bars_min))
        self.name_axis.set_max_label_px(names_px - 12)  # (4 px to spare: elision measures in subpixels)
        if short != self._short_values:
            self._short_values = short
            for bar, item in zip(self._bars_data, self._values, strict=False):
                item.setText(self.value_text(bar, short))
        top = max(b.cost for b in self._bars_data)
        view_px = self.view_box.width() if self.view_box.width() > 40 else inner - names_px
        frac = min(0.8, value_px / max(view_px, 1))
        right = top / (1 - frac) if top > 0 else 1.0
        self._set_view_range((0, right), (-0.6, n - 0.4))
        # Bars about three lines of text thick, however few there are.
        slot_px = max(self.view_box.height(), 100) / n
        height = min(BAR_HEIGHT, 3.2 * fm.height() / slot_px)
        if abs(height - self._bars.opts["height"]) > 1e-3:
            self._bars.setOpts(height=height)
            self._highlight.setOpts(height=height)

    def _on_view_box_resized(self, _box: object) -> None:
        # The plot area's width is known only once pyqtgraph's layout has run (after resizeEvent).
        if self._bars_data:
            self._update_range()

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
