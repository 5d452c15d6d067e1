"""Which genai-prices data the catalog reads, how old it is, and installing newer data offline (contract 6.5).

The catalog's current prices come from genai-prices' data: the copy bundled with the pinned package, or a
data file the user installed with ``computecurve update-prices FILE`` (the JSON genai-prices publishes for its
own updates: ``prices/new_data/v2/data.json`` in its repository). Nothing here touches the network.

An installed file lives in the user's data folder (``<data>/prices``; platformdirs, or
``$COMPUTECURVE_DATA_DIR``, or ``$COMPUTECURVE_HOME/data`` as the desktop's settings use). It is validated before
anything is written (genai-prices' own data model loads it, every price is a JSON number, every model can be
priced), written under a name made of its SHA-256, and switched on by rewriting one small file,
``active.json``, atomically: a refused or interrupted install leaves the previous data in use.

genai-prices is imported lazily (only to validate a file or to read an installed one): ``price_data_info()``
reads no price data and is cheap enough for a window's start-up.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from core.errors import PitchError
from core.history import HISTORY_VERSION, history_date

ENV_DATA_DIR = "COMPUTECURVE_DATA_DIR"
ENV_HOME = "COMPUTECURVE_HOME"  # moves settings and data together (desktop/settings.py reads it too)
APP = "computecurve"
ACTIVE = "active.json"
META_FORMAT = "computecurve.price-data"
# data_date of the data bundled with genai-prices 0.2.3 by :func:`data_date_of` (a test recomputes it; an
# upgrade of the pin must update it). Kept as a constant so that no start-up path parses 2,300 models for it.
BUNDLED_DATA_DATE = date(2026, 11, 9)
# Contract 6.5: past this many days after data_date, a pitch's prices are the newest known, not its date's.
STALE_AFTER_DAYS = 90
# A genai-prices data file is about 0.4-1.5 MB; anything far larger is not one.
MAX_FILE_BYTES = 64 * 1024 * 1024


def genai_prices_version() -> str:
    """The installed genai-prices version (from package metadata, without importing it)."""
    from importlib.metadata import version  # ~20 ms: kept off the window's start-up path

    return version("genai-prices")


def data_dir() -> Path:
    """The user's data folder: ``$COMPUTECURVE_DATA_DIR``, else ``$COMPUTECURVE_HOME/data``, else platformdirs'."""
    explicit = os.environ.get(ENV_DATA_DIR)
    if explicit:
        return Path(explicit)
    home = os.environ.get(ENV_HOME)
    if home:
        return Path(home) / "data"
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP, appauthor=False))


def prices_dir() -> Path:
    """Where installed price data lives (``<data folder>/prices``)."""
    return data_dir() / "prices"


@dataclass(frozen=True)
class PriceDataInfo:
    """The price data in use: where it comes from and how new it is."""

    catalog: str  # the code that reads the data: "genai-prices 0.2.3"
    data_date: date  # the newest date the data knows a price change or note for (data_date_of)
    history_date: date  # the bundled price history's newest row
    updated: bool  # True: a data file the user installed; False: the data bundled with genai-prices
    file: Path | None = None  # the installed file
    sha256: str | None = None
    installed_on: date | None = None
    source_name: str | None = None  # the name of the file the user installed
    providers: int | None = None
    models: int | None = None
    problem: str = ""  # an installed file that could not be used (the bundled data is used instead)

    @property
    def version(self) -> str:
        """``catalog_version``: ``genai-prices 0.2.3 + history 2026-02-17`` for the bundled data, and for an
        installed file ``genai-prices data 2026-08-03 (updated, sha256 1a2b3c4d) + history 2026-02-17``: the
        data's own date and the first 8 hex digits of the file's SHA-256, so two different files never share a
        version (score rows and memos carry it)."""
        if self.updated:
            return (
                f"genai-prices data {self.data_date.isoformat()} (updated, sha256 {(self.sha256 or '')[:8]}) "
                f"+ history {HISTORY_VERSION}"
            )
        return f"{self.catalog} + history {HISTORY_VERSION}"

    def stale_warning(self, as_of: date) -> str | None:
        """Contract 6.5's warning when ``as_of`` is more than 90 days after the data's date, else ``None``."""
        if as_of - self.data_date <= timedelta(days=STALE_AFTER_DAYS):
            return None
        return (
            f"prices after {self.data_date.isoformat()} are not known; the newest known prices are used "
            f"(the pitch is dated {as_of.isoformat()}, more than {STALE_AFTER_DAYS} days after the price data)"
        )

    def describe(self) -> str:
        """Two or three lines for ``update-prices --show`` and the desktop's Prices menu."""
        lines = [f"catalog_version: {self.version}"]
        if self.updated:
            lines.append(
                f"current prices: genai-prices data file {self.source_name or ''} installed on "
                f"{self.installed_on.isoformat() if self.installed_on else '?'} ({self.providers} providers, "
                f"{self.models} models; {self.file}), read by {self.catalog}"
            )
        else:
            lines.append(f"current prices: the data bundled with {self.catalog}")
        lines.append(
            f"data date {self.data_date.isoformat()} (prices after it are not known); "
            f"price history to {self.history_date.isoformat()}"
        )
        if self.problem:
            lines.append(f"problem: {self.problem}")
        return "\n".join(lines)


def bundled_info(problem: str = "") -> PriceDataInfo:
    """The bundled data's description."""
    return PriceDataInfo(
        catalog=f"genai-prices {genai_prices_version()}",
        data_date=BUNDLED_DATA_DATE,
        history_date=history_date(),
        updated=False,
        problem=problem,
    )


def price_data_info() -> PriceDataInfo:
    """The price data in use now (reads ``active.json`` only; no price data is parsed)."""
    active = prices_dir() / ACTIVE
    try:
        text = active.read_text(encoding="utf-8")
    except FileNotFoundError:
        return bundled_info()
    except OSError as exc:
        return bundled_info(f"cannot read {active}: {exc.strerror or exc}; using the bundled data")
    try:
        meta = json.loads(text)
        if not isinstance(meta, dict) or meta.get("format") != META_FORMAT:
            raise ValueError("not a computecurve.price-data file")
        file = prices_dir() / str(meta["file"])
        if Path(meta["file"]).name != meta["file"] or not file.is_file():
            raise ValueError(f"its data file {meta['file']} is missing")
        return PriceDataInfo(
            catalog=f"genai-prices {genai_prices_version()}",
            data_date=date.fromisoformat(meta["data_date"]),
            history_date=history_date(),
            updated=True,
            file=file,
            sha256=str(meta["sha256"]),
            installed_on=date.fromisoformat(meta["installed_on"]),
            source_name=str(meta.get("source_name") or ""),
            providers=int(meta["providers"]),
            models=int(meta["models"]),
        )
    except (ValueError, KeyError, TypeError) as exc:
        return bundled_info(
            f"the installed price data ({active}) cannot be used ({exc}); using the bundled data; "
            "`computecurve update-prices --reset` clears it"
        )


# --------------------------------------------------------------------------------------------------
# The data's date
# --------------------------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"\b(20\d\d-\d\d-\d\d)\b")
# "Introductory rates apply through 2026-12-31": the last day of a price, written ahead of time.
_LAST_DAY = re.compile(r"\b(?:through|until|till)\s+(20\d\d-\d\d-\d\d)\b", re.IGNORECASE)


def _dates_in(text: str) -> Iterator[date]:
    for found in _ISO_DATE.findall(text):
        try:
            yield date.fromisoformat(found)
        except ValueError:
            continue


def data_date_of(providers: Iterable[Any]) -> date | None:
    """The newest date a genai-prices data set knows a price change or a note for (contract 6.5's data_date).

    The data carries no date of its own, so it is read from what it records:

    * the start date of every dated price (``StartDateConstraint`` of a model's prices and of its price
      variants: batch, flex, priority);
    * every date written in the notes (``price_comments`` of providers and models: "verified on 2026-10-14",
      "checked 2026-10-09").

    Announced changes are left out: a note that gives a price's last day ahead of time ("introductory rates
    apply through 2026-12-31") makes that day and the next (the day the new price starts, 2027-01-01) dates
    the data knew in advance, not dates it had seen; otherwise a file compiled in August that lists a January
    price rise would never look old. What remains is the newest date of something the data recorded as having
    happened. When every date is an announcement, the newest of them is used. ``None``: the data has no dates.

    The rule reads the notes' own words, so an announcement written differently ("from 2027-01-01" alone)
    counts as recorded: it errs towards a newer date, i.e. towards fewer "data is old" warnings, never more.
    """
    from genai_prices.types import StartDateConstraint

    changes: set[date] = set()
    noted: set[date] = set()
    announced: set[date] = set()

    def read_note(text: str | None) -> None:
        if not text:
            return
        noted.update(_dates_in(text))
        for found in _LAST_DAY.findall(text):
            try:
                last = date.fromisoformat(found)
            except ValueError:
                continue
            announced.update((last, last + timedelta(days=1)))

    for provider in providers:
        read_note(provider.price_comments)
        for model in provider.models:
            read_note(model.price_comments)
            dated = list(model.prices) if isinstance(model.prices, list) else []
            dated += list(model.price_variants or ())
            for entry in dated:
                if isinstance(entry.constraint, StartDateConstraint):
                    changes.add(entry.constraint.start_date)
    every = changes | noted
    recorded = every - announced
    if recorded:
        return max(recorded)
    return max(every) if every else None


# --------------------------------------------------------------------------------------------------
# Loading and validating data files
# --------------------------------------------------------------------------------------------------


def bundled_providers() -> list[Any]:
    """The providers bundled with genai-prices (imports it: ~0.1-0.25 s)."""
    from genai_prices import data_snapshot

    return list(data_snapshot.get_snapshot().providers)


def _refuse(message: str) -> PitchError:
    return PitchError(message, field="FILE")


def _check_number(value: Any, where: str) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        shown = json.dumps(value)[:40] if isinstance(value, str) else type(value).__name__
        raise _refuse(f"{where} is {shown}, not a number: a price must be a JSON number")
    if not math.isfinite(value) or value < 0:
        raise _refuse(f"{where} is {value!r}: a price must be a finite number of 0 or more")


def _check_price_values(prices: Any, where: str) -> None:
    """Every price in a ``prices`` mapping is a JSON number (or a tiered price made of numbers)."""
    if not isinstance(prices, dict):
        raise _refuse(f"{where} must be an object of prices")
    for key, value in prices.items():
        at = f"{where}.{key}"
        if value is None:
            continue
        if isinstance(value, dict):
            if "base" not in value:
                raise _refuse(f"{at} must be a number or a tiered price {{base, tiers}}")
            _check_number(value["base"], f"{at}.base")
            tiers = value.get("tiers", [])
            if not isinstance(tiers, list):
                raise _refuse(f"{at}.tiers must be a list")
            for i, tier in enumerate(tiers):
                if not isinstance(tier, dict):
                    raise _refuse(f"{at}.tiers[{i}] must be an object")
                _check_number(tier.get("start"), f"{at}.tiers[{i}].start")
                _check_number(tier.get("price"), f"{at}.tiers[{i}].price")
        else:
            _check_number(value, at)


def _check_prices_strictly(raw: list[Any]) -> None:
    """genai-prices' loader accepts ``"3"`` for a price (pydantic's lax mode); a data file must not."""
    for p, provider in enumerate(raw):
        if not isinstance(provider, dict):
            raise _refuse(f"providers[{p}] must be an object, not {type(provider).__name__}")
        pname = f"providers[{p}] ({provider.get('id', '?')})"
        models = provider.get("models", [])
        if not isinstance(models, list):
            raise _refuse(f"{pname}.models must be a list")
        for m, model in enumerate(models):
            if not isinstance(model, dict):
                raise _refuse(f"{pname}.models[{m}] must be an object")
            where = f"{pname}.models[{m}] ({model.get('id', '?')})"
            prices = model.get("prices")
            if isinstance(prices, list):
                if not prices:
                    raise _refuse(f"{where}.prices is an empty list")
                for c, conditional in enumerate(prices):
                    if not isinstance(conditional, dict):
                        raise _refuse(f"{where}.prices[{c}] must be an object")
                    _check_price_values(conditional.get("prices"), f"{where}.prices[{c}].prices")
            else:
                _check_price_values(prices, f"{where}.prices")
            for v, variant in enumerate(model.get("price_variants") or []):
                if not isinstance(variant, dict):
                    raise _refuse(f"{where}.price_variants[{v}] must be an object")
                _check_price_values(variant.get("prices"), f"{where}.price_variants[{v}].prices")


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def providers_from_bytes(data: bytes, name: str = "the file") -> list[Any]:
    """Validate a genai-prices data file and load it with genai-prices' own data model.

    Raises
    ------
    PitchError
        (field ``FILE``) The file is not JSON, not a list of providers, has a price that is not a number,
        does not load with genai-prices' data model, or has a model that cannot be priced.
    """
    try:
        raw = json.loads(data.decode("utf-8-sig"), parse_constant=_reject_constant)
    except UnicodeDecodeError:
        raise _refuse(f"{name} is not UTF-8 text: not a genai-prices data file") from None
    except ValueError as exc:
        raise _refuse(f"{name} is not valid JSON ({exc}): not a genai-prices data file") from None
    if not isinstance(raw, list):
        raise _refuse(
            f"{name} holds a JSON {type(raw).__name__}; a genai-prices data file is a list of providers "
            "(its repository's prices/new_data/v2/data.json)"
        )
    if not raw:
        raise _refuse(f"{name} lists no providers")
    _check_prices_strictly(raw)
    # genai-prices' own loader (the one its UpdatePrices.fetch uses). It is private: genai-prices is pinned
    # (pyproject.toml) and tests/core/test_price_data.py fails if it disappears.
    from genai_prices.types import _providers_from_raw

    try:
        providers = _providers_from_raw(raw)
    except Exception as exc:  # pydantic's ValidationError, or a dataclass's own check
        first = str(exc).strip().splitlines()
        detail = "; ".join(first[:3])
        raise _refuse(f"{name} does not load as genai-prices data: {detail}") from None
    models = sum(len(p.models) for p in providers)
    if models == 0:
        raise _refuse(f"{name} lists no models")
    probe = datetime.combine(date.today(), time(12, 0), tzinfo=UTC)
    for provider in providers:
        for model in provider.models:
            try:
                model.get_prices(probe)
            except Exception as exc:
                raise _refuse(
                    f"{name}: {provider.id}:{model.id} cannot be priced ({type(exc).__name__}: {exc})"
                ) from None
    return list(providers)


def load_providers(info: PriceDataInfo) -> tuple[list[Any], PriceDataInfo]:
    """The providers of ``info``'s data, and the info actually used.

    An installed file that no longer matches its SHA-256 or no longer loads is not used: the bundled data
    is, and the returned info says why (``problem``).
    """
    if not info.updated or info.file is None:
        return bundled_providers(), info
    try:
        data = info.file.read_bytes()
        if hashlib.sha256(data).hexdigest() != info.sha256:
            raise _refuse(f"{info.file} was changed after it was installed (its SHA-256 differs)")
        return providers_from_bytes(data, str(info.file)), info
    except (OSError, PitchError) as exc:
        reason = exc.message if isinstance(exc, PitchError) else (exc.strerror or str(exc))
        return bundled_providers(), bundled_info(
            f"the installed price data cannot be used ({reason}); using the bundled data; "
            "`computecurve update-prices --reset` clears it"
        )


# --------------------------------------------------------------------------------------------------
# Installing and resetting
# --------------------------------------------------------------------------------------------------


_LISTENERS: list[Callable[[], None]] = []


def on_price_data_change(callback: Callable[[], None]) -> None:
    """Call ``callback`` after every install or reset (the process-wide catalog reloads itself this way)."""
    _LISTENERS.append(callback)


def _reload_default_catalog() -> None:
    for callback in list(_LISTENERS):
        callback()


def install_price_data(path: str | os.PathLike[str]) -> PriceDataInfo:
    """Install the genai-prices data file at ``path`` for every later pricing (``update-prices FILE``).

    Validated before anything is written; the switch is one atomic rename, so a refused or failed install
    changes nothing. The process-wide catalog (``core.catalog.default_catalog``) reloads.

    Raises
    ------
    PitchError
        (field ``FILE``) The file cannot be read or is not valid genai-prices data; or the data folder cannot
        be written. Nothing has changed.
    """
    from core.pitch_io import atomic_write_bytes  # the same crash-safe write as saving a pitch

    source = Path(path)
    try:
        size = source.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _refuse(f"{source} is {size:,} bytes: far larger than a genai-prices data file")
        data = source.read_bytes()
    except OSError as exc:
        raise _refuse(f"cannot read {source}: {exc.strerror or exc}") from None
    providers = providers_from_bytes(data, str(source))
    day = data_date_of(providers)
    if day is None:
        raise _refuse(f"{source} records no dated price or note: its age cannot be told")
    sha = hashlib.sha256(data).hexdigest()
    folder = prices_dir()
    target = folder / f"genai-prices-{sha[:16]}.json"
    meta = {
        "format": META_FORMAT,
        "file": target.name,
        "sha256": sha,
        "data_date": day.isoformat(),
        "installed_on": date.today().isoformat(),
        "source_name": source.name,
        "providers": len(providers),
        "models": sum(len(p.models) for p in providers),
    }
    try:
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(target, data)
        atomic_write_bytes(folder / ACTIVE, (json.dumps(meta, indent=2) + "\n").encode("utf-8"))
    except OSError as exc:
        previous = price_data_info()
        if previous.file != target:
            target.unlink(missing_ok=True)
        raise _refuse(f"cannot write the price data into {folder}: {exc.strerror or exc}") from None
    _remove_unused(folder, keep=target.name)
    _reload_default_catalog()
    return price_data_info()


def _remove_unused(folder: Path, keep: str | None) -> None:
    for old in folder.glob("genai-prices-*.json"):
        if old.name != keep:
            with contextlib.suppress(OSError):  # a file still open elsewhere (Windows): harmless, not active
                old.unlink()


def reset_price_data() -> PriceDataInfo:
    """Return to the data bundled with genai-prices (``update-prices --reset``); the catalog reloads."""
    folder = prices_dir()
    try:
        (folder / ACTIVE).unlink(missing_ok=True)
    except OSError as exc:
        raise _refuse(f"cannot remove {folder / ACTIVE}: {exc.strerror or exc}") from None
    if folder.is_dir():
        _remove_unused(folder, keep=None)
    _reload_default_catalog()
    return price_data_info()
