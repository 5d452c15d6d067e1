"""The compare window: the map draws the engine's numbers, variants differ by one named change, names are text."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QMessageBox

from core.compare import ChangeKind, VariantChange
from core.engine import evaluate
from core.pitch import Pitch
from core.pitch_io import load_pitch, save_pitch
from core.resources import example_names
from desktop.app import App
from desktop.main_window import MainWindow
from desktop.workflows.compare import Compare
from desktop.workflows.compare.table_model import COLUMNS
from desktop.workflows.compare.variant_dialog import VariantDialog
from desktop.workflows.compare.window import CompareWindow
from tests.desktop.helpers import count_engine_runs, map_drawn, map_hover_row, open_app

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "examples"


def _pitch(name: str = "Tutor", **business: Any) -> Pitch:
    return Pitch.model_validate(
        {
            "format": "computecurve.pitch",
            "schema_version": 2,
            "name": name,
            "as_of": "2026-01-01",
            # Budget: $10 * (1 - 0.9) = $1 a user-month.
            "business": {"price_per_user_month": 10.0, "target_gross_margin": 0.9, **business},
            "scenario": "seed-rule",
            "blocks": [
                # 1,000 input tokens at $3/M, 100 calls a day, 30 days: 1000 * 3 / 1e6 * 100 * 30 = $9 a month
                {
                    "name": "Chat",
                    "price": {"input_per_mtok": 3.0, "output_per_mtok": 15.0},
                    "input_tokens": 1000,
                    "output_tokens": 0,
                    "calls_per_action": 1,
                    "actions_per_day": 100,
                },
            ],
        }
    )


def _decimal_year(day: date) -> float:
    """The map's time axis: a date as year + (day of the year - 1) / days in that year."""
    start = date(day.year, 1, 1)
    days = (date(day.year + 1, 1, 1) - start).days
    return day.year + (day - start).days / days


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COMPUTECURVE_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture
def app(qtbot: Any, home: Path) -> App:
    return open_app(qtbot, _pitch())


@pytest.fixture
def window(app: App) -> MainWindow:
    return app.window


def controller_of(window: MainWindow) -> Compare:
    app = window.findChild(App, "app")
    assert app is not None
    return app.workflows["compare"]


def _menu(window: MainWindow, title: str) -> Any:
    return next(a.menu() for a in window.menuBar().actions() if a.text() == title)


def wait_simulations(qtbot: Any, compare: CompareWindow) -> None:
    qtbot.waitUntil(lambda: not compare.simulating, timeout=20_000)


def _analyse(window: MainWindow) -> Any:
    return lambda pitch: window.service.request("test-preview", pitch)


@pytest.fixture
def compare(window: MainWindow) -> CompareWindow:
    w = controller_of(window).show()
    w.resize(1300, 800)
    return w


# -- the map draws the engine's numbers -----------------------------------------------------------------


def test_a_point_and_its_bar_are_the_engines_numbers_worked_by_hand(compare: CompareWindow) -> None:
    entry = compare.add_pitch(_pitch(), origin="test")
    drawn = map_drawn(compare.map)
    # Cost $9 against a $1 budget: a 9x drop, log10(9) = 0.954242509 orders of magnitude, one order away.
    ((x, y),) = drawn["points"]
    assert x == pytest.approx(0.954242509, abs=1e-9)
    assert y == 0.0
    # seed-rule: fast 10^(12/18) a year, so t = log10(9) / (2/3) = 1.431364 years = 522.8 days -> 523 days
    # after 2026-01-01 = 2027-06-08; slow 10^(12/24): t = log10(9) / 0.5 = 1.908485 years = 697.07 -> 697 days
    # = 2027-11-29. On the axis: 2027 + 158/365 and 2027 + 332/365.
    ((bar_y, start, end),) = drawn["bars"]
    assert bar_y == 0.0
    assert start == pytest.approx(2027 + 158 / 365)
    assert end == pytest.approx(2027 + 332 / 365)
    assert drawn["as_of"] == [(0.0, 2026.0)]  # priced on 2026-01-01, the start of 2026
    assert drawn["oom_labels"] == ["0.95"]
    assert drawn["date_labels"] == ["Jun 2027 – Nov 2027"]
    assert entry.figures is not None and entry.figures.verdict.short == "One order away"


def test_positions_equal_evaluate_for_examples_and_variants(compare: CompareWindow) -> None:
    for name in (
        "agentic-coding-flash.pitch.json",
        "agentic-coding-gpt4-2023.pitch.json",
        "default.pitch.json",
    ):
        compare.add_files([EXAMPLES / name])
    compare.duplicate_as_variant(compare.entries[-1], VariantChange(ChangeKind.USAGE, 3.0))
    drawn = map_drawn(compare.map)
    n = len(compare.entries)
    assert n == 4
    for i, entry in enumerate(compare.entries):
        assert entry.pitch is not None
        ev = evaluate(entry.pitch)  # the engine, called afresh
        y = float(n - 1 - i)  # first entry on top
        assert drawn["points"][i] == (ev.orders_of_magnitude, y)
        assert ev.arrival.earliest is not None and ev.arrival.latest is not None
        assert drawn["bars"][i] == (y, _decimal_year(ev.arrival.earliest), _decimal_year(ev.arrival.latest))
        assert drawn["as_of"][i] == (y, _decimal_year(ev.as_of))
    assert drawn["names"] == [e.name for e in compare.entries]
    assert drawn["band_words"]  # the four bands carry their words above them


def test_an_arrival_beyond_50_years_is_an_open_ended_arrow(compare: CompareWindow) -> None:
    # A custom scenario whose slow factor (1.001 a year) never gets a 9x drop within 50 years; the fast one
    # (10x a year) gets it in log10(9) = 0.954 years = 348.5 -> 349 days after 2026-01-01 = 2026-12-16.
    slow = _pitch().model_dump(mode="json")
    slow["scenario"] = {"name": "Glacial", "annual_decline_low": 1.001, "annual_decline_high": 10.0}
    compare.add_pitch(Pitch.model_validate(slow), origin="test")
    drawn = map_drawn(compare.map)
    ((y, start, end),) = drawn["bars"]
    assert y == 0.0
    assert start == pytest.approx(2026 + 349 / 365)
    assert end is None
    assert drawn["arrows"] == [0.0]
    assert drawn["date_labels"] == ["Dec 2026 – not within 50 years"]


def test_an_unreadable_file_gets_its_own_row_with_the_reason(compare: CompareWindow, tmp_path: Path) -> None:
    bad = tmp_path / "bad.pitch.json"
    bad.write_text('{"format": "computecurve.pitch", "schema_version": 2}', encoding="utf-8")
    compare.add_pitch(_pitch(), origin="test")
    compare.add_files([bad])
    assert [e.name for e in compare.entries] == ["Tutor", "bad.pitch.json"]
    assert compare.entries[1].analysis is None
    model = compare.model
    reason = model.index(1, 2).data()
    assert "missing" in reason and "name" in reason
    assert model.index(1, 1).data() == "Cannot evaluate"
    assert len(map_drawn(compare.map)["points"]) == 1


# -- the table -----------------------------------------------------------------------------------------------


def test_the_table_lists_the_same_numbers(qtbot: Any, compare: CompareWindow) -> None:
    compare.add_pitch(_pitch(), origin="test")
    wait_simulations(qtbot, compare)
    m = compare.model
    texts = {COLUMNS[c].replace("\n", " "): m.index(0, c).data() for c in range(len(COLUMNS))}
    assert texts["Pitch"] == "Tutor"
    assert texts["Verdict"] == "One order away"
    assert texts["OOM"] == "0.95"
    assert texts["Cost per paying user-month"] == "$9.00"
    assert texts["Budget per paying user-month"] == "$1.00"
    assert texts["Required drop"] == "9.00x"
    assert texts["Arrival earliest"] == "Jun 2027"
    assert texts["Arrival latest"] == "Nov 2027"
    assert texts["Top block"] == "Chat (100%)"
    assert texts["As of"] == "2026-01-01"
    assert texts["Scenario"] == "seed-rule"
    # No ranges: every Monte Carlo sample has the point value's drop; only the decline factor varies, between
    # the fast and slow factors, so P10 and P90 lie inside the point-value window.
    mc = compare.entries[0].uncertainty
    assert mc is not None and mc.arrival_p10 is not None and mc.arrival_p90 is not None
    assert date(2027, 6, 8) <= mc.arrival_p10 <= mc.arrival_p90 <= date(2027, 11, 29)
    assert texts["Monte Carlo P10–P90"] == f"{mc.arrival_p10:%b %Y} – {mc.arrival_p90:%b %Y}"


# -- variants -------------------------------------------------------------------------------------------------


def test_a_variant_is_named_for_its_one_change_and_sits_after_its_base(compare: CompareWindow) -> None:
    base = compare.add_pitch(_pitch(), origin="test")
    other = compare.add_pitch(_pitch("Other"), origin="test")
    variant = compare.duplicate_as_variant(base, VariantChange(ChangeKind.PRICE, 40.0))
    assert variant is not None and variant.pitch is not None and base.pitch is not None
    assert [e.name for e in compare.entries] == ["Tutor", "Tutor — price $40.00 per user-month", "Other"]
    assert other is compare.entries[2]
    changed = variant.pitch.model_dump(mode="json")
    original = base.pitch.model_dump(mode="json")
    assert changed["business"].pop("price_per_user_month") == 40.0
    original["business"].pop("price_per_user_month")
    changed.pop("name"), original.pop("name")
    assert changed == original  # nothing else changed
    # Budget $40 * 0.1 = $4 against the same $9: 2.25x, log10(2.25) = 0.352 orders of magnitude.
    assert variant.analysis is not None and variant.analysis.evaluation is not None
    assert variant.analysis.evaluation.orders_of_magnitude == pytest.approx(math.log10(2.25))
    points = map_drawn(compare.map)["points"]
    assert points[1][0] == pytest.approx(math.log10(2.25)) and points[0][0] == pytest.approx(math.log10(9))


def test_duplicate_as_variant_from_the_menu_adds_the_current_pitch_and_the_variant(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    def answer(dialog: VariantDialog) -> int:
        dialog.scenario_radio.setChecked(True)
        dialog.scenario_combo.setCurrentIndex(dialog.scenario_combo.findData("llmflation"))
        return 1

    monkeypatch.setattr(VariantDialog, "exec", answer)
    action = next(a for a in _menu(window, "&Pitch").actions() if a.text() == "Duplicate as &variant…")
    action.trigger()
    compare = controller_of(window).window
    assert [e.name for e in compare.entries] == ["Tutor", "Tutor — scenario llmflation"]
    assert compare.entries[1].pitch is not None and compare.entries[1].pitch.scenario == "llmflation"
    assert compare.isVisible()


def test_the_variant_dialog_previews_and_refuses_a_bad_model(qtbot: Any, window: MainWindow) -> None:
    dialog = VariantDialog(_pitch(), window.catalog, _analyse(window))
    qtbot.addWidget(dialog)
    dialog.usage_spin.setValue(3.0)  # editing a field picks its change
    assert dialog.usage_radio.isChecked()
    assert dialog.variant is not None and dialog.variant.name == "Tutor — usage ×3"
    # Three times the calls: $27 against $1, log10(27) = 1.43 orders of magnitude.
    lines = dialog.result_label.text().splitlines()
    assert lines[0].startswith("Two orders of magnitude away · ")  # the verdict with its own arrival
    assert lines[1] == "1.43 orders of magnitude · $27.00 per paying user-month vs $1.00 budget"
    assert dialog.add_button.isEnabled()
    dialog.model_edit.setText("nobody:no-such-model")
    assert dialog.model_radio.isChecked()
    assert dialog.variant is None and not dialog.add_button.isEnabled()
    assert "model" in dialog.result_label.text() and "no-such-model" in dialog.result_label.text()


# -- user text is text ----------------------------------------------------------------------------------------


def test_a_pitch_named_like_html_is_shown_literally(
    qtbot: Any, compare: CompareWindow, window: MainWindow
) -> None:
    name = "<img src=x>"
    entry = compare.add_pitch(_pitch(name), origin="test")
    drawn = map_drawn(compare.map)
    assert drawn["names"] == [name]
    assert drawn["axis_labels"] == [name]  # drawn by the axis as a string, never as HTML
    assert compare.model.index(0, 0).data() == name
    readout = map_hover_row(compare.map, 0)
    assert readout.splitlines()[0] == name
    assert compare.map._readout.textFormat() == Qt.TextFormat.PlainText
    dialog = VariantDialog(entry.pitch, window.catalog, _analyse(window))  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    assert dialog.name_label.text() == f"Name: {name} — usage ×2"
    assert dialog.name_label.textFormat() == Qt.TextFormat.PlainText


# -- adding, removing, opening --------------------------------------------------------------------------------


def test_add_current_pitch_from_the_menu_then_remove(window: MainWindow) -> None:
    texts = [a.text() for a in _menu(window, "&Pitch").actions()]
    assert "&Compare pitches…" in texts and "Add current pitch to c&ompare" in texts
    action = next(a for a in _menu(window, "&Pitch").actions() if a.text() == "Add current pitch to c&ompare")
    action.trigger()
    action.trigger()  # the same pitch again: selected, not added twice
    compare = controller_of(window).window
    assert [e.name for e in compare.entries] == ["Tutor"]
    assert "already" in compare.status.text()
    compare.table.selectRow(0)
    compare.remove_action.trigger()
    assert compare.entries == []
    assert map_drawn(compare.map)["points"] == []


def test_activating_a_file_row_opens_it_in_the_main_window(
    compare: CompareWindow, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "other.pitch.json"
    save_pitch(_pitch("From disk"), path)
    compare.add_files([path])
    compare.table.activated.emit(compare.model.index(0, 0))
    assert window.document.path == path and window.document.pitch.name == "From disk"
    # A variant is not a file: it opens as a new, untitled document, after asking about unsaved changes.
    variant = compare.duplicate_as_variant(compare.entries[0], VariantChange(ChangeKind.USAGE, 2.0))
    window.document.edit_fields("Rename", name="Edited")
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "exec", lambda box: asked.append(box.text()) or QMessageBox.StandardButton.Cancel
    )
    assert variant is not None and not compare.open_entry(variant)
    assert asked and window.document.pitch.name == "Edited"
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Discard)
    assert compare.open_entry(variant)
    assert window.document.pitch.name == "From disk — usage ×2" and window.document.path is None


def test_dropped_files_are_added(compare: CompareWindow, tmp_path: Path) -> None:
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

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
    compare.dropEvent(event)
    assert [e.name for e in compare.entries] == ["Dropped"]


def test_closing_the_main_window_closes_the_compare_window(qtbot: Any, home: Path) -> None:
    w = open_app(qtbot, _pitch()).window
    compare = controller_of(w).show()
    assert compare.isVisible() and compare.isWindow()
    w.close()
    assert not compare.isVisible()


def test_the_screenshot_view_shows_the_examples_and_a_variant(qtbot: Any, app: App) -> None:
    assert {"agentic-coding-flash.pitch.json", "default.pitch.json"} <= set(example_names())
    shot = app.context.views.show("compare")
    compare = controller_of(app.window).window
    assert shot.widget is compare
    qtbot.waitUntil(shot.settled, timeout=20_000)
    names = [e.name for e in compare.entries]
    assert len(names) == 5
    assert names[-1] == f"{names[-2]} — price $19.99 per user-month"
    assert all(e.analysis is not None and e.uncertainty is not None for e in compare.entries)
    assert {load_pitch(EXAMPLES / "default.pitch.json").name, names[0]} <= set(names)


# -- one analysis; a window that has passed ----------------------------------------------------------------


def test_adding_the_current_pitch_reuses_its_analysis(qtbot: Any, app: App, compare: CompareWindow) -> None:
    with count_engine_runs() as runs:
        entry = compare.add_current()
    assert runs == {"prepare": 0, "evaluate_prepared": 0}  # the service's analysis of it, not a second one
    assert entry.analysis is app.service.current
    wait_simulations(qtbot, compare)
    assert entry.uncertainty is not None and entry.uncertainty is app.service.current.uncertainty


def test_a_window_that_has_passed_is_never_drawn_as_one_to_come(app: App, compare: CompareWindow) -> None:
    # The pitch's window runs Jun 2027 - Nov 2027 (test_a_point_and_its_bar...); seen on 2030-01-01 it has passed.
    app.service.today = lambda: date(2030, 1, 1)
    compare.add_pitch(_pitch("Old memo"), origin="test")
    drawn = map_drawn(compare.map)
    assert drawn["date_labels"] == ["passed: should have arrived by Nov 2027"]
    assert drawn["passed_rows"] == [0.0]  # drawn faded with a dashed outline
    assert drawn["today"] == pytest.approx(2030.0)
    (bar,) = drawn["bars"]
    assert bar[2] < drawn["today"]  # left of today
    hover = map_hover_row(compare.map, 0)
    assert hover.splitlines()[1] == (
        "One order of magnitude away · should have arrived by Nov 2027 at the seed's rule 3.16-4.64x/yr"
    )
    assert compare.model.index(0, COLUMNS.index("Arrival\nlatest")).data() == "Nov 2027 (passed)"


# -- names cut where variants differ; the table fits; the verdict with its scenario's months --------------------


def test_a_name_is_cut_where_it_says_least_and_keeps_what_tells_variants_apart(qtbot: Any) -> None:
    from PySide6.QtWidgets import QApplication

    from desktop.charts.viability_map import distinct_elide

    font = QApplication.font()
    names = [
        "Agentic coding session at flash-tier prices ($0.15 input)",
        "Agentic coding session at Claude Sonnet 4.6 prices ($3/$15)",
        "AI study buddy",
        "AI study buddy — price $19.99 per user-month",
    ]
    room = QFontMetrics(font).horizontalAdvance("x" * 38)
    cut = [distinct_elide(n, names, font, room) for n in names]
    assert cut[2] == "AI study buddy"  # fits: whole
    assert cut[0].endswith("flash-tier prices ($0.15 input)") and "…" in cut[0]
    assert cut[1].endswith("Claude Sonnet 4.6 prices ($3/$15)") and cut[1].startswith("Agentic")
    assert cut[3].endswith("— price $19.99 per user-month") and cut[3].startswith("AI")
    assert all(QFontMetrics(font).horizontalAdvance(c) <= room for c in cut)
    # narrower than the differing part itself: its start, after the first word
    assert distinct_elide(names[3], names, font, QFontMetrics(font).horizontalAdvance("x" * 14)).startswith(
        "AI…— price"
    )


def test_the_map_and_the_table_keep_a_variants_change_in_view(qtbot: Any, compare: CompareWindow) -> None:
    compare.resize(1280, 720)
    base = compare.add_pitch(_pitch("Agentic coding session at flash-tier prices"), origin="test")
    variant = compare.duplicate_as_variant(base, VariantChange(ChangeKind.PRICE, 19.99))
    assert variant is not None and variant.name.endswith("$19.99 per user-month")
    wait_simulations(qtbot, compare)
    axis = compare.map.names_axis
    axis.set_max_label_px(200)
    assert "$19.99" in axis.label_at(0.0)  # the variant is the bottom row
    # the table's Pitch column paints the same rule
    from PySide6.QtWidgets import QStyleOptionViewItem

    option = QStyleOptionViewItem()
    option.rect.setWidth(224)
    option.font = compare.table.font()
    delegate = compare.table.itemDelegateForColumn(0)
    delegate.initStyleOption(option, compare.model.index(1, 0))
    assert "$19.99" in option.text and "…" in option.text


@pytest.mark.parametrize("width", [1280, 1366])
def test_every_column_of_the_table_is_on_screen(qtbot: Any, compare: CompareWindow, width: int) -> None:
    compare.resize(width, 720)
    for name in ("agentic-coding-flash.pitch.json", "companion-2023.pitch.json"):
        compare.add_files([EXAMPLES / name])
    table = compare.table
    qtbot.waitUntil(
        lambda: (
            table.horizontalHeader().length() <= table.viewport().width()
            and not table.horizontalScrollBar().isVisible()
        )
    )
    assert table.textElideMode() == Qt.TextElideMode.ElideMiddle


def test_the_verdict_is_said_with_its_own_scenarios_months(
    qtbot: Any, app: App, compare: CompareWindow
) -> None:
    """Priced today under LLMflation (10x a year both ways), a pitch needing 9x is viable in log10(9) = 0.954
    years = 11.4 months: the verdict's words say so, not the seed's 18-24 months."""
    today = app.service.today()
    pitch = _pitch("Tutor under LLMflation").model_copy(update={"as_of": today, "scenario": "llmflation"})
    entry = compare.add_pitch(pitch, origin="test")
    assert entry.analysis is not None and entry.analysis.evaluation is not None
    tip = compare.model.index(0, COLUMNS.index("Verdict")).data(Qt.ItemDataRole.ToolTipRole)
    first = _plain(tip).strip().splitlines()[0]
    assert first == "One order of magnitude away · about 11 months at LLMflation 10x/yr"
    assert "about 11 months at LLMflation 10x/yr" in compare.map.hover_text(entry)


def _plain(tooltip: str) -> str:
    import html
    import re

    return html.unescape(re.sub(r"<[^>]+>", "\n", tooltip))
