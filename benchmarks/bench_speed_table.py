"""Issue 12's speed table, the core's rows: each measured in this run, side by side with its yardstick.

Run: ``python benchmarks/bench_speed_table.py [--quick] [--rounds N] [--seeds N]``. Prints figures and MET or
MISSED after each target; never fails on slowness.

Rows:
  1. The Monte Carlo of 50 ranged blocks, cold, as whole processes: ``computecurve evaluate --samples
     200000`` minus ``--samples 100`` (what the samples cost, start-up and the rest cancelling), against the
     same subtraction for a Python process in which squigglepy draws the same model. Target: >= 3x faster.
  2. ``computecurve score`` of 1,000 memos against a process that only json-loads the same files. Target:
     <= 2.5x. The floor is measured too: a process that imports what ``score`` imports, loads the price
     catalog and json-loads the files (no validation, no arithmetic).
  3. Memory: the peak resident memory of the 200,000-sample process of row 1. Target: well under 200 MB.
  4. The standard error of ``p_viable_now`` and of the P50 arrival at 20,000 samples: the antithetic draws
     of ``core/sampling.py`` against plain Monte Carlo (independent draws, ``benchmarks/_plain_mc.py``), over
     many seeds, and from the pairs' correlation in one 2,000,000-sample run. Target: no larger.
  5. The sensitivity of a 50-block pitch (reported; it was ~4 ms).

The processes of a row run in turn, A B C, B C A, ...; ratios are taken round by round and the median is
quoted, with the range.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

import _common as c
import numpy as np
from _plain_mc import plain_estimates
from bench_core import mc_model, mc_pitch
from bench_score import generate

from core.engine import PreparedPitch, prepare
from core.pitch_io import dump_pitch_bytes, load_pitch
from core.uncertainty import monte_carlo, sample_required_drop, sensitivity

MC_TARGET = 3.0
SCORE_TARGET = 2.5
MEMORY_TARGET_MIB = 200.0
SE_PITCHES = (
    "default",
    "companion-2026",
    "agentic-coding-flash",
    "super-individual-sonnet",
    "jewelry-recommendations",
    "voice-tutor",
)


def computecurve() -> list[str]:
    exe = Path(sys.executable).with_name("computecurve")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "core"]


def squigglepy_script(folder: Path) -> Path | None:
    """A script that draws the benchmark's model with squigglepy (and imports nothing of Compute Curve)."""
    try:
        import squigglepy  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        return None
    model = [list(term) for term in mc_model()]
    script = folder / "squigglepy_model.py"
    script.write_text(
        "import sys\n"
        "import squigglepy as sq\n"
        f"MODEL = {json.dumps(model)}\n"
        "total = None\n"
        "for k, a, b, c, d in MODEL:\n"
        "    term = k * sq.lognorm(a, b) * sq.lognorm(c, d)\n"
        "    total = term if total is None else total + term\n"
        "sq.set_seed(0)\n"
        "print(float(sq.sample(total, n=int(sys.argv[1])).mean()))\n",
        encoding="utf-8",
    )
    return script


def row_monte_carlo(folder: Path, rounds: int) -> dict[str, Any]:
    print("[1] Monte Carlo of 50 ranged blocks, cold, whole processes: 200,000 samples minus 100")
    pitch_file = folder / "fifty-ranged-blocks.pitch.json"
    pitch_file.write_bytes(dump_pitch_bytes(mc_pitch()))
    cc = computecurve()
    commands = {
        "cc 200000": [*cc, "evaluate", str(pitch_file), "--json", "--samples", "200000"],
        "cc 100": [*cc, "evaluate", str(pitch_file), "--json", "--samples", "100"],
    }
    script = squigglepy_script(folder)
    if script is not None:
        commands["sq 200000"] = [sys.executable, str(script), "200000"]
        commands["sq 100"] = [sys.executable, str(script), "100"]
    runs = c.interleaved(commands, rounds)
    for name, rs in runs.items():
        print(
            f"  {name:<10} wall {c.spread([r.wall for r in rs])} s · cpu {c.spread([r.cpu for r in rs])} s · "
            f"peak {c.median([r.peak_mib for r in rs]):.1f} MiB · exit {sorted({r.returncode for r in rs})}"
        )
    out: dict[str, Any] = {"peak_mib": c.median([r.peak_mib for r in runs["cc 200000"]])}
    out["peak_100_mib"] = c.median([r.peak_mib for r in runs["cc 100"]])
    for clock in ("wall", "cpu"):
        ours = [
            getattr(a, clock) - getattr(b, clock)
            for a, b in zip(runs["cc 200000"], runs["cc 100"], strict=True)
        ]
        out[f"ours_{clock}"] = c.median(ours)
        print(f"  computecurve: 200,000 samples cost {c.spread(ours)} s ({clock})")
        if script is not None:
            theirs = [
                getattr(a, clock) - getattr(b, clock)
                for a, b in zip(runs["sq 200000"], runs["sq 100"], strict=True)
            ]
            ratios = [t / o for t, o in zip(theirs, ours, strict=True)]
            out[f"theirs_{clock}"] = c.median(theirs)
            out[f"ratio_{clock}"] = c.median(ratios)
            print(f"  squigglepy:   200,000 samples cost {c.spread(theirs)} s ({clock})")
            print(f"  faster by {c.spread(ratios)}x ({clock}, round by round)")
    if script is None:
        print("  squigglepy is not installed (pip install squigglepy): no yardstick, no verdict")
    else:
        print(
            f"  target >= {MC_TARGET:g}x: wall {out['ratio_wall']:.2f}x {c.verdict(out['ratio_wall'] >= MC_TARGET)} · "
            f"cpu {out['ratio_cpu']:.2f}x {c.verdict(out['ratio_cpu'] >= MC_TARGET)}"
        )
    print()
    return out


def row_score(folder: Path, rounds: int) -> dict[str, float]:
    print("[2] `computecurve score` of 1,000 memos against a process that only json-loads them")
    memos = folder / "memos"
    generate(memos, 1_000)
    json_only = folder / "json_only.py"
    json_only.write_text(
        "import json, sys\nfrom pathlib import Path\n"
        "docs = [json.loads(p.read_bytes()) for p in sorted(Path(sys.argv[1]).rglob('*.json')) if p.is_file()]\n",
        encoding="utf-8",
    )
    floor = folder / "floor.py"
    floor.write_text(
        "import json, sys\nfrom pathlib import Path\n"
        "import core.cli, core.scoring  # what `computecurve score` imports\n"
        "from core.catalog import default_catalog\n"
        "default_catalog().model_ids()  # the price catalog, which half the memos need\n"
        "docs = [json.loads(p.read_bytes()) for p in sorted(Path(sys.argv[1]).rglob('*.json')) if p.is_file()]\n",
        encoding="utf-8",
    )
    commands = {
        "score": [*computecurve(), "score", str(memos), "--csv", str(folder / "scores.csv")],
        "json only": [sys.executable, str(json_only), str(memos)],
        "floor": [sys.executable, str(floor), str(memos)],
        "python": [sys.executable, "-c", "pass"],
    }
    runs = c.interleaved(commands, rounds, cwd=c.REPO)
    for name, rs in runs.items():
        print(
            f"  {name:<10} wall {c.spread([r.wall for r in rs])} s · cpu {c.spread([r.cpu for r in rs])} s · "
            f"peak {c.median([r.peak_mib for r in rs]):.1f} MiB"
        )
    out: dict[str, float] = {}
    for clock in ("wall", "cpu"):
        for name in ("score", "floor"):
            ratios = [
                getattr(a, clock) / getattr(b, clock)
                for a, b in zip(runs[name], runs["json only"], strict=True)
            ]
            out[f"{name}_{clock}"] = c.median(ratios)
            print(f"  {name} / json only: {c.spread(ratios)}x ({clock})")
    print(
        f"  target <= {SCORE_TARGET:g}x: wall {out['score_wall']:.2f}x {c.verdict(out['score_wall'] <= SCORE_TARGET)} · "
        f"the floor (imports + catalog + json) is {out['floor_wall']:.2f}x"
    )
    print()
    return out


def row_memory() -> float:
    prep = prepare(mc_pitch())
    tracemalloc.start()
    monte_carlo(prep, 200_000, 0, charts=False)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def _pair_correlation(prep: PreparedPitch, samples: int) -> tuple[float, float]:
    """corr(Y, Y') of the antithetic pairs for Y = viable now and Y = arrival <= its median."""
    cost, budget, factor = sample_required_drop(prep, samples, 0)
    with np.errstate(all="ignore"):
        drop = cost / budget
        drop = np.where(np.isnan(drop), np.inf, drop)
        oom = np.log10(drop)
        viable = np.round(oom, 9) <= 0
        years = np.where(viable, 0.0, oom * math.log(10) / np.log(factor))
    m = samples // 2
    out = []
    for y in (viable, years <= np.median(years)):
        a, b = y[:m].astype(float), y[m : 2 * m].astype(float)
        out.append(float(np.corrcoef(a, b)[0, 1]) if a.std() > 0 and b.std() > 0 else 0.0)
    return out[0], out[1]


def row_standard_error(seeds: int, big: int) -> bool:
    print(
        f"[4] Standard error at 20,000 samples: antithetic (ours) vs plain Monte Carlo, over {seeds} seeds each, "
        f"and sqrt(1 + corr) of the pairs in one {big:,}-sample run"
    )
    print(
        "    (the SD over seeds is the standard error; its ratio has a 95% interval of about exp(+-1.96/sqrt(seeds-1)))"
    )
    print(
        f"    {'pitch':<26} {'p now':>7} {'SE ours':>9} {'SE plain':>9} {'ratio':>6} {'pairs':>6} | "
        f"{'P50 yr':>7} {'SE ours':>9} {'SE plain':>9} {'ratio':>6} {'pairs':>6}"
    )
    pitches = [("50 ranged blocks (row 1)", mc_pitch())]
    examples = c.REPO / "resources" / "examples"
    pitches += [(name, load_pitch(examples / f"{name}.pitch.json")) for name in SE_PITCHES]
    ok = True
    band = math.exp(1.96 / math.sqrt(seeds - 1))
    for label, pitch in pitches:
        prep = prepare(pitch)
        ours = np.array(
            [
                (r.p_viable_now, r.years_p50)
                for r in (monte_carlo(prep, 20_000, s, charts=False) for s in range(seeds))
            ]
        )
        plain = np.array([plain_estimates(prep, 20_000, s) for s in range(seeds)])
        rho_now, rho_p50 = _pair_correlation(prep, big)
        cells = []
        for j, rho in ((0, rho_now), (1, rho_p50)):
            se_ours, se_plain = float(ours[:, j].std(ddof=1)), float(plain[:, j].std(ddof=1))
            ratio = se_ours / se_plain if se_plain > 0 else float("nan")
            pairs = math.sqrt(max(0.0, 1 + rho))
            # no larger: the pairs' exact figure, and the seeds' estimate within its noise
            ok &= pairs <= 1.0 + 2 / math.sqrt(big / 2) and (se_plain == 0 or ratio <= band)
            cells.append(f"{ours[:, j].mean():7.4f} {se_ours:9.5f} {se_plain:9.5f} {ratio:6.2f} {pairs:6.3f}")
        print(f"    {label:<26} {cells[0]} | {cells[1]}")
    print(f"  target: no larger than plain Monte Carlo's: {c.verdict(ok)}")
    print()
    return ok


def row_sensitivity(runs: int) -> float:
    prep = prepare(mc_pitch())
    sensitivity(prep)
    times = c.time_calls(lambda: sensitivity(prep), runs)
    return float(np.median(times))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer rounds and seeds (a smoke run)")
    parser.add_argument("--rounds", type=int, help="rounds of processes per row (default 7; quick 3)")
    parser.add_argument("--seeds", type=int, help="seeds per standard error (default 200; quick 30)")
    args = parser.parse_args()
    rounds = args.rounds or (3 if args.quick else 7)
    seeds = args.seeds or (30 if args.quick else 200)
    c.print_machine("Compute Curve speed table (issue 12, the core's rows)")
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="cc-speed-") as tmp:
        folder = Path(tmp)
        mc = row_monte_carlo(folder, rounds)
        score = row_score(folder, rounds)
    traced = row_memory()
    print(
        f"[3] Memory: the 200,000-sample process peaks at {mc['peak_mib']:.1f} MiB (the 100-sample one at "
        f"{mc['peak_100_mib']:.1f} MiB; no process started here reads below {c.launcher_floor_mib():.1f} MiB); "
        f"monte_carlo's own arrays at most {traced:.1f} MiB (tracemalloc)"
    )
    print(f"  target: well under {MEMORY_TARGET_MIB:g} MB: {c.verdict(mc['peak_mib'] < MEMORY_TARGET_MIB)}")
    print()
    se_ok = row_standard_error(seeds, 400_000 if args.quick else 2_000_000)
    sens = row_sensitivity(50 if args.quick else 300)
    print(f"[5] Sensitivity of the 50-block pitch: median {sens * 1e3:.2f} ms (reported; no target)")
    print()
    print("Summary (medians of round-by-round ratios; wall clock, whole processes)")
    mc_cell = (
        f"{mc['ratio_wall']:.2f}x faster ({mc['ours_wall']:.3f} s vs {mc['theirs_wall']:.3f} s)"
        if "ratio_wall" in mc
        else "no squigglepy"
    )
    rows = [
        (
            "Monte Carlo, 50 ranged blocks, 200,000 - 100 samples",
            f">= {MC_TARGET:g}x squigglepy",
            mc_cell,
            c.verdict(mc.get("ratio_wall", 0) >= MC_TARGET),
        ),
        (
            "score of 1,000 memos",
            f"<= {SCORE_TARGET:g}x json-load only",
            f"{score['score_wall']:.2f}x (floor {score['floor_wall']:.2f}x)",
            c.verdict(score["score_wall"] <= SCORE_TARGET),
        ),
        (
            "memory, 200,000 samples x 50 blocks",
            f"< {MEMORY_TARGET_MIB:g} MB peak",
            f"{mc['peak_mib']:.0f} MiB",
            c.verdict(mc["peak_mib"] < MEMORY_TARGET_MIB),
        ),
        ("standard error at 20,000 samples", "<= plain Monte Carlo", "see [4]", c.verdict(se_ok)),
    ]
    for what, target, measured, verdict in rows:
        print(f"  {what:<54} {target:<26} {measured:<40} {verdict}")
    print(f"\n(took {time.perf_counter() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
