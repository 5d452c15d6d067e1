"""Self-hosted deployments (docs/contract.md 6.2): GPU-hour -> paid hour -> USD per million tokens."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from core.deployments import HOURS_PER_YEAR, capital_recovery_factor, deployment_costs
from core.engine import evaluate
from core.pitch import Deployment, Pitch

SEED: dict[str, Any] = {
    "id": "seed-fleet",
    "name": "100 x H100, owned",
    "gpu": "H100 SXM",
    "ownership": {"gpus": 100.0, "total_cost_usd": 8.6e6, "years": 5.0, "purchase_usd": 3e6},
    "utilisation": 0.7,
    "input_tokens_per_second_per_gpu": 9000.0,
    "output_tokens_per_second_per_gpu": 1850.0,
    "source": "seed essay",
}


def test_the_seeds_fleet_gives_the_contracts_figures() -> None:
    c = deployment_costs(Deployment.model_validate(SEED))
    assert HOURS_PER_YEAR == 8766.0
    # 8,600,000 / (100 * 5 * 8,766) = 8,600,000 / 4,383,000 = 1.962126...
    assert c.gpu_hour_usd == pytest.approx(8_600_000 / 4_383_000, rel=1e-12)
    assert round(c.gpu_hour_usd, 4) == 1.9621
    assert round(c.gpu_share_of_cost, 3) == 0.349  # 3 / 8.6
    assert round(c.paid_hour_usd, 4) == 2.8030  # 1.962126 / 0.7
    # output: 2.8030377 / (1,850 * 3,600) * 1e6 = $0.420877; input: / (9,000 * 3,600) * 1e6 = $0.086514
    assert round(c.output_per_mtok, 6) == 0.420877
    assert round(c.input_per_mtok, 6) == 0.086514


def test_a_rental_price_is_divided_by_utilisation_and_throughput() -> None:
    d = Deployment.model_validate({**SEED, "ownership": None, "gpu_hour_usd": 2.0, "utilisation": 0.5})
    c = deployment_costs(d)
    # paid hour 2.0 / 0.5 = $4; output 4 / (1,850 * 3,600) * 1e6 = 4 / 6.66 = $0.600601 per M
    assert c.basis == "rental" and c.paid_hour_usd == 4.0
    assert c.output_per_mtok == pytest.approx(4 / 6.66, rel=1e-12)


def test_components_with_interest_power_facility_and_operations() -> None:
    d = Deployment.model_validate(
        {
            **SEED,
            "ownership": None,
            "components": {
                "capex_usd_per_gpu": 30000.0,
                "years": 4.0,
                "interest_rate": 0.08,
                "power_kw_per_gpu": 1.2,
                "pue": 1.3,
                "electricity_usd_per_kwh": 0.08,
                "facility_usd_per_kw_month": 150.0,
                "operations_fraction_of_capex_per_year": 0.05,
            },
        }
    )
    c = deployment_costs(d)
    assert c.components is not None
    # crf = 0.08 / (1 - 1.08**-4) = 0.08 / (1 - 0.735030) = 0.301921; capital = 30,000 * 0.301921 / 8,766
    crf = 0.08 / (1 - 1.08**-4)
    assert capital_recovery_factor(0.08, 4.0) == pytest.approx(0.3019208, rel=1e-6)
    assert c.components.capital == pytest.approx(30000 * crf / 8766, rel=1e-12)  # $1.03326
    assert c.components.power == pytest.approx(1.2 * 1.3 * 0.08, rel=1e-12)  # $0.1248
    assert c.components.facility == pytest.approx(150 * 1.2 * 12 / 8766, rel=1e-12)  # $0.24641
    assert c.components.operations == pytest.approx(0.05 * 30000 / 8766, rel=1e-12)  # $0.17111
    assert c.gpu_hour_usd == pytest.approx(1.03326 + 0.1248 + 0.24641 + 0.17111, rel=1e-4)


def test_straight_line_at_zero_interest() -> None:
    assert capital_recovery_factor(0.0, 5.0) == 0.2


@pytest.mark.parametrize(
    "change",
    [
        {"gpu_hour_usd": 2.0},  # two ways at once
        {"ownership": None},  # none
        {"utilisation": 0.0},
        {"utilisation": 1.2},
        {"output_tokens_per_second_per_gpu": 0.0},
        {"ownership": {"gpus": 100.0, "total_cost_usd": 1e6, "years": 31.0}},
        {"ownership": {"gpus": 100.0, "total_cost_usd": 1e6, "years": 5.0, "purchase_usd": 2e6}},
    ],
)
def test_bad_deployments_are_refused(change: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        Deployment.model_validate({**SEED, **change})


def _pitch(**block: Any) -> Pitch:
    return Pitch.model_validate(
        {
            "format": "computecurve.pitch",
            "schema_version": 2,
            "name": "Self-hosted",
            "as_of": "2026-06-01",
            "business": {"price_per_user_month": 20.0, "target_gross_margin": 0.7},
            "deployments": [SEED],
            "blocks": [
                {
                    "name": "Agent step",
                    "deployment": "seed-fleet",
                    "input_tokens": 10000.0,
                    "output_tokens": 1000.0,
                    "calls_per_action": 10.0,
                    "actions_per_day": 10.0,
                    **block,
                }
            ],
        }
    )


def test_a_block_priced_from_a_deployment() -> None:
    ev = evaluate(_pitch())
    b = ev.blocks[0]
    assert b.price.deployment_id == "seed-fleet" and "seed-fleet" in b.price.source
    out = 2.8030377 / (1850 * 3600) * 1e6
    inp = 2.8030377 / (9000 * 3600) * 1e6
    assert b.price.base.output_per_mtok == pytest.approx(out, rel=1e-7)
    assert b.price.base.cached_input_per_mtok == b.price.base.input_per_mtok  # the contract's default
    # per call (10,000 * 0.0865135 + 1,000 * 0.4208765) / 1e6 = $0.00128640; 10 * 10 * 30 = 3,000 calls
    assert b.cost_per_user_month == pytest.approx((10000 * inp + 1000 * out) / 1e6 * 3000, rel=1e-7)


def test_a_deployment_block_may_set_only_the_cache_and_reasoning_prices() -> None:
    p = _pitch(price={"cached_input_per_mtok": 0.01}, cached_input_fraction=0.5)
    assert evaluate(p).blocks[0].price.base.cached_input_per_mtok == 0.01
    with pytest.raises(ValidationError, match="may only set"):
        _pitch(price={"input_per_mtok": 1.0})
    with pytest.raises(ValidationError, match="cannot also name a model"):
        _pitch(model="openai:gpt-4o-mini")
    with pytest.raises(ValidationError, match="unknown deployment"):
        _pitch(deployment="nope")
