"""Shared helpers for the benchmark scripts (not tests: they print figures and never fail on slowness)."""

from __future__ import annotations

import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run from anywhere: `python benchmarks/bench_core.py`
    sys.path.insert(0, str(REPO))


def print_machine(title: str) -> None:
    """The machine's numpy, Python and CPU figures, printed first by every benchmark."""
    print(f"== {title} ==")
    print(
        f"numpy {np.__version__} · Python {platform.python_version()} ({platform.python_implementation()}) · "
        f"CPUs {os.cpu_count()} · {platform.machine()} · {platform.system()} {platform.release()}"
    )
    print()


def time_calls(fn: Callable[[], object], runs: int, setup: Callable[[], object] | None = None) -> np.ndarray:
    """Wall-clock seconds of ``runs`` calls of ``fn`` (``setup`` runs before each call, untimed)."""
    out = np.empty(runs)
    for i in range(runs):
        if setup is not None:
            setup()
        t0 = time.perf_counter()
        fn()
        out[i] = time.perf_counter() - t0
    return out


def once(fn: Callable[[], object]) -> float:
    """Wall-clock seconds of one call."""
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def us(seconds: float) -> str:
    return f"{seconds * 1e6:9.1f} µs"


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:8.2f} ms"


def stats_us(times: np.ndarray) -> str:
    return (
        f"median {us(float(np.median(times)))} · p95 {us(float(np.percentile(times, 95)))} · n={len(times)}"
    )


def stats_ms(times: np.ndarray) -> str:
    return (
        f"median {ms(float(np.median(times)))} · min {ms(float(times.min()))} · "
        f"max {ms(float(times.max()))} · n={len(times)}"
    )


def verdict(ok: bool) -> str:
    return "MET" if ok else "MISSED"
