"""Presentation mode (F11): the verdict, the projection and what-if sliders, full screen, for a room.

``deck`` holds the slides and the model tiers, ``window`` the full-screen window.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSize

from desktop.workflow import Shot, WorkflowContext, bring_to_front
from desktop.workflows.presentation.window import PresentationWindow


class Presentation(QObject):
    """Makes the presentation window on first use; hides it when the app closes."""

    def __init__(self, context: WorkflowContext) -> None:
        super().__init__(context.host)
        self.setObjectName("presentation")
        self._context = context
        self._window: PresentationWindow | None = None
        context.closing.connect(self._on_app_closing)

    @property
    def window(self) -> PresentationWindow:
        if self._window is None:
            w = PresentationWindow(self._context)
            w.on_leave = self._back_to_main
            self._window = w
        return self._window

    def start(self, size: QSize | None = None) -> PresentationWindow:
        w = self.window
        w.start(size, screen_of=self._context.host)
        return w

    def _back_to_main(self) -> None:
        bring_to_front(self._context.host)

    def _on_app_closing(self) -> None:
        if self._window is not None:
            self._window.hide()

    def show_screenshot(self) -> Shot:
        return Shot(self.start(self._context.host.size()))


def install(context: WorkflowContext) -> Presentation:
    """View > Presentation mode (F11) and the screenshot view ``presentation``."""
    presentation = Presentation(context)
    action = context.menus.action(
        "&Presentation mode",
        presentation.start,
        tip="Full screen, high contrast: the verdict, the curve and what-if sliders for a room",
        shortcut="F11",
    )
    context.menus.add("&View", action, separator=True)
    context.views.register("presentation", presentation.show_screenshot)
    return presentation
