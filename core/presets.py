"""Built-in self-hosted deployment presets, each figure with its source and date (docs/contract.md 6.2).

A preset is a :class:`~core.pitch.Deployment` built from the sourced tables in ``resources/``:

- ``gpu_hour_prices.csv``: what a GPU-hour costs (the seed essay's fleet, SemiAnalysis' published TCO and
  3-year rental figures of August 2025 and July 2026, on-demand rental prices). Every row is one preset; a
  row that gives a range (low != high) is two, its low end and its high end. A figure is at full use.
- ``throughput.csv``: tokens per second per GPU, as measured and published. Throughput depends on the model
  served as much as on the GPU, and only two sources publish it: DeepSeek's production figures on H800
  GPUs (9,212.5 input / 1,850 output tokens per second per GPU; DeepSeek's own statistics, a vendor claim)
  and Lambda's vLLM benchmark of Llama-3.1-70B on H100 (output only).

The seed's fleet uses DeepSeek's figures on its H100s, as the issue that asked for it says; the other H100
presets do the same, and say so in their source: the figures were measured on H800s (the H100's export
variant), applied to the H100 as an assumption. No other GPU has a sourced throughput: those presets carry
none, :attr:`Preset.needs_throughput` names the fields the user must give, and
:meth:`Preset.make_deployment` takes them. Nothing is invented. Utilisation is 70% everywhere, the seed's
C9 reading: an assumption the user should set (the GPU-hour figures are at full use).

A preset is copied into the pitch when used (docs/contract.md 6.2: a memo scores the same everywhere):
:func:`with_deployment`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from pydantic import ValidationError

from core.errors import PitchError
from core.formatting import format_money
from core.pitch import DEPLOYMENT_PRICE_OVERRIDES, MAX_NAME, Deployment, Pitch
from core.resources import read_csv_rows

DEFAULT_UTILISATION = 0.7  # the seed's C9 reading ("$2.8030 at 70% utilisation", docs/contract.md 6.2)
SEED_ROW = "seed-c9-h100-fleet"
DEEPSEEK_ROW = "deepseek-v3-r1-h800-production-2025-02"
THROUGHPUT_FIELDS = ("input_tokens_per_second_per_gpu", "output_tokens_per_second_per_gpu")

# The seed essay's fleet (claim C9): "100 H100s cost $3M to purchase but $8.6M in total ownership", over
# 5 years (resources/gpu_hour_prices.csv, row seed-c9-h100-fleet, and resources/INFRA_SOURCES.md).
SEED_OWNERSHIP = {"gpus": 100.0, "total_cost_usd": 8_600_000.0, "years": 5.0, "purchase_usd": 3_000_000.0}

_BASIS_WORDS = {
    "seed-ownership": "owned, 5-year total cost",
    "hyperscaler-owned": "hyperscaler-owned, 4-year TCO",
    "neocloud-owned": "neocloud-owned, 4-year TCO",
    "rental-3yr": "3-year rental",
    "on-demand": "on demand",
}
_PUBLISHERS = {
    "seed": "the seed essay (C9)",
    "semianalysis": "SemiAnalysis",
    "mercatus": "Mercatus AI",
    "aimultiple": "AIMultiple",
    "coreweave": "CoreWeave via Kael Research",
}


def gpu_family(gpu: str) -> str:
    """The GPU's family as the tables name it in many ways: ``HGX H100`` and ``H100 SXM5`` are ``H100``."""
    name = gpu.upper()
    for family in ("GB300", "GB200", "B300", "B200", "H200", "H100", "H800"):
        if family in name:
            return family
    return name


@dataclass(frozen=True)
class GpuHourFigure:
    """One row of ``resources/gpu_hour_prices.csv``: USD per GPU-hour at full use."""

    id: str
    gpu: str
    basis: str
    usd_per_gpu_hour_low: float
    usd_per_gpu_hour_high: float
    as_of: date
    source: str
    kind: str
    notes: str


@dataclass(frozen=True)
class Throughput:
    """One row of ``resources/throughput.csv``: tokens per second per GPU (input None when unpublished)."""

    id: str
    model: str
    gpu: str
    input_tokens_per_second_per_gpu: float | None
    output_tokens_per_second_per_gpu: float
    tokens_per_second_per_user: float | None
    as_of: date
    source: str
    kind: str
    notes: str

    @property
    def vendor_claim(self) -> bool:
        """The figure is its vendor's or operator's own claim (the data says so)."""
        return self.kind == "vendor-claim" or "self-reported" in self.notes

    @property
    def family(self) -> str:
        return gpu_family(self.gpu)


def _number(text: str) -> float | None:
    return float(text) if text.strip() else None


@cache
def gpu_hour_figures() -> tuple[GpuHourFigure, ...]:
    """Every sourced GPU-hour figure, in the table's order."""
    return tuple(
        GpuHourFigure(
            r["id"],
            r["gpu"],
            r["basis"],
            float(r["usd_per_gpu_hour_low"]),
            float(r["usd_per_gpu_hour_high"]),
            date.fromisoformat(r["as_of"]),
            r["source"],
            r["kind"],
            r["notes"],
        )
        for r in read_csv_rows("gpu_hour_prices.csv")
    )


@cache
def throughputs() -> tuple[Throughput, ...]:
    """Every published throughput measurement, in the table's order."""
    out = []
    for r in read_csv_rows("throughput.csv"):
        output = _number(r["output_tokens_per_second_per_gpu"])
        assert output is not None, r["id"]  # the table's check (tests/core/test_infra_data.py)
        out.append(
            Throughput(
                r["id"],
                r["model"],
                r["gpu"],
                _number(r["input_tokens_per_second_per_gpu"]),
                output,
                _number(r["tokens_per_second_per_user"]),
                date.fromisoformat(r["as_of"]),
                r["source"],
                r["kind"],
                r["notes"],
            )
        )
    return tuple(out)


def throughput_options(gpu: str) -> list[Throughput]:
    """Published throughputs a preset on ``gpu`` may use: measured on its family (and, for an H100, DeepSeek's
    H800 figures, which the presets apply to it). Empty: none is published, the user must give one."""
    family = gpu_family(gpu)
    same = [t for t in throughputs() if t.family == family]
    if family == "H100":
        same = [t for t in throughputs() if t.family == "H800"] + same
    return same


def _exact(x: float) -> str:
    """A sourced figure as published: ``9,212.5`` (never rounded in a source text)."""
    return f"{x:,.12g}"


def throughput_source(t: Throughput, gpu: str) -> str:
    """Where a throughput comes from, with its date, and what to beware of."""
    inp = _exact(t.input_tokens_per_second_per_gpu) if t.input_tokens_per_second_per_gpu else "?"
    text = (
        f"throughput {inp} input / {_exact(t.output_tokens_per_second_per_gpu)} output tokens/s per GPU: "
        f"{t.source}, {t.as_of.isoformat()}"
    )
    if t.vendor_claim:
        text += "; vendor claim (the operator's own statistics)"
    if t.family != gpu_family(gpu):
        text += f"; measured on {t.gpu}, not {gpu}: applied here as an assumption"
    return text


@dataclass(frozen=True)
class Preset:
    """A deployment to copy into a pitch: a sourced GPU-hour, a throughput when one is published, 70% use."""

    key: str
    title: str
    date: date  # the GPU-hour figure's date
    gpu: str
    basis: str
    gpu_hour: GpuHourFigure
    gpu_hour_usd: float  # at full use
    throughput: Throughput | None
    utilisation: float
    source: str  # every figure's source and date

    @property
    def needs_throughput(self) -> tuple[str, ...]:
        """The throughput fields the user must give (none published for this GPU); empty when complete."""
        t = self.throughput
        if t is None:
            return THROUGHPUT_FIELDS
        return () if t.input_tokens_per_second_per_gpu is not None else THROUGHPUT_FIELDS[:1]

    @property
    def deployment(self) -> Deployment | None:
        """The deployment to copy into a pitch; None while a throughput must be given (:meth:`make_deployment`)."""
        return None if self.needs_throughput else self.make_deployment()

    def make_deployment(
        self,
        *,
        input_tokens_per_second_per_gpu: float | None = None,
        output_tokens_per_second_per_gpu: float | None = None,
        utilisation: float | None = None,
        deployment_id: str | None = None,
    ) -> Deployment:
        """The preset as a deployment, with the throughput the user gives where none is published.

        Raises
        ------
        PitchError
            A throughput is still missing (the field names it), or a given value is out of its bounds.
        """
        t = self.throughput
        given = {
            "input_tokens_per_second_per_gpu": input_tokens_per_second_per_gpu,
            "output_tokens_per_second_per_gpu": output_tokens_per_second_per_gpu,
        }
        published = {
            "input_tokens_per_second_per_gpu": t.input_tokens_per_second_per_gpu if t else None,
            "output_tokens_per_second_per_gpu": t.output_tokens_per_second_per_gpu if t else None,
        }
        values = {k: given[k] if given[k] is not None else published[k] for k in THROUGHPUT_FIELDS}
        for k in THROUGHPUT_FIELDS:
            if values[k] is None:
                raise PitchError(
                    f"no {k.split('_')[0]} throughput is published for {self.gpu}: give the tokens per second "
                    "per GPU you measured for your model",
                    field=k,
                )
        source = self.source
        user = [k.split("_")[0] for k in THROUGHPUT_FIELDS if given[k] is not None]
        if user:
            source = f"{source}; {' and '.join(user)} throughput given by the user"
        doc: dict[str, Any] = {
            "id": deployment_id or self.key[:64],
            "name": self.title[:MAX_NAME],
            "gpu": self.gpu,
            "utilisation": self.utilisation if utilisation is None else utilisation,
            "source": _fit(source),
            **values,
        }
        if self.basis == "seed-ownership":
            doc["ownership"] = dict(SEED_OWNERSHIP)
        else:
            doc["gpu_hour_usd"] = self.gpu_hour_usd
        try:
            return Deployment.model_validate(doc)
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"])
            raise PitchError(err["msg"], field=where) from None


def _fit(text: str) -> str:
    """A source fits the deployment's ``source`` field (at most MAX_NAME characters)."""
    return text if len(text) <= MAX_NAME else text[: MAX_NAME - 1] + "…"


def _preset(row: GpuHourFigure, usd: float, end: str | None) -> Preset:
    family = gpu_family(row.gpu)
    options = throughput_options(row.gpu) if family == "H100" else []
    throughput = next((t for t in options if t.id == DEEPSEEK_ROW), None)
    publisher = _PUBLISHERS.get(row.id.split("-")[0], row.source.split(",")[0])
    basis = _BASIS_WORDS.get(row.basis, row.basis)
    end_words = (
        f", {end} end of {format_money(row.usd_per_gpu_hour_low)}-{format_money(row.usd_per_gpu_hour_high)}"
        if end
        else ""
    )
    title = f"{row.gpu} · {basis} · {publisher}, {row.as_of.strftime('%b %Y')} · {format_money(usd)}/GPU-hour{end_words}"
    kind = {
        "survey": "a survey figure",
        "derived": "derived",
        "list-price": "a list price",
        "vendor-claim": "vendor claim",
    }
    if row.basis == "seed-ownership":
        hour = "GPU-hour from ownership: $8.6M over 5 years for 100 GPUs ($3M to buy)"
    else:
        hour = f"GPU-hour {format_money(usd)}{end_words} ({basis})"
    parts = [f"{hour}: {row.source}, {row.as_of.isoformat()}, {kind.get(row.kind, row.kind)}"]
    if throughput is not None:
        parts.append(throughput_source(throughput, row.gpu))
    else:
        parts.append(f"throughput: none published for {row.gpu}, give your own")
    parts.append(f"utilisation {DEFAULT_UTILISATION:.0%}: an assumption (the seed's C9 reading)")
    return Preset(
        key=row.id + (f"-{end}" if end else ""),
        title=title,
        date=row.as_of,
        gpu=row.gpu,
        basis=row.basis,
        gpu_hour=row,
        gpu_hour_usd=usd,
        throughput=throughput,
        utilisation=DEFAULT_UTILISATION,
        source=_fit("; ".join(parts)),
    )


@cache
def deployment_presets() -> tuple[Preset, ...]:
    """Every preset: the seed's fleet first, then the table's rows in order (a range gives its two ends)."""
    out = []
    for row in gpu_hour_figures():
        if row.usd_per_gpu_hour_low == row.usd_per_gpu_hour_high:
            out.append(_preset(row, row.usd_per_gpu_hour_low, None))
        else:
            out.append(_preset(row, row.usd_per_gpu_hour_low, "low"))
            out.append(_preset(row, row.usd_per_gpu_hour_high, "high"))
    out.sort(key=lambda p: p.basis != "seed-ownership")
    return tuple(out)


def preset(key: str) -> Preset:
    """The preset called ``key``.

    Raises
    ------
    PitchError
        An unknown key (the message lists a few known ones).
    """
    for p in deployment_presets():
        if p.key == key:
            return p
    known = ", ".join(p.key for p in deployment_presets()[:5])
    raise PitchError(f"unknown deployment preset {key!r}; known presets include {known}", field="preset")


def with_deployment(pitch: Pitch, deployment: Deployment, blocks: tuple[int, ...] = ()) -> Pitch:
    """``pitch`` with ``deployment`` copied in (its id made unique) and ``blocks`` priced from it: one edit.

    A block switched to the deployment drops its ``model`` and keeps only the prices a deployment leaves to
    it (cached input, cache writes, reasoning: docs/contract.md 6.2).
    """
    ids = {d.id for d in pitch.deployments}
    dep_id = deployment.id
    n = 2
    while dep_id in ids:
        suffix = f"-{n}"
        dep_id = deployment.id[: 64 - len(suffix)] + suffix
        n += 1
    data = pitch.model_dump(mode="python")
    data["deployments"] = [*data["deployments"], {**deployment.model_dump(mode="python"), "id": dep_id}]
    _switch_blocks(data, dep_id, blocks)
    return Pitch.model_validate(data)


def use_deployment(pitch: Pitch, dep_id: str, blocks: tuple[int, ...]) -> Pitch:
    """``pitch`` with ``blocks`` priced from its deployment ``dep_id``, by the same rule as
    :func:`with_deployment` (the model dropped, only the prices a deployment leaves kept): one edit.

    Raises
    ------
    PitchError
        The pitch has no deployment ``dep_id``, or a block index is out of range.
    """
    if dep_id not in {d.id for d in pitch.deployments}:
        raise PitchError(f"the pitch has no deployment {dep_id!r}", field="deployment")
    for i in blocks:
        if not 0 <= i < len(pitch.blocks):
            raise PitchError(f"the pitch has no blocks[{i}]", field=f"blocks[{i}]")
    data = pitch.model_dump(mode="python")
    _switch_blocks(data, dep_id, blocks)
    return Pitch.model_validate(data)


def _switch_blocks(data: dict[str, Any], dep_id: str, blocks: tuple[int, ...]) -> None:
    for i in blocks:
        block = data["blocks"][i]
        block["model"] = None
        block["deployment"] = dep_id
        price = block.get("price")
        if price:
            kept = {k: v for k, v in price.items() if k in DEPLOYMENT_PRICE_OVERRIDES and v is not None}
            block["price"] = kept or None
