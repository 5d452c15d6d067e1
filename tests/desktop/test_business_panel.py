"""The business panel, both ways: the document drawn into the fields, and typing turned into one named edit.

The example pitch (resources/examples/default.pitch.json): $9.99 a month, 60% target margin, inference 90%
of cost, 12 active days, usage multiplier 1 with a range of [0.5, 2], 12 free users per payer, 15% payment
fee, as of 2026-11-26, scenario seed-rule.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDateTimeEdit, QLineEdit
from pytestqt.qtbot import QtBot

from core.pitch import CustomScenario, Pitch, with_changes
from core.pitch_io import load_pitch
from desktop.business_panel import CUSTOM, BusinessPanel
from desktop.document import PitchDocument

EXAMPLE = Path(__file__).resolve().parents[2] / "resources" / "examples" / "default.pitch.json"


@pytest.fixture
def pitch() -> Pitch:
    return load_pitch(EXAMPLE)


@pytest.fixture
def document(pitch: Pitch) -> PitchDocument:
    return PitchDocument(pitch)


@pytest.fixture
def panel(qtbot: QtBot, document: PitchDocument) -> BusinessPanel:
    widget = BusinessPanel(document)
    qtbot.addWidget(widget)
    return widget


def type_into(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.selectAll()
    if text:
        qtbot.keyClicks(edit, text)
    else:
        qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def choose_scenario(panel: BusinessPanel, data: str) -> None:
    """Pick a row of the scenario list as the user does (the list emits ``activated``)."""
    index = panel.scenario_combo.findData(data)
    assert index >= 0
    panel.scenario_combo.setCurrentIndex(index)
    panel.scenario_combo.activated.emit(index)


# -- model -> view ------------------------------------------------------------------------------------


def test_shows_the_business(panel: BusinessPanel) -> None:
    shown = {key: field.edit.text() for key, field in panel.fields.items()}
    assert shown == {
        "price_per_user_month": "9.99",
        "target_gross_margin": "60",  # 0.6 shown as a percentage
        "inference_share_of_cogs": "90",
        "active_days_per_month": "12",
        "usage_multiplier": "1",
        "free_users_per_paying_user": "12",
        "payment_fee_fraction": "15",
    }
    assert panel.name_edit.text() == "AI study buddy"
    assert panel.fields["usage_multiplier"].range_check.isChecked()
    assert (
        panel.fields["usage_multiplier"].low_edit.text(),
        panel.fields["usage_multiplier"].high_edit.text(),
    ) == (
        "0.5",
        "2",
    )
    assert panel.date_edit.date() == QDate(2026, 11, 26)
    assert panel.scenario_combo.currentData() == "seed-rule"
    assert "(3.16–4.64x/yr)" in panel.scenario_combo.currentText()  # 10**(12/24) and 10**(12/18)
    assert panel.scenario_source.text() == "Source: seed essay 'Compute Is the Root of Everything'"


def test_ranges_are_offered_where_the_field_registry_allows_them(panel: BusinessPanel) -> None:
    from core.fields import Group
    from core.pitch import FIELDS

    offered = {key for key, field in panel.fields.items() if not field.range_check.isHidden()}
    assert offered == set(FIELDS.rangeable(Group.BUSINESS))  # the registry decides, not the panel
    assert {"price_per_user_month", "usage_multiplier"} <= offered  # the contract's two, at least


def test_undo_redraws_every_kind_of_field(
    qtbot: QtBot, panel: BusinessPanel, document: PitchDocument
) -> None:
    type_into(qtbot, panel.fields["target_gross_margin"].edit, "70")
    choose_scenario(panel, "llmflation")
    panel.today = lambda: date(2027, 3, 1)
    panel.today_button.click()
    assert document.undo_stack.count() == 3
    document.undo_stack.undo()
    assert panel.date_edit.date() == QDate(2026, 11, 26)
    document.undo_stack.undo()
    assert panel.scenario_combo.currentData() == "seed-rule"
    document.undo_stack.undo()
    assert panel.fields["target_gross_margin"].edit.text() == "60"


# -- user action -> model -----------------------------------------------------------------------------


def test_margin_typed_as_a_percentage_is_stored_as_a_fraction(
    qtbot: QtBot, panel: BusinessPanel, document: PitchDocument
) -> None:
    type_into(qtbot, panel.fields["target_gross_margin"].edit, "70")
    assert document.pitch.business.target_gross_margin == 0.7
    assert document.undo_stack.count() == 1
    assert document.undo_stack.text(0) == "Change target gross margin"


def test_price_per_user_month(qtbot: QtBot, panel: BusinessPanel, document: PitchDocument) -> None:
    type_into(qtbot, panel.fields["price_per_user_month"].edit, "$12.50")
    assert document.pitch.business.price_per_user_month == 12.5
    assert document.undo_stack.text(0) == "Change price per user-month"


@pytest.mark.parametrize("typed", ["60", "60.0", "60 %"])
def test_an_unchanged_value_pushes_no_step(
    qtbot: QtBot, panel: BusinessPanel, document: PitchDocument, typed: str
) -> None:
    type_into(qtbot, panel.fields["target_gross_margin"].edit, typed)
    assert document.undo_stack.count() == 0
    assert panel.fields["target_gross_margin"].edit.text() == "60"


@pytest.mark.parametrize(
    ("key", "typed", "reason"),
    [
        ("target_gross_margin", "100", "Must be below 100%"),
        ("target_gross_margin", "abc", "'abc' is not a number"),
        ("inference_share_of_cogs", "0", "Must be above 0%"),
        ("price_per_user_month", "0", "Must be at least 0.01 USD / mo"),
        ("price_per_user_month", "nan", "finite number"),
        ("active_days_per_month", "32", "Must be at most 31 days"),
        ("free_users_per_paying_user", "-1", "Must be at least 0"),
        ("payment_fee_fraction", "", "A value is required"),
        ("usage_multiplier", "5", "outside its range [0.5, 2]; change the range first"),
    ],
)
def test_invalid_input_is_refused_inline(
    qtbot: QtBot, panel: BusinessPanel, document: PitchDocument, key: str, typed: str, reason: str
) -> None:
    before = document.pitch
    type_into(qtbot, panel.fields[key].edit, typed)
    assert reason in panel.fields[key].error_text()
    assert panel.fields[key].error.isVisibleTo(panel)
    assert document.pitch == before
    assert document.undo_stack.count() == 0


def test_pitch_name(qtbot: QtBot, panel: BusinessPanel, document: PitchDocument) -> None:
    type_into(qtbot, panel.name_edit, "Study buddy")
    assert document.pitch.name == "Study buddy"
    assert document.undo_stack.text(0) == "Change pitch name"
    type_into(qtbot, panel.name_edit, "")
    assert "needs a name" in panel.name_error.text()
    assert document.pitch.name == "Study buddy"
    assert document.undo_stack.count() == 1


def test_range_toggle_writes_the_price_range(
    qtbot: QtBot, panel: BusinessPanel, document: PitchDocument
) -> None:
    field = panel.fields["price_per_user_month"]
    field.range_check.click()
    # Half to twice $9.99 to two significant figures outward: 4.995 -> 4.9, 19.98 -> 20.
    assert document.pitch.business.ranges["price_per_user_month"] == (4.9, 20)
    assert document.undo_stack.text(0) == "Add a range to price per user-month"
    type_into(qtbot, field.low_edit, "8")
    assert document.pitch.business.ranges["price_per_user_month"] == (8, 20)
    type_into(qtbot, field.low_edit, "11")  # above the value 9.99
    assert "outside its range" in field.error_text()
    assert document.pitch.business.ranges["price_per_user_month"] == (8, 20)
    field.range_check.click()
    assert "price_per_user_month" not in document.pitch.business.ranges
    assert document.undo_stack.count() == 3


# -- the date -----------------------------------------------------------------------------------------


def test_no_date_shows_today_greyed_and_says_it_is_not_saved(qtbot: QtBot, pitch: Pitch) -> None:
    document = PitchDocument(with_changes(pitch, as_of=None))
    panel = BusinessPanel(document)
    qtbot.addWidget(panel)
    today = date.today()
    assert panel.date_edit.date().toPython() == today
    assert "not saved in the file until you save" in panel.date_caption.text()
    palette = panel.date_edit.palette()
    assert palette.color(palette.ColorRole.Text) == palette.color(palette.ColorRole.PlaceholderText)
    panel.date_edit.editingFinished.emit()  # focus passes through without a choice: the file stays dateless
    assert document.pitch.as_of is None
    panel.today_button.click()  # an explicit choice pins it
    assert document.pitch.as_of == today
    assert "not saved" not in panel.date_caption.text()


def test_typing_a_date(qtbot: QtBot, panel: BusinessPanel, document: PitchDocument) -> None:
    panel.date_edit.setSelectedSection(QDateTimeEdit.Section.YearSection)
    qtbot.keyClicks(panel.date_edit, "2027")
    qtbot.keyClick(panel.date_edit, Qt.Key.Key_Return)
    assert document.pitch.as_of == date(2027, 11, 26)
    assert document.undo_stack.count() == 1
    assert document.undo_stack.text(0) == "Change the as-of date"


def test_picking_a_date_in_the_calendar(panel: BusinessPanel, document: PitchDocument) -> None:
    panel.date_edit.calendarWidget().clicked.emit(QDate(2025, 6, 1))
    assert document.pitch.as_of == date(2025, 6, 1)


def test_the_date_range_is_the_contracts(panel: BusinessPanel) -> None:
    assert panel.date_edit.minimumDate() == QDate(2000, 1, 1)
    assert panel.date_edit.maximumDate() == QDate(2099, 12, 31)
    assert panel.date_edit.calendarPopup()


# -- the scenario -------------------------------------------------------------------------------------


def test_switch_to_a_builtin_scenario(panel: BusinessPanel, document: PitchDocument) -> None:
    choose_scenario(panel, "llmflation")
    assert document.pitch.scenario == "llmflation"
    assert document.undo_stack.text(0) == "Change the decline scenario"
    assert "(10x/yr)" in panel.scenario_combo.currentText()
    assert panel.scenario_source.text() == "Source: a16z, Guido Appenzeller, 2024-11-12"
    assert panel.custom_name_edit.isHidden() or not panel.custom_name_edit.isVisibleTo(panel)


def test_custom_scenario(qtbot: QtBot, panel: BusinessPanel, document: PitchDocument) -> None:
    choose_scenario(panel, CUSTOM)
    scenario = document.pitch.scenario
    assert isinstance(scenario, CustomScenario)
    # Starts from seed-rule's 10**(12/24) = 3.162... and 10**(12/18) = 4.641..., rounded to cents.
    assert (scenario.annual_decline_low, scenario.annual_decline_high) == (3.16, 4.64)
    assert document.undo_stack.text(0) == "Use a custom decline scenario"
    low, high = panel.custom_fields["annual_decline_low"], panel.custom_fields["annual_decline_high"]
    assert low.isVisibleTo(panel)
    type_into(qtbot, low.edit, "2")
    type_into(qtbot, high.edit, "8")
    scenario = document.pitch.scenario
    assert isinstance(scenario, CustomScenario)
    assert (scenario.annual_decline_low, scenario.annual_decline_high) == (2, 8)
    type_into(qtbot, panel.custom_name_edit, "Mine")
    assert document.pitch.scenario.name == "Mine"  # type: ignore[union-attr]
    assert document.undo_stack.count() == 4


@pytest.mark.parametrize(
    ("key", "typed", "reason"),
    [
        ("annual_decline_low", "0.5", "Must be at least 1.001×/yr"),
        ("annual_decline_low", "1", "Must be at least 1.001×/yr"),
        ("annual_decline_high", "2000", "Must be at most 1,000×/yr"),
        ("annual_decline_low", "6", "Must not be above the fast decline factor (4.64×/yr)"),
        ("annual_decline_high", "3", "Must not be below the slow decline factor (3.16×/yr)"),
    ],
)
def test_custom_scenario_refuses_bad_factors(
    qtbot: QtBot, panel: BusinessPanel, document: PitchDocument, key: str, typed: str, reason: str
) -> None:
    choose_scenario(panel, CUSTOM)
    before = document.pitch
    type_into(qtbot, panel.custom_fields[key].edit, typed)
    assert reason in panel.custom_fields[key].error_text()
    assert document.pitch == before
    assert document.undo_stack.count() == 1


def test_names_with_html_are_shown_literally(qtbot: QtBot, pitch: Pitch) -> None:
    custom = CustomScenario(name="<b>x</b>", annual_decline_low=2.0, annual_decline_high=3.0)
    document = PitchDocument(with_changes(pitch, name="<b>x</b>", scenario=custom))
    panel = BusinessPanel(document)
    qtbot.addWidget(panel)
    assert panel.name_edit.text() == "<b>x</b>"
    assert panel.scenario_source.textFormat() == Qt.TextFormat.PlainText
    assert panel.scenario_source.text().startswith("<b>x</b>: 2–3x/yr")
    assert panel.custom_name_edit.text() == "<b>x</b>"
