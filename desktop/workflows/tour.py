"""The first-run tour: seven steps through the default window, each pointing at one area of it.

Each step dims the window except the areas it names, outlines them, and shows a callout with a short plain
explanation and Back / Next / Skip. The tour points at parts of the main window by name
(``context.area("verdict")``): it never sees the main window itself. :mod:`desktop.workflows.help` starts it
(Help > Take the tour, and once by itself on a first run).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from desktop.field_widgets import caption_label, section_label
from desktop.safety import plain_label
from desktop.theme import scaled_font
from desktop.workflow import WorkflowContext


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
                # kept on screen first: an area at the window's edge (the verdict, when the docks are at the
                # right) still has room below it
                c = QPoint(max(area.left(), min(c.x(), area.right() - size.width())), c.y())
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
