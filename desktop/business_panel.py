"""The business panel: what a paying user pays, the margin wanted, the date prices are taken at, and how fast
prices fall (the decline scenario, with its source).

Two directions, never mixed (style.md): :meth:`BusinessPanel.show_pitch` (run on every ``pitch_changed``)
draws the document with the widgets' signals blocked; the ``_on_*`` handlers turn a user action into one
named document edit. Invalid values are refused inline with the reason (the pitch model decides validity).

The numeric fields (business and custom scenario) come from the field registry (``core.pitch.FIELDS``):
their labels, units, captions, tooltips and undo wording are written once, in core. The what-if sliders
preview on every frame of a drag and commit one undo step on release; a range the pitch gives that the
slider leaves is widened to hold the value, the same on both (``desktop.what_if``), and the panel says so.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QDate, QSignalBlocker, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.fields import FieldSpec, Group
from core.formatting import format_value
from core.pitch import FIELDS, CustomScenario, Pitch, with_changes
from core.price_data import PriceDataInfo, price_data_info
from core.scenarios import DeclineScenario, builtin_scenarios
from desktop.document import PitchDocument
from desktop.field_widgets import (
    ElidedComboBox,
    NumberField,
    align_units,
    caption_label,
    error_label,
    error_path,
    error_type,
    field_reason,
    format_number,
    make_form,
    row_label,
    section_label,
    set_error_style,
    toggled_ranges,
    validation_reason,
    with_unit,
)
from desktop.log_slider import LogSlider
from desktop.safety import plain_tooltip
from desktop.what_if import centred_span, undo_text, with_business_value

CUSTOM = "custom"
CUSTOM_TEXT = "Custom…"
DATE_FORMAT = "yyyy-MM-dd"  # ISO, as in the pitch file
MIN_DATE = QDate(2000, 1, 1)  # contract: as_of lies in 2000-01-01 .. 2099-12-31
MAX_DATE = QDate(2099, 12, 31)
SPECS: tuple[FieldSpec, ...] = tuple(FIELDS[Group.BUSINESS].values())
SCENARIO_SPECS = FIELDS[Group.SCENARIO]
# The what-if sliders: a business field each and an example for the tooltip. Each spans a decade either side
# of the pitch's own value (desktop/what_if.py says why), within the field's bounds.
SLIDERS = (
    (
        "price_per_user_month",
        "Example: drag to about $30 to see what a pricier plan does (USD per paying user-month).",
    ),
    (
        "usage_multiplier",
        "Example: drag to 2× for a heavy cohort (it scales every block's actions per day).",
    ),
)

SCENARIO_TIP = (
    "How fast the price of a fixed level of capability falls, as a factor per year "
    "(4x/yr: a quarter of the price a year later).\nExample: 10x every 18-24 months is 3.16-4.64x a year.\n"
    "Built-in scenarios come with their published source (Help > About and sources lists them).\n"
    "Default (contract): seed-rule, 10x every 18-24 months."
)


def price_data_words(info: PriceDataInfo) -> str:
    """``Prices: genai-prices data of 2026-11-09 + history 2026-02-17`` (an installed file says so)."""
    data = f"genai-prices data of {info.data_date.isoformat()}"
    if info.updated:
        data += " (updated from a file)"
    return f"Prices: {data} + history {info.history_date.isoformat()}"


def factor_range(low: float, high: float) -> str:
    """``3.16–4.64x/yr``, or ``10x/yr`` when both ends agree."""
    lo, hi = f"{low:.3g}", f"{high:.3g}"
    return f"{lo}x/yr" if lo == hi else f"{lo}–{hi}x/yr"


def scenario_text(scenario: DeclineScenario) -> str:
    return f"{scenario.name} ({factor_range(scenario.annual_decline_low, scenario.annual_decline_high)})"


class BusinessPanel(QWidget):
    """Edits the pitch's name, business figures, date and decline scenario."""

    def __init__(self, document: PitchDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self.today: Callable[[], date] = date.today  # tests may pin "today"
        self._shown_name = ""
        self._shown_date: date | None = None
        self._shown_custom_name = ""
        self._price_info = price_data_info()  # read once (a file): the analysis brings it up to date

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.content = QWidget()
        scroll.setWidget(self.content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self._build_form()
        document.pitch_changed.connect(self._on_document_pitch_changed)
        self.show_pitch()

    # -- construction -------------------------------------------------------------------------------
    def _build_form(self) -> None:
        form = make_form(self.content)
        self._form = form
        line = QLineEdit().sizeHint().height()
        self._line_height = line

        name_box, name_layout = self._vbox()
        self.name_edit = QLineEdit()
        self.name_edit.setToolTip(
            plain_tooltip(
                "The pitch's title in the window, reports and exports.\nExample: Always-on companion.\n"
                "Default: Untitled pitch for a new pitch (File > New)."
            )
        )
        self.name_edit.editingFinished.connect(self._on_name_edit_editing_finished)
        self.name_error = error_label()
        name_layout.addWidget(self.name_edit)
        name_layout.addWidget(self.name_error)
        self._add_row("Pitch name", name_box)

        form.addRow(section_label("Business"))
        self.fields: dict[str, NumberField] = {}
        for spec in SPECS:
            field = NumberField(
                unit=spec.unit,
                caption=spec.caption,
                tooltip=spec.tooltip,
                scale=spec.display_scale,
                with_range=spec.rangeable,
            )
            field.setObjectName(spec.key)
            field.edit.setAccessibleName(spec.label)
            field.committed.connect(partial(self._on_field_committed, spec))
            field.range_toggled.connect(partial(self._on_field_range_toggled, spec))
            field.range_committed.connect(partial(self._on_field_range_committed, spec))
            self.fields[spec.key] = field
            self._add_row(spec.label, field, spec.tooltip).setBuddy(field.edit)
        align_units(self.fields.values())

        form.addRow(section_label("Date and price decline"))
        date_box, date_layout = self._vbox()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat(DATE_FORMAT)
        self.date_edit.setDateRange(MIN_DATE, MAX_DATE)
        self.date_edit.setAccessibleName("As-of date")
        self._date_palette = QPalette(self.date_edit.palette())
        self.date_edit.editingFinished.connect(self._on_date_edit_editing_finished)
        self.date_edit.calendarWidget().clicked.connect(self._on_date_calendar_clicked)
        self.date_edit.calendarWidget().activated.connect(self._on_date_calendar_clicked)
        self.today_button = QToolButton()
        self.today_button.setText("Today")
        self.today_button.setToolTip(
            plain_tooltip(
                "Take prices at today's date and save it in the file.\nExample: 2026-11-26 on that day.\n"
                "Default: a pitch without a date is priced at today's date anyway; this writes the date in."
            )
        )
        self.today_button.clicked.connect(self._on_today_button_clicked)
        row.addWidget(self.date_edit, 1)
        row.addWidget(self.today_button)
        date_layout.addLayout(row)
        self.date_caption = caption_label()
        date_layout.addWidget(self.date_caption)
        # The prices' own date beside the date they are taken at (contract 6.5): a pitch dated after the
        # data knows prices is priced at the newest known ones, and says so.
        self.price_data = caption_label()
        self.price_data.setObjectName("priceData")
        date_layout.addWidget(self.price_data)
        self.price_data_stale = error_label()
        self.price_data_stale.setObjectName("priceDataStale")
        date_layout.addWidget(self.price_data_stale)
        date_tip = (
            "The day prices are taken at and where every projection starts (ISO date, 2000-01-01 to "
            "2099-12-31).\nExample: 2026-11-26.\nDefault (contract): today's date, written into the file "
            "when you save."
        )
        self.date_edit.setToolTip(plain_tooltip(date_tip))
        self._add_row("As of", date_box, date_tip)

        scenario_box, scenario_layout = self._vbox()
        self.scenario_combo = ElidedComboBox()
        self.scenario_combo.setSizeAdjustPolicy(
            ElidedComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.scenario_combo.setMinimumContentsLength(14)
        for sid, scenario in builtin_scenarios().items():
            self.scenario_combo.addItem(scenario_text(scenario), sid)
            index = self.scenario_combo.count() - 1
            self.scenario_combo.setItemData(
                index,
                plain_tooltip(f"{scenario.source}\n{scenario.notes}".strip()),
                Qt.ItemDataRole.ToolTipRole,
            )
        self.scenario_combo.addItem(CUSTOM_TEXT, CUSTOM)
        self.scenario_combo.view().setMinimumWidth(self.scenario_combo.view().sizeHintForColumn(0) + 24)
        self.scenario_combo.activated.connect(self._on_scenario_combo_activated)
        self.scenario_source = caption_label()
        self.scenario_error = error_label()
        scenario_layout.addWidget(self.scenario_combo)
        scenario_layout.addWidget(self.scenario_source)
        scenario_layout.addWidget(self.scenario_error)
        self.scenario_combo.setToolTip(plain_tooltip(SCENARIO_TIP))
        self._add_row("Scenario", scenario_box, SCENARIO_TIP)

        # The custom scenario's own fields, shown when the pitch has one.
        custom_name_box, custom_name_layout = self._vbox()
        self.custom_name_edit = QLineEdit()
        self.custom_name_edit.setToolTip(
            plain_tooltip(
                "A name for your scenario, shown beside the projection.\nExample: Our vendor's roadmap.\n"
                "Default: Custom scenario."
            )
        )
        self.custom_name_edit.editingFinished.connect(self._on_custom_name_edit_editing_finished)
        self.custom_name_error = error_label()
        custom_name_layout.addWidget(self.custom_name_edit)
        custom_name_layout.addWidget(self.custom_name_error)
        self._custom_rows = [self._add_row("Scenario name", custom_name_box)]
        self.custom_fields: dict[str, NumberField] = {}
        for key, spec in SCENARIO_SPECS.items():
            field = NumberField(unit=spec.unit, caption=spec.caption, tooltip=spec.tooltip)
            field.setObjectName(key)
            field.edit.setAccessibleName(spec.label)
            field.committed.connect(partial(self._on_custom_field_committed, key))
            self.custom_fields[key] = field
            self._custom_rows.append(self._add_row(spec.label, field, spec.tooltip))
        align_units(self.custom_fields.values())

        # What-if sliders: drag to watch the verdict move; the drag is one undo step. The value shows beside
        # the slider as it moves; the slider spans a decade either side of the pitch's value.
        self._form.addRow(section_label("What if"))
        self.sliders: dict[str, LogSlider] = {}
        self.slider_values: dict[str, QLabel] = {}
        self._slid: dict[str, float] = {}  # the value each slider last committed (not re-centred for it)
        self._slider_examples: dict[str, str] = {}
        for key, example in SLIDERS:
            spec = FIELDS.spec(Group.BUSINESS, key)
            slider = LogSlider(*centred_span(spec.default or 1.0))
            slider.setObjectName(f"{key}_slider")
            slider.setAccessibleName(f"{spec.label} slider")
            slider.previewed.connect(partial(self._on_slider_previewed, key))
            slider.committed.connect(partial(self._on_slider_committed, key))
            readout = QLabel()
            readout.setTextFormat(Qt.TextFormat.PlainText)
            readout.setObjectName(f"{key}_value")
            readout.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            readout.setMinimumWidth(readout.fontMetrics().horizontalAdvance("$99,999.00") + 4)
            bold = readout.font()
            bold.setBold(True)
            readout.setFont(bold)
            box = QWidget()
            row = QHBoxLayout(box)
            row.setContentsMargins(0, 0, 0, 0)
            row.setSpacing(8)
            row.addWidget(slider, 1)
            row.addWidget(readout)
            self.sliders[key] = slider
            self.slider_values[key] = readout
            self._slider_examples[key] = example
            self._add_row(spec.label, box)
        self.slider_note = caption_label("")
        self.slider_note.setObjectName("sliderNote")
        self.slider_note.setVisible(False)
        self._form.addRow(self.slider_note)

    def _show_slider(self, key: str, value: float) -> None:
        """Put ``value`` on its slider (re-centred unless the slider itself just set it, well inside its
        span) and beside it."""
        spec = FIELDS.spec(Group.BUSINESS, key)
        slider = self.sliders[key]
        self.slider_values[key].setText(format_value(spec, value))
        if slider.isSliderDown():
            return  # the drag owns the handle
        if self._slid.get(key) == value and not slider.at_edge(value):
            slider.set_value(value)
            return
        self._slid.pop(key, None)
        slider.centre_on(value, bounds=(spec.low, spec.high))
        low, high = slider.span()
        tip = (
            f"Drag to try another {spec.noun}: {format_value(spec, low)} to {format_value(spec, high)}, a decade "
            f"either side of the pitch's (logarithmic); release to keep it (one undo step).\n"
            f"{self._slider_examples[key]}\n"
            "Further: type the value above (the slider centres on it), or release at an end to go on from there.\n"
            "Past a 90% range the pitch gives, the range widens to hold the value.\n"
            f"Default: it sits at the {spec.noun} typed above."
        )
        slider.setToolTip(plain_tooltip(tip))
        self.slider_values[key].setToolTip(plain_tooltip(f"{spec.label} now. {tip}"))

    def _slide(self, key: str, value: float, *, commit: bool) -> None:
        """The same what-if on every frame of a drag (a preview) and on its release (one undo step)."""
        base = self._document.preview_base
        try:
            pitch, note = with_business_value(base, key, value)
        except ValidationError as exc:  # outside the field's own bounds (no slider offers one): refused
            self._document.cancel_preview()
            spec = FIELDS.spec(Group.BUSINESS, key)
            self.fields[key].show_error(self._reason(exc, spec))
            return
        spec = FIELDS.spec(Group.BUSINESS, key)
        self.slider_note.setText(f"{spec.label} past the pitch's range: {note}." if note else "")
        self.slider_note.setVisible(bool(note))
        if commit:
            self._slid[key] = value
            self._document.edit(pitch, undo_text(key, note))
            # (a release on the value the last frame previewed changes no pitch, so nothing redraws the
            # slider: it is re-centred here when the drag ended at an end)
            self._show_slider(key, getattr(self._document.pitch.business, key))
        else:
            self._document.preview(pitch)

    def _on_slider_previewed(self, key: str, value: float) -> None:
        self._slide(key, value, commit=False)

    def _on_slider_committed(self, key: str, value: float) -> None:
        self._slide(key, value, commit=True)

    def _vbox(self) -> tuple[QWidget, QVBoxLayout]:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        return box, layout

    def _add_row(self, text: str, field: QWidget, tooltip: str = "") -> QLabel:
        label = row_label(text, tooltip=tooltip, line_height=self._line_height)
        label.setBuddy(field)
        self._form.addRow(label, field)
        return label

    # -- drawing (model -> view) --------------------------------------------------------------------
    def show_price_data(self, info: PriceDataInfo) -> None:
        """The price data the last analysis used (its date beside As of, and whether it is too old)."""
        if info != self._price_info:
            self._price_info = info
            self._draw_date(self._document.pitch)

    def _on_document_pitch_changed(self, _pitch: object) -> None:
        self.show_pitch()

    def show_pitch(self) -> None:
        """Draw the document's pitch."""
        pitch = self._document.pitch
        self._shown_name = pitch.name
        with QSignalBlocker(self.name_edit):
            self.name_edit.setText(pitch.name)
            self.name_edit.setCursorPosition(0)
        _hide_error(self.name_edit, self.name_error)
        business = pitch.business
        for spec in SPECS:
            field = self.fields[spec.key]
            field.set_value(getattr(business, spec.key))
            interval = business.ranges.get(spec.key)
            field.set_range_available(spec.rangeable or interval is not None)
            field.set_range(interval)
        for key in self.sliders:
            self._show_slider(key, getattr(business, key))
        self._draw_date(pitch)
        self._draw_scenario(pitch)

    def _draw_date(self, pitch: Pitch) -> None:
        shown = pitch.effective_as_of(self.today())
        self._shown_date = shown
        info = self._price_info
        self.price_data.setText(price_data_words(info))
        self.price_data.setToolTip(plain_tooltip(info.describe()))
        stale = info.stale_warning(shown)
        self.price_data_stale.setText(f"{stale[:1].upper()}{stale[1:]}." if stale else "")
        self.price_data_stale.setVisible(bool(stale))
        with QSignalBlocker(self.date_edit):
            self.date_edit.setDate(QDate(shown.year, shown.month, shown.day))
        palette = QPalette(self._date_palette)
        if pitch.as_of is None:  # greyed: a date the file does not hold yet
            palette.setColor(QPalette.ColorRole.Text, palette.color(QPalette.ColorRole.PlaceholderText))
            self.date_caption.setText("Today (not saved in the file until you save).")
        else:
            self.date_caption.setText("Prices are taken at this date; projections start here.")
        self.date_edit.setPalette(palette)

    def _draw_scenario(self, pitch: Pitch) -> None:
        scenario = pitch.scenario
        custom = scenario if isinstance(scenario, CustomScenario) else None
        index = self.scenario_combo.findData(CUSTOM if custom else scenario)
        with QSignalBlocker(self.scenario_combo):
            self.scenario_combo.setCurrentIndex(index)
        now = (
            f"{custom.name} ({factor_range(custom.annual_decline_low, custom.annual_decline_high)}), "
            f"source: {custom.source or 'user-defined in the pitch'}"
            if custom is not None
            else self.scenario_combo.currentText()
        )
        self.scenario_combo.setToolTip(plain_tooltip(f"Now: {now}\n\n{SCENARIO_TIP}"))
        _hide_error(None, self.scenario_error)
        if custom is None:
            builtin = builtin_scenarios()[str(scenario)]
            self.scenario_source.setText(f"Source: {builtin.source}")
        else:
            self.scenario_source.setText(
                f"{custom.name}: {factor_range(custom.annual_decline_low, custom.annual_decline_high)}. "
                f"Source: {custom.source or 'user-defined in the pitch'}"
            )
            self._shown_custom_name = custom.name
            with QSignalBlocker(self.custom_name_edit):
                self.custom_name_edit.setText(custom.name)
                self.custom_name_edit.setCursorPosition(0)
            _hide_error(self.custom_name_edit, self.custom_name_error)
            self.custom_fields["annual_decline_low"].set_value(custom.annual_decline_low)
            self.custom_fields["annual_decline_high"].set_value(custom.annual_decline_high)
        for label in self._custom_rows:
            self._form.setRowVisible(label, custom is not None)

    # -- user actions (view -> edits) ---------------------------------------------------------------
    def _on_name_edit_editing_finished(self) -> None:
        name = self.name_edit.text().strip()
        if name == self._shown_name:
            _hide_error(self.name_edit, self.name_error)
            return
        if not name:
            _show_error(self.name_edit, self.name_error, "A pitch needs a name; it was not changed")
            return
        self._try(
            lambda: self._document.edit_fields("Change pitch name", name=name),
            self.name_edit,
            self.name_error,
        )

    def _on_field_committed(self, spec: FieldSpec, value: float | None) -> None:
        field = self.fields[spec.key]
        try:
            changed = self._document.edit_business(spec.undo_text(), **{spec.key: value})
        except ValidationError as exc:
            field.show_error(self._reason(exc, spec))
            return
        if not changed:
            self.show_pitch()  # the same value typed differently: show it as the model has it

    def _reason(self, exc: ValidationError, spec: FieldSpec, *, in_range: bool = False) -> str:
        return field_reason(exc, self.fields[spec.key], spec, in_range=in_range)

    def _on_field_range_toggled(self, spec: FieldSpec, checked: bool) -> None:
        business = self._document.pitch.business
        field = self.fields[spec.key]
        try:
            value = float(getattr(business, spec.key))
            ranges = toggled_ranges(
                business.ranges, spec.key, value, checked=checked, fraction=spec.is_fraction
            )
        except ValueError as exc:
            field.set_range(None)
            field.show_error(str(exc), in_range=True)
            return
        text = f"{'Add a range to' if checked else 'Remove the range of'} {spec.noun}"
        try:
            self._document.edit_business(text, ranges=ranges)
        except ValidationError as exc:
            field.set_range(business.ranges.get(spec.key))
            field.show_error(self._reason(exc, spec, in_range=True), in_range=True)

    def _on_field_range_committed(self, spec: FieldSpec, low: float, high: float) -> None:
        ranges = {**self._document.pitch.business.ranges, spec.key: (low, high)}
        try:
            changed = self._document.edit_business(f"Change the range of {spec.noun}", ranges=ranges)
        except ValidationError as exc:
            self.fields[spec.key].show_error(self._reason(exc, spec, in_range=True), in_range=True)
            return
        if not changed:
            self.show_pitch()

    def _commit_date(self, day: date, *, explicit: bool) -> None:
        pitch = self._document.pitch
        if pitch.as_of == day or (not explicit and day == self._shown_date):
            return  # unchanged, or focus left the greyed "today" without a choice: the file stays dateless
        self._document.edit_fields("Change the as-of date", as_of=day)

    def _on_date_edit_editing_finished(self) -> None:
        self._commit_date(self.date_edit.date().toPython(), explicit=False)

    def _on_date_calendar_clicked(self, day: QDate) -> None:
        self._commit_date(day.toPython(), explicit=True)

    def _on_today_button_clicked(self) -> None:
        self._commit_date(self.today(), explicit=True)

    def _on_scenario_combo_activated(self, index: int) -> None:
        pitch = self._document.pitch
        sid = self.scenario_combo.itemData(index)
        if sid == CUSTOM:
            if isinstance(pitch.scenario, CustomScenario):
                return
            start = builtin_scenarios()[str(pitch.scenario)]
            # Start from the scenario in use, rounded for typing; the user then edits the factors.
            scenario: Any = CustomScenario(
                name="Custom scenario",
                annual_decline_low=round(start.annual_decline_low, 2),
                annual_decline_high=round(start.annual_decline_high, 2),
            )
            text = "Use a custom decline scenario"
        else:
            scenario = sid
            text = "Change the decline scenario"
        self._try(lambda: self._document.edit_fields(text, scenario=scenario), None, self.scenario_error)

    def _on_custom_name_edit_editing_finished(self) -> None:
        custom = self._document.pitch.scenario
        if not isinstance(custom, CustomScenario):
            return
        name = self.custom_name_edit.text().strip()
        if name == self._shown_custom_name:
            _hide_error(self.custom_name_edit, self.custom_name_error)
            return
        if not name:
            _show_error(
                self.custom_name_edit, self.custom_name_error, "A scenario needs a name; it was not changed"
            )
            return
        self._try(
            lambda: self._document.edit_fields(
                "Rename the custom scenario", scenario=with_changes(custom, name=name)
            ),
            self.custom_name_edit,
            self.custom_name_error,
        )

    def _on_custom_field_committed(self, key: str, value: float | None) -> None:
        custom = self._document.pitch.scenario
        if not isinstance(custom, CustomScenario) or value is None:
            return
        field = self.custom_fields[key]
        spec = SCENARIO_SPECS[key]
        try:
            scenario = with_changes(custom, **{key: value})
            changed = self._document.edit_fields(spec.undo_text(), scenario=scenario)
        except ValidationError as exc:
            reason = validation_reason(exc, unit=field.unit)
            # The scenario's own check (its path and type say which): slow at most fast.
            if error_type(exc) == "value_error" and error_path(exc) == "annual_decline_low":
                slow, fast = SCENARIO_SPECS["annual_decline_low"], SCENARIO_SPECS["annual_decline_high"]
                if key == "annual_decline_low":
                    limit = with_unit(format_number(custom.annual_decline_high), fast.unit)
                    reason = f"Must not be above the {fast.noun} ({limit})"
                else:
                    limit = with_unit(format_number(custom.annual_decline_low), slow.unit)
                    reason = f"Must not be below the {slow.noun} ({limit})"
            field.show_error(reason)
            return
        if not changed:
            self.show_pitch()

    def _try(self, edit: Callable[[], bool], line: QLineEdit | None, label: QLabel) -> None:
        try:
            changed = edit()
        except ValidationError as exc:
            _show_error(line, label, validation_reason(exc))
            return
        if not changed:
            self.show_pitch()


def _show_error(edit: QLineEdit | None, label: QLabel, reason: str) -> None:
    label.setText(reason)
    label.setVisible(True)
    if edit is not None:
        set_error_style(edit, True)


def _hide_error(edit: QLineEdit | None, label: QLabel) -> None:
    label.clear()
    label.setVisible(False)
    if edit is not None:
        set_error_style(edit, False)
