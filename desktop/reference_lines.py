"""Reference lines on the projection: a junior engineer's salary, a competitor's price, ..."""

from __future__ import annotations

import math

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from core.pitch import ReferenceLine
from desktop.safety import plain_label


class ReferenceLineDialog(QDialog):
    """Asks for a label and a monthly amount; refuses bad input inline."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a reference line")
        self.label_edit = QLineEdit(self)
        self.label_edit.setPlaceholderText("e.g. Junior engineer (US)")
        self.amount_edit = QLineEdit(self)
        self.amount_edit.setPlaceholderText("e.g. 7000")
        self.error = plain_label("")
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Label", self.label_edit)
        form.addRow("USD per month", self.amount_edit)
        hint = plain_label(
            "Drawn as a horizontal line on the projection, e.g. a salary to compare the cost with."
        )
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.result_line: ReferenceLine | None = None

    def parse(self) -> ReferenceLine | str:
        """The line, or the reason it is refused."""
        label = self.label_edit.text().strip()
        if not label:
            return "Give the line a label."
        if len(label) > 200:
            return "The label is longer than 200 characters."
        text = self.amount_edit.text().strip().replace(",", "").removeprefix("$")
        try:
            amount = float(text)
        except ValueError:
            return f"{self.amount_edit.text()!r} is not a number of dollars."
        if not math.isfinite(amount) or amount <= 0 or amount > 1e12:
            return "The amount must be a positive number of dollars per month (at most 1e12)."
        return ReferenceLine(label=label, usd_per_month=amount)

    def _on_buttons_accepted(self) -> None:
        parsed = self.parse()
        if isinstance(parsed, str):
            self.error.setText(parsed)
            return
        self.result_line = parsed
        self.accept()
