"""What a workflow window gets from the app: a narrow context, never the main window.

The workflow windows (batch scoring, compare, history and replay, presentation, scorecard, help, explain)
are plug-ins. ``desktop/app.py`` installs each with ``install(context)``; the main window imports none of
them and none of them imports the main window. Everything a plug-in may use of the app is here:

* ``document``: the open document (edits go through it, one undo step each);
* ``analysis``: the analysis service, the one place pitches are turned into numbers;
* ``catalog`` and ``settings``;
* ``menus``: the menu bar, to add actions (their shortcuts then work anywhere in the window);
* ``views``: the screenshot command's ``--view NAME`` registry;
* ``host``: the widget that parents a plug-in's windows, docks and dialogs (so they close with the app);
* ``closing``: emitted once the app has agreed to close;
* a few verbs: ``report_error``, ``show_status``, ``open_file``, ``open_pitch``, ``add_dock``, ``area``
  (a named part of the window, for the tour) and ``charts`` (the main window's charts, for export).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, SignalInstance
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMenu, QMenuBar, QWidget

from core.catalog import PriceCatalog
from core.pitch import Pitch
from desktop.analysis_service import AnalysisService
from desktop.document import PitchDocument
from desktop.settings import Settings

if TYPE_CHECKING:
    from desktop.charts.base import ChartBase


def bring_to_front(widget: QWidget) -> None:
    """Raise and activate a top-level window (the offscreen platform cannot, and warns if asked)."""
    if QGuiApplication.platformName() != "offscreen":
        widget.raise_()
        widget.activateWindow()


class Menus:
    """The menu bar as plug-ins see it: find or make a menu, add an action to it."""

    def __init__(self, bar: QMenuBar, owner: QWidget, last_title: str = "&Help") -> None:
        self.bar = bar
        self._owner = owner  # actions are added to it: their shortcuts work wherever the focus is
        self._last_title = last_title

    def menu(self, title: str) -> QMenu:
        """The menu called ``title`` ("&File", "&View", ...), made before the last menu (Help) if missing."""
        for action in self.bar.actions():
            if action.menu() is not None and action.text() == title:
                return action.menu()  # type: ignore[return-value]
        menu = QMenu(title, self.bar)
        last = next(
            (a for a in self.bar.actions() if a.menu() is not None and a.text() == self._last_title), None
        )
        if last is not None:
            self.bar.insertMenu(last, menu)
        else:
            self.bar.addMenu(menu)
        return menu

    def action(
        self,
        text: str,
        slot: Callable[[], object],
        *,
        tip: str = "",
        shortcut: str | QKeySequence | None = None,
        name: str = "",
    ) -> QAction:
        """A window action (its shortcut works anywhere in the window), not yet in any menu."""
        action = QAction(text, self._owner)
        if name:
            action.setObjectName(name)
        if tip:
            action.setStatusTip(tip)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _=False, s=slot: s())
        self._owner.addAction(action)
        return action

    def add(
        self,
        title: str,
        action: QAction,
        *,
        separator: bool = False,
        before_quit: bool = False,
    ) -> QAction:
        """Put ``action`` in menu ``title``: at the end, or above the group that ends with Quit."""
        menu = self.menu(title)
        before = self._before_quit(menu) if before_quit else None
        if before is not None:
            if separator:
                menu.insertSeparator(before)
            menu.insertAction(before, action)
        else:
            if separator:
                menu.addSeparator()
            menu.addAction(action)
        return action

    def submenu(self, title: str, sub_title: str, *, before_quit: bool = False) -> QMenu:
        """The submenu ``sub_title`` of menu ``title`` (made above the Quit group, if asked, when missing)."""
        menu = self.menu(title)
        for action in menu.actions():
            if action.menu() is not None and action.text() == sub_title:
                return action.menu()  # type: ignore[return-value]
        sub = QMenu(sub_title, menu)
        before = self._before_quit(menu) if before_quit else None
        if before is not None:
            menu.insertMenu(before, sub)
        else:
            menu.addMenu(sub)
        return sub

    @staticmethod
    def _before_quit(menu: QMenu) -> QAction | None:
        actions = menu.actions()
        quit_at = next((i for i, a in enumerate(actions) if a.text().replace("&", "") == "Quit"), None)
        if quit_at is None:
            return None
        if quit_at > 0 and actions[quit_at - 1].isSeparator():
            return actions[quit_at - 1]
        return actions[quit_at]

    def actions(self) -> list[QAction]:
        """Every action of the window (the cheat sheet reads them)."""
        return self._owner.findChildren(QAction)


@dataclass(frozen=True)
class Shot:
    """What a ``--view`` shows: ``widget`` (None: the main window; a dialog is drawn inside the main
    window), and how to know it has finished drawing (``settled``, re-checked whenever ``changed`` fires)."""

    widget: QWidget | None = None
    settled: Callable[[], bool] = lambda: True
    changed: Sequence[SignalInstance] = ()
    embed: bool = False  # a dialog: drawn as a panel inside the main window


@dataclass
class ViewRegistry:
    """``--view NAME`` for the screenshot command: each plug-in registers the screens it can show."""

    _views: dict[str, Callable[[], Shot]] = field(default_factory=dict)

    def register(self, name: str, show: Callable[[], Shot]) -> None:
        self._views[name] = show

    def names(self) -> list[str]:
        return sorted(self._views)

    def show(self, name: str) -> Shot:
        """Show view ``name`` (KeyError for an unknown one)."""
        return self._views[name]()

    def __contains__(self, name: object) -> bool:
        return name in self._views


@dataclass(frozen=True)
class WorkflowContext:
    """The narrow API a workflow plug-in receives (see the module docstring)."""

    document: PitchDocument
    analysis: AnalysisService
    catalog: PriceCatalog
    settings: Settings
    menus: Menus
    views: ViewRegistry
    host: QWidget
    closing: SignalInstance
    report_error: Callable[[str, str], None]
    show_status: Callable[[str], None]
    open_file: Callable[[Path], bool]
    open_pitch: Callable[[Pitch], bool]
    add_dock: Callable[[QDockWidget], None]
    area: Callable[[str], QWidget | None]
    charts: Callable[[], Sequence[ChartBase]]
    persist_settings: Callable[[], bool] = lambda: True


class WindowOwner(QObject):
    """Owns one workflow window: made on first use, closed (and its work stopped) when the app closes."""

    def __init__(self, context: WorkflowContext, name: str, make: Callable[[], Any]) -> None:
        super().__init__(context.host)
        self.setObjectName(name)
        self.context = context
        self._make = make
        self._window: Any = None
        context.closing.connect(self._on_app_closing)

    @property
    def window(self) -> Any:
        if self._window is None:
            self._window = self._make()
        return self._window

    def has_window(self) -> bool:
        return self._window is not None

    def show(self) -> Any:
        w = self.window
        w.show()
        bring_to_front(w)
        return w

    def _on_app_closing(self) -> None:
        if self._window is not None:
            if self._window.isWindow():
                self._window.close()
            shutdown = getattr(self._window, "shutdown", None)
            if callable(shutdown):
                shutdown()


def separate_window(widget: QWidget, host: QWidget, title: str) -> None:
    """Make ``widget`` a separate top-level window owned by ``host`` (closed with it, never quitting the app)."""
    widget.setParent(host, Qt.WindowType.Window)
    widget.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
    widget.setWindowTitle(title)
