"""Every number the contract allows evaluates or is refused with exit 2 (issue 13: 1,500 mutated memos).

The mutants come from ``memo_mutations`` (deterministic for its seed). Each is evaluated in-process as
``computecurve evaluate FILE --json --samples 200``: the exit status must be 0 or 2, stderr must hold no
traceback and no "internal error", and every number of an accepted result must be finite. All of them are
then scored in one batch: no row may be an internal error. The regressions below are the distinct causes
the fuzzer found, each worked out by hand.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from memo_mutations import mutants

from core.cli import main
from core.engine import evaluate
from core.errors import PitchError
from core.pitch import Pitch

SAMPLES = "200"


def _finite(node: Any) -> bool:
    if isinstance(node, dict):
        return all(_finite(v) for v in node.values())
    if isinstance(node, list):
        return all(_finite(v) for v in node)
    return not isinstance(node, float) or math.isfinite(node)


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse
            code = exc.code if isinstance(exc.code, int) else 2
    return code, out.getvalue(), err.getvalue()


def _check_evaluate(path: Path) -> tuple[int, str | None]:
    """The exit status of evaluating ``path`` and what is wrong with it (None: nothing)."""
    code, out, err = _run(["evaluate", str(path), "--json", "--samples", SAMPLES])
    if code not in (0, 2):
        return code, f"exit {code}: {err.strip()[-300:]}"
    if "Traceback" in err or "internal error" in err:
        return code, f"internal error: {err.strip()[-300:]}"
    if code == 2 and not err.strip():
        return code, "refused without a reason"
    if code == 0:
        doc = json.loads(out, parse_constant=lambda token: math.nan)  # NaN/Infinity would show as NaN
        if not _finite(doc):
            return code, "a number in the result is not finite"
    return code, None


def _fuzz(tmp_path: Path, count: int, seed: int) -> None:
    folder = tmp_path / "mutants"
    folder.mkdir()
    failures: dict[str, str] = {}
    accepted = 0
    for name, data in mutants(count, seed):
        path = folder / f"{name[:100]}.json"
        path.write_bytes(data)
        code, problem = _check_evaluate(path)
        if problem:
            failures[path.name] = problem
        accepted += code == 0
    assert not failures, "\n".join(f"{k}: {v}" for k, v in list(failures.items())[:20])
    # the mutants reach the arithmetic: a good share of them are valid pitches with edge values
    assert accepted >= count // 10
    # one batch: a bad memo gets its own row with a reason, and none is an internal error
    out_csv = tmp_path / "scores.csv"
    code, _, err = _run(["score", str(folder), "--csv", str(out_csv)])
    assert code in (0, 2), err[-2000:]
    rows = list(csv.DictReader(io.StringIO(out_csv.read_text(encoding="utf-8"))))
    assert len(rows) == count
    internal = [r for r in rows if "internal error" in r["error"]]
    assert not internal, internal[:5]


def test_300_mutated_memos_evaluate_or_are_refused(tmp_path: Path) -> None:
    _fuzz(tmp_path, 300, seed=2026)


@pytest.mark.slow
def test_1500_mutated_memos_evaluate_or_are_refused(tmp_path: Path) -> None:
    _fuzz(tmp_path, 1500, seed=13)


def test_the_mutants_are_the_same_for_a_seed() -> None:
    first = list(mutants(50, seed=7))
    assert first == list(mutants(50, seed=7))
    assert first != list(mutants(50, seed=8))


# -- regressions: each distinct cause the fuzzer found ---------------------------------------------------


def _one_block(**business: Any) -> Pitch:
    # $1 a call: 1,000,000 input tokens at $1 per million; one call a day
    return Pitch.model_validate(
        {
            "format": "computecurve.pitch",
            "schema_version": 2,
            "name": "tiny",
            "as_of": "2026-03-23",
            "business": {"target_gross_margin": 0, **business},
            "blocks": [
                {
                    "name": "b",
                    "price": {"input_per_mtok": 1.0, "output_per_mtok": 1.0},
                    "input_tokens": 1e6,
                    "output_tokens": 0,
                    "calls_per_action": 1,
                    "actions_per_day": 1,
                }
            ],
        }
    )


def test_a_positive_cost_whose_ratio_to_the_budget_underflows_is_viable_with_its_orders() -> None:
    # active days 5e-324 (allowed: above 0): calls a month = 1 x 1 x 1 x 5e-324 = 5e-324, cost = $1 x 5e-324
    # = 5e-324 (the smallest subnormal). Budget $10 x (1 - 0) = 10. The ratio 5e-324 / 10 rounds to 0, so
    # log10(required_drop) was log10(0): "math domain error", exit 1. The orders of magnitude are
    # log10(5e-324) - log10(10) = -323.30621534 - 1 = -324.30621534: viable now.
    ev = evaluate(_one_block(price_per_user_month=10.0, active_days_per_month=5e-324))
    assert ev.cost_per_paying_user_month == 5e-324
    assert ev.required_drop == 0.0
    assert ev.orders_of_magnitude == pytest.approx(math.log10(5e-324) - 1.0, abs=1e-12)
    assert ev.orders_of_magnitude == pytest.approx(-324.3062153431158, abs=1e-9)
    assert ev.verdict.value == "viable_now"
    # the subscription that would make it viable: cost / ((1 - fee)(1 - margin) share) = 5e-324 / 1
    assert ev.breakeven.price_per_user_month == 5e-324


def test_a_break_even_blended_price_past_the_largest_float_is_null() -> None:
    # usage 5e-324: cost = $1 x 5e-324 = 5e-324 a month for 1e6 x 5e-324 = 4.94e-318 tokens, blended $1 per
    # million (to the subnormal's precision). Budget $0.01: required drop 5e-324 / 0.01 = 4.9e-322, and the
    # blended price at break-even, $1 / 4.9e-322 = 2e321 per million tokens, is past 1.8e308: it was inf,
    # which JSON cannot hold ("Out of range float values are not JSON compliant", exit 1). It is null, as a
    # blended price is when it cannot be given.
    ev = evaluate(_one_block(price_per_user_month=0.01, usage_multiplier=5e-324))
    assert ev.breakeven.blended_per_mtok == pytest.approx(1.0, rel=1e-3)
    assert ev.breakeven.breakeven_blended_per_mtok is None
    assert ev.verdict.value == "viable_now"


@pytest.mark.parametrize(
    "business",
    [
        {"price_per_user_month": 10.0, "active_days_per_month": 5e-324},
        {"price_per_user_month": 0.01, "usage_multiplier": 5e-324},
    ],
)
def test_the_regressions_exit_0_with_finite_json_in_a_real_process(
    tmp_path: Path, business: dict[str, Any]
) -> None:
    path = tmp_path / "tiny.pitch.json"
    doc = _one_block(**business).model_dump(mode="json", exclude_none=True)
    path.write_text(json.dumps(doc), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "core", "evaluate", str(path), "--json", "--samples", SAMPLES],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert _finite(json.loads(proc.stdout, parse_constant=lambda token: math.nan))


def _self_hosted(deployment: dict[str, Any], input_tokens: float = 1000.0) -> Pitch:
    return Pitch.model_validate(
        {
            "format": "computecurve.pitch",
            "schema_version": 2,
            "name": "self-hosted",
            "as_of": "2026-03-23",
            "business": {"price_per_user_month": 20.0, "target_gross_margin": 0.5},
            "deployments": [
                {
                    "id": "fleet",
                    "name": "fleet",
                    "gpu": "H100",
                    "utilisation": 0.7,
                    "input_tokens_per_second_per_gpu": 9000,
                    "output_tokens_per_second_per_gpu": 1850,
                    **deployment,
                }
            ],
            "blocks": [
                {
                    "name": "agent step",
                    "deployment": "fleet",
                    "input_tokens": input_tokens,
                    "output_tokens": 0,
                    "calls_per_action": 1,
                    "actions_per_day": 1,
                }
            ],
        }
    )


def test_a_deployment_whose_gpu_hour_overflows_is_refused_on_the_blocks_deployment() -> None:
    # The seed's fleet (docs/contract.md 6.2: $8.6M over 100 GPUs, 5 years = $1.9621 a GPU-hour) over 5e-324
    # years (allowed: above 0): 8.6e6 / (100 x 5e-324 x 8766) = 2e324 a GPU-hour, past 1.8e308: inf. Its
    # prices were inf, and 0 cached tokens x inf made NaN with numpy's "invalid value" warning on stderr
    # before the refusal. Now the deployment itself is refused, on the block that uses it.
    pitch = _self_hosted({"ownership": {"gpus": 100, "total_cost_usd": 8.6e6, "years": 5e-324}})
    with pytest.raises(PitchError) as err:
        evaluate(pitch)
    assert err.value.field == "blocks[0].deployment"
    assert "'fleet'" in err.value.message and "overflows" in err.value.message


def test_a_cost_that_overflows_is_refused_without_numpys_warnings() -> None:
    # $1 a GPU-hour at utilisation 1e-300: a paid hour of $1e300; at 9,000 input tokens a second that is
    # 1e300 / (9000 x 3600) x 1e6 = 3.09e298 per million tokens (finite). 1e12 input tokens a call:
    # 1e12 x 3.09e298 = 3e310 before the division by a million: inf. The evaluation is refused (exit 2) with
    # its reason, and numpy's "overflow encountered" warning (an error under this test suite) is not raised.
    pitch = _self_hosted({"gpu_hour_usd": 1.0, "utilisation": 1e-300}, input_tokens=1e12)
    with pytest.raises(PitchError) as err:
        evaluate(pitch)
    assert "too large to compute" in err.value.message
    code, _, err_text = _run_pitch(pitch)
    assert code == 2 and "Warning" not in err_text


def _run_pitch(pitch: Pitch) -> tuple[int, str, str]:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.pitch.json"
        path.write_text(json.dumps(pitch.model_dump(mode="json", exclude_none=True)), encoding="utf-8")
        return _run(["evaluate", str(path), "--json", "--samples", SAMPLES])
