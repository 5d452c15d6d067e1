"""Speech and images in the units people think in (contract 6.1), both ways, with hand-worked numbers.

Rates (resources/token_rates.csv): OpenAI realtime user audio 10 tokens a second (600 a minute), assistant audio
20 a second (1,200 a minute); Gemini API audio input 32 a second (1,920 a minute). Images in: Claude counts
width x height / 750 rounded up; images out: gpt-image-1 1024x1024 medium is 1,056 tokens.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from core.pitch import FeatureBlock, Pitch, with_changes
from core.pitch_io import load_pitch
from desktop.block_editor.modality import ImageInputConverter, SpeechConverter
from tests.desktop.helpers import choose, editor_on, type_into

EXAMPLE = Path(__file__).resolve().parents[2] / "resources" / "examples" / "default.pitch.json"
TODAY = date(2026, 12, 3)


@pytest.fixture
def pitch() -> Pitch:
    return load_pitch(EXAMPLE)


def voice(pitch: Pitch, model: str = "openai:gpt-realtime-mini", **tokens: Any) -> Pitch:
    block = FeatureBlock(
        name="Voice",
        model=model,
        input_tokens=500.0,
        output_tokens=100.0,
        calls_per_action=1.0,
        actions_per_day=10.0,
        **tokens,
    )
    return with_changes(pitch, blocks=(block,))


def speech_in(editor: Any) -> SpeechConverter:
    converter = editor.modality.converters["audio_input"]
    assert isinstance(converter, SpeechConverter)
    return converter


def images_in(editor: Any) -> ImageInputConverter:
    converter = editor.modality.converters["image_input"]
    assert isinstance(converter, ImageInputConverter)
    return converter


# -- model -> view ------------------------------------------------------------------------------------------


def test_tokens_are_shown_as_minutes_with_the_arithmetic_and_its_source(qtbot: QtBot, pitch: Pitch) -> None:
    # 3,600 audio input tokens at OpenAI's 600 a minute = 6 minutes
    _doc, editor = editor_on(qtbot, voice(pitch, audio_input_tokens=3600.0), today=TODAY)
    converter = speech_in(editor)
    assert editor.modality_button.isChecked()  # the block uses speech: its rows show by themselves
    assert converter.isVisibleTo(editor)
    assert converter.quantity_edit.text() == "6"
    assert converter.rate_combo.currentData() == "openai-realtime-user-audio"  # follows the model's provider
    assert (
        converter.arithmetic.text() == "6 minutes of user audio × 600 tokens each = 3,600 audio input tokens"
    )
    assert "Realtime API guide" in converter.source.text()
    assert "(as of 2026-12-01)" in converter.source.text()
    assert editor.fields["audio_input_tokens"].edit.text() == "3,600"  # both: the unit and the tokens


def test_seconds_are_only_another_view(qtbot: QtBot, pitch: Pitch) -> None:
    document, editor = editor_on(qtbot, voice(pitch, audio_input_tokens=3600.0), today=TODAY)
    converter = speech_in(editor)
    choose(converter.unit_combo, "seconds")
    assert converter.quantity_edit.text() == "360"  # 3,600 tokens / 10 a second
    assert document.undo_stack.count() == 0


def test_a_gemini_model_counts_speech_at_geminis_rate(qtbot: QtBot, pitch: Pitch) -> None:
    # 3,840 tokens at Gemini's 32 a second = 1,920 a minute: 2 minutes
    _doc, editor = editor_on(
        qtbot, voice(pitch, model="google:gemini-2.5-flash", audio_input_tokens=3840.0), today=TODAY
    )
    converter = speech_in(editor)
    assert converter.rate_combo.currentData() == "google-gemini-api-audio-input"
    assert converter.quantity_edit.text() == "2"


def test_images_are_shown_as_pictures_of_a_size(qtbot: QtBot, pitch: Pitch) -> None:
    # Claude: 1024 x 1024 / 750 = 1,398.1 -> 1,399 tokens an image (rounded up, Anthropic's formula);
    # 2,798 tokens are 2 images
    _doc, editor = editor_on(
        qtbot, voice(pitch, model="anthropic:claude-haiku-4-5", image_input_tokens=2798.0), today=TODAY
    )
    converter = images_in(editor)
    assert converter.rule_combo.currentData() == "anthropic"
    assert converter.quantity_edit.text() == "2"
    assert converter.arithmetic.text() == (
        "2 images, 1024x1024 px, Claude × 1,399 tokens each = 2,798 image input tokens"
    )


# -- user action -> model ------------------------------------------------------------------------------------


def test_two_minutes_of_speech_in_is_1200_tokens(qtbot: QtBot, pitch: Pitch) -> None:
    document, editor = editor_on(qtbot, voice(pitch), today=TODAY)
    editor.modality_button.setChecked(True)
    type_into(qtbot, speech_in(editor).quantity_edit, "2")
    # 2 minutes x 60 seconds x 10 tokens a second (OpenAI realtime, user audio)
    assert document.pitch.blocks[0].audio_input_tokens == 1200
    assert document.undo_stack.count() == 1
    assert document.undo_stack.text(0) == "Change audio input tokens of Voice to 2 minutes of user audio"
    assert editor.fields["audio_input_tokens"].edit.text() == "1,200"
    type_into(qtbot, speech_in(editor).quantity_edit, "2.0")  # the same: no step
    assert document.undo_stack.count() == 1


def test_two_minutes_of_speech_out_is_2400_tokens(qtbot: QtBot, pitch: Pitch) -> None:
    document, editor = editor_on(qtbot, voice(pitch), today=TODAY)
    editor.modality_button.setChecked(True)
    type_into(qtbot, editor.modality.converters["audio_output"].quantity_edit, "2")
    # 2 x 60 x 20 tokens a second (assistant audio)
    assert document.pitch.blocks[0].audio_output_tokens == 2400


def test_picking_another_rate_recounts_the_minutes(qtbot: QtBot, pitch: Pitch) -> None:
    document, editor = editor_on(qtbot, voice(pitch, audio_input_tokens=1200.0), today=TODAY)  # 2 minutes
    converter = speech_in(editor)
    choose(converter.rate_combo, "Google: 32 tokens a second")
    # the same 2 minutes at 32 tokens a second: 2 x 60 x 32 = 3,840
    assert document.pitch.blocks[0].audio_input_tokens == 3840
    assert document.undo_stack.count() == 1
    assert converter.quantity_edit.text() == "2"
    assert converter.rate_combo.currentData() == "google-gemini-api-audio-input"  # the pick stays


def test_one_1024_image_at_anthropics_formula(qtbot: QtBot, pitch: Pitch) -> None:
    document, editor = editor_on(qtbot, voice(pitch, model="anthropic:claude-haiku-4-5"), today=TODAY)
    editor.modality_button.setChecked(True)
    type_into(qtbot, images_in(editor).quantity_edit, "1")
    # 1024 x 1024 / 750 = 1,398.1, rounded up: 1,399
    assert document.pitch.blocks[0].image_input_tokens == 1399
    assert (
        document.undo_stack.text(0) == "Change image input tokens of Voice to 1 image, 1024x1024 px, Claude"
    )


def test_a_larger_image_recounts_the_same_number_of_images(qtbot: QtBot, pitch: Pitch) -> None:
    document, editor = editor_on(
        qtbot, voice(pitch, model="anthropic:claude-haiku-4-5", image_input_tokens=1399.0), today=TODAY
    )
    converter = images_in(editor)
    type_into(qtbot, converter.width_edit, "500")
    # 1 image of 500 x 1024: 512,000 / 750 = 682.7 -> 683
    assert document.pitch.blocks[0].image_input_tokens == 683
    assert converter.quantity_edit.text() == "1"


def test_an_image_made_at_medium_quality(qtbot: QtBot, pitch: Pitch) -> None:
    document, editor = editor_on(qtbot, voice(pitch, model="openai:gpt-image-1"), today=TODAY)
    editor.modality_button.setChecked(True)
    out = editor.modality.converters["image_output"]
    type_into(qtbot, out.quantity_edit, "3")
    assert document.pitch.blocks[0].image_output_tokens == 3 * 1056  # 3,168
    choose(out.quality_combo, "high")  # 3 images at high quality: 3 x 4,160
    assert document.pitch.blocks[0].image_output_tokens == 12480
    assert document.undo_stack.count() == 2


@pytest.mark.parametrize(("typed", "reason"), [("abc", "not a number"), ("-1", "at least 0")])
def test_a_bad_quantity_is_refused(qtbot: QtBot, pitch: Pitch, typed: str, reason: str) -> None:
    document, editor = editor_on(qtbot, voice(pitch), today=TODAY)
    editor.modality_button.setChecked(True)
    converter = speech_in(editor)
    type_into(qtbot, converter.quantity_edit, typed)
    assert reason in converter.error.text()
    assert document.undo_stack.count() == 0


def test_the_modality_prices_appear_with_the_other_prices(qtbot: QtBot, pitch: Pitch) -> None:
    _doc, editor = editor_on(qtbot, voice(pitch, audio_input_tokens=600.0), today=TODAY)
    # the registry's price fields, in its order: the four modality ones after the text ones
    keys = [k for k in editor.fields if k.endswith("_per_mtok")]
    assert keys[-4:] == [
        "audio_input_per_mtok",
        "audio_output_per_mtok",
        "image_input_per_mtok",
        "image_output_per_mtok",
    ]
    assert editor.fields["audio_input_per_mtok"].isVisibleTo(editor)
    editor.resize(420, 800)
    editor.show()
    qtbot.waitExposed(editor)

    def top(key: str) -> int:
        field = editor.fields[key]
        return field.mapTo(editor.content, field.rect().topLeft()).y()

    assert top("input_per_mtok") < top("image_output_per_mtok") < top("input_tokens")  # with the prices


def test_image_tokens_saved_at_high_quality_read_as_whole_images(qtbot: QtBot, pitch: Pitch) -> None:
    # 8,320 tokens: 2 x 4,160 (1024x1024, high); at the default medium it would read 7.879 images
    _doc, editor = editor_on(
        qtbot, voice(pitch, model="openai:gpt-image-1", image_output_tokens=8320.0), today=TODAY
    )
    out = editor.modality.converters["image_output"]
    assert out.quantity_edit.text() == "2"
    assert (out.size_combo.currentText(), out.quality_combo.currentText()) == ("1024x1024", "high")
