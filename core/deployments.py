"""Self-hosted deployments: the price per token as a GPU-hour divided by throughput (docs/contract.md 6.2).

The seed essay's title claim is that compute is the root: what a founder pays per token is what a
GPU-hour costs, divided by the tokens that hour serves. :func:`deployment_costs` works the chain out
step by step (GPU-hour -> paid hour at utilisation -> USD per million tokens in and out), keeping each
step's number so the infrastructure view and the explain panel can show it.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.pitch import Components, Deployment, Ownership

HOURS_PER_YEAR = 365.25 * 24  # 8,766: the contract's year (as in the arrival dates)


def capital_recovery_factor(interest_rate: float, years: float) -> float:
    """The share of a loan paid back each year by an annuity: ``r / (1 - (1 + r) ** -n)``; ``1 / n`` at 0%."""
    if interest_rate == 0:
        return 1.0 / years
    growth: float = (1 + interest_rate) ** -years
    return interest_rate / (1 - growth)


def ownership_gpu_hour(o: Ownership) -> float:
    """``total_cost_usd / (gpus * years * HOURS_PER_YEAR)``: the seed's $8.6M / (100 x 5 x 8,766 h) = $1.9621."""
    return o.total_cost_usd / (o.gpus * o.years * HOURS_PER_YEAR)


@dataclass(frozen=True)
class ComponentCosts:
    """A GPU-hour from its parts (USD per GPU-hour each)."""

    capital: float  # capex x capital recovery factor / hours a year
    power: float  # kW x PUE x USD/kWh
    facility: float  # USD per kW-month x kW x 12 / hours a year
    operations: float  # share of capex a year x capex / hours a year

    @property
    def total(self) -> float:
        return self.capital + self.power + self.facility + self.operations


def component_costs(c: Components) -> ComponentCosts:
    """The contract's components formula, part by part."""
    return ComponentCosts(
        capital=c.capex_usd_per_gpu * capital_recovery_factor(c.interest_rate, c.years) / HOURS_PER_YEAR,
        power=c.power_kw_per_gpu * c.pue * c.electricity_usd_per_kwh,
        facility=c.facility_usd_per_kw_month * c.power_kw_per_gpu * 12 / HOURS_PER_YEAR,
        operations=c.operations_fraction_of_capex_per_year * c.capex_usd_per_gpu / HOURS_PER_YEAR,
    )


@dataclass(frozen=True)
class DeploymentCosts:
    """Each step from a GPU-hour to a price per million tokens."""

    basis: str  # "rental", "ownership" or "components"
    gpu_hour_usd: float  # at full use
    gpu_share_of_cost: float | None  # ownership with purchase_usd: purchase / total
    components: ComponentCosts | None
    utilisation: float
    paid_hour_usd: float  # gpu_hour_usd / utilisation
    input_per_mtok: float
    output_per_mtok: float

    @property
    def tokens_per_paid_hour(self) -> tuple[float, float]:
        """(input, output) tokens one GPU serves in one paid hour, idle time included."""
        return (
            self.paid_hour_usd / self.input_per_mtok * 1e6 if self.input_per_mtok > 0 else 0.0,
            self.paid_hour_usd / self.output_per_mtok * 1e6 if self.output_per_mtok > 0 else 0.0,
        )


def deployment_costs(d: Deployment, *, utilisation: float | None = None) -> DeploymentCosts:
    """The prices a deployment gives, step by step (``utilisation`` overrides the deployment's own).

    >>> from core.pitch import Deployment
    >>> seed = Deployment.model_validate({"id": "seed", "name": "100 x H100", "gpu": "H100",
    ...     "ownership": {"gpus": 100.0, "total_cost_usd": 8.6e6, "years": 5.0, "purchase_usd": 3e6},
    ...     "utilisation": 0.7, "input_tokens_per_second_per_gpu": 9000.0,
    ...     "output_tokens_per_second_per_gpu": 1850.0})
    >>> round(deployment_costs(seed).output_per_mtok, 6)
    0.420877
    """
    share = None
    parts = None
    if d.gpu_hour_usd is not None:
        basis, hour = "rental", d.gpu_hour_usd
    elif d.ownership is not None:
        basis, hour = "ownership", ownership_gpu_hour(d.ownership)
        if d.ownership.purchase_usd is not None:
            share = d.ownership.purchase_usd / d.ownership.total_cost_usd
    else:
        assert d.components is not None  # the model validates exactly one of the three
        basis = "components"
        parts = component_costs(d.components)
        hour = parts.total
    u = d.utilisation if utilisation is None else utilisation
    paid = hour / u
    return DeploymentCosts(
        basis=basis,
        gpu_hour_usd=hour,
        gpu_share_of_cost=share,
        components=parts,
        utilisation=u,
        paid_hour_usd=paid,
        input_per_mtok=paid / (d.input_tokens_per_second_per_gpu * 3600) * 1e6,
        output_per_mtok=paid / (d.output_tokens_per_second_per_gpu * 3600) * 1e6,
    )


def deployment_source(d: Deployment, costs: DeploymentCosts) -> str:
    """The resolved price's source: names the deployment and how its GPU-hour was worked out."""
    how = {
        "rental": f"GPU-hour ${costs.gpu_hour_usd:.4g} quoted",
        "ownership": f"GPU-hour ${costs.gpu_hour_usd:.4g} from total cost of ownership",
        "components": f"GPU-hour ${costs.gpu_hour_usd:.4g} from capex, power, facility and operations",
    }[costs.basis]
    text = (
        f"self-hosted deployment {d.id!r} ({d.name}, {d.gpu}): {how}, {costs.utilisation:.0%} utilisation, "
        f"{d.input_tokens_per_second_per_gpu:,.12g} input / {d.output_tokens_per_second_per_gpu:,.12g} output "
        "tokens per second per GPU"
    )
    return f"{text}; {d.source}" if d.source else text
