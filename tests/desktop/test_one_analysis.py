"""One analysis per pitch change: an edit runs the engine once, whatever is open, and every view reads it.

The engine is ``core.engine.prepare`` (prices resolved) and ``core.engine.evaluate_prepared`` (the
arithmetic); :func:`tests.desktop.helpers.count_engine_runs` counts their calls from anywhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize, Qt

from core.pitch import Pitch
from core.pitch_io import load_pitch_bytes
from core.resources import read_example
from core.wording import verdict_headline
from desktop.app import App
from tests.desktop.helpers import (
    count_engine_runs,
    open_app,
    verdict_texts,
    wait_idle,
    wait_monte_carlo,
)


def _example(name: str) -> Pitch:
    return load_pitch_bytes(read_example(name), source=name)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COMPUTECURVE_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture
def everything_open(qtbot: Any, home: Path) -> App:
    """The default pitch with every view that reads the analysis on screen: the scorecard, the explain
    panel, compare (with the current pitch in it), the history window (on its chart), and presentation
    mode. (The replay tab asks the service for another pitch, the replayed one: tests/desktop/
    test_history_view.py counts it.)"""
    app = open_app(qtbot, _example("default.pitch.json"))
    wait_monte_carlo(qtbot, app.service)
    w = app.workflows
    w["scorecard"].show()
    w["explain"].show()
    compare = w["compare"].show()
    compare.add_current()
    w["history"].show("history")
    presentation = w["presentation"].start(QSize(1280, 720))
    wait_idle(qtbot, app.service)
    yield app
    presentation.close()


def _type(qtbot: Any, edit: Any, text: str) -> None:
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def test_one_edit_runs_the_engine_once_whatever_is_open(qtbot: Any, everything_open: App) -> None:
    app = everything_open
    window = app.window
    window.table.select(0)
    with count_engine_runs() as runs:
        _type(qtbot, window.editor.fields["output_tokens"].edit, "400")  # a typed value, through the widget
        assert app.document.pitch.blocks[0].output_tokens == 400
        wait_monte_carlo(qtbot, app.service)  # the Monte Carlo reuses the prepared pitch
    assert runs == {"prepare": 1, "evaluate_prepared": 1}
    # ... and every view shows that one analysis
    analysis = app.service.current
    assert analysis is not None and analysis.evaluation is not None
    words = verdict_headline(analysis.evaluation, analysis.today)
    assert verdict_texts(window.verdict)["words"] == words
    assert app.workflows["presentation"].window.words.text() == words
    assert app.workflows["scorecard"].panel.words.text() == words
    explained = app.workflows["explain"].explanation()
    assert explained is not None and explained.cost_per_user_month == analysis.evaluation.cost_per_user_month


def test_a_drag_frame_runs_the_engine_once_and_its_release_once_more(
    qtbot: Any, everything_open: App
) -> None:
    app = everything_open
    slider = app.window.business.sliders["price_per_user_month"]
    with count_engine_runs() as runs:
        slider.setSliderDown(True)
        slider.setValue(slider.value() + 40)  # one frame: a preview
    assert runs == {"prepare": 1, "evaluate_prepared": 1}
    with count_engine_runs() as runs:
        slider.setSliderDown(False)  # the release commits the same pitch: it is not analysed again
    assert runs == {"prepare": 0, "evaluate_prepared": 0}
    assert app.document.undo_stack.count() == 1


def test_the_engine_counter_counts(qtbot: Any, home: Path) -> None:
    """The counting itself can fail: a second, needless analysis is seen."""
    app = open_app(qtbot, _example("default.pitch.json"))
    with count_engine_runs() as runs:
        app.service.analyse_current()
        app.service.request("again", app.document.pitch.model_copy(update={"name": "Other"}))
    assert runs == {"prepare": 2, "evaluate_prepared": 2}


def test_reloading_the_catalog_lists_the_models_again_and_analyses_once(qtbot: Any, home: Path) -> None:
    """After a price-data install the service lists the models off the GUI thread, then analyses once."""
    app = open_app(qtbot)
    service = app.service
    ready: list[object] = []
    service.catalog_ready.connect(ready.append)
    with count_engine_runs() as runs, qtbot.waitSignal(service.analysed, timeout=20_000):
        service.reload_catalog()
    assert len(ready) == 1 and ready[0] == service.model_ids and service.model_ids
    assert runs == {"prepare": 1, "evaluate_prepared": 1}
