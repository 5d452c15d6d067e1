"""The price catalog: what a model cost on a given day, and where that number comes from.

Two sources, one rule (contract section 1):

* ``genai-prices`` (pinned, bundled data, never updated over the network) gives current prices and the
  dated changes it knows, asked at 12:00 UTC on the pitch's date, standard tier. Noon matters: at
  midnight UTC DeepSeek's off-peak window applies and halves the price.
* The bundled price history (``core.history``) gives observed prices on known dates. Where it has rows
  for a catalog id and the date is before its last row, the latest row on or before the date applies;
  a date before its first row is an error naming both dates.

genai-prices is imported lazily (about 0.1-0.25 s to build its 2,330 models): nothing on a window's
start-up path calls into it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from functools import cache
from typing import Any

from core.errors import PitchError
from core.history import HISTORY_VERSION, HistoryRow, history_by_catalog_id
from core.pitch import PRICE_FIELDS, FeatureBlock, PriceSpec
from core.prices import ResolvedPrice, with_defaults

# genai-prices price keys -> our field names (docs/contract.md 1 and 6.1). A modality price the model
# lacks follows the text price of the same direction (core.prices.with_defaults), as genai-prices bills it.
_GENAI_FIELDS = {
    "input_mtok": "input_per_mtok",
    "output_mtok": "output_per_mtok",
    "cache_read_mtok": "cached_input_per_mtok",
    "cache_write_mtok": "cache_write_per_mtok",
    "output_reasoning_mtok": "reasoning_per_mtok",
    "input_audio_mtok": "audio_input_per_mtok",
    "output_audio_mtok": "audio_output_per_mtok",
    "input_image_mtok": "image_input_per_mtok",
    "output_image_mtok": "image_output_per_mtok",
}

PRICE_WARNING_TOLERANCE = 0.10  # contract: an explicit price more than 10% from the catalog's is flagged


@cache
def genai_prices_version() -> str:
    """The installed genai-prices version (read from package metadata, without importing it)."""
    from importlib.metadata import version  # ~20 ms: kept off the window's start-up path

    return version("genai-prices")


def catalog_version() -> str:
    """The data version shown everywhere prices are: ``genai-prices 0.2.3 + history 2026-11``."""
    return f"genai-prices {genai_prices_version()} + history {HISTORY_VERSION}"


@dataclass(frozen=True)
class CatalogPrice:
    """What the catalog says a model costs on a date: the fields it knows, with their source."""

    model_id: str
    name: str
    fields: dict[str, float]
    tiers: tuple[tuple[float, dict[str, float]], ...] = ()
    source: str = ""
    history_row: HistoryRow | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CatalogEntry:
    """One line of ``computecurve catalog``."""

    model_id: str
    name: str
    price: CatalogPrice | None
    error: str = ""


def _noon_utc(day: date) -> datetime:
    return datetime.combine(day, time(12, 0), tzinfo=UTC)


class PriceCatalog:
    """Resolves model ids to prices at a date. Thread-safe; genai-prices is loaded on first use."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._index: dict[str, tuple[Any, Any]] | None = None
        self._providers: list[Any] | None = None
        self._lookup_cache: dict[str, tuple[Any, Any] | None] = {}
        self._price_cache: dict[tuple[str, date], CatalogPrice] = {}

    @property
    def version(self) -> str:
        return catalog_version()

    # -- genai-prices ---------------------------------------------------------------------------
    def _load(self) -> dict[str, tuple[Any, Any]]:
        with self._lock:
            if self._index is None:
                from genai_prices import data_snapshot  # deliberately lazy: ~0.1-0.25 s

                providers = data_snapshot.get_snapshot().providers
                index: dict[str, tuple[Any, Any]] = {}
                for provider in providers:
                    for model in provider.models:
                        index.setdefault(f"{provider.id}:{model.id}", (provider, model))
                self._providers = providers
                self._index = index
            return self._index

    def is_loaded(self) -> bool:
        """True once genai-prices has been imported (the desktop warms it up after first paint)."""
        return self._index is not None

    def _find(self, model_id: str) -> tuple[Any, Any] | None:
        index = self._load()
        if model_id in index:
            return index[model_id]
        with self._lock:
            if model_id in self._lookup_cache:
                return self._lookup_cache[model_id]
        provider_id, _, ref = model_id.partition(":")
        found = None
        for provider in self._providers or ():
            if provider.id == provider_id.lower():
                model = provider.find_model(ref.lower())
                if model is not None:
                    found = (provider, model)
                break
        with self._lock:
            self._lookup_cache[model_id] = found
        return found

    def model_ids(self) -> list[str]:
        """Every catalog id genai-prices knows, sorted."""
        return sorted(self._load())

    # -- prices at a date -------------------------------------------------------------------------
    def canonical_id(self, model_id: str) -> str | None:
        """The catalog's own id for ``model_id`` (``anthropic:claude-3-opus-20240229`` -> its entry)."""
        found = self._find(model_id)
        if found is None:
            return model_id if model_id in history_by_catalog_id() else None
        provider, model = found
        return f"{provider.id}:{model.id}"

    def price_at(self, model_id: str, as_of: date) -> CatalogPrice:
        """The catalog price of ``model_id`` in force on ``as_of``.

        Raises
        ------
        PitchError
            The model is unknown, or ``as_of`` is before its first known price.
        """
        key = (model_id, as_of)
        cached = self._price_cache.get(key)
        if cached is not None:
            return cached
        price = self._price_at(model_id, as_of)
        self._price_cache[key] = price
        return price

    def _price_at(self, model_id: str, as_of: date) -> CatalogPrice:
        canonical = self.canonical_id(model_id)
        if canonical is None:
            raise PitchError(
                f"unknown model {model_id!r}: it is neither in the price catalog ({self.version}) "
                "nor in the bundled price history; check the id with `computecurve catalog`"
            )
        rows = history_by_catalog_id().get(canonical, ())
        if rows and as_of < rows[-1].price_date:
            if as_of < rows[0].price_date:
                raise PitchError(
                    f"{model_id} has no known price before {rows[0].price_date.isoformat()} (its first "
                    f"price in the bundled history), but the pitch is dated {as_of.isoformat()}"
                )
            row = max((r for r in rows if r.price_date <= as_of), key=lambda r: r.price_date)
            fields = {"input_per_mtok": row.input_per_mtok, "output_per_mtok": row.output_per_mtok}
            if row.cached_input_per_mtok is not None:
                fields["cached_input_per_mtok"] = row.cached_input_per_mtok
            return CatalogPrice(canonical, row.model, fields, (), row.source_text, history_row=row)
        found = self._find(canonical)
        if found is None:  # only in the history, and the date is on or after its last row
            row = rows[-1]
            fields = {"input_per_mtok": row.input_per_mtok, "output_per_mtok": row.output_per_mtok}
            if row.cached_input_per_mtok is not None:
                fields["cached_input_per_mtok"] = row.cached_input_per_mtok
            return CatalogPrice(canonical, row.model, fields, (), row.source_text, history_row=row)
        return self._genai_price(canonical, found, as_of)

    def _genai_price(self, canonical: str, found: tuple[Any, Any], as_of: date) -> CatalogPrice:
        from genai_prices.types import TieredPrices

        provider, model = found
        prices = model.get_prices(_noon_utc(as_of))  # no price context: the standard tier
        fields: dict[str, float] = {}
        tiered: dict[str, Any] = {}
        for key, ours in _GENAI_FIELDS.items():
            value = getattr(prices, key, None)
            if value is None:
                continue
            if isinstance(value, TieredPrices):
                fields[ours] = float(value.base)
                tiered[ours] = value
            else:
                fields[ours] = float(value)
        tiers: list[tuple[float, dict[str, float]]] = []
        starts = sorted({t.start for v in tiered.values() for t in v.tiers})
        for start in starts:
            entry = {}
            for ours, value in tiered.items():
                applicable = [t for t in value.tiers if t.start <= start]
                entry[ours] = float(applicable[-1].price) if applicable else float(value.base)
            tiers.append((float(start), entry))
        url = (provider.pricing_urls or [""])[0]
        source = (
            f"genai-prices {genai_prices_version()}: {provider.name} {model.name or model.id}, "
            f"in force {as_of.isoformat()} 12:00 UTC, standard tier" + (f" ({url})" if url else "")
        )
        return CatalogPrice(canonical, model.name or model.id, fields, tuple(tiers), source)

    # -- a block's prices ------------------------------------------------------------------------
    def resolve_block(self, block: FeatureBlock, as_of: date) -> tuple[ResolvedPrice, list[str]]:
        """Combine a block's own ``price`` with its ``model``'s catalog price (contract section 1).

        Returns the resolved price and warnings (explicit prices far from the catalog's). Errors carry
        the field path inside the block (``model``, ``price.input_per_mtok``).
        """
        spec = block.price or PriceSpec()
        given = spec.given()
        catalog: CatalogPrice | None = None
        if block.model is None and block.price is None and block.requires is not None:
            # docs/contract.md 6.3: priced at the cheapest capable model on as_of (the capability table).
            raise PitchError(
                f"no model is named and the cheapest model meeting {block.requires.benchmark} >= "
                f"{block.requires.min_score:g} cannot be chosen yet: this build has no capability table; "
                "name a model or give a price",
                field="requires",
            )
        if block.model is not None:
            try:
                catalog = self.price_at(block.model, as_of)
            except PitchError as exc:
                raise PitchError(exc.message, field="model") from None
        merged: dict[str, float] = dict(catalog.fields) if catalog else {}
        merged.update(given)
        for needed in ("input_per_mtok", "output_per_mtok"):
            if needed not in merged:
                raise PitchError(
                    f"the catalog has no {needed.replace('_per_mtok', '')} price for {block.model} "
                    f"({catalog.source if catalog else ''}); give price.{needed} (an unknown price is never $0)",
                    field=f"price.{needed}",
                )
        base = with_defaults(merged)
        # A tier replaces the fields it names; the defaulted fields (cached and cache-write follow the
        # input price, reasoning the output price) follow the tier's prices too.
        if spec.tiers:
            tiers = tuple(
                (
                    t.above_input_tokens,
                    with_defaults(
                        {**merged, **{f: v for f in PRICE_FIELDS if (v := getattr(t, f)) is not None}}
                    ),
                )
                for t in sorted(spec.tiers, key=lambda t: t.above_input_tokens)
            )
        elif catalog and catalog.tiers:
            tiers = tuple(
                (above, with_defaults({**merged, **{f: v for f, v in entry.items() if f not in given}}))
                for above, entry in catalog.tiers
            )
        else:
            tiers = ()
        warnings = []
        if catalog is not None:
            for f, value in given.items():
                ref = catalog.fields.get(f)
                if ref is None:
                    continue
                # rounded like the verdict bands: exactly 10% away (0.10000000000000009 in floats) is not flagged
                if (ref == 0 and value != 0) or (
                    ref and round(abs(value / ref - 1), 9) > PRICE_WARNING_TOLERANCE
                ):
                    warnings.append(
                        f"explicit {f} ${value:g} is "
                        + (f"{abs(value / ref - 1):.0%} away from" if ref else "above")
                        + f" the catalog's ${ref:g} for {block.model} on {as_of.isoformat()}"
                    )
        if catalog is None:
            source = "explicit price in the pitch"
        elif given:
            source = f"explicit {', '.join(f.replace('_per_mtok', '') for f in given)} in the pitch; rest: {catalog.source}"
        else:
            source = catalog.source
        return ResolvedPrice(base, tiers, source, catalog.model_id if catalog else None), warnings

    # -- listing ----------------------------------------------------------------------------------
    def entries(self, query: str = "", as_of: date | None = None) -> list[CatalogEntry]:
        """Catalog models whose id or name contains ``query`` (case-insensitive), priced at ``as_of``."""
        day = as_of or date.today()
        q = query.lower().strip()
        ids = set(self.model_ids()) | set(history_by_catalog_id())
        out = []
        for model_id in sorted(ids):
            found = self._index.get(model_id) if self._index else None
            name = (found[1].name or found[1].id) if found else model_id
            if q and q not in model_id.lower() and q not in str(name).lower():
                continue
            try:
                out.append(CatalogEntry(model_id, str(name), self.price_at(model_id, day)))
            except PitchError as exc:
                out.append(CatalogEntry(model_id, str(name), None, exc.message))
        return out


_DEFAULT: PriceCatalog | None = None


def default_catalog() -> PriceCatalog:
    """The process-wide catalog (its genai-prices data is loaded on first use)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = PriceCatalog()
    return _DEFAULT
