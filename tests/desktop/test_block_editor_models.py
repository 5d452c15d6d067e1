"""The model box (issues 9 and 11): the models of the pitch's date with their prices, "did you mean", ids never
capitalised, and the price data's date and age.

The example pitch (resources/examples/default.pitch.json) is dated 2026-11-26; its block 0, "Tutor chat", is on
google:gemini-2.5-flash. Release dates: resources/release_dates.csv (openai:gpt-4 2023-03-14, openai:gpt-4o-mini
2024-07-18). The bundled genai-prices data is dated 2026-11-09 (core.price_data.BUNDLED_DATA_DATE).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from core.pitch import Pitch, with_changes
from core.pitch_io import load_pitch
from desktop.block_editor.model_list import ID_COLUMN, PRICE_COLUMN, RELEASE_COLUMN
from tests.desktop.helpers import editor_on

EXAMPLE = Path(__file__).resolve().parents[2] / "resources" / "examples" / "default.pitch.json"
TODAY = date(2026, 12, 3)


@pytest.fixture
def pitch() -> Pitch:
    return load_pitch(EXAMPLE)


def dated(pitch: Pitch, day: date) -> Pitch:
    return with_changes(pitch, as_of=day)


def enter_model(qtbot: QtBot, editor: object, text: str) -> None:
    """Put an id in the model box and press Enter (typing key by key would open the completer's popup)."""
    line = editor.model_combo.lineEdit()  # type: ignore[attr-defined]
    line.setText(text)
    qtbot.keyClick(line, Qt.Key.Key_Return)


# -- the list: only models that existed on the pitch's date --------------------------------------------------


def test_a_model_released_after_the_pitch_date_is_not_offered(qtbot: QtBot, pitch: Pitch) -> None:
    # 2024-01-01: GPT-4 (released 2023-03-14) existed, GPT-4o mini (2024-07-18) did not.
    _doc, editor = editor_on(qtbot, dated(pitch, date(2024, 1, 1)), today=TODAY)
    combo = editor.model_combo
    assert combo.findText("openai:gpt-4", Qt.MatchFlag.MatchExactly) >= 0
    assert combo.findText("openai:gpt-4o-mini", Qt.MatchFlag.MatchExactly) == -1
    # the completer offers what the list offers
    completer = combo.completer()
    completer.setCompletionPrefix("gpt-4o-mini")
    found = [completer.completionModel().index(i, 0).data() for i in range(completer.completionCount())]
    assert "openai:gpt-4o-mini" not in found


def test_moving_the_date_later_offers_the_model(qtbot: QtBot, pitch: Pitch) -> None:
    document, editor = editor_on(qtbot, dated(pitch, date(2024, 1, 1)), today=TODAY)
    assert editor.model_combo.findText("openai:gpt-4o-mini", Qt.MatchFlag.MatchExactly) == -1
    document.replace(dated(document.pitch, date(2024, 7, 18)), None)  # its release day
    assert editor.model_combo.findText("openai:gpt-4o-mini", Qt.MatchFlag.MatchExactly) >= 0


def test_each_model_shows_its_prices_on_the_date_and_its_release(qtbot: QtBot, pitch: Pitch) -> None:
    _doc, editor = editor_on(qtbot, pitch, today=TODAY)
    listed = editor.pricing.model_list
    row = listed.row_of("openai:gpt-4o-mini")
    assert listed.index(row, ID_COLUMN).data() == "openai:gpt-4o-mini"
    # OpenAI's published gpt-4o-mini prices: $0.15 input, $0.60 output per million tokens (money rule below $1:
    # three significant figures).
    assert listed.index(row, PRICE_COLUMN).data() == "in $0.150 · out $0.600 / M"
    assert listed.index(row, RELEASE_COLUMN).data() == "released 2024-07-18"
    # the completer's popup shows the same columns
    completer = editor.model_combo.completer()
    completer.setCompletionPrefix("openai:gpt-4o-mini")
    model = completer.completionModel()
    rows = [i for i in range(completer.completionCount()) if model.index(i, 0).data() == "openai:gpt-4o-mini"]
    assert model.index(rows[0], PRICE_COLUMN).data() == "in $0.150 · out $0.600 / M"


def test_a_model_of_unknown_release_is_listed_with_a_mark(qtbot: QtBot, pitch: Pitch) -> None:
    _doc, editor = editor_on(qtbot, pitch, today=TODAY)
    listed = editor.pricing.model_list
    # openai:gpt-4o-audio-preview is in genai-prices but in neither release_dates.csv nor the price history
    assert listed.release("openai:gpt-4o-audio-preview") is None
    row = listed.row_of("openai:gpt-4o-audio-preview")
    assert row >= 0
    assert listed.index(row, RELEASE_COLUMN).data() == "? release date unknown"
    # chosen, its price text says so too
    enter_model(qtbot, editor, "openai:gpt-4o-audio-preview")
    assert "release date is not recorded" in editor.model_prices.text()


# -- "did you mean": an id without its provider -----------------------------------------------------------------


def test_an_id_without_its_provider_offers_the_catalog_id(qtbot: QtBot, pitch: Pitch) -> None:
    document, editor = editor_on(qtbot, pitch, today=TODAY)
    enter_model(qtbot, editor, "gpt-4o-mini")
    assert document.undo_stack.count() == 0  # refused, nothing changed
    assert document.pitch.blocks[0].model == "google:gemini-2.5-flash"
    assert "Not applied" in editor.model_error.text()
    pricing = editor.pricing
    assert pricing.suggest_box.isVisibleTo(editor)
    shown = [b.text() for b in pricing.suggest_buttons if b.isVisibleTo(editor)]
    assert shown[0] == "openai:gpt-4o-mini"
    pricing.suggest_buttons[0].click()  # one click to accept ...
    assert document.pitch.blocks[0].model == "openai:gpt-4o-mini"
    assert document.undo_stack.count() == 1  # ... one undo step
    assert document.undo_stack.text(0) == "Change model of Tutor chat"
    assert not pricing.suggest_box.isVisibleTo(editor)
    document.undo_stack.undo()
    assert document.pitch.blocks[0].model == "google:gemini-2.5-flash"


def test_no_suggestion_for_nonsense(qtbot: QtBot, pitch: Pitch) -> None:
    document, editor = editor_on(qtbot, pitch, today=TODAY)
    enter_model(qtbot, editor, "no-such-model-anywhere")
    assert "Unknown model 'no-such-model-anywhere'" in editor.model_error.text()
    assert not editor.pricing.suggest_box.isVisibleTo(editor)
    assert document.undo_stack.count() == 0


def test_an_error_never_capitalises_an_id(qtbot: QtBot, pitch: Pitch) -> None:
    # GPT-4o mini did not exist on 2023-03-15: the catalog's reason begins with its id.
    document, editor = editor_on(qtbot, dated(pitch, date(2023, 3, 15)), today=TODAY)
    enter_model(qtbot, editor, "openai:gpt-4o-mini")
    text = editor.model_error.text()
    assert "openai:gpt-4o-mini was released on 2024-07-18" in text
    assert "Openai" not in text
    assert document.undo_stack.count() == 0


def test_a_failing_model_is_explained_at_the_model_box(qtbot: QtBot, pitch: Pitch) -> None:
    # The pitch moved to a date before Gemini 2.5 Flash: the analysis fails at blocks[0].model, and the box says why.
    _doc, editor = editor_on(qtbot, dated(pitch, date(2023, 3, 15)), today=TODAY)
    assert editor.model_error.isVisibleTo(editor)
    text = editor.model_error.text()
    assert text.startswith("\u26a0 google:gemini-2.5-flash was released on")  # a sign, not colour alone
    assert "blocks[0]" not in text


# -- the price data's date and age (contract 6.5) -------------------------------------------------------------


def test_the_price_text_shows_the_data_date_and_its_age(qtbot: QtBot, pitch: Pitch) -> None:
    _doc, editor = editor_on(qtbot, pitch, today=TODAY)
    note = editor.pricing.data_note.text()
    # bundled data of 2026-11-09; today 2026-12-03: 21 days to the end of November + 3 = 24 days
    assert note.startswith("Price data of 2026-11-09 (24 days old)")
    assert "\u26a0" not in note  # not old: no warning


def test_price_data_more_than_90_days_old_is_said(qtbot: QtBot, pitch: Pitch) -> None:
    # today 2027-03-01: 21 (Nov) + 31 (Dec) + 31 (Jan) + 28 (Feb) + 1 = 112 days after 2026-11-09
    _doc, editor = editor_on(qtbot, pitch, today=date(2027, 3, 1))
    note = editor.pricing.data_note.text()
    assert "The price data is 112 days old: prices after 2026-11-09 are not known" in note


def test_a_pitch_dated_past_the_data_is_warned(qtbot: QtBot, pitch: Pitch) -> None:
    _doc, editor = editor_on(qtbot, dated(pitch, date(2029, 6, 1)), today=TODAY)
    note = editor.pricing.data_note.text()
    assert "Prices after 2026-11-09 are not known; the newest known prices are used" in note
    assert "2029-06-01" in note


def test_a_history_price_names_its_row(qtbot: QtBot, pitch: Pitch) -> None:
    # On 2023-07-01, gpt-3.5-turbo is priced from the bundled price history: its 2023-06-13 cut to $1.50 / $2.
    document, editor = editor_on(qtbot, dated(pitch, date(2023, 7, 1)), today=TODAY)
    enter_model(qtbot, editor, "openai:gpt-3.5-turbo")
    assert document.pitch.blocks[0].model == "openai:gpt-3.5-turbo"
    assert "input $1.50 · output $2.00" in editor.model_prices.text()
    assert "history's row of 2023-06-13" in editor.pricing.data_note.text()
