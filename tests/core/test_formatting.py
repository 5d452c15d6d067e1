"""One formatter for each kind of number; a value is never shown as an edge it lies on the other side of."""

from __future__ import annotations

import math
from datetime import date

import pytest

from core.formatting import format_drop, format_money, format_month, format_orders
from core.verdict import Verdict, verdict_for


@pytest.mark.parametrize(
    ("oom", "shown"),
    [
        # two_orders (just above 1): rounding to 1.00 would show the one_order edge -> 1.01
        (1.0000001, "1.01"),
        # exactly 1 is one_order, whose upper edge 1.00 is its own
        (1.0, "1.00"),
        # beyond (just above 2) -> 2.01, never 2.00
        (2.0000001, "2.01"),
        (2.0, "2.00"),
        # one_order (just above 0) -> 0.01, never 0.00
        (0.0000001, "0.01"),
        (0.004, "0.01"),
        # viable (just below 0): "0.00", never "-0.00"
        (-0.0000001, "0.00"),
        (0.0, "0.00"),
        (None, "0.00"),
        # 0.999 is one_order; 1.00 is its own (inclusive) upper edge: allowed
        (0.999, "1.00"),
        # 1.004 is two_orders; round would give 1.00 -> 1.01
        (1.004, "1.01"),
        # ordinary values
        (1.2983, "1.30"),
        (0.5, "0.50"),
        (-0.5, "-0.50"),
        (3.14159, "3.14"),
    ],
)
def test_format_orders(oom: float | None, shown: str) -> None:
    assert format_orders(oom) == shown


@pytest.mark.parametrize("oom", [1.0000001, 2.0000001, 0.0000001, 1.004, 2.004, 0.0049])
def test_format_orders_never_shows_the_lower_edge_from_above(oom: float) -> None:
    lower = {Verdict.ONE_ORDER: 0.0, Verdict.TWO_ORDERS: 1.0, Verdict.BEYOND: 2.0}[verdict_for(oom)]
    assert float(format_orders(oom)) > lower


@pytest.mark.parametrize(
    ("drop", "shown"),
    [
        # two_orders, 10.0001: 3 significant figures give 10.0, the edge -> one step up: 10.1x
        (10.0001, "10.1x"),
        # beyond, 100.0001: "100" is the edge -> 101x
        (100.0001, "101x"),
        # one_order, 1.0000001: "1.00" is the edge -> 1.01x
        (1.0000001, "1.01x"),
        # exactly at an edge: its own band's inclusive upper edge
        (10.0, "10.0x"),
        (100.0, "100x"),
        # ordinary values, 3 significant figures
        (14.1234, "14.1x"),
        (19.872, "19.9x"),
        (2.5, "2.50x"),
        (250.0, "250x"),
    ],
)
def test_format_drop(drop: float, shown: str) -> None:
    assert format_drop(drop, math.log10(drop)) == shown


def test_format_drop_zero_cost() -> None:
    assert format_drop(0.0, None) == "0x"


@pytest.mark.parametrize(
    ("usd", "shown"),
    [
        (None, "n/a"),
        (0.0, "$0"),
        (12.3, "$12.30"),  # two decimals between $1 and $100
        (1.0, "$1.00"),
        (150.4, "$150"),  # no cents from $100
        (1234.4, "$1,234"),  # thousands separator
        (2_500_000.0, "$2,500,000"),
        (0.0123, "$0.0123"),  # 3 significant figures below $1
        (0.5, "$0.500"),
        (-5.0, "-$5.00"),
        (math.inf, "∞"),
    ],
)
def test_format_money(usd: float | None, shown: str) -> None:
    assert format_money(usd) == shown


@pytest.mark.parametrize(
    ("usd", "shown"),
    [
        (1.5, "$1.5"),  # trailing zeros dropped: $1.5000 -> $1.5
        (100.0, "$100"),
        (12.34567, "$12.3457"),  # four decimals
        (0.000123, "$0.000123"),  # 6 significant figures below $1
        (2_000_000.0, "$2,000,000.00"),
    ],
)
def test_format_money_precise(usd: float, shown: str) -> None:
    assert format_money(usd, precise=True) == shown


def test_format_month() -> None:
    assert format_month(date(2027, 12, 3)) == "Dec 2027"
    assert format_month(date(2026, 1, 1)) == "Jan 2026"
    assert format_month(None) == "not within 50 years"
