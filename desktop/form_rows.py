"""A form layout whose rows cannot overlap: each row as tall as its widgets need at the width they get.

The block editor's captions were cut to half a line, and the model's price text drawn over the model box,
after adding or switching blocks (issue 11; reproduced offscreen and on X11). The cause was ``QFormLayout``:
its rows hold wrapped text whose height depends on the width (height-for-width), and after a caption's
text changed it kept handing rows the heights it had worked out for the old texts, so a row got less than
its contents need and the next row was drawn over it. No timer or extra ``adjustSize`` cures that for good.

:class:`FormRows` lays the rows out itself, with no cache: every time it is asked (``setGeometry``,
``heightForWidth``), each visible row's height is asked of its widgets *at the width they will get*, and
rows are stacked one under the other, each starting where the previous one ended. A row can therefore never
be shorter than its contents, and two rows can never overlap (tests/desktop/test_block_editor_layout.py
checks both after adding and switching blocks).

A row is a label and a field side by side, or one widget across the whole width (a heading, a caption, a
button). When the panel is too narrow for the labels beside the fields (a narrow dock, 200% scaling), every
label goes above its field, as ``QFormLayout.WrapLongRows`` would do; so does the label of a row whose field
needs more room than it would get beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QLabel, QLayout, QLayoutItem, QWidget, QWidgetItem

# Below this width a field is not worth having beside its label: the labels go above the fields.
MIN_FIELD_WIDTH = 150
# A label column wider than this share of the panel would starve the fields: longer labels wrap.
MAX_LABEL_SHARE = 0.42


@dataclass
class _Row:
    label: QWidgetItem | None
    field: QWidgetItem
    span: bool = False  # across the whole width (with no label); else in the fields' column


def _hidden(item: QLayoutItem | None) -> bool:
    if item is None:
        return True
    widget = item.widget()
    return widget is None or widget.isHidden()


def _height(item: QLayoutItem, width: int) -> int:
    """How tall ``item`` must be at ``width``: its height-for-width when it has one, else its size hint."""
    wanted = item.heightForWidth(width) if item.hasHeightForWidth() else item.sizeHint().height()
    return max(wanted, item.minimumSize().height())


def _natural_width(item: QLayoutItem) -> int:
    """The width a label needs to sit on one line (a wrapping label's size hint is not that)."""
    widget = item.widget()
    if isinstance(widget, QLabel) and widget.wordWrap():
        margins = widget.contentsMargins()
        lines = widget.text().split("\n")
        text_width = max(widget.fontMetrics().horizontalAdvance(line) for line in lines) if lines else 0
        return text_width + margins.left() + margins.right() + 2 * widget.margin() + 2
    return item.sizeHint().width()


class FormRows(QLayout):
    """Rows of (label, field) or of one spanning widget, stacked at the heights their widgets need."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[_Row] = []
        self._vertical = 6
        self._horizontal = 10

    # -- building ---------------------------------------------------------------------------------------
    def setVerticalSpacing(self, spacing: int) -> None:
        self._vertical = spacing
        self.invalidate()

    def setHorizontalSpacing(self, spacing: int) -> None:
        self._horizontal = spacing
        self.invalidate()

    def addRow(self, first: QWidget, field: QWidget | None = None) -> None:
        """``addRow(label, field)``: side by side; ``addRow(widget)``: across the whole width."""
        label_item = None
        if field is None:
            field = first
        else:
            self.addChildWidget(first)
            label_item = QWidgetItem(first)
        self.addChildWidget(field)
        self._rows.append(_Row(label_item, QWidgetItem(field), span=label_item is None))
        self.invalidate()

    def add_field_row(self, field: QWidget) -> None:
        """A row with no label whose widget lines up with the fields (a note about the row above)."""
        self.addChildWidget(field)
        self._rows.append(_Row(None, QWidgetItem(field)))
        self.invalidate()

    def setRowVisible(self, widget: QWidget, visible: bool) -> None:
        """Show or hide the row holding ``widget`` (its label or its field), both its widgets."""
        for row in self._rows:
            widgets = [i.widget() for i in (row.label, row.field) if i is not None]
            if widget in widgets:
                if all(w.isHidden() != visible for w in widgets):
                    return  # as it is: no layout pass (it would reach the whole window)
                for w in widgets:
                    w.setVisible(visible)
                self.invalidate()
                return
        raise ValueError("the widget is in no row of this form")

    # -- QLayout's items ----------------------------------------------------------------------------------
    def _items(self) -> list[QWidgetItem]:
        out: list[QWidgetItem] = []
        for row in self._rows:
            if row.label is not None:
                out.append(row.label)
            out.append(row.field)
        return out

    def addItem(self, item: QLayoutItem) -> None:
        # Reached only through QLayout.addWidget: a widget so added spans the whole width.
        assert isinstance(item, QWidgetItem)
        self._rows.append(_Row(None, item, span=True))
        self.invalidate()

    def count(self) -> int:
        return len(self._items())

    def itemAt(self, index: int) -> QLayoutItem | None:
        items = self._items()
        return items[index] if 0 <= index < len(items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        items = self._items()
        if not 0 <= index < len(items):
            return None
        item = items[index]
        for i, row in enumerate(self._rows):
            if row.field is item:  # its label, if any, stays as a row of its own
                if row.label is not None:
                    self._rows[i] = _Row(None, row.label, span=True)
                else:
                    del self._rows[i]
                break
            if row.label is item:
                row.label = None
                break
        self.invalidate()
        return item

    # -- geometry: worked out afresh every time --------------------------------------------------------------
    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        m = self.contentsMargins()
        return self._arrange(QRect(0, 0, width - m.left() - m.right(), 0), place=False) + m.top() + m.bottom()

    def _visible_rows(self) -> list[_Row]:
        return [r for r in self._rows if not _hidden(r.field)]

    def _label_column(self, width: int) -> int:
        """The labels' column width at a panel ``width``; 0 when the labels go above their fields."""
        rows = self._visible_rows()
        labels = [r.label for r in rows if r.label is not None and not _hidden(r.label)]
        if not labels:
            return 0
        column = min(max(_natural_width(i) for i in labels), int(width * MAX_LABEL_SHARE))
        return column if width - column - self._horizontal >= MIN_FIELD_WIDTH else 0

    def _beside(self, row: _Row, width: int, column: int) -> bool:
        """Whether ``row``'s field fits beside the label column (else its label goes above it)."""
        return bool(column) and width - column - self._horizontal >= row.field.minimumSize().width()

    def _arrange(self, rect: QRect, *, place: bool) -> int:
        """Stack the visible rows in ``rect`` (placing them when ``place``); the height they take."""
        width = max(rect.width(), 0)
        column = self._label_column(width)
        y = rect.y()
        first = True
        for row in self._visible_rows():
            if not first:
                y += self._vertical
            first = False
            label = row.label if row.label is not None and not _hidden(row.label) else None
            if row.span:  # across the whole width
                h = _height(row.field, width)
                if place:
                    row.field.setGeometry(QRect(rect.x(), y, width, h))
                y += h
            elif self._beside(row, width, column):  # beside its label
                field_x = rect.x() + column + self._horizontal
                field_w = width - column - self._horizontal
                fh = _height(row.field, field_w)
                lh = _height(label, column) if label is not None else 0
                if place:
                    if label is not None:
                        label.setGeometry(QRect(rect.x(), y, column, lh))
                    row.field.setGeometry(QRect(field_x, y, field_w, fh))
                y += max(fh, lh)
            else:  # label above its field
                if label is not None:
                    lh = _height(label, width)
                    if place:
                        label.setGeometry(QRect(rect.x(), y, width, lh))
                    y += lh + 2
                fh = _height(row.field, width)
                if place:
                    row.field.setGeometry(QRect(rect.x(), y, width, fh))
                y += fh
        return y - rect.y()

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(self.contentsRect(), place=True)

    def _widths(self) -> tuple[int, int]:
        """(minimum, preferred) widths of the rows, margins excluded."""
        rows = self._visible_rows()
        minimum = preferred = 0
        labels = [_natural_width(r.label) for r in rows if r.label is not None and not _hidden(r.label)]
        column = max(labels, default=0)
        for row in rows:
            minimum = max(minimum, row.field.minimumSize().width())
            if not row.span:
                if row.label is not None and not _hidden(row.label):
                    minimum = max(minimum, row.label.minimumSize().width())
                preferred = max(preferred, column + self._horizontal + row.field.sizeHint().width())
            else:
                preferred = max(preferred, row.field.sizeHint().width())
        return minimum, max(preferred, minimum)

    def minimumSize(self) -> QSize:
        # The height is a lower bound only (each row's minimum): the height a width needs is heightForWidth's.
        # A minimum worked out at the narrowest width would be taller than the form at any real width, and a
        # scroll area sizes its widget to at least its minimum: blank space under the last row.
        m = self.contentsMargins()
        width = self._widths()[0] + m.left() + m.right()
        rows = self._visible_rows()
        height = sum(r.field.minimumSize().height() for r in rows) + self._vertical * max(len(rows) - 1, 0)
        return QSize(width, height + m.top() + m.bottom())

    def sizeHint(self) -> QSize:
        m = self.contentsMargins()
        width = self._widths()[1] + m.left() + m.right()
        return QSize(width, self.heightForWidth(width))
