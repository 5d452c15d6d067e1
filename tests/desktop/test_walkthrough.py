"""The README's five-minute walkthrough, step by step, through the real widgets (issue 11's done-when).

Each step does what the README tells a new user to do, with the keyboard and the mouse where the README says
so, on a 1366x768 window (the most common laptop, where the side panels share one column of tabs), and
checks what the README says they will see. A README step that stops working fails here.
"""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QDateTimeEdit,
    QFileDialog,
    QSlider,
    QStyle,
    QStyleOptionSlider,
    QTabBar,
)

from core.formatting import format_money
from desktop.cli import main as cli_main
from desktop.window_layout import COMPACT
from tests.desktop.helpers import (
    breakdown_drawn,
    hover_at,
    open_app,
    probability_drawn,
    projection_drawn,
    sensitivity_drawn,
    verdict_texts,
    wait_monte_carlo,
)

TODAY = date(2026, 12, 3)
README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COMPUTECURVE_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def _drag(slider: QSlider, to_x: int, steps: int = 4) -> None:
    """A real drag with the mouse: press on the handle, move, release."""
    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    start = (
        slider.style()
        .subControlRect(QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, slider)
        .center()
    )
    QTest.mousePress(slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for k in range(1, steps + 1):
        QTest.mouseMove(slider, QPoint(start.x() + (to_x - start.x()) * k // steps, start.y()))
    QTest.mouseRelease(
        slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(to_x, start.y())
    )


def _click_tab(window: Any, title: str) -> None:
    """Click the dock tab called ``title`` (the docks' tabs are the window's own tab bars)."""
    for bar in window.findChildren(QTabBar):
        for i in range(bar.count()):
            if bar.tabText(i) == title:
                QTest.mouseClick(
                    bar, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, bar.tabRect(i).center()
                )
                _settle()
                return
    raise AssertionError(f"no tab {title!r}")


def _type(edit: Any, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    QTest.keyClicks(edit, text)
    QTest.keyClick(edit, Qt.Key.Key_Return)


def test_the_readme_walkthrough_works_as_written(
    qtbot: Any, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    readme = README.read_text(encoding="utf-8")
    walkthrough = readme[readme.index("## A five-minute walkthrough") : readme.index("## The three ways")]

    # 1. Start: the default pitch; the verdict panel says how far it is from viable.
    app = open_app(qtbot, today=TODAY, samples=2000)
    window, doc = app.window, app.document
    window.resize(1366, 768)
    wait_monte_carlo(qtbot, app.service)
    _settle()
    assert '"AI study buddy"' in walkthrough and doc.pitch.name == "AI study buddy"
    assert [b.name for b in doc.pitch.blocks] == [
        "Tutor chat",
        "Homework solver agent",
        "Background understanding",
    ]
    assert doc.pitch.business.free_users_per_paying_user == 12
    texts = verdict_texts(window.verdict)
    assert texts["words"].startswith("One order of magnitude away · ")  # the verdict and when
    assert "per paying user-month" in texts["cost"] and "budget" in texts["cost"]
    assert texts["needs"].startswith("Needs ") and "orders of magnitude" in texts["needs"]
    assert texts["uncertainty"].startswith("Monte Carlo P10-P90")
    assert (
        texts["breakeven"].startswith("Viable when inference costs") and "or today at" in texts["breakeven"]
    )
    # a laptop: one column at the right, the table on top, the tabs under it
    assert window.layout_arranger.arrangement is COMPACT
    assert "*Block editor*, *Business* and\n   *Library*" in walkthrough
    tabs = {bar.tabText(i) for bar in window.findChildren(QTabBar) for i in range(bar.count())}
    assert {"Block editor", "Business", "Library"} <= tabs

    # 2. Read the charts.
    proj = projection_drawn(window.projection)
    assert len(proj["fast"]) > 60 and "fan_p50" in proj and proj["window"] is not None
    assert proj["budget_label"].startswith("budget $")
    readout = hover_at(window.projection, proj["x"][12], proj["fast"][12])
    assert "fast decline: $" in readout and "budget: $" in readout  # the exact values under the cursor
    bars = breakdown_drawn(window.breakdown)
    assert (
        bars["full_names"][0] == "Homework solver agent" and list(bars["cost"]) == sorted(bars["cost"])[::-1]
    )
    assert len(probability_drawn(window.probability)["p"]) > 0
    tornado = sensitivity_drawn(window.sensitivity)
    assert len(tornado["labels"]) >= 3
    readout = hover_at(window.sensitivity, tornado["current"], float(tornado["y"][0]))
    # where the verdict would change: "one order away at 0.4", or "two orders away past 1.49"
    assert "low " in readout and "high " in readout and (" at " in readout or " past " in readout)

    # 3. Add a block: Ctrl+F, type "agent", Enter.
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    _settle()
    assert window.library.search.hasFocus()
    QTest.keyClicks(window.library.search, "agent")
    QTest.keyClick(window.library.search, Qt.Key.Key_Return)
    _settle()
    assert [b.name for b in doc.pitch.blocks][:2] == ["Tutor chat", "Agent loop"]  # after the selected block
    assert window.table.selected == 1
    assert window.editor.title_label.text() == "Agent loop"
    assert not window.editor_dock.visibleRegion().isEmpty()  # the editor's tab is in front
    before = verdict_texts(window.verdict)

    # 4. Change its model: type it into Model and press Enter.
    combo = window.editor.model_combo
    combo.lineEdit().setText("openai:gpt-4o-mini")  # (typed key by key, the completer's popup opens)
    QTest.keyClick(combo.lineEdit(), Qt.Key.Key_Return)
    _settle()
    assert doc.pitch.blocks[1].model == "openai:gpt-4o-mini"
    assert (
        "per M tokens" in window.editor.model_prices.text() and "$0.150" in window.editor.model_prices.text()
    )
    assert "genai-prices" in window.editor.model_source.text()
    after = verdict_texts(window.verdict)
    assert after["needs"] != before["needs"]

    # 5. What-ifs on the Business tab: drag the Price slider (one undo step, its value shown), switch the
    # scenario, then set As of to 2023-03-15.
    _click_tab(window, "Business")
    business = window.business
    slider = business.sliders["price_per_user_month"]
    assert slider.isVisible() and slider.span() == pytest.approx(
        (0.999, 99.9)
    )  # a decade either side of $9.99
    steps = doc.undo_stack.count()
    _drag(slider, slider.width() * 3 // 4)
    price = doc.pitch.business.price_per_user_month
    assert 9.99 < price < 99.9
    assert doc.undo_stack.count() == steps + 1
    assert business.slider_values["price_per_user_month"].text() == format_money(price)
    combo = business.scenario_combo
    llmflation = combo.findData("llmflation")
    combo.setCurrentIndex(llmflation)
    combo.activated.emit(llmflation)
    assert doc.pitch.scenario == "llmflation"
    business.date_edit.setFocus()
    for section, digits in (
        (QDateTimeEdit.Section.YearSection, "2023"),
        (QDateTimeEdit.Section.MonthSection, "03"),
        (QDateTimeEdit.Section.DaySection, "15"),
    ):
        business.date_edit.setSelectedSection(section)  # a click on that part of the date, then its digits
        QTest.keyClicks(business.date_edit, digits)
    QTest.keyClick(business.date_edit, Qt.Key.Key_Return)
    _settle()
    assert doc.pitch.as_of == date(2023, 3, 15)
    texts = verdict_texts(window.verdict)
    assert texts["words"] == "4 of 4 blocks have no price on 2023-03-15"  # no verdict: named, block by block
    assert [line.split(":")[0] for line in texts["problems"].splitlines()] == [
        "• Tutor chat",
        "• Agent loop",
        "• Homework solver agent",
        "• Background understanding",
    ]
    assert '"no model of this capability existed on 2023-03-15"' in walkthrough
    assert "no model of this capability existed on 2023-03-15" in texts["problems"]
    assert "Replay at a past date" in window.verdict.replay_hint.text()
    assert window.chart_stack.currentWidget() is window.charts_empty  # the charts say it in one line
    assert "*Date the pitch 2025-10-15, when every model existed*" in walkthrough
    assert window.verdict.date_button.text() == "Date the pitch 2025-10-15, when every model existed"
    QTest.mouseClick(window.verdict.date_button, Qt.MouseButton.LeftButton)
    _settle()
    assert (
        doc.pitch.as_of == date(2025, 10, 15) and app.service.current is not None and app.service.current.ok
    )
    assert window.chart_stack.currentIndex() == 0

    # 6. Undo with Ctrl+Z (named steps), redo with Ctrl+Shift+Z.
    assert (
        doc.undo_stack.undoText() == "Change the as-of date to 2025-10-15, when every block's model existed"
    )
    _click_tab(window, "Block editor")
    window.table.select(1)
    _type(window.editor.fields["output_tokens"].edit, "1200")
    assert doc.pitch.blocks[1].output_tokens == 1200
    assert '"Change output tokens of Agent loop"' in walkthrough
    assert doc.undo_stack.undoText() == "Change output tokens of Agent loop"
    assert window.undo_action.text() == "&Undo Change output tokens of Agent loop"
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert doc.pitch.blocks[1].output_tokens != 1200
    QTest.keyClick(
        window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert doc.pitch.blocks[1].output_tokens == 1200

    # 7. Save with Ctrl+S (a new pitch asks for a file name), then `computecurve evaluate` prints the same.
    target = tmp_path / "my.pitch.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    QTest.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert target.exists() and not doc.dirty
    out = io.StringIO()
    with redirect_stdout(out):
        assert cli_main(["evaluate", str(target), "--json"]) == 0
    printed = json.loads(out.getvalue())
    shown = verdict_texts(window.verdict)
    assert shown["cost"].startswith(
        f"{format_money(printed['cost_per_paying_user_month'])} per paying user-month"
    )
    assert f"{format_money(printed['budget_per_user_month'])} budget" in shown["cost"]
    # and the status bar: the menu tips' place, with the price data's date
    assert window.statusBar().isVisible() and window._price_status.text().startswith(
        "Prices: genai-prices data of"
    )
