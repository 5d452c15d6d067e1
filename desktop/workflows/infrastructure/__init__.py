"""Self-hosted deployments: the pitch's infrastructure, from a GPU-hour to a price per token.

``install(context)`` adds *Pitch ▸ Infrastructure…* (Ctrl+Shift+I) and the screenshot view
``infrastructure``. Other parts of the app open the window without importing this package: trigger the
window's action named ``infrastructureAction`` (``window.findChild(QAction, "infrastructureAction")``),
optionally after ``action.setData(deployment_id)`` to select that deployment (the data is cleared once
read), or show the view ``infrastructure`` through the view registry.
"""

from __future__ import annotations

from PySide6.QtGui import QAction

from desktop.workflow import Shot, WindowOwner, WorkflowContext
from desktop.workflows.infrastructure.window import InfrastructureWindow

SHORTCUT = "Ctrl+Shift+I"
ACTION_NAME = "infrastructureAction"


class Infrastructure(WindowOwner):
    """Owns the infrastructure window (made on first use) and the action that opens it."""

    def __init__(self, context: WorkflowContext) -> None:
        super().__init__(context, "infrastructure", lambda: InfrastructureWindow(context))
        self.action: QAction | None = None

    def open(self, dep_id: str | None = None) -> InfrastructureWindow:
        """Show the window, on deployment ``dep_id`` when given."""
        window: InfrastructureWindow = self.window
        if dep_id is not None:
            window.show_deployment(dep_id)
        self.show()
        return window

    def _on_action_triggered(self) -> None:
        dep_id = None
        if self.action is not None:
            data = self.action.data()
            dep_id = data if isinstance(data, str) and data else None
            self.action.setData(None)
        self.open(dep_id)

    def show_screenshot(self) -> Shot:
        window = self.open()
        service = self.context.analysis
        return Shot(window, settled=lambda: service.model_ids is not None, changed=(service.catalog_ready,))


def install(context: WorkflowContext) -> Infrastructure:
    """*Pitch ▸ Infrastructure…* (Ctrl+Shift+I) and the screenshot view ``infrastructure``."""
    owner = Infrastructure(context)
    owner.action = context.menus.action(
        "&Infrastructure…",
        owner._on_action_triggered,
        tip="The pitch's self-hosted deployments: GPU-hour, utilisation, throughput, and their price per token",
        shortcut=SHORTCUT,
        name=ACTION_NAME,
    )
    context.menus.add("&Pitch", owner.action, separator=True)
    context.views.register("infrastructure", owner.show_screenshot)
    return owner
