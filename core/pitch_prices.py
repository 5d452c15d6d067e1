"""Prices in a pitch (docs/contract.md sections 1 and 6.1): a block's own prices per million tokens and
its long-context tiers. Any price left out comes from the catalog or follows the contract's defaults
(core/prices.py)."""

from __future__ import annotations

from typing import Annotated

from pydantic import (
    Field,
    model_validator,
)

from core.fields import FieldSpec, Group, Kind, describe_model
from core.pitch_values import Count, PricePerMtok, _Value

PRICE_UNIT = "USD / M"
_CATALOG_DEFAULT = "Default (empty): the catalog's price for the model on the pitch's date"

# --------------------------------------------------------------------------------------------------
# Prices
# --------------------------------------------------------------------------------------------------


def _price(label: str, noun: str, caption: str, tooltip: str) -> FieldSpec:
    return FieldSpec(label, noun, PRICE_UNIT, Kind.PRICE, caption, tooltip)


InputPrice = Annotated[
    PricePerMtok,
    _price(
        "Input price",
        "input price",
        "Per million prompt tokens",
        "USD per million input tokens.\nExample: openai:gpt-4o-mini charges $0.15.\n"
        f"{_CATALOG_DEFAULT} (source: genai-prices, or the bundled price history). Without a model this "
        "price is required.",
    ),
]
OutputPrice = Annotated[
    PricePerMtok,
    _price(
        "Output price",
        "output price",
        "Per million generated tokens",
        "USD per million output tokens.\nExample: openai:gpt-4o-mini charges $0.60.\n"
        f"{_CATALOG_DEFAULT}. Without a model this price is required.",
    ),
]
CachedInputPrice = Annotated[
    PricePerMtok,
    _price(
        "Cached input price",
        "cached input price",
        "Per million tokens read from cache",
        "USD per million input tokens served from the provider's prompt cache.\n"
        "Example: openai:gpt-4o-mini charges $0.075 (half its input price).\n"
        f"{_CATALOG_DEFAULT}, or the input price when the catalog has none (and before the provider's "
        "caching launch).",
    ),
]
CacheWritePrice = Annotated[
    PricePerMtok,
    _price(
        "Cache write price",
        "cache write price",
        "Per million tokens written to cache",
        "USD per million input tokens written to the prompt cache.\n"
        "Example: Anthropic bills cache writes at 1.25x its input price.\n"
        f"{_CATALOG_DEFAULT}, or the input price when the catalog has none.",
    ),
]
ReasoningPrice = Annotated[
    PricePerMtok,
    _price(
        "Reasoning price",
        "reasoning price",
        "Per million thinking tokens",
        "USD per million reasoning (thinking) tokens.\n"
        "Example: Gemini 2.5 Flash bills thinking at its output price.\n"
        f"{_CATALOG_DEFAULT}, or the output price when the catalog has none.",
    ),
]
AudioInputPrice = Annotated[
    PricePerMtok,
    _price(
        "Audio input price",
        "audio input price",
        "Per million tokens of speech heard",
        "USD per million audio input tokens.\nExample: OpenAI's realtime models price audio above text.\n"
        f"{_CATALOG_DEFAULT}, or the input price when the model has no audio price (as genai-prices bills it).",
    ),
]
AudioOutputPrice = Annotated[
    PricePerMtok,
    _price(
        "Audio output price",
        "audio output price",
        "Per million tokens of speech spoken",
        "USD per million audio output tokens.\nExample: OpenAI's realtime models price spoken output above "
        "text output.\n"
        f"{_CATALOG_DEFAULT}, or the output price when the model has no audio price.",
    ),
]
ImageInputPrice = Annotated[
    PricePerMtok,
    _price(
        "Image input price",
        "image input price",
        "Per million tokens of images read",
        "USD per million image input tokens.\nExample: most vision models bill a picture's tokens at their "
        "text input price (leave the field empty).\n"
        f"{_CATALOG_DEFAULT}, or the input price when the model has no image price.",
    ),
]
ImageOutputPrice = Annotated[
    PricePerMtok,
    _price(
        "Image output price",
        "image output price",
        "Per million tokens of images made",
        "USD per million image output tokens (an image model bills each picture as tokens).\n"
        "Example: an image model's price per million image tokens, from its pricing page.\n"
        f"{_CATALOG_DEFAULT}, or the output price when the model has no image price.",
    ),
]


class PriceTier(_Value):
    """Prices that replace the base prices for a call whose input exceeds ``above_input_tokens``."""

    above_input_tokens: Annotated[
        Count,
        FieldSpec(
            "Above input tokens",
            "tier threshold",
            "tokens",
            Kind.COUNT,
            "The tier applies to calls with more input tokens than this.",
            "A long-context tier: e.g. Gemini 2.5 Pro charges more above 200,000 input tokens.",
        ),
    ]
    input_per_mtok: InputPrice | None = None
    output_per_mtok: OutputPrice | None = None
    cached_input_per_mtok: CachedInputPrice | None = None
    cache_write_per_mtok: CacheWritePrice | None = None
    reasoning_per_mtok: ReasoningPrice | None = None
    audio_input_per_mtok: AudioInputPrice | None = None
    audio_output_per_mtok: AudioOutputPrice | None = None
    image_input_per_mtok: ImageInputPrice | None = None
    image_output_per_mtok: ImageOutputPrice | None = None


class PriceSpec(_Value):
    """Explicit prices in USD per million tokens; any field left out comes from the catalog."""

    input_per_mtok: InputPrice | None = None
    output_per_mtok: OutputPrice | None = None
    cached_input_per_mtok: CachedInputPrice | None = None
    cache_write_per_mtok: CacheWritePrice | None = None
    reasoning_per_mtok: ReasoningPrice | None = None
    audio_input_per_mtok: AudioInputPrice | None = None
    audio_output_per_mtok: AudioOutputPrice | None = None
    image_input_per_mtok: ImageInputPrice | None = None
    image_output_per_mtok: ImageOutputPrice | None = None
    tiers: Annotated[tuple[PriceTier, ...], Field(strict=False, max_length=100)] = ()

    @model_validator(mode="after")
    def _tiers_distinct(self) -> PriceSpec:
        starts = [t.above_input_tokens for t in self.tiers]
        if len(set(starts)) != len(starts):
            raise ValueError("@tiers: two tiers start above the same number of input tokens")
        return self

    def given(self) -> dict[str, float]:
        """The price fields this spec sets explicitly."""
        return {f: v for f in PRICE_FIELDS if (v := getattr(self, f)) is not None}


# Every price field, in the order the contract lists them (text first, then modalities).
PRICE_FIELDS: tuple[str, ...] = tuple(describe_model(PriceSpec, Group.PRICE))
