"""The chart widget every chart builds on: the empty state, the hover readout, theme and type, export.

A chart is a QWidget holding a pyqtgraph PlotWidget and, in the same place, a plain-text empty state. Its
items are created once and updated with ``setData``/``setOpts`` (pyqtgraph issues #1039 and #1020: clearing
and re-plotting leaks and flickers). A chart reads one :class:`~core.analysis.Analysis` (``show_analysis``,
then ``show_uncertainty`` once its Monte Carlo has run) and computes nothing.

Every number a chart shows goes through :mod:`core.formatting`; every piece of user text goes into a
plain-text item (TextItem.setText, a QLabel in PlainText format, an axis tick string), never into HTML.
The axes are in :mod:`desktop.charts.axes`, the legends in :mod:`desktop.charts.legends`, and the few
overrides of pyqtgraph's internals in :mod:`desktop.charts.pyqtgraph_overrides`.
"""

from __future__ import annotations

import os
from typing import Any, ClassVar

import pyqtgraph as pg
from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QEvent,
    QIODevice,
    QObject,
    QPoint,
    QPointF,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QContextMenuEvent, QFont, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QGraphicsView,
    QMenu,
    QMessageBox,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from core.analysis import Analysis
from core.pitch_io import atomic_write_bytes
from desktop.charts.axes import FontAxis
from desktop.charts.common import with_alpha
from desktop.charts.pyqtgraph_overrides import PlainAxis
from desktop.error_words import problems_text
from desktop.safety import message_box, plain_label, set_plain
from desktop.theme import ChartTheme, chart_theme, scaled_font

EMPTY_NO_BLOCKS = "Add a block from the library to start"
EMPTY_ALL_DISABLED = "Every block is turned off: turn one on, or add a block from the library to start"
EMPTY_FREE = "This pitch costs nothing to run: viable at today's prices, with nothing to draw"


def empty_reason(analysis: Analysis) -> str | None:
    """Why there is nothing to draw for ``analysis`` (plain text), or ``None`` when there is."""
    ev = analysis.evaluation
    if ev is None:
        if analysis.error is None:
            return EMPTY_NO_BLOCKS
        if analysis.internal:
            return problems_text(analysis, limit=1)
        # The first problem only: the verdict panel lists them all, and a small chart must not clip them.
        return "Fix the pitch to see the chart:\n" + problems_text(analysis, limit=1)
    blocks = analysis.pitch.blocks
    if not blocks:
        return EMPTY_NO_BLOCKS
    if not any(b.enabled for b in blocks):
        return EMPTY_ALL_DISABLED
    if ev.cost_per_paying_user_month <= 0:
        return EMPTY_FREE
    return None


class ChartBase(QWidget):
    """A pyqtgraph plot with an empty state, a hover readout, themes, a font scale and export.

    Subclasses create their items once in ``__init__`` and implement ``show_analysis`` (and
    ``show_uncertainty`` when they draw the Monte Carlo), ``_hover_text`` and ``_restyle`` (theme and fonts).
    """

    export_name: ClassVar[str] = "chart"
    READOUT_OFFSET = 16

    def __init__(
        self, parent: QWidget | None = None, axis_items: dict[str, pg.AxisItem] | None = None
    ) -> None:
        super().__init__(parent)
        self._theme: ChartTheme = chart_theme("system")
        self._font_scale = 1.0
        self._styled: tuple[Any, ...] | None = None  # the style key _apply_style last applied
        self._stack = QStackedLayout(self)
        self._stack.setContentsMargins(0, 0, 0, 0)
        axes = dict(axis_items or {})
        hidden = [name for name in ("top", "right") if name not in axes]
        for name in hidden:  # pyqtgraph's own would re-render an HTML title at every range change
            axes[name] = PlainAxis(name)
        self.plot = pg.PlotWidget(axisItems=axes, enableMenu=False)
        self.plot_item: pg.PlotItem = self.plot.getPlotItem()
        self.view_box: pg.ViewBox = self.plot_item.getViewBox()
        self.plot_item.setMenuEnabled(False)
        self.plot_item.hideButtons()
        self.view_box.setMenuEnabled(False)
        self.view_box.setMouseEnabled(x=False, y=False)
        self.view_box.disableAutoRange()
        self.plot_item.layout.setContentsMargins(6, 10, 14, 6)
        for name in hidden:  # hidden, as pyqtgraph hides its own, and never shown: no need to follow the view
            self.plot_item.hideAxis(name)
            self.plot_item.getAxis(name).unlinkFromView()
        self._empty = plain_label()
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty.setWordWrap(True)
        self._empty.setContentsMargins(24, 24, 24, 24)
        # The plot's page: the plot, and above it any header a chart adds (a legend outside the data).
        self._page = QWidget()
        self._page.setObjectName("chartPage")
        self._page.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._page_layout = QVBoxLayout(self._page)
        self._page_layout.setContentsMargins(0, 0, 0, 0)
        self._page_layout.setSpacing(0)
        self._page_layout.addWidget(self.plot, 1)
        self._stack.addWidget(self._page)
        self._stack.addWidget(self._empty)
        self._readout = plain_label(parent=self.plot.viewport())
        self._readout.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._readout.setMargin(6)
        self._readout.hide()
        self.plot.scene().sigMouseMoved.connect(self._on_plot_mouse_moved)
        self.plot.viewport().installEventFilter(self)
        self.setMinimumSize(QSize(260, 150))

    # -- the interface the main window calls ---------------------------------------------------------

    def show_analysis(self, analysis: Analysis) -> None:  # pragma: no cover - abstract
        """Draw ``analysis`` (its point values; the Monte Carlo, if any, follows in ``show_uncertainty``)."""
        raise NotImplementedError

    def show_uncertainty(self, analysis: Analysis) -> None:
        """Draw ``analysis``' Monte Carlo. Most charts have no Monte Carlo view: accepted and ignored."""

    def set_theme(self, theme: ChartTheme) -> None:
        self._theme = theme
        self._restyle_if_changed()

    def set_font_scale(self, factor: float) -> None:
        """Scale every text of the chart (presentation mode); never below the platform default size."""
        self._font_scale = max(1.0, float(factor))
        self._restyle_if_changed()

    def _style_key(self) -> tuple[Any, ...]:
        """What the style depends on: the theme, the font scale and the platform's font."""
        return (self._theme, self._font_scale, QApplication.font().key())

    def _restyle_if_changed(self) -> None:
        """Apply the style unless it is already applied (the window sets the theme the chart was built
        with: styling twice would rebuild every axis, label and legend for nothing)."""
        if self._styled != self._style_key():
            self._apply_style()

    # -- state ---------------------------------------------------------------------------------------

    @property
    def theme(self) -> ChartTheme:
        return self._theme

    def is_empty(self) -> bool:
        return self._stack.currentWidget() is self._empty

    def _show_empty(self, text: str) -> None:
        set_plain(self._empty, text)
        self._hide_readout()
        self._stack.setCurrentWidget(self._empty)

    def _show_plot(self) -> None:
        self._stack.setCurrentWidget(self._page)

    def add_header(self, widget: QWidget) -> None:
        """Put ``widget`` above the plot, on the chart's background (a legend that covers no data)."""
        self._page_layout.insertWidget(0, widget)

    # -- type and colour -----------------------------------------------------------------------------

    def chart_font(self, bold: bool = False) -> QFont:
        """The font of every text in the chart: the platform's, times the presentation scale."""
        return scaled_font(QApplication.font(), self._font_scale, bold)

    def _apply_style(self) -> None:
        self._styled = self._style_key()
        t = self._theme
        fg = QColor(t.foreground)
        font = self.chart_font()
        self.plot.setBackground(t.background)
        self._page.setStyleSheet(f"QWidget#chartPage {{ background: {t.background}; }}")
        for name in ("left", "bottom"):
            axis = self.plot_item.getAxis(name)
            axis.setPen(pg.mkPen(with_alpha(fg, 150)))
            axis.setTextPen(pg.mkPen(fg))
            if isinstance(axis, FontAxis):
                axis.set_tick_font(font)
            if axis.labelText:
                axis.setLabel(
                    axis.labelText, color=t.foreground, **{"font-size": f"{font.pointSizeF():.1f}pt"}
                )
            axis.picture = None
            axis.update()
        self._empty.setFont(self.chart_font())
        self._empty.setStyleSheet(f"QLabel {{ background: {t.background}; color: {t.foreground}; }}")
        self._readout.setFont(font)
        panel = QColor(t.background)
        panel.setAlpha(235)
        rgba = f"rgba({panel.red()}, {panel.green()}, {panel.blue()}, {panel.alpha()})"
        border = with_alpha(fg, 120).name()
        self._readout.setStyleSheet(
            f"QLabel {{ background: {rgba}; color: {t.foreground}; border: 1px solid {border}; border-radius: 3px; }}"
        )
        self._restyle()

    def _restyle(self) -> None:
        """Subclasses: re-colour and re-font their own items from ``self._theme`` and ``self.chart_font()``."""

    def _style_text(
        self, item: pg.TextItem, color: str | QColor | None = None, bold: bool = False, backed: bool = False
    ) -> None:
        """Colour and font a text item; ``backed`` puts it on a panel of the background colour, readable
        over lines and fills."""
        item.setColor(QColor(color or self._theme.foreground))
        item.setFont(self.chart_font(bold))
        item.fill = pg.mkBrush(with_alpha(self._theme.background, 200)) if backed else pg.mkBrush(None)
        item.update()

    def _set_view_range(self, x_range: tuple[float, float], y_range: tuple[float, float]) -> None:
        """Show exactly ``x_range`` by ``y_range``; nothing happens when that is already the view.

        The view's transform is brought up to date at once: pyqtgraph otherwise updates it lazily, at
        the start of the next paint, and an item moved while painting makes the view paint again.
        """
        vb = self.view_box
        target = vb.state["targetRange"]
        want = [[float(x_range[0]), float(x_range[1])], [float(y_range[0]), float(y_range[1])]]
        if [list(target[0]), list(target[1])] != want or vb.state["autoRange"] != [False, False]:
            vb.setRange(xRange=x_range, yRange=y_range, padding=0)
        vb.updateMatrix()

    def _px_to_data(self) -> tuple[float, float]:
        """Data units per screen pixel (x, y) in the current view, (0, 0) before layout."""
        size = self.view_box.viewPixelSize()
        return abs(size[0]), abs(size[1])

    # -- hover ---------------------------------------------------------------------------------------

    def _hover_text(self, x: float, y: float) -> str | None:
        """The readout for the data point (x, y) under the mouse, or ``None`` for none."""
        return None

    def _hover_moved(self, at: QPointF | None) -> None:
        """Subclasses: mark the data point ``at`` under the mouse (``None``: unmark)."""

    def _on_plot_mouse_moved(self, scene_pos: QPointF) -> None:
        if self.is_empty() or not self.view_box.sceneBoundingRect().contains(scene_pos):
            self._hide_readout()
            return
        p = self.view_box.mapSceneToView(scene_pos)
        text = self._hover_text(p.x(), p.y())
        if not text:
            self._hide_readout()
            return
        set_plain(self._readout, text)
        self._readout.adjustSize()
        self._hover_moved(p)
        at = self.plot.mapFromScene(scene_pos)
        self._place_readout(QPoint(at.x(), at.y()))
        self._readout.show()
        self._readout.raise_()

    def _place_readout(self, at: QPoint) -> None:
        area = self.plot.viewport().rect()
        size = self._readout.size()
        x = at.x() + self.READOUT_OFFSET
        y = at.y() + self.READOUT_OFFSET
        if x + size.width() > area.right() - 4:
            x = at.x() - self.READOUT_OFFSET - size.width()
        if y + size.height() > area.bottom() - 4:
            y = at.y() - self.READOUT_OFFSET - size.height()
        self._readout.move(max(area.left() + 4, x), max(area.top() + 4, y))

    def _hide_readout(self) -> None:
        self._readout.hide()
        self._hover_moved(None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.plot.viewport() and event.type() == QEvent.Type.Leave:
            self._hide_readout()
        return super().eventFilter(watched, event)

    # -- export --------------------------------------------------------------------------------------

    def _prepare_for_export(self) -> QSize:
        self._hide_readout()
        layout = self.layout()
        if layout is not None:
            layout.activate()
        return self.size()

    def png_bytes(self) -> bytes:
        """The chart as PNG bytes, exactly as on screen (at the screen's pixel ratio)."""
        self._prepare_for_export()
        pixmap = self.grab()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if pixmap.isNull() or not pixmap.save(buffer, "PNG"):
            raise OSError("could not encode the chart as PNG")
        buffer.close()
        return bytes(data.data())

    def svg_bytes(self) -> bytes:
        """The chart as SVG, drawn by QtSvg's generator.

        pyqtgraph's own SVG exporter is broken on Qt 6.11+ (pyqtgraph issue #3485), so the widget renders
        itself into a QSvgGenerator (PySide6's ``render`` needs the explicit QPoint offset).
        """
        size = self._prepare_for_export()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        generator = QSvgGenerator()
        generator.setOutputDevice(buffer)
        generator.setSize(size)
        generator.setViewBox(QRect(QPoint(0, 0), size))
        generator.setResolution(self.logicalDpiX())  # points in the widget's fonts keep their size
        generator.setTitle(f"Compute Curve: {self.export_name}")
        generator.setDescription("Exported by Compute Curve")
        # The view caches its background as a bitmap: draw it afresh, as vectors, for the file.
        cache = self.plot.cacheMode()
        self.plot.setCacheMode(QGraphicsView.CacheModeFlag.CacheNone)
        painter = QPainter(generator)
        try:
            self.render(painter, QPoint())
        finally:
            painter.end()
            self.plot.setCacheMode(cache)
        buffer.close()
        return bytes(data.data())

    def export_png(self, path: str | os.PathLike[str]) -> None:
        atomic_write_bytes(path, self.png_bytes())

    def export_svg(self, path: str | os.PathLike[str]) -> None:
        atomic_write_bytes(path, self.svg_bytes())

    # -- context menu --------------------------------------------------------------------------------

    def context_menu(self) -> QMenu:
        """The right-click menu (replaces pyqtgraph's, whose SVG export and log mode would mislead)."""
        menu = QMenu(self)
        menu.addAction("Export PNG…", self._on_export_png_triggered)
        menu.addAction("Export SVG…", self._on_export_svg_triggered)
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.context_menu()
        menu.exec(event.globalPos())
        menu.deleteLater()
        event.accept()

    def _on_export_png_triggered(self) -> None:
        self._export_with_dialog("PNG image (*.png)", ".png", self.export_png)

    def _on_export_svg_triggered(self) -> None:
        self._export_with_dialog("SVG drawing (*.svg)", ".svg", self.export_svg)

    def _export_with_dialog(self, filter_text: str, suffix: str, write: Any) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export chart", self.export_name + suffix, filter_text)
        if not path:
            return
        if not path.lower().endswith(suffix):
            path += suffix
        try:
            write(path)
        except OSError as exc:
            box = message_box(
                self, QMessageBox.Icon.Warning, "Export failed", f"Could not write {path}: {exc}"
            )
            box.exec()
