"""A deterministic mutation fuzzer for pitch files (issue 13: "1,500 mutated memos").

It starts from the shipped examples and ``tests/core/fixtures/*.json`` and mutates them: numbers to edge
values (0, -0, 5e-324, 1e-300, 1e308, 1e12, just inside and outside each field's bounds from the field
registry ``core.pitch.FIELDS``), tokens JSON forbids (NaN, Infinity, 1e999, 400-digit integers), wrong
types, nulls, deleted and duplicated keys, deep nesting, unicode (lone surrogates, NUL, right-to-left,
long text), changed structure (empty, huge or mis-typed lists, unknown fields, schema versions, dates,
scenarios, ranges, tiers, deployments) and broken bytes (a byte-order mark, UTF-16, truncation). The same
seed gives the same files.
"""

from __future__ import annotations

import copy
import json
import math
import random
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from core.pitch import FIELDS

REPO = Path(__file__).resolve().parents[2]
SOURCES = sorted((REPO / "resources" / "examples").glob("*.json")) + sorted(
    (REPO / "tests" / "core" / "fixtures").glob("*.json")
)

Loc = tuple[str | int, ...]


class Raw(str):
    """A token written into the file as it is (NaN, 1e999, a 400-digit integer, deep nesting...)."""


class Pairs(list[tuple[str, Any]]):
    """A JSON object that may repeat a key."""


def dump(node: Any) -> str:
    """JSON text for ``node``, with :class:`Raw` tokens and :class:`Pairs` objects written as they are."""
    if isinstance(node, Raw):
        return str(node)
    if isinstance(node, Pairs):
        return "{" + ", ".join(f"{json.dumps(k)}: {dump(v)}" for k, v in node) + "}"
    if isinstance(node, dict):
        return "{" + ", ".join(f"{json.dumps(k)}: {dump(v)}" for k, v in node.items()) + "}"
    if isinstance(node, list):
        return "[" + ", ".join(dump(v) for v in node) + "]"
    if isinstance(node, float) and math.isfinite(node):
        return repr(node)
    return json.dumps(node, ensure_ascii=False)


def _walk(node: Any, loc: Loc = ()) -> Iterator[tuple[Loc, Any]]:
    yield loc, node
    if isinstance(node, Pairs):
        return  # written as it is: later mutations leave a duplicated key alone
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _walk(v, (*loc, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _walk(v, (*loc, i))


def _get(doc: Any, loc: Loc) -> Any:
    for part in loc:
        doc = doc[part]
    return doc


def _set(doc: Any, loc: Loc, value: Any) -> Any:
    if not loc:
        return value
    _get(doc, loc[:-1])[loc[-1]] = value
    return doc


def _field_key(loc: Loc) -> str | None:
    """The registry key a number at ``loc`` belongs to (a range's ends belong to the ranged field)."""
    names = [p for p in loc if isinstance(p, str)]
    return names[-1] if names else None


def _bound_values(key: str | None) -> list[Any]:
    spec = FIELDS.find(key) if key else None
    out: list[Any] = []
    if spec is None:
        return out
    for bound in (spec.low, spec.high):
        if bound is None:
            continue
        out += [bound, math.nextafter(bound, math.inf), math.nextafter(bound, -math.inf)]
        out += [bound * (1 + 1e-9) if bound else 1e-9, bound * (1 - 1e-9) if bound else -1e-9]
    return out


EDGE_NUMBERS: list[Any] = [
    0,
    0.0,
    Raw("-0"),
    Raw("-0.0"),
    5e-324,
    -5e-324,
    1e-300,
    1e-12,
    1e308,
    -1e308,
    1.7976931348623157e308,
    1e12,
    1e12 + 1,
    1e15,
    1e6,
    1.0,
    -1,
    0.5,
    1 - 2**-53,
    2**53 + 1,
    10**18,
    Raw("1" + "0" * 400),
    Raw("-" + "9" * 309),
    Raw("1e999"),
    Raw("-1e999"),
    Raw("1e-999"),
    Raw("NaN"),
    Raw("Infinity"),
    Raw("-Infinity"),
    "12",
    "",
    None,
    True,
    False,
    [],
    {},
    [1, 2],
]
TEXTS: list[Any] = [
    Raw('"\\ud800"'),
    Raw('"lone \\udfff surrogate"'),
    Raw('"\\ud83d\\ude00 a pair is fine"'),
    Raw('"\\u0000 NUL"'),
    "\u202eright-to-left override",
    "😀" * 500,
    '=HYPERLINK("http://x")',
    "+1",
    "@cmd",
    "名前 · 模型",
    "a" * 20_000,
    "",
    " ",
    "\t\r\n",
]
MODELS = [
    "openai:gpt-4o-mini",
    "anthropic:claude-sonnet-4-6",
    "nope:not-a-model",
    "",
    "openai:",
    ":",
    "gpt-4o-mini",
    "OPENAI:GPT-4O-MINI",
    "openai:gpt-4o-mini ",
    "x" * 5000,
]
DATES = [
    "2000-01-01",
    "2099-12-31",
    "1999-12-31",
    "2100-01-01",
    "2026-02-30",
    "2026-13-01",
    "",
    "today",
    20260101,
    None,
    "2021-01-01",
    "2023-03-14T12:00:00",
]
SCENARIOS = [
    "seed-rule",
    "epoch-gpt4-mmlu",
    "gpu-price-performance",
    "no-such-scenario",
    "",
    None,
    {},
    {"name": "x", "annual_decline_low": 1.001, "annual_decline_high": 1.001},
    {"name": "x", "annual_decline_low": 1000, "annual_decline_high": 1000},
    {"name": "x", "annual_decline_low": 1.0, "annual_decline_high": 2},
    {"name": "x", "annual_decline_low": 5, "annual_decline_high": 4},
    {"name": "x", "annual_decline_low": 1.001, "annual_decline_high": 1000},
    {"name": "x", "annual_decline_low": 1000.0000001, "annual_decline_high": 1e308},
    {"name": "x", "annual_decline_low": Raw("NaN"), "annual_decline_high": 2},
    {"name": "", "annual_decline_low": 2, "annual_decline_high": 3, "extra": 1},
]


class Mutator:
    """Mutations of one parsed document, drawn from ``rng``."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def pick(self, options: list[Any]) -> Any:
        return copy.deepcopy(self.rng.choice(options))

    def numbers(self, doc: Any) -> list[Loc]:
        return [
            loc
            for loc, v in _walk(doc)
            if isinstance(v, (int, float)) and not isinstance(v, bool) and not isinstance(v, Raw)
        ]

    # -- the mutations -----------------------------------------------------------------------------
    def edge_number(self, doc: Any) -> Any:
        locs = self.numbers(doc)
        if not locs:
            return doc
        loc = self.rng.choice(locs)
        options = EDGE_NUMBERS + _bound_values(_field_key(loc)) * 3  # bounds are the likeliest bugs
        return _set(doc, loc, self.pick(options))

    def scale_number(self, doc: Any) -> Any:
        locs = self.numbers(doc)
        if not locs:
            return doc
        loc = self.rng.choice(locs)
        value = _get(doc, loc)
        factor = 10.0 ** self.rng.choice([-300, -30, -12, -6, 6, 12, 30, 300])
        return _set(doc, loc, float(value) * factor if value else factor)

    def delete_key(self, doc: Any) -> Any:
        objects = [(loc, v) for loc, v in _walk(doc) if isinstance(v, dict) and v]
        if not objects:
            return doc
        _, obj = self.rng.choice(objects)
        del obj[self.rng.choice(list(obj))]
        return doc

    def duplicate_key(self, doc: Any) -> Any:
        objects = [loc for loc, v in _walk(doc) if isinstance(v, dict) and v]
        if not objects:
            return doc
        loc = self.rng.choice(objects)
        obj = _get(doc, loc)
        key = self.rng.choice(list(obj))
        pairs = Pairs(obj.items())
        pairs.insert(self.rng.randrange(len(pairs) + 1), (key, self.pick([obj[key], 0, "x", None])))
        return _set(doc, loc, pairs)

    def wrong_type(self, doc: Any) -> Any:
        locs = [loc for loc, _ in _walk(doc) if loc]
        loc = self.rng.choice(locs)
        return _set(doc, loc, self.pick([None, "text", 1, 1.5, True, [], {}, [None], {"a": 1}]))

    def deep_nesting(self, doc: Any) -> Any:
        locs = [loc for loc, _ in _walk(doc) if loc]
        depth = self.rng.choice([31, 32, 33, 100, 5000, 200_000])
        opener, closer = self.rng.choice([("[", "]"), ('{"a":', "}")])
        return _set(doc, self.rng.choice(locs), Raw(opener * depth + "1" + closer * depth))

    def text(self, doc: Any) -> Any:
        locs = [loc for loc, v in _walk(doc) if isinstance(v, str) and loc]
        loc = self.rng.choice(locs) if locs and self.rng.random() < 0.7 else ("name",)
        return _set(doc, loc, self.pick(TEXTS))

    def unknown_field(self, doc: Any) -> Any:
        objects = [loc for loc, v in _walk(doc) if isinstance(v, dict)]
        obj = _get(doc, self.rng.choice(objects))
        obj[self.pick(["extra", "Name", "inputTokens", "ranges ", "\ud7ff", "__proto__"])] = 1
        return doc

    def blocks(self, doc: Any) -> Any:
        if not isinstance(doc, dict):
            return doc
        blocks = doc.get("blocks")
        options: list[Callable[[], Any]] = [
            lambda: [],
            lambda: {},
            lambda: None,
            lambda: [copy.deepcopy(blocks[0])] * 60 if isinstance(blocks, list) and blocks else [],
            lambda: [*blocks, *blocks] if isinstance(blocks, list) else blocks,
            lambda: [{"name": "bare"}],
            lambda: [1, "two", None],
            lambda: [
                {
                    "name": "all zero",
                    "price": {"input_per_mtok": 0, "output_per_mtok": 0},
                    "input_tokens": 0,
                    "output_tokens": 0,
                    "calls_per_action": 0,
                    "actions_per_day": 0,
                }
            ],
            lambda: [
                {
                    "name": "all at the top",
                    "price": {"input_per_mtok": 1e6, "output_per_mtok": 1e6},
                    "input_tokens": 1e12,
                    "output_tokens": 1e12,
                    "reasoning_tokens": 1e12,
                    "audio_input_tokens": 1e12,
                    "calls_per_action": 1e12,
                    "actions_per_day": 1e12,
                    "price_multiplier": 1e6,
                    "per_call_usd": 1e6,
                    "ranges": {"actions_per_day": [1e-300, 1e12], "price_multiplier": [5e-324, 1e6]},
                }
            ],
        ]
        doc["blocks"] = self.rng.choice(options)()
        return doc

    def business(self, doc: Any) -> Any:
        if not isinstance(doc, dict) or not isinstance(doc.get("business"), dict):
            return doc
        business = doc["business"]
        key = self.rng.choice(
            [
                "price_per_user_month",
                "target_gross_margin",
                "inference_share_of_cogs",
                "active_days_per_month",
                "usage_multiplier",
                "free_users_per_paying_user",
                "payment_fee_fraction",
            ]
        )
        business[key] = self.pick(EDGE_NUMBERS + _bound_values(key) * 4)
        return doc

    def ranges(self, doc: Any) -> Any:
        owners = [
            loc
            for loc, v in _walk(doc)
            if isinstance(v, dict) and ("input_tokens" in v or "price_per_user_month" in v)
        ]
        if not owners:
            return doc
        owner = _get(doc, self.rng.choice(owners))
        numeric = [k for k, v in owner.items() if isinstance(v, (int, float)) and not isinstance(v, bool)]
        if not numeric:
            return doc
        key = self.rng.choice([*numeric, "enabled", "model", "audio_output_tokens"])
        value = owner.get(key, 0)
        value = value if isinstance(value, (int, float)) and not isinstance(value, bool) else 1.0
        ends = [value, 0, 5e-324, 1e-300, 1e12, 1e308, value * 2, value / 2, 1, -1, Raw("NaN")]
        ranges = owner.setdefault("ranges", {})
        if not isinstance(ranges, dict):
            ranges = owner["ranges"] = {}
        ranges[key] = self.rng.choice(
            [
                [self.pick(ends), self.pick(ends)],
                [value, value],
                [min(value, 1e-300) if value else 1e-300, max(value, 1e300)],
                [value],
                [1, 2, 3],
                "1 to 2",
                None,
            ]
        )
        return doc

    def tiers(self, doc: Any) -> Any:
        prices = [loc for loc, v in _walk(doc) if isinstance(v, dict) and "input_per_mtok" in v]
        if not prices:
            return doc
        price = _get(doc, self.rng.choice(prices))
        above = self.pick([0, 5e-324, 1e12, 1e12 + 1, -1, 200_000, 1e308])
        tier = {"above_input_tokens": above, "input_per_mtok": self.pick([0, 1e6, 1e6 + 1, 5e-324, 2.0])}
        price["tiers"] = self.rng.choice([[tier], [tier, tier], [tier] * 101, [], [{}], tier])
        return doc

    def model(self, doc: Any) -> Any:
        blocks = doc.get("blocks") if isinstance(doc, dict) else None
        if not isinstance(blocks, list) or not blocks or not isinstance(blocks[0], dict):
            return doc
        block = self.rng.choice([b for b in blocks if isinstance(b, dict)])
        block["model"] = self.pick(MODELS)
        if self.rng.random() < 0.5:
            block.pop("price", None)
        return doc

    def top_level(self, doc: Any) -> Any:
        if not isinstance(doc, dict):
            return doc
        key, options = self.rng.choice(
            [
                ("schema_version", [0, 1, 3, 2.0, "2", -1, 10**30, None, True]),
                ("format", ["computecurve.pitch ", "", None, "other", 1]),
                ("as_of", DATES),
                ("scenario", SCENARIOS),
                ("name", TEXTS),
                ("business", [None, [], {}, "x", {"price_per_user_month": 1}]),
                ("deployments", [None, [], {}, [{}], [{"id": "x"}]]),
                ("reference_lines", [None, [], [{}], [{"label": "x", "usd": 5e-324}]]),
            ]
        )
        doc[key] = self.pick(options)
        return doc

    def deployment(self, doc: Any) -> Any:
        deps = doc.get("deployments") if isinstance(doc, dict) else None
        if not isinstance(deps, list) or not deps or not isinstance(deps[0], dict):
            return self.edge_number(doc)
        dep = self.rng.choice([d for d in deps if isinstance(d, dict)])
        locs = [loc for loc, v in _walk(dep) if isinstance(v, (int, float)) and not isinstance(v, bool)]
        if locs:
            loc = self.rng.choice(locs)
            _set(dep, loc, self.pick(EDGE_NUMBERS[:20] + _bound_values(_field_key(loc)) * 3))
        return doc

    def extremes(self, doc: Any) -> Any:
        """Several numbers at once to extremes their fields allow (valid files that stress the arithmetic)."""
        locs = self.numbers(doc)
        for loc in self.rng.sample(locs, min(len(locs), self.rng.choice([2, 4, 8, 16]))):
            spec = FIELDS.find(_field_key(loc) or "")
            if spec is None:
                continue
            low = spec.low if spec.low is not None else 0.0
            high = spec.high if spec.high is not None else 1e12
            inside = [
                math.nextafter(low, math.inf) if spec.low_open else low,
                math.nextafter(high, -math.inf) if spec.high_open else high,
                math.nextafter(low, math.inf),
                math.nextafter(high, -math.inf),
                5e-324,
                1e-300,
                1e-12,
                1e12,
                high * 0.999,
            ]
            _set(doc, loc, self.rng.choice([v for v in inside if spec.contains(v)] or [low]))
        return doc

    def all(self) -> list[Callable[[Any], Any]]:
        return [
            self.extremes,
            self.extremes,
            self.extremes,
            self.edge_number,
            self.edge_number,
            self.edge_number,
            self.scale_number,
            self.scale_number,
            self.delete_key,
            self.duplicate_key,
            self.wrong_type,
            self.deep_nesting,
            self.text,
            self.unknown_field,
            self.blocks,
            self.business,
            self.business,
            self.ranges,
            self.ranges,
            self.tiers,
            self.model,
            self.top_level,
            self.deployment,
        ]


def _bytes_mutation(rng: random.Random, data: bytes) -> bytes:
    kind = rng.randrange(7)
    if kind == 0:
        return b"\xef\xbb\xbf" + data  # a UTF-8 byte-order mark: accepted
    if kind == 1:
        return data.decode("utf-8").encode("utf-16")
    if kind == 2:
        return data[: rng.randrange(len(data) + 1)]  # truncated
    if kind == 3:
        return data + b"\n}garbage"
    if kind == 4:
        i = rng.randrange(len(data) + 1)
        return data[:i] + b"\xff\xfe\x80" + data[i:]  # not UTF-8
    if kind == 5:
        return b""
    return data.replace(b"0", b"\x00", 1)


def mutants(count: int, seed: int = 13) -> Iterator[tuple[str, bytes]]:
    """``count`` mutated pitch files as (a name that says what was done, bytes), the same for a seed."""
    rng = random.Random(seed)
    bases = [(p.stem.replace(".pitch", ""), json.loads(p.read_text(encoding="utf-8"))) for p in SOURCES]
    mutator = Mutator(rng)
    operations = mutator.all()
    for i in range(count):
        base_name, base = rng.choice(bases)
        doc = copy.deepcopy(base)
        done = []
        for _ in range(rng.choice([1, 1, 1, 2, 2, 3])):
            op = rng.choice(operations)
            try:
                doc = op(doc)
            except (TypeError, KeyError, IndexError, AttributeError, ValueError):
                continue  # an earlier mutation changed the shape this one expects
            done.append(op.__name__)
        data = dump(doc).encode("utf-8", errors="surrogatepass")
        if rng.random() < 0.05:
            data = _bytes_mutation(rng, data)
            done.append("bytes")
        yield f"{i:04d}-{base_name}-{'+'.join(done)}", data
