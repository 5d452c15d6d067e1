"""The main window as a user drives it: library, editor, undo, files, autosave, safety, the Monte Carlo."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QImage, QKeySequence
from PySide6.QtWidgets import QLabel, QMessageBox

from core.engine import evaluate
from core.formatting import format_money, needs_sentence
from core.pitch import Pitch
from core.pitch_io import load_pitch, save_pitch
from core.report import breakeven_sentence
from core.uncertainty import monte_carlo
from core.wording import arrival_window_text, verdict_headline
from desktop.app import App
from desktop.autosave import find_recoveries
from desktop.main_window import MainWindow
from tests.desktop.helpers import (
    open_app,
    projection_drawn,
    record_dialogs,
    verdict_texts,
    wait_monte_carlo,
)


def _pitch(name: str = "Window test", blocks: list[dict[str, Any]] | None = None) -> Pitch:
    if blocks is None:
        blocks = [
            {
                "name": "Chat",
                "price": {"input_per_mtok": 3.0, "output_per_mtok": 15.0},
                "input_tokens": 2000,
                "output_tokens": 300,
                "calls_per_action": 1,
                "actions_per_day": 20,
                "ranges": {"actions_per_day": [5, 60]},
            },
            {
                "name": "Agent",
                "price": {"input_per_mtok": 3.0, "output_per_mtok": 15.0},
                "input_tokens": 20000,
                "output_tokens": 800,
                "calls_per_action": 40,
                "actions_per_day": 5,
            },
        ]
    return Pitch.model_validate(
        {
            "format": "computecurve.pitch",
            "schema_version": 2,
            "name": name,
            "as_of": "2026-11-26",
            "business": {"price_per_user_month": 20.0, "target_gross_margin": 0.7},
            "blocks": blocks,
        }
    )


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COMPUTECURVE_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def _open(qtbot: Any, pitch: Pitch | str | None = None, path: Path | None = None) -> App:
    """The app, shown and ready, on ``pitch`` (a small test pitch by default; "default": the built-in one)."""
    chosen = None if pitch == "default" else (pitch or _pitch())
    return open_app(qtbot, chosen, path)  # type: ignore[arg-type]


def _open_window(qtbot: Any, pitch: Pitch | str | None = None, path: Path | None = None) -> MainWindow:
    return _open(qtbot, pitch, path).window


@pytest.fixture
def window(qtbot: Any, home: Path) -> Any:
    return _open_window(qtbot)


def _assert_screen_matches_engine(window: MainWindow) -> None:
    ev = evaluate(window.document.pitch)
    texts = verdict_texts(window.verdict)
    assert texts["needs"] == needs_sentence(ev.required_drop, ev.orders_of_magnitude, ev.verdict).capitalize()
    assert texts["arrival"] == arrival_window_text(ev, date.today())
    assert texts["breakeven"] == breakeven_sentence(ev)
    assert texts["words"] == verdict_headline(ev, date.today())
    drawn = projection_drawn(window.projection)
    assert np.allclose(drawn["fast"], np.log10(ev.projection.fast))
    assert np.allclose(drawn["slow"], np.log10(ev.projection.slow))
    assert drawn["budget"] == pytest.approx(math.log10(ev.budget_per_user_month))


def test_build_a_pitch_from_the_library_with_keyboard_and_mouse(qtbot: Any, home: Path) -> None:
    window = _open_window(qtbot, _pitch(blocks=[]))
    assert "Add a block from the library to start" in verdict_texts(window.verdict)["cost"]
    # keyboard: search, then Enter adds the highlighted template
    qtbot.keyClicks(window.library.search, "agent loop")
    qtbot.keyClick(window.library.search, Qt.Key.Key_Return)
    assert [b.name for b in window.document.pitch.blocks] == ["Agent loop"]
    # mouse: double-click a template in the list
    window.library.search.clear()
    item = window.library.list.findItems("Chat turn", Qt.MatchFlag.MatchExactly)[0]
    rect = window.library.list.visualItemRect(item)
    # a real double-click is press-release-press: QTest's mouseDClick alone sends only the second half
    qtbot.mouseClick(window.library.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(window.library.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert [b.name for b in window.document.pitch.blocks] == ["Agent loop", "Chat turn"]
    assert window.document.undo_stack.undoText() == "Add Chat turn"
    _assert_screen_matches_engine(window)
    window.document.undo_stack.setClean()
    window.close()


def test_editing_a_field_moves_the_verdict_and_the_charts(window: MainWindow, qtbot: Any) -> None:
    window.table.select(1)
    field = window.editor.fields["actions_per_day"]
    field.edit.selectAll()
    qtbot.keyClicks(field.edit, "0.5")
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)
    assert window.document.pitch.blocks[1].actions_per_day == 0.5
    assert window.document.undo_stack.undoText() == "Change actions per day of Agent"
    _assert_screen_matches_engine(window)
    # the table shows the same block costs as the engine
    ev = evaluate(window.document.pitch)
    index = window.table.model.index(1, 3)
    assert window.table.model.data(index) == format_money(ev.blocks[1].cost_per_user_month)
    # Agent: (20,000 x 3 + 800 x 15) / 1e6 = $0.072 a call x 40 calls x 0.5 actions x 30 days = $43.20
    assert window.table.model.data(index) == "$43.20"
    assert window.table.model.headerData(3, Qt.Orientation.Horizontal) == "$ / active user-month"


def test_a_pitch_with_problems_lists_them_under_the_headline_and_the_charts_point_there(
    qtbot: Any, home: Path
) -> None:
    blocks = [
        {
            "name": name,
            "model": model,
            "input_tokens": 100,
            "output_tokens": 10,
            "calls_per_action": 1,
            "actions_per_day": 1,
        }
        for name, model in (("Chat", "acme:nothing"), ("Agent", "acme:nothing-either"))
    ]
    window = _open_window(qtbot, _pitch(blocks=blocks))
    panel = window.verdict
    texts = verdict_texts(panel)
    assert texts["chip"].strip() == "Cannot evaluate"
    day = window.document.pitch.effective_as_of().isoformat()
    assert texts["words"] == f"2 of 2 blocks have no price on {day}"
    problems = texts["problems"].splitlines()
    assert len(problems) == 2
    assert problems[0].startswith("• Chat: ") and "acme:nothing" in problems[0]
    assert problems[1].startswith("• Agent: ") and "acme:nothing-either" in problems[1]
    assert "blocks[" not in texts["problems"]
    # the number lines are empty and take no room: the problems follow the headline
    assert [w for w in panel.lines() if w.isVisible()] == []
    first = next(w for w in panel.problem_lines if w.isVisible())
    assert first.geometry().top() < panel.words.geometry().bottom() + panel.fontMetrics().height()
    # one short message where the charts were, pointing at the panel, not four copies of the problems
    assert window.chart_stack.currentWidget() is window.charts_empty
    assert window.charts_empty.isVisible() and not window.projection.isVisible()
    assert "the panel above says what to fix" in window.charts_empty.text()
    assert "acme" not in window.charts_empty.text()
    # fixed: every line is back, the problems take no room, the charts return with equal rows
    window.document.edit_block(
        0, "Change model", model=None, price={"input_per_mtok": 1.0, "output_per_mtok": 2.0}
    )
    window.document.edit_block(
        1, "Change model", model=None, price={"input_per_mtok": 1.0, "output_per_mtok": 2.0}
    )
    assert verdict_texts(panel)["chip"].strip() != "Cannot evaluate"
    assert verdict_texts(panel)["problems"] == ""
    visible = [w for w in panel.lines() if w.isVisible()]
    assert panel.cost in visible and panel.arrival in visible and panel.notice not in visible
    assert window.chart_stack.currentIndex() == 0 and window.projection.isVisible()
    window.document.undo_stack.undo()
    window.document.undo_stack.undo()
    assert window.chart_stack.currentWidget() is window.charts_empty
    window.document.undo_stack.redo()
    window.document.undo_stack.redo()
    qtbot.waitUntil(lambda: abs(window.projection.height() - window.probability.height()) <= 1)


def test_undo_and_redo_restore_the_numbers(window: MainWindow) -> None:
    before = verdict_texts(window.verdict)
    window.document.edit_block(0, "Change output tokens of Chat", output_tokens=3000.0)
    after = verdict_texts(window.verdict)
    assert after != before
    assert window.undo_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    assert QKeySequence("Ctrl+Shift+Z") in window.redo_action.shortcuts()
    window.undo_action.trigger()
    assert verdict_texts(window.verdict)["needs"] == before["needs"]
    window.redo_action.trigger()
    assert verdict_texts(window.verdict)["needs"] == after["needs"]
    _assert_screen_matches_engine(window)


def test_an_edit_that_changes_nothing_pushes_no_step(window: MainWindow, qtbot: Any) -> None:
    window.table.select(0)
    field = window.editor.fields["output_tokens"]
    field.edit.selectAll()
    qtbot.keyClicks(field.edit, "300")
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)
    assert window.document.undo_stack.count() == 0
    assert not window.document.dirty
    assert "*" not in window.windowTitle()


def test_title_shows_name_and_unsaved_marker(window: MainWindow) -> None:
    assert window.windowTitle().startswith("Window test — ")
    window.document.edit_fields("Rename pitch", name="Renamed")
    assert window.windowTitle().startswith("Renamed * — ")


def test_opening_a_hostile_file_keeps_the_document(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialogs = record_dialogs(monkeypatch)
    window.document.edit_block(0, "Change output tokens of Chat", output_tokens=999.0)
    before = window.document.pitch
    bad = tmp_path / "hostile.pitch.json"
    doc = json.loads(json.dumps(_pitch().model_dump(mode="json")))
    text = json.dumps(doc).replace('"output_tokens": 800.0', '"output_tokens": NaN')
    bad.write_text(text, encoding="utf-8")
    assert not window.open_path(bad, confirm=False)
    assert window.document.pitch is before
    assert window.document.dirty
    assert len(dialogs) == 1 and dialogs[0].startswith("Cannot open the pitch: ")
    # in the user's words: the file's name, the block (the file did not parse: by its place) and the
    # field by its label, never the path the command line prints
    assert "hostile.pitch.json: Block 2 · Output tokens: NaN is not allowed" in dialogs[0]
    assert "blocks[1]" not in dialogs[0] and "output_tokens" not in dialogs[0]


def test_save_reopen_gives_the_same_numbers_as_the_cli(window: MainWindow, tmp_path: Path) -> None:
    target = tmp_path / "saved.pitch.json"
    window.document.edit_block(1, "Change calls per action of Agent", calls_per_action=12.0)
    assert window.save_to(target)
    assert not window.document.dirty
    shown = verdict_texts(window.verdict)
    from desktop.cli import main

    out = tmp_path / "out.json"
    with out.open("w") as fh:
        old = sys.stdout
        sys.stdout = fh
        try:
            assert main(["evaluate", str(target), "--json"]) == 0
        finally:
            sys.stdout = old
    cli = json.loads(out.read_text())
    ev = evaluate(load_pitch(target))
    assert cli["cost_per_user_month"] == ev.cost_per_user_month
    assert shown["needs"] == needs_sentence(ev.required_drop, ev.orders_of_magnitude, ev.verdict).capitalize()
    assert window.open_path(target, confirm=False)
    assert verdict_texts(window.verdict)["needs"] == shown["needs"]


def test_autosave_then_crash_then_recovery(qtbot: Any, home: Path) -> None:
    first = _open_window(qtbot)
    first.document.edit_block(0, "Change actions per day of Chat", actions_per_day=33.0)
    # written within a few seconds of the edit, with no save
    qtbot.waitUntil(lambda: first.autosaver.path.exists(), timeout=5000)
    edited = first.document.pitch
    # a crash: the process dies without closing the window (nothing cleans up; the OS drops its lock)
    assert find_recoveries() == []  # while its session runs, its autosave is not anybody's recovery
    first.hide()
    first.autosaver.release()
    recoveries = find_recoveries()
    assert len(recoveries) == 1 and recoveries[0].pitch == edited

    second = _open_window(qtbot, _pitch("Another"))
    asked: list[Any] = []
    second.ask_recovery = asked.append  # type: ignore[method-assign]
    second.offer_recovery()
    assert len(asked) == 1 and asked[0][0].pitch == edited
    second.recover(asked[0][0])
    assert second.document.pitch == edited
    assert second.document.dirty  # recovered work is unsaved work
    # the recovery file is this session's now, kept until the user saves or discards the work
    assert second.autosaver.path == recoveries[0].path and recoveries[0].path.exists()
    assert find_recoveries() == []  # held by this running session: not offered to another window
    for w in (first, second):
        w.document.undo_stack.setClean()
        w.close()


def test_keep_for_later_never_deletes_the_recovery_file(
    qtbot: Any, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _open_window(qtbot)
    first.document.edit_fields("Rename pitch", name="Unsaved work")
    first.autosaver.write_now()
    first.hide()
    first.autosaver.release()  # the crash
    second = _open_window(qtbot, _pitch("Another"))

    def press(button_text: str) -> None:
        def exec_(box: QMessageBox) -> int:
            for b in box.buttons():
                if b.text() == button_text:
                    box.setProperty("clicked", button_text)
                    b.click()
            return 0

        monkeypatch.setattr(QMessageBox, "exec", exec_)

    press("Keep for later")
    second.offer_recovery()
    assert [r.pitch.name for r in find_recoveries() if r.pitch and r.path != second.autosaver.path] == [
        "Unsaved work"
    ]
    assert second.document.pitch.name == "Another"
    for w in (first, second):
        w.document.undo_stack.setClean()
        w.close()


def test_closing_with_unsaved_changes_asks(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    window.document.edit_fields("Rename pitch", name="Changed")
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Cancel)
    window.close()
    assert window.isVisible()
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Discard)
    window.close()
    assert not window.isVisible()


def test_user_html_is_shown_as_plain_text(qtbot: Any, home: Path) -> None:
    evil = "<img src=http://127.0.0.1:9/x.png><b>bold</b>"
    window = _open_window(
        qtbot,
        _pitch(
            evil,
            blocks=[
                {
                    "name": evil,
                    "price": {"input_per_mtok": 3.0, "output_per_mtok": 15.0},
                    "input_tokens": 2000,
                    "output_tokens": 300,
                    "calls_per_action": 1,
                    "actions_per_day": 20,
                }
            ],
        ),
    )
    window.table.select(0)
    assert window.windowTitle().startswith(evil)
    assert window.table.model.data(window.table.model.index(0, 1)) == evil
    showing = [label for label in window.findChildren(QLabel) if "<img" in label.text()]
    assert showing, "the name should be on screen somewhere"
    for label in showing:
        assert label.textFormat() == Qt.TextFormat.PlainText, label.objectName()
    window.document.undo_stack.setClean()
    window.close()


def test_the_monte_carlo_debounce_runs_from_the_edit_not_from_the_end_of_the_drawing(
    window: MainWindow, qtbot: Any
) -> None:
    """The views are told of an edit with the Monte Carlo's debounce already running, so the drawing does
    not delay the simulation; an edit the engine cannot evaluate schedules none."""
    service = window.service
    wait_monte_carlo(qtbot, service)
    running: list[bool] = []
    service.analysed.connect(lambda _a: running.append(service._mc_timer.isActive()))
    window.document.edit_block(0, "Change output tokens", output_tokens=321.0)
    assert running == [True]
    window.document.edit_block(0, "Break the model", price=None, model="nobody:no-such-model")
    assert service.current is not None and not service.current.ok
    assert running == [True, False] and not service.mc_busy
    window.document.undo_stack.setClean()


def test_a_stale_monte_carlo_result_is_discarded(window: MainWindow, qtbot: Any) -> None:
    """Two pitches that differ (the second runs its agent once a day, not five times): the first one's
    simulation is running when the second is analysed, and only the second's result may reach the screen."""
    service = window.service
    wait_monte_carlo(qtbot, service)
    first = _pitch("First")
    blocks = first.model_dump(mode="json")["blocks"]
    second = _pitch("Second", blocks=[blocks[0], dict(blocks[1], actions_per_day=1)])
    results: list[Any] = []
    service.uncertainty_ready.connect(results.append)
    window.document.edit(first, "First")
    service.run_monte_carlo_now()  # the first pitch's simulation is now on the worker
    assert service.mc_busy
    window.document.edit(second, "Second")  # a newer pitch: the first result must be dropped
    qtbot.waitUntil(lambda: not service.mc_busy and len(results) >= 1, timeout=20_000)
    qtbot.wait(100)  # time for a stale result to arrive, were it not dropped
    assert [r.pitch.name for r in results] == ["Second"]
    current = service.current
    assert current is not None and current.prepared is not None and current.pitch is second
    expected = monte_carlo(current.prepared, service.samples, service.seed)
    assert results[0].uncertainty.years_p50 == expected.years_p50
    # the two really differ: a stale first result would be caught by the numbers, not only the name
    assert window.service._analyse(first).prepared is not None
    first_mc = monte_carlo(window.service._analyse(first).prepared, service.samples, service.seed)
    assert first_mc.years_p50 != expected.years_p50
    assert verdict_texts(window.verdict)["uncertainty"].startswith("Monte Carlo P10-P90")


def test_dropping_a_pitch_file_opens_it(window: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "dropped.pitch.json"
    save_pitch(_pitch("Dropped"), path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    assert window.document.pitch.name == "Dropped"
    assert window.document.path == path


def test_screenshot_command_renders_the_window(tmp_path: Path) -> None:
    out = tmp_path / "shot.png"
    example = Path(__file__).resolve().parents[2] / "resources" / "examples" / "companion-2026.pitch.json"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "COMPUTECURVE_HOME": str(tmp_path / "home")}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop.cli",
            "open",
            str(example),
            "--screenshot",
            str(out),
            "--size",
            "1200x800",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1200, 800)
    colours = {image.pixel(x, y) for x in range(0, 1200, 37) for y in range(0, 800, 23)}
    assert len(colours) > 20  # a real picture, not a blank window


def test_the_done_when_journey(qtbot: Any, home: Path, tmp_path: Path) -> None:
    """The issue's 'done when': default pitch, add an agent loop, switch it to a cheaper model, watch the
    numbers move, undo, save, reopen, and see the numbers `computecurve evaluate` prints."""
    window = _open_window(qtbot, "default")  # the built-in default pitch
    assert window.document.pitch.name == "AI study buddy"
    start = verdict_texts(window.verdict)
    window.add_template("agent_loop")
    row = window.table.selected  # added after the selected block, and selected
    assert row is not None and window.document.pitch.blocks[row].name == "Agent loop"
    assert window.document.pitch.blocks[row].model == "anthropic:claude-sonnet-4-6"
    with_agent = verdict_texts(window.verdict)
    assert with_agent["needs"] != start["needs"]
    # switch the new block's model to a cheaper one by typing it into the picker
    window.table.select(row)
    combo = window.editor.model_combo
    # (typed with setText: key-by-key typing opens the completer popup, which the offscreen platform
    # cannot raise or give the keyboard to, and it says so in warnings that fail the test)
    combo.lineEdit().setText("openai:gpt-4o-mini")
    qtbot.keyClick(combo.lineEdit(), Qt.Key.Key_Return)
    assert window.document.pitch.blocks[row].model == "openai:gpt-4o-mini"
    cheaper = verdict_texts(window.verdict)
    # Sonnet 4.6 ($3/$15) -> gpt-4o-mini ($0.15/$0.60): the same calls cost 20x-25x less
    window.document.undo_stack.undo()
    sonnet_cost = evaluate(window.document.pitch).cost_per_user_month
    window.document.undo_stack.redo()
    assert evaluate(window.document.pitch).cost_per_user_month < sonnet_cost
    ev = evaluate(window.document.pitch)
    assert (
        cheaper["needs"] == needs_sentence(ev.required_drop, ev.orders_of_magnitude, ev.verdict).capitalize()
    )
    _assert_screen_matches_engine(window)
    window.undo_action.trigger()
    assert window.document.pitch.blocks[row].model == "anthropic:claude-sonnet-4-6"
    assert verdict_texts(window.verdict)["needs"] == with_agent["needs"]
    window.redo_action.trigger()
    target = tmp_path / "journey.pitch.json"
    assert window.save_to(target)
    assert window.open_path(target, confirm=False)
    from desktop.cli import main

    out = tmp_path / "journey.json"
    with out.open("w") as fh:
        old = sys.stdout
        sys.stdout = fh
        try:
            assert main(["evaluate", str(target), "--json"]) == 0
        finally:
            sys.stdout = old
    cli = json.loads(out.read_text())
    from core.formatting import format_money

    assert format_money(cli["cost_per_user_month"]) in verdict_texts(window.verdict)["cost"]
    assert verdict_texts(window.verdict)["needs"] == cheaper["needs"]


def test_a_view_that_fails_to_render_exits_1_in_one_line_and_never_waits(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bug while rendering a screenshot must not open the error dialog (nobody is there to close it: the
    command would wait for ever); the traceback goes to the log, the terminal gets one line, the exit is 1."""
    import desktop.screenshot
    from desktop.app import run_app

    monkeypatch.setenv("COMPUTECURVE_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_app installs its own: put back after
    dialogs = record_dialogs(monkeypatch)

    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise AttributeError("'LegendRow' object has no attribute 'clear'")

    monkeypatch.setattr(desktop.screenshot, "take", broken)
    code = run_app(None, screenshot=str(tmp_path / "x.png"), view="main", size="800x600")
    assert code == 1 and dialogs == []
    err = capsys.readouterr().err
    assert err.startswith("computecurve open: could not render the 'main' view: AttributeError: 'LegendRow'")
    assert "Traceback" not in err and err.count("\n") == 1
    log_text = next((tmp_path / "home").rglob("computecurve.log")).read_text(encoding="utf-8")
    assert "Traceback" in log_text and "in broken" in log_text
    assert not (tmp_path / "x.png").exists()
