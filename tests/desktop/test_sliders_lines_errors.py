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


def test_a_what_if_slider_spans_a_decade_either_side_of_the_pitchs_value(qtbot: Any) -> None:
    doc = PitchDocument(
        _pitch().model_copy(
            update={"business": _pitch().business.model_copy(update={"price_per_user_month": 9.99})}
        )
    )
    panel = BusinessPanel(doc)
    qtbot.addWidget(panel)
    price = panel.sliders["price_per_user_month"]
    # $9.99 / 10 .. $9.99 * 10, the pitch's price in the middle
    assert price.span() == pytest.approx((0.999, 99.9))
    assert price.value() == 500 and price.current() == 9.99
    assert panel.slider_values["price_per_user_month"].text() == "$9.99"
    assert "$0.999 to $99.90" in price.toolTip()
    usage = panel.sliders["usage_multiplier"]
    assert usage.span() == pytest.approx((0.1, 10.0))
    assert panel.slider_values["usage_multiplier"].text() == "1×"


def test_the_value_shows_as_the_slider_moves_and_a_drag_is_a_question_a_person_means(qtbot: Any) -> None:
    doc = PitchDocument(
        _pitch().model_copy(
            update={"business": _pitch().business.model_copy(update={"price_per_user_month": 9.99})}
        )
    )
    panel = BusinessPanel(doc)
    qtbot.addWidget(panel)
    slider = panel.sliders["price_per_user_month"]
    readout = panel.slider_values["price_per_user_month"]
    slider.setSliderDown(True)
    # 60 px of a 260 px slider is 231 of 1000 steps: 0.462 of two decades, a factor 10**0.462 = 2.9
    slider.setValue(500 + 231)
    value = doc.pitch.business.price_per_user_month
    assert 28.0 < value < 30.0  # (it was $117 over $0.50-$100,000)
    assert readout.text() == f"${value:.2f}"  # shown while the drag is under way
    assert doc.undo_stack.count() == 0
    slider.setSliderDown(False)
    assert doc.undo_stack.count() == 1
    assert slider.span() == pytest.approx((0.999, 99.9))  # well inside: the span stays under the hand


def test_typing_a_value_re_centres_the_slider_and_a_drag_to_an_end_goes_on_from_there(qtbot: Any) -> None:
    doc = PitchDocument(_pitch())
    panel = BusinessPanel(doc)
    qtbot.addWidget(panel)
    slider = panel.sliders["price_per_user_month"]
    assert slider.span() == pytest.approx((2.0, 200.0))  # $20
    panel.fields["price_per_user_month"].edit.setText("300")
    panel.fields["price_per_user_month"].edit.editingFinished.emit()
    assert doc.pitch.business.price_per_user_month == 300.0
    assert slider.span() == pytest.approx((30.0, 3000.0))
    assert panel.slider_values["price_per_user_month"].text() == "$300.00"
    slider.setSliderDown(True)
    slider.setValue(1000)  # the right end: $3,000
    slider.setSliderDown(False)
    assert doc.pitch.business.price_per_user_month == 3000.0
    assert slider.span() == pytest.approx((300.0, 30_000.0))  # released at the end: centred there
    assert slider.value() == 500
    doc.undo_stack.undo()  # back to $300: centred on it again
    assert slider.span() == pytest.approx((30.0, 3000.0))


def test_a_span_stops_at_the_fields_bounds() -> None:
    from desktop.what_if import centred_span

    assert centred_span(0.02, low=0.01) == (0.01, 1.0)  # cut at $0.01: two decades up from there
    assert centred_span(5e8, low=0.01, high=1e9) == (1e7, 1e9)
    assert centred_span(1.0) == (0.1, 10.0)
    with pytest.raises(ValueError):
        centred_span(0.0)


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
