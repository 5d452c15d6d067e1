"""Shared helpers for the benchmark scripts (not tests: they print figures and never fail on slowness)."""

from __future__ import annotations

import atexit
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

# Processes are started by a small launcher that starts here, before this process grows: on Linux a child's
# peak memory (ru_maxrss) counts the peak of the process it was forked from, through exec, so children of
# a 100 MB benchmark would all read >= 100 MB. The launcher is ~10 MB: that is the floor of every peak.
_LAUNCHER_CODE = r"""
import json, os, resource, subprocess, sys, time
print(json.dumps({"floor_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}), flush=True)
for line in sys.stdin:
    job = json.loads(line)
    t0 = time.perf_counter()
    p = subprocess.Popen(job["cmd"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=job["cwd"])
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    print(json.dumps({"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "maxrss": ru.ru_maxrss,
                      "code": os.waitstatus_to_exitcode(status)}), flush=True)
"""
_launcher = subprocess.Popen(
    [sys.executable, "-S", "-c", _LAUNCHER_CODE], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
)
atexit.register(_launcher.kill)
_launcher_floor_kib: float | None = None

import numpy as np  # noqa: E402  (after the launcher: see above)

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


@dataclass(frozen=True)
class Run:
    """One whole process, measured from outside: wall and CPU seconds, peak resident memory."""

    wall: float
    cpu: float  # user + system, the operating system's accounting of the finished child
    peak_mib: float
    returncode: int


def launcher_floor_mib() -> float:
    """The launcher's own peak memory: no process it starts reads below it."""
    _start()
    assert _launcher_floor_kib is not None
    return _launcher_floor_kib / (1024 * 1024 if sys.platform == "darwin" else 1024)


def _start() -> None:
    global _launcher_floor_kib
    if _launcher_floor_kib is None:
        assert _launcher.stdout is not None
        _launcher_floor_kib = json.loads(_launcher.stdout.readline())["floor_kib"]


def run_process(cmd: Sequence[str], *, cwd: Path | None = None) -> Run:
    """Run ``cmd`` to its end (output thrown away), timed by the launcher from its start until it is reaped."""
    _start()
    assert _launcher.stdin is not None and _launcher.stdout is not None
    _launcher.stdin.write(json.dumps({"cmd": list(cmd), "cwd": str(cwd) if cwd else None}) + "\n")
    _launcher.stdin.flush()
    got = json.loads(_launcher.stdout.readline())
    # ru_maxrss is KiB on Linux, bytes on macOS
    peak = got["maxrss"] / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return Run(got["wall"], got["cpu"], peak, got["code"])


def interleaved(
    commands: dict[str, Sequence[str]], rounds: int, *, cwd: Path | None = None
) -> dict[str, list[Run]]:
    """Each command once per round, A B C, then B C A, ...: a machine that speeds up or slows down during
    the measurement touches every command alike, and ratios are taken round by round."""
    names = list(commands)
    runs: dict[str, list[Run]] = {name: [] for name in names}
    for name in names:  # one warm-up each (file cache, bytecode), not counted
        run_process(commands[name], cwd=cwd)
    for r in range(rounds):
        order = names[r % len(names) :] + names[: r % len(names)]
        for name in order:
            runs[name].append(run_process(commands[name], cwd=cwd))
    return runs


def median(values: Sequence[float]) -> float:
    return float(np.median(np.asarray(values, dtype=float)))


def spread(values: Sequence[float]) -> str:
    """``median (min-max)`` of a few figures."""
    v = np.asarray(values, dtype=float)
    return f"{np.median(v):.3f} ({v.min():.3f}-{v.max():.3f})"
