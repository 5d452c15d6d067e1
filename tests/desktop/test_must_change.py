""" "What must change" on the scorecard, in the memo and in the Markdown (core's rows, by the date the user
picks, applied with one click), and the break-even said for every price at once with a price per call."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate

from core.pitch import Pitch
from core.scorecard import build_scorecard
from core.what_must_change import changes_needed
from desktop.app import App
from desktop.export.markdown import markdown_summary
from desktop.export.memo import memo_data
from desktop.workflows.scorecard import MUST_KEY, ScorecardDock, split_rows
from tests.desktop.helpers import TIMEOUT_MS, open_app, wait_monte_carlo

TODAY = date(2026, 12, 3)
AS_OF = date(2026, 3, 23)


def _pitch(per_call: float = 0.0, price: float = 10.0) -> Pitch:
    return Pitch.model_validate(
        {
            "format": "computecurve.pitch",
            "schema_version": 2,
            "name": "Tutor",
            "as_of": AS_OF.isoformat(),
            "business": {"price_per_user_month": price, "target_gross_margin": 0.5},
            "blocks": [
                {
                    "name": "Chat",
                    "price": {"input_per_mtok": 1.0, "output_per_mtok": 2.0},
                    "input_tokens": 1000,
                    "output_tokens": 500,
                    "per_call_usd": per_call,
                    "calls_per_action": 1,
                    "actions_per_day": 100,
                }
            ],
        }
    )


# $0.002 a call x 3,000 calls = $6.00 a month against a $5.00 budget: a drop of 1.2 is needed today.


@pytest.fixture
def app(qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> App:
    monkeypatch.setenv("COMPUTECURVE_HOME", str(tmp_path / "home"))
    # a price of $3 makes it 4x away: one year of the slow decline (3.16x) is not enough
    app = open_app(qtbot, _pitch(price=3.0), today=TODAY, samples=2_000)
    wait_monte_carlo(qtbot, app.service)
    return app


def _shown(qtbot: Any, app: App) -> ScorecardDock:
    dock: ScorecardDock = app.workflows["scorecard"]
    dock.show()
    qtbot.waitUntil(
        lambda: not dock.panel.must_change.status.text().startswith("working"), timeout=TIMEOUT_MS
    )
    return dock


def _lines(dock: ScorecardDock) -> list[str]:
    return [text.text() for text, _button in dock.panel.must_change.lines if not text.isHidden()]


def test_the_scorecard_shows_cores_changes_by_the_default_date(app: App, qtbot: Any) -> None:
    dock = _shown(qtbot, app)
    box = dock.panel.must_change
    assert box.by_edit.date() == QDate(2027, 3, 23)  # one year (365.25 days, rounded) after the pitch's date
    core = changes_needed(app.document.pitch, date(2027, 3, 23), today=TODAY)
    assert core.changes and _lines(dock) == [
        ("" if i == 0 else "or: ") + c.sentence for i, c in enumerate(core.changes)
    ]
    # cost $6.00 vs budget $3 x 0.5 = $1.50: a drop of 4; the slow decline gives 10**(0.5 x 365/365.25) by then
    target = 10 ** (0.5 * 365 / 365.25)
    assert core.target_drop == pytest.approx(target) and core.required_drop == pytest.approx(4.0)
    # the price must rise to $12.00 / target: the first (cheapest) change
    assert core.changes[0].field == "price_per_user_month"
    assert core.changes[0].value == pytest.approx(12.0 / target, rel=1e-9)
    # the rows around the box are the scorecard's own, in core's order
    analysis = app.service.current
    assert analysis is not None and analysis.evaluation is not None
    sc = build_scorecard(
        analysis.evaluation, analysis.uncertainty, analysis.sensitivity, today=TODAY, must_change=core
    )
    head, tail = split_rows(sc)
    assert head + [r for r in sc.rows()[1:] if r not in head and r not in tail] + tail == sc.rows()[1:]
    assert [r[0] for r in tail][:1] == ["Cost dominated by"]


def test_another_date_another_answer(app: App, qtbot: Any) -> None:
    dock = _shown(qtbot, app)
    dock.panel.must_change.by_edit.setDate(QDate(2028, 3, 23))  # the user's pick
    qtbot.waitUntil(
        lambda: app.service.must_change_cached(app.document.pitch, date(2028, 3, 23)) is not None,
        timeout=TIMEOUT_MS,
    )
    core = changes_needed(app.document.pitch, date(2028, 3, 23), today=TODAY)
    # two years of the slow decline (10**(0.5 x 731/365.25) = 10.0x) cover the 4x: nothing must change
    assert core.viable_already
    assert (
        dock.panel.must_change.status.text()
        == core.rows()[0][1]
        == ("nothing: viable by then at the slow decline as it is")
    )
    assert _lines(dock) == []


def test_a_click_applies_a_change_as_one_undo_step(app: App, qtbot: Any) -> None:
    dock = _shown(qtbot, app)
    core = changes_needed(app.document.pitch, date(2027, 3, 23), today=TODAY)
    count = app.document.undo_stack.count()
    dock.panel.must_change.lines[0][1].click()
    assert app.document.pitch == core.changes[0].pitch
    assert app.document.undo_stack.count() == count + 1
    assert app.document.undo_stack.undoText() == core.changes[0].sentence
    app.document.undo_stack.undo()
    assert app.document.pitch.business.price_per_user_month == 3.0


def test_the_memo_and_the_markdown_print_the_same_rows(app: App, qtbot: Any, tmp_path: Path) -> None:
    dock = _shown(qtbot, app)
    core = changes_needed(app.document.pitch, date(2027, 3, 23), today=TODAY)
    target = tmp_path / "memo.pdf"
    assert dock.export_pdf(target)
    qtbot.waitUntil(target.exists, timeout=TIMEOUT_MS)
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True, check=True).stdout
    assert "Pages:           1" in info
    text = " ".join(
        subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True).stdout.split()
    )
    assert "What must change by Mar 2027" in text and "(any one)" in text  # the label may wrap
    for c in core.changes:
        assert c.sentence in text
    analysis = app.service.current
    assert analysis is not None
    md = markdown_summary(memo_data(analysis, core))
    for label, row in core.rows():
        assert f"| {label} | {row.replace('$', chr(92) + '$')} |" in md


def test_nothing_is_worked_out_for_a_hidden_scorecard(app: App) -> None:
    app.document.edit_business("Change price", price_per_user_month=4.0)
    assert not app.service.goal_seek_busy(MUST_KEY)


def test_with_a_price_per_call_every_price_at_one_over_the_drop(
    qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setenv("COMPUTECURVE_HOME", str(tmp_path / "home"))
    # $0.002 + $0.003 per call = $0.005 x 3,000 = $15.00 a month against $5.00: a drop of 3; subscription $30
    app = open_app(qtbot, _pitch(per_call=0.003), today=TODAY, samples=2_000)
    wait_monte_carlo(qtbot, app.service)
    expected = (
        "Viable when every price, per token and per call, is at most 1/3 of today's (33.3%), "
        "or today at $30.00 per paying user-month"
    )
    dock = _shown(qtbot, app)
    rows = {label.text(): value.text() for label, value in dock.panel._tail_labels if not label.isHidden()}
    assert rows["Break-even"] == expected
    assert app.window.verdict.breakeven.text() == expected
    explain = app.workflows["explain"]
    explain.show()
    assert "every price at 1/3 of today's (33.3% of today's)" in explain.browser.toPlainText()
    explain.close()


def test_a_bug_in_what_must_change_is_said_once_and_not_asked_again(
    app: App, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import desktop.analysis_service

    calls: list[int] = []

    def broken(*args: Any, **kwargs: Any) -> None:
        calls.append(1)
        raise RuntimeError("boom")

    monkeypatch.setattr(desktop.analysis_service, "changes_needed", broken)
    dock: ScorecardDock = app.workflows["scorecard"]
    dock.show()
    box = dock.panel.must_change
    qtbot.waitUntil(lambda: box.error.isVisible(), timeout=TIMEOUT_MS)
    assert box.error.text().startswith("internal error in Compute Curve (RuntimeError: boom)")
    assert calls == [1]
    assert not dock._must_timer.isActive() and not app.service.goal_seek_busy(MUST_KEY)  # nothing asked again
