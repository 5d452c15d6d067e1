"""The batch window: one row per memo, a bad file in its own row, the CLI's CSV byte for byte, cancel, sort."""

from __future__ import annotations

import json
import math
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent, QKeySequence
from PySide6.QtWidgets import QMessageBox

from core.scenarios import builtin_scenarios
from core.scoring import SCORE_COLUMNS, ScoreRow, score_file, score_paths, scores_csv
from desktop.app import App
from desktop.main_window import MainWindow
from desktop.workflows.batch import Batch, examples_folder
from desktop.workflows.batch.window import BatchWindow
from tests.desktop.helpers import open_app

ROOT = Path(__file__).resolve().parents[2]
COL = {name: i for i, name in enumerate(SCORE_COLUMNS)}


def _memo(name: str, actions_per_day: float, **top: Any) -> dict[str, Any]:
    return {
        "format": "computecurve.pitch",
        "schema_version": 2,
        "name": name,
        "as_of": "2026-01-01",
        # Budget: $10 * (1 - 0.9) = $1 a user-month.
        "business": {"price_per_user_month": 10.0, "target_gross_margin": 0.9},
        "scenario": "seed-rule",
        "blocks": [
            # 1,000 input tokens at $3/M = $0.003 a call, times actions_per_day, times 30 days.
            {
                "name": "Chat",
                "price": {"input_per_mtok": 3.0, "output_per_mtok": 15.0},
                "input_tokens": 1000,
                "output_tokens": 0,
                "calls_per_action": 1,
                "actions_per_day": actions_per_day,
            },
        ],
        **top,
    }


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Three good memos and one corrupt one."""
    d = tmp_path / "memos"
    d.mkdir()
    # 100 a day: 0.003 * 100 * 30 = $9 against $1: 9x, log10(9) = 0.954 orders of magnitude.
    (d / "a-chat.pitch.json").write_text(json.dumps(_memo("Chat app", 100)), encoding="utf-8")
    # 1,000 a day: $90 against $1: 90x, log10(90) = 1.954; priced in mid-2026 under LLMflation.
    (d / "b-agent.pitch.json").write_text(
        json.dumps(_memo("=Agent", 1000, as_of="2026-06-01", scenario="llmflation")), encoding="utf-8"
    )
    # 5 a day: $0.45 against $1: 0.45x, log10(0.45) = -0.347: viable now.
    (d / "c-nudge.pitch.json").write_text(json.dumps(_memo("Nudge", 5)), encoding="utf-8")
    bad = _memo("Broken", 10)
    bad["blocks"][0]["output_tokens"] = "lots"
    (d / "d-broken.pitch.json").write_text(json.dumps(bad), encoding="utf-8")
    return d


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COMPUTECURVE_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture
def app(qtbot: Any, home: Path) -> App:
    return open_app(qtbot)


@pytest.fixture
def window(app: App) -> MainWindow:
    return app.window


def controller_of(window: MainWindow) -> Batch:
    app = window.findChild(App, "app")
    assert app is not None
    return app.workflows["batch"]


@pytest.fixture
def batch(window: MainWindow, qtbot: Any) -> BatchWindow:
    w = controller_of(window).show()
    w.wait_done = lambda: wait_scored(qtbot, w)  # type: ignore[attr-defined]
    return w


def wait_scored(qtbot: Any, batch: BatchWindow) -> None:
    """Until the run under way (or due: a date typed a moment ago) has finished."""
    if batch._rescore_timer.isActive():
        batch.rescore()
    qtbot.waitUntil(lambda: not batch.running, timeout=60_000)


def _view_column(batch: BatchWindow, column: str) -> list[Any]:
    """A column's texts as the view shows them, top to bottom."""
    proxy = batch.proxy
    return [proxy.index(r, COL[column]).data() for r in range(proxy.rowCount())]


# -- one row per file; a bad file has its own row with the reason ------------------------------------------------


def test_one_row_per_file_and_the_corrupt_one_says_why(batch: BatchWindow, folder: Path) -> None:
    batch.score([folder])
    batch.wait_done()
    assert [Path(r.file).name for r in batch.rows] == [
        "a-chat.pitch.json",
        "b-agent.pitch.json",
        "c-nudge.pitch.json",
        "d-broken.pitch.json",
    ]
    assert _view_column(batch, "file") == [r.name for r in sorted(folder.iterdir())]  # relative to the folder
    broken = batch.rows[3]
    assert broken.evaluation is None and "blocks[0].output_tokens" in broken.error
    # The reason spans the number columns, starting in the name's cell, with its field path.
    assert _view_column(batch, "name")[3] == (
        'Could not be scored: blocks[0].output_tokens: must be a number, not a string, got "lots"'
    )
    assert batch.table.columnSpan(3, COL["name"]) == COL["arrival_latest"] - COL["name"] + 1
    assert _view_column(batch, "error")[3].startswith("blocks[0].output_tokens:")
    # The good ones: the engine's numbers formatted by core.formatting.
    assert _view_column(batch, "orders_of_magnitude")[:3] == ["0.95", "1.95", "-0.35"]
    assert _view_column(batch, "verdict") == [
        "One order away",
        "Two orders away",
        "Viable now",
        "Could not be scored",
    ]
    # core.formatting.format_money: cents from $1 up, three significant figures below
    assert _view_column(batch, "cost_per_user_month")[:3] == ["$9.00", "$90.00", "$0.450"]
    # The tooltip has the file's precision (at most 12 significant digits, as in the CSV): 0.003 * 100 * 30 = 9.
    tip = batch.proxy.index(0, COL["cost_per_user_month"]).data(Qt.ItemDataRole.ToolTipRole)
    assert "$9 per active user-month" in tip
    assert "Scored 3 memos" in batch.status.text()  # the fourth could not be, and the status says so
    assert "1 could not be scored" in batch.status.text()
    counts = {v: label.text() for v, label in batch._count_labels.items()}
    assert counts[None] == "Could not be scored: 1"


def test_rows_are_coloured_by_verdict_with_the_words_in_the_cell(batch: BatchWindow, folder: Path) -> None:
    from desktop.theme import VERDICT_COLORS, VERDICT_TEXT_COLORS

    batch.score([folder])
    batch.wait_done()
    first = batch.rows[0].evaluation
    assert first is not None
    cell = batch.proxy.index(0, COL["verdict"])
    assert cell.data() == first.verdict.short
    assert cell.data(Qt.ItemDataRole.BackgroundRole).name() == VERDICT_COLORS[first.verdict]
    assert cell.data(Qt.ItemDataRole.ForegroundRole).name() == VERDICT_TEXT_COLORS[first.verdict]
    tint = batch.proxy.index(0, COL["name"]).data(Qt.ItemDataRole.BackgroundRole)
    assert tint.name() == VERDICT_COLORS[first.verdict] and 0 < tint.alpha() < 255


def test_the_window_fits_a_1280_pixel_screen_and_its_scenario_list_shows_whole_names(
    batch: BatchWindow,
) -> None:
    """The longest scenario name alone once made the window 1,620 px wide (off a 1366 px laptop)."""
    assert batch.minimumSizeHint().width() <= 1280
    combo = batch.scenario_combo
    longest = max(combo.fontMetrics().horizontalAdvance(combo.itemText(i)) for i in range(combo.count()))
    assert combo.minimumSizeHint().width() < longest  # the box is sized by the window...
    assert combo.view().minimumWidth() >= longest  # ...its list is not


def test_a_memo_that_types_prices_far_from_the_catalog_is_flagged(batch: BatchWindow, tmp_path: Path) -> None:
    memo = _memo("Cheap typed prices", 10)
    # gpt-4o-mini's catalog input price is $0.15/M; this memo types $0.01 (93% below).
    memo["blocks"][0]["model"] = "openai:gpt-4o-mini"
    memo["blocks"][0]["price"] = {"input_per_mtok": 0.01, "output_per_mtok": 0.6}
    path = tmp_path / "typed.pitch.json"
    path.write_text(json.dumps(memo), encoding="utf-8")
    batch.score([path])
    batch.wait_done()
    (row,) = batch.rows
    assert row.evaluation is not None and row.evaluation.warnings
    cell = batch.proxy.index(0, COL["warnings"])
    assert cell.data() == row.evaluation.warnings[0] + (
        f" (+{len(row.evaluation.warnings) - 1} more)" if len(row.evaluation.warnings) > 1 else ""
    )
    assert not cell.data(Qt.ItemDataRole.DecorationRole).isNull()  # the warning icon
    assert not batch.proxy.index(0, COL["name"]).data(Qt.ItemDataRole.DecorationRole).isNull()
    for warning in row.evaluation.warnings:
        assert warning in _plain(cell.data(Qt.ItemDataRole.ToolTipRole))


def _plain(tooltip: str) -> str:
    import html
    import re

    return html.unescape(re.sub(r"<[^>]+>", "\n", tooltip))


# -- the CSV is the CLI's -----------------------------------------------------------------------------------------


def test_export_equals_scores_csv_and_the_cli_byte_for_byte(
    batch: BatchWindow, folder: Path, tmp_path: Path
) -> None:
    batch.set_common_date(date(2026, 11, 26))
    batch.set_common_scenario("llmflation")
    batch.score([folder])
    batch.wait_done()
    out = tmp_path / "from-window.csv"
    batch.export_csv(out)
    ours = out.read_bytes()
    expected = scores_csv(
        score_paths([folder], as_of=date(2026, 11, 26), scenario=builtin_scenarios()["llmflation"])
    ).encode("utf-8")
    assert ours == expected
    cli = tmp_path / "from-cli.csv"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "core",
            "score",
            str(folder),
            "--csv",
            str(cli),
            "--as-of",
            "2026-11-26",
            "--scenario",
            "llmflation",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 2, done.stderr  # one file could not be scored
    assert cli.read_bytes() == ours
    assert b"'=Agent" in ours  # a name that looks like a formula is defused, as the CLI does
    assert batch.cli_command(str(cli)).split()[2:] == [
        str(folder),
        "--csv",
        str(cli),
        "--as-of",
        "2026-11-26",
        "--scenario",
        "llmflation",
    ]


def test_export_keeps_the_scoring_order_whatever_the_sort(batch: BatchWindow, folder: Path) -> None:
    batch.score([folder])
    batch.wait_done()
    batch.table.sortByColumn(COL["orders_of_magnitude"], Qt.SortOrder.DescendingOrder)
    assert batch.csv_text() == scores_csv(score_paths([folder]))


# -- one date and one scenario for all ----------------------------------------------------------------------------


def test_common_date_and_scenario_are_applied_to_every_memo(batch: BatchWindow, folder: Path) -> None:
    batch.score([folder])
    batch.wait_done()
    assert "Not like for like" in batch.fairness_text.text()  # 2 dates, 2 scenarios
    batch.fair_button.click()  # one date (the date box's) and seed-rule for all
    batch.set_common_date(date(2026, 11, 26))
    batch.set_common_scenario("llmflation")
    batch.wait_done()
    scored = [r.evaluation for r in batch.rows if r.evaluation is not None]
    assert len(scored) == 3
    assert {ev.as_of for ev in scored} == {date(2026, 11, 26)}
    assert {ev.scenario.id for ev in scored} == {"llmflation"}
    assert _view_column(batch, "as_of")[:3] == ["2026-11-26"] * 3
    # LLMflation: 10x a year both ways. The chat app needs 9x: log10(9) = 0.954 years = 348.5 -> 349 days after
    # 2026-11-26 = 2027-11-10, the earliest and the latest alike.
    chat = scored[0]
    assert chat.arrival.earliest == chat.arrival.latest == date(2027, 11, 10)
    assert "Like for like" in batch.fairness_text.text()
    batch.fair_button.click()  # back to each memo's own
    batch.wait_done()
    assert batch.common_date is None and batch.common_scenario is None
    assert {r.evaluation.as_of for r in batch.rows if r.evaluation} == {date(2026, 1, 1), date(2026, 6, 1)}


# -- cancel, sort, open ----------------------------------------------------------------------------------------


def test_cancel_stops_the_batch_partway(qtbot: Any, batch: BatchWindow, tmp_path: Path) -> None:
    d = tmp_path / "many"
    d.mkdir()
    for i in range(40):
        (d / f"m{i:02d}.pitch.json").write_text(json.dumps(_memo(f"Memo {i}", 10)), encoding="utf-8")
    calls: list[str] = []

    def slow(path: Path, **kwargs: Any) -> ScoreRow:
        calls.append(path.name)
        time.sleep(0.02)
        return score_file(path, **kwargs)

    batch.score_one = slow
    with qtbot.waitSignal(batch.scoring_progress, timeout=10_000):
        batch.score([d])
    with qtbot.waitSignal(batch.scoring_finished, timeout=10_000) as finished:
        batch.cancel_button.click()
    assert finished.args == [True]
    n = len(batch.rows)
    assert 1 <= n < 40
    assert len(calls) == n  # nothing scored after the cancel
    assert batch.status.text() == f"Cancelled: {n} of 40 memos scored."
    assert batch.export_button.isEnabled()


def test_sorting_by_orders_of_magnitude_keeps_failures_last(batch: BatchWindow, folder: Path) -> None:
    batch.score([folder])
    batch.wait_done()
    batch.table.sortByColumn(COL["orders_of_magnitude"], Qt.SortOrder.AscendingOrder)
    assert _view_column(batch, "orders_of_magnitude") == ["-0.35", "0.95", "1.95", ""]
    batch.table.sortByColumn(COL["orders_of_magnitude"], Qt.SortOrder.DescendingOrder)
    assert _view_column(batch, "orders_of_magnitude") == ["1.95", "0.95", "-0.35", ""]
    batch._update_spans()  # (the span timer's work, done now)
    assert batch.table.columnSpan(3, COL["name"]) > 1  # the failure's span follows it
    batch.table.sortByColumn(COL["arrival_earliest"], Qt.SortOrder.AscendingOrder)
    # Arrival: the nudge is viable now (2026-01-01); the chat app 2027-06-08 (seed-rule, 9x); the agent needs
    # 90x under LLMflation, log10(90) = 1.954 years = 713.8 -> 714 days after 2026-06-01 = 2028-05-15.
    assert _view_column(batch, "arrival_earliest") == ["Jan 2026", "Jun 2027", "May 2028", ""]


def test_opening_a_row_opens_the_memo_in_the_main_window(
    batch: BatchWindow, window: MainWindow, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch.score([folder])
    batch.wait_done()
    batch.table.sortByColumn(COL["orders_of_magnitude"], Qt.SortOrder.AscendingOrder)  # the nudge on top
    batch.table.activated.emit(batch.proxy.index(0, 0))
    assert window.document.path == folder / "c-nudge.pitch.json"
    window.document.edit_fields("Rename", name="Edited")
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "exec", lambda box: asked.append(box.text()) or QMessageBox.StandardButton.Cancel
    )
    batch.table.activated.emit(batch.proxy.index(1, 0))
    assert asked and "unsaved changes" in asked[0]
    assert window.document.pitch.name == "Edited"  # the user cancelled: nothing replaced


def test_dropped_files_are_scored(batch: BatchWindow, folder: Path) -> None:
    mime = QMimeData()
    mime.setUrls(
        [
            QUrl.fromLocalFile(str(folder / "a-chat.pitch.json")),
            QUrl.fromLocalFile(str(folder / "c-nudge.pitch.json")),
        ]
    )
    event = QDropEvent(
        QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    )
    batch.dropEvent(event)
    batch.wait_done()
    assert [r.evaluation.name for r in batch.rows if r.evaluation] == ["Chat app", "Nudge"]


# -- wiring -----------------------------------------------------------------------------------------------------


def test_install_adds_the_file_menu_action_and_the_screenshot_view(qtbot: Any, window: MainWindow) -> None:
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    action = next(a for a in file_menu.actions() if a.text() == "Score a &folder of memos…")
    assert action.shortcut() == QKeySequence("Ctrl+Shift+O")
    app = window.findChild(App, "app")
    shot = app.context.views.show("batch")
    batch = controller_of(window).window
    assert shot.widget is batch
    wait_scored(qtbot, batch)
    expected = sorted(p for p in examples_folder().rglob("*.json"))
    assert [Path(r.file) for r in batch.rows] == expected
    assert all(r.evaluation is not None for r in batch.rows)


def test_closing_the_main_window_closes_the_batch_window(window: MainWindow) -> None:
    batch = controller_of(window).show()
    assert batch.isVisible() and batch.isWindow()
    window.close()
    assert not batch.isVisible()


# -- a thousand memos, and the window keeps answering --------------------------------------------------------------


@pytest.mark.slow
def test_a_thousand_memos_score_without_freezing_the_window(
    qtbot: Any, batch: BatchWindow, tmp_path: Path
) -> None:
    d = tmp_path / "thousand"
    d.mkdir()
    text = json.dumps(_memo("Memo", 100))
    for i in range(1000):
        (d / f"m{i:04d}.pitch.json").write_text(text, encoding="utf-8")
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    worker_threads: set[str] = set()
    original = batch.score_one

    def watched(path: Path, **kwargs: Any) -> ScoreRow:
        worker_threads.add(threading.current_thread().name)
        return original(path, **kwargs)

    batch.score_one = watched
    started = time.perf_counter()
    with qtbot.waitSignal(batch.scoring_finished, timeout=120_000):
        batch.score([d])
    finished = time.perf_counter()
    timer.stop()
    assert len(batch.rows) == 1000
    assert len(worker_threads) == 1 and next(iter(worker_threads)).startswith("scoring")  # off the GUI thread
    # The GUI thread kept running its timer while the memos were scored (a blocking loop would allow none).
    during = [t for t in ticks if started < t < finished]
    assert len(during) >= 5
    assert math.isclose(batch.rows[0].evaluation.orders_of_magnitude, math.log10(9))  # type: ignore[union-attr]


def test_export_one_pdf_per_scored_memo(window: MainWindow, tmp_path: Path, qtbot: Any) -> None:
    good = tmp_path / "memos"
    good.mkdir()
    for name in ("companion-2026", "fortune-telling"):
        (good / f"{name}.pitch.json").write_bytes((examples_folder() / f"{name}.pitch.json").read_bytes())
    (good / "broken.pitch.json").write_text("{", encoding="utf-8")
    batch = controller_of(window).show()
    batch.score([good])
    qtbot.waitUntil(lambda: batch.pdf_button.isEnabled(), timeout=20_000)
    out = tmp_path / "pdfs"
    out.mkdir()
    # two scored memos -> two PDFs named from their files; the broken one is skipped. Each memo is analysed
    # (with its Monte Carlo) in the background; the window keeps answering meanwhile.
    with qtbot.waitSignal(batch.pdfs_finished, timeout=60_000) as finished:
        assert batch.export_pdfs(out) == 2
        assert batch.writing_pdfs
    assert finished.args == [2]
    assert "Wrote 2 deal-memo PDFs" in batch.status.text()
    assert sorted(p.name for p in out.iterdir()) == ["companion-2026.pdf", "fortune-telling.pdf"]
    assert all(p.read_bytes().startswith(b"%PDF") for p in out.iterdir())
