"""The infrastructure window (Pitch > Infrastructure...): deployments edited both ways, the chain's numbers
worked out by hand, the utilisation chart and its break-even, presets, blocks moved onto a deployment."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialogButtonBox

from core.catalog import default_catalog
from core.deployments import HOURS_PER_YEAR
from core.engine import evaluate
from core.formatting import format_fraction, format_per_mtok
from core.pitch import Pitch
from core.presets import preset
from desktop.app import App
from desktop.charts.utilisation_chart import NO_BREAKEVEN
from desktop.workflows.infrastructure import Infrastructure
from desktop.workflows.infrastructure.dialogs import PresetDialog
from desktop.workflows.infrastructure.window import InfrastructureWindow
from tests.desktop.helpers import hover_at, open_app

TODAY = date(2026, 12, 3)
AS_OF = date(2026, 3, 23)
HOSTILE = "<b>Fleet</b> <img src=x>"
RENTAL: dict[str, Any] = {
    "id": "rent",
    "name": "Rented H100s",
    "gpu": "H100 SXM",
    "gpu_hour_usd": 2.0,
    "utilisation": 0.5,
    "input_tokens_per_second_per_gpu": 9000.0,
    "output_tokens_per_second_per_gpu": 1850.0,
    "source": "a quote",
}


def _pitch(deployments: list[dict[str, Any]] | None = None) -> Pitch:
    return Pitch.model_validate(
        {
            "format": "computecurve.pitch",
            "schema_version": 2,
            "name": "Self-hosted chat",
            "as_of": AS_OF.isoformat(),
            "business": {"price_per_user_month": 20.0, "target_gross_margin": 0.6},
            "deployments": [RENTAL] if deployments is None else deployments,
            "blocks": [
                {
                    "name": "Chat",
                    **({"deployment": "rent"} if deployments is None else {"model": "openai:gpt-4o-mini"}),
                    "input_tokens": 2000,
                    "output_tokens": 300,
                    "calls_per_action": 1,
                    "actions_per_day": 20,
                },
                {
                    "name": "Search",
                    "model": "openai:gpt-4o-mini",
                    "price": {"cached_input_per_mtok": 0.05},
                    "input_tokens": 500,
                    "output_tokens": 100,
                    "cached_input_fraction": 0.5,
                    "calls_per_action": 1,
                    "actions_per_day": 5,
                },
            ],
        }
    )


@pytest.fixture
def app(qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> App:
    monkeypatch.setenv("COMPUTECURVE_HOME", str(tmp_path / "home"))
    return open_app(qtbot, _pitch(), today=TODAY)


def _window(app: App) -> InfrastructureWindow:
    owner: Infrastructure = app.workflows["infrastructure"]
    window = owner.open()
    return window


def _chain(window: InfrastructureWindow) -> dict[str, str]:
    """The chain on screen: step label (without its arrow) -> the number shown."""
    return {
        label.text().removeprefix("→ "): value.text()
        for label, value, _how in window.chain.rows
        if not label.isHidden()
    }


def _type(qtbot: Any, edit: Any, text: str) -> None:
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def test_menu_shortcut_view_and_the_action_other_views_trigger(app: App) -> None:
    action = app.window.findChild(QAction, "infrastructureAction")
    assert action is not None and action.shortcut() == QKeySequence("Ctrl+Shift+I")
    assert "infrastructure" in app.context.views
    action.trigger()
    window = app.workflows["infrastructure"].window
    assert window.isVisible() and window.deployment_id == "rent"
    window.close()
    # another view (the block editor's deployment combo) selects a deployment through the action's data
    doc = app.document
    doc.edit(
        doc.pitch.model_copy(
            update={
                "deployments": (
                    *doc.pitch.deployments,
                    doc.pitch.deployments[0].model_copy(update={"id": "two", "name": "Second"}),
                )
            }
        ),
        "add",
    )
    action.setData("two")
    action.trigger()
    assert window.isVisible() and window.deployment_id == "two" and action.data() is None
    window.close()


def test_the_rental_chain_worked_out_by_hand(app: App) -> None:
    window = _window(app)
    # $2.00 / 50% = $4.00 per paid hour; output 4 / (1,850 x 3,600) x 1e6 = 0.6006; input 4 / 32,400 x 1e6 = 0.1235
    assert _chain(window) == {
        "GPU-hour": "$2.0000 per GPU-hour",
        "Paid hour": "$4.0000 per paid hour",
        "Input price": "$0.123 / M tokens",
        "Output price": "$0.601 / M tokens",
    }
    steps = {s.key: s.value for s in window.chain.steps}
    assert steps["output"] == pytest.approx(4 / 6.66, rel=1e-12)  # 0.600601
    assert steps["input"] == pytest.approx(4 / 32.4, rel=1e-12)
    assert window.chain.source.text() == "Source: a quote"
    # the number the engine prices the block with is the chain's
    assert evaluate(app.document.pitch).blocks[0].price.base.output_per_mtok == pytest.approx(steps["output"])


def test_the_seeds_fleet_from_its_preset_through_the_dialog(app: App, qtbot: Any) -> None:
    window = _window(app)
    window.add_button.click()
    dialog = window.preset_dialog
    assert isinstance(dialog, PresetDialog) and dialog.isVisible()
    dialog.select("seed-c9-h100-fleet")
    shown = dialog.source.text()
    assert "claim C9" in shown and "2026-03-23" in shown  # its source and its date
    dialog.price_all.setChecked(True)
    dialog.ok_button.click()
    pitch = app.document.pitch
    assert [d.id for d in pitch.deployments] == ["rent", "seed-c9-h100-fleet"]
    assert all(b.deployment == "seed-c9-h100-fleet" for b in pitch.blocks)
    assert app.document.undo_stack.count() == 1
    assert app.document.undo_stack.undoText() == (
        "Add deployment H100 · owned, 5-year total cost · the seed essay (C9), Mar 2026 · $1.96/GPU-hour "
        "and price every block from it"
    )
    assert window.deployment_id == "seed-c9-h100-fleet"
    # 8,600,000 / (100 x 5 x 8,766) = 1.96213; 3 / 8.6 = 34.9%; 1.96213 / 0.7 = 2.80304
    hour = 8_600_000 / (100 * 5 * HOURS_PER_YEAR)
    assert f"${hour:.4f}" == "$1.9621" and f"${hour / 0.7:.4f}" == "$2.8030"
    chain = _chain(window)
    assert chain["GPU-hour"] == "$1.9621 per GPU-hour"
    assert chain["GPU share of cost"] == "34.9% of the total cost"
    assert chain["Paid hour"] == "$2.8030 per paid hour"
    # the form shows the copied figures, the seed's ownership
    form = window.form
    assert form.basis_combo.currentText() == "Total cost of ownership"
    assert form.fields[("ownership", "total_cost_usd")].edit.text() == "8,600,000"
    assert form.fields[("ownership", "purchase_usd")].edit.text() == "3,000,000"
    app.document.undo_stack.undo()
    assert [d.id for d in app.document.pitch.deployments] == ["rent"]
    assert window.deployment_id == "rent"


def test_a_preset_without_a_published_throughput_asks_for_it(app: App, qtbot: Any) -> None:
    dialog = PresetDialog()
    qtbot.addWidget(dialog)
    dialog.select("semianalysis-2026-07-b200-rental-3yr")
    assert not dialog.throughput_box.isHidden()
    assert "No input or output throughput is published for B200" in dialog.throughput_note.text()
    dialog.ok_button.click()  # nothing given: refused, named
    assert dialog.deployment is None and dialog.result() != dialog.DialogCode.Accepted
    field = dialog.fields["input_tokens_per_second_per_gpu"]
    assert field.error_text().startswith(
        "No input throughput is published for B200: give the tokens per second"
    )
    dialog.fields["input_tokens_per_second_per_gpu"].edit.setText("12,000")
    dialog.fields["output_tokens_per_second_per_gpu"].edit.setText("-5")
    dialog.ok_button.click()
    assert dialog.deployment is None
    assert dialog.fields["output_tokens_per_second_per_gpu"].error_text() != ""
    dialog.fields["output_tokens_per_second_per_gpu"].edit.setText("2,500")
    dialog.ok_button.click()
    d = dialog.deployment
    assert d is not None and d.gpu_hour_usd == 2.60  # SemiAnalysis, Jul 2026, B200 3-year rental
    assert (d.input_tokens_per_second_per_gpu, d.output_tokens_per_second_per_gpu) == (12000.0, 2500.0)
    assert "given by the user" in d.source


def test_a_figure_typed_is_one_undo_step_and_a_bad_one_none(app: App, qtbot: Any) -> None:
    window = _window(app)
    field = window.form.fields[(None, "utilisation")]
    assert field.edit.text() == "50"  # model -> view, in percent
    _type(qtbot, field.edit, "80")
    assert app.document.pitch.deployments[0].utilisation == 0.8
    assert app.document.undo_stack.undoText() == "Change utilisation of Rented H100s"
    # 2 / 0.8 = $2.50 per paid hour
    assert _chain(window)["Paid hour"] == "$2.5000 per paid hour"
    count = app.document.undo_stack.count()
    _type(qtbot, field.edit, "150")
    assert field.error_text() == "Must be at most 100%"
    assert app.document.pitch.deployments[0].utilisation == 0.8 and app.document.undo_stack.count() == count
    _type(qtbot, field.edit, "80")  # the same value again: no step
    assert app.document.undo_stack.count() == count
    app.document.undo_stack.undo()  # the model -> the view
    assert field.edit.text() == "50" and _chain(window)["Paid hour"] == "$4.0000 per paid hour"


def test_rename_and_hostile_names_are_plain_text(app: App, qtbot: Any) -> None:
    window = _window(app)
    _type(qtbot, window.form.texts["name"], HOSTILE)
    assert app.document.pitch.deployments[0].name == HOSTILE
    assert app.document.undo_stack.undoText() == f"Rename deployment Rented H100s to {HOSTILE}"
    assert window.deployment_list.item(0).text().startswith(HOSTILE)
    assert window.chain.title.text().startswith(HOSTILE)
    assert window.chain.title.textFormat() == Qt.TextFormat.PlainText
    window.form.texts["name"].clear()
    qtbot.keyClick(window.form.texts["name"], Qt.Key.Key_Return)
    assert window.form.text_errors["name"].text() == "Must not be empty"
    assert app.document.pitch.deployments[0].name == HOSTILE


def test_the_break_even_against_the_models_price_both_ways(app: App, qtbot: Any) -> None:
    window = _window(app)
    assert window.model == "openai:gpt-4o-mini"  # the first model a block uses
    p = default_catalog().price_at("openai:gpt-4o-mini", AS_OF).fields
    api_out, api_in = p["output_per_mtok"], p["input_per_mtok"]
    # u* = gpu_hour / (p / 1e6 x 3,600 x output_tps) = 2 / (p x 0.00666)
    u_star = 2.0 / (api_out / 1e6 * 3600 * 1850)
    assert 0 < u_star <= 1
    chart = window.chart
    curve = chart.curve
    assert curve is not None and curve.breakeven == pytest.approx(u_star, rel=1e-12)
    assert chart._breakeven.isVisible() and float(chart._breakeven.value()) == pytest.approx(100 * u_star)
    assert chart._breakeven_label.toPlainText() == f"break-even {format_fraction(u_star)}"
    assert float(chart._api_output.value()) == pytest.approx(math.log10(api_out))
    assert float(chart._api_input.value()) == pytest.approx(math.log10(api_in))
    x, y = chart._output.getData()
    assert np.allclose(10**y, 2.0 / (x / 100) / 6.66, rtol=1e-12)  # the contract's formula at each point
    assert float(chart._own.value()) == pytest.approx(50.0)
    assert window.breakeven.text().startswith(f"Break-even at {format_fraction(u_star)} utilisation")
    # a tenth of the throughput: at full use the output costs 2 / 0.666 = $3.00 > the API's: no break-even
    _type(qtbot, window.form.fields[(None, "output_tokens_per_second_per_gpu")].edit, "185")
    curve = chart.curve
    assert curve is not None and curve.breakeven is None
    assert not chart._breakeven.isVisible() and chart._status.toPlainText() == NO_BREAKEVEN
    assert window.breakeven.text().startswith("No break-even in (0, 100%]")
    text = hover_at(chart, 50.0, math.log10(6.0))
    u = float(curve.u[int(np.argmin(np.abs(100 * curve.u - 50.0)))])  # the sample nearest the mouse
    # 2 / u / (185 x 3,600 / 1e6): $6.01 at 50%
    assert text.startswith(
        f"at {format_fraction(u)} utilisation\nself-hosted output: {format_per_mtok(2 / u / 0.666)}"
    )


def test_the_model_box_lists_models_by_the_pitchs_date_and_refuses_unknown_ones(app: App, qtbot: Any) -> None:
    window = _window(app)
    ids = [window.model_combo.itemText(i) for i in range(window.model_combo.count())]
    catalog = default_catalog()
    assert ids and all((d := catalog.release_date(m)) is None or d <= AS_OF for m in ids)
    assert len(ids) < len(app.service.model_ids or [])  # some were released after the pitch's date
    line = window.model_combo.lineEdit()

    def choose(text: str) -> None:  # typed and confirmed (typing itself would pop the completer up)
        line.setText(text)
        line.editingFinished.emit()

    choose("nobody:no-such-model")
    assert window.model_error.text().startswith("Unknown model 'nobody:no-such-model'")
    assert window.chart.curve is not None and window.chart.curve.api is None
    assert not window.chart._api_output.isVisible()
    choose("anthropic:claude-sonnet-4-6")
    assert window.model_error.isHidden()
    curve = window.chart.curve
    assert curve is not None and curve.api is not None and curve.api.model == "anthropic:claude-sonnet-4-6"
    assert "anthropic:claude-sonnet-4-6 on 2026-03-23: source" in window.api_source.text()


def test_blocks_are_moved_onto_it_with_a_check(app: App) -> None:
    window = _window(app)
    items = [window.block_list.item(i) for i in range(window.block_list.count())]
    assert [i.checkState() for i in items] == [Qt.CheckState.Checked, Qt.CheckState.Unchecked]
    assert not items[0].flags() & Qt.ItemFlag.ItemIsUserCheckable  # a block is moved off in its editor
    items[1].setCheckState(Qt.CheckState.Checked)
    b = app.document.pitch.blocks[1]
    assert b.deployment == "rent" and b.model is None
    assert b.price is not None and b.price.cached_input_per_mtok == 0.05  # the price a deployment leaves
    assert app.document.undo_stack.undoText() == "Price Search from Rented H100s"
    app.document.undo_stack.undo()
    assert window.block_list.item(1).checkState() == Qt.CheckState.Unchecked


def test_switching_the_gpu_hour_basis_asks_for_its_figures(app: App, qtbot: Any) -> None:
    window = _window(app)
    form = window.form
    before = evaluate(app.document.pitch).blocks[0].cost_per_user_month  # the block priced from it
    form.basis_combo.activated.emit(1)  # total cost of ownership
    dialog = window.figures_dialog
    assert dialog is not None and form.basis_combo.currentText() == "A quoted price"  # until given
    dialog.fields["ownership.gpus"].edit.setText("10")
    dialog.fields["ownership.total_cost_usd"].edit.setText("100")
    dialog.fields["ownership.years"].edit.setText("5")
    dialog.fields["ownership.purchase_usd"].edit.setText("200")  # above the total: refused, named
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    ok.click()
    assert "above the total cost of ownership" in dialog.fields["ownership.purchase_usd"].error_text()
    assert app.document.pitch.deployments[0].gpu_hour_usd == 2.0
    # 10 GPUs, $1,753,200 over 5 years: 1,753,200 / (10 x 5 x 8,766) = $4.00 per GPU-hour
    dialog.fields["ownership.total_cost_usd"].edit.setText("1,753,200")
    dialog.fields["ownership.purchase_usd"].edit.setText("")
    ok.click()
    d = app.document.pitch.deployments[0]
    assert d.gpu_hour_usd is None and d.ownership is not None and d.ownership.total_cost_usd == 1_753_200
    assert (
        app.document.undo_stack.undoText()
        == "Price the GPU-hour of Rented H100s from the total cost of ownership"
    )
    assert _chain(window)["GPU-hour"] == "$4.0000 per GPU-hour"
    assert form.basis_combo.currentText() == "Total cost of ownership"
    # back to a quoted price: the current GPU-hour is filled in, so the cost does not change
    form.basis_combo.activated.emit(0)
    dialog = window.figures_dialog
    assert dialog is not None and dialog.fields["gpu_hour_usd"].edit.text() == "4"
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert app.document.pitch.deployments[0].gpu_hour_usd == pytest.approx(4.0)
    assert evaluate(app.document.pitch).blocks[0].cost_per_user_month == pytest.approx(2 * before, rel=1e-9)


def test_removing_a_deployment_keeps_its_blocks_cost(app: App) -> None:
    window = _window(app)
    before = evaluate(app.document.pitch).cost_per_user_month
    assert window.remove_selected()
    assert app.document.pitch.deployments == ()
    assert app.document.undo_stack.undoText() == "Remove deployment Rented H100s (1 block keeps its prices)"
    assert evaluate(app.document.pitch).cost_per_user_month == pytest.approx(before, rel=1e-12)
    assert not window.empty.isHidden() and window.chart.is_empty()
    app.document.undo_stack.undo()
    assert window.deployment_id == "rent" and window.empty.isHidden()


def test_a_pitch_without_deployments_says_what_to_do(qtbot: Any, tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("COMPUTECURVE_HOME", str(tmp_path / "home"))
    app = open_app(qtbot, _pitch(deployments=[]), today=TODAY)
    window = _window(app)
    assert window.empty.text().startswith("This pitch has no self-hosted deployments. Add one from a preset")
    assert not window.remove_button.isEnabled() and window.form_scroll.isHidden()
    assert window.chart.is_empty()
    # a preset added: its figures to edit
    seed = preset("seed-c9-h100-fleet").deployment
    assert seed is not None and window.add_deployment(seed)
    assert not window.form_scroll.isHidden() and window.form.isEnabled()
    assert window.form.fields[(None, "utilisation")].edit.text() == "70"
