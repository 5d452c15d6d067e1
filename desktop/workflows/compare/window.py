"""The compare window: several pitches (or variants of one) on the viability map, their numbers side by side.

Every number comes from the analysis service (a keyed request per entry; the current pitch's own analysis
is reused, never made again) and every variant from ``core.compare.make_variant``: nothing here evaluates
a pitch. The Monte Carlo of each entry arrives later, from the same service.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from core.analysis import Analysis
from core.compare import VariantChange, make_variant
from core.errors import PitchError
from core.pitch import Pitch
from core.pitch_io import load_pitch
from core.uncertainty import DEFAULT_SAMPLES, DEFAULT_SEED
from desktop.charts.viability_map import ViabilityMap, distinct_elide
from desktop.error_words import error_words
from desktop.safety import plain_label, set_plain
from desktop.workflow import WorkflowContext, bring_to_front, separate_window
from desktop.workflows.column_fit import ColumnFitter, fit_widths
from desktop.workflows.compare.entries import CompareEntry
from desktop.workflows.compare.table_model import (
    COLUMN_SAMPLES,
    COLUMN_SHRINK,
    COLUMNS,
    ERROR_SPAN,
    CompareTableModel,
)
from desktop.workflows.compare.variant_dialog import VariantDialog

PITCH_FILTER = "Compute Curve pitches (*.pitch.json *.json);;All files (*)"


def request_key(entry_key: int) -> Hashable:
    """The analysis service's key for a compare entry."""
    return ("compare", entry_key)


class DistinctNameDelegate(QStyledItemDelegate):
    """The Pitch column: a name cut where it differs least from the others (the map's rule,
    :func:`desktop.charts.viability_map.distinct_elide`): "AI study buddy — price $19.99 per user-month"
    keeps its price. (A compare set is a few rows: painting them in Python costs nothing.)"""

    def __init__(self, model: CompareTableModel, parent: QWidget) -> None:
        super().__init__(parent)
        self._model = model

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        names = [self._model.entry(r).name for r in range(self._model.rowCount())]
        room = option.rect.width() - 12  # the cell's margins
        option.text = distinct_elide(option.text, names, option.font, room)  # type: ignore[attr-defined]


class CompareWindow(QWidget):
    """A separate, non-modal window: the viability map over the table of the compare set."""

    entries_changed = Signal()
    simulations_done = Signal()

    def __init__(self, context: WorkflowContext) -> None:
        super().__init__()
        separate_window(self, context.host, "Compare pitches — Compute Curve")
        self.setObjectName("compareWindow")
        self.setAcceptDrops(True)
        self._context = context
        self._service = context.analysis
        self.catalog = context.catalog
        self._entries: list[CompareEntry] = []
        self._next_key = 1
        self._pending: set[int] = set()
        self._service.request_ready.connect(self._on_service_request_ready)

        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.add_current_action = self._tool(
            "Add current pitch", self.add_current, "Add the main window's pitch"
        )
        self.add_files_action = self._tool(
            "Add files…", self.add_files_dialog, "Add pitch files to the comparison"
        )
        self.variant_action = self._tool(
            "Duplicate as variant…",
            lambda: self.duplicate_as_variant(),
            "A copy of the selected pitch (or the current one) with one change",
        )
        self.remove_action = self._tool("Remove", self.remove_selected, "Remove the selected pitches (Del)")
        self.remove_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.open_action = self._tool(
            "Open in main window", self.open_selected, "Open the selected pitch in the main window (Enter)"
        )
        self.map = ViabilityMap()
        self.map.row_activated.connect(self._on_map_row_activated)
        self.model = CompareTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("compareTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        # A cut name keeps its head and its tail: variants of one pitch differ in their tails.
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.activated.connect(self._on_table_activated)
        self.status = plain_label()
        self.status.setObjectName("compareStatus")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.map)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([520, 300])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 8)
        layout.addWidget(self.toolbar)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        self.resize(1400, 860)
        self.columns = ColumnFitter(self.table, self._column_widths)
        self.table.setItemDelegateForColumn(0, DistinctNameDelegate(self.model, self.table))
        self._refresh()

    def _tool(self, text: str, slot: Callable[[], object], tip: str) -> QAction:
        action = QAction(text, self)
        action.setToolTip(tip)
        action.triggered.connect(lambda _=False: slot())
        self.toolbar.addAction(action)
        self.addAction(action)
        return action

    def _column_widths(self, room: int) -> list[int]:
        fm = QFontMetrics(self.table.font())
        preferred, smallest = [], []
        for col, (title, sample) in enumerate(zip(COLUMNS, COLUMN_SAMPLES, strict=True)):
            want = max(fm.horizontalAdvance(line) for line in (*title.split("\n"), sample)) + 20
            least = fm.horizontalAdvance(COLUMN_SHRINK[col]) + 20 if col in COLUMN_SHRINK else want
            preferred.append(want)
            smallest.append(min(want, least))
        return fit_widths(preferred, smallest, room)

    # -- the compare set ------------------------------------------------------------------------------

    @property
    def entries(self) -> list[CompareEntry]:
        return list(self._entries)

    def entry(self, key: int) -> CompareEntry | None:
        return next((e for e in self._entries if e.key == key), None)

    def add_pitch(
        self, pitch: Pitch, *, origin: str, path: Path | None = None, after: CompareEntry | None = None
    ) -> CompareEntry:
        """Add ``pitch`` (analysed now by the service; its Monte Carlo follows) after ``after`` or at the end."""
        entry = CompareEntry(self._next_key, pitch.name, origin, pitch, path)
        self._next_key += 1
        index = self._entries.index(after) + 1 if after in self._entries else len(self._entries)
        self._entries.insert(index, entry)
        self._pending.add(entry.key)
        entry.show_analysis(self._service.request(request_key(entry.key), pitch, monte_carlo=True))
        if not entry.analysis or not entry.analysis.ok:
            self._pending.discard(entry.key)
        self._refresh()
        self.select(entry)
        return entry

    def add_files(self, paths: Iterable[str | Path]) -> list[CompareEntry]:
        """Add pitch files; a file that cannot be read gets its own row with the reason."""
        added = []
        for raw in paths:
            path = Path(raw)
            try:
                pitch = load_pitch(path)
            except PitchError as exc:
                entry = CompareEntry(self._next_key, path.name, str(path), None, path, error=str(exc))
                self._next_key += 1
                self._entries.append(entry)
                added.append(entry)
                continue
            added.append(self.add_pitch(pitch, origin=str(path), path=path))
        self._refresh()
        return added

    def add_current(self) -> CompareEntry:
        """Add the main window's current pitch (or select it if that exact pitch is already here)."""
        doc = self._context.document
        existing = next((e for e in self._entries if e.pitch == doc.pitch), None)
        if existing is not None:
            self.select(existing)
            set_plain(self.status, f"“{existing.name}” is already in the comparison.")
            return existing
        origin = f"current pitch ({doc.path})" if doc.path else "current pitch (not saved)"
        return self.add_pitch(doc.pitch, origin=origin, path=doc.path)

    def add_files_dialog(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Add pitches to compare", "", PITCH_FILTER)
        if names:
            self.add_files(names)

    def remove(self, entries: Iterable[CompareEntry]) -> None:
        gone = {e.key for e in entries}
        for key in gone:
            self._service.cancel_request(request_key(key))
            self._pending.discard(key)
        self._entries = [e for e in self._entries if e.key not in gone]
        self._refresh()

    def remove_selected(self) -> None:
        self.remove(self.selected_entries())

    def _analyse_preview(self, pitch: Pitch) -> Analysis:
        return self._service.request("variant-preview", pitch)

    def duplicate_as_variant(
        self, base: CompareEntry | None = None, change: VariantChange | None = None
    ) -> CompareEntry | None:
        """Add a variant of ``base`` (the selected pitch, else the current one) with one ``change``.

        Without ``change``, a dialog asks for it. The variant goes right after its base, both on the map.
        """
        if base is None:
            chosen = [e for e in self.selected_entries() if e.pitch is not None]
            base = chosen[0] if chosen else self.add_current()
        if base.pitch is None:
            return None
        if change is None:
            dialog = VariantDialog(base.pitch, self.catalog, self._analyse_preview, self)
            if not dialog.exec() or dialog.variant is None:
                return None
            variant = dialog.variant
            text = dialog.change().describe()
        else:
            try:
                variant = make_variant(base.pitch, change, self.catalog)
            except PitchError as exc:
                self._context.report_error("Cannot make the variant", error_words(base.pitch, exc))
                return None
            text = change.describe()
        return self.add_pitch(variant, origin=f"variant of “{base.name}”: {text}", after=base)

    # -- selection and opening ------------------------------------------------------------------------

    def selected_entries(self) -> list[CompareEntry]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.entry(r) for r in rows]

    def select(self, entry: CompareEntry) -> None:
        if entry in self._entries:
            self.table.selectRow(self._entries.index(entry))

    def open_selected(self) -> None:
        chosen = self.selected_entries()
        if chosen:
            self.open_entry(chosen[0])

    def open_entry(self, entry: CompareEntry) -> bool:
        """Open ``entry`` in the main window (which asks about its unsaved changes first)."""
        doc = self._context.document
        if entry.pitch is not None and entry.pitch == doc.pitch:
            ok = True  # already the main window's pitch
        elif entry.path is not None and (entry.pitch is None or entry.origin == str(entry.path)):
            ok = self._context.open_file(entry.path)  # a file: opened from disk (a bad one shows its error)
        elif entry.pitch is not None:
            ok = self._context.open_pitch(entry.pitch)  # a variant, or an earlier state: a new document
        else:
            ok = False
        if ok:
            bring_to_front(self._context.host)
        return ok

    def _on_table_activated(self, index: QModelIndex) -> None:
        self.open_entry(self.model.entry(index.row()))

    def _on_map_row_activated(self, key: object) -> None:
        entry = self.entry(key) if isinstance(key, int) else None
        if entry is not None:
            self.open_entry(entry)

    # -- the Monte Carlo of each entry (from the service) ---------------------------------------------

    def _on_service_request_ready(self, key: object, analysis: object) -> None:
        if not (isinstance(key, tuple) and len(key) == 2 and key[0] == "compare"):
            return
        self._pending.discard(key[1])
        entry = self.entry(key[1])
        if entry is not None and isinstance(analysis, Analysis) and analysis.pitch == entry.pitch:
            entry.show_analysis(analysis)
            self.model.refresh(entry)
            self.map.show_entries(self._entries)
        if not self._pending:
            self._update_status()
            self.simulations_done.emit()

    @property
    def simulating(self) -> bool:
        return bool(self._pending)

    # -- drawing --------------------------------------------------------------------------------------

    def _refresh(self) -> None:
        self.map.show_entries(self._entries)
        self.model.show_entries(self._entries)
        self.table.clearSpans()
        for row, entry in enumerate(self._entries):
            if entry.figures is None:
                self.table.setSpan(row, ERROR_SPAN[0], 1, ERROR_SPAN[1])
        # The map gets the room its rows need (about three lines of text each), the table the rest.
        fm = QFontMetrics(self.font())
        self.map.setMinimumHeight(min(520, 150 + len(self._entries) * int(fm.height() * 2.2)))
        has = bool(self._entries)
        self.remove_action.setEnabled(has)
        self.open_action.setEnabled(has)
        self._update_status()
        self.entries_changed.emit()

    def _update_status(self) -> None:
        n = len(self._entries)
        if not n:
            set_plain(self.status, "Add pitches to compare them on one map.")
            return
        evaluated = [e.analysis.evaluation for e in self._entries if e.figures is not None and e.analysis]
        bad = n - len(evaluated)
        dates = {ev.as_of for ev in evaluated if ev is not None}
        scenarios = {ev.scenario.name for ev in evaluated if ev is not None}
        parts = [f"{n} pitch{'es' * (n != 1)}"]
        if bad:
            parts.append(f"{bad} cannot be evaluated")
        parts.append(
            "each on its own date and scenario"
            if len(dates) > 1 or len(scenarios) > 1
            else "one date and scenario"
        )
        parts.append(
            "Monte Carlo running…"
            if self._pending
            else f"Monte Carlo: {DEFAULT_SAMPLES:,} samples, seed {DEFAULT_SEED}"
        )
        parts.append("double-click a row to open it in the main window")
        set_plain(self.status, " · ".join(parts))

    # -- files dropped on the window -------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        files = [p for p in files if p.is_file()]
        if files:
            event.acceptProposedAction()
            self.add_files(files)

    def shutdown(self) -> None:
        """Drop the Monte Carlo runs still to come (the app is closing)."""
        for key in self._pending:
            self._service.cancel_request(request_key(key))
        self._pending.clear()
