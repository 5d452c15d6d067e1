"""The compare set's numbers side by side: one row per pitch, formatted by :mod:`core.formatting`.

Cells show the tables' rule (``format_money``); tooltips the full values (``format_money_full``). The verdict
cell is the band's colour with its short words; its tooltip has the verdict with the pitch's own arrival
(contract section 3). A window that lies wholly before today says it has passed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from core.compare import CompareFigures
from core.formatting import (
    format_drop,
    format_iso,
    format_money,
    format_money_full,
    format_month,
    format_orders,
    format_percent,
)
from core.wording import arrival_passed, seed_rule_line, verdict_headline
from desktop.safety import plain_tooltip
from desktop.theme import VERDICT_COLORS, VERDICT_TEXT_COLORS
from desktop.workflows.compare.entries import CompareEntry

NOT_WITHIN = "not within 50 years"
COLUMNS = (
    "Pitch",
    "Verdict",
    "OOM",
    "Cost per\npaying\nuser-month",
    "Budget per\npaying\nuser-month",
    "Required\ndrop",
    "Arrival\nearliest",
    "Arrival\nlatest",
    "Monte Carlo\nP10–P90",
    "Top block",
    "As of",
    "Scenario",
)
# Each column's typical cell, and for the text columns the narrowest they may become (elided in the
# middle, whole in their tooltips) before the table scrolls sideways.
COLUMN_SAMPLES = (
    "x" * 34,
    "Beyond the horizon",
    "10.00",
    "$12,345.67",
    "$1,234.56",
    "1,000x",
    "not within 50 years",
    "not within 50 years (passed)",
    "Oct 2027 – May 2029",
    "Background understanding (63%)",
    "2026-11-26",
    "supply-constrained",
)
COLUMN_SHRINK = {
    0: "x" * 16,
    6: "Nov 2027",
    7: "Nov 2027 (passed)",
    8: "Oct 2027 – May 2029",
    9: "x" * 12,
    11: "seed-rule",
}

ERROR_SPAN = (2, len(COLUMNS) - 2)  # an entry that cannot be evaluated: its reason spans the number columns
ModelIndex = QModelIndex | QPersistentModelIndex
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class CompareTableModel(QAbstractTableModel):
    """The compare set's numbers side by side; full values in tooltips."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[CompareEntry] = []

    def show_entries(self, entries: Sequence[CompareEntry]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def refresh(self, entry: CompareEntry) -> None:
        if entry in self._entries:
            row = self._entries.index(entry)
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def entry(self, row: int) -> CompareEntry:
        return self._entries[row]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self._entries[index.row()]
        col = index.column()
        f = entry.figures
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(entry, f, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(self._tooltip(entry, f, col))
        if role == Qt.ItemDataRole.BackgroundRole and col == 1 and f is not None:
            return QColor(VERDICT_COLORS[f.verdict])
        if role == Qt.ItemDataRole.ForegroundRole and col == 1 and f is not None:
            return QColor(VERDICT_TEXT_COLORS[f.verdict])
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (2, 3, 4, 5) and f is not None:
            return _RIGHT
        return None

    @staticmethod
    def _today(entry: CompareEntry) -> date:
        return entry.analysis.today if entry.analysis is not None else date.today()

    @classmethod
    def _text(cls, entry: CompareEntry, f: CompareFigures | None, col: int) -> str:
        if col == 0:
            return entry.name
        if f is None:
            reason = entry.error.removeprefix(f"{entry.path}: ") if entry.path else entry.error
            return {1: "Cannot evaluate", ERROR_SPAN[0]: reason}.get(col, "")
        if col == 1:
            return f.verdict.short
        if col == 2:
            return format_orders(f.orders_of_magnitude)
        if col == 3:
            return format_money(f.cost_per_paying_user_month)
        if col == 4:
            return format_money(f.budget_per_user_month)
        if col == 5:
            return format_drop(f.required_drop, f.orders_of_magnitude)
        if col == 6:
            return format_month(f.arrival_earliest)
        if col == 7:
            assert entry.analysis is not None and entry.analysis.evaluation is not None
            passed = arrival_passed(entry.analysis.evaluation, cls._today(entry))
            return format_month(f.arrival_latest) + (" (passed)" if passed else "")
        if col == 8:
            if not f.simulated:
                return "simulating…"
            return f"{format_month(f.arrival_p10)} – {format_month(f.arrival_p90)}"
        if col == 9:
            if f.top_block_name is None or f.top_block_share is None:
                return "—"
            return f"{f.top_block_name} ({format_percent(f.top_block_share)})"
        if col == 10:
            return format_iso(f.as_of)
        return f.scenario_name

    @classmethod
    def _tooltip(cls, entry: CompareEntry, f: CompareFigures | None, col: int) -> str:
        if col == 0 or f is None:
            text = f"{entry.name}\n{entry.origin}"
            return text + (f"\n\nCannot evaluate: {entry.error}" if entry.error else "")
        assert entry.analysis is not None
        ev = entry.analysis.evaluation
        assert ev is not None
        if col == 1:
            return f"{verdict_headline(ev, cls._today(entry))}\n{seed_rule_line(ev.verdict)}"
        if col in (2, 5):
            return (
                f"orders of magnitude: {f.orders_of_magnitude!r}\nrequired drop: {f.required_drop!r}x "
                "(cost per paying user-month / budget)"
            )
        if col == 3:
            return (
                f"{format_money_full(f.cost_per_paying_user_month)} per paying user-month "
                f"({format_money_full(ev.cost_per_user_month)} per active user-month)"
            )
        if col == 4:
            return f"{format_money_full(f.budget_per_user_month)} per paying user-month for inference"
        if col in (6, 7):
            a = format_iso(f.arrival_earliest) or NOT_WITHIN
            b = format_iso(f.arrival_latest) or NOT_WITHIN
            s = ev.scenario
            text = (
                f"point-value arrival window: {a} (fast decline, {s.annual_decline_high:.4g}x a year) to "
                f"{b} (slow decline, {s.annual_decline_low:.4g}x a year)"
            )
            if arrival_passed(ev, cls._today(entry)):
                text += f"\nThe window has passed: it lies before today ({cls._today(entry).isoformat()})"
            return text
        if col == 8:
            mc = entry.uncertainty
            if mc is None:
                return "The Monte Carlo is running"
            return (
                f"Monte Carlo ({mc.samples:,} samples, seed {mc.seed}), not the point-value window:\n"
                f"P10 {format_iso(mc.arrival_p10) or NOT_WITHIN}, P50 {format_iso(mc.arrival_p50) or NOT_WITHIN}, "
                f"P90 {format_iso(mc.arrival_p90) or NOT_WITHIN}; {format_percent(mc.p_viable_now)} viable today"
            )
        if col == 9:
            if f.top_block_name is None:
                return "No block costs anything"
            return f"{f.top_block_name}: {format_percent(f.top_block_share or 0.0)} of the cost per active user-month"
        if col == 10:
            return f"prices taken on {format_iso(f.as_of)}"
        return f"{ev.scenario.name}\n{ev.scenario.source}"
