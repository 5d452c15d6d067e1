"""Numeric fields that refuse bad input inline, with the reason, and never clamp.

A spin box silently clamps what it cannot hold (type 150 into a 0-100 box and it keeps 100): the user never
learns the value was refused. :class:`NumberField` is a line edit that parses what was typed, shows why it
was refused in red under the field, and leaves the document alone. Whether a number is valid is decided by
the pitch model (pydantic), not here: this module only turns text into a float and pydantic's complaint into
a sentence in the field's own units (a fraction shown as a percentage is refused as "at most 100%").

Direction rules (style.md's "two directions, never mixed"): ``set_value`` / ``set_range`` draw what the model says and block the field's
own signals; the ``_on_*`` handlers turn typing into a ``committed`` / ``range_committed`` request, which the
owning panel turns into a document edit.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping

from pydantic import ValidationError
from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QVBoxLayout,
    QWidget,
)

from core.fields import FieldSpec
from desktop.error_words import (
    sentence as sentence,  # re-exported: refusals as sentences, ids kept as written
)
from desktop.safety import plain_label, plain_tooltip

# The red of the "beyond" verdict band (desktop/theme.py): readable on light and dark backgrounds.
ERROR_COLOR = "#d23b3b"
FIELD_MIN_WIDTH = 76

_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")


def format_number(x: float) -> str:
    """A number as the user would type it: ``5,000``, ``0.14``, ``70``; float noise removed (12 digits)."""
    if not math.isfinite(x):
        return str(x)
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    text = f"{x:,.12g}"
    return text


def parse_number(text: str) -> float:
    """The float in ``text``; raises ValueError whose message is the reason, for a user to read.

    Accepts ``1e6``, ``1_000`` and ``5,000`` (thousands grouped by commas), a leading ``$`` and a trailing
    ``%`` (the unit is the field's, so the sign is only tolerated).
    """
    raw = text.strip()
    cleaned = raw.removeprefix("$").removesuffix("%").strip()
    if "," in cleaned:
        if not _GROUPED.fullmatch(cleaned):
            raise ValueError(f"{raw!r} is not a number (use a dot for decimals: 0.5)")
        cleaned = cleaned.replace(",", "")
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError(f"{raw!r} is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"must be a finite number, not {raw!r}")
    return value


_BOUNDS = {
    "greater_than_equal": ("ge", "at least"),
    "greater_than": ("gt", "above"),
    "less_than_equal": ("le", "at most"),
    "less_than": ("lt", "below"),
}


def with_unit(number: str, unit: str) -> str:
    """``70%``, ``5,000 tokens``: a number followed by its unit as the field shows it."""
    if not unit:
        return number
    return f"{number}{unit}" if unit[:1] in ("%", "×") else f"{number} {unit}"


def validation_reason(exc: ValidationError, *, scale: float = 1.0, unit: str = "") -> str:
    """The first problem pydantic found, as a sentence in the field's display units.

    Bounds come from the model's own error context (``le=1`` on a fraction shown in % reads "at most 100%"),
    so the model stays the single source of truth for validity. Model-level checks name their sub-field as
    ``@path: message``; the path is dropped because the message is shown under that field.
    """
    errors = exc.errors()
    if not errors:  # pragma: no cover - pydantic always reports at least one
        return str(exc)
    err = errors[0]
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind in _BOUNDS:
        key, words = _BOUNDS[kind]
        bound = float(ctx[key]) * scale
        return f"Must be {words} {with_unit(format_number(bound), unit)}"
    if kind == "string_too_short":
        return "Must not be empty"
    if kind == "string_too_long":
        return f"Too long: at most {int(ctx.get('max_length', 0)):,} characters"
    msg = str(err["msg"]).removeprefix("Value error, ")
    if msg.startswith("@"):
        _path, _, msg = msg[1:].partition(": ")
    return sentence(msg)


def error_type(exc: ValidationError) -> str:
    """Pydantic's type of the first problem: ``value_error`` for a model-level check, ``less_than_equal``..."""
    errors = exc.errors()
    return str(errors[0]["type"]) if errors else ""


def error_path(exc: ValidationError) -> str:
    """The sub-field a model-level check names (``ranges.actions_per_day``), or the error's location."""
    err = exc.errors()[0]
    msg = str(err["msg"]).removeprefix("Value error, ")
    if msg.startswith("@"):
        return msg[1:].partition(": ")[0]
    return ".".join(str(p) for p in err["loc"])


def caption_label(text: str = "") -> QLabel:
    """A one-line explanation under a field: plain text, wrapped, in the theme's secondary text colour.

    Same size as the platform font (ui.md: no text smaller than the platform default).
    """
    label = plain_label(text)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


def error_label() -> QLabel:
    """Red, wrapped, plain text; hidden until there is a reason to show."""
    label = plain_label()
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {ERROR_COLOR};")
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    label.setVisible(False)
    label.setAccessibleName("error")
    return label


def section_label(text: str) -> QLabel:
    """A bold heading between groups of fields."""
    label = plain_label(text)
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    label.setContentsMargins(0, 8, 0, 0)
    return label


def set_error_style(edit: QLineEdit, on: bool) -> None:
    edit.setStyleSheet(f"QLineEdit {{ border: 1px solid {ERROR_COLOR}; }}" if on else "")


def _hide(label: QLabel, *edits: QLineEdit) -> None:
    label.clear()
    label.setVisible(False)
    for edit in edits:
        set_error_style(edit, False)


class _EscapeReverts(QObject):
    """Escape in a field puts back what the model says (and clears the error)."""

    def __init__(self, field: NumberField) -> None:
        super().__init__(field)
        self._field = field

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        is_escape = isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape
        if event.type() == QEvent.Type.KeyPress and is_escape:
            self._field.revert()
            return True
        return False


class NumberField(QWidget):
    """A number typed in a line edit, with its unit, a caption, an inline error and an optional 90% range.

    ``scale`` converts model units to what is shown: 100 for a fraction shown as a percentage (0.7 is
    shown as "70" beside a "%" label). ``committed`` carries the value in model units (``None`` when the
    field may be empty and was cleared); ``range_committed`` carries (low, high) in model units.
    """

    committed = Signal(object)  # float | None
    range_toggled = Signal(bool)
    range_committed = Signal(float, float)

    def __init__(
        self,
        *,
        unit: str = "",
        caption: str = "",
        tooltip: str = "",
        scale: float = 1.0,
        allow_empty: bool = False,
        with_range: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.unit = unit
        self.scale = scale
        self.allow_empty = allow_empty
        self._shown = ""
        self._shown_range: tuple[str, str] = ("", "")

        self.edit = QLineEdit()
        self.edit.setMinimumWidth(FIELD_MIN_WIDTH)
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.edit.editingFinished.connect(self._on_edit_editing_finished)
        self.edit.textEdited.connect(self._on_edit_text_edited)
        self.edit.installEventFilter(_EscapeReverts(self))
        self.unit_label = plain_label(unit)
        self.range_check = QCheckBox("range")
        self.range_check.setToolTip(
            plain_tooltip(
                "Give a 90% range (the 5th and 95th percentiles) for the uncertainty view, in the field's unit.\n"
                "Example: 100 to 300 actions a day.\n"
                "Default: off (the value is taken as certain). Ticked, the range starts at half to twice the "
                "value (10 points either side for a percentage).\n"
                "Only the uncertainty view uses it; the verdict uses the value itself."
            )
        )
        self.range_check.toggled.connect(self._on_range_check_toggled)
        keep = self.range_check.sizePolicy()
        keep.setRetainSizeWhenHidden(True)  # fields line up whether or not their row offers a range
        self.range_check.setSizePolicy(keep)
        self.range_check.setVisible(with_range)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(6)
        top.addWidget(self.edit, 1)
        top.addWidget(self.unit_label)
        top.addWidget(self.range_check)

        self.range_row = QWidget()
        self.low_edit = QLineEdit()
        self.high_edit = QLineEdit()
        for edit, name in ((self.low_edit, "low"), (self.high_edit, "high")):
            edit.setMinimumWidth(50)
            edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            edit.setAccessibleName(f"range {name}")
            edit.editingFinished.connect(self._on_range_edit_editing_finished)
            edit.installEventFilter(_EscapeReverts(self))
        row = QHBoxLayout(self.range_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        unit_words = {"%": "percent", "×": "times"}.get(unit, unit) or "the field's unit"
        self.low_edit.setToolTip(
            plain_tooltip(
                f"The low end of the 90% range (its 5th percentile), in {unit_words}.\n"
                "Example: 100 for an input of about 192 actions a day.\n"
                "Default when the range is ticked: half the value (10 points below it for a percentage)."
            )
        )
        self.high_edit.setToolTip(
            plain_tooltip(
                f"The high end of the 90% range (its 95th percentile), in {unit_words}.\n"
                "Example: 300 for an input of about 192 actions a day.\n"
                "Default when the range is ticked: twice the value (10 points above it for a percentage)."
            )
        )
        row.addWidget(plain_label("90% range"))
        row.addWidget(self.low_edit, 1)
        row.addWidget(plain_label("to"))
        row.addWidget(self.high_edit, 1)
        self.range_row.setVisible(False)

        self.caption = caption_label(caption)
        self.caption.setVisible(bool(caption))
        self.error = error_label()  # right under the value it refuses
        self.range_error = error_label()  # right under the range it refuses
        # Why the analysis cannot use this field's value (not a refused entry: the value is in the pitch).
        self.problem = error_label()

        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addLayout(top)
        box.addWidget(self.error)
        box.addWidget(self.problem)
        box.addWidget(self.caption)
        box.addWidget(self.range_row)
        box.addWidget(self.range_error)
        if tooltip:
            self.set_tooltip(tooltip)

    # -- drawing (model -> view) ------------------------------------------------------------------
    def set_tooltip(self, text: str) -> None:
        tip = plain_tooltip(text)
        for widget in (self.edit, self.unit_label, self.caption):
            widget.setToolTip(tip)

    def set_value(self, value: float | None) -> None:
        """Show ``value`` (model units) and clear any error; ``None`` shows an empty field.

        A refused entry stays on screen, with its reason, while the model's value of this field is unchanged:
        an edit elsewhere must not wipe out what the user is correcting.
        """
        text = "" if value is None else format_number(value * self.scale)
        if text == self._shown and (not self.error.isHidden() or self.edit.text() == text):
            return  # a refused entry stays; an unchanged value costs no redraw (every edit redraws all)
        self._shown = text
        with QSignalBlocker(self.edit):
            self.edit.setText(text)
            self.edit.setCursorPosition(0)
        _hide(self.error, self.edit)

    def set_placeholder(self, text: str) -> None:
        self.edit.setPlaceholderText(text)

    def set_range_available(self, available: bool) -> None:
        self.range_check.setVisible(available)

    def set_range(self, interval: tuple[float, float] | None) -> None:
        """Show the field's 90% range (model units), or hide the range row when there is none."""
        with QSignalBlocker(self.range_check):
            self.range_check.setChecked(interval is not None)
        self.range_row.setVisible(interval is not None)
        shown = ("", "") if interval is None else tuple(format_number(v * self.scale) for v in interval)
        if (shown[0], shown[1]) == self._shown_range and not self.range_error.isHidden():
            return  # a refused range stays on screen while the model's range is unchanged
        self._shown_range = (shown[0], shown[1])
        for edit, text in zip((self.low_edit, self.high_edit), shown, strict=True):
            with QSignalBlocker(edit):
                edit.setText(text)
                edit.setCursorPosition(0)
        _hide(self.range_error, self.low_edit, self.high_edit)

    def set_caption(self, text: str) -> None:
        self.caption.setText(text)
        self.caption.setVisible(bool(text))

    def show_error(self, reason: str, *, in_range: bool = False) -> None:
        """Show why the last input was refused, in red under the value (or under the range)."""
        label = self.range_error if in_range else self.error
        label.setText(reason)
        label.setVisible(True)
        for edit in (self.low_edit, self.high_edit) if in_range else (self.edit,):
            set_error_style(edit, True)

    def set_problem(self, reason: str) -> None:
        """Show (or, with ``""``, clear) why the pitch cannot be evaluated because of this field's value.

        Marked by a sign as well as by colour (ui.md: never colour alone).
        """
        self.problem.setText(f"\u26a0 {reason}" if reason else "")
        self.problem.setVisible(bool(reason))

    def set_editable(self, editable: bool) -> None:
        """Let the user type here, or not (a price a deployment gives); the range box follows."""
        self.edit.setReadOnly(not editable)
        self.edit.setEnabled(editable)
        self.range_check.setEnabled(editable)

    def clear_error(self) -> None:
        _hide(self.error, self.edit)
        _hide(self.range_error, self.low_edit, self.high_edit)

    def error_text(self) -> str:
        """What is shown in red (value and range refusals), or an empty string."""
        return "\n".join(label.text() for label in (self.error, self.range_error) if not label.isHidden())

    def revert(self) -> None:
        """Put back the texts last drawn from the model."""
        with QSignalBlocker(self.edit):
            self.edit.setText(self._shown)
        for edit, text in zip((self.low_edit, self.high_edit), self._shown_range, strict=True):
            with QSignalBlocker(edit):
                edit.setText(text)
        self.clear_error()

    # -- user actions (view -> edit requests) -----------------------------------------------------
    def _on_edit_text_edited(self, _text: str) -> None:
        if not self.error.isHidden():
            set_error_style(self.edit, False)  # the red frame says "this text was refused"; it no longer is

    def _on_edit_editing_finished(self) -> None:
        text = self.edit.text().strip()
        if text == self._shown:  # nothing changed (or only spaces): nothing to edit
            if self.edit.text() != text:
                with QSignalBlocker(self.edit):
                    self.edit.setText(text)
            _hide(self.error, self.edit)
            return
        if not text:
            if not self.allow_empty:
                self.show_error("A value is required")
                return
            self.committed.emit(None)
            return
        try:
            value = parse_number(text)
        except ValueError as exc:
            self.show_error(sentence(str(exc)))
            return
        self.committed.emit(value / self.scale)

    def _on_range_check_toggled(self, checked: bool) -> None:
        self.range_toggled.emit(checked)

    def _on_range_edit_editing_finished(self) -> None:
        texts = (self.low_edit.text().strip(), self.high_edit.text().strip())
        if texts == self._shown_range:
            return
        values = []
        for which, text in zip(("low", "high"), texts, strict=True):
            if not text:
                self.show_error(f"The range needs a {which} value", in_range=True)
                return
            try:
                values.append(parse_number(text) / self.scale)
            except ValueError as exc:
                self.show_error(f"Range {which}: {exc}", in_range=True)
                return
        self.range_committed.emit(values[0], values[1])


def align_units(fields: Iterable[NumberField]) -> None:
    """Give every unit label in a panel the same width, so the line edits form one column."""
    fields = list(fields)
    if not fields:
        return
    width = max(f.unit_label.fontMetrics().horizontalAdvance(f.unit) for f in fields)
    for f in fields:
        f.unit_label.setFixedWidth(width)


def row_label(text: str, *, tooltip: str = "", line_height: int = 0) -> QLabel:
    """A form label that lines up with the first line of a tall field (one with a caption under it)."""
    label = plain_label(text)
    if line_height:
        label.setMinimumHeight(line_height)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    if tooltip:
        label.setToolTip(plain_tooltip(tooltip))
    return label


def field_reason(exc: ValidationError, field: NumberField, spec: FieldSpec, *, in_range: bool) -> str:
    """Why a field's edit was refused, in its units; a refusal caused by its range says what to change."""
    reason = validation_reason(exc, scale=field.scale, unit=spec.unit)
    if error_path(exc) == f"ranges.{spec.key}":
        if spec.is_fraction:
            reason += " (as fractions: 0.5 means 50%)"
        if not in_range:
            reason += "; change the range first"
    return reason


def toggled_ranges(
    ranges: Mapping[str, tuple[float, float]], key: str, value: float, *, checked: bool, fraction: bool
) -> dict[str, tuple[float, float]]:
    """The ranges after the "range" box of ``key`` is ticked (a default range) or unticked (none).

    Raises ValueError (the reason) when the value has no default range (a positive quantity at 0).
    """
    out = dict(ranges)
    if checked:
        out[key] = default_range(value, fraction=fraction)
    else:
        out.pop(key, None)
    return out


def default_range(value: float, *, fraction: bool) -> tuple[float, float]:
    """The range a "range" toggle starts from: half to twice the value, or ±10 points for a fraction.

    Raises ValueError (the reason) when a positive quantity is 0: its range is lognormal and needs low > 0.
    """
    if fraction:
        return (max(0.0, round(value - 0.1, 9)), min(1.0, round(value + 0.1, 9)))
    if value <= 0:
        raise ValueError("A range needs a value above 0 first (a positive quantity's range needs low > 0)")
    return (_round_sig(value / 2, math.floor), _round_sig(value * 2, math.ceil))


def _round_sig(x: float, direction: Callable[[float], float], digits: int = 2) -> float:
    """``x`` to ``digits`` significant figures, rounded down or up (a range never shrinks past the value)."""
    step = 10.0 ** (math.floor(math.log10(x)) - digits + 1)
    return float(f"{direction(round(x / step, 9)) * step:.{digits + 2}g}")


def make_form(parent: QWidget) -> QFormLayout:
    """The panels' form: labels left, fields growing, rows wrapping under their label in a narrow dock."""
    form = QFormLayout(parent)
    form.setContentsMargins(10, 8, 10, 10)
    form.setHorizontalSpacing(10)
    form.setVerticalSpacing(6)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return form


class ElidedComboBox(QComboBox):
    """A combo box that elides its current text in the middle instead of clipping it.

    A scenario's label ends with its factors ("10x every 18-24 months (the seed…) (3.16–4.64x/yr)"): eliding
    in the middle keeps both ends readable in a narrow dock; the list and the tooltip show the whole text.
    """

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        field = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, self
        )
        option.currentText = self.fontMetrics().elidedText(
            option.currentText, Qt.TextElideMode.ElideMiddle, max(0, field.width() - 4)
        )
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)
