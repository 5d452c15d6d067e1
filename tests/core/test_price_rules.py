"""The rules every catalog price follows (issue 9, contract 1, 6.3 and 6.5): the corrected price history, release
dates, caching launches and the standard (not off-peak) time of day.

Every expected price below was read by hand: from resources/price_history.csv (the corrected 2026-12 import),
resources/release_dates.csv, resources/caching_launch.csv, or genai-prices 0.2.3's bundled data (quoted where used).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from genai_prices.types import (
    ClauseEquals,
    ConditionalPrice,
    ModelInfo,
    ModelPrice,
    StartDateConstraint,
    TimeOfDateConstraint,
)

import core.capability
from core.catalog import PriceCatalog, default_catalog, standard_time
from core.cli import main
from core.engine import evaluate
from core.errors import PitchError
from core.history import HISTORY_VERSION, caching_launches, history_date, price_history
from core.pitch import Pitch
from core.resources import read_example

CATALOG = default_catalog()


def make_pitch(blocks: list[dict[str, Any]], as_of: str) -> Pitch:
    return Pitch.model_validate(
        {
            "format": "computecurve.pitch",
            "schema_version": 2,
            "name": "rules",
            "as_of": as_of,
            "business": {"price_per_user_month": 20.0, "target_gross_margin": 0.7},
            "blocks": blocks,
        }
    )


def block(model: str, **fields: Any) -> dict[str, Any]:
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


def prices(model: str, as_of: str) -> tuple[float, float, float]:
    """(input, output, cached input) per million tokens, as a block resolves them."""
    base = evaluate(make_pitch([block(model)], as_of)).blocks[0].price.base
    return base.input_per_mtok, base.output_per_mtok, base.cached_input_per_mtok


# ---------------------------------------------------------------------------------------------------
# The corrected history (shared data/price-history.csv, corrected 2026-12): one test per corrected row
# ---------------------------------------------------------------------------------------------------


def test_gpt4o_launched_at_5_and_15() -> None:
    # row "gpt-4o,openai:gpt-4o,2024-05-13,5,15": the alias's launch price (before, it was refused until 2024-08-06)
    assert prices("openai:gpt-4o", "2024-06-01")[:2] == (5.0, 15.0)
    # and from the 2024-08-06 row on: $2.50 / $10
    assert prices("openai:gpt-4o", "2024-08-06")[:2] == (2.5, 10.0)


@pytest.mark.parametrize(
    ("as_of", "inp", "out"),
    [
        ("2023-06-12", 2.0, 2.0),  # row 2023-03-01: $2 / $2
        ("2023-07-01", 1.5, 2.0),  # row 2023-06-13: the 25% input cut to $1.50 / $2
        ("2024-01-01", 1.0, 2.0),  # row 2023-12-11: the alias moved to -1106, $1 / $2
    ],
)
def test_gpt35_turbo_followed_its_2023_cuts(as_of: str, inp: float, out: float) -> None:
    assert prices("openai:gpt-3.5-turbo", as_of)[:2] == (inp, out)


def test_o3_cached_input_before_its_cut() -> None:
    # row "o3,2025-04-16,10,40,2.5": cached input $2.50 (a quarter of $10), not $10
    assert prices("openai:o3", "2025-05-01") == (10.0, 40.0, 2.5)


def test_deepseek_v3_cached_input_in_and_after_the_promotion() -> None:
    # row 2024-12-26: $0.14 / $0.28, cached $0.014 (the promotion); row 2025-02-08: $0.27 / $1.10, cached $0.07
    assert prices("deepseek:deepseek-chat", "2025-01-15") == (0.14, 0.28, 0.014)
    assert prices("deepseek:deepseek-chat", "2025-02-07") == (0.14, 0.28, 0.014)
    # from the last row's date genai-prices applies, at noon (standard hours): $0.27 / $1.10 / $0.07 as well
    assert prices("deepseek:deepseek-chat", "2025-02-08") == (0.27, 1.1, 0.07)


def test_deepseek_r1_cached_input() -> None:
    row = next(r for r in price_history() if r.model == "deepseek-r1")
    assert (row.price_date, row.cached_input_per_mtok) == (date(2025, 1, 20), 0.14)
    # from its (only) row's date genai-prices applies at noon: $0.55 / $2.19, cached $0.14
    assert prices("deepseek:deepseek-reasoner", "2025-01-20") == (0.55, 2.19, 0.14)


def test_sonnet_4_6_is_linked_and_dated_to_its_release() -> None:
    row = next(r for r in price_history() if r.model == "claude-sonnet-4.6")
    assert (row.catalog_id, row.price_date) == ("anthropic:claude-sonnet-4-6", date(2026, 2, 17))
    assert (row.input_per_mtok, row.output_per_mtok, row.cached_input_per_mtok) == (3.0, 15.0, 0.3)
    assert prices("anthropic:claude-sonnet-4-6", "2026-02-17") == (3.0, 15.0, 0.3)


def test_history_version_is_the_newest_row() -> None:
    # the newest row is claude-sonnet-4.6's 2026-02-17; catalog_version says "history 2026-02-17"
    assert history_date() == date(2026, 2, 17)
    assert history_date().isoformat() == HISTORY_VERSION


# ---------------------------------------------------------------------------------------------------
# Release dates
# ---------------------------------------------------------------------------------------------------


def test_a_model_is_not_priced_before_its_release() -> None:
    with pytest.raises(PitchError) as info:
        evaluate(make_pitch([block("anthropic:claude-sonnet-4-6")], "2023-03-15"))
    assert "2026-02-17" in str(info.value) and "2023-03-15" in str(info.value)
    assert info.value.field == "blocks[0].model"


def test_the_cli_exits_2_naming_both_dates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # the case: the shipped Sonnet 4.6 agent example evaluated on 2023-03-15
    path = tmp_path / "agentic-coding-sonnet-4-6.pitch.json"
    path.write_bytes(read_example("agentic-coding-sonnet-4-6.pitch.json"))
    code = main(["evaluate", str(path), "--as-of", "2023-03-15"])
    err = capsys.readouterr().err
    assert code == 2
    assert "2026-02-17" in err and "2023-03-15" in err and "Traceback" not in err


def test_a_model_with_only_a_release_date_is_refused_the_day_before() -> None:
    # openai:gpt-5.1: release 2025-11-13 (release_dates.csv); no history row, so genai-prices prices it from then
    with pytest.raises(PitchError, match="2025-11-13"):
        CATALOG.price_at("openai:gpt-5.1", date(2025, 11, 12))
    assert CATALOG.price_at("openai:gpt-5.1", date(2025, 11, 13)).fields["input_per_mtok"] > 0


def test_release_date_beats_an_earlier_first_history_row() -> None:
    # claude-3-haiku: the history's first row is the family announcement (2024-03-04), the API opened 2024-03-13
    assert CATALOG.release_date("anthropic:claude-3-haiku") == date(2024, 3, 13)
    with pytest.raises(PitchError) as info:
        CATALOG.price_at("anthropic:claude-3-haiku", date(2024, 3, 5))
    assert "2024-03-13" in info.value.message and "2024-03-05" in info.value.message
    # from the release on, its $0.25 / $1.25 price applies
    price = CATALOG.price_at("anthropic:claude-3-haiku", date(2024, 3, 13))
    assert (price.fields["input_per_mtok"], price.fields["output_per_mtok"]) == (0.25, 1.25)


def test_release_date_of_a_model_and_of_an_alias() -> None:
    assert CATALOG.release_date("openai:gpt-4") == date(2023, 3, 14)
    assert CATALOG.release_date("anthropic:claude-sonnet-4-6") == date(2026, 2, 17)
    # a dated snapshot id resolves to the catalog's entry (claude-3-opus-latest: 2024-03-04)
    assert CATALOG.release_date("anthropic:claude-3-opus-20240229") == date(2024, 3, 4)
    assert CATALOG.release_date("openai:gpt-4o-audio-preview") is None  # not in resources/release_dates.csv
    assert CATALOG.release_date("openai:no-such-model-zz9") is None


def test_without_a_release_row_the_first_history_row_dates_a_model(monkeypatch: pytest.MonkeyPatch) -> None:
    # take gpt-4 out of the release table: its first history row (gpt-4-0314, 2023-03-14) dates it instead
    table = {k: v for k, v in core.capability.release_dates().items() if k != "openai:gpt-4"}
    monkeypatch.setattr(core.capability, "release_dates", lambda: table)
    catalog = PriceCatalog()
    assert catalog.release_date("openai:gpt-4") == date(2023, 3, 14)
    with pytest.raises(PitchError, match="first price in the bundled history"):
        catalog.price_at("openai:gpt-4", date(2023, 3, 1))


def test_a_model_with_no_known_release_date_is_priced_with_a_warning() -> None:
    ev = evaluate(make_pitch([block("openai:gpt-4o-audio-preview")], "2026-03-01"))
    assert ev.blocks[0].price.base.input_per_mtok == 2.5  # genai-prices: $2.50 / $10 text
    [warning] = [w for w in ev.warnings if "release date is unknown" in w]
    assert warning.startswith("blocks[0] (feature): openai:gpt-4o-audio-preview")


def test_the_catalog_listing_refuses_models_of_the_future() -> None:
    [entry] = [
        e
        for e in CATALOG.entries("claude-sonnet-4-6", date(2025, 1, 1))
        if e.model_id == "anthropic:claude-sonnet-4-6"
    ]
    assert entry.price is None and "2026-02-17" in entry.error


# ---------------------------------------------------------------------------------------------------
# Caching before caching existed
# ---------------------------------------------------------------------------------------------------


def test_caching_launch_dates() -> None:
    launches = caching_launches()
    assert launches["openai"].caching_from == date(2024, 10, 1)
    assert launches["anthropic"].caching_from == date(2024, 8, 14)
    assert launches["deepseek"].caching_from == date(2024, 8, 2)


def test_openai_cached_input_is_the_input_price_before_2024_10_01() -> None:
    # gpt-4o on 2024-09-01: the 2024-08-06 history row says $2.50 / $10, cached $1.25; OpenAI's caching began
    # on 2024-10-01, so cached input is billed at $2.50
    before = evaluate(make_pitch([block("openai:gpt-4o")], "2024-09-01")).blocks[0].price
    assert before.base.cached_input_per_mtok == 2.5
    assert any("2024-10-01" in note for note in before.notes)
    assert "2024-10-01" in before.source  # a catalog cache price was replaced: the source says so
    after = evaluate(make_pitch([block("openai:gpt-4o")], "2024-10-01")).blocks[0].price
    assert after.base.cached_input_per_mtok == 1.25 and after.notes == ()


def test_anthropic_cache_reads_and_writes_before_2024_08_14() -> None:
    # genai-prices' Claude 3.5 Sonnet: $3 / $15, cache read $0.30, cache write $3.75; before 2024-08-14 both $3
    def cost_per_call(as_of: str) -> float:
        pitch = make_pitch(
            [
                block(
                    "anthropic:claude-3-5-sonnet",
                    input_tokens=10_000.0,
                    output_tokens=0.0,
                    cached_input_fraction=0.5,
                    cache_write_fraction=0.5,
                )
            ],
            as_of,
        )
        return evaluate(pitch).blocks[0].cost_per_call

    # 2024-07-01: 10,000 x (0.5 x 3 + 0.5 x 3) / 1e6 = 0.03
    assert cost_per_call("2024-07-01") == pytest.approx(0.03, rel=1e-12)
    # 2024-08-14: 10,000 x (0.5 x 0.30 + 0.5 x 3.75) / 1e6 = 10,000 x 2.025 / 1e6 = 0.02025
    assert cost_per_call("2024-08-14") == pytest.approx(0.02025, rel=1e-12)


def test_deepseek_caching_began_before_v3() -> None:
    # DeepSeek's caching began 2024-08-02, before V3's 2024-12-26 row: the $0.014 cached price stands
    price = evaluate(make_pitch([block("deepseek:deepseek-chat")], "2024-12-26")).blocks[0].price
    assert price.base.cached_input_per_mtok == 0.014 and price.notes == ()


def test_an_explicit_cached_price_stays_the_users() -> None:
    # the pitch's own price is its author's assumption; the catalog's (the input price then) is only compared
    pitch = make_pitch([block("openai:gpt-4o", price={"cached_input_per_mtok": 1.25})], "2024-09-01")
    ev = evaluate(pitch)
    assert ev.blocks[0].price.base.cached_input_per_mtok == 1.25
    # $1.25 against the catalog's $2.50 of that day: 50% away, flagged
    assert any("cached_input_per_mtok $1.25 is 50% away" in w for w in ev.warnings)


# ---------------------------------------------------------------------------------------------------
# Off-peak is not standard (contract 6.5)
# ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "inp", "out"),
    [
        # genai-prices 0.2.3, deepseek-v4-flash: from 2026-09-10 $0.15 / $0.60 all day except the peak windows
        # 01:00-04:00 and 06:00-10:00 UTC at $0.30 / $1.20. Noon is off-peak: the peak price is the standard.
        ("deepseek:deepseek-v4-flash", 0.3, 1.2),
        # deepseek-v4-pro: from 2026-08-17 $0.66 / $1.98, peak windows $1.32 / $3.96
        ("deepseek:deepseek-v4-pro", 1.32, 3.96),
    ],
)
def test_deepseek_v4_today_is_priced_at_its_peak(model: str, inp: float, out: float) -> None:
    price = evaluate(make_pitch([block(model)], "2026-12-01")).blocks[0].price
    assert (price.base.input_per_mtok, price.base.output_per_mtok) == (inp, out)
    assert "01:00 UTC" in price.source and "time-of-day discount" in price.source
    assert price.notes and "12:00 UTC" in price.notes[0]


def test_deepseek_v4_before_its_time_of_day_prices_is_the_flat_noon_price() -> None:
    # before 2026-08-17 genai-prices' unconstrained first price is V4 Flash's flat rate, $0.14 / $0.28 (its
    # price_comments: "flat before 2026-08-17"); the peak windows are not yet in force
    price = evaluate(make_pitch([block("deepseek:deepseek-v4-flash")], "2026-06-01")).blocks[0].price
    assert (price.base.input_per_mtok, price.base.output_per_mtok) == (0.14, 0.28)
    assert "12:00 UTC" in price.source and price.notes == ()


def test_deepseek_v3_noon_is_already_standard() -> None:
    # deepseek-chat: $0.27 / $1.10 in 00:30-16:30 UTC, $0.135 / $0.55 off-peak; noon is in the standard hours
    assert prices("deepseek:deepseek-chat", "2026-03-23")[:2] == (0.27, 1.1)


def _model(*prices: ConditionalPrice) -> ModelInfo:
    return ModelInfo(id="m", match=ClauseEquals(equals="m"), prices=list(prices))


def _price(inp: str, out: str, constraint: Any = None) -> ConditionalPrice:
    return ConditionalPrice(
        constraint=constraint, prices=ModelPrice(input_mtok=Decimal(inp), output_mtok=Decimal(out))
    )


def test_standard_time_comes_from_the_models_own_windows() -> None:
    day = date(2026, 5, 5)
    # a lunchtime discount, 11:30-13:15 UTC at $1 / $2, else $4 / $8: noon is discounted; the day's spans start
    # at 00:00 (via noon's probe), 11:30 and 13:15: the highest price is the one outside the window, first
    # probed at its end, 13:15
    lunch = TimeOfDateConstraint(start_time=time(11, 30), end_time=time(13, 15))
    model = _model(_price("4", "8"), _price("1", "2", lunch))
    assert standard_time(model, day) == datetime(2026, 5, 5, 13, 15, tzinfo=UTC)
    # a window that marks the expensive hours (DeepSeek V4's layout) and misses noon: 03:00-05:00 at $5 / $9
    peak = TimeOfDateConstraint(start_time=time(3, 0), end_time=time(5, 0))
    assert standard_time(_model(_price("1", "2"), _price("5", "9", peak)), day) == datetime(
        2026, 5, 5, 3, 0, tzinfo=UTC
    )
    # a window that holds noon and is the dearer price: noon is kept
    day_window = TimeOfDateConstraint(start_time=time(8, 0), end_time=time(20, 0))
    assert standard_time(_model(_price("1", "2"), _price("5", "9", day_window)), day) == datetime(
        2026, 5, 5, 12, 0, tzinfo=UTC
    )
    # no windows: noon
    assert standard_time(_model(_price("1", "2")), day) == datetime(2026, 5, 5, 12, 0, tzinfo=UTC)


def test_windows_count_from_the_first_dated_change() -> None:
    # flat $1 / $2 until 2026-08-17, then $3 / $4 with a peak window 01:00-04:00 at $6 / $8
    peak = TimeOfDateConstraint(start_time=time(1, 0), end_time=time(4, 0))
    model = _model(
        _price("1", "2"),
        _price("3", "4", StartDateConstraint(start_date=date(2026, 8, 17))),
        _price("6", "8", peak),
    )
    assert standard_time(model, date(2026, 8, 16)) == datetime(2026, 8, 16, 12, 0, tzinfo=UTC)
    assert standard_time(model, date(2026, 8, 17)) == datetime(2026, 8, 17, 1, 0, tzinfo=UTC)
