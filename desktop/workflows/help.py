"""Help: where every built-in number comes from, the keyboard shortcuts, and a first-run tour.

``install(window)`` adds to the Help menu:

* **Keyboard shortcuts** (F1, or ``?`` when the focus is not in a text field): a cheat sheet read from the
  window's own actions (``findChildren(QAction)``), grouped by menu, so it never goes stale, plus the keys
  that panels handle themselves (the table's Del and Ctrl+Up/Down, the library's Enter).
* **About and sources…**: the app and data versions, the providers' pricing pages behind the current
  pitch's models, every built-in decline scenario and every bundled price-history row with its source,
  and the block templates' bases (the content comes from :mod:`core.explain`).
* **Take the tour**: 7 steps through the default window, each pointing at one area with a short plain
  explanation and Back / Next / Skip. It runs once by itself after the window is ready (never in tests or
  screenshots: only when settings are saved (``context.persist_settings()``)) and records ``Settings.tour_done``.

Screenshot views: ``about``, ``shortcuts`` and ``tour`` (a dialog is drawn inside the main window).

The tour points at parts of the main window by name (``context.area("verdict")``): this module never sees
the main window itself.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.catalog import catalog_version
from core.pitch import SCHEMA_VERSION
from core.sources import SourceTable, pitch_prices_table, sources
from desktop.field_widgets import caption_label, section_label
from desktop.safety import plain_label, plain_tooltip
from desktop.theme import scaled_font
from desktop.workflow import Menus, Shot, WorkflowContext

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


def _keys_text(action: QAction) -> str:
    keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts() if not k.isEmpty()]
    if not keys and "\t" in action.text():  # a key the owning panel handles, named in the menu text
        keys = [action.text().split("\t", 1)[1]]
    return ", ".join(keys)


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
        layout.addWidget(self.versions)
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
        self.versions.setText(
            f"Version {app_version()} · price data: {catalog_version()} · file format: computecurve.pitch "
            f"schema {SCHEMA_VERSION} · all arithmetic: contract section 2 (Help > How is this computed? shows it with "
            "this pitch's numbers)."
        )
        current = self.tabs.currentIndex()
        while self.tabs.count():
            page = self.tabs.widget(0)
            self.tabs.removeTab(0)
            page.deleteLater()
        catalog, *others = sources(self._model_ids())
        first = [catalog]
        analysis = self._context.analysis.current
        if analysis is not None and analysis.evaluation is not None and analysis.evaluation.blocks:
            first.append(pitch_prices_table(analysis.evaluation))
        self.tabs.addTab(self._page(first), "Current prices")
        for table in others:
            self.tabs.addTab(self._page([table]), table.title.split(" (")[0])
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


# -- the tour -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TourStep:
    title: str
    text: str
    areas: tuple[str, ...]  # parts of the main window, by name (WorkflowContext.area)
    hidden_hint: str = ""  # how to show the area when the user has closed it


TOUR_STEPS: tuple[TourStep, ...] = (
    TourStep(
        "The verdict",
        "Read this first. It compares what one user costs in inference each month with what the business "
        "can spend on it, says how many times cheaper inference must get (in orders of magnitude), and when "
        "falling prices get there. The colour is the verdict's band; the words always say it too.",
        ("verdict",),
    ),
    TourStep(
        "The projection",
        "The cost per paying user over the next six years, falling at the scenario's slow and fast speeds "
        "(the band), against the dashed budget line. Where the band crosses the budget is the arrival "
        "window, shaded in the verdict's colour.",
        ("projection",),
    ),
    TourStep(
        "The block library",
        "The building blocks of an AI product: a chat turn, an agent loop, always-on background inference, "
        "a voice minute… Double-click one, press Enter or drag it into the pitch. Hover a block to read "
        "where its default numbers come from.",
        ("library",),
        "View > Block library shows it again.",
    ),
    TourStep(
        "The pitch's blocks and the block editor",
        "Each row is one feature with its cost per user-month and its share of the total. Select a row to "
        "edit it in the block editor: the model (priced from the catalog on the pitch's date), tokens per "
        "call and how often it runs. Every field's tooltip gives its unit, an example and its default.",
        ("blocks", "editor"),
        "View > Pitch blocks and View > Block editor show them again.",
    ),
    TourStep(
        "The business and the scenario",
        "What a paying user pays, the margin the business needs, active days, free users and fees; the date "
        "prices are taken at; and how fast prices fall, each built-in scenario with its published source. "
        "Drag a What-if slider to watch the verdict move (one undo step).",
        ("business",),
        "View > Business and scenario shows it again.",
    ),
    TourStep(
        "Sensitivity",
        "Which inputs move the verdict most: each bar runs from an input's low to its high, and the value at "
        "which the verdict would change is written beside it. The chart on its left gives the chance of "
        "being viable by each date, from a Monte Carlo over the ranges you give.",
        ("sensitivity",),
    ),
    TourStep(
        "Help is one key away",
        "Help > How is this computed? shows every formula with this pitch's own numbers. F1 lists the "
        "keyboard shortcuts, and About and sources lists where every built-in price and rate comes from. "
        "Help > Take the tour shows this again.",
        (),
    ),
)


class TourOverlay(QWidget):
    """Dims the window except the step's areas, outlines them, and shows a callout with Back/Next/Skip."""

    finished = Signal(bool)  # True: completed; False: skipped
    PAD = 4

    def __init__(self, context: WorkflowContext) -> None:
        super().__init__(context.host)
        self.setObjectName("tourOverlay")
        self._context = context
        self._window = context.host
        self.index = 0
        self.callout = QFrame(self)
        self.callout.setObjectName("tourCallout")
        self.callout.setFrameShape(QFrame.Shape.StyledPanel)
        self.callout.setAutoFillBackground(True)
        self.callout.setBackgroundRole(QPalette.ColorRole.Window)
        self.callout.setStyleSheet(
            "QFrame#tourCallout { background: palette(window); border: 2px solid palette(highlight); "
            "border-radius: 6px; }"
        )
        self.counter = caption_label()
        self.title = section_label("")
        self.title.setContentsMargins(0, 0, 0, 0)
        self.title.setFont(scaled_font(self.title.font(), 1.2, bold=True))
        self.text = plain_label()
        self.text.setWordWrap(True)
        self.skip_button = QPushButton("Skip tour")
        self.back_button = QPushButton("Back")
        self.next_button = QPushButton("Next")
        self.next_button.setDefault(True)
        self.skip_button.clicked.connect(self._on_skip_button_clicked)
        self.back_button.clicked.connect(self._on_back_button_clicked)
        self.next_button.clicked.connect(self._on_next_button_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.skip_button)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        box = QVBoxLayout(self.callout)
        box.setContentsMargins(14, 10, 14, 10)
        box.addWidget(self.counter)
        box.addWidget(self.title)
        box.addWidget(self.text)
        box.addLayout(buttons)
        for key, slot in (
            (Qt.Key.Key_Escape, self._on_skip_button_clicked),
            (Qt.Key.Key_Right, self._on_next_button_clicked),
            (Qt.Key.Key_Left, self._on_back_button_clicked),
        ):
            action = QAction(self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
        self._window.installEventFilter(self)

    # -- drawing ----------------------------------------------------------------------------------------
    def start(self, index: int = 0) -> None:
        self.setGeometry(self._window.rect())
        self.show()
        self.raise_()
        self.show_step(index)

    def show_step(self, index: int) -> None:
        self.index = max(0, min(index, len(TOUR_STEPS) - 1))
        step = TOUR_STEPS[self.index]
        last = self.index == len(TOUR_STEPS) - 1
        self.counter.setText(f"Step {self.index + 1} of {len(TOUR_STEPS)}")
        self.title.setText(step.title)
        text = step.text
        if self._window_targets() == [] and step.hidden_hint:
            text += f"\n\n(Hidden at the moment: {step.hidden_hint})"
        self.text.setText(text)
        self.back_button.setEnabled(self.index > 0)
        self.next_button.setText("Finish" if last else "Next")
        self._place_callout()
        self.update()
        self.next_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _window_targets(self) -> list[QWidget]:
        step = TOUR_STEPS[self.index]
        found = [self._context.area(name) for name in step.areas]
        return [w for w in found if w is not None and w.isVisible()]

    def target_rects(self) -> list[QRect]:
        """The outlined areas, in this overlay's coordinates (the last step points at the Help menu)."""
        rects = []
        for w in self._window_targets():
            top_left = w.mapTo(self._window, QPoint(0, 0))
            rects.append(QRect(top_left, w.size()).adjusted(-self.PAD, -self.PAD, self.PAD, self.PAD))
        if self.index == len(TOUR_STEPS) - 1:
            bar = self._context.menus.bar
            help_rect = bar.actionGeometry(self._context.menus.menu("&Help").menuAction())
            if help_rect.isValid():
                rects.append(QRect(bar.mapTo(self._window, help_rect.topLeft()), help_rect.size()))
        return [r.intersected(self.rect()) for r in rects]

    def _place_callout(self) -> None:
        width = min(440, max(280, self.width() - 40))
        self.callout.setFixedWidth(width)
        self.callout.adjustSize()
        size = self.callout.sizeHint().expandedTo(QSize(width, 0))
        size.setHeight(
            self.callout.heightForWidth(width) if self.callout.hasHeightForWidth() else size.height()
        )
        self.callout.resize(size)
        rects = self.target_rects()
        area = self.rect().adjusted(12, 12, -12, -12)
        if not rects:
            pos = area.center() - QPoint(size.width() // 2, size.height() // 2)
        else:
            target = rects[0]
            for r in rects[1:]:
                target = target.united(r)
            first = rects[0]
            gap = 14
            candidates = [
                QPoint(first.right() + gap, first.top()),  # right of the first area
                QPoint(first.left() - gap - size.width(), first.top()),  # left of it
                QPoint(first.left(), first.bottom() + gap),  # below
                QPoint(first.left(), first.top() - gap - size.height()),  # above
                area.center() - QPoint(size.width() // 2, size.height() // 2),
            ]
            pos = candidates[-1]
            for c in candidates[:-1]:
                box = QRect(c, size)
                if area.contains(box) and not any(box.intersects(r) for r in rects):
                    pos = c
                    break
            else:  # no free side: inside the first area's top-left, kept on screen
                pos = QPoint(first.left() + gap, first.top() + gap)
        pos.setX(max(area.left(), min(pos.x(), area.right() - size.width())))
        pos.setY(max(area.top(), min(pos.y(), area.bottom() - size.height())))
        self.callout.move(pos)
        self.callout.raise_()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        shade = QPainterPath()
        shade.addRect(self.rect())
        holes = QPainterPath()
        for r in self.target_rects():
            holes.addRoundedRect(r, 6, 6)
        painter.fillPath(shade.subtracted(holes), QColor(0, 0, 0, 150))
        pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), 3)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for r in self.target_rects():
            painter.drawRoundedRect(r, 6, 6)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() in (QEvent.Type.Resize, QEvent.Type.LayoutRequest):
            QTimer.singleShot(0, self._follow_window)
        return False

    def _follow_window(self) -> None:
        if self.isVisible():
            self.setGeometry(self._window.rect())
            self._place_callout()
            self.update()

    # -- user actions -----------------------------------------------------------------------------------
    def mousePressEvent(self, event: object) -> None:
        pass  # clicks outside the callout do nothing while the tour runs

    def _on_next_button_clicked(self) -> None:
        if self.index >= len(TOUR_STEPS) - 1:
            self._end(True)
        else:
            self.show_step(self.index + 1)

    def _on_back_button_clicked(self) -> None:
        if self.index > 0:
            self.show_step(self.index - 1)

    def _on_skip_button_clicked(self) -> None:
        self._end(False)

    def _end(self, completed: bool) -> None:
        self._window.removeEventFilter(self)
        self.hide()
        self.finished.emit(completed)
        self.deleteLater()


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
    if context.analysis.ready:  # installed after the first analysis: look now (after the same delay)
        help_ctl._on_service_analysed(None)
    return help_ctl
