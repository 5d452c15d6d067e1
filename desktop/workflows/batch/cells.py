"""The batch table's cells: made on the worker thread with each scored row, so painting runs no Python.

The table is a QStandardItemModel: its items are plain C++ values, built with the row on the worker thread
(the analysis service's scoring job calls :func:`make_items` for each row). A Python model's data() would be
called thousands of times a paint, each call waiting for the GIL that the scoring thread holds; with items,
painting never enters Python and the window stays responsive however many memos are being scored.

On-screen cells are :mod:`core.formatting`'s (tables: ``format_money``); tooltips show full values
(``format_money_full``); the CSV has the raw ones. The cost beside the budget is per paying user; the cost
per active user is labelled so (contract section 3).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QStyle

from core.formatting import (
    format_csv_number,
    format_drop,
    format_iso,
    format_money,
    format_money_full,
    format_month,
    format_orders,
)
from core.scenarios import DeclineScenario
from core.scoring import SCORE_COLUMNS, ScoreRow
from core.verdict import Verdict
from core.wording import arrival_passed, seed_rule_line, verdict_headline
from desktop.charts.common import with_alpha
from desktop.safety import plain_tooltip
from desktop.theme import VERDICT_COLORS, VERDICT_TEXT_COLORS

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ALPHA = 55  # the row tint of a verdict's colour (the verdict cell itself is solid)

TITLES = {
    "file": "File",
    "name": "Name",
    "as_of": "As of",
    "scenario": "Scenario",
    "cost_per_user_month": "Cost per\nactive\nuser-month",
    "cost_per_paying_user_month": "Cost per\npaying\nuser-month",
    "budget_per_user_month": "Budget per\npaying\nuser-month",
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
    "budget_per_user_month": "$1,234.56",
    "required_drop": "1,000x",
    "orders_of_magnitude": "10.00",
    "verdict": "Beyond the horizon",
    "arrival_earliest": "Sep 2027",
    "arrival_latest": "not within 50 years",
    "catalog_version": "genai-prices",
    "warnings": "x" * 30,
    "error": "x" * 40,
}
MONEY_COLUMNS = frozenset({"cost_per_user_month", "cost_per_paying_user_month", "budget_per_user_month"})
NUMBER_COLUMNS = MONEY_COLUMNS | {"required_drop", "orders_of_magnitude"}
# A memo that could not be scored: its reason spans the columns from the name to the latest arrival, where
# its numbers would be (the table's own error column, at the far right, has it too).
ERROR_SPAN = (
    SCORE_COLUMNS.index("name"),
    SCORE_COLUMNS.index("arrival_latest") - SCORE_COLUMNS.index("name") + 1,
)
ModelIndex = QModelIndex | QPersistentModelIndex
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
# Shared colours (value types, safe to use on the worker thread).
_ROW_TINTS = {v: with_alpha(c, ROW_ALPHA) for v, c in VERDICT_COLORS.items()}
_VERDICT_FILLS = {v: QColor(c) for v, c in VERDICT_COLORS.items()}
_VERDICT_INKS = {v: QColor(c) for v, c in VERDICT_TEXT_COLORS.items()}
_ERROR_TINT = with_alpha("#888888", 45)
_UNITS = {
    "cost_per_user_month": " per active user-month",
    "cost_per_paying_user_month": " per paying user-month",
    "budget_per_user_month": " per paying user-month for inference",
}


def scenario_label(s: DeclineScenario) -> str:
    return f"{s.name} ({s.id})"


def _file_text(row: ScoreRow, root: Path | None) -> str:
    if root is not None:
        try:
            return os.path.relpath(row.file, root)
        except ValueError:  # another drive (Windows)
            pass
    return row.file


def _reason(row: ScoreRow) -> str:
    return row.error.removeprefix(f"{row.file}: ")


def cell_text(
    row: ScoreRow, cells: dict[str, object], column: str, root: Path | None = None, today: date | None = None
) -> str:
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
    if column in MONEY_COLUMNS:
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
        passed = arrival_passed(ev, today or date.today())
        return format_month(ev.arrival.latest) + (" (passed)" if passed else "")
    if column == "warnings":
        lines = [*fair_words(row), *ev.warnings]
        if not lines:
            return ""
        more = f" (+{len(lines) - 1} more)" if len(lines) > 1 else ""
        return lines[0] + more
    return str(cells[column] or "")


def fair_words(row: ScoreRow) -> list[str]:
    """What pricing like for like on a common date did to the memo, in short (``core.replay.like_for_like``):
    ``Like for like: openai:gpt-4 → openai:gpt-5-nano, openai:gpt-oss-120b``; a model of unknown capability
    kept at its own price. The row's notes (the CSV's words) are the tooltip's."""
    replaced: dict[str, list[str]] = {}
    kept: list[str] = []
    for change in row.changes:
        if change.substitute is not None and change.model is not None:
            subs = replaced.setdefault(change.model, [])
            if change.substitute.catalog_id not in subs:
                subs.append(change.substitute.catalog_id)
        elif change.model is not None and change.model not in kept:
            kept.append(change.model)
    words = []
    if replaced:
        words.append("Like for like: " + "; ".join(f"{m} → {', '.join(s)}" for m, s in replaced.items()))
    if kept:
        words.append(f"Kept at its own price (capability unknown): {', '.join(kept)}")
    return words


def replaced_models(row: ScoreRow) -> int:
    """How many blocks of the memo were priced at another model like for like."""
    return sum(1 for c in row.changes if c.replaced)


def cell_tooltip(row: ScoreRow, cells: dict[str, object], column: str, today: date | None = None) -> str:
    """A cell's tooltip: full precision, full warnings, the full reason (plain text)."""
    ev = row.evaluation
    if column == "file":
        return f"{row.file}\nDouble-click or Enter: open it in the main window"
    if column == "error" or ev is None:
        return f"Could not be scored:\n{row.error}" if row.error else ""
    if column == "name" and ev.warnings:
        return f"{ev.name}\n\n{len(ev.warnings)} warning(s):\n" + "\n".join(f"• {w}" for w in ev.warnings)
    if column in MONEY_COLUMNS:
        value = cells[column]
        assert isinstance(value, float)
        return format_money_full(value) + _UNITS[column]
    if column in NUMBER_COLUMNS:
        value = cells[column]
        unit = "x cheaper inference needed" if column == "required_drop" else " orders of magnitude"
        shown = "null (the pitch costs nothing)" if not isinstance(value, float) else format_csv_number(value)
        return shown + unit
    if column == "verdict":
        return f"{verdict_headline(ev, today or date.today())}\n{seed_rule_line(ev.verdict)}"
    if column in ("arrival_earliest", "arrival_latest"):
        day = ev.arrival.earliest if column == "arrival_earliest" else ev.arrival.latest
        speed = "fast" if column == "arrival_earliest" else "slow"
        return f"{format_iso(day) or 'not within 50 years'} (at the scenario's {speed} decline)"
    if column == "scenario":
        s = ev.scenario
        return f"{s.name}: prices fall {s.annual_decline_low:.4g}x to {s.annual_decline_high:.4g}x a year\n{s.source}"
    if column == "warnings":
        if not ev.warnings and not row.notes:
            return "No warnings"
        parts = []
        if row.notes:
            parts.append(
                "Priced like for like on the batch's date (the cheapest model of at least the block's "
                "capability then):\n" + "\n".join(f"• {n}" for n in row.notes)
            )
        if ev.warnings:
            parts.append(f"{len(ev.warnings)} warning(s):\n" + "\n".join(f"• {w}" for w in ev.warnings))
        return "\n\n".join(parts)
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
        return float(len(ev.warnings) + len(row.notes))
    value = cells[column]
    return value if isinstance(value, float) else str(value or "").casefold()


def make_items(row: ScoreRow, root: Path | None, today: date | None = None) -> list[QStandardItem]:
    """The table cells of one row (safe on a worker thread: no icon, font or widget is touched)."""
    cells = row.cells()
    ev = row.evaluation
    items = []
    tint = _ERROR_TINT if ev is None else _ROW_TINTS[ev.verdict]
    for column in SCORE_COLUMNS:
        item = QStandardItem(cell_text(row, cells, column, root, today))
        item.setData(plain_tooltip(cell_tooltip(row, cells, column, today)), Qt.ItemDataRole.ToolTipRole)
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
        self._info_icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)

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
            elif row.changes:
                items[warnings_col].setIcon(self._info_icon)
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
