"""Score a folder of deal memos: one row per memo, sortable, coloured by verdict, exported as the CLI's CSV.

A VC opens a folder (or drops files) and gets what ``computecurve score FOLDER`` gives: the same rows,
the same columns (``core.scoring.SCORE_COLUMNS``), a bad file in its own row with the reason, and an
Export CSV that writes exactly the bytes ``computecurve score FOLDER --csv PATH`` writes for the same
date and scenario (``core.scoring.scores_csv``). Memos priced on different dates or under different
decline scenarios are not comparable; the window says so and offers, in one click, to score every memo
on one date and one scenario.

Scoring runs on a worker thread (``core.scoring.score_file`` per file, results handed to the GUI thread in
chunks through a queued signal), with a progress bar and a Cancel button; each run carries a generation
number and a superseded run's results are dropped. Nothing here computes a number: on-screen cells are
``core.formatting``'s, the tooltips show the full-precision values.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QFontMetrics,
    QKeySequence,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.catalog import PriceCatalog, default_catalog
from core.compare import comparability, verdict_counts
from core.errors import PitchError
from core.formatting import (
    format_csv_number,
    format_drop,
    format_iso,
    format_money,
    format_month,
    format_orders,
)
from core.pitch_io import atomic_write_bytes
from core.scenarios import DeclineScenario, builtin_scenarios
from core.scoring import SCORE_COLUMNS, ScoreRow, expand_paths, score_file, scores_csv
from core.verdict import Verdict
from desktop.charts.base import with_alpha
from desktop.safety import message_box, plain_label, plain_tooltip, set_plain
from desktop.theme import VERDICT_COLORS, VERDICT_TEXT_COLORS
from desktop.window_controller import WindowController

if TYPE_CHECKING:
    from desktop.main_window import MainWindow

CHUNK_SECONDS = 0.1  # results reach the table at most this often: ~10 updates a second, whatever the count
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ALPHA = 55  # the row tint of a verdict's colour (the verdict cell itself is solid)

TITLES = {
    "file": "File",
    "name": "Name",
    "as_of": "As of",
    "scenario": "Scenario",
    "cost_per_user_month": "Cost per active\nuser-month",
    "cost_per_paying_user_month": "Cost per paying\nuser-month",
    "budget_per_user_month": "Budget per paying\nuser-month",
    "required_drop": "Required\ndrop",
    "orders_of_magnitude": "OOM",
    "verdict": "Verdict",
    "arrival_earliest": "Arrival\nearliest",
    "arrival_latest": "Arrival\nlatest",
    "catalog_version": "Catalog",
    "warnings": "Warnings",
    "error": "Error",
}
# Initial widths: a typical cell of each column (the table never measures 1,000 rows to size itself).
WIDTH_SAMPLES = {
    "file": "x" * 20,
    "name": "x" * 32,
    "as_of": "2026-11-26",
    "scenario": "price-of-progress",
    "cost_per_user_month": "$12,345.67",
    "cost_per_paying_user_month": "$12,345.67",
    "budget_per_user_month": "$1,234.567",
    "required_drop": "1,000x",
    "orders_of_magnitude": "10.00",
    "verdict": "Beyond the horizon",
    "arrival_earliest": "Sep 2027",
    "arrival_latest": "not within 50 years",
    "catalog_version": "genai-prices",
    "warnings": "x" * 30,
    "error": "x" * 40,
}
# A memo that could not be scored: its reason spans the columns from the name to the latest arrival, where
# its numbers would be (the table's own error column, at the far right, has it too).
ERROR_SPAN = (
    SCORE_COLUMNS.index("name"),
    SCORE_COLUMNS.index("arrival_latest") - SCORE_COLUMNS.index("name") + 1,
)
NUMBER_COLUMNS = frozenset(
    {
        "cost_per_user_month",
        "cost_per_paying_user_month",
        "budget_per_user_month",
        "required_drop",
        "orders_of_magnitude",
    }
)
ModelIndex = QModelIndex | QPersistentModelIndex
ScoreOne = Callable[..., ScoreRow]
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
# Shared colours (value types, safe to use on the worker thread).
_ROW_TINTS = {v: with_alpha(c, ROW_ALPHA) for v, c in VERDICT_COLORS.items()}
_VERDICT_FILLS = {v: QColor(c) for v, c in VERDICT_COLORS.items()}
_VERDICT_INKS = {v: QColor(c) for v, c in VERDICT_TEXT_COLORS.items()}
_ERROR_TINT = with_alpha("#888888", 45)


def _scenario_label(s: DeclineScenario) -> str:
    return f"{s.name} ({s.id})"


# --------------------------------------------------------------------------------------------------
# Cells: made on the worker thread, so that painting the table runs no Python at all
# --------------------------------------------------------------------------------------------------
#
# The table is a QStandardItemModel: its items are plain C++ values, built with the row on the worker
# thread. A Python model's data() would be called thousands of times a paint, each call waiting for the
# GIL that the scoring thread holds; with items, painting never enters Python and the window stays
# responsive however many memos are being scored.


def _file_text(row: ScoreRow, root: Path | None) -> str:
    if root is not None:
        try:
            return os.path.relpath(row.file, root)
        except ValueError:  # another drive (Windows)
            pass
    return row.file


def _reason(row: ScoreRow) -> str:
    return row.error.removeprefix(f"{row.file}: ")


def cell_text(row: ScoreRow, cells: dict[str, object], column: str, root: Path | None = None) -> str:
    """The on-screen text of one cell (``core.formatting``; the CSV has the raw values)."""
    ev = row.evaluation
    if column == "file":
        return _file_text(row, root)
    if column == "error":
        return _reason(row)
    if ev is None:
        if column == "name":  # the first cell of the error's span
            return f"Could not be scored: {_reason(row)}"
        if column == "verdict":
            return "Could not be scored"
        return str(cells[column] or "")  # the catalog version, as in the CSV
    if column in ("cost_per_user_month", "cost_per_paying_user_month", "budget_per_user_month"):
        value = cells[column]
        assert isinstance(value, float)
        return format_money(value)
    if column == "required_drop":
        return format_drop(ev.required_drop, ev.orders_of_magnitude)
    if column == "orders_of_magnitude":
        return format_orders(ev.orders_of_magnitude)
    if column == "verdict":
        return ev.verdict.short
    if column == "arrival_earliest":
        return format_month(ev.arrival.earliest)
    if column == "arrival_latest":
        return format_month(ev.arrival.latest)
    if column == "warnings":
        if not ev.warnings:
            return ""
        more = f" (+{len(ev.warnings) - 1} more)" if len(ev.warnings) > 1 else ""
        return ev.warnings[0] + more
    return str(cells[column] or "")


def cell_tooltip(row: ScoreRow, cells: dict[str, object], column: str) -> str:
    """A cell's tooltip: full precision, full warnings, the full reason (plain text)."""
    ev = row.evaluation
    if column == "file":
        return f"{row.file}\nDouble-click or Enter: open it in the main window"
    if column == "error" or ev is None:
        return f"Could not be scored:\n{row.error}" if row.error else ""
    if column == "name" and ev.warnings:
        return f"{ev.name}\n\n{len(ev.warnings)} warning(s):\n" + "\n".join(f"• {w}" for w in ev.warnings)
    if column in NUMBER_COLUMNS:
        value = cells[column]
        unit = {
            "cost_per_user_month": " USD per active user-month",
            "cost_per_paying_user_month": " USD per paying user-month",
            "budget_per_user_month": " USD per paying user-month",
            "required_drop": "x cheaper inference needed",
            "orders_of_magnitude": " orders of magnitude",
        }[column]
        shown = "null (the pitch costs nothing)" if not isinstance(value, float) else format_csv_number(value)
        return shown + unit
    if column == "verdict":
        return ev.verdict.words
    if column in ("arrival_earliest", "arrival_latest"):
        day = ev.arrival.earliest if column == "arrival_earliest" else ev.arrival.latest
        speed = "fast" if column == "arrival_earliest" else "slow"
        return f"{format_iso(day) or 'not within 50 years'} (at the scenario's {speed} decline)"
    if column == "scenario":
        s = ev.scenario
        return f"{s.name}: prices fall {s.annual_decline_low:.4g}x to {s.annual_decline_high:.4g}x a year\n{s.source}"
    if column == "warnings":
        if not ev.warnings:
            return "No warnings"
        return f"{len(ev.warnings)} warning(s):\n" + "\n".join(f"• {w}" for w in ev.warnings)
    return str(cells[column] or "")


def sort_key(row: ScoreRow, cells: dict[str, object], column: str) -> float | str | None:
    """What a column sorts by: numbers as numbers, dates as days; None for a memo that could not be scored."""
    ev = row.evaluation
    if column in ("file", "error"):
        return str(cells[column] or "").casefold()
    if ev is None:
        return None
    if column == "orders_of_magnitude":
        return ev.orders_of_magnitude if ev.orders_of_magnitude is not None else float("-inf")
    if column == "verdict":
        return float(list(Verdict).index(ev.verdict))
    if column in ("arrival_earliest", "arrival_latest"):
        day = ev.arrival.earliest if column == "arrival_earliest" else ev.arrival.latest
        return float(day.toordinal()) if day is not None else float("inf")  # "not within 50 years": last
    if column == "warnings":
        return float(len(ev.warnings))
    value = cells[column]
    return value if isinstance(value, float) else str(value or "").casefold()


def make_items(row: ScoreRow, root: Path | None) -> list[QStandardItem]:
    """The table cells of one row (safe on a worker thread: no icon, font or widget is touched)."""
    cells = row.cells()
    ev = row.evaluation
    items = []
    tint = _ERROR_TINT if ev is None else _ROW_TINTS[ev.verdict]
    for column in SCORE_COLUMNS:
        item = QStandardItem(cell_text(row, cells, column, root))
        item.setData(plain_tooltip(cell_tooltip(row, cells, column)), Qt.ItemDataRole.ToolTipRole)
        item.setData(sort_key(row, cells, column), SORT_ROLE)
        if column == "verdict" and ev is not None:
            item.setData(_VERDICT_FILLS[ev.verdict], Qt.ItemDataRole.BackgroundRole)
            item.setData(_VERDICT_INKS[ev.verdict], Qt.ItemDataRole.ForegroundRole)
        else:
            item.setData(tint, Qt.ItemDataRole.BackgroundRole)
        if column in NUMBER_COLUMNS:
            item.setData(_RIGHT, Qt.ItemDataRole.TextAlignmentRole)
        items.append(item)
    return items


# --------------------------------------------------------------------------------------------------
# The table model
# --------------------------------------------------------------------------------------------------


class ScoreTable(QObject):
    """The scored rows in scoring order (the CSV's order) and the item model the view shows."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = QStandardItemModel(0, len(SCORE_COLUMNS), self)
        for col, name in enumerate(SCORE_COLUMNS):
            header = QStandardItem(TITLES[name])
            header.setToolTip(f"CSV column: {name}")
            self.model.setHorizontalHeaderItem(col, header)
        self._rows: list[ScoreRow] = []
        self.root: Path | None = None  # file names are shown relative to this folder
        self.error_rows: list[int] = []  # rows that could not be scored
        self._bold = QFont(QApplication.font())
        self._bold.setBold(True)
        style = QApplication.style()
        self._warning_icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self._error_icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical)

    def clear(self, root: Path | None = None) -> None:
        self.model.setRowCount(0)
        self._rows, self.error_rows, self.root = [], [], root

    def append(self, scored: Sequence[tuple[ScoreRow, list[QStandardItem]]]) -> None:
        verdict_col, name_col, warnings_col = (
            SCORE_COLUMNS.index(c) for c in ("verdict", "name", "warnings")
        )
        for row, items in scored:
            ev = row.evaluation
            items[verdict_col].setFont(self._bold)
            # A memo whose typed prices are far from the catalog's is flagged where the eye starts, by its
            # name, and in the warnings column; the tooltips list the warnings in full.
            if ev is None:
                items[name_col].setIcon(self._error_icon)
                self.error_rows.append(len(self._rows))
            elif ev.warnings:
                items[name_col].setIcon(self._warning_icon)
                items[warnings_col].setIcon(self._warning_icon)
            self._rows.append(row)
            self.model.appendRow(items)

    @property
    def rows(self) -> list[ScoreRow]:
        return list(self._rows)

    def row(self, index: int) -> ScoreRow:
        return self._rows[index]

    def rowCount(self) -> int:
        return len(self._rows)


class ScoreSortProxy(QSortFilterProxyModel):
    """Sorts by the raw values (numbers as numbers, dates as dates); rows that could not be scored last."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)

    def lessThan(self, left: ModelIndex, right: ModelIndex) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if (a is None) != (b is None):
            # Missing last whichever way the column is sorted (Qt reverses the comparison for descending).
            return (a is None) == (self.sortOrder() == Qt.SortOrder.DescendingOrder)
        if a is None or b is None or isinstance(a, str) != isinstance(b, str):
            return left.row() < right.row()
        return bool(a < b)


# --------------------------------------------------------------------------------------------------
# The window
# --------------------------------------------------------------------------------------------------


@dataclass
class _Job:
    generation: int
    inputs: tuple[Path, ...]
    as_of: date | None
    scenario: DeclineScenario | None
    root: Path | None  # file names are shown relative to this folder
    cancel: threading.Event = field(default_factory=threading.Event)
    thread: threading.Thread | None = None
    total: int = 0
    started: float = field(default_factory=time.perf_counter)


class BatchWindow(QWidget):
    """A separate, non-modal window that scores many memo files on one date and scenario (or each its own)."""

    scoring_started = Signal(int)  # total files
    scoring_progress = Signal(int, int)  # done, total
    scoring_finished = Signal(bool)  # cancelled
    _started = Signal(int, int)  # generation, total        (worker -> GUI thread)
    _chunk = Signal(int, object, int)  # generation, [(row, items)], done
    _done = Signal(int, bool, str)  # generation, cancelled, what went wrong ("" if nothing)

    def __init__(
        self,
        main_window: MainWindow | None = None,
        catalog: PriceCatalog | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("batchWindow")
        self.setWindowTitle("Score memos — Compute Curve")
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)  # closing the main window quits the app
        self.setAcceptDrops(True)
        self.main_window = main_window
        self.catalog = catalog or (main_window.catalog if main_window is not None else default_catalog())
        self.score_one: ScoreOne = score_file  # tests swap in a slow fake
        self._generation = 0
        self._job: _Job | None = None
        self._inputs: tuple[Path, ...] = ()
        self._last_seconds = 0.0
        self._started.connect(self._on_worker_started)
        self._chunk.connect(self._on_worker_chunk)
        self._done.connect(self._on_worker_done)
        self._rescore_timer = QTimer(self)
        self._rescore_timer.setSingleShot(True)
        self._rescore_timer.setInterval(250)  # a date typed digit by digit scores once
        self._rescore_timer.timeout.connect(self.rescore)

        # -- what to score, and on what terms ------------------------------------------------------
        self.open_folder_button = QPushButton("Open folder…")
        self.open_folder_button.clicked.connect(lambda _=False: self.open_folder_dialog())
        self.open_files_button = QPushButton("Open files…")
        self.open_files_button.clicked.connect(lambda _=False: self.open_files_dialog())
        self.date_mode = QComboBox()
        self.date_mode.addItem("Each memo's own date", "own")
        self.date_mode.addItem("One date for all:", "common")
        self.date_edit = QDateEdit()
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDateRange(QDate(2000, 1, 1), QDate(2099, 12, 31))
        self.date_edit.setDate(QDate.currentDate())
        self.date_edit.setEnabled(False)
        self.scenario_combo = QComboBox()
        self.scenario_combo.addItem("Each memo's own scenario", None)
        for sid, sc in builtin_scenarios().items():
            self.scenario_combo.addItem(f"All: {_scenario_label(sc)}", sid)
        self.date_mode.currentIndexChanged.connect(self._on_date_mode_changed)
        self.date_edit.dateChanged.connect(self._on_date_edit_changed)
        self.scenario_combo.currentIndexChanged.connect(self._on_scenario_combo_changed)
        self.export_button = QPushButton("Export CSV…")
        self.export_button.clicked.connect(lambda _=False: self.export_dialog())
        self.export_button.setEnabled(False)
        self.pdf_button = QPushButton("Export PDFs…")
        self.pdf_button.setToolTip(
            plain_tooltip(
                "One deal-memo PDF per scored memo, named from its file's name, into a folder you choose\n"
                "(the same files as `computecurve score FILES --pdf FOLDER`)."
            )
        )
        self.pdf_button.clicked.connect(lambda _=False: self.export_pdfs_dialog())
        self.pdf_button.setEnabled(False)
        top = QHBoxLayout()
        top.addWidget(self.open_folder_button)
        top.addWidget(self.open_files_button)
        top.addSpacing(18)
        top.addWidget(plain_label("Score on:"))
        top.addWidget(self.date_mode)
        top.addWidget(self.date_edit)
        top.addSpacing(8)
        top.addWidget(plain_label("Scenario:"))
        top.addWidget(self.scenario_combo, 1)
        top.addSpacing(18)
        top.addWidget(self.export_button)
        top.addWidget(self.pdf_button)

        # -- is this a fair comparison? --------------------------------------------------------------
        self.fairness = QFrame()
        self.fairness.setObjectName("fairnessBanner")
        self.fairness_icon = QLabel()
        self.fairness_text = plain_label()
        self.fairness_text.setObjectName("fairnessText")
        self.fairness_text.setWordWrap(True)
        self.fair_button = QPushButton("Compare fairly: one date and scenario for all")
        self.fair_button.clicked.connect(lambda _=False: self._on_fair_button_clicked())
        banner = QHBoxLayout(self.fairness)
        banner.setContentsMargins(10, 6, 10, 6)
        banner.addWidget(self.fairness_icon)
        banner.addWidget(self.fairness_text, 1)
        banner.addWidget(self.fair_button)
        self.fairness.hide()

        # -- progress ---------------------------------------------------------------------------------
        self.progress = QProgressBar()
        self.progress.setFormat("%v of %m memos")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(lambda _=False: self.cancel())
        self.progress_row = QWidget()
        row = QHBoxLayout(self.progress_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        self.progress_row.hide()

        # -- the table --------------------------------------------------------------------------------
        self.scores = ScoreTable(self)
        self.proxy = ScoreSortProxy(self)
        self.proxy.setSourceModel(self.scores.model)
        self.table = QTableView()
        self.table.setObjectName("scoreTable")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(QFontMetrics(self.font()).height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the scoring (file) order until a click
        self.table.setSortingEnabled(True)
        self.table.activated.connect(self._on_table_activated)
        self._size_columns()
        self._span_timer = QTimer(self)
        self._span_timer.setSingleShot(True)
        self._span_timer.timeout.connect(self._update_spans)
        self.proxy.layoutChanged.connect(lambda *_: self._span_timer.start(0))  # sorted

        # -- empty state, status and the verdict counts -----------------------------------------------
        self.empty = plain_label(
            "Open a folder of memos (File ▸ Score a folder of memos…, or Open folder… above), or drop memo "
            "files and folders here. Every *.json file is scored, as `computecurve score` does."
        )
        self.empty.setObjectName("batchEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status = plain_label()
        self.status.setObjectName("batchStatus")
        self.status.setWordWrap(True)
        self.counts = QWidget()
        self._count_labels: dict[Verdict | None, QLabel] = {}
        counts = QHBoxLayout(self.counts)
        counts.setContentsMargins(0, 0, 0, 0)
        for verdict in (*Verdict, None):
            chip = plain_label()
            if verdict is None:
                chip.setStyleSheet(
                    "QLabel { background: #777777; color: #ffffff; border-radius: 4px; padding: 2px 8px; }"
                )
            else:
                chip.setStyleSheet(
                    f"QLabel {{ background: {VERDICT_COLORS[verdict]}; color: {VERDICT_TEXT_COLORS[verdict]}; "
                    "border-radius: 4px; padding: 2px 8px; }"
                )
            self._count_labels[verdict] = chip
            counts.addWidget(chip)
        counts.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.fairness)
        layout.addWidget(self.progress_row)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.counts)
        layout.addWidget(self.status)
        self.table.hide()
        self.counts.hide()
        self.resize(1600, 860)
        self._show_state()

    def _update_spans(self) -> None:
        # Spans belong to view rows: re-laid after every insert and sort. Only the (few) error rows are mapped.
        self.table.clearSpans()
        for source_row in self.scores.error_rows:
            view_row = self.proxy.mapFromSource(self.scores.model.index(source_row, 0)).row()
            if view_row >= 0:
                self.table.setSpan(view_row, ERROR_SPAN[0], 1, ERROR_SPAN[1])

    def _size_columns(self) -> None:
        fm = QFontMetrics(self.table.font())
        for col, name in enumerate(SCORE_COLUMNS):
            title = max((fm.horizontalAdvance(t) for t in TITLES[name].split("\n")), default=0)
            self.table.setColumnWidth(col, max(title, fm.horizontalAdvance(WIDTH_SAMPLES[name])) + 26)

    # -- what the user asks for ------------------------------------------------------------------------

    @property
    def common_date(self) -> date | None:
        """The one date every memo is scored on, or None: each memo's own."""
        if self.date_mode.currentData() != "common":
            return None
        d = self.date_edit.date()
        return date(d.year(), d.month(), d.day())

    @property
    def common_scenario(self) -> DeclineScenario | None:
        """The one scenario every memo is scored under, or None: each memo's own."""
        sid = self.scenario_combo.currentData()
        return builtin_scenarios()[sid] if sid else None

    def set_common_date(self, day: date | None) -> None:
        """Score every memo on ``day`` (None: each on its own date); rescores."""
        self.date_mode.setCurrentIndex(0 if day is None else 1)
        if day is not None:
            self.date_edit.setDate(QDate(day.year, day.month, day.day))
        self._schedule_rescore()

    def set_common_scenario(self, scenario_id: str | None) -> None:
        """Score every memo under the built-in scenario ``scenario_id`` (None: each its own); rescores."""
        self.scenario_combo.setCurrentIndex(max(0, self.scenario_combo.findData(scenario_id)))
        self._schedule_rescore()

    def _on_date_mode_changed(self, _index: int) -> None:
        self.date_edit.setEnabled(self.date_mode.currentData() == "common")
        self._schedule_rescore()

    def _on_date_edit_changed(self, _d: QDate) -> None:
        if self.date_mode.currentData() == "common":
            self._schedule_rescore()

    def _on_scenario_combo_changed(self, _index: int) -> None:
        self._schedule_rescore()

    def _on_fair_button_clicked(self) -> None:
        if self.common_date is not None and self.common_scenario is not None:
            self.date_mode.setCurrentIndex(0)
            self.scenario_combo.setCurrentIndex(0)
        else:
            if self.common_date is None:
                self.date_mode.setCurrentIndex(1)
            if self.common_scenario is None:
                self.scenario_combo.setCurrentIndex(max(0, self.scenario_combo.findData("seed-rule")))
        self._schedule_rescore()

    def _schedule_rescore(self) -> None:
        self._show_state()
        if self._inputs:
            self._rescore_timer.start()

    # -- files -----------------------------------------------------------------------------------------

    def open_folder_dialog(self) -> None:
        start = str(self._inputs[0]) if self._inputs else ""
        folder = QFileDialog.getExistingDirectory(self, "Score a folder of memos", start)
        if folder:
            self.score([folder])

    def open_files_dialog(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, "Score memo files", "", "Compute Curve pitches (*.pitch.json *.json);;All files (*)"
        )
        if names:
            self.score(names)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.score(paths)

    # -- scoring (the worker) ----------------------------------------------------------------------------

    def score(self, paths: Sequence[str | os.PathLike[str]]) -> None:
        """Score ``paths`` (files, and every ``*.json`` under a folder, as ``computecurve score`` does)."""
        self._inputs = tuple(Path(p) for p in paths)
        self.rescore()

    def rescore(self) -> None:
        """Score the current files again on the current terms (cancelling a run under way)."""
        self._rescore_timer.stop()
        if self._job is not None:
            self._job.cancel.set()
        self._generation += 1
        root = self._inputs[0] if len(self._inputs) == 1 and self._inputs[0].is_dir() else None
        if root is None and self._inputs:
            try:
                root = Path(os.path.commonpath([str(p if p.is_dir() else p.parent) for p in self._inputs]))
            except ValueError:
                root = None
        job = _Job(self._generation, self._inputs, self.common_date, self.common_scenario, root)
        self._job = job
        self.scores.clear(root)
        self.progress.setRange(0, 0)  # busy until the folder has been listed
        self.progress.setValue(0)
        self.progress_row.show()
        self.cancel_button.setEnabled(True)
        self.export_button.setEnabled(False)
        self.pdf_button.setEnabled(False)
        self._show_state()
        job.thread = threading.Thread(target=self._work, args=(job,), name="score-memos", daemon=True)
        job.thread.start()

    def _work(self, job: _Job) -> None:
        # Worker thread: never touches a widget; hands rows over through queued signals.
        try:
            paths = expand_paths(job.inputs)
            job.total = len(paths)
            self._emit(self._started, job.generation, len(paths))
            batch: list[tuple[ScoreRow, list[QStandardItem]]] = []
            last = 0.0
            done = 0
            for path in paths:
                if job.cancel.is_set():
                    break
                row = self.score_one(path, as_of=job.as_of, scenario=job.scenario, catalog=self.catalog)
                batch.append((row, make_items(row, job.root)))
                done += 1
                time.sleep(0)  # hand the GIL over if the GUI thread is waiting for it
                now = time.perf_counter()
                if done == 1 or now - last >= CHUNK_SECONDS:
                    self._emit(self._chunk, job.generation, batch, done)
                    batch, last = [], now
            if batch:
                self._emit(self._chunk, job.generation, batch, done)
            self._emit(self._done, job.generation, job.cancel.is_set() and done < len(paths), "")
        except Exception as exc:  # listing the folder failed (or a bug): say so instead of hanging
            self._emit(self._done, job.generation, True, f"{type(exc).__name__}: {exc}")

    def _emit(self, signal: Any, *args: object) -> None:
        with contextlib.suppress(RuntimeError):  # the window has been deleted meanwhile
            signal.emit(*args)

    def _on_worker_started(self, generation: int, total: int) -> None:
        if generation != self._generation:
            return
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(0)
        self.scoring_started.emit(total)

    def _on_worker_chunk(
        self, generation: int, rows: list[tuple[ScoreRow, list[QStandardItem]]], done: int
    ) -> None:
        if generation != self._generation:
            return  # a superseded run
        self.scores.append(rows)
        if self.scores.error_rows:
            self._span_timer.start(0)
        self.progress.setValue(done)
        self._show_state()
        self.scoring_progress.emit(done, self._job.total if self._job else done)

    def _on_worker_done(self, generation: int, cancelled: bool, failure: str) -> None:
        if generation != self._generation or self._job is None:
            return
        job = self._job
        self._last_seconds = time.perf_counter() - job.started
        self._job = None
        self.progress_row.hide()
        self.export_button.setEnabled(self.scores.rowCount() > 0)
        self.pdf_button.setEnabled(any(r.evaluation is not None for r in self.rows))
        n = self.scores.rowCount()
        if failure:
            text = f"Scoring stopped: {failure}"
        elif cancelled:
            text = f"Cancelled: {n:,} of {job.total:,} memos scored."
        elif job.total == 0:
            text = "No memo files found (a folder is searched for *.json files)."
        else:
            text = f"Scored {n:,} memo{'s' * (n != 1)} in {self._last_seconds:.2f} s."
        self._show_state(text)
        self.scoring_finished.emit(cancelled)

    def cancel(self) -> None:
        """Stop the run under way; the memos scored so far stay in the table."""
        if self._job is not None:
            self._job.cancel.set()
            self.cancel_button.setEnabled(False)

    @property
    def running(self) -> bool:
        return self._job is not None

    def wait_done(self, timeout_ms: int = 60_000) -> None:
        """Process events until the run under way has finished (tests, screenshots)."""
        from PySide6.QtCore import QDeadlineTimer

        if self._rescore_timer.isActive():
            self.rescore()
        deadline = QDeadlineTimer(timeout_ms)
        while self._job is not None and not deadline.hasExpired():
            QApplication.processEvents()
            threading.Event().wait(0.002)
        QApplication.processEvents()

    @property
    def rows(self) -> list[ScoreRow]:
        """The scored rows in scoring order (the CSV's order, whatever the table's sort)."""
        return self.scores.rows

    @property
    def last_seconds(self) -> float:
        """How long the last finished run took."""
        return self._last_seconds

    # -- export -----------------------------------------------------------------------------------------

    def csv_text(self) -> str:
        """Exactly what ``computecurve score FILES --csv`` writes for these files, date and scenario."""
        return scores_csv(self.rows)

    def cli_command(self, csv_path: str = "scores.csv") -> str:
        """The command line that writes the same CSV."""
        parts = ["computecurve", "score", *(str(p) for p in self._inputs), "--csv", csv_path]
        if self.common_date is not None:
            parts += ["--as-of", self.common_date.isoformat()]
        if self.common_scenario is not None and self.common_scenario.id:
            parts += ["--scenario", self.common_scenario.id]
        return shlex.join(parts)

    def export_csv(self, path: str | os.PathLike[str]) -> None:
        """Write the CSV (atomically, as the command line does)."""
        atomic_write_bytes(path, self.csv_text().encode("utf-8"))

    def export_dialog(self) -> None:
        start = str((self.scores.root or Path.cwd()) / "scores.csv")
        name, _ = QFileDialog.getSaveFileName(
            self, "Export scores as CSV", start, "CSV files (*.csv);;All files (*)"
        )
        if not name:
            return
        try:
            self.export_csv(name)
        except OSError as exc:
            box = message_box(
                self, QMessageBox.Icon.Warning, "Cannot export", f"{name}: {exc.strerror or exc}"
            )
            box.exec()
            return
        set_plain(
            self.status,
            f"Wrote {len(self.rows):,} rows to {name}: the same file as\n{self.cli_command(name)}",
        )

    def export_pdfs(self, folder: str | os.PathLike[str]) -> int:
        """One PDF per scored memo into ``folder`` (rows with errors are skipped); returns the count."""
        from desktop.export import write_pitch_pdfs

        write_pitch_pdfs(self.rows, Path(folder))
        return sum(r.evaluation is not None for r in self.rows)

    def export_pdfs_dialog(self) -> None:
        start = str(self.scores.root or Path.cwd())
        folder = QFileDialog.getExistingDirectory(self, "Export one PDF per memo into", start)
        if not folder:
            return
        self.setCursor(Qt.CursorShape.WaitCursor)
        try:
            n = self.export_pdfs(folder)
        except (OSError, PitchError) as exc:
            box = message_box(self, QMessageBox.Icon.Warning, "Cannot export the PDFs", str(exc))
            box.exec()
            return
        finally:
            self.unsetCursor()
        set_plain(self.status, f"Wrote {n:,} deal-memo PDFs to {folder}.")

    # -- opening a memo ----------------------------------------------------------------------------------

    def _on_table_activated(self, index: QModelIndex) -> None:
        self.open_row(self.proxy.mapToSource(index).row())

    def open_row(self, row: int) -> bool:
        """Open the memo of model row ``row`` in the main window (which asks about unsaved changes)."""
        if self.main_window is None:
            return False
        ok = self.main_window.open_path(Path(self.scores.row(row).file))
        if ok:
            from desktop.window_controller import bring_to_front

            bring_to_front(self.main_window)
        return ok

    # -- drawing the state -------------------------------------------------------------------------------

    def _show_state(self, status: str | None = None) -> None:
        has_input = bool(self._inputs)
        self.empty.setVisible(not has_input)
        self.table.setVisible(has_input)
        rows = self.scores.rows
        if status is not None:
            set_plain(self.status, status)
        elif self._job is not None:
            set_plain(
                self.status, "Scoring… the table fills in as memos are scored; Cancel keeps what is done."
            )
        self._show_counts(rows)
        self._show_fairness(rows)

    def _show_counts(self, rows: list[ScoreRow]) -> None:
        self.counts.setVisible(bool(rows))
        counts = verdict_counts(rows)
        for verdict, chip in self._count_labels.items():
            n = counts[verdict]
            words = verdict.short if verdict is not None else "Could not be scored"
            set_plain(chip, f"{words}: {n:,}")
            chip.setVisible(n > 0 or verdict is not None)
        warned = sum(1 for r in rows if r.evaluation is not None and r.evaluation.warnings)
        self._count_labels[None].setToolTip(plain_tooltip(f"{warned} scored memo(s) have price warnings"))

    def _show_fairness(self, rows: list[ScoreRow]) -> None:
        if not self._inputs:
            self.fairness.hide()
            return
        self.fairness.show()
        day, scenario = self.common_date, self.common_scenario
        style = QApplication.style()
        if day is not None and scenario is not None:
            icon, color = QStyle.StandardPixmap.SP_DialogApplyButton, VERDICT_COLORS[Verdict.VIABLE_NOW]
            text = (
                f"Like for like: every memo is priced on {day.isoformat()} and projected under "
                f"“{_scenario_label(scenario)}”."
            )
            self.fair_button.setText("Use each memo's own date and scenario")
        else:
            seen = comparability(rows)
            mixed = []
            if day is None and len(seen.dates) > 1:
                mixed.append(f"priced on {len(seen.dates)} different dates")
            if scenario is None and len(seen.scenarios) > 1:
                mixed.append(f"projected under {len(seen.scenarios)} different decline scenarios")
            if mixed:
                icon, color = QStyle.StandardPixmap.SP_MessageBoxWarning, VERDICT_COLORS[Verdict.TWO_ORDERS]
                text = (
                    f"Not like for like: these memos are {' and '.join(mixed)}. A memo priced in 2023, or "
                    "under a faster decline, looks better or worse for that reason alone."
                )
            else:
                icon, color = QStyle.StandardPixmap.SP_MessageBoxInformation, "#3d6fd8"
                own = " and ".join(
                    w for w, on in (("date", day is None), ("decline scenario", scenario is None)) if on
                )
                text = (
                    f"Each memo is scored on its own {own} (so far they agree). For a like-for-like "
                    "comparison, choose one date and one scenario for all."
                )
            self.fair_button.setText("Compare fairly: one date and scenario for all")
        size = QFontMetrics(self.font()).height() + 4
        self.fairness_icon.setPixmap(style.standardIcon(icon).pixmap(size, size))
        set_plain(self.fairness_text, text)
        self.fairness.setStyleSheet(
            f"QFrame#fairnessBanner {{ border: 1px solid {color}; border-left: 5px solid {color}; "
            f"border-radius: 4px; background: {with_alpha(color, 28).name(QColor.NameFormat.HexArgb)}; }}"
        )

    # -- closing -------------------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop the worker (scoring a file takes milliseconds, so this returns at once)."""
        self._rescore_timer.stop()
        job, self._job = self._job, None
        if job is not None:
            job.cancel.set()
            if job.thread is not None:
                job.thread.join(timeout=5)
        self.progress_row.hide()


# --------------------------------------------------------------------------------------------------
# Wiring into the main window
# --------------------------------------------------------------------------------------------------


def examples_folder() -> Path:
    """The shipped example memos (the ``batch`` screenshot scores these and nothing else)."""
    return Path(str(resources.files("resources").joinpath("examples")))


class BatchController(WindowController):
    """Owns the main window's batch window (made on first use) and the File menu action."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window, "batchController", lambda: BatchWindow(window, window.catalog, window))

    def score_folder(self) -> None:
        """File ▸ Score a folder of memos…: the window, then the folder to score (cancel: an empty window)."""
        self.show().open_folder_dialog()

    def show_screenshot(self) -> None:
        """The ``batch`` screenshot: resources/examples scored, drawn over the main window."""
        w = self.show_over_main_window()
        w.score([examples_folder()])
        w.wait_done()


def controller_of(window: MainWindow) -> BatchController | None:
    """The batch controller ``install`` attached to ``window``."""
    return window.findChild(BatchController, "batchController")


def install(window: MainWindow) -> None:
    """Add File ▸ Score a folder of memos… (Ctrl+Shift+O) and the ``batch`` screenshot view."""
    controller = BatchController(window)
    action = QAction("Score a &folder of memos…", window)
    action.setShortcut(QKeySequence("Ctrl+Shift+O"))
    action.setStatusTip("Score every memo in a folder on one date and scenario; export the CSV")
    action.triggered.connect(lambda _=False: controller.score_folder())
    window.addAction(action)
    menu = window.menu("&File")
    actions = menu.actions()
    # Just above the separator before Quit, with the other ways of opening files.
    quit_at = next((i for i, a in enumerate(actions) if a.text().replace("&", "") == "Quit"), None)
    before = actions[quit_at - 1] if quit_at and actions[quit_at - 1].isSeparator() else None
    if before is not None:
        menu.insertAction(before, action)
    else:
        menu.addAction(action)
    window.register_view("batch", controller.show_screenshot)
