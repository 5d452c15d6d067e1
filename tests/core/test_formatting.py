"""One formatter for each kind of number; a value is never shown as an edge it lies on the other side of."""

from __future__ import annotations

import doctest
import math
from datetime import date

import pytest

import core.formatting
import core.scenarios
from core.formatting import (
    format_csv_number,
    format_drop,
    format_fraction,
    format_money,
    format_money_axis,
    format_money_full,
    format_month,
    format_orders,
    format_per_mtok,
    format_percent,
)
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
        (0.0, "$0.00"),
        # from $1 up: two decimals, thousands separated
        (1.1362, "$1.14"),  # 1.1362 -> 1.14 (the third decimal 6 rounds the second up)
        (23.3, "$23.30"),
        (12.3, "$12.30"),
        (1.0, "$1.00"),
        (150.4, "$150.40"),
        (1156.0, "$1,156.00"),
        (1234.4, "$1,234.40"),
        (2_500_000.0, "$2,500,000.00"),
        (999_999.0, "$999,999.00"),
        # below $1: three significant figures
        (0.531, "$0.531"),
        (0.11904, "$0.119"),  # 0.11904 -> 0.119 (fourth figure 0)
        (0.004123, "$0.00412"),
        (0.0123, "$0.0123"),
        (0.5, "$0.500"),
        (0.5145, "$0.514"),  # 0.5145 is stored as 0.51449999...: rounds down
        (0.99951, "$1.00"),  # rounds up to a dollar: written by the $1-up rule
        # sign kept
        (-5.0, "-$5.00"),
        (-0.0311, "-$0.0311"),
        # past 1e15: scientific, three significant figures
        (1.25e16, "$1.25e+16"),
        (math.inf, "∞"),
        (math.nan, "n/a"),
    ],
)
def test_format_money(usd: float | None, shown: str) -> None:
    assert format_money(usd) == shown


@pytest.mark.parametrize(
    ("usd", "shown"),
    [
        (0.01, "$0.01"),
        (1.0, "$1"),
        (2.5, "$2.5"),
        (100.0, "$100"),
        (1234.0, "$1,230"),  # 3 significant figures: 1,234 -> 1,230
        (12_345.0, "$12,300"),
        (0.0, "$0"),
        (0.0999, "$0.0999"),
        (0.09996, "$0.1"),  # 0.09996 -> 0.100 -> $0.1
        (1.25e16, "$1.25e+16"),
        (1e16, "$1e+16"),
    ],
)
def test_format_money_axis(usd: float, shown: str) -> None:
    assert format_money_axis(usd) == shown


@pytest.mark.parametrize(
    ("usd", "shown"),
    [
        (23.3, "$23.3"),
        (0.514512345678, "$0.514512345678"),
        (0.5145123456789, "$0.514512345679"),  # 13 figures -> 12
        (1156.0, "$1,156"),
        (0.1 + 0.2, "$0.3"),  # 0.30000000000000004: the noise is past the 12th figure
        (0.0, "$0"),
        (-2.5, "-$2.5"),
    ],
)
def test_format_money_full(usd: float, shown: str) -> None:
    assert format_money_full(usd) == shown


@pytest.mark.parametrize(
    ("x", "shown"),
    [
        (77.60000000000001, "77.6"),  # 200 * 0.97 * 0.4 in floating point
        (200 * 0.97 * 0.4, "77.6"),
        (5.0, "5"),  # whole numbers without ".0", always
        (0.0, "0"),
        (-0.0, "0"),
        (1 / 3, "0.333333333333"),  # 12 significant digits
        (123456.789012345, "123456.789012"),
        (2.5e-05, "2.5e-05"),
        (1e20, "1e+20"),
        (-4.25, "-4.25"),
    ],
)
def test_format_csv_number(x: float, shown: str) -> None:
    assert format_csv_number(x) == shown
    assert float(shown) == pytest.approx(x, rel=1e-11)


@pytest.mark.parametrize("x", [math.nan, math.inf, -math.inf])
def test_format_csv_number_refuses_what_no_file_may_hold(x: float) -> None:
    with pytest.raises(ValueError, match="not a finite number"):
        format_csv_number(x)


@pytest.mark.parametrize(
    ("fraction", "shown"),
    [
        (0.655, "65.5%"),
        (0.7, "70%"),  # trailing .0 dropped
        (0.123, "12.3%"),
        (0.005, "0.5%"),
        (0.15, "15%"),
        (0.0, "0%"),
        (1.0, "100%"),
        (-2.05, "-205%"),  # a gross margin at today's prices can be negative
        (0.0001, "<0.1%"),
        (0.9999, ">99.9%"),
    ],
)
def test_format_fraction(fraction: float, shown: str) -> None:
    assert format_fraction(fraction) == shown


def test_format_percent_stays_for_probabilities_and_shares() -> None:
    assert format_percent(0.04) == "4%"
    assert format_percent(0.001) == "<1%"
    assert format_percent(0.999) == ">99%"
    assert format_percent(0.655) == "66%"  # a share: whole percents; an input fraction is format_fraction's


def test_format_per_mtok_uses_the_money_rule() -> None:
    assert format_per_mtok(0.42) == "$0.420 / M tokens"
    assert format_per_mtok(9.17) == "$9.17 / M tokens"
    assert format_per_mtok(None) == "n/a"


def test_every_example_in_the_docstrings_holds() -> None:
    assert doctest.testmod(core.formatting).failed == 0
    assert doctest.testmod(core.scenarios).failed == 0


def test_format_month() -> None:
    assert format_month(date(2027, 12, 3)) == "Dec 2027"
    assert format_month(date(2026, 1, 1)) == "Jan 2026"
    assert format_month(None) == "not within 50 years"


def test_format_value_writes_each_kind_by_its_own_rule() -> None:
    from core.fields import Kind
    from core.formatting import format_value
    from core.pitch import FIELDS

    # one rule per kind: the field registry says the kind, the kind says the function
    assert format_value(FIELDS.for_path("business.target_gross_margin"), 0.655) == "65.5%"  # not 66%
    assert format_value(FIELDS.for_path("business.price_per_user_month"), 1.1362) == "$1.14"
    assert format_value(FIELDS.for_path("business.price_per_user_month"), 0.531) == "$0.531"
    assert format_value(FIELDS.for_path("business.usage_multiplier"), 2.28) == "2.28×"
    assert format_value(FIELDS.for_path("blocks[0].actions_per_day"), 96.0) == "96"
    assert format_value(Kind.PRICE, 0.6) == "$0.600 / M tokens"
    assert format_value(Kind.YEARS, 5.0) == "5 years"
    assert format_value(Kind.POWER, 0.7) == "0.7 kW"
