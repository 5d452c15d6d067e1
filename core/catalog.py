"""The price catalog: what a model cost on a given day, and where that number comes from.

Two sources, one rule (contract section 1):

* ``genai-prices`` (pinned; its bundled data, or a data file installed offline with ``computecurve
  update-prices``: ``core.price_data``; never the network) gives current prices and the dated changes it
  knows, asked at 12:00 UTC on the pitch's date, standard tier. "Standard" means outside any time-of-day
  discount (contract 6.5): where 12:00 UTC falls in a model's off-peak window, the price at a time outside it
  applies (:func:`standard_time`).
* The bundled price history (``core.history``) gives observed prices on known dates. Where it has rows
  for a catalog id and the date is before its last row, the latest row on or before the date applies;
  a date before its first row is an error naming both dates.

Three rules apply to every catalog price, whichever source gives it:

* **Release dates** (contract 6.3): a model is never priced before its API release
  (``resources/release_dates.csv`` and the capability table, else its first history row); a model with no
  known release date is priced with a warning saying so.
* **Caching launches** (``resources/caching_launch.csv``): before a provider's prompt caching began, cached
  input and cache writes are billed at the input price (no input could be cached); the resolved price's
  notes say so.
* **Capability** (contract 6.3): a block with ``requires`` and no model, price or deployment is priced at the
  cheapest capable model for its own calls (:meth:`PriceCatalog.cheapest_capable`).

genai-prices is imported lazily (about 0.1-0.25 s to build its 2,330 models): nothing on a window's
start-up path calls into it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time
from typing import Any

from core import capability
from core.capability import benchmark_name
from core.errors import PitchError
from core.history import HistoryRow, caching_launches, history_by_catalog_id
from core.pitch import PRICE_FIELDS, FeatureBlock, PriceSpec, Requirement
from core.price_data import (
    PriceDataInfo,
    genai_prices_version,
    load_providers,
    on_price_data_change,
    price_data_info,
)
from core.prices import CapabilityChoice, PriceSet, ResolvedPrice, block_cost_per_call, with_defaults

__all__ = [
    "CatalogEntry",
    "CatalogPrice",
    "PriceCatalog",
    "catalog_version",
    "default_catalog",
    "genai_prices_version",
    "reload_default_catalog",
    "standard_time",
]

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


def catalog_version() -> str:
    """The data version shown everywhere prices are (``genai-prices 0.2.3 + history 2026-02-17``, or the
    installed data's: :attr:`core.price_data.PriceDataInfo.version`)."""
    return default_catalog().version


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
    notes: tuple[str, ...] = ()  # rules applied to the catalog's numbers (caching before its launch)
    warnings: tuple[str, ...] = ()  # what the user should know (an unknown release date)
    release_date: date | None = None


@dataclass(frozen=True)
class CatalogEntry:
    """One line of ``computecurve catalog``."""

    model_id: str
    name: str
    price: CatalogPrice | None
    error: str = ""


def _noon_utc(day: date) -> datetime:
    return datetime.combine(day, time(12, 0), tzinfo=UTC)


def _on(day: date, at: time) -> datetime:
    at = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    return datetime.combine(day, at).astimezone(UTC)


def _base(value: Any) -> Any:
    from genai_prices.types import TieredPrices

    return value.base if isinstance(value, TieredPrices) else value


def standard_time(model: Any, day: date) -> datetime:
    """When on ``day`` to ask genai-prices for ``model``'s standard-tier price (contract 6.5).

    12:00 UTC, unless that falls in a time-of-day discount: genai-prices writes a model whose price depends
    on the time of day as conditional prices with ``TimeOfDateConstraint`` windows (DeepSeek's off-peak
    hours, in either direction: its V3 data marks the standard hours, its V4 data the peak hours). The day
    splits at the windows' start and end times into spans of one price each; the standard price is the
    highest of them (every other is a discount), probed at the start of its span. Noon is kept when it
    already gives the highest price, so a model without windows is asked at noon as before.

    genai-prices cannot date a window (a constraint is a start date or a daily window, not both; see the
    models' own ``price_comments`` and genai-prices issue 582), so a model's windows are read as in force
    from its first dated price change where it has one (DeepSeek V4: flat until 2026-08-17, time-of-day
    prices from then on), and always where it has none.
    """
    from genai_prices.types import StartDateConstraint, TimeOfDateConstraint

    noon = _noon_utc(day)
    if not isinstance(model.prices, list):
        return noon
    windows = [c.constraint for c in model.prices if isinstance(c.constraint, TimeOfDateConstraint)]
    if not windows:
        return noon
    starts = [c.constraint.start_date for c in model.prices if isinstance(c.constraint, StartDateConstraint)]
    if starts and day < min(starts):
        return noon
    probes = [noon, *sorted({_on(day, t) for w in windows for t in (w.start_time, w.end_time)})]

    def level(at: datetime) -> Any:
        prices = model.get_prices(at)
        return sum(_base(getattr(prices, key, None)) or 0 for key in ("input_mtok", "output_mtok"))

    return max(probes, key=level)  # the first of equals: noon when it is already the standard price


class PriceCatalog:
    """Resolves model ids to prices at a date. Thread-safe; genai-prices is loaded on first use.

    Parameters
    ----------
    data
        The price data to read; ``None`` follows the data in use (:func:`core.price_data.price_data_info`),
        re-read by :meth:`reload` after an install or a reset.
    """

    def __init__(self, data: PriceDataInfo | None = None) -> None:
        self._lock = threading.Lock()
        self._fixed = data
        self._info: PriceDataInfo | None = data
        self._index: dict[str, tuple[Any, Any]] | None = None
        self._providers: list[Any] | None = None
        self._lookup_cache: dict[str, tuple[Any, Any] | None] = {}
        self._price_cache: dict[tuple[str, date], CatalogPrice] = {}

    @property
    def info(self) -> PriceDataInfo:
        """The price data this catalog reads (read once; :meth:`reload` reads it again)."""
        with self._lock:
            if self._info is None:
                self._info = price_data_info()
            return self._info

    @property
    def version(self) -> str:
        """``catalog_version``: which data every price of this catalog comes from."""
        return self.info.version

    def reload(self) -> None:
        """Forget everything loaded: the next price reads the data in use now (after an install or reset)."""
        with self._lock:
            self._info = self._fixed
            self._index = None
            self._providers = None
            self._lookup_cache.clear()
            self._price_cache.clear()

    # -- genai-prices ---------------------------------------------------------------------------
    def _load(self) -> dict[str, tuple[Any, Any]]:
        info = self.info
        with self._lock:
            if self._index is None:
                providers, used = load_providers(info)  # deliberately lazy: ~0.1-0.25 s
                index: dict[str, tuple[Any, Any]] = {}
                for provider in providers:
                    for model in provider.models:
                        index.setdefault(f"{provider.id}:{model.id}", (provider, model))
                self._info = used  # the bundled data, with the reason, when an installed file cannot be read
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

    def suggestions(self, text: str, limit: int = 3) -> list[str]:
        """The catalog ids a user may have meant by ``text`` (``gpt-4o-mini`` -> ``openai:gpt-4o-mini``), best first.

        For a model typed without its provider, or with a provider that does not list it. The provider that
        genai-prices itself would pick for the name comes first (the one whose model pattern matches it, as its
        ``calc_price`` detects a provider), then every other provider that lists the model, then ids of the
        bundled price history with that model name. Empty for a known id, or when nothing lists the model.
        """
        ref = text.strip()
        if not ref or (":" in ref and self.canonical_id(ref) is not None):
            return []
        head, sep, tail = ref.partition(":")
        model_ref = (tail if sep else head).strip().lower()
        if not model_ref:
            return []
        self._load()
        providers = list(self._providers or ())
        # sorted() is stable: genai-prices' own order among equals
        ranked = sorted(
            providers, key=lambda p: not (p.model_match is not None and p.model_match.is_match(model_ref))
        )
        out: list[str] = []
        for provider in ranked:
            model = provider.find_model(model_ref)
            if model is not None and f"{provider.id}:{model.id}" not in out:
                out.append(f"{provider.id}:{model.id}")
        for model_id in sorted(history_by_catalog_id()):
            if model_id.partition(":")[2].lower() == model_ref and model_id not in out:
                out.append(model_id)
        return out[:limit]

    # -- release dates ----------------------------------------------------------------------------
    def _release(self, canonical: str) -> tuple[date, str] | None:
        dated = capability.release_dates().get(canonical)
        if dated is not None:
            # The capability table's API release wins over an earlier first history row: the history dates
            # anthropic:claude-3-haiku (2024-03-04) and claude-3-5-haiku-latest (2024-10-22) by their
            # announcements, before they could be called (resources/CAPABILITY_SOURCES.md, "Conflicts").
            return dated, "its API release, resources/release_dates.csv"
        rows = history_by_catalog_id().get(canonical, ())
        if rows:
            return rows[0].price_date, "its first price in the bundled history"
        return None

    def release_date(self, model_id: str) -> date | None:
        """The first day ``model_id`` could be called (``None``: unknown; it is then priced on any date).

        From ``resources/release_dates.csv`` and the capability table, else the model's first price-history
        row. The desktop's model list keeps only models released by the pitch's date.
        """
        canonical = self.canonical_id(model_id)
        found = self._release(canonical) if canonical else None
        return found[0] if found else None

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
            The model is unknown, was released after ``as_of``, or ``as_of`` is before its first known price.
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
        release = self._release(canonical)
        if release is not None and as_of < release[0]:
            raise PitchError(
                f"{model_id} was released on {release[0].isoformat()} ({release[1]}), after the pitch's date "
                f"{as_of.isoformat()}: a model is never priced before it existed; pick a model that existed then "
                "or date the pitch later"
            )
        warnings: tuple[str, ...] = ()
        if release is None:
            warnings = (
                f"{canonical}'s release date is unknown (it is in neither resources/release_dates.csv nor the "
                f"price history): it may be priced on {as_of.isoformat()} before it existed",
            )
        rows = history_by_catalog_id().get(canonical, ())
        if rows and as_of < rows[-1].price_date:
            if as_of < rows[0].price_date:
                raise PitchError(
                    f"{model_id} has no known price before {rows[0].price_date.isoformat()} (its first "
                    f"price in the bundled history), but the pitch is dated {as_of.isoformat()}"
                )
            price = _history_price(
                canonical, max((r for r in rows if r.price_date <= as_of), key=lambda r: r.price_date)
            )
        else:
            found = self._find(canonical)
            if found is None:  # only in the history, and the date is on or after its last row
                price = _history_price(canonical, rows[-1])
            else:
                price = self._genai_price(canonical, found, as_of)
        price = _caching_rule(price, canonical.partition(":")[0], as_of)
        return replace(price, warnings=warnings, release_date=release[0] if release else None)

    def _genai_price(self, canonical: str, found: tuple[Any, Any], as_of: date) -> CatalogPrice:
        from genai_prices.types import TieredPrices

        provider, model = found
        at = standard_time(model, as_of)
        prices = model.get_prices(at)  # no price context: the standard tier
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
        data = "genai-prices " + genai_prices_version() if not self.info.updated else self.info.version
        when = f"{as_of.isoformat()} 12:00 UTC, standard tier"
        notes: tuple[str, ...] = ()
        if at != _noon_utc(as_of):
            when = (
                f"{as_of.isoformat()} at {at:%H:%M} UTC, standard tier (12:00 UTC falls in its time-of-day "
                "discount; the price outside it applies)"
            )
            notes = (
                f"12:00 UTC on {as_of.isoformat()} is in {canonical}'s time-of-day discount: priced at "
                f"{at:%H:%M} UTC, its price outside the discount (docs/contract.md 6.5)",
            )
        source = f"{data}: {provider.name} {model.name or model.id}, in force {when}" + (
            f" ({url})" if url else ""
        )
        return CatalogPrice(canonical, model.name or model.id, fields, tuple(tiers), source, notes=notes)

    # -- capability (docs/contract.md 6.3) ----------------------------------------------------------
    def _capable_priced(
        self, requires: Requirement, as_of: date
    ) -> list[tuple[capability.Score, CatalogPrice]]:
        out = []
        for row in capability.capable_models(requires.benchmark, requires.min_score, as_of):
            try:
                price = self.price_at(row.model_id, as_of)
            except PitchError:
                continue  # released but not priced on that date (section 1's rules): not a candidate
            if "input_per_mtok" in price.fields and "output_per_mtok" in price.fields:
                out.append((row, price))
        return out

    def cheapest_capable(self, block: FeatureBlock, as_of: date) -> tuple[CapabilityChoice, CatalogPrice]:
        """The model that meets ``block.requires`` at the lowest cost per call of *this block* on ``as_of``.

        Candidates: models with a row for the benchmark scoring at least ``min_score``, released on or before
        ``as_of`` and priced on ``as_of`` by section 1's rules. Each is priced for the block's own calls (its
        token mix, modality tokens, cache shares, tiers) by :func:`core.prices.block_cost_per_call`, the
        arithmetic the engine bills; equal costs go to the first id in alphabetical order.

        Raises
        ------
        PitchError
            (field ``requires``) No model meets the requirement on ``as_of``: the message names the benchmark,
            the score and the best score known on that date.
        """
        requires = block.requires
        assert requires is not None
        best: tuple[float, str, capability.Score, CatalogPrice] | None = None
        for row, price in self._capable_priced(requires, as_of):
            resolved, _ = _combine(block, price, as_of)
            cost = block_cost_per_call(block, resolved)
            if best is None or (cost, row.model_id) < best[:2]:
                best = (cost, row.model_id, row, price)
        if best is None:
            raise PitchError(_none_capable(requires, as_of), field="requires")
        _, _, row, price = best
        top = capability.best_known(requires.benchmark, as_of)
        choice = CapabilityChoice(
            benchmark=requires.benchmark,
            min_score=requires.min_score,
            met_on_as_of=True,
            model=price.model_id,
            model_score=row.score,
            best_score=top.score if top else None,
            chosen=True,
            best_model=top.model_id if top else None,
        )
        return choice, price

    def requirement_status(
        self, requires: Requirement, as_of: date, model_id: str | None, own: str
    ) -> tuple[CapabilityChoice, list[str]]:
        """How a block that prices itself (``own``: its ``model``, ``price`` or ``deployment``) stands against
        its requirement on ``as_of``, and the warnings to show (contract 6.3).

        A named model whose score is below the requirement or unknown is warned about; when no model meets
        the requirement on ``as_of`` the block still evaluates, at its own price, and the choice says so
        (``met_on_as_of`` false).
        """
        name = benchmark_name(requires.benchmark)
        need = f"{name} >= {requires.min_score:g}"
        met = bool(self._capable_priced(requires, as_of))
        top = capability.best_known(requires.benchmark, as_of)
        model_score = capability.score(model_id, requires.benchmark) if model_id else None
        warnings = []
        if model_id is not None:
            if model_score is None:
                warnings.append(
                    f"{model_id} has no published {name} score (resources/capability.csv): whether it meets "
                    f"the requirement {need} is unknown"
                )
            elif model_score < requires.min_score:
                warnings.append(f"{model_id} scores {name} {model_score:g}, below the requirement {need}")
        if not met:
            warnings.append(
                f"no model priced on {as_of.isoformat()} meets {need}"
                + (f" (the best known then: {top.model_id}, {top.score:g})" if top else "")
                + f"; the block's own {own} is priced as your assumption"
            )
        choice = CapabilityChoice(
            benchmark=requires.benchmark,
            min_score=requires.min_score,
            met_on_as_of=met,
            model=model_id,
            model_score=model_score,
            best_score=top.score if top else None,
            chosen=False,
            best_model=top.model_id if top else None,
        )
        return choice, warnings

    # -- a block's prices ------------------------------------------------------------------------
    def resolve_block(self, block: FeatureBlock, as_of: date) -> tuple[ResolvedPrice, list[str]]:
        """Combine a block's own ``price`` with its ``model``'s catalog price (contract sections 1 and 6.3).

        Returns the resolved price and warnings (explicit prices far from the catalog's, an unknown release
        date, a capability requirement not met). Errors carry the field path inside the block (``model``,
        ``price.input_per_mtok``, ``requires``).
        """
        catalog: CatalogPrice | None = None
        choice: CapabilityChoice | None = None
        if block.model is None and block.price is None and block.requires is not None:
            choice, catalog = self.cheapest_capable(block, as_of)
        elif block.model is not None:
            try:
                catalog = self.price_at(block.model, as_of)
            except PitchError as exc:
                raise PitchError(exc.message, field="model") from None
        resolved, warnings = _combine(block, catalog, as_of)
        if choice is not None:
            assert catalog is not None
            need = f"{benchmark_name(choice.benchmark)} >= {choice.min_score:g}"
            resolved = replace(
                resolved,
                capability=choice,
                source=f"cheapest model meeting {need} on {as_of.isoformat()}: {catalog.model_id} "
                f"({benchmark_name(choice.benchmark)} {choice.model_score:g}); {resolved.source}",
            )
        elif block.requires is not None:
            own = "model" if block.model is not None else "price"
            choice, more = self.requirement_status(
                block.requires, as_of, catalog.model_id if catalog else None, own
            )
            resolved = replace(resolved, capability=choice)
            warnings += more
        return resolved, warnings

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


def _history_price(canonical: str, row: HistoryRow) -> CatalogPrice:
    fields = {"input_per_mtok": row.input_per_mtok, "output_per_mtok": row.output_per_mtok}
    if row.cached_input_per_mtok is not None:
        fields["cached_input_per_mtok"] = row.cached_input_per_mtok
    return CatalogPrice(canonical, row.model, fields, (), row.source_text, history_row=row)


# Cached input and cache writes: what does not exist before a provider's caching launch.
_CACHE_FIELDS = ("cached_input_per_mtok", "cache_write_per_mtok")


def _caching_rule(price: CatalogPrice, provider: str, as_of: date) -> CatalogPrice:
    """Before ``provider``'s prompt caching began, no input could be cached: bill it as input."""
    launch = caching_launches().get(provider)
    if launch is None or as_of >= launch.caching_from:
        return price

    def uncached(fields: dict[str, float]) -> dict[str, float]:
        out = {k: v for k, v in fields.items() if k not in _CACHE_FIELDS}
        if "input_per_mtok" in fields:
            out.update(dict.fromkeys(_CACHE_FIELDS, fields["input_per_mtok"]))
        return out

    fields = uncached(price.fields)
    tiers = tuple((above, uncached(entry)) for above, entry in price.tiers)
    note = (
        f"cached input and cache writes billed at the input price: {provider}'s prompt caching began on "
        f"{launch.caching_from.isoformat()} ({launch.source}; resources/caching_launch.csv)"
    )
    # Every price of the date carries the note; the source names it where a catalog cache price was replaced.
    changed = any(price.fields.get(f, fields[f]) != fields[f] for f in _CACHE_FIELDS if f in fields) or any(
        old.get(f, new[f]) != new[f]
        for (_, old), (_, new) in zip(price.tiers, tiers, strict=True)
        for f in _CACHE_FIELDS
        if f in new
    )
    source = f"{price.source}; {note}" if changed else price.source
    return replace(price, fields=fields, tiers=tiers, source=source, notes=(*price.notes, note))


def _none_capable(requires: Requirement, as_of: date) -> str:
    name = benchmark_name(requires.benchmark)
    need = f"{name} >= {requires.min_score:g}"
    day = as_of.isoformat()
    released = capability.capable_models(requires.benchmark, requires.min_score, as_of)
    if released:
        ids = ", ".join(r.model_id for r in released[:3]) + (", ..." if len(released) > 3 else "")
        return (
            f"no model meeting {need} has a price on {day}: {ids} met it but cannot be priced then; name a "
            "model or give a price (your assumption of the cost)"
        )
    top = capability.best_known(requires.benchmark, as_of)
    best = (
        f"the best {name} score known on {day} is {top.score:g} ({top.model_id})"
        if top
        else f"no model with a {name} score had been released by {day}"
    )
    return (
        f"no model released by {day} meets {need}: {best}; lower the requirement, date the pitch later, or "
        "name a model or give a price (your assumption of the cost)"
    )


def _combine(
    block: FeatureBlock, catalog: CatalogPrice | None, as_of: date
) -> tuple[ResolvedPrice, list[str]]:
    """A block's own ``price`` over ``catalog``'s fields, completed by the contract's defaults."""
    spec = block.price or PriceSpec()
    given = spec.given()
    model = catalog.model_id if catalog else block.model
    merged: dict[str, float] = dict(catalog.fields) if catalog else {}
    merged.update(given)
    for needed in ("input_per_mtok", "output_per_mtok"):
        if needed not in merged:
            raise PitchError(
                f"the catalog has no {needed.replace('_per_mtok', '')} price for {model} "
                f"({catalog.source if catalog else ''}); give price.{needed} (an unknown price is never $0)",
                field=f"price.{needed}",
            )
    base = with_defaults(merged)
    # A tier replaces the fields it names; the defaulted fields (cached and cache-write follow the
    # input price, reasoning the output price) follow the tier's prices too.
    tiers: tuple[tuple[float, PriceSet], ...]
    if spec.tiers:
        tiers = tuple(
            (
                t.above_input_tokens,
                with_defaults({**merged, **{f: v for f in PRICE_FIELDS if (v := getattr(t, f)) is not None}}),
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
    warnings = list(catalog.warnings) if catalog else []
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
                    + f" the catalog's ${ref:g} for {model} on {as_of.isoformat()}"
                )
    if catalog is None:
        source = "explicit price in the pitch"
    elif given:
        source = f"explicit {', '.join(f.replace('_per_mtok', '') for f in given)} in the pitch; rest: {catalog.source}"
    else:
        source = catalog.source
    notes = catalog.notes if catalog else ()
    return ResolvedPrice(base, tiers, source, catalog.model_id if catalog else None, notes=notes), warnings


_DEFAULT: PriceCatalog | None = None
_DEFAULT_LOCK = threading.Lock()


def default_catalog() -> PriceCatalog:
    """The process-wide catalog (its genai-prices data is loaded on first use)."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            _DEFAULT = PriceCatalog()
            on_price_data_change(_DEFAULT.reload)  # an install or reset reloads the same object
        return _DEFAULT


def reload_default_catalog() -> None:
    """Make the process-wide catalog read the price data in use now (after an install or a reset).

    The same object reloads, so every view holding it (the desktop keeps one) prices with the new data.
    """
    default_catalog().reload()
