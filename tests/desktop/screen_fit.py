"""What "nothing cut" means on the main window, read from the widgets' geometry and elision (not pixels).

:func:`problems` lists, in words, every way a window on its current pitch fails the issue's rule for the
sizes people have (1280x720, 1366x768, 1920x1080, 200% on 1280x800): the verdict's words, cost, budget and
arrival whole; the projection readable with its legend over no line and its labels inside; the
sensitivity legend inside its panel and its axis titles whole; the breakdown's values whole; the blocks
table showing three rows. It is run in-process (``test_screens.py``) and, under ``QT_SCALE_FACTOR=2``, as
a script in a process of its own (``python -m tests.desktop.screen_fit WxH FILE...``: it prints one line
per problem and exits 1 when there is any).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, QRectF
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel, QWidget

from desktop.charts.axes import FontAxis
from desktop.charts.base import ChartBase
from desktop.main_window import MainWindow

MIN_PROJECTION = (300, 180)  # px: a readable projection, at the smallest screens


def _rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    return QRect(widget.mapTo(ancestor, widget.rect().topLeft()), widget.size())


def label_problems(label: QLabel, window: QWidget, what: str) -> list[str]:
    """A label shown whole: visible, inside the window, tall enough for its wrapped lines, wide enough for
    its longest word (a word never breaks), and not elided."""
    out = []
    if not label.isVisible():
        return [f"{what} is not shown"]
    text = label.text()
    if not text.strip():
        return [f"{what} is empty"]
    area = window.rect()
    rect = _rect_in(label, window)
    if not area.contains(rect):
        out.append(f"{what} lies outside the window ({rect} in {area})")
    if label.wordWrap():
        need = label.heightForWidth(label.width())
        if need > label.height():
            out.append(f"{what} needs {need} px for its lines and has {label.height()}: cut ({text!r})")
        fm = QFontMetrics(label.font())
        longest = max((fm.horizontalAdvance(w) for w in text.split()), default=0)
        if longest > label.contentsRect().width():
            out.append(f"{what}: a word is wider than the label ({text!r})")
    else:
        fm = QFontMetrics(label.font())
        if fm.horizontalAdvance(text) > label.contentsRect().width():
            out.append(f"{what} is wider than its label: cut ({text!r})")
    if "…" in text and not text.startswith("…"):
        out.append(f"{what} is elided ({text!r})")
    # nothing else is drawn over it: its own parent chain is visible up to the window
    w: QWidget | None = label
    while w is not None and w is not window:
        if not w.isVisible():
            out.append(f"{what}: {type(w).__name__} holding it is hidden")
            break
        w = w.parentWidget()
    return out


def _scene_rect_in_view(item: Any, chart: ChartBase) -> tuple[QRectF, QRectF]:
    box = chart.view_box.sceneBoundingRect()
    return item.sceneBoundingRect(), box


def chart_problems(window: MainWindow) -> list[str]:
    out = []
    proj = window.projection
    if proj.is_empty():
        return ["the projection shows no chart"]
    w, h = proj.width(), proj.height()
    if w < MIN_PROJECTION[0] or h < MIN_PROJECTION[1]:
        out.append(f"the projection is {w}x{h} px: too small to read (at least {MIN_PROJECTION})")
    # its legend above the plot (covering no line) and inside the chart
    legend_rect = _rect_in(proj.legend, proj)
    plot_rect = _rect_in(proj.plot, proj)
    if legend_rect.bottom() >= plot_rect.top() + 1 and legend_rect.height() > 0:
        out.append("the projection's legend overlaps its plot")
    if not proj.rect().contains(legend_rect):
        out.append("the projection's legend leaves the chart")
    for _, label in proj.legend.entries:
        if not proj.rect().contains(_rect_in(label, proj)):
            out.append(f"projection legend entry {label.text()!r} is cut")
    # its direct labels inside the plot area, and not over one another
    labels = [proj._budget_label, proj._as_of_label]
    if proj._window_label.isVisible():
        labels.append(proj._window_label)
    if proj._today_label.isVisible():
        labels.append(proj._today_label)
    rects = []
    for item in labels:
        rect, view = _scene_rect_in_view(item, proj)
        if not view.adjusted(-1, -1, 1, 1).contains(rect):
            out.append(f"projection label {item.toPlainText()!r} is cut at the plot's edge")
        rects.append((item.toPlainText(), rect))
    for i, (a, ra) in enumerate(rects):
        for b, rb in rects[i + 1 :]:
            inter = ra.intersected(rb)
            if inter.width() > 1 and inter.height() > 1:
                out.append(f"projection labels {a!r} and {b!r} are drawn over each other")
    # every axis title whole (the longest form that fits is chosen)
    for chart in window.charts:
        if chart.is_empty():
            continue
        for name in ("left", "bottom"):
            axis = chart.plot_item.getAxis(name)
            if isinstance(axis, FontAxis) and axis.labelText and axis.label is not None:
                fm = QFontMetrics(axis.label.font())
                if fm.horizontalAdvance(axis.labelText) > axis.title_room() + 4:
                    out.append(f"{type(chart).__name__}'s {name} title {axis.labelText!r} is cut")
                scene = axis.label.sceneBoundingRect()
                widget_rect = QRectF(chart.plot.rect())
                if not widget_rect.adjusted(-1, -1, 1, 1).contains(
                    chart.plot.mapFromScene(scene).boundingRect()
                ):
                    out.append(f"{type(chart).__name__}'s {name} title {axis.labelText!r} leaves the chart")
    # the sensitivity legend inside its panel
    sens = window.sensitivity
    if not sens.is_empty():
        for _, label in sens.legend.entries:
            if not sens.rect().contains(_rect_in(label, sens)):
                out.append(f"sensitivity legend entry {label.text()!r} leaves its panel")
    # the breakdown's values whole, inside the plot
    bd = window.breakdown
    if not bd.is_empty():
        view = bd.view_box.sceneBoundingRect().adjusted(-1, -1, 1, 1)
        for item in bd._values:
            if item.isVisible() and not view.contains(item.sceneBoundingRect()):
                out.append(f"breakdown value {item.toPlainText()!r} is cut")
    return out


def table_problems(window: MainWindow) -> list[str]:
    view = window.table.view
    rows = min(3, view.model().rowCount())
    if rows == 0 or not window.blocks_dock.isVisible():
        return [] if rows == 0 else ["the blocks table is not shown"]
    needed = sum(view.rowHeight(r) for r in range(rows))
    if view.viewport().height() < needed:
        return [
            f"the blocks table shows {view.viewport().height()} px of the {needed} px its first {rows} rows need"
        ]
    return []


def problems(window: MainWindow) -> list[str]:
    """Every way the window fails to show its verdict, charts and blocks whole (empty: none)."""
    v = window.verdict
    out: list[str] = []
    for label, what in (
        (v.chip, "the verdict chip"),
        (v.words, "the verdict's words"),
        (v.cost, "the cost and budget"),
        (v.arrival, "the arrival"),
    ):
        out += label_problems(label, window, what)
    if "budget" not in v.cost.text():
        out.append(f"the cost line names no budget ({v.cost.text()!r})")
    if window.verdict.height() > window.centralWidget().height():
        out.append("the verdict panel is taller than its room")
    out += chart_problems(window)
    out += table_problems(window)
    return out


def main(argv: list[str]) -> int:
    """``python -m tests.desktop.screen_fit WxH[,WxH...] FILE...``: the problems of each file at each size,
    a line each; exit status 1 when there is any."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from core.pitch_io import load_pitch
    from desktop.app import build
    from desktop.qt_app import make_app
    from desktop.screenshot import analysis_settled, run_events_until, settle
    from desktop.settings import Settings

    make_app()
    sizes = [tuple(int(x) for x in size.split("x")) for size in argv[0].split(",")]
    found = 0
    for name in argv[1:]:
        path = Path(name)
        app = build(load_pitch(path), path, settings=Settings(), offer_recovery=False, persist_settings=False)
        app.service.samples = 2000
        window = app.window
        for w, h in sizes:
            window.resize(w, h)
            window.show()
            app.start()
            main_shot = analysis_settled(app.service)
            run_events_until(lambda app=app: app.service.ready, main_shot.changed)
            app.service.run_monte_carlo_now()
            run_events_until(main_shot.settled, main_shot.changed)
            settle()
            for p in problems(window):
                print(f"{path.name} at {w}x{h}: {p}")
                found += 1
        window.document.undo_stack.setClean()
        window.close()
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
