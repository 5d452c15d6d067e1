"""Where a block's prices come from: a catalog model, the cheapest capable model, a deployment, or typed prices.

The model box lists the models that existed on the pitch's date (``model_list.py``) and its completer shows
each one's prices on that date. Under it: the chosen model's prices on the date, the price data's own date (and
a warning when it is more than 90 days old, contract 6.5), and where the prices come from. An id typed without
its provider (``gpt-4o-mini``) is refused with "did you mean openai:gpt-4o-mini", one click to accept.

A block may instead be priced from one of the pitch's self-hosted deployments (contract 6.2): the deployment box
lists them by name and shows the chain from a GPU-hour to a price per million tokens; the deployments
themselves are edited in their own window (a view another part of the app registers, when it exists).

Every choice is one named undo step; nothing here prices a pitch: the resolved prices are the analysis's.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any, Protocol

from pydantic import ValidationError
from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.catalog import CatalogPrice
from core.deployments import deployment_costs
from core.errors import PitchError
from core.fields import Group
from core.formatting import format_fraction, format_money
from core.pitch import (
    DEPLOYMENT_PRICE_OVERRIDES,
    FIELDS,
    PRICE_FIELDS,
    FeatureBlock,
    Pitch,
    PriceSpec,
    with_changes,
)
from core.prices import ResolvedPrice, with_defaults
from desktop.block_editor.host import EditorHost
from desktop.block_editor.model_list import ModelList, list_view, size_columns
from desktop.field_widgets import (
    ElidedComboBox,
    NumberField,
    caption_label,
    error_label,
    format_number,
    sentence,
    set_error_style,
    validation_reason,
)
from desktop.form_rows import FormRows
from desktop.safety import plain_label, plain_tooltip

EXPLICIT_ONLY = "(explicit prices only)"
CHEAPEST_CAPABLE = "(cheapest capable model)"
FROM_DEPLOYMENT = "(priced from the deployment)"
NO_DEPLOYMENT = "(none: a model or typed prices)"
# The view another part of the app registers for editing deployments, if it exists (desktop/workflow.py's
# ViewRegistry); the first name found is used.
DEPLOYMENT_VIEWS = ("deployments", "infrastructure")
SPECIALS = (
    (EXPLICIT_ONLY, "no model: the prices typed below"),
    (CHEAPEST_CAPABLE, "no model: the cheapest model that meets Needs, on the pitch's date"),
)


SUGGEST_TIP = (
    "A catalog id that matches what was typed.\nExample: openai:gpt-4o-mini for gpt-4o-mini.\n"
    "Source: the price catalog; the provider first is the one genai-prices itself detects for the name."
)


class Views(Protocol):
    """The screens other parts of the app register (desktop/workflow.py's ViewRegistry)."""

    def __contains__(self, name: object) -> bool: ...

    def show(self, name: str) -> object: ...


def format_price(usd: float) -> str:
    """A price per million tokens as tables and prose write money (``core.formatting.format_money``)."""
    return format_money(usd)


def _wrappable(text: str) -> str:
    """Let a long URL wrap inside a narrow dock (a zero-width space after each slash)."""
    return text.replace("/", "/\u200b")


def chain_text(pitch: Pitch, deployment_id: str) -> str:
    """``GPU-hour $1.96 → $2.80 at 70% → $0.0865 / $0.421 per M``: a deployment's prices, step by step."""
    dep = pitch.deployment(deployment_id)
    c = deployment_costs(dep)
    return (
        f"GPU-hour {format_money(c.gpu_hour_usd)} → {format_money(c.paid_hour_usd)} at "
        f"{format_fraction(c.utilisation)} utilisation → {format_money(c.input_per_mtok)} in / "
        f"{format_money(c.output_per_mtok)} out per M tokens"
    )


def _greyed(x: float) -> str:
    """A price shown greyed in an empty field: a catalog's as it is (0.3), a worked-out one to 4 figures."""
    return format_number(float(f"{x:.4g}"))


def _show_error(edit: QLineEdit | None, label: QLabel, reason: str) -> None:
    label.setText(reason)
    label.setVisible(bool(reason))
    if edit is not None:
        set_error_style(edit, bool(reason))


class PricingSection:
    """The model box, the deployment box and the price fields' greyed values."""

    def __init__(self, host: EditorHost, form: FormRows, add_row: Any) -> None:
        self._host = host
        self._form = form
        self._fields: Mapping[str, NumberField] = {}
        self._views: Views | None = None
        self._shown_model = ""
        self._deployment_ids: list[str] = []

        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.model_list = ModelList(host.catalog, SPECIALS)
        self.model_combo = QComboBox()
        self.model_combo.setEditable(True)
        self.model_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.model_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.model_combo.setMinimumContentsLength(14)
        self.model_combo.setMaxVisibleItems(20)
        self.model_combo.setModel(self.model_list)
        self.model_combo.setModelColumn(0)
        drop_down = list_view()
        self.model_combo.setView(drop_down)
        size_columns(drop_down)
        self.model_combo.lineEdit().setPlaceholderText("provider:model, e.g. openai:gpt-4o-mini")
        self.model_combo.setToolTip(
            plain_tooltip(
                "The catalog model whose prices this block uses (id written provider:model).\n"
                "Type to search the catalog; the list shows each model's prices on the pitch's date and "
                "offers only models released by then (a model whose release date is not recorded is marked).\n"
                f"Example: openai:gpt-4o-mini. {EXPLICIT_ONLY}: no model; the prices typed below are used "
                "(the model's prices are kept as typed prices, so the cost does not jump). "
                f"{CHEAPEST_CAPABLE}: no model; the cheapest model that meets Needs on the pitch's date.\n"
                "Default: the template's model (block library: openai:gpt-4o-mini for light blocks, "
                "anthropic:claude-sonnet-4-6 for agents). Prices' source: genai-prices on the pitch's date, "
                "or the bundled price history for earlier dates."
            )
        )
        completer = QCompleter(self.model_list, self.model_combo)
        completer.setCompletionColumn(0)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(15)
        popup = list_view()
        completer.setPopup(popup)
        size_columns(popup)
        self.model_combo.setCompleter(completer)
        self.model_combo.activated.connect(self._on_model_combo_activated)
        completer.activated[str].connect(self._on_model_completer_activated)
        self.model_combo.lineEdit().editingFinished.connect(self._on_model_edit_editing_finished)

        self.suggest_box = QWidget()
        suggest = QHBoxLayout(self.suggest_box)
        suggest.setContentsMargins(0, 0, 0, 0)
        suggest.setSpacing(4)
        suggest.addWidget(plain_label("Did you mean"))
        self.suggest_buttons: list[QToolButton] = []
        for _ in range(3):
            button = QToolButton()
            button.setAutoRaise(False)
            button.setToolTip(plain_tooltip(SUGGEST_TIP))
            button.clicked.connect(partial(self._on_suggest_button_clicked, button))
            suggest.addWidget(button)
            self.suggest_buttons.append(button)
        suggest.addStretch(1)
        self.suggest_box.setVisible(False)

        self.model_error = error_label()
        self.model_prices = plain_label()
        self.model_prices.setWordWrap(True)
        self.data_note = caption_label()
        self.model_source = caption_label()
        for widget in (
            self.model_combo,
            self.suggest_box,
            self.model_error,
            self.model_prices,
            self.data_note,
            self.model_source,
        ):
            layout.addWidget(widget)
        add_row("Model", box)

        dep_box = QWidget()
        dep_layout = QVBoxLayout(dep_box)
        dep_layout.setContentsMargins(0, 0, 0, 0)
        dep_layout.setSpacing(2)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(6)
        self.deployment_combo = ElidedComboBox()
        self.deployment_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.deployment_combo.setMinimumContentsLength(10)
        self.deployment_combo.setToolTip(
            plain_tooltip(
                "Price this block from one of the pitch's self-hosted deployments instead of a model "
                "(contract section 6.2): a GPU-hour divided by the tokens it serves.\n"
                "Example: the seed's 100 x H100 fleet at 70% utilisation gives $0.0865 in / $0.421 out per M.\n"
                "Default: none (a model or typed prices)."
            )
        )
        self.deployment_combo.activated.connect(self._on_deployment_combo_activated)
        self.edit_deployments_button = QToolButton()
        self.edit_deployments_button.setText("Edit deployments…")
        self.edit_deployments_button.setToolTip(
            plain_tooltip(
                "Open the deployments' editor: add, change or remove the pitch's self-hosted deployments.\n"
                "Example: the seed's 100 x H100 fleet, copied from a preset with its source and date.\n"
                "Default: a pitch has no deployments."
            )
        )
        self.edit_deployments_button.clicked.connect(self._on_edit_deployments_button_clicked)
        top.addWidget(self.deployment_combo, 1)
        top.addWidget(self.edit_deployments_button)
        dep_layout.addLayout(top)
        self.deployment_error = error_label()
        self.chain_label = plain_label()
        self.chain_label.setWordWrap(True)
        self.overrides_caption = caption_label()
        for widget in (self.deployment_error, self.chain_label, self.overrides_caption):
            dep_layout.addWidget(widget)
        self.deployment_box = dep_box
        add_row("Deployment", dep_box)

        self.price_hint = caption_label("")  # placed by the editor, above the price fields

    # -- the catalog's list and the screens of other parts of the app -----------------------------------------
    def set_model_ids(self, ids: list[str]) -> None:
        """The catalog's ids (from the analysis service); keeps what the user is typing."""
        line = self.model_combo.lineEdit()
        typing = line.text() if line.hasFocus() and line.text().strip() != self._shown_model else None
        with QSignalBlocker(self.model_combo):
            self.model_list.set_ids(ids, self._host.as_of())
        self._host.redraw()
        if typing is not None:  # the list arrived while the user was typing an id: keep what they typed
            with QSignalBlocker(self.model_combo):
                self.model_combo.setEditText(typing)

    def set_views(self, views: Views | None) -> None:
        self._views = views

    def _deployment_view(self) -> str | None:
        if self._views is None:
            return None
        return next((name for name in DEPLOYMENT_VIEWS if name in self._views), None)

    # -- drawing (model -> view) ------------------------------------------------------------------------------
    def draw(self, block: FeatureBlock, resolved: ResolvedPrice | None, problems: Mapping[str, str]) -> None:
        """Draw where ``block``'s prices come from; ``resolved``: the analysis's prices of the block (if any),
        ``problems``: the analysis's reasons by field path within the block (``model``, ``deployment``)."""
        host = self._host
        as_of = host.as_of()
        if self.model_list.loaded:
            with QSignalBlocker(self.model_combo):
                self.model_list.set_date(as_of)
        if block.model is not None:
            shown = block.model
        elif block.deployment is not None:
            shown = FROM_DEPLOYMENT
        elif block.requires is not None and block.price is None:
            shown = CHEAPEST_CAPABLE
        else:
            shown = EXPLICIT_ONLY
        self._shown_model = shown
        with QSignalBlocker(self.model_combo):
            row = self.model_list.row_of(shown)
            if row >= 0:
                self.model_combo.setCurrentIndex(row)
            self.model_combo.setEditText(shown)
            self.model_combo.lineEdit().setCursorPosition(0)
        self.suggest_box.setVisible(False)
        _show_error(self.model_combo.lineEdit(), self.model_error, "")

        catalog_price = self._draw_model_prices(block, resolved, problems)
        self._draw_deployment(block, problems)
        self.draw_price_fields(block, catalog_price)

    def _priced_model(self, block: FeatureBlock, resolved: ResolvedPrice | None) -> str | None:
        """The catalog model whose prices the block uses: its own, or the cheapest capable one chosen."""
        if block.model is not None:
            return block.model
        if resolved is not None and resolved.capability is not None and resolved.capability.chosen:
            return resolved.model_id
        return None

    def _draw_model_prices(
        self, block: FeatureBlock, resolved: ResolvedPrice | None, problems: Mapping[str, str]
    ) -> CatalogPrice | None:
        host = self._host
        as_of = host.as_of()
        self.model_source.setVisible(False)
        self.data_note.setVisible(False)
        model = self._priced_model(block, resolved)
        catalog_price: CatalogPrice | None = None
        text = ""
        if block.deployment is not None:
            text = "Priced from the deployment below: no catalog model."
        elif model is None and block.requires is not None and block.price is None:
            text = "" if "requires" in problems else "Priced at the cheapest capable model (see Needs)."
        elif model is None:
            text = "No catalog model: the prices typed below are used."
        elif not host.catalog.is_loaded():
            text = "Loading the price catalog…"
            if "model" in problems:
                _show_error(self.model_combo.lineEdit(), self.model_error, f"\u26a0 {problems['model']}")
        else:
            try:
                catalog_price = host.catalog.price_at(model, as_of)
            except PitchError as exc:  # the analysis says the same: the catalog is its source
                _show_error(self.model_combo.lineEdit(), self.model_error, f"\u26a0 {sentence(exc.message)}")
        if catalog_price is not None:
            parts = [
                f"{spec.noun.removesuffix(' price')} {format_price(catalog_price.fields[spec.key])}"
                for spec in FIELDS[Group.PRICE].values()
                if spec.key in catalog_price.fields
            ]
            who = "" if block.model is not None else f"{catalog_price.model_id}, "
            text = f"{who}on {as_of.isoformat()}, per M tokens: " + " · ".join(parts)
            text = sentence(text)
            if catalog_price.tiers:
                text += f" (higher above {format_number(catalog_price.tiers[0][0])} input tokens)"
            if (
                catalog_price.release_date is None
            ):  # the catalog's warning, said short (it is about this model)
                text += (
                    "\n\u26a0 Its release date is not recorded (resources/release_dates.csv): it may be priced "
                    "on a date before it existed."
                )
            self.model_source.setText(_wrappable(f"Source: {catalog_price.source}"))
            self.model_source.setVisible(True)
            self._draw_data_note(catalog_price)
        self.model_prices.setText(text)
        self.model_prices.setVisible(bool(text))
        return catalog_price

    def _draw_data_note(self, price: CatalogPrice) -> None:
        """The price data's date, and a warning past 90 days (contract 6.5)."""
        host = self._host
        info = host.catalog.info
        age = (host.today() - info.data_date).days
        note = (
            f"Price data of {info.data_date.isoformat()} ({age:,} day{'s' * (age != 1)} old): {info.version}."
        )
        if price.history_row is not None:
            note += f" This price is the bundled history's row of {price.history_row.price_date.isoformat()}."
        if age > 90:
            note += (
                f"\n\u26a0 The price data is {age:,} days old: prices after {info.data_date.isoformat()} are not "
                "known (computecurve update-prices FILE installs a newer genai-prices data file)."
            )
        stale = info.stale_warning(host.as_of())
        if stale is not None and price.history_row is None:
            note += f"\n\u26a0 {sentence(stale)}."
        self.data_note.setText(note)
        self.data_note.setVisible(True)

    def _draw_deployment(self, block: FeatureBlock, problems: Mapping[str, str]) -> None:
        pitch = self._host.pitch
        view = self._deployment_view()
        shown = bool(pitch.deployments) or block.deployment is not None or view is not None
        self._form.setRowVisible(self.deployment_box, shown)
        self.edit_deployments_button.setVisible(view is not None)
        self.edit_deployments_button.setText(
            "Edit deployments…" if pitch.deployments else "Add a deployment…"
        )
        self._deployment_ids = [d.id for d in pitch.deployments]
        with QSignalBlocker(self.deployment_combo):
            self.deployment_combo.clear()
            self.deployment_combo.addItem(
                NO_DEPLOYMENT if pitch.deployments else "(the pitch has no deployments)"
            )
            for dep in pitch.deployments:
                self.deployment_combo.addItem(dep.name)
                self.deployment_combo.setItemData(
                    self.deployment_combo.count() - 1,
                    plain_tooltip(f"{dep.name} ({dep.gpu})"),
                    Qt.ItemDataRole.ToolTipRole,
                )
            index = (
                self._deployment_ids.index(block.deployment) + 1
                if block.deployment in self._deployment_ids
                else 0
            )
            self.deployment_combo.setCurrentIndex(index)
        self.deployment_combo.setEnabled(bool(pitch.deployments))
        _show_error(None, self.deployment_error, problems.get("deployment", ""))
        if block.deployment is not None and block.deployment in self._deployment_ids:
            dep = pitch.deployment(block.deployment)
            self.chain_label.setText(chain_text(pitch, block.deployment))
            self.chain_label.setToolTip(
                plain_tooltip(f"{dep.name} ({dep.gpu})\nSource: {dep.source or 'not given'}")
            )
            nouns = [FIELDS.spec(Group.PRICE, k).noun for k in DEPLOYMENT_PRICE_OVERRIDES]
            self.overrides_caption.setText(
                "The deployment gives the input and output prices; this block may still set its "
                + ", ".join(nouns[:-1])
                + f" and {nouns[-1]} (below)."
            )
        else:
            self.chain_label.setText("")
            self.overrides_caption.setText("")
        self.chain_label.setVisible(bool(self.chain_label.text()))
        self.overrides_caption.setVisible(bool(self.overrides_caption.text()))

    def draw_price_fields(self, block: FeatureBlock, catalog_price: CatalogPrice | None) -> None:
        """Greyed in each empty price field: the price that applies; under it, where that price comes from.

        The price that applies to an empty field is the contract's default (``core.prices.with_defaults``:
        the only place those rules live), worked out from the prices known.
        """
        fields: Mapping[str, NumberField] = self._fields
        given = block.price.given() if block.price else {}
        from_catalog: dict[str, float] = dict(catalog_price.fields) if catalog_price else {}
        deployment = block.deployment if block.deployment in self._deployment_ids else None
        if deployment is not None:
            c = deployment_costs(self._host.pitch.deployment(deployment))
            from_catalog = {"input_per_mtok": c.input_per_mtok, "output_per_mtok": c.output_per_mtok}
        known = {**from_catalog, **given}
        defaults = (
            with_defaults(known).as_dict() if {"input_per_mtok", "output_per_mtok"} <= known.keys() else {}
        )
        source = "deployment" if deployment is not None else "catalog"
        for spec in FIELDS[Group.PRICE].values():
            key = spec.key
            placeholder = ""
            editable = deployment is None or key in DEPLOYMENT_PRICE_OVERRIDES
            if key in given:
                where = (
                    f"typed here ({source} {format_price(from_catalog[key])})"
                    if key in from_catalog
                    else "typed here"
                )
            elif key in from_catalog:
                placeholder = _greyed(from_catalog[key])
                if deployment is not None:
                    where = "from the deployment"
                elif (
                    block.model is None and catalog_price is not None
                ):  # priced at the cheapest capable model
                    where = f"empty: {catalog_price.model_id}'s, the cheapest capable model"
                else:
                    where = "empty: the catalog's"
            elif key in ("input_per_mtok", "output_per_mtok"):
                if block.model is None and deployment is None and block.requires is None:
                    placeholder, where = "required", "required without a model"
                elif block.model is None and deployment is None and catalog_price is None:
                    where = "empty: the cheapest capable model's"
                else:
                    where = "empty: the catalog's"
            else:
                placeholder = _greyed(defaults[key]) if key in defaults else ""
                where = "empty: its default (see the tooltip)"
                if not editable:
                    where = "a deployment block follows its text price"
            fields[key].set_placeholder(placeholder)
            fields[key].set_caption(f"{spec.caption}; {where}.")
            fields[key].set_editable(editable)
        tiers = block.price.tiers if block.price else ()
        self.price_hint.setText(
            "An empty price field uses the price shown greyed."
            + (f" This block also has {len(tiers)} price tier(s), kept as they are." if tiers else "")
        )

    def use_fields(self, fields: Mapping[str, NumberField]) -> None:
        self._fields = fields

    # -- user actions (view -> edits) --------------------------------------------------------------------------
    def _on_model_combo_activated(self, index: int) -> None:
        self.commit_model(self.model_combo.itemText(index))

    def _on_model_completer_activated(self, text: str) -> None:
        self.commit_model(text)

    def _on_model_edit_editing_finished(self) -> None:
        self.commit_model(self.model_combo.lineEdit().text())

    def _on_suggest_button_clicked(self, button: QToolButton) -> None:
        self.commit_model(button.text())

    def _refuse(self, reason: str, suggestions: list[str] | None = None) -> None:
        _show_error(self.model_combo.lineEdit(), self.model_error, reason)
        suggestions = suggestions or []
        for button, text in zip(self.suggest_buttons, [*suggestions, "", "", ""], strict=False):
            button.setText(text)
            button.setToolTip(plain_tooltip(f"Use {text}: one step, undone by Edit > Undo.\n{SUGGEST_TIP}"))
            button.setVisible(bool(text))
        self.suggest_box.setVisible(bool(suggestions))

    def commit_model(self, text: str) -> None:
        """The model box's text, chosen or typed, as one edit (or refused with the reason)."""
        host = self._host
        block = host.block()
        if block is None:
            return
        text = text.strip()
        if text == self._shown_model:
            if not self.model_error.isHidden():
                host.redraw()  # typed back what is in use: drop the refusal
            return
        if text == FROM_DEPLOYMENT:
            return
        if not text:
            if block.requires is not None:
                text = CHEAPEST_CAPABLE
            else:
                self._refuse(f"Type a catalog id (provider:model) or choose {EXPLICIT_ONLY}")
                return
        as_of = host.as_of()
        if text == EXPLICIT_ONLY:
            try:
                filled = self._current_prices(block)
            except PitchError as exc:
                self._refuse(f"{sentence(exc.message)}. Not applied.")
                return
            price = block.price or PriceSpec()
            given = price.given()
            filled = {k: v for k, v in filled.items() if k in PRICE_FIELDS and k not in given}
            changes: dict[str, Any] = {
                "model": None,
                "deployment": None,
                "price": with_changes(price, **filled),
            }
            undo_text = f"Use explicit prices for {block.name}"
        elif text == CHEAPEST_CAPABLE:
            if block.requires is None:
                self._refuse(
                    "Choose what the block needs first (Needs, below): a benchmark and a minimum score"
                )
                return
            changes = {"model": None, "deployment": None, "price": None}
            undo_text = f"Price {block.name} at the cheapest capable model"
        else:
            if not host.catalog.is_loaded():
                self._refuse("The price catalog is still loading; try again in a moment")
                return
            try:
                catalog_price = host.catalog.price_at(text, as_of)
            except PitchError as exc:
                self._refuse(f"{sentence(exc.message)}. Not applied.", host.catalog.suggestions(text))
                return
            changes = {"model": catalog_price.model_id, "deployment": None}
            if block.deployment is not None and block.price is not None and not block.price.given():
                changes["price"] = None
            undo_text = f"Change model of {block.name}"
        self._apply(undo_text, changes)

    def _apply(self, undo_text: str, changes: dict[str, Any]) -> None:
        try:
            changed = self._host.edit(undo_text, **changes)
        except ValidationError as exc:
            self._refuse(validation_reason(exc))
            return
        if not changed:
            self._host.redraw()

    def _current_prices(self, block: FeatureBlock) -> dict[str, float]:
        """The prices the block is priced at now, to keep as typed prices (the cost must not jump).

        Raises PitchError when there is no way to know them (an unknown model: nothing to keep).
        """
        host = self._host
        as_of = host.as_of()
        if block.deployment is not None:
            c = deployment_costs(host.pitch.deployment(block.deployment))
            return {"input_per_mtok": c.input_per_mtok, "output_per_mtok": c.output_per_mtok}
        model = block.model
        if model is None and block.requires is not None and block.price is None:
            analysis = host.analysis()
            index = host.index
            resolved = (
                analysis.prepared.resolved[index]
                if analysis is not None and analysis.prepared is not None and index is not None
                else None
            )
            if resolved is not None and resolved.model_id is not None:
                model = resolved.model_id
            elif host.catalog.is_loaded():
                model = host.catalog.cheapest_capable(block, as_of)[1].model_id
            else:
                raise PitchError("the price catalog is still loading")
        if model is None:
            return {}
        if not host.catalog.is_loaded():  # never load genai-prices on the GUI thread
            raise PitchError("the price catalog is still loading; try again in a moment")
        try:
            return dict(host.catalog.price_at(model, as_of).fields)
        except PitchError:
            return {}  # a model that cannot be priced: no price to keep

    def _on_deployment_combo_activated(self, index: int) -> None:
        host = self._host
        block = host.block()
        if block is None:
            return
        chosen = self._deployment_ids[index - 1] if 0 < index <= len(self._deployment_ids) else None
        if chosen == block.deployment:
            return
        if chosen is None:
            self.commit_model(EXPLICIT_ONLY)
            return
        dep = host.pitch.deployment(chosen)
        given = block.price.given() if block.price else {}
        kept = {k: v for k, v in given.items() if k in DEPLOYMENT_PRICE_OVERRIDES}
        changes = {"model": None, "deployment": chosen, "price": PriceSpec(**kept) if kept else None}
        try:
            changed = host.edit(f"Price {block.name} from deployment {dep.name}", **changes)
        except ValidationError as exc:
            _show_error(None, self.deployment_error, validation_reason(exc))
            return
        if not changed:
            host.redraw()

    def _on_edit_deployments_button_clicked(self) -> None:
        name = self._deployment_view()
        if name is not None and self._views is not None:
            self._views.show(name)
