"""The fields goal seek can change, in the user's words, and how a change is applied (docs/contract.md 6.4).

A field is named by its path in the pitch file (``price_per_user_month``, ``blocks[0].output_tokens``,
``blocks[1].price.input_per_mtok``, ``deployments[0].utilisation``, ``decline``): :func:`parse_field` reads it
into a :class:`Target` with its :class:`~core.fields.FieldSpec` (label, noun, unit, bounds), and
:func:`apply_value` makes the changed pitch. :func:`value_text` writes a value in its unit, rounded toward
the viable side when asked. The solver is ``core/solve.py``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

from core.engine import Evaluation, scenario_of
from core.errors import PitchError
from core.fields import FieldSpec, Group, Kind
from core.formatting import format_fraction, format_money, format_per_mtok, format_quantity
from core.pitch import (
    BLOCK_FIELDS,
    BUSINESS_FIELDS,
    DEPLOYMENT_PRICE_OVERRIDES,
    FIELDS,
    PRICE_FIELDS,
    Pitch,
)

Direction = Literal["at_most", "at_least"]  # which side of a boundary is viable

# A deployment's figures that can be solved for: throughput and utilisation divide its prices, the rest
# multiply them (docs/contract.md 6.2). Shapes by key.
DEPLOYMENT_FIELDS: dict[tuple[str | None, str], Literal["cost", "reciprocal"]] = {
    (None, "utilisation"): "reciprocal",
    (None, "input_tokens_per_second_per_gpu"): "reciprocal",
    (None, "output_tokens_per_second_per_gpu"): "reciprocal",
    (None, "gpu_hour_usd"): "cost",
    ("ownership", "total_cost_usd"): "cost",
    ("components", "capex_usd_per_gpu"): "cost",
    ("components", "electricity_usd_per_kwh"): "cost",
    ("components", "facility_usd_per_kw_month"): "cost",
}
DEPLOYMENT_GROUPS = {None: Group.DEPLOYMENT, "ownership": Group.OWNERSHIP, "components": Group.COMPONENTS}

_BLOCK_PATH = re.compile(r"blocks\[(\d+)\]\.(?:(price)\.)?([a-z_]+)")
_DEPLOYMENT_PATH = re.compile(r"deployments\[(\d+)\]\.(?:(ownership|components)\.)?([a-z_]+)")


class SolvableField(NamedTuple):
    """A field the *Solve for...* dialog offers: its path in the file and its label in the user's words."""

    path: str  # "blocks[1].output_tokens"
    label: str  # "Output tokens · Memory summary"


@dataclass(frozen=True)
class Target:
    """A parsed field path: what goal seek (``core.solve.solve``) changes."""

    path: str  # canonical: business fields without "business.", "decline"
    kind: Literal["business", "block", "price", "deployment", "decline"]
    key: str
    index: int | None  # the block or deployment
    sub: str | None  # "ownership" / "components" inside a deployment
    spec: FieldSpec
    owner: str  # the block's or deployment's name ("" for business fields and decline)

    @property
    def label(self) -> str:
        """``Output tokens · Chat turns``."""
        return f"{self.spec.label} · {self.owner}" if self.owner else self.spec.label

    @property
    def noun(self) -> str:
        """``output tokens of Chat turns``: for sentences."""
        return f"{self.spec.noun} of {self.owner}" if self.owner else self.spec.noun


def _round_toward(x: float, decimals: int, up: bool) -> float:
    scale = 10.0**decimals
    return (math.ceil(x * scale) if up else math.floor(x * scale)) / scale


def shown_toward(x: float, kind: Kind, direction: Direction | None) -> float:
    """``x`` rounded, to the precision it is shown with, toward the viable side (``at_least``: up), so that a
    displayed value is never on the other side of the boundary (docs/contract.md section 3's rule for edges)."""
    if direction is None or x == 0 or not math.isfinite(x):
        return x
    up = direction == "at_least"
    if kind is Kind.FRACTION:  # format_fraction: a percent with one decimal
        return _round_toward(x * 100, 1, up) / 100
    shown = abs(x)
    if kind in (Kind.MONEY, Kind.PRICE) and shown >= 1:  # format_money: cents from $1 up
        decimals = 2
    elif shown >= 999.5:  # format_quantity: whole numbers from 1,000, else three significant figures
        decimals = 0
    else:
        decimals = 2 - math.floor(math.log10(shown))
    return _round_toward(x, decimals, up)


def value_text(spec: FieldSpec, x: float, *, toward: Direction | None = None) -> str:
    """A field's value in its unit, by the one rule of its kind (core/formatting.py): ``$9.99``,
    ``$0.420 / M tokens``, ``60%``, ``1,850 tokens / s / GPU``, ``3.16×/yr``; with ``toward``, rounded toward
    that side (:func:`shown_toward`)."""
    x = shown_toward(x, spec.kind, toward)
    if spec.kind is Kind.MONEY:
        text = format_money(x)
        return text if spec.unit in ("USD", "USD / mo") else f"{text} {spec.unit.removeprefix('USD ')}"
    if spec.kind is Kind.PRICE:
        return format_per_mtok(x)
    if spec.kind is Kind.FRACTION:
        return format_fraction(x)
    if spec.kind is Kind.FACTOR:
        return f"{format_quantity(x)}{spec.unit}"
    return f"{format_quantity(x)} {spec.unit}"


# --------------------------------------------------------------------------------------------------
# Fields
# --------------------------------------------------------------------------------------------------


def capability_chosen(pitch: Pitch, i: int) -> bool:
    """Whether block ``i`` is priced at the cheapest model meeting its requirement (docs/contract.md 6.3)."""
    b = pitch.blocks[i]
    return b.requires is not None and b.model is None and b.price is None and b.deployment is None


def _valid_fields_text(pitch: Pitch) -> str:
    n, d = len(pitch.blocks), len(pitch.deployments)
    parts = [", ".join(BUSINESS_FIELDS), "decline"]
    if n:
        parts.append(f"blocks[i].{{{', '.join(BLOCK_FIELDS)}}} (i from 0 to {n - 1})")
        parts.append(f"blocks[i].price.{{{', '.join(PRICE_FIELDS)}}}")
    if d:
        dep = ", ".join(f"{sub}.{key}" if sub else key for sub, key in DEPLOYMENT_FIELDS)
        parts.append(f"deployments[j].{{{dep}}} (j from 0 to {d - 1})")
    return "; ".join(parts)


def parse_field(pitch: Pitch, path: str) -> Target:
    """The field ``path`` names in ``pitch``.

    Raises
    ------
    PitchError
        For an unknown field (the message lists the valid ones) or an index the pitch does not have.
    """
    text = path.strip()
    if text == "decline":
        spec = FIELDS[Group.SCENARIO]["annual_decline_low"]
        return Target("decline", "decline", "annual_decline_low", None, None, spec, "")
    key = text.removeprefix("business.")
    if key in BUSINESS_FIELDS:
        return Target(key, "business", key, None, None, FIELDS[Group.BUSINESS][key], "")
    if m := _BLOCK_PATH.fullmatch(text):
        i, price, key = int(m.group(1)), m.group(2), m.group(3)
        if i >= len(pitch.blocks):
            raise PitchError(_no_index("block", i, len(pitch.blocks)), field=text)
        block = pitch.blocks[i]
        if price and key in PRICE_FIELDS:
            if block.deployment is not None and key not in DEPLOYMENT_PRICE_OVERRIDES:
                j = [d.id for d in pitch.deployments].index(block.deployment)
                raise PitchError(
                    f"{block.name} is priced from deployment {block.deployment!r}, which gives its input and "
                    f"output prices: solve for deployments[{j}].utilisation or its throughput instead",
                    field=text,
                )
            if capability_chosen(pitch, i):
                raise PitchError(
                    f"{block.name} is priced at the cheapest model meeting its requirement: it has no price of its "
                    "own to solve for (name a model or give a price first)",
                    field=text,
                )
            return Target(
                f"blocks[{i}].price.{key}", "price", key, i, None, FIELDS[Group.PRICE][key], block.name
            )
        if not price and key in BLOCK_FIELDS:
            return Target(f"blocks[{i}].{key}", "block", key, i, None, FIELDS[Group.BLOCK][key], block.name)
    if m := _DEPLOYMENT_PATH.fullmatch(text):
        j, sub, key = int(m.group(1)), m.group(2), m.group(3)
        if j >= len(pitch.deployments):
            raise PitchError(_no_index("deployment", j, len(pitch.deployments)), field=text)
        if (sub, key) in DEPLOYMENT_FIELDS:
            dep = pitch.deployments[j]
            holder = getattr(dep, sub) if sub else dep
            if holder is None or getattr(holder, key) is None:
                how = (
                    "a quoted GPU-hour"
                    if dep.gpu_hour_usd is not None
                    else ("ownership" if dep.ownership is not None else "components")
                )
                raise PitchError(
                    f"deployment {dep.id!r} prices its GPU-hour from {how}: it has no {key} to solve for",
                    field=text,
                )
            spec = FIELDS[DEPLOYMENT_GROUPS[sub]][key]
            return Target(text, "deployment", key, j, sub, spec, dep.name)
    raise PitchError(f"unknown field {text!r}; valid fields: {_valid_fields_text(pitch)}", field=text)


def _no_index(what: str, i: int, n: int) -> str:
    if n == 0:
        return f"the pitch has no {what}s"
    return (
        f"the pitch has {n} {what}{'s' if n != 1 else ''} ({what}s[0] to {what}s[{n - 1}]), no {what}s[{i}]"
    )


def solvable_fields(pitch: Pitch) -> list[SolvableField]:
    """Every field :func:`solve` can answer for ``pitch``, in the order of the file, with its label.

    Business fields, then each enabled block's usage fields and the price fields it can carry (a block
    priced from a deployment: only those the deployment does not give; a block priced at the cheapest capable
    model: none), then the figures of each deployment a block uses, then ``decline``.
    """
    out = [SolvableField(k, FIELDS[Group.BUSINESS][k].label) for k in BUSINESS_FIELDS]
    for i, block in enumerate(pitch.blocks):
        if not block.enabled:
            continue
        out += [
            SolvableField(f"blocks[{i}].{k}", f"{FIELDS[Group.BLOCK][k].label} · {block.name}")
            for k in BLOCK_FIELDS
        ]
        if capability_chosen(pitch, i):
            continue
        prices = DEPLOYMENT_PRICE_OVERRIDES if block.deployment is not None else PRICE_FIELDS
        out += [
            SolvableField(f"blocks[{i}].price.{k}", f"{FIELDS[Group.PRICE][k].label} · {block.name}")
            for k in prices
        ]
    used = {b.deployment for b in pitch.blocks if b.enabled and b.deployment is not None}
    for j, dep in enumerate(pitch.deployments):
        if dep.id not in used:
            continue
        for sub, key in DEPLOYMENT_FIELDS:
            holder = getattr(dep, sub) if sub else dep
            if holder is not None and getattr(holder, key) is not None:
                path = f"deployments[{j}].{sub + '.' if sub else ''}{key}"
                out.append(SolvableField(path, f"{FIELDS[DEPLOYMENT_GROUPS[sub]][key].label} · {dep.name}"))
    out.append(SolvableField("decline", FIELDS[Group.SCENARIO]["annual_decline_low"].label))
    return out


# --------------------------------------------------------------------------------------------------
# Reading and changing one field
# --------------------------------------------------------------------------------------------------


def current_value(pitch: Pitch, target: Target, evaluation: Evaluation) -> float:
    """The field's value now: for a price field, the price the block's calls pay (its tier's, if any)."""
    if target.kind == "decline":
        return evaluation.scenario.annual_decline_low
    if target.kind == "business":
        return float(getattr(pitch.business, target.key))
    if target.kind == "block":
        assert target.index is not None
        return float(getattr(pitch.blocks[target.index], target.key))
    if target.kind == "price":
        assert target.index is not None
        block = pitch.blocks[target.index]
        prices = evaluation.blocks[target.index].price.for_input_tokens(block.input_tokens)
        return float(getattr(prices, target.key))
    assert target.index is not None
    dep = pitch.deployments[target.index]
    holder = getattr(dep, target.sub) if target.sub else dep
    return float(getattr(holder, target.key))


def field_bounds(pitch: Pitch, target: Target) -> tuple[float, float, bool, bool]:
    """(low, high, low_open, high_open): the field's bounds (``FIELDS``), narrowed by the fields it is tied to.

    Cached input and cache writes share the input (their sum is at most 1); an ownership's total cost
    includes its GPUs' purchase price.
    """
    s = target.spec
    low = s.low if s.low is not None else 0.0
    high = s.high if s.high is not None else math.inf
    low_open, high_open = s.low_open, s.high_open
    if target.kind == "block":
        assert target.index is not None
        block = pitch.blocks[target.index]
        if target.key == "cached_input_fraction":
            high, high_open = 1.0 - block.cache_write_fraction, False
        elif target.key == "cache_write_fraction":
            high, high_open = 1.0 - block.cached_input_fraction, False
    if target.kind == "deployment" and target.sub == "ownership" and target.key == "total_cost_usd":
        assert target.index is not None
        own = pitch.deployments[target.index].ownership
        if own is not None and own.purchase_usd is not None:
            low, low_open = own.purchase_usd, False
    return low, high, low_open, high_open


def _moved_range(
    spec: FieldSpec, rng: tuple[float, float], old: float, new: float
) -> tuple[float, float] | None:
    """A range moved with its value: scaled for a positive quantity (same relative spread), shifted for a
    fraction (same width, within the bounds); None to drop it (a positive quantity moved to 0)."""
    low, high = rng
    if spec.is_fraction:
        lo_b = spec.low if spec.low is not None else 0.0
        hi_b = spec.high if spec.high is not None else 1.0
        d = new - old
        lo = spec.clamp(max(low + d, lo_b)) if low + d <= lo_b else low + d
        hi = spec.clamp(min(high + d, hi_b)) if high + d >= hi_b else high + d
        return min(lo, new), max(hi, new)
    if new <= 0 or old <= 0:
        return None
    s = new / old
    hi_b = spec.high if spec.high is not None else math.inf
    return min(low * s, new), max(min(high * s, hi_b), new)


def _set(owner: dict[str, Any], key: str, spec: FieldSpec, old: float, new: float) -> None:
    owner[key] = new
    ranges = dict(owner.get("ranges") or {})
    if key in ranges:
        low, high = ranges[key]
        moved = _moved_range(spec, (low, high), old, new)
        if moved is None:
            del ranges[key]
        else:
            ranges[key] = moved
        owner["ranges"] = ranges


def apply_value(
    pitch: Pitch, target: Target, value: float, current: float, *, exact_decline: bool = False
) -> Pitch:
    """``pitch`` with the field set to ``value``: a new, validated pitch (one undo step).

    A range on the field moves with it (see :func:`_moved_range`); a price field is written into the
    block's own ``price`` (it then overrides the catalog's); ``decline`` makes a custom scenario whose slow
    factor is ``value`` (its fast factor stays, or rises to ``value``; with ``exact_decline``, both are
    ``value``: the Monte Carlo's question "at what decline, exactly").
    """
    data = pitch.model_dump(mode="python")
    if target.kind == "business":
        _set(data["business"], target.key, target.spec, current, value)
    elif target.kind == "block":
        _set(data["blocks"][target.index], target.key, target.spec, current, value)
    elif target.kind == "price":
        block = data["blocks"][target.index]
        price = dict(block.get("price") or {})
        price[target.key] = value
        block["price"] = price
    elif target.kind == "deployment":
        dep = data["deployments"][target.index]
        holder = dep[target.sub] if target.sub else dep
        holder[target.key] = value
    else:
        sc = scenario_of(pitch)
        data["scenario"] = {
            "name": f"{sc.name[:200]}, slow decline {format_quantity(value)}x a year (goal seek)",
            "annual_decline_low": value,
            "annual_decline_high": value if exact_decline else max(value, sc.annual_decline_high),
            "source": f"goal seek from {sc.name[:200]}: the slow decline needed",
        }
    return Pitch.model_validate(data)
