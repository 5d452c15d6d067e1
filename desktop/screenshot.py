"""``computecurve open FILE --screenshot OUT.png [--view NAME] [--size WxH]``: a picture of a screen.

The window is shown offscreen, the analysis (with its Monte Carlo) is waited for, the view is shown and
waited for in turn (each plug-in's view says when it has settled: a scored folder, a finished Monte Carlo),
and the picture is written. Everything here goes through public APIs: the analysis service's signals, the
view registry's :class:`~desktop.workflow.Shot`. Waiting is event-driven (a local event loop that wakes on
the awaited signals), never a polling loop.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSize, Qt, QTimer, SignalInstance
from PySide6.QtWidgets import QDialog, QWidget

from desktop.analysis_service import AnalysisService
from desktop.workflow import Shot, ViewRegistry

SETTLE_MS = 150  # after the last change: layouts and deferred label placements run, then the picture


def run_events_until(
    done: Callable[[], bool], signals: Sequence[SignalInstance], timeout_ms: int = 30_000
) -> bool:
    """Run the event loop until ``done()`` (checked whenever one of ``signals`` fires) or the timeout."""
    deadline = time.monotonic() + timeout_ms / 1000
    loop = QEventLoop()
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    for signal in signals:
        signal.connect(loop.quit)
    try:
        while not done():
            remaining = int((deadline - time.monotonic()) * 1000)
            if remaining <= 0:
                return False
            timer.start(min(remaining, 250))  # re-check now and then: a condition with no signal
            loop.exec()
        return True
    finally:
        timer.stop()
        for signal in signals:
            signal.disconnect(loop.quit)


def settle(ms: int = SETTLE_MS) -> None:
    """Let deferred layouts and paints run for ``ms``."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def embed_in_window(window: QWidget, dialog: QDialog) -> None:
    """Show ``dialog`` as a framed panel inside ``window`` (a picture of the window then includes it)."""
    dialog.setParent(window, Qt.WindowType.Widget)
    dialog.setObjectName(dialog.objectName() or "embeddedDialog")
    dialog.setAutoFillBackground(True)
    dialog.setStyleSheet(
        f"QDialog#{dialog.objectName()} {{ background: palette(window); border: 2px solid palette(mid); }}"
    )
    size = dialog.size().boundedTo(window.size() - QSize(60, 60)).expandedTo(QSize(300, 200))
    dialog.resize(size)
    dialog.move((window.width() - size.width()) // 2, (window.height() - size.height()) // 2)
    dialog.show()
    dialog.raise_()


def analysis_settled(service: AnalysisService) -> Shot:
    """The main window's own view: settled once the analysis and its Monte Carlo are on screen."""
    return Shot(
        None,
        settled=lambda: service.ready and not service.mc_busy,
        changed=(service.analysed, service.uncertainty_ready, service.uncertainty_failed),
    )


def take(
    window: QWidget,
    service: AnalysisService,
    views: ViewRegistry,
    *,
    view: str,
    size: tuple[int, int],
    out: Path,
) -> QWidget:
    """Show ``view`` at ``size`` and write its picture to ``out``; returns the widget photographed.

    Raises KeyError for an unknown view and OSError when the picture cannot be written.
    """
    window.resize(*size)
    window.show()
    main = analysis_settled(service)
    service.start()
    run_events_until(lambda: service.ready, main.changed)
    service.run_monte_carlo_now()
    run_events_until(main.settled, main.changed)
    shot = views.show(view) if view != "main" else main
    widget = shot.widget
    if widget is not None and shot.embed and isinstance(widget, QDialog):
        embed_in_window(window, widget)
        widget = None
    elif widget is not None and widget.isWindow():
        widget.resize(*size)
        widget.show()
    run_events_until(shot.settled, shot.changed)
    service.run_monte_carlo_now()
    run_events_until(main.settled, main.changed)
    settle()
    target = widget if widget is not None and widget.isWindow() else window
    image = target.grab()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(out)):
        raise OSError(f"cannot write {out}")
    return target
