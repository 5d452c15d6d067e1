"""Small pieces every chart uses: dates as x coordinates, text cut to a width, colours with alpha."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator, Sequence
from datetime import date

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics


@functools.lru_cache(maxsize=4096)
def decimal_year(day: date) -> float:
    """``day`` as a decimal year (2026-07-02 is about 2026.5): the x coordinate of every dated chart."""
    start = date(day.year, 1, 1).toordinal()
    length = date(day.year + 1, 1, 1).toordinal() - start
    return day.year + (day.toordinal() - start) / length


def decimal_years(days: Sequence[date]) -> np.ndarray:
    return np.array([decimal_year(d) for d in days], dtype=float)


def elide(text: str, font: QFont, max_px: int) -> str:
    """``text`` on one line, cut with an ellipsis to fit ``max_px`` (newlines would break an axis)."""
    one_line = " ".join(text.split())
    return QFontMetrics(font).elidedText(one_line, Qt.TextElideMode.ElideRight, max(20, max_px))


@contextlib.contextmanager
def quiet(obj: QObject) -> Iterator[None]:
    """Hold back ``obj``'s signals: a FillBetweenItem redraws its fill on either curve's change, so the
    first of two curves set in a row is set quietly and the fill is worked out once, from both."""
    was = obj.blockSignals(True)
    try:
        yield
    finally:
        obj.blockSignals(was)


def with_alpha(color: str | QColor, alpha: int) -> QColor:
    c = QColor(color)
    c.setAlpha(alpha)
    return c


def clear_bars(item: pg.BarGraphItem) -> None:
    """Empty a bar item (a highlight), unless it is empty already: emptying redraws it."""
    x0 = item.opts.get("x0")
    if x0 is None or len(x0) > 0:
        item.setOpts(x0=[], y=[], width=[])
