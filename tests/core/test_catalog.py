"""Catalog prices resolved by the contract's rule (section 1), checked against list prices and genai-prices."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from genai_prices import Usage, calc_price
from genai_prices.types import TieredPrices

from core.catalog import default_catalog
from core.engine import evaluate
from core.errors import PitchError
from core.history import price_history
from core.pitch import Pitch

# The bundled copy of the project's sourced data/price-history.csv (CI may run without shared/ at /work).
SHARED_HISTORY = Path(__file__).resolve().parents[2] / "resources" / "price_history.csv"


def model_block(model: str, **fields: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "name": "feature",
        "model": model,
        "input_tokens": 1000.0,
        "output_tokens": 1000.0,
        "calls_per_action": 1.0,
        "actions_per_day": 1.0,
    }
    doc.update(fields)
    return doc


def make_pitch(blocks: list[dict[str, Any]], as_of: str) -> Pitch:
    return Pitch.model_validate(
        {
            "format": "computecurve.pitch",
            "schema_version": 2,
            "name": "catalog",
            "as_of": as_of,
            "business": {"price_per_user_month": 20.0, "target_gross_margin": 0.7},
            "blocks": blocks,
        }
    )


def resolved(model: str, as_of: str, **fields: Any) -> Any:
    return evaluate(make_pitch([model_block(model, **fields)], as_of)).blocks[0].price


def noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 0, tzinfo=UTC)


def genai(
    model_id: str, when: datetime, input_tokens: int = 1_000_000, output_tokens: int = 1_000_000
) -> Any:
    provider, _, ref = model_id.partition(":")
    return calc_price(
        Usage(input_tokens=input_tokens, output_tokens=output_tokens),
        ref,
        provider_id=provider,
        genai_request_timestamp=when,
    )


# ---------------------------------------------------------------------------------------------------
# The history / genai-prices rule
# ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "inp", "out"),
    [
        ("2025-05-01", 10.0, 40.0),  # history row 2025-04-16: $10 / $40
        ("2025-06-09", 10.0, 40.0),  # the day before the 80% cut: still the 2025-04-16 row
        ("2025-06-10", 2.0, 8.0),  # the last history row's date: genai-prices from then on: $2 / $8
        ("2026-01-01", 2.0, 8.0),
    ],
)
def test_o3_price_before_and_after_its_cut(as_of: str, inp: float, out: float) -> None:
    price = resolved("openai:o3", as_of)
    assert price.base.input_per_mtok == inp
    assert price.base.output_per_mtok == out


def test_o3_before_its_cut_has_the_corrected_cached_price() -> None:
    # corrected history row 2025-04-16: $10 / $40, cached input $2.50 (a quarter of the input price, not $10)
    price = resolved("openai:o3", "2025-05-01")
    assert price.base.cached_input_per_mtok == 2.5
    assert "2025-04-16" in price.source


def test_gpt4_on_its_release_day() -> None:
    price = resolved("openai:gpt-4", "2023-03-14")
    assert (price.base.input_per_mtok, price.base.output_per_mtok) == (30.0, 60.0)


def test_gpt4_before_its_first_price_is_an_error_naming_both_dates() -> None:
    with pytest.raises(PitchError) as info:
        evaluate(make_pitch([model_block("openai:gpt-4")], "2023-03-13"))
    text = str(info.value)
    assert "2023-03-14" in text
    assert "2023-03-13" in text
    assert info.value.field == "blocks[0].model"


@pytest.mark.parametrize("day", [date(2025, 3, 1), date(2025, 9, 1), date(2026, 3, 23)])
def test_deepseek_gets_the_standard_noon_price_not_off_peak(day: date) -> None:
    price = resolved("deepseek:deepseek-chat", day.isoformat())
    at_noon = genai("deepseek:deepseek-chat", noon(day))
    at_midnight = genai("deepseek:deepseek-chat", midnight(day))
    # 1M input and 1M output tokens: the price per million of each
    assert price.base.input_per_mtok == float(at_noon.input_price)
    assert price.base.output_per_mtok == float(at_noon.output_price)
    # midnight UTC is DeepSeek's off-peak window: half the price. We must not use it.
    assert float(at_midnight.input_price) == pytest.approx(float(at_noon.input_price) / 2)
    assert price.base.input_per_mtok != float(at_midnight.input_price)
    # the standard list price, $0.27 / $1.10
    assert (price.base.input_per_mtok, price.base.output_per_mtok) == (0.27, 1.1)


def test_deepseek_before_the_last_history_row_uses_the_history() -> None:
    # history: 2024-12-26 $0.14 / $0.28 (promotional), 2025-02-08 $0.27 / $1.10
    price = resolved("deepseek:deepseek-chat", "2025-01-15")
    assert (price.base.input_per_mtok, price.base.output_per_mtok) == (0.14, 0.28)


def test_gemini_25_pro_tier_above_200k_input_tokens() -> None:
    price = resolved("google:gemini-2.5-pro", "2026-03-23")
    assert (price.base.input_per_mtok, price.base.output_per_mtok) == (1.25, 10.0)
    assert [above for above, _ in price.tiers] == [200_000.0]
    tier = price.tiers[0][1]
    assert (tier.input_per_mtok, tier.output_per_mtok) == (2.5, 15.0)

    def per_call(input_tokens: float) -> float:
        pitch = make_pitch([model_block("google:gemini-2.5-pro", input_tokens=input_tokens)], "2026-03-23")
        return evaluate(pitch).blocks[0].cost_per_call

    # 250,000 input tokens: the tier, 250000 * 2.5 / 1e6 = 0.625; 1000 * 15 / 1e6 = 0.015 -> 0.64
    assert per_call(250_000.0) == pytest.approx(0.64, rel=1e-12)
    # exactly 200,000 is not above 200,000: base, 200000 * 1.25 / 1e6 = 0.25; 1000 * 10 / 1e6 = 0.01 -> 0.26
    assert per_call(200_000.0) == pytest.approx(0.26, rel=1e-12)
    # and genai-prices agrees on both calls
    at = noon(date(2026, 3, 23))
    assert float(genai("google:gemini-2.5-pro", at, 250_000, 1000).total_price) == pytest.approx(0.64)
    assert float(genai("google:gemini-2.5-pro", at, 200_000, 1000).total_price) == pytest.approx(0.26)


def test_gemini_25_pro_reasoning_tokens_in_the_tier_cost_the_tiers_output_price() -> None:
    # reasoning_per_mtok defaults to the output price; above 200k input tokens the output price is $15,
    # so 1000 reasoning tokens cost 1000 * 15 / 1e6 = 0.015 (genai-prices bills reasoning as output)
    pitch = make_pitch(
        [
            model_block(
                "google:gemini-2.5-pro", input_tokens=250_000.0, output_tokens=0.0, reasoning_tokens=1000.0
            )
        ],
        "2026-03-23",
    )
    # genai-prices' own bill for that call: 1000 output tokens, all of them reasoning
    theirs = calc_price(
        Usage(input_tokens=250_000, output_tokens=1000, output_reasoning_tokens=1000),
        "gemini-2.5-pro",
        provider_id="google",
        genai_request_timestamp=noon(date(2026, 3, 23)),
    )
    assert float(theirs.total_price) == pytest.approx(0.64)
    # 250000 * 2.5 / 1e6 = 0.625; + 0.015 = 0.64
    assert evaluate(pitch).blocks[0].cost_per_call == pytest.approx(0.64, rel=1e-12)


def test_unknown_model_is_an_error_naming_it() -> None:
    with pytest.raises(PitchError) as info:
        evaluate(make_pitch([model_block("openai:no-such-model-zz9")], "2026-03-23"))
    assert "openai:no-such-model-zz9" in str(info.value)
    assert info.value.field == "blocks[0].model"


def test_explicit_price_overrides_only_that_field() -> None:
    price = resolved("openai:o3", "2026-01-01", price={"output_per_mtok": 9.0})
    assert price.base.output_per_mtok == 9.0  # explicit
    assert price.base.input_per_mtok == 2.0  # the catalog's
    assert price.base.cached_input_per_mtok == 0.5  # the catalog's
    assert price.base.reasoning_per_mtok == 9.0  # default: the (explicit) output price
    assert "explicit" in price.source


def _warnings(model: str, as_of: str, price: dict[str, float]) -> tuple[str, ...]:
    return evaluate(make_pitch([model_block(model, price=price)], as_of)).warnings


def test_warning_for_an_explicit_price_more_than_10_percent_from_the_catalog() -> None:
    # catalog o3 input on 2026-01-01: $2. $3 is 50% away: flagged, naming the field
    warned = _warnings("openai:o3", "2026-01-01", {"input_per_mtok": 3.0})
    assert len(warned) == 1
    assert "input_per_mtok" in warned[0]
    assert "blocks[0]" in warned[0]
    # $2.10 is 5% away: not flagged
    assert _warnings("openai:o3", "2026-01-01", {"input_per_mtok": 2.1}) == ()
    # $1.80 is exactly 10% below: not more than 10%, not flagged
    assert _warnings("openai:o3", "2026-01-01", {"input_per_mtok": 1.8}) == ()


def test_an_explicit_price_exactly_10_percent_above_is_not_flagged() -> None:
    # $2.20 vs the catalog's $2.00 is exactly 10% away: the contract flags only "more than 10%"
    # (in floating point 2.2 / 2 - 1 = 0.10000000000000009; float noise must not flag it)
    assert _warnings("openai:o3", "2026-01-01", {"input_per_mtok": 2.2}) == ()


def test_catalog_version() -> None:
    # the bundled data (no update installed: tests/conftest.py gives every test an empty data folder), and the
    # date of the history's newest row (Claude Sonnet 4.6, 2026-02-17)
    assert default_catalog().version == "genai-prices 0.2.3 + history 2026-02-17"
    ev = evaluate(make_pitch([model_block("openai:o3")], "2026-01-01"))
    assert ev.catalog_version == "genai-prices 0.2.3 + history 2026-02-17"


def test_every_history_row_has_a_source_and_a_date() -> None:
    rows = price_history()
    with SHARED_HISTORY.open(encoding="utf-8") as fh:
        data_lines = [line for line in fh if not line.startswith("#")]
    expected = len(list(csv.DictReader(data_lines)))
    assert len(rows) == expected
    for row in rows:
        assert isinstance(row.price_date, date)
        assert row.sources
        assert all(s.strip() for s in row.sources)
        assert row.price_date.isoformat() in row.source_text


SNAPSHOT_MODELS = [
    "openai:gpt-4o",
    "openai:gpt-4o-mini",
    "openai:gpt-4.1",
    "openai:gpt-4.1-mini",
    "openai:gpt-5",
    "openai:gpt-5-mini",
    "openai:o3",
    "openai:o1",
    "openai:gpt-3.5-turbo",
    "anthropic:claude-3-5-haiku-latest",
    "anthropic:claude-sonnet-4-0",
    "anthropic:claude-opus-4-0",
    "anthropic:claude-3-haiku",
    "google:gemini-2.5-pro",
    "google:gemini-2.5-flash",
    "google:gemini-2.0-flash",
    "deepseek:deepseek-chat",
    "deepseek:deepseek-reasoner",
    "groq:llama-3.3-70b-versatile",
    "x-ai:grok-3",
]


def _as_float(value: Decimal | TieredPrices) -> float:
    return float(value.base if isinstance(value, TieredPrices) else value)


@pytest.mark.parametrize("model_id", SNAPSHOT_MODELS)
def test_catalog_matches_genai_prices_own_calc_price(model_id: str) -> None:
    day = date(2026, 3, 23)  # after every history row of these models: genai-prices applies
    ours = default_catalog().price_at(model_id, day)
    theirs = genai(model_id, noon(day))
    assert ours.fields["input_per_mtok"] == _as_float(theirs.model_price.input_mtok)
    assert ours.fields["output_per_mtok"] == _as_float(theirs.model_price.output_mtok)
    # a call of 1M input and 1M output tokens, including any tier that 1M input tokens reaches
    block = make_pitch([model_block(model_id, input_tokens=1e6, output_tokens=1e6)], day.isoformat())
    call = evaluate(block).blocks[0].cost_per_call
    assert call == pytest.approx(float(theirs.total_price), rel=1e-12)


# -- "did you mean": a model typed without its provider --------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("gpt-4o-mini", "openai:gpt-4o-mini"),  # genai-prices' own provider detection puts OpenAI first
        ("GPT-4o-Mini", "openai:gpt-4o-mini"),  # case does not matter
        ("claude-sonnet-4-6", "anthropic:claude-sonnet-4-6"),
        ("anthropc:claude-sonnet-4-6", "anthropic:claude-sonnet-4-6"),  # a misspelt provider
    ],
)
def test_suggestions_for_a_model_without_its_provider(typed: str, first: str) -> None:
    found = default_catalog().suggestions(typed)
    assert found[0] == first
    assert len(found) <= 3
    assert all(default_catalog().canonical_id(s) == s for s in found)  # each one can be priced by its id


@pytest.mark.parametrize("typed", ["openai:gpt-4o-mini", "no-such-model-anywhere", "", "openai:"])
def test_no_suggestion_for_a_known_id_or_nothing_like_it(typed: str) -> None:
    assert default_catalog().suggestions(typed) == []
