"""Resolved prices: what a block's calls cost per million tokens, and where each number comes from.

The catalog (``core.catalog``), a self-hosted deployment (``core.deployments``) or the pitch's own
``price`` give some price fields; :func:`with_defaults` completes them by the contract's rules
(docs/contract.md sections 1 and 6.1), which live here and nowhere else: cached and cache-write input
follow the input price, reasoning follows the output price, and an audio or image price follows the
text price of the same direction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from core.pitch import MODALITY_DEFAULTS, PRICE_FIELDS


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
    best_score: float | None = None  # the best score known on that date (when none met it)
    chosen: bool = False  # True when the app picked the model; False when the block named it


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
