"""Published token rates: minutes of speech and images turned into tokens (docs/contract.md 6.1).

People think of a voice product in minutes and of an image product in pictures; the pitch counts tokens.
The rates come from ``resources/token_rates.csv`` (each row names its provider's documentation page and
date; provenance and cross-checks in ``resources/INFRA_SOURCES.md``). Every conversion carries the rate, the
unit and the source, so the block editor shows both the unit and the tokens (:class:`Conversion`).

Where a provider publishes a formula rather than a table (image input), the table's rows give two or three
common sizes, and :func:`image_input_tokens` applies the formula to any size: it reproduces every such row
(tests/core/test_token_rates.py). Where a provider publishes only a table (gpt-image-1's output), only its
sizes and qualities are offered.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Literal

from core.errors import PitchError
from core.formatting import format_quantity
from core.resources import read_csv_rows

Modality = Literal["audio_input", "audio_output", "image_input", "image_output"]
ImageRule = Literal["openai-high", "openai-low", "anthropic", "gemini"]

# The rows each image-input formula reproduces, and whose source it cites (resources/token_rates.csv).
_RULE_ROWS: dict[str, str] = {
    "openai-high": "openai-gpt4o-image-high-1024x1024",
    "openai-low": "openai-gpt4o-image-low-detail",
    "anthropic": "anthropic-image-1000x1000",
    "gemini": "google-gemini-image-1024x1024",
}
# The default speech rate of each provider and direction (the Gemini API publishes no audio output rate).
SPEECH_RATES: dict[tuple[str, str], str] = {
    ("openai", "input"): "openai-realtime-user-audio",
    ("openai", "output"): "openai-realtime-assistant-audio",
    ("google", "input"): "google-gemini-api-audio-input",
}


@dataclass(frozen=True)
class TokenRate:
    """One row of ``resources/token_rates.csv``: tokens per second of audio or per image."""

    id: str
    provider: str
    modality: str
    unit: str  # "second" or "image"
    condition: str
    tokens_per_unit: float
    as_of: date
    source: str
    notes: str

    @property
    def field(self) -> str:
        """The block field the tokens go into: ``audio_input_tokens``."""
        return f"{self.modality}_tokens"

    @property
    def source_text(self) -> str:
        """``OpenAI, Realtime API guide ... (as of 2026-12-01)``."""
        return f"{self.source} (as of {self.as_of.isoformat()})"


@dataclass(frozen=True)
class Conversion:
    """A quantity in the user's unit and the tokens it counts as, with the rate and its source."""

    quantity: float  # 6 (minutes), 2 (images)
    unit_text: str  # "minute of user audio", "image, 1024x1024 px, detail: high"
    per_unit: float  # tokens per unit: 600 a minute
    tokens: float  # quantity * per_unit: what goes into the field
    field: str  # "audio_input_tokens"
    source: str
    rate_id: str | None = None  # the table's row, when one gives the rate
    note: str = ""  # an assumption the rate needs (e.g. a formula applied outside its sources' examples)

    @property
    def text(self) -> str:
        """``6 minutes of user audio × 600 tokens each = 3,600 audio input tokens``."""
        unit = self.unit_text if self.quantity == 1 else plural(self.unit_text)
        return (
            f"{format_quantity(self.quantity)} {unit} × {format_quantity(self.per_unit)} tokens each = "
            f"{format_quantity(self.tokens)} {self.field.replace('_', ' ')}"
        )


def plural(unit: str) -> str:
    """A unit in the plural, its first word only: ``image, 1024x1024 px`` -> ``images, 1024x1024 px``."""
    head = re.match(r"[A-Za-z]+", unit)
    return unit if head is None else f"{unit[: head.end()]}s{unit[head.end() :]}"


@cache
def token_rates() -> tuple[TokenRate, ...]:
    """Every published rate, in the table's order."""
    return tuple(
        TokenRate(
            r["id"],
            r["provider"],
            r["modality"],
            r["unit"],
            r["condition"],
            float(r["tokens_per_unit"]),
            date.fromisoformat(r["as_of"]),
            r["source"],
            r["notes"],
        )
        for r in read_csv_rows("token_rates.csv")
    )


def rate(rate_id: str) -> TokenRate:
    """The rate called ``rate_id``.

    Raises
    ------
    PitchError
        An unknown id (the message lists the known ones).
    """
    for r in token_rates():
        if r.id == rate_id:
            return r
    raise PitchError(
        f"unknown token rate {rate_id!r}; known: {', '.join(r.id for r in token_rates())}", field="rate"
    )


def rates_for(modality: Modality | None = None, provider: str | None = None) -> list[TokenRate]:
    """The rates of a modality and/or a provider, in the table's order (what the editor offers)."""
    return [
        r
        for r in token_rates()
        if (modality is None or r.modality == modality) and (provider is None or r.provider == provider)
    ]


def _check_quantity(quantity: float, what: str) -> None:
    if not (math.isfinite(quantity) and quantity >= 0):
        raise PitchError(f"{what} must be a number of 0 or more", field=what)


def speech_tokens(minutes: float, rate_id: str) -> Conversion:
    """Minutes of speech as audio tokens at a published per-second rate (60 seconds a minute).

    >>> speech_tokens(6, "openai-realtime-user-audio").tokens  # 6 min x 60 s x 10 tokens/s
    3600.0
    """
    _check_quantity(minutes, "minutes")
    r = rate(rate_id)
    if r.unit != "second" or not r.modality.startswith("audio"):
        raise PitchError(f"{rate_id} is not a rate per second of audio", field="rate")
    per_minute = r.tokens_per_unit * 60
    who = "user audio" if r.modality == "audio_input" else "assistant audio"
    return Conversion(
        minutes, f"minute of {who}", per_minute, minutes * per_minute, r.field, r.source_text, r.id
    )


def speech_rate(provider: str, direction: Literal["input", "output"]) -> TokenRate:
    """The default speech rate of ``provider`` (``openai``, ``google``) in a direction.

    Raises
    ------
    PitchError
        The provider publishes no such rate (e.g. Gemini's audio output).
    """
    rate_id = SPEECH_RATES.get((provider, direction))
    if rate_id is None:
        raise PitchError(
            f"no published rate of audio {direction} tokens for {provider} (resources/INFRA_SOURCES.md lists the "
            "gaps); give the audio tokens yourself",
            field="rate",
        )
    return rate(rate_id)


def per_image_tokens(images: float, rate_id: str) -> Conversion:
    """Images as tokens at a row's fixed count per image (a size and quality the table lists)."""
    _check_quantity(images, "images")
    r = rate(rate_id)
    if r.unit != "image":
        raise PitchError(f"{rate_id} is not a rate per image", field="rate")
    return Conversion(
        images,
        f"image, {r.condition}",
        r.tokens_per_unit,
        images * r.tokens_per_unit,
        r.field,
        r.source_text,
        r.id,
    )


def image_output_tokens(
    size: str, quality: Literal["low", "medium", "high"], images: float = 1
) -> Conversion:
    """Images made by gpt-image-1 as output tokens: OpenAI's table by size and quality (no formula published).

    Raises
    ------
    PitchError
        A size or quality the table does not list (the message lists those it does).
    """
    rate_id = f"openai-gpt-image-1-{quality}-{size}"
    known = [r.id.removeprefix("openai-gpt-image-1-") for r in rates_for("image_output", "openai")]
    if rate_id.removeprefix("openai-gpt-image-1-") not in known:
        raise PitchError(
            f"gpt-image-1 publishes no token count for {quality} quality at {size}; known: {', '.join(known)}",
            field="size",
        )
    return per_image_tokens(images, rate_id)


def _openai_tiles(width: float, height: float) -> tuple[int, str]:
    """OpenAI's high-detail rule: fit within 2048x2048, then the shortest side to 768 px; 512 px tiles."""
    w, h = float(width), float(height)
    note = ""
    if max(w, h) > 2048:
        s = 2048 / max(w, h)
        w, h = w * s, h * s
    if min(w, h) > 768:
        s = 768 / min(w, h)
        w, h = w * s, h * s
    else:
        note = (
            "an image under 768 px on its shortest side is counted at its own size: the guide's rule, as quoted, "
            "does not say whether it is scaled up"
        )
    return math.ceil(w / 512) * math.ceil(h / 512), note


def image_input_tokens(width: float, height: float, rule: ImageRule, images: float = 1) -> Conversion:
    """Images of ``width`` x ``height`` px read by a model, as image input tokens, by its provider's formula.

    Rules (resources/token_rates.csv, the notes of the rows each reproduces):

    - ``openai-high`` (GPT-4o-class, detail high): 85 + 170 per 512 px tile, after fitting the image within
      2048x2048 and scaling its shortest side to 768 px;
    - ``openai-low`` (detail low): 85 per image, any size;
    - ``anthropic`` (Claude): width x height / 750, rounded up; an image above 1092x1092's area is scaled down
      by the API first, so it counts as 1092x1092 (1,590: about 1,600 at most);
    - ``gemini`` (Gemini 2.0 and later): 258 when both sides are at most 384 px, else 258 per 768x768 tile.
    """
    _check_quantity(images, "images")
    if not (math.isfinite(width) and math.isfinite(height) and width > 0 and height > 0):
        raise PitchError("an image's width and height must be positive numbers of pixels", field="size")
    if rule not in _RULE_ROWS:
        raise PitchError(f"unknown image rule {rule!r}; known: {', '.join(_RULE_ROWS)}", field="rule")
    source = rate(_RULE_ROWS[rule])
    note = ""
    if rule == "openai-high":
        tiles, note = _openai_tiles(width, height)
        per_image = 85.0 + 170.0 * tiles
        detail = "detail: high"
    elif rule == "openai-low":
        per_image, detail = 85.0, "detail: low"
    elif rule == "anthropic":
        area = min(width * height, 1092.0 * 1092.0)
        per_image = float(math.ceil(area / 750))
        detail = "Claude"
        if width * height > 1092.0 * 1092.0:
            note = "scaled down by the API first: counted as 1092x1092 (about 1,600 tokens at most)"
    else:
        per_image = (
            258.0 if max(width, height) <= 384 else 258.0 * math.ceil(width / 768) * math.ceil(height / 768)
        )
        detail = "Gemini 2.0 and later"
    unit = f"image, {width:g}x{height:g} px, {detail}"
    return Conversion(
        images, unit, per_image, images * per_image, "image_input_tokens", source.source_text, None, note
    )


def quantity_for_tokens(tokens: float, rate_id: str) -> float:
    """The quantity in the rate's user unit that ``tokens`` stand for (minutes for audio, images for images),
    so the editor can show a block's tokens in minutes or pictures."""
    r = rate(rate_id)
    per = r.tokens_per_unit * (60 if r.unit == "second" else 1)
    return tokens / per
