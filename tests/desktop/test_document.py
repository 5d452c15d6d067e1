"""The document: edits are named undo steps, equal edits push nothing, previews commit as one step."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from core.pitch import Pitch, with_changes
from core.pitch_io import load_pitch
from desktop.document import PitchDocument


def _pitch() -> Pitch:
    return Pitch.model_validate(
        {
            "format": "computecurve.pitch",
            "schema_version": 2,
            "name": "Doc test",
            "as_of": "2026-01-01",
            "business": {"price_per_user_month": 10.0, "target_gross_margin": 0.5},
            "blocks": [
                {
                    "name": "Chat",
                    "price": {"input_per_mtok": 1.0, "output_per_mtok": 2.0},
                    "input_tokens": 1000,
                    "output_tokens": 100,
                    "calls_per_action": 1,
                    "actions_per_day": 10,
                },
                {
                    "name": "Agent",
                    "price": {"input_per_mtok": 3.0, "output_per_mtok": 15.0},
                    "input_tokens": 5000,
                    "output_tokens": 500,
                    "calls_per_action": 20,
                    "actions_per_day": 2,
                },
            ],
        }
    )


@pytest.fixture
def doc(qapp: object) -> PitchDocument:
    return PitchDocument(_pitch())


def test_edit_pushes_named_step_and_undo_restores(doc: PitchDocument) -> None:
    seen: list[Pitch] = []
    doc.pitch_changed.connect(seen.append)
    assert doc.edit_block(1, "Change output tokens of Agent", output_tokens=800.0)
    assert doc.pitch.blocks[1].output_tokens == 800.0
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText() == "Change output tokens of Agent"
    assert doc.dirty
    doc.undo_stack.undo()
    assert doc.pitch.blocks[1].output_tokens == 500.0
    assert not doc.dirty
    doc.undo_stack.redo()
    assert doc.pitch.blocks[1].output_tokens == 800.0
    assert [p.blocks[1].output_tokens for p in seen] == [800.0, 500.0, 800.0]


def test_edit_that_changes_nothing_pushes_nothing(doc: PitchDocument) -> None:
    assert not doc.edit_block(0, "Change input tokens of Chat", input_tokens=1000.0)
    assert not doc.edit_business("Change margin", target_gross_margin=0.5)
    assert doc.undo_stack.count() == 0
    assert not doc.dirty


def test_invalid_edit_raises_and_leaves_document(doc: PitchDocument) -> None:
    before = doc.pitch
    with pytest.raises(ValidationError):
        doc.edit_business("Change margin", target_gross_margin=70.0)
    assert doc.pitch is before
    assert doc.undo_stack.count() == 0


def test_preview_then_commit_is_one_step(doc: PitchDocument) -> None:
    start = doc.pitch
    for value in (11.0, 12.0, 15.0, 20.0):
        doc.preview(with_changes(start, business=with_changes(start.business, price_per_user_month=value)))
    assert doc.pitch.business.price_per_user_month == 20.0
    assert doc.undo_stack.count() == 0
    doc.edit(doc.pitch, "Change price per user-month")
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert doc.pitch == start


def test_preview_back_to_start_pushes_nothing(doc: PitchDocument) -> None:
    start = doc.pitch
    doc.preview(with_changes(start, name="Other"))
    doc.edit(start, "Rename")
    assert doc.undo_stack.count() == 0
    assert doc.pitch == start


def test_block_list_edits(doc: PitchDocument) -> None:
    doc.duplicate_block(0)
    assert [b.name for b in doc.pitch.blocks] == ["Chat", "Chat (copy)", "Agent"]
    doc.move_block(2, 0)
    assert [b.name for b in doc.pitch.blocks] == ["Agent", "Chat", "Chat (copy)"]
    doc.remove_block(1)
    assert [b.name for b in doc.pitch.blocks] == ["Agent", "Chat (copy)"]
    assert [doc.undo_stack.text(i) for i in range(3)] == ["Duplicate Chat", "Move Agent", "Remove Chat"]
    for _ in range(3):
        doc.undo_stack.undo()
    assert doc.pitch == _pitch()


def test_save_and_reopen(doc: PitchDocument, tmp_path: Path) -> None:
    doc.edit_fields("Rename", name="Saved")
    target = tmp_path / "a.pitch.json"
    doc.save(target)
    assert not doc.dirty
    assert json.loads(target.read_text())["name"] == "Saved"
    other = PitchDocument(_pitch())
    other.open(target)
    assert other.pitch == load_pitch(target)
    assert other.path == target
    assert other.undo_stack.count() == 0


def test_saving_without_a_date_records_the_date_as_an_undoable_step(
    doc: PitchDocument, tmp_path: Path
) -> None:
    undated = doc.pitch.model_copy(update={"as_of": None})
    doc.replace(undated, None)
    target = tmp_path / "undated.pitch.json"
    doc.save(target)
    saved = load_pitch(target)
    assert saved.as_of is not None
    assert doc.pitch == saved  # the window holds what the file holds
    assert doc.undo_stack.undoText() == "Set the as-of date to today"
    assert not doc.dirty
    doc.undo_stack.undo()
    assert doc.pitch.as_of is None and doc.dirty  # undone: no longer what the file says
    doc.undo_stack.redo()
    assert doc.pitch == saved and not doc.dirty
