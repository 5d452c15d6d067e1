"""The history window: replay at a past date, the price-history chart, the essay's claims."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QDate

from core.claims import evaluate_claims
from core.engine import evaluate
from core.history_analysis import GPT4_LEVEL, LEVELS, cheapest_series, step_line
from core.pitch import Pitch, with_changes
from core.pitch_io import load_pitch_bytes
from core.resources import read_example
from core.verdict import Verdict
from desktop.app import App
from desktop.charts.common import decimal_year
from desktop.main_window import MainWindow
from desktop.workflows.history.window import HistoryWindow
from tests.desktop.helpers import count_engine_runs, history_drawn, open_app, verdict_texts

UNSCORED = "anthropic:claude-opus-4-6"  # a catalog model with no row in resources/capability.csv


def _example(name: str) -> Pitch:
    return load_pitch_bytes(read_example(name), source=name)


def _gpt4_pitch(name: str = "Chat at GPT-4") -> Pitch:
    return Pitch.model_validate(
        {
            "format": "computecurve.pitch",
            "schema_version": 2,
            "name": name,
            "as_of": "2026-03-23",
            "business": {"price_per_user_month": 20.0, "target_gross_margin": 0.7},
            "blocks": [
                {"name": "Chat", "model": "openai:gpt-4", "input_tokens": 2000, "output_tokens": 500,
                 "calls_per_action": 1, "actions_per_day": 10},
            ],
        }
    )  # fmt: skip


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COMPUTECURVE_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def _open(qtbot: Any, pitch: Pitch) -> tuple[MainWindow, HistoryWindow]:
    app = open_app(qtbot, pitch)
    return app.window, app.workflows["history"].view


def _views(w: MainWindow) -> Any:
    app = w.findChild(App, "app")
    assert app is not None
    return app.context.views


def _menu(w: MainWindow, title: str) -> Any:
    return next(a.menu() for a in w.menuBar().actions() if a.text() == title)


@pytest.fixture
def opened(qtbot: Any, home: Path) -> Iterator[tuple[MainWindow, HistoryWindow]]:
    w, h = _open(qtbot, _example("companion-2026.pitch.json"))
    yield w, h
    h.close()


def test_menus_and_views(opened: tuple[MainWindow, HistoryWindow]) -> None:
    w, h = opened
    pitch_menu = [a.text() for a in _menu(w, "&Pitch").actions()]
    view_menu = [a.text() for a in _menu(w, "&View").actions()]
    assert "Replay at a past &date…" in pitch_menu
    assert "Price &history…" in view_menu and "Essay &claims…" in view_menu
    assert {"history", "claims", "replay"} <= set(_views(w).names())
    _views(w).show("claims")
    assert h.isVisible() and h.tabs.currentWidget() is h.claims
    _views(w).show("history")
    assert h.tabs.currentWidget() is h.history


def test_replay_uses_that_days_prices(qtbot: Any, home: Path) -> None:
    w, h = _open(qtbot, _gpt4_pitch())
    h.show_tab("replay")
    panel = h.replay
    panel.set_day(date(2023, 3, 14))
    # openai:gpt-4 on 2023-03-14 (its launch): $30 in, $60 out
    assert panel.table.item(0, 2).text() == "$30.00/$60.00 per M tokens"
    # per call (2000 x 30 + 500 x 60) / 1e6 = 0.09; x 10 a day x 30 days = $27.00;
    # budget 20 x (1 - 0.7) = $6.00 -> 4.5x: one order away
    assert panel.summary.text().startswith(
        "On 2023-03-14: $27.00 per paying user-month vs $6.00 budget — One order away"
    )
    before = w.document.undo_stack.count()
    panel.date_only.click()
    doc = w.document
    assert doc.pitch.as_of == date(2023, 3, 14) and doc.undo_stack.count() == before + 1
    assert doc.undo_stack.text(doc.undo_stack.count() - 1) == "Replay at 2023-03-14"
    assert verdict_texts(w.verdict)["cost"].startswith("$27.00 per paying user-month")
    h.close()


def test_the_substitute_is_the_cheapest_model_of_at_least_its_capability(
    opened: tuple[MainWindow, HistoryWindow],
) -> None:
    w, h = opened
    h.show_tab("replay")
    panel = h.replay
    panel.set_day(date(2024, 6, 1))
    # companion-2026 runs on gpt-4o-mini (MMLU 82.0, GPQA 37.7), released 2024-07-18. On 2024-06-01 the models of
    # at least that on every shared benchmark, the cheapest for each block first (core/replay.py): Llama 3 70B on
    # Groq ($0.59/$0.79; background call 4,000 x 0.59 + 300 x 0.79 = 2,597 -> $0.002597), on Together
    # ($0.90/$0.90), gpt-4o and its 2024-05-13 snapshot ($5/$15), gpt-4-turbo ($10/$30), claude-3-opus ($15/$75).
    # GPT-4 (GPQA 35.7) is weaker on one: not offered.
    assert [r.needs_substitute for r in panel.rows] == [True, True, True]
    assert "2024-07-18" in panel.table.item(0, 2).text()
    combo = panel.combos[0]
    assert combo.count() == 6 and combo.itemText(0) == "groq:llama3-70b-8192"
    assert panel.table.item(0, 4).text() == "$0.590/$0.790 per M tokens"
    why = panel.table.item(0, 5)
    assert why.text().startswith(
        "Llama 3 70B Instruct (Groq), MMLU 82. Rule: needs MMLU >= 82 and GPQA Diamond"
    )
    assert "every shared benchmark" in why.toolTip()
    doc = w.document
    before = doc.undo_stack.count()
    panel.apply_buttons[1].click()
    assert doc.undo_stack.count() == before + 1
    assert doc.undo_stack.text(doc.undo_stack.count() - 1) == (
        "Replay at 2024-06-01: use groq:llama3-70b-8192 for Chat turns"
    )
    assert doc.pitch.as_of == date(2024, 6, 1)
    assert [b.model for b in doc.pitch.blocks] == [
        "openai:gpt-4o-mini",
        "groq:llama3-70b-8192",
        "openai:gpt-4o-mini",
    ]
    # picking another substitute in the combo applies that one
    panel.combos[0].setCurrentIndex(4)  # gpt-4-turbo, $10/$30
    assert panel.table.item(0, 4).text() == "$10.00/$30.00 per M tokens"
    panel.apply_buttons[0].click()
    assert doc.pitch.blocks[0].model == "openai:gpt-4-turbo"
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert doc.pitch == _example("companion-2026.pitch.json")


def test_apply_all_is_one_step(opened: tuple[MainWindow, HistoryWindow]) -> None:
    w, h = opened
    h.show_tab("replay")
    panel = h.replay
    panel.date_edit.setDate(QDate(2024, 6, 1))  # the user picks a day
    assert panel.day == date(2024, 6, 1)
    # every block on Llama 3 70B on Groq, $0.59 / $0.79 (no cached price: cached input at $0.59):
    #   background (4000 x 0.59 + 300 x 0.79) / 1e6 = 0.002597 x 5760 = 14.95872
    #   chat       (6000 x 0.59 + 150 x 0.79) / 1e6 = 0.0036585 x 1800 = 6.5853
    #   nightly    (6000 x 0.59 + 800 x 0.79) / 1e6 = 0.004172 x 90 = 0.37548
    #   = 21.9195
    assert panel.summary.text().startswith(
        "On 2024-06-01 with the substitutes below: $21.92 per paying user-month"
    )
    doc = w.document
    before = doc.undo_stack.count()
    panel.apply_all.click()
    assert doc.undo_stack.count() == before + 1
    assert (
        doc.undo_stack.text(doc.undo_stack.count() - 1)
        == "Replay at 2024-06-01: use substitutes for 3 blocks"
    )
    ev = evaluate(doc.pitch)
    assert ev.cost_per_user_month == pytest.approx(14.95872 + 6.5853 + 0.37548)
    # the table follows the document: every block is priced on the day now
    assert [r.needs_substitute for r in panel.rows] == [False, False, False]
    assert not panel.apply_all.isEnabled()


def test_the_closest_model_of_that_day_says_where_it_falls_short(
    opened: tuple[MainWindow, HistoryWindow],
) -> None:
    _, h = opened
    h.show_tab("replay")
    panel = h.replay
    panel.set_day(date(2023, 6, 1))
    # gpt-4o-mini's GPQA 37.7 was beyond every model of 2023-06-01; GPT-4 (MMLU 86.4 >= 82, GPQA 35.7) is the
    # closest, offered with its shortfall, never as like for like
    assert [r.suggested.catalog_id if r.suggested else None for r in panel.rows] == ["openai:gpt-4"] * 3
    assert all(r.suggested and r.suggested.shortfalls == ("GPQA Diamond 35.7 < 37.7",) for r in panel.rows)
    # the screen says where the closest falls short, in core's words
    for row in range(len(panel.rows)):
        assert "GPQA Diamond 35.7 < 37.7: a close match, not like for like" in panel.table.item(row, 5).text()
    assert panel.table.item(0, 2).text() == "Not out yet: openai:gpt-4o-mini was released on 2024-07-18"


def test_a_model_of_unknown_capability_gets_no_substitute_and_says_why(qtbot: Any, home: Path) -> None:
    """A block on a model with no published score (Claude Opus 4.6 has no row in resources/capability.csv): on
    2023-03-15 it was not out, and no substitute is offered for a capability nobody measured."""
    default = _example("default.pitch.json")
    pitch = with_changes(
        default, blocks=(with_changes(default.blocks[0], model=UNSCORED), *default.blocks[1:])
    )
    _, h = _open(qtbot, pitch)
    h.show_tab("replay")
    panel = h.replay
    panel.set_day(date(2023, 3, 15))
    texts = {r.name: panel.table.item(row, 3).text() for row, r in enumerate(panel.rows)}
    assert "its capability is unknown" in texts["Tutor chat"]
    assert texts["Tutor chat"].startswith(f"No substitute: {UNSCORED} has no published benchmark score")
    assert panel.table.item(0, 2).text() == f"Not out yet: {UNSCORED} was released on 2026-02-05"
    for name in ("Homework solver agent", "Background understanding"):
        assert texts[name].startswith("No substitute: no model of this capability existed on 2023-03-15")
    assert "had a price that day" not in " ".join(texts.values())
    assert panel.summary.text() == (
        "Cannot price Tutor chat, Homework solver agent, Background understanding on 2023-03-15: 2 need a "
        "capability no model had then; 1 uses a model of unknown capability (no published score), for which no "
        "substitute is offered. Each row says why."
    )
    h.close()


def test_the_default_pitch_in_mid_2024_names_the_best_of_that_day(qtbot: Any, home: Path) -> None:
    """Gemini 2.5 Flash now has scores (GPQA Diamond 82.8, SWE-bench Verified 28.73), so the default pitch's
    Tutor chat is no longer "capability unknown": on 2024-06-01 no model met either score. Worked by hand from
    resources/capability.csv: released by then, the best GPQA Diamond is gpt-4o's 48.9 and the only SWE-bench
    Verified row gpt-4o's 21.62 (Claude 3.5 Sonnet's 32.0 is dated 2024-06-20)."""
    _, h = _open(qtbot, _example("default.pitch.json"))
    h.show_tab("replay")
    panel = h.replay
    panel.set_day(date(2024, 6, 1))
    assert panel.table.item(0, 3).text() == (
        "No substitute: no model of this capability existed on 2024-06-01: needs GPQA Diamond >= 82.8 and "
        "SWE-bench Verified >= 28.73 (google:gemini-2.5-flash's scores); the best then: GPQA Diamond 48.9 "
        "(openai:gpt-4o), SWE-bench Verified 21.62 (openai:gpt-4o)"
    )
    assert "unknown" not in " ".join(panel.table.item(row, 3).text() for row in range(len(panel.rows)))
    assert panel.summary.text() == (
        "Cannot price Tutor chat, Homework solver agent, Background understanding on 2024-06-01: 3 need a "
        "capability no model had then. Each row says why."
    )
    assert not panel.apply_all.isEnabled()
    h.close()


def test_the_default_pitch_on_new_year_2025_offers_the_closest_tutor_model_and_applies_it(
    qtbot: Any, home: Path
) -> None:
    """On 2025-01-01 no model had Gemini 2.5 Flash's GPQA Diamond 82.8 (the best: o1's 75.8); five met its
    SWE-bench Verified 28.73. The cheapest for Tutor chat's calls (5,000 input, half cached; 350 output + 500
    thinking billed as output) is deepseek-chat at $0.14 / $0.28, cached $0.014:
    2,500 x 0.14 + 2,500 x 0.014 + 850 x 0.28 = 623 per million -> $0.000623 a call (tests/core/test_replay.py
    works the other four). It is offered as the closest, saying it falls short on GPQA Diamond (56.5 < 82.8)."""
    w, h = _open(qtbot, _example("default.pitch.json"))
    h.show_tab("replay")
    panel = h.replay
    panel.set_day(date(2025, 1, 1))
    combo = panel.combos[0]
    assert [combo.itemText(k) for k in range(combo.count())] == [
        "deepseek:deepseek-chat",
        "anthropic:claude-3-5-haiku-latest",
        "openai:o1-mini",
        "anthropic:claude-3-5-sonnet",
        "openai:o1",
    ]
    assert (
        panel.table.item(0, 4).text() == "$0.140/$0.280 per M tokens"
    )  # core.formatting: 3 significant digits
    rule = panel.table.item(0, 5).text()
    assert rule.startswith("DeepSeek-V3 (deepseek-chat), SWE-bench Verified 42. Rule: ")
    assert "GPQA Diamond 56.5 < 82.8: a close match, not like for like" in rule
    # user action -> model: Apply puts the substitute in the document, dated that day, as one undo step
    doc = w.document
    before = doc.undo_stack.count()
    panel.apply_buttons[0].click()
    assert doc.undo_stack.count() == before + 1
    assert doc.undo_stack.text(doc.undo_stack.count() - 1) == (
        "Replay at 2025-01-01: use deepseek:deepseek-chat for Tutor chat"
    )
    assert doc.pitch.blocks[0].model == "deepseek:deepseek-chat" and doc.pitch.as_of == date(2025, 1, 1)
    h.close()


def test_a_day_before_any_model_says_so(opened: tuple[MainWindow, HistoryWindow]) -> None:
    _, h = opened
    h.show_tab("replay")
    h.replay.set_day(date(2021, 3, 1))
    assert h.replay.summary.text().startswith("Cannot price Background understanding, Chat turns, Nightly")
    assert h.replay.table.item(0, 3).text().startswith("No substitute: no model of this capability existed")
    assert not h.replay.apply_all.isEnabled()


def test_block_names_are_plain_text(qtbot: Any, home: Path) -> None:
    w, h = _open(qtbot, _gpt4_pitch())
    w.document.edit_block(0, "Rename", name="<b>bold</b><img src=x>")
    h.show_tab("replay")
    h.replay.set_day(date(2023, 3, 14))
    assert h.replay.table.item(0, 0).text() == "<b>bold</b><img src=x>"
    h.close()


def test_the_drawn_step_series_is_core_history_analysis(opened: tuple[MainWindow, HistoryWindow]) -> None:
    _, h = opened
    h.show_tab("history")
    chart = h.history.chart
    drawn = history_drawn(chart)
    days, prices = step_line(cheapest_series(GPT4_LEVEL), chart.end)
    np.testing.assert_allclose(drawn["step_x"], [decimal_year(d) for d in days])
    np.testing.assert_allclose(drawn["step_y"], np.log10(prices))
    # by hand: the line starts at GPT-4's (3 x 30 + 60) / 4 = $37.50 on 2023-03-14 and ends at
    # gemini-2.0-flash's (3 x 0.1 + 0.4) / 4 = $0.175, carried to the essay's date 2026-03-23
    assert drawn["step_y"][0] == pytest.approx(math.log10(37.5))
    assert drawn["step_y"][-1] == pytest.approx(math.log10(0.175))
    assert drawn["step_x"][-1] == pytest.approx(decimal_year(date(2026, 3, 23)))
    assert [m for _, _, m in drawn["points"]][-1] == "gemini-2.0-flash"
    assert drawn["fit"] is not None
    # reference slopes start at the first point: C3 LLMflation 10x a year
    rx, ry = drawn["references"]["C3"]
    assert rx[0] == pytest.approx(decimal_year(date(2023, 3, 14)))
    assert ry[0] == pytest.approx(math.log10(37.5))
    assert ry[1] == pytest.approx(math.log10(37.5) - (date(2026, 3, 23) - date(2023, 3, 14)).days / 365.25)
    assert drawn["reference_labels"]["C2"].startswith("C2 Ng")
    assert "15.2x cheaper a year" in h.history.fit_label.text()
    assert "16 models in the bundled history have no MMLU score" in h.history.note.text()


def test_switching_the_level_redraws_and_says_when_no_fit_is_possible(
    opened: tuple[MainWindow, HistoryWindow],
) -> None:
    _, h = opened
    h.show_tab("history")
    gpqa = LEVELS[3]
    h.history.buttons[gpqa.label].click()
    drawn = history_drawn(h.history.chart)
    # GPQA >= 50: o1 $26.25 (2024-12-17), deepseek-v3 $0.175 (2024-12-26), $0.4775 (2025-02-08)
    np.testing.assert_allclose(10 ** drawn["step_y"][::2], [26.25, 0.175, 0.4775])
    assert drawn["fit"] is None
    assert "too short to fit a yearly rate" in h.history.fit_label.text()
    assert "have no GPQA score" in h.history.note.text()


def test_claims_table_rows_match_core_claims(opened: tuple[MainWindow, HistoryWindow]) -> None:
    """Every claim's row is core's result (``computecurve claims``): the essay's figure, what the app computes,
    Holds / Depends / Fails in the band's colour with its word, the condition; a row per reading under a claim
    read several ways. "Depends" is never shown as "Fails"."""
    from core.claim_verdicts import ClaimVerdict
    from desktop.theme import VERDICT_COLORS
    from desktop.workflows.history.claims_panel import NO_CONDITION, reading_label, readings_summary

    w, h = opened
    h.show_tab("claims")
    results = evaluate_claims(w.catalog)
    t = h.claims.table
    rows = [[t.item(i, c).text() for c in range(5)] for i in range(t.rowCount())]
    fills = [t.item(i, 3).background().color().name() for i in range(t.rowCount())]
    words = {ClaimVerdict.HOLDS: "Holds", ClaimVerdict.DEPENDS: "Depends", ClaimVerdict.FAILS: "Fails"}
    colours = {
        ClaimVerdict.HOLDS: VERDICT_COLORS[Verdict.VIABLE_NOW],
        ClaimVerdict.DEPENDS: VERDICT_COLORS[Verdict.ONE_ORDER],
        ClaimVerdict.FAILS: VERDICT_COLORS[Verdict.BEYOND],
    }
    i = 0
    for r in results:
        c = r.claim
        several = len(r.readings) > 1
        assert rows[i] == [
            f"{c.id}  {c.title}",
            c.essay_figure,
            readings_summary(r) if several else r.figures,
            words[r.verdict],
            r.condition_text or NO_CONDITION,
        ], c.id
        assert fills[i] == colours[r.verdict], c.id
        i += 1
        for reading in r.readings if several else ():
            condition = reading.condition.text() if reading.condition is not None else ""
            assert rows[i] == [reading_label(reading), "", reading.figures, words[reading.verdict], condition]
            assert fills[i] == colours[reading.verdict]
            i += 1
    assert i == len(rows)
    by_id = {row[0].split()[0]: row for row in rows if not row[0].startswith("↳")}
    assert [by_id[k][3] for k in ("C2", "C9", "C10")] == ["Holds", "Holds", "Fails"]
    assert [by_id[k][3] for k in ("C1", "C3", "C4", "C5", "C6", "C7", "C8")] == ["Depends"] * 7
    # C5 under both readings of "$3/MTok"; C8's 60x as a drop and as a floor (the data's $0.175 blend: 214x)
    labels = [row[0] for row in rows]
    assert "↳ reading: '$3/MTok' = Sonnet 4.6's input price ($3/$15)" in labels
    assert any(label.startswith("↳ reading: '$3/MTok' = an output price") for label in labels)
    c8 = [row for row in rows if row[0].startswith("↳ reading: 60x")]
    assert len(c8) == 3 and any("214x cheaper" in row[2] for row in c8)
    # C9, the seed's fleet: $8.6M / (100 x 5 x 8,766 h) = $1.9621 a GPU-hour; $3M / $8.6M = 34.9%; / 0.7 = $2.8030
    assert "$1.9621 per GPU-hour" in by_id["C9"][2] and "34.9%" in by_id["C9"][2]
    assert "$2.8030 per paid GPU-hour" in by_id["C9"][2]
    assert h.claims.summary.text() == ("Holds: C2, C9 · Depends: C1, C3, C4, C5, C6, C7, C8 · Fails: C10")
    c4 = labels.index(next(label for label in labels if label.startswith("C4")))
    t.selectRow(c4)
    assert "Assumptions: Same companion in both files" in h.claims.details.text()
    assert h.claims.open_button.isEnabled()
    t.selectRow(c4 + 1)  # a reading of C4: the same claim's details
    assert "Assumptions: Same companion in both files" in h.claims.details.text()


def test_replay_reads_the_current_analysis_and_a_hidden_replay_does_nothing(
    opened: tuple[MainWindow, HistoryWindow],
) -> None:
    w, h = opened
    h.show_tab("replay")
    panel = h.replay
    panel.set_day(date(2024, 6, 1))  # substitutes exist (Llama 3 70B on Groq...): a replayed pitch to analyse
    h.hide()
    with count_engine_runs() as runs:
        w.document.edit_fields("Rename", name="Renamed")
    assert runs == {"prepare": 1, "evaluate_prepared": 1}  # the service's one analysis; the replay waits
    shown = panel.summary.text()
    h.show_tab("replay")  # shown again: redrawn for the pitch as it is now
    assert panel.summary.text() == shown  # (the name is not in it; the numbers are the same)
    with count_engine_runs() as runs:
        panel.show_replay()
    # the replayed pitch is analysed once by the service; the pitch's own date is the current analysis
    assert runs == {"prepare": 1, "evaluate_prepared": 1}


def test_the_model_labels_of_the_history_chart_never_cover_each_other(
    qtbot: Any, opened: tuple[MainWindow, HistoryWindow]
) -> None:
    """GPT-4o (2024-05-13) and Claude 3.5 Sonnet (2024-06-20) are weeks apart at the GPT-4 level: the second
    label goes below its point rather than over the first."""
    _, h = opened
    h.resize(1280, 720)
    h.show_tab("history")
    qtbot.wait(50)
    chart = h.history.chart
    chart._place_labels()
    labels = [lbl for lbl in chart._model_labels if lbl.isVisible()]
    assert len(labels) == len(chart.points) >= 5
    rects = [lbl.mapRectToScene(lbl.boundingRect()) for lbl in labels]
    for i, a in enumerate(rects):
        for b in rects[i + 1 :]:
            assert not a.intersects(b)
