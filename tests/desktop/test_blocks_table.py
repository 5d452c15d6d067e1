"""The pitch's blocks table: rename in place, enable, reorder by drag, drop a template, keyboard."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QByteArray, QMimeData, QModelIndex, Qt

from core.analysis import analyse
from core.pitch import Pitch, with_changes
from desktop.blocks_table import ROW_MIME, TEMPLATE_MIME, BlocksTable
from desktop.document import PitchDocument


def _pitch() -> Pitch:
    block = {
        "price": {"input_per_mtok": 1.0, "output_per_mtok": 2.0},
        "input_tokens": 1000,
        "output_tokens": 100,
        "calls_per_action": 1,
        "actions_per_day": 10,
    }
    return Pitch.model_validate(
        {
            "format": "computecurve.pitch",
            "schema_version": 2,
            "name": "Table",
            "as_of": "2026-01-01",
            "business": {"price_per_user_month": 20.0, "target_gross_margin": 0.7},
            "blocks": [{"name": n, **block} for n in ("A", "B", "C")],
        }
    )


def _table(qtbot: Any) -> tuple[PitchDocument, BlocksTable]:
    doc = PitchDocument(_pitch())
    table = BlocksTable(doc)
    qtbot.addWidget(table)
    # what the analysis service does for the window: one analysis per pitch change, drawn by the table
    doc.pitch_changed.connect(lambda pitch: table.show_analysis(analyse(pitch)))
    table.show_analysis(analyse(doc.pitch))
    return doc, table


def _names(doc: PitchDocument) -> list[str]:
    return [b.name for b in doc.pitch.blocks]


def test_rows_show_the_engine_numbers(qtbot: Any) -> None:
    _doc, table = _table(qtbot)
    model = table.model
    # each block: (1000 * 1 + 100 * 2) / 1e6 = 0.0012 per call x 10 x 30 = $0.36 a month, a third each
    assert model.data(model.index(0, 3)) == "$0.360"  # three significant figures below $1
    assert model.headerData(3, Qt.Orientation.Horizontal) == "$ / active user-month"
    assert model.data(model.index(0, 4)) == "33%"
    assert model.data(model.index(2, 2)) == "explicit prices"


def test_an_edit_tells_the_view_of_every_number_and_of_the_words_that_changed_only(qtbot: Any) -> None:
    """Each edit moves the total, so every row's cost and share are new; a row's name, switch and what
    prices it are repainted only when they changed (the view repaints the cells it is told of)."""
    doc, table = _table(qtbot)
    model = table.model
    told: list[tuple[int, int, int, int]] = []
    model.dataChanged.connect(lambda a, b, *_: told.append((a.row(), a.column(), b.row(), b.column())))
    doc.edit_block(1, "Change output tokens of B", output_tokens=600.0)
    # B: (1000 + 600 * 2) / 1e6 x 10 x 30 = $0.660 of $0.360 + $0.660 + $0.360 = $1.38: 48%
    assert told == [(0, 3, 2, 4)]
    assert model.data(model.index(1, 3)) == "$0.660" and model.data(model.index(1, 4)) == "48%"
    assert model.data(model.index(0, 4)) == "26%"
    told.clear()
    doc.edit_block(2, "Rename C", name="Search")
    assert told == [(0, 3, 2, 4), (2, 0, 2, 2)]
    assert model.data(model.index(2, 1)) == "Search"


def test_rename_in_place_and_disable(qtbot: Any) -> None:
    doc, table = _table(qtbot)
    model = table.model
    assert model.setData(model.index(1, 1), "Renamed", Qt.ItemDataRole.EditRole)
    assert _names(doc) == ["A", "Renamed", "C"]
    assert doc.undo_stack.undoText() == "Rename B"
    assert not model.setData(model.index(1, 1), "   ", Qt.ItemDataRole.EditRole)  # empty names refused
    assert model.setData(model.index(0, 0), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert doc.pitch.blocks[0].enabled is False
    assert model.data(model.index(0, 3)) == "$0.00"  # a disabled block costs nothing
    assert doc.undo_stack.undoText() == "Disable A"


def test_drag_a_row_to_reorder(qtbot: Any) -> None:
    doc, table = _table(qtbot)
    mime = table.model.mimeData([table.model.index(0, 1)])
    assert mime.hasFormat(ROW_MIME)
    # drop "A" below "C" (row 3 = after the last row)
    table.model.dropMimeData(mime, Qt.DropAction.MoveAction, 3, 0, QModelIndex())
    assert _names(doc) == ["B", "C", "A"]
    assert doc.undo_stack.undoText() == "Move A"


def test_drop_a_template_from_the_library(qtbot: Any) -> None:
    doc, table = _table(qtbot)
    mime = QMimeData()
    mime.setData(TEMPLATE_MIME, QByteArray(b"voice_minute"))
    assert table.model.canDropMimeData(mime, Qt.DropAction.CopyAction, 1, 0, QModelIndex())
    table.model.dropMimeData(mime, Qt.DropAction.CopyAction, 1, 0, QModelIndex())
    assert _names(doc) == ["A", "Voice conversation minute", "B", "C"]
    voice = doc.pitch.blocks[1]
    assert voice.per_call_usd == 0.03 and voice.input_tokens == 0  # priced per minute, not as tokens


def test_keyboard_delete_duplicate_and_move(qtbot: Any) -> None:
    doc, table = _table(qtbot)
    table.select(1)
    table.duplicate_selected()
    assert _names(doc) == ["A", "B", "B (copy)", "C"]
    assert table.selected == 2
    table.move_selected(-1)
    assert _names(doc) == ["A", "B (copy)", "B", "C"]
    table.view.setFocus()
    qtbot.keyClick(table.view, Qt.Key.Key_Delete)
    assert len(doc.pitch.blocks) == 3


def test_a_pitch_that_cannot_be_evaluated_shows_no_older_numbers_and_marks_its_blocks(qtbot: Any) -> None:
    doc, table = _table(qtbot)
    model = table.model
    assert model.data(model.index(1, 3)) == "$0.360"
    broken = with_changes(doc.pitch.blocks[1], price=None, model="nobody:no-such-model")
    doc.replace_block(1, broken, "Break B")
    # the new pitch's rows: no cost from before; the failing block says why, by its name and field label
    costs = [model.data(model.index(r, 3)) for r in range(3)]
    assert costs[0] is None and costs[2] is None
    assert costs[1].startswith("cannot be priced: Model: unknown model 'nobody:no-such-model'")
    tip = model.data(model.index(1, 1), Qt.ItemDataRole.ToolTipRole)
    assert "B · Model: unknown model" in tip
    assert model.data(model.index(1, 1), Qt.ItemDataRole.ForegroundRole) is not None
    assert model.data(model.index(0, 1), Qt.ItemDataRole.ForegroundRole) is None


def test_every_failing_block_is_marked_by_a_sign_a_colour_and_its_reason_in_words(qtbot: Any) -> None:
    doc, table = _table(qtbot)
    model = table.model
    blocks = list(doc.pitch.blocks)
    # A and C each on a model released after the pitch's date (2026-01-01 is before both releases below)
    blocks[0] = with_changes(blocks[0], price=None, model="openai:gpt-5.1")  # released 2025-11-13: fine
    blocks[2] = with_changes(blocks[2], price=None, model="google:gemini-3-pro-preview")  # 2025-11-18: fine
    doc.set_blocks(blocks, "Models")
    assert model.failing_rows() == []
    doc.edit_fields("Date", as_of=date(2024, 1, 1))
    assert model.failing_rows() == [0, 2]  # every failing block, not only the first
    for row in (0, 2):
        assert model.data(model.index(row, 1), Qt.ItemDataRole.DecorationRole) is not None  # a sign
        assert model.data(model.index(row, 1), Qt.ItemDataRole.ForegroundRole) is not None  # a colour
        text = model.data(model.index(row, 3))  # words, with the field's label, never its path
        assert text.startswith("cannot be priced: Model: ")
        assert "blocks[" not in text
        assert "was released on" in text and "2024-01-01" in text
        assert table.view.columnSpan(row, 3) == 2  # the reason takes the cost and share cells
    assert model.data(model.index(1, 1), Qt.ItemDataRole.DecorationRole) is None
    assert model.data(model.index(1, 3)) is None  # an evaluable block of a failing pitch shows no old number
    assert table.view.columnSpan(1, 3) == 1


def test_the_money_column_fits_its_numbers_not_a_reason(qtbot: Any) -> None:
    doc, table = _table(qtbot)
    width = table.view.columnWidth(3)
    metrics = table.view.fontMetrics()
    header = table.view.horizontalHeader().sectionSizeFromContents(3).width()
    assert width >= max(metrics.horizontalAdvance("$0.360"), header)  # whole, never elided
    broken = with_changes(doc.pitch.blocks[1], price=None, model="nobody:no-such-model")
    doc.replace_block(1, broken, "Break B")
    assert table.view.columnWidth(3) <= width  # the long reason does not widen it
    doc.undo_stack.undo()
    assert table.view.columnSpan(1, 3) == 1


def test_the_model_column_says_what_prices_each_block(qtbot: Any) -> None:
    doc, table = _table(qtbot)
    model = table.model
    assert model.data(model.index(0, 2)) == "explicit prices"
    needs = {"requires": {"benchmark": "gpqa_diamond", "min_score": 70.0}, "price": None}
    doc.replace_block(0, with_changes(doc.pitch.blocks[0], **needs), "Needs")
    text = model.data(model.index(0, 2))
    evaluation = analyse(doc.pitch).evaluation
    assert evaluation is not None
    assert text == f"{evaluation.blocks[0].price.model_id} (cheapest capable)"
