"""The seed essay's rule as a verdict, and arrival dates (contract sections 2 and 3)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from core.scenarios import DAYS_PER_YEAR

HORIZON_YEARS = 50  # contract: an arrival more than 50 years after as_of is "not within 50 years"
_HORIZON_DAYS = HORIZON_YEARS * DAYS_PER_YEAR
BAND_EDGES = (0.0, 1.0, 2.0)  # orders of magnitude


class Verdict(StrEnum):
    """Bands of orders of magnitude the price must still fall."""

    VIABLE_NOW = "viable_now"
    ONE_ORDER = "one_order"
    TWO_ORDERS = "two_orders"
    BEYOND = "beyond"

    @property
    def words(self) -> str:
        """The words the contract puts on screen."""
        return _WORDS[self]

    @property
    def short(self) -> str:
        """A label short enough for a table cell or a chart band."""
        return _SHORT[self]


_WORDS = {
    Verdict.VIABLE_NOW: "Viable at today's prices: if it doesn't exist yet, something other than cost is in the way",
    Verdict.ONE_ORDER: "One order of magnitude away: roughly the next 18-24 months",
    Verdict.TWO_ORDERS: "Two orders of magnitude away: interesting but premature",
    Verdict.BEYOND: "Beyond the horizon: more than two orders of magnitude",
}
_SHORT = {
    Verdict.VIABLE_NOW: "Viable now",
    Verdict.ONE_ORDER: "One order away",
    Verdict.TWO_ORDERS: "Two orders away",
    Verdict.BEYOND: "Beyond the horizon",
}


def band_value(orders_of_magnitude: float) -> float:
    """The value bands compare: rounded to 9 decimals so float noise never flips a verdict."""
    return round(orders_of_magnitude, 9)


def verdict_for(orders_of_magnitude: float | None) -> Verdict:
    """The verdict for a number of orders of magnitude (``None``: the cost is 0, viable now)."""
    if orders_of_magnitude is None:
        return Verdict.VIABLE_NOW
    v = band_value(orders_of_magnitude)
    if v <= 0:
        return Verdict.VIABLE_NOW
    if v <= 1:
        return Verdict.ONE_ORDER
    if v <= 2:
        return Verdict.TWO_ORDERS
    return Verdict.BEYOND


def band_bounds(verdict: Verdict) -> tuple[float | None, float | None]:
    """The (exclusive lower, inclusive upper) orders-of-magnitude edges of a verdict's band."""
    return {
        Verdict.VIABLE_NOW: (None, 0.0),
        Verdict.ONE_ORDER: (0.0, 1.0),
        Verdict.TWO_ORDERS: (1.0, 2.0),
        Verdict.BEYOND: (2.0, None),
    }[verdict]


def years_to_viable(required_drop: float, annual_factor: float) -> float:
    """``t* = log(required_drop) / log(k)``, 0 when the pitch is already viable."""
    if required_drop <= 1:
        return 0.0
    return math.log(required_drop) / math.log(annual_factor)


def date_after_years(start: date, years: float) -> date | None:
    """``start`` plus ``years`` (365.25 days each) rounded to the nearest day; ``None`` past 50 years."""
    if not math.isfinite(years) or years * DAYS_PER_YEAR > _HORIZON_DAYS + 0.5:
        return None
    days = math.floor(years * DAYS_PER_YEAR + 0.5)
    if days > _HORIZON_DAYS:
        return None
    return start + timedelta(days=days)


@dataclass(frozen=True)
class ArrivalWindow:
    """When falling prices make the pitch viable, from the scenario's fast and slow factors."""

    earliest: date | None  # at the fast factor (annual_decline_high)
    latest: date | None  # at the slow factor (annual_decline_low); None: not within 50 years
    years_earliest: float
    years_latest: float


def arrival_window(start: date, required_drop: float, low: float, high: float) -> ArrivalWindow:
    """The contract's arrival window for a scenario with factors ``low <= high``."""
    t_fast = years_to_viable(required_drop, high)
    t_slow = years_to_viable(required_drop, low)
    return ArrivalWindow(date_after_years(start, t_fast), date_after_years(start, t_slow), t_fast, t_slow)
