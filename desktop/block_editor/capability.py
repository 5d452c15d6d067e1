"""What a block needs (contract 6.3): a benchmark and a minimum score, and what that means on the pitch's date.

"needs: GPQA Diamond >= 70 → cheapest on 2026-11-26: google:gemini-... at $x / $y per M tokens". For a block
priced at the cheapest capable model, the model is the analysis's choice (``ResolvedPrice.capability``); for a
block that names its model, the cheapest capable one is the catalog's answer
(:meth:`core.catalog.PriceCatalog.cheapest_capable`), offered with one click, and the named model is warned
about when its score is below the requirement or unknown. When no model of that capability existed on the
date, it says so, with the best one known then.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QToolButton, QVBoxLayout, QWidget

from core import capability
from core.capability import benchmark_name
from core.errors import PitchError
from core.fields import Group
from core.formatting import format_money
from core.pitch import BENCHMARKS, FIELDS, FeatureBlock, Requirement
from core.prices import ResolvedPrice
from desktop.block_editor.host import EditorHost
from desktop.field_widgets import NumberField, caption_label, error_label, error_path, validation_reason
from desktop.safety import plain_label, plain_tooltip

NO_REQUIREMENT = "(no requirement)"
MIN_SCORE = FIELDS.spec(Group.REQUIRES, "min_score")
USE_TIP = (
    "Use the cheapest model that meets the requirement on the pitch's date, instead of this block's own.\n"
    "Example: a model scoring GPQA Diamond 72 at a tenth of the named model's price.\n"
    "Source: resources/capability.csv for the scores, the price catalog for the prices."
)
DEFAULT_MIN_SCORE = 50.0  # when neither the block's model nor any model of the date has a score to start from


def need_text(requires: Requirement) -> str:
    """``GPQA Diamond >= 70``."""
    return f"{benchmark_name(requires.benchmark)} >= {requires.min_score:g}"


def none_capable_text(requires: Requirement, day: str, as_of: Any) -> str:
    """Why no model meets ``requires`` on the date: none existed (with the best known), or none is priced."""
    released = capability.capable_models(requires.benchmark, requires.min_score, as_of)
    name = benchmark_name(requires.benchmark)
    if released:
        ids = ", ".join(r.model_id for r in released[:3]) + (", …" if len(released) > 3 else "")
        return f"models of this capability existed on {day} ({ids}) but none of them has a price then"
    top = capability.best_known(requires.benchmark, as_of)
    best = f"best known: {top.model_id}, {name} {top.score:g}" if top else f"no model with a {name} score yet"
    return f"no model of this capability existed on {day} ({best})"


class CapabilitySection:
    """The "Needs" rows: benchmark, minimum score, and what they mean on the pitch's date."""

    def __init__(self, host: EditorHost, add_row: Any, add_number_row: Any) -> None:
        self._host = host
        self._cheapest: str | None = None
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.benchmark_combo = QComboBox()
        self.benchmark_combo.addItem(NO_REQUIREMENT, None)
        for key, name in BENCHMARKS.items():
            self.benchmark_combo.addItem(name, key)
        self.benchmark_combo.setToolTip(
            plain_tooltip(
                "The capability this feature needs, as a minimum score on a public benchmark (contract 6.3).\n"
                "Example: GPQA Diamond >= 70 for expert-level answers; MMLU 86 is GPT-4's level (March 2023).\n"
                "Without a model, the block is priced at the cheapest model that meets it on the pitch's date; "
                "with a model, the editor warns when the model is below it.\n"
                "Scores and release dates: resources/capability.csv (sources in resources/CAPABILITY_SOURCES.md)."
                "\nDefault: no requirement."
            )
        )
        self.benchmark_combo.activated.connect(self._on_benchmark_combo_activated)
        layout.addWidget(self.benchmark_combo)
        self.needs_row = add_row("Needs", box)
        self.min_score: NumberField = add_number_row(MIN_SCORE)
        self.min_score.committed.connect(self._on_min_score_committed)

        status_box = QWidget()
        status = QVBoxLayout(status_box)
        status.setContentsMargins(0, 0, 0, 0)
        status.setSpacing(2)
        self.status = plain_label()
        self.status.setWordWrap(True)
        self.warning = plain_label()
        self.warning.setWordWrap(True)
        self.error = error_label()
        use_row = QHBoxLayout()
        use_row.setContentsMargins(0, 0, 0, 0)
        self.use_button = QToolButton()
        self.use_button.setToolTip(plain_tooltip(USE_TIP))
        self.use_button.clicked.connect(self._on_use_button_clicked)
        use_row.addWidget(self.use_button)
        use_row.addStretch(1)
        self.source = caption_label(
            "Scores and release dates: resources/capability.csv (each row cites its source)."
        )
        status.addWidget(self.status)
        status.addWidget(self.warning)
        status.addWidget(self.error)
        status.addLayout(use_row)
        status.addWidget(self.source)
        self.status_box = status_box

    @property
    def status_widget(self) -> QWidget:
        return self.status_box

    # -- drawing (model -> view) ------------------------------------------------------------------------------
    def draw(self, block: FeatureBlock, resolved: ResolvedPrice | None, problems: Mapping[str, str]) -> bool:
        """Draw ``block``'s requirement; returns whether the minimum score and status rows are shown."""
        requires = block.requires
        with QSignalBlocker(self.benchmark_combo):
            self.benchmark_combo.setCurrentIndex(
                0 if requires is None else self.benchmark_combo.findData(requires.benchmark)
            )
        self.min_score.set_value(requires.min_score if requires else None)
        self._cheapest = None
        self.warning.setText("")
        self.error.setText("")
        self.status.setText("")
        if requires is not None:
            self._draw_status(block, requires, resolved, problems)
        self.warning.setVisible(bool(self.warning.text()))
        self.error.setVisible(bool(self.error.text()))
        self.status.setVisible(bool(self.status.text()))
        self.use_button.setVisible(self._cheapest is not None)
        if self._cheapest is not None:
            self.use_button.setText(f"Use {self._cheapest}")
            self.use_button.setToolTip(
                plain_tooltip(
                    f"Price {block.name} at {self._cheapest}: one step, undone by Edit > Undo.\n{USE_TIP}"
                )
            )
        return requires is not None

    def _draw_status(
        self,
        block: FeatureBlock,
        requires: Requirement,
        resolved: ResolvedPrice | None,
        problems: Mapping[str, str],
    ) -> None:
        host = self._host
        as_of = host.as_of()
        day = as_of.isoformat()
        need = f"needs: {need_text(requires)}"
        by_capability = block.model is None and block.deployment is None and block.price is None
        if "requires" in problems:  # the analysis could not price the block: no capable model on the date
            self.status.setText(f"{need} → {none_capable_text(requires, day, as_of)}")
            self.error.setText(f"\u26a0 {problems['requires']}")
            return
        if by_capability and resolved is not None and resolved.capability is not None:
            choice = resolved.capability
            prices = f"{format_money(resolved.base.input_per_mtok)} / {format_money(resolved.base.output_per_mtok)}"
            score = (
                f" ({benchmark_name(choice.benchmark)} {choice.model_score:g})" if choice.model_score else ""
            )
            self.status.setText(
                f"{need} → cheapest on {day}: {resolved.model_id}{score} at {prices} per M tokens"
            )
            return
        if not host.catalog.is_loaded():
            self.status.setText(f"{need} → (loading the price catalog…)")
            return
        probe = block.model_copy(update={"model": None, "deployment": None, "price": None})
        try:
            choice, price = host.catalog.cheapest_capable(probe, as_of)
        except PitchError:
            own = "model" if block.model else ("deployment" if block.deployment else "typed prices")
            text = f"{need} → {none_capable_text(requires, day, as_of)}"
            if not by_capability and "model" not in problems and "deployment" not in problems:
                text += f"; this block's own {own} is priced, as your assumption"
            self.status.setText(text)
        else:
            fields = price.fields
            prices = f"{format_money(fields['input_per_mtok'])} / {format_money(fields['output_per_mtok'])}"
            score = (
                f" ({benchmark_name(choice.benchmark)} {choice.model_score:g})" if choice.model_score else ""
            )
            self.status.setText(
                f"{need} → cheapest on {day}: {price.model_id}{score} at {prices} per M tokens"
            )
            current = (
                resolved.model_id if resolved is not None else host.catalog.canonical_id(block.model or "")
            )
            if price.model_id != current:
                self._cheapest = price.model_id
        if block.model is not None:
            self.warning.setText(self._model_warning(block.model, requires, resolved))

    def _model_warning(self, model: str, requires: Requirement, resolved: ResolvedPrice | None) -> str:
        """A named model below the requirement, or with no published score (contract 6.3)."""
        name = benchmark_name(requires.benchmark)
        if resolved is not None and resolved.capability is not None:
            score = resolved.capability.model_score
        else:
            canonical = self._host.catalog.canonical_id(model) or model
            score = capability.score(canonical, requires.benchmark)
        if score is None:
            return (
                f"\u26a0 {model} has no published {name} score (resources/capability.csv): whether it meets "
                f"{need_text(requires)} is unknown."
            )
        if score < requires.min_score:
            return f"\u26a0 {model} scores {name} {score:g}, below the requirement {need_text(requires)}."
        return ""

    # -- user actions (view -> edits) --------------------------------------------------------------------------
    def _default_min_score(self, block: FeatureBlock, benchmark: str) -> float:
        """Where a new requirement starts: the block's model's own score (so it is met), else the best score
        of the date (rounded down), else 50."""
        if block.model is not None:
            canonical = (
                self._host.catalog.canonical_id(block.model) if self._host.catalog.is_loaded() else None
            )
            own = capability.score(canonical or block.model, benchmark)
            if own is not None:
                return own
        top = capability.best_known(benchmark, self._host.as_of())
        return float(math.floor(top.score)) if top else DEFAULT_MIN_SCORE

    def _edit(self, text: str, **changes: Any) -> None:
        host = self._host
        try:
            changed = host.edit(text, **changes)
        except ValidationError as exc:
            if error_path(exc).startswith("price."):
                reason = (
                    "This block is priced at the cheapest capable model: choose a model or explicit prices "
                    "before removing what it needs"
                )
            else:
                reason = validation_reason(exc)
            block = host.block()
            with QSignalBlocker(self.benchmark_combo):  # back to what the block has; the reason stays
                self.benchmark_combo.setCurrentIndex(
                    0
                    if block is None or block.requires is None
                    else self.benchmark_combo.findData(block.requires.benchmark)
                )
            self.error.setText(f"\u26a0 {reason}")
            self.error.setVisible(True)
            return
        if not changed:
            host.redraw()

    def _on_benchmark_combo_activated(self, index: int) -> None:
        block = self._host.block()
        if block is None:
            return
        key = self.benchmark_combo.itemData(index)
        if key is None:
            if block.requires is not None:
                self._edit(f"Remove the requirement of {block.name}", requires=None)
            return
        name = BENCHMARKS[key]
        if block.requires is None:
            score = self._default_min_score(block, key)
            self._edit(
                f"Require {name} >= {score:g} for {block.name}",
                requires=Requirement(benchmark=key, min_score=score),
            )
        elif block.requires.benchmark != key:
            requires = Requirement(benchmark=key, min_score=block.requires.min_score)
            self._edit(f"Change the benchmark of {block.name} to {name}", requires=requires)

    def _on_min_score_committed(self, value: float | None) -> None:
        block = self._host.block()
        if block is None or block.requires is None or value is None:
            return
        try:
            requires = Requirement(benchmark=block.requires.benchmark, min_score=value)
            changed = self._host.edit(MIN_SCORE.undo_text(block.name), requires=requires)
        except ValidationError as exc:
            self.min_score.show_error(validation_reason(exc, unit=MIN_SCORE.unit))
            return
        if not changed:
            self._host.redraw()

    def _on_use_button_clicked(self) -> None:
        block = self._host.block()
        if block is None or self._cheapest is None:
            return
        changes: dict[str, Any] = {"model": self._cheapest, "deployment": None}
        if block.model is None:
            changes["price"] = None  # the typed prices were this model's stand-in
        self._edit(f"Change model of {block.name}", **changes)
