"""The infrastructure window: the pitch's self-hosted deployments, their chain, and their price against
utilisation beside an API's (docs/contract.md 6.2).

Left, the deployments (add one from a preset, remove one) and the pitch's blocks, checked where they are
priced from the selected deployment (check another to move it onto it). In the middle, the selected
deployment's figures (:class:`~desktop.workflows.infrastructure.form.DeploymentForm`). Right, its chain
(GPU-hour -> paid hour -> $ per million tokens, each step with its number and source) and the utilisation
chart beside the price of a catalog model the user picks (listed if released by the pitch's date), with the
break-even utilisation. Every edit is one named undo step on the document; the window follows the document
(undo, another file) and draws only while it is shown.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QSignalBlocker, Qt
from PySide6.QtGui import QCloseEvent, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QCompleter,
    QDialog,
    QFrame,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core.deployments import deployment_costs
from core.errors import PitchError
from core.formatting import format_gpu_hour
from core.infrastructure import (
    ApiPrice,
    blocks_using,
    deployment_chain,
    utilisation_curve,
    without_deployment,
)
from core.pitch import Deployment, Pitch
from core.presets import use_deployment, with_deployment
from desktop.charts.utilisation_chart import UtilisationChart
from desktop.field_widgets import caption_label, error_label, section_label, sentence
from desktop.safety import plain_label, plain_tooltip, set_plain
from desktop.theme import ChartTheme, chart_theme
from desktop.workflow import WorkflowContext, separate_window
from desktop.workflows.infrastructure.chain import ChainPanel
from desktop.workflows.infrastructure.dialogs import FiguresDialog, PresetDialog
from desktop.workflows.infrastructure.form import (
    BASIS_LABELS,
    DeploymentForm,
    basis_prefill,
    basis_undo_text,
    figure_specs,
    rebased,
)

TITLE = "Infrastructure"
DEFAULT_MODEL = "openai:gpt-4o-mini"  # the flash tier the presentation's model switch uses (README)
NO_DEPLOYMENTS = (
    "This pitch has no self-hosted deployments. Add one from a preset (Add…): the seed essay's fleet of 100 "
    "H100s, SemiAnalysis' GPU-hour figures, on-demand rental prices, each with its source and date."
)


def palette_theme() -> ChartTheme:
    """The chart theme of the application's palette (the main window's light or dark choice)."""
    app = QApplication.instance()
    dark = isinstance(app, QApplication) and app.palette().color(QPalette.ColorRole.Window).lightness() < 128
    return chart_theme("dark" if dark else "light")


class InfrastructureWindow(QWidget):
    """The deployments of the document's pitch, editable, with their chain and utilisation chart."""

    def __init__(self, context: WorkflowContext) -> None:
        super().__init__()
        separate_window(self, context.host, TITLE)
        self.setObjectName("infrastructureWindow")
        self._context = context
        self._document = context.document
        self._service = context.analysis
        self._catalog = context.catalog
        self._dep_id: str | None = None
        self._stale = True
        self._model = ""
        self._models_as_of: date | None = None
        self.preset_dialog: PresetDialog | None = None
        self.figures_dialog: FiguresDialog | None = None

        # Left: the deployments and the blocks.
        self.deployment_list = QListWidget()
        self.deployment_list.setObjectName("deploymentList")
        self.deployment_list.currentRowChanged.connect(self._on_deployment_list_current_row_changed)
        self.add_button = QPushButton("Add…")
        self.add_button.setToolTip(
            plain_tooltip(
                "Add a deployment from a preset: a published GPU-hour figure with its source and date"
            )
        )
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setToolTip(
            plain_tooltip(
                "Remove the selected deployment. Blocks priced from it keep its current prices as explicit "
                "prices, so no cost changes (one undo step)."
            )
        )
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        self.block_list = QListWidget()
        self.block_list.setObjectName("deploymentBlocks")
        self.block_list.itemChanged.connect(self._on_block_list_item_changed)
        for listing in (self.deployment_list, self.block_list):
            listing.setWordWrap(True)
            listing.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.blocks_caption = caption_label(
            "Checked: priced from this deployment. Check a block to move it onto it (its model is dropped; "
            "its cached-input, cache-write and reasoning prices are kept)."
        )
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(8, 8, 4, 8)
        lv.addWidget(section_label("Deployments"))
        lv.addWidget(self.deployment_list, 2)
        lv.addLayout(buttons)
        lv.addWidget(section_label("Blocks"))
        lv.addWidget(self.block_list, 3)
        lv.addWidget(self.blocks_caption)

        # Middle: the figures.
        self.form = DeploymentForm(self._document)
        self.form.basis_requested.connect(self._on_form_basis_requested)
        form_scroll = QScrollArea()
        form_scroll.setWidgetResizable(True)
        form_scroll.setFrameShape(QFrame.Shape.NoFrame)
        form_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        form_scroll.setWidget(self.form)
        self.form_scroll = form_scroll

        # Right: the chain, the model to compare with, the chart.
        self.empty = plain_label(NO_DEPLOYMENTS)
        self.empty.setWordWrap(True)
        self.chain = ChainPanel()
        chain_box = QWidget()
        cv = QVBoxLayout(chain_box)
        cv.setContentsMargins(8, 8, 8, 4)
        cv.addWidget(self.empty)
        cv.addWidget(self.chain)
        cv.addStretch(1)
        chain_scroll = QScrollArea()
        chain_scroll.setWidgetResizable(True)
        chain_scroll.setFrameShape(QFrame.Shape.NoFrame)
        chain_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        chain_scroll.setWidget(chain_box)
        self.model_combo = QComboBox()
        self.model_combo.setObjectName("apiModel")
        self.model_combo.setEditable(True)
        self.model_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.model_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.model_combo.setMinimumContentsLength(18)
        self.model_combo.setMaxVisibleItems(20)
        self.model_combo.lineEdit().setPlaceholderText("provider:model, e.g. openai:gpt-4o-mini")
        self.model_combo.setToolTip(
            plain_tooltip(
                "A catalog model whose API price is set beside the self-hosted one (type to search).\n"
                "Listed: the models released by the pitch's date; priced on that date (genai-prices, or the "
                "bundled price history for earlier dates).\nDefault: the first model a block of the pitch uses, "
                f"else {DEFAULT_MODEL}."
            )
        )
        completer = QCompleter(self.model_combo.model(), self.model_combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.model_combo.setCompleter(completer)
        self.model_combo.activated.connect(self._on_model_combo_activated)
        completer.activated[str].connect(self._on_model_completer_activated)
        self.model_combo.lineEdit().editingFinished.connect(self._on_model_edit_editing_finished)
        self.model_error = error_label()
        self.api_source = caption_label()
        self.api_source.setObjectName("apiSource")
        self.chart = UtilisationChart()
        self.chart.setObjectName("utilisationChart")
        self.chart.set_theme(palette_theme())
        self.breakeven = plain_label()
        self.breakeven.setObjectName("breakevenSentence")
        self.breakeven.setWordWrap(True)
        chart_box = QWidget()
        chv = QVBoxLayout(chart_box)
        chv.setContentsMargins(8, 4, 8, 8)
        model_row = QHBoxLayout()
        model_row.addWidget(plain_label("Compare with the API price of"))
        model_row.addWidget(self.model_combo, 1)
        chv.addLayout(model_row)
        chv.addWidget(self.model_error)
        chv.addWidget(self.api_source)
        chv.addWidget(self.chart, 1)
        chv.addWidget(self.breakeven)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(chain_scroll)
        right.addWidget(chart_box)
        right.setStretchFactor(0, 2)
        right.setStretchFactor(1, 3)
        right.setChildrenCollapsible(False)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(form_scroll)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 6)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([260, 400, 760])
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.splitter)
        self.resize(1420, 860)

        self._document.pitch_changed.connect(self._on_document_pitch_changed)
        self._document.replaced.connect(self._on_document_replaced)
        self._service.catalog_ready.connect(self._on_service_catalog_ready)

    # -- model -> view ------------------------------------------------------------------------------
    @property
    def pitch(self) -> Pitch:
        return self._document.pitch

    @property
    def deployment_id(self) -> str | None:
        return self._dep_id

    def selected(self) -> Deployment | None:
        return next((d for d in self.pitch.deployments if d.id == self._dep_id), None)

    def show_deployment(self, dep_id: str | None) -> None:
        """Select deployment ``dep_id`` (None or unknown: the first one)."""
        self._dep_id = dep_id
        self._stale = True
        if self.isVisible():
            self.draw()

    def draw(self) -> None:
        """Draw the document's pitch: the list, the figures, the chain, the chart and the blocks."""
        self._stale = False
        pitch = self.pitch
        ids = [d.id for d in pitch.deployments]
        if self._dep_id not in ids:
            self._dep_id = ids[0] if ids else None
        with QSignalBlocker(self.deployment_list):
            self.deployment_list.clear()
            for d in pitch.deployments:
                item = QListWidgetItem(
                    f"{d.name}\n{format_gpu_hour(deployment_costs(d).gpu_hour_usd)} per GPU-hour · {d.gpu}"
                )
                item.setData(Qt.ItemDataRole.UserRole, d.id)
                item.setToolTip(plain_tooltip(f"{d.name} (id {d.id})\n{d.source}"))
                self.deployment_list.addItem(item)
            self.deployment_list.setCurrentRow(ids.index(self._dep_id) if self._dep_id is not None else -1)
        self.remove_button.setEnabled(self._dep_id is not None)
        self.form.show_deployment(self._dep_id)
        self._draw_models()
        self._draw_selected()

    def _draw_selected(self) -> None:
        d = self.selected()
        self.empty.setVisible(d is None)
        self.chain.setVisible(d is not None)
        self.form_scroll.setVisible(d is not None)  # no figures to edit: the message says what to do
        self._draw_blocks(d)
        if d is None:
            self.chart.show_curve(None)
            set_plain(self.breakeven, "")
            return
        self.chain.show_chain(
            f"{d.name}: from a GPU-hour to a price per token", deployment_chain(d), d.source
        )
        api = self._api_price()
        curve = utilisation_curve(d, api)
        self.chart.show_curve(curve)
        set_plain(self.breakeven, curve.sentence)
        self.breakeven.setVisible(bool(curve.sentence))

    def _draw_blocks(self, d: Deployment | None) -> None:
        using = set(blocks_using(self.pitch, d.id)) if d is not None else set()
        with QSignalBlocker(self.block_list):
            self.block_list.clear()
            for i, block in enumerate(self.pitch.blocks):
                if block.deployment is not None and i not in using:
                    where = f"priced from deployment {block.deployment}"
                elif i in using:
                    where = "priced from this deployment"
                else:
                    where = f"priced from {block.model}" if block.model else "its own prices"
                off = "" if block.enabled else " (off)"
                item = QListWidgetItem(f"{block.name}{off}")
                item.setToolTip(plain_tooltip(f"{block.name}: {where}"))
                flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                if d is not None and i not in using:
                    flags |= Qt.ItemFlag.ItemIsUserCheckable
                item.setFlags(flags)
                item.setCheckState(Qt.CheckState.Checked if i in using else Qt.CheckState.Unchecked)
                item.setData(Qt.ItemDataRole.UserRole, i)
                self.block_list.addItem(item)
        self.block_list.setEnabled(d is not None)

    # -- the model to compare with ------------------------------------------------------------------
    def _as_of(self) -> date:
        return self.pitch.effective_as_of(self._service.today())

    def _draw_models(self) -> None:
        if not self._model:
            self._model = next((b.model for b in self.pitch.blocks if b.model), None) or DEFAULT_MODEL
        ids = self._service.model_ids
        as_of = self._as_of()
        if ids is not None and self._models_as_of != as_of:
            self._models_as_of = as_of
            released = [m for m in ids if (day := self._catalog.release_date(m)) is None or day <= as_of]
            with QSignalBlocker(self.model_combo):
                self.model_combo.clear()
                self.model_combo.addItems(released)
        with QSignalBlocker(self.model_combo):
            found = self.model_combo.findText(self._model, Qt.MatchFlag.MatchExactly)
            if found >= 0:
                self.model_combo.setCurrentIndex(found)
            self.model_combo.setEditText(self._model)

    def _api_price(self) -> ApiPrice | None:
        self.model_error.setVisible(False)
        if self._service.model_ids is None:
            set_plain(self.api_source, "Loading the price catalog…")
            return None
        as_of = self._as_of()
        try:
            price = self._catalog.price_at(self._model, as_of)
        except PitchError as exc:
            self.model_error.setText(sentence(exc.message))
            self.model_error.setVisible(True)
            set_plain(self.api_source, "")
            return None
        inp, out = price.fields.get("input_per_mtok"), price.fields.get("output_per_mtok")
        if inp is None or out is None:
            self.model_error.setText(f"{self._model} has no token price on {as_of.isoformat()}")
            self.model_error.setVisible(True)
            return None
        set_plain(self.api_source, f"{self._model} on {as_of.isoformat()}: source {price.source}")
        return ApiPrice(self._model, inp, out, price.source)

    def set_model(self, model: str) -> None:
        """Compare with catalog model ``model`` (a user's choice: kept while the window lives)."""
        model = model.strip()
        if not model or model == self._model:
            self._draw_models()
            if model == self._model:
                self._draw_selected()  # typed back the model in use: drop a refusal
            return
        self._model = model
        self._draw_models()
        self._draw_selected()

    @property
    def model(self) -> str:
        return self._model

    # -- user actions (view -> edits) ---------------------------------------------------------------
    def _on_deployment_list_current_row_changed(self, row: int) -> None:
        item = self.deployment_list.item(row)
        if item is None:
            return
        self._dep_id = item.data(Qt.ItemDataRole.UserRole)
        self.remove_button.setEnabled(True)
        self.form.show_deployment(self._dep_id)
        self._draw_selected()

    def _on_block_list_item_changed(self, item: QListWidgetItem) -> None:
        d = self.selected()
        if d is None or item.checkState() != Qt.CheckState.Checked:
            return
        i = int(item.data(Qt.ItemDataRole.UserRole))
        block = self.pitch.blocks[i]
        self._document.edit(use_deployment(self.pitch, d.id, (i,)), f"Price {block.name} from {d.name}")

    def move_blocks(self, blocks: tuple[int, ...]) -> bool:
        """Price ``blocks`` from the selected deployment (one undo step)."""
        d = self.selected()
        if d is None or not blocks:
            return False
        names = ", ".join(self.pitch.blocks[i].name for i in blocks)
        return self._document.edit(use_deployment(self.pitch, d.id, blocks), f"Price {names} from {d.name}")

    def _on_add_button_clicked(self) -> None:
        dialog = PresetDialog(self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.finished.connect(self._on_preset_dialog_finished)
        self.preset_dialog = dialog
        dialog.open()

    def _on_preset_dialog_finished(self, result: int) -> None:
        dialog, self.preset_dialog = self.preset_dialog, None
        if dialog is None:
            return
        dialog.deleteLater()
        if result == QDialog.DialogCode.Accepted and dialog.deployment is not None:
            self.add_deployment(dialog.deployment, price_all=dialog.price_all.isChecked())

    def add_deployment(self, deployment: Deployment, *, price_all: bool = False) -> bool:
        """Copy ``deployment`` into the pitch (its id made unique), optionally pricing every block from it."""
        blocks = tuple(range(len(self.pitch.blocks))) if price_all else ()
        new = with_deployment(self.pitch, deployment, blocks)
        added = new.deployments[-1].id
        text = f"Add deployment {deployment.name}" + (" and price every block from it" if blocks else "")
        if self._document.edit(new, text):
            self.show_deployment(added)
            return True
        return False

    def _on_remove_button_clicked(self) -> None:
        self.remove_selected()

    def remove_selected(self) -> bool:
        d = self.selected()
        if d is None:
            return False
        n = len(blocks_using(self.pitch, d.id))
        keep = f" ({n} block{'s' if n != 1 else ''} keep{'s' if n == 1 else ''} its prices)" if n else ""
        done = self._document.edit(without_deployment(self.pitch, d.id), f"Remove deployment {d.name}{keep}")
        if done:
            self._context.show_status(f"Removed deployment {d.name}{keep}; Ctrl+Z brings it back")
        return done

    def _on_form_basis_requested(self, dep_id: str, basis: str) -> None:
        d = next((x for x in self.pitch.deployments if x.id == dep_id), None)
        if d is None:
            return
        intro = (
            f"Price the GPU-hour of {d.name} from {BASIS_LABELS[basis].lower()}: give its figures "
            "(the current GPU-hour is filled in for a quoted price, so the cost does not change)."
        )
        dialog = FiguresDialog(
            f"GPU-hour from {BASIS_LABELS[basis].lower()}",
            intro,
            figure_specs(basis),
            basis_prefill(d, basis),
            lambda figures: rebased(d, basis, figures),
            self,
        )
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.finished.connect(
            lambda result, b=basis, name=d.id: self._on_figures_dialog_finished(result, name, b)
        )
        self.figures_dialog = dialog
        dialog.open()

    def _on_figures_dialog_finished(self, result: int, dep_id: str, basis: str) -> None:
        dialog, self.figures_dialog = self.figures_dialog, None
        if dialog is None:
            return
        dialog.deleteLater()
        d = next((x for x in self.pitch.deployments if x.id == dep_id), None)
        if (
            result != QDialog.DialogCode.Accepted
            or d is None
            or not isinstance(dialog.result_value, Deployment)
        ):
            self.form.draw()
            return
        deps = tuple(dialog.result_value if x.id == dep_id else x for x in self.pitch.deployments)
        self._document.edit_fields(basis_undo_text(d, basis), deployments=deps)

    def _on_model_combo_activated(self, index: int) -> None:
        self.set_model(self.model_combo.itemText(index))

    def _on_model_completer_activated(self, text: str) -> None:
        self.set_model(text)

    def _on_model_edit_editing_finished(self) -> None:
        self.set_model(self.model_combo.lineEdit().text())

    # -- following the document ---------------------------------------------------------------------
    def _on_document_pitch_changed(self, _pitch: Pitch) -> None:
        self._stale = True
        if self.isVisible():
            self.draw()

    def _on_document_replaced(self) -> None:
        self._dep_id = None
        self._model = ""
        self._models_as_of = None

    def _on_service_catalog_ready(self, _ids: object) -> None:
        self._models_as_of = None
        self._stale = True
        if self.isVisible():
            self.draw()

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ApplicationPaletteChange:
            self.chart.set_theme(palette_theme())
        return super().event(e)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.draw()

    def closeEvent(self, event: QCloseEvent) -> None:
        for dialog in (self.preset_dialog, self.figures_dialog):
            if dialog is not None:
                dialog.reject()
        super().closeEvent(event)
