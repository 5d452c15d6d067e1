"""Benchmark of batch scoring: 1,000 generated pitch files scored by `computecurve score DIR --csv OUT`.

Run: ``python benchmarks/bench_score.py [--files N] [--profile] [--keep DIR]``. Prints figures; never fails on
slowness. Target (issue 12): the command scores 1,000 files end to end (a fresh process, wall clock) within
2.5x a process that only json-loads the same files, measured in turn with it.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import io
import json
import pstats
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import _common as c
import numpy as np

TARGET_RATIO = 2.5  # issue 12: score of 1,000 memos within 2.5x a process that only json-loads them
MODELS = (
    "openai:gpt-4o-mini",
    "anthropic:claude-sonnet-4-6",
    "openai:gpt-4.1-mini",
    "openai:gpt-4o",
    "google:gemini-2.5-flash",
    "anthropic:claude-haiku-4-5",
    "anthropic:claude-opus-4-6",
    "deepseek:deepseek-chat",
)
SCENARIOS = (
    "seed-rule",
    "ng-gpt4",
    "llmflation",
    "price-of-progress",
    "epoch-gpt4-mmlu",
    "supply-constrained",
)


def _block(rng: random.Random, i: int, with_models: bool) -> dict[str, object]:
    inp = float(rng.choice([200, 800, 2_000, 4_000, 8_000, 30_000, 120_000, 250_000]))
    block: dict[str, object] = {
        "name": f"Feature {i} · {rng.choice(['chat', 'search', 'summary', 'agent step', 'vision', '=SUM(A1)'])}",
        "input_tokens": inp,
        "output_tokens": float(rng.choice([50, 150, 500, 1_500, 4_000])),
        "calls_per_action": rng.choice([1, 1, 2, 3, 0.5]),
        "actions_per_day": round(rng.uniform(0.1, 300), 2),
    }
    if with_models and rng.random() < 0.7:
        block["model"] = rng.choice(MODELS)
        if rng.random() < 0.15:  # an explicit override: flagged when > 10% off the catalog
            block["price"] = {"output_per_mtok": round(rng.uniform(0.5, 20), 2)}
    else:
        price: dict[str, object] = {
            "input_per_mtok": round(rng.uniform(0.05, 15), 3),
            "output_per_mtok": round(rng.uniform(0.2, 75), 3),
        }
        if rng.random() < 0.5:
            price["cached_input_per_mtok"] = round(float(price["input_per_mtok"]) / 10, 4)  # type: ignore[arg-type]
        if rng.random() < 0.2:
            price["tiers"] = [{"above_input_tokens": 200_000, "input_per_mtok": 2 * price["input_per_mtok"]}]  # type: ignore[operator]
        block["price"] = price
    if rng.random() < 0.5:
        cached = rng.choice([0.0, 0.25, 0.5, 0.8])
        block["cached_input_fraction"] = cached
        if rng.random() < 0.3:
            block["cache_write_fraction"] = round((1 - cached) * 0.3, 3)
    if rng.random() < 0.2:
        block["reasoning_tokens"] = float(rng.choice([500, 2_000, 8_000]))
    if rng.random() < 0.1:
        block["price_multiplier"] = rng.choice([0.5, 0.8])
    if rng.random() < 0.1:
        block["per_call_usd"] = rng.choice([0.001, 0.01, 0.04])
    if rng.random() < 0.05:
        block["enabled"] = False
    if rng.random() < 0.4:
        apd = float(block["actions_per_day"])  # type: ignore[arg-type]
        block["ranges"] = {"actions_per_day": [apd / 3, apd * 3], "input_tokens": [inp / 2, inp * 2]}
    return block


def pitch_document(rng: random.Random, k: int) -> dict[str, object]:
    with_models = rng.random() < 0.5
    doc: dict[str, object] = {
        "format": "computecurve.pitch",
        "schema_version": 2,
        "name": f"Generated pitch {k:04d}" if rng.random() < 0.9 else f"-{k} «unicode» ✓",
        "business": {
            "price_per_user_month": rng.choice([4.99, 9.99, 20.0, 30.0, 200.0, 2_000.0]),
            "target_gross_margin": rng.choice([0.5, 0.6, 0.7, 0.8]),
        },
        "blocks": [_block(rng, i, with_models) for i in range(rng.randint(1, 12))],
    }
    if rng.random() < 0.3:
        doc["notes"] = "Assumptions: " + "lorem ipsum " * rng.randint(1, 200)
    if rng.random() < 0.95:  # the rest are priced at today's date
        start = date(2026, 3, 1) if with_models else date(2024, 1, 1)
        doc["as_of"] = (start + timedelta(days=rng.randint(0, 240))).isoformat()
    business = doc["business"]
    assert isinstance(business, dict)
    if rng.random() < 0.5:
        business.update(
            inference_share_of_cogs=rng.choice([0.5, 0.8, 1.0]),
            active_days_per_month=rng.choice([20, 22, 30]),
            usage_multiplier=rng.choice([0.5, 1.0, 2.0]),
            free_users_per_paying_user=rng.choice([0, 1, 9]),
            payment_fee_fraction=rng.choice([0, 0.03, 0.15, 0.3]),
        )
        if rng.random() < 0.5:
            um = float(business["usage_multiplier"])
            business["ranges"] = {"usage_multiplier": [um / 2, um * 3]}
    r = rng.random()
    if r < 0.6:
        doc["scenario"] = rng.choice(SCENARIOS)
    elif r < 0.7:
        low = round(rng.uniform(1.5, 5), 2)
        doc["scenario"] = {"name": "custom", "annual_decline_low": low, "annual_decline_high": low * 2}
    return doc


def generate(folder: Path, n: int, seed: int = 0) -> int:
    """``n`` valid pitch files in ``folder`` (spread over subfolders, as a deal-flow folder would be)."""
    rng = random.Random(seed)
    total_bytes = 0
    for k in range(n):
        sub = folder / f"batch{k // 250}"
        sub.mkdir(parents=True, exist_ok=True)
        data = json.dumps(pitch_document(rng, k), indent=2, ensure_ascii=False).encode("utf-8")
        (sub / f"pitch-{k:04d}.pitch.json").write_bytes(data)
        total_bytes += len(data)
    return total_bytes


def cli_command() -> list[str]:
    exe = Path(sys.executable).with_name("computecurve")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "core"]


def check_csv(path: Path, n: int) -> str:
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    errors = [r for r in rows if r["error"]]
    warned = sum(bool(r["warnings"]) for r in rows)
    verdicts: dict[str, int] = {}
    for r in rows:
        verdicts[r["verdict"] or "error"] = verdicts.get(r["verdict"] or "error", 0) + 1
    text = (
        f"{len(rows)} rows (expected {n}), {len(errors)} errors, {warned} with warnings, verdicts {verdicts}"
    )
    if errors:
        text += f"\n      first error: {errors[0]['file']}: {errors[0]['error']}"
    return text


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=1_000, help="how many pitch files (default 1,000)")
    parser.add_argument(
        "--profile", action="store_true", help="print a cProfile summary of the in-process run"
    )
    parser.add_argument(
        "--keep", metavar="DIR", help="generate into DIR and keep it (default: a temp folder)"
    )
    args = parser.parse_args()
    c.print_machine("Compute Curve batch-scoring benchmark")

    tmp = None
    if args.keep:
        folder = Path(args.keep)
        folder.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="cc-bench-score-")
        folder = Path(tmp.name)
    try:
        pitches = folder / "pitches"
        t0 = time.perf_counter()
        size = generate(pitches, args.files)
        t_gen = time.perf_counter() - t0
        print(f"generated {args.files} pitch files ({size / 1e6:.2f} MB) in {t_gen:.2f} s under {pitches}")
        print()

        # 1. End to end, a fresh process each time (what a user's script sees), beside its yardstick.
        out_csv = folder / "scores.csv"
        json_only = folder / "json_only.py"
        json_only.write_text(
            "import json, sys\nfrom pathlib import Path\n"
            "docs = [json.loads(p.read_bytes()) for p in sorted(Path(sys.argv[1]).rglob('*.json')) if p.is_file()]\n",
            encoding="utf-8",
        )
        print(
            "[1] `computecurve score DIR --csv OUT` beside a process that only json-loads the files (5 rounds)"
        )
        runs = c.interleaved(
            {
                "score": [*cli_command(), "score", str(pitches), "--csv", str(out_csv)],
                "json only": [sys.executable, str(json_only), str(pitches)],
                "startup": [*cli_command(), "scenarios"],
            },
            5,
        )
        for name, rs in runs.items():
            print(
                f"  {name:<10} wall {c.spread([r.wall for r in rs])} s · exit {sorted({r.returncode for r in rs})}"
            )
        ratios = [a.wall / b.wall for a, b in zip(runs["score"], runs["json only"], strict=True)]
        best = min(r.wall for r in runs["score"])
        print(f"  per file: {best / args.files * 1e3:.2f} ms (best run)")
        print(f"  CSV check: {check_csv(out_csv, args.files)}")
        print(f"  score / json only: {c.spread(ratios)}x (round by round)")
        print(
            f"  target: <= {TARGET_RATIO:g}x a json-load-only process: {c.verdict(c.median(ratios) <= TARGET_RATIO)}"
        )
        print("  (benchmarks/bench_speed_table.py also measures the floor: imports + catalog + json-load)")
        print()

        # 2. In process.
        from core.catalog import default_catalog
        from core.engine import evaluate
        from core.pitch_io import load_pitch
        from core.scoring import expand_paths, score_paths, scores_csv

        print("[2] in-process core.scoring.score_paths (this process; the first run loads the catalog)")
        first = c.once(lambda: list(score_paths([pitches])))
        runs = [c.once(lambda: list(score_paths([pitches]))) for _ in range(3)]
        rows = list(score_paths([pitches]))
        t_csv = c.once(lambda: scores_csv(rows))
        print(f"  first run (cold catalog)    {first:.3f} s")
        print(
            f"  warm runs                   {', '.join(f'{t:.3f} s' for t in runs)} · best {min(runs):.3f} s "
            f"({min(runs) / args.files * 1e3:.2f} ms per file)"
        )
        print(f"  scores_csv of the rows      {t_csv * 1e3:.1f} ms")
        files = expand_paths([pitches])
        catalog = default_catalog()
        t_expand = c.once(lambda: expand_paths([pitches]))
        loaded: list[Any] = []
        t_load = c.once(lambda: loaded.extend(load_pitch(p) for p in files))
        t_eval = c.once(lambda: [evaluate(p, catalog) for p in loaded])
        per_file = np.array([len(p.blocks) for p in loaded])
        print(
            f"  breakdown: expand_paths {t_expand * 1e3:.1f} ms · load_pitch (read, parse, validate) "
            f"{t_load * 1e3:.1f} ms · evaluate {t_eval * 1e3:.1f} ms "
            f"({per_file.sum()} blocks, {per_file.mean():.1f} per file)"
        )
        print()
        if args.profile:
            pr = cProfile.Profile()
            pr.enable()
            list(score_paths([pitches]))
            pr.disable()
            buf = io.StringIO()
            pstats.Stats(pr, stream=buf).sort_stats("tottime").print_stats(15)
            print("--- cProfile: score_paths, warm (top 15 by own time) ---")
            print("\n".join(line for line in buf.getvalue().splitlines() if line.strip()))
            print()
            # the subprocess's import and catalog time
            t_imp, proc = run_cli_import()
            print(f"--- fresh-process import of core.cli + catalog load: {t_imp:.3f} s ---")
            print(proc.stdout.decode(errors="replace"))
    finally:
        if tmp is not None:
            tmp.cleanup()
    return 0


def run_cli_import() -> tuple[float, subprocess.CompletedProcess[bytes]]:
    code = (
        "import time; t0 = time.perf_counter(); import core.cli, core.scoring, core.engine; t1 = time.perf_counter();"
        "from core.catalog import default_catalog; default_catalog()._load(); t2 = time.perf_counter();"
        "print(f'import core.cli/scoring/engine {t1 - t0:.3f} s; genai-prices catalog load {t2 - t1:.3f} s')"
    )
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, check=False, cwd=c.REPO)
    return time.perf_counter() - t0, proc


if __name__ == "__main__":
    sys.exit(main())
