"""Benchmark of the desktop app's responsiveness: edit to redraw, the Monte Carlo after an edit, cold start.

Run: ``python benchmarks/bench_desktop.py [--quick] [--profile]``. Prints figures; never fails on slowness.
Qt runs on the offscreen platform and ``COMPUTECURVE_HOME`` points at a temporary folder, so no window
opens and the user's settings, recent files and autosaves are left alone.

Targets checked (printed as MET / MISSED):
  1. an edit of a 50-block pitch (explicit prices, ranges) updates every view within one frame: the median
     of "edit call + processEvents()" is under 16 ms (the same with a forced repaint is reported too);
  2. the Monte Carlo of the last edit of a burst is drawn within 150 ms of that edit (debounce included);
  3. the time from process launch to the main window's first paint is within 1.3x that of a bare
     PySide6 + pyqtgraph window (one PlotWidget, one line), measured the same way; genai_prices is not
     imported and no Monte Carlo has run at first paint.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

# Before Qt is imported: no window on a developer's screen, no touching of the user's settings.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_HOME = tempfile.TemporaryDirectory(prefix="computecurve-bench-")
os.environ["COMPUTECURVE_HOME"] = _HOME.name

import _common as c  # noqa: E402
import numpy as np  # noqa: E402

from core.pitch import Pitch  # noqa: E402

N_BLOCKS = 50
AS_OF = "2026-03-23"
FRAME_MS = 16.0
MC_TARGET_MS = 150.0
COLD_RATIO_TARGET = 1.3


# --------------------------------------------------------------------------------------------------
# The pitch
# --------------------------------------------------------------------------------------------------


def bench_pitch() -> Pitch:
    """50 blocks with explicit prices (no catalog model), lognormal ranges on two fields of every block."""
    blocks = []
    for i in range(N_BLOCKS):
        inp = 500.0 + 137 * i
        apd = 2.0 + i
        blocks.append(
            {
                "name": f"Block {i}",
                "price": {
                    "input_per_mtok": 0.1 + 0.2 * (i % 7),
                    "output_per_mtok": 0.4 + 1.1 * (i % 5),
                    "cached_input_per_mtok": 0.05,
                },
                "input_tokens": inp,
                "output_tokens": 50.0 + 13 * i,
                "reasoning_tokens": float(10 * (i % 3)),
                "cached_input_fraction": 0.1 * (i % 6),
                "calls_per_action": 1 + (i % 3),
                "actions_per_day": apd,
                "ranges": {"input_tokens": [inp / 3, inp * 3], "actions_per_day": [apd / 2, apd * 2]},
            }
        )
    return Pitch.model_validate(
        {
            "format": "computecurve.pitch",
            "schema_version": 2,
            "name": "Bench: 50 explicit-price blocks with ranges",
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
    )


class _EditStream:
    """Edits ``output_tokens`` of block after block (never a no-op: every value is new)."""

    STRIDE = 17  # visits the blocks in a scattered order, the selected block (0) among them

    def __init__(self) -> None:
        self.k = 0

    def next(self, window: Any) -> None:
        self.k += 1
        i = (self.k * self.STRIDE) % N_BLOCKS
        value = 50.0 + 13 * i + 0.5 * self.k
        window.document.edit_block(i, f"Change output tokens of Block {i}", output_tokens=value)


# --------------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------------


def ms_range(values_s: list[float] | np.ndarray) -> str:
    """``median (min-max) ms`` of some durations in seconds."""
    a = np.asarray(values_s) * 1e3
    return f"{np.median(a):.1f} ms ({a.min():.1f}-{a.max():.1f})"


def ratio_range(values: list[float] | np.ndarray) -> str:
    """``median (min-max)x`` of some ratios."""
    a = np.asarray(values)
    return f"{np.median(a):.2f}x ({a.min():.2f}-{a.max():.2f})"


def ms_stats(values_s: list[float] | np.ndarray) -> str:
    a = np.asarray(values_s) * 1e3
    return f"median {np.median(a):7.2f} ms · p90 {np.percentile(a, 90):7.2f} ms · max {a.max():7.2f} ms · n={len(a)}"


def pump() -> None:
    """One turn of the event loop as ``app.exec()`` takes it: the pending events (paints included), then the
    objects a handler deleted with ``deleteLater``. ``processEvents()`` called outside ``exec()`` never deletes
    them: a chart's legend rebuilt at each edit would pile up old, still painted widgets in this process
    (12 become 132 in 10 edits), which the app, running ``exec()``, never has."""
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def spin(app: Any, seconds: float) -> None:
    """Run the event loop for ``seconds`` (processEvents + short sleeps)."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pump()
        time.sleep(0.001)


def settle(app: Any, window: Any, idle_s: float = 0.05, timeout_s: float = 20.0) -> None:
    """Wait until no Monte Carlo is pending or running, then a little idle time."""
    end = time.perf_counter() + timeout_s
    while window.service.mc_busy and time.perf_counter() < end:
        pump()
        time.sleep(0.001)
    spin(app, idle_s)


def profile_block(label: str, fn: Any, top: int = 25, sort: str = "cumulative") -> None:
    pr = cProfile.Profile()
    pr.enable()
    fn()
    pr.disable()
    buf = io.StringIO()
    pstats.Stats(pr, stream=buf).sort_stats(sort).print_stats(top)
    print(f"--- cProfile: {label} (top {top} by {sort} time) ---")
    lines = [line for line in buf.getvalue().splitlines() if line.strip()]
    print("\n".join(lines[: top + 12]))
    print()


class Probe:
    """Wall-clock time and call count of some functions, accumulated per edit (installed before the window
    exists: PySide caches a Python override of a Qt virtual such as ``paintEvent`` per object)."""

    def __init__(self) -> None:
        self.t: dict[str, float] = {}
        self.n: dict[str, int] = {}

    def reset(self) -> None:
        self.t.clear()
        self.n.clear()

    def wrap(self, owner: Any, name: str, label: str) -> None:
        real = getattr(owner, name)
        t, n = self.t, self.n

        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return real(*args, **kwargs)
            finally:
                t[label] = t.get(label, 0.0) + time.perf_counter() - t0
                n[label] = n.get(label, 0) + 1

        timed.__name__ = getattr(real, "__name__", name)
        timed.__qualname__ = getattr(real, "__qualname__", name)
        setattr(owner, name, timed)


PROBE = Probe()
MC_LOG: list[tuple[float, float]] = []  # (start, end) of every Monte Carlo the service ran
EDIT_PARTS = (  # the synchronous work of one edit, in the order it runs
    "core prepare",
    "core evaluate_prepared",
    "core sensitivity",
    "VerdictPanel.show_analysis",
    "BlocksTable.show_analysis",
    "ProjectionChart.show_analysis",
    "BreakdownChart.show_analysis",
    "ProbabilityChart.show_analysis",
    "SensitivityChart.show_analysis",
    "BlockEditor redraw (pitch_changed)",
    "BusinessPanel redraw (pitch_changed)",
)
PAINT = "pyqtgraph GraphicsView.paintEvent"
AXIS = "  of which AxisItem.paint"


def install_probes() -> None:
    import pyqtgraph as pg

    import core.analysis as es
    from desktop.block_editor import BlockEditor
    from desktop.blocks_table import BlocksTable
    from desktop.business_panel import BusinessPanel
    from desktop.charts.breakdown_chart import BreakdownChart
    from desktop.charts.probability_chart import ProbabilityChart
    from desktop.charts.projection_chart import ProjectionChart
    from desktop.charts.sensitivity_chart import SensitivityChart
    from desktop.verdict_panel import VerdictPanel

    PROBE.wrap(es, "prepare", "core prepare")
    PROBE.wrap(es, "evaluate_prepared", "core evaluate_prepared")
    PROBE.wrap(es, "sensitivity", "core sensitivity")
    for cls in (
        VerdictPanel,
        BlocksTable,
        ProjectionChart,
        BreakdownChart,
        ProbabilityChart,
        SensitivityChart,
    ):
        PROBE.wrap(cls, "show_analysis", f"{cls.__name__}.show_analysis")
    PROBE.wrap(BlockEditor, "_on_document_pitch_changed", "BlockEditor redraw (pitch_changed)")
    PROBE.wrap(BusinessPanel, "_on_document_pitch_changed", "BusinessPanel redraw (pitch_changed)")
    PROBE.wrap(pg.GraphicsView, "paintEvent", PAINT)
    real_mc = es.monte_carlo

    def logged_mc(*args: Any, **kwargs: Any) -> Any:  # runs on the worker thread
        t0 = time.perf_counter()
        try:
            return real_mc(*args, **kwargs)
        finally:
            MC_LOG.append((t0, time.perf_counter()))

    es.monte_carlo = logged_mc
    PROBE.wrap(pg.AxisItem, "paint", AXIS)


def plot_viewports(window: Any) -> list[Any]:
    import pyqtgraph as pg

    return [v.viewport() for v in window.findChildren(pg.GraphicsView)]


def force_repaint(window: Any) -> None:
    """Paint the whole window now. ``window.repaint()`` alone does not reach the plots' viewports (it
    repaints no pyqtgraph view at all on the offscreen platform), so each viewport is repainted too."""
    window.repaint()
    for vp in plot_viewports(window):
        vp.repaint()


def open_window(app: Any) -> Any:
    from desktop.app import build
    from desktop.settings import Settings

    built = build(bench_pitch(), settings=Settings(), offer_recovery=False, persist_settings=False)
    window = built.window
    window.show()
    built.start()
    end = time.perf_counter() + 20.0
    while not window.service.ready and time.perf_counter() < end:
        pump()
        time.sleep(0.001)
    window.service.run_monte_carlo_now()
    settle(app, window)
    spin(app, 0.2)  # first paints, layouts, the editor's model list
    return window


def close_window(app: Any, window: Any) -> None:
    window.document.undo_stack.setClean()  # no "save changes?" box
    window.close()
    window.deleteLater()
    pump()


# --------------------------------------------------------------------------------------------------
# 1. Edit -> every view updated
# --------------------------------------------------------------------------------------------------


def bench_edits(app: Any, window: Any, n: int, do_profile: bool) -> dict[str, Any]:

    print(
        f"[1] Edit -> every view updated ({N_BLOCKS}-block pitch, explicit prices, 2 ranges per block; {n} edits)"
    )
    stream = _EditStream()
    for _ in range(10):  # warm-up
        stream.next(window)
        pump()
        force_repaint(window)
    settle(app, window)

    # (a) edit + processEvents(): the synchronous evaluation and the views' updates (the edit call), then
    # the queued work. On this platform processEvents() also delivers the pending UpdateRequest, so it
    # paints every widget the edit made dirty (counted: the pyqtgraph views' paintEvent runs in it).
    t_edit, t_flush = np.empty(n), np.empty(n)
    parts: dict[str, list[float]] = {k: [] for k in (*EDIT_PARTS, PAINT, AXIS)}
    paints = np.empty(n)
    for j in range(n):
        PROBE.reset()
        t0 = time.perf_counter()
        stream.next(window)
        t1 = time.perf_counter()
        sync_parts = dict(PROBE.t)
        pump()
        t2 = time.perf_counter()
        t_edit[j], t_flush[j] = t1 - t0, t2 - t0
        for k in EDIT_PARTS:
            parts[k].append(sync_parts.get(k, 0.0))
        parts[PAINT].append(PROBE.t.get(PAINT, 0.0) - sync_parts.get(PAINT, 0.0))
        parts[AXIS].append(PROBE.t.get(AXIS, 0.0) - sync_parts.get(AXIS, 0.0))
        paints[j] = PROBE.n.get(PAINT, 0)
    settle(app, window)

    # (b) the same plus a forced, synchronous repaint of the whole window and of every plot (an upper
    # bound: it repaints what processEvents() has just painted).
    t_paint_total, t_paint_only = np.empty(n), np.empty(n)
    for j in range(n):
        t0 = time.perf_counter()
        stream.next(window)
        pump()
        t1 = time.perf_counter()
        force_repaint(window)
        t2 = time.perf_counter()
        t_paint_total[j], t_paint_only[j] = t2 - t0, t2 - t1
    settle(app, window)

    # (c) grab(): renders every widget into a pixmap.
    n_grab = max(20, n // 5)
    t_grab = np.empty(n_grab)
    for j in range(n_grab):
        t0 = time.perf_counter()
        stream.next(window)
        pump()
        window.grab()
        t_grab[j] = time.perf_counter() - t0
    settle(app, window)

    print(f"  edit call alone (sync evaluation + views' show_*)     {ms_stats(t_edit)}")
    print(f"  edit + processEvents() (incl. painting dirty views)   {ms_stats(t_flush)}")
    print(f"  edit + processEvents() + forced full repaint          {ms_stats(t_paint_total)}")
    print(f"    of which the forced repaint                         {ms_stats(t_paint_only)}")
    print(f"  edit + processEvents() + window.grab()                {ms_stats(t_grab)}")
    med = float(np.median(t_flush)) * 1e3
    med_paint = float(np.median(t_paint_total)) * 1e3
    print(
        f"  target: median of edit + processEvents() under {FRAME_MS:.0f} ms -> {med:.2f} ms: {c.verdict(med < FRAME_MS)}"
    )
    print(
        f"  (with the forced full repaint the median is {med_paint:.2f} ms: {c.verdict(med_paint < FRAME_MS)})"
    )
    print()
    print(f"  where one edit's time goes (in place, medians over the {n} edits of (a); ms):")
    for k in EDIT_PARTS:
        m = float(np.median(parts[k])) * 1e3
        print(f"    {k:<52} {m:7.3f}")
    rest = float(np.median(t_edit - np.sum([parts[k] for k in EDIT_PARTS], axis=0))) * 1e3
    print(f"    {'rest of the edit call (undo push, signals, title...)':<52} {rest:7.3f}")
    print(f"    {'= edit call':<52} {float(np.median(t_edit)) * 1e3:7.3f}")
    flush = t_flush - t_edit
    print(f"    {'processEvents()':<52} {float(np.median(flush)) * 1e3:7.3f}")
    print(
        f"    {'  ' + PAINT + f' ({np.median(paints):.0f} calls)':<52} {float(np.median(parts[PAINT])) * 1e3:7.3f}"
    )
    print(f"    {'  ' + AXIS:<52} {float(np.median(parts[AXIS])) * 1e3:7.3f}")
    other = float(np.median(flush - np.asarray(parts[PAINT]))) * 1e3
    print(f"    {'  rest (Qt widgets: table, docks, layout; timers)':<52} {other:7.3f}")
    # The floor of one edit: the numbers every view shows (the core's analysis: prepare, evaluate,
    # sensitivity) and the plots' own painting of what changed, both measured in place above.
    core = np.sum([parts[k] for k in ("core prepare", "core evaluate_prepared", "core sensitivity")], axis=0)
    floor = core + np.asarray(parts[PAINT])
    print(
        f"  floor (the core's analysis + the plots' painting, per edit): {ms_range(floor)}; the core alone "
        f"{ms_range(core)}"
    )
    print()
    if do_profile:

        def edits_with_flush() -> None:
            for _ in range(50):
                stream.next(window)
                pump()

        profile_block("50 edits + processEvents()", edits_with_flush, top=40)
        settle(app, window)
        profile_block("50 edits + processEvents() (by own time)", edits_with_flush, top=30, sort="tottime")
        settle(app, window)
    return {"flush": t_flush, "forced": t_paint_total, "floor": floor, "core": core}


# --------------------------------------------------------------------------------------------------
# 2. Monte Carlo result after the last edit of a burst
# --------------------------------------------------------------------------------------------------


def bench_mc(app: Any, window: Any, bursts: int, do_profile: bool) -> dict[str, Any]:

    from core.uncertainty import monte_carlo
    from desktop.analysis_service import MC_DEBOUNCE_MS

    svc = window.service
    print(
        f"[2] Monte Carlo shown after the last edit of a burst ({bursts} bursts; debounce {MC_DEBOUNCE_MS} ms, "
        f"{svc.samples:,} samples)"
    )
    stream = _EditStream()
    stream.k = 10_000
    got: dict[str, float] = {}

    def on_ready(_mc: object) -> None:  # connected after the window's slot: the views have the data
        got["t"] = time.perf_counter()

    svc.uncertainty_ready.connect(on_ready)

    def one_burst(edits: int, gap_s: float) -> list[float]:
        for e in range(edits):
            if e:
                spin(app, gap_s)
            got.clear()
            t_last = time.perf_counter()
            stream.next(window)
        pump()
        t_sync = time.perf_counter()
        end = t_last + 10.0
        while "t" not in got and time.perf_counter() < end:
            pump()
            time.sleep(0.001)
        t_ready = got.get("t", float("nan"))
        n_paint = PROBE.n.get(PAINT, 0)
        pump()  # delivers the UpdateRequest: paints the views the result changed
        t_drawn = time.perf_counter()
        painted = PROBE.n.get(PAINT, 0) - n_paint
        mc_start, mc_end = MC_LOG[-1] if MC_LOG else (float("nan"), float("nan"))
        runs = sum(1 for s0, _ in MC_LOG if s0 >= t_first)
        settle(app, window, idle_s=0.03)
        return [
            t_sync - t_last,
            mc_start - t_last,
            mc_end - mc_start,
            t_ready - mc_end,
            t_drawn - t_ready,
            t_ready - t_last,
            t_drawn - t_last,
            painted,
            runs,
        ]

    def run(edits: int, gap_s: float, n: int) -> np.ndarray:
        nonlocal t_first
        rows = []
        for j in range(n + 1):
            t_first = time.perf_counter()
            row = one_burst(edits, gap_s)
            if j:  # the first is a warm-up
                rows.append(row)
        return np.array(rows)

    t_first = 0.0
    fast = run(5, 0.015, bursts)
    slow = run(5, 0.100, bursts)
    for label, r in (
        ("bursts of 5 edits 15 ms apart (faster than the debounce)", fast),
        ("bursts of 5 edits 100 ms apart (slower than the debounce: earlier runs start, are dropped)", slow),
    ):
        print(f"  {label}:")
        print(f"    last edit -> uncertainty_ready handled by the views  {ms_stats(r[:, 5])}")
        print(f"    last edit -> Monte Carlo painted                   {ms_stats(r[:, 6])}")
        print(
            "    timeline (medians, ms): "
            f"sync edit+paint {np.median(r[:, 0]) * 1e3:.1f} | MC starts at {np.median(r[:, 1]) * 1e3:.1f} | "
            f"MC runs {np.median(r[:, 2]) * 1e3:.1f} | to GUI + show_uncertainty {np.median(r[:, 3]) * 1e3:.1f} | "
            f"paint {np.median(r[:, 4]) * 1e3:.1f} ({np.median(r[:, 7]):.0f} plot paints) | "
            f"Monte Carlo runs per burst {np.median(r[:, 8]):.0f}"
        )
    med = float(np.median(fast[:, 6])) * 1e3
    med_slow = float(np.median(slow[:, 6])) * 1e3
    print(
        f"  target: median last edit -> painted at most {MC_TARGET_MS:.0f} ms, both spacings -> "
        f"{med:.1f} ms (15 ms apart), {med_slow:.1f} ms (100 ms apart): "
        f"{c.verdict(max(med, med_slow) <= MC_TARGET_MS)}"
    )

    # Reference figures: the Monte Carlo alone on a thread while the GUI is idle, and each view's handler.
    prep = svc.current.prepared
    mc_box: list[float] = []

    def worker() -> None:
        for _ in range(10):
            t0 = time.perf_counter()
            monte_carlo(prep, svc.samples, svc.seed)
            mc_box.append(time.perf_counter() - t0)

    th = threading.Thread(target=worker)
    th.start()
    th.join()
    mc = svc.current
    print(
        "  reference (medians): "
        f"debounce {MC_DEBOUNCE_MS} ms · monte_carlo alone on a thread, GUI idle {np.median(mc_box) * 1e3:.2f} ms · "
        + " · ".join(
            f"{type(v).__name__}.show_uncertainty "
            f"{np.median(c.time_calls(lambda v=v: v.show_uncertainty(mc), 30)) * 1e3:.2f} ms"
            for v in (window.verdict, window.projection, window.probability)
        )
    )
    print()
    svc.uncertainty_ready.disconnect(on_ready)
    if do_profile:
        pr = cProfile.Profile()
        pr.enable()
        for _ in range(5):
            monte_carlo(prep, svc.samples, svc.seed)
        pr.disable()
        buf = io.StringIO()
        pstats.Stats(pr, stream=buf).sort_stats("cumulative").print_stats(12)
        print("--- cProfile: 5 x monte_carlo of the bench pitch (top 12 by cumulative time) ---")
        print("\n".join(line for line in buf.getvalue().splitlines() if line.strip()))
        print()
    return {
        "fast": fast[:, 6],
        "slow": slow[:, 6],
        "mc_alone": np.asarray(mc_box),
        "debounce": MC_DEBOUNCE_MS,
    }


# --------------------------------------------------------------------------------------------------
# 3. Cold start to the first painted window
# --------------------------------------------------------------------------------------------------

# Both drivers print one JSON line at the first paint of their window, then leave with os._exit (no
# teardown). "paint" is the first QEvent.Paint of the window or any of its children; "mark" runs from a
# zero timer posted from there, i.e. once that paint cycle has finished.
_DRIVER_COMMON = r"""
import time
T = {"top": time.perf_counter()}
import os, sys, json
sys.path.insert(0, {repo!r})
"""

_DRIVER_TAIL = r"""
class _PaintWatch(QObject):
    def eventFilter(self, obj, event):
        if "paint" not in T and event.type() == QEvent.Type.Paint and isinstance(obj, QWidget) \
                and obj.window() is WINDOW:
            T["paint"] = time.perf_counter()
            T["genai_at_paint_event"] = "genai_prices" in sys.modules
            QTimer.singleShot(0, _mark)
        return False

def _mark():
    T["mark"] = time.perf_counter()
    info = dict(T)
    info["genai_prices"] = "genai_prices" in sys.modules
    info.update(EXTRA())
    info["modules"] = len(sys.modules)
    if os.environ.get("BENCH_MODULES_OUT"):  # the modules loaded at the first paint, for the floor's driver
        with open(os.environ["BENCH_MODULES_OUT"], "w", encoding="utf-8") as f:
            json.dump([n for n, m in list(sys.modules.items()) if getattr(m, "__spec__", None)], f)
    sys.stdout.write("MARK " + json.dumps(info) + "\n")
    sys.stdout.flush()
    os._exit(0)

_watch = _PaintWatch()
app.installEventFilter(_watch)
T["show"] = time.perf_counter()
WINDOW.show()
T["shown"] = time.perf_counter()
app.exec()
"""

APP_DRIVER = (
    _DRIVER_COMMON
    + r"""
INFO = {}
class _ImportSpy:  # when, and on which thread, genai_prices starts being imported
    def find_spec(self, name, path=None, target=None):
        if name == "genai_prices" and "genai_import" not in T:
            import threading
            T["genai_import"] = time.perf_counter()
            INFO["genai_thread"] = threading.current_thread().name
        return None
sys.meta_path.insert(0, _ImportSpy())
import core.analysis as _es
_mc_calls = [0]
_real_mc = _es.monte_carlo
def _counting_mc(*a, **k):
    _mc_calls[0] += 1
    return _real_mc(*a, **k)
_es.monte_carlo = _counting_mc
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget
from desktop.app import build
from desktop.qt_app import make_app
from desktop.settings import Settings
T["imports"] = time.perf_counter()
app = make_app()
T["app"] = time.perf_counter()
BUILT = build(settings=Settings(), offer_recovery=False, persist_settings=False)
if os.environ.get("BENCH_DEFER_CATALOG") == "1":  # what-if: nothing started, even after the first paint
    BUILT.start = lambda: None
WINDOW = BUILT.window
T["window"] = time.perf_counter()

def EXTRA():
    s = WINDOW.service
    cur = s.current
    return {"mc_started": _mc_calls[0], "mc_result": cur is not None and cur.uncertainty is not None,
            "evaluated": cur is not None, "ready": s.ready, **INFO}
"""
    + _DRIVER_TAIL
)

BARE_DRIVER = (
    _DRIVER_COMMON
    + r"""
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget
import pyqtgraph as pg
T["imports"] = time.perf_counter()
app = pg.mkQApp("bare")
T["app"] = time.perf_counter()
WINDOW = pg.PlotWidget()
WINDOW.plot([0, 1, 2, 3, 4], [1, 3, 2, 5, 4])
WINDOW.resize(1600, 1000)
T["window"] = time.perf_counter()

def EXTRA():
    return {}
"""
    + _DRIVER_TAIL
)


# The floor: the bare window in a process that first imports every module the app had loaded at its first
# paint (the list the app's driver wrote), and builds nothing of the app. The app cannot paint sooner than
# this unless it imports less before its first paint.
FLOOR_DRIVER = BARE_DRIVER.replace(
    "import pyqtgraph as pg\n",
    "import pyqtgraph as pg\n"
    "import importlib\n"
    "for _name in json.load(open(os.environ['BENCH_MODULES_IN'], encoding='utf-8')):\n"
    "    try:\n"
    "        importlib.import_module(_name)\n"
    "    except Exception:\n"
    "        pass\n",
    1,
)


def run_driver(path: Path, env: dict[str, str], extra_args: tuple[str, ...] = ()) -> dict[str, Any]:
    t_launch = time.perf_counter()  # CLOCK_MONOTONIC: the same clock as the child's perf_counter
    proc = subprocess.run(
        [sys.executable, *extra_args, str(path)],
        env=env,
        cwd=str(c.REPO),
        capture_output=True,
        text=True,
        timeout=120,
    )
    t_end = time.perf_counter()
    marks = [line for line in proc.stdout.splitlines() if line.startswith("MARK ")]
    if not marks:
        raise RuntimeError(f"{path.name}: no paint marker (exit {proc.returncode})\n{proc.stderr[-3000:]}")
    info = json.loads(marks[-1][5:])
    rel = {k: v - t_launch for k, v in info.items() if isinstance(v, float)}
    info.update({f"t_{k}": v for k, v in rel.items()})
    info["t_exit"] = t_end - t_launch
    info["stderr"] = proc.stderr
    return info


def bench_cold(runs: int, do_profile: bool) -> dict[str, Any]:
    print(
        f"[3] Cold start to first painted window (fresh processes in turn, app / bare / floor, then bare / floor "
        f"/ app, ...; {runs} rounds after one warm-up)"
    )
    tmp = Path(_HOME.name)
    app_py, bare_py, floor_py = tmp / "driver_app.py", tmp / "driver_bare.py", tmp / "driver_floor.py"
    app_py.write_text(APP_DRIVER.replace("{repo!r}", repr(str(c.REPO))), encoding="utf-8")
    bare_py.write_text(BARE_DRIVER.replace("{repo!r}", repr(str(c.REPO))), encoding="utf-8")
    floor_py.write_text(FLOOR_DRIVER.replace("{repo!r}", repr(str(c.REPO))), encoding="utf-8")
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["COMPUTECURVE_HOME"] = str(tmp)
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    modules = tmp / "modules-at-first-paint.json"
    env["BENCH_MODULES_IN"] = str(modules)

    run_driver(app_py, dict(env, BENCH_MODULES_OUT=str(modules)))  # warm-up (not counted); lists the modules
    run_driver(bare_py, env)
    run_driver(floor_py, env)
    drivers = {"app": app_py, "bare": bare_py, "floor": floor_py}
    got: dict[str, list[dict[str, Any]]] = {k: [] for k in drivers}
    names = list(drivers)
    for r in range(runs):  # in turn, so that drift hits each alike; ratios are taken round by round
        for name in names[r % 3 :] + names[: r % 3]:
            got[name].append(run_driver(drivers[name], env))
    apps, bares, floors = got["app"], got["bare"], got["floor"]

    def row(label: str, rs: list[dict[str, Any]]) -> tuple[float, float]:
        m = np.array([r["t_mark"] for r in rs])
        print(
            f"  {label:<46} best {m.min() * 1e3:7.1f} ms · median {np.median(m) * 1e3:7.1f} ms · "
            f"max {m.max() * 1e3:7.1f} ms"
        )
        return float(m.min()), float(np.median(m))

    row("Compute Curve main window (default pitch)", apps)
    _, b_med = row("bare PySide6 + pyqtgraph (1 PlotWidget, 1 line)", bares)
    row("floor: the bare window + the app's imports", floors)
    ratios = np.array([a["t_mark"] / b["t_mark"] for a, b in zip(apps, bares, strict=True)])
    floor_ratios = np.array([f["t_mark"] / b["t_mark"] for f, b in zip(floors, bares, strict=True)])
    print(
        f"  app / bare, round by round: {ratio_range(ratios)} · floor / bare: {ratio_range(floor_ratios)} "
        f"({len(json.loads(modules.read_text(encoding='utf-8')))} modules imported)"
    )
    print(
        "  phases (median ms since launch):      interpreter  imports   QApplication  window built  "
        "first Paint  paint done"
    )
    for label, rs in (("Compute Curve", apps), ("bare", bares), ("floor (bare + the app's imports)", floors)):
        cols = [
            float(np.median([r[f"t_{k}"] for r in rs])) * 1e3
            for k in ("top", "imports", "app", "window", "paint", "mark")
        ]
        print(f"    {label:<33} " + "  ".join(f"{v:11.1f}" for v in cols))
    g = [r["genai_prices"] for r in apps]
    g_event = [r["genai_at_paint_event"] for r in apps]
    mcs = [r["mc_started"] for r in apps]
    print(
        f"  genai_prices in sys.modules at the first Paint event: {sum(g_event)} of {len(g)} runs; when that paint "
        f"is done: {sum(g)} of {len(g)} runs ({'never' if not any(g) else 'YES'}; required: never)"
    )
    print(
        f"  Monte Carlo started before first paint: {sum(1 for x in mcs if x)} of {len(mcs)} runs; "
        f"a Monte Carlo result present: {sum(r['mc_result'] for r in apps)}; "
        f"first evaluation done: {sum(r['evaluated'] for r in apps)} of {len(apps)}"
    )
    starts = [r["t_genai_import"] * 1e3 for r in apps if "t_genai_import" in r]
    if starts:
        threads = sorted({r.get("genai_thread", "?") for r in apps if "t_genai_import" in r})
        print(
            f"  genai_prices import started at {np.median(starts):.1f} ms after launch (median), on thread "
            f"{', '.join(threads)}; the window was shown at {np.median([r['t_show'] for r in apps]) * 1e3:.1f} ms"
        )
    print(
        f"  modules loaded at first paint: app {int(np.median([r['modules'] for r in apps]))}, "
        f"bare {int(np.median([r['modules'] for r in bares]))}"
    )
    ratio = float(np.median(ratios))
    ok = ratio <= COLD_RATIO_TARGET and not any(g) and not any(mcs)
    print(
        f"  target: within {COLD_RATIO_TARGET}x of the bare window (median of the rounds' ratios), no "
        f"genai_prices, no Monte Carlo -> {ratio:.2f}x: {c.verdict(ok)}"
    )
    print()
    if do_profile:
        # What-if (informational, desktop/ untouched): the driver no-ops the catalog warm-up thread, as if
        # it started only after the first paint.
        env_defer = dict(env, BENCH_DEFER_CATALOG="1")
        defer = [run_driver(app_py, env_defer) for _ in range(runs)]
        d = np.array([r["t_mark"] for r in defer])
        print(
            f"  what-if, catalog warm-up thread not started before first paint: best {d.min() * 1e3:.1f} ms · "
            f"median {np.median(d) * 1e3:.1f} ms ({np.median(d) / b_med:.2f}x the bare window); first Paint -> "
            f"paint done {np.median([r['t_mark'] - r['t_paint'] for r in defer]) * 1e3:.1f} ms (with the thread: "
            f"{np.median([r['t_mark'] - r['t_paint'] for r in apps]) * 1e3:.1f} ms)"
        )
        print()
        cold_profile(app_py, env)
    return {
        "ratios": ratios,
        "floor_ratios": floor_ratios,
        "app": np.array([r["t_mark"] for r in apps]),
        "bare": np.array([r["t_mark"] for r in bares]),
        "floor": np.array([r["t_mark"] for r in floors]),
        "ok": ok,
    }


def summary(edits: dict[str, Any] | None, mc: dict[str, Any] | None, cold: dict[str, Any] | None) -> None:
    """Issue 12's desktop rows, each with its target, its yardstick, the median and range, and MET/MISSED."""
    print("Summary: issue 12's desktop rows, measured in this run (median (min-max))")
    rows: list[tuple[str, str, str, str, str]] = []
    if cold is not None:
        rows.append(
            (
                "cold start -> first painted main window",
                f"<= {COLD_RATIO_TARGET:g}x the bare window",
                f"bare PySide6 + pyqtgraph window {ms_range(cold['bare'])}",
                f"{ratio_range(cold['ratios'])}: {ms_range(cold['app'])}; floor (bare + the app's imports) "
                f"{ratio_range(cold['floor_ratios'])}",
                c.verdict(cold["ok"]),
            )
        )
    if edits is not None:
        med = float(np.median(edits["flush"])) * 1e3
        rows.append(
            (
                f"one edit of a {N_BLOCKS}-block pitch -> every view repainted",
                f"<= {FRAME_MS:g} ms median",
                f"a frame, {FRAME_MS:g} ms",
                f"{ms_range(edits['flush'])}; floor (core + plots' painting) {ms_range(edits['floor'])}",
                c.verdict(med <= FRAME_MS),
            )
        )
    if mc is not None:
        worst = max(float(np.median(mc["fast"])), float(np.median(mc["slow"]))) * 1e3
        rows.append(
            (
                "last edit of a burst -> Monte Carlo painted",
                f"<= {MC_TARGET_MS:g} ms median",
                f"debounce {mc['debounce']} ms + the Monte Carlo alone {ms_range(mc['mc_alone'])}",
                f"edits 15 ms apart {ms_range(mc['fast'])}; 100 ms apart {ms_range(mc['slow'])}",
                c.verdict(worst <= MC_TARGET_MS),
            )
        )
    for what, target, yardstick, measured, verdict in rows:
        print(f"  {what}\n    target {target} · yardstick: {yardstick}\n    measured {measured} -> {verdict}")


def cold_profile(app_py: Path, env: dict[str, str]) -> None:
    """Where the app's cold start goes: the slowest imports (-X importtime) and a cProfile of the driver."""
    info = run_driver(app_py, env, ("-X", "importtime"))
    rows = []
    for line in info["stderr"].splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        parts = line[len("import time:") :].split("|")
        try:
            self_us, cum_us = int(parts[0]), int(parts[1])
        except ValueError:
            continue
        name = parts[2].rstrip()
        rows.append((cum_us, self_us, name))
    # the name is indented by two spaces per level of nesting: one leading space marks a top-level import
    tops = [r for r in rows if len(r[2]) - len(r[2].lstrip()) <= 1]
    firsts = [
        r
        for r in rows
        if len(r[2]) - len(r[2].lstrip()) <= 3 and r[2].strip().startswith(("core", "desktop"))
    ]
    print("--- -X importtime: the driver's top-level imports, by cumulative time ---")
    for cum_us, _self_us, name in sorted(tops, reverse=True)[:12]:
        print(f"    {cum_us / 1e3:8.1f} ms  {name.strip()}")
    print("--- -X importtime: the project's modules (top two levels), by cumulative time ---")
    for cum_us, self_us, name in sorted(firsts, reverse=True)[:12]:
        print(f"    {cum_us / 1e3:8.1f} ms  (self {self_us / 1e3:6.1f})  {name.strip()}")
    print("--- -X importtime: any-level imports with the most own time ---")
    for cum_us, self_us, name in sorted(rows, key=lambda r: -r[1])[:15]:
        print(f"    self {self_us / 1e3:7.1f} ms  cum {cum_us / 1e3:7.1f} ms  {name.strip()}")
    print()
    prof = Path(_HOME.name) / "cold.prof"
    # os._exit skips `python -m cProfile`'s dump at exit, so the driver profiles itself and dumps at the mark.
    inline = Path(_HOME.name) / "driver_app_prof.py"
    body = APP_DRIVER.replace("{repo!r}", repr(str(c.REPO)))
    body = body.replace(
        'import time\nT = {"top": time.perf_counter()}',
        'import time, cProfile\nPR = cProfile.Profile(); PR.enable()\nT = {"top": time.perf_counter()}',
    )
    body = body.replace("    os._exit(0)", f"    PR.disable(); PR.dump_stats({str(prof)!r})\n    os._exit(0)")
    inline.write_text(body, encoding="utf-8")
    run_driver(inline, env)
    buf = io.StringIO()
    st = pstats.Stats(str(prof), stream=buf)
    st.sort_stats("cumulative").print_stats(r"desktop|core|pyqtgraph/(widgets|graphicsItems)|__init__", 30)
    print(
        "--- cProfile: app driver from interpreter start to first paint (project and pyqtgraph, by cumulative) ---"
    )
    print("\n".join(line for line in buf.getvalue().splitlines() if line.strip())[:9000])
    print()


# --------------------------------------------------------------------------------------------------


def compile_checkout() -> int:
    """Write the bytecode of ``core`` and ``desktop`` where it is missing or stale; how many were."""
    import compileall
    import importlib.util

    sources = [p for d in ("core", "desktop") for p in (c.REPO / d).rglob("*.py")]
    stale = 0
    for src in sources:
        cached = Path(importlib.util.cache_from_source(str(src)))
        if not cached.exists() or cached.stat().st_mtime < src.stat().st_mtime:
            stale += 1
    for d in ("core", "desktop"):
        compileall.compile_dir(str(c.REPO / d), quiet=1)
    return stale


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (smoke run)")
    parser.add_argument("--profile", action="store_true", help="add cProfile summaries and import times")
    parser.add_argument("--rows", default="1,2,3", help="which rows to run, e.g. 1 or 1,3 (default: all)")
    args = parser.parse_args()
    rows = {int(x) for x in args.rows.split(",") if x.strip()}
    edits, bursts, cold_runs = (40, 5, 2) if args.quick else (200, 20, 5)

    c.print_machine("Compute Curve desktop benchmark")
    # The app's modules from bytecode, as an installed app's (and the bare window's libraries) are: with
    # PYTHONDONTWRITEBYTECODE set, a module changed since its .pyc was written is compiled again at every
    # launch, which once made the cold start look ~0.2x slower than it is.
    stale = compile_checkout()
    print(f"bytecode of core/ and desktop/ brought up to date ({stale} module(s) were stale)")
    import pyqtgraph as pg
    import PySide6

    from desktop.qt_app import make_app

    print(
        f"PySide6 {PySide6.__version__} · pyqtgraph {pg.__version__} · QT_QPA_PLATFORM="
        f"{os.environ.get('QT_QPA_PLATFORM')} · COMPUTECURVE_HOME in a temporary folder"
    )
    print()
    app = make_app()
    install_probes()
    edit_figures = mc_figures = None
    if rows & {1, 2}:
        window = open_window(app)
        try:
            if 1 in rows:
                edit_figures = bench_edits(app, window, edits, args.profile)
            if 2 in rows:
                mc_figures = bench_mc(app, window, bursts, args.profile)
        finally:
            close_window(app, window)
    cold = bench_cold(cold_runs, args.profile) if 3 in rows else None
    summary(edit_figures, mc_figures, cold)


if __name__ == "__main__":
    main()
