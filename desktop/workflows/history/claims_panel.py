"""The essay's claims: figures from the shipped examples and the history, holds or fails, and why.

The figures are :func:`core.claims.evaluate_claims`' (core's own reading of the examples); this panel lays
them out as plain text.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.catalog import PriceCatalog
from core.claims import ClaimResult, claim_holds, evaluate_claims
from desktop.safety import plain_label, plain_tooltip, set_plain
from desktop.theme import scaled_font
from desktop.workflows.history.common import FAILS_COLOR, HOLDS_COLOR, VERDICT_TEXT, FitRows


class ClaimsPanel(QWidget):
    """The essay's claims: figures from the shipped examples and the history, holds or fails, and why."""

    COLUMNS = ("Claim", "The essay says", "Figures", "Verdict", "How it is tested")

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
        self.summary = plain_label("")
        self.summary.setWordWrap(True)
        self.summary.setFont(scaled_font(self.font(), 1.2, bold=True))
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setStyleSheet("QTableWidget::item { padding: 4px 6px; }")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)
        FitRows(self.table)
        self.details = plain_label("Select a row to see the assumptions behind its figures.")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton("Open the example in the main window")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addStretch(1)
        layout.addLayout(row)

    def refresh(self) -> None:
        """Evaluate the claims (on first show: it loads the price catalog) and draw them."""
        self.show_claims(evaluate_claims(self._catalog))

    def show_claims(self, results: tuple[ClaimResult, ...]) -> None:
        self.results = results
        verdicts = claim_holds(results)
        held = [c for c, ok in verdicts.items() if ok]
        failed = [c for c, ok in verdicts.items() if not ok]
        set_plain(
            self.summary,
            "Under the shipped examples' stated assumptions and the bundled price history: "
            f"{', '.join(held) or 'none'} hold; {', '.join(failed) or 'none'} fail "
            "(a claim fails when one of its statements does).",
        )
        self.table.setRowCount(len(results))
        for i, r in enumerate(results):
            c = r.claim
            self._set(i, 0, c.title, c.source)
            self._set(i, 1, f"“{c.essay_text}”", c.source)
            self._set(i, 2, r.figures)
            verdict = QTableWidgetItem("Holds" if r.holds else "Fails")
            color = HOLDS_COLOR if r.holds else FAILS_COLOR
            verdict.setBackground(QBrush(QColor(color)))
            verdict.setForeground(QBrush(QColor(VERDICT_TEXT)))
            font = verdict.font()
            font.setBold(True)
            verdict.setFont(font)
            verdict.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.table.setItem(i, 3, verdict)
            self._set(i, 4, c.test, c.assumptions)
        self.table.resizeRowsToContents()
        if results and not self.table.selectedIndexes():
            self.table.selectRow(0)

    def _set(self, row: int, col: int, text: str, tooltip: str = "") -> None:
        item = QTableWidgetItem(text)
        if tooltip:
            item.setToolTip(plain_tooltip(tooltip))
        self.table.setItem(row, col, item)

    def _selected(self) -> ClaimResult | None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        return self.results[min(rows)] if rows else None

    def _on_table_selection_changed(self) -> None:
        r = self._selected()
        if r is None:
            return
        c = r.claim
        examples = (
            f" Examples: {', '.join(c.examples)}." if c.examples else " From the bundled price history."
        )
        set_plain(self.details, f"{c.title}: {c.test}\nAssumptions: {c.assumptions}{examples}")
        self.open_button.setEnabled(bool(c.examples) and self._open_example is not None)

    def _on_open_button_clicked(self) -> None:
        r = self._selected()
        if r is not None and r.claim.examples and self._open_example is not None:
            self._open_example(r.claim.examples[0])
