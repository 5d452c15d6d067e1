"""What a block needs (contract 6.3), both ways: the requirement and what it means on the pitch's date drawn from
the document and its analysis; choosing a benchmark, a score, the cheapest capable model, one undo step each.

Scores (resources/capability.csv): GPQA Diamond 35.7 for openai:gpt-4 (released 2023-03-14, the best known on
2023-03-15), 60.5 for anthropic:claude-haiku-4-5 (block 1 of the example), 70.8 for openai:gpt-oss-120b.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from core.catalog import default_catalog
from core.pitch import Pitch, Requirement, with_changes
from core.pitch_io import load_pitch
from desktop.block_editor import CHEAPEST_CAPABLE
from desktop.block_editor.capability import NO_REQUIREMENT
from tests.desktop.helpers import choose, editor_on, type_into

EXAMPLE = Path(__file__).resolve().parents[2] / "resources" / "examples" / "default.pitch.json"
TODAY = date(2026, 12, 3)
GPQA_70 = Requirement(benchmark="gpqa_diamond", min_score=70.0)


@pytest.fixture
def pitch() -> Pitch:
    return load_pitch(EXAMPLE)


def with_block(pitch: Pitch, index: int, **changes: Any) -> Pitch:
    blocks = list(pitch.blocks)
    blocks[index] = with_changes(blocks[index], **changes)
    return with_changes(pitch, blocks=tuple(blocks))


def by_capability(pitch: Pitch, day: date | None = None) -> Pitch:
    """Block 0 with no model and no price, needing GPQA Diamond >= 70."""
    out = with_block(pitch, 0, model=None, price=None, requires=GPQA_70)
    return with_changes(out, as_of=day) if day else out


# -- model -> view ------------------------------------------------------------------------------------------


def test_no_requirement_hides_the_score(qtbot: QtBot, pitch: Pitch) -> None:
    _doc, editor = editor_on(qtbot, pitch, today=TODAY)
    cap = editor.capability
    assert cap.benchmark_combo.currentText() == NO_REQUIREMENT
    assert not cap.min_score.isVisibleTo(editor)
    assert not cap.status_widget.isVisibleTo(editor)


def test_a_block_priced_by_capability_names_the_model_the_analysis_chose(qtbot: QtBot, pitch: Pitch) -> None:
    _doc, editor = editor_on(qtbot, by_capability(pitch), today=TODAY)
    cap = editor.capability
    assert cap.benchmark_combo.currentText() == "GPQA Diamond"
    assert cap.min_score.edit.text() == "70"
    analysis = editor.analysis()
    assert analysis is not None and analysis.prepared is not None
    chosen = analysis.prepared.resolved[0]
    assert chosen.capability is not None and chosen.capability.chosen
    status = cap.status.text()
    assert status.startswith("needs: GPQA Diamond >= 70 → cheapest on 2026-11-26: ")
    assert chosen.model_id in status
    assert editor.model_combo.currentText() == CHEAPEST_CAPABLE
    # the model box shows the chosen model's prices on the date
    assert editor.model_prices.text().startswith(f"{chosen.model_id}, on 2026-11-26, per M tokens")
    # ... and the chosen model scores at least 70 (its own row of the capability table)
    assert chosen.capability.model_score is not None and chosen.capability.model_score >= 70


def test_a_named_model_below_the_requirement_is_warned(qtbot: QtBot, pitch: Pitch) -> None:
    _doc, editor = editor_on(qtbot, with_block(pitch, 1, requires=GPQA_70), today=TODAY, block=1)
    cap = editor.capability
    assert cap.warning.text() == (
        "\u26a0 anthropic:claude-haiku-4-5 scores GPQA Diamond 60.5, below the requirement GPQA Diamond >= 70."
    )
    # The catalog's cheapest capable model on the date is offered, with one click.
    _choice, cheapest = default_catalog().cheapest_capable(
        with_changes(pitch.blocks[1], model=None, price=None, requires=GPQA_70), date(2026, 11, 26)
    )
    assert f"cheapest on 2026-11-26: {cheapest.model_id}" in cap.status.text()
    assert cap.use_button.isVisibleTo(editor)
    assert cap.use_button.text() == f"Use {cheapest.model_id}"


def test_a_model_with_no_published_score_is_warned(qtbot: QtBot, pitch: Pitch) -> None:
    # google:gemini-2.5-flash has GPQA Diamond and SWE-bench Verified rows but no MMLU row in resources/capability.csv
    # (Google published Global MMLU Lite, not MMLU)
    needs = Requirement(benchmark="mmlu", min_score=80.0)
    _doc, editor = editor_on(qtbot, with_block(pitch, 0, requires=needs), today=TODAY)
    assert editor.capability.warning.text().startswith(
        "\u26a0 google:gemini-2.5-flash has no published MMLU score"
    )


def test_no_model_of_that_capability_existed_on_the_date(qtbot: QtBot, pitch: Pitch) -> None:
    # 2023-03-15: the best GPQA Diamond score of a released model is GPT-4's 35.7, far below 70.
    _doc, editor = editor_on(qtbot, by_capability(pitch, date(2023, 3, 15)), today=TODAY)
    cap = editor.capability
    assert cap.status.text() == (
        "needs: GPQA Diamond >= 70 → no model of this capability existed on 2023-03-15 "
        "(best known: openai:gpt-4, GPQA Diamond 35.7)"
    )
    # the analysis's reason, at the field it concerns, marked by a sign
    assert cap.error.isVisibleTo(editor)
    assert cap.error.text().startswith("\u26a0 No model released by 2023-03-15 meets GPQA Diamond >= 70")
    assert "blocks[0]" not in cap.error.text()


# -- user action -> model --------------------------------------------------------------------------------------


def test_choosing_a_benchmark_adds_a_requirement_met_by_the_model(qtbot: QtBot, pitch: Pitch) -> None:
    document, editor = editor_on(qtbot, pitch, today=TODAY, block=1)  # anthropic:claude-haiku-4-5
    choose(editor.capability.benchmark_combo, "GPQA Diamond")
    # starts at the block's own model's score, so the requirement is met: 60.5
    assert document.pitch.blocks[1].requires == Requirement(benchmark="gpqa_diamond", min_score=60.5)
    assert document.undo_stack.count() == 1
    assert document.undo_stack.text(0) == "Require GPQA Diamond >= 60.5 for Homework solver agent"
    assert editor.capability.warning.text() == ""
    assert editor.capability.min_score.isVisibleTo(editor)


def test_typing_a_minimum_score(qtbot: QtBot, pitch: Pitch) -> None:
    document, editor = editor_on(qtbot, with_block(pitch, 1, requires=GPQA_70), today=TODAY, block=1)
    type_into(qtbot, editor.capability.min_score.edit, "55")
    assert document.pitch.blocks[1].requires == Requirement(benchmark="gpqa_diamond", min_score=55.0)
    assert document.undo_stack.text(0) == "Change minimum score of Homework solver agent"
    assert editor.capability.warning.text() == ""  # 60.5 >= 55: met
    type_into(qtbot, editor.capability.min_score.edit, "55.0")  # the same value: no step
    assert document.undo_stack.count() == 1
    type_into(qtbot, editor.capability.min_score.edit, "120")
    assert "Must be at most 100%" in editor.capability.min_score.error_text()
    assert document.undo_stack.count() == 1


def test_another_benchmark_keeps_the_score(qtbot: QtBot, pitch: Pitch) -> None:
    document, editor = editor_on(qtbot, with_block(pitch, 1, requires=GPQA_70), today=TODAY, block=1)
    choose(editor.capability.benchmark_combo, "MMLU")
    assert document.pitch.blocks[1].requires == Requirement(benchmark="mmlu", min_score=70.0)
    assert document.undo_stack.text(0) == "Change the benchmark of Homework solver agent to MMLU"


def test_removing_the_requirement(qtbot: QtBot, pitch: Pitch) -> None:
    document, editor = editor_on(qtbot, with_block(pitch, 1, requires=GPQA_70), today=TODAY, block=1)
    choose(editor.capability.benchmark_combo, NO_REQUIREMENT)
    assert document.pitch.blocks[1].requires is None
    assert document.undo_stack.text(0) == "Remove the requirement of Homework solver agent"


def test_a_block_priced_by_capability_keeps_its_requirement(qtbot: QtBot, pitch: Pitch) -> None:
    document, editor = editor_on(qtbot, by_capability(pitch), today=TODAY)
    choose(editor.capability.benchmark_combo, NO_REQUIREMENT)
    assert document.pitch.blocks[0].requires == GPQA_70  # refused: nothing would price the block
    assert document.undo_stack.count() == 0
    assert "choose a model or explicit prices" in editor.capability.error.text()
    assert editor.capability.benchmark_combo.currentText() == "GPQA Diamond"  # back to what the block has


def test_clearing_the_model_prices_the_block_at_the_cheapest_capable_one(qtbot: QtBot, pitch: Pitch) -> None:
    document, editor = editor_on(qtbot, with_block(pitch, 1, requires=GPQA_70), today=TODAY, block=1)
    choose(editor.model_combo, CHEAPEST_CAPABLE)
    block = document.pitch.blocks[1]
    assert (block.model, block.price, block.deployment) == (None, None, None)
    assert block.requires == GPQA_70
    assert document.undo_stack.text(0) == "Price Homework solver agent at the cheapest capable model"
    analysis = editor.analysis()
    assert analysis is not None and analysis.ok
    assert editor.model_combo.currentText() == CHEAPEST_CAPABLE


def test_the_cheapest_capable_choice_needs_a_requirement(qtbot: QtBot, pitch: Pitch) -> None:
    document, editor = editor_on(qtbot, pitch, today=TODAY)
    choose(editor.model_combo, CHEAPEST_CAPABLE)
    assert "Choose what the block needs first" in editor.model_error.text()
    assert document.undo_stack.count() == 0


def test_use_the_cheapest_capable_model_is_one_step(qtbot: QtBot, pitch: Pitch) -> None:
    document, editor = editor_on(qtbot, with_block(pitch, 1, requires=GPQA_70), today=TODAY, block=1)
    offered = editor.capability.use_button.text().removeprefix("Use ")
    editor.capability.use_button.click()
    assert document.pitch.blocks[1].model == offered
    assert document.undo_stack.count() == 1
    assert document.undo_stack.text(0) == "Change model of Homework solver agent"
    assert editor.capability.warning.text() == ""  # the new model meets it
    assert not editor.capability.use_button.isVisibleTo(editor)  # it is the cheapest already


def test_the_price_fields_of_a_capability_priced_block_name_the_model(qtbot: QtBot, pitch: Pitch) -> None:
    _doc, editor = editor_on(qtbot, by_capability(pitch), today=TODAY)
    analysis = editor.analysis()
    assert analysis is not None and analysis.prepared is not None
    chosen = analysis.prepared.resolved[0]
    field = editor.fields["input_per_mtok"]
    assert field.caption.text().endswith(f"empty: {chosen.model_id}'s, the cheapest capable model.")
    assert field.edit.placeholderText() != ""  # its price, greyed
