"""Every numeric field of a pitch, described once.

A field of the pitch model (``core/pitch.py``) is declared with its bounds (pydantic's ``Field``) and one
:class:`FieldSpec` in the same ``Annotated`` type: its label, the noun used in undo texts ("Change output
tokens of Agent loop"), its unit, its kind (money, a price per million tokens, a fraction, a count...),
a one-line caption and a tooltip. :func:`describe_model` reads both back into complete specs, so the
block editor, the business panel, the sensitivity chart, the scorecard, the memo, the CSV and
``computecurve schema`` all read the same words and the same bounds. Adding a field touches its
declaration and its arithmetic, nothing else.

This module imports nothing of the pitch model; ``core.pitch`` builds the registry (``FIELDS``).
"""

from __future__ import annotations

import math
import types
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined


class Kind(StrEnum):
    """What a number is, which decides how it is written everywhere (``core.formatting.format_value``)."""

    MONEY = "money"  # USD: a price per user-month, a price per call, a GPU-hour
    PRICE = "price"  # USD per million tokens
    FRACTION = "fraction"  # a share, written as a percent
    COUNT = "count"  # tokens, calls, actions, users, days, GPUs
    FACTOR = "factor"  # a multiplier (x)
    RATE = "rate"  # tokens per second
    YEARS = "years"
    POWER = "power"  # kW
    SCORE = "score"  # a benchmark score in percent points


class Group(StrEnum):
    """Which part of a pitch a field belongs to (its place in the file)."""

    BUSINESS = "business"
    BLOCK = "block"
    PRICE = "price"
    TIER = "tier"
    REQUIRES = "requires"
    DEPLOYMENT = "deployment"
    OWNERSHIP = "ownership"
    COMPONENTS = "components"
    SCENARIO = "scenario"
    REFERENCE_LINE = "reference_line"


@dataclass(frozen=True)
class FieldSpec:
    """A numeric field of the pitch in the user's words, with its bounds.

    Written in ``Annotated`` metadata with the texts only; :func:`describe_model` fills in ``key``,
    ``group``, the bounds and the default from the pydantic declaration next to it.
    """

    label: str  # "Output tokens": a form's row label
    noun: str  # "output tokens": undo texts, sensitivity rows, sentences
    unit: str  # "tokens": shown after the value
    kind: Kind
    caption: str  # one line under the field
    tooltip: str  # what it is, an example with its source, its default
    rangeable: bool = False  # may carry a 90% interval in ``ranges``
    key: str = ""
    group: Group | None = None
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    default: float | None = None
    required: bool = False

    # -- pydantic: the texts become the JSON Schema's title and description ------------------------
    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> Any:
        schema = handler(core_schema)
        schema["title"] = self.label
        schema["description"] = f"{self.caption} Unit: {self.unit}. {self.tooltip}".replace("\n", " ")
        return schema

    # -- reading ------------------------------------------------------------------------------------
    @property
    def is_fraction(self) -> bool:
        return self.kind is Kind.FRACTION

    @property
    def display_scale(self) -> float:
        """Fractions are typed and shown in percent."""
        return 100.0 if self.kind is Kind.FRACTION else 1.0

    def contains(self, value: float) -> bool:
        """Whether ``value`` lies within the field's bounds."""
        if not math.isfinite(value):
            return False
        if self.low is not None and (value <= self.low if self.low_open else value < self.low):
            return False
        return not (self.high is not None and (value >= self.high if self.high_open else value > self.high))

    def bounds_text(self, scale: float | None = None) -> str:
        """The bounds in words: ``at least 0 and at most 1,000,000,000,000``, in display units."""
        s = self.display_scale if scale is None else scale
        parts = []
        if self.low is not None:
            parts.append(f"{'above' if self.low_open else 'at least'} {_plain(self.low * s)}")
        if self.high is not None:
            parts.append(f"{'below' if self.high_open else 'at most'} {_plain(self.high * s)}")
        return " and ".join(parts) or "any number"

    def clamp(self, value: float) -> float:
        """The nearest value within the bounds (open ends are approached, never reached)."""
        lo, hi = self.low, self.high
        if lo is not None and value <= lo:
            value = math.nextafter(lo, math.inf) if self.low_open else lo
        if hi is not None and value >= hi:
            value = math.nextafter(hi, -math.inf) if self.high_open else hi
        return value

    def undo_text(self, owner: str = "") -> str:
        """``Change output tokens of Agent loop`` (``owner``: the block's or deployment's name)."""
        return f"Change {self.noun} of {owner}" if owner else f"Change {self.noun}"


def _plain(x: float) -> str:
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    return f"{x:g}"


def _unwrap(annotation: Any) -> Iterator[Any]:
    """The ``Annotated`` metadata inside ``annotation`` (through ``X | None``)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *meta = typing.get_args(annotation)
        for m in meta:
            yield m
            # ``Field(le=...)`` inside ``X | None`` stays a FieldInfo: its bounds are in its own metadata
            if isinstance(m, FieldInfo):
                yield from m.metadata
        yield from _unwrap(base)
    elif origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            yield from _unwrap(arg)


def _complete(
    spec: FieldSpec, key: str, group: Group, metadata: list[Any], default: Any, required: bool
) -> FieldSpec:
    low = high = None
    low_open = high_open = False
    for m in metadata:
        if isinstance(m, annotated_types.Ge):
            low, low_open = float(m.ge), False  # type: ignore[arg-type]
        elif isinstance(m, annotated_types.Gt):
            low, low_open = float(m.gt), True  # type: ignore[arg-type]
        elif isinstance(m, annotated_types.Le):
            high, high_open = float(m.le), False  # type: ignore[arg-type]
        elif isinstance(m, annotated_types.Lt):
            high, high_open = float(m.lt), True  # type: ignore[arg-type]
    value = float(default) if isinstance(default, (int, float)) and not isinstance(default, bool) else None
    return replace(
        spec,
        key=key,
        group=group,
        low=low,
        high=high,
        low_open=low_open,
        high_open=high_open,
        default=value,
        required=required,
    )


def describe_model(model: type[BaseModel], group: Group) -> dict[str, FieldSpec]:
    """The complete :class:`FieldSpec` of every described field of ``model``, in declaration order."""
    out: dict[str, FieldSpec] = {}
    for key, info in model.model_fields.items():
        metadata = list(info.metadata) + list(_unwrap(info.annotation))
        specs = [m for m in metadata if isinstance(m, FieldSpec)]
        if not specs:
            continue
        default = None if info.default is PydanticUndefined else info.default
        out[key] = _complete(specs[0], key, group, metadata, default, info.is_required())
    return out


class FieldRegistry(Mapping[Group, Mapping[str, FieldSpec]]):
    """Every described field by group: ``FIELDS[Group.BLOCK]["output_tokens"]``."""

    def __init__(self, groups: Mapping[Group, Mapping[str, FieldSpec]]) -> None:
        self._groups = dict(groups)

    def __getitem__(self, group: Group) -> Mapping[str, FieldSpec]:
        return self._groups[group]

    def __iter__(self) -> Iterator[Group]:
        return iter(self._groups)

    def __len__(self) -> int:
        return len(self._groups)

    def spec(self, group: Group, key: str) -> FieldSpec:
        return self._groups[group][key]

    def find(self, key: str, groups: tuple[Group, ...] | None = None) -> FieldSpec | None:
        """The first field called ``key`` among ``groups`` (all groups by default)."""
        for group in groups or tuple(self._groups):
            spec = self._groups.get(group, {}).get(key)
            if spec is not None:
                return spec
        return None

    def rangeable(self, group: Group) -> tuple[str, ...]:
        """Fields of ``group`` that may carry a range, in declaration order."""
        return tuple(k for k, s in self._groups[group].items() if s.rangeable)

    def for_path(self, path: str) -> FieldSpec | None:
        """The field a path in the file names: ``blocks[2].output_tokens``, ``business.ranges.usage_multiplier``,
        ``deployments[0].ownership.years``, ``blocks[1].price.tiers[0].input_per_mtok``."""
        parts = [p.split("[")[0] for p in path.split(".") if p]
        if not parts:
            return None
        key = parts[-1]
        container = parts[-2] if len(parts) > 1 else ""
        by_container = {
            "business": (Group.BUSINESS,),
            "blocks": (Group.BLOCK,),
            "price": (Group.PRICE,),
            "tiers": (Group.TIER, Group.PRICE),
            "requires": (Group.REQUIRES,),
            "deployments": (Group.DEPLOYMENT,),
            "ownership": (Group.OWNERSHIP,),
            "components": (Group.COMPONENTS,),
            "scenario": (Group.SCENARIO,),
            "reference_lines": (Group.REFERENCE_LINE,),
        }
        if container == "ranges" and len(parts) > 2:
            owner = parts[-3]
            return self.find(key, by_container.get(owner))
        return self.find(key, by_container.get(container))
