"""Self-hosted deployments in a pitch (docs/contract.md 6.2): a GPU-hour from a rental price, the total
cost of ownership or its components, and the throughput that turns it into a price per token
(core/deployments.py does the arithmetic)."""

from __future__ import annotations

from typing import Annotated

from pydantic import (
    AfterValidator,
    Field,
    Strict,
    model_validator,
)

from core.fields import FieldSpec, Kind
from core.pitch_values import MAX_COUNT, MAX_NAME, Name, PositiveCount, _check_deployment_id, _Value

# --------------------------------------------------------------------------------------------------
# Self-hosted deployments (docs/contract.md 6.2)
# --------------------------------------------------------------------------------------------------

PositiveUsd = Annotated[float, Strict(), Field(gt=0, le=MAX_COUNT)]
Years = Annotated[
    float,
    Strict(),
    Field(gt=0, le=30),
    FieldSpec(
        "Years",
        "years",
        "years",
        Kind.YEARS,
        "How long the hardware is paid off over.",
        "The depreciation period in years.\nExample: 5 (the seed essay's total-cost-of-ownership model); "
        "4-6 is common for data-centre GPUs.\nAbove 0 and at most 30.",
    ),
]


class Ownership(_Value):
    """A GPU-hour from the total cost of owning a fleet (the seed essay's form)."""

    gpus: Annotated[
        PositiveCount,
        FieldSpec(
            "GPUs",
            "number of GPUs",
            "GPUs",
            Kind.COUNT,
            "How many GPUs the total cost buys and runs.",
            "Example: 100 H100s in the seed essay.",
        ),
    ]
    total_cost_usd: Annotated[
        PositiveUsd,
        FieldSpec(
            "Total cost",
            "total cost of ownership",
            "USD",
            Kind.MONEY,
            "Everything the fleet costs over its years.",
            "Purchase, networking, power, cooling, facilities and operations over the period.\n"
            "Example: $8.6M for 100 H100s over 5 years (the seed essay).",
        ),
    ]
    years: Years
    purchase_usd: (
        Annotated[
            PositiveUsd,
            FieldSpec(
                "GPU purchase",
                "GPU purchase price",
                "USD",
                Kind.MONEY,
                "What the GPUs alone cost (optional).",
                "Shows the GPUs' share of the total cost.\nExample: $3M for 100 H100s (the seed essay: "
                "'the GPUs are just 35% of the real cost').",
            ),
        ]
        | None
    ) = None

    @model_validator(mode="after")
    def _purchase_within_total(self) -> Ownership:
        if self.purchase_usd is not None and self.purchase_usd > self.total_cost_usd:
            raise ValueError(
                f"@purchase_usd: the purchase ({self.purchase_usd:g}) is above the total cost of ownership "
                f"({self.total_cost_usd:g}), which includes it"
            )
        return self


class Components(_Value):
    """A GPU-hour from its parts: capital with interest, power, facility and operations."""

    capex_usd_per_gpu: Annotated[
        PositiveUsd,
        FieldSpec(
            "Capex per GPU",
            "capex per GPU",
            "USD",
            Kind.MONEY,
            "What one GPU and its share of the server cost to buy.",
            "Example: about $30,000 for an H100 (the seed's $3M for 100 GPUs).",
        ),
    ]
    years: Years
    interest_rate: Annotated[
        float,
        Strict(),
        Field(ge=0, lt=1),
        FieldSpec(
            "Interest rate",
            "interest rate",
            "% / yr",
            Kind.FRACTION,
            "The cost of the capital, per year.",
            "The annual rate of the financing; capex is paid back as an annuity over the years.\n"
            "Default: 0% (straight-line: capex / years).",
        ),
    ] = 0.0
    power_kw_per_gpu: Annotated[
        PositiveUsd,
        FieldSpec(
            "Power per GPU",
            "power per GPU",
            "kW",
            Kind.POWER,
            "Electrical power one GPU and its share of the server draw.",
            "Example: an H100 SXM is rated 0.7 kW; with its server share, 1-1.4 kW is common.",
        ),
    ]
    pue: Annotated[
        float,
        Strict(),
        Field(ge=1, le=3),
        FieldSpec(
            "PUE",
            "power usage effectiveness",
            "×",
            Kind.FACTOR,
            "Facility power per unit of IT power (cooling overhead).",
            "1.0 is perfect; modern data centres run at 1.1-1.5.\nDefault: 1. Between 1 and 3.",
        ),
    ] = 1.0
    electricity_usd_per_kwh: Annotated[
        PositiveUsd,
        FieldSpec(
            "Electricity",
            "electricity price",
            "USD / kWh",
            Kind.MONEY,
            "What a kilowatt-hour costs.",
            "Example: $0.08 for industrial power in the US.",
        ),
    ]
    facility_usd_per_kw_month: Annotated[
        float,
        Strict(),
        Field(ge=0, le=MAX_COUNT),
        FieldSpec(
            "Facility",
            "facility cost",
            "USD / kW / mo",
            Kind.MONEY,
            "Colocation or building cost per kW of power a month.",
            "Example: a colocation contract priced per kW of IT load.\nDefault: 0.",
        ),
    ] = 0.0
    operations_fraction_of_capex_per_year: Annotated[
        float,
        Strict(),
        Field(ge=0, le=MAX_COUNT),
        FieldSpec(
            "Operations",
            "operations cost",
            "% of capex / yr",
            Kind.FRACTION,
            "Staff, maintenance and spares per year, as a share of capex.",
            "Example: 5% of the hardware's price a year.\nDefault: 0.",
        ),
    ] = 0.0


class Deployment(_Value):
    """A self-hosted fleet a block can be priced from: a GPU-hour divided by throughput."""

    id: Annotated[str, AfterValidator(_check_deployment_id)]
    name: Name
    gpu: Annotated[str, Field(min_length=1, max_length=200)]
    gpu_hour_usd: (
        Annotated[
            PositiveUsd,
            FieldSpec(
                "GPU-hour price",
                "GPU-hour price",
                "USD / h",
                Kind.MONEY,
                "A rental or quoted price of one GPU for one hour.",
                "Example: H100 SXM on demand at the cheapest providers, about $2 an hour (presets list "
                "published prices with their source and date).",
            ),
        ]
        | None
    ) = None
    ownership: Ownership | None = None
    components: Components | None = None
    utilisation: Annotated[
        float,
        Strict(),
        Field(gt=0, le=1),
        FieldSpec(
            "Utilisation",
            "utilisation",
            "%",
            Kind.FRACTION,
            "Share of paid hours spent serving tokens.",
            "Idle hours are paid for too: at 70% utilisation each busy hour costs 1/0.7 of an hour.\n"
            "Example: 70% (the seed's C9 reading).",
        ),
    ]
    input_tokens_per_second_per_gpu: Annotated[
        PositiveCount,
        FieldSpec(
            "Input throughput",
            "input throughput",
            "tokens / s / GPU",
            Kind.RATE,
            "Prompt tokens one GPU processes a second.",
            "Measured prefill throughput per GPU at the batch sizes you serve.\nExample: DeepSeek's production "
            "figures, about 9,000 per H800 GPU (2025-02-28).",
        ),
    ]
    output_tokens_per_second_per_gpu: Annotated[
        PositiveCount,
        FieldSpec(
            "Output throughput",
            "output throughput",
            "tokens / s / GPU",
            Kind.RATE,
            "Tokens one GPU generates a second.",
            "Measured decode throughput per GPU at your users' speed.\nExample: DeepSeek's production "
            "figures, about 1,850 per H800 GPU at 20-22 tokens/s per user (2025-02-28).",
        ),
    ]
    source: Annotated[str, Field(max_length=MAX_NAME)] = ""

    @model_validator(mode="after")
    def _one_cost(self) -> Deployment:
        given = [k for k in ("gpu_hour_usd", "ownership", "components") if getattr(self, k) is not None]
        if len(given) != 1:
            where = given[1] if len(given) > 1 else "gpu_hour_usd"
            raise ValueError(
                f"@{where}: give exactly one of gpu_hour_usd, ownership or components for the cost of a "
                f"GPU-hour ({'none' if not given else ' and '.join(given)} given)"
            )
        return self
