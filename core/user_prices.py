"""User price tables: a LiteLLM-format JSON or a CSV of prices, written into a pitch on request.

A table never changes a pitch's numbers by being loaded: its prices count only once they are written into
the pitch's blocks (so a memo scores the same on every machine). Every change is listed, and a change of
10x or more is flagged: the classic unit mistake is a price per token typed as a price per million.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path

from core.catalog import PriceCatalog, default_catalog
from core.errors import PitchError
from core.pitch import MAX_PRICE, PRICE_FIELDS, FeatureBlock, Pitch, PriceSpec, with_changes
from core.pitch_io import MAX_FILE_BYTES, parse_json_bytes

# LiteLLM's model_prices_and_context_window.json keys (USD per token) -> our fields (USD per million).
_LITELLM_FIELDS = {
    "input_cost_per_token": "input_per_mtok",
    "output_cost_per_token": "output_per_mtok",
    "cache_read_input_token_cost": "cached_input_per_mtok",
    "cache_creation_input_token_cost": "cache_write_per_mtok",
    "output_cost_per_reasoning_token": "reasoning_per_mtok",
}
UNIT_MISTAKE_RATIO = 10.0


@dataclass(frozen=True)
class PriceTable:
    """Prices by model key (``provider:model``, ``provider/model`` or a bare model name)."""

    source: str
    prices: dict[str, dict[str, float]]

    def lookup(self, model_id: str) -> dict[str, float] | None:
        provider, _, model = model_id.partition(":")
        for key in (model_id, f"{provider}/{model}", model):
            if key in self.prices:
                return self.prices[key]
        return None


def _price(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise PitchError(f"must be a finite number, got {value!r}", field=where)
    if value < 0 or value > MAX_PRICE:
        raise PitchError(f"{value:g} is outside 0..{MAX_PRICE:g} USD per million tokens", field=where)
    return float(value)


def parse_litellm(data: bytes, source: str) -> PriceTable:
    """A LiteLLM price table (USD per token) as prices per million tokens."""
    doc = parse_json_bytes(data)
    if not isinstance(doc, dict):
        raise PitchError("a LiteLLM price table is a JSON object of models", file=source)
    prices: dict[str, dict[str, float]] = {}
    for key, entry in doc.items():
        if key == "sample_spec" or not isinstance(entry, dict):
            continue
        fields = {}
        for theirs, ours in _LITELLM_FIELDS.items():
            if theirs in entry and entry[theirs] is not None:
                fields[ours] = _price(
                    entry[theirs] * 1e6
                    if isinstance(entry[theirs], (int, float)) and not isinstance(entry[theirs], bool)
                    else entry[theirs],
                    f"{key}.{theirs}",
                )
        if fields:
            prices[key] = fields
            provider = entry.get("litellm_provider")
            if isinstance(provider, str) and "/" not in key and ":" not in key:
                prices.setdefault(f"{provider}:{key}", fields)
    return PriceTable(source, prices)


def parse_price_csv(data: bytes, source: str) -> PriceTable:
    """A CSV with a ``model`` column and any of the price columns (USD per million tokens)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PitchError("the price table is not UTF-8 text", file=source) from None
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "model" not in reader.fieldnames:
        raise PitchError(
            "a price CSV needs a 'model' column and price columns such as input_per_mtok", file=source
        )
    unknown = [c for c in reader.fieldnames if c not in ("model", *PRICE_FIELDS)]
    if unknown:
        raise PitchError(
            f"unknown column {unknown[0]!r} (allowed: model, {', '.join(PRICE_FIELDS)})", file=source
        )
    prices: dict[str, dict[str, float]] = {}
    for line, row in enumerate(reader, start=2):
        model = (row.get("model") or "").strip()
        if not model:
            continue
        fields = {}
        for f in PRICE_FIELDS:
            cell = (row.get(f) or "").strip()
            if cell:
                try:
                    value = float(cell)
                except ValueError:
                    raise PitchError(
                        f"{cell!r} is not a number", field=f"line {line}.{f}", file=source
                    ) from None
                fields[f] = _price(value, f"line {line}.{f}")
        prices[model] = fields
    return PriceTable(source, prices)


def load_price_table(path: Path) -> PriceTable:
    """Read a LiteLLM JSON (``.json``) or a price CSV (anything else)."""
    try:
        data = path.read_bytes()[: MAX_FILE_BYTES + 1]
    except OSError as exc:
        raise PitchError(f"cannot read the price table: {exc.strerror or exc}", file=str(path)) from None
    try:
        if path.suffix.lower() == ".json":
            return parse_litellm(data, str(path))
        return parse_price_csv(data, str(path))
    except PitchError as exc:
        raise exc if exc.file else exc.with_file(str(path)) from None


@dataclass(frozen=True)
class PriceChange:
    """One price a table would write into one block."""

    block_index: int
    block_name: str
    field: str
    old: float | None
    new: float

    @property
    def ratio(self) -> float | None:
        if self.old is None or self.old == 0:
            return None
        return self.new / self.old

    @property
    def suspicious(self) -> bool:
        """A change of 10x or more either way (or from $0)."""
        r = self.ratio
        if r is None:
            return self.old == 0 and self.new != 0
        return r >= UNIT_MISTAKE_RATIO or r <= 1 / UNIT_MISTAKE_RATIO

    def describe(self) -> str:
        old = "unknown" if self.old is None else f"${self.old:g}"
        text = f"blocks[{self.block_index}] ({self.block_name}): {self.field} {old} -> ${self.new:g}"
        if self.suspicious:
            r = self.ratio
            change = (
                f"a change of {max(r, 1 / r):.3g}x"
                if r
                else ("a drop to $0" if self.new == 0 else "a rise from $0")
            )
            text += f"  WARNING: {change}: per-token vs per-million units?"
        return text


def apply_user_prices(
    pitch: Pitch, table: PriceTable, catalog: PriceCatalog | None = None
) -> tuple[Pitch, list[PriceChange]]:
    """A pitch whose blocks carry the table's prices for their models, and the list of changes."""
    catalog = catalog or default_catalog()
    day = pitch.effective_as_of()
    changes: list[PriceChange] = []
    blocks: list[FeatureBlock] = []
    for i, block in enumerate(pitch.blocks):
        entry = table.lookup(block.model) if block.model else None
        if not entry:
            blocks.append(block)
            continue
        try:
            current = catalog.resolve_block(block, day)[0].base.as_dict()
        except PitchError:
            current = {}
        spec = block.price or PriceSpec()
        updated = {**spec.given(), **entry}
        for f, new in entry.items():
            old = current.get(f)
            if old != new:
                changes.append(PriceChange(i, block.name, f, old, new))
        blocks.append(with_changes(block, price=with_changes(spec, **updated)))
    return with_changes(pitch, blocks=tuple(blocks)), changes
