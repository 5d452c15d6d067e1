"""Lose nothing (issue 13): recovered work survives Undo, a drag past a range never raises, a failed analysis
never leaves an older one on screen, and a burst of edits through the real widgets ends where the command
line says it should.
"""

from __future__ import annotations

import io
import json
import logging
import os
import random
import subprocess
import sys
import textwrap
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QSlider, QStyle, QStyleOptionSlider

import core.analysis
from core.engine import evaluate
from core.formatting import format_money, needs_sentence
from core.pitch import Pitch, with_changes
from core.pitch_io import load_pitch, load_pitch_bytes, save_pitch
from core.report import breakeven_sentence
from core.resources import read_example
from core.verdict import Verdict
from desktop.app import App
from desktop.autosave import find_recoveries
from desktop.cli import main as cli_main
from tests.desktop.helpers import open_app, verdict_texts, wait_monte_carlo

ROOT = Path(__file__).resolve().parents[2]


def _example(name: str) -> Pitch:
    return load_pitch_bytes(read_example(name), source=name)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COMPUTECURVE_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


# --------------------------------------------------------------------------------------------------
# 1. Recover, Undo, Redo, Save, close: the file holds what the user last saw
# --------------------------------------------------------------------------------------------------

# A first session, killed for real: it opens the memo, edits it, waits for the autosave, and dies (SIGKILL:
# no clean-up runs, as when the machine loses power or the process is killed).
_CRASHING_SESSION = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from PySide6.QtCore import QEventLoop, QTimer
    from core.pitch_io import load_pitch
    from desktop.app import build
    from desktop.qt_app import make_app
    from desktop.settings import Settings

    qt = make_app()
    memo = Path(sys.argv[1])
    app = build(load_pitch(memo), memo, settings=Settings(), offer_recovery=False, persist_settings=False)
    app.window.show()
    app.start()
    loop = QEventLoop()
    app.service.analysed.connect(loop.quit)
    loop.exec()
    app.document.edit_fields("Rename the memo", name="Recovered work")
    app.document.edit_block(0, "Change actions per day", actions_per_day=100.0)
    loop = QEventLoop()
    check = QTimer()
    check.timeout.connect(lambda: app.window.autosaver.path.exists() and loop.quit())
    check.start(50)
    loop.exec()  # the autosave, a couple of seconds after the last edit
    print(app.window.autosaver.path, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def _crash_after_editing(memo: Path, home: Path) -> Path:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "COMPUTECURVE_HOME": str(home)}
    proc = subprocess.run(
        [sys.executable, "-c", _CRASHING_SESSION, str(memo)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )
    assert proc.returncode == -9, proc.stderr  # killed, not closed
    recovery = Path(proc.stdout.strip().splitlines()[-1])
    assert recovery.exists()
    return recovery


def _answer_recover(monkeypatch: pytest.MonkeyPatch, button: str = "Recover") -> list[str]:
    asked: list[str] = []

    def exec_(box: QMessageBox) -> int:
        asked.append(box.windowTitle())
        if box.windowTitle() == "Recover unsaved work?":
            next(b for b in box.buttons() if b.text() == button).click()
            return 0
        return int(QMessageBox.StandardButton.Cancel)  # any other question: no

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return asked


def _start_again(qtbot: Any) -> App:
    """The next start: the window opens on the default pitch and offers the recovery."""
    return open_app(qtbot, offer_recovery=True)


def test_recover_undo_redo_save_close_loses_nothing(
    qtbot: Any, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    memo = tmp_path / "memo.pitch.json"
    original = _example("companion-2026.pitch.json")
    save_pitch(original, memo)
    on_disk = memo.read_bytes()
    recovery = _crash_after_editing(memo, home)
    asked = _answer_recover(monkeypatch)

    app = _start_again(qtbot)
    window, doc = app.window, app.document
    qtbot.waitUntil(lambda: doc.pitch.name == "Recovered work", timeout=10_000)
    assert asked == ["Recover unsaved work?"]
    recovered = doc.pitch
    assert recovered.blocks[0].actions_per_day == 100.0
    # Recovered: unsaved work on top of the memo's own content, the memo's name in the title
    assert doc.path == memo and doc.dirty
    assert window.windowTitle() == "Recovered work * — memo.pitch.json — Compute Curve"
    assert memo.read_bytes() == on_disk  # nothing written yet

    # Undo: the memo as the file holds it (its real content, loaded from it), saved; the work is kept
    window.undo_action.trigger()
    assert doc.pitch == load_pitch(memo) == original
    assert not doc.dirty
    assert recovery.exists()  # kept until the user saves or discards
    assert find_recoveries() == []  # ... held by this session, not offered to another window

    # Redo: the recovered work again
    window.redo_action.trigger()
    assert doc.pitch == recovered and doc.dirty

    # Save: the memo now holds exactly the recovered work; the recovery file is gone
    save = next(a for a in window.findChildren(type(window.undo_action)) if a.text() == "&Save")
    save.trigger()
    assert load_pitch(memo) == recovered
    assert not doc.dirty and not recovery.exists()

    # Close: nothing asked (nothing unsaved), the file holds what the user last saw
    window.close()
    assert not window.isVisible()
    assert asked == ["Recover unsaved work?"]
    assert load_pitch(memo) == recovered


def test_recover_undo_close_keeps_the_recovered_work_for_next_time(
    qtbot: Any, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    memo = tmp_path / "memo.pitch.json"
    save_pitch(_example("companion-2026.pitch.json"), memo)
    on_disk = memo.read_bytes()
    recovery = _crash_after_editing(memo, home)
    _answer_recover(monkeypatch)
    app = _start_again(qtbot)
    qtbot.waitUntil(lambda: app.document.pitch.name == "Recovered work", timeout=10_000)
    app.window.undo_action.trigger()
    app.window.close()  # nothing unsaved on screen: no question
    assert memo.read_bytes() == on_disk  # the memo was never overwritten with anything else
    (kept,) = find_recoveries()  # the session is gone: its file is offered again
    assert kept.path == recovery and kept.pitch is not None and kept.pitch.name == "Recovered work"


# --------------------------------------------------------------------------------------------------
# 3. A failed analysis never leaves an older one on screen
# --------------------------------------------------------------------------------------------------


def test_an_internal_error_is_shown_plainly_never_the_previous_pitch(
    qtbot: Any, home: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    app = open_app(qtbot, _example("companion-2026.pitch.json"))
    window = app.window
    assert verdict_texts(window.verdict)["cost"].startswith("$5.13 per paying user-month")
    real = core.analysis.evaluate_prepared

    def broken(prep: Any) -> Any:
        if prep.pitch.name == "Boom":
            raise ZeroDivisionError("float division by zero")
        return real(prep)

    monkeypatch.setattr(core.analysis, "evaluate_prepared", broken)
    other = with_changes(_example("default.pitch.json"), name="Boom")
    with caplog.at_level(logging.ERROR, logger="computecurve"):
        app.document.replace(other, None)  # no dialog (the conftest refuses any), no exception
    assert "ZeroDivisionError" in caplog.text  # logged, with its traceback
    texts = verdict_texts(window.verdict)
    assert window.windowTitle().startswith("Boom")
    assert texts["chip"].strip() == "Internal error"
    assert texts["words"] == "Compute Curve could not evaluate this pitch"
    assert "ZeroDivisionError: float division by zero" in texts["problems"]
    assert texts["cost"] == "" and texts["arrival"] == ""  # nothing of the companion's left
    model = window.table.model
    assert [model.data(model.index(r, 1)) for r in range(model.rowCount())] == [b.name for b in other.blocks]
    assert all(model.data(model.index(r, 3)) is None for r in range(model.rowCount()))
    assert all(chart.is_empty() for chart in window.charts)
    assert app.service.current is not None and app.service.current.internal
    # fixed: the numbers are back
    app.document.edit_fields("Rename", name="Fine")
    assert verdict_texts(window.verdict)["chip"].strip() != "Internal error"
    assert not any(chart.is_empty() for chart in window.charts[:2])


def test_the_issue_s_tiny_inference_share_is_refused_with_a_reason_not_an_internal_error(
    qtbot: Any, home: Path
) -> None:
    pitch = _example("default.pitch.json")
    tiny = with_changes(pitch, business=with_changes(pitch.business, inference_share_of_cogs=5e-324))
    app = open_app(qtbot, tiny)
    analysis = app.service.current
    assert analysis is not None and not analysis.ok and not analysis.internal  # the pitch's problem, said
    texts = verdict_texts(app.window.verdict)
    assert texts["chip"].strip() == "Cannot evaluate"
    assert texts["problems"].startswith("• Business: the budget per user-month works out to")


# --------------------------------------------------------------------------------------------------
# 2 and the done-when: 1,000 rapid edits through the real widgets
# --------------------------------------------------------------------------------------------------


def _handle_center(slider: QSlider) -> QPoint:
    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    rect = slider.style().subControlRect(
        QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, slider
    )
    return rect.center()


def _drag(slider: QSlider, to_x: int, steps: int = 4) -> None:
    """A real drag with the mouse: press on the handle, move, release."""
    start = _handle_center(slider)
    QTest.mousePress(slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for k in range(1, steps + 1):
        x = start.x() + (to_x - start.x()) * k // steps
        QTest.mouseMove(slider, QPoint(x, start.y()))
    QTest.mouseRelease(
        slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(to_x, start.y())
    )


def _type(edit: Any, text: str) -> None:
    edit.selectAll()
    QTest.keyClicks(edit, text)
    QTest.keyClick(edit, Qt.Key.Key_Return)


def test_a_drag_past_the_usage_range_is_one_step_and_never_raises(qtbot: Any, home: Path) -> None:
    app = open_app(qtbot, _example("default.pitch.json"))
    app.window.resize(1600, 1000)
    doc = app.document
    assert doc.pitch.business.ranges["usage_multiplier"] == (0.5, 2.0)
    slider = app.window.business.sliders["usage_multiplier"]
    slider.show()
    before = doc.undo_stack.count()
    _drag(slider, slider.width() - 3)  # to the slider's end: 10x, far past the range's 2x
    assert doc.undo_stack.count() == before + 1  # the whole drag is one step
    usage = doc.pitch.business.usage_multiplier
    assert usage > 2.0
    assert doc.pitch.business.ranges["usage_multiplier"] == (0.5, usage)  # widened to hold the value
    assert app.window.business.slider_note.isVisible()
    assert "range widened" in app.window.business.slider_note.text()
    doc.undo_stack.undo()
    assert doc.pitch == _example("default.pitch.json")


def test_a_thousand_rapid_edits_raise_nothing_and_end_where_the_cli_says(
    qtbot: Any, home: Path, tmp_path: Path
) -> None:
    """Typed values (some refused), slider keys and slider drags past ranges, 1,000 in all, as fast as the
    widgets take them: no exception (pytest-qt fails the test on one raised in a slot) and no dialog (the
    conftest fails it on one); every released drag is one undo step; then the window shows what
    ``computecurve evaluate`` prints for the saved file."""
    app = open_app(qtbot, _example("default.pitch.json"))
    window, doc = app.window, app.document
    window.resize(1600, 1000)
    business, editor = window.business, window.editor
    window.table.select(0)
    rng = random.Random(13)
    block_fields = [
        "input_tokens",
        "output_tokens",
        "actions_per_day",
        "calls_per_action",
        "cached_input_fraction",
    ]
    business_fields = [
        "price_per_user_month",
        "target_gross_margin",
        "usage_multiplier",
        "active_days_per_month",
    ]
    sliders = list(business.sliders.values())
    for slider in sliders:
        slider.show()
    drags = 0
    for i in range(1000):
        kind = i % 4
        if kind == 0:
            key = rng.choice(block_fields)
            value = rng.choice(["0", "1", "12.5", "300", "5,000", "-3", "abc", "150", "1e6", "99.9"])
            window.table.select(rng.randrange(len(doc.pitch.blocks)))
            _type(editor.fields[key].edit, value)
        elif kind == 1:
            key = rng.choice(business_fields)
            value = rng.choice(["0.5", "9.99", "20", "75", "2.28", "31", "100", "-1", "x", "1,000"])
            _type(business.fields[key].edit, value)
        elif kind == 2:
            slider = rng.choice(sliders)
            slider.setFocus()
            QTest.keyClick(slider, rng.choice([Qt.Key.Key_Right, Qt.Key.Key_Left, Qt.Key.Key_PageUp]))
        else:
            slider = rng.choice(sliders)
            before = doc.undo_stack.count()
            key = slider.objectName().removesuffix("_slider")
            start = getattr(doc.pitch.business, key)
            _drag(slider, rng.choice([2, slider.width() // 3, slider.width() - 3]))
            # (by the value: a drag that ends at an end of the slider re-centres it on the new value)
            moved = getattr(doc.pitch.business, key) != start
            assert doc.undo_stack.count() == before + (1 if moved else 0)  # a released drag: one step
            drags += moved
    assert drags > 100
    wait_monte_carlo(qtbot, app.service)

    # Save, and ask the command line what it makes of the file.
    target = tmp_path / "burst.pitch.json"
    assert window.save_to(target)
    out = io.StringIO()
    with redirect_stdout(out):
        assert cli_main(["evaluate", str(target), "--json"]) == 0
    printed = json.loads(out.getvalue())
    text = io.StringIO()
    with redirect_stdout(text):
        assert cli_main(["evaluate", str(target)]) == 0
    cli_lines = [line.strip() for line in text.getvalue().splitlines()]
    ev = evaluate(load_pitch(target))
    shown = verdict_texts(window.verdict)
    assert Verdict(printed["verdict"]).short == shown["chip"].strip()
    assert (
        shown["cost"]
        .replace("   vs   ", " vs ")
        .startswith(f"{format_money(printed['cost_per_paying_user_month'])} per paying user-month")
    )
    assert f"vs {format_money(printed['budget_per_user_month'])} budget" in shown["cost"].replace("   ", " ")
    needs = needs_sentence(ev.required_drop, ev.orders_of_magnitude, ev.verdict).capitalize()
    assert shown["needs"] == needs and needs in cli_lines
    assert shown["breakeven"] == breakeven_sentence(ev) and breakeven_sentence(ev) in cli_lines
    model = window.table.model
    assert [model.data(model.index(r, 3)) for r in range(model.rowCount())] == [
        format_money(b["cost_per_user_month"]) for b in printed["blocks"]
    ]
