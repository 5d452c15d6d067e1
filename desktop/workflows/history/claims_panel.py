"""The essay's claims C1-C10: what the app computes, the essay's figure, holds / fails / depends, and when.

Everything here is :func:`core.claims.evaluate_claims`' (the same results as ``computecurve claims``), laid
out as plain text. Each claim has a row: its title, the essay's figure, what the app computes, its verdict
(the band's colour with its word beside it: Holds green, Depends amber, Fails red) and the condition under
which it holds (the interval of its key assumption). A claim the essay's words leave ambiguous (C5's "$3/MTok"
as an input or an output price, C8's 60x as a drop or a floor), or one made of several statements, has a row
under it for each reading or statement, with its own figures, verdict and condition.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.catalog import PriceCatalog
from core.claim_verdicts import ClaimVerdict, Reading, claim_verdicts
from core.claims import ClaimResult, evaluate_claims
from desktop.safety import plain_label, plain_tooltip, set_plain
from desktop.theme import scaled_font
from desktop.workflows.history.common import VERDICT_CHIPS, FitRows

NO_CONDITION = "none to vary (each statement is checked against its source)"  # as `computecurve claims`
WORDS = {ClaimVerdict.HOLDS: "Holds", ClaimVerdict.DEPENDS: "Depends", ClaimVerdict.FAILS: "Fails"}


@dataclass(frozen=True)
class ClaimRow:
    """What one table row shows: a claim (``reading`` None) or one of its readings or statements."""

    claim: int  # index into the results
    reading: int | None = None


def readings_summary(result: ClaimResult) -> str:
    """The claim row's computation when its readings have rows of their own: how they came out."""
    readings = result.readings
    statements = [r for r in readings if r.statement]
    alternatives = [r for r in readings if not r.statement]
    parts = []
    for group, noun, rule in (
        (alternatives, "reading", "read"),
        (statements, "statement", "made of"),
    ):
        if not group:
            continue
        counts = [
            f"{sum(1 for r in group if r.verdict is v)} {WORDS[v].lower()}"
            for v in ClaimVerdict
            if any(r.verdict is v for r in group)
        ]
        n = len(group)
        if rule == "read":
            parts.append(f"Read {n} ways (below): {', '.join(counts)}")
        else:
            parts.append(f"{n} {noun}s (below), each must hold: {', '.join(counts)}")
    return "; ".join(parts) + "."


def reading_label(reading: Reading) -> str:
    return f"↳ {'statement' if reading.statement else 'reading'}: {reading.name}"


class ClaimsPanel(QWidget):
    """The essay's claims with their verdicts, conditions and readings (module docstring)."""

    COLUMNS = ("Claim", "The essay says", "The app computes", "Verdict", "Holds when")

    def __init__(
        self,
        catalog: PriceCatalog,
        open_example: Callable[[str], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._open_example = open_example
        self.results: tuple[ClaimResult, ...] = ()
        self.rows: list[ClaimRow] = []
        self.summary = plain_label("")
        self.summary.setWordWrap(True)
        self.summary.setFont(scaled_font(self.font(), 1.15, bold=True))
        self.basis = plain_label("")
        self.basis.setWordWrap(True)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("claimsTable")
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.table.horizontalHeader()
        for col in range(len(self.COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self._viewport = self.table.viewport()  # compared, never called, in eventFilter (it may be going)
        self._viewport.installEventFilter(self)
        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)
        FitRows(self.table)
        self.details = plain_label("Select a row to see how the claim is tested and what its figures assume.")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton("Open the example in the main window")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.basis)
        layout.addWidget(self.table, 1)
        # How the selected claim is tested: at most five lines on screen (scrolled), the claims keep the room.
        self.details_area = QScrollArea()
        self.details_area.setWidget(self.details)
        self.details_area.setWidgetResizable(True)
        self.details_area.setFrameShape(QFrame.Shape.NoFrame)
        self.details_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.details_area.setMaximumHeight(self.fontMetrics().lineSpacing() * 5 + 6)
        layout.addWidget(self.details_area)
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addStretch(1)
        layout.addLayout(row)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._viewport and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return False

    def _fit_columns(self) -> None:
        """The computed figures get the most room, the condition next; the verdict is as wide as "Depends"."""
        room = self.table.viewport().width()
        verdict = self.table.fontMetrics().horizontalAdvance("Depends") + 40
        rest = max(room - verdict, 400)
        for col, share in ((0, 0.2), (1, 0.15), (2, 0.37)):
            self.table.setColumnWidth(col, int(rest * share))
        self.table.setColumnWidth(3, verdict)

    def refresh(self) -> None:
        """Evaluate the claims (on first show: it loads the price catalog) and draw them."""
        self.show_claims(evaluate_claims(self._catalog))

    # -- model -> view ----------------------------------------------------------------------------
    def show_claims(self, results: tuple[ClaimResult, ...]) -> None:
        self.results = results
        verdicts = claim_verdicts(results)
        groups = [
            f"{WORDS[v]}: {', '.join(ids)}"
            for v in (ClaimVerdict.HOLDS, ClaimVerdict.DEPENDS, ClaimVerdict.FAILS)
            if (ids := [k for k, w in verdicts.items() if w is v])
        ]
        set_plain(self.summary, " · ".join(groups))
        set_plain(
            self.basis,
            "Under the shipped examples' stated usage, the bundled price history and the price catalog "
            f"({self._catalog.version}). A claim that depends holds only under the condition beside it; a "
            "claim the essay's words leave open is shown under each reading, a claim of several statements "
            "under each statement.",
        )
        self.rows = []
        for i, r in enumerate(results):
            self.rows.append(ClaimRow(i))
            if len(r.readings) > 1:
                self.rows += [ClaimRow(i, k) for k in range(len(r.readings))]
        self.table.setRowCount(len(self.rows))
        bold = QFont(self.table.font())
        bold.setBold(True)
        for row, where in enumerate(self.rows):
            r = results[where.claim]
            c = r.claim
            if where.reading is None:
                self._set(row, 0, f"{c.id}  {c.title}", c.source, font=bold)
                self._set(row, 1, c.essay_figure, f"“{c.essay_text}”\n({c.source})")
                computed = readings_summary(r) if len(r.readings) > 1 else r.figures
                self._set(row, 2, computed)
                self._set_verdict(row, r.verdict)
                self._set(row, 4, r.condition_text or NO_CONDITION)
            else:
                reading = r.readings[where.reading]
                self._set(row, 0, reading_label(reading))
                self._set(row, 1, "")
                self._set(row, 2, reading.figures)
                self._set_verdict(row, reading.verdict)
                self._set(row, 4, reading.condition.text() if reading.condition is not None else "")
        self.table.resizeRowsToContents()
        if results and not self.table.selectedIndexes():
            self.table.selectRow(0)

    def _set(self, row: int, col: int, text: str, tooltip: str = "", font: QFont | None = None) -> None:
        item = QTableWidgetItem(text)  # a table item's text is plain text
        item.setToolTip(plain_tooltip(tooltip or text))
        if font is not None:
            item.setFont(font)
        item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.table.setItem(row, col, item)

    def _set_verdict(self, row: int, verdict: ClaimVerdict) -> None:
        fill, ink = VERDICT_CHIPS[verdict.value]
        item = QTableWidgetItem(WORDS[verdict])
        item.setBackground(QBrush(QColor(fill)))
        item.setForeground(QBrush(QColor(ink)))
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        self.table.setItem(row, 3, item)

    # -- selection and opening ---------------------------------------------------------------------
    def _selected(self) -> ClaimResult | None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        return self.results[self.rows[min(rows)].claim] if rows else None

    def _on_table_selection_changed(self) -> None:
        r = self._selected()
        if r is None:
            return
        c = r.claim
        examples = (
            f" Examples: {', '.join(c.examples)}." if c.examples else " From the bundled price history."
        )
        set_plain(self.details, f"{c.id} {c.title}: {c.test}\nAssumptions: {c.assumptions}{examples}")
        self.open_button.setEnabled(bool(c.examples) and self._open_example is not None)

    def _on_open_button_clicked(self) -> None:
        r = self._selected()
        if r is not None and r.claim.examples and self._open_example is not None:
            self._open_example(r.claim.examples[0])
