"""Speech and images in the units people think in (contract 6.1): minutes of speech, images of a size.

A pitch counts audio and image *tokens* per call; a founder thinks "two minutes of speech a call" or "one
1024x1024 photo". Each of the four modality token fields gets a converter above it: the quantity in its unit,
the rate it is counted at (a row of ``resources/token_rates.csv`` or a provider's published formula, through
``core/token_rates.py``), and the arithmetic with its source: "2 minutes of user audio × 600 tokens each =
1,200 audio input tokens". Both are shown: the tokens stay in their own field, which is what the pitch keeps.

The tokens are the truth; the quantity is read from them through the rate in use. The rate follows the
provider of the block's model where the table has one (a Gemini model counts speech at Gemini's 32 tokens a
second); the user can pick another. Typing a quantity, or picking another rate, size or quality for the
quantity shown, is one edit of the tokens, one undo step. Switching minutes to seconds only changes the view.
"""

from __future__ import annotations

from typing import Any, cast

from pydantic import ValidationError
from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from core.errors import PitchError
from core.fields import Group
from core.formatting import format_quantity
from core.pitch import FIELDS, FeatureBlock
from core.token_rates import (
    Conversion,
    ImageRule,
    Modality,
    image_input_tokens,
    image_output_tokens,
    plural,
    rates_for,
    speech_tokens,
)
from desktop.block_editor.host import EditorHost
from desktop.field_widgets import (
    caption_label,
    error_label,
    format_number,
    parse_number,
    sentence,
    set_error_style,
    validation_reason,
)
from desktop.safety import plain_label, plain_tooltip

PROVIDER_NAMES = {"openai": "OpenAI", "google": "Google", "anthropic": "Anthropic"}
# Catalog providers that bill another provider's models with its token counting (genai-prices' ids).
_PROVIDER_OF = {"azure": "openai", "google-vertex": "google", "aws": "anthropic"}
# name in the list, and the formula (its tooltip); the arithmetic line shows the count it gives
IMAGE_RULES: dict[str, tuple[str, str]] = {
    "openai-high": ("OpenAI, detail high", "GPT-4o-class models, detail high: 85 + 170 a 512 px tile"),
    "openai-low": ("OpenAI, detail low", "GPT-4o-class models, detail low: 85 an image, any size"),
    "anthropic": ("Anthropic Claude", "width × height / 750, rounded up (at most 1092 × 1092's 1,590)"),
    "gemini": ("Google Gemini", "Gemini 2.0 and later: 258 up to 384 px a side, else 258 a 768 px tile"),
}
_RULE_PROVIDER = {
    "openai-high": "openai",
    "openai-low": "openai",
    "anthropic": "anthropic",
    "gemini": "google",
}
QUALITIES = ("low", "medium", "high")


def provider_of(model_id: str | None) -> str | None:
    """The provider whose token counting a catalog model uses: ``google:gemini-2.5-flash`` -> ``google``."""
    if not model_id:
        return None
    provider = model_id.partition(":")[0].lower()
    return _PROVIDER_OF.get(provider, provider)


def image_sizes() -> list[str]:
    """The sizes gpt-image-1's table lists (``1024x1024``...), in the table's order."""
    out: list[str] = []
    for r in rates_for("image_output", "openai"):
        size = r.id.rsplit("-", 1)[-1]
        if size not in out:
            out.append(size)
    return out


def _shown(x: float) -> str:
    """A quantity as the user would type it, to four significant figures (2, 1.667, 37.5)."""
    return format_number(float(f"{x:.4g}"))


class _Converter(QWidget):
    """One modality: a quantity, how it is counted, the arithmetic and its source."""

    modality: Modality
    unit_word = ""

    def __init__(self, host: EditorHost) -> None:
        super().__init__()
        self._host = host
        self._shown_text = ""
        self._quantity = 0.0  # what the block's tokens stand for, in the current unit (un-rounded)
        self.spec = FIELDS.spec(Group.BLOCK, f"{self.modality}_tokens")
        self.quantity_edit = QLineEdit()
        self.quantity_edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.quantity_edit.setMinimumWidth(48)
        self.quantity_edit.setAccessibleName(f"{self.spec.noun} as {self.unit_word}")
        self.quantity_edit.editingFinished.connect(self._on_quantity_edit_editing_finished)
        self.error = error_label()
        self.arithmetic = plain_label()
        self.arithmetic.setWordWrap(True)
        self.source = caption_label()
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)

    def _finish(self, *rows: QHBoxLayout | QWidget) -> None:
        for row in rows:
            if isinstance(row, QWidget):
                self._layout.addWidget(row)
            else:
                self._layout.addLayout(row)
        for widget in (self.error, self.arithmetic, self.source):
            self._layout.addWidget(widget)

    @staticmethod
    def _line(*widgets: QWidget, stretch: int = 0) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        for i, widget in enumerate(widgets):
            row.addWidget(widget, 1 if i == stretch else 0)
        if stretch < 0:
            row.addStretch(1)
        return row

    # -- what subclasses say -----------------------------------------------------------------------------------
    def convert(self, quantity: float) -> Conversion:
        """``quantity`` (in the shown unit) as tokens at the chosen rate."""
        raise NotImplementedError

    def follow(self, provider: str | None) -> None:
        """Choose the rate of ``provider`` where the table has one (the user has not picked one)."""

    def state(self) -> Any:
        """The choices of rate, size or quality (kept per block while the editor is open)."""
        return None

    def restore(self, state: Any) -> None:
        """Put back :meth:`state`'s choices."""

    # -- drawing (model -> view) ------------------------------------------------------------------------------
    def draw(self, tokens: float) -> None:
        try:
            per_unit = self.convert(1.0).tokens
        except PitchError as exc:
            self._draw_problem(sentence(exc.message))
            return
        self._quantity = tokens / per_unit if per_unit > 0 else 0.0
        conversion = self.convert(self._quantity)
        self._shown_text = _shown(self._quantity)
        with QSignalBlocker(self.quantity_edit):
            self.quantity_edit.setText(self._shown_text)
            self.quantity_edit.setCursorPosition(0)
        set_error_style(self.quantity_edit, False)
        self.error.setVisible(False)
        self.arithmetic.setText(conversion.text)
        self.source.setText(
            f"Rate: {conversion.source}" + (f"; {conversion.note}" if conversion.note else "")
        )

    def _draw_problem(self, reason: str) -> None:
        self.error.setText(reason)
        self.error.setVisible(True)
        self.arithmetic.setText("")

    # -- user actions (view -> edits) --------------------------------------------------------------------------
    def _commit(self, quantity: float) -> None:
        block = self._host.block()
        if block is None:
            return
        try:
            conversion = self.convert(quantity)
        except PitchError as exc:
            self.error.setText(sentence(exc.message))
            self.error.setVisible(True)
            return
        unit = conversion.unit_text if quantity == 1 else plural(conversion.unit_text)
        text = f"{self.spec.undo_text(block.name)} to {format_quantity(quantity)} {unit}"
        try:
            changed = self._host.edit(text, **{self.spec.key: conversion.tokens})
        except ValidationError as exc:
            self.error.setText(validation_reason(exc, unit=self.spec.unit))
            self.error.setVisible(True)
            set_error_style(self.quantity_edit, True)
            return
        if not changed:
            self._host.redraw()

    def _on_quantity_edit_editing_finished(self) -> None:
        text = self.quantity_edit.text().strip()
        if text == self._shown_text:
            return
        try:
            quantity = parse_number(text)
        except ValueError as exc:
            self.error.setText(sentence(str(exc)))
            self.error.setVisible(True)
            set_error_style(self.quantity_edit, True)
            return
        if quantity < 0:
            self.error.setText(f"Must be at least 0 {self.unit_word}")
            self.error.setVisible(True)
            set_error_style(self.quantity_edit, True)
            return
        self._commit(quantity)


class SpeechConverter(_Converter):
    """Minutes (or seconds) of speech a call, at a published tokens-per-second rate."""

    unit_word = "minutes"

    def __init__(self, host: EditorHost, modality: Modality) -> None:
        self.modality = modality
        super().__init__(host)
        self._picked = False
        self.unit_combo = QComboBox()
        self.unit_combo.addItems(["minutes", "seconds"])
        self.unit_combo.setToolTip(
            plain_tooltip(
                "Show and type the speech in minutes or in seconds (only the view changes, not the tokens).\n"
                "Example: 90 seconds is 1.5 minutes.\nDefault: minutes."
            )
        )
        self.unit_combo.activated.connect(self._on_unit_combo_activated)
        self.rate_combo = QComboBox()
        self.rate_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.rate_combo.setMinimumContentsLength(12)
        for r in rates_for(modality):
            self.rate_combo.addItem(
                f"{PROVIDER_NAMES.get(r.provider, r.provider)}: {format_number(r.tokens_per_unit)} tokens a second",
                r.id,
            )
            self.rate_combo.setItemData(
                self.rate_combo.count() - 1,
                plain_tooltip(f"{r.condition}\n{r.source_text}"),
                Qt.ItemDataRole.ToolTipRole,
            )
        self.rate_combo.activated.connect(self._on_rate_combo_activated)
        who = "the user speaks (heard by the model)" if modality == "audio_input" else "the model speaks"
        tip = (
            f"Speech {who} in one call, as time; turned into {self.spec.noun} at the rate chosen beside it.\n"
            "Example: 2 minutes at OpenAI's realtime rate of 10 tokens a second (user audio) = 1,200 tokens.\n"
            "The rate follows the block's model where the token-rate table has its provider "
            "(resources/token_rates.csv); pick another to count it differently."
        )
        for widget in (self.quantity_edit, self.rate_combo):
            widget.setToolTip(plain_tooltip(tip))
        self._finish(
            self._line(self.quantity_edit, self.unit_combo, plain_label("a call")),
            self._line(self.rate_combo),
        )

    @property
    def rate_id(self) -> str:
        return str(self.rate_combo.currentData())

    def _per_second(self) -> bool:
        return self.unit_combo.currentIndex() == 1

    def convert(self, quantity: float) -> Conversion:
        minutes = quantity / 60 if self._per_second() else quantity
        c = speech_tokens(minutes, self.rate_id)
        if not self._per_second():
            return c
        who = c.unit_text.removeprefix("minute of ")
        return Conversion(
            quantity, f"second of {who}", c.per_unit / 60, c.tokens, c.field, c.source, c.rate_id
        )

    def follow(self, provider: str | None) -> None:
        if self._picked:
            return
        ids = [self.rate_combo.itemData(i) for i in range(self.rate_combo.count())]
        rates = {r.id: r.provider for r in rates_for(self.modality)}
        own = next((i for i, rid in enumerate(ids) if rates[rid] == provider), 0)
        with QSignalBlocker(self.rate_combo):
            self.rate_combo.setCurrentIndex(own)

    def state(self) -> Any:
        return self.rate_id if self._picked else None

    def restore(self, state: Any) -> None:
        self._picked = state is not None
        if state is not None:
            with QSignalBlocker(self.rate_combo):
                self.rate_combo.setCurrentIndex(max(self.rate_combo.findData(state), 0))

    def _on_unit_combo_activated(self, _index: int) -> None:
        self._host.redraw()  # the same tokens, shown in the other unit

    def _on_rate_combo_activated(self, _index: int) -> None:
        self._picked = True
        self._commit(self._quantity)


class ImageInputConverter(_Converter):
    """Images a call of a size in pixels, counted by a provider's published formula."""

    modality: Modality = "image_input"
    unit_word = "images"

    def __init__(self, host: EditorHost) -> None:
        super().__init__(host)
        self._picked = False
        self.width_edit = QLineEdit("1024")
        self.height_edit = QLineEdit("1024")
        for edit, name in ((self.width_edit, "width"), (self.height_edit, "height")):
            edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            edit.setMinimumWidth(48)
            edit.setAccessibleName(f"image {name} in pixels")
            edit.editingFinished.connect(self._on_size_edit_editing_finished)
        self._size_text = ("1024", "1024")
        self.rule_combo = QComboBox()
        self.rule_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.rule_combo.setMinimumContentsLength(12)
        for rule, (text, formula) in IMAGE_RULES.items():
            self.rule_combo.addItem(text, rule)
            self.rule_combo.setItemData(
                self.rule_combo.count() - 1, plain_tooltip(formula), Qt.ItemDataRole.ToolTipRole
            )
        self.rule_combo.activated.connect(self._on_rule_combo_activated)
        tip = (
            "Images the model reads in one call, by size; turned into image input tokens by the provider's "
            "published formula (core/token_rates.py).\nExample: one 1024x1024 photo is 1024 × 1024 / 750 = "
            "1,399 tokens (rounded up) on Claude, 765 on GPT-4o at detail high.\n"
            "The formula follows the block's model where the table has its provider; pick another to count "
            "it differently.\nDefault: 1024 × 1024 px."
        )
        for widget in (self.quantity_edit, self.width_edit, self.height_edit, self.rule_combo):
            widget.setToolTip(plain_tooltip(tip))
        self._finish(
            self._line(self.quantity_edit, plain_label("images a call")),
            self._line(self.width_edit, plain_label("×"), self.height_edit, plain_label("px"), stretch=-1),
            self._line(self.rule_combo),
        )

    def _size(self) -> tuple[float, float]:
        return parse_number(self._size_text[0]), parse_number(self._size_text[1])

    def convert(self, quantity: float) -> Conversion:
        width, height = self._size()
        return image_input_tokens(width, height, cast(ImageRule, self.rule_combo.currentData()), quantity)

    def follow(self, provider: str | None) -> None:
        if self._picked:
            return
        rule = next((r for r, p in _RULE_PROVIDER.items() if p == provider), "openai-high")
        with QSignalBlocker(self.rule_combo):
            self.rule_combo.setCurrentIndex(self.rule_combo.findData(rule))

    def state(self) -> Any:
        return (self._size_text, self.rule_combo.currentData() if self._picked else None)

    def restore(self, state: Any) -> None:
        size, rule = state if state is not None else (("1024", "1024"), None)
        self._size_text = size
        self.width_edit.setText(size[0])
        self.height_edit.setText(size[1])
        self._picked = rule is not None
        if rule is not None:
            with QSignalBlocker(self.rule_combo):
                self.rule_combo.setCurrentIndex(self.rule_combo.findData(rule))

    def _on_size_edit_editing_finished(self) -> None:
        texts = (self.width_edit.text().strip(), self.height_edit.text().strip())
        if texts == self._size_text:
            return
        try:
            width, height = (parse_number(t) for t in texts)
            image_input_tokens(width, height, "anthropic")  # the formulas' own check of the size
        except (ValueError, PitchError) as exc:
            reason = exc.message if isinstance(exc, PitchError) else str(exc)
            self.error.setText(f"Image size: {sentence(reason)}")
            self.error.setVisible(True)
            return
        quantity = self._quantity
        self._size_text = texts
        self._commit(quantity)

    def _on_rule_combo_activated(self, _index: int) -> None:
        self._picked = True
        self._commit(self._quantity)


class ImageOutputConverter(_Converter):
    """Images a call made by an image model, of a size and a quality (gpt-image-1's published table)."""

    modality: Modality = "image_output"
    unit_word = "images"

    def __init__(self, host: EditorHost) -> None:
        super().__init__(host)
        self._picked = False
        self.size_combo = QComboBox()
        self.size_combo.addItems(image_sizes())
        self.quality_combo = QComboBox()
        self.quality_combo.addItems(list(QUALITIES))
        self.quality_combo.setCurrentText("medium")
        for combo in (self.size_combo, self.quality_combo):
            combo.activated.connect(self._on_choice_combo_activated)
        tip = (
            "Images the model makes in one call, by size and quality; turned into image output tokens by OpenAI's "
            "published table for gpt-image-1 (resources/token_rates.csv; no other provider publishes one).\n"
            "Example: one 1024x1024 image at medium quality is 1,056 tokens.\nDefault: 1024x1024, medium."
        )
        for widget in (self.quantity_edit, self.size_combo, self.quality_combo):
            widget.setToolTip(plain_tooltip(tip))
        self._finish(
            self._line(self.quantity_edit, plain_label("images a call")),
            self._line(self.size_combo, self.quality_combo, plain_label("quality"), stretch=-1),
        )

    def convert(self, quantity: float) -> Conversion:
        quality = self.quality_combo.currentText()
        return image_output_tokens(self.size_combo.currentText(), quality, quantity)  # type: ignore[arg-type]

    def state(self) -> Any:
        return (self.size_combo.currentText(), self.quality_combo.currentText()) if self._picked else None

    def restore(self, state: Any) -> None:
        self._picked = state is not None
        size, quality = state if state is not None else ("1024x1024", "medium")
        self.size_combo.setCurrentText(size)
        self.quality_combo.setCurrentText(quality)

    def draw(self, tokens: float) -> None:
        # The pitch keeps tokens, not the size and quality they were counted at: until the user picks one, show
        # the first of the table's rows (the default first) that makes them a whole number of images, so a
        # block saved at "high" reads "1 image, high" rather than "3.94 images, medium".
        if not self._picked and tokens > 0:
            current = (self.size_combo.currentText(), self.quality_combo.currentText())
            rows = [current] + [
                (size, q) for q in QUALITIES for size in image_sizes() if (size, q) != current
            ]
            for size, quality in rows:
                per_image = image_output_tokens(size, quality).tokens  # type: ignore[arg-type]
                if tokens / per_image == round(tokens / per_image) >= 1:
                    self.size_combo.setCurrentText(size)
                    self.quality_combo.setCurrentText(quality)
                    break
        super().draw(tokens)

    def _on_choice_combo_activated(self, _index: int) -> None:
        self._picked = True
        self._commit(self._quantity)


LABELS: dict[str, str] = {
    "audio_input": "Speech in",
    "audio_output": "Speech out",
    "image_input": "Images in",
    "image_output": "Images out",
}


class ModalitySection:
    """The four converters; their choices are kept per block while the editor lives."""

    def __init__(self, host: EditorHost) -> None:
        self._host = host
        self.converters: dict[str, _Converter] = {
            "audio_input": SpeechConverter(host, "audio_input"),
            "audio_output": SpeechConverter(host, "audio_output"),
            "image_input": ImageInputConverter(host),
            "image_output": ImageOutputConverter(host),
        }
        self._states: dict[tuple[int, str], Any] = {}
        self._index: int | None = None

    def draw(self, index: int, block: FeatureBlock, priced_by: str | None) -> None:
        """Draw ``block``'s modality tokens in units; ``priced_by``: the catalog model its prices come from."""
        if index != self._index:  # another block: its own choices
            if self._index is not None:
                for key, converter in self.converters.items():
                    self._states[(self._index, key)] = converter.state()
            for key, converter in self.converters.items():
                converter.restore(self._states.get((index, key)))
            self._index = index
        provider = provider_of(priced_by)
        for key, converter in self.converters.items():
            converter.follow(provider)
            converter.draw(float(getattr(block, f"{key}_tokens")))
