"""History: replay a pitch at a past date, the price of a capability level over time, the essay's claims.

One window, three tabs (Pitch > Replay at a past date…, View > Price history…, View > Essay claims…):

* **Replay**: pick a day back to 2021; every block is priced as it would have been then
  (``core.replay``). A block whose model did not exist yet gets a suggested substitute (the cheapest model
  of the day at a comparable score, or the rule that applied, said in plain words) with its price then,
  and a button that applies it to the main window's document as one undo step ("Replay at 2023-03-14:
  use openai:gpt-4 for Chat"). The summary shows what the pitch would have cost that day.
* **History chart**: the cheapest price per million tokens of a capability level over time
  (``core.history_analysis``): a step line on a log money axis, a fitted decline, and the published rates
  (C2, C3, C8, C10) as slopes from the first point.
* **Essay claims**: ``core.claims``: each statement, its figures from the shipped examples, holds or fails,
  and the reading and assumptions it rests on.

Every number goes through ``core.formatting``; all text is plain (``desktop.safety``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QDate, QEvent, QObject, QPointF, QSignalBlocker, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QBrush, QColor, QFontMetrics, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.catalog import PriceCatalog
from core.claims import ClaimResult, claim_holds, evaluate_claims
from core.engine import evaluate
from core.errors import PitchError
from core.formatting import format_money, format_money_full, format_month, needs_sentence
from core.history import price_history
from core.history_analysis import (
    ESSAY_DATE,
    GPT4_LAUNCH,
    GPT4_LEVEL,
    LEVELS,
    CapabilityLevel,
    FrontierFit,
    FrontierPoint,
    cheapest_series,
    fit_frontier,
    last_scored_date,
    reference_price,
    reference_rates,
    step_line,
    unscored_models,
)
from core.replay import BlockReplay, Substitute, replay_blocks, replay_text, replayed
from core.verdict import Verdict
from core.wording import cost_vs_budget
from desktop.charts.base import ChartBase, DollarLogAxis, YearAxis, decimal_year, fill_legend, with_alpha
from desktop.document import PitchDocument
from desktop.evaluation_service import EvaluationBundle
from desktop.safety import plain_label, plain_tooltip, set_plain
from desktop.theme import VERDICT_COLORS, VERDICT_TEXT_COLORS, ChartTheme, chart_theme, scaled_font
from desktop.window_controller import bring_to_front

if TYPE_CHECKING:  # the main window calls install(); importing it here at run time would be circular
    from desktop.main_window import MainWindow

REPLAY_MIN = QDate(
    2021, 1, 1
)  # the history's first row is 2021-11-18; earlier days show that nothing existed
PRESETS = (
    ("GPT-4 launch", GPT4_LAUNCH),
    ("GPT-4o launch", date(2024, 5, 13)),
    ("Essay's date", ESSAY_DATE),
)
HOLDS_COLOR = VERDICT_COLORS[Verdict.VIABLE_NOW]  # green, with the word "Holds"
FAILS_COLOR = VERDICT_COLORS[Verdict.BEYOND]  # red, with the word "Fails"
VERDICT_TEXT = VERDICT_TEXT_COLORS[Verdict.VIABLE_NOW]  # white: readable on both
# Reference slopes: a colour and a dash per published rate (the band is C10's 5-10x).
REFERENCE_STYLE = {
    "C2": ("#e8711a", Qt.PenStyle.DashLine),
    "C8": ("#b04fd6", Qt.PenStyle.DashDotLine),
    "C10": ("#2e9d4f", Qt.PenStyle.SolidLine),
    "C3": ("#d23b3b", Qt.PenStyle.DotLine),
}


def _palette_theme() -> ChartTheme:
    """The chart theme matching the application's palette (the main window's light/dark choice)."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        dark = app.palette().color(QPalette.ColorRole.Window).lightness() < 128
        return chart_theme("dark" if dark else "light")
    return chart_theme("light")


class _FitRows(QObject):
    """Re-fits a word-wrapped table's row heights once its columns have their final widths.

    ``resizeRowsToContents`` measures wrapped text at the columns' current widths; stretched columns only
    get theirs when the table is laid out, so the fit is redone after every resize of the table.
    """

    def __init__(self, table: QTableWidget) -> None:
        super().__init__(table)
        self._table = table
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            QTimer.singleShot(0, self._table, self._table.resizeRowsToContents)
        return False


# --------------------------------------------------------------------------------------------------
# The history chart
# --------------------------------------------------------------------------------------------------


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

    def show_evaluation(self, bundle: EvaluationBundle) -> None:
        """The history does not depend on the pitch."""

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

    def drawn(self) -> dict[str, Any]:
        """The plot's data: x in decimal years, y in log10(dollars per million tokens)."""
        x, y = self._step.getData()
        fx, fy = self._fit.getData()
        return {
            "step_x": np.asarray(x if x is not None else []),
            "step_y": np.asarray(y if y is not None else []),
            "points": [(p.day, p.price, p.row.model) for p in self.points],
            "fit": None
            if self.fit is None or not self._fit.isVisible()
            else (np.asarray(fx), np.asarray(fy)),
            "references": {
                claim: (np.asarray(c.getData()[0]), np.asarray(c.getData()[1]))
                for claim, c in self._refs.items()
            },
            "reference_labels": {claim: label.toPlainText() for claim, label in self._ref_labels.items()},
            "model_labels": [label.toPlainText() for label in self._model_labels if label.isVisible()],
            "y_range": tuple(self.view_box.viewRange()[1]),
            "x_range": tuple(self.view_box.viewRange()[0]),
        }

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
                label.setText(f"{p.row.model} {format_money(p.price)}")
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

    def _place_labels(self) -> None:
        """Reference labels at the right end of their lines, pushed apart so none overlaps another."""
        if not self._ref_ends:
            return
        (_, x1), _ = self.view_box.viewRange()
        px, py = self._px_to_data()
        if py <= 0:
            return
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


class HistoryChartPanel(QWidget):
    """The level selector, the chart, the fit in words, and what the data cannot show."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart = HistoryChart(self)
        self.buttons: dict[str, QPushButton] = {}
        group = QButtonGroup(self)
        group.setExclusive(True)
        row = QHBoxLayout()
        row.addWidget(plain_label("Capability level:"))
        for level in LEVELS:
            button = QPushButton(level.label)
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, lv=level: self._on_level_button_clicked(lv))
            group.addButton(button)
            self.buttons[level.label] = button
            row.addWidget(button)
        row.addStretch(1)
        self.fit_label = plain_label("")
        self.fit_label.setWordWrap(True)
        self.fit_label.setFont(scaled_font(self.font(), 1.15, bold=True))
        self.note = plain_label("")
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.chart, 1)
        layout.addWidget(self.fit_label)
        layout.addWidget(self.note)
        self.show_level(GPT4_LEVEL)

    def show_level(self, level: CapabilityLevel) -> None:
        with QSignalBlocker(self.buttons[level.label]):
            self.buttons[level.label].setChecked(True)
        self.chart.show_level(level)
        set_plain(self.fit_label, self._fit_text())
        set_plain(self.note, self._note_text(level))

    def _fit_text(self) -> str:
        points, fit = self.chart.points, self.chart.fit
        if not points:
            return ""
        first, last = points[0], points[-1]
        head = (
            f"From {format_money(first.price)} ({first.row.model}, {format_month(first.day)}) to "
            f"{format_money(last.price)} ({last.row.model}, {format_month(last.day)}): "
            f"{first.price / last.price:,.0f}x cheaper. "
        )
        if fit is None:
            return head + "The steps span less than a year: too short to fit a yearly rate."
        r2 = f", r² {fit.r_squared:.2f}" if fit.r_squared is not None else ""
        return head + (
            f"Fitted to its {fit.points} steps (least squares on log price): {fit.annual_factor:.1f}x cheaper a "
            f"year, {fit.annual_decline_fraction:.0%} a year{r2}."
        )

    def _note_text(self, level: CapabilityLevel) -> str:
        missing = unscored_models(level)
        horizon = last_scored_date(level)
        parts = [
            f"Price = Epoch AI's 3:1 blend of input and output list prices; the cheapest model scoring "
            f"{level.score_kind} ≥ {level.threshold:g} on each date, carried forward until the next change."
        ]
        if missing:
            shown = ", ".join(missing[:6]) + (", …" if len(missing) > 6 else "")
            when = (
                f" The last {level.score_kind} score in the data is dated {horizon.isoformat()}."
                if horizon
                else ""
            )
            parts.append(
                f"{len(missing)} models in the bundled history have no {level.score_kind} score ({shown}) and "
                f"cannot be placed on this level.{when} After it the line only carries forward: the true "
                "cheapest price may be lower."
            )
        parts.append(
            "Published rates are drawn from the first point: C2 Ng 4.72x/yr, C8 the essay's 60x by early "
            "2026, C10 5-10x/yr (band), C3 LLMflation 10x/yr."
        )
        return " ".join(parts)

    def _on_level_button_clicked(self, level: CapabilityLevel) -> None:
        self.show_level(level)


# --------------------------------------------------------------------------------------------------
# Replay
# --------------------------------------------------------------------------------------------------


def _price_text(inp: float, out: float) -> str:
    return f"{format_money(inp)}/{format_money(out)} per M tokens"


class ReplayPanel(QWidget):
    """Replays the document's pitch at a past date and offers substitutes for models that did not exist."""

    COLUMNS = ("Block", "Model", "Price on the day", "Use instead", "Its price then", "Why", "")

    def __init__(self, document: PitchDocument, catalog: PriceCatalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._catalog = catalog
        self.day = GPT4_LAUNCH
        self.rows: tuple[BlockReplay, ...] = ()
        self.choices: dict[int, int] = {}  # block index -> chosen substitute's index
        self.combos: dict[int, QComboBox] = {}
        self.apply_buttons: dict[int, QPushButton] = {}

        days = [r.price_date for r in price_history()]
        intro = plain_label(
            "Price this pitch as it would have been on a past day, from the bundled price history "
            f"({min(days).isoformat()} to {max(days).isoformat()}) and genai-prices. A model that did not "
            "exist yet gets a substitute that did: apply it to the pitch in one undo step."
        )
        intro.setWordWrap(True)
        self.date_edit = QDateEdit()
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDateRange(REPLAY_MIN, QDate.currentDate())
        self.date_edit.setAccessibleName("Replay date")
        self.date_edit.setDate(QDate(self.day.year, self.day.month, self.day.day))
        self.date_edit.dateChanged.connect(self._on_date_edit_date_changed)
        row = QHBoxLayout()
        row.addWidget(plain_label("Replay at"))
        row.addWidget(self.date_edit)
        for text, day in PRESETS:
            b = QToolButton()
            b.setText(f"{text} ({day.isoformat()})")
            b.clicked.connect(lambda _=False, d=day: self._on_preset_clicked(d))
            row.addWidget(b)
        row.addStretch(1)
        self.summary = plain_label("")
        self.summary.setWordWrap(True)
        self.summary.setFont(scaled_font(self.font(), 1.3, bold=True))
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for col, mode in enumerate(
            (
                QHeaderView.ResizeMode.ResizeToContents,
                QHeaderView.ResizeMode.ResizeToContents,
                QHeaderView.ResizeMode.Stretch,
                QHeaderView.ResizeMode.ResizeToContents,
                QHeaderView.ResizeMode.ResizeToContents,
                QHeaderView.ResizeMode.Stretch,
                QHeaderView.ResizeMode.ResizeToContents,
            )
        ):
            header.setSectionResizeMode(col, mode)
        _FitRows(self.table)
        self.apply_all = QPushButton("Apply every suggestion and the date")
        self.apply_all.clicked.connect(self._on_apply_all_clicked)
        self.date_only = QPushButton("Only set the pitch's date")
        self.date_only.clicked.connect(self._on_date_only_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.apply_all)
        buttons.addWidget(self.date_only)
        buttons.addStretch(1)
        self.note = plain_label(
            "Rules, in order: a comparable benchmark score (MMLU or GPQA within 3 points), the cheapest first; "
            "else the best score of the day; a model without a score: the same provider's models, cheapest "
            "first; else every model of the day. The history has no retirement dates: a model retired by then "
            "may still be offered. A model without rows in the history is priced by genai-prices on any date, "
            "which has no release dates: such blocks are marked and offered substitutes too."
        )
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.note)
        document.pitch_changed.connect(self._on_document_pitch_changed)

    # -- model -> view ----------------------------------------------------------------------------
    def set_day(self, day: date) -> None:
        """Replay at ``day`` (the panel's own state; the pitch changes only when a button is pressed)."""
        with QSignalBlocker(self.date_edit):
            self.date_edit.setDate(QDate(day.year, day.month, day.day))
        self.day = day
        self.choices = {}
        self.show_replay()

    def _on_document_pitch_changed(self, _pitch: object) -> None:
        if self.isVisible():
            self.show_replay()

    def show_replay(self) -> None:
        """Price every block on the day and fill the table and the summary."""
        pitch = self._document.pitch
        self.rows = replay_blocks(pitch, self.day, self._catalog)
        self.choices = {
            r.index: min(self.choices.get(r.index, 0), len(r.substitutes) - 1)
            for r in self.rows
            if r.substitutes
        }
        self.combos.clear()
        self.apply_buttons.clear()
        self.table.setRowCount(len(self.rows))
        day = self.day.isoformat()
        self.table.setHorizontalHeaderItem(2, QTableWidgetItem(f"Price on {day}"))
        for r in self.rows:
            i = r.index
            self._set_cell(i, 0, r.name)
            self._set_cell(i, 1, r.model or "(prices typed in)")
            if r.price is not None:
                base = r.price.base
                text = _price_text(base.input_per_mtok, base.output_per_mtok)
                if r.undated:
                    text += " — genai-prices has no release date for it: it may not have existed then"
                self._set_cell(i, 2, text, tooltip=r.price.source)
            else:
                self._set_cell(i, 2, f"No price: {r.error}", color=FAILS_COLOR)
            if r.substitutes:
                combo = QComboBox()
                combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
                for k, s in enumerate(r.substitutes):
                    combo.addItem(s.label)  # its price is in the next column, and in the item's tooltip
                    combo.setItemData(k, plain_tooltip(s.price_text), Qt.ItemDataRole.ToolTipRole)
                with QSignalBlocker(combo):
                    combo.setCurrentIndex(self.choices[i])
                combo.currentIndexChanged.connect(lambda idx, i=i: self._on_choice_combo_changed(i, idx))
                self.table.setCellWidget(i, 3, combo)
                self.combos[i] = combo
                button = QPushButton("Apply")
                button.setToolTip(plain_tooltip(self._apply_text(i)))
                button.clicked.connect(lambda _=False, i=i: self._on_apply_button_clicked(i))
                self.table.setCellWidget(i, 6, button)
                self.apply_buttons[i] = button
                self._show_choice(i)
            else:
                self.table.removeCellWidget(i, 3)
                self.table.removeCellWidget(i, 6)
                none = "—" if r.price is not None else "no model in the history had a price that day"
                self._set_cell(i, 3, none)
                self._set_cell(i, 4, "")
                self._set_cell(i, 5, "")
        self.table.resizeColumnToContents(3)
        self.table.resizeRowsToContents()
        needing = [r for r in self.rows if r.needs_substitute]
        self.apply_all.setEnabled(bool(self._suggested()) and all(r.substitutes for r in needing))
        set_plain(self.summary, self.summary_text())

    def _show_choice(self, i: int) -> None:
        sub = self.chosen(i)
        if sub is None:
            return
        self._set_cell(i, 4, sub.price_text, tooltip=sub.source)
        score = f", {sub.score_kind} {sub.score:g}" if sub.score is not None else ""
        self._set_cell(i, 5, f"{sub.model}{score}. Rule: {sub.reason}", tooltip=f"Rule: {sub.rule.words}")
        if i in self.apply_buttons:
            self.apply_buttons[i].setToolTip(plain_tooltip(self._apply_text(i)))

    def _set_cell(self, row: int, col: int, text: str, tooltip: str = "", color: str | None = None) -> None:
        item = QTableWidgetItem(text)  # a table item's text is plain text
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        if tooltip:
            item.setToolTip(plain_tooltip(tooltip))
        if color:
            item.setForeground(QBrush(QColor(color)))
        self.table.setItem(row, col, item)

    def chosen(self, index: int) -> Substitute | None:
        """The substitute chosen for block ``index`` (the suggestion unless another was picked)."""
        row = next((r for r in self.rows if r.index == index), None)
        if row is None or not row.substitutes:
            return None
        return row.substitutes[self.choices.get(index, 0)]

    def _apply_text(self, i: int) -> str:
        sub = self.chosen(i)
        name = self._document.pitch.blocks[i].name
        return replay_text(self.day, [(name, sub)]) if sub is not None else ""

    def summary_text(self) -> str:
        """What the pitch would have cost on the day, with the substitutes chosen for blocks that need one."""
        pitch = self._document.pitch
        day = self.day.isoformat()
        stuck = [r for r in self.rows if r.needs_substitute and not r.substitutes]
        if stuck:
            names = ", ".join(r.name for r in stuck)
            return f"Cannot price {names} on {day}: no model in the bundled history had a price that day."
        choices = self._suggested()
        try:
            ev = evaluate(replayed(pitch, self.day, choices), self._catalog)
        except PitchError as exc:
            return f"Cannot evaluate the pitch on {day}: {exc}"
        with_subs = " with the substitutes below" if choices else ""
        undated = sum(1 for r in self.rows if r.undated)
        text = (
            f"On {day}{with_subs}: {cost_vs_budget(ev)} — {ev.verdict.short}; "
            f"{needs_sentence(ev.required_drop, ev.orders_of_magnitude, ev.verdict)}."
        )
        if undated:
            text += (
                f" {undated} block{'s' * (undated > 1)} use{'s' * (undated == 1)} a model genai-prices cannot "
                "date: priced as if it existed then (see the table)."
            )
        try:
            own = evaluate(pitch, self._catalog)
        except PitchError:
            return text
        if own.as_of != self.day:
            text += (
                f" On the pitch's own date {own.as_of.isoformat()}: {format_money(own.cost_per_user_month)}."
            )
        return text

    # -- user actions -> document -----------------------------------------------------------------
    def _on_date_edit_date_changed(self, qdate: QDate) -> None:
        self.day = date(qdate.year(), qdate.month(), qdate.day())
        self.choices = {}
        self.show_replay()

    def _on_preset_clicked(self, day: date) -> None:
        self.set_day(day)

    def _on_choice_combo_changed(self, index: int, choice: int) -> None:
        if choice < 0:
            return
        self.choices[index] = choice
        self._show_choice(index)
        set_plain(self.summary, self.summary_text())

    def _on_apply_button_clicked(self, index: int) -> None:
        sub = self.chosen(index)
        if sub is None:
            return
        pitch = self._document.pitch
        name = pitch.blocks[index].name
        self._document.edit(replayed(pitch, self.day, {index: sub}), replay_text(self.day, [(name, sub)]))

    def _suggested(self) -> dict[int, Any]:
        """The substitute chosen for every block that gets one: unpriceable on the day, or priced only
        because genai-prices cannot date its model (``undated``)."""
        return {
            r.index: s
            for r in self.rows
            if (r.needs_substitute or r.undated) and (s := self.chosen(r.index)) is not None
        }

    def _on_apply_all_clicked(self) -> None:
        pitch = self._document.pitch
        choices = self._suggested()
        changes = [(pitch.blocks[i].name, s) for i, s in sorted(choices.items())]
        self._document.edit(replayed(pitch, self.day, choices), replay_text(self.day, changes))

    def _on_date_only_clicked(self) -> None:
        self._document.edit_fields(replay_text(self.day, []), as_of=self.day)


# --------------------------------------------------------------------------------------------------
# Essay claims
# --------------------------------------------------------------------------------------------------


class ClaimsPanel(QWidget):
    """The essay's claims: figures from the shipped examples and the history, holds or fails, and why."""

    COLUMNS = ("Claim", "The essay says", "Figures", "Verdict", "How it is tested")

    def __init__(
        self,
        catalog: PriceCatalog,
        open_example: Callable[[str], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._open_example = open_example
        self.results: tuple[ClaimResult, ...] = ()
        self.summary = plain_label("")
        self.summary.setWordWrap(True)
        self.summary.setFont(scaled_font(self.font(), 1.2, bold=True))
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setStyleSheet("QTableWidget::item { padding: 4px 6px; }")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)
        _FitRows(self.table)
        self.details = plain_label("Select a row to see the assumptions behind its figures.")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton("Open the example in the main window")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addStretch(1)
        layout.addLayout(row)

    def refresh(self) -> None:
        """Evaluate the claims (on first show: it loads the price catalog) and draw them."""
        self.show_claims(evaluate_claims(self._catalog))

    def show_claims(self, results: tuple[ClaimResult, ...]) -> None:
        self.results = results
        verdicts = claim_holds(results)
        held = [c for c, ok in verdicts.items() if ok]
        failed = [c for c, ok in verdicts.items() if not ok]
        set_plain(
            self.summary,
            "Under the shipped examples' stated assumptions and the bundled price history: "
            f"{', '.join(held) or 'none'} hold; {', '.join(failed) or 'none'} fail "
            "(a claim fails when one of its statements does).",
        )
        self.table.setRowCount(len(results))
        for i, r in enumerate(results):
            c = r.claim
            self._set(i, 0, c.title, c.source)
            self._set(i, 1, f"“{c.essay_text}”", c.source)
            self._set(i, 2, r.figures)
            verdict = QTableWidgetItem("Holds" if r.holds else "Fails")
            color = HOLDS_COLOR if r.holds else FAILS_COLOR
            verdict.setBackground(QBrush(QColor(color)))
            verdict.setForeground(QBrush(QColor(VERDICT_TEXT)))
            font = verdict.font()
            font.setBold(True)
            verdict.setFont(font)
            verdict.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.table.setItem(i, 3, verdict)
            self._set(i, 4, c.test, c.assumptions)
        self.table.resizeRowsToContents()
        if results and not self.table.selectedIndexes():
            self.table.selectRow(0)

    def _set(self, row: int, col: int, text: str, tooltip: str = "") -> None:
        item = QTableWidgetItem(text)
        if tooltip:
            item.setToolTip(plain_tooltip(tooltip))
        self.table.setItem(row, col, item)

    def rows(self) -> list[tuple[str, str, str]]:
        """(claim, figures, Holds/Fails) as the table shows them (tests)."""
        out = []
        for i in range(self.table.rowCount()):
            out.append(tuple(self.table.item(i, c).text() for c in (0, 2, 3)))  # type: ignore[misc]
        return out  # type: ignore[return-value]

    def _selected(self) -> ClaimResult | None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        return self.results[min(rows)] if rows else None

    def _on_table_selection_changed(self) -> None:
        r = self._selected()
        if r is None:
            return
        c = r.claim
        examples = (
            f" Examples: {', '.join(c.examples)}." if c.examples else " From the bundled price history."
        )
        set_plain(self.details, f"{c.title}: {c.test}\nAssumptions: {c.assumptions}{examples}")
        self.open_button.setEnabled(bool(c.examples) and self._open_example is not None)

    def _on_open_button_clicked(self) -> None:
        r = self._selected()
        if r is not None and r.claim.examples and self._open_example is not None:
            self._open_example(r.claim.examples[0])


# --------------------------------------------------------------------------------------------------
# The window
# --------------------------------------------------------------------------------------------------


class HistoryWindow(QWidget):
    """Replay, History chart and Essay claims, as tabs of one window beside the main window."""

    TABS = ("replay", "history", "claims")

    def __init__(
        self,
        document: PitchDocument,
        catalog: PriceCatalog,
        open_example: Callable[[str], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("historyWindow")
        self.setWindowTitle("Price history — Compute Curve")
        self.replay = ReplayPanel(document, catalog)
        self.history = HistoryChartPanel()
        self.claims = ClaimsPanel(catalog, open_example)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.replay, "Replay")
        self.tabs.addTab(self.history, "History chart")
        self.tabs.addTab(self.claims, "Essay claims")
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.resize(1400, 860)
        self.history.chart.set_theme(_palette_theme())
        self._claims_done = False

    def show_tab(self, name: str) -> None:
        """Bring the window up on tab ``name`` (replay, history, claims)."""
        self.tabs.setCurrentIndex(self.TABS.index(name))
        self._refresh_current()
        self.show()
        bring_to_front(self)

    def _on_tabs_current_changed(self, _index: int) -> None:
        self._refresh_current()

    def _refresh_current(self) -> None:
        name = self.TABS[self.tabs.currentIndex()]
        if name == "replay":
            self.replay.show_replay()
        elif name == "claims" and not self._claims_done:
            self.claims.refresh()
            self._claims_done = True

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ApplicationPaletteChange:
            self.history.chart.set_theme(_palette_theme())
        return super().event(e)


class _HistoryController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("historyController")
        self._window = window
        self._view: HistoryWindow | None = None
        window.closing.connect(self._on_main_window_closing)

    def _on_main_window_closing(self) -> None:
        # the main window closing takes this window with it (a child window would keep the app running)
        if self._view is not None:
            self._view.hide()

    @property
    def view(self) -> HistoryWindow:
        if self._view is None:
            w = self._window
            self._view = HistoryWindow(w.document, w.catalog, w.open_example, w)
        return self._view

    def show(self, tab: str, size: QSize | None = None) -> HistoryWindow:
        view = self.view
        if size is not None:
            view.resize(size)
        view.show_tab(tab)
        return view


def history_of(window: QWidget) -> HistoryWindow:
    """The history window ``install`` set up for ``window`` (created on first use)."""
    controller = window.findChild(_HistoryController, "historyController")
    if controller is None:
        raise RuntimeError("history_view.install(window) was not called")
    return controller.view


def install(window: MainWindow) -> None:
    """Pitch > Replay at a past date…, View > Price history… and Essay claims…, and the screenshot views
    "replay", "history" and "claims"."""
    controller = _HistoryController(window)
    entries = (
        (
            "&Pitch",
            "Replay at a past &date…",
            "replay",
            "Price the pitch as it would have been on a past day",
        ),
        ("&View", "Price &history…", "history", "The cheapest price of a capability level over time"),
        (
            "&View",
            "Essay &claims…",
            "claims",
            "The seed essay's claims, holding or failing under the examples",
        ),
    )
    for menu_title, text, tab, tip in entries:
        action = QAction(text, window)
        action.setStatusTip(tip)
        action.triggered.connect(lambda _=False, t=tab: controller.show(t))
        menu = window.menu(menu_title)
        if tab != "claims":
            menu.addSeparator()
        menu.addAction(action)
        window.register_view(tab, lambda t=tab: controller.show(t, window.size()))
