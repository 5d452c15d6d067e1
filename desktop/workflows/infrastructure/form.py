"""One deployment's figures, every field from the field registry, every edit one named undo step.

The numeric fields are the registry's (``core.pitch.FIELDS``: the deployment's own, its ownership's, its
components'): label, unit, caption, tooltip, bounds and undo wording. Which GPU-hour fields are shown follows
how the deployment prices its GPU-hour (a quoted price, ownership or components); choosing another way asks
for the new figures first (:class:`~desktop.workflows.infrastructure.dialogs.FiguresDialog`), with the
current GPU-hour filled in for a quoted price so the cost does not jump. A value the model refuses is shown
in red under its field, in the field's units, and the document is left as it was.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from core.deployments import deployment_costs
from core.fields import FieldSpec, Group
from core.infrastructure import BASIS_WORDS
from core.pitch import FIELDS, MAX_NAME, Deployment, Pitch, with_changes
from desktop.document import PitchDocument
from desktop.field_widgets import (
    NumberField,
    align_units,
    caption_label,
    error_label,
    field_reason,
    make_form,
    row_label,
    section_label,
    set_error_style,
    validation_reason,
)
from desktop.safety import plain_tooltip

BASES = ("rental", "ownership", "components")
BASIS_LABELS = {
    "rental": "A quoted price",
    "ownership": "Total cost of ownership",
    "components": "Components",
}
# Where each numeric field lives in a deployment: (sub-object or None, key).
COMMON = tuple(
    (None, k) for k in ("utilisation", "input_tokens_per_second_per_gpu", "output_tokens_per_second_per_gpu")
)
BASIS_FIELDS: dict[str, tuple[tuple[str | None, str], ...]] = {
    "rental": ((None, "gpu_hour_usd"),),
    "ownership": tuple(("ownership", k) for k in FIELDS[Group.OWNERSHIP]),
    "components": tuple(("components", k) for k in FIELDS[Group.COMPONENTS]),
}
GROUPS = {None: Group.DEPLOYMENT, "ownership": Group.OWNERSHIP, "components": Group.COMPONENTS}
TEXTS = {
    "name": (
        "Name",
        "The deployment's name, as the blocks and the chain call it.\nExample: 100 x H100, owned.",
    ),
    "gpu": ("GPU", "The GPU it runs on.\nExample: H100 SXM (the seed essay's fleet)."),
    "source": (
        "Source",
        "Where its figures come from, with their dates (every built-in number shows its source).\n"
        "Example: a preset's source names the GPU-hour survey and the throughput measurement.",
    ),
}


def spec_of(sub: str | None, key: str) -> FieldSpec:
    return FIELDS.spec(GROUPS[sub], key)


def basis_of(d: Deployment) -> str:
    return (
        "rental" if d.gpu_hour_usd is not None else "ownership" if d.ownership is not None else "components"
    )


def with_deployment_replaced(pitch: Pitch, dep: Deployment) -> Pitch:
    """``pitch`` with its deployment of the same id replaced by ``dep`` (validated)."""
    deps = tuple(dep if d.id == dep.id else d for d in pitch.deployments)
    return with_changes(pitch, deployments=deps)


class DeploymentForm(QWidget):
    """Edits one deployment of the document (by id); shows nothing when there is none."""

    basis_requested = Signal(str, str)  # deployment id, the basis chosen (the window asks for its figures)

    def __init__(self, document: PitchDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._dep_id: str | None = None
        self._shown: dict[str, str] = {}
        form = make_form(self)
        self._form = form
        self.texts: dict[str, QLineEdit] = {}
        self.text_errors: dict[str, QLabel] = {}
        for key, (label, tip) in TEXTS.items():
            edit = QLineEdit()
            edit.setMaxLength(MAX_NAME if key != "gpu" else 200)
            edit.setToolTip(plain_tooltip(tip))
            edit.setAccessibleName(label)
            edit.editingFinished.connect(partial(self._on_text_editing_finished, key))
            error = error_label()
            self.texts[key] = edit
            self.text_errors[key] = error
            if key == "source":
                continue  # at the end, under the figures it is the source of
            self._add(label, edit, tip)
            form.addRow(error)

        form.addRow(section_label("GPU-hour"))
        self.basis_combo = QComboBox()
        for basis in BASES:
            self.basis_combo.addItem(BASIS_LABELS[basis], basis)
        self.basis_combo.setToolTip(
            plain_tooltip(
                "How the cost of one GPU-hour is worked out (docs/contract.md 6.2):\n"
                "a quoted price: a rental or quoted $/GPU-hour;\n"
                "total cost of ownership: what a fleet costs over its years, divided by its GPU-hours (the "
                "seed essay's form);\n"
                "components: capex with interest over years, power x PUE x electricity, facility, operations.\n"
                "Choosing another asks for its figures."
            )
        )
        self.basis_combo.activated.connect(self._on_basis_combo_activated)
        self._add("Priced from", self.basis_combo, self.basis_combo.toolTip())
        self.fields: dict[tuple[str | None, str], NumberField] = {}
        self._rows: dict[tuple[str | None, str], QLabel] = {}
        for basis in BASES:
            for where in BASIS_FIELDS[basis]:
                self._add_number(where)
        form.addRow(section_label("Serving"))
        for where in COMMON:
            self._add_number(where)
        align_units(self.fields.values())
        label, tip = TEXTS["source"]
        self._add(label, self.texts["source"], tip)
        form.addRow(self.text_errors["source"])
        self.note = caption_label(
            "Every figure is the pitch's own copy: a preset's numbers, once added, are edited here and saved "
            "with the pitch (a memo scores the same everywhere)."
        )
        form.addRow(self.note)

    # -- construction -------------------------------------------------------------------------------
    def _add(self, text: str, field: QWidget, tooltip: str = "") -> QLabel:
        label = row_label(text, tooltip=tooltip, line_height=self.texts["name"].sizeHint().height())
        label.setBuddy(field)
        self._form.addRow(label, field)
        return label

    def _add_number(self, where: tuple[str | None, str]) -> None:
        spec = spec_of(*where)
        optional = spec.default is None and not spec.required
        field = NumberField(
            unit=spec.unit,
            caption=spec.caption,
            tooltip=spec.tooltip,
            scale=spec.display_scale,
            allow_empty=optional,
        )
        field.setObjectName(".".join(p for p in where if p))
        field.edit.setAccessibleName(spec.label)
        field.committed.connect(partial(self._on_field_committed, where))
        self.fields[where] = field
        self._rows[where] = self._add(spec.label, field, spec.tooltip)
        self._rows[where].setBuddy(field.edit)

    # -- drawing (model -> view) --------------------------------------------------------------------
    @property
    def deployment_id(self) -> str | None:
        return self._dep_id

    def current(self) -> Deployment | None:
        if self._dep_id is None:
            return None
        return next((d for d in self._document.pitch.deployments if d.id == self._dep_id), None)

    def show_deployment(self, dep_id: str | None) -> None:
        """Edit the deployment ``dep_id`` of the document's pitch (None: nothing to edit)."""
        self._dep_id = dep_id
        self.draw()

    def draw(self) -> None:
        d = self.current()
        self.setEnabled(d is not None)
        if d is None:
            for edit in self.texts.values():
                with QSignalBlocker(edit):
                    edit.clear()
            for field in self.fields.values():
                field.set_value(None)
            return
        for key, edit in self.texts.items():
            text = str(getattr(d, key))
            if edit.text() != text and not (edit.hasFocus() and self.text_errors[key].isVisible()):
                with QSignalBlocker(edit):
                    edit.setText(text)
                    edit.setCursorPosition(0)
            self._shown[key] = text
            if self.text_errors[key].isVisible() and edit.text() == text:
                self._hide_text_error(key)
        basis = basis_of(d)
        with QSignalBlocker(self.basis_combo):
            self.basis_combo.setCurrentIndex(BASES.index(basis))
        for b in BASES:
            for where in BASIS_FIELDS[b]:
                self._form.setRowVisible(self._rows[where], b == basis)
        for where, field in self.fields.items():
            sub, key = where
            holder = getattr(d, sub) if sub else d
            if holder is None:
                continue
            value = getattr(holder, key)
            field.set_value(None if value is None else float(value))
            spec = spec_of(sub, key)
            if value is None:
                field.set_placeholder("optional")
            elif spec.default is not None:
                field.set_placeholder("")

    # -- user actions (view -> edits) ---------------------------------------------------------------
    def _edit(self, new_dep: Deployment, text: str) -> bool:
        return self._document.edit(with_deployment_replaced(self._document.pitch, new_dep), text)

    def _on_field_committed(self, where: tuple[str | None, str], value: float | None) -> None:
        d = self.current()
        if d is None:
            return
        sub, key = where
        spec = spec_of(sub, key)
        field = self.fields[where]
        data: dict[str, Any] = d.model_dump(mode="python")
        holder = data[sub] if sub else data
        holder[key] = value
        try:
            new_dep = Deployment.model_validate(data)
        except ValidationError as exc:
            field.show_error(field_reason(exc, field, spec, in_range=False))
            return
        verb = "Clear" if value is None else "Change"
        if not self._edit(new_dep, f"{verb} {spec.noun} of {d.name}"):
            self.draw()  # the same value typed differently ("1850" for "1,850"): shown as the model has it

    def _on_text_editing_finished(self, key: str) -> None:
        d = self.current()
        if d is None:
            return
        edit = self.texts[key]
        text = edit.text().strip()
        if text == self._shown.get(key):
            self._hide_text_error(key)
            return
        try:
            new_dep = with_changes(d, **{key: text})
        except ValidationError as exc:
            self.text_errors[key].setText(validation_reason(exc))
            self.text_errors[key].setVisible(True)
            set_error_style(edit, True)
            return
        self._hide_text_error(key)
        words = {
            "name": f"Rename deployment {d.name} to {text}",
            "gpu": f"Change GPU of {d.name}",
            "source": f"Change source of {d.name}",
        }
        self._edit(new_dep, words[key])

    def _hide_text_error(self, key: str) -> None:
        self.text_errors[key].setVisible(False)
        set_error_style(self.texts[key], False)

    def _on_basis_combo_activated(self, index: int) -> None:
        d = self.current()
        basis = self.basis_combo.itemData(index)
        if d is None or basis == basis_of(d):
            return
        with QSignalBlocker(self.basis_combo):  # shown as it is until the new figures are given
            self.basis_combo.setCurrentIndex(BASES.index(basis_of(d)))
        self.basis_requested.emit(d.id, basis)


def rebased(d: Deployment, basis: str, figures: dict[str, float | None]) -> Deployment:
    """``d`` with its GPU-hour priced from ``basis`` with ``figures`` (keys as in :data:`BASIS_FIELDS`:
    ``gpu_hour_usd``, ``ownership.gpus``...). Raises ValidationError when the model refuses them."""
    data: dict[str, Any] = d.model_dump(mode="python")
    data["gpu_hour_usd"] = data["ownership"] = data["components"] = None
    if basis == "rental":
        data["gpu_hour_usd"] = figures.get("gpu_hour_usd")
    else:
        data[basis] = {k.split(".", 1)[1]: v for k, v in figures.items() if v is not None}
    return Deployment.model_validate(data)


def basis_prefill(d: Deployment, basis: str) -> dict[str, float]:
    """What a switch to ``basis`` starts from: the current GPU-hour for a quoted price (the cost does not
    jump); nothing for ownership or components, whose figures only the user knows."""
    if basis == "rental":
        return {"gpu_hour_usd": deployment_costs(d).gpu_hour_usd}
    return {}


def basis_undo_text(d: Deployment, basis: str) -> str:
    return f"Price the GPU-hour of {d.name} from {BASIS_WORDS[basis]}"


def figure_specs(basis: str) -> list[tuple[str, FieldSpec]]:
    """The figures a switch to ``basis`` asks for: (key, spec), the required ones and the optional ones."""
    return [(".".join(p for p in where if p), spec_of(*where)) for where in BASIS_FIELDS[basis]]


__all__ = [
    "BASES",
    "DeploymentForm",
    "basis_of",
    "basis_prefill",
    "figure_specs",
    "rebased",
    "with_deployment_replaced",
]
