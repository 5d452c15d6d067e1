"""Every example fits the screens people have (issue 11's done-when): at 1280x720, 1366x768, 1920x1080 and
200% on 1280x800 the verdict's words, cost, budget and arrival are whole, the projection is readable with
its legend over no line, the blocks table shows three rows; checked from the widgets' geometry and elision
(``tests/desktop/screen_fit.py``), never from pixels.

The window also arranges its docks for its size: below 1700x900 the side docks give way first (one column:
the blocks table over tabs of the editor, the business and the library), and once the user moves a dock,
their arrangement is kept until *View > Reset layout*.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from core.pitch_io import load_pitch
from desktop.main_window import MainWindow
from desktop.window_layout import COMPACT, WIDE
from tests.desktop.helpers import open_app, wait_monte_carlo
from tests.desktop.screen_fit import problems

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "resources" / "examples").glob("*.pitch.json"))
SIZES = ((1280, 720), (1366, 768), (1920, 1080))


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COMPUTECURVE_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def _settle() -> None:
    for _ in range(3):  # deferred layouts (docks, then the charts' own label placement) run in turn
        QApplication.processEvents()


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.name.removesuffix(".pitch.json") for p in EXAMPLES])
def test_every_example_shows_its_verdict_whole_at_every_size(qtbot: Any, home: Path, example: Path) -> None:
    app = open_app(qtbot, load_pitch(example), example, samples=2000)
    window = app.window
    for w, h in SIZES:
        window.resize(w, h)
        wait_monte_carlo(qtbot, app.service)
        _settle()
        assert window.size().width() == w and window.size().height() == h
        assert problems(window) == [], f"{example.name} at {w}x{h}"


def test_every_example_shows_its_verdict_whole_at_200_percent_on_1280x800(tmp_path: Path) -> None:
    """QT_SCALE_FACTOR is read when the QApplication starts: a process of its own."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "QT_SCALE_FACTOR": "2",
        "COMPUTECURVE_HOME": str(tmp_path / "home"),
    }
    proc = subprocess.run(
        [sys.executable, "-m", "tests.desktop.screen_fit", "1280x800", *map(str, EXAMPLES)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_checks_can_fail(qtbot: Any, home: Path) -> None:
    """The geometry checks see a cut headline, a short table and a covered projection for what they are."""
    example = ROOT / "resources" / "examples" / "default.pitch.json"
    window = open_app(qtbot, load_pitch(example), example, samples=2000).window
    window.resize(1366, 768)
    _settle()
    assert problems(window) == []
    words = window.verdict.words
    words.setMaximumHeight(words.fontMetrics().height())  # one line for a headline that needs two
    window.table.setMinimumHeight(0)
    window.resizeDocks([window.blocks_dock], [40], Qt.Orientation.Vertical)
    _settle()
    found = "\n".join(problems(window))
    assert "the verdict's words needs" in found and "cut" in found
    assert "the blocks table shows" in found


def _area(window: MainWindow, dock: Any) -> Qt.DockWidgetArea:
    return window.dockWidgetArea(dock)


def test_small_screens_give_the_side_docks_way_first(qtbot: Any, home: Path) -> None:
    window = open_app(qtbot).window
    window.resize(1920, 1080)
    _settle()
    assert window.layout_arranger.arrangement is WIDE
    assert _area(window, window.library_dock) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert _area(window, window.blocks_dock) == Qt.DockWidgetArea.BottomDockWidgetArea
    assert window.tabifiedDockWidgets(window.editor_dock) == []
    # a laptop: one column at the right, the table over the editor, business and library as tabs
    window.resize(1366, 768)
    _settle()
    assert window.layout_arranger.arrangement is COMPACT
    for dock in window.docks():
        assert _area(window, dock) == Qt.DockWidgetArea.RightDockWidgetArea
    assert set(window.tabifiedDockWidgets(window.editor_dock)) == {window.business_dock, window.library_dock}
    assert window.business_dock.windowTitle() == "Business"  # short tab titles fit the column
    view = window.table.view
    assert view.viewport().height() >= 3 * view.rowHeight(0)
    assert window.width() - window.editor_dock.width() >= 900  # the verdict and the charts keep the room
    # Ctrl+F still reaches the library in its tab: the tab comes to the front
    assert window.library_dock.visibleRegion().isEmpty()  # behind the editor's tab
    window._focus_library()
    _settle()
    assert not window.library_dock.visibleRegion().isEmpty()
    assert window.editor_dock.visibleRegion().isEmpty()


def test_a_users_own_arrangement_is_kept_until_reset(qtbot: Any, home: Path) -> None:
    window = open_app(qtbot).window
    window.resize(1920, 1080)
    _settle()
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, window.library_dock)  # the user drags it
    assert not window.layout_arranger.auto
    window.resize(1366, 768)
    _settle()
    assert _area(window, window.library_dock) == Qt.DockWidgetArea.RightDockWidgetArea
    assert _area(window, window.business_dock) == Qt.DockWidgetArea.LeftDockWidgetArea  # not re-arranged
    window.reset_layout()
    assert window.layout_arranger.auto and window.layout_arranger.arrangement is COMPACT
    assert set(window.tabifiedDockWidgets(window.editor_dock)) == {window.business_dock, window.library_dock}
