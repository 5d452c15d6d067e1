"""Adding a deployment from a preset, and the figures a change of GPU-hour basis needs.

:class:`PresetDialog` lists every built-in preset (``core.presets.deployment_presets``) with its GPU, basis,
publisher, date and GPU-hour, and shows the selected one's whole source. A preset with no published
throughput for its GPU asks for it (``Preset.needs_throughput``) and is refused until it is given: a figure
is never invented. :class:`FiguresDialog` asks for the figures of a new GPU-hour basis (ownership or
components), each field from the registry. Both refuse a bad value inline, naming the field and the value,
and leave the pitch alone until OK.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.errors import PitchError
from core.fields import FieldSpec, Group
from core.formatting import format_money
from core.pitch import FIELDS, Deployment
from core.presets import THROUGHPUT_FIELDS, Preset, deployment_presets
from desktop.field_widgets import (
    NumberField,
    align_units,
    caption_label,
    error_label,
    field_reason,
    parse_number,
    row_label,
    section_label,
    sentence,
)
from desktop.safety import plain_label, plain_tooltip, set_plain

PRESET_COLUMNS = ("GPU", "GPU-hour from", "Published by", "Date", "$ / GPU-hour", "Throughput")
BASIS_SHORT = {
    "seed-ownership": "owned, 5-year total cost",
    "hyperscaler-owned": "hyperscaler-owned TCO",
    "neocloud-owned": "neocloud-owned TCO",
    "rental-3yr": "3-year rental",
    "on-demand": "on demand",
}


def _publisher(p: Preset) -> str:
    """``SemiAnalysis``: the title's publisher part (the preset's title is core's)."""
    parts = p.title.split(" · ")
    return parts[2].rsplit(",", 1)[0] if len(parts) > 2 else p.gpu_hour.source.split(",")[0]


def _figures(fields: dict[str, NumberField]) -> tuple[dict[str, float | None], str | None]:
    """Each field's value (None when empty), or the key of the first field whose text is not a number."""
    values: dict[str, float | None] = {}
    for key, field in fields.items():
        text = field.edit.text().strip()
        if not text:
            values[key] = None
            continue
        try:
            values[key] = parse_number(text) / field.scale
        except ValueError as exc:
            field.show_error(sentence(str(exc)))
            return values, key
    return values, None


def _number_field(spec: FieldSpec, *, placeholder: str = "", value: float | None = None) -> NumberField:
    field = NumberField(
        unit=spec.unit, caption=spec.caption, tooltip=spec.tooltip, scale=spec.display_scale, allow_empty=True
    )
    field.setObjectName(spec.key)
    field.edit.setAccessibleName(spec.label)
    field.set_value(value)
    field.set_placeholder(placeholder)
    return field


class PresetDialog(QDialog):
    """Choose a preset to copy into the pitch; give the throughput where none is published."""

    def __init__(self, parent: QWidget | None = None, presets: Sequence[Preset] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("presetDialog")
        self.setWindowTitle("Add a deployment from a preset")
        self.presets = tuple(presets if presets is not None else deployment_presets())
        self.deployment: Deployment | None = None
        intro = plain_label(
            "Each preset is a published GPU-hour figure with its source and date, and a published throughput "
            "where one exists. It is copied into the pitch: edit its figures afterwards (utilisation is 70%, "
            "the seed's C9 reading: an assumption to set)."
        )
        intro.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("presetTree")
        self.tree.setColumnCount(len(PRESET_COLUMNS))
        self.tree.setHeaderLabels(list(PRESET_COLUMNS))
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        for p in self.presets:
            throughput = "published" if not p.needs_throughput else "give your own"
            if p.throughput is not None and p.throughput.vendor_claim:
                throughput = "published (vendor claim)"
            item = QTreeWidgetItem(
                [
                    p.gpu,
                    BASIS_SHORT.get(p.basis, p.basis),
                    _publisher(p),
                    p.date.isoformat(),
                    format_money(p.gpu_hour_usd),
                    throughput,
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, p.key)
            item.setTextAlignment(4, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setToolTip(0, plain_tooltip(p.title))
            self.tree.addTopLevelItem(item)
        self.tree.currentItemChanged.connect(self._on_tree_current_item_changed)
        self.tree.itemDoubleClicked.connect(self._on_tree_item_double_clicked)
        self.source = caption_label()
        self.source.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.source.setObjectName("presetSource")
        self.throughput_box = QWidget()
        form = QFormLayout(self.throughput_box)
        form.setContentsMargins(0, 0, 0, 0)
        self.throughput_note = caption_label()
        form.addRow(self.throughput_note)
        self.fields: dict[str, NumberField] = {}
        for key in THROUGHPUT_FIELDS:
            spec = FIELDS.spec(Group.DEPLOYMENT, key)
            field = _number_field(spec)
            self.fields[key] = field
            form.addRow(row_label(spec.label, tooltip=spec.tooltip), field)
        align_units(self.fields.values())
        self.price_all = QCheckBox("Price every block of the pitch from it")
        self.price_all.setToolTip(
            plain_tooltip(
                "Also switch every block to this deployment, in the same undo step.\n"
                "A block keeps only the prices a deployment leaves to it (cached input, cache writes, "
                "reasoning).\nDefault: off (move blocks onto it later, in the Blocks list)."
            )
        )
        self.error = error_label()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Add")
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tree, 1)
        layout.addWidget(section_label("Source"))
        layout.addWidget(self.source)
        layout.addWidget(self.throughput_box)
        layout.addWidget(self.price_all)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(940, 620)
        if self.presets:
            self.tree.setCurrentItem(self.tree.topLevelItem(0))

    # -- model -> view ------------------------------------------------------------------------------
    def selected(self) -> Preset | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        key = item.data(0, Qt.ItemDataRole.UserRole)
        return next((p for p in self.presets if p.key == key), None)

    def select(self, key: str) -> None:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item.data(0, Qt.ItemDataRole.UserRole) == key:
                self.tree.setCurrentItem(item)
                return
        raise KeyError(key)

    def _show_preset(self, p: Preset | None) -> None:
        self.error.setVisible(False)
        if p is None:
            set_plain(self.source, "")
            self.throughput_box.setVisible(False)
            return
        set_plain(self.source, f"{p.title}\n{p.source}")
        needs = p.needs_throughput
        self.throughput_box.setVisible(bool(needs))
        for key, field in self.fields.items():
            field.clear_error()
            field.setEnabled(key in needs)
            field.set_value(None)
            published = getattr(p.throughput, key, None) if p.throughput is not None else None
            field.set_placeholder(
                "required" if key in needs else f"{published:,.12g} (published)" if published else ""
            )
        if needs:
            set_plain(
                self.throughput_note,
                f"No {' or '.join(k.split('_')[0] for k in needs)} throughput is published for {p.gpu}: give the "
                "tokens per second per GPU you measured for your model (nothing is invented).",
            )

    def _on_tree_current_item_changed(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        self._show_preset(self.selected() if current is not None else None)

    def _on_tree_item_double_clicked(self, _item: QTreeWidgetItem, _column: int) -> None:
        self._on_buttons_accepted()

    # -- user actions -------------------------------------------------------------------------------
    def _on_buttons_accepted(self) -> None:
        p = self.selected()
        if p is None:
            self.error.setText("Choose a preset first")
            self.error.setVisible(True)
            return
        values, bad = _figures(self.fields)
        if bad is not None:
            return
        given = {k: v for k, v in values.items() if k in p.needs_throughput}
        try:
            self.deployment = p.make_deployment(**given)
        except PitchError as exc:
            field = self.fields.get(exc.field)
            if field is not None:
                field.show_error(sentence(exc.message))
            else:
                self.error.setText(sentence(exc.message))
                self.error.setVisible(True)
            return
        self.accept()


class FiguresDialog(QDialog):
    """Ask for figures (each field from the registry) and build something from them; refused inline."""

    def __init__(
        self,
        title: str,
        intro: str,
        specs: Sequence[tuple[str, FieldSpec]],
        prefill: dict[str, float],
        build: Callable[[dict[str, float | None]], Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("figuresDialog")
        self.setWindowTitle(title)
        self._build = build
        self.result_value: Any = None
        text = plain_label(intro)
        text.setWordWrap(True)
        form = QFormLayout()
        self.fields: dict[str, NumberField] = {}
        for key, spec in specs:
            optional = not spec.required
            placeholder = "required" if spec.required else "optional" if spec.default is None else ""
            field = _number_field(spec, placeholder=placeholder, value=prefill.get(key))
            if spec.default is not None and key not in prefill:
                field.set_value(spec.default)
            field.setProperty("optional", optional)
            self.fields[key] = field
            field.committed.connect(partial(self._on_field_committed, key))
            form.addRow(row_label(spec.label, tooltip=spec.tooltip), field)
        align_units(self.fields.values())
        self.error = error_label()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(max(560, self.sizeHint().width()), self.sizeHint().height())

    def _on_field_committed(self, key: str, _value: object) -> None:
        self.fields[key].clear_error()

    def _on_buttons_accepted(self) -> None:
        values, bad = _figures(self.fields)
        if bad is not None:
            return
        missing = [k for k, v in values.items() if v is None and not self.fields[k].property("optional")]
        for key in missing:
            self.fields[key].show_error("A value is required")
        if missing:
            return
        try:
            self.result_value = self._build(values)
        except ValidationError as exc:
            loc = [str(p) for p in exc.errors()[0]["loc"]]
            key = next((k for k in self.fields if k.split(".")[-1] in loc), None)
            msg = str(exc.errors()[0]["msg"]).removeprefix("Value error, ")
            if msg.startswith("@"):
                path = msg[1:].partition(": ")[0]
                key = next((k for k in self.fields if k.split(".")[-1] == path.split(".")[-1]), key)
            if key is not None:
                field = self.fields[key]
                spec = FIELDS.for_path(key)
                field.show_error(field_reason(exc, field, spec, in_range=False) if spec else sentence(msg))
            else:
                self.error.setText(sentence(msg))
                self.error.setVisible(True)
            return
        self.accept()
