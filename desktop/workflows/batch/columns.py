"""The batch table's column widths: every column on screen at 1366 px when it can be, text elided before that.

Each column has a preferred width (a typical cell: ``cells.WIDTH_SAMPLES``) and, for the text columns, a
smaller one it may shrink to (``SHRINK_SAMPLES``); numbers, dates and verdicts never shrink. When the
preferred widths do not fit the table, the text columns give up their room in proportion to what they can
spare, down to their smallest; only then does the table scroll sideways. A cut text is elided in the middle
(a file's or a memo's name differs in its tail as often as in its head) and its tooltip has it whole.
"""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtGui import QFont, QFontMetrics

from core.scoring import SCORE_COLUMNS
from desktop.workflows.batch.cells import TITLES, WIDTH_SAMPLES
from desktop.workflows.column_fit import fit_widths

PADDING = 18  # a cell's margins
ICON = 22  # the columns that may show an icon before their text
# The text columns and the narrowest each may become (the rest keep their preferred width).
SHRINK_SAMPLES = {
    "file": "x" * 8,
    "name": "x" * 10,
    "scenario": "seed-rule",
    "catalog_version": "genai",
    "arrival_latest": "Aug 2026 (passed)",
    "warnings": "x" * 10,
    "error": "x" * 9,
}
ICON_COLUMNS = frozenset({"name", "warnings"})


def column_widths(
    font: QFont, room: int, hidden: Collection[str] = (), empty: Collection[str] = ()
) -> list[int]:
    """The widths of ``SCORE_COLUMNS`` in a table ``room`` pixels wide drawn in ``font`` (0 for a ``hidden``
    column; an ``empty`` one, such as Error when every memo was scored, as wide as its title). The verdict's
    words are bold (``cells.ScoreTable``): measured so."""
    fm = QFontMetrics(font)
    bold = QFont(font)
    bold.setBold(True)
    preferred, smallest = [], []
    for name in SCORE_COLUMNS:
        if name in hidden:
            preferred.append(0)
            smallest.append(0)
            continue
        title = max((fm.horizontalAdvance(t) for t in TITLES[name].split("\n")), default=0)
        pad = PADDING + (ICON if name in ICON_COLUMNS else 0)
        sample = (QFontMetrics(bold) if name == "verdict" else fm).horizontalAdvance(WIDTH_SAMPLES[name])
        want = title + PADDING if name in empty else max(title + PADDING, sample + pad)
        least = fm.horizontalAdvance(SHRINK_SAMPLES[name]) + pad if name in SHRINK_SAMPLES else want
        preferred.append(want)
        smallest.append(min(want, least))
    return fit_widths(preferred, smallest, room)
