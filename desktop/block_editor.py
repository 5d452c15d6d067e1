"""The block editor: every field of the selected feature block, each edit one named undo step.

Two directions, never mixed (style.md): :meth:`BlockEditor.show_block` and the redraw on ``pitch_changed`` draw
what the document says with the widgets' signals blocked; the ``_on_*`` handlers turn what the user typed or
chose into one ``document.edit_block`` / ``replace_block`` call. An invalid value is refused inline with the
reason (the pitch model decides validity) and the document is left unchanged.

Every numeric field comes from the field registry (``core.pitch.FIELDS``): its label, unit, caption, tooltip,
bounds and undo wording. A field added to the pitch model appears here without new widget code: price fields
under "Model and prices", a block's usage fields under "Each call" (or "Audio and images" for the modality
fields), and the rates that say how often a call happens under "How often".

The catalog's model list is the analysis service's (loaded off the GUI thread after the first paint):
:meth:`BlockEditor.set_model_ids` hands it over; start-up never waits for it.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.catalog import CatalogPrice, PriceCatalog
from core.errors import PitchError
from core.fields import FieldSpec, Group
from core.formatting import format_money
from core.pitch import (
    FIELDS,
    MODALITY_PRICE_FIELDS,
    PRICE_FIELDS,
    TOKEN_FIELDS,
    FeatureBlock,
    PriceSpec,
    with_changes,
)
from core.prices import with_defaults
from desktop.document import PitchDocument
from desktop.field_widgets import (
    NumberField,
    align_units,
    caption_label,
    error_label,
    error_path,
    error_type,
    field_reason,
    format_number,
    make_form,
    parse_number,
    row_label,
    section_label,
    sentence,
    set_error_style,
    toggled_ranges,
    validation_reason,
)
from desktop.safety import plain_label, plain_tooltip

EMPTY_TEXT = "Select a block in the table, or add one from the library"
EXPLICIT_ONLY = "(explicit prices only)"
PRICE_UNIT = "USD / M"


# How often a call happens (the rest of a block's numeric fields describe one call).
RATE_KEYS = ("calls_per_action", "actions_per_day", "price_multiplier")
# Speech and images: shown on request, or when the block uses them.
MODALITY_KEYS = frozenset(TOKEN_FIELDS[3:]) | frozenset(MODALITY_PRICE_FIELDS)
PRICE_SPECS: tuple[FieldSpec, ...] = tuple(FIELDS[Group.PRICE].values())
BLOCK_SPECS: tuple[FieldSpec, ...] = tuple(FIELDS[Group.BLOCK].values())
CALL_SPECS = tuple(s for s in BLOCK_SPECS if s.key not in RATE_KEYS and s.key not in MODALITY_KEYS)
MODALITY_SPECS = tuple(s for s in (*BLOCK_SPECS, *PRICE_SPECS) if s.key in MODALITY_KEYS)
RATE_SPECS = tuple(FIELDS.spec(Group.BLOCK, k) for k in RATE_KEYS)
TEXT_PRICE_SPECS = tuple(s for s in PRICE_SPECS if s.key not in MODALITY_KEYS)
ALL_SPECS = TEXT_PRICE_SPECS + CALL_SPECS + MODALITY_SPECS + RATE_SPECS


def format_price(usd: float) -> str:
    """A price per million tokens as tables and prose write money (``core.formatting.format_money``)."""
    return format_money(usd)


def _wrappable(text: str) -> str:
    """Let a long URL wrap inside a narrow dock (a zero-width space after each slash)."""
    return text.replace("/", "/\u200b")


class BlockEditor(QWidget):
    """Edits one feature block of the document; shows an empty state when no block is selected."""

    def __init__(self, document: PitchDocument, catalog: PriceCatalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._catalog = catalog
        self._index: int | None = None
        self._model_ids: list[str] | None = None
        self._shown_name = ""
        self._shown_model = ""

        self._stack = QStackedWidget()
        self.empty_label = plain_label(EMPTY_TEXT)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._stack.addWidget(self.empty_label)
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.content = QWidget()
        self._scroll.setWidget(self.content)
        self._stack.addWidget(self._scroll)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self._stack)

        self._build_form()
        document.pitch_changed.connect(self._on_document_pitch_changed)
        self.show_block(None)

    # -- construction -------------------------------------------------------------------------------
    def _build_form(self) -> None:
        form = make_form(self.content)
        self._form = form

        self.title_label = section_label("")
        self.title_label.setContentsMargins(0, 0, 0, 0)
        self.title_label.setWordWrap(True)
        form.addRow(self.title_label)

        # Name and enabled.
        name_box = QWidget()
        name_layout = QVBoxLayout(name_box)
        name_layout.setContentsMargins(0, 0, 0, 0)
        name_layout.setSpacing(2)
        self.name_edit = QLineEdit()
        self.name_edit.setToolTip(
            plain_tooltip(
                "What this feature is called in the table, charts and reports.\nExample: Agent loop.\n"
                "Default: the block library template's title (a second copy gets a number: Chat turn 2)."
            )
        )
        self.name_edit.editingFinished.connect(self._on_name_edit_editing_finished)
        self.name_error = error_label()
        name_layout.addWidget(self.name_edit)
        name_layout.addWidget(self.name_error)
        self._add_row("Name", name_box)

        self.enabled_check = QCheckBox("Counted in the cost per user")
        self.enabled_check.setToolTip(
            plain_tooltip(
                "Untick to leave this block out of the cost without deleting it.\n"
                "Example: untick Image generation to see the pitch without it.\nDefault: on (contract)."
            )
        )
        self.enabled_check.toggled.connect(self._on_enabled_check_toggled)
        self._add_row("Enabled", self.enabled_check)

        # Model and prices.
        form.addRow(section_label("Model and prices"))
        model_box = QWidget()
        model_layout = QVBoxLayout(model_box)
        model_layout.setContentsMargins(0, 0, 0, 0)
        model_layout.setSpacing(2)
        self.model_combo = QComboBox()
        self.model_combo.setEditable(True)
        self.model_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.model_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.model_combo.setMinimumContentsLength(14)
        self.model_combo.setMaxVisibleItems(20)
        self.model_combo.lineEdit().setPlaceholderText("provider:model, e.g. openai:gpt-4o-mini")
        self.model_combo.setToolTip(
            plain_tooltip(
                "The catalog model whose prices this block uses (id written provider:model).\n"
                "Type to search the catalog; example: openai:gpt-4o-mini.\n"
                f"{EXPLICIT_ONLY}: no model; the prices typed below are used. Choosing it keeps the "
                "model's current catalog prices as explicit prices, so the cost does not jump.\n"
                "Default: the template's model (block library: openai:gpt-4o-mini for light blocks, "
                "anthropic:claude-sonnet-4-6 for agents). Prices' source: genai-prices on the pitch's date, "
                "or the bundled price history for earlier dates."
            )
        )
        completer = QCompleter(self.model_combo.model(), self.model_combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(15)
        self.model_combo.setCompleter(completer)
        self.model_combo.activated.connect(self._on_model_combo_activated)
        completer.activated[str].connect(self._on_model_completer_activated)
        self.model_combo.lineEdit().editingFinished.connect(self._on_model_edit_editing_finished)
        self.model_error = error_label()
        self.model_prices = plain_label()
        self.model_prices.setWordWrap(True)
        self.model_source = caption_label()
        model_layout.addWidget(self.model_combo)
        model_layout.addWidget(self.model_error)
        model_layout.addWidget(self.model_prices)
        model_layout.addWidget(self.model_source)
        self._add_row("Model", model_box)

        self.price_hint = caption_label("")
        form.addRow(self.price_hint)
        self.fields: dict[str, NumberField] = {}
        self._rows: dict[str, QLabel] = {}
        for spec in TEXT_PRICE_SPECS:
            self._add_number_row(spec, allow_empty=True)

        form.addRow(section_label("Each call"))
        for spec in CALL_SPECS:
            self._add_number_row(spec)

        # Speech and images: most blocks have none; shown when the block uses them or when asked.
        self.modality_button = QToolButton()
        self.modality_button.setText("Audio and images…")
        self.modality_button.setCheckable(True)
        self.modality_button.setToolTip(
            plain_tooltip(
                "Tokens of speech and images per call, and their prices (contract section 6.1).\n"
                "Example: a voice feature's audio tokens a call.\n"
                "Default: hidden; shown by themselves when the block uses any of them."
            )
        )
        self.modality_button.toggled.connect(self._on_modality_button_toggled)
        form.addRow(self.modality_button)
        for spec in MODALITY_SPECS:
            self._add_number_row(spec, allow_empty=spec.group is Group.PRICE)

        form.addRow(section_label("How often"))
        for spec in RATE_SPECS[:2]:
            self._add_number_row(spec)
        self._build_helper()
        for spec in RATE_SPECS[2:]:
            self._add_number_row(spec)
        align_units(self.fields.values())

    def _add_row(self, text: str, field: QWidget, tooltip: str = "") -> QLabel:
        label = row_label(text, tooltip=tooltip, line_height=self.name_edit.sizeHint().height())
        label.setBuddy(field)
        self._form.addRow(label, field)
        return label

    def _add_number_row(self, spec: FieldSpec, *, allow_empty: bool = False) -> NumberField:
        field = NumberField(
            unit=spec.unit,
            caption=spec.caption,
            tooltip=spec.tooltip,
            scale=spec.display_scale,
            allow_empty=allow_empty,
            with_range=spec.rangeable,
        )
        field.setObjectName(spec.key)
        field.edit.setAccessibleName(spec.label)
        field.committed.connect(partial(self._on_field_committed, spec))
        field.range_toggled.connect(partial(self._on_field_range_toggled, spec))
        field.range_committed.connect(partial(self._on_field_range_committed, spec))
        self.fields[spec.key] = field
        label = self._add_row(spec.label, field, spec.tooltip)
        label.setBuddy(field.edit)
        self._rows[spec.key] = label
        return field

    def _build_helper(self) -> None:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        self.per_hour_edit = QLineEdit()
        self.hours_edit = QLineEdit()
        for edit, name in ((self.per_hour_edit, "calls per hour"), (self.hours_edit, "hours per day")):
            edit.setMinimumWidth(36)
            edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            edit.setAccessibleName(name)
            edit.returnPressed.connect(self._on_helper_button_clicked)
        self.per_hour_edit.setPlaceholderText("4")
        self.hours_edit.setPlaceholderText("24")
        # A tool button: a push button's style minimum (80 px) would push this row under its label.
        self.helper_button = QToolButton()
        self.helper_button.setText("Set")
        self.helper_button.setAccessibleName("Set actions per day")
        self.helper_button.clicked.connect(self._on_helper_button_clicked)
        row.addWidget(self.per_hour_edit, 1)
        row.addWidget(plain_label("/ h ×"))
        row.addWidget(self.hours_edit, 1)
        row.addWidget(plain_label("h / day"))
        row.addWidget(self.helper_button)
        layout.addLayout(row)
        layout.addWidget(caption_label("Calls per hour × hours a day sets actions per day."))
        self.helper_error = error_label()
        layout.addWidget(self.helper_error)
        tip = (
            "For always-on features: calls per hour × hours per day = actions per day.\n"
            "Example: a check every 15 minutes around the clock is 4 × 24 = 96 a day "
            "(the library's Background understanding).\n"
            "Default: empty; actions per day changes only when you press Set (or Enter)."
        )
        for widget in (self.per_hour_edit, self.hours_edit, self.helper_button):
            widget.setToolTip(plain_tooltip(tip))
        self._add_row("Always-on", box, tip)

    # -- drawing (model -> view) --------------------------------------------------------------------
    @property
    def index(self) -> int | None:
        return self._index

    def show_block(self, index: int | None) -> None:
        """Edit the block at ``index`` of the document's pitch; ``None`` shows the empty state."""
        self._index = index
        self._draw()

    def _current(self) -> FeatureBlock | None:
        blocks = self._document.pitch.blocks
        if self._index is None or not 0 <= self._index < len(blocks):
            return None
        return blocks[self._index]

    def _on_document_pitch_changed(self, _pitch: object) -> None:
        self._draw()

    def _draw(self) -> None:
        block = self._current()
        if block is None:
            self._index = None
            self._stack.setCurrentWidget(self.empty_label)
            return
        self._stack.setCurrentWidget(self._scroll)
        pitch = self._document.pitch
        self.title_label.setText(block.name)
        self.title_label.setToolTip(
            plain_tooltip(f"Block {self._index + 1 if self._index is not None else 0} of {len(pitch.blocks)}")
        )
        self._shown_name = block.name
        with QSignalBlocker(self.name_edit):
            self.name_edit.setText(block.name)
            self.name_edit.setCursorPosition(0)
        self._hide_error(self.name_edit, self.name_error)
        with QSignalBlocker(self.enabled_check):
            self.enabled_check.setChecked(block.enabled)
        given = block.price.given() if block.price else {}
        for spec in ALL_SPECS:
            field = self.fields[spec.key]
            if spec.group is Group.PRICE:
                field.set_value(given.get(spec.key))
            else:
                field.set_value(getattr(block, spec.key))
                field.set_range(block.ranges.get(spec.key))
        uses = any(getattr(block, s.key) for s in MODALITY_SPECS if s.group is Group.BLOCK) or any(
            k in given for k in MODALITY_PRICE_FIELDS
        )
        with QSignalBlocker(self.modality_button):
            self.modality_button.setChecked(uses or self.modality_button.isChecked())
        self._show_modality_rows(self.modality_button.isChecked())
        self.helper_error.setVisible(False)
        self._draw_model(block, pitch.effective_as_of())

    def _draw_model(self, block: FeatureBlock, as_of: date) -> None:
        self._shown_model = block.model or EXPLICIT_ONLY
        with QSignalBlocker(self.model_combo):
            if self._model_ids is None:
                self.model_combo.clear()
                self.model_combo.addItem(EXPLICIT_ONLY)
                if block.model:
                    self.model_combo.addItem(block.model)
            found = self.model_combo.findText(self._shown_model, Qt.MatchFlag.MatchExactly)
            if found >= 0:
                self.model_combo.setCurrentIndex(found)
            self.model_combo.setEditText(self._shown_model)
            self.model_combo.lineEdit().setCursorPosition(0)
        self._hide_error(self.model_combo.lineEdit(), self.model_error)
        self.model_source.setVisible(False)

        catalog_price: CatalogPrice | None = None
        if block.model is None:
            self.model_prices.setText("No catalog model: the prices typed below are used.")
        elif not self._catalog.is_loaded():
            self.model_prices.setText("Loading the price catalog…")
        else:
            try:
                catalog_price = self._catalog.price_at(block.model, as_of)
            except PitchError as exc:
                self.model_prices.setText("")
                self._show_error(self.model_combo.lineEdit(), self.model_error, sentence(exc.message))
        if catalog_price is not None:
            parts = [
                f"{spec.noun.removesuffix(' price')} {format_price(catalog_price.fields[spec.key])}"
                for spec in PRICE_SPECS
                if spec.key in catalog_price.fields
            ]
            text = f"On {as_of.isoformat()}, per M tokens: " + " · ".join(parts)
            if catalog_price.tiers:
                text += f" (higher above {format_number(catalog_price.tiers[0][0])} input tokens)"
            self.model_prices.setText(text)
            self.model_source.setText(_wrappable(f"Source: {catalog_price.source}"))
            self.model_source.setVisible(True)
        self.model_prices.setVisible(bool(self.model_prices.text()))
        self._draw_price_placeholders(block, catalog_price)

    def _draw_price_placeholders(self, block: FeatureBlock, catalog_price: CatalogPrice | None) -> None:
        """Greyed in each empty price field: the price that applies; under it, where that price comes from.

        The price that applies to an empty field is the contract's default (``core.prices.with_defaults``:
        the only place those rules live), worked out from the prices known.
        """
        given = block.price.given() if block.price else {}
        from_catalog: dict[str, float] = dict(catalog_price.fields) if catalog_price else {}
        known = {**from_catalog, **given}
        defaults = (
            with_defaults(known).as_dict() if {"input_per_mtok", "output_per_mtok"} <= known.keys() else {}
        )
        for spec in PRICE_SPECS:
            key = spec.key
            placeholder = ""
            if key in given:
                where = (
                    f"typed here (catalog {format_price(from_catalog[key])})"
                    if key in from_catalog
                    else "typed here"
                )
            elif key in from_catalog:
                placeholder, where = format_number(from_catalog[key]), "empty: the catalog's"
            elif key in ("input_per_mtok", "output_per_mtok"):
                if block.model is None:
                    placeholder, where = "required", "required without a model"
                else:
                    where = "empty: the catalog's"
            else:
                placeholder = format_number(defaults[key]) if key in defaults else ""
                where = "empty: its default (see the tooltip)"
            self.fields[key].set_placeholder(placeholder)
            self.fields[key].set_caption(f"{spec.caption}; {where}.")
        tiers = block.price.tiers if block.price else ()
        self.price_hint.setText(
            "An empty price field uses the price shown greyed."
            + (f" This block also has {len(tiers)} price tier(s), kept as they are." if tiers else "")
        )

    def _show_modality_rows(self, shown: bool) -> None:
        for spec in MODALITY_SPECS:
            self._form.setRowVisible(self._rows[spec.key], shown)
        self.modality_button.setText("Hide audio and images" if shown else "Audio and images…")

    def _on_modality_button_toggled(self, checked: bool) -> None:
        self._show_modality_rows(checked)

    @staticmethod
    def _show_error(edit: QLineEdit, label: QLabel, reason: str) -> None:
        label.setText(reason)
        label.setVisible(True)
        set_error_style(edit, True)

    @staticmethod
    def _hide_error(edit: QLineEdit, label: QLabel) -> None:
        label.clear()
        label.setVisible(False)
        set_error_style(edit, False)

    # -- the catalog's model list (from the analysis service) ---------------------------------------
    def model_ids_loaded(self) -> bool:
        return self._model_ids is not None

    def set_model_ids(self, ids: list[str]) -> None:
        """The catalog's model ids (and the history's), for the picker; keeps what the user is typing."""
        self._model_ids = list(ids)
        line = self.model_combo.lineEdit()
        typing = line.text() if line.hasFocus() and line.text().strip() != self._shown_model else None
        with QSignalBlocker(self.model_combo):
            self.model_combo.clear()
            self.model_combo.addItem(EXPLICIT_ONLY)
            self.model_combo.addItems(self._model_ids)
        self._draw()
        if typing is not None:  # the list arrived while the user was typing an id: keep what they typed
            with QSignalBlocker(self.model_combo):
                self.model_combo.setEditText(typing)

    # -- user actions (view -> edits) ---------------------------------------------------------------
    def _edit(self, text: str, **changes: Any) -> bool:
        assert self._index is not None
        return self._document.edit_block(self._index, text, **changes)

    def _on_name_edit_editing_finished(self) -> None:
        block = self._current()
        if block is None:
            return
        name = self.name_edit.text().strip()
        if name == self._shown_name:
            self._hide_error(self.name_edit, self.name_error)
            return
        if not name:
            self._show_error(self.name_edit, self.name_error, "A block needs a name; it was not changed")
            return
        try:
            changed = self._edit(f"Rename {block.name} to {name}", name=name)
        except ValidationError as exc:
            self._show_error(self.name_edit, self.name_error, validation_reason(exc))
            return
        if not changed:
            self._draw()

    def _on_enabled_check_toggled(self, checked: bool) -> None:
        block = self._current()
        if block is None:
            return
        self._edit(f"{'Enable' if checked else 'Disable'} {block.name}", enabled=checked)

    def _on_model_combo_activated(self, index: int) -> None:
        self._commit_model(self.model_combo.itemText(index))

    def _on_model_completer_activated(self, text: str) -> None:
        self._commit_model(text)

    def _on_model_edit_editing_finished(self) -> None:
        self._commit_model(self.model_combo.lineEdit().text())

    def _commit_model(self, text: str) -> None:
        block = self._current()
        if block is None:
            return
        text = text.strip()
        edit, label = self.model_combo.lineEdit(), self.model_error
        if text == self._shown_model:
            if not self.model_error.isHidden() and (block.model is None or self._catalog.is_loaded()):
                self._draw()  # typed back the model in use: drop the refusal
            return
        if not text:
            self._show_error(edit, label, f"Type a catalog id (provider:model) or choose {EXPLICIT_ONLY}")
            return
        as_of = self._document.pitch.effective_as_of()
        price = block.price or PriceSpec()
        if text == EXPLICIT_ONLY:
            # Keep the model's catalog prices as explicit ones: clearing the model must not change the cost.
            filled: dict[str, float] = {}
            if block.model is not None:
                try:
                    catalog_price = self._catalog.price_at(block.model, as_of)
                except PitchError:
                    catalog_price = None
                if catalog_price is not None:
                    given = price.given()
                    filled = {
                        k: v for k, v in catalog_price.fields.items() if k in PRICE_FIELDS and k not in given
                    }
            changes: dict[str, Any] = {"model": None, "price": with_changes(price, **filled)}
            undo_text = f"Use explicit prices for {block.name}"
        else:
            try:
                catalog_price = self._catalog.price_at(text, as_of)
            except PitchError as exc:
                self._show_error(edit, label, f"{sentence(exc.message)}. Not applied.")
                return
            changes = {"model": catalog_price.model_id}
            undo_text = f"Change model of {block.name}"
        try:
            changed = self._edit(undo_text, **changes)
        except ValidationError as exc:
            self._show_error(edit, label, validation_reason(exc))
            return
        if not changed:
            self._draw()

    def _on_field_committed(self, spec: FieldSpec, value: float | None) -> None:
        block = self._current()
        if block is None:
            return
        field = self.fields[spec.key]
        if spec.key in PRICE_FIELDS:
            price = block.price or PriceSpec()
            verb = "Clear" if value is None else "Change"
            try:
                new_price = with_changes(price, **{spec.key: value})
                if new_price == PriceSpec():
                    new_price = None
                text = spec.undo_text(block.name)
                changed = self._edit(
                    text if verb == "Change" else f"Clear {spec.noun} of {block.name}", price=new_price
                )
            except ValidationError as exc:
                field.show_error(self._reason(exc, spec, block))
                return
        else:
            try:
                changed = self._edit(spec.undo_text(block.name), **{spec.key: value})
            except ValidationError as exc:
                field.show_error(self._reason(exc, spec, block))
                return
        if not changed:
            self._draw()  # the same value typed differently ("5000" for "5,000"): show it as the model has it

    def _reason(
        self, exc: ValidationError, spec: FieldSpec, block: FeatureBlock, *, in_range: bool = False
    ) -> str:
        """The refusal in the field's units, with what to do when another field is the obstacle.

        Which rule refused the edit is read from the error's data (the field path of a block-level check and
        its type), never from its wording.
        """
        path = error_path(exc)
        field = self.fields[spec.key]
        if error_type(exc) == "value_error":  # a check of the block as a whole, naming the field it stops at
            if path == "cache_write_fraction":
                return "Cached input and cache writes add up to more than 100%; together they must be at most 100%"
            if path.startswith("price.") and block.model is None and block.deployment is None:
                return (
                    "Without a model, the input and output prices are required "
                    "(an unknown price is never taken as $0)"
                )
        return field_reason(exc, field, spec, in_range=in_range)

    def _on_field_range_toggled(self, spec: FieldSpec, checked: bool) -> None:
        block = self._current()
        if block is None:
            return
        field = self.fields[spec.key]
        try:
            value = float(getattr(block, spec.key))
            ranges = toggled_ranges(block.ranges, spec.key, value, checked=checked, fraction=spec.is_fraction)
        except ValueError as exc:
            field.set_range(None)
            field.show_error(str(exc), in_range=True)
            return
        verb = "Add a range to" if checked else "Remove the range of"
        try:
            self._edit(f"{verb} {spec.noun} of {block.name}", ranges=ranges)
        except ValidationError as exc:
            field.set_range(block.ranges.get(spec.key))
            field.show_error(self._reason(exc, spec, block, in_range=True), in_range=True)

    def _on_field_range_committed(self, spec: FieldSpec, low: float, high: float) -> None:
        block = self._current()
        if block is None:
            return
        ranges = {**block.ranges, spec.key: (low, high)}
        try:
            changed = self._edit(f"Change the range of {spec.noun} of {block.name}", ranges=ranges)
        except ValidationError as exc:
            self.fields[spec.key].show_error(self._reason(exc, spec, block, in_range=True), in_range=True)
            return
        if not changed:
            self._draw()

    def _on_helper_button_clicked(self) -> None:
        block = self._current()
        if block is None:
            return
        values = []
        for edit, what in ((self.per_hour_edit, "Calls per hour"), (self.hours_edit, "Hours a day")):
            text = edit.text().strip()
            if not text:
                self._show_error(
                    edit, self.helper_error, f"{what}: type a number (e.g. {edit.placeholderText()})"
                )
                return
            try:
                values.append(parse_number(text))
            except ValueError as exc:
                self._show_error(edit, self.helper_error, f"{what}: {exc}")
                return
        per_hour, hours = values
        if per_hour < 0:
            self._show_error(self.per_hour_edit, self.helper_error, "Calls per hour: must be at least 0")
            return
        if not 0 <= hours <= 24:
            self._show_error(self.hours_edit, self.helper_error, "Hours a day: must be between 0 and 24")
            return
        set_error_style(self.per_hour_edit, False)
        set_error_style(self.hours_edit, False)
        try:
            spec = FIELDS.spec(Group.BLOCK, "actions_per_day")
            changed = self._edit(spec.undo_text(block.name), actions_per_day=per_hour * hours)
        except ValidationError as exc:
            self._show_error(self.hours_edit, self.helper_error, self._reason(exc, spec, block))
            return
        if not changed:
            self._draw()
