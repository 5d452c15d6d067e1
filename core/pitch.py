"""The pitch document: a product idea built from feature blocks (docs/contract.md, sections 1 and 6).

A :class:`Pitch` is an immutable, validated value. Edits make a new pitch (:func:`with_changes`),
which is validated again, so an invalid pitch can never exist in memory.

Strictness is deliberate: memos arrive from strangers. Numbers must be finite JSON numbers (pydantic's
lax mode would turn ``"20"`` into 20 and ``true`` into 1), unknown fields are refused, and every
bound in the contract is enforced here, in one place.

Each numeric field is declared once, with its bounds and its :class:`~core.fields.FieldSpec` (label,
unit, kind, caption, tooltip); :data:`FIELDS` reads them back for every screen, export and the schema.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Strict,
    Tag,
    model_validator,
)

from core.fields import FieldRegistry, FieldSpec, Group, Kind, describe_model
from core.scenarios import builtin_scenarios

FORMAT_ID = "computecurve.pitch"
SCHEMA_VERSION = 2

MAX_COUNT = 1e12  # contract: counts are at most 1e12
MAX_PRICE = 1e6  # contract: prices at most 1e6 per million tokens (and per call)
MAX_NAME = 1_000
MAX_NOTES = 1_000_000
MAX_BLOCKS = 10_000
MAX_DEPLOYMENTS = 100

# A 90% interval: the 5th and 95th percentiles (Squiggle's `5 to 10`, Guesstimate's convention).
Z90 = 1.6448536269514722

# Benchmarks a block may require (docs/contract.md 6.3), with the names users know them by.
BENCHMARKS: dict[str, str] = {
    "mmlu": "MMLU",
    "gpqa_diamond": "GPQA Diamond",
    "swe_bench_verified": "SWE-bench Verified",
}

Count = Annotated[float, Strict(), Field(ge=0, le=MAX_COUNT)]
PositiveCount = Annotated[float, Strict(), Field(gt=0, le=MAX_COUNT)]
Fraction = Annotated[float, Strict(), Field(ge=0, le=1)]
PricePerMtok = Annotated[float, Strict(), Field(ge=0, le=MAX_PRICE)]
Interval = Annotated[tuple[Annotated[float, Strict()], Annotated[float, Strict()]], Field(strict=False)]
Name = Annotated[str, Field(min_length=1, max_length=MAX_NAME)]

PRICE_UNIT = "USD / M"
_CATALOG_DEFAULT = "Default (empty): the catalog's price for the model on the pitch's date"


def _parse_iso_date(value: object) -> object:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("must be a date written as YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value} is not a real calendar date") from None


def _date_in_range(value: date) -> date:
    if not date(2000, 1, 1) <= value <= date(2099, 12, 31):
        raise ValueError("must be between 2000-01-01 and 2099-12-31")
    return value


IsoDate = Annotated[date, BeforeValidator(_parse_iso_date), AfterValidator(_date_in_range)]


class _Value(BaseModel):
    """Base for every part of a pitch: strict, closed, immutable."""

    model_config = ConfigDict(
        strict=True,
        extra="forbid",
        frozen=True,
        validate_assignment=True,
        allow_inf_nan=False,
        str_max_length=MAX_NOTES,
    )


class FrozenRanges(dict[str, tuple[float, float]]):
    """The ``ranges`` of a block or of the business: a dict that cannot be changed in place."""

    def _immutable(self, *args: object, **kwargs: object) -> None:
        raise TypeError("a pitch is immutable: make a new one with with_changes()")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = __ior__ = _immutable  # type: ignore[assignment]

    def __reduce__(self) -> tuple[type[FrozenRanges], tuple[dict[str, tuple[float, float]]]]:
        return (FrozenRanges, (dict(self),))


def _freeze(value: dict[str, tuple[float, float]]) -> FrozenRanges:
    return FrozenRanges(value)


Ranges = Annotated[dict[str, Interval], Field(strict=False, max_length=30), AfterValidator(_freeze)]


def _check_ranges(owner: BaseModel, ranges: dict[str, tuple[float, float]], group: Group) -> None:
    specs = FIELDS[group]
    allowed = FIELDS.rangeable(group)
    for key, (low, high) in ranges.items():
        where = f"@ranges.{key}"
        if key not in allowed:
            raise ValueError(f"{where}: no range can be given for {key!r} (allowed: {', '.join(allowed)})")
        spec = specs[key]
        value = getattr(owner, key)
        if low > high:
            raise ValueError(f"{where}: low {low:g} is above high {high:g}")
        if spec.is_fraction:
            if not (spec.contains(low) and spec.contains(high)):
                shown = f"{'(' if spec.low_open else '['}{spec.low:g}, {spec.high:g}{')' if spec.high_open else ']'}"
                raise ValueError(f"{where}: a range for {key} must lie within {shown}, like the value itself")
        elif low <= 0:
            raise ValueError(f"{where}: low must be above 0 (a positive quantity is lognormal)")
        if not low <= value <= high:
            raise ValueError(f"{where}: the value {value:g} is outside its range [{low:g}, {high:g}]")


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


# --------------------------------------------------------------------------------------------------
# Capability (docs/contract.md 6.3)
# --------------------------------------------------------------------------------------------------


def _known_benchmark(value: str) -> str:
    if value not in BENCHMARKS:
        raise ValueError(f"unknown benchmark {value!r}; known: {', '.join(BENCHMARKS)}")
    return value


class Requirement(_Value):
    """The capability a block needs: a minimum score on a benchmark."""

    benchmark: Annotated[str, AfterValidator(_known_benchmark)]
    min_score: Annotated[
        float,
        Strict(),
        Field(ge=0, le=100),
        FieldSpec(
            "Minimum score",
            "minimum score",
            "%",
            Kind.SCORE,
            "The benchmark score a model needs for this feature.",
            "A score in percent points on the chosen benchmark.\nExample: MMLU 86 is GPT-4's level "
            "(GPT-4 scored 86.4 in March 2023).\nWithout a model, the block is priced at the cheapest model "
            "that meets it on the pitch's date (capability table in resources/).",
        ),
    ]


# --------------------------------------------------------------------------------------------------
# Blocks
# --------------------------------------------------------------------------------------------------

_MODEL_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*:[^\s\x00-\x1f]{1,200}")
_DEPLOYMENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}")


def _check_model_id(value: str) -> str:
    if not _MODEL_ID.fullmatch(value):
        raise ValueError("must be a catalog id written provider:model, e.g. openai:gpt-4o-mini")
    return value


def _check_deployment_id(value: str) -> str:
    if not _DEPLOYMENT_ID.fullmatch(value):
        raise ValueError("must be a short id of letters, digits, '.', '_' or '-', e.g. h100-fleet")
    return value


def _tokens(label: str, noun: str, caption: str, tooltip: str) -> FieldSpec:
    return FieldSpec(label, noun, "tokens", Kind.COUNT, caption, tooltip, rangeable=True)


# Examples and defaults: the block library (core/templates.py, each template's "basis") and the contract.
class FeatureBlock(_Value):
    """One feature of the product and its inference profile."""

    name: Name
    enabled: bool = True
    model: Annotated[str, AfterValidator(_check_model_id)] | None = None
    deployment: Annotated[str, AfterValidator(_check_deployment_id)] | None = None
    requires: Requirement | None = None
    price: PriceSpec | None = None
    input_tokens: Annotated[
        Count,
        _tokens(
            "Input tokens",
            "input tokens",
            "Prompt and context sent with each call.",
            "Tokens sent in one call: system prompt, context, history, tool results.\n"
            "Example: 2,000 for a chat turn, 20,000 for an agent step.\n"
            "Default in the block library: Chat turn 2,000 (system prompt + recent history).",
        ),
    ]
    output_tokens: Annotated[
        Count,
        _tokens(
            "Output tokens",
            "output tokens",
            "Text the model writes per call.",
            "Tokens the model writes in one call (visible output).\n"
            "Example: 300 for a chat reply of a few paragraphs, 800 for an agent step.\n"
            "Default in the block library: Chat turn 300.",
        ),
    ]
    reasoning_tokens: Annotated[
        Count,
        _tokens(
            "Reasoning tokens",
            "reasoning tokens",
            "Hidden thinking per call, at the reasoning price.",
            "Tokens a reasoning model thinks before answering, billed at the reasoning price.\n"
            "Example: 1,000 for a self-review pass (block library).\nDefault: 0 (contract).",
        ),
    ] = 0.0
    audio_input_tokens: Annotated[
        Count,
        _tokens(
            "Audio input tokens",
            "audio input tokens",
            "Speech the model hears per call, as tokens.",
            "Audio tokens sent in one call, at the audio input price.\nExample: a minute of user speech is "
            "600 tokens on OpenAI's realtime models (1 token per 100 ms; token-rate table in resources/).\n"
            "Default: 0 (contract).",
        ),
    ] = 0.0
    audio_output_tokens: Annotated[
        Count,
        _tokens(
            "Audio output tokens",
            "audio output tokens",
            "Speech the model speaks per call, as tokens.",
            "Audio tokens the model produces in one call, at the audio output price.\nExample: a minute of "
            "assistant speech is 1,200 tokens on OpenAI's realtime models (1 token per 50 ms).\nDefault: 0.",
        ),
    ] = 0.0
    image_input_tokens: Annotated[
        Count,
        _tokens(
            "Image input tokens",
            "image input tokens",
            "Images the model reads per call, as tokens.",
            "Image tokens sent in one call, at the image input price (the token-rate table converts a "
            "picture of a given size into tokens per provider).\nExample: one photo a call, at its "
            "provider's tokens per picture.\nDefault: 0.",
        ),
    ] = 0.0
    image_output_tokens: Annotated[
        Count,
        _tokens(
            "Image output tokens",
            "image output tokens",
            "Images the model makes per call, as tokens.",
            "Image tokens the model generates in one call, at the image output price (an image model "
            "bills each picture by size and quality; see the token-rate table).\nExample: one picture a "
            "call, at its size's tokens.\nDefault: 0.",
        ),
    ] = 0.0
    cached_input_fraction: Annotated[
        Fraction,
        FieldSpec(
            "Cached input",
            "cached input share",
            "%",
            Kind.FRACTION,
            "Share of input read from the prompt cache.",
            "Percent of the input tokens served from the provider's prompt cache (a stable system prompt, "
            "a re-read context).\nExample: 50% for a chat turn, 70% for an agent loop (block library).\n"
            "Default: 0% (contract). With cache writes, at most 100% together. Applies to text input only.",
            rangeable=True,
        ),
    ] = 0.0
    cache_write_fraction: Annotated[
        Fraction,
        FieldSpec(
            "Cache writes",
            "cache write share",
            "%",
            Kind.FRACTION,
            "Share of input written to the cache.",
            "Percent of the input tokens written to the prompt cache (billed at the cache write price).\n"
            "Example: 15% for an agent loop whose context grows each call.\n"
            "Default: 0% (contract). With cached input, at most 100% together.",
            rangeable=True,
        ),
    ] = 0.0
    calls_per_action: Annotated[
        Count,
        FieldSpec(
            "Calls per action",
            "calls per action",
            "calls",
            Kind.COUNT,
            "Model calls one user action triggers.",
            "How many model calls one action makes (fractions allowed).\n"
            "Example: 1 for a chat turn, 40 for an agent task ('dozens to hundreds of inference calls').\n"
            "Default in the block library: Agent loop 40.",
            rangeable=True,
        ),
    ]
    actions_per_day: Annotated[
        Count,
        FieldSpec(
            "Actions per day",
            "actions per day",
            "/ day",
            Kind.COUNT,
            "Actions per active day, per user.",
            "How often an active user triggers this feature in a day (fractions allowed: 0.14 is once a "
            "week).\nExample: 20 chat messages; 96 for a background check every 15 minutes.\n"
            "Default in the block library: Chat turn 20, Background understanding 96.",
            rangeable=True,
        ),
    ]
    price_multiplier: Annotated[
        float,
        Strict(),
        Field(gt=0, le=MAX_PRICE),
        FieldSpec(
            "Price multiplier",
            "price multiplier",
            "×",
            Kind.FACTOR,
            "Scales this block's prices: batch 0.5, a discount 0.8.",
            "Multiplies the token prices and the per-call price of this block.\n"
            "Example: 0.5 for a batch API, 0.8 for a negotiated discount.\nDefault: 1 (contract).",
            rangeable=True,
        ),
    ] = 1.0
    per_call_usd: Annotated[
        float,
        Strict(),
        Field(ge=0, le=MAX_PRICE),
        FieldSpec(
            "Per-call price",
            "per-call price",
            "USD",
            Kind.MONEY,
            "A flat price per call: image, search, audio minute.",
            "USD added to every call on top of tokens (a price per image, per search or per minute that is "
            "not a token price).\nExample: $0.04 per generated image, $0.03 per voice minute (block library)."
            "\nDefault: $0 (contract).",
            rangeable=True,
        ),
    ] = 0.0
    ranges: Ranges = Field(default_factory=FrozenRanges)

    @model_validator(mode="after")
    def _consistent(self) -> FeatureBlock:
        if self.cached_input_fraction + self.cache_write_fraction > 1 + 1e-12:
            raise ValueError(
                "@cache_write_fraction: cached_input_fraction + cache_write_fraction is "
                f"{self.cached_input_fraction + self.cache_write_fraction:g}; together they must be at most 1"
            )
        given = self.price.given() if self.price else {}
        if self.deployment is not None:
            if self.model is not None:
                raise ValueError(
                    "@model: a block priced from a deployment cannot also name a model; remove one of them"
                )
            extra = [f for f in given if f not in DEPLOYMENT_PRICE_OVERRIDES] + (
                ["tiers"] if self.price and self.price.tiers else []
            )
            if extra:
                raise ValueError(
                    f"@price.{extra[0]}: a deployment gives the input and output prices; a block priced from "
                    f"it may only set {', '.join(DEPLOYMENT_PRICE_OVERRIDES)}"
                )
        elif self.model is None and not (self.requires is not None and self.price is None):
            missing = [f for f in ("input_per_mtok", "output_per_mtok") if f not in given]
            if missing:
                raise ValueError(
                    f"@price.{missing[0]}: a block without a model, a deployment or a capability requirement "
                    "must give its price (input_per_mtok and output_per_mtok); an unknown price is never "
                    "taken as $0"
                )
        _check_ranges(self, self.ranges, Group.BLOCK)
        return self


# --------------------------------------------------------------------------------------------------
# Business and scenario
# --------------------------------------------------------------------------------------------------


class Business(_Value):
    """What the business can afford per user."""

    price_per_user_month: Annotated[
        float,
        Strict(),
        Field(ge=0.01, le=1e9),
        FieldSpec(
            "Price",
            "price per user-month",
            "USD / mo",
            Kind.MONEY,
            "What a paying user pays a month.",
            "USD per paying user per month, before fees.\nExample: $20 (a common consumer AI subscription); "
            "$9.99 in the study-buddy example.\nNo default: required (contract), 0.01 to 1,000,000,000.",
            rangeable=True,
        ),
    ]
    target_gross_margin: Annotated[
        float,
        Strict(),
        Field(ge=0, lt=1),
        FieldSpec(
            "Target margin",
            "target gross margin",
            "%",
            Kind.FRACTION,
            "Share of revenue kept after cost of goods.",
            "The gross margin the business needs, in percent of revenue.\nExample: 70% (the contract's "
            "example); 60% is common for AI software, below classic SaaS's 75-80%.\nNo default: required "
            "(contract), 0 to below 100%.",
            rangeable=True,
        ),
    ]
    inference_share_of_cogs: Annotated[
        float,
        Strict(),
        Field(gt=0, le=1),
        FieldSpec(
            "Inference share",
            "inference share of cost",
            "%",
            Kind.FRACTION,
            "Inference's part of the cost of goods.",
            "Percent of the cost of goods that is model inference (hosting, storage and support are the "
            "rest).\nExample: 90%.\nDefault: 100% (contract): all of the cost budget goes to inference.",
            rangeable=True,
        ),
    ] = 1.0
    active_days_per_month: Annotated[
        float,
        Strict(),
        Field(gt=0, le=31),
        FieldSpec(
            "Active days",
            "active days per month",
            "days",
            Kind.COUNT,
            "Days a month a user is active.",
            "Days per month on which a user uses the product; blocks count their actions per active day.\n"
            "Example: 12 (a DAU/MAU ratio of about 0.4).\nDefault: 30 (contract); at most 31.",
            rangeable=True,
        ),
    ] = 30.0
    usage_multiplier: Annotated[
        float,
        Strict(),
        Field(gt=0, le=1e6),
        FieldSpec(
            "Usage multiplier",
            "usage multiplier",
            "×",
            Kind.FACTOR,
            "Scales every block's actions per day.",
            "Multiplies every block's actions per day: above 1 for a power user or a heavy month.\n"
            "Example: 2 for a heavy cohort.\nDefault: 1 (contract). Its range is one draw shared by all blocks.",
            rangeable=True,
        ),
    ] = 1.0
    free_users_per_paying_user: Annotated[
        float,
        Strict(),
        Field(ge=0, le=1e9),
        FieldSpec(
            "Free users",
            "free users per paying user",
            "per payer",
            Kind.COUNT,
            "Free users each paying user carries.",
            "Free users whose inference each paying user pays for.\n"
            "Example: 12 when about 8% of monthly users pay.\nDefault: 0 (contract).",
            rangeable=True,
        ),
    ] = 0.0
    payment_fee_fraction: Annotated[
        float,
        Strict(),
        Field(ge=0, lt=1),
        FieldSpec(
            "Payment fee",
            "payment fee",
            "%",
            Kind.FRACTION,
            "App-store or payment fees taken from the price.",
            "Percent of the price taken by app stores or payment processors.\nExample: 15% (app-store "
            "subscriptions after the first year), about 3% for card payments.\nDefault: 0% (contract): "
            "below 100%.",
            rangeable=True,
        ),
    ] = 0.0
    ranges: Ranges = Field(default_factory=FrozenRanges)

    @model_validator(mode="after")
    def _ranges(self) -> Business:
        _check_ranges(self, self.ranges, Group.BUSINESS)
        return self


DeclineFactor = Annotated[float, Strict(), Field(ge=1.001, le=1000)]


class CustomScenario(_Value):
    """A decline scenario given in the pitch itself."""

    name: Name
    annual_decline_low: Annotated[
        DeclineFactor,
        FieldSpec(
            "Slow decline",
            "slow decline factor",
            "×/yr",
            Kind.FACTOR,
            "The slow end: the price is divided by this each year.",
            "A factor per year.\nExample: 3.16 is 10x every 24 months (the seed's slow pace).\n"
            "Default: the slow factor of the scenario in use when Custom is chosen, rounded. 1.001 to 1,000.",
        ),
    ]
    annual_decline_high: Annotated[
        DeclineFactor,
        FieldSpec(
            "Fast decline",
            "fast decline factor",
            "×/yr",
            Kind.FACTOR,
            "The fast end: the price is divided by this each year.",
            "A factor per year.\nExample: 4.64 is 10x every 18 months (the seed's fast pace).\n"
            "Default: the fast factor of the scenario in use when Custom is chosen, rounded. 1.001 to 1,000.",
        ),
    ]
    source: Annotated[str, Field(max_length=MAX_NAME)] = ""

    @model_validator(mode="after")
    def _ordered(self) -> CustomScenario:
        if self.annual_decline_low > self.annual_decline_high:
            raise ValueError(
                f"@annual_decline_low: {self.annual_decline_low:g} is above annual_decline_high "
                f"{self.annual_decline_high:g}"
            )
        return self


def _known_scenario(value: str) -> str:
    if value not in builtin_scenarios():
        raise ValueError(f"unknown scenario {value!r}; built-in ids: {', '.join(builtin_scenarios())}")
    return value


def _scenario_kind(value: object) -> str:
    return "custom" if isinstance(value, (dict, CustomScenario)) else "builtin"


# A tagged union, so a bad value gets the one error that fits it (an unknown id, or a bad custom field).
ScenarioRef = Annotated[
    Annotated[Annotated[str, AfterValidator(_known_scenario)], Tag("builtin")]
    | Annotated[CustomScenario, Tag("custom")],
    Discriminator(_scenario_kind),
]


class ReferenceLine(_Value):
    """A labelled monthly amount drawn on the projection (a salary, a competitor's price)."""

    label: Annotated[str, Field(min_length=1, max_length=200)]
    usd_per_month: Annotated[
        float,
        Strict(),
        Field(gt=0, le=1e12),
        FieldSpec(
            "Amount",
            "reference amount",
            "USD / mo",
            Kind.MONEY,
            "A monthly amount to compare the cost with.",
            "USD per month, drawn as a labelled line on the projection.\nExample: a junior engineer's "
            "salary, a competitor's price.",
        ),
    ]


# --------------------------------------------------------------------------------------------------
# Self-hosted deployments (docs/contract.md 6.2)
# --------------------------------------------------------------------------------------------------

PositiveUsd = Annotated[float, Strict(), Field(gt=0, le=MAX_COUNT)]
Years = Annotated[
    float,
    Strict(),
    Field(gt=0, le=30),
    FieldSpec(
        "Years",
        "years",
        "years",
        Kind.YEARS,
        "How long the hardware is paid off over.",
        "The depreciation period in years.\nExample: 5 (the seed essay's total-cost-of-ownership model); "
        "4-6 is common for data-centre GPUs.\nAbove 0 and at most 30.",
    ),
]


class Ownership(_Value):
    """A GPU-hour from the total cost of owning a fleet (the seed essay's form)."""

    gpus: Annotated[
        PositiveCount,
        FieldSpec(
            "GPUs",
            "number of GPUs",
            "GPUs",
            Kind.COUNT,
            "How many GPUs the total cost buys and runs.",
            "Example: 100 H100s in the seed essay.",
        ),
    ]
    total_cost_usd: Annotated[
        PositiveUsd,
        FieldSpec(
            "Total cost",
            "total cost of ownership",
            "USD",
            Kind.MONEY,
            "Everything the fleet costs over its years.",
            "Purchase, networking, power, cooling, facilities and operations over the period.\n"
            "Example: $8.6M for 100 H100s over 5 years (the seed essay).",
        ),
    ]
    years: Years
    purchase_usd: (
        Annotated[
            PositiveUsd,
            FieldSpec(
                "GPU purchase",
                "GPU purchase price",
                "USD",
                Kind.MONEY,
                "What the GPUs alone cost (optional).",
                "Shows the GPUs' share of the total cost.\nExample: $3M for 100 H100s (the seed essay: "
                "'the GPUs are just 35% of the real cost').",
            ),
        ]
        | None
    ) = None

    @model_validator(mode="after")
    def _purchase_within_total(self) -> Ownership:
        if self.purchase_usd is not None and self.purchase_usd > self.total_cost_usd:
            raise ValueError(
                f"@purchase_usd: the purchase ({self.purchase_usd:g}) is above the total cost of ownership "
                f"({self.total_cost_usd:g}), which includes it"
            )
        return self


class Components(_Value):
    """A GPU-hour from its parts: capital with interest, power, facility and operations."""

    capex_usd_per_gpu: Annotated[
        PositiveUsd,
        FieldSpec(
            "Capex per GPU",
            "capex per GPU",
            "USD",
            Kind.MONEY,
            "What one GPU and its share of the server cost to buy.",
            "Example: about $30,000 for an H100 (the seed's $3M for 100 GPUs).",
        ),
    ]
    years: Years
    interest_rate: Annotated[
        float,
        Strict(),
        Field(ge=0, lt=1),
        FieldSpec(
            "Interest rate",
            "interest rate",
            "% / yr",
            Kind.FRACTION,
            "The cost of the capital, per year.",
            "The annual rate of the financing; capex is paid back as an annuity over the years.\n"
            "Default: 0% (straight-line: capex / years).",
        ),
    ] = 0.0
    power_kw_per_gpu: Annotated[
        PositiveUsd,
        FieldSpec(
            "Power per GPU",
            "power per GPU",
            "kW",
            Kind.POWER,
            "Electrical power one GPU and its share of the server draw.",
            "Example: an H100 SXM is rated 0.7 kW; with its server share, 1-1.4 kW is common.",
        ),
    ]
    pue: Annotated[
        float,
        Strict(),
        Field(ge=1, le=3),
        FieldSpec(
            "PUE",
            "power usage effectiveness",
            "×",
            Kind.FACTOR,
            "Facility power per unit of IT power (cooling overhead).",
            "1.0 is perfect; modern data centres run at 1.1-1.5.\nDefault: 1. Between 1 and 3.",
        ),
    ] = 1.0
    electricity_usd_per_kwh: Annotated[
        PositiveUsd,
        FieldSpec(
            "Electricity",
            "electricity price",
            "USD / kWh",
            Kind.MONEY,
            "What a kilowatt-hour costs.",
            "Example: $0.08 for industrial power in the US.",
        ),
    ]
    facility_usd_per_kw_month: Annotated[
        float,
        Strict(),
        Field(ge=0, le=MAX_COUNT),
        FieldSpec(
            "Facility",
            "facility cost",
            "USD / kW / mo",
            Kind.MONEY,
            "Colocation or building cost per kW of power a month.",
            "Example: a colocation contract priced per kW of IT load.\nDefault: 0.",
        ),
    ] = 0.0
    operations_fraction_of_capex_per_year: Annotated[
        float,
        Strict(),
        Field(ge=0, le=MAX_COUNT),
        FieldSpec(
            "Operations",
            "operations cost",
            "% of capex / yr",
            Kind.FRACTION,
            "Staff, maintenance and spares per year, as a share of capex.",
            "Example: 5% of the hardware's price a year.\nDefault: 0.",
        ),
    ] = 0.0


class Deployment(_Value):
    """A self-hosted fleet a block can be priced from: a GPU-hour divided by throughput."""

    id: Annotated[str, AfterValidator(_check_deployment_id)]
    name: Name
    gpu: Annotated[str, Field(min_length=1, max_length=200)]
    gpu_hour_usd: (
        Annotated[
            PositiveUsd,
            FieldSpec(
                "GPU-hour price",
                "GPU-hour price",
                "USD / h",
                Kind.MONEY,
                "A rental or quoted price of one GPU for one hour.",
                "Example: H100 SXM on demand at the cheapest providers, about $2 an hour (presets list "
                "published prices with their source and date).",
            ),
        ]
        | None
    ) = None
    ownership: Ownership | None = None
    components: Components | None = None
    utilisation: Annotated[
        float,
        Strict(),
        Field(gt=0, le=1),
        FieldSpec(
            "Utilisation",
            "utilisation",
            "%",
            Kind.FRACTION,
            "Share of paid hours spent serving tokens.",
            "Idle hours are paid for too: at 70% utilisation each busy hour costs 1/0.7 of an hour.\n"
            "Example: 70% (the seed's C9 reading).",
        ),
    ]
    input_tokens_per_second_per_gpu: Annotated[
        PositiveCount,
        FieldSpec(
            "Input throughput",
            "input throughput",
            "tokens / s / GPU",
            Kind.RATE,
            "Prompt tokens one GPU processes a second.",
            "Measured prefill throughput per GPU at the batch sizes you serve.\nExample: DeepSeek's production "
            "figures, about 9,000 per H800 GPU (2025-02-28).",
        ),
    ]
    output_tokens_per_second_per_gpu: Annotated[
        PositiveCount,
        FieldSpec(
            "Output throughput",
            "output throughput",
            "tokens / s / GPU",
            Kind.RATE,
            "Tokens one GPU generates a second.",
            "Measured decode throughput per GPU at your users' speed.\nExample: DeepSeek's production "
            "figures, about 1,850 per H800 GPU at 20-22 tokens/s per user (2025-02-28).",
        ),
    ]
    source: Annotated[str, Field(max_length=MAX_NAME)] = ""

    @model_validator(mode="after")
    def _one_cost(self) -> Deployment:
        given = [k for k in ("gpu_hour_usd", "ownership", "components") if getattr(self, k) is not None]
        if len(given) != 1:
            where = given[1] if len(given) > 1 else "gpu_hour_usd"
            raise ValueError(
                f"@{where}: give exactly one of gpu_hour_usd, ownership or components for the cost of a "
                f"GPU-hour ({'none' if not given else ' and '.join(given)} given)"
            )
        return self


# --------------------------------------------------------------------------------------------------
# The pitch
# --------------------------------------------------------------------------------------------------


class Pitch(_Value):
    """A product pitch: its business, its decline scenario, its deployments and its feature blocks."""

    format: Literal["computecurve.pitch"]
    schema_version: Literal[2]
    name: Name
    notes: Annotated[str, Field(max_length=MAX_NOTES)] = ""
    as_of: IsoDate | None = None
    business: Business
    scenario: ScenarioRef = "seed-rule"
    deployments: Annotated[tuple[Deployment, ...], Field(strict=False, max_length=MAX_DEPLOYMENTS)] = ()
    blocks: Annotated[tuple[FeatureBlock, ...], Field(strict=False, max_length=MAX_BLOCKS)]
    # Beyond the contract (optional): lines the projection chart draws for comparison.
    reference_lines: Annotated[tuple[ReferenceLine, ...], Field(strict=False, max_length=20)] = ()

    @model_validator(mode="after")
    def _deployments_known(self) -> Pitch:
        ids = [d.id for d in self.deployments]
        for i, dep_id in enumerate(ids):
            if dep_id in ids[:i]:
                raise ValueError(f"@deployments.{i}.id: the id {dep_id!r} is used by two deployments")
        for i, block in enumerate(self.blocks):
            if block.deployment is not None and block.deployment not in ids:
                known = (
                    f"the pitch's deployments are {', '.join(ids)}" if ids else "the pitch has no deployments"
                )
                raise ValueError(f"@blocks.{i}.deployment: unknown deployment {block.deployment!r}; {known}")
        return self

    def effective_as_of(self, today: date | None = None) -> date:
        """``as_of``, or today's date when the file has none (contract section 1)."""
        return self.as_of or today or date.today()

    def deployment(self, dep_id: str) -> Deployment:
        """The deployment called ``dep_id`` (validated to exist for every block that names one)."""
        for d in self.deployments:
            if d.id == dep_id:
                return d
        raise KeyError(dep_id)


def with_changes(value: Any, **changes: Any) -> Any:
    """A validated copy of ``value`` (a pitch or one of its parts) with ``changes`` applied.

    ``model_copy(update=...)`` skips validation, so the copy is re-validated from its data: an edit
    can never produce an invalid pitch.
    """
    data = value.model_dump(mode="python")
    for key, new in changes.items():
        data[key] = new.model_dump(mode="python") if isinstance(new, BaseModel) else new
    return type(value).model_validate(data)


# --------------------------------------------------------------------------------------------------
# The field registry: every described field, read back from the declarations above
# --------------------------------------------------------------------------------------------------

FIELDS = FieldRegistry(
    {
        Group.BUSINESS: describe_model(Business, Group.BUSINESS),
        Group.BLOCK: describe_model(FeatureBlock, Group.BLOCK),
        Group.PRICE: describe_model(PriceSpec, Group.PRICE),
        Group.TIER: describe_model(PriceTier, Group.TIER),
        Group.REQUIRES: describe_model(Requirement, Group.REQUIRES),
        Group.DEPLOYMENT: describe_model(Deployment, Group.DEPLOYMENT),
        Group.OWNERSHIP: describe_model(Ownership, Group.OWNERSHIP),
        Group.COMPONENTS: describe_model(Components, Group.COMPONENTS),
        Group.SCENARIO: describe_model(CustomScenario, Group.SCENARIO),
        Group.REFERENCE_LINE: describe_model(ReferenceLine, Group.REFERENCE_LINE),
    }
)

# Every price field, in the order the contract lists them (text first, then modalities).
PRICE_FIELDS: tuple[str, ...] = tuple(FIELDS[Group.PRICE])
TEXT_PRICE_FIELDS = PRICE_FIELDS[:5]
MODALITY_PRICE_FIELDS = PRICE_FIELDS[5:]
# A modality price defaults to the text price of the same direction (docs/contract.md 6.1).
MODALITY_DEFAULTS: dict[str, str] = {
    "audio_input_per_mtok": "input_per_mtok",
    "audio_output_per_mtok": "output_per_mtok",
    "image_input_per_mtok": "input_per_mtok",
    "image_output_per_mtok": "output_per_mtok",
}
# The numeric block and business fields: the engine's inputs, each may carry a range.
BLOCK_FIELDS: tuple[str, ...] = tuple(FIELDS[Group.BLOCK])
BUSINESS_FIELDS: tuple[str, ...] = tuple(FIELDS[Group.BUSINESS])
BLOCK_RANGE_FIELDS = FIELDS.rangeable(Group.BLOCK)
BUSINESS_RANGE_FIELDS = FIELDS.rangeable(Group.BUSINESS)
# Token fields of a call (tokens_per_user_month counts them all) and the modality ones (docs/contract.md 6.1).
TOKEN_FIELDS = (
    "input_tokens",
    "output_tokens",
    "reasoning_tokens",
    "audio_input_tokens",
    "audio_output_tokens",
    "image_input_tokens",
    "image_output_tokens",
)
# What a block priced from a deployment may still set in its ``price``.
DEPLOYMENT_PRICE_OVERRIDES = ("cached_input_per_mtok", "cache_write_per_mtok", "reasoning_per_mtok")
