"""Token rates (core/token_rates.py): minutes and images as tokens, each with its published rate and source."""

from __future__ import annotations

import pytest

from core.errors import PitchError
from core.token_rates import (
    image_input_tokens,
    image_output_tokens,
    plural,
    quantity_for_tokens,
    rate,
    rates_for,
    speech_rate,
    speech_tokens,
    token_rates,
)


def test_openai_realtime_speech() -> None:
    # 1 token per 100 ms of user audio: 10 a second, 600 a minute; 6 minutes = 3,600 tokens
    c = speech_tokens(6, "openai-realtime-user-audio")
    assert (c.per_unit, c.tokens, c.field) == (600.0, 3600.0, "audio_input_tokens")
    assert c.text == "6 minutes of user audio × 600 tokens each = 3,600 audio input tokens"
    assert "developers.openai.com/api/docs/guides/realtime-costs" in c.source and "2026-12-01" in c.source
    # 1 token per 50 ms of assistant audio: 1,200 a minute; 9 minutes = 10,800
    out = speech_tokens(9, speech_rate("openai", "output").id)
    assert out.tokens == 10_800.0 and out.field == "audio_output_tokens"
    assert quantity_for_tokens(10_800, out.rate_id or "") == 9.0


def test_gemini_audio_is_32_tokens_a_second_and_has_no_published_output_rate() -> None:
    assert speech_tokens(1, speech_rate("google", "input").id).tokens == 32 * 60  # 1,920 a minute
    with pytest.raises(PitchError):
        speech_rate("google", "output")


# Each row derived by a formula (its notes say so) is reproduced by image_input_tokens.
FORMULA_ROWS = {
    "openai-gpt4o-image-low-detail": ("openai-low", 1024, 1024),
    "openai-gpt4o-image-high-1024x1024": ("openai-high", 1024, 1024),
    "openai-gpt4o-image-high-1920x1080": ("openai-high", 1920, 1080),
    "openai-gpt4o-image-high-2048x4096": ("openai-high", 2048, 4096),
    "anthropic-image-200x200": ("anthropic", 200, 200),
    "anthropic-image-1000x1000": ("anthropic", 1000, 1000),
    "anthropic-image-1092x1092": ("anthropic", 1092, 1092),
    "google-gemini-image-up-to-384px": ("gemini", 384, 384),
    "google-gemini-image-1024x1024": ("gemini", 1024, 1024),
    "google-gemini-image-1920x1080": ("gemini", 1920, 1080),
}


@pytest.mark.parametrize("row_id", sorted(FORMULA_ROWS))
def test_the_image_formulas_reproduce_the_tables_rows(row_id: str) -> None:
    rule, w, h = FORMULA_ROWS[row_id]
    assert image_input_tokens(w, h, rule).per_unit == rate(row_id).tokens_per_unit  # type: ignore[arg-type]


def test_image_formulas_by_hand() -> None:
    # OpenAI high: 1920x1080 fits 2048; shortest side to 768: 1365.3x768 -> 3 x 2 tiles -> 85 + 170 * 6 = 1,105
    c = image_input_tokens(1920, 1080, "openai-high", images=2)
    assert (c.per_unit, c.tokens) == (1105.0, 2210.0)
    # Claude: 500 x 400 / 750 = 266.67, rounded up: 267
    assert image_input_tokens(500, 400, "anthropic").per_unit == 267.0
    # Gemini: 1600 x 900 -> ceil(1600 / 768) = 3 by ceil(900 / 768) = 2 tiles of 258 = 1,548
    assert image_input_tokens(1600, 900, "gemini").per_unit == 1548.0
    small = image_input_tokens(512, 512, "openai-high")
    assert small.per_unit == 85 + 170 * 1 and "does not say whether it is scaled up" in small.note
    with pytest.raises(PitchError):
        image_input_tokens(0, 100, "gemini")


def test_gpt_image_1_output_by_size_and_quality() -> None:
    c = image_output_tokens("1024x1536", "medium", images=3)
    assert (c.per_unit, c.tokens, c.field) == (1584.0, 4752.0, "image_output_tokens")  # 3 x 1,584
    assert "image-generation" in c.source
    with pytest.raises(PitchError) as err:
        image_output_tokens("512x512", "low")
    assert "known: low-1024x1024" in err.value.message


def test_every_rate_is_listed_by_modality() -> None:
    assert len(token_rates()) == 24
    assert {r.modality for r in token_rates()} == {
        "audio_input",
        "audio_output",
        "image_input",
        "image_output",
    }
    assert [r.id for r in rates_for("audio_output")] == ["openai-realtime-assistant-audio"]


def test_a_unit_with_a_comma_is_put_in_the_plural_by_its_first_word() -> None:
    # 2 images of 1024x1024 on Claude: 1024 x 1024 / 750 = 1,398.1, rounded up to 1,399 tokens each
    c = image_input_tokens(1024, 1024, "anthropic", images=2)
    assert c.text == "2 images, 1024x1024 px, Claude × 1,399 tokens each = 2,798 image input tokens"
    assert plural("minute of user audio") == "minutes of user audio"
