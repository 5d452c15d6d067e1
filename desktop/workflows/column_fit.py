"""Tables that fit their window: text columns give up their room before the table scrolls sideways.

Each column has a preferred width (a typical cell) and the smallest it may take: numbers, dates and verdicts
keep theirs, text columns (names, files, notes) shrink and are elided, whole in their tooltips. Used by the
batch window's and the compare window's tables.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QTableView


def fit_widths(preferred: Sequence[int], smallest: Sequence[int], room: int) -> list[int]:
    """Widths for columns wanting ``preferred`` in ``room`` pixels, none below ``smallest``.

    Each column gives up the same share of what it can spare (``preferred - smallest``); when even the
    smallest widths do not fit, they are used (the table then scrolls).
    """
    total = sum(preferred)
    if total <= room:
        return list(preferred)
    spare = sum(p - s for p, s in zip(preferred, smallest, strict=True))
    if spare <= 0:
        return list(preferred)
    share = min(1.0, (total - room) / spare)
    # each gives up a whole pixel more rather than less: together they never overrun the room
    return [max(s, p - math.ceil((p - s) * share)) for p, s in zip(preferred, smallest, strict=True)]


class ColumnFitter(QObject):
    """Keeps a table's columns fitted to its width (``widths(room)`` gives them) until the user resizes one.

    It refits when the table's viewport changes width (the window is resized, a vertical scroll bar comes
    or goes) and when asked (:meth:`fit`: new rows). A drag on the header, or a double-click on a section's
    handle, is the user's choice: from then on the widths are theirs. Hidden columns are left alone.
    """

    def __init__(self, table: QTableView, widths: Callable[[int], Sequence[int]]) -> None:
        super().__init__(table)
        self._table = table
        self._widths = widths
        self._fitting = False
        self._pressed = False
        self.user_sized = False
        header = table.horizontalHeader()
        header.sectionResized.connect(self._on_header_section_resized)
        header.sectionHandleDoubleClicked.connect(self._on_header_handle_double_clicked)
        # Kept here: the filter compares the objects it watches without calling into a table that may be
        # half destroyed (its viewport goes before this child of it does).
        self._viewport = table.viewport()
        self._header_viewport = header.viewport()
        self._header_viewport.installEventFilter(self)
        self._viewport.installEventFilter(self)

    def fit(self) -> None:
        """Set the widths for the table's width now (nothing once the user has sized a column)."""
        if self.user_sized:
            return
        table = self._table
        room = table.viewport().width() if table.isVisible() else table.width() - 4
        self._fitting = True
        try:
            for col, width in enumerate(self._widths(room)):
                if not table.isColumnHidden(col):
                    table.setColumnWidth(col, width)
        finally:
            self._fitting = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._viewport and event.type() == QEvent.Type.Resize:
            QTimer.singleShot(0, self, self.fit)
        elif watched is self._header_viewport:
            if event.type() == QEvent.Type.MouseButtonPress:
                self._pressed = True
            elif event.type() == QEvent.Type.MouseButtonRelease:
                self._pressed = False
        return False

    def _on_header_section_resized(self, _index: int, _old: int, _new: int) -> None:
        # Only a drag on the header is the user's: a section the table stretches, or one hidden, is not.
        if not self._fitting and self._pressed:
            self.user_sized = True

    def _on_header_handle_double_clicked(self, _index: int) -> None:
        self.user_sized = True
