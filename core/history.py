"""The bundled, dated price history (``resources/price_history.csv``) and the day each provider's prompt
caching began (``resources/caching_launch.csv``).

genai-prices knows today's prices and some dated changes, but not when a model was released: asked
about 2021 it would happily price a 2026 model. The history gives observed list prices on known
dates, each with its sources, so a pitch dated in the past is priced as it would have been then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from core.resources import read_csv_rows

# The date of the bundled history's newest row (a test keeps it so): the label says how new its prices are,
# not when the file was compiled (the corrected import of 2026-12 ends with Claude Sonnet 4.6's 2026-02-17 row).
HISTORY_VERSION = "2026-02-17"

SOURCE_NAMES = {
    "LC": "LiteLLM price table (tokencost's copy)",
    "E": "Epoch AI llm-benchmark-efficiency data",
    "LP": "simonw/llm-prices",
    "GP": "pydantic/genai-prices",
    "A16Z": "a16z 'LLMflation' (2024-11-12)",
    "NG": "Andrew Ng (blended GPT-4 price, 17 months)",
}


@dataclass(frozen=True)
class HistoryRow:
    """One observed list price of one model on one date (USD per million tokens)."""

    model: str
    provider: str
    catalog_id: str | None
    price_date: date
    input_per_mtok: float
    output_per_mtok: float
    cached_input_per_mtok: float | None
    score_kind: str | None
    score: float | None
    sources: tuple[str, ...]
    notes: str

    @property
    def source_text(self) -> str:
        """The row's sources spelled out."""
        names = ", ".join(SOURCE_NAMES.get(s, s) for s in self.sources)
        return f"price history {self.price_date.isoformat()} ({names})"

    @property
    def blended_3_to_1(self) -> float:
        """Epoch AI's convention: three input tokens for every output token."""
        return (3 * self.input_per_mtok + self.output_per_mtok) / 4


def _opt_float(text: str) -> float | None:
    return float(text) if text.strip() else None


@cache
def price_history() -> tuple[HistoryRow, ...]:
    """All rows, sorted by date."""
    rows = []
    for r in read_csv_rows("price_history.csv"):
        rows.append(
            HistoryRow(
                model=r["model"],
                provider=r["provider"],
                catalog_id=r["catalog_id"] or None,
                price_date=date.fromisoformat(r["price_date"]),
                input_per_mtok=float(r["input_per_mtok"]),
                output_per_mtok=float(r["output_per_mtok"]),
                cached_input_per_mtok=_opt_float(r["cached_input_per_mtok"]),
                score_kind=r["score_kind"] or None,
                score=_opt_float(r["score"]),
                sources=tuple(s for s in r["sources"].split(";") if s),
                notes=r["notes"],
            )
        )
    return tuple(sorted(rows, key=lambda row: row.price_date))


@cache
def history_by_catalog_id() -> dict[str, tuple[HistoryRow, ...]]:
    """Rows grouped by genai-prices id, each group sorted by date."""
    out: dict[str, list[HistoryRow]] = {}
    for row in price_history():
        if row.catalog_id:
            out.setdefault(row.catalog_id, []).append(row)
    return {key: tuple(rows) for key, rows in out.items()}


def history_date() -> date:
    """The date of the history's newest row (``price_data.history_date`` in ``evaluate --json``)."""
    return max(row.price_date for row in price_history())


@dataclass(frozen=True)
class CachingLaunch:
    """The day a provider's prompt-caching discount became available, with its source."""

    provider: str  # the catalog's provider id (``anthropic``)
    caching_from: date
    source: str


@cache
def caching_launches() -> dict[str, CachingLaunch]:
    """Provider id -> its caching launch (``resources/caching_launch.csv``)."""
    return {
        r["provider"]: CachingLaunch(r["provider"], date.fromisoformat(r["caching_from"]), r["source"])
        for r in read_csv_rows("caching_launch.csv")
    }
