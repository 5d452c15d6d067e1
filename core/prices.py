"""Resolved prices: what a block's calls cost per million tokens, and where each number comes from.

The catalog (``core.catalog``), a self-hosted deployment (``core.deployments``) or the pitch's own
``price`` give some price fields; :func:`with_defaults` completes them by the contract's rules
(docs/contract.md sections 1 and 6.1), which live here and nowhere else: cached and cache-write input
follow the input price, reasoning follows the output price, and an audio or image price follows the
text price of the same direction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from core.pitch import MODALITY_DEFAULTS, PRICE_FIELDS

if TYPE_CHECKING:
    from core.pitch import FeatureBlock

# (token field, its price field): the terms of token_cost after the input (docs/contract.md 2 and 6.1).
PRICED_TOKENS = (
    ("output_tokens", "output_per_mtok"),
    ("reasoning_tokens", "reasoning_per_mtok"),
    ("audio_input_tokens", "audio_input_per_mtok"),
    ("audio_output_tokens", "audio_output_per_mtok"),
    ("image_input_tokens", "image_input_per_mtok"),
    ("image_output_tokens", "image_output_per_mtok"),
)
# The block fields a call's cost reads.
CALL_FIELDS = (
    "input_tokens",
    "cached_input_fraction",
    "cache_write_fraction",
    "price_multiplier",
    "per_call_usd",
    *(t for t, _ in PRICED_TOKENS),
)


@dataclass(frozen=True)
class PriceSet:
    """Every per-million-token price a call can use (USD)."""

    input_per_mtok: float
    output_per_mtok: float
    cached_input_per_mtok: float
    cache_write_per_mtok: float
    reasoning_per_mtok: float
    audio_input_per_mtok: float
    audio_output_per_mtok: float
    image_input_per_mtok: float
    image_output_per_mtok: float

    def as_dict(self) -> dict[str, float]:
        return {f: getattr(self, f) for f in PRICE_FIELDS}


def with_defaults(fields: Mapping[str, float]) -> PriceSet:
    """Complete ``fields`` (which must hold the input and output prices) by the contract's defaults."""
    inp, out = fields["input_per_mtok"], fields["output_per_mtok"]
    values = {
        "input_per_mtok": inp,
        "output_per_mtok": out,
        "cached_input_per_mtok": fields.get("cached_input_per_mtok", inp),
        "cache_write_per_mtok": fields.get("cache_write_per_mtok", inp),
        "reasoning_per_mtok": fields.get("reasoning_per_mtok", out),
    }
    for modality, text in MODALITY_DEFAULTS.items():
        values[modality] = fields.get(modality, values[text])
    return PriceSet(**values)


@dataclass(frozen=True)
class CapabilityChoice:
    """How a block's capability requirement was met on the pitch's date (docs/contract.md 6.3)."""

    benchmark: str
    min_score: float
    met_on_as_of: bool  # some model released by then meets it
    model: str | None  # the model chosen (cheapest capable), or the block's own model
    model_score: float | None  # the chosen or named model's score (None: unknown)
    best_score: float | None = None  # the best score of any model released by that date (None: none scored)
    chosen: bool = False  # True when the app picked the model; False when the block named it
    best_model: str | None = None  # the model with best_score


@dataclass(frozen=True)
class ResolvedPrice:
    """A block's prices after the catalog, a deployment and the pitch's own prices are combined."""

    base: PriceSet
    tiers: tuple[tuple[float, PriceSet], ...]  # (above_input_tokens, prices), ascending
    source: str
    model_id: str | None = None  # the catalog's canonical id, when a model prices the block
    deployment_id: str | None = None  # the deployment, when one prices the block
    capability: CapabilityChoice | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    def for_input_tokens(self, input_tokens: float) -> PriceSet:
        """The prices of a call with ``input_tokens`` (the largest tier with threshold < input)."""
        chosen = self.base
        for above, prices in self.tiers:
            if above < input_tokens:
                chosen = prices
        return chosen


def call_cost(
    values: Mapping[str, Any],
    prices: Mapping[str, Any],
    include: Callable[[str], bool] = lambda _token_field: True,
) -> Any:
    """``cost_per_call`` of docs/contract.md section 2 (and 6.1's modality tokens), written once.

    The engine calls it with numpy arrays (every block, every Monte Carlo sample at once) and
    :func:`block_cost_per_call` with floats, so the cheapest capable model (core.catalog) is chosen by the
    very arithmetic that then bills it.

    Parameters
    ----------
    values
        The call's fields (:data:`CALL_FIELDS`): token counts, cache fractions, price multiplier, price per
        call; floats, or numpy arrays that broadcast together.
    prices
        The per-million-token prices of the call (the tier already chosen).
    include
        Whether a token field of :data:`PRICED_TOKENS` takes part (the engine skips fields that are zero in
        every block: most pitches are text only).
    """
    cached = values["cached_input_fraction"]
    write = values["cache_write_fraction"]
    uncached = np.maximum(1.0 - cached - write, 0.0)
    # Cache fractions apply to the text input only (docs/contract.md 6.1).
    weighted = values["input_tokens"] * (
        uncached * prices["input_per_mtok"]
        + cached * prices["cached_input_per_mtok"]
        + write * prices["cache_write_per_mtok"]
    )
    for tokens_field, price_field in PRICED_TOKENS:
        if include(tokens_field):
            weighted = weighted + values[tokens_field] * prices[price_field]
    return values["price_multiplier"] * (weighted / 1e6 + values["per_call_usd"])


def block_cost_per_call(block: FeatureBlock, price: ResolvedPrice) -> float:
    """What one call of ``block`` costs at ``price`` (USD): :func:`call_cost` for one block."""
    prices = price.for_input_tokens(block.input_tokens).as_dict()
    values = {f: float(getattr(block, f)) for f in CALL_FIELDS}
    return float(call_cost(values, prices))
