"""Where the main window's docks go, by the room the window has.

The verdict and the charts are what the window is for; the docks (block library, business and scenario,
blocks table, block editor) are where the user changes the pitch. On a large screen everything fits side by
side (:data:`WIDE`): library over business on the left, the block editor on the right, the blocks table
under the charts. Below :data:`COMPACT_WIDTH` x :data:`COMPACT_HEIGHT` logical pixels (a 1366x768 laptop, a
1280x720 projector, 200% on a 1280x800 screen) the docks give way first (:data:`COMPACT`): one column at the
right holds the blocks table on top (at least three rows) and, under it, the block editor, the business
panel and the library as tabs; the verdict and the charts keep the rest of the window.

Why tabs, not collapsing or scrolling the window: each of those panels is used on its own (a block is picked
in the table, then edited; the business is edited; the library is visited to add a block), so showing one
at a time loses nothing a user looks at together, while three columns of forms at 1366 px left the charts
260 px wide and 150 px tall. Each panel scrolls inside its tab, so a short screen never cuts a form off.
Tabs are Qt's own (a user can drag one out, and the arrangement is remembered); once a user moves a dock,
the window stops choosing for them (``MainWindow`` tracks that) until *View > Reset layout*.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QObject, QSize, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QTableView, QWidget

COMPACT_WIDTH = 1700  # logical px: below this width (a 1600-wide window left the charts 660 px), or
COMPACT_HEIGHT = 900  # this height, the compact arrangement
WIDE_SIDES = (390, 420)  # library/business column, editor column (px)
COMPACT_SIDE = (340, 420)  # the one side column: its width, and at most this share of the window (per mille)
TABLE_ROWS = 3  # the blocks table shows at least this many rows


class Arrangement(StrEnum):
    WIDE = "wide"
    COMPACT = "compact"


WIDE = Arrangement.WIDE
COMPACT = Arrangement.COMPACT


def arrangement_for(size: QSize) -> Arrangement:
    """The arrangement that suits a window of ``size`` (logical pixels)."""
    if size.width() < COMPACT_WIDTH or size.height() < COMPACT_HEIGHT:
        return COMPACT
    return WIDE


def arrange(
    window: QMainWindow,
    arrangement: Arrangement,
    *,
    library: QDockWidget,
    business: QDockWidget,
    blocks: QDockWidget,
    editor: QDockWidget,
    table_height: int,
) -> None:
    """Put the four docks where ``arrangement`` says, each visible and docked; the editor's tab in front."""
    docks = (library, business, blocks, editor)
    for dock in docks:
        dock.setFloating(False)
        dock.show()
    # a tab's title is the dock's: short ones fit three tabs side by side in the narrow column
    for dock, (wide, compact) in (
        (business, ("Business and scenario", "Business")),
        (library, ("Block library", "Library")),
    ):
        dock.setWindowTitle(wide if arrangement is WIDE else compact)
    width = window.width()
    if arrangement is WIDE:
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, library)
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, business)
        window.splitDockWidget(library, business, Qt.Orientation.Vertical)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, blocks)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, editor)
        window.resizeDocks([blocks], [max(table_height, 190)], Qt.Orientation.Vertical)
        window.resizeDocks([library, editor], list(WIDE_SIDES), Qt.Orientation.Horizontal)
        window.resizeDocks([library, business], [215, 700], Qt.Orientation.Vertical)
    else:
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, blocks)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, editor)
        window.splitDockWidget(blocks, editor, Qt.Orientation.Vertical)
        window.tabifyDockWidget(editor, business)
        window.tabifyDockWidget(business, library)
        side = min(COMPACT_SIDE[0] + max(0, width - 1280) // 4, width * COMPACT_SIDE[1] // 1000)
        window.resizeDocks([blocks], [side], Qt.Orientation.Horizontal)
        window.resizeDocks([blocks, editor], [table_height, window.height()], Qt.Orientation.Vertical)
    editor.raise_()


class DockArranger(QObject):
    """Arranges a main window's four docks for its size, until the user moves one of them.

    ``auto`` is True while the window chooses (at start, and after *View > Reset layout*); a dock the user
    drags to another place or floats makes it False, and the window then keeps the user's arrangement
    (remembered in the settings) at every size.
    """

    def __init__(
        self,
        window: QMainWindow,
        *,
        library: QDockWidget,
        business: QDockWidget,
        blocks: QDockWidget,
        editor: QDockWidget,
        table: QWidget,
        table_view: QTableView,
        model_column: int,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._docks = {"library": library, "business": business, "blocks": blocks, "editor": editor}
        self._table = table
        self._view = table_view
        self._model_column = model_column
        self.auto = True
        self.arrangement: Arrangement | None = None
        self._arranging = False
        for dock in self._docks.values():
            dock.dockLocationChanged.connect(self._on_dock_moved)
            dock.topLevelChanged.connect(self._on_dock_moved)

    def table_rows_height(self) -> int:
        """The blocks table's height that shows its header and :data:`TABLE_ROWS` rows."""
        view = self._view
        rows = TABLE_ROWS * view.verticalHeader().defaultSectionSize()
        return view.horizontalHeader().sizeHint().height() + rows + 2 * view.frameWidth() + 2

    def arrange(self, arrangement: Arrangement) -> None:
        """Put the docks where ``arrangement`` says (the window chooses again from now on)."""
        with self.quietly():
            arrange(
                self._window,
                arrangement,
                **self._docks,
                table_height=self.table_rows_height() + self._docks["blocks"].fontMetrics().height() + 12,
            )
        self.arrangement = arrangement
        # In the narrow side column the table gives up its model column: the editor right under it shows
        # the selected block's model, and the names and costs keep their room (no sideways scrolling);
        # and it never shows fewer than three rows, however the column is shared.
        self._view.setColumnHidden(self._model_column, arrangement is COMPACT)
        self._table.setMinimumHeight(self.table_rows_height() if arrangement is COMPACT else 0)

    def fit(self) -> None:
        """Re-arrange for the window's size, unless the user arranged the docks."""
        if self.auto and self._window.isVisible():
            wanted = arrangement_for(self._window.size())
            if wanted != self.arrangement:
                self.arrange(wanted)

    def reset(self) -> None:
        """View > Reset layout: the window chooses again."""
        self.auto = True
        self.arrange(arrangement_for(self._window.size()))

    def quietly(self) -> _Quiet:
        """A context in which dock moves are the window's own (restoring a saved state, arranging)."""
        return _Quiet(self)

    def _on_dock_moved(self, *_args: object) -> None:
        if not self._arranging:
            self.auto = False  # the user's arrangement from now on (View > Reset layout undoes it)


class _Quiet:
    def __init__(self, arranger: DockArranger) -> None:
        self._arranger = arranger

    def __enter__(self) -> None:
        self._arranger._arranging = True

    def __exit__(self, *_exc: object) -> None:
        self._arranger._arranging = False


__all__ = ["COMPACT", "TABLE_ROWS", "WIDE", "Arrangement", "DockArranger", "arrange", "arrangement_for"]
