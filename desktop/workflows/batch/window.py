"""Score a folder of deal memos: one row per memo, sortable, coloured by verdict, exported as the CLI's CSV.

A VC opens a folder (or drops files) and gets what ``computecurve score FOLDER`` gives: the same rows,
the same columns (``core.scoring.SCORE_COLUMNS``), a bad file in its own row with the reason, and an
Export CSV that writes exactly the bytes ``computecurve score FOLDER --csv PATH`` writes for the same
date and scenario (``core.scoring.scores_csv``). Memos priced on different dates or under different
decline scenarios are not comparable; the window says so and offers, in one click, to score every memo
on one date and one scenario.

The scoring is the analysis service's (:meth:`~desktop.analysis_service.AnalysisService.score_files`): off
the GUI thread, its rows handed over in chunks, with a progress bar and a Cancel button; a new run replaces
the one under way. The deal-memo PDFs are made the same way: each memo analysed (with its Monte Carlo) in
the background, each page laid out on the GUI thread as its analysis arrives. Nothing here computes a number.
"""

from __future__ import annotations

import os
import shlex
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QFontMetrics,
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

from core.compare import verdict_counts
from core.pitch_io import atomic_write_bytes
from core.scenarios import DeclineScenario, builtin_scenarios
from core.scoring import SCORE_COLUMNS, ScoreRow, score_file, scores_csv
from core.verdict import Verdict
from desktop.analysis_service import FileAnalysis, ScoreProgress
from desktop.charts.common import with_alpha
from desktop.export.files import pdf_paths
from desktop.export.memo import memo_data
from desktop.export.pdf import MemoChart, pdf_bytes
from desktop.safety import message_box, plain_label, plain_tooltip, set_plain
from desktop.theme import VERDICT_COLORS, VERDICT_TEXT_COLORS
from desktop.workflow import WorkflowContext, bring_to_front
from desktop.workflows.batch.cells import (
    ERROR_SPAN,
    ScoreSortProxy,
    ScoreTable,
    make_items,
    scenario_label,
)
from desktop.workflows.batch.columns import column_widths
from desktop.workflows.batch.words import Fairness, fairness_words, finished_words, opened_words
from desktop.workflows.column_fit import ColumnFitter

SCORING_KEY = "batch"
PDF_KEY = "batch-pdfs"
ScoreOne = Callable[..., ScoreRow]


@dataclass
class _Job:
    inputs: tuple[Path, ...]
    as_of: date | None
    scenario: DeclineScenario | None
    root: Path | None  # file names are shown relative to this folder
    total: int = 0
    started: float = field(default_factory=time.perf_counter)


@dataclass
class _PdfJob:
    folder: Path
    paths: list[Path]
    chart: MemoChart
    written: int = 0
    failures: list[str] = field(default_factory=list)


class BatchWindow(QWidget):
    """A separate, non-modal window that scores many memo files on one date and scenario (or each its own)."""

    scoring_started = Signal(int)  # total files
    scoring_progress = Signal(int, int)  # done, total
    scoring_finished = Signal(bool)  # cancelled
    pdfs_finished = Signal(int)  # PDFs written

    def __init__(self, context: WorkflowContext) -> None:
        super().__init__(context.host, Qt.WindowType.Window)
        self.setObjectName("batchWindow")
        self.setWindowTitle("Score memos — Compute Curve")
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)  # closing the main window quits the app
        self.setAcceptDrops(True)
        self._context = context
        self._service = context.analysis
        self.score_one: ScoreOne = score_file  # tests swap in a slow fake
        self._job: _Job | None = None
        self._stopping = False  # the user pressed Cancel: the run ends after the memo being scored
        self._pdf_job: _PdfJob | None = None
        self._inputs: tuple[Path, ...] = ()
        self._last_seconds = 0.0
        self._service.scoring_progress.connect(self._on_service_scoring_progress)
        self._service.scoring_done.connect(self._on_service_scoring_done)
        self._service.scoring_failed.connect(self._on_service_scoring_failed)
        self._service.files_progress.connect(self._on_service_files_progress)
        self._service.files_done.connect(self._on_service_files_done)
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
        # Sized by the window, not by the longest scenario name (which alone would make it 1,600 px wide).
        self.scenario_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.scenario_combo.setMinimumContentsLength(24)
        self.scenario_combo.addItem("Each memo's own scenario", None)
        for sid, sc in builtin_scenarios().items():
            self.scenario_combo.addItem(f"All: {scenario_label(sc)}", sid)
        fm = self.scenario_combo.fontMetrics()
        names = (self.scenario_combo.itemText(i) for i in range(self.scenario_combo.count()))
        self.scenario_combo.view().setMinimumWidth(max(map(fm.horizontalAdvance, names)) + 40)  # names whole
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
        # A cut name keeps its head and its tail (variants differ in their tails); its tooltip has it whole.
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(QFontMetrics(self.font()).height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the scoring (file) order until a click
        self.table.setSortingEnabled(True)
        self.table.activated.connect(self._on_table_activated)
        # Every column on screen at 1366 px, text elided before the table scrolls sideways.
        self.columns = ColumnFitter(self.table, self._column_widths)
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
        # One price catalog for every row (the usual case): said once here, its column hidden.
        self.catalog_note = plain_label()
        self.catalog_note.setObjectName("batchCatalog")
        counts.addWidget(self.catalog_note)

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

    def _column_widths(self, room: int) -> list[int]:
        """The columns for what the rows hold (:mod:`desktop.workflows.batch.columns`): an Error column with
        no error, or a Warnings column with no warning, is as wide as its title."""
        rows = self.scores.rows
        hidden = {name for col, name in enumerate(SCORE_COLUMNS) if self.table.isColumnHidden(col)}
        empty = set()
        if rows and not self.scores.error_rows:
            empty.add("error")
        if rows and not any(r.notes or (r.evaluation is not None and r.evaluation.warnings) for r in rows):
            empty.add("warnings")
        return column_widths(self.table.font(), room, hidden, empty)

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
        """Score the current files again on the current terms (replacing a run under way)."""
        self._rescore_timer.stop()
        root = self._inputs[0] if len(self._inputs) == 1 and self._inputs[0].is_dir() else None
        if root is None and self._inputs:
            try:
                root = Path(os.path.commonpath([str(p if p.is_dir() else p.parent) for p in self._inputs]))
            except ValueError:
                root = None
        job = _Job(self._inputs, self.common_date, self.common_scenario, root)
        self._job = job
        self._stopping = False
        self.scores.clear(root)
        self.progress.setRange(0, 0)  # busy until the folder has been listed
        self.progress.setValue(0)
        self.progress_row.show()
        self.cancel_button.setEnabled(True)
        self.export_button.setEnabled(False)
        self.pdf_button.setEnabled(False)
        self._show_state()
        today = self._service.today()
        self._service.score_files(
            SCORING_KEY,
            job.inputs,
            as_of=job.as_of,
            scenario=job.scenario,
            per_row=lambda row: make_items(row, root, today),
            score=self.score_one,
        )

    def _on_service_scoring_progress(self, key: object, progress: ScoreProgress) -> None:
        if key != SCORING_KEY or self._job is None:
            return
        job = self._job
        if job.total != progress.total or self.progress.maximum() == 0:
            job.total = progress.total
            self.progress.setRange(0, max(progress.total, 1))
            self.scoring_started.emit(progress.total)
        if progress.rows:
            self.scores.append(list(progress.rows))
            if self.scores.error_rows:
                self._span_timer.start(0)
        self.progress.setValue(progress.done)
        self._show_state()
        self.scoring_progress.emit(progress.done, job.total)

    def _on_service_scoring_done(self, key: object, _count: int) -> None:
        if key == SCORING_KEY and self._job is not None:
            self._finish(cancelled=self._stopping)

    def _on_service_scoring_failed(self, key: object, reason: str) -> None:
        if key == SCORING_KEY and self._job is not None:
            self._finish(cancelled=True, failure=reason)

    def _finish(self, *, cancelled: bool, failure: str = "") -> None:
        job = self._job
        assert job is not None
        self._last_seconds = time.perf_counter() - job.started
        self._job = None
        self.progress_row.hide()
        self.export_button.setEnabled(self.scores.rowCount() > 0)
        self.pdf_button.setEnabled(any(r.evaluation is not None for r in self.rows))
        failed = len(self.scores.error_rows)
        scored = self.scores.rowCount() - failed
        text = finished_words(
            job.total, scored, failed, cancelled=cancelled, seconds=self._last_seconds, failure=failure
        )
        if cancelled:
            self._stopping = False
        self._show_state(text)
        self.columns.fit()  # the columns for what the rows hold
        self.scoring_finished.emit(cancelled)

    def cancel(self) -> None:
        """Stop the run under way after the memo being scored; the memos scored so far stay in the table."""
        if self._job is not None and not self._stopping:
            self._stopping = True
            self.cancel_button.setEnabled(False)
            self._service.stop_scoring(SCORING_KEY)

    @property
    def running(self) -> bool:
        return self._job is not None

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
        """Start writing one PDF per scored memo into ``folder`` (rows with errors are skipped), named from
        each file's name; returns how many will be written (:attr:`pdfs_finished` says when they are).

        Each memo is analysed with its Monte Carlo in the background; its page is laid out here, as its
        analysis arrives.
        """
        good = [r for r in self.rows if r.evaluation is not None]
        target = Path(folder)
        target.mkdir(parents=True, exist_ok=True)
        if self._pdf_job is not None:
            self._end_pdfs()
        self._pdf_job = _PdfJob(target, pdf_paths([r.file for r in good], target), MemoChart())
        files = [(r.file, r.evaluation.as_of, r.evaluation.scenario) for r in good if r.evaluation]
        self._service.analyse_files(PDF_KEY, files, must_change=True)
        self.pdf_button.setEnabled(False)
        set_plain(self.status, f"Writing {len(good):,} deal-memo PDFs to {target}…")
        if not good:
            QTimer.singleShot(0, self._end_pdfs)
        return len(good)

    def _on_service_files_progress(self, key: object, result: FileAnalysis) -> None:
        job = self._pdf_job
        if key != PDF_KEY or job is None:
            return
        analysis = result.analysis
        if analysis is None or not analysis.ok:
            job.failures.append(f"{result.file}: {result.error or 'cannot be evaluated'}")
            return
        try:
            atomic_write_bytes(
                job.paths[result.index], pdf_bytes(memo_data(analysis, result.must_change), chart=job.chart)
            )
        except OSError as exc:
            job.failures.append(f"{job.paths[result.index]}: {exc.strerror or exc}")
            return
        job.written += 1

    def _on_service_files_done(self, key: object) -> None:
        if key == PDF_KEY and self._pdf_job is not None:
            self._end_pdfs()

    def _end_pdfs(self) -> None:
        job, self._pdf_job = self._pdf_job, None
        if job is None:
            return
        job.chart.close()
        self.pdf_button.setEnabled(any(r.evaluation is not None for r in self.rows))
        text = f"Wrote {job.written:,} deal-memo PDFs to {job.folder}."
        if job.failures:
            text += f" {len(job.failures)} could not be written: " + "; ".join(job.failures[:3])
        set_plain(self.status, text)
        self.pdfs_finished.emit(job.written)

    @property
    def writing_pdfs(self) -> bool:
        return self._pdf_job is not None

    def export_pdfs_dialog(self) -> None:
        start = str(self.scores.root or Path.cwd())
        folder = QFileDialog.getExistingDirectory(self, "Export one PDF per memo into", start)
        if not folder:
            return
        try:
            self.export_pdfs(folder)
        except OSError as exc:
            box = message_box(self, QMessageBox.Icon.Warning, "Cannot export the PDFs", f"{folder}: {exc}")
            box.exec()

    # -- opening a memo ----------------------------------------------------------------------------------

    def _on_table_activated(self, index: QModelIndex) -> None:
        self.open_row(self.proxy.mapToSource(index).row())

    def open_row(self, row: int) -> bool:
        """Open the memo of model row ``row`` in the main window (which asks about unsaved changes).

        The memo opens as written: at its own date and scenario, its own models, the file untouched. When
        the batch scored it on other terms (one date and scenario for all, models priced like for like), the
        main window's numbers differ from the row's, and both windows say why.
        """
        scored = self.scores.row(row)
        ok = self._context.open_file(Path(scored.file))
        if ok:
            note = opened_words(scored, self._context.document.pitch, self._service.today())
            if note:
                set_plain(self.status, note)
                self._context.show_status(note)
            bring_to_front(self._context.host)
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
        versions = sorted({r.evaluation.catalog_version for r in rows if r.evaluation is not None})
        one = len(versions) <= 1
        col = SCORE_COLUMNS.index("catalog_version")
        if self.table.isColumnHidden(col) != one:
            self.table.setColumnHidden(col, one)
        set_plain(self.catalog_note, f"Prices: {versions[0]}" if one and versions else "")
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
        kind, text = fairness_words(rows, self.common_date, self.common_scenario)
        icon, color = {
            Fairness.FAIR: (QStyle.StandardPixmap.SP_DialogApplyButton, VERDICT_COLORS[Verdict.VIABLE_NOW]),
            Fairness.MIXED: (QStyle.StandardPixmap.SP_MessageBoxWarning, VERDICT_COLORS[Verdict.TWO_ORDERS]),
            Fairness.AGREE: (QStyle.StandardPixmap.SP_MessageBoxInformation, "#3d6fd8"),
        }[kind]
        self.fair_button.setText(
            "Use each memo's own date and scenario"
            if kind is Fairness.FAIR
            else "Compare fairly: one date and scenario for all"
        )
        style = QApplication.style()
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
        """Stop the work under way (the window or the app is closing)."""
        self._rescore_timer.stop()
        if self._job is not None:
            self._service.cancel_scoring(SCORING_KEY)
            self._job = None
        if self._pdf_job is not None:
            self._service.background.cancel(("files", PDF_KEY))
            self._end_pdfs()
        self.progress_row.hide()
