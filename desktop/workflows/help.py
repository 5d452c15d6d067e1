"""Help: where every built-in number comes from, the keyboard shortcuts, and a first-run tour.

``install(window)`` adds to the Help menu:

* **Keyboard shortcuts** (F1, or ``?`` when the focus is not in a text field): a cheat sheet read from the
  window's own actions (``findChildren(QAction)``), grouped by menu, so it never goes stale, plus the keys
  that panels handle themselves (the table's Del and Ctrl+Up/Down, the library's Enter). It shows the keys a
  user presses, the platform's own first (Redo: Ctrl+Shift+Z, Ctrl+Y), never a dedicated "Redo" key or
  Windows 3.1's Alt+Shift+Backspace.
* **About and sources…**: the app's version and the price data's (its date, its age, and a warning past 90
  days), the providers' pricing pages behind the current pitch's models, and every built-in number with its
  source and date: scenarios, price history, capability scores, release dates, self-hosting figures and
  presets, token rates, block templates (the content comes from :mod:`core.sources`).
* **Take the tour** (:mod:`desktop.workflows.tour`): 7 steps through the default window. It runs once by
  itself after the window is ready (never in tests or screenshots: only when settings are saved
  (``context.persist_settings()``)) and records ``Settings.tour_done``.

Screenshot views: ``about``, ``shortcuts`` and ``tour`` (a dialog is drawn inside the main window; the tour
over it).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.pitch import SCHEMA_VERSION
from core.price_data import STALE_AFTER_DAYS, price_data_info
from core.sources import SourceTable, pitch_prices_table, price_data_age, sources
from desktop.field_widgets import caption_label, section_label
from desktop.safety import plain_label, plain_tooltip
from desktop.theme import scaled_font
from desktop.workflow import Menus, Shot, WorkflowContext
from desktop.workflows.tour import TourOverlay

SHORTCUTS_KEYS = ("F1", "?")
TOUR_DELAY_MS = 600  # after the first evaluation is on screen: let the window settle first


@cache
def app_version() -> str:
    """The installed Compute Curve version (package metadata)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("computecurve")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree without installing
        return "unknown"


def present(dialog: QDialog) -> None:
    """Show a non-modal dialog, or bring it to the front when it is already open."""
    if dialog.isVisible() and dialog.isWindow():
        dialog.raise_()
        dialog.activateWindow()
    else:
        dialog.show()


def _text_without_mnemonic(text: str) -> str:
    """``&Open…`` -> ``Open…``; a ``\\tDel`` hint is dropped (it is listed as the key)."""
    return text.split("\t", 1)[0].replace("&&", "\0").replace("&", "").replace("\0", "&")


# -- keyboard shortcuts ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class ShortcutRow:
    group: str
    action: str
    keys: str


# Keys that panels handle themselves (not window actions): listed by hand, with the panel that owns them.
PANEL_KEYS: tuple[ShortcutRow, ...] = (
    ShortcutRow("Pitch blocks table", "Remove the selected block", "Del, Backspace"),
    ShortcutRow("Pitch blocks table", "Move the selected block up / down", "Ctrl+Up, Ctrl+Down"),
    ShortcutRow("Pitch blocks table", "Rename the selected block", "F2, double-click"),
    ShortcutRow(
        "Block library", "Add the highlighted block to the pitch", "Enter (in the list or the search)"
    ),
    ShortcutRow("Block library", "Search the library", "Ctrl+F"),
    ShortcutRow("Any number field", "Keep the value typed", "Enter, Tab"),
    ShortcutRow("Any number field", "Put back the value the pitch has", "Esc"),
)


# Keys no keyboard of ours has, or that no one presses: a dedicated "Undo"/"Redo"/"Save" key (Qt's key codes
# from Key_Back, 0x01000061, on are media and application keys), and Windows 3.1's Alt+Backspace undo.
_DEDICATED_KEYS_FROM = 0x01000061
_LEGACY = frozenset(QKeySequence(k).toString() for k in ("Alt+Backspace", "Alt+Shift+Backspace"))


def _on_a_keyboard(key: QKeySequence) -> bool:
    """Whether ``key`` is one a user presses (not a dedicated hardware key, not Windows 3.1's Alt+Backspace)."""
    combo = key[0]
    if (
        combo.keyboardModifiers() == Qt.KeyboardModifier.NoModifier
        and int(combo.key()) >= _DEDICATED_KEYS_FROM
    ):
        return False
    return key.toString() not in _LEGACY


def _platform_order(keys: list[QKeySequence]) -> list[QKeySequence]:
    """The platform's own key first: Redo is Ctrl+Shift+Z (Shift and Undo's key) on Linux and macOS, where
    Ctrl+Y is Windows' habit; elsewhere the action's order."""
    if sys.platform == "win32":
        return keys
    undo = [k[0] for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Undo) if not k.isEmpty()]
    shifted = {(u.key(), u.keyboardModifiers() | Qt.KeyboardModifier.ShiftModifier) for u in undo}
    return sorted(keys, key=lambda k: (k[0].key(), k[0].keyboardModifiers()) not in shifted)


def _keys_text(action: QAction) -> str:
    keys = [k for k in action.shortcuts() if not k.isEmpty() and _on_a_keyboard(k)]
    text = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in _platform_order(keys)]
    if not text and "\t" in action.text():  # a key the owning panel handles, named in the menu text
        text = [action.text().split("\t", 1)[1]]
    return ", ".join(text)


def _action_label(action: QAction) -> str:
    # Undo and Redo carry the name of the step they would undo ("Undo Change output tokens of ..."): the
    # cheat sheet names the action itself, from the label its owner gave it.
    label = action.property("cheatsheet_label")
    return str(label) if label else _text_without_mnemonic(action.text())


def _menu_rows(menu: QMenu, group: str, seen: set[int]) -> list[ShortcutRow]:
    rows: list[ShortcutRow] = []
    for action in menu.actions():
        sub = action.menu()
        if isinstance(sub, QMenu):
            rows += _menu_rows(sub, f"{group} > {_text_without_mnemonic(sub.title())}", seen)
            continue
        if action.isSeparator() or id(action) in seen:
            continue
        keys = _keys_text(action)
        if keys:
            seen.add(id(action))
            rows.append(ShortcutRow(group, _action_label(action), keys))
    return rows


def shortcut_rows(menus: Menus) -> list[ShortcutRow]:
    """Every keyboard shortcut of the window's actions, grouped by menu, then the panels' own keys."""
    rows: list[ShortcutRow] = []
    seen: set[int] = set()
    for top in menus.bar.actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            rows += _menu_rows(menu, _text_without_mnemonic(menu.title()), seen)
    # Actions reachable by no menu (a window-wide shortcut such as presentation mode's Esc).
    for action in menus.actions():
        if id(action) in seen or action.isSeparator() or action.menu() is not None:
            continue
        keys = _keys_text(action)
        if keys and action.text():
            seen.add(id(action))
            rows.append(ShortcutRow("Other", _text_without_mnemonic(action.text()), keys))
    return rows + list(PANEL_KEYS)


def _table(columns: Iterable[str], rows: Iterable[tuple[str, ...]], *, name: str) -> QTableWidget:
    """A read-only table of plain text (QTableWidgetItem never interprets HTML), long cells wrapped."""
    columns = list(columns)
    rows = list(rows)
    table = QTableWidget(len(rows), len(columns))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(columns)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(True)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if len(text) > 40:
                item.setToolTip(plain_tooltip(text))
            table.setItem(r, c, item)
    return table


def _fit_columns(table: QTableWidget, long_columns: Iterable[int] = ()) -> None:
    """Short columns fit their contents; long text columns share the rest and wrap; rows grow to fit.

    The table never scrolls sideways: a reader should not have to hunt for the source column.
    """
    long_columns = list(long_columns)
    header = table.horizontalHeader()
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    em = table.fontMetrics().horizontalAdvance("m")
    for c in range(table.columnCount()):
        if c == long_columns[-1]:
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Stretch)
            continue
        header.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
        if c in long_columns:
            table.setColumnWidth(c, 22 * em)
        else:  # fit the contents, but a rare long id is elided (its tooltip has it whole)
            table.resizeColumnToContents(c)
            table.setColumnWidth(c, min(table.columnWidth(c), 18 * em))
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)


def _long_columns(rows: Iterable[tuple[str, ...]], n: int) -> list[int]:
    """Columns of long texts (30 characters on average, or one of 80): they get the width and wrap."""
    rows = list(rows)
    if not rows:
        return [n - 1]
    out = [
        c
        for c in range(n)
        if sum(len(r[c]) for r in rows) / len(rows) > 30 or max(len(r[c]) for r in rows) > 80
    ]
    return out or [max(range(n), key=lambda c: max(len(r[c]) for r in rows))]


class ShortcutsDialog(QDialog):
    """The cheat sheet: every shortcut of the window, grouped by menu."""

    def __init__(self, context: WorkflowContext) -> None:
        super().__init__(context.host)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        self._menus = context.menus
        layout = QVBoxLayout(self)
        heading = section_label("Keyboard shortcuts")
        heading.setContentsMargins(0, 0, 0, 0)
        heading.setFont(scaled_font(heading.font(), 1.2, bold=True))
        layout.addWidget(heading)
        intro = caption_label(
            "Every shortcut of the window's menus, then the keys the panels handle themselves. "
            "? opens this list when the focus is not in a text field (where it types a question mark)."
        )
        layout.addWidget(intro)
        self.table = _table(("Where", "What it does", "Keys"), [], name="shortcutsTable")
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.resize(720, 640)

    def refresh(self) -> None:
        """Re-read the window's actions (another module may have added some since)."""
        rows = shortcut_rows(self._menus)
        self.table.setRowCount(len(rows))
        previous = ""
        bold = scaled_font(self.table.font(), 1.0, bold=True)
        for r, row in enumerate(rows):
            group = QTableWidgetItem(row.group if row.group != previous else "")
            group.setFont(bold)
            self.table.setItem(r, 0, group)
            self.table.setItem(r, 1, QTableWidgetItem(row.action))
            keys = QTableWidgetItem(row.keys)
            keys.setFont(bold)
            self.table.setItem(r, 2, keys)
            previous = row.group
        _fit_columns(self.table, [1])


class AboutDialog(QDialog):
    """The app, its data versions and every built-in number's source."""

    def __init__(self, context: WorkflowContext) -> None:
        super().__init__(context.host)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("About Compute Curve and its sources")
        self._context = context
        layout = QVBoxLayout(self)
        title = section_label(f"Compute Curve {app_version()}")
        title.setFont(scaled_font(title.font(), 1.4, bold=True))
        layout.addWidget(title)
        layout.addWidget(
            plain_label(
                "At what compute price does an AI product become viable, and when is that price likely "
                "to arrive? (The seed essay's test: viable today; one order of magnitude away, roughly "
                "18-24 months; two orders away, interesting but premature.)"
            )
        )
        layout.itemAt(layout.count() - 1).widget().setWordWrap(True)  # type: ignore[union-attr]
        self.versions = caption_label()
        self.versions.setWordWrap(True)
        layout.addWidget(self.versions)
        self.stale = plain_label()  # the price data's age, when it is past 90 days (contract 6.5)
        self.stale.setObjectName("aboutStale")
        self.stale.setWordWrap(True)
        self.stale.setFont(scaled_font(self.stale.font(), 1.0, bold=True))
        self.stale.hide()
        layout.addWidget(self.stale)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.resize(1100, 720)

    def _model_ids(self) -> list[str | None]:
        analysis = self._context.analysis.current
        if analysis is not None and analysis.evaluation is not None:
            return [b.price.model_id for b in analysis.evaluation.blocks]
        return [b.model for b in self._context.document.pitch.blocks]

    def refresh(self) -> None:
        """Rebuild the tables (the pricing pages and prices follow the current pitch)."""
        info = price_data_info()
        today = self._context.analysis.today()
        self.versions.setText(
            f"Version {app_version()} · price data: {info.version} ({price_data_age(info, today)}) · file "
            f"format: computecurve.pitch schema {SCHEMA_VERSION} · all arithmetic: contract section 2 (Help > "
            "How is this computed? shows it with this pitch's numbers)."
        )
        stale = (today - info.data_date).days > STALE_AFTER_DAYS
        self.stale.setVisible(stale or bool(info.problem))
        words = []
        if stale:
            words.append(
                f"The price data is {(today - info.data_date).days:,} days old: prices after "
                f"{info.data_date.isoformat()} are not known, the newest known are used. Prices > Update from "
                "file… installs newer genai-prices data (offline)."
            )
        if info.problem:
            words.append(info.problem[:1].upper() + info.problem[1:] + ".")
        self.stale.setText(" ".join(words))
        current = self.tabs.currentIndex()
        while self.tabs.count():
            page = self.tabs.widget(0)
            self.tabs.removeTab(0)
            page.deleteLater()
        catalog, *others = sources(self._model_ids(), today)
        first = [catalog]
        analysis = self._context.analysis.current
        if analysis is not None and analysis.evaluation is not None and analysis.evaluation.blocks:
            first.append(pitch_prices_table(analysis.evaluation))
        self.tabs.addTab(self._page(first), "Current prices")
        for table in others:
            self.tabs.addTab(self._page([table]), table.title.split(" (")[0].split(":")[0])
        if current >= 0:
            self.tabs.setCurrentIndex(current)

    def _page(self, tables: list[SourceTable]) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        for source in tables:
            heading = section_label(source.title)
            heading.setContentsMargins(0, 4, 0, 0)
            layout.addWidget(heading)
            intro = plain_label(source.intro)
            intro.setWordWrap(True)
            layout.addWidget(intro)
            if not source.rows:
                layout.addWidget(caption_label("No block of this pitch is priced from the catalog."))
                continue
            table = _table(source.columns, source.rows, name="sourceTable")
            _fit_columns(table, _long_columns(source.rows, len(source.columns)))
            if len(source.rows) <= 6:  # a short table takes its own height; the long one takes the rest
                table.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
                layout.addWidget(table)
            else:
                layout.addWidget(table, 1)
        layout.addStretch(0)
        return page


# -- the controller -------------------------------------------------------------------------------------
class HelpController(QObject):
    """Owns the help dialogs and the tour of one window."""

    def __init__(self, context: WorkflowContext) -> None:
        super().__init__(context.host)
        self.setObjectName("help")
        self._context = context
        self.about: AboutDialog | None = None
        self.shortcuts: ShortcutsDialog | None = None
        self.tour: TourOverlay | None = None
        self._auto_tour_checked = False

    # -- dialogs ----------------------------------------------------------------------------------------
    def about_dialog(self) -> AboutDialog:
        if self.about is None:
            self.about = AboutDialog(self._context)
        self.about.refresh()
        return self.about

    def shortcuts_dialog(self) -> ShortcutsDialog:
        if self.shortcuts is None:
            self.shortcuts = ShortcutsDialog(self._context)
        self.shortcuts.refresh()
        return self.shortcuts

    def close_dialogs(self) -> None:
        """The app is closing: its dialogs close with it."""
        for dialog in (self.about, self.shortcuts):
            if dialog is not None:
                dialog.close()

    def show_about(self) -> None:
        present(self.about_dialog())

    def show_shortcuts(self) -> None:
        present(self.shortcuts_dialog())

    # -- tour -------------------------------------------------------------------------------------------
    def start_tour(self, index: int = 0) -> TourOverlay:
        if self.tour is None:
            self.tour = TourOverlay(self._context)
            self.tour.finished.connect(self._on_tour_finished)
        self.tour.start(index)
        return self.tour

    def show_tour_screenshot(self) -> Shot:
        """The ``tour`` view: the main window with the tour's first step over it."""
        self.start_tour(0)
        return Shot(None)

    def _on_tour_finished(self, _completed: bool) -> None:
        self.tour = None
        settings = self._context.settings
        settings.tour_done = True
        if self._context.persist_settings():
            with contextlib.suppress(OSError):
                settings.save()

    def _on_service_catalog_ready(self, _ids: object) -> None:
        # the price data may have changed (Prices > Update from file…): an open About box says so
        if self.about is not None and self.about.isVisible():
            self.about.refresh()

    def _on_service_analysed(self, _analysis: object) -> None:
        if not self._auto_tour_checked:
            self._auto_tour_checked = True
            QTimer.singleShot(TOUR_DELAY_MS, self.maybe_start_tour)

    def maybe_start_tour(self) -> None:
        """The first-run tour: only for a real session (settings persisted) that has not seen it yet."""
        c = self._context
        if (
            not c.persist_settings()
            or c.settings.tour_done
            or self.tour is not None
            or not c.host.isVisible()
        ):
            return
        if QApplication.activeModalWidget() is not None:  # e.g. the recovery question: ask again later
            QTimer.singleShot(TOUR_DELAY_MS, self.maybe_start_tour)
            return
        self.start_tour()


def _take_keys(menus: Menus, keys: Iterable[str], keep: QAction) -> None:
    """Remove ``keys`` from every other action of the window: two actions on one key would both go dead."""
    wanted = {QKeySequence(k).toString() for k in keys}
    for action in menus.actions():
        if action is keep:
            continue
        remaining = [s for s in action.shortcuts() if s.toString() not in wanted]
        if len(remaining) != len(action.shortcuts()):
            action.setShortcuts(remaining)


def install(context: WorkflowContext) -> HelpController:
    """Help > Keyboard shortcuts (F1, ?), About and sources…, Take the tour; the first-run tour."""
    help_ctl = HelpController(context)
    context.closing.connect(help_ctl.close_dialogs)
    menus = context.menus
    shortcuts = menus.action(
        "&Keyboard shortcuts…",
        help_ctl.show_shortcuts,
        tip="Every keyboard shortcut, grouped by menu",
        name="helpShortcutsAction",
    )
    # "?" fires only where the focused widget does not take it as text: line edits, spin boxes and text
    # editors accept printable keys first (Qt's ShortcutOverride), so "?" still types a question mark there.
    shortcuts.setShortcuts([QKeySequence(k) for k in SHORTCUTS_KEYS])
    shortcuts.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    _take_keys(menus, SHORTCUTS_KEYS, shortcuts)
    tour = menus.action(
        "Take the &tour",
        lambda: help_ctl.start_tour(0),
        tip="Seven steps through the window",
        name="helpTourAction",
    )
    about = menus.action(
        "&About and sources…",
        help_ctl.show_about,
        tip="Versions, and where every built-in price and decline rate comes from",
        name="helpAboutAction",
    )
    menus.add("&Help", shortcuts, separator=True)
    menus.add("&Help", tour)
    menus.add("&Help", about, separator=True)
    context.views.register("about", lambda: Shot(help_ctl.about_dialog(), embed=True))
    context.views.register("shortcuts", lambda: Shot(help_ctl.shortcuts_dialog(), embed=True))
    context.views.register("tour", help_ctl.show_tour_screenshot)
    context.analysis.analysed.connect(help_ctl._on_service_analysed)
    context.analysis.catalog_ready.connect(help_ctl._on_service_catalog_ready)
    if context.analysis.ready:  # installed after the first analysis: look now (after the same delay)
        help_ctl._on_service_analysed(None)
    return help_ctl
