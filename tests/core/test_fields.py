"""The field registry: every numeric field described once, with the bounds pydantic enforces."""

from __future__ import annotations

import json
import math

import pytest
from pydantic import ValidationError

from core.fields import Group, Kind
from core.pitch import (
    BLOCK_FIELDS,
    BUSINESS_FIELDS,
    FIELDS,
    MODALITY_PRICE_FIELDS,
    PRICE_FIELDS,
    Business,
    FeatureBlock,
)


def test_every_numeric_block_and_business_field_is_described() -> None:
    numeric = {
        k
        for k, info in FeatureBlock.model_fields.items()
        if info.annotation in (float, float | None)
        or k.endswith(("_tokens", "_fraction", "_per_action", "_per_day"))
    }
    assert numeric <= set(BLOCK_FIELDS)
    assert set(BUSINESS_FIELDS) == {
        "price_per_user_month",
        "target_gross_margin",
        "inference_share_of_cogs",
        "active_days_per_month",
        "usage_multiplier",
        "free_users_per_paying_user",
        "payment_fee_fraction",
    }
    assert MODALITY_PRICE_FIELDS == (
        "audio_input_per_mtok",
        "audio_output_per_mtok",
        "image_input_per_mtok",
        "image_output_per_mtok",
    )
    assert len(PRICE_FIELDS) == 9


def test_bounds_come_from_the_declaration() -> None:
    margin = FIELDS.spec(Group.BUSINESS, "target_gross_margin")
    assert (margin.low, margin.high, margin.low_open, margin.high_open) == (0.0, 1.0, False, True)
    assert margin.kind is Kind.FRACTION and margin.required and margin.default is None
    share = FIELDS.spec(Group.BUSINESS, "inference_share_of_cogs")
    assert (share.low, share.high, share.low_open, share.high_open, share.default) == (
        0.0,
        1.0,
        True,
        False,
        1.0,
    )
    days = FIELDS.spec(Group.BUSINESS, "active_days_per_month")
    assert (days.low, days.high, days.default) == (0.0, 31.0, 30.0)
    tokens = FIELDS.spec(Group.BLOCK, "output_tokens")
    assert (tokens.low, tokens.high, tokens.unit, tokens.kind) == (0.0, 1e12, "tokens", Kind.COUNT)
    assert FIELDS.spec(Group.PRICE, "input_per_mtok").kind is Kind.PRICE
    assert (
        FIELDS.spec(Group.COMPONENTS, "pue").low == 1.0 and FIELDS.spec(Group.COMPONENTS, "pue").high == 3.0
    )


@pytest.mark.parametrize(
    ("spec_group", "key", "inside", "outside"),
    [
        (Group.BUSINESS, "target_gross_margin", 0.0, 1.0),
        (Group.BUSINESS, "inference_share_of_cogs", 1.0, 0.0),
        (Group.BUSINESS, "active_days_per_month", 31.0, 31.5),
        (Group.BLOCK, "cached_input_fraction", 1.0, 1.0000001),
        (Group.BLOCK, "price_multiplier", 1e6, 0.0),
    ],
)
def test_contains_agrees_with_what_pydantic_refuses(
    spec_group: Group, key: str, inside: float, outside: float
) -> None:
    spec = FIELDS.spec(spec_group, key)
    assert spec.contains(inside) and not spec.contains(outside)
    assert not spec.contains(math.nan)
    base_block = {
        "name": "b",
        "price": {"input_per_mtok": 1.0, "output_per_mtok": 1.0},
        "input_tokens": 1.0,
        "output_tokens": 1.0,
        "calls_per_action": 1.0,
        "actions_per_day": 1.0,
    }
    base_business = {"price_per_user_month": 10.0, "target_gross_margin": 0.5}
    model, base = (FeatureBlock, base_block) if spec_group is Group.BLOCK else (Business, base_business)
    model.model_validate({**base, key: inside})
    with pytest.raises(ValidationError):
        model.model_validate({**base, key: outside})


def test_texts_are_written_once_and_read_back() -> None:
    spec = FIELDS.spec(Group.BLOCK, "output_tokens")
    assert spec.label == "Output tokens"
    assert spec.undo_text("Agent loop") == "Change output tokens of Agent loop"
    assert FIELDS.spec(Group.BUSINESS, "price_per_user_month").undo_text() == "Change price per user-month"
    assert FIELDS.spec(Group.BUSINESS, "target_gross_margin").bounds_text() == "at least 0 and below 100"
    assert spec.bounds_text() == "at least 0 and at most 1,000,000,000,000"


def test_schema_descriptions_come_from_the_registry() -> None:
    from core.pitch import Pitch

    schema = json.dumps(Pitch.model_json_schema())
    assert "Text the model writes per call." in schema
    assert "What a paying user pays a month." in schema


@pytest.mark.parametrize(
    ("path", "group", "key"),
    [
        ("blocks[2].output_tokens", Group.BLOCK, "output_tokens"),
        ("business.ranges.usage_multiplier", Group.BUSINESS, "usage_multiplier"),
        ("blocks[0].ranges.actions_per_day", Group.BLOCK, "actions_per_day"),
        ("blocks[1].price.tiers[0].input_per_mtok", Group.TIER, "input_per_mtok"),
        ("blocks[1].price.image_output_per_mtok", Group.PRICE, "image_output_per_mtok"),
        ("deployments[0].ownership.years", Group.OWNERSHIP, "years"),
        ("deployments[1].utilisation", Group.DEPLOYMENT, "utilisation"),
        ("blocks[0].requires.min_score", Group.REQUIRES, "min_score"),
    ],
)
def test_a_path_names_its_field(path: str, group: Group, key: str) -> None:
    spec = FIELDS.for_path(path)
    assert spec is not None and (spec.group, spec.key) == (group, key)


def test_clamp_stays_inside_open_bounds() -> None:
    margin = FIELDS.spec(Group.BUSINESS, "target_gross_margin")
    assert margin.clamp(1.5) < 1.0 and margin.contains(margin.clamp(1.5))
    assert margin.clamp(-1.0) == 0.0
    assert FIELDS.spec(Group.BLOCK, "input_tokens").clamp(2e12) == 1e12


def test_optional_fields_keep_their_bounds() -> None:
    # ``Field(le=...)`` inside ``X | None`` (price fields, a quoted GPU-hour, a purchase price) is read too
    from core.fields import Group
    from core.pitch import FIELDS, MAX_PRICE

    spec = FIELDS[Group.PRICE]["output_per_mtok"]
    assert (spec.low, spec.high, spec.low_open, spec.high_open) == (0.0, MAX_PRICE, False, False)
    assert not spec.contains(MAX_PRICE * 1.5)
    assert FIELDS[Group.DEPLOYMENT]["gpu_hour_usd"].low_open
    assert FIELDS[Group.OWNERSHIP]["purchase_usd"].high == 1e12
