"""A block priced from a self-hosted deployment (contract 6.2), both ways.

The seed's fleet (contract 6.2): 100 H100s, $8.6M over 5 years ($3M to buy), 70% utilisation, 9,000 input and
1,850 output tokens a second per GPU. Worked by hand: 100 x 5 x 8,766 h = 4,383,000 GPU-hours, so a GPU-hour
is $8,600,000 / 4,383,000 = $1.9621; at 70% a paid hour is $2.8030; input $2.8030 / (9,000 x 3,600) x 1e6 =
$0.086514 and output $2.8030 / (1,850 x 3,600) x 1e6 = $0.420877 per million tokens.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from core.pitch import Deployment, Pitch, PriceSpec, with_changes
from core.pitch_io import load_pitch
from desktop.block_editor import EXPLICIT_ONLY, FROM_DEPLOYMENT
from desktop.block_editor.pricing import NO_DEPLOYMENT
from tests.desktop.helpers import choose, editor_on, type_into

EXAMPLE = Path(__file__).resolve().parents[2] / "resources" / "examples" / "default.pitch.json"
TODAY = date(2026, 12, 3)
SEED = Deployment.model_validate(
    {
        "id": "seed-fleet",
        "name": "100 x H100, owned",
        "gpu": "H100 SXM",
        "ownership": {"gpus": 100.0, "total_cost_usd": 8.6e6, "years": 5.0, "purchase_usd": 3e6},
        "utilisation": 0.7,
        "input_tokens_per_second_per_gpu": 9000.0,
        "output_tokens_per_second_per_gpu": 1850.0,
        "source": "seed essay; DeepSeek open-infra-index day 6 (2025-02-28)",
    }
)
RENTED = Deployment.model_validate(
    {
        "id": "rented",
        "name": "8 x H100 rented",
        "gpu": "H100 SXM",
        "gpu_hour_usd": 2.0,
        "utilisation": 0.5,
        "input_tokens_per_second_per_gpu": 10000.0,
        "output_tokens_per_second_per_gpu": 2000.0,
    }
)


@pytest.fixture
def pitch() -> Pitch:
    return with_changes(load_pitch(EXAMPLE), deployments=(SEED, RENTED))


def on_fleet(pitch: Pitch, **price: float) -> Pitch:
    blocks = list(pitch.blocks)
    blocks[0] = with_changes(
        blocks[0], model=None, deployment="seed-fleet", price=PriceSpec(**price) if price else None
    )
    return with_changes(pitch, blocks=tuple(blocks))


class FakeViews:
    """The view registry as a plug-in fills it: a deployments' editor, when one is installed."""

    def __init__(self, names: tuple[str, ...]) -> None:
        self.names = names
        self.shown: list[str] = []

    def __contains__(self, name: object) -> bool:
        return name in self.names

    def show(self, name: str) -> Any:
        self.shown.append(name)
        return None


# -- model -> view ------------------------------------------------------------------------------------------


def test_the_deployment_and_its_chain(qtbot: QtBot, pitch: Pitch) -> None:
    _doc, editor = editor_on(qtbot, on_fleet(pitch), today=TODAY)
    pricing = editor.pricing
    assert pricing.deployment_combo.currentText() == "100 x H100, owned"
    names = [pricing.deployment_combo.itemText(i) for i in range(pricing.deployment_combo.count())]
    assert names == [NO_DEPLOYMENT, "100 x H100, owned", "8 x H100 rented"]  # by name
    # $1.9621 -> $2.8030 at 70% -> $0.086514 in / $0.420877 out, by the money rule
    assert pricing.chain_label.text() == (
        "GPU-hour $1.96 → $2.80 at 70% utilisation → $0.0865 in / $0.421 out per M tokens"
    )
    assert editor.model_combo.currentText() == FROM_DEPLOYMENT
    # The deployment gives input and output; the other text prices it allows stay editable.
    assert not editor.fields["input_per_mtok"].edit.isEnabled()
    assert editor.fields["input_per_mtok"].edit.placeholderText() == "0.08651"  # 4 figures, greyed
    for key in ("cached_input_per_mtok", "cache_write_per_mtok", "reasoning_per_mtok"):
        assert editor.fields[key].edit.isEnabled()
    assert "may still set its cached input price, cache write price and reasoning price" in (
        pricing.overrides_caption.text()
    )


def test_the_deployment_row_is_hidden_without_deployments(qtbot: QtBot) -> None:
    _doc, editor = editor_on(qtbot, load_pitch(EXAMPLE), today=TODAY)
    assert not editor.pricing.deployment_box.isVisibleTo(editor)


def test_the_deployments_editor_is_offered_only_when_it_exists(qtbot: QtBot, pitch: Pitch) -> None:
    _doc, editor = editor_on(qtbot, on_fleet(pitch), today=TODAY)
    button = editor.pricing.edit_deployments_button
    assert not button.isVisibleTo(editor)  # no such view: hidden
    views = FakeViews(("deployments",))
    editor.set_views(views)
    assert button.isVisibleTo(editor)
    button.click()
    assert views.shown == ["deployments"]  # the context's view is asked to open


# -- user action -> model -------------------------------------------------------------------------------------


def test_choosing_a_deployment_is_one_step(qtbot: QtBot, pitch: Pitch) -> None:
    document, editor = editor_on(qtbot, pitch, today=TODAY)
    choose(editor.pricing.deployment_combo, "8 x H100 rented")
    block = document.pitch.blocks[0]
    assert (block.deployment, block.model) == ("rented", None)
    assert document.undo_stack.count() == 1
    assert document.undo_stack.text(0) == "Price Tutor chat from deployment 8 x H100 rented"
    # $2 / 0.5 = $4 a paid hour; $4 / (10,000 x 3,600) x 1e6 = $0.111 in; / (2,000 x 3,600) = $0.556 out
    assert editor.pricing.chain_label.text() == (
        "GPU-hour $2.00 → $4.00 at 50% utilisation → $0.111 in / $0.556 out per M tokens"
    )
    document.undo_stack.undo()
    assert document.pitch.blocks[0].model == "google:gemini-2.5-flash"


def test_an_allowed_price_is_kept_when_moving_to_a_deployment(qtbot: QtBot, pitch: Pitch) -> None:
    document, editor = editor_on(qtbot, pitch, today=TODAY)
    type_into(qtbot, editor.fields["reasoning_per_mtok"].edit, "0.5")
    type_into(qtbot, editor.fields["input_per_mtok"].edit, "0.2")
    choose(editor.pricing.deployment_combo, "100 x H100, owned")
    assert document.pitch.blocks[0].price == PriceSpec(reasoning_per_mtok=0.5)  # input is the deployment's


def test_no_deployment_keeps_its_prices_as_typed_prices(qtbot: QtBot, pitch: Pitch) -> None:
    document, editor = editor_on(qtbot, on_fleet(pitch, reasoning_per_mtok=0.5), today=TODAY)
    choose(editor.pricing.deployment_combo, NO_DEPLOYMENT)
    block = document.pitch.blocks[0]
    assert (block.deployment, block.model) == (None, None)
    assert block.price is not None
    # the deployment's prices, so that the cost does not jump: 2.80303 / 32.4e6 x 1e6 and / 6.66e6 x 1e6
    assert block.price.input_per_mtok == pytest.approx(0.0865133, rel=1e-5)
    assert block.price.output_per_mtok == pytest.approx(0.420875, rel=1e-5)
    assert block.price.reasoning_per_mtok == 0.5
    assert document.undo_stack.text(0) == "Use explicit prices for Tutor chat"
    assert editor.model_combo.currentText() == EXPLICIT_ONLY


def test_a_model_replaces_the_deployment(qtbot: QtBot, pitch: Pitch) -> None:
    document, editor = editor_on(qtbot, on_fleet(pitch), today=TODAY)
    choose(editor.model_combo, "openai:gpt-4o-mini")
    block = document.pitch.blocks[0]
    assert (block.model, block.deployment) == ("openai:gpt-4o-mini", None)
    assert document.undo_stack.count() == 1
    assert editor.fields["input_per_mtok"].edit.isEnabled()
