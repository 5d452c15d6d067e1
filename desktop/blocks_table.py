"""The pitch's blocks as a table: on/off, name, model, cost per active user-month, share.

Rows are dragged to reorder; templates dragged from the library are dropped in; the name is edited in
place. Every change is an edit of the document; the table only draws what the analysis says: the pitch's
blocks and their costs, or, for a pitch that cannot be evaluated, each failing block's reason (never an
older pitch's numbers). A block's cost is per active user (the contract's block cost): the column says so,
and shows every amount whole, by the money rule (``core.formatting.format_money``; full precision in its
tooltip).

Every block that cannot be priced is marked three ways, never by colour alone (ui.md): a warning sign before
its name, its texts in the "beyond" red, and its reason in words where its cost would be ("cannot be priced:
Model: openai:gpt-4o-mini was released on ..."), the field named by its label (``desktop/error_words.py``).
The reason spans the cost and share cells, so it never widens the cost column; its tooltip holds it whole.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QEvent,
    QItemSelectionModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.analysis import Analysis
from core.engine import Evaluation
from core.errors import PitchError
from core.formatting import format_money, format_money_full, format_percent, format_quantity
from core.pitch import Pitch
from core.templates import template
from core.verdict import Verdict
from desktop.document import PitchDocument
from desktop.error_words import error_words, field_label, sentence
from desktop.safety import plain_tooltip
from desktop.theme import VERDICT_COLORS

ROW_MIME = "application/x-computecurve-block-row"
TEMPLATE_MIME = "application/x-computecurve-template"

COLUMNS = ("On", "Block", "Model", "$ / active user-month", "Share")
COST_COLUMN = 3
SHARE_COLUMN = 4
CANNOT = "cannot be priced"
ERROR_COLOR = VERDICT_COLORS[Verdict.BEYOND]
ModelIndex = QModelIndex | QPersistentModelIndex


class BlocksModel(QAbstractTableModel):
    """Reads the analysis of the document's pitch; writes edits to the document."""

    def __init__(self, document: PitchDocument) -> None:
        super().__init__()
        self.document = document
        self._pitch: Pitch = document.pitch
        self._evaluation: Evaluation | None = None
        self._errors: dict[int, PitchError] = {}

    def show(self, analysis: Analysis) -> None:
        same_rows = len(analysis.pitch.blocks) == len(self._pitch.blocks)
        before = [self._row_words(row) for row in range(len(self._pitch.blocks))] if same_rows else []
        if not same_rows:
            self.beginResetModel()
        self._pitch = analysis.pitch
        self._evaluation = analysis.evaluation
        self._errors = analysis.block_errors()
        if same_rows:
            # The common edit: the same rows with new numbers. dataChanged keeps the selection and the
            # view's state; a reset would make the view re-read and re-lay out everything. Every row's cost
            # and share (the total moved), and the rest of a row only where it changed: the view repaints
            # the cells it is told of.
            if self._pitch.blocks:
                last = len(self._pitch.blocks) - 1
                self.dataChanged.emit(self.index(0, COST_COLUMN), self.index(last, len(COLUMNS) - 1))
                for row, words in enumerate(before):
                    if self._row_words(row) != words:
                        self.dataChanged.emit(self.index(row, 0), self.index(row, COST_COLUMN - 1))
        else:
            self.endResetModel()

    def _row_words(self, row: int) -> tuple[Any, ...]:
        """What a row shows left of its numbers: on or off, name, what prices it, and its problem."""
        block = self._pitch.blocks[row]
        error = self._errors.get(row)
        return (block.enabled, block.name, self._priced_by(row), None if error is None else str(error))

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._pitch.blocks)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        if index.column() == 0:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        if index.column() == 1:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        block = self._pitch.blocks[index.row()]
        result = self._evaluation.blocks[index.row()] if self._evaluation else None
        col = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and col == 0:
            return Qt.CheckState.Checked if block.enabled else Qt.CheckState.Unchecked
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == 1:
                return block.name
            if col == 2:
                return self._priced_by(index.row())
            if col == COST_COLUMN and result is not None:
                return format_money(result.cost_per_user_month)
            if col == COST_COLUMN and index.row() in self._errors:
                return f"{CANNOT}: {self.reason(index.row())}"
            if col == SHARE_COLUMN and result is not None:
                return format_percent(result.share)
        error = self._errors.get(index.row())
        if role == Qt.ItemDataRole.ForegroundRole and error is not None and col in (1, 2, COST_COLUMN):
            return QColor(ERROR_COLOR)
        if role == Qt.ItemDataRole.DecorationRole and error is not None and col == 1:
            return self._warning_icon()
        if role == Qt.ItemDataRole.ToolTipRole:
            if error is not None:
                return plain_tooltip(error_words(self._pitch, error))
            if col in (1, 2):
                text = f"{block.name}\npriced by: {self._priced_by(index.row())}"
                if result is not None:
                    text += f"\nprice source: {result.price.source}"
                return plain_tooltip(text)
            if col == COST_COLUMN and result is not None:
                return plain_tooltip(
                    f"{format_money_full(result.cost_per_user_month)} per active user-month = "
                    f"{format_money_full(result.cost_per_call)} per call × "
                    f"{format_quantity(result.calls_per_user_month)} calls per user-month"
                )
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COST_COLUMN, SHARE_COLUMN):
            if error is not None:  # the reason reads from the left
                return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _priced_by(self, row: int) -> str:
        """What prices block ``row``: its model, a deployment (by name), the cheapest capable model, or typed
        prices."""
        block = self._pitch.blocks[row]
        if block.model is not None:
            return block.model
        if block.deployment is not None:
            names = {d.id: d.name for d in self._pitch.deployments}
            return f"deployment: {names.get(block.deployment, block.deployment)}"
        if block.requires is not None and block.price is None:
            result = self._evaluation.blocks[row] if self._evaluation else None
            chosen = result.price.model_id if result is not None else None
            return f"{chosen} (cheapest capable)" if chosen else "cheapest capable model"
        return "explicit prices"

    def failing_rows(self) -> list[int]:
        """The rows of the blocks the analysis cannot price."""
        return sorted(self._errors)

    def reason(self, row: int) -> str:
        """Why block ``row`` cannot be priced, in the user's words: ``Model: openai:gpt-4o-mini was ...``
        (the block is the row itself; ``error_words`` names it elsewhere)."""
        error = self._errors[row]
        rest = error.field.split("]", 1)[1].lstrip(".") if "]" in error.field else ""
        return f"{field_label(rest)}: {error.message}" if rest else sentence(error.message)

    @staticmethod
    def _warning_icon() -> QIcon:
        return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        row = index.row()
        block = self._pitch.blocks[row]
        if index.column() == 0 and role == Qt.ItemDataRole.CheckStateRole:
            enabled = Qt.CheckState(value) == Qt.CheckState.Checked
            verb = "Enable" if enabled else "Disable"
            return self.document.edit_block(row, f"{verb} {block.name}", enabled=enabled)
        if index.column() == 1 and role == Qt.ItemDataRole.EditRole:
            name = str(value).strip()
            if not name or name == block.name:
                return False
            return self.document.edit_block(row, f"Rename {block.name}", name=name[:1000])
        return False

    # -- drag and drop ------------------------------------------------------------------------------
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def mimeTypes(self) -> list[str]:
        return [ROW_MIME, TEMPLATE_MIME]

    def mimeData(self, indexes: Any) -> QMimeData:
        mime = QMimeData()
        rows = sorted({i.row() for i in indexes})
        if rows:
            mime.setData(ROW_MIME, QByteArray(str(rows[0]).encode()))
        return mime

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: ModelIndex
    ) -> bool:
        return data.hasFormat(ROW_MIME) or data.hasFormat(TEMPLATE_MIME)

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: ModelIndex
    ) -> bool:
        target = row if row >= 0 else (parent.row() if parent.isValid() else self.rowCount())
        if data.hasFormat(TEMPLATE_MIME):
            key = bytes(data.data(TEMPLATE_MIME).data()).decode()
            try:
                block = template(key).make()
            except KeyError:
                return False
            return self.document.insert_block(target, block)
        if data.hasFormat(ROW_MIME):
            source = int(bytes(data.data(ROW_MIME).data()).decode())
            dest = target - 1 if target > source else target
            self.document.move_block(source, dest)
            return False  # the document already moved it: Qt must not remove the source row
        return False


class BlocksTable(QWidget):
    """The table with its keyboard shortcuts; emits the selected block's index."""

    block_selected = Signal(object)  # int | None

    def __init__(self, document: PitchDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.model = BlocksModel(document)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.setDragEnabled(True)
        self.view.setAcceptDrops(True)
        self.view.setDropIndicatorShown(True)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.view.verticalHeader().setVisible(False)
        self.view.setAlternatingRowColors(True)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COST_COLUMN, QHeaderView.ResizeMode.Fixed)  # _fit_numbers
        header.setSectionResizeMode(SHARE_COLUMN, QHeaderView.ResizeMode.Fixed)
        self.view.setColumnWidth(2, 220)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.view.selectionModel().currentRowChanged.connect(self._on_view_current_row_changed)
        self._selected: int | None = None
        self._spans: tuple[int, list[int]] | None = None  # (rows, failing rows) the spans were set for
        self.view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Del removes the selected block while the table has focus (and no cell is being edited);
        # Ctrl+Up / Ctrl+Down move it. Handled here rather than by window shortcuts so they work
        # wherever the table is docked.
        if (
            watched is self.view
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and self.view.state() != QAbstractItemView.State.EditingState
        ):
            if event.matches(QKeySequence.StandardKey.Delete) or event.key() == Qt.Key.Key_Backspace:
                self.remove_selected()
                return True
            ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
            if ctrl and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                self.move_selected(-1 if event.key() == Qt.Key.Key_Up else 1)
                return True
        return super().eventFilter(watched, event)

    @property
    def selected(self) -> int | None:
        return self._selected

    def show_analysis(self, analysis: Analysis) -> None:
        keep = self._selected
        self.model.show(analysis)
        failing = (self.model.rowCount(), self.model.failing_rows())
        if failing != self._spans:  # setting spans repaints the whole table: only when they change
            self._spans = failing
            self.view.clearSpans()
            for row in failing[1]:  # the reason takes the cost and share cells
                self.view.setSpan(row, COST_COLUMN, 1, 2)
        self._fit_numbers()
        n = len(analysis.pitch.blocks)
        if n == 0:
            self._select(None)
        else:
            self._select(min(keep, n - 1) if keep is not None else None)

    def _fit_numbers(self) -> None:
        """The cost and share columns as wide as their header and their numbers, whole (never elided).

        Worked out here rather than by ``ResizeToContents``, which would also fit a failing row's reason
        (spanning both cells) and push the other columns off the table.
        """
        header = self.view.horizontalHeader()
        metrics = self.view.fontMetrics()
        pad = (
            2 * (self.view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self.view) + 1)
            + 8
        )
        failing = set(self.model.failing_rows())
        for col in (COST_COLUMN, SHARE_COLUMN):
            texts = [
                str(self.model.data(self.model.index(row, col)) or "")
                for row in range(self.model.rowCount())
                if row not in failing
            ]
            widest = max((metrics.horizontalAdvance(t) for t in texts), default=0) + pad
            self.view.setColumnWidth(col, max(widest, header.sectionSizeFromContents(col).width()))

    def select(self, row: int | None) -> None:
        """Select ``row`` (and tell the editor)."""
        self._select(row)

    def _select(self, row: int | None) -> None:
        sm = self.view.selectionModel()
        if row is not None and row == self._selected and sm.currentIndex().row() == row:
            return  # already selected: no second redraw of the editor
        if row is None:
            sm.clearSelection()
            if self._selected is not None:
                self._selected = None
                self.block_selected.emit(None)
            return
        index = self.model.index(row, 1)
        sm.setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        if self._selected != row:
            self._selected = row
        self.block_selected.emit(row)

    def _on_view_current_row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        row = current.row() if current.isValid() else None
        if row != self._selected:
            self._selected = row
            self.block_selected.emit(row)

    def remove_selected(self) -> None:
        if self._selected is not None and self._selected < len(self.document.pitch.blocks):
            self.document.remove_block(self._selected)

    def duplicate_selected(self) -> None:
        if self._selected is not None:
            row = self._selected
            if self.document.duplicate_block(row):
                self._select(row + 1)

    def move_selected(self, step: int) -> None:
        if self._selected is None:
            return
        row = self._selected
        if self.document.move_block(row, row + step):
            self._select(row + step)
