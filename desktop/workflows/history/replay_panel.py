"""Replay: price the pitch as it would have been on a past day, with substitutes for models not yet out.

Pick a day back to 2021; every block is priced as it would have been then (``core.replay``). A block whose
model did not exist yet gets substitutes **by capability** (the cheapest model of the day of at least its
model's capability, or meeting the block's requirement) with their prices then, and a button that applies
one to the document as one undo step ("Replay at 2023-03-14: use openai:gpt-4 for Chat"). When none existed,
or the model's capability is unknown, the row says so in core's words (``BlockReplay.reason``). The summary's numbers are
the analysis service's (a keyed request for the replayed pitch; the current analysis for the pitch's own
date): nothing here evaluates a pitch. A hidden panel redraws when it is shown again.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QSignalBlocker, Qt
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.analysis import Analysis
from core.catalog import PriceCatalog
from core.formatting import format_money, needs_sentence
from core.history import price_history
from core.history_analysis import ESSAY_DATE, GPT4_LAUNCH
from core.replay import (
    BlockReplay,
    Substitute,
    capability_target,
    replay_blocks,
    replay_text,
    replayed,
)
from core.wording import cost_vs_budget
from desktop.analysis_service import AnalysisService
from desktop.document import PitchDocument
from desktop.error_words import problems_text
from desktop.safety import plain_label, plain_tooltip, set_plain
from desktop.theme import scaled_font
from desktop.workflows.history.common import FAILS_COLOR, FitRows

REPLAY_MIN = QDate(
    2021, 1, 1
)  # the history's first row is 2021-11-18; earlier days show that nothing existed
PRESETS = (
    ("GPT-4 launch", GPT4_LAUNCH),
    ("GPT-4o launch", date(2024, 5, 13)),
    ("Essay's date", ESSAY_DATE),
)


def _price_text(inp: float, out: float) -> str:
    return f"{format_money(inp)}/{format_money(out)} per M tokens"


class ReplayPanel(QWidget):
    """Replays the document's pitch at a past date and offers substitutes for models that did not exist."""

    COLUMNS = ("Block", "Model", "Price on the day", "Use instead", "Its price then", "Why", "")

    def __init__(
        self,
        document: PitchDocument,
        service: AnalysisService,
        catalog: PriceCatalog,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._document = document
        self._service = service
        self._catalog = catalog
        self._stale = True
        self.day = GPT4_LAUNCH
        self.rows: tuple[BlockReplay, ...] = ()
        self.choices: dict[int, int] = {}  # block index -> chosen substitute's index
        self.combos: dict[int, QComboBox] = {}
        self.apply_buttons: dict[int, QPushButton] = {}

        days = [r.price_date for r in price_history()]
        intro = plain_label(
            "Price this pitch as it would have been on a past day, from the bundled price history "
            f"({min(days).isoformat()} to {max(days).isoformat()}) and genai-prices. A model that did not "
            "exist yet gets a substitute that did: apply it to the pitch in one undo step."
        )
        intro.setWordWrap(True)
        self.date_edit = QDateEdit()
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDateRange(REPLAY_MIN, QDate.currentDate())
        self.date_edit.setAccessibleName("Replay date")
        self.date_edit.setDate(QDate(self.day.year, self.day.month, self.day.day))
        self.date_edit.dateChanged.connect(self._on_date_edit_date_changed)
        row = QHBoxLayout()
        row.addWidget(plain_label("Replay at"))
        row.addWidget(self.date_edit)
        for text, day in PRESETS:
            b = QToolButton()
            b.setText(f"{text} ({day.isoformat()})")
            b.clicked.connect(lambda _=False, d=day: self._on_preset_clicked(d))
            row.addWidget(b)
        row.addStretch(1)
        self.summary = plain_label("")
        self.summary.setWordWrap(True)
        self.summary.setFont(scaled_font(self.font(), 1.3, bold=True))
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for col, mode in enumerate(
            (
                QHeaderView.ResizeMode.ResizeToContents,
                QHeaderView.ResizeMode.ResizeToContents,
                QHeaderView.ResizeMode.Stretch,
                QHeaderView.ResizeMode.Interactive,  # a combo box, or the start of a "no substitute" reason
                QHeaderView.ResizeMode.ResizeToContents,
                QHeaderView.ResizeMode.Stretch,
                QHeaderView.ResizeMode.ResizeToContents,
            )
        ):
            header.setSectionResizeMode(col, mode)
        FitRows(self.table)
        self.apply_all = QPushButton("Apply every suggestion and the date")
        self.apply_all.clicked.connect(self._on_apply_all_clicked)
        self.date_only = QPushButton("Only set the pitch's date")
        self.date_only.clicked.connect(self._on_date_only_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.apply_all)
        buttons.addWidget(self.date_only)
        buttons.addStretch(1)
        self.note = plain_label(
            "Substitutes by capability, never by name: a model released and priced on the day that meets the "
            "block's requirement, or that scores at least as high as the block's model on every benchmark they "
            "share (resources/capability.csv), the cheapest for this block's own calls first. When none existed "
            "the row says so; a model with no published score has an unknown capability and gets no substitute "
            "(give the block a requirement to match). The history has no retirement dates: a model retired by "
            "then may still be offered. A model of unknown release date is priced on any date: such blocks are "
            "marked and offered substitutes too."
        )
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.note)
        document.pitch_changed.connect(self._on_document_pitch_changed)

    # -- model -> view ----------------------------------------------------------------------------
    def set_day(self, day: date) -> None:
        """Replay at ``day`` (the panel's own state; the pitch changes only when a button is pressed)."""
        with QSignalBlocker(self.date_edit):
            self.date_edit.setDate(QDate(day.year, day.month, day.day))
        self.day = day
        self.choices = {}
        self.show_replay()

    def _on_document_pitch_changed(self, _pitch: object) -> None:
        if self.isVisible():
            self.show_replay()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.show_replay()

    def show_replay(self) -> None:
        """Price every block on the day and fill the table and the summary."""
        self._stale = False
        pitch = self._document.pitch
        self.rows = replay_blocks(pitch, self.day, self._catalog)
        self.choices = {
            r.index: min(self.choices.get(r.index, 0), len(r.substitutes) - 1)
            for r in self.rows
            if r.substitutes
        }
        self.combos.clear()
        self.apply_buttons.clear()
        self.table.clearSpans()
        self.table.setRowCount(len(self.rows))
        day = self.day.isoformat()
        self.table.setHorizontalHeaderItem(2, QTableWidgetItem(f"Price on {day}"))
        for r in self.rows:
            i = r.index
            self._set_cell(i, 0, r.name)
            self._set_cell(i, 1, r.model or "(prices typed in)")
            if r.price is not None:
                base = r.price.base
                text = _price_text(base.input_per_mtok, base.output_per_mtok)
                if r.undated:
                    text += " — genai-prices has no release date for it: it may not have existed then"
                self._set_cell(i, 2, text, tooltip=r.price.source)
            else:
                self._set_cell(i, 2, self._no_price_text(r), tooltip=r.error or "", color=FAILS_COLOR)
            if r.substitutes:
                combo = QComboBox()
                combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
                for k, s in enumerate(r.substitutes):
                    combo.addItem(s.label)  # its price is in the next column, and in the item's tooltip
                    combo.setItemData(k, plain_tooltip(s.price_text), Qt.ItemDataRole.ToolTipRole)
                with QSignalBlocker(combo):
                    combo.setCurrentIndex(self.choices[i])
                combo.currentIndexChanged.connect(lambda idx, i=i: self._on_choice_combo_changed(i, idx))
                self.table.setCellWidget(i, 3, combo)
                self.combos[i] = combo
                button = QPushButton("Apply")
                button.setToolTip(plain_tooltip(self._apply_text(i)))
                button.clicked.connect(lambda _=False, i=i: self._on_apply_button_clicked(i))
                self.table.setCellWidget(i, 6, button)
                self.apply_buttons[i] = button
                self._show_choice(i)
            else:
                self.table.removeCellWidget(i, 3)
                self.table.removeCellWidget(i, 6)
                if r.reason:  # looked for and none found: why, in core's words, across the three columns
                    self._set_cell(i, 3, f"No substitute: {r.reason}", tooltip=r.reason)
                    self.table.setSpan(i, 3, 1, 3)
                else:
                    self._set_cell(i, 3, "—")
                    self._set_cell(i, 4, "")
                    self._set_cell(i, 5, "")
        combos = [c.sizeHint().width() for c in self.combos.values()]
        self.table.setColumnWidth(3, max([self.fontMetrics().horizontalAdvance("x" * 24), *combos]) + 12)
        self.table.resizeRowsToContents()
        needing = [r for r in self.rows if r.needs_substitute]
        self.apply_all.setEnabled(bool(self._suggested()) and all(r.substitutes for r in needing))
        set_plain(self.summary, self.summary_text())

    def _show_choice(self, i: int) -> None:
        sub = self.chosen(i)
        if sub is None:
            return
        self._set_cell(i, 4, sub.price_text, tooltip=sub.source)
        score = f", {sub.score_kind} {sub.score:g}" if sub.score is not None else ""
        self._set_cell(i, 5, f"{sub.model}{score}. Rule: {sub.reason}", tooltip=f"Rule: {sub.rule.words}")
        if i in self.apply_buttons:
            self.apply_buttons[i].setToolTip(plain_tooltip(self._apply_text(i)))

    def _set_cell(self, row: int, col: int, text: str, tooltip: str = "", color: str | None = None) -> None:
        item = QTableWidgetItem(text)  # a table item's text is plain text
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        if tooltip:
            item.setToolTip(plain_tooltip(tooltip))
        if color:
            item.setForeground(QBrush(QColor(color)))
        self.table.setItem(row, col, item)

    def _no_price_text(self, r: BlockReplay) -> str:
        """Why a block has no price on the day, short: its model's release, or the catalog's reason."""
        release = self._catalog.release_date(r.model) if r.model else None
        if release is not None and release > self.day:
            return f"Not out yet: {r.model} was released on {release.isoformat()}"
        return f"No price: {r.error}"

    def chosen(self, index: int) -> Substitute | None:
        """The substitute chosen for block ``index`` (the suggestion unless another was picked)."""
        row = next((r for r in self.rows if r.index == index), None)
        if row is None or not row.substitutes:
            return None
        return row.substitutes[self.choices.get(index, 0)]

    def _apply_text(self, i: int) -> str:
        sub = self.chosen(i)
        name = self._document.pitch.blocks[i].name
        return replay_text(self.day, [(name, sub)]) if sub is not None else ""

    def _own_analysis(self) -> Analysis:
        """The pitch's analysis on its own date: the service's current one (made once per change)."""
        current = self._service.current
        if current is not None and current.pitch is self._document.pitch:
            return current
        return self._service.request("replay-own", self._document.pitch)

    def summary_text(self) -> str:
        """What the pitch would have cost on the day, with the substitutes chosen for blocks that need one."""
        pitch = self._document.pitch
        day = self.day.isoformat()
        stuck = [r for r in self.rows if r.needs_substitute and not r.substitutes]
        if stuck:
            names = ", ".join(r.name for r in stuck)
            unknown = [r for r in stuck if capability_target(pitch.blocks[r.index], self._catalog) is None]
            parts = []
            if len(stuck) > len(unknown):
                n = len(stuck) - len(unknown)
                parts.append(f"{n} {'needs' if n == 1 else 'need'} a capability no model had then")
            if unknown:
                n = len(unknown)
                parts.append(
                    f"{n} {'uses' if n == 1 else 'use'} a model of unknown capability (no published score), "
                    "for which no substitute is offered"
                )
            return f"Cannot price {names} on {day}: {'; '.join(parts)}. Each row says why."
        choices = self._suggested()
        analysis = self._service.request("replay", replayed(pitch, self.day, choices))
        ev = analysis.evaluation
        if ev is None:
            return f"Cannot evaluate the pitch on {day}:\n{problems_text(analysis)}"
        with_subs = " with the substitutes below" if choices else ""
        undated = sum(1 for r in self.rows if r.undated)
        text = (
            f"On {day}{with_subs}: {cost_vs_budget(ev)} — {ev.verdict.short}; "
            f"{needs_sentence(ev.required_drop, ev.orders_of_magnitude, ev.verdict)}."
        )
        if undated:
            text += (
                f" {undated} block{'s' * (undated > 1)} use{'s' * (undated == 1)} a model genai-prices cannot "
                "date: priced as if it existed then (see the table)."
            )
        own = self._own_analysis().evaluation
        if own is not None and own.as_of != self.day:
            text += (
                f" On the pitch's own date {own.as_of.isoformat()}: "
                f"{format_money(own.cost_per_paying_user_month)} per paying user-month."
            )
        return text

    # -- user actions -> document -----------------------------------------------------------------
    def _on_date_edit_date_changed(self, qdate: QDate) -> None:
        self.day = date(qdate.year(), qdate.month(), qdate.day())
        self.choices = {}
        self.show_replay()

    def _on_preset_clicked(self, day: date) -> None:
        self.set_day(day)

    def _on_choice_combo_changed(self, index: int, choice: int) -> None:
        if choice < 0:
            return
        self.choices[index] = choice
        self._show_choice(index)
        set_plain(self.summary, self.summary_text())

    def _on_apply_button_clicked(self, index: int) -> None:
        sub = self.chosen(index)
        if sub is None:
            return
        pitch = self._document.pitch
        name = pitch.blocks[index].name
        self._document.edit(replayed(pitch, self.day, {index: sub}), replay_text(self.day, [(name, sub)]))

    def _suggested(self) -> dict[int, Any]:
        """The substitute chosen for every block that gets one: unpriceable on the day, or priced only
        because genai-prices cannot date its model (``undated``)."""
        return {
            r.index: s
            for r in self.rows
            if (r.needs_substitute or r.undated) and (s := self.chosen(r.index)) is not None
        }

    def _on_apply_all_clicked(self) -> None:
        pitch = self._document.pitch
        choices = self._suggested()
        changes = [(pitch.blocks[i].name, s) for i, s in sorted(choices.items())]
        self._document.edit(replayed(pitch, self.day, choices), replay_text(self.day, changes))

    def _on_date_only_clicked(self) -> None:
        self._document.edit_fields(replay_text(self.day, []), as_of=self.day)
