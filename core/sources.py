"""Where every built-in number comes from: the tables of the About dialog (Help > About and sources).

One :class:`SourceTable` per kind of built-in figure, each row with its source and date: the current prices
(the genai-prices data in use, its date and age, and the pricing pages behind a pitch's models), the decline
scenarios, the price history, the capability table and the release dates, the providers' caching launches, the
self-hosting figures (GPU-hour prices, throughput, and the deployment presets made of them) and the token rates
of audio and images, and the block templates. Nothing here computes a price: each table lists its resource
file's rows as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from core import capability
from core.explain import PRICE_WORDS, money, number
from core.formatting import format_money, format_percent
from core.history import HISTORY_VERSION, SOURCE_NAMES, caching_launches, price_history
from core.presets import deployment_presets, gpu_hour_figures, throughputs
from core.price_data import STALE_AFTER_DAYS, PriceDataInfo, genai_prices_version, price_data_info
from core.resources import read_csv_rows
from core.scenarios import builtin_scenarios
from core.templates import TEMPLATES
from core.token_rates import token_rates


@dataclass(frozen=True)
class SourceTable:
    """A titled table of the About dialog: column headers, rows of text, and a note under it."""

    title: str
    intro: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def _provider_pricing_urls(provider_id: str) -> tuple[str, tuple[str, ...]]:
    """(provider name, pricing pages) as genai-prices records them; ("", ()) for an unknown provider."""
    from genai_prices import data_snapshot  # already loaded by the catalog when a pitch was priced

    provider: Any
    for provider in data_snapshot.get_snapshot().providers:
        if provider.id == provider_id:
            return str(provider.name), tuple(str(u) for u in (provider.pricing_urls or ()))
    return "", ()


def price_data_age(info: PriceDataInfo, today: date) -> str:
    """``data of 2026-11-09, 24 days old`` and, past 90 days, that prices after it are not known."""
    days = (today - info.data_date).days
    text = f"data of {info.data_date.isoformat()}, {days:,} day{'s' * (abs(days) != 1)} old"
    if days > STALE_AFTER_DAYS:
        text += (
            f": more than {STALE_AFTER_DAYS} days old, prices after {info.data_date.isoformat()} are not known "
            "(Prices > Update from file… installs newer data)"
        )
    return text


def pitch_prices_table(ev: Any) -> SourceTable:
    """The prices each block of an evaluated pitch uses, with where each comes from."""
    rows = tuple(
        (
            r.name,
            r.price.model_id or "explicit prices",
            *(money(getattr(r.price.base, key)) for key, _ in PRICE_WORDS),
            "yes" if r.price.tiers else "",
            r.price.source,
        )
        for r in ev.blocks
    )
    return SourceTable(
        f"Prices this pitch uses (as of {ev.as_of.isoformat()})",
        "USD per million tokens, after the block's own price fields and the catalog are combined "
        "(contract section 1).",
        ("block", "model", "input", "output", "cached input", "cache write", "reasoning", "tiers", "source"),
        rows,
    )


def catalog_table(model_ids: Sequence[str | None], today: date | None = None) -> SourceTable:
    """The price data in use (bundled or installed, its date and age) and the pricing pages of the providers
    the given catalog ids belong to."""
    info = price_data_info()
    providers: list[str] = []
    for model_id in model_ids:
        if model_id:
            provider = model_id.partition(":")[0]
            if provider not in providers:
                providers.append(provider)
    rows: list[tuple[str, ...]] = []
    for provider_id in providers:
        name, urls = _provider_pricing_urls(provider_id)
        users = ", ".join(m for m in dict.fromkeys(model_ids) if m and m.partition(":")[0] == provider_id)
        rows.append((name or provider_id, users, "\n".join(urls) or "(genai-prices records no pricing page)"))
    if info.updated:
        data = (
            f"a genai-prices data file installed on {info.installed_on.isoformat() if info.installed_on else '?'} "
            f"({info.source_name}), read by {info.catalog}"
        )
    else:
        data = f"the data bundled with the genai-prices package ({genai_prices_version()}, pinned)"
    return SourceTable(
        f"Current prices: {info.version}",
        f"Current prices come from {data}: {price_data_age(info, today or date.today())}. Nothing is fetched "
        "over the network. Prices are asked at 12:00 UTC on the pitch's date, standard tier (no batch, no "
        "priority, outside any off-peak discount). genai-prices takes its prices from the providers' "
        "published pricing pages; the pages behind this pitch's models are listed here.",
        ("provider", "models in this pitch", "pricing pages (as recorded by genai-prices)"),
        tuple(rows),
    )


def scenario_table() -> SourceTable:
    """The built-in decline scenarios with their factors and sources (contract section 4)."""
    rows = tuple(
        (
            sid,
            s.name,
            number(s.annual_decline_low, 6),
            number(s.annual_decline_central, 6),
            number(s.annual_decline_high, 6),
            f"{s.months_per_10x_fast:.1f}-{s.months_per_10x_slow:.1f}"
            if abs(s.months_per_10x_fast - s.months_per_10x_slow) >= 0.05
            else f"{s.months_per_10x_fast:.1f}",
            s.source,
            s.notes,
        )
        for sid, s in builtin_scenarios().items()
    )
    return SourceTable(
        "Decline scenarios",
        "How fast the price of a fixed level of capability falls, as a factor per year (k: a year later the "
        "price is 1/k of today's). From resources/decline_rates.csv, a copy of the project's sourced data. "
        "seed-rule uses the exact factors 10^(12/24) and 10^(12/18); epoch-gpt4-mmlu's bounds are a "
        "published 90% interval, used as hard bounds (a simplification).",
        ("id", "scenario", "slow k", "central k", "fast k", "months per 10x", "source", "notes"),
        rows,
    )


def history_table() -> SourceTable:
    """Every row of the bundled price history, its sources spelled out."""
    rows = tuple(
        (
            r.model,
            r.provider,
            r.catalog_id or "",
            r.price_date.isoformat(),
            money(r.input_per_mtok),
            money(r.output_per_mtok),
            money(r.cached_input_per_mtok) if r.cached_input_per_mtok is not None else "",
            "; ".join(SOURCE_NAMES.get(s, s) for s in r.sources),
            r.notes,
        )
        for r in price_history()
    )
    return SourceTable(
        f"Price history ({HISTORY_VERSION})",
        "Observed list prices on known dates, USD per million tokens (resources/price_history.csv). Where a "
        "model has rows and the pitch's date is before its last row, the latest row on or before the date "
        "applies; from the last row's date on, genai-prices applies.",
        ("model", "provider", "catalog id", "date", "input", "output", "cached input", "sources", "notes"),
        rows,
    )


def capability_sources_table() -> SourceTable:
    """Every benchmark score of the capability table, with the model's release date and the score's source."""
    rows = tuple(
        (
            s.model,
            s.model_id,
            capability.benchmark_name(s.benchmark),
            f"{s.score:g}",
            s.release_date.isoformat(),
            s.source,
        )
        for s in capability.capability_table()
    )
    return SourceTable(
        "Capability scores (resources/capability.csv)",
        "One row per (model, benchmark): a published score in percent points, the first day the model could be "
        "called, and where the score comes from (resources/CAPABILITY_SOURCES.md spells out each source). A "
        "block's requirement, replay's substitutes and Compare fairly read them.",
        ("model", "catalog id", "benchmark", "score", "released", "source"),
        rows,
    )


def release_dates_table() -> SourceTable:
    """Every model's release date (a model is never priced before it) and its source."""
    rows = tuple(
        (r["catalog_id"], r["model"], r["release_date"], r["source"], r.get("notes", "") or "")
        for r in read_csv_rows("release_dates.csv")
    )
    caching = tuple(
        (f"{c.provider} (prompt caching)", "", c.caching_from.isoformat(), c.source, "before it, cached input "
         "is billed as input (resources/caching_launch.csv)")
        for c in caching_launches().values()
    )  # fmt: skip
    return SourceTable(
        "Release dates (resources/release_dates.csv)",
        "The first day each model could be called through an API: a model is never priced before it (contract "
        "6.3). The last rows are the day each provider's prompt-caching discount began.",
        ("catalog id", "model", "released", "source", "notes"),
        rows + caching,
    )


def self_hosting_table() -> SourceTable:
    """The published GPU-hour prices and throughputs self-hosted deployments are made of, and the presets."""
    hours = tuple(
        (
            f"GPU-hour: {r.id}",
            r.gpu,
            f"{format_money(r.usd_per_gpu_hour_low)}-{format_money(r.usd_per_gpu_hour_high)} a GPU-hour"
            if r.usd_per_gpu_hour_low != r.usd_per_gpu_hour_high
            else f"{format_money(r.usd_per_gpu_hour_low)} a GPU-hour",
            f"{r.basis}; {r.kind}",
            r.as_of.isoformat(),
            r.source,
            r.notes,
        )
        for r in gpu_hour_figures()
    )
    speeds = tuple(
        (
            f"throughput: {t.id}",
            t.gpu,
            f"{number(t.input_tokens_per_second_per_gpu) if t.input_tokens_per_second_per_gpu else '—'} in / "
            f"{number(t.output_tokens_per_second_per_gpu)} out tokens a second per GPU ({t.model})",
            t.kind,
            t.as_of.isoformat(),
            t.source,
            t.notes,
        )
        for t in throughputs()
    )
    presets = tuple(
        (
            f"preset: {p.key}",
            p.gpu,
            f"{format_money(p.gpu_hour_usd)} a GPU-hour at {format_percent(p.utilisation)} use",
            p.basis,
            p.date.isoformat(),
            p.source,
            "",
        )
        for p in deployment_presets()
    )
    return SourceTable(
        "Self-hosting: GPU-hours, throughput, presets",
        "Published GPU-hour prices and costs (resources/gpu_hour_prices.csv), measured throughput per GPU "
        "(resources/throughput.csv; a vendor's figure is marked vendor-claim) and the deployment presets made "
        "of them (copied into a pitch when used; utilisation is an assumption). resources/INFRA_SOURCES.md "
        "spells out each source.",
        ("figure", "GPU", "value", "basis / kind", "as of", "source", "notes"),
        hours + speeds + presets,
    )


def token_rates_table() -> SourceTable:
    """How many tokens a second of speech or an image counts as, with each rate's source."""
    rows = tuple(
        (
            r.id,
            r.provider,
            r.modality.replace("_", " "),
            f"{number(r.tokens_per_unit)} tokens a {r.unit}",
            r.condition,
            r.as_of.isoformat(),
            r.source,
            r.notes,
        )
        for r in token_rates()
    )
    return SourceTable(
        "Token rates of audio and images (resources/token_rates.csv)",
        "What turns minutes of speech and images into the modality token fields (contract 6.1).",
        ("id", "provider", "modality", "rate", "condition", "as of", "source", "notes"),
        rows,
    )


def templates_table() -> SourceTable:
    """The block library's templates and where each default comes from."""
    return SourceTable(
        "Block templates",
        "Each template of the block library is a starting point; its basis says where its defaults come "
        "from (core/templates.py).",
        ("template", "what it is", "where the defaults come from"),
        tuple((t.title, t.summary, t.basis) for t in TEMPLATES),
    )


def sources(model_ids: Sequence[str | None] = (), today: date | None = None) -> tuple[SourceTable, ...]:
    """Every built-in number with its source and date, for the About dialog (the current prices first)."""
    return (
        catalog_table(model_ids, today),
        scenario_table(),
        history_table(),
        capability_sources_table(),
        release_dates_table(),
        self_hosting_table(),
        token_rates_table(),
        templates_table(),
    )
