"""The building blocks of the pitch model (core/pitch.py): limits, strict value types, dates, ranges, ids.

Every part of a pitch derives from :class:`_Value`: strict (no lax conversions: a memo's ``"20"`` is not
20), closed (unknown fields are refused) and immutable.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
)

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
