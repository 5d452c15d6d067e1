"""The pitch document: a product idea built from feature blocks (contract section 1).

A :class:`Pitch` is an immutable, validated value. Edits make a new pitch (:func:`with_changes`),
which is validated again, so an invalid pitch can never exist in memory.

Strictness is deliberate: memos arrive from strangers. Numbers must be finite JSON numbers (pydantic's
lax mode would turn ``"20"`` into 20 and ``true`` into 1), unknown fields are refused, and every
bound in the contract is enforced here, in one place.
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

from core.scenarios import builtin_scenarios

FORMAT_ID = "computecurve.pitch"
SCHEMA_VERSION = 1

MAX_COUNT = 1e12  # contract: counts are at most 1e12
MAX_PRICE = 1e6  # contract: prices at most 1e6 per million tokens (and per call)
MAX_NAME = 1_000
MAX_NOTES = 1_000_000
MAX_BLOCKS = 10_000

# A 90% interval: the 5th and 95th percentiles (Squiggle's `5 to 10`, Guesstimate's convention).
Z90 = 1.6448536269514722


Count = Annotated[float, Strict(), Field(ge=0, le=MAX_COUNT)]
Fraction = Annotated[float, Strict(), Field(ge=0, le=1)]
PricePerMtok = Annotated[float, Strict(), Field(ge=0, le=MAX_PRICE)]
Interval = Annotated[tuple[Annotated[float, Strict()], Annotated[float, Strict()]], Field(strict=False)]


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


Ranges = Annotated[dict[str, Interval], Field(strict=False, max_length=20), AfterValidator(_freeze)]


# The fields whose values are fractions in a bounded interval: sampled uniformly, nudged "halfway toward
# each bound" in the sensitivity view. Every other numeric field is a positive quantity (lognormal).
FRACTION_BOUNDS: dict[str, tuple[float, float]] = {
    "cached_input_fraction": (0.0, 1.0),
    "cache_write_fraction": (0.0, 1.0),
    "target_gross_margin": (0.0, 1.0),
    "payment_fee_fraction": (0.0, 1.0),
    "inference_share_of_cogs": (0.0, 1.0),
}

# Fractions whose bound is excluded: a margin or a fee of 100% leaves no budget; an inference share of 0
# would divide by nothing. Ranges obey the same bounds as the values.
OPEN_HIGH_FRACTIONS = frozenset({"target_gross_margin", "payment_fee_fraction"})
OPEN_LOW_FRACTIONS = frozenset({"inference_share_of_cogs"})

BLOCK_RANGE_FIELDS = (
    "input_tokens",
    "output_tokens",
    "reasoning_tokens",
    "cached_input_fraction",
    "cache_write_fraction",
    "calls_per_action",
    "actions_per_day",
    "price_multiplier",
    "per_call_usd",
)
BUSINESS_RANGE_FIELDS = (
    "price_per_user_month",
    "target_gross_margin",
    "inference_share_of_cogs",
    "active_days_per_month",
    "usage_multiplier",
    "free_users_per_paying_user",
    "payment_fee_fraction",
)


def _check_ranges(owner: BaseModel, ranges: dict[str, tuple[float, float]], allowed: tuple[str, ...]) -> None:
    for field, (low, high) in ranges.items():
        where = f"@ranges.{field}"
        if field not in allowed:
            raise ValueError(f"{where}: no range can be given for {field!r} (allowed: {', '.join(allowed)})")
        value = getattr(owner, field)
        if low > high:
            raise ValueError(f"{where}: low {low:g} is above high {high:g}")
        if field in FRACTION_BOUNDS:
            lo_b, hi_b = FRACTION_BOUNDS[field]
            open_low, open_high = field in OPEN_LOW_FRACTIONS, field in OPEN_HIGH_FRACTIONS
            if (low <= lo_b if open_low else low < lo_b) or (high >= hi_b if open_high else high > hi_b):
                shown = f"{'(' if open_low else '['}{lo_b:g}, {hi_b:g}{')' if open_high else ']'}"
                raise ValueError(
                    f"{where}: a range for {field} must lie within {shown}, like the value itself"
                )
        elif low <= 0:
            raise ValueError(f"{where}: low must be above 0 (a positive quantity is lognormal)")
        if not low <= value <= high:
            raise ValueError(f"{where}: the value {value:g} is outside its range [{low:g}, {high:g}]")


class PriceTier(_Value):
    """Prices that replace the base prices for a call whose input exceeds ``above_input_tokens``."""

    above_input_tokens: Count
    input_per_mtok: PricePerMtok | None = None
    output_per_mtok: PricePerMtok | None = None
    cached_input_per_mtok: PricePerMtok | None = None
    cache_write_per_mtok: PricePerMtok | None = None
    reasoning_per_mtok: PricePerMtok | None = None


PRICE_FIELDS = (
    "input_per_mtok",
    "output_per_mtok",
    "cached_input_per_mtok",
    "cache_write_per_mtok",
    "reasoning_per_mtok",
)


class PriceSpec(_Value):
    """Explicit prices in USD per million tokens; any field left out comes from the catalog."""

    input_per_mtok: PricePerMtok | None = None
    output_per_mtok: PricePerMtok | None = None
    cached_input_per_mtok: PricePerMtok | None = None
    cache_write_per_mtok: PricePerMtok | None = None
    reasoning_per_mtok: PricePerMtok | None = None
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


_MODEL_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*:[^\s\x00-\x1f]{1,200}")


def _check_model_id(value: str) -> str:
    if not _MODEL_ID.fullmatch(value):
        raise ValueError("must be a catalog id written provider:model, e.g. openai:gpt-4o-mini")
    return value


class FeatureBlock(_Value):
    """One feature of the product and its inference profile."""

    name: Annotated[str, Field(min_length=1, max_length=MAX_NAME)]
    enabled: bool = True
    model: Annotated[str, AfterValidator(_check_model_id)] | None = None
    price: PriceSpec | None = None
    input_tokens: Count
    output_tokens: Count
    reasoning_tokens: Count = 0.0
    cached_input_fraction: Fraction = 0.0
    cache_write_fraction: Fraction = 0.0
    calls_per_action: Count
    actions_per_day: Count
    price_multiplier: Annotated[float, Strict(), Field(gt=0, le=MAX_PRICE)] = 1.0
    per_call_usd: Annotated[float, Strict(), Field(ge=0, le=MAX_PRICE)] = 0.0
    ranges: Ranges = Field(default_factory=FrozenRanges)

    @model_validator(mode="after")
    def _consistent(self) -> FeatureBlock:
        if self.cached_input_fraction + self.cache_write_fraction > 1 + 1e-12:
            raise ValueError(
                "@cache_write_fraction: cached_input_fraction + cache_write_fraction is "
                f"{self.cached_input_fraction + self.cache_write_fraction:g}; together they must be at most 1"
            )
        if self.model is None:
            given = self.price.given() if self.price else {}
            missing = [f for f in ("input_per_mtok", "output_per_mtok") if f not in given]
            if missing:
                raise ValueError(
                    f"@price.{missing[0]}: a block without a model must give its price "
                    "(input_per_mtok and output_per_mtok); an unknown price is never taken as $0"
                )
        _check_ranges(self, self.ranges, BLOCK_RANGE_FIELDS)
        return self


class Business(_Value):
    """What the business can afford per user."""

    price_per_user_month: Annotated[float, Strict(), Field(ge=0.01, le=1e9)]
    target_gross_margin: Annotated[float, Strict(), Field(ge=0, lt=1)]
    inference_share_of_cogs: Annotated[float, Strict(), Field(gt=0, le=1)] = 1.0
    active_days_per_month: Annotated[float, Strict(), Field(gt=0, le=31)] = 30.0
    usage_multiplier: Annotated[float, Strict(), Field(gt=0, le=1e6)] = 1.0
    free_users_per_paying_user: Annotated[float, Strict(), Field(ge=0, le=1e9)] = 0.0
    payment_fee_fraction: Annotated[float, Strict(), Field(ge=0, lt=1)] = 0.0
    ranges: Ranges = Field(default_factory=FrozenRanges)

    @model_validator(mode="after")
    def _ranges(self) -> Business:
        _check_ranges(self, self.ranges, BUSINESS_RANGE_FIELDS)
        return self


class CustomScenario(_Value):
    """A decline scenario given in the pitch itself."""

    name: Annotated[str, Field(min_length=1, max_length=MAX_NAME)]
    annual_decline_low: Annotated[float, Strict(), Field(ge=1.001, le=1000)]
    annual_decline_high: Annotated[float, Strict(), Field(ge=1.001, le=1000)]
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
    usd_per_month: Annotated[float, Strict(), Field(gt=0, le=1e12)]


class Pitch(_Value):
    """A product pitch: its business, its decline scenario and its feature blocks."""

    format: Literal["computecurve.pitch"]
    schema_version: Literal[1]
    name: Annotated[str, Field(min_length=1, max_length=MAX_NAME)]
    notes: Annotated[str, Field(max_length=MAX_NOTES)] = ""
    as_of: IsoDate | None = None
    business: Business
    scenario: ScenarioRef = "seed-rule"
    blocks: Annotated[tuple[FeatureBlock, ...], Field(strict=False, max_length=MAX_BLOCKS)]
    # Beyond the contract (optional): lines the projection chart draws for comparison.
    reference_lines: Annotated[tuple[ReferenceLine, ...], Field(strict=False, max_length=20)] = ()

    def effective_as_of(self, today: date | None = None) -> date:
        """``as_of``, or today's date when the file has none (contract section 1)."""
        return self.as_of or today or date.today()


def with_changes(value: Any, **changes: Any) -> Any:
    """A validated copy of ``value`` (a pitch or one of its parts) with ``changes`` applied.

    ``model_copy(update=...)`` skips validation, so the copy is re-validated from its data: an edit
    can never produce an invalid pitch.
    """
    data = value.model_dump(mode="python")
    for key, new in changes.items():
        data[key] = new.model_dump(mode="python") if isinstance(new, BaseModel) else new
    return type(value).model_validate(data)
