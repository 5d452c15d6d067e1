"""The sourced infrastructure tables in resources/ (contract sections 6.1 and 6.2): shape, and figures checked by hand."""

from __future__ import annotations

import csv
import math
import re
from datetime import date
from pathlib import Path

import pytest

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
TODAY = date(2026, 12, 3)
HOURS_PER_YEAR = 365.25 * 24

GPU_HEADER = [
    "id",
    "gpu",
    "basis",
    "usd_per_gpu_hour_low",
    "usd_per_gpu_hour_high",
    "as_of",
    "source",
    "kind",
    "notes",
]
THROUGHPUT_HEADER = [
    "id",
    "model",
    "gpu",
    "input_tokens_per_second_per_gpu",
    "output_tokens_per_second_per_gpu",
    "tokens_per_second_per_user",
    "as_of",
    "source",
    "kind",
    "notes",
]
RATES_HEADER = [
    "id",
    "provider",
    "modality",
    "unit",
    "condition",
    "tokens_per_unit",
    "as_of",
    "source",
    "notes",
]

BASES = {"hyperscaler-owned", "neocloud-owned", "rental-3yr", "on-demand", "seed-ownership"}
PRICE_KINDS = {"survey", "list-price", "vendor-claim", "derived"}
THROUGHPUT_KINDS = {"measurement", "vendor-claim", "derived"}
MODALITIES = {"audio_input", "audio_output", "image_input", "image_output"}
UNITS = {"second", "minute", "image"}


def read(name: str) -> tuple[list[str], list[str], list[dict[str, str]]]:
    """Comment lines, header and rows of a resources CSV whose explanation sits in leading '#' lines."""
    lines = (RESOURCES / name).read_text(encoding="utf-8").splitlines()
    comments = [line for line in lines if line.startswith("#")]
    body = [line for line in lines if not line.startswith("#")]
    assert lines[: len(comments)] == comments, f"{name}: '#' lines must all come first"
    reader = csv.reader(body)
    header = next(reader)
    rows = [dict(zip(header, values, strict=True)) for values in reader]
    return comments, header, rows


def by_id(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids)), "ids must be unique"
    return {row["id"]: row for row in rows}


def check_common(name: str, header: list[str], expected: list[str], rows: list[dict[str, str]]) -> None:
    assert header == expected
    assert rows, f"{name} has no rows"
    by_id(rows)
    for row in rows:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9.]+)*", row["id"]), row["id"]
        as_of = date.fromisoformat(row["as_of"])
        assert date(2020, 1, 1) <= as_of <= TODAY, (row["id"], as_of)
        assert row["source"].strip(), row["id"]
        assert row["notes"].strip(), row["id"]


def positive(text: str) -> float:
    value = float(text)
    assert math.isfinite(value) and value > 0, text
    assert len(re.sub(r"[^0-9]", "", text).lstrip("0")) <= 12, f"more than 12 significant digits: {text}"
    return value


# ---------------------------------------------------------------- shape


@pytest.mark.parametrize("name", ["gpu_hour_prices.csv", "throughput.csv", "token_rates.csv"])
def test_each_table_explains_itself_in_comment_lines(name: str) -> None:
    comments, _, _ = read(name)
    assert len(comments) >= 3
    assert any("INFRA_SOURCES.md" in line for line in comments)


def test_gpu_hour_prices_shape() -> None:
    _, header, rows = read("gpu_hour_prices.csv")
    check_common("gpu_hour_prices.csv", header, GPU_HEADER, rows)
    for row in rows:
        assert row["basis"] in BASES, row["id"]
        assert row["kind"] in PRICE_KINDS, row["id"]
        low = positive(row["usd_per_gpu_hour_low"])
        high = positive(row["usd_per_gpu_hour_high"])
        assert low <= high, row["id"]
        assert high < 100, row["id"]  # dollars per GPU-hour, not per instance
        if row["as_of"].endswith("-01") and row["kind"] != "derived":
            assert "first of the month" in row["notes"], row["id"]
        if row["kind"] == "derived":
            assert re.search(r"[/x]", row["notes"]), f"{row['id']}: a derived row says its arithmetic"
    assert {row["basis"] for row in rows} == BASES, "every basis has at least one row"


def test_throughput_shape() -> None:
    _, header, rows = read("throughput.csv")
    check_common("throughput.csv", header, THROUGHPUT_HEADER, rows)
    for row in rows:
        assert row["kind"] in THROUGHPUT_KINDS, row["id"]
        positive(row["output_tokens_per_second_per_gpu"])
        positive(row["tokens_per_second_per_user"])
        if row["input_tokens_per_second_per_gpu"]:
            positive(row["input_tokens_per_second_per_gpu"])
        else:
            assert "not published" in row["notes"], f"{row['id']}: an empty input rate says why"


def test_token_rates_shape() -> None:
    _, header, rows = read("token_rates.csv")
    check_common("token_rates.csv", header, RATES_HEADER, rows)
    for row in rows:
        assert row["modality"] in MODALITIES, row["id"]
        assert row["unit"] in UNITS, row["id"]
        assert row["provider"] in {"openai", "anthropic", "google"}, row["id"]
        assert row["condition"].strip(), row["id"]
        positive(row["tokens_per_unit"])
        if row["notes"].startswith("derived"):
            assert "formula" in row["notes"], row["id"]
    assert {row["modality"] for row in rows} == MODALITIES


# ---------------------------------------------------------------- figures checked by hand


def test_seed_fleet_is_c9_over_five_years_of_full_use() -> None:
    _, _, rows = read("gpu_hour_prices.csv")
    seed = [row for row in rows if row["basis"] == "seed-ownership"]
    assert len(seed) == 1
    # 8,600,000 / (100 x 5 x 8,766) = 1.96212639744...
    expected = 8_600_000 / (100 * 5 * HOURS_PER_YEAR)
    assert expected == pytest.approx(1.9621263974, abs=1e-9)
    assert float(seed[0]["usd_per_gpu_hour_low"]) == pytest.approx(expected, rel=1e-11)
    assert float(seed[0]["usd_per_gpu_hour_high"]) == pytest.approx(expected, rel=1e-11)
    assert seed[0]["kind"] == "derived"
    # The contract's worked numbers: $2.8030 per paid hour at 70% and a GPU share of 34.9%.
    assert round(expected / 0.7, 4) == 2.8030
    assert round(3_000_000 / 8_600_000 * 100, 1) == 34.9


def test_semianalysis_surveys_cover_the_four_gpus_and_three_bases_on_both_dates() -> None:
    _, _, rows = read("gpu_hour_prices.csv")
    survey = [row for row in rows if row["id"].startswith("semianalysis-")]
    for as_of in ("2025-08-01", "2026-07-01"):
        for gpu in ("H100", "H200", "B200", "GB200 NVL72"):
            bases = {row["basis"] for row in survey if row["as_of"] == as_of and row["gpu"] == gpu}
            assert bases == {"hyperscaler-owned", "neocloud-owned", "rental-3yr"}, (as_of, gpu)
    rows_by_id = by_id(rows)
    # Spot checks against the published dashboard constants (INFRA_SOURCES.md).
    assert rows_by_id["semianalysis-2025-08-h100-neocloud-owned"]["usd_per_gpu_hour_low"] == "1.69"
    assert rows_by_id["semianalysis-2026-07-gb200-rental-3yr"]["usd_per_gpu_hour_low"] == "2.6"


def test_cheapest_h100_on_demand_range_of_may_2026() -> None:
    _, _, rows = read("gpu_hour_prices.csv")
    row = by_id(rows)["mercatus-2026-05-h100-long-tail"]
    assert (row["usd_per_gpu_hour_low"], row["usd_per_gpu_hour_high"]) == ("1.99", "2.5")
    assert row["basis"] == "on-demand"


def test_deepseek_per_gpu_rates_are_the_per_node_figures_over_eight() -> None:
    _, _, rows = read("throughput.csv")
    row = by_id(rows)["deepseek-v3-r1-h800-production-2025-02"]
    per_node_input, per_node_output = 73_700, 14_800  # "~73.7k ... input", "~14.8k ... output" per H800 node
    assert "73.7k" in row["notes"] and "14.8k" in row["notes"]
    assert float(row["output_tokens_per_second_per_gpu"]) == per_node_output / 8 == 1850
    assert float(row["input_tokens_per_second_per_gpu"]) == per_node_input / 8 == 9212.5
    assert float(row["tokens_per_second_per_user"]) == 20  # published as 20-22
    assert row["gpu"] == "H800"
    assert "self-reported" in row["notes"]


def test_lambda_rows_are_server_throughput_over_gpu_count() -> None:
    _, _, rows = read("throughput.csv")
    published = {1: (418.92, 35.84), 2: (1727.69, 49.33), 4: (2242.99, 38.26), 8: (2572.8, 33.71)}
    rows_by_id = by_id(rows)
    for gpus, (server_tps, latency_ms) in published.items():
        row = rows_by_id[f"lambda-vllm054-llama31-70b-fp8-{gpus}xh100"]
        assert float(row["output_tokens_per_second_per_gpu"]) == pytest.approx(server_tps / gpus)
        assert float(row["tokens_per_second_per_user"]) == pytest.approx(1000 / latency_ms)
        assert row["input_tokens_per_second_per_gpu"] == ""


def test_openai_realtime_audio_rates() -> None:
    _, _, rows = read("token_rates.csv")
    rows_by_id = by_id(rows)
    user = rows_by_id["openai-realtime-user-audio"]
    assistant = rows_by_id["openai-realtime-assistant-audio"]
    assert (user["modality"], user["unit"], float(user["tokens_per_unit"])) == ("audio_input", "second", 10)
    assert (assistant["modality"], assistant["unit"], float(assistant["tokens_per_unit"])) == (
        "audio_output",
        "second",
        20,
    )
    assert float(user["tokens_per_unit"]) * 60 == 600  # 1 token per 100 ms
    assert float(assistant["tokens_per_unit"]) * 60 == 1200  # 1 token per 50 ms


def test_gemini_audio_is_32_tokens_a_second() -> None:
    _, _, rows = read("token_rates.csv")
    row = by_id(rows)["google-gemini-api-audio-input"]
    assert float(row["tokens_per_unit"]) * 60 == 1920


def test_formula_rows_follow_their_formulas() -> None:
    _, _, rows = read("token_rates.csv")
    rows_by_id = by_id(rows)
    # OpenAI GPT-4o class, detail high: 85 + 170 per 512 px tile.
    assert float(rows_by_id["openai-gpt4o-image-high-1024x1024"]["tokens_per_unit"]) == 85 + 170 * 4
    assert float(rows_by_id["openai-gpt4o-image-high-1920x1080"]["tokens_per_unit"]) == 85 + 170 * 6
    assert float(rows_by_id["openai-gpt4o-image-low-detail"]["tokens_per_unit"]) == 85
    # Anthropic: width x height / 750, rounded up as in the docs' table.
    for w, h, docs in ((200, 200, 54), (1000, 1000, 1334), (1092, 1092, 1590)):
        assert math.ceil(w * h / 750) == docs
        assert float(rows_by_id[f"anthropic-image-{w}x{h}"]["tokens_per_unit"]) == docs
    # Gemini 2.x: 258 per 768 px tile.
    for w, h in ((1024, 1024), (1920, 1080)):
        tiles = math.ceil(w / 768) * math.ceil(h / 768)
        assert float(rows_by_id[f"google-gemini-image-{w}x{h}"]["tokens_per_unit"]) == 258 * tiles


def test_gpt_image_1_output_tokens_by_size_and_quality() -> None:
    _, _, rows = read("token_rates.csv")
    rows_by_id = by_id(rows)
    published = {
        "low": (272, 408, 400),
        "medium": (1056, 1584, 1568),
        "high": (4160, 6240, 6208),
    }
    for quality, counts in published.items():
        for size, tokens in zip(("1024x1024", "1024x1536", "1536x1024"), counts, strict=True):
            row = rows_by_id[f"openai-gpt-image-1-{quality}-{size}"]
            assert row["modality"] == "image_output"
            assert float(row["tokens_per_unit"]) == tokens


def test_sources_note_names_the_epoch_trend_behind_gpu_price_performance() -> None:
    text = (RESOURCES / "INFRA_SOURCES.md").read_text(encoding="utf-8")
    assert "Trends in GPU price-performance" in text
    assert "2.07 years" in text
    factor = 2 ** (1 / 2.07)
    assert round(factor, 3) == 1.398  # the contract's factor per year
    assert "Not sourced" in text
