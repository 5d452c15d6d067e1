"""Score a folder of memos (File ▸ Score a folder of memos…, Ctrl+Shift+O).

``cells`` makes the table's cells, ``window`` is the window.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from desktop.workflow import Shot, WindowOwner, WorkflowContext
from desktop.workflows.batch.window import BatchWindow


def examples_folder() -> Path:
    """The shipped example memos (the ``batch`` screenshot scores these and nothing else)."""
    return Path(str(resources.files("resources").joinpath("examples")))


class Batch(WindowOwner):
    """The batch window (made on first use) and its File menu action."""

    def __init__(self, context: WorkflowContext) -> None:
        super().__init__(context, "batch", lambda: BatchWindow(context))

    def score_folder(self) -> None:
        """File ▸ Score a folder of memos…: the window, then the folder to score (cancel: an empty window)."""
        self.show().open_folder_dialog()

    def show_screenshot(self) -> Shot:
        """The ``batch`` screenshot: resources/examples scored."""
        w: BatchWindow = self.window
        w.score([examples_folder()])
        return Shot(w, settled=lambda: not w.running, changed=(w.scoring_finished,))


def install(context: WorkflowContext) -> Batch:
    """File ▸ Score a folder of memos… (Ctrl+Shift+O) and the ``batch`` screenshot view."""
    batch = Batch(context)
    action = context.menus.action(
        "Score a &folder of memos…",
        batch.score_folder,
        tip="Score every memo in a folder on one date and scenario; export the CSV",
        shortcut="Ctrl+Shift+O",
    )
    context.menus.add("&File", action, before_quit=True)
    context.views.register("batch", batch.show_screenshot)
    return batch
