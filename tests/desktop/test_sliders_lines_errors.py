"""What-if sliders (a drag is one undo step), reference lines, and the exception hook."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from core.pitch import Pitch, ReferenceLine
from desktop.business_panel import BusinessPanel
from desktop.document import PitchDocument
from desktop.log_slider import LogSlider
from desktop.reference_lines import ReferenceLineDialog
from desktop.safety import ExceptionHook


def _pitch() -> Pitch:
    return Pitch.model_validate(
        {
            "format": "computecurve.pitch",
            "schema_version": 2,
            "name": "Sliders",
            "as_of": "2026-01-01",
            "business": {"price_per_user_month": 20.0, "target_gross_margin": 0.7},
            "blocks": [
                {
                    "name": "Chat",
                    "price": {"input_per_mtok": 1.0, "output_per_mtok": 2.0},
                    "input_tokens": 1000,
                    "output_tokens": 100,
                    "calls_per_action": 1,
                    "actions_per_day": 10,
                }
            ],
        }
    )


def test_log_slider_maps_positions_to_a_log_scale(qtbot: Any) -> None:
    slider = LogSlider(0.5, 5000.0)
    qtbot.addWidget(slider)
    # 0.5 .. 5000 is four decades over 1000 steps: position 250 is one decade up, 5.0
    assert slider.value_at(0) == 0.5
    assert slider.value_at(250) == 5.0
    assert slider.value_at(1000) == 5000.0
    assert slider.position_of(50.0) == 500
    slider.set_value(20.0)  # log10(20/0.5)/4 * 1000 = 400.5 -> 400 (round half to even)
    assert slider.value() == round(math.log10(40) / 4 * 1000)


def test_dragging_a_slider_previews_and_commits_one_step(qtbot: Any) -> None:
    doc = PitchDocument(_pitch())
    panel = BusinessPanel(doc)
    qtbot.addWidget(panel)
    slider = panel.sliders["price_per_user_month"]
    assert slider.value() == slider.position_of(20.0)
    slider.setSliderDown(True)
    for position in (420, 450, 500, 520):
        slider.setValue(position)
    # previews move the document but push nothing
    assert doc.pitch.business.price_per_user_month == slider.value_at(520)
    assert doc.undo_stack.count() == 0
    slider.setSliderDown(False)
    slider.sliderReleased.emit()
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText() == "Change price per user-month"
    assert doc.pitch.business.price_per_user_month == slider.value_at(520)
    doc.undo_stack.undo()
    assert doc.pitch.business.price_per_user_month == 20.0
    assert slider.value() == slider.position_of(20.0)  # the view follows the undo


def test_a_keyboard_step_on_a_slider_commits_directly(qtbot: Any) -> None:
    doc = PitchDocument(_pitch())
    panel = BusinessPanel(doc)
    qtbot.addWidget(panel)
    slider = panel.sliders["usage_multiplier"]
    slider.setFocus()
    qtbot.keyClick(slider, Qt.Key.Key_Right)
    assert doc.undo_stack.count() == 1
    assert doc.pitch.business.usage_multiplier == slider.value_at(slider.position_of(1.0) + 10)


@pytest.mark.parametrize(
    ("label", "amount", "reason"),
    [
        ("", "7000", "label"),
        ("Junior", "abc", "not a number"),
        ("Junior", "nan", "positive"),
        ("Junior", "-5", "positive"),
        ("Junior", "0", "positive"),
    ],
)
def test_reference_line_dialog_refuses_bad_input(qtbot: Any, label: str, amount: str, reason: str) -> None:
    dialog = ReferenceLineDialog()
    qtbot.addWidget(dialog)
    dialog.label_edit.setText(label)
    dialog.amount_edit.setText(amount)
    parsed = dialog.parse()
    assert isinstance(parsed, str) and reason in parsed
    dialog._on_buttons_accepted()
    assert dialog.result_line is None
    assert reason in dialog.error.text()


def test_reference_line_dialog_accepts_dollars(qtbot: Any) -> None:
    dialog = ReferenceLineDialog()
    qtbot.addWidget(dialog)
    dialog.label_edit.setText("<b>Junior</b> engineer")
    dialog.amount_edit.setText("$7,000")
    assert dialog.parse() == ReferenceLine(label="<b>Junior</b> engineer", usd_per_month=7000.0)


def test_exception_hook_logs_autosaves_and_shows_details(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved: list[int] = []
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    hook = ExceptionHook(tmp_path / "log" / "computecurve.log", autosave=lambda: saved.append(1))
    try:
        raise ValueError("boom <b>not bold</b>")
    except ValueError as exc:
        hook(type(exc), exc, exc.__traceback__)
    log = (tmp_path / "log" / "computecurve.log").read_text()
    assert "ValueError: boom <b>not bold</b>" in log and "Traceback" in log
    assert saved == [1]
    assert len(shown) == 1 and "boom <b>not bold</b>" in shown[0] and "autosaved" in shown[0]
