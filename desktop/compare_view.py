"""Compare pitches: several pitches (or variants of one) on one viability map, their numbers side by side.

The map has one row per pitch. On the left, a point at the orders of magnitude the price must still fall,
over the seed's four bands (viable now <= 0, one order (0, 1], two orders (1, 2], beyond > 2) drawn in
the verdict colours with their words above them. On the right, on a time axis, the pitch's arrival
window as a bar from its earliest to its latest date (an arrow when the latest is "not within 50 years"),
starting from a marker at the date the pitch is priced on. The table below lists the same rows.

Every number comes from the engine (``core.engine.prepare`` + ``evaluate_prepared``, exactly what
``evaluate`` does) and every variant from ``core.compare.make_variant``; nothing here computes money.
Pitch names are user text: they are drawn as axis strings and table cells (plain text), never as HTML.
"""

from __future__ import annotations

import contextlib
import math
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QFontMetrics,
    QKeySequence,
    QPalette,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QGridLayout,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QRadioButton,
    QSplitter,
    QStackedLayout,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from core.catalog import PriceCatalog, default_catalog
from core.compare import ChangeKind, CompareFigures, VariantChange, compare_figures, make_variant
from core.engine import Evaluation, PreparedPitch, evaluate_prepared, prepare
from core.errors import PitchError
from core.formatting import format_drop, format_iso, format_money, format_month, format_orders, format_percent
from core.pitch import Pitch
from core.pitch_io import load_pitch, load_pitch_bytes
from core.resources import read_example
from core.scenarios import builtin_scenarios
from core.uncertainty import DEFAULT_SAMPLES, DEFAULT_SEED, UncertaintyResult, monte_carlo
from core.verdict import Verdict
from desktop.charts.base import CategoryAxis, FontAxis, decimal_year, elide, with_alpha
from desktop.safety import message_box, plain_label, plain_tooltip, set_plain
from desktop.theme import DARK, LIGHT, VERDICT_COLORS, VERDICT_TEXT_COLORS, ChartTheme, scaled_font
from desktop.window_controller import WindowController, bring_to_front

if TYPE_CHECKING:
    from desktop.main_window import MainWindow

PITCH_FILTER = "Compute Curve pitches (*.pitch.json *.json);;All files (*)"
NOT_WITHIN = "not within 50 years"
BAR_ROWS = 0.42  # a bar's height as a share of its row
BAND_ALPHA = {False: 64, True: 80}  # light, dark


# --------------------------------------------------------------------------------------------------
# The compare set
# --------------------------------------------------------------------------------------------------


@dataclass(eq=False)
class CompareEntry:
    """One pitch in the comparison: its value, where it came from, and the engine's numbers for it."""

    key: int
    name: str
    origin: str  # "current pitch", a file path, "variant of …: …"
    pitch: Pitch | None  # None: a file that could not be read
    path: Path | None = None
    prepared: PreparedPitch | None = None
    evaluation: Evaluation | None = None
    error: str = ""
    uncertainty: UncertaintyResult | None = None

    @property
    def figures(self) -> CompareFigures | None:
        return compare_figures(self.evaluation, self.uncertainty) if self.evaluation else None


def evaluate_entry(entry: CompareEntry, catalog: PriceCatalog) -> None:
    """Fill ``entry``'s numbers with the engine's (``evaluate`` is exactly prepare + evaluate_prepared)."""
    if entry.pitch is None:
        return
    try:
        entry.prepared = prepare(entry.pitch, catalog)
        entry.evaluation = evaluate_prepared(entry.prepared)
        entry.error = ""
    except PitchError as exc:
        entry.prepared, entry.evaluation, entry.error = None, None, str(exc)


# --------------------------------------------------------------------------------------------------
# The viability map
# --------------------------------------------------------------------------------------------------


def _band_edges() -> list[tuple[Verdict, float, float]]:
    # Bands in orders of magnitude; the open ends are far outside any view.
    return [
        (Verdict.VIABLE_NOW, -1e3, 0.0),
        (Verdict.ONE_ORDER, 0.0, 1.0),
        (Verdict.TWO_ORDERS, 1.0, 2.0),
        (Verdict.BEYOND, 2.0, 1e3),
    ]


# The band words over the map: the verdict's short words, or shorter ones where a band is narrow.
BAND_WORDS = {
    Verdict.VIABLE_NOW: (Verdict.VIABLE_NOW.short, "Viable"),
    Verdict.ONE_ORDER: (Verdict.ONE_ORDER.short, "One order"),
    Verdict.TWO_ORDERS: (Verdict.TWO_ORDERS.short, "Two orders"),
    Verdict.BEYOND: (Verdict.BEYOND.short, "Beyond"),
}


class OrdersAxis(FontAxis):
    """Orders of magnitude at whole numbers: 0, 1, 2, 3 (and negative ones: headroom)."""

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list[tuple[float, list[float]]]:
        lo, hi = sorted((float(minVal), float(maxVal)))
        if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
            return []
        step = 1 if size / (hi - lo) > 40 else 2
        return [(float(step), [float(v) for v in range(math.ceil(lo), math.floor(hi) + 1) if v % step == 0])]

    def tickStrings(self, values: Sequence[float], scale: float, spacing: float) -> list[str]:
        return [f"{v:g}".replace("-", "−") for v in values]


class BandWordsAxis(FontAxis):
    """The top axis of the orders-of-magnitude panel: each band's words, centred over its visible part."""

    def __init__(self, orientation: str = "top", **kwargs: Any) -> None:
        super().__init__(orientation, **kwargs)
        self.setStyle(tickLength=0, tickTextOffset=6)
        self._shown: dict[float, str] = {}

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list[tuple[float, list[float]]]:
        lo, hi = sorted((float(minVal), float(maxVal)))
        self._shown = {}
        if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo or size <= 0:
            return []
        px_per_unit = size / (hi - lo)
        for verdict, a, b in _band_edges():
            a, b = max(a, lo), min(b, hi)
            if b - a <= 0:
                continue
            width_px = int((b - a) * px_per_unit) - 8
            fm = QFontMetrics(self.tick_font)
            words = [w for w in BAND_WORDS[verdict] if fm.horizontalAdvance(w) <= width_px]
            text = words[0] if words else elide(BAND_WORDS[verdict][-1], self.tick_font, width_px)
            text = text if width_px > 24 else ""
            self._shown[round((a + b) / 2, 9)] = text
        return [(1.0, list(self._shown))]

    def tickStrings(self, values: Sequence[float], scale: float, spacing: float) -> list[str]:
        return [self._shown.get(round(float(v), 9), "") for v in values]

    def words(self) -> list[str]:
        """The band words at the current range and width, left to right (tests)."""
        view = self.linkedView()
        if view is not None:
            lo, hi = view.viewRange()[0]
            self.tickValues(lo, hi, self.geometry().width())
        return [t for _, t in sorted(self._shown.items()) if t]


class DateAxis(FontAxis):
    """Decimal years labelled by year; a label per year or every few years, never crowded."""

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list[tuple[float, list[float]]]:
        lo, hi = sorted((float(minVal), float(maxVal)))
        if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo or size <= 0:
            return []
        label_px = QFontMetrics(self.tick_font).horizontalAdvance("2088") * 1.9
        step = 1
        while size / (hi - lo) * step < label_px:
            step += 1
        years = np.arange(math.ceil(lo), math.floor(hi) + 1)
        return [(float(step), years[years % step == 0].astype(float).tolist())]

    def tickStrings(self, values: Sequence[float], scale: float, spacing: float) -> list[str]:
        return [str(round(v)) for v in values]


class MarkerAxis(FontAxis):
    """The top axis of the time panel: one labelled tick ("today") and nothing else."""

    def __init__(self, orientation: str = "top", **kwargs: Any) -> None:
        super().__init__(orientation, **kwargs)
        self.setStyle(tickLength=0, tickTextOffset=6)
        self.marks: dict[float, str] = {}

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list[tuple[float, list[float]]]:
        lo, hi = sorted((float(minVal), float(maxVal)))
        return [(1.0, [v for v in self.marks if lo <= v <= hi])]

    def tickStrings(self, values: Sequence[float], scale: float, spacing: float) -> list[str]:
        return [self.marks.get(float(v), "") for v in values]


def theme_for_palette() -> ChartTheme:
    """Light or dark charts, following the application's palette (which the window's theme sets)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return LIGHT
    return DARK if app.palette().color(QPalette.ColorRole.Window).lightness() < 128 else LIGHT


@dataclass(frozen=True)
class _Row:
    entry: CompareEntry
    y: float


class ViabilityMap(QWidget):
    """One row per pitch: how far (orders of magnitude, over the verdict bands) and when (arrival)."""

    row_activated = Signal(int)  # entry key (double-click on a row)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme_for_palette()
        self._rows: list[_Row] = []
        self._today = date.today()
        self._spots: list[dict[str, Any]] = []
        self._as_of_spots: list[dict[str, Any]] = []
        self._arrow_spots: list[dict[str, Any]] = []
        self._bar_data: tuple[list[float], list[float], list[float], list[Any]] = ([], [], [], [])
        self._connector_data: tuple[list[float], list[float]] = ([], [])
        self._open_end = 0.0
        self._stack = QStackedLayout(self)
        self._stack.setContentsMargins(0, 0, 0, 0)
        self.canvas = pg.GraphicsLayoutWidget()
        self.canvas.ci.layout.setContentsMargins(6, 6, 14, 6)
        self.canvas.ci.layout.setHorizontalSpacing(0)
        self.names_axis = CategoryAxis("left")
        self.orders_axis = OrdersAxis("bottom")
        self.band_axis = BandWordsAxis("top")
        self.date_axis = DateAxis("bottom")
        self.marker_axis = MarkerAxis("top")
        self.spacer_axis = FontAxis("left")
        self.oom_plot: pg.PlotItem = self.canvas.addPlot(
            row=0,
            col=0,
            axisItems={"left": self.names_axis, "bottom": self.orders_axis, "top": self.band_axis},
        )
        self.time_plot: pg.PlotItem = self.canvas.addPlot(
            row=0,
            col=1,
            axisItems={"left": self.spacer_axis, "bottom": self.date_axis, "top": self.marker_axis},
        )
        for plot in (self.oom_plot, self.time_plot):
            plot.setMenuEnabled(False)
            plot.hideButtons()
            plot.showAxis("top")
            vb = plot.getViewBox()
            vb.setMenuEnabled(False)
            vb.setMouseEnabled(x=False, y=False)
            vb.disableAutoRange()
        self.spacer_axis.setWidth(4)
        self.spacer_axis.setStyle(showValues=False, tickLength=0)
        self.time_plot.setYLink(self.oom_plot)
        self.orders_axis.setLabel("orders of magnitude the price must still fall")
        self.date_axis.setLabel(
            "◆ priced on    ▬ arrival window: viable from (fast decline) to (slow decline)"
        )
        self.canvas.ci.layout.setColumnStretchFactor(0, 14)
        self.canvas.ci.layout.setColumnStretchFactor(1, 10)

        self._bands = []
        for _verdict, a, b in _band_edges():
            region = pg.LinearRegionItem(
                values=(a, b), orientation="vertical", movable=False, pen=pg.mkPen(None)
            )
            region.setZValue(-10)
            self.oom_plot.addItem(region, ignoreBounds=True)
            self._bands.append(region)
        self._edges = pg.PlotDataItem()
        self.oom_plot.addItem(self._edges, ignoreBounds=True)
        # Faint lines between rows, across both panels, lead the eye from a name to its arrival bar.
        self._separators = (pg.PlotDataItem(), pg.PlotDataItem())
        for plot, item in zip((self.oom_plot, self.time_plot), self._separators, strict=True):
            item.setZValue(-6)
            plot.addItem(item, ignoreBounds=True)
        self._points = pg.ScatterPlotItem(size=15)
        self._points.setZValue(10)
        self.oom_plot.addItem(self._points)
        self._as_of = pg.ScatterPlotItem(size=11, symbol="d")
        self._as_of.setZValue(10)
        self.time_plot.addItem(self._as_of)
        self._connectors = pg.PlotDataItem(connect="pairs")
        self.time_plot.addItem(self._connectors)
        self._bars = pg.BarGraphItem(x0=[], y=[], width=[], height=BAR_ROWS)
        self.time_plot.addItem(self._bars)
        self._arrows = pg.ScatterPlotItem(size=15, symbol="t2")
        self._arrows.setZValue(11)
        self.time_plot.addItem(self._arrows)
        self._today_line = pg.InfiniteLine(angle=90, movable=False)
        self._today_line.setZValue(-5)
        self.time_plot.addItem(self._today_line, ignoreBounds=True)
        self._oom_labels: list[pg.TextItem] = []
        self._date_labels: list[pg.TextItem] = []
        self._readout = plain_label(parent=self.canvas.viewport())
        self._readout.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._readout.setMargin(6)
        self._readout.hide()
        self.canvas.scene().sigMouseMoved.connect(self._on_canvas_mouse_moved)
        self.canvas.scene().sigMouseClicked.connect(self._on_canvas_mouse_clicked)
        self.canvas.viewport().installEventFilter(self)

        self._empty = plain_label(
            "Nothing to compare yet.\n\nAdd the current pitch (Pitch ▸ Add current pitch to compare), "
            "open pitch files (Add files…, or drop them here), or duplicate a pitch as a variant."
        )
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty.setWordWrap(True)
        self._stack.addWidget(self.canvas)
        self._stack.addWidget(self._empty)
        self._stack.setCurrentWidget(self._empty)
        self.setMinimumHeight(220)
        self.set_theme(self._theme)

    # -- the model -> view direction ------------------------------------------------------------------

    def show_entries(self, entries: Sequence[CompareEntry], today: date | None = None) -> None:
        """Draw ``entries`` top to bottom (the table's order)."""
        self._today = today or date.today()
        n = len(entries)
        self._rows = [_Row(e, float(n - 1 - i)) for i, e in enumerate(entries)]
        if not entries:
            for item in (self._points, self._as_of, self._arrows):
                item.setData([])
            self._bars.setOpts(x0=[], width=[], y=[], brushes=[])
            self._connectors.setData([], [])
            for label in (*self._oom_labels, *self._date_labels):
                label.hide()
            self.names_axis.set_categories([], [])
            self._stack.setCurrentWidget(self._empty)
            self._hide_readout()
            return
        self._stack.setCurrentWidget(self.canvas)
        self.names_axis.set_categories([r.y for r in self._rows], [r.entry.name for r in self._rows])
        t = self._theme
        spots, as_of_spots, arrows = [], [], []
        x0s, widths, ys, brushes = [], [], [], []
        connectors: list[float] = []
        connector_ys: list[float] = []
        while len(self._oom_labels) < n:
            item = pg.TextItem(anchor=(0, 0.5))
            self.oom_plot.addItem(item, ignoreBounds=True)
            self._oom_labels.append(item)
            label = pg.TextItem(anchor=(0, 0.5))
            self.time_plot.addItem(label, ignoreBounds=True)
            self._date_labels.append(label)
        for i, row in enumerate(self._rows):
            ev = row.entry.evaluation
            oom_label, date_label = self._oom_labels[i], self._date_labels[i]
            if ev is None:
                oom_label.setText("cannot evaluate: see the table")
                date_label.setText("")
                continue
            color = VERDICT_COLORS[ev.verdict]
            x = ev.orders_of_magnitude if ev.orders_of_magnitude is not None else 0.0
            spots.append(
                {
                    "pos": (x, row.y),
                    "brush": pg.mkBrush(color),
                    "pen": pg.mkPen(t.foreground, width=1.5),
                    "data": i,
                }
            )
            oom_label.setText(
                format_orders(ev.orders_of_magnitude)
                if ev.orders_of_magnitude is not None
                else "costs nothing"
            )
            start = decimal_year(ev.as_of)
            as_of_spots.append(
                {"pos": (start, row.y), "brush": pg.mkBrush(t.foreground), "pen": pg.mkPen(None)}
            )
            earliest, latest = ev.arrival.earliest, ev.arrival.latest
            if earliest is not None:
                e = decimal_year(earliest)
                if e > start:
                    connectors += [start, e]
                    connector_ys += [row.y, row.y]
                x0s.append(e)
                widths.append((decimal_year(latest) - e) if latest is not None else math.nan)
                ys.append(row.y)
                brushes.append(pg.mkBrush(with_alpha(color, 235)))
            if latest is None:
                arrows.append(
                    {"pos": (math.nan, row.y), "brush": pg.mkBrush(color), "pen": pg.mkPen(t.foreground)}
                )
            if ev.arrival.earliest == ev.arrival.latest == ev.as_of:
                text = f"viable now (priced {format_month(ev.as_of)})"
            elif earliest == latest:
                text = format_month(earliest)
            else:
                text = f"{format_month(earliest)} – {format_month(latest)}"
            date_label.setText(text)
        for i, (a, b) in enumerate(zip(self._oom_labels, self._date_labels, strict=True)):
            a.setVisible(i < n)
            b.setVisible(i < n and bool(b.toPlainText()))
        self._spots, self._as_of_spots, self._arrow_spots = spots, as_of_spots, arrows
        self._bar_data = (x0s, widths, ys, brushes)
        self._connector_data = (connectors, connector_ys)
        self._restyle_texts()
        self._relayout()

    def set_theme(self, theme: ChartTheme) -> None:
        self._theme = theme
        t = theme
        fg = QColor(t.foreground)
        self.canvas.setBackground(t.background)
        font = QApplication.font()
        for axis in (
            self.names_axis,
            self.orders_axis,
            self.band_axis,
            self.date_axis,
            self.marker_axis,
            self.spacer_axis,
        ):
            axis.setPen(pg.mkPen(with_alpha(fg, 150)))
            axis.setTextPen(pg.mkPen(fg))
            axis.set_tick_font(font)
            if axis.labelText:
                axis.setLabel(
                    axis.labelText, color=t.foreground, **{"font-size": f"{font.pointSizeF():.1f}pt"}
                )
        fm = QFontMetrics(font)
        for axis in (self.band_axis, self.marker_axis):
            axis.setHeight(fm.height() + 12)  # the same height on both panels keeps their rows aligned
        for axis in (self.orders_axis, self.date_axis):
            axis.setHeight(2 * fm.height() + 14)
        for (verdict, _a, _b), region in zip(_band_edges(), self._bands, strict=True):
            region.setBrush(pg.mkBrush(with_alpha(VERDICT_COLORS[verdict], BAND_ALPHA[t.dark])))
        self._edges.setData(
            [0.0, 0.0, 1.0, 1.0, 2.0, 2.0], [-1e4, 1e4, -1e4, 1e4, -1e4, 1e4], connect="pairs"
        )
        self._edges.setPen(pg.mkPen(with_alpha(fg, 90), width=1))
        self._connectors.setPen(pg.mkPen(with_alpha(fg, 150), width=1.2, style=Qt.PenStyle.DotLine))
        self._today_line.setPen(pg.mkPen(with_alpha(fg, 140), width=1, style=Qt.PenStyle.DashLine))
        for item in self._separators:
            item.setPen(pg.mkPen(with_alpha(fg, 40), width=1))
        self._empty.setStyleSheet(f"QLabel {{ background: {t.background}; color: {t.foreground}; }}")
        self._empty.setFont(scaled_font(font, 1.1))
        self._readout.setFont(font)
        panel = QColor(t.background)
        self._readout.setStyleSheet(
            f"QLabel {{ background: rgba({panel.red()}, {panel.green()}, {panel.blue()}, 240); "
            f"color: {t.foreground}; border: 1px solid {with_alpha(fg, 120).name()}; border-radius: 3px; }}"
        )
        self._restyle_texts()
        if self._rows:
            self.show_entries([r.entry for r in self._rows], self._today)

    def _restyle_texts(self) -> None:
        font = QApplication.font()
        bold = scaled_font(font, 1.0, bold=True)
        for item in self._oom_labels:
            item.setColor(QColor(self._theme.foreground))
            item.setFont(bold)
            item.fill = pg.mkBrush(with_alpha(self._theme.background, 170))
        for item in self._date_labels:
            item.setColor(QColor(self._theme.foreground))
            item.setFont(font)

    # -- layout: ranges, bar thickness, label offsets (pixels turned into data units) ------------------

    def _relayout(self) -> None:
        if not self._rows:
            return
        n = len(self._rows)
        evs = [r.entry.evaluation for r in self._rows if r.entry.evaluation is not None]
        fm = QFontMetrics(QApplication.font())
        width = max(self.width(), 400)
        self.names_axis.set_max_label_px(max(110, int(width * 0.2)))
        self.oom_plot.setYRange(-0.6, n - 0.4, padding=0)
        # Orders of magnitude: the four bands always visible, every point and its label inside.
        ooms = [e.orders_of_magnitude for e in evs if e.orders_of_magnitude is not None]
        lo = min([-1.0, *(o - 0.35 for o in ooms)])
        hi = max([3.0, *(o for o in ooms)])
        oom_view_px = max(self.oom_plot.getViewBox().width(), width * 0.3, 100)
        label_px = fm.horizontalAdvance("0.00 ") + 24
        hi += (hi - lo) * min(0.5, label_px / oom_view_px) / (1 - min(0.5, label_px / oom_view_px))
        self.oom_plot.setXRange(lo, hi, padding=0)
        # Time: from the earliest pricing date to the latest arrival, room at the right for the dates.
        starts = [decimal_year(e.as_of) for e in evs] or [decimal_year(self._today)]
        ends = [decimal_year(d) for e in evs for d in (e.arrival.earliest, e.arrival.latest) if d is not None]
        t_lo = min([*starts, decimal_year(self._today)]) - 0.3
        t_hi = max([*ends, *starts, decimal_year(self._today), t_lo + 3.0]) + 0.3
        open_end = t_hi + 0.04 * (t_hi - t_lo)
        time_view_px = max(self.time_plot.getViewBox().width(), width * 0.35, 100)
        widest = (
            max((fm.horizontalAdvance(lbl.toPlainText()) for lbl in self._date_labels[:n]), default=0) + 22
        )
        frac = min(0.55, widest / time_view_px)
        view_hi = open_end + (open_end - t_lo) * frac / (1 - frac)
        self.time_plot.setXRange(t_lo, view_hi, padding=0)
        self._open_end = open_end
        # Items.
        self._points.setData(self._spots)
        self._as_of.setData(self._as_of_spots)
        x0s, widths, ys, brushes = self._bar_data
        widths = [w if not math.isnan(w) else open_end - x for x, w in zip(x0s, widths, strict=True)]
        px_per_row = max(self.oom_plot.getViewBox().height(), 60) / n
        height = min(BAR_ROWS, 22 / px_per_row)
        self._bars.setOpts(x0=x0s, width=widths, y=ys, height=height, brushes=brushes, pen=pg.mkPen(None))
        self._arrows.setData([{**s, "pos": (open_end, s["pos"][1])} for s in self._arrow_spots])
        sep_y = [v for k in range(n - 1) for v in (k + 0.5, k + 0.5)]
        for item, (a, b) in zip(self._separators, ((lo, hi), (t_lo, view_hi)), strict=True):
            item.setData([a, b] * (n - 1), sep_y, connect="pairs")
        connectors, connector_ys = self._connector_data
        self._connectors.setData(connectors, connector_ys, connect="pairs")
        self._today_line.setValue(decimal_year(self._today))
        self.marker_axis.marks = {decimal_year(self._today): "today"}
        self.marker_axis.picture = None
        self.marker_axis.update()
        # Labels a few pixels right of their point / bar end.
        dx_oom = (hi - lo) / oom_view_px * 12
        dx_time = (view_hi - t_lo) / time_view_px * 10
        for i, row in enumerate(self._rows):
            ev = row.entry.evaluation
            if ev is None:
                self._oom_labels[i].setPos(lo + dx_oom, row.y)
                continue
            x = ev.orders_of_magnitude if ev.orders_of_magnitude is not None else 0.0
            self._oom_labels[i].setPos(x + dx_oom, row.y)
            end = (
                open_end
                if ev.arrival.latest is None
                else decimal_year(ev.arrival.latest or ev.arrival.earliest or ev.as_of)
            )
            self._date_labels[i].setPos(end + dx_time * (1.6 if ev.arrival.latest is None else 1), row.y)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self._relayout)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.set_theme(theme_for_palette())

    # -- what is drawn (tests read the items, not the entries) -----------------------------------------

    def drawn(self) -> dict[str, Any]:
        """The items as set: names top to bottom, point coordinates, bar ends (None: open-ended)."""
        points = [(float(p.pos().x()), float(p.pos().y())) for p in self._points.points()]
        opts = self._bars.opts
        x0 = [float(v) for v in (opts.get("x0") if opts.get("x0") is not None else [])]
        wd = [float(v) for v in (opts.get("width") if opts.get("width") is not None else [])]
        yb = [float(v) for v in (opts.get("y") if opts.get("y") is not None else [])]
        arrow_ys = {float(p.pos().y()) for p in self._arrows.points()}
        bars = [(y, a, None if y in arrow_ys else a + w) for a, w, y in zip(x0, wd, yb, strict=True)]
        return {
            "names": [r.entry.name for r in self._rows],
            "axis_labels": [self.names_axis.label_at(r.y) for r in self._rows],
            "rows_y": [r.y for r in self._rows],
            "points": sorted(points, key=lambda p: -p[1]),
            "bars": sorted(bars, key=lambda b: -b[0]),
            "as_of": sorted(
                ((float(p.pos().y()), float(p.pos().x())) for p in self._as_of.points()), reverse=True
            ),
            "oom_labels": [i.toPlainText() for i in self._oom_labels[: len(self._rows)]],
            "date_labels": [i.toPlainText() for i in self._date_labels[: len(self._rows)]],
            "band_words": self.band_axis.words(),
            "arrows": sorted(arrow_ys, reverse=True),
        }

    # -- hover and activation --------------------------------------------------------------------------

    def _row_at_scene(self, scene_pos: QPointF) -> _Row | None:
        for plot in (self.oom_plot, self.time_plot):
            vb = plot.getViewBox()
            if vb.sceneBoundingRect().contains(scene_pos):
                y = vb.mapSceneToView(scene_pos).y()
                for row in self._rows:
                    if abs(row.y - y) <= 0.5:
                        return row
        return None

    def hover_text(self, entry: CompareEntry) -> str:
        ev = entry.evaluation
        lines = [entry.name]
        if ev is None:
            lines.append(f"Cannot evaluate: {entry.error}")
            return "\n".join(lines)
        lines.append(ev.verdict.words)
        if ev.orders_of_magnitude is not None:
            lines.append(
                f"{format_orders(ev.orders_of_magnitude)} orders of magnitude: needs "
                f"{format_drop(ev.required_drop, ev.orders_of_magnitude)} cheaper inference"
            )
        lines.append(
            f"{format_money(ev.cost_per_paying_user_month)} per paying user-month vs "
            f"{format_money(ev.budget_per_user_month)} budget"
        )
        lines.append(
            f"Priced on {format_iso(ev.as_of)}; arrival {format_month(ev.arrival.earliest)} – "
            f"{format_month(ev.arrival.latest)} ({ev.scenario.name})"
        )
        mc = entry.uncertainty
        if mc is not None:
            lines.append(
                f"Monte Carlo P10–P90: {format_month(mc.arrival_p10)} – {format_month(mc.arrival_p90)}"
            )
        return "\n".join(lines)

    def hover_at_row(self, index: int) -> str:
        """Show the readout for row ``index`` as the mouse over it would; returns its text (tests)."""
        row = self._rows[index]
        vb = self.oom_plot.getViewBox()
        x = sum(vb.viewRange()[0]) / 2
        self._on_canvas_mouse_moved(vb.mapViewToScene(QPointF(x, row.y)))
        return self._readout.text() if not self._readout.isHidden() else ""

    def _on_canvas_mouse_moved(self, scene_pos: QPointF) -> None:
        row = self._row_at_scene(scene_pos)
        if row is None:
            self._hide_readout()
            return
        set_plain(self._readout, self.hover_text(row.entry))
        self._readout.adjustSize()
        at = self.canvas.mapFromScene(scene_pos)
        area = self.canvas.viewport().rect()
        size = self._readout.size()
        x, y = at.x() + 16, at.y() + 16
        if x + size.width() > area.right() - 4:
            x = at.x() - 16 - size.width()
        if y + size.height() > area.bottom() - 4:
            y = at.y() - 16 - size.height()
        self._readout.move(QPoint(max(4, x), max(4, y)))
        self._readout.show()
        self._readout.raise_()

    def _on_canvas_mouse_clicked(self, event: Any) -> None:
        if event.double():
            row = self._row_at_scene(event.scenePos())
            if row is not None:
                self.row_activated.emit(row.entry.key)

    def _hide_readout(self) -> None:
        self._readout.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.canvas.viewport() and event.type() == QEvent.Type.Leave:
            self._hide_readout()
        return super().eventFilter(watched, event)


# --------------------------------------------------------------------------------------------------
# The table
# --------------------------------------------------------------------------------------------------

COLUMNS = (
    "Pitch",
    "Verdict",
    "OOM",
    "Cost per paying\nuser-month",
    "Budget per paying\nuser-month",
    "Required\ndrop",
    "Arrival\nearliest",
    "Arrival\nlatest",
    "Monte Carlo\nP10–P90",
    "Top block",
    "As of",
    "Scenario",
)
ERROR_SPAN = (2, len(COLUMNS) - 2)  # an entry that cannot be evaluated: its reason spans the number columns
ModelIndex = QModelIndex | QPersistentModelIndex
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class CompareTableModel(QAbstractTableModel):
    """The compare set's numbers side by side, formatted by ``core.formatting``; full values in tooltips."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[CompareEntry] = []

    def show_entries(self, entries: Sequence[CompareEntry]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def refresh(self, entry: CompareEntry) -> None:
        if entry in self._entries:
            row = self._entries.index(entry)
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def entry(self, row: int) -> CompareEntry:
        return self._entries[row]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self._entries[index.row()]
        col = index.column()
        f = entry.figures
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(entry, f, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(self._tooltip(entry, f, col))
        if role == Qt.ItemDataRole.BackgroundRole and col == 1 and f is not None:
            return QColor(VERDICT_COLORS[f.verdict])
        if role == Qt.ItemDataRole.ForegroundRole and col == 1 and f is not None:
            return QColor(VERDICT_TEXT_COLORS[f.verdict])
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (2, 3, 4, 5) and f is not None:
            return _RIGHT
        return None

    @staticmethod
    def _text(entry: CompareEntry, f: CompareFigures | None, col: int) -> str:
        if col == 0:
            return entry.name
        if f is None:
            reason = entry.error.removeprefix(f"{entry.path}: ") if entry.path else entry.error
            return {1: "Cannot evaluate", ERROR_SPAN[0]: reason}.get(col, "")
        if col == 1:
            return f.verdict.short
        if col == 2:
            return format_orders(f.orders_of_magnitude)
        if col == 3:
            return format_money(f.cost_per_paying_user_month)
        if col == 4:
            return format_money(f.budget_per_user_month)
        if col == 5:
            return format_drop(f.required_drop, f.orders_of_magnitude)
        if col == 6:
            return format_month(f.arrival_earliest)
        if col == 7:
            return format_month(f.arrival_latest)
        if col == 8:
            if not f.simulated:
                return "simulating…"
            return f"{format_month(f.arrival_p10)} – {format_month(f.arrival_p90)}"
        if col == 9:
            if f.top_block_name is None or f.top_block_share is None:
                return "—"
            return f"{f.top_block_name} ({format_percent(f.top_block_share)})"
        if col == 10:
            return format_iso(f.as_of)
        return f.scenario_name

    @staticmethod
    def _tooltip(entry: CompareEntry, f: CompareFigures | None, col: int) -> str:
        if col == 0 or f is None:
            text = f"{entry.name}\n{entry.origin}"
            return text + (f"\n\nCannot evaluate: {entry.error}" if entry.error else "")
        ev = entry.evaluation
        assert ev is not None
        if col == 1:
            return f.verdict.words
        if col in (2, 5):
            return (
                f"orders of magnitude: {f.orders_of_magnitude!r}\nrequired drop: {f.required_drop!r}x "
                "(cost per paying user-month / budget)"
            )
        if col == 3:
            return (
                f"{f.cost_per_paying_user_month!r} USD per paying user-month "
                f"({ev.cost_per_user_month!r} per active user-month)"
            )
        if col == 4:
            return f"{f.budget_per_user_month!r} USD per user-month"
        if col in (6, 7):
            a = format_iso(f.arrival_earliest) or NOT_WITHIN
            b = format_iso(f.arrival_latest) or NOT_WITHIN
            s = ev.scenario
            return (
                f"point-value arrival window: {a} (fast decline, {s.annual_decline_high:.4g}x a year) to "
                f"{b} (slow decline, {s.annual_decline_low:.4g}x a year)"
            )
        if col == 8:
            mc = entry.uncertainty
            if mc is None:
                return "The Monte Carlo is running"
            return (
                f"Monte Carlo ({mc.samples:,} samples, seed {mc.seed}), not the point-value window:\n"
                f"P10 {format_iso(mc.arrival_p10) or NOT_WITHIN}, P50 {format_iso(mc.arrival_p50) or NOT_WITHIN}, "
                f"P90 {format_iso(mc.arrival_p90) or NOT_WITHIN}; {format_percent(mc.p_viable_now)} viable today"
            )
        if col == 9:
            if f.top_block_name is None:
                return "No block costs anything"
            return (
                f"{f.top_block_name}: {format_percent(f.top_block_share or 0.0)} of the cost per user-month"
            )
        if col == 10:
            return f"prices taken on {format_iso(f.as_of)}"
        return f"{ev.scenario.name}\n{ev.scenario.source}"


# --------------------------------------------------------------------------------------------------
# The variant dialog
# --------------------------------------------------------------------------------------------------


class VariantDialog(QDialog):
    """Asks for the one change that makes a variant, and shows what it would be before it is added."""

    def __init__(self, pitch: Pitch, catalog: PriceCatalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("variantDialog")
        self.setWindowTitle("Duplicate as variant")
        self.pitch = pitch
        self.catalog = catalog
        self.variant: Pitch | None = None
        self.error = ""
        intro = plain_label(f"Make a variant of “{pitch.name}” that differs in one thing:")
        intro.setWordWrap(True)
        self.kinds = QButtonGroup(self)
        self.model_radio = QRadioButton("Every block on the model")
        self.price_radio = QRadioButton("Price per user-month")
        self.usage_radio = QRadioButton("Usage multiplier")
        self.scenario_radio = QRadioButton("Decline scenario")
        for kind, radio in zip(ChangeKind, self._radios(), strict=True):
            radio.setProperty("kind", kind.value)
            self.kinds.addButton(radio)
        self.model_edit = QLineEdit()
        self.model_edit.setPlaceholderText("a catalog id, e.g. openai:gpt-4o-mini")
        models = [b.model for b in pitch.blocks if b.model]
        self.model_edit.setText(models[0] if models else "")
        completer = QCompleter(catalog.model_ids() if catalog.is_loaded() else [], self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.model_edit.setCompleter(completer)
        model_note = plain_label(
            "The catalog's prices for this model apply; prices typed into blocks are dropped."
        )
        model_note.setWordWrap(True)
        model_note.setEnabled(False)
        self.price_spin = QDoubleSpinBox()
        self.price_spin.setRange(0.01, 1e9)
        self.price_spin.setDecimals(2)
        self.price_spin.setPrefix("$")
        self.price_spin.setValue(pitch.business.price_per_user_month)
        self.usage_spin = QDoubleSpinBox()
        self.usage_spin.setRange(0.01, 1e6)
        self.usage_spin.setDecimals(2)
        self.usage_spin.setSuffix(" ×")
        self.usage_spin.setValue(pitch.business.usage_multiplier * 2)
        self.scenario_combo = QComboBox()
        for sid, sc in builtin_scenarios().items():
            self.scenario_combo.addItem(f"{sc.name} ({sid})", sid)
        current = pitch.scenario if isinstance(pitch.scenario, str) else None
        others = [i for i in range(self.scenario_combo.count()) if self.scenario_combo.itemData(i) != current]
        self.scenario_combo.setCurrentIndex(others[0] if others else 0)
        grid = QGridLayout()
        grid.addWidget(self.model_radio, 0, 0)
        grid.addWidget(self.model_edit, 0, 1)
        grid.addWidget(model_note, 1, 1)
        grid.addWidget(self.price_radio, 2, 0)
        grid.addWidget(self.price_spin, 2, 1)
        grid.addWidget(self.usage_radio, 3, 0)
        grid.addWidget(self.usage_spin, 3, 1)
        grid.addWidget(self.scenario_radio, 4, 0)
        grid.addWidget(self.scenario_combo, 4, 1)
        grid.setColumnStretch(1, 1)
        self.name_label = plain_label()
        self.name_label.setWordWrap(True)
        self.result_label = plain_label()
        self.result_label.setWordWrap(True)
        self.result_label.setObjectName("variantResult")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_button = self.buttons.addButton("Add variant", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addSpacing(6)
        layout.addWidget(self.name_label)
        layout.addWidget(self.result_label)
        layout.addWidget(self.buttons)
        # A pitch on catalog models starts from a model switch; one with typed prices only, from usage.
        (self.model_radio if models else self.usage_radio).setChecked(True)
        self.kinds.buttonToggled.connect(self._on_kinds_toggled)
        self.model_edit.textChanged.connect(lambda _t: self._on_field_edited(self.model_radio))
        self.price_spin.valueChanged.connect(lambda _v: self._on_field_edited(self.price_radio))
        self.usage_spin.valueChanged.connect(lambda _v: self._on_field_edited(self.usage_radio))
        self.scenario_combo.currentIndexChanged.connect(lambda _i: self._on_field_edited(self.scenario_radio))
        self.resize(560, self.sizeHint().height())
        self._update_preview()

    def _radios(self) -> tuple[QRadioButton, ...]:
        return (self.model_radio, self.price_radio, self.usage_radio, self.scenario_radio)

    def change(self) -> VariantChange:
        """The change the dialog's fields describe now."""
        if self.model_radio.isChecked():
            return VariantChange(ChangeKind.MODEL, self.model_edit.text().strip())
        if self.price_radio.isChecked():
            return VariantChange(ChangeKind.PRICE, self.price_spin.value())
        if self.usage_radio.isChecked():
            return VariantChange(ChangeKind.USAGE, self.usage_spin.value())
        return VariantChange(ChangeKind.SCENARIO, str(self.scenario_combo.currentData()))

    def _on_kinds_toggled(self, _button: object, checked: bool) -> None:
        if checked:
            self._update_preview()

    def _on_field_edited(self, radio: QRadioButton) -> None:
        if not radio.isChecked():
            radio.setChecked(True)  # editing a field picks its change (the toggle updates the preview)
        else:
            self._update_preview()

    def _update_preview(self) -> None:
        try:
            variant = make_variant(self.pitch, self.change(), self.catalog)
            ev = evaluate_prepared(prepare(variant, self.catalog))
        except PitchError as exc:
            self.variant, self.error = None, str(exc)
            set_plain(self.name_label, "")
            set_plain(self.result_label, f"Cannot make this variant: {exc}")
            self.add_button.setEnabled(False)
            return
        self.variant, self.error = variant, ""
        set_plain(self.name_label, f"Name: {variant.name}")
        set_plain(
            self.result_label,
            f"{ev.verdict.short} · {format_orders(ev.orders_of_magnitude)} orders of magnitude · "
            f"{format_money(ev.cost_per_paying_user_month)} vs {format_money(ev.budget_per_user_month)} budget · "
            f"arrival {format_month(ev.arrival.earliest)} – {format_month(ev.arrival.latest)}",
        )
        self.add_button.setEnabled(True)


# --------------------------------------------------------------------------------------------------
# The window
# --------------------------------------------------------------------------------------------------


class CompareWindow(QWidget):
    """A separate, non-modal window: the viability map over the table of the compare set."""

    entries_changed = Signal()
    simulations_done = Signal()
    _mc_done = Signal(int, object)  # entry key, UncertaintyResult | Exception

    def __init__(
        self,
        main_window: MainWindow | None = None,
        catalog: PriceCatalog | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("compareWindow")
        self.setWindowTitle("Compare pitches — Compute Curve")
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)  # closing the main window quits the app
        self.setAcceptDrops(True)
        self.main_window = main_window
        self.catalog = catalog or (main_window.catalog if main_window is not None else default_catalog())
        self._entries: list[CompareEntry] = []
        self._next_key = 1
        self._pending: set[int] = set()
        self._executor: ThreadPoolExecutor | None = None
        self._mc_done.connect(self._on_mc_done)

        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.add_current_action = self._tool(
            "Add current pitch", self.add_current, "Add the main window's pitch"
        )
        self.add_files_action = self._tool(
            "Add files…", self.add_files_dialog, "Add pitch files to the comparison"
        )
        self.variant_action = self._tool(
            "Duplicate as variant…",
            lambda: self.duplicate_as_variant(),
            "A copy of the selected pitch (or the current one) with one change",
        )
        self.remove_action = self._tool("Remove", self.remove_selected, "Remove the selected pitches (Del)")
        self.remove_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.open_action = self._tool(
            "Open in main window", self.open_selected, "Open the selected pitch in the main window (Enter)"
        )
        self.map = ViabilityMap()
        self.map.row_activated.connect(self._on_map_row_activated)
        self.model = CompareTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("compareTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.activated.connect(self._on_table_activated)
        self.status = plain_label()
        self.status.setObjectName("compareStatus")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.map)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([520, 300])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 8)
        layout.addWidget(self.toolbar)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        self.resize(1400, 860)
        self._size_columns()
        self._refresh()

    def _tool(self, text: str, slot: Callable[[], object], tip: str) -> QAction:
        action = QAction(text, self)
        action.setToolTip(tip)
        action.triggered.connect(lambda _=False: slot())
        self.toolbar.addAction(action)
        self.addAction(action)
        return action

    def _size_columns(self) -> None:
        fm = QFontMetrics(self.table.font())
        samples = (
            "x" * 34,
            "Beyond the horizon",
            "10.00",
            "$12,345.6789",
            "$1,234.5678",
            "1,000x",
            "not within 50 years",
            "not within 50 years",
            "Oct 2027 – May 2029",
            "Background understanding (63%)",
            "2026-11-26",
            "supply-constrained",
        )
        for col, (title, sample) in enumerate(zip(COLUMNS, samples, strict=True)):
            widest = max(fm.horizontalAdvance(line) for line in (*title.split("\n"), sample))
            self.table.setColumnWidth(col, widest + 20)

    # -- the compare set ------------------------------------------------------------------------------

    @property
    def entries(self) -> list[CompareEntry]:
        return list(self._entries)

    def entry(self, key: int) -> CompareEntry | None:
        return next((e for e in self._entries if e.key == key), None)

    def add_pitch(
        self, pitch: Pitch, *, origin: str, path: Path | None = None, after: CompareEntry | None = None
    ) -> CompareEntry:
        """Add ``pitch`` (evaluated now; its Monte Carlo on a worker) after ``after`` or at the end."""
        entry = CompareEntry(self._next_key, pitch.name, origin, pitch, path)
        self._next_key += 1
        evaluate_entry(entry, self.catalog)
        index = self._entries.index(after) + 1 if after in self._entries else len(self._entries)
        self._entries.insert(index, entry)
        self._simulate(entry)
        self._refresh()
        self.select(entry)
        return entry

    def add_files(self, paths: Iterable[str | Path]) -> list[CompareEntry]:
        """Add pitch files; a file that cannot be read gets its own row with the reason."""
        added = []
        for raw in paths:
            path = Path(raw)
            try:
                added.append(self.add_pitch(load_pitch(path), origin=str(path), path=path))
            except PitchError as exc:
                entry = CompareEntry(self._next_key, path.name, str(path), None, path, error=str(exc))
                self._next_key += 1
                self._entries.append(entry)
                added.append(entry)
        self._refresh()
        return added

    def add_current(self) -> CompareEntry | None:
        """Add the main window's current pitch (or select it if that exact pitch is already here)."""
        if self.main_window is None:
            return None
        doc = self.main_window.document
        existing = next((e for e in self._entries if e.pitch == doc.pitch), None)
        if existing is not None:
            self.select(existing)
            set_plain(self.status, f"“{existing.name}” is already in the comparison.")
            return existing
        origin = f"current pitch ({doc.path})" if doc.path else "current pitch (not saved)"
        return self.add_pitch(doc.pitch, origin=origin, path=doc.path)

    def add_files_dialog(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Add pitches to compare", "", PITCH_FILTER)
        if names:
            self.add_files(names)

    def remove(self, entries: Iterable[CompareEntry]) -> None:
        gone = set(map(id, entries))
        self._entries = [e for e in self._entries if id(e) not in gone]
        self._refresh()

    def remove_selected(self) -> None:
        self.remove(self.selected_entries())

    def duplicate_as_variant(
        self, base: CompareEntry | None = None, change: VariantChange | None = None
    ) -> CompareEntry | None:
        """Add a variant of ``base`` (the selected pitch, else the current one) with one ``change``.

        Without ``change``, a dialog asks for it. The variant goes right after its base, both on the map.
        """
        if base is None:
            chosen = [e for e in self.selected_entries() if e.pitch is not None]
            base = chosen[0] if chosen else self.add_current()
        if base is None or base.pitch is None:
            return None
        if change is None:
            dialog = VariantDialog(base.pitch, self.catalog, self)
            if not dialog.exec() or dialog.variant is None:
                return None
            variant = dialog.variant
            text = dialog.change().describe()
        else:
            try:
                variant = make_variant(base.pitch, change, self.catalog)
            except PitchError as exc:
                self._show_error("Cannot make the variant", str(exc))
                return None
            text = change.describe()
        return self.add_pitch(variant, origin=f"variant of “{base.name}”: {text}", after=base)

    # -- selection and opening ------------------------------------------------------------------------

    def selected_entries(self) -> list[CompareEntry]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.entry(r) for r in rows]

    def select(self, entry: CompareEntry) -> None:
        if entry in self._entries:
            self.table.selectRow(self._entries.index(entry))

    def open_selected(self) -> None:
        chosen = self.selected_entries()
        if chosen:
            self.open_entry(chosen[0])

    def open_entry(self, entry: CompareEntry) -> bool:
        """Open ``entry`` in the main window (asking about unsaved changes there first)."""
        main = self.main_window
        if main is None:
            return False
        if entry.pitch is not None and entry.pitch == main.document.pitch:
            ok = True  # already the main window's pitch
        elif entry.path is not None and (entry.pitch is None or entry.origin == str(entry.path)):
            ok = main.open_path(entry.path)  # a file: opened from disk (a bad one shows its error)
        elif entry.pitch is not None:
            # A variant, or an earlier state of the current pitch: a new, untitled document.
            ok = main.confirm_discard()
            if ok:
                main.document.replace(entry.pitch, None)
        else:
            ok = False
        if ok:
            bring_to_front(main)
        return ok

    def _on_table_activated(self, index: QModelIndex) -> None:
        self.open_entry(self.model.entry(index.row()))

    def _on_map_row_activated(self, key: int) -> None:
        entry = self.entry(key)
        if entry is not None:
            self.open_entry(entry)

    # -- Monte Carlo (off the GUI thread; a removed entry's result is dropped) -------------------------

    def _simulate(self, entry: CompareEntry) -> None:
        prep = entry.prepared
        if prep is None:
            return
        self._pending.add(entry.key)
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="compare-montecarlo")
        future = self._executor.submit(monte_carlo, prep, DEFAULT_SAMPLES, DEFAULT_SEED)
        future.add_done_callback(lambda f, k=entry.key: self._deliver(k, f))

    def _deliver(self, key: int, future: Future[UncertaintyResult]) -> None:
        # Worker thread: hand over to the GUI thread through a queued signal.
        if future.cancelled():
            return
        try:
            result: object = future.result()
        except Exception as exc:
            result = exc
        with contextlib.suppress(RuntimeError):  # the window was deleted meanwhile
            self._mc_done.emit(key, result)

    def _on_mc_done(self, key: int, result: object) -> None:
        self._pending.discard(key)
        entry = self.entry(key)
        if entry is not None:
            if isinstance(result, Exception):
                raise result
            assert isinstance(result, UncertaintyResult)
            entry.uncertainty = result
            self.model.refresh(entry)
        if not self._pending:
            self._update_status()
            self.simulations_done.emit()

    @property
    def simulating(self) -> bool:
        return bool(self._pending)

    def wait_simulations(self, timeout_ms: int = 20_000) -> None:
        """Process events until every Monte Carlo has arrived (tests, screenshots)."""
        from PySide6.QtCore import QDeadlineTimer

        deadline = QDeadlineTimer(timeout_ms)
        while self._pending and not deadline.hasExpired():
            QApplication.processEvents()
            threading.Event().wait(0.005)
        QApplication.processEvents()

    # -- drawing --------------------------------------------------------------------------------------

    def _refresh(self) -> None:
        self.map.show_entries(self._entries)
        self.model.show_entries(self._entries)
        self.table.clearSpans()
        for row, entry in enumerate(self._entries):
            if entry.evaluation is None:
                self.table.setSpan(row, ERROR_SPAN[0], 1, ERROR_SPAN[1])
        # The map gets the room its rows need (about three lines of text each), the table the rest.
        fm = QFontMetrics(self.font())
        self.map.setMinimumHeight(min(520, 150 + len(self._entries) * int(fm.height() * 2.2)))
        has = bool(self._entries)
        self.remove_action.setEnabled(has)
        self.open_action.setEnabled(has and self.main_window is not None)
        self.add_current_action.setEnabled(self.main_window is not None)
        self._update_status()
        self.entries_changed.emit()

    def _update_status(self) -> None:
        n = len(self._entries)
        if not n:
            set_plain(self.status, "Add pitches to compare them on one map.")
            return
        bad = sum(e.evaluation is None for e in self._entries)
        dates = {e.evaluation.as_of for e in self._entries if e.evaluation}
        scenarios = {e.evaluation.scenario.name for e in self._entries if e.evaluation}
        parts = [f"{n} pitch{'es' * (n != 1)}"]
        if bad:
            parts.append(f"{bad} cannot be evaluated")
        parts.append(
            "each on its own date and scenario"
            if len(dates) > 1 or len(scenarios) > 1
            else "one date and scenario"
        )
        parts.append(
            "Monte Carlo running…"
            if self._pending
            else f"Monte Carlo: {DEFAULT_SAMPLES:,} samples, seed {DEFAULT_SEED}"
        )
        parts.append("double-click a row to open it in the main window")
        set_plain(self.status, " · ".join(parts))

    def _show_error(self, title: str, text: str) -> None:
        if self.main_window is not None:
            self.main_window.show_error(title, text)
        else:
            message_box(self, QMessageBox.Icon.Warning, title, text).exec()

    # -- files dropped on the window -------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        files = [p for p in files if p.is_file()]
        if files:
            event.acceptProposedAction()
            self.add_files(files)

    def shutdown(self) -> None:
        """Stop the Monte Carlo worker (the main window is closing); a later simulation starts a new one."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
        self._pending.clear()


# --------------------------------------------------------------------------------------------------
# Wiring into the main window
# --------------------------------------------------------------------------------------------------

SCREENSHOT_EXAMPLES = (
    "agentic-coding-flash.pitch.json",
    "agentic-coding-sonnet-4-6.pitch.json",
    "agentic-coding-gpt4-2023.pitch.json",
    "default.pitch.json",
)


class CompareController(WindowController):
    """Owns the main window's compare window (made on first use) and the menu actions."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window, "compareController", lambda: CompareWindow(window, window.catalog, window))

    def add_current(self) -> None:
        self.show().add_current()

    def duplicate_as_variant(self) -> None:
        w = self.show()
        base = w.add_current()
        w.duplicate_as_variant(base)

    def show_screenshot(self) -> None:
        """The ``compare`` screenshot: the three agentic-coding examples, the default pitch and one variant,
        drawn over the main window."""
        w = self.window
        for name in SCREENSHOT_EXAMPLES:
            w.add_pitch(load_pitch_bytes(read_example(name), source=name), origin=f"example {name}")
        base = w.entries[-1]
        w.duplicate_as_variant(base, VariantChange(ChangeKind.PRICE, 19.99))
        self.show_over_main_window()
        w.wait_simulations()
        w.table.clearSelection()
        QApplication.processEvents()
        w.map._relayout()


def controller_of(window: MainWindow) -> CompareController | None:
    """The compare controller ``install`` attached to ``window``."""
    return window.findChild(CompareController, "compareController")


def install(window: MainWindow) -> None:
    """Add Pitch ▸ Compare pitches…, Add current pitch to compare, Duplicate as variant…, and the
    ``compare`` screenshot view."""
    controller = CompareController(window)
    menu = window.menu("&Pitch")
    menu.addSeparator()
    for text, slot, tip in (
        ("&Compare pitches…", controller.show, "Open the comparison window"),
        ("Add current pitch to c&ompare", controller.add_current, "Add this pitch to the comparison"),
        (
            "Duplicate as &variant…",
            controller.duplicate_as_variant,
            "Compare this pitch with a copy that has one change",
        ),
    ):
        action = QAction(text, window)
        action.setStatusTip(tip)
        action.triggered.connect(lambda _=False, s=slot: s())
        window.addAction(action)
        menu.addAction(action)
    window.register_view("compare", controller.show_screenshot)
