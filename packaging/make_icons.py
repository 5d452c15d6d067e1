"""Draw the app icon: a falling cost curve crossing a dashed budget line on a rounded square.

    .venv/bin/python packaging/make_icons.py    # writes resources/icons/computecurve{-SIZE.png,.svg,.ico,.icns}

The curve is coloured by the verdict bands it passes through (desktop/theme.py: red beyond the horizon,
orange, amber, then green once it is under the budget), which is the app's whole idea in one picture. The
outputs are committed; run this again only when the drawing changes. Small sizes get thicker strokes and
no dashes, so the 16 px icon still reads as "a line falling through a line".
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
)
from PySide6.QtSvg import QSvgGenerator

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run from a checkout without an install: the colours come from the app

from core.verdict import Verdict  # noqa: E402
from desktop.theme import VERDICT_COLORS  # noqa: E402

ICON_DIR = REPO / "resources" / "icons"
SIZES = (16, 32, 48, 64, 128, 256, 512)
UNIT = 512.0  # the drawing is made on a 512 x 512 canvas and scaled

BACKGROUND_TOP = QColor("#24324a")
BACKGROUND_BOTTOM = QColor("#141c2b")
BUDGET = QColor("#e8edf5")

# The cost curve: a cubic Bézier from high on the left to low on the right, convex like a price decline.
CURVE = (QPointF(92, 96), QPointF(150, 330), QPointF(250, 400), QPointF(428, 414))
BUDGET_Y = 318.0


def _bezier(t: float) -> QPointF:
    p0, p1, p2, p3 = CURVE
    u = 1.0 - t
    return p0 * (u * u * u) + p1 * (3 * u * u * t) + p2 * (3 * u * t * t) + p3 * (t * t * t)


def _crossing() -> QPointF:
    """Where the curve meets the budget line (the curve's y grows monotonically: bisection)."""
    lo, hi = 0.0, 1.0
    for _ in range(60):
        mid = (lo + hi) / 2
        if _bezier(mid).y() < BUDGET_Y:
            lo = mid
        else:
            hi = mid
    return _bezier(lo)


def paint(painter: QPainter, size: float) -> None:
    """Draw the icon into a ``size`` x ``size`` square at the painter's origin."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size / UNIT, size / UNIT)
    small = size <= 32
    detailed = size >= 64  # dashes and the crossing ring only where they have room to read
    # Strokes in the 512 canvas; thicker when the icon is small so they stay at least ~1.5 px wide.
    curve_width = 44.0 if small else 34.0 if size <= 48 else 30.0 if size <= 64 else 24.0
    budget_width = 30.0 if small else 22.0 if size <= 48 else 18.0 if size <= 64 else 12.0

    square = QRectF(16, 16, UNIT - 32, UNIT - 32)
    background = QLinearGradient(square.topLeft(), square.bottomLeft())
    background.setColorAt(0.0, BACKGROUND_TOP)
    background.setColorAt(1.0, BACKGROUND_BOTTOM)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(background))
    painter.drawRoundedRect(square, 96, 96)

    budget_pen = QPen(BUDGET, budget_width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    if detailed:
        budget_pen.setDashPattern([2.2, 1.6])  # in units of the pen's width
    painter.setPen(budget_pen)
    painter.drawLine(QPointF(64, BUDGET_Y), QPointF(UNIT - 64, BUDGET_Y))

    cross = _crossing()
    start, end = CURVE[0], CURVE[3]
    colours = QLinearGradient(start, QPointF(end.x(), start.y()))
    at_cross = (cross.x() - start.x()) / (end.x() - start.x())
    colours.setColorAt(0.0, QColor(VERDICT_COLORS[Verdict.BEYOND]))
    colours.setColorAt(at_cross * 0.45, QColor(VERDICT_COLORS[Verdict.TWO_ORDERS]))
    colours.setColorAt(at_cross * 0.85, QColor(VERDICT_COLORS[Verdict.ONE_ORDER]))
    colours.setColorAt(min(1.0, at_cross * 1.15), QColor(VERDICT_COLORS[Verdict.VIABLE_NOW]))
    colours.setColorAt(1.0, QColor(VERDICT_COLORS[Verdict.VIABLE_NOW]))
    path = QPainterPath(CURVE[0])
    path.cubicTo(CURVE[1], CURVE[2], CURVE[3])
    # The stroke as a filled outline: QSvgGenerator writes a gradient fill but not a gradient pen.
    stroker = QPainterPathStroker()
    stroker.setWidth(curve_width)
    stroker.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(colours))
    painter.drawPath(stroker.createStroke(path).simplified())

    if detailed:
        # The moment it becomes viable: a ring where the curve crosses the budget.
        radius = curve_width * 1.05
        painter.setPen(QPen(BACKGROUND_BOTTOM, curve_width * 0.45))
        painter.setBrush(QColor(VERDICT_COLORS[Verdict.VIABLE_NOW]))
        painter.drawEllipse(cross, radius, radius)
    painter.restore()


def render_png(size: int, path: Path) -> None:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    paint(painter, float(size))
    painter.end()
    if not image.save(str(path)):
        raise OSError(f"cannot write {path}")


def render_svg(path: Path) -> None:
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(QSize(int(UNIT), int(UNIT)))
    generator.setViewBox(QRectF(0, 0, UNIT, UNIT))
    generator.setTitle("Compute Curve")
    generator.setDescription("A falling cost curve crossing a budget line")
    painter = QPainter(generator)
    paint(painter, UNIT)
    painter.end()


def main() -> int:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    ICON_DIR.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        render_png(size, ICON_DIR / f"computecurve-{size}.png")
    render_svg(ICON_DIR / "computecurve.svg")
    # The Windows and macOS executables' icons (packaging/computecurve.spec), written by Qt's image plugins.
    for name, size in (("computecurve.ico", 256), ("computecurve.icns", 512)):
        if not QImage(str(ICON_DIR / f"computecurve-{size}.png")).save(str(ICON_DIR / name)):
            raise OSError(f"cannot write {name}: Qt has no writer for it")
    print(f"wrote {len(SIZES)} PNGs, an SVG, an ICO and an ICNS to {ICON_DIR.relative_to(REPO)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
