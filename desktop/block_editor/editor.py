"""The block editor: every field of the selected feature block, each edit one named undo step.

Two directions, never mixed (style.md): :meth:`BlockEditor.show_block`, the redraw on ``pitch_changed`` and
:meth:`BlockEditor.show_analysis` draw what the document and its analysis say, with the widgets' signals
blocked; the ``_on_*`` handlers turn what the user typed or chose into one ``document.edit_block`` call. An
invalid value is refused inline with the reason (the pitch model decides validity) and the document is left
unchanged. A block the analysis cannot price shows the reason at the field it concerns (the model, the
deployment, what it needs, a price), in the user's words.

Every numeric field comes from the field registry (``core.pitch.FIELDS``): its label, unit, caption, tooltip,
bounds and undo wording. A field added to the pitch model appears here without new widget code: price fields
(the modality ones among them) under "Model and prices", a block's usage fields under "Each call" (the
modality token fields under "Audio and images", each with a converter from minutes or images), and the rates
that say how often a call happens under "How often".

The sections live beside this module: ``pricing.py`` (the model box, deployments, the prices' greyed values),
``capability.py`` (what the block needs), ``modality.py`` (speech and images in their units). The rows are laid
out by :class:`desktop.form_rows.FormRows`, which cannot overlap them.

The catalog's model list is the analysis service's (loaded off the GUI thread after the first paint):
:meth:`BlockEditor.set_model_ids` hands it over; start-up never waits for it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
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

from core.analysis import Analysis, block_index
from core.catalog import PriceCatalog
from core.fields import FieldSpec, Group
from core.pitch import (
    FIELDS,
    MODALITY_PRICE_FIELDS,
    PRICE_FIELDS,
    TOKEN_FIELDS,
    FeatureBlock,
    Pitch,
    PriceSpec,
    with_changes,
)
from core.prices import ResolvedPrice
from desktop.block_editor.capability import CapabilitySection
from desktop.block_editor.modality import LABELS, ModalitySection
from desktop.block_editor.pricing import PricingSection, Views
from desktop.document import PitchDocument
from desktop.error_words import field_label
from desktop.field_widgets import (
    NumberField,
    align_units,
    caption_label,
    error_label,
    error_path,
    error_type,
    field_reason,
    parse_number,
    row_label,
    section_label,
    sentence,
    set_error_style,
    toggled_ranges,
    validation_reason,
)
from desktop.form_rows import FormRows
from desktop.safety import plain_label, plain_tooltip

EMPTY_TEXT = "Select a block in the table, or add one from the library"


# How often a call happens (the rest of a block's numeric fields describe one call).
RATE_KEYS = ("calls_per_action", "actions_per_day", "price_multiplier")
MODALITY_TOKENS = TOKEN_FIELDS[3:]
# Speech and images: shown on request, or when the block uses them.
MODALITY_KEYS = frozenset(MODALITY_TOKENS) | frozenset(MODALITY_PRICE_FIELDS)
PRICE_SPECS: tuple[FieldSpec, ...] = tuple(FIELDS[Group.PRICE].values())
BLOCK_SPECS: tuple[FieldSpec, ...] = tuple(FIELDS[Group.BLOCK].values())
CALL_SPECS = tuple(s for s in BLOCK_SPECS if s.key not in RATE_KEYS and s.key not in MODALITY_KEYS)
MODALITY_TOKEN_SPECS = tuple(s for s in BLOCK_SPECS if s.key in MODALITY_KEYS)
RATE_SPECS = tuple(FIELDS.spec(Group.BLOCK, k) for k in RATE_KEYS)
ALL_SPECS = PRICE_SPECS + CALL_SPECS + MODALITY_TOKEN_SPECS + RATE_SPECS


class BlockEditor(QWidget):
    """Edits one feature block of the document; shows an empty state when no block is selected."""

    def __init__(self, document: PitchDocument, catalog: PriceCatalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._catalog = catalog
        self._index: int | None = None
        self._analysis: Analysis | None = None
        self._shown_name = ""
        self._drawn: Pitch | None = None  # the pitch last drawn
        self.today_fn: Callable[[], date] = date.today  # "today" before the first analysis (tests pin it)

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

    # -- what the sections ask of the editor (desktop/block_editor/host.py) ---------------------------
    @property
    def catalog(self) -> PriceCatalog:
        return self._catalog

    @property
    def pitch(self) -> Pitch:
        return self._document.pitch

    @property
    def index(self) -> int | None:
        return self._index

    def block(self) -> FeatureBlock | None:
        blocks = self._document.pitch.blocks
        if self._index is None or not 0 <= self._index < len(blocks):
            return None
        return blocks[self._index]

    def as_of(self) -> date:
        analysis = self.analysis()
        return self._document.pitch.effective_as_of(analysis.today if analysis else self.today_fn())

    def today(self) -> date:
        analysis = self.analysis()
        return analysis.today if analysis is not None else self.today_fn()

    def analysis(self) -> Analysis | None:
        a = self._analysis
        pitch = self._document.pitch
        return a if a is not None and (a.pitch is pitch or a.pitch == pitch) else None

    def edit(self, text: str, **changes: Any) -> bool:
        assert self._index is not None
        return self._document.edit_block(self._index, text, **changes)

    def redraw(self) -> None:
        self._draw()

    # The model box's widgets, as the window and its tests know them.
    @property
    def model_combo(self) -> QComboBox:
        return self.pricing.model_combo

    @property
    def model_error(self) -> QLabel:
        return self.pricing.model_error

    @property
    def model_prices(self) -> QLabel:
        return self.pricing.model_prices

    @property
    def model_source(self) -> QLabel:
        return self.pricing.model_source

    @property
    def price_hint(self) -> QLabel:
        return self.pricing.price_hint

    # -- construction -------------------------------------------------------------------------------
    def _build_form(self) -> None:
        form = FormRows(self.content)
        form.setContentsMargins(10, 8, 10, 10)
        self._form = form

        self.title_label = section_label("")
        self.title_label.setContentsMargins(0, 0, 0, 0)
        self.title_label.setWordWrap(True)
        form.addRow(self.title_label)
        # Why the analysis cannot price this block, when no field below is the place to say it.
        self.problem_label = error_label()
        form.addRow(self.problem_label)

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

        # Model and prices: where they come from, what the block needs, then the price fields.
        form.addRow(section_label("Model and prices"))
        self.fields: dict[str, NumberField] = {}
        self._rows: dict[str, QLabel] = {}
        self.pricing = PricingSection(self, form, self._add_row)
        self.capability = CapabilitySection(self, self._add_row, self._add_number_row)
        form.add_field_row(self.capability.status_widget)
        form.add_field_row(self.pricing.price_hint)
        for spec in PRICE_SPECS:
            self._add_number_row(spec, allow_empty=True)
        self.pricing.use_fields(self.fields)

        form.addRow(section_label("Each call"))
        for spec in CALL_SPECS:
            self._add_number_row(spec)

        # Speech and images: most blocks have none; shown when the block uses them or when asked.
        self.modality_button = QToolButton()
        self.modality_button.setText("Audio and images…")
        self.modality_button.setCheckable(True)
        self.modality_button.setToolTip(
            plain_tooltip(
                "Speech and images per call, in minutes and pictures, as tokens, and their prices "
                "(contract section 6.1).\nExample: a voice feature's 2 minutes of speech a call.\n"
                "Default: hidden; shown by themselves when the block uses any of them."
            )
        )
        self.modality_button.toggled.connect(self._on_modality_button_toggled)
        form.addRow(self.modality_button)
        self.modality = ModalitySection(self)
        self._converter_rows: list[QLabel] = []
        for spec in MODALITY_TOKEN_SPECS:
            key = spec.key.removesuffix("_tokens")
            self._converter_rows.append(self._add_row(LABELS[key], self.modality.converters[key]))
            self._add_number_row(spec)

        form.addRow(section_label("How often"))
        for spec in RATE_SPECS[:2]:
            self._add_number_row(spec)
        self._build_helper()
        for spec in RATE_SPECS[2:]:
            self._add_number_row(spec)
        align_units(self.fields.values())

    def _add_row(self, text: str, field: QWidget, tooltip: str = "") -> QLabel:
        label = row_label(text, tooltip=tooltip, line_height=self.name_edit.sizeHint().height())
        label.setWordWrap(True)
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
        if spec.group in (Group.BLOCK, Group.PRICE):
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
    def show_block(self, index: int | None) -> None:
        """Edit the block at ``index`` of the document's pitch; ``None`` shows the empty state."""
        self._index = index
        self._draw()

    def show_analysis(self, analysis: Analysis) -> None:
        """The analysis of the document's pitch: the block's resolved prices, capability and problems."""
        self._analysis = analysis
        # In the window the analysis of a new pitch arrives before the editor's own redraw for it (the service
        # is told first): that redraw draws it, once. Drawn here only for the pitch already on screen.
        if self.block() is not None and self.analysis() is not None and self._drawn is self._document.pitch:
            self._draw_priced()

    def set_model_ids(self, ids: list[str]) -> None:
        """The catalog's model ids (and the history's), for the picker; keeps what the user is typing."""
        self.pricing.set_model_ids(ids)

    def model_ids_loaded(self) -> bool:
        return self.pricing.model_list.loaded

    def set_views(self, views: Views | None) -> None:
        """The screens other parts of the app register: the deployments' editor, when one exists."""
        self.pricing.set_views(views)
        if self.block() is not None:
            self._draw_priced()

    def _on_document_pitch_changed(self, _pitch: object) -> None:
        self._draw()

    def _draw(self) -> None:
        block = self.block()
        if block is None:
            self._index = None
            self._stack.setCurrentWidget(self.empty_label)
            return
        self._stack.setCurrentWidget(self._scroll)
        pitch = self._document.pitch
        self._drawn = pitch
        self.title_label.setText(block.name)
        self.title_label.setToolTip(
            plain_tooltip(f"Block {self._index + 1 if self._index is not None else 0} of {len(pitch.blocks)}")
        )
        self._shown_name = block.name
        with QSignalBlocker(self.name_edit):
            self.name_edit.setText(block.name)
            self.name_edit.setCursorPosition(0)
        _hide_error(self.name_edit, self.name_error)
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
        uses = any(getattr(block, k) for k in MODALITY_TOKENS) or any(
            k in given for k in MODALITY_PRICE_FIELDS
        )
        with QSignalBlocker(self.modality_button):
            self.modality_button.setChecked(uses or self.modality_button.isChecked())
        self._show_modality_rows(self.modality_button.isChecked())
        self.helper_error.setVisible(False)
        self._draw_priced()

    def _resolved(self) -> ResolvedPrice | None:
        """The analysis's prices of the edited block (None while the pitch cannot be priced)."""
        analysis = self.analysis()
        index = self._index
        if analysis is None or analysis.prepared is None or index is None:
            return None
        resolved = analysis.prepared.resolved
        return resolved[index] if index < len(resolved) else None

    def _problems(self) -> dict[str, str]:
        """Why the analysis cannot price the edited block, by field path within it (``model``, ``price.x``)."""
        analysis = self.analysis()
        out: dict[str, str] = {}
        if analysis is None or self._index is None:
            return out
        for error in analysis.errors:
            if block_index(error.field) == self._index:
                rest = error.field.split("]", 1)[1].lstrip(".")
                out.setdefault(rest, sentence(error.message))
        return out

    def _draw_priced(self) -> None:
        """What depends on the prices and the analysis: the model box, deployments, needs, problems, units."""
        block = self.block()
        if block is None or self._index is None:
            return
        resolved = self._resolved()
        problems = self._problems()
        self.pricing.draw(block, resolved, problems)
        has_requirement = self.capability.draw(block, resolved, problems)
        self._form.setRowVisible(self.capability.min_score, has_requirement)
        self.capability.status_widget.setVisible(has_requirement)
        shown_at_a_field = {"model", "deployment", "requires"}
        for key, field in self.fields.items():
            path = f"price.{key}" if key in PRICE_FIELDS else key
            field.set_problem(problems.get(path, ""))
            shown_at_a_field.add(path)
        rest = [
            f"{field_label(path)}: {reason}" if path else reason
            for path, reason in problems.items()
            if path not in shown_at_a_field
        ]
        self.problem_label.setText("\n".join(f"\u26a0 {r}" for r in rest))
        self.problem_label.setVisible(bool(rest))
        model = block.model or (resolved.model_id if resolved is not None else None)
        self.modality.draw(self._index, block, model)

    def _show_modality_rows(self, shown: bool) -> None:
        block = self.block()
        given = block.price.given() if block is not None and block.price else {}
        for spec in MODALITY_TOKEN_SPECS:
            self._form.setRowVisible(self._rows[spec.key], shown)
        for label in self._converter_rows:
            self._form.setRowVisible(label, shown)
        for key in MODALITY_PRICE_FIELDS:  # with the other prices, when the block uses speech or images
            self._form.setRowVisible(self._rows[key], shown or key in given)
        self.modality_button.setText("Hide audio and images" if shown else "Audio and images…")

    def _on_modality_button_toggled(self, checked: bool) -> None:
        self._show_modality_rows(checked)

    # -- user actions (view -> edits) ---------------------------------------------------------------
    def _edit(self, text: str, **changes: Any) -> bool:
        return self.edit(text, **changes)

    def _current(self) -> FeatureBlock | None:
        return self.block()

    def _on_name_edit_editing_finished(self) -> None:
        block = self._current()
        if block is None:
            return
        name = self.name_edit.text().strip()
        if name == self._shown_name:
            _hide_error(self.name_edit, self.name_error)
            return
        if not name:
            _show_error(self.name_edit, self.name_error, "A block needs a name; it was not changed")
            return
        try:
            changed = self._edit(f"Rename {block.name} to {name}", name=name)
        except ValidationError as exc:
            _show_error(self.name_edit, self.name_error, validation_reason(exc))
            return
        if not changed:
            self._draw()

    def _on_enabled_check_toggled(self, checked: bool) -> None:
        block = self._current()
        if block is None:
            return
        self._edit(f"{'Enable' if checked else 'Disable'} {block.name}", enabled=checked)

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
                _show_error(edit, self.helper_error, f"{what}: type a number (e.g. {edit.placeholderText()})")
                return
            try:
                values.append(parse_number(text))
            except ValueError as exc:
                _show_error(edit, self.helper_error, f"{what}: {exc}")
                return
        per_hour, hours = values
        if per_hour < 0:
            _show_error(self.per_hour_edit, self.helper_error, "Calls per hour: must be at least 0")
            return
        if not 0 <= hours <= 24:
            _show_error(self.hours_edit, self.helper_error, "Hours a day: must be between 0 and 24")
            return
        set_error_style(self.per_hour_edit, False)
        set_error_style(self.hours_edit, False)
        try:
            spec = FIELDS.spec(Group.BLOCK, "actions_per_day")
            changed = self._edit(spec.undo_text(block.name), actions_per_day=per_hour * hours)
        except ValidationError as exc:
            _show_error(self.hours_edit, self.helper_error, self._reason(exc, spec, block))
            return
        if not changed:
            self._draw()


def _show_error(edit: QLineEdit, label: QLabel, reason: str) -> None:
    label.setText(reason)
    label.setVisible(True)
    set_error_style(edit, True)


def _hide_error(edit: QLineEdit, label: QLabel) -> None:
    label.clear()
    label.setVisible(False)
    set_error_style(edit, False)
