"""What a section of the block editor may ask of the editor that holds it.

The editor is split into sections (the model and its prices, the capability a block needs, speech and images
in the units people think in). Each section draws what the document and the analysis say and turns a user
action into one edit of the selected block, through this narrow interface: a section knows neither the
other sections nor the main window.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol

from core.analysis import Analysis
from core.catalog import PriceCatalog
from core.pitch import FeatureBlock, Pitch


class EditorHost(Protocol):
    """The block editor, as its sections see it."""

    @property
    def catalog(self) -> PriceCatalog: ...

    @property
    def pitch(self) -> Pitch:
        """The document's pitch."""
        ...

    @property
    def index(self) -> int | None:
        """The edited block's index in the pitch."""
        ...

    def block(self) -> FeatureBlock | None:
        """The edited block, or None when none is selected."""
        ...

    def as_of(self) -> date:
        """The date the pitch is priced at."""
        ...

    def today(self) -> date:
        """Today's date as the analysis service means it (tests pin it)."""
        ...

    def analysis(self) -> Analysis | None:
        """The analysis of the document's pitch as it is now (None before the first one, or while stale)."""
        ...

    def edit(self, text: str, **changes: Any) -> bool:
        """One named undo step changing the edited block; raises pydantic's ValidationError when refused."""
        ...

    def redraw(self) -> None:
        """Draw the block again as the document has it (after an edit that changed nothing)."""
        ...
