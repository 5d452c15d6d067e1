"""History: Pitch ▸ Replay at a past date…, View ▸ Price history…, View ▸ Essay claims…

``window`` holds the three tabs; ``replay_panel``, ``claims_panel`` and the history chart
(:mod:`desktop.charts.history_chart`) are each one feature.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSize

from core.pitch_io import load_pitch_bytes
from core.resources import read_example
from desktop.workflow import Shot, WorkflowContext
from desktop.workflows.history.window import HistoryWindow


class History(QObject):
    """The history window (made on first use); hidden when the app closes."""

    def __init__(self, context: WorkflowContext) -> None:
        super().__init__(context.host)
        self.setObjectName("history")
        self._context = context
        self._view: HistoryWindow | None = None
        context.closing.connect(self._on_app_closing)

    def _on_app_closing(self) -> None:
        if self._view is not None:
            self._view.hide()

    @property
    def view(self) -> HistoryWindow:
        if self._view is None:
            self._view = HistoryWindow(self._context, self.open_example)
        return self._view

    def open_example(self, name: str) -> None:
        """Open a shipped example in the main window (which asks about its unsaved changes first)."""
        self._context.open_pitch(load_pitch_bytes(read_example(name), source=name))

    def show(self, tab: str, size: QSize | None = None) -> HistoryWindow:
        view = self.view
        if size is not None:
            view.resize(size)
        view.show_tab(tab)
        return view


def install(context: WorkflowContext) -> History:
    """The three menu entries and the screenshot views ``replay``, ``history`` and ``claims``."""
    history = History(context)
    entries = (
        (
            "&Pitch",
            "Replay at a past &date…",
            "replay",
            "Price the pitch as it would have been on a past day",
        ),
        ("&View", "Price &history…", "history", "The cheapest price of a capability level over time"),
        (
            "&View",
            "Essay &claims…",
            "claims",
            "The seed essay's claims, holding or failing under the examples",
        ),
    )
    for menu_title, text, tab, tip in entries:
        action = context.menus.action(text, lambda t=tab: history.show(t), tip=tip)
        context.menus.add(menu_title, action, separator=tab != "claims")
        context.views.register(tab, lambda t=tab: Shot(history.show(t, context.host.size())))
    return history
