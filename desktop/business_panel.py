"""The business panel: what a paying user pays, the margin wanted, the date prices are taken at, and how fast
prices fall (the decline scenario, with its source).

Two directions, never mixed (docs/style): :meth:`BusinessPanel.show_pitch` (run on every ``pitch_changed``)
draws the document with the widgets' signals blocked; the ``_on_*`` handlers turn a user action into one
named document edit. Invalid values are refused inline with the reason (the pitch model decides validity).
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

from core.pitch import FIELDS, CustomScenario, Pitch, with_changes
from core.scenarios import DeclineScenario, builtin_scenarios
from desktop.document import PitchDocument
from desktop.field_widgets import (
    ElidedComboBox,
    NumberField,
    align_units,
    caption_label,
    error_label,
    field_reason,
    format_number,
    make_form,
    row_label,
    section_label,
    set_error_style,
    toggled_ranges,
    validation_reason,
)
from desktop.log_slider import LogSlider
from desktop.safety import plain_tooltip

CUSTOM = "custom"
CUSTOM_TEXT = "Custom…"
DATE_FORMAT = "yyyy-MM-dd"  # ISO, as in the pitch file
MIN_DATE = QDate(2000, 1, 1)  # contract: as_of lies in 2000-01-01 .. 2099-12-31
MAX_DATE = QDate(2099, 12, 31)
# Ranges the contract names for the business (section 1); a range the file gives on another field is shown too.
OFFERED_RANGES = ("price_per_user_month", "usage_multiplier")


class _Spec:
    """One numeric business field: label, name in undo texts, unit, caption, tooltip."""

    def __init__(self, key: str, label: str, noun: str, unit: str, caption: str, tooltip: str) -> None:
        self.key, self.label, self.noun, self.unit, self.caption, self.tooltip = (
            key,
            label,
            noun,
            unit,
            caption,
            tooltip,
        )

    @property
    def percent(self) -> bool:
        spec = FIELDS.find(self.key)
        return spec is not None and spec.is_fraction


SCENARIO_TIP = (
    "How fast the price of a fixed level of capability falls, as a factor per year "
    "(4x/yr: a quarter of the price a year later).\nExample: 10x every 18-24 months is 3.16-4.64x a year.\n"
    "Built-in scenarios come with their published source (Help > About and sources lists them).\n"
    "Default (contract): seed-rule, 10x every 18-24 months."
)

# Examples: the contract's example pitch and resources/examples/default.pitch.json (whose notes give sources).
SPECS: tuple[_Spec, ...] = (
    _Spec(
        "price_per_user_month",
        "Price",
        "price per user-month",
        "USD / mo",
        "What a paying user pays a month.",
        "USD per paying user per month, before fees.\nExample: $20 (a common consumer AI subscription); "
        "$9.99 in the study-buddy example.\nNo default: required (contract), 0.01 to 1,000,000,000.",
    ),
    _Spec(
        "target_gross_margin",
        "Target margin",
        "target gross margin",
        "%",
        "Share of revenue kept after cost of goods.",
        "The gross margin the business needs, in percent of revenue.\nExample: 70% (the contract's example); "
        "60% is common for AI software, below classic SaaS's 75-80%.\nNo default: required (contract), 0 to below 100%.",
    ),
    _Spec(
        "inference_share_of_cogs",
        "Inference share",
        "inference share of cost",
        "%",
        "Inference's part of the cost of goods.",
        "Percent of the cost of goods that is model inference (hosting, storage and support are the rest).\n"
        "Example: 90%.\nDefault: 100% (contract): all of the cost budget goes to inference.",
    ),
    _Spec(
        "active_days_per_month",
        "Active days",
        "active days per month",
        "days",
        "Days a month a user is active.",
        "Days per month on which a user uses the product; blocks count their actions per active day.\n"
        "Example: 12 (a DAU/MAU ratio of about 0.4).\nDefault: 30 (contract); at most 31.",
    ),
    _Spec(
        "usage_multiplier",
        "Usage multiplier",
        "usage multiplier",
        "×",
        "Scales every block's actions per day.",
        "Multiplies every block's actions per day: above 1 for a power user or a heavy month.\n"
        "Example: 2 for a heavy cohort.\nDefault: 1 (contract). Its range is one draw shared by all blocks.",
    ),
    _Spec(
        "free_users_per_paying_user",
        "Free users",
        "free users per paying user",
        "per payer",
        "Free users each paying user carries.",
        "Free users whose inference each paying user pays for.\n"
        "Example: 12 when about 8% of monthly users pay.\nDefault: 0 (contract).",
    ),
    _Spec(
        "payment_fee_fraction",
        "Payment fee",
        "payment fee",
        "%",
        "App-store or payment fees taken from the price.",
        "Percent of the price taken by app stores or payment processors.\n"
        "Example: 15% (app-store subscriptions after the first year), about 3% for card payments.\n"
        "Default: 0% (contract): below 100%.",
    ),
)
_SPECS_BY_KEY = {spec.key: spec for spec in SPECS}


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
                scale=100.0 if spec.percent else 1.0,
                with_range=spec.key in OFFERED_RANGES,
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
        for key, label, caption in (
            ("annual_decline_low", "Slow factor", "Price falls this many times a year (slow)."),
            ("annual_decline_high", "Fast factor", "… and this many times (fast)."),
        ):
            field = NumberField(
                unit="×/yr",
                caption=caption,
                tooltip=(
                    "A factor per year: 4 means the price a year later is a quarter of today's.\n"
                    "Example: 3.16 to 4.64 is the seed essay's 10x every 18-24 months.\n"
                    "Allowed (contract): 1.001 to 1,000, slow at most fast.\n"
                    "Default: the factors of the scenario in use when you chose Custom…, rounded."
                ),
            )
            field.setObjectName(key)
            field.edit.setAccessibleName(label)
            field.committed.connect(partial(self._on_custom_field_committed, key))
            self.custom_fields[key] = field
            self._custom_rows.append(self._add_row(label, field))
        align_units(self.custom_fields.values())

        # What-if sliders: drag to watch the verdict move; the drag is one undo step.
        self._form.addRow(section_label("What if"))
        self.sliders: dict[str, LogSlider] = {}
        for key, label, low, high, noun, example in (
            (
                "price_per_user_month",
                "Price",
                0.5,
                100_000.0,
                "price per user-month",
                "Example: drag to about $30 to see what a pricier plan does (USD per paying user-month).",
            ),
            (
                "usage_multiplier",
                "Usage",
                0.1,
                10.0,
                "usage multiplier",
                "Example: drag to 2× for a heavy cohort (it scales every block's actions per day).",
            ),
        ):
            slider = LogSlider(low, high)
            slider.setObjectName(f"{key}_slider")
            slider.setAccessibleName(f"{label} slider")
            slider.setToolTip(
                plain_tooltip(
                    f"Drag to try another {noun} ({format_number(low)} to {format_number(high)}, "
                    f"logarithmic); release to keep it (one undo step).\n{example}\n"
                    f"Default: it sits at the {noun} typed above."
                )
            )
            slider.previewed.connect(partial(self._on_slider_previewed, key))
            slider.committed.connect(partial(self._on_slider_committed, key, noun))
            self.sliders[key] = slider
            self._add_row(label, slider)

    def _on_slider_previewed(self, key: str, value: float) -> None:
        pitch = self._document.pitch
        self._document.preview(with_changes(pitch, business=with_changes(pitch.business, **{key: value})))

    def _on_slider_committed(self, key: str, noun: str, value: float) -> None:
        pitch = self._document.pitch
        try:
            new = with_changes(pitch, business=with_changes(pitch.business, **{key: value}))
        except ValidationError as exc:  # e.g. the value leaves the range given for it
            self._document.cancel_preview()
            self.fields[key].show_error(self._reason(exc, _SPECS_BY_KEY[key]))
            return
        self._document.edit(new, f"Change {noun}")

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
            field.set_range_available(spec.key in OFFERED_RANGES or interval is not None)
            field.set_range(interval)
        for key, slider in self.sliders.items():
            if not slider.isSliderDown():
                slider.set_value(getattr(business, key))
        self._draw_date(pitch)
        self._draw_scenario(pitch)

    def _draw_date(self, pitch: Pitch) -> None:
        shown = pitch.effective_as_of(self.today())
        self._shown_date = shown
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

    def _on_field_committed(self, spec: _Spec, value: float | None) -> None:
        field = self.fields[spec.key]
        try:
            changed = self._document.edit_business(f"Change {spec.noun}", **{spec.key: value})
        except ValidationError as exc:
            field.show_error(self._reason(exc, spec))
            return
        if not changed:
            self.show_pitch()  # the same value typed differently: show it as the model has it

    def _reason(self, exc: ValidationError, spec: _Spec, *, in_range: bool = False) -> str:
        return field_reason(
            exc, self.fields[spec.key], spec.key, spec.unit, percent=spec.percent, in_range=in_range
        )

    def _on_field_range_toggled(self, spec: _Spec, checked: bool) -> None:
        business = self._document.pitch.business
        field = self.fields[spec.key]
        try:
            value = float(getattr(business, spec.key))
            ranges = toggled_ranges(business.ranges, spec.key, value, checked=checked, fraction=spec.percent)
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

    def _on_field_range_committed(self, spec: _Spec, low: float, high: float) -> None:
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
        which = "slow" if key == "annual_decline_low" else "fast"
        try:
            scenario = with_changes(custom, **{key: value})
            changed = self._document.edit_fields(f"Change the {which} decline factor", scenario=scenario)
        except ValidationError as exc:
            reason = validation_reason(exc, unit=field.unit)
            if "is above annual_decline_high" in reason:
                if which == "slow":
                    reason = (
                        f"Must not be above the fast factor ({format_number(custom.annual_decline_high)}×/yr)"
                    )
                else:
                    reason = (
                        f"Must not be below the slow factor ({format_number(custom.annual_decline_low)}×/yr)"
                    )
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
