"""The compare set: the pitches being compared, each with its analysis from the analysis service."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from core.analysis import Analysis
from core.compare import CompareFigures, compare_figures
from core.pitch import Pitch
from core.uncertainty import UncertaintyResult
from desktop.error_words import analysis_problems


@dataclass(eq=False)
class CompareEntry:
    """One pitch in the comparison: its value, where it came from, and its analysis.

    ``key`` identifies it to the analysis service, whose Monte Carlo for it arrives later.
    """

    key: int
    name: str
    origin: str  # "current pitch", a file path, "variant of …: …"
    pitch: Pitch | None  # None: a file that could not be read
    path: Path | None = None
    analysis: Analysis | None = None
    error: str = ""  # why it has no numbers, in the user's words

    def show_analysis(self, analysis: Analysis) -> None:
        """Take ``analysis`` (the point values, then the same with its Monte Carlo)."""
        self.analysis = analysis
        self.error = "; ".join(analysis_problems(analysis)) if not analysis.ok else ""

    @property
    def uncertainty(self) -> UncertaintyResult | None:
        return self.analysis.uncertainty if self.analysis is not None else None

    @property
    def figures(self) -> CompareFigures | None:
        a = self.analysis
        if a is None or a.evaluation is None:
            return None
        return compare_figures(a.evaluation, a.uncertainty)
