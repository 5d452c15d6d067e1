"""Decline scenarios: how fast the price of a fixed level of capability falls, and fitting one.

The built-in scenarios and their sources come from ``resources/decline_rates.csv`` (a copy of the
project's sourced data). A factor ``k`` means the price after one year is the price today divided by
``k``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache

import numpy as np

from core.resources import read_csv_rows

DAYS_PER_YEAR = 365.25

# The seed essay's rule is "10x every 18-24 months": its exact factors are 10**(12/24) and 10**(12/18);
# the CSV rounds them to 3.16 and 4.64 for reading, the contract (section 4) asks for the exact values.
_EXACT_FACTORS = {
    "seed-rule": (10 ** (12 / 24), 10 ** (12 / 18)),
    # docs/contract.md 6.2: ML GPU price-performance doubles every 2.07 years (Epoch AI, 2022).
    "gpu-price-performance": (2 ** (1 / 2.07), 2 ** (1 / 2.07)),
}

DEFAULT_SCENARIO_ID = "seed-rule"

# A built-in scenario's name short enough to sit beside a verdict ("about 9-12 months at Frontier
# 5-10x/yr"); its factors follow it. A custom scenario uses its own name.
SHORT_NAMES = {
    "seed-rule": "the seed's rule",
    "ng-gpt4": "Ng's GPT-4 decline",
    "llmflation": "LLMflation",
    "price-of-progress": "Frontier",
    "epoch-gpt4-mmlu": "Epoch GPT-4-level",
    "supply-constrained": "Supply-constrained",
    "gpu-price-performance": "GPU price-performance",
}


def format_factor(factor: float) -> str:
    """An annual decline factor with at most three significant figures, no exponent.

    Examples
    --------
    >>> format_factor(10 ** (12 / 24)), format_factor(10.0), format_factor(61.5), format_factor(1000.0)
    ('3.16', '10', '61.5', '1000')
    """
    text = f"{float(f'{factor:.3g}'):f}"
    return text.rstrip("0").rstrip(".")


@dataclass(frozen=True)
class DeclineScenario:
    """A range of annual price-decline factors with where it comes from."""

    id: str | None
    name: str
    annual_decline_low: float
    annual_decline_high: float
    annual_decline_central: float
    source: str = ""
    notes: str = ""

    @property
    def factors_text(self) -> str:
        """The annual factors, three significant figures: ``3.16-4.64x/yr``, or ``10x/yr`` when one.

        Examples
        --------
        >>> builtin_scenarios()["llmflation"].factors_text
        '10x/yr'
        """
        low, high = format_factor(self.annual_decline_low), format_factor(self.annual_decline_high)
        return f"{low}x/yr" if low == high else f"{low}-{high}x/yr"

    @property
    def short(self) -> str:
        """Its name and factors, short enough for a verdict line: ``Frontier 5-10x/yr``.

        A built-in scenario's short name comes from :data:`SHORT_NAMES`; a custom one uses its own name.

        Examples
        --------
        >>> builtin_scenarios()["seed-rule"].short
        "the seed's rule 3.16-4.64x/yr"
        >>> custom_scenario("Slow", 2.0, 2.5).short
        'Slow 2-2.5x/yr'
        """
        name = SHORT_NAMES.get(self.id, self.name) if self.id is not None else self.name
        name = name.strip() or "a custom scenario"
        return f"{name} {self.factors_text}"

    @property
    def months_per_10x_slow(self) -> float:
        """Months for a 10x drop at the slow (low) factor."""
        return 12 / math.log10(self.annual_decline_low)

    @property
    def months_per_10x_fast(self) -> float:
        """Months for a 10x drop at the fast (high) factor."""
        return 12 / math.log10(self.annual_decline_high)


@cache
def builtin_scenarios() -> dict[str, DeclineScenario]:
    """The built-in scenarios by id, in the order of the sourced table."""
    out: dict[str, DeclineScenario] = {}
    for row in read_csv_rows("decline_rates.csv"):
        low, high = _EXACT_FACTORS.get(row["id"], (float(row["factor_low"]), float(row["factor_high"])))
        out[row["id"]] = DeclineScenario(
            id=row["id"],
            name=row["label"],
            annual_decline_low=low,
            annual_decline_high=high,
            annual_decline_central=float(row["factor_central"]),
            source=row["source"],
            notes=row["notes"],
        )
    return out


def custom_scenario(name: str, low: float, high: float, source: str = "") -> DeclineScenario:
    """A user-defined scenario (validated by the pitch model: 1.001 <= low <= high <= 1000)."""
    return DeclineScenario(
        id=None,
        name=name,
        annual_decline_low=low,
        annual_decline_high=high,
        annual_decline_central=math.sqrt(low * high),
        source=source or "user-defined in the pitch",
    )


def years_between(start: date, end: date) -> float:
    """Years from ``start`` to ``end``, a year being 365.25 days."""
    return (end - start).days / DAYS_PER_YEAR


@dataclass(frozen=True)
class DeclineFit:
    """A decline factor fitted to dated prices by least squares on log price."""

    annual_factor: float
    annual_decline_fraction: float  # 1 - 1/factor: 0.79 means "79% cheaper each year"
    points: int
    r_squared: float | None


def fit_decline(points: Sequence[tuple[date, float]]) -> DeclineFit:
    """Fit ``price(t) = a / k**t`` to two or more dated prices.

    Parameters
    ----------
    points
        ``(date, price)`` pairs; prices must be positive, at least two distinct dates.

    Returns
    -------
    DeclineFit
        ``annual_factor`` is ``k``. GPT-4's blended $36 -> $4 over 17 months gives 4.72.
    """
    if len(points) < 2:
        raise ValueError("a fit needs at least two dated prices")
    if any(not (p > 0 and math.isfinite(p)) for _, p in points):
        raise ValueError("prices must be positive finite numbers to fit a decline")
    origin = min(d for d, _ in points)
    t = np.array([years_between(origin, d) for d, _ in points])
    y = np.log(np.array([p for _, p in points], dtype=float))
    if np.ptp(t) == 0:
        raise ValueError("a fit needs prices on at least two different dates")
    slope, intercept = np.polyfit(t, y, 1)
    factor = float(math.exp(-slope))
    fitted = intercept + slope * t
    ss_res = float(np.sum((y - fitted) ** 2))
    ss_tot = float(np.sum((y - y.mean()) ** 2))
    r2 = None if len(points) < 3 or ss_tot == 0 else 1 - ss_res / ss_tot
    return DeclineFit(factor, 1 - 1 / factor, len(points), r2)


def fit_from_drop(start_price: float, end_price: float, months: float) -> float:
    """The annual factor implied by a drop from ``start_price`` to ``end_price`` over ``months``."""
    return float((start_price / end_price) ** (12 / months))
