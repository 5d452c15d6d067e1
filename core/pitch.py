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

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    Discriminator,
    Field,
    Strict,
    Tag,
    model_validator,
)

from core.fields import FieldRegistry, FieldSpec, Group, Kind, describe_model
from core.pitch_deployments import Components, Deployment, Ownership
from core.pitch_prices import PRICE_FIELDS, PriceSpec, PriceTier
from core.pitch_values import (
    BENCHMARKS,
    FORMAT_ID,
    MAX_BLOCKS,
    MAX_COUNT,
    MAX_DEPLOYMENTS,
    MAX_NAME,
    MAX_NOTES,
    MAX_PRICE,
    SCHEMA_VERSION,
    Z90,
    Count,
    Fraction,
    FrozenRanges,
    IsoDate,
    Name,
    Ranges,
    _check_deployment_id,
    _check_model_id,
    _Value,
)
from core.scenarios import builtin_scenarios


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

# The pitch model is split over core/pitch_values.py, core/pitch_prices.py and core/pitch_deployments.py;
# everything is read from here.
__all__ = [
    "BENCHMARKS",
    "BLOCK_FIELDS",
    "BLOCK_RANGE_FIELDS",
    "BUSINESS_FIELDS",
    "BUSINESS_RANGE_FIELDS",
    "DEPLOYMENT_PRICE_OVERRIDES",
    "FIELDS",
    "FORMAT_ID",
    "MAX_BLOCKS",
    "MAX_COUNT",
    "MAX_DEPLOYMENTS",
    "MAX_NAME",
    "MAX_NOTES",
    "MAX_PRICE",
    "MODALITY_DEFAULTS",
    "MODALITY_PRICE_FIELDS",
    "PRICE_FIELDS",
    "SCHEMA_VERSION",
    "TEXT_PRICE_FIELDS",
    "TOKEN_FIELDS",
    "Z90",
    "Business",
    "Components",
    "CustomScenario",
    "Deployment",
    "FeatureBlock",
    "FrozenRanges",
    "Ownership",
    "Pitch",
    "PriceSpec",
    "PriceTier",
    "ReferenceLine",
    "Requirement",
    "with_changes",
]
