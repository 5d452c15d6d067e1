"""What the desktop tests share: starting the app, waiting for its work, and reading what is on screen.

Product classes carry no test scaffolding (no waits, no ``texts()`` or ``drawn()`` dumps): the tests read the
widgets and plot items here. Waiting is pytest-qt's ``waitUntil`` (it processes events).
"""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QMessageBox

import core.engine
from core.analysis import Analysis, analyse, with_monte_carlo
from core.pitch import Pitch
from desktop.analysis_service import AnalysisService
from desktop.app import App, build
from desktop.charts.base import ChartBase
from desktop.charts.breakdown_chart import BreakdownChart
from desktop.charts.history_chart import HistoryChart
from desktop.charts.probability_chart import ProbabilityChart
from desktop.charts.projection_chart import ProjectionChart
from desktop.charts.sensitivity_chart import SensitivityChart
from desktop.charts.viability_map import ViabilityMap
from desktop.settings import Settings
from desktop.verdict_panel import VerdictPanel

TIMEOUT_MS = 20_000


# --------------------------------------------------------------------------------------------------
# The app
# --------------------------------------------------------------------------------------------------


def open_app(
    qtbot: Any,
    pitch: Pitch | None = None,
    path: Path | None = None,
    *,
    today: date | None = None,
    samples: int | None = None,
    offer_recovery: bool = False,
    settings: Settings | None = None,
) -> App:
    """The app on ``pitch`` (the default pitch when None), shown, its first analysis on screen and its
    workflows installed. Closed by qtbot at the end of the test, without the "save changes?" question."""
    app = build(
        pitch,
        path,
        settings=settings or Settings(),
        offer_recovery=offer_recovery,
        persist_settings=False,
    )
    if today is not None:
        app.service.today = lambda: today
    if samples is not None:
        app.service.samples = samples
    qtbot.addWidget(app.window, before_close_func=lambda w: settle_and_clean(qtbot, app))
    app.window.show()
    app.start()
    wait_ready(qtbot, app.service)
    return app


def settle_and_clean(qtbot: Any, app: App) -> None:
    """Before a window closes at the end of a test: its background work finished, its edits not asked about."""
    with contextlib.suppress(Exception):
        wait_idle(qtbot, app.service)
    app.document.undo_stack.setClean()


def close_app(app: App) -> None:
    app.document.undo_stack.setClean()
    app.window.close()


def wait_ready(qtbot: Any, service: AnalysisService) -> Analysis:
    service.start()
    qtbot.waitUntil(lambda: service.ready, timeout=TIMEOUT_MS)
    assert service.current is not None
    return service.current


def wait_monte_carlo(qtbot: Any, service: AnalysisService) -> Analysis:
    """The current pitch's analysis with its Monte Carlo."""
    wait_ready(qtbot, service)
    service.run_monte_carlo_now()
    qtbot.waitUntil(lambda: not service.mc_busy, timeout=TIMEOUT_MS)
    assert service.current is not None
    return service.current


def wait_idle(qtbot: Any, service: AnalysisService) -> None:
    """Every background job of the service done (Monte Carlo, requests, scoring)."""
    service.run_monte_carlo_now()
    qtbot.waitUntil(lambda: not service.mc_busy and not service.background.busy(), timeout=TIMEOUT_MS)


def analysis_of(pitch: Pitch, *, today: date, monte_carlo: bool = False, samples: int = 2_000) -> Analysis:
    """An analysis made directly with core (chart tests need no service)."""
    a = analyse(pitch, today=today)
    return with_monte_carlo(a, samples) if monte_carlo and a.ok else a


# --------------------------------------------------------------------------------------------------
# Counting engine runs
# --------------------------------------------------------------------------------------------------


GOAL_SEEK_LANE = "goalseek"  # desktop/analysis_service.py: goal seek's worker thread


@contextlib.contextmanager
def count_engine_runs() -> Iterator[dict[str, int]]:
    """Count calls of ``core.engine.prepare`` and ``core.engine.evaluate_prepared`` wherever they are called
    from: every module that imported them by name gets the counting version for the duration.

    Goal seek's trial evaluations (the Solve dialog, the scorecard's "what must change": each tries many
    values of a field, on its own worker thread) are not analyses of the pitch and are not counted.
    """
    counts = {"prepare": 0, "evaluate_prepared": 0}
    originals = {name: getattr(core.engine, name) for name in counts}

    def counting(name: str) -> Callable[..., Any]:
        real = originals[name]

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not threading.current_thread().name.startswith(GOAL_SEEK_LANE):
                counts[name] += 1
            return real(*args, **kwargs)

        return wrapper

    wrappers = {name: counting(name) for name in counts}
    patched: list[tuple[Any, str, Any]] = []
    for module in list(sys.modules.values()):
        if module is None:
            continue
        for name, real in originals.items():
            if getattr(module, name, None) is real:
                patched.append((module, name, real))
                setattr(module, name, wrappers[name])
    try:
        yield counts
    finally:
        for module, name, real in patched:
            setattr(module, name, real)


# --------------------------------------------------------------------------------------------------
# Dialogs
# --------------------------------------------------------------------------------------------------


def record_dialogs(monkeypatch: pytest.MonkeyPatch, answer: Any = QMessageBox.StandardButton.Ok) -> list[str]:
    """Record every message box instead of showing it (answering ``answer``): ``"title: text"``."""
    seen: list[str] = []

    def exec_(box: QMessageBox) -> int:
        seen.append(f"{box.windowTitle()}: {box.text()}")
        return int(answer)

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return seen


# --------------------------------------------------------------------------------------------------
# Reading the screen
# --------------------------------------------------------------------------------------------------


def verdict_texts(panel: VerdictPanel) -> dict[str, str]:
    """What the verdict panel shows, line by line."""
    return {
        "chip": panel.chip.text(),
        "words": panel.words.text(),
        "seed": panel.seed.text(),
        "cost": panel.cost.text(),
        "needs": panel.needs.text(),
        "arrival": panel.arrival.text(),
        "uncertainty": panel.uncertainty.text(),
        "breakeven": panel.breakeven.text(),
        "notice": panel.notice.text(),
    }


def empty_text(chart: ChartBase) -> str:
    """The chart's empty state ("" while the plot is shown)."""
    return chart._empty.text() if chart.is_empty() else ""


def readout_text(chart: ChartBase) -> str:
    return chart._readout.text() if not chart._readout.isHidden() else ""


def hover_at(chart: ChartBase, x: float, y: float) -> str:
    """Move the mouse over the data point (x, y), as a user would; returns the readout."""
    chart._on_plot_mouse_moved(chart.view_box.mapViewToScene(QPointF(x, y)))
    return readout_text(chart)


def _data(item: Any) -> tuple[np.ndarray, np.ndarray]:
    x, y = item.getData()
    return np.asarray(x if x is not None else []), np.asarray(y if y is not None else [])


def projection_drawn(chart: ProjectionChart) -> dict[str, Any]:
    """The projection's items: x in decimal years, y in log10(dollars)."""
    x, fast = _data(chart._fast)
    _, slow = _data(chart._slow)
    out: dict[str, Any] = {
        "x": x,
        "fast": fast,
        "slow": slow,
        "budget": float(chart._budget.value()),
        "budget_label": chart._budget_label.toPlainText(),
        "as_of": float(chart._as_of.value()),
        "today": float(chart._today_line.value()) if chart._today_line.isVisible() else None,
        "window": tuple(chart._window.getRegion()) if chart._window.isVisible() else None,
        "window_label": chart._window_label.toPlainText() if chart._window.isVisible() else None,
        "window_color": chart._window.brush.color().name() if chart._window.isVisible() else None,
        "references": [
            (label.toPlainText(), float(line.value())) for line, label in chart._refs if line.isVisible()
        ],
        "y_range": tuple(chart.view_box.viewRange()[1]),
        "x_range": tuple(chart.view_box.viewRange()[0]),
    }
    if chart._fan_shown:
        fan_x, out["fan_p10"] = _data(chart._fan_p10)
        _, out["fan_p50"] = _data(chart._fan_p50)
        _, out["fan_p90"] = _data(chart._fan_p90)
        out["fan_x"] = fan_x
    return out


def breakdown_drawn(chart: BreakdownChart) -> dict[str, Any]:
    opts = chart._bars.opts
    ys = np.asarray(opts.get("y") if opts.get("y") is not None else [], dtype=float)
    widths = np.asarray(opts.get("width") if opts.get("width") is not None else [], dtype=float)
    order = np.argsort(-ys)
    bars = chart._bars_data
    return {
        "names": [chart.name_axis.label_at(float(ys[i])) for i in order],
        "full_names": [bars[i].name for i in order] if bars else [],
        "cost": widths[order],
        "y": ys[order],
        "share": np.array([bars[i].share for i in order]) if bars else np.zeros(0),
        "labels": [item.toPlainText() for item in chart._values if item.isVisible()],
        "axis_title": chart.money_axis.labelText,
    }


def probability_drawn(chart: ProbabilityChart) -> dict[str, Any]:
    x, p = _data(chart._curve)
    return {
        "x": x,
        "p": p,
        "guides": [float(g.value()) for g in chart._guides],
        "as_of": float(chart._as_of.value()),
        "window": tuple(chart._window.getRegion()) if chart._window.isVisible() else None,
        "window_label": chart._window_label.toPlainText() if chart._window.isVisible() else None,
        "window_color": chart._window.brush.color().name() if chart._window.isVisible() else None,
        "marks": [
            label.toPlainText() for label in (*chart._mark_labels, chart._today_label) if label.isVisible()
        ],
        "stale": chart._stale,
    }


def sensitivity_drawn(chart: SensitivityChart) -> dict[str, Any]:
    lo, hi = chart._low.opts, chart._high.opts
    ys = np.asarray(lo.get("y") if lo.get("y") is not None else [], dtype=float)
    order = np.argsort(-ys)

    def ends(opts: dict[str, Any]) -> np.ndarray:
        x0 = np.asarray(opts.get("x0") if opts.get("x0") is not None else [], dtype=float)
        w = np.asarray(opts.get("width") if opts.get("width") is not None else [], dtype=float)
        return np.where(np.isclose(x0, chart._current), x0 + w, x0)[order]  # the end away from today

    return {
        "labels": [chart.name_axis.label_at(float(ys[i])) for i in order],
        "full_labels": [chart._rows[i].label for i in order] if chart._rows else [],
        "y": ys[order],
        "low": ends(lo),
        "high": ends(hi),
        "current": float(chart._now.value()),
        "floor": chart._floor,
        "edges": [float(e.value()) for e in chart._edges if e.isVisible()],
    }


def history_drawn(chart: HistoryChart) -> dict[str, Any]:
    x, y = _data(chart._step)
    fx, fy = _data(chart._fit)
    return {
        "step_x": x,
        "step_y": y,
        "points": [(p.day, p.price, p.row.model) for p in chart.points],
        "fit": None if chart.fit is None or not chart._fit.isVisible() else (fx, fy),
        "references": {claim: _data(c) for claim, c in chart._refs.items()},
        "reference_labels": {claim: label.toPlainText() for claim, label in chart._ref_labels.items()},
        "model_labels": [label.toPlainText() for label in chart._model_labels if label.isVisible()],
        "y_range": tuple(chart.view_box.viewRange()[1]),
        "x_range": tuple(chart.view_box.viewRange()[0]),
    }


def map_drawn(m: ViabilityMap) -> dict[str, Any]:
    """The viability map's items: names top to bottom, points, bars (end None: open-ended), labels."""
    points = [(float(p.pos().x()), float(p.pos().y())) for p in m._points.points()]
    opts = m._bars.opts
    x0 = [float(v) for v in (opts.get("x0") if opts.get("x0") is not None else [])]
    wd = [float(v) for v in (opts.get("width") if opts.get("width") is not None else [])]
    yb = [float(v) for v in (opts.get("y") if opts.get("y") is not None else [])]
    arrow_ys = {float(p.pos().y()) for p in m._arrows.points()}
    bars = [(y, a, None if y in arrow_ys else a + w) for a, w, y in zip(x0, wd, yb, strict=True)]
    pens = opts.get("pens") or []
    dashed = [
        y for y, pen in zip(yb, pens, strict=False) if pen is not None and pen.style().name == "DashLine"
    ]
    return {
        "names": [r.entry.name for r in m._rows],
        "axis_labels": [m.names_axis.label_at(r.y) for r in m._rows],
        "rows_y": [r.y for r in m._rows],
        "points": sorted(points, key=lambda p: -p[1]),
        "bars": sorted(bars, key=lambda b: -b[0]),
        "passed_rows": sorted(dashed, reverse=True),
        "as_of": sorted(((float(p.pos().y()), float(p.pos().x())) for p in m._as_of.points()), reverse=True),
        "oom_labels": [i.toPlainText() for i in m._oom_labels[: len(m._rows)]],
        "date_labels": [i.toPlainText() for i in m._date_labels[: len(m._rows)]],
        "band_words": m.band_axis.words(),
        "arrows": sorted(arrow_ys, reverse=True),
        "today": float(m._today_line.value()),
    }


def map_hover_row(m: ViabilityMap, index: int) -> str:
    """Move the mouse over row ``index`` of the map; returns the readout."""
    row = m._rows[index]
    vb = m.oom_plot.getViewBox()
    x = sum(vb.viewRange()[0]) / 2
    m._on_canvas_mouse_moved(vb.mapViewToScene(QPointF(x, row.y)))
    return m._readout.text() if not m._readout.isHidden() else ""


# --------------------------------------------------------------------------------------------------
# The block editor on its own
# --------------------------------------------------------------------------------------------------


def editor_on(qtbot: Any, pitch: Pitch, *, today: date, block: int | None = 0) -> tuple[Any, Any]:
    """A block editor on ``pitch`` as the window wires it: the catalog's ids handed over, and one analysis of
    each pitch value (made with ``today``) given to it before it redraws (as the analysis service does)."""
    from core.catalog import default_catalog
    from core.history import history_by_catalog_id
    from desktop.block_editor import BlockEditor
    from desktop.document import PitchDocument

    catalog = default_catalog()
    document = PitchDocument(pitch)
    editor = BlockEditor(document, catalog)
    editor.today_fn = lambda: today
    qtbot.addWidget(editor)

    def analysed(p: Pitch) -> None:
        editor.show_analysis(analyse(p, catalog, today=today))

    # connected after the editor's own redraw, so it redraws what depends on the analysis once it is made
    document.pitch_changed.connect(analysed)
    editor.set_model_ids(sorted(set(catalog.model_ids()) | set(history_by_catalog_id())))
    editor.show_block(block)
    analysed(document.pitch)
    return document, editor


def type_into(qtbot: Any, edit: Any, text: str) -> None:
    """What a user does: select the field's text, type over it (or delete it), press Enter."""
    from PySide6.QtCore import Qt

    edit.selectAll()
    if text:
        qtbot.keyClicks(edit, text)
    else:
        qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def choose(combo: Any, text: str) -> None:
    """Pick the row of a combo box that reads ``text``, as a user does (``activated`` follows a user's pick)."""
    index = combo.findText(text)
    assert index >= 0, f"{text!r} is not offered: {[combo.itemText(i) for i in range(combo.count())]}"
    combo.setCurrentIndex(index)
    combo.activated.emit(index)
