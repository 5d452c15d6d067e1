"""The infrastructure view's figures: a deployment's chain step by step, its prices against utilisation, and
the break-even utilisation against an API's price (docs/contract.md 6.2).

Every number comes from :func:`core.deployments.deployment_costs`, the function the engine prices a block
with; this module only lays the chain out in words (each step's number, how it is worked out and where its
inputs come from) and evaluates the same arithmetic over a range of utilisations for the chart:

``price(u) = gpu_hour_usd / u / (tokens_per_second_per_gpu * 3600) * 1e6``

so the self-hosted price falls as ``1 / u``. It equals an API's output price ``p`` (USD per million tokens)
at the **break-even utilisation** ``u* = gpu_hour_usd / (p / 1e6 * 3600 * output_tokens_per_second_per_gpu)``;
above ``u*`` self-hosting is cheaper. When ``u* > 1`` no utilisation in (0, 100%] reaches the API's price.

It also holds the two edits of a pitch's deployments that need a rule: which blocks use a deployment, and
removing one whose blocks then keep its current prices as explicit prices (the cost does not jump).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from core.deployments import HOURS_PER_YEAR, DeploymentCosts, capital_recovery_factor, deployment_costs
from core.errors import PitchError
from core.formatting import format_fraction, format_gpu_hour, format_per_mtok, format_quantity
from core.pitch import DEPLOYMENT_PRICE_OVERRIDES, Deployment, Pitch

SECONDS_PER_HOUR = 3600
BASIS_WORDS = {
    "rental": "a quoted price (rental)",
    "ownership": "the total cost of ownership",
    "components": "its components (capex, power, facility, operations)",
}


def _dollars(x: float) -> str:
    """An input figure as typed, whole dollars grouped: ``$8,600,000``, ``$0.08``."""
    return f"${x:,.0f}" if x == int(x) and abs(x) < 1e15 else f"${x:,.12g}"


@dataclass(frozen=True)
class ChainStep:
    """One step from a GPU-hour to a price per token: its number and how it is worked out."""

    key: str  # gpu_hour, gpu_share, capital, power, facility, operations, paid_hour, input, output
    label: str  # "GPU-hour"
    value: float
    text: str  # "$1.9621 per GPU-hour"
    how: str  # "$8,600,000 / (100 GPUs x 5 years x 8,766 hours a year)"
    source: str  # where its inputs come from


def _hour_text(usd: float, what: str = "per GPU-hour") -> str:
    return f"{format_gpu_hour(usd)} {what}"


def _component_steps(d: Deployment, c: DeploymentCosts) -> list[ChainStep]:
    cp, parts = d.components, c.components
    assert cp is not None and parts is not None
    crf = capital_recovery_factor(cp.interest_rate, cp.years)
    rate = (
        f"at {format_fraction(cp.interest_rate)} over {format_quantity(cp.years)} years (capital recovery "
        f"factor {crf:.4g})"
        if cp.interest_rate
        else f"over {format_quantity(cp.years)} years, no interest"
    )
    where = "this deployment's components"
    return [
        ChainStep(
            "capital",
            "Capital",
            parts.capital,
            _hour_text(parts.capital),
            f"{_dollars(cp.capex_usd_per_gpu)} per GPU {rate} / {HOURS_PER_YEAR:,.0f} hours a year",
            where,
        ),
        ChainStep(
            "power",
            "Power",
            parts.power,
            _hour_text(parts.power),
            f"{format_quantity(cp.power_kw_per_gpu)} kW x PUE {format_quantity(cp.pue)} x "
            f"{_dollars(cp.electricity_usd_per_kwh)} per kWh",
            where,
        ),
        ChainStep(
            "facility",
            "Facility",
            parts.facility,
            _hour_text(parts.facility),
            f"{_dollars(cp.facility_usd_per_kw_month)} per kW-month x {format_quantity(cp.power_kw_per_gpu)} kW "
            f"x 12 / {HOURS_PER_YEAR:,.0f} hours",
            where,
        ),
        ChainStep(
            "operations",
            "Operations",
            parts.operations,
            _hour_text(parts.operations),
            f"{format_fraction(cp.operations_fraction_of_capex_per_year)} of {_dollars(cp.capex_usd_per_gpu)} "
            f"a year / {HOURS_PER_YEAR:,.0f} hours",
            where,
        ),
    ]


def deployment_chain(d: Deployment) -> tuple[ChainStep, ...]:
    """The chain GPU-hour -> paid hour at utilisation -> USD per million tokens in and out, step by step.

    With ownership and a purchase price, the GPUs' share of the total cost follows the GPU-hour; with
    components, each part comes before their sum.

    >>> from core.pitch import Deployment
    >>> seed = Deployment.model_validate({"id": "seed", "name": "100 x H100", "gpu": "H100",
    ...     "ownership": {"gpus": 100.0, "total_cost_usd": 8.6e6, "years": 5.0, "purchase_usd": 3e6},
    ...     "utilisation": 0.7, "input_tokens_per_second_per_gpu": 9000.0,
    ...     "output_tokens_per_second_per_gpu": 1850.0})
    >>> [s.text for s in deployment_chain(seed)][:3]
    ['$1.9621 per GPU-hour', '34.9% of the total cost', '$2.8030 per paid hour']
    """
    c = deployment_costs(d)
    source = d.source or "no source given"
    steps: list[ChainStep] = []
    if c.basis == "rental":
        steps.append(
            ChainStep(
                "gpu_hour", "GPU-hour", c.gpu_hour_usd, _hour_text(c.gpu_hour_usd), "a quoted price", source
            )
        )
    elif c.basis == "ownership":
        o = d.ownership
        assert o is not None
        steps.append(
            ChainStep(
                "gpu_hour",
                "GPU-hour",
                c.gpu_hour_usd,
                _hour_text(c.gpu_hour_usd),
                f"{_dollars(o.total_cost_usd)} / ({format_quantity(o.gpus)} GPUs x {format_quantity(o.years)} "
                f"years x {HOURS_PER_YEAR:,.0f} hours a year)",
                source,
            )
        )
        if c.gpu_share_of_cost is not None and o.purchase_usd is not None:
            steps.append(
                ChainStep(
                    "gpu_share",
                    "GPU share of cost",
                    c.gpu_share_of_cost,
                    f"{format_fraction(c.gpu_share_of_cost)} of the total cost",
                    f"the GPUs' purchase {_dollars(o.purchase_usd)} / the total {_dollars(o.total_cost_usd)}",
                    source,
                )
            )
    else:
        steps += _component_steps(d, c)
        steps.append(
            ChainStep(
                "gpu_hour",
                "GPU-hour",
                c.gpu_hour_usd,
                _hour_text(c.gpu_hour_usd),
                "capital + power + facility + operations",
                source,
            )
        )
    steps.append(
        ChainStep(
            "paid_hour",
            "Paid hour",
            c.paid_hour_usd,
            _hour_text(c.paid_hour_usd, "per paid hour"),
            f"{format_gpu_hour(c.gpu_hour_usd)} / {format_fraction(c.utilisation)} utilisation (idle hours are "
            "paid for too)",
            f"utilisation {format_fraction(c.utilisation)}: this deployment's",
        )
    )
    for key, word, tps, value in (
        ("input", "Input price", d.input_tokens_per_second_per_gpu, c.input_per_mtok),
        ("output", "Output price", d.output_tokens_per_second_per_gpu, c.output_per_mtok),
    ):
        steps.append(
            ChainStep(
                key,
                word,
                value,
                format_per_mtok(value),
                f"{format_gpu_hour(c.paid_hour_usd)} / ({tps:,.12g} tokens/s x 3,600 s) x 1,000,000",
                f"throughput {tps:,.12g} tokens/s per GPU: this deployment's",
            )
        )
    return tuple(steps)


def utilisation_prices(
    d: Deployment, utilisations: Sequence[float] | np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(input, output) USD per million tokens at each utilisation in (0, 1]: the contract's formula, vectorised.

    Equal to ``deployment_costs(d, utilisation=u)`` at every ``u``.
    """
    u = np.asarray(utilisations, dtype=float)
    hour = deployment_costs(d).gpu_hour_usd
    paid = hour / u
    return (
        paid / (d.input_tokens_per_second_per_gpu * SECONDS_PER_HOUR) * 1e6,
        paid / (d.output_tokens_per_second_per_gpu * SECONDS_PER_HOUR) * 1e6,
    )


def breakeven_utilisation(d: Deployment, api_output_per_mtok: float) -> float | None:
    """The utilisation at which the self-hosted output price equals ``api_output_per_mtok``:
    ``u* = gpu_hour_usd / (p / 1e6 * 3600 * output_tokens_per_second_per_gpu)``.

    None when there is none in (0, 1]: the API's price is below the self-hosted price even at full use, or it
    is not positive (nothing self-hosted costs nothing).
    """
    if not api_output_per_mtok > 0:
        return None
    hour = deployment_costs(d).gpu_hour_usd
    u = hour / (api_output_per_mtok / 1e6 * SECONDS_PER_HOUR * d.output_tokens_per_second_per_gpu)
    return u if u <= 1 else None


@dataclass(frozen=True)
class ApiPrice:
    """A catalog model's prices on the pitch's date, to set beside a deployment's."""

    model: str
    input_per_mtok: float
    output_per_mtok: float
    source: str = ""


@dataclass(frozen=True)
class UtilisationCurve:
    """What the utilisation chart draws: a deployment's prices from ``u[0]`` to 100% utilisation, its own
    utilisation, and the break-even against an API's output price (None: none in (0, 1], or no API)."""

    name: str
    u: np.ndarray  # utilisations, ascending, ending at 1
    input_per_mtok: np.ndarray
    output_per_mtok: np.ndarray
    utilisation: float  # the deployment's own
    own_input_per_mtok: float
    own_output_per_mtok: float
    api: ApiPrice | None
    breakeven: float | None
    sentence: str  # the break-even in words ("" without an API)


CURVE_POINTS = 240
MIN_UTILISATION = 0.01  # the curve starts here at the latest (the price tends to infinity at 0)


def utilisation_curve(
    d: Deployment, api: ApiPrice | None = None, points: int = CURVE_POINTS
) -> UtilisationCurve:
    """The deployment's prices against utilisation, from a quarter of the lowest utilisation worth seeing (its
    own, the break-even) up to 100%, evenly spaced in utilisation."""
    c = deployment_costs(d)
    u_star = breakeven_utilisation(d, api.output_per_mtok) if api is not None else None
    lowest = min(x for x in (0.2, c.utilisation, u_star) if x is not None)
    start = max(MIN_UTILISATION, lowest / 4)
    u = np.linspace(start, 1.0, points)
    inp, out = utilisation_prices(d, u)
    return UtilisationCurve(
        name=d.name,
        u=u,
        input_per_mtok=inp,
        output_per_mtok=out,
        utilisation=c.utilisation,
        own_input_per_mtok=c.input_per_mtok,
        own_output_per_mtok=c.output_per_mtok,
        api=api,
        breakeven=u_star,
        sentence=breakeven_sentence(d, api.model, api.output_per_mtok) if api is not None else "",
    )


def breakeven_sentence(d: Deployment, model: str, api_output_per_mtok: float) -> str:
    """The break-even against ``model``'s output price, in words, with the deployment's own utilisation."""
    u_star = breakeven_utilisation(d, api_output_per_mtok)
    c = deployment_costs(d)
    api = format_per_mtok(api_output_per_mtok)
    if u_star is None:
        full = deployment_costs(d, utilisation=1.0).output_per_mtok
        return (
            f"No break-even in (0, 100%]: even at 100% utilisation, self-hosted output costs "
            f"{format_per_mtok(full)}, above {model}'s {api}."
        )
    side = "cheaper" if c.utilisation >= u_star else "dearer"
    return (
        f"Break-even at {format_fraction(u_star)} utilisation: self-hosted output then costs {model}'s {api}; "
        f"at this deployment's {format_fraction(c.utilisation)} it costs {format_per_mtok(c.output_per_mtok)} "
        f"({side} than the API)."
    )


def blocks_using(pitch: Pitch, dep_id: str) -> tuple[int, ...]:
    """The indices of the blocks priced from deployment ``dep_id``, in the file's order."""
    return tuple(i for i, b in enumerate(pitch.blocks) if b.deployment == dep_id)


def without_deployment(pitch: Pitch, dep_id: str) -> Pitch:
    """``pitch`` without deployment ``dep_id``; each block priced from it keeps the deployment's current input
    and output prices as explicit prices (and the prices it set itself), so no cost changes: one edit.

    Raises
    ------
    PitchError
        The pitch has no deployment ``dep_id``.
    """
    ids = [d.id for d in pitch.deployments]
    if dep_id not in ids:
        raise PitchError(f"the pitch has no deployment {dep_id!r}", field="deployment")
    costs = deployment_costs(pitch.deployment(dep_id))
    data = pitch.model_dump(mode="python")
    data["deployments"] = [d for d in data["deployments"] if d["id"] != dep_id]
    for block in data["blocks"]:
        if block.get("deployment") != dep_id:
            continue
        block["deployment"] = None
        kept = {k: v for k, v in (block.get("price") or {}).items() if k in DEPLOYMENT_PRICE_OVERRIDES}
        block["price"] = {
            "input_per_mtok": costs.input_per_mtok,
            "output_per_mtok": costs.output_per_mtok,
            **{k: v for k, v in kept.items() if v is not None},
        }
    return Pitch.model_validate(data)


__all__ = [
    "BASIS_WORDS",
    "ApiPrice",
    "ChainStep",
    "UtilisationCurve",
    "blocks_using",
    "breakeven_sentence",
    "breakeven_utilisation",
    "deployment_chain",
    "utilisation_curve",
    "utilisation_prices",
    "without_deployment",
]
