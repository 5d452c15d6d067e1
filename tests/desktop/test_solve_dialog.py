"""The Solve for... dialog: fields in the user's words, answers worked out by hand, Apply as exactly one undo
step of ``Solution.pitch``, the work off the GUI thread and dropped when the dialog closes or the pitch changes."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate
from PySide6.QtGui import QAction, QKeySequence

from core.pitch import Pitch
from core.solve import solvable_fields
from desktop.app import App
from desktop.workflows.solve import DECLINE_NEEDS_A_DATE, KEY, SOLVING, SolveDialog
from tests.desktop.helpers import TIMEOUT_MS, open_app

TODAY = date(2026, 12, 3)
AS_OF = date(2026, 3, 23)


def _pitch(name: str = "Tutor", ranges: bool = False) -> Pitch:
    business: dict[str, Any] = {"price_per_user_month": 10.0, "target_gross_margin": 0.5}
    if ranges:
        business["ranges"] = {"usage_multiplier": [0.5, 2.0]}
    return Pitch.model_validate(
        {
            "format": "computecurve.pitch",
            "schema_version": 2,
            "name": name,
            "as_of": AS_OF.isoformat(),
            "business": business,
            "blocks": [
                {
                    "name": "Chat <b>turn</b>",
                    "price": {"input_per_mtok": 1.0, "output_per_mtok": 2.0},
                    "input_tokens": 1000,
                    "output_tokens": 500,
                    "calls_per_action": 1,
                    "actions_per_day": 100,
                }
            ],
        }
    )


# (1,000 x $1 + 500 x $2) / 1e6 = $0.002 a call; x 100 a day x 30 days = $6.00 a month; budget $10 x 0.5 = $5


@pytest.fixture
def app(qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> App:
    monkeypatch.setenv("COMPUTECURVE_HOME", str(tmp_path / "home"))
    return open_app(qtbot, _pitch(), today=TODAY, samples=2_000)


def _dialog(app: App) -> SolveDialog:
    dialog: SolveDialog = app.workflows["solve"]
    dialog.show()
    return dialog


def _choose(dialog: SolveDialog, path: str) -> None:
    dialog.field_combo.setCurrentIndex(dialog.field_combo.findData(path))  # as a user picks it
    dialog.solve_now()  # rather than wait for the typing pause


def _today(dialog: SolveDialog) -> None:
    dialog.today_radio.setChecked(True)
    dialog.solve_now()


def _answer(qtbot: Any, dialog: SolveDialog) -> None:
    qtbot.waitUntil(lambda: dialog.solution is not None or dialog.error.isVisible(), timeout=TIMEOUT_MS)


def _details(dialog: SolveDialog) -> dict[str, str]:
    return {a.text(): b.text() for a, b in dialog._detail_labels if not a.isHidden()}


def test_menu_shortcut_and_the_fields_in_the_users_words(app: App) -> None:
    action = app.window.findChild(QAction, "solveAction")
    assert action is not None and action.shortcut() == QKeySequence("Ctrl+Shift+G")
    assert "solve" in app.context.views
    dialog = _dialog(app)
    shown = [
        (dialog.field_combo.itemData(i), dialog.field_combo.itemText(i))
        for i in range(dialog.field_combo.count())
    ]
    assert shown == [tuple(f) for f in solvable_fields(app.document.pitch)]
    assert ("blocks[0].output_tokens", "Output tokens · Chat <b>turn</b>") in shown
    # the default date: one year (365.25 days, rounded) after the pitch's date
    assert dialog.by_edit.date() == QDate(2027, 3, 23) and dialog.by_radio.isChecked()
    dialog.close()


def test_the_price_today_worked_out_by_hand_and_applied_as_one_step(app: App, qtbot: Any) -> None:
    dialog = _dialog(app)
    _choose(dialog, "price_per_user_month")
    _today(dialog)
    assert dialog.solution is None and dialog.status.text() == SOLVING  # worked out off the GUI thread
    _answer(qtbot, dialog)
    s = dialog.solution
    assert s is not None
    # viable when $6.00 <= price x 0.5: price >= $12.00
    assert s.value == pytest.approx(12.0, rel=1e-9)
    assert dialog.answer.text() == "Price: $12.00 or more"
    details = _details(dialog)
    assert details["Now"] == "$10.00 (the answer is 20% higher)"
    assert details["Method"] == "closed form"
    assert details["Viable"].startswith("today (2026-03-23, the pitch's date)")
    count = app.document.undo_stack.count()
    dialog.apply_button.click()
    assert app.document.pitch is s.pitch  # exactly the solution's pitch
    assert app.document.undo_stack.count() == count + 1
    assert app.document.undo_stack.undoText() == "Solve for price per user-month"
    assert "The verdict now: Viable at today's prices" in dialog.after.text()
    assert "checked" in dialog.after.text()
    assert not dialog.apply_button.isEnabled()  # applied: nothing more to apply
    app.document.undo_stack.undo()
    assert app.document.pitch.business.price_per_user_month == 10.0
    dialog.close()


def test_by_a_date_the_slow_decline_does_part_of_it(app: App, qtbot: Any) -> None:
    dialog = _dialog(app)
    _choose(dialog, "price_per_user_month")
    _answer(qtbot, dialog)
    s = dialog.solution
    assert s is not None and s.by == date(2027, 3, 23)
    # 365 days = 365 / 365.25 years at the seed rule's slow 10**0.5 a year: the drop allowed by then
    target = 10 ** (0.5 * 365 / 365.25)
    assert s.target_drop == pytest.approx(target, rel=1e-12)
    assert s.value == pytest.approx(12.0 / target, rel=1e-9)  # $3.80: lower than today's $12.00
    assert dialog.answer.text() == "Price: $3.80 or more"
    # another date, two years out: lower still
    dialog.by_edit.setDate(QDate(2028, 3, 23))
    dialog.solve_now()
    qtbot.waitUntil(
        lambda: dialog.solution is not None and dialog.solution.by == date(2028, 3, 23), timeout=TIMEOUT_MS
    )
    assert dialog.solution is not None and dialog.solution.value is not None
    assert dialog.solution.value == pytest.approx(12.0 / 10 ** (0.5 * 731 / 365.25), rel=1e-9)
    dialog.close()


def test_no_value_within_the_bounds_is_an_answer_with_its_reason(app: App, qtbot: Any) -> None:
    dialog = _dialog(app)
    _choose(dialog, "inference_share_of_cogs")
    _today(dialog)
    _answer(qtbot, dialog)
    s = dialog.solution
    # the budget $10 x 0.5 x share never reaches $6.00 with a share of at most 100%
    assert s is not None and s.value is None
    assert dialog.answer.text() == "Inference share: no value within its bounds"
    details = _details(dialog)
    assert details["Method"] == "none: no value within the field's bounds"
    assert (
        details["Why"]
        == (
            "even with inference share of cost at 100%, the pitch needs inference 1.2x cheaper than today"  # 6 / 5
        )
    )
    assert not dialog.apply_button.isEnabled()
    dialog.close()


def test_with_ranges_the_values_for_50_and_90_percent(qtbot: Any, tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("COMPUTECURVE_HOME", str(tmp_path / "home"))
    app = open_app(qtbot, _pitch(ranges=True), today=TODAY, samples=2_000)
    dialog = _dialog(app)
    _choose(dialog, "price_per_user_month")
    _answer(qtbot, dialog)
    s = dialog.solution
    assert s is not None and [p.probability for p in s.probabilities] == [0.5, 0.9]
    details = _details(dialog)
    v50, v90 = (p.value for p in s.probabilities)
    assert v50 is not None and v90 is not None and v50 < v90  # surer needs more
    assert details["P(viable by 2027-03-23) reaches 50% at"].startswith("$")
    assert details["Monte Carlo"] == "2,000 samples, seed 0, over the pitch's ranges"
    dialog.close()


def test_closing_cancels_and_a_changed_pitch_is_solved_again(app: App, qtbot: Any) -> None:
    dialog = _dialog(app)
    _choose(dialog, "price_per_user_month")
    _today(dialog)
    dialog.close()
    assert not app.service.goal_seek_busy(KEY)  # dropped: nothing of it arrives
    dialog = _dialog(app)
    _choose(dialog, "price_per_user_month")
    _today(dialog)
    _answer(qtbot, dialog)
    app.document.edit_business("Change target margin", target_gross_margin=0.25)
    assert dialog.solution is None and dialog.status.text() == SOLVING
    dialog.solve_now()
    _answer(qtbot, dialog)
    s = dialog.solution
    # budget price x 0.75 >= $6.00: $8.00
    assert s is not None and s.value == pytest.approx(8.0, rel=1e-9)
    assert dialog.apply_button.isEnabled()
    dialog.close()


def test_the_decline_a_year_needs_a_date(app: App, qtbot: Any) -> None:
    dialog = _dialog(app)
    _choose(dialog, "decline")
    _today(dialog)
    assert dialog.error.text() == DECLINE_NEEDS_A_DATE and dialog.solution is None
    assert not app.service.goal_seek_busy(KEY)
    dialog.by_radio.setChecked(True)
    dialog.solve_now()
    _answer(qtbot, dialog)
    s = dialog.solution
    # the drop of 1.2 in 365 / 365.25 years: 1.2 ** (365.25 / 365) a year
    assert s is not None and s.value == pytest.approx(1.2 ** (365.25 / 365), rel=1e-9)
    assert dialog.error.isHidden()
    dialog.close()
