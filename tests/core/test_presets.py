"""Deployment presets (core/presets.py): every figure from resources/, its source and date, no throughput invented."""

from __future__ import annotations

from typing import Any

import pytest

from core.deployments import HOURS_PER_YEAR, deployment_costs
from core.engine import evaluate
from core.errors import PitchError
from core.pitch import Pitch
from core.presets import (
    THROUGHPUT_FIELDS,
    deployment_presets,
    gpu_hour_figures,
    preset,
    throughput_options,
    with_deployment,
)


def test_one_preset_per_figure_and_two_per_range() -> None:
    rows = gpu_hour_figures()
    ranges = [r for r in rows if r.usd_per_gpu_hour_low != r.usd_per_gpu_hour_high]
    assert len(rows) == 42 and len(ranges) == 6  # resources/INFRA_SOURCES.md: 42 rows; Mercatus' six ranges
    presets = deployment_presets()
    assert len(presets) == 42 + 6
    assert len({p.key for p in presets}) == len(presets)
    assert presets[0].key == "seed-c9-h100-fleet"


def test_the_seeds_fleet() -> None:
    p = preset("seed-c9-h100-fleet")
    assert p.needs_throughput == ()
    d = p.deployment
    assert d is not None and d.ownership is not None
    assert (d.ownership.gpus, d.ownership.total_cost_usd, d.ownership.years, d.ownership.purchase_usd) == (
        100.0,
        8.6e6,
        5.0,
        3e6,
    )
    assert d.utilisation == 0.7
    assert (d.input_tokens_per_second_per_gpu, d.output_tokens_per_second_per_gpu) == (9212.5, 1850.0)
    c = deployment_costs(d)
    # 8,600,000 / (100 * 5 * 8,766) = 1.96212639744 per GPU-hour; / 0.7 = 2.80303771064 per paid hour
    assert c.gpu_hour_usd == pytest.approx(8.6e6 / (100 * 5 * HOURS_PER_YEAR), rel=1e-12)
    # output 2.80303771064 / (1,850 * 3,600) * 1e6 = 0.420877; input / (9,212.5 * 3,600) * 1e6 = 0.0845179
    assert round(c.output_per_mtok, 6) == 0.420877
    assert c.input_per_mtok == pytest.approx(2.80303771064 / (9212.5 * 3600) * 1e6, rel=1e-10)
    assert round(c.input_per_mtok, 7) == 0.0845179
    for needle in (
        "Seed essay",
        "2026-03-23",
        "DeepSeek",
        "2025-02-28",
        "vendor claim",
        "measured on H800",
        "70%",
    ):
        assert needle in d.source


def test_every_preset_names_its_figures_sources_and_dates() -> None:
    for p in deployment_presets():
        assert p.gpu_hour.source in p.source and p.gpu_hour.as_of.isoformat() in p.source
        assert len(p.source) <= 1000  # the deployment's source field
        if p.throughput is not None:
            assert p.throughput.as_of.isoformat() in p.source and "vendor claim" in p.source
        else:
            assert "none published" in p.source


def test_no_throughput_is_invented_a_preset_asks_for_it() -> None:
    p = preset("semianalysis-2026-07-b200-rental-3yr")
    assert p.throughput is None and p.deployment is None
    assert p.needs_throughput == THROUGHPUT_FIELDS
    assert throughput_options("B200") == []
    with pytest.raises(PitchError) as err:
        p.make_deployment()
    assert err.value.field == "input_tokens_per_second_per_gpu"
    d = p.make_deployment(input_tokens_per_second_per_gpu=20_000.0, output_tokens_per_second_per_gpu=4_000.0)
    # $2.60 at full use, 70%: 2.6 / 0.7 = 3.714286 per paid hour; output 3.714286 / (4,000 * 3,600) * 1e6
    assert d.gpu_hour_usd == 2.6
    assert deployment_costs(d).output_per_mtok == pytest.approx(2.6 / 0.7 / (4000 * 3600) * 1e6, rel=1e-12)
    assert "throughput given by the user" in d.source
    with pytest.raises(PitchError) as err:
        p.make_deployment(input_tokens_per_second_per_gpu=-1.0, output_tokens_per_second_per_gpu=1.0)
    assert err.value.field == "input_tokens_per_second_per_gpu"


def test_h100_presets_use_deepseeks_figures_and_say_they_are_from_h800s() -> None:
    p = preset("mercatus-2026-05-h100-long-tail-low")
    assert p.gpu_hour_usd == 1.99 and p.deployment is not None
    assert p.throughput is not None and p.throughput.gpu == "H800"
    assert "measured on H800, not H100 SXM5: applied here as an assumption" in p.source
    high = preset("mercatus-2026-05-h100-long-tail-high")
    assert high.gpu_hour_usd == 2.5 and "high end of $1.99-$2.50" in high.title
    # Lambda's Llama-3.1-70B rows are H100 options too (output only)
    assert throughput_options("H100")[0].id == "deepseek-v3-r1-h800-production-2025-02"
    assert any(t.input_tokens_per_second_per_gpu is None for t in throughput_options("H100"))


def test_with_deployment_copies_it_in_and_prices_blocks_from_it() -> None:
    doc: dict[str, Any] = {
        "format": "computecurve.pitch",
        "schema_version": 2,
        "name": "Agent",
        "as_of": "2026-03-23",
        "business": {"price_per_user_month": 20.0, "target_gross_margin": 0.7},
        "blocks": [
            {
                "name": "Step",
                "model": "openai:gpt-4o-mini",
                "price": {"input_per_mtok": 0.2, "cached_input_per_mtok": 0.05},
                "input_tokens": 9000.0,
                "output_tokens": 1850.0,
                "calls_per_action": 1.0,
                "actions_per_day": 1.0,
            }
        ],
    }
    pitch = Pitch.model_validate(doc)
    d = preset("seed-c9-h100-fleet").deployment
    assert d is not None
    once = with_deployment(pitch, d, (0,))
    twice = with_deployment(once, d)
    assert [x.id for x in twice.deployments] == ["seed-c9-h100-fleet", "seed-c9-h100-fleet-2"]
    block = once.blocks[0]
    assert block.model is None and block.deployment == "seed-c9-h100-fleet"
    assert block.price is not None and block.price.given() == {"cached_input_per_mtok": 0.05}
    ev = evaluate(once)
    assert "seed-c9-h100-fleet" in ev.blocks[0].price.source
