"""Variants with one change, the comparison's figures, and whether a batch is like for like (no Qt)."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import pytest

from core.catalog import default_catalog
from core.compare import (
    ChangeKind,
    VariantChange,
    comparability,
    compare_figures,
    make_variant,
    top_block,
    variant_name,
    verdict_counts,
)
from core.engine import evaluate, prepare
from core.errors import PitchError
from core.pitch import MAX_NAME, Pitch
from core.scoring import ScoreRow
from core.uncertainty import monte_carlo
from core.verdict import Verdict


def _pitch(**overrides: Any) -> Pitch:
    doc: dict[str, Any] = {
        "format": "computecurve.pitch",
        "schema_version": 2,
        "name": "Study buddy",
        "as_of": "2026-01-01",
        "business": {
            "price_per_user_month": 10.0,
            "target_gross_margin": 0.9,
            "usage_multiplier": 1.0,
            "ranges": {"price_per_user_month": [5.0, 20.0], "usage_multiplier": [0.5, 2.0]},
        },
        "blocks": [
            # 1,000 input tokens at $3/M, 100 a day, 30 days: 1000 * 3 / 1e6 * 100 * 30 = $9.00 a month
            {
                "name": "Chat",
                "price": {"input_per_mtok": 3.0, "output_per_mtok": 15.0},
                "input_tokens": 1000,
                "output_tokens": 0,
                "calls_per_action": 1,
                "actions_per_day": 100,
            },
            # 1,000 input tokens at $3/M, 50 a day, 30 days: $4.50 a month
            {
                "name": "Digest",
                "model": "openai:gpt-4o-mini",
                "price": {"input_per_mtok": 3.0, "output_per_mtok": 15.0},
                "input_tokens": 1000,
                "output_tokens": 0,
                "calls_per_action": 1,
                "actions_per_day": 50,
            },
        ],
    }
    doc.update(overrides)
    return Pitch.model_validate(doc)


def _without(pitch: Pitch, *paths: str) -> dict[str, Any]:
    """The pitch as a dict with the dotted ``paths`` removed (what a variant may change)."""
    d = pitch.model_dump(mode="json")
    for path in paths:
        *parents, last = path.split(".")
        node = d
        for p in parents:
            node = node[p]
        node.pop(last, None)
    return d


# -- naming --------------------------------------------------------------------------------------


def test_variant_names_say_the_one_change() -> None:
    assert variant_name("Buddy", VariantChange(ChangeKind.USAGE, 2.0)) == "Buddy — usage ×2"
    assert (
        variant_name("Buddy", VariantChange(ChangeKind.PRICE, 40.0)) == "Buddy — price $40.00 per user-month"
    )
    assert (
        variant_name("Buddy", VariantChange(ChangeKind.SCENARIO, "llmflation"))
        == "Buddy — scenario llmflation"
    )
    assert (
        variant_name("Buddy", VariantChange(ChangeKind.MODEL, "openai:gpt-4o-mini"))
        == "Buddy — on openai:gpt-4o-mini"
    )


def test_a_long_name_is_shortened_to_fit_the_limit_keeping_the_change() -> None:
    name = variant_name("x" * MAX_NAME, VariantChange(ChangeKind.USAGE, 3.0))
    assert len(name) == MAX_NAME
    assert name.endswith("… — usage ×3")
    assert Pitch.model_validate({**_pitch().model_dump(mode="json"), "name": name}).name == name


# -- each change changes one thing ---------------------------------------------------------------------


def test_price_variant_changes_the_price_and_scales_its_range() -> None:
    base = _pitch()
    v = make_variant(base, VariantChange(ChangeKind.PRICE, 40.0))
    assert v.name == "Study buddy — price $40.00 per user-month"
    assert v.business.price_per_user_month == 40.0
    # The range [5, 20] around $10 scales by 40 / 10 = 4: [20, 80].
    assert v.business.ranges["price_per_user_month"] == (20.0, 80.0)
    assert _without(v, "name", "business.price_per_user_month", "business.ranges") == _without(
        base, "name", "business.price_per_user_month", "business.ranges"
    )
    assert v.business.ranges["usage_multiplier"] == base.business.ranges["usage_multiplier"]
    # Budget $40 * (1 - 0.9) = $4; cost $9 + $4.50 = $13.50; drop 13.5 / 4 = 3.375.
    assert evaluate(v).required_drop == pytest.approx(3.375)


def test_usage_variant_sets_the_multiplier() -> None:
    base = _pitch()
    v = make_variant(base, VariantChange(ChangeKind.USAGE, 2.0))
    assert v.name == "Study buddy — usage ×2"
    assert v.business.usage_multiplier == 2.0
    assert v.business.ranges["usage_multiplier"] == (1.0, 4.0)  # [0.5, 2] x 2
    assert _without(v, "name", "business.usage_multiplier", "business.ranges") == _without(
        base, "name", "business.usage_multiplier", "business.ranges"
    )
    # Twice the calls: ($9 + $4.50) * 2 = $27 a month.
    assert evaluate(v).cost_per_user_month == pytest.approx(27.0)


def test_scenario_variant_sets_the_scenario() -> None:
    base = _pitch()
    v = make_variant(base, VariantChange(ChangeKind.SCENARIO, "llmflation"))
    assert v.scenario == "llmflation"
    assert _without(v, "name", "scenario") == _without(base, "name", "scenario")


def test_model_variant_puts_every_model_block_on_the_catalog_model_at_its_catalog_price() -> None:
    catalog = default_catalog()
    base = _pitch()
    v = make_variant(base, VariantChange(ChangeKind.MODEL, "openai:gpt-4o-mini"), catalog)
    assert v.name == "Study buddy — on openai:gpt-4o-mini"
    # Chat has typed-in prices and no model: kept; Digest names a model: moved, its typed prices dropped
    assert [b.model for b in v.blocks] == [None, "openai:gpt-4o-mini"]
    assert v.blocks[0] == base.blocks[0]
    assert v.blocks[1].price is None
    catalog_price = catalog.price_at("openai:gpt-4o-mini", date(2026, 1, 1))
    assert prepare(v, catalog).resolved[1].base.input_per_mtok == catalog_price.fields["input_per_mtok"]
    assert _without_block(v.blocks[1]) == _without_block(base.blocks[1])


def test_switch_models_keeps_typed_per_call_and_deployment_blocks() -> None:
    from core.compare import switch_models, switchable_blocks

    doc = _pitch().model_dump(mode="json")
    doc["blocks"].append(dict(doc["blocks"][1], name="Image", per_call_usd=0.04))
    pitch = Pitch.model_validate(doc)
    assert switchable_blocks(pitch) == [1]  # Chat has no model; Image is priced per call
    switched = switch_models(pitch, "anthropic:claude-sonnet-4-6")
    assert [b.model for b in switched.blocks] == [None, "anthropic:claude-sonnet-4-6", "openai:gpt-4o-mini"]
    assert switched.blocks[2] == pitch.blocks[2] and switched.name == pitch.name
    with pytest.raises(PitchError) as err:
        switch_models(pitch, "nobody:no-such-model")
    assert err.value.field == "model"


def _without_block(block: Any) -> dict[str, Any]:
    d = block.model_dump(mode="json")
    d.pop("model")
    d.pop("price")
    return d


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (VariantChange(ChangeKind.MODEL, "nobody:no-such-model"), "model"),
        (VariantChange(ChangeKind.MODEL, ""), "model"),
        (VariantChange(ChangeKind.PRICE, 0.0), "business.price_per_user_month"),
        (VariantChange(ChangeKind.PRICE, 2e9), "business.price_per_user_month"),  # above the format's 1e9
        (VariantChange(ChangeKind.PRICE, math.nan), "business.price_per_user_month"),
        (VariantChange(ChangeKind.USAGE, -1.0), "business.usage_multiplier"),
        (VariantChange(ChangeKind.USAGE, "two"), "business.usage_multiplier"),
        (VariantChange(ChangeKind.SCENARIO, "fast-please"), "scenario"),
    ],
)
def test_an_invalid_change_is_refused_naming_the_field(change: VariantChange, field: str) -> None:
    with pytest.raises(PitchError) as err:
        make_variant(_pitch(), change)
    assert err.value.field == field


def test_a_model_without_a_price_on_the_pitchs_date_is_refused_with_both_dates() -> None:
    # The bundled history's first price of google:gemini-2.5-flash is 2025-06-17; this pitch is dated 2024-01-01.
    with pytest.raises(PitchError) as err:
        make_variant(_pitch(as_of="2024-01-01"), VariantChange(ChangeKind.MODEL, "google:gemini-2.5-flash"))
    assert err.value.field == "blocks[1].model"  # Digest, the block that names a model
    assert "2024-01-01" in str(err.value) and "2025-06-17" in str(err.value)


# -- figures side by side ---------------------------------------------------------------------------------


def test_top_block_is_the_most_expensive_enabled_block() -> None:
    ev = evaluate(_pitch())
    top = top_block(ev)
    assert top is not None and top.name == "Chat"
    assert top.share == pytest.approx(9.0 / 13.5)  # $9 of $13.50


def test_top_block_is_none_when_nothing_costs() -> None:
    blocks = [dict(b, enabled=False) for b in _pitch().model_dump(mode="json")["blocks"]]
    assert top_block(evaluate(_pitch(blocks=blocks))) is None


def test_compare_figures_are_the_engines_numbers() -> None:
    pitch = _pitch()
    ev = evaluate(pitch)
    f = compare_figures(ev)
    # Cost $13.50, budget $10 * 0.1 = $1: drop 13.5, log10(13.5) = 1.1303 orders of magnitude.
    assert f.cost_per_paying_user_month == pytest.approx(13.5)
    assert f.budget_per_user_month == pytest.approx(1.0)
    assert f.orders_of_magnitude == pytest.approx(math.log10(13.5))
    assert f.verdict is Verdict.TWO_ORDERS
    assert (f.arrival_earliest, f.arrival_latest) == (ev.arrival.earliest, ev.arrival.latest)
    assert not f.simulated and f.arrival_p10 is None
    assert f.top_block_name == "Chat"
    mc = monte_carlo(prepare(pitch), 2000, 0)
    g = compare_figures(ev, mc)
    assert g.simulated and (g.arrival_p10, g.arrival_p90) == (mc.arrival_p10, mc.arrival_p90)


# -- is a batch like for like? ------------------------------------------------------------------------------


def test_comparability_lists_the_dates_and_scenarios_of_scored_rows_only() -> None:
    a = evaluate(_pitch())
    b = evaluate(_pitch(as_of="2026-06-01", scenario="llmflation"))
    rows = [ScoreRow("a", a), ScoreRow("b", b), ScoreRow("bad", None, "bad: broken")]
    seen = comparability(rows)
    assert seen.dates == (date(2026, 1, 1), date(2026, 6, 1))
    assert seen.scenarios == ("llmflation", "seed-rule")
    assert not seen.like_for_like
    assert comparability(rows[:1]).like_for_like


def test_verdict_counts_count_each_band_and_the_failures() -> None:
    two = evaluate(_pitch())  # 1.13 orders of magnitude: two orders away
    rows = [ScoreRow("a", two), ScoreRow("b", two), ScoreRow("bad", None, "bad")]
    counts = verdict_counts(rows)
    assert counts[Verdict.TWO_ORDERS] == 2
    assert counts[None] == 1
    assert counts[Verdict.VIABLE_NOW] == counts[Verdict.ONE_ORDER] == counts[Verdict.BEYOND] == 0
