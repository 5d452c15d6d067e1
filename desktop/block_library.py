"""The block library: search, then add a template by double-click, Enter or drag-and-drop."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QMimeData, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from core.templates import TEMPLATES, BlockTemplate
from desktop.blocks_table import TEMPLATE_MIME
from desktop.safety import plain_label, plain_tooltip

KEY_ROLE = Qt.ItemDataRole.UserRole + 1


class _TemplateList(QListWidget):
    activated_key = Signal(str)

    def mimeData(self, items: list[QListWidgetItem]) -> QMimeData:  # type: ignore[override]
        mime = QMimeData()
        if items:
            mime.setData(TEMPLATE_MIME, QByteArray(str(items[0].data(KEY_ROLE)).encode()))
        return mime

    def mimeTypes(self) -> list[str]:
        return [TEMPLATE_MIME]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem() is not None:
            self.activated_key.emit(str(self.currentItem().data(KEY_ROLE)))
            return
        super().keyPressEvent(event)


class BlockLibrary(QWidget):
    """Lists the templates; emits ``add_requested(key)``."""

    add_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search blocks (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip(
            plain_tooltip(
                "Type part of a block's name or description to filter the list; Enter adds the highlighted "
                "block.\nExample: agent (finds Agent loop, Sub-agent fan-out, Ten parallel agents).\n"
                "Each block's tooltip gives the source of its default numbers."
            )
        )
        self.list = _TemplateList(self)
        self.list.setDragEnabled(True)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.hint = plain_label("Double-click, press Enter or drag a block into the pitch.")
        self.hint.setWordWrap(True)
        self.hint.setObjectName("caption")
        for t in TEMPLATES:
            self.list.addItem(self._item(t))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.hint)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.search.returnPressed.connect(self._on_search_return_pressed)
        self.list.itemDoubleClicked.connect(lambda item: self.add_requested.emit(str(item.data(KEY_ROLE))))
        self.list.activated_key.connect(self.add_requested)
        self.list.setCurrentRow(0)

    @staticmethod
    def _item(t: BlockTemplate) -> QListWidgetItem:
        item = QListWidgetItem(t.title)
        item.setData(KEY_ROLE, t.key)
        item.setToolTip(plain_tooltip(f"{t.title}: {t.summary}\n\nDefaults: {t.basis}"))
        return item

    def _on_search_text_changed(self, text: str) -> None:
        q = text.lower().strip()
        first_visible = None
        for i in range(self.list.count()):
            item = self.list.item(i)
            t = TEMPLATES[i]
            hidden = bool(q) and q not in f"{t.title} {t.summary}".lower()
            item.setHidden(hidden)
            if not hidden and first_visible is None:
                first_visible = i
        if first_visible is not None:
            self.list.setCurrentRow(first_visible)

    def _on_search_return_pressed(self) -> None:
        item = self.list.currentItem()
        if item is not None and not item.isHidden():
            self.add_requested.emit(str(item.data(KEY_ROLE)))

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()
