"""Pieces the history window's tabs share."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QTableWidget

from core.verdict import Verdict
from desktop.theme import VERDICT_COLORS, VERDICT_TEXT_COLORS, ChartTheme, chart_theme

HOLDS_COLOR = VERDICT_COLORS[Verdict.VIABLE_NOW]  # green, with the word "Holds"
FAILS_COLOR = VERDICT_COLORS[Verdict.BEYOND]  # red, with the word "Fails"
VERDICT_TEXT = VERDICT_TEXT_COLORS[Verdict.VIABLE_NOW]  # white: readable on both
# A claim's verdict in the verdict bands' colours, its word always beside them (core.claim_verdicts):
# holds = viable now's green, depends = one order away's amber, fails = beyond the horizon's red.
VERDICT_CHIPS = {
    "holds": (HOLDS_COLOR, VERDICT_TEXT_COLORS[Verdict.VIABLE_NOW]),
    "depends": (VERDICT_COLORS[Verdict.ONE_ORDER], VERDICT_TEXT_COLORS[Verdict.ONE_ORDER]),
    "fails": (FAILS_COLOR, VERDICT_TEXT_COLORS[Verdict.BEYOND]),
}


def palette_theme() -> ChartTheme:
    """The chart theme matching the application's palette (the main window's light/dark choice)."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        dark = app.palette().color(QPalette.ColorRole.Window).lightness() < 128
        return chart_theme("dark" if dark else "light")
    return chart_theme("light")


class FitRows(QObject):
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
