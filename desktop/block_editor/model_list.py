"""The models the model box offers: those that existed on the pitch's date, each with its price on that date.

Issue 9: a model is never priced before its release, so the list never offers one. The list holds the
catalog's ids (genai-prices' and the bundled price history's, handed over by the analysis service once the
catalog has loaded off the GUI thread) less those released after the pitch's date
(:meth:`core.catalog.PriceCatalog.release_date`). A model whose release date nobody recorded is listed, with a
mark saying so: the catalog still prices it (with a warning), and hiding it would hide most of genai-prices.

Prices are worked out only for the rows a list actually shows (a popup shows fifteen of 2,330), through the
catalog's own cache: pricing every model at once takes over a second.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeView, QWidget

from core.catalog import CatalogPrice, PriceCatalog
from core.errors import PitchError
from core.formatting import format_money
from desktop.safety import plain_tooltip

ModelIndex = QModelIndex | QPersistentModelIndex

ID_COLUMN, PRICE_COLUMN, RELEASE_COLUMN = range(3)
UNKNOWN_RELEASE = "release date unknown"


def short_prices(price: CatalogPrice) -> str:
    """``in $0.150 · out $0.600 / M``: a model's input and output prices per million tokens."""
    fields = price.fields
    parts = [
        f"{word} {format_money(fields[key])}"
        for word, key in (("in", "input_per_mtok"), ("out", "output_per_mtok"))
        if key in fields
    ]
    return " · ".join(parts) + " / M" if parts else "no token price"


class ModelList(QAbstractTableModel):
    """The model box's rows: a few choices that are not models (``specials``), then the models of the date."""

    def __init__(self, catalog: PriceCatalog, specials: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self._catalog = catalog
        self._specials = list(specials)
        self._all: list[str] = []
        self._release: dict[str, date | None] = {}
        self._ids: list[str] = []
        self._as_of: date | None = None
        self._prices: dict[str, tuple[str, str]] = {}  # id -> (short text, tooltip) on the date
        self._loaded = False

    # -- what the list holds --------------------------------------------------------------------------
    @property
    def loaded(self) -> bool:
        return self._loaded

    def set_ids(self, ids: Sequence[str], as_of: date) -> None:
        """The catalog's ids (once it has loaded), listed as they stand on ``as_of``."""
        self._all = list(ids)
        # ~7 ms for 2,330 ids: dictionary look-ups once genai-prices is loaded (it is, when ids arrive)
        self._release = {i: self._catalog.release_date(i) for i in self._all}
        self._loaded = True
        self._as_of = None
        self.set_date(as_of)

    def set_date(self, as_of: date) -> None:
        """Keep the models released on or before ``as_of`` (and those of unknown release)."""
        if as_of == self._as_of:
            return
        self.beginResetModel()
        self._as_of = as_of
        self._ids = [i for i in self._all if (r := self._release.get(i)) is None or r <= as_of]
        self._prices.clear()
        self.endResetModel()

    def ids(self) -> list[str]:
        """The models listed (on the current date)."""
        return list(self._ids)

    def offers(self, model_id: str) -> bool:
        return model_id in self._ids

    def release(self, model_id: str) -> date | None:
        return self._release.get(model_id)

    def row_of(self, text: str) -> int:
        """The row whose first column is ``text``; -1 when none."""
        for i, (special, _) in enumerate(self._specials):
            if special == text:
                return i
        try:
            return len(self._specials) + self._ids.index(text)
        except ValueError:
            return -1

    # -- Qt's model ---------------------------------------------------------------------------------------
    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._specials) + len(self._ids)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else 3

    def _priced(self, model_id: str) -> tuple[str, str]:
        found = self._prices.get(model_id)
        if found is None:
            assert self._as_of is not None
            release = self._release.get(model_id)
            released = f"released {release.isoformat()}" if release else UNKNOWN_RELEASE
            try:
                price = self._catalog.price_at(model_id, self._as_of)
            except PitchError as exc:
                found = (f"no price on {self._as_of.isoformat()}", f"{model_id}\n{exc.message}")
            else:
                tip = f"{model_id} ({price.name}), {released}\nOn {self._as_of.isoformat()}: {short_prices(price)}"
                tip += f" tokens\nSource: {price.source}"
                found = (short_prices(price), tip)
            self._prices[model_id] = found
        return found

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if row < len(self._specials):
            text, what = self._specials[row]
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                return text if col == ID_COLUMN else (what if col == PRICE_COLUMN else "")
            if role == Qt.ItemDataRole.ToolTipRole:
                return plain_tooltip(f"{text}: {what}")
            return None
        model_id = self._ids[row - len(self._specials)]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == ID_COLUMN:
                return model_id
            if col == PRICE_COLUMN:
                return self._priced(model_id)[0]
            release = self._release.get(model_id)
            return f"released {release.isoformat()}" if release else f"? {UNKNOWN_RELEASE}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(self._priced(model_id)[1])
        return None


def list_view(parent: QWidget | None = None) -> QTreeView:
    """A flat list of the model rows in three columns (id, prices on the date, release), for the model box's
    drop-down and its completer's popup."""
    view = QTreeView(parent)
    view.setRootIsDecorated(False)
    view.setItemsExpandable(False)
    view.setUniformRowHeights(True)  # only the rows on screen are asked for (and priced)
    view.setHeaderHidden(True)
    view.setAllColumnsShowFocus(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    header = view.header()
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view


def size_columns(view: QTreeView) -> None:
    """Column widths from the font (never from the rows: that would price every model)."""
    metrics = view.fontMetrics()
    widths = (
        metrics.horizontalAdvance("openai:gpt-4o-mini-realtime-preview-2024") + 16,
        metrics.horizontalAdvance("in $10.00 · out $30.00 / M") + 16,
        metrics.horizontalAdvance(f"? {UNKNOWN_RELEASE}") + 16,
    )
    for column, width in enumerate(widths):
        view.setColumnWidth(column, width)
    view.setMinimumWidth(sum(widths) + view.verticalScrollBar().sizeHint().width() + 4)
