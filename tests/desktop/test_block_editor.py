"""The block editor, both ways: the document drawn into the fields, and typing turned into one named edit.

The example pitch (resources/examples/default.pitch.json) has three blocks; block 0 is "Tutor chat" on
google:gemini-2.5-flash, 5,000 input / 350 output / 500 reasoning tokens, 50% cached, 1 call per action,
15 actions a day with a range of [4, 40].
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from core.catalog import PriceCatalog, default_catalog
from core.history import history_by_catalog_id
from core.pitch import FeatureBlock, Pitch, PriceSpec, with_changes
from core.pitch_io import load_pitch
from desktop.block_editor import EMPTY_TEXT, EXPLICIT_ONLY, BlockEditor
from desktop.document import PitchDocument


def model_ids(catalog: PriceCatalog) -> list[str]:
    """What the analysis service hands the editor once the catalog has loaded (off the GUI thread)."""
    return sorted(set(catalog.model_ids()) | set(history_by_catalog_id()))


EXAMPLE = Path(__file__).resolve().parents[2] / "resources" / "examples" / "default.pitch.json"


@pytest.fixture
def pitch() -> Pitch:
    return load_pitch(EXAMPLE)


@pytest.fixture
def document(pitch: Pitch) -> PitchDocument:
    return PitchDocument(pitch)


@pytest.fixture
def editor(qtbot: QtBot, document: PitchDocument) -> BlockEditor:
    catalog = default_catalog()
    widget = BlockEditor(document, catalog)
    qtbot.addWidget(widget)
    widget.set_model_ids(model_ids(catalog))
    widget.show_block(0)
    return widget


def type_into(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    """What a user does: select the field's text, type over it (or delete it), press Enter."""
    edit.selectAll()
    if text:
        qtbot.keyClicks(edit, text)
    else:
        qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def enter_model(qtbot: QtBot, editor: BlockEditor, text: str) -> None:
    """Put an id in the model box and press Enter (typing key by key would open the completer's popup,
    which the offscreen platform cannot raise)."""
    editor.model_combo.lineEdit().setText(text)
    qtbot.keyClick(editor.model_combo.lineEdit(), Qt.Key.Key_Return)


def replace_block(document: PitchDocument, index: int, **changes: object) -> None:
    """Set up a block state without an undo step (the test's starting point)."""
    blocks = list(document.pitch.blocks)
    blocks[index] = with_changes(blocks[index], **changes)
    document.replace(with_changes(document.pitch, blocks=tuple(blocks)), None)


# -- empty state and redraws --------------------------------------------------------------------------


def test_no_block_shows_what_to_do(qtbot: QtBot, document: PitchDocument) -> None:
    widget = BlockEditor(document, default_catalog())
    qtbot.addWidget(widget)
    widget.show_block(None)
    assert widget.empty_label.text() == EMPTY_TEXT
    assert widget._stack.currentWidget() is widget.empty_label


def test_the_editor_never_loads_the_catalog_itself(qtbot: QtBot, document: PitchDocument) -> None:
    catalog = PriceCatalog()  # a fresh one: genai-prices not yet imported into it
    widget = BlockEditor(document, catalog)
    qtbot.addWidget(widget)
    widget.show_block(0)  # showing a block waits for the service's catalog; it starts no work of its own
    assert not catalog.is_loaded() and not widget.model_ids_loaded()
    assert widget.model_prices.text() == "Loading the price catalog…"
    widget.set_model_ids(model_ids(catalog))  # the analysis service, once the catalog has loaded
    assert widget.model_ids_loaded()
    assert "$0.300" in widget.model_prices.text()  # Gemini 2.5 Flash input, per M tokens (format_money)
    assert widget.model_combo.findText("openai:gpt-4o-mini") > 0


def test_shows_the_block(editor: BlockEditor) -> None:
    assert editor.name_edit.text() == "Tutor chat"
    assert editor.enabled_check.isChecked()
    assert editor.model_combo.currentText() == "google:gemini-2.5-flash"
    assert editor.fields["input_tokens"].edit.text() == "5,000"
    assert editor.fields["cached_input_fraction"].edit.text() == "50"  # 0.5 shown as a percentage
    assert editor.fields["actions_per_day"].range_check.isChecked()
    assert editor.fields["actions_per_day"].low_edit.text() == "4"
    assert editor.fields["actions_per_day"].high_edit.text() == "40"
    assert not editor.fields["output_tokens"].range_check.isChecked()
    assert not editor.fields["output_tokens"].range_row.isVisibleTo(editor)
    # No explicit prices: the fields are empty and show the catalog's value greyed.
    assert editor.fields["input_per_mtok"].edit.text() == ""
    assert editor.fields["input_per_mtok"].edit.placeholderText() == "0.3"
    assert (
        editor.fields["input_per_mtok"].caption.text() == "Per million prompt tokens; empty: the catalog's."
    )
    # the output price (contract), worked out by core.prices.with_defaults
    assert editor.fields["reasoning_per_mtok"].edit.placeholderText() == "2.5"
    assert (
        editor.fields["reasoning_per_mtok"].caption.text().endswith("empty: its default (see the tooltip).")
    )


def test_undo_redraws_the_field(qtbot: QtBot, editor: BlockEditor, document: PitchDocument) -> None:
    type_into(qtbot, editor.fields["output_tokens"].edit, "400")
    assert editor.fields["output_tokens"].edit.text() == "400"
    document.undo_stack.undo()
    assert editor.fields["output_tokens"].edit.text() == "350"
    document.undo_stack.redo()
    assert editor.fields["output_tokens"].edit.text() == "400"


def test_a_block_removed_by_undo_leaves_the_empty_state(
    qtbot: QtBot, editor: BlockEditor, document: PitchDocument
) -> None:
    template = FeatureBlock(
        name="Extra",
        model="openai:gpt-4o-mini",
        input_tokens=1.0,
        output_tokens=1.0,
        calls_per_action=1.0,
        actions_per_day=1.0,
    )
    document.insert_block(3, template)
    editor.show_block(3)
    assert editor.name_edit.text() == "Extra"
    document.undo_stack.undo()
    assert editor._stack.currentWidget() is editor.empty_label
    assert editor.index is None


def test_block_name_with_html_is_shown_literally(
    qtbot: QtBot, editor: BlockEditor, document: PitchDocument
) -> None:
    type_into(qtbot, editor.name_edit, "<b>x</b>")
    assert document.pitch.blocks[0].name == "<b>x</b>"
    assert editor.title_label.textFormat() == Qt.TextFormat.PlainText
    assert editor.title_label.text() == "<b>x</b>"


# -- user action -> model -----------------------------------------------------------------------------


def test_typing_a_count_is_one_named_step(qtbot: QtBot, editor: BlockEditor, document: PitchDocument) -> None:
    type_into(qtbot, editor.fields["output_tokens"].edit, "400")
    assert document.pitch.blocks[0].output_tokens == 400
    assert document.undo_stack.count() == 1
    assert document.undo_stack.text(0) == "Change output tokens of Tutor chat"


def test_thousands_separators_and_exponents_are_read(
    qtbot: QtBot, editor: BlockEditor, document: PitchDocument
) -> None:
    type_into(qtbot, editor.fields["input_tokens"].edit, "11,500")  # inside its range [2,000, 12,000]
    assert document.pitch.blocks[0].input_tokens == 11_500
    type_into(qtbot, editor.fields["input_tokens"].edit, "1e4")
    assert document.pitch.blocks[0].input_tokens == 10_000


@pytest.mark.parametrize("typed", ["350", "350.0", " 350 "])
def test_an_unchanged_value_pushes_no_step(
    qtbot: QtBot, editor: BlockEditor, document: PitchDocument, typed: str
) -> None:
    type_into(qtbot, editor.fields["output_tokens"].edit, typed)
    assert document.undo_stack.count() == 0
    assert editor.fields["output_tokens"].edit.text() == "350"  # redrawn as the model has it


def test_a_percentage_is_stored_as_a_fraction(
    qtbot: QtBot, editor: BlockEditor, document: PitchDocument
) -> None:
    type_into(qtbot, editor.fields["cached_input_fraction"].edit, "25")
    assert document.pitch.blocks[0].cached_input_fraction == 0.25
    assert document.undo_stack.text(0) == "Change cached input share of Tutor chat"


@pytest.mark.parametrize(
    ("key", "typed", "reason"),
    [
        ("output_tokens", "abc", "'abc' is not a number"),
        ("output_tokens", "nan", "finite number"),
        ("output_tokens", "inf", "finite number"),
        ("input_tokens", "-3", "Must be at least 0 tokens"),
        ("input_tokens", "2e12", "Must be at most 1,000,000,000,000 tokens"),
        ("cached_input_fraction", "150", "Must be at most 100%"),  # 1.5 as a fraction
        ("price_multiplier", "0", "Must be above 0×"),
        ("output_tokens", "", "A value is required"),
        ("output_tokens", "1,5", "not a number"),
    ],
)
def test_invalid_input_is_refused_inline(
    qtbot: QtBot, editor: BlockEditor, document: PitchDocument, key: str, typed: str, reason: str
) -> None:
    before = document.pitch
    type_into(qtbot, editor.fields[key].edit, typed)
    assert reason in editor.fields[key].error_text()
    assert editor.fields[key].error.isVisibleTo(editor)
    assert document.pitch == before
    assert document.undo_stack.count() == 0
    assert editor.fields[key].edit.text() == typed.strip()  # never silently clamped or replaced


def test_a_refusal_survives_an_edit_elsewhere_and_clears_on_a_good_value(
    qtbot: QtBot, editor: BlockEditor, document: PitchDocument
) -> None:
    field = editor.fields["output_tokens"]
    type_into(qtbot, field.edit, "-1")
    type_into(qtbot, editor.fields["input_tokens"].edit, "6000")  # another field, accepted
    assert field.edit.text() == "-1"
    assert field.error_text()
    type_into(qtbot, field.edit, "300")
    assert field.error_text() == ""
    assert document.pitch.blocks[0].output_tokens == 300


def test_escape_puts_back_the_model_value(qtbot: QtBot, editor: BlockEditor) -> None:
    field = editor.fields["output_tokens"]
    type_into(qtbot, field.edit, "abc")
    qtbot.keyClick(field.edit, Qt.Key.Key_Escape)
    assert field.edit.text() == "350"
    assert field.error_text() == ""


def test_cached_and_cache_writes_together_at_most_100_percent(
    qtbot: QtBot, editor: BlockEditor, document: PitchDocument
) -> None:
    editor.show_block(1)  # Homework solver agent: 70% cached, 15% cache writes
    type_into(qtbot, editor.fields["cached_input_fraction"].edit, "90")  # 90% + 15% = 105%
    assert "at most 100%" in editor.fields["cached_input_fraction"].error_text()
    assert document.pitch.blocks[1].cached_input_fraction == 0.7


def test_a_value_outside_its_range_says_to_change_the_range(
    qtbot: QtBot, editor: BlockEditor, document: PitchDocument
) -> None:
    type_into(qtbot, editor.fields["actions_per_day"].edit, "50")  # range [4, 40]
    error = editor.fields["actions_per_day"].error_text()
    assert "outside its range [4, 40]" in error
    assert "change the range first" in error
    assert document.pitch.blocks[0].actions_per_day == 15


def test_rename(qtbot: QtBot, editor: BlockEditor, document: PitchDocument) -> None:
    type_into(qtbot, editor.name_edit, "Tutor")
    assert document.pitch.blocks[0].name == "Tutor"
    assert document.undo_stack.text(0) == "Rename Tutor chat to Tutor"
    assert editor.title_label.text() == "Tutor"


def test_an_empty_name_is_refused(qtbot: QtBot, editor: BlockEditor, document: PitchDocument) -> None:
    type_into(qtbot, editor.name_edit, "   ")
    assert "needs a name" in editor.name_error.text()
    assert editor.name_error.isVisibleTo(editor)
    assert document.pitch.blocks[0].name == "Tutor chat"
    assert document.undo_stack.count() == 0


def test_enabled_checkbox(qtbot: QtBot, editor: BlockEditor, document: PitchDocument) -> None:
    editor.enabled_check.click()
    assert document.pitch.blocks[0].enabled is False
    assert document.undo_stack.text(0) == "Disable Tutor chat"
    document.undo_stack.undo()
    assert editor.enabled_check.isChecked()


# -- the always-on helper -----------------------------------------------------------------------------


def test_helper_sets_actions_per_day_to_calls_per_hour_times_hours(
    qtbot: QtBot, editor: BlockEditor, document: PitchDocument
) -> None:
    replace_block(document, 0, ranges={})  # no range to stay inside
    qtbot.keyClicks(editor.per_hour_edit, "4")
    qtbot.keyClicks(editor.hours_edit, "24")
    editor.helper_button.click()
    assert document.pitch.blocks[0].actions_per_day == 96  # 4 an hour around the clock: 4 × 24
    assert document.undo_stack.count() == 1
    assert document.undo_stack.text(0) == "Change actions per day of Tutor chat"
    assert editor.fields["actions_per_day"].edit.text() == "96"


def test_helper_respects_the_range(qtbot: QtBot, editor: BlockEditor, document: PitchDocument) -> None:
    qtbot.keyClicks(editor.per_hour_edit, "4")
    qtbot.keyClicks(editor.hours_edit, "24")
    qtbot.keyClick(editor.hours_edit, Qt.Key.Key_Return)  # Enter works like the button
    assert "outside its range [4, 40]" in editor.helper_error.text()
    assert document.pitch.blocks[0].actions_per_day == 15
    assert document.undo_stack.count() == 0


@pytest.mark.parametrize(
    ("per_hour", "hours", "reason"), [("x", "24", "not a number"), ("4", "25", "between 0 and 24")]
)
def test_helper_refuses_bad_input(
    qtbot: QtBot, editor: BlockEditor, document: PitchDocument, per_hour: str, hours: str, reason: str
) -> None:
    qtbot.keyClicks(editor.per_hour_edit, per_hour)
    qtbot.keyClicks(editor.hours_edit, hours)
    editor.helper_button.click()
    assert reason in editor.helper_error.text()
    assert document.undo_stack.count() == 0


# -- ranges -------------------------------------------------------------------------------------------


def test_range_toggle_adds_then_removes_a_range(
    qtbot: QtBot, editor: BlockEditor, document: PitchDocument
) -> None:
    field = editor.fields["output_tokens"]  # 350 tokens, no range
    field.range_check.click()
    # Half to twice the value, to two significant figures outward: 175 -> 170, 700 -> 700.
    assert document.pitch.blocks[0].ranges["output_tokens"] == (170, 700)
    assert field.range_row.isVisibleTo(editor)
    assert field.low_edit.text() == "170"
    assert document.undo_stack.text(0) == "Add a range to output tokens of Tutor chat"
    field.range_check.click()
    assert "output_tokens" not in document.pitch.blocks[0].ranges
    assert not field.range_row.isVisibleTo(editor)
    document.undo_stack.undo()
    assert field.range_check.isChecked()


def test_typing_a_range(qtbot: QtBot, editor: BlockEditor, document: PitchDocument) -> None:
    field = editor.fields["actions_per_day"]
    type_into(qtbot, field.low_edit, "5")
    assert document.pitch.blocks[0].ranges["actions_per_day"] == (5, 40)
    type_into(qtbot, field.high_edit, "60")
    assert document.pitch.blocks[0].ranges["actions_per_day"] == (5, 60)
    assert document.undo_stack.count() == 2
    assert document.undo_stack.text(1) == "Change the range of actions per day of Tutor chat"


@pytest.mark.parametrize(
    ("low", "reason"),
    [
        ("20", "outside its range"),
        ("0", "low must be above 0"),
        ("-1", "low must be above 0"),
        ("abc", "not a number"),
    ],
)
def test_invalid_ranges_are_refused(
    qtbot: QtBot, editor: BlockEditor, document: PitchDocument, low: str, reason: str
) -> None:
    field = editor.fields["actions_per_day"]  # 15 a day, range [4, 40]
    type_into(qtbot, field.low_edit, low)
    assert reason in field.error_text().lower()
    assert document.pitch.blocks[0].ranges["actions_per_day"] == (4, 40)
    assert document.undo_stack.count() == 0


def test_a_range_on_zero_is_refused(qtbot: QtBot, editor: BlockEditor, document: PitchDocument) -> None:
    editor.show_block(1)  # reasoning tokens 0: a positive quantity's range needs low > 0
    field = editor.fields["reasoning_tokens"]
    field.range_check.click()
    assert "above 0" in field.error_text()
    assert not field.range_check.isChecked()
    assert document.undo_stack.count() == 0


def test_a_percentage_range(qtbot: QtBot, editor: BlockEditor, document: PitchDocument) -> None:
    field = editor.fields["cached_input_fraction"]  # 50%
    field.range_check.click()
    assert document.pitch.blocks[0].ranges["cached_input_fraction"] == (0.4, 0.6)  # ±10 points
    assert (field.low_edit.text(), field.high_edit.text()) == ("40", "60")
    type_into(qtbot, field.high_edit, "120")
    assert "within [0, 1]" in field.error_text()
    assert document.pitch.blocks[0].ranges["cached_input_fraction"] == (0.4, 0.6)


# -- the model picker and prices ----------------------------------------------------------------------


def test_choosing_a_model_shows_its_prices_at_the_pitch_date(
    qtbot: QtBot, editor: BlockEditor, document: PitchDocument
) -> None:
    combo = editor.model_combo
    index = combo.findText("openai:gpt-4o-mini")
    assert index > 0
    combo.setCurrentIndex(index)
    combo.activated.emit(index)  # what the list does when the user picks the row
    assert document.pitch.blocks[0].model == "openai:gpt-4o-mini"
    assert document.undo_stack.count() == 1
    assert document.undo_stack.text(0) == "Change model of Tutor chat"
    text = editor.model_prices.text()
    # OpenAI's published gpt-4o-mini prices: $0.15 input, $0.60 output per million tokens.
    assert "$0.15" in text and "$0.60" in text
    assert "2026-11-26" in text  # the pitch's as_of
    assert "genai-prices" in editor.model_source.text()
    assert editor.fields["output_per_mtok"].edit.placeholderText() == "0.6"


def test_typing_a_model_id(qtbot: QtBot, editor: BlockEditor, document: PitchDocument) -> None:
    enter_model(qtbot, editor, "openai:gpt-4o-mini")
    assert document.pitch.blocks[0].model == "openai:gpt-4o-mini"
    assert document.undo_stack.count() == 1
    document.undo_stack.undo()
    assert editor.model_combo.currentText() == "google:gemini-2.5-flash"


def test_an_unknown_model_is_refused_with_the_catalog_reason(
    qtbot: QtBot, editor: BlockEditor, document: PitchDocument
) -> None:
    enter_model(qtbot, editor, "openai:gpt-9-ultra")
    assert "Unknown model 'openai:gpt-9-ultra'" in editor.model_error.text()
    assert "Not applied" in editor.model_error.text()
    assert document.pitch.blocks[0].model == "google:gemini-2.5-flash"
    assert document.undo_stack.count() == 0


def test_the_completer_searches_inside_ids(editor: BlockEditor, document: PitchDocument) -> None:
    completer = editor.model_combo.completer()
    completer.setCompletionPrefix("4o-mini")
    found = [completer.completionModel().index(i, 0).data() for i in range(completer.completionCount())]
    assert "openai:gpt-4o-mini" in found
    completer.activated[str].emit("openai:gpt-4o-mini")  # the user picks it from the popup
    assert document.pitch.blocks[0].model == "openai:gpt-4o-mini"
    assert document.undo_stack.count() == 1


def test_explicit_prices_only_keeps_the_catalog_prices(
    qtbot: QtBot, editor: BlockEditor, document: PitchDocument
) -> None:
    replace_block(document, 0, model="openai:gpt-4o-mini")
    editor.model_combo.setCurrentIndex(0)
    editor.model_combo.activated.emit(0)
    block = document.pitch.blocks[0]
    assert block.model is None
    # OpenAI's published gpt-4o-mini prices, copied so that the cost does not change.
    assert block.price == PriceSpec(input_per_mtok=0.15, output_per_mtok=0.6, cached_input_per_mtok=0.075)
    assert document.undo_stack.text(0) == "Use explicit prices for Tutor chat"
    assert editor.model_combo.currentText() == EXPLICIT_ONLY
    assert editor.fields["input_per_mtok"].edit.text() == "0.15"


def test_an_explicit_price_overrides_and_clearing_restores_the_catalog(
    qtbot: QtBot, editor: BlockEditor, document: PitchDocument
) -> None:
    field = editor.fields["input_per_mtok"]
    type_into(qtbot, field.edit, "0.25")
    assert document.pitch.blocks[0].price == PriceSpec(input_per_mtok=0.25)
    assert document.undo_stack.text(0) == "Change input price of Tutor chat"
    assert field.caption.text() == "Per million prompt tokens; typed here (catalog $0.300)."
    type_into(qtbot, field.edit, "")
    assert document.pitch.blocks[0].price is None
    assert document.undo_stack.text(1) == "Clear input price of Tutor chat"
    assert field.edit.placeholderText() == "0.3"


def test_without_a_model_input_and_output_prices_are_required(
    qtbot: QtBot, editor: BlockEditor, document: PitchDocument
) -> None:
    replace_block(document, 0, model=None, price=PriceSpec(input_per_mtok=0.3, output_per_mtok=2.5))
    field = editor.fields["output_per_mtok"]
    assert field.edit.text() == "2.5"
    type_into(qtbot, field.edit, "")
    assert "input and output prices are required" in field.error_text()
    assert document.pitch.blocks[0].price == PriceSpec(input_per_mtok=0.3, output_per_mtok=2.5)
    assert document.undo_stack.count() == 0
    assert (
        editor.fields["cached_input_per_mtok"].edit.placeholderText() == "0.3"
    )  # the input price (contract)
    assert (
        editor.fields["cached_input_per_mtok"]
        .caption.text()
        .endswith("empty: its default (see the tooltip).")
    )


def test_a_model_priced_after_the_pitch_date_is_explained(
    qtbot: QtBot, editor: BlockEditor, document: PitchDocument
) -> None:
    # The as-of date moves before Gemini 2.5 Flash had a price in the bundled history.
    document.replace(with_changes(document.pitch, as_of=date(2021, 1, 1)), None)
    assert editor.model_error.isVisibleTo(editor)
    assert "2021-01-01" in editor.model_error.text()


def test_a_name_too_long_is_refused_not_cut(
    qtbot: QtBot, editor: BlockEditor, document: PitchDocument
) -> None:
    editor.name_edit.setText("x" * 1001)  # pasted
    qtbot.keyClick(editor.name_edit, Qt.Key.Key_Return)
    assert "Too long: at most 1,000 characters" in editor.name_error.text()
    assert editor.name_edit.text() == "x" * 1001
    assert document.undo_stack.count() == 0


# -- the analysis's problems, at the field they concern (issue 11) ---------------------------------------------


def test_a_problem_is_shown_at_its_field_in_words(
    qtbot: QtBot, editor: BlockEditor, document: PitchDocument
) -> None:
    from core.analysis import failed
    from core.errors import PitchError, PitchErrors

    problems = PitchErrors(
        [
            PitchError(
                "the catalog has no output price for x; give price.output_per_mtok",
                field="blocks[0].price.output_per_mtok",
            ),
            PitchError("something only the block as a whole can say", field="blocks[0].tiers"),
            PitchError("unknown model 'y'", field="blocks[1].model"),  # another block's: not shown here
        ]
    )
    editor.show_analysis(failed(document.pitch, problems, today=date(2026, 12, 3)))
    field = editor.fields["output_per_mtok"]
    assert field.problem.isVisibleTo(editor)
    assert field.problem.text() == "\u26a0 The catalog has no output price for x; give price.output_per_mtok"
    assert field.edit.text() == ""  # the value is the pitch's: nothing typed is replaced
    # a problem with no field of its own is said at the top, by the field's label, never by its path
    assert editor.problem_label.text() == "\u26a0 Price tiers: Something only the block as a whole can say"
    assert "blocks[" not in editor.problem_label.text()
    assert "unknown model 'y'" not in editor.model_error.text()
    # the next analysis (the pitch fixed) clears them
    from core.analysis import analyse

    editor.show_analysis(analyse(document.pitch, today=date(2026, 12, 3)))
    assert not field.problem.isVisibleTo(editor)
    assert not editor.problem_label.isVisibleTo(editor)


def test_an_analysis_of_another_pitch_is_not_drawn(
    qtbot: QtBot, editor: BlockEditor, document: PitchDocument
) -> None:
    from core.analysis import failed
    from core.errors import PitchError

    older = with_changes(document.pitch, name="older")
    editor.show_analysis(
        failed(older, PitchError("stale", field="blocks[0].price.input_per_mtok"), today=date(2026, 12, 3))
    )
    assert not editor.fields["input_per_mtok"].problem.isVisibleTo(editor)


@pytest.mark.parametrize(
    ("reason", "shown"),
    [
        ("openai:gpt-4o-mini was released on 2024-07-18", "openai:gpt-4o-mini was released on 2024-07-18"),
        ("gpt-4o-mini is unknown", "gpt-4o-mini is unknown"),
        ("unknown model 'x'", "Unknown model 'x'"),
        ("model's price is missing", "Model's price is missing"),
        ("'abc' is not a number", "'abc' is not a number"),
    ],
)
def test_a_reason_is_a_sentence_but_an_id_keeps_its_case(reason: str, shown: str) -> None:
    from desktop.error_words import sentence

    assert sentence(reason) == shown
