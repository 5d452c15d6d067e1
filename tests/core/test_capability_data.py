"""The capability table and release dates (contract section 6.3) are well-formed, sourced, and agree with the history.

Expected values below were read off the sources by hand (see resources/CAPABILITY_SOURCES.md), not computed from the
files under test.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

from core.catalog import default_catalog

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
CAPABILITY_HEADER = [
    "catalog_id",
    "model",
    "benchmark",
    "score",
    "release_date",
    "release_source",
    "score_source",
    "notes",
]
RELEASE_HEADER = ["catalog_id", "model", "release_date", "source", "notes"]
BENCHMARKS = {"mmlu", "gpqa_diamond", "swe_bench_verified"}
EARLIEST = date(2020, 1, 1)
TODAY = date(2026, 12, 3)

# Price-history rows dated before the model's API release: data errors in the history, reported rather than hidden.
# Each entry: catalog_id -> (first history price_date, our release date). Remove an entry once the history is fixed.
KNOWN_HISTORY_CONFLICTS = {
    # The history dates Claude 3 Haiku with the family's announcement; its API opened on 2024-03-13.
    "anthropic:claude-3-haiku": (date(2024, 3, 4), date(2024, 3, 13)),
    # Claude 3.5 Haiku was announced on 2024-10-22 and reached the API on 2024-11-04.
    "anthropic:claude-3-5-haiku-latest": (date(2024, 10, 22), date(2024, 11, 4)),
}


def read_rows(name: str) -> tuple[list[str], list[dict[str, str]]]:
    lines = [
        line
        for line in (RESOURCES / name).read_text(encoding="utf-8").splitlines()
        if not line.startswith("#")
    ]
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


@pytest.fixture(scope="module")
def capability() -> list[dict[str, str]]:
    header, rows = read_rows("capability.csv")
    assert header == CAPABILITY_HEADER
    return rows


@pytest.fixture(scope="module")
def releases() -> list[dict[str, str]]:
    header, rows = read_rows("release_dates.csv")
    assert header == RELEASE_HEADER
    return rows


@pytest.fixture(scope="module")
def release_of(releases: list[dict[str, str]]) -> dict[str, date]:
    return {r["catalog_id"]: date.fromisoformat(r["release_date"]) for r in releases}


def score(capability: list[dict[str, str]], catalog_id: str, benchmark: str) -> float:
    [row] = [r for r in capability if r["catalog_id"] == catalog_id and r["benchmark"] == benchmark]
    return float(row["score"])


def capable_on(
    capability: list[dict[str, str]], release_of: dict[str, date], benchmark: str, min_score: float, on: date
) -> set[str]:
    return {
        r["catalog_id"]
        for r in capability
        if r["benchmark"] == benchmark
        and float(r["score"]) >= min_score
        and release_of[r["catalog_id"]] <= on
    }


def test_files_start_with_comments_that_explain_the_source_keys() -> None:
    for name in ("capability.csv", "release_dates.csv"):
        head = (RESOURCES / name).read_text(encoding="utf-8").split("\ncatalog_id,", 1)[0]
        for key in ("EPOCH-MV", "EPOCH-HUB", "SIMPLE-EVALS", "SWEB-BASH", "MODELS-DEV", "EOL", "WEB"):
            assert key in head, (name, key)


def test_capability_rows_are_well_formed(capability: list[dict[str, str]]) -> None:
    assert len(capability) >= 100
    seen = set()
    for r in capability:
        assert r["catalog_id"].count(":") >= 1 and r["model"], r
        assert r["benchmark"] in BENCHMARKS, r
        assert 0 <= float(r["score"]) <= 100, r
        assert EARLIEST <= date.fromisoformat(r["release_date"]) <= TODAY, r
        assert r["release_source"] and r["score_source"], r
        # The reader must be told whether a figure is the developer's or an independent evaluation.
        assert "vendor-reported" in r["score_source"] or "independent evaluation" in r["score_source"], r
        key = (r["catalog_id"], r["benchmark"])
        assert key not in seen, key
        seen.add(key)
    assert {r["benchmark"] for r in capability} == BENCHMARKS


def test_release_rows_are_well_formed(releases: list[dict[str, str]]) -> None:
    assert len(releases) >= 100
    ids = [r["catalog_id"] for r in releases]
    assert len(ids) == len(set(ids)), "one release date per catalog id"
    for r in releases:
        assert r["model"] and r["source"], r
        assert EARLIEST <= date.fromisoformat(r["release_date"]) <= TODAY, r


def test_one_release_date_per_model_and_the_same_in_both_files(
    capability: list[dict[str, str]], release_of: dict[str, date]
) -> None:
    dates: dict[str, set[str]] = defaultdict(set)
    for r in capability:
        dates[r["catalog_id"]].add(r["release_date"])
    for catalog_id, found in dates.items():
        assert len(found) == 1, (catalog_id, found)
        assert catalog_id in release_of, catalog_id
        assert date.fromisoformat(found.pop()) == release_of[catalog_id], catalog_id


def test_every_catalog_id_resolves_as_spelled() -> None:
    catalog = default_catalog()
    for name in ("capability.csv", "release_dates.csv"):
        for r in read_rows(name)[1]:
            assert catalog.canonical_id(r["catalog_id"]) == r["catalog_id"], (name, r["catalog_id"])


def test_price_history_models_are_released_before_their_first_price(release_of: dict[str, date]) -> None:
    first_price: dict[str, date] = {}
    for r in read_rows("price_history.csv")[1]:
        if r["catalog_id"]:
            day = date.fromisoformat(r["price_date"])
            first_price[r["catalog_id"]] = min(day, first_price.get(r["catalog_id"], day))
    assert first_price, "the bundled history has catalog ids"
    conflicts = {}
    for catalog_id, first in first_price.items():
        assert catalog_id in release_of, f"no release date for history model {catalog_id}"
        if release_of[catalog_id] > first:
            conflicts[catalog_id] = (first, release_of[catalog_id])
    # A new conflict is a data error to report; a listed one that disappeared means the history was fixed.
    assert conflicts == KNOWN_HISTORY_CONFLICTS


def test_hand_checked_values(capability: list[dict[str, str]], release_of: dict[str, date]) -> None:
    # GPT-4 Technical Report, 5-shot; released to the API (waitlist) with the launch post.
    assert score(capability, "openai:gpt-4", "mmlu") == 86.4
    assert release_of["openai:gpt-4"] == date(2023, 3, 14)
    # OpenAI simple-evals, gpt-4o-mini-2024-07-18.
    assert score(capability, "openai:gpt-4o-mini", "mmlu") == 82.0
    assert release_of["openai:gpt-4o-mini"] == date(2024, 7, 18)
    # DeepSeek-V3 README, chat model; Epoch Hub run of DeepSeek-V3 (0.565).
    assert score(capability, "deepseek:deepseek-chat", "mmlu") == 88.5
    assert score(capability, "deepseek:deepseek-chat", "gpqa_diamond") == 56.5
    # Epoch Hub o1 at medium effort (0.758), the price history's own figure.
    assert score(capability, "openai:o1", "gpqa_diamond") == 75.8
    # Meta's Llama 3.1 model card, 405B Instruct, MMLU 5-shot.
    assert score(capability, "together:meta-llama/Meta-Llama-3.1-405B-Instruct-Turbo", "mmlu") == 87.3
    # SWE-bench bash-only leaderboard, Claude 4.5 Sonnet.
    assert score(capability, "anthropic:claude-sonnet-4-5", "swe_bench_verified") == 70.6
    assert release_of["anthropic:claude-sonnet-4-6"] == date(2026, 2, 17)
    assert release_of["anthropic:claude-3-haiku"] == date(2024, 3, 13)


def test_hand_checked_rows_of_the_example_models(capability: list[dict[str, str]]) -> None:
    """The models the shipped examples and the template use, read off their sources by hand."""
    # SWE-bench bash-only leaderboard (f1176b6), run 20250726_mini-v1.0.0_gemini-2.5-flash, tagged
    # "Model: gemini-2.5-flash": 28.73 resolved
    assert score(capability, "google:gemini-2.5-flash", "swe_bench_verified") == 28.73
    # Google's figures as compiled by LLM Stats (llm-leaderboard 24a9ccf, benchmarks.json "gpqa": 0.828 / 0.646
    # / 0.515, "swe-bench-verified" of 2.5 Flash-Lite: 0.316)
    assert score(capability, "google:gemini-2.5-flash", "gpqa_diamond") == 82.8
    assert score(capability, "google:gemini-2.5-flash-lite", "gpqa_diamond") == 64.6
    assert score(capability, "google:gemini-2.5-flash-lite", "swe_bench_verified") == 31.6
    assert score(capability, "google:gemini-2.0-flash-lite", "gpqa_diamond") == 51.5
    # Anthropic's Claude Sonnet 4.6 system card (as summarised at modelcards.net/documents/8)
    assert score(capability, "anthropic:claude-sonnet-4-6", "gpqa_diamond") == 89.9
    assert score(capability, "anthropic:claude-sonnet-4-6", "swe_bench_verified") == 79.6
    # a vendor figure says so where no independent evaluation exists
    vendor = {
        (r["catalog_id"], r["benchmark"])
        for r in capability
        if "vendor-reported" in r["score_source"]
        and r["catalog_id"] in {"google:gemini-2.5-flash", "anthropic:claude-sonnet-4-6"}
    }
    assert vendor == {
        ("google:gemini-2.5-flash", "gpqa_diamond"),
        ("anthropic:claude-sonnet-4-6", "gpqa_diamond"),
        ("anthropic:claude-sonnet-4-6", "swe_bench_verified"),
    }


def test_every_text_model_of_the_examples_and_the_template_has_a_score(
    capability: list[dict[str, str]],
) -> None:
    """Each catalog model a shipped example or the template names has at least one score, except the image and
    realtime-audio models (no MMLU, GPQA or SWE-bench figure exists for them)."""
    import json

    from core.templates import DEFAULT_MODEL, FRONTIER_MODEL

    used = {DEFAULT_MODEL, FRONTIER_MODEL}
    for path in (RESOURCES / "examples").glob("*.pitch.json"):
        used |= {b["model"] for b in json.loads(path.read_text(encoding="utf-8"))["blocks"] if b.get("model")}
    scored = {r["catalog_id"] for r in capability}
    assert used - scored == {"openai:gpt-image-1", "openai:gpt-realtime-mini"}


def test_mmlu_86_on_2023_06_01_is_gpt4_alone(
    capability: list[dict[str, str]], release_of: dict[str, date]
) -> None:
    assert capable_on(capability, release_of, "mmlu", 86, date(2023, 6, 1)) == {"openai:gpt-4"}


def test_mmlu_86_on_2026_01_01_has_many_cheaper_models(
    capability: list[dict[str, str]], release_of: dict[str, date]
) -> None:
    capable = capable_on(capability, release_of, "mmlu", 86, date(2026, 1, 1))
    assert {
        "openai:gpt-4",
        "google:gemini-2.0-flash",
        "deepseek:deepseek-chat",
        "openai:gpt-4.1-mini",
        "openai:o4-mini",
        "together:meta-llama/Llama-3.3-70B-Instruct-Turbo",
    } <= capable
    assert "openai:gpt-4o-mini" not in capable  # 82.0
    assert len(capable) >= 15
