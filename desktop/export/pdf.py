"""The deal memo as a one-page PDF, laid out by a QTextDocument painted onto a QPdfWriter.

It must fit on ONE page, so the layout is tried at a few densities (type, chart height), smallest last; a
pitch with more blocks than even the densest layout holds lists its costliest blocks and says how many more
there are. The projection chart is the window's own chart class, rendered offscreen in the light theme.

Headless use (``computecurve score --pdf DIR``) needs a QApplication, because the projection chart is a
widget rendered offscreen: :func:`ensure_app` makes one (offscreen when there is no display).
"""

from __future__ import annotations

import math
import os
import sys
from typing import TYPE_CHECKING, Any

from core.pitch_io import atomic_write_bytes
from desktop.export.memo import (
    CHART_WIDTH_PX,
    DENSITIES,
    MAX_NAME_CHARS,
    MAX_TABLE_ROWS,
    Density,
    MemoData,
    _cut,
    memo_html,
)

if TYPE_CHECKING:
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication

    from desktop.charts.projection_chart import ProjectionChart

PAGE_SIZES = ("A4", "Letter")
PAGE_MARGIN_MM = 12.0
CHART_PIXEL_RATIO = 3  # rendered at 3x: sharp when printed or zoomed


def ensure_app() -> QApplication:
    """The running QApplication, or a new one (offscreen when there is no display).

    Widgets need a QApplication: a QGuiApplication or QCoreApplication that is already running cannot
    render the chart, and is refused with a message rather than a crash.
    """
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    app = QCoreApplication.instance()
    if app is None:
        if sys.platform.startswith("linux") and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
        ):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from desktop.qt_app import make_app

        app = make_app()  # type: ignore[assignment]
    if not isinstance(app, QApplication):
        raise RuntimeError(
            "PDF export renders a chart widget and needs a QApplication, not a " + type(app).__name__
        )
    return app


class MemoChart:
    """A light-themed projection chart shown offscreen (never on screen) for laying out memos; close it
    after use (a batch of memos shares one)."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt

        from desktop.charts.projection_chart import ProjectionChart
        from desktop.theme import chart_theme

        ensure_app()
        self.chart = ProjectionChart()
        self.chart.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        self.chart.set_theme(chart_theme("light"))  # paper is white whatever the window's theme

    def close(self) -> None:
        self.chart.close()
        self.chart.deleteLater()


def _flush(chart: ProjectionChart) -> None:
    """Deliver the events waiting for the chart and its parts (layout, resize), and no others: a page is
    laid out while the app's own work (a batch's next memo) keeps waiting its turn."""
    from PySide6.QtWidgets import QApplication, QWidget

    for widget in (chart, *chart.findChildren(QWidget)):
        QApplication.sendPostedEvents(widget, 0)


def render_projection(
    data: MemoData, chart: ProjectionChart, height_px: int, width_px: int = CHART_WIDTH_PX
) -> QImage:
    """The projection chart (with the Monte Carlo fan) as an image ``CHART_PIXEL_RATIO`` times its size.

    The chart is laid out while shown offscreen (its labels and legend are placed from its real size),
    then rendered into the image.
    """
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QColor, QImage, QPainter

    chart.resize(width_px, height_px)
    chart.show()
    _flush(chart)  # the resize and show: the chart lays its labels out at its real size
    chart.show_analysis(data.analysis)
    _flush(chart)
    ratio = CHART_PIXEL_RATIO
    image = QImage(width_px * ratio, height_px * ratio, QImage.Format.Format_RGB32)
    image.setDevicePixelRatio(ratio)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    try:
        chart.render(painter, QPoint())
    finally:
        painter.end()
    chart.hide()
    return image


def _page_size(name: str) -> Any:
    from PySide6.QtGui import QPageSize

    if name not in PAGE_SIZES:
        raise ValueError(f"page size {name!r}: use one of {', '.join(PAGE_SIZES)}")
    return QPageSize(QPageSize.PageSizeId.A4 if name == "A4" else QPageSize.PageSizeId.Letter)


def pdf_bytes(data: MemoData, *, page_size: str = "A4", chart: MemoChart | None = None) -> bytes:
    """The memo as a one-page PDF.

    Each density of :data:`DENSITIES` is tried until the page holds everything; past the densest, the
    blocks table lists fewer (the costliest) blocks until it fits.
    """
    if chart is None:
        own = MemoChart()
        try:
            return pdf_bytes(data, page_size=page_size, chart=own)
        finally:
            own.close()
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QSizeF, QUrl
    from PySide6.QtGui import QFont, QPageLayout, QPainter, QPdfWriter, QTextDocument, QTextOption
    from PySide6.QtWidgets import QApplication

    buffer_data = QByteArray()
    buffer = QBuffer(buffer_data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageSize(_page_size(page_size))
    writer.setPageMargins(QMarginsF(*(PAGE_MARGIN_MM,) * 4), QPageLayout.Unit.Millimeter)
    writer.setTitle(_cut(data.pitch.name, MAX_NAME_CHARS))
    writer.setCreator("Compute Curve")
    rect = writer.pageLayout().paintRectPixels(writer.resolution())
    page_w, page_h = float(rect.width()), float(rect.height())
    # Images in rich text are sized in CSS pixels (1/96 inch) whatever the device.
    chart_width_px = math.floor(page_w / writer.resolution() * 96) - 2

    def layout(density: Density, limit: int | None) -> QTextDocument:
        doc = QTextDocument()
        doc.documentLayout().setPaintDevice(writer)
        doc.setDocumentMargin(0)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        doc.setDefaultTextOption(option)
        font = QFont(QApplication.font())
        font.setPointSizeF(density.body_pt)
        # No ligatures: text copied or extracted from the PDF must be the characters typed ("fl", not "ﬂ").
        for tag in ("liga", "clig", "dlig"):
            font.setFeature(QFont.Tag(tag), 0)
        doc.setDefaultFont(font)
        image = images.get(density.chart_height_px)
        if image is None:
            image = images[density.chart_height_px] = render_projection(
                data, chart.chart, density.chart_height_px
            )
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl("memo://projection"), image)
        doc.setHtml(memo_html(data, density, block_limit=limit, chart_width_px=chart_width_px))
        doc.setPageSize(QSizeF(page_w, page_h))
        return doc

    def fits(doc: QTextDocument) -> bool:
        # A table's width may round a device pixel or two past the page: 0.2% is no visible overflow.
        return doc.pageCount() == 1 and doc.size().width() <= page_w * 1.002

    images: dict[int, Any] = {}
    n_blocks = len(data.pitch.blocks)
    doc = None
    if n_blocks <= MAX_TABLE_ROWS:
        for density in DENSITIES:
            doc = layout(density, None)
            if fits(doc):
                break
            doc = None
    if doc is None:
        # Even the densest layout overflows: list the costliest blocks, as many as fit. The height is not
        # quite monotone in the number of rows (rows wrap differently), so a binary search is followed by
        # a look one row further.
        densest = DENSITIES[-1]
        lo, hi = 0, min(n_blocks - 1, MAX_TABLE_ROWS)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if fits(layout(densest, mid)):
                lo = mid
            else:
                hi = mid - 1
        while lo + 1 < n_blocks and lo + 1 <= MAX_TABLE_ROWS and fits(layout(densest, lo + 1)):
            lo += 1
        doc = layout(densest, lo)
    assert doc is not None
    painter = QPainter(writer)
    # Lossless (Flate) rather than JPEG: thin lines and small chart type stay crisp.
    painter.setRenderHint(QPainter.RenderHint.LosslessImageRendering)
    try:
        doc.drawContents(painter)
    finally:
        painter.end()
    buffer.close()
    return bytes(buffer_data.data())


def write_pdf(data: MemoData, path: str | os.PathLike[str], *, page_size: str = "A4") -> None:
    """Write the one-page deal memo of ``data`` to ``path`` (atomically); OSError when it cannot be written."""
    atomic_write_bytes(path, pdf_bytes(data, page_size=page_size))
