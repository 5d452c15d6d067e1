"""The one change that makes a variant of a pitch, previewed before it is added to the comparison.

The variant is :func:`core.compare.make_variant`'s; its preview is the analysis service's (a keyed
request), so nothing here evaluates a pitch.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QGridLayout,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from core.analysis import Analysis
from core.catalog import PriceCatalog
from core.compare import ChangeKind, VariantChange, make_variant
from core.errors import PitchError
from core.formatting import format_orders
from core.pitch import Pitch
from core.scenarios import builtin_scenarios
from core.wording import cost_vs_budget, verdict_headline
from desktop.error_words import error_words, problems_text
from desktop.safety import plain_label, set_plain


class VariantDialog(QDialog):
    """Asks for the one change that makes a variant, and shows what it would be before it is added."""

    def __init__(
        self,
        pitch: Pitch,
        catalog: PriceCatalog,
        analyse: Callable[[Pitch], Analysis],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._analyse = analyse
        self.setObjectName("variantDialog")
        self.setWindowTitle("Duplicate as variant")
        self.pitch = pitch
        self.catalog = catalog
        self.variant: Pitch | None = None
        self.error = ""
        intro = plain_label(f"Make a variant of “{pitch.name}” that differs in one thing:")
        intro.setWordWrap(True)
        self.kinds = QButtonGroup(self)
        self.model_radio = QRadioButton("Every block on the model")
        self.price_radio = QRadioButton("Price per user-month")
        self.usage_radio = QRadioButton("Usage multiplier")
        self.scenario_radio = QRadioButton("Decline scenario")
        for kind, radio in zip(ChangeKind, self._radios(), strict=True):
            radio.setProperty("kind", kind.value)
            self.kinds.addButton(radio)
        self.model_edit = QLineEdit()
        self.model_edit.setPlaceholderText("a catalog id, e.g. openai:gpt-4o-mini")
        models = [b.model for b in pitch.blocks if b.model]
        self.model_edit.setText(models[0] if models else "")
        completer = QCompleter(catalog.model_ids() if catalog.is_loaded() else [], self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.model_edit.setCompleter(completer)
        model_note = plain_label(
            "Every block that names a catalog model (and is not priced per call) moves to this model at "
            "the catalog's prices; blocks with typed-in prices or a price per call are kept as they are."
        )
        model_note.setWordWrap(True)
        model_note.setEnabled(False)
        self.price_spin = QDoubleSpinBox()
        self.price_spin.setRange(0.01, 1e9)
        self.price_spin.setDecimals(2)
        self.price_spin.setPrefix("$")
        self.price_spin.setValue(pitch.business.price_per_user_month)
        self.usage_spin = QDoubleSpinBox()
        self.usage_spin.setRange(0.01, 1e6)
        self.usage_spin.setDecimals(2)
        self.usage_spin.setSuffix(" ×")
        self.usage_spin.setValue(pitch.business.usage_multiplier * 2)
        self.scenario_combo = QComboBox()
        for sid, sc in builtin_scenarios().items():
            self.scenario_combo.addItem(f"{sc.name} ({sid})", sid)
        current = pitch.scenario if isinstance(pitch.scenario, str) else None
        others = [i for i in range(self.scenario_combo.count()) if self.scenario_combo.itemData(i) != current]
        self.scenario_combo.setCurrentIndex(others[0] if others else 0)
        grid = QGridLayout()
        grid.addWidget(self.model_radio, 0, 0)
        grid.addWidget(self.model_edit, 0, 1)
        grid.addWidget(model_note, 1, 1)
        grid.addWidget(self.price_radio, 2, 0)
        grid.addWidget(self.price_spin, 2, 1)
        grid.addWidget(self.usage_radio, 3, 0)
        grid.addWidget(self.usage_spin, 3, 1)
        grid.addWidget(self.scenario_radio, 4, 0)
        grid.addWidget(self.scenario_combo, 4, 1)
        grid.setColumnStretch(1, 1)
        self.name_label = plain_label()
        self.name_label.setWordWrap(True)
        self.result_label = plain_label()
        self.result_label.setWordWrap(True)
        self.result_label.setObjectName("variantResult")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_button = self.buttons.addButton("Add variant", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addSpacing(6)
        layout.addWidget(self.name_label)
        layout.addWidget(self.result_label)
        layout.addWidget(self.buttons)
        # A pitch on catalog models starts from a model switch; one with typed prices only, from usage.
        (self.model_radio if models else self.usage_radio).setChecked(True)
        self.kinds.buttonToggled.connect(self._on_kinds_toggled)
        self.model_edit.textChanged.connect(lambda _t: self._on_field_edited(self.model_radio))
        self.price_spin.valueChanged.connect(lambda _v: self._on_field_edited(self.price_radio))
        self.usage_spin.valueChanged.connect(lambda _v: self._on_field_edited(self.usage_radio))
        self.scenario_combo.currentIndexChanged.connect(lambda _i: self._on_field_edited(self.scenario_radio))
        self.resize(560, self.sizeHint().height())
        self._update_preview()

    def _radios(self) -> tuple[QRadioButton, ...]:
        return (self.model_radio, self.price_radio, self.usage_radio, self.scenario_radio)

    def change(self) -> VariantChange:
        """The change the dialog's fields describe now."""
        if self.model_radio.isChecked():
            return VariantChange(ChangeKind.MODEL, self.model_edit.text().strip())
        if self.price_radio.isChecked():
            return VariantChange(ChangeKind.PRICE, self.price_spin.value())
        if self.usage_radio.isChecked():
            return VariantChange(ChangeKind.USAGE, self.usage_spin.value())
        return VariantChange(ChangeKind.SCENARIO, str(self.scenario_combo.currentData()))

    def _on_kinds_toggled(self, _button: object, checked: bool) -> None:
        if checked:
            self._update_preview()

    def _on_field_edited(self, radio: QRadioButton) -> None:
        if not radio.isChecked():
            radio.setChecked(True)  # editing a field picks its change (the toggle updates the preview)
        else:
            self._update_preview()

    def _update_preview(self) -> None:
        try:
            variant = make_variant(self.pitch, self.change(), self.catalog)
        except PitchError as exc:
            self._refuse(error_words(self.pitch, exc))
            return
        analysis = self._analyse(variant)
        ev = analysis.evaluation
        if ev is None:
            self._refuse(problems_text(analysis))
            return
        self.variant, self.error = variant, ""
        set_plain(self.name_label, f"Name: {variant.name}")
        set_plain(
            self.result_label,
            f"{verdict_headline(ev, analysis.today)}\n{format_orders(ev.orders_of_magnitude)} orders of "
            f"magnitude · {cost_vs_budget(ev)}",
        )
        self.add_button.setEnabled(True)

    def _refuse(self, reason: str) -> None:
        self.variant, self.error = None, reason
        set_plain(self.name_label, "")
        set_plain(self.result_label, f"Cannot make this variant: {reason}")
        self.add_button.setEnabled(False)
