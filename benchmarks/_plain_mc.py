"""Plain Monte Carlo of a pitch, the yardstick for ``core.uncertainty``'s antithetic draws.

The contract's sampling (docs/contract.md sections 1 and 5), drawn the plain way: every sample independent,
numpy's own normals and uniforms, the engine's ``cost_kernel`` over samples x blocks. The estimates are
computed exactly as ``core.uncertainty`` computes them, so only the draws differ.
"""

from __future__ import annotations

import math

import numpy as np

from core.engine import PreparedPitch, cost_kernel
from core.pitch import Z90
from core.uncertainty import DOMAINS, FRACTIONS, _quantiles


def _draw(rng: np.random.Generator, low: float, high: float, field: str, n: int) -> np.ndarray:
    if field in FRACTIONS:
        return low + rng.random(n) * (high - low)
    mu = (math.log(low) + math.log(high)) / 2
    sigma = (math.log(high) - math.log(low)) / (2 * Z90)
    return np.clip(np.exp(mu + sigma * rng.standard_normal(n)), *DOMAINS[field])


def plain_estimates(prep: PreparedPitch, samples: int, seed: int) -> tuple[float, float]:
    """(p_viable_now, years_p50) of independent draws."""
    rng = np.random.default_rng([seed, 20261203])
    n = samples
    blocks: dict[str, np.ndarray] = {}
    for i, block in enumerate(prep.pitch.blocks):
        if not block.enabled:
            continue
        for field, (low, high) in block.ranges.items():
            if low == high:
                continue
            if field not in blocks:
                blocks[field] = np.repeat(prep.block_values[field][None, :], n, axis=0)
            blocks[field][:, i] = _draw(rng, low, high, field, n)
    if "cache_write_fraction" in blocks or "cached_input_fraction" in blocks:
        cached = blocks.get("cached_input_fraction", prep.block_values["cached_input_fraction"][None, :])
        write = blocks.get("cache_write_fraction", prep.block_values["cache_write_fraction"][None, :])
        blocks["cache_write_fraction"] = np.minimum(write, 1.0 - cached)
    business = {
        f: _draw(rng, low, high, f, n) for f, (low, high) in prep.pitch.business.ranges.items() if low != high
    }
    k = cost_kernel(prep, blocks, business, n=n, totals_only=True)
    a, b = math.log(prep.scenario.annual_decline_low), math.log(prep.scenario.annual_decline_high)
    ln_k = a + rng.random(n) * (b - a)
    with np.errstate(all="ignore"):
        drop = np.asarray(k.cost_paying / k.budget, dtype=float)
        drop = np.where(np.isnan(drop), np.inf, drop)
        oom = np.log10(drop)
        viable = np.round(oom, 9) <= 0
        years = np.where(viable, 0.0, oom * math.log(10) / ln_k)
    return float(viable.mean()), float(_quantiles(years, (0.5,))[0])
