"""The chain of one deployment: GPU-hour -> paid hour at utilisation -> $ per million tokens in and out.

Each step is :func:`core.infrastructure.deployment_chain`'s: its number (large), how it is worked out, and
where its inputs come from; the deployment's source closes the chain. Every text is plain.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from core.infrastructure import ChainStep
from desktop.field_widgets import caption_label
from desktop.safety import plain_label, plain_tooltip, set_plain
from desktop.theme import scaled_font

ARROW = "→"


class ChainPanel(QWidget):
    """Draws a deployment's chain, one row per step, and its source."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chainPanel")
        self.title = plain_label()
        self.title.setFont(scaled_font(self.font(), 1.1, bold=True))
        self.title.setWordWrap(True)
        self._grid = QGridLayout()
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(10)
        self._grid.setVerticalSpacing(1)
        self._grid.setColumnStretch(2, 1)
        self.rows: list[tuple[QLabel, QLabel, QLabel]] = []
        self.source = caption_label()
        self.source.setObjectName("chainSource")
        self.source.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addLayout(self._grid)
        layout.addWidget(self.source)
        self._steps: tuple[ChainStep, ...] = ()

    def show_chain(self, title: str, steps: Sequence[ChainStep], source: str) -> None:
        """Draw ``steps`` under ``title``; ``source`` closes it (empty steps: only the title, as a message)."""
        self._steps = tuple(steps)
        set_plain(self.title, title)
        while len(self.rows) < len(steps):
            i = len(self.rows)
            label = plain_label()
            label.setFont(scaled_font(self.font(), 1.0, bold=True))
            value = plain_label()
            value.setFont(scaled_font(self.font(), 1.15, bold=True))
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            how = caption_label()
            self._grid.addWidget(label, i, 0, Qt.AlignmentFlag.AlignVCenter)
            self._grid.addWidget(value, i, 1)
            self._grid.addWidget(how, i, 2, Qt.AlignmentFlag.AlignVCenter)
            self.rows.append((label, value, how))
        for i, (label, value, how) in enumerate(self.rows):
            shown = i < len(steps)
            for w in (label, value, how):
                w.setVisible(shown)
            if not shown:
                continue
            step = steps[i]
            first = i == 0 or steps[i - 1].key in ("capital", "power", "facility")
            arrow = (
                "" if first or step.key in ("gpu_share", "facility", "operations", "power") else f"{ARROW} "
            )
            set_plain(label, f"{arrow}{step.label}")
            set_plain(value, step.text)
            set_plain(how, f"= {step.how}")
            tip = plain_tooltip(f"{step.label}: {step.text}\n= {step.how}\nFrom: {step.source}")
            for w in (label, value, how):
                w.setToolTip(tip)
        set_plain(self.source, f"Source: {source}" if source else "")
        self.source.setVisible(bool(source))

    @property
    def steps(self) -> tuple[ChainStep, ...]:
        return self._steps
