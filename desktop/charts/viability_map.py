"""The viability map: several pitches on one picture, how far each is (orders of magnitude) and when.

One row per pitch. On the left, a point at the orders of magnitude the price must still fall, over the
seed's four bands (viable now <= 0, one order (0, 1], two orders (1, 2], beyond > 2) drawn in the verdict
colours with their words above them. On the right, on a time axis, the pitch's point-value arrival window as
a bar from its earliest to its latest date (an arrow when the latest is "not within 50 years"), starting
from a marker at the date the pitch is priced on, and a dashed line at today. A window that lies wholly
before today is drawn faded, outlined, and labelled as passed ("should have arrived by Aug 2026"), never as
a date still to come (contract section 3).

The map reads each row's :class:`~core.analysis.Analysis`; pitch names are user text, drawn as axis
strings (plain text), never as HTML.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import QApplication, QStackedLayout, QWidget

from core.analysis import Analysis
from core.formatting import format_drop, format_iso, format_month, format_orders
from core.verdict import Verdict
from core.wording import arrival_passed, cost_vs_budget, month_range, verdict_headline
from desktop.charts.axes import CategoryAxis, FontAxis
from desktop.charts.common import decimal_year, elide, with_alpha
from desktop.safety import plain_label, set_plain
from desktop.theme import DARK, LIGHT, VERDICT_COLORS, ChartTheme, scaled_font

BAR_ROWS = 0.42  # a bar's height as a share of its row
BAND_ALPHA = {False: 64, True: 80}  # light, dark
PASSED_ALPHA = 90  # a passed window: faded, with an outline


class MapEntry(Protocol):
    """What the map draws of one pitch."""

    key: Hashable
    name: str
    analysis: Analysis | None  # None: a file that could not be read
    error: str


def entry_date_text(analysis: Analysis) -> str:
    """The words beside a row's bar: its months, that it is viable now, or that its window has passed."""
    ev = analysis.evaluation
    assert ev is not None
    a = ev.arrival
    if ev.verdict is Verdict.VIABLE_NOW:
        return f"viable now (priced {format_month(ev.as_of)})"
    if a.earliest is None:
        return "not within 50 years"
    if arrival_passed(ev, analysis.today):
        return f"passed: should have arrived by {format_month(a.latest)}"
    if a.latest is None or format_month(a.earliest) != format_month(a.latest):
        return f"{format_month(a.earliest)} – {format_month(a.latest)}"
    return format_month(a.earliest)


def distinct_elide(text: str, others: Sequence[str], font: QFont, max_px: int) -> str:
    """``text`` cut to ``max_px`` where it says least: inside the words it shares with another name, so that
    variants keep what tells them apart ("Agentic…Claude Sonnet 4.6 prices ($3/$15)", "AI study buddy — price
    $19.99 per user-month"). Without a shared start, the middle goes (a name's tail is often its variant)."""
    one_line = " ".join(text.split())
    fm = QFontMetrics(font)
    max_px = max(20, max_px)
    if fm.horizontalAdvance(one_line) <= max_px:
        return one_line
    shared = 0
    for other in others:
        other = " ".join(other.split())
        if other == one_line:
            continue
        n = 0
        while n < min(len(other), len(one_line)) and other[n] == one_line[n]:
            n += 1
        shared = max(shared, n)
    shared = one_line.rfind(" ", 0, shared + 1) + 1 if shared < len(one_line) else 0  # a word boundary
    tail = one_line[shared:]
    if shared > 0:
        if fm.horizontalAdvance("…" + tail) <= max_px:
            head = shared
            while head > 0 and fm.horizontalAdvance(one_line[:head].rstrip() + "…" + tail) > max_px:
                head -= 1
            return one_line[:head].rstrip() + "…" + tail
        # even the differing part is too long: its start says most ("AI…— price $19.99 pe…")
        first = one_line.split(" ", 1)[0]
        return fm.elidedText(f"{first}…{tail}", Qt.TextElideMode.ElideRight, max_px)
    return fm.elidedText(one_line, Qt.TextElideMode.ElideMiddle, max_px)


class NamesAxis(CategoryAxis):
    """The pitches' names, each cut where it differs least from the others (:func:`distinct_elide`)."""

    def _elide(self, text: str) -> str:
        key = (text, self.tick_font.key(), self.max_label_px)
        out = self._elided.get(key)
        if out is None:
            if len(self._elided) > 512:
                self._elided.clear()
            out = distinct_elide(text, self._labels, self.tick_font, self.max_label_px)
            self._elided[key] = out
        return out

    def set_categories(self, positions: Sequence[float], labels: Sequence[str]) -> None:
        if list(labels) != self._labels:
            self._elided.clear()  # a name is cut against the others: new others, new cuts
        super().set_categories(positions, labels)


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


def _evaluation(entry: MapEntry) -> Any:
    return entry.analysis.evaluation if entry.analysis is not None else None


def theme_for_palette() -> ChartTheme:
    """Light or dark charts, following the application's palette (which the window's theme sets)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return LIGHT
    return DARK if app.palette().color(QPalette.ColorRole.Window).lightness() < 128 else LIGHT


@dataclass(frozen=True)
class _Row:
    entry: MapEntry
    y: float


class ViabilityMap(QWidget):
    """One row per pitch: how far (orders of magnitude, over the verdict bands) and when (arrival)."""

    row_activated = Signal(object)  # entry key (double-click on a row)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme_for_palette()
        self._rows: list[_Row] = []
        self._today = date.today()
        self._spots: list[dict[str, Any]] = []
        self._as_of_spots: list[dict[str, Any]] = []
        self._arrow_spots: list[dict[str, Any]] = []
        self._bar_data: tuple[list[float], list[float], list[float], list[Any], list[Any]] = (
            [],
            [],
            [],
            [],
            [],
        )
        self._connector_data: tuple[list[float], list[float]] = ([], [])
        self._open_end = 0.0
        self._stack = QStackedLayout(self)
        self._stack.setContentsMargins(0, 0, 0, 0)
        self.canvas = pg.GraphicsLayoutWidget()
        self.canvas.ci.layout.setContentsMargins(6, 6, 14, 6)
        self.canvas.ci.layout.setHorizontalSpacing(0)
        self.names_axis = NamesAxis("left")
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
        self._viewport = self.canvas.viewport()  # compared, never called, in eventFilter (it may be going)
        self._viewport.installEventFilter(self)

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

    def show_entries(self, entries: Sequence[MapEntry], today: date | None = None) -> None:
        """Draw ``entries`` top to bottom (the table's order); ``today`` places the today line and says which
        windows have passed (default: the first analysed entry's, else the system's date)."""
        known = [e.analysis.today for e in entries if e.analysis is not None]
        self._today = today or (known[0] if known else date.today())
        n = len(entries)
        self._rows = [_Row(e, float(n - 1 - i)) for i, e in enumerate(entries)]
        if not entries:
            for item in (self._points, self._as_of, self._arrows):
                item.setData([])
            self._bars.setOpts(x0=[], width=[], y=[], brushes=[], pens=None, pen=pg.mkPen(None))
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
        x0s, widths, ys, brushes, pens = [], [], [], [], []
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
            analysis = row.entry.analysis
            ev = analysis.evaluation if analysis is not None else None
            oom_label, date_label = self._oom_labels[i], self._date_labels[i]
            if ev is None or analysis is None:
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
                passed = arrival_passed(ev, self._today)
                brushes.append(pg.mkBrush(with_alpha(color, PASSED_ALPHA if passed else 235)))
                pens.append(
                    pg.mkPen(t.foreground, width=1.2, style=Qt.PenStyle.DashLine)
                    if passed
                    else pg.mkPen(None)
                )
            if latest is None:
                arrows.append(
                    {"pos": (math.nan, row.y), "brush": pg.mkBrush(color), "pen": pg.mkPen(t.foreground)}
                )
            date_label.setText(entry_date_text(analysis))
        for i, (a, b) in enumerate(zip(self._oom_labels, self._date_labels, strict=True)):
            a.setVisible(i < n)
            b.setVisible(i < n and bool(b.toPlainText()))
        self._spots, self._as_of_spots, self._arrow_spots = spots, as_of_spots, arrows
        self._bar_data = (x0s, widths, ys, brushes, pens)
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
        evs = [ev for r in self._rows if (ev := _evaluation(r.entry)) is not None]
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
        x0s, widths, ys, brushes, pens = self._bar_data
        widths = [w if not math.isnan(w) else open_end - x for x, w in zip(x0s, widths, strict=True)]
        px_per_row = max(self.oom_plot.getViewBox().height(), 60) / n
        height = min(BAR_ROWS, 22 / px_per_row)
        # (an empty list of pens trips pyqtgraph 0.14's BarGraphItem: no bars, no pens)
        self._bars.setOpts(
            x0=x0s, width=widths, y=ys, height=height, brushes=brushes, pens=pens or None, pen=pg.mkPen(None)
        )
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
            ev = _evaluation(row.entry)
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

    def hover_text(self, entry: MapEntry) -> str:
        """The readout of a row: the verdict with the pitch's own arrival, the numbers, the Monte Carlo."""
        analysis = entry.analysis
        ev = analysis.evaluation if analysis is not None else None
        lines = [entry.name]
        if ev is None or analysis is None:
            lines.append(f"Cannot evaluate: {entry.error}")
            return "\n".join(lines)
        lines.append(verdict_headline(ev, analysis.today))
        if ev.orders_of_magnitude is not None:
            lines.append(
                f"{format_orders(ev.orders_of_magnitude)} orders of magnitude: needs "
                f"{format_drop(ev.required_drop, ev.orders_of_magnitude)} cheaper inference"
            )
        lines.append(cost_vs_budget(ev))
        window = (
            month_range(ev.arrival.earliest, ev.arrival.latest)
            if ev.arrival.earliest is not None
            else "not within 50 years"
        )
        lines.append(f"Priced on {format_iso(ev.as_of)}; arrival window {window} (point values)")
        mc = analysis.uncertainty
        if mc is not None:
            lines.append(
                f"Monte Carlo P10–P90: {format_month(mc.arrival_p10)} – {format_month(mc.arrival_p90)}"
            )
        return "\n".join(lines)

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
        if watched is self._viewport and event.type() == QEvent.Type.Leave:
            self._hide_readout()
        return super().eventFilter(watched, event)
