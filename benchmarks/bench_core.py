"""Benchmark of the engine, the Monte Carlo and the sensitivity view on a 50-block pitch.

Run: ``python benchmarks/bench_core.py [--quick] [--profile]``. Prints figures; never fails on slowness.

Targets checked (printed as MET / MISSED):
  a. a deterministic evaluation of a 50-block pitch takes well under 1 ms;
  b. the 20,000-sample Monte Carlo is at least 3x faster than squigglepy on the same model, with similar
     accuracy against a 2,000,000-sample numpy reference;
  c. the sensitivity view's time is reported (no target).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import math
import pstats
import sys
from datetime import date
from functools import partial
from typing import Any

import _common as c
import numpy as np

from core.catalog import default_catalog
from core.engine import PreparedPitch, evaluate_prepared, prepare
from core.pitch import Z90, Pitch
from core.sampling import clear_cache
from core.uncertainty import monte_carlo, sample_required_drop, sensitivity

N_BLOCKS = 50
SAMPLES = 20_000
REFERENCE_SAMPLES = 2_000_000
AS_OF = "2026-03-23"
CATALOG_MODELS = (
    "openai:gpt-4o-mini",
    "anthropic:claude-sonnet-4-6",  # has long-context tiers: exercises the tier path of the kernel
    "openai:gpt-4.1-mini",
    "google:gemini-2.5-flash",
    "anthropic:claude-haiku-4-5",
    "deepseek:deepseek-chat",
)
SQUIGGLEPY_REFERENCE_S = 0.22  # measured earlier on this machine class, used if squigglepy is missing


# --------------------------------------------------------------------------------------------------
# Pitches
# --------------------------------------------------------------------------------------------------


def _doc(blocks: list[dict[str, object]], name: str) -> dict[str, object]:
    return {
        "format": "computecurve.pitch",
        "schema_version": 2,
        "name": name,
        "as_of": AS_OF,
        "business": {
            "price_per_user_month": 20.0,
            "target_gross_margin": 0.7,
            "active_days_per_month": 30,
            "payment_fee_fraction": 0.15,
        },
        "scenario": "seed-rule",
        "blocks": blocks,
    }


def explicit_pitch() -> Pitch:
    """50 blocks with explicit prices, no catalog model."""
    blocks = []
    for i in range(N_BLOCKS):
        blocks.append(
            {
                "name": f"Block {i}",
                "price": {
                    "input_per_mtok": 0.1 + 0.2 * (i % 7),
                    "output_per_mtok": 0.4 + 1.1 * (i % 5),
                    "cached_input_per_mtok": 0.05,
                },
                "input_tokens": 500.0 + 137 * i,
                "output_tokens": 50.0 + 13 * i,
                "reasoning_tokens": float(10 * (i % 3)),
                "cached_input_fraction": 0.1 * (i % 6),
                "calls_per_action": 1 + (i % 3),
                "actions_per_day": 2.0 + i,
            }
        )
    return Pitch.model_validate(_doc(blocks, "Bench: 50 explicit-price blocks"))


def catalog_pitch() -> Pitch:
    """50 blocks priced from the catalog at ``AS_OF`` (cycling through a few models)."""
    blocks = []
    for i in range(N_BLOCKS):
        blocks.append(
            {
                "name": f"Block {i}",
                "model": CATALOG_MODELS[i % len(CATALOG_MODELS)],
                "input_tokens": 500.0 + 4_137 * i,  # reaches Sonnet's >200k tier on a few blocks
                "output_tokens": 50.0 + 13 * i,
                "cached_input_fraction": 0.1 * (i % 6),
                "calls_per_action": 1 + (i % 3),
                "actions_per_day": 2.0 + i,
            }
        )
    return Pitch.model_validate(_doc(blocks, "Bench: 50 catalog-model blocks"))


def mc_model() -> list[tuple[float, float, float, float, float]]:
    """Per block (scale, a, b, c, d): cost = scale x lognormal(a, b) x lognormal(c, d) per user-month.

    a..b is the 90% interval of input tokens per call, c..d that of actions per day; scale is the input
    price per token times 30 active days. No output tokens, so the cost is exactly that product.
    """
    out = []
    for i in range(N_BLOCKS):
        price = 0.1 + 0.3 * (i % 7)  # USD per million input tokens
        a = 300.0 + 50 * i
        b = a * (3 + i % 5)
        cc = 1.0 + (i % 10)
        d = cc * (2 + i % 4)
        out.append((price / 1e6 * 30, a, b, cc, d))
    return out


def mc_pitch() -> Pitch:
    """The Monte Carlo model as a pitch: lognormal ranges on input_tokens and actions_per_day of every block."""
    blocks = []
    for i, (scale, a, b, cc, d) in enumerate(mc_model()):
        price = scale / 30 * 1e6
        blocks.append(
            {
                "name": f"Block {i}",
                "price": {"input_per_mtok": price, "output_per_mtok": 1.0},
                "input_tokens": math.sqrt(a * b),
                "output_tokens": 0.0,
                "calls_per_action": 1,
                "actions_per_day": math.sqrt(cc * d),
                "ranges": {"input_tokens": [a, b], "actions_per_day": [cc, d]},
            }
        )
    doc = _doc(blocks, "Bench: 50 blocks with lognormal ranges")
    doc["business"] = {"price_per_user_month": 20.0, "target_gross_margin": 0.7, "active_days_per_month": 30}
    return Pitch.model_validate(doc)


def numpy_reference(samples: int, seed: int = 20260323) -> np.ndarray:
    """The model's total, sampled with plain numpy (block by block to keep memory small)."""
    rng = np.random.default_rng(seed)
    total = np.zeros(samples)
    for scale, a, b, cc, d in mc_model():
        mu1, s1 = (math.log(a) + math.log(b)) / 2, (math.log(b) - math.log(a)) / (2 * Z90)
        mu2, s2 = (math.log(cc) + math.log(d)) / 2, (math.log(d) - math.log(cc)) / (2 * Z90)
        total += scale * np.exp(
            mu1 + s1 * rng.standard_normal(samples) + mu2 + s2 * rng.standard_normal(samples)
        )
    return total


def squigglepy_model() -> Any:
    import squigglepy as sq  # type: ignore[import-untyped]

    total = None
    for scale, a, b, cc, d in mc_model():
        block = scale * sq.lognorm(a, b) * sq.lognorm(cc, d)
        total = block if total is None else total + block
    return total


def clear_crn_cache() -> None:  # the "cold" state: no cached common random numbers
    clear_cache()


def cold_monte_carlo(prep: PreparedPitch) -> object:
    clear_crn_cache()
    return monte_carlo(prep, SAMPLES, 0)


def profile(label: str, fn, top: int = 12) -> None:  # type: ignore[no-untyped-def]
    pr = cProfile.Profile()
    pr.enable()
    fn()
    pr.disable()
    buf = io.StringIO()
    pstats.Stats(pr, stream=buf).sort_stats("cumulative").print_stats(top)
    print(f"--- cProfile: {label} (top {top} by cumulative time) ---")
    print("\n".join(line for line in buf.getvalue().splitlines() if line.strip())[:6000])
    print()


# --------------------------------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------------------------------


def bench_deterministic(runs: int, do_profile: bool) -> None:
    print(f"[a] Deterministic evaluation of a {N_BLOCKS}-block pitch ({runs} runs each)")
    catalog = default_catalog()
    medians = []
    for label, pitch in (("explicit prices", explicit_pitch()), ("catalog models", catalog_pitch())):

        def full(p: Pitch = pitch) -> object:
            return evaluate_prepared(prepare(p, catalog))

        first = c.once(full)
        both = c.time_calls(full, runs)
        prep = prepare(pitch, catalog)
        alone = c.time_calls(partial(evaluate_prepared, prep), runs)
        prep_only = c.time_calls(partial(prepare, pitch, catalog), runs)
        print(f"  {label}:")
        print(f"    first call (cold catalog/caches)      {c.us(first)}")
        print(f"    evaluate_prepared(prepare(pitch))     {c.stats_us(both)}")
        print(f"      of which prepare(pitch)             {c.stats_us(prep_only)}")
        print(f"    evaluate_prepared(prepared) alone     {c.stats_us(alone)}")
        medians.append(float(np.median(both)))
        if do_profile:
            profile(
                f"evaluate_prepared(prepare()) x200, {label}",
                lambda p=pitch: [evaluate_prepared(prepare(p, catalog)) for _ in range(200)],
            )
    worst = max(medians)
    print(
        f"  target: well under 1 ms for prepare + evaluate -> worst median {c.us(worst).strip()}: "
        f"{c.verdict(worst < 1e-3)}"
    )
    print()


def bench_monte_carlo(runs: int, n_seeds: int, do_profile: bool) -> None:
    print(
        f"[b] Monte Carlo, {SAMPLES:,} samples, {N_BLOCKS} blocks x 2 lognormal ranges "
        f"(input_tokens, actions_per_day), {runs} runs each"
    )
    prep = prepare(mc_pitch(), default_catalog())

    clear_crn_cache()
    first = c.once(lambda: monte_carlo(prep, SAMPLES, 0))
    cold = c.time_calls(lambda: monte_carlo(prep, SAMPLES, 0), runs, setup=clear_crn_cache)
    monte_carlo(prep, SAMPLES, 0)
    warm = c.time_calls(lambda: monte_carlo(prep, SAMPLES, 0), runs)
    warm_sampling = c.time_calls(lambda: sample_required_drop(prep, SAMPLES, 0), runs)
    cold_sampling = c.time_calls(lambda: sample_required_drop(prep, SAMPLES, 0), runs, setup=clear_crn_cache)
    cold_med, warm_med = float(np.median(cold)), float(np.median(warm))
    print("  computecurve core.uncertainty.monte_carlo:")
    print(f"    very first call                       {c.ms(first)}")
    print(f"    cold (random-number cache cleared)    {c.stats_ms(cold)}")
    print(f"    warm (cached common random numbers)   {c.stats_ms(warm)}")
    print(f"      of which sample_required_drop       {c.stats_ms(warm_sampling)}  (draws + cost kernel)")
    print(
        f"      the rest (quantiles, curve, fan)    median {c.ms(warm_med - float(np.median(warm_sampling)))}"
    )
    print(
        f"    sample_required_drop alone, cold      {c.stats_ms(cold_sampling)}  (the same work as squigglepy)"
    )

    try:
        import squigglepy as sq
    except ImportError:
        sq = None
    if sq is not None:
        sq_build = c.time_calls(squigglepy_model, runs)
        dist = squigglepy_model()
        sq.set_seed(0)
        sq_times = c.time_calls(lambda: sq.sample(dist, n=SAMPLES), runs)
        sq_med = float(np.median(sq_times))
        print(
            f"  squigglepy {sq.__version__}: sum of {N_BLOCKS} x (k x lognorm(a,b) x lognorm(c,d)), "
            f"sq.sample(n={SAMPLES:,}):"
        )
        print(f"    build the distribution                {c.stats_ms(sq_build)}")
        print(f"    sample                                {c.stats_ms(sq_times)}")
    else:
        sq_med = SQUIGGLEPY_REFERENCE_S
        print(
            f"  squigglepy is not installed: using the reference figure {SQUIGGLEPY_REFERENCE_S} s "
            "measured earlier on this machine class"
        )
    draw_med = float(np.median(cold_sampling))
    print(
        f"  speed-up vs squigglepy: monte_carlo cold {sq_med / cold_med:5.1f}x · warm {sq_med / warm_med:5.1f}x · "
        f"draws+kernel only, cold {sq_med / draw_med:5.1f}x"
    )
    print(
        f"    target >= 3x: cold {c.verdict(sq_med / cold_med >= 3)} · warm {c.verdict(sq_med / warm_med >= 3)}"
    )
    print("    note: monte_carlo does more than draw the total (arrival-year quantiles, the 121-month")
    print("    P(viable) curve, the 73-month fan); squigglepy only draws the total.")
    print()

    # Accuracy: P10/P50/P90 of the total cost per user-month.
    qs = (0.1, 0.5, 0.9)
    ref = np.quantile(numpy_reference(REFERENCE_SAMPLES), qs)
    seeds = range(n_seeds)
    cc_q = np.array([np.quantile(sample_required_drop(prep, SAMPLES, s)[0], qs) for s in seeds])
    if sq is not None:
        sq_q = []
        for s in seeds:
            sq.set_seed(s)
            sq_q.append(np.quantile(sq.sample(dist, n=SAMPLES), qs))
        sq_arr = np.array(sq_q)
    cc_err = (cc_q - ref) / ref
    print(
        f"  accuracy of the total's percentiles, {SAMPLES:,} samples vs a {REFERENCE_SAMPLES:,}-sample "
        "numpy reference"
    )
    print(
        "  (computecurve: the draws monte_carlo uses, via sample_required_drop; relative error = (x-ref)/ref;"
    )
    print(f"   'rms' is the root-mean-square relative error over seeds 0..{n_seeds - 1})")
    header = f"    {'pct':>4} {'reference':>12} {'cc seed 0':>12} {'cc err':>8} {'cc rms':>8}"
    if sq is not None:
        header += f" {'sq seed 0':>12} {'sq err':>8} {'sq rms':>8}"
    print(header)
    for j, q in enumerate(qs):
        line = (
            f"    P{round(q * 100):<3} {ref[j]:12.4f} {cc_q[0, j]:12.4f} {cc_err[0, j]:+8.2%} "
            f"{math.sqrt(float(np.mean(cc_err[:, j] ** 2))):8.2%}"
        )
        if sq is not None:
            sq_err = (sq_arr[:, j] - ref[j]) / ref[j]
            line += f" {sq_arr[0, j]:12.4f} {sq_err[0]:+8.2%} {math.sqrt(float(np.mean(sq_err**2))):8.2%}"
        print(line)
    print()
    if do_profile:
        profile("monte_carlo warm x5", lambda: [monte_carlo(prep, SAMPLES, 0) for _ in range(5)])
        profile(
            "monte_carlo cold x5",
            lambda: [cold_monte_carlo(prep) for _ in range(5)],
        )


def bench_sensitivity(runs: int, do_profile: bool) -> None:
    print(f"[c] Sensitivity of the {N_BLOCKS}-block pitch ({runs} runs each)")
    catalog = default_catalog()
    for label, pitch in (
        ("explicit prices", explicit_pitch()),
        ("catalog models", catalog_pitch()),
        ("lognormal ranges", mc_pitch()),
    ):
        prep = prepare(pitch, catalog)
        rows = sensitivity(prep)
        times = c.time_calls(partial(sensitivity, prep), runs)
        print(f"  {label:<17} {len(rows):4d} rows: {c.stats_ms(times)}")
        if do_profile:
            profile(f"sensitivity x20, {label}", lambda p=prep: [sensitivity(p) for _ in range(20)])
    print()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer runs (a smoke run)")
    parser.add_argument("--profile", action="store_true", help="print cProfile summaries of each section")
    args = parser.parse_args()
    c.print_machine("Compute Curve core benchmark")
    print(f"pitch date {date.fromisoformat(AS_OF)} · catalog {default_catalog().version}")
    print()
    bench_deterministic(200 if args.quick else 2_000, args.profile)
    bench_monte_carlo(5 if args.quick else 20, 5 if args.quick else 20, args.profile)
    bench_sensitivity(20 if args.quick else 200, args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
