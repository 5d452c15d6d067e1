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

from core.pitch_io import load_pitch
from core.scenarios import builtin_scenarios
from core.scoring import SCORE_COLUMNS, ScoreRow, score_file, score_paths, scores_csv
from core.what_must_change import changes_needed
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
    # the fourth could not be scored, and the status says so (never "Scored 4 memos")
    assert batch.status.text().startswith("Scored 3 of 4 memos; 1 could not be scored (their rows say why).")
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
    assert batch.status.text() == f"Cancelled after {n} of 40 memos: {n} scored."
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
    # each memo carries what must change by a year after its own date, as `score --pdf` writes it. companion-2026
    # (dated 2026-03-23) needs 1.51x cheaper inference; by Mar 2027 the slow decline alone gives 3.16x: nothing
    texts = {
        p.stem: " ".join(
            subprocess.run(
                ["pdftotext", str(p), "-"], capture_output=True, text=True, check=True
            ).stdout.split()
        )
        for p in out.iterdir()
    }
    must = changes_needed(load_pitch(good / "companion-2026.pitch.json"), None, today=window.service.today())
    assert must.by == date(2027, 3, 23) and must.changes == ()
    assert (
        "What must change by Mar 2027 nothing: viable by then at the slow decline as it is"
        in texts["companion-2026"]
    )


# -- what the window says, the columns on a laptop, like for like, rescoring (issue 11) ------------------------


def test_the_status_counts_the_memos_that_could_not_be_scored() -> None:
    from desktop.workflows.batch.words import finished_words

    assert finished_words(19, 15, 4, cancelled=False, seconds=2.3) == (
        "Scored 15 of 19 memos; 4 could not be scored (their rows say why). 2.30 s."
    )
    assert finished_words(19, 19, 0, cancelled=False, seconds=2.3) == "Scored 19 memos in 2.30 s."
    assert finished_words(19, 7, 3, cancelled=True, seconds=1.0) == (
        "Cancelled after 10 of 19 memos: 7 scored, 3 could not be scored (their rows say why)."
    )
    assert finished_words(19, 7, 0, cancelled=True, seconds=1.0) == "Cancelled after 7 of 19 memos: 7 scored."


@pytest.mark.parametrize("width", [1366, 1600])
def test_the_warnings_and_error_columns_are_on_screen_on_a_laptop(
    qtbot: Any, batch: BatchWindow, width: int
) -> None:
    """Every column fits the table at 1366 and 1600 px (text columns elided in the middle, whole in their
    tooltips): no scrolling sideways to find the Warnings and Error columns."""
    batch.resize(width, 768)
    batch.score([examples_folder()])
    batch.wait_done()
    table = batch.table
    qtbot.waitUntil(lambda: table.columnWidth(COL["file"]) < 200)  # fitted once the window has its width
    room = table.viewport().width()
    for column in ("warnings", "error"):
        col = COL[column]
        assert table.columnViewportPosition(col) + min(table.columnWidth(col), 80) <= room, column
    assert table.horizontalHeader().length() <= room
    assert not table.horizontalScrollBar().isVisible()
    assert table.textElideMode() == Qt.TextElideMode.ElideMiddle
    # a cut file or memo name is whole in its tooltip
    row = next(r for r in range(batch.proxy.rowCount()) if batch.rows[r].evaluation is not None)
    file_tip = batch.proxy.index(row, COL["file"]).data(Qt.ItemDataRole.ToolTipRole)
    assert batch.rows[row].file in _plain(file_tip)
    name_tip = batch.proxy.index(row, COL["name"]).data(Qt.ItemDataRole.ToolTipRole)
    assert batch.rows[row].evaluation.name in _plain(name_tip)  # type: ignore[union-attr]


def test_a_column_the_user_resized_is_left_alone(qtbot: Any, batch: BatchWindow, folder: Path) -> None:
    batch.score([folder])
    batch.wait_done()
    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest

    header = batch.table.horizontalHeader()
    edge = header.sectionViewportPosition(COL["name"]) + header.sectionSize(COL["name"]) - 1
    y = header.height() // 2
    viewport = header.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(edge, y))
    header.resizeSection(COL["name"], 400)  # what the drag does (offscreen, a mouse move does not drag)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(edge, y))
    batch.resize(1366, 768)
    qtbot.wait(20)
    assert batch.table.columnWidth(COL["name"]) == 400


def _gpt4_memo(tmp_path: Path) -> Path:
    """One block on openai:gpt-4, dated GPT-4's launch day."""
    memo = _memo("GPT-4 chat", 10, as_of="2023-03-14")
    memo["blocks"][0]["model"] = "openai:gpt-4"
    del memo["blocks"][0]["price"]
    path = tmp_path / "gpt4.pitch.json"
    path.write_text(json.dumps(memo), encoding="utf-8")
    return path


def test_compare_fairly_names_the_models_it_replaced(batch: BatchWindow, tmp_path: Path) -> None:
    """On 2026-01-01 the cheapest model of at least GPT-4's scores is openai:gpt-oss-120b
    (tests/core/test_replay.py works it out): the row, its tooltip and the banner say so."""
    path = _gpt4_memo(tmp_path)
    batch.score([path])
    batch.wait_done()
    assert batch.proxy.index(0, COL["warnings"]).data() == ""  # its own date: GPT-4 as written
    batch.set_common_date(date(2026, 1, 1))
    batch.set_common_scenario("seed-rule")
    batch.wait_done()
    cell = batch.proxy.index(0, COL["warnings"])
    assert cell.data() == "Like for like: openai:gpt-4 → openai:gpt-oss-120b"
    assert not cell.data(Qt.ItemDataRole.DecorationRole).isNull()
    assert batch.rows[0].notes[0] in _plain(cell.data(Qt.ItemDataRole.ToolTipRole))
    text = batch.fairness_text.text()
    assert text.startswith("Like for like: every memo is priced on 2026-01-01")
    assert "1 memo had 1 model replaced by the cheapest of at least their capability" in text


def test_a_row_scored_on_the_batchs_date_opens_as_written_and_says_so(
    batch: BatchWindow, window: MainWindow, tmp_path: Path
) -> None:
    """The memo opens at its own date (the file is not changed); the batch's numbers came from another date
    and another model, and both windows say so."""
    path = _gpt4_memo(tmp_path)
    batch.score([path])
    batch.set_common_date(date(2026, 1, 1))
    batch.wait_done()
    assert batch.open_row(0)
    assert window.document.path == path and window.document.pitch.as_of == date(2023, 3, 14)
    assert window.document.pitch.blocks[0].model == "openai:gpt-4"  # as written
    note = batch.status.text()
    assert note.startswith(
        "Opened gpt4.pitch.json as written. This batch scored it priced on 2026-01-01 (the memo says "
        "2023-03-14), with 1 block priced like for like at another model"
    )
    assert window.statusBar().currentMessage() == note
    batch.set_common_date(None)
    batch.wait_done()
    assert batch.open_row(0)
    assert batch.status.text().startswith("Scored 1 memo")  # the same terms: nothing to say


def test_rescoring_on_a_new_date_runs_in_the_background_and_the_window_answers(
    qtbot: Any, batch: BatchWindow, tmp_path: Path
) -> None:
    """Twenty memos rescored on a new common date: scored on the service's scoring thread (desktop/background.py),
    while the window's own timer keeps firing."""
    d = tmp_path / "twenty"
    d.mkdir()
    for i in range(20):
        (d / f"m{i:02d}.pitch.json").write_text(json.dumps(_memo(f"Memo {i}", 10)), encoding="utf-8")
    batch.score([d])
    batch.wait_done()
    threads: set[str] = set()

    def slow(path: Path, **kwargs: Any) -> ScoreRow:
        threads.add(threading.current_thread().name)
        time.sleep(0.01)
        return score_file(path, **kwargs)

    batch.score_one = slow
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(len(batch.rows)))
    timer.start(5)
    batch.set_common_date(
        date(2026, 6, 1)
    )  # returns at once: the rescore is queued, then run off the GUI thread
    assert batch.rows == [] or len(batch.rows) == 20
    with qtbot.waitSignal(batch.scoring_finished, timeout=30_000):
        batch.rescore()
    timer.stop()
    assert len(batch.rows) == 20 and {r.evaluation.as_of for r in batch.rows if r.evaluation} == {
        date(2026, 6, 1)
    }
    assert threads and all(name.startswith("scoring") for name in threads)
    assert any(0 < n < 20 for n in ticks)  # the GUI thread ran while the memos were being scored


def test_column_widths_shrink_the_text_columns_first_and_never_overrun() -> None:
    from desktop.workflows.column_fit import fit_widths

    # 100 + 50 + 60 = 210 in 180: the two text columns can spare 40 and 30; each gives 30/70 of it
    assert fit_widths([100, 50, 60], [60, 50, 30], 250) == [100, 50, 60]  # room enough: as preferred
    widths = fit_widths([100, 50, 60], [60, 50, 30], 180)
    assert sum(widths) <= 180 and widths[1] == 50  # the number column keeps its width
    assert widths == [100 - 18, 50, 60 - 13]  # 40 x 30/70 = 17.1 -> 18; 30 x 30/70 = 12.9 -> 13
    assert fit_widths([100, 50, 60], [60, 50, 30], 100) == [60, 50, 30]  # no room: the smallest (it scrolls)
