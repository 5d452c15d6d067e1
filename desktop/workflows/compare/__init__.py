"""Compare pitches: Pitch ▸ Compare pitches…, Add current pitch to compare, Duplicate as variant…

``entries`` holds the compare set, ``table_model`` its numbers side by side, ``variant_dialog`` the one
change that makes a variant, ``window`` the window; the viability map is a chart
(:mod:`desktop.charts.viability_map`).
"""

from __future__ import annotations

from core.compare import ChangeKind, VariantChange
from core.pitch_io import load_pitch_bytes
from core.resources import read_example
from desktop.workflow import Shot, WindowOwner, WorkflowContext
from desktop.workflows.compare.window import CompareWindow

SCREENSHOT_EXAMPLES = (
    "agentic-coding-flash.pitch.json",
    "agentic-coding-sonnet-4-6.pitch.json",
    "agentic-coding-gpt4-2023.pitch.json",
    "default.pitch.json",
)


class Compare(WindowOwner):
    """The compare window (made on first use) and its menu actions."""

    def __init__(self, context: WorkflowContext) -> None:
        super().__init__(context, "compare", lambda: CompareWindow(context))

    def add_current(self) -> None:
        self.show().add_current()

    def duplicate_as_variant(self) -> None:
        w = self.show()
        w.duplicate_as_variant(w.add_current())

    def show_screenshot(self) -> Shot:
        """The ``compare`` screenshot: the three agentic-coding examples, the default pitch and one variant."""
        w: CompareWindow = self.window
        for name in SCREENSHOT_EXAMPLES:
            w.add_pitch(load_pitch_bytes(read_example(name), source=name), origin=f"example {name}")
        w.duplicate_as_variant(w.entries[-1], VariantChange(ChangeKind.PRICE, 19.99))
        w.table.clearSelection()
        return Shot(w, settled=lambda: not w.simulating, changed=(w.simulations_done,))


def install(context: WorkflowContext) -> Compare:
    """Pitch ▸ Compare pitches…, Add current pitch to compare, Duplicate as variant…; the ``compare`` view."""
    compare = Compare(context)
    menus = context.menus
    for text, slot, tip, separator in (
        ("&Compare pitches…", compare.show, "Open the comparison window", True),
        ("Add current pitch to c&ompare", compare.add_current, "Add this pitch to the comparison", False),
        (
            "Duplicate as &variant…",
            compare.duplicate_as_variant,
            "Compare this pitch with a copy that has one change",
            False,
        ),
    ):
        menus.add("&Pitch", menus.action(text, slot, tip=tip), separator=separator)
    context.views.register("compare", compare.show_screenshot)
    return compare
