"""Help: the "How is this computed?" panel, the shortcuts cheat sheet, About and sources, the first-run tour."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QTableWidget

from core.history import price_history
from core.price_data import price_data_info
from core.scenarios import builtin_scenarios
from core.templates import TEMPLATES
from desktop.app import App
from desktop.main_window import MainWindow
from desktop.screenshot import embed_in_window
from desktop.settings import Settings
from desktop.workflows import explain, help
from desktop.workflows import tour as tour_module
from tests.desktop.helpers import open_app


def _window(qtbot, *, persist: bool = False, settings: Settings | None = None) -> MainWindow:  # type: ignore[no-untyped-def]
    app = open_app(qtbot, settings=settings)
    app.window.persist_settings = persist
    if persist:  # a real session: the first-run tour looks again (it ran before persistence was on)
        app.workflows["help"]._auto_tour_checked = False
        app.workflows["help"]._on_service_analysed(None)
    return app.window


def _app(w: MainWindow) -> App:
    app = w.findChild(App, "app")
    assert app is not None
    return app


def _controller(w: MainWindow) -> help.HelpController:
    return _app(w).workflows["help"]


def _explain(w: MainWindow) -> explain.ExplainPanel:
    return _app(w).workflows["explain"]


def _show_embedded(w: MainWindow, name: str) -> None:
    """What the screenshot command does with a dialog view: draw it inside the window."""
    shot = _app(w).context.views.show(name)
    assert shot.embed and shot.widget is not None
    embed_in_window(w, shot.widget)  # type: ignore[arg-type]


def _sheet_rows(sheet: help.ShortcutsDialog) -> list[tuple[str, str, str]]:
    t = sheet.table
    return [tuple(t.item(r, c).text() for c in range(3)) for r in range(t.rowCount())]  # type: ignore[misc]


def _about_tables(dialog: help.AboutDialog) -> dict[str, list[list[str]]]:
    out: dict[str, list[list[str]]] = {}
    for i in range(dialog.tabs.count()):
        rows: list[list[str]] = []
        for table in dialog.tabs.widget(i).findChildren(QTableWidget):
            rows += [
                [table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())
            ]
        out[dialog.tabs.tabText(i)] = rows
    return out


def _close(*widgets: object) -> None:
    for widget in widgets:
        if widget is not None:
            widget.close()  # type: ignore[attr-defined]


def _action(w: MainWindow, name: str) -> QAction:
    action = w.findChild(QAction, name)
    assert action is not None
    return action


# -- How is this computed? --------------------------------------------------------------------------------
def test_the_explain_panel_shows_the_engines_numbers_and_follows_edits(qtbot) -> None:  # type: ignore[no-untyped-def]
    w = _window(qtbot)
    action = _action(w, "explainAction")
    assert action in w.help_menu.actions()
    assert action.shortcut() == QKeySequence(explain.SHORTCUT)
    action.trigger()
    panel = _explain(w)
    assert panel.isVisible() and panel.isWindow() and not panel.isModal()
    ev = w.service.current.evaluation
    expl = panel.explanation()
    assert expl is not None and expl.cost_per_user_month == ev.cost_per_user_month
    text = panel.browser.toPlainText()
    # The default pitch's first block: (5,000 * (0.5 * $0.3 + 0.5 * $0.03 + 0 * $0.3) + 350 * $2.5 + 500 * $2.5)
    # / 1e6 = (825 + 875 + 1,250) / 1e6 = $0.00295 a call (gemini-2.5-flash on 2026-11-26).
    assert "( 5,000 * ( 0.5 * $0.3 + 0.5 * $0.03 + 0 * $0.3 ) + 350 * $2.5 + 500 * $2.5 ) / 1e6" in text
    assert "= $0.00295" in text
    # Budget: $9.99 * (1 - 0.15) * (1 - 0.6) * 0.9 = $3.05694
    assert "$9.99 * (1 - 0.15) * (1 - 0.6) * 0.9" in text and "$3.05694" in text
    # Live: a price of $20 gives a budget of 20 * 0.85 * 0.4 * 0.9 = $6.12.
    w.document.edit_business("Change price", price_per_user_month=20.0)
    qtbot.waitUntil(lambda: "$20 * (1 - 0.15) * (1 - 0.6) * 0.9" in panel.browser.toPlainText())
    assert "$6.12" in panel.browser.toPlainText()
    _close(panel)


def test_the_explain_panel_shows_user_text_literally_and_a_pitch_it_cannot_evaluate(qtbot) -> None:  # type: ignore[no-untyped-def]
    w = _window(qtbot)
    hostile = "<img src=http://example.invalid/x.png> & <b>co</b>"
    w.document.edit_block(0, "Rename", name=hostile)
    _action(w, "explainAction").trigger()
    panel = _explain(w)
    qtbot.waitUntil(lambda: hostile in panel.browser.toPlainText())
    assert "<img" not in panel.browser.toHtml().replace("&lt;img", "")
    # A model that does not exist: the panel says why there are no numbers.
    w.document.edit_block(0, "Bad model", model="nowhere:no-such-model")
    qtbot.waitUntil(lambda: "cannot be evaluated" in panel.browser.toPlainText())
    assert "no-such-model" in panel.browser.toPlainText()
    _close(panel)


def test_the_explain_view_shows_the_panel_inside_the_window(qtbot) -> None:  # type: ignore[no-untyped-def]
    w = _window(qtbot)
    _show_embedded(w, "explain")
    panel = _explain(w)
    assert panel.isVisible() and not panel.isWindow()  # grab() of the window sees it
    assert "Block 1: Tutor chat" in panel.browser.toPlainText()


# -- keyboard shortcuts -------------------------------------------------------------------------------------
def test_the_cheat_sheet_lists_every_shortcut_of_the_window_grouped_by_menu(qtbot) -> None:  # type: ignore[no-untyped-def]
    w = _window(qtbot)
    # An action another module adds later still shows: the sheet reads the window's actions when opened.
    late = QAction("Toggle presentation", w)
    late.setShortcut(QKeySequence("F11"))
    w.addAction(late)
    _app(w).context.menus.menu("&View").addAction(late)
    ctl = _controller(w)
    sheet = ctl.shortcuts_dialog()
    rows = help.shortcut_rows(_app(w).context.menus)
    keys_by_action = {(r.action, r.keys) for r in rows}
    for action in w.findChildren(QAction):
        for key in action.shortcuts():
            if not help._on_a_keyboard(key):  # a dedicated "Redo" key, Windows 3.1's Alt+Backspace
                continue
            text = key.toString(QKeySequence.SequenceFormat.NativeText)
            assert any(text in keys.split(", ") for _a, keys in keys_by_action), (action.text(), text)
    groups = {r.group for r in rows}
    assert {"File", "Edit", "View", "Help", "Pitch blocks table", "Block library"} <= groups
    assert ("Toggle presentation", "F11") in keys_by_action
    assert ("Duplicate block", "Ctrl+D") in keys_by_action
    assert ("Keyboard shortcuts…", "F1, ?") in keys_by_action
    assert ("Remove the selected block", "Del, Backspace") in keys_by_action
    assert ("Move the selected block up / down", "Ctrl+Up, Ctrl+Down") in keys_by_action
    assert any(r.group == "Block library" and r.keys.startswith("Enter") for r in rows)
    shown = _sheet_rows(sheet)
    assert len(shown) == len(rows)
    assert shown[0][0] == "File"  # the group is written once, on its first row
    assert all(row[1] and row[2] for row in shown)


def test_no_two_actions_share_a_key_and_f1_and_question_mark_open_the_sheet(qtbot) -> None:  # type: ignore[no-untyped-def]
    w = _window(qtbot)
    seen: dict[str, str] = {}
    for action in w.findChildren(QAction):
        for key in action.shortcuts():
            text = key.toString()
            assert text not in seen, f"{text} is on both {seen[text]!r} and {action.text()!r}"
            seen[text] = action.text()
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    ctl = _controller(w)
    w.table.view.setFocus()
    qtbot.keyClick(w.table.view, Qt.Key.Key_F1)
    assert ctl.shortcuts is not None and ctl.shortcuts.isVisible()
    ctl.shortcuts.close()
    qtbot.keyClick(w.table.view, "?")
    assert ctl.shortcuts.isVisible()
    ctl.shortcuts.close()
    # In a text field "?" is a character, not a shortcut.
    w.library.search.setFocus()
    qtbot.keyClick(w.library.search, "?")
    assert w.library.search.text() == "?"
    assert not ctl.shortcuts.isVisible()


# -- About and sources --------------------------------------------------------------------------------------
def test_about_lists_every_price_and_decline_rate_with_its_source(qtbot) -> None:  # type: ignore[no-untyped-def]
    w = _window(qtbot)
    action = _action(w, "helpAboutAction")
    assert action in w.help_menu.actions()
    action.trigger()
    dialog = _controller(w).about
    assert dialog is not None and dialog.isVisible()
    assert help.app_version() in dialog.versions.text()
    assert "genai-prices 0.2.3 + history" in dialog.versions.text()
    data_date = price_data_info().data_date
    days = (_app(w).service.today() - data_date).days
    assert f"(data of {data_date.isoformat()}, {days:,} days old)" in dialog.versions.text()
    assert "computecurve.pitch schema 2 " in dialog.versions.text()  # the version files are saved in
    tables = _about_tables(dialog)
    assert list(tables) == [
        "Current prices",
        "Decline scenarios",
        "Price history",
        "Capability scores",
        "Release dates",
        "Self-hosting",
        "Token rates of audio and images",
        "Block templates",
    ]
    prices = [" ".join(row) for row in tables["Current prices"]]
    # The default pitch's models: Google's and Anthropic's pricing pages, and each block's resolved prices.
    assert any("https://ai.google.dev/gemini-api/docs/pricing" in row for row in prices)
    assert any(
        row.startswith("Anthropic anthropic:claude-haiku-4-5 https://www.anthropic.com/") for row in prices
    )
    assert any(row.startswith("Tutor chat google:gemini-2.5-flash $0.3 $2.5 $0.03") for row in prices)
    scenario_rows = {row[0]: row for row in tables["Decline scenarios"]}
    assert list(scenario_rows) == list(builtin_scenarios())
    for sid, scenario in builtin_scenarios().items():
        assert scenario_rows[sid][6] == scenario.source and scenario_rows[sid][6]
    history = tables["Price history"]
    assert len(history) == len(price_history())
    for row, hist in zip(history, price_history(), strict=True):
        assert (row[0], row[3]) == (hist.model, hist.price_date.isoformat())
        assert row[7]  # every row says where it comes from
    assert [row[0] for row in tables["Block templates"]] == [t.title for t in TEMPLATES]
    assert [row[2] for row in tables["Block templates"]] == [t.basis for t in TEMPLATES]
    _close(dialog)


def test_about_and_shortcut_views_show_inside_the_window(qtbot) -> None:  # type: ignore[no-untyped-def]
    w = _window(qtbot)
    for name in ("about", "shortcuts"):
        _show_embedded(w, name)
    ctl = _controller(w)
    assert ctl.about is not None and ctl.about.isVisible() and not ctl.about.isWindow()
    assert ctl.shortcuts is not None and ctl.shortcuts.isVisible() and not ctl.shortcuts.isWindow()


# -- the tour -----------------------------------------------------------------------------------------------
def test_the_tour_never_starts_by_itself_in_tests_or_screenshots(qtbot) -> None:  # type: ignore[no-untyped-def]
    w = _window(qtbot)  # persist_settings off: a test or a screenshot
    qtbot.wait(help.TOUR_DELAY_MS + 200)
    assert _controller(w).tour is None
    assert w.findChild(tour_module.TourOverlay) is None


def test_the_first_run_tour_walks_seven_steps_and_is_never_shown_twice(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COMPUTECURVE_HOME", str(tmp_path))
    w = _window(qtbot, persist=True)
    ctl = _controller(w)
    qtbot.waitUntil(lambda: ctl.tour is not None and ctl.tour.isVisible(), timeout=5000)
    tour = ctl.tour
    assert tour is not None and not tour.isWindow()
    assert tour.counter.text() == "Step 1 of 7" and tour.title.text() == "The verdict"
    # Step 1 outlines the verdict panel, with the callout beside it and not over it.
    (rect,) = tour.target_rects()
    assert rect == QRect(w.verdict.mapTo(w, QPoint(0, 0)), w.verdict.size()).adjusted(-4, -4, 4, 4)
    assert not tour.callout.geometry().intersects(rect)
    assert not tour.back_button.isEnabled()
    titles = [tour.title.text()]
    for _ in range(6):
        tour.next_button.click()
        titles.append(tour.title.text())
    assert titles == [s.title for s in tour_module.TOUR_STEPS]
    assert len(tour.target_rects()) == 1  # the last step points at the Help menu
    assert len(titles) == 7 and tour.next_button.text() == "Finish"
    tour.back_button.click()
    assert tour.counter.text() == "Step 6 of 7"
    tour.next_button.click()
    tour.next_button.click()  # Finish
    assert ctl.tour is None and w.settings.tour_done
    saved = json.loads((tmp_path / "config" / "settings.json").read_text(encoding="utf-8"))
    assert saved["tour_done"] is True
    # Help > Take the tour shows it again; Esc skips it.
    _action(w, "helpTourAction").trigger()
    assert ctl.tour is not None and ctl.tour.isVisible() and ctl.tour.counter.text() == "Step 1 of 7"
    ctl.tour._on_skip_button_clicked()
    assert ctl.tour is None


def test_a_skipped_tour_is_recorded_and_a_done_tour_does_not_start(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COMPUTECURVE_HOME", str(tmp_path))
    w = _window(qtbot, persist=True)
    ctl = _controller(w)
    qtbot.waitUntil(lambda: ctl.tour is not None, timeout=5000)
    assert ctl.tour is not None
    ctl.tour.skip_button.click()
    assert w.settings.tour_done
    assert Settings.load().tour_done
    done = Settings()
    done.tour_done = True
    w2 = _window(qtbot, persist=True, settings=done)
    qtbot.wait(help.TOUR_DELAY_MS + 200)
    assert _controller(w2).tour is None


def test_the_tour_view_shows_step_one_and_a_hidden_area_says_how_to_show_it(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COMPUTECURVE_HOME", str(tmp_path))
    w = _window(qtbot)
    _app(w).context.views.show("tour")
    tour = _controller(w).tour
    assert tour is not None and tour.isVisible() and tour.counter.text() == "Step 1 of 7"
    w.library_dock.hide()
    tour.show_step(2)
    assert tour.target_rects() == []
    assert "View > Block library" in tour.text.text()
    tour.skip_button.click()
    assert w.settings.tour_done  # recorded in memory...
    assert not (tmp_path / "config" / "settings.json").exists()  # ...never saved by a test or a screenshot


# -- the keys a user presses; the price data's age; the tour over the window --------------------------------


def test_redo_shows_the_keys_a_user_presses_the_platforms_first(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Qt gives Redo Ctrl+Y, Alt+Shift+Backspace, Ctrl+Shift+Z and a dedicated "Redo" key: the sheet names the
    action and shows Ctrl+Shift+Z first (Linux and macOS; Ctrl+Y is Windows' habit), never the other two."""
    import sys

    w = _window(qtbot)
    rows = {r.action: r.keys for r in help.shortcut_rows(_app(w).context.menus)}
    expected = "Ctrl+Y, Ctrl+Shift+Z" if sys.platform == "win32" else "Ctrl+Shift+Z, Ctrl+Y"
    assert rows["Redo"] == expected
    assert rows["Undo the last edit"] == "Ctrl+Z"
    assert not any("Backspace" in keys and "Alt" in keys for keys in rows.values())
    assert not any(
        k in ("Redo", "Undo", "Save", "Open", "New", "Find")
        for keys in rows.values()
        for k in keys.split(", ")
    )


def test_about_says_when_the_price_data_is_more_than_90_days_old(qtbot) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    w = _window(qtbot)
    info = price_data_info()
    service = _app(w).service
    service.today = lambda: info.data_date + timedelta(days=90)
    dialog = _controller(w).about_dialog()
    assert dialog.stale.isHidden()  # 90 days: not yet
    service.today = lambda: info.data_date + timedelta(days=120)
    dialog = _controller(w).about_dialog()
    assert not dialog.stale.isHidden()
    assert dialog.stale.text().startswith(
        f"The price data is 120 days old: prices after {info.data_date.isoformat()} are not known"
    )
    assert "120 days old: more than 90 days old" in dialog.versions.text()


def test_the_tour_view_draws_the_tour_over_the_window(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The ``tour`` picture is the main window with the tour over it: the window dimmed around the verdict,
    the callout on top (not the overlay alone)."""
    w = _window(qtbot)
    w.resize(1366, 768)
    qtbot.wait(50)
    spot = w.table.mapTo(w, QPoint(w.table.width() // 2, w.table.height() // 2))  # not a step-one area
    before = w.grab().toImage().pixelColor(spot)
    shot = _app(w).context.views.show("tour")
    assert shot.widget is None  # the screenshot photographs the main window itself
    tour = _controller(w).tour
    assert tour is not None and tour.parentWidget() is w and tour.geometry() == w.rect()
    qtbot.wait(50)
    image = w.grab().toImage()
    after = image.pixelColor(spot)
    assert after.lightness() < before.lightness()  # dimmed, the window still drawn under it
    assert after.lightness() > 0
    callout = tour.callout.geometry()
    assert w.rect().contains(callout)
    tour.skip_button.click()
