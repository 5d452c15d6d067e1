"""What must change (core/what_must_change.py): the cheapest single changes that make a pitch viable by a date.

Expected values are worked out by hand in each test.
"""

from __future__ import annotations

import copy
import math
from datetime import date
from typing import Any

import pytest

from core.engine import evaluate
from core.fields import Group
from core.pitch import FIELDS, Pitch
from core.what_must_change import change_orders, changes_needed, what_must_change

# One block: (1000 * $2 + 500 * $8) / 1e6 = $0.006 a call, 10 a day for 30 days: $1.80 a user-month.
CHAT: dict[str, Any] = {
    "name": "Chat",
    "price": {"input_per_mtok": 2.0, "output_per_mtok": 8.0},
    "input_tokens": 1000.0,
    "output_tokens": 500.0,
    "calls_per_action": 1.0,
    "actions_per_day": 10.0,
}


def make(blocks: list[dict[str, Any]] | None = None, **business: Any) -> Pitch:
    doc: dict[str, Any] = {
        "format": "computecurve.pitch",
        "schema_version": 2,
        "name": "Hand pitch",
        "as_of": "2026-01-01",
        "business": {"price_per_user_month": 5.0, "target_gross_margin": 0.8, **business},
        "blocks": copy.deepcopy(blocks if blocks is not None else [CHAT]),
    }
    return Pitch.model_validate(doc)


ONE_YEAR = date(2027, 1, 1)  # 365 days after 2026-01-01: 365.25 days rounded to the day
TARGET = 10 ** (0.5 * 365 / 365.25)  # the seed rule's slow factor 10 ** 0.5 for 365 days: 3.1598


def test_the_default_date_is_one_year_after_as_of() -> None:
    w = changes_needed(make(price_per_user_month=1.0))
    assert w.by == ONE_YEAR
    assert w.target_drop == pytest.approx(TARGET, rel=1e-12)


def test_the_cheapest_three_for_a_pitch_whose_every_lever_scales_the_drop() -> None:
    # price $1 at 80%: budget 0.2 against $1.80, required_drop 9. Price, margin (its rest 1 - m), usage,
    # actions, calls and the multiplier each need 9 / 3.1598 = 2.848x: log10(2.848) = 0.4546 orders.
    w = changes_needed(make(price_per_user_month=1.0))
    assert w.required_drop == pytest.approx(9.0, rel=1e-12)
    needed = 9.0 / TARGET
    assert [c.field for c in w.changes] == ["price_per_user_month", "target_gross_margin", "usage_multiplier"]
    for c in w.changes:
        assert c.orders == pytest.approx(math.log10(needed), rel=1e-9)
    price, margin, usage = w.changes
    assert price.value == pytest.approx(needed, rel=1e-12)  # $1 -> $2.848
    assert price.relative_change == pytest.approx(needed - 1, rel=1e-12)
    assert margin.value == pytest.approx(1 - 0.2 * needed, rel=1e-12)  # (1 - m) from 0.2 to 0.5696: m 0.4304
    assert usage.value == pytest.approx(1 / needed, rel=1e-12)
    assert (
        price.sentence == "Raise price per user-month from $1.00 to $2.85 (+185%)"
    )  # 2.848 shown rounded up
    assert margin.sentence == "Lower target gross margin from 80% to 43% (-46%)"  # 43.04% shown rounded down
    assert usage.label == "Usage multiplier"
    for c in w.changes:
        assert c.pitch is not None and evaluate(c.pitch).required_drop <= TARGET * (1 + 1e-9)


def test_levers_with_the_same_effect_are_listed_once() -> None:
    # Two blocks; only Chat (share 1.80 / 1.86) can bring the drop down alone. Its actions per day, calls per
    # action and price multiplier all multiply its cost: one change, the others named with it.
    small = {**CHAT, "name": "Ping", "input_tokens": 100.0, "output_tokens": 0.0, "actions_per_day": 1.0}
    pitch = make([CHAT, small], price_per_user_month=1.0)
    w = changes_needed(pitch, n=10)
    fields = [c.field for c in w.changes]
    assert "blocks[0].actions_per_day" in fields
    assert "blocks[0].calls_per_action" not in fields and "blocks[0].price_multiplier" not in fields
    actions = w.changes[fields.index("blocks[0].actions_per_day")]
    assert actions.also == ("calls per action", "price multiplier")
    assert actions.sentence.endswith("; or calls per action or price multiplier by as much")
    # Ping costs 300 * 100 * 2 / 1e6 = $0.06: without it the drop is still 1.80 / 0.2 = 9 > 3.16, so none of
    # its fields is a candidate
    assert not any(f.startswith("blocks[1]") for f in fields)
    assert w.considered == 4 + 11  # the business levers and Chat's


def test_a_share_is_measured_by_its_rest_too() -> None:
    spec = FIELDS[Group.BLOCK]["cached_input_fraction"]
    # 90% -> 99% cached: the share rises by log10(0.99 / 0.9) = 0.041, the uncached rest falls tenfold: 1.0
    assert change_orders(spec, 0.9, 0.99) == pytest.approx(1.0, rel=1e-12)
    margin = FIELDS[Group.BUSINESS]["target_gross_margin"]
    # 60% -> 30%: the margin halves (0.301); the rest rises 0.4 -> 0.7 (0.243)
    assert change_orders(margin, 0.6, 0.3) == pytest.approx(math.log10(2), rel=1e-12)
    assert change_orders(margin, 0.6, 0.0) == math.inf  # to 0: never proposed


def test_nothing_must_change_when_viable_by_then() -> None:
    w = changes_needed(make())  # required_drop 1.8 < 3.16
    assert w.viable_already and w.changes == ()
    assert w.text == "nothing: viable by 2027-01-01 at the slow decline as it is"
    assert what_must_change(make()) == []


def test_fields_at_zero_are_not_proposed() -> None:
    w = changes_needed(make(price_per_user_month=1.0), n=20)
    # free users per paying user, reasoning tokens and the modality tokens are 0 in the hand pitch
    assert not any(c.current == 0 for c in w.changes)
    assert all(c.value > 0 for c in w.changes)
