"""Presentation mode: big verdict and numbers, what-if sliders on the main window's document, a deck of pitches."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest

from core.compare import switch_models
from core.engine import evaluate
from core.formatting import format_drop, format_money
from core.pitch import Pitch
from core.pitch_io import load_pitch_bytes
from core.resources import example_names, read_example
from core.wording import arrival_window_text, verdict_headline
from desktop.app import App
from desktop.main_window import MainWindow
from desktop.workflows.presentation.deck import TIERS
from desktop.workflows.presentation.window import PresentationWindow
from tests.desktop.helpers import count_engine_runs, open_app, verdict_texts

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "examples"


def _example(name: str) -> Pitch:
    return load_pitch_bytes(read_example(name), source=name)


def texts(p: PresentationWindow) -> dict[str, str]:
    """What the presentation shows."""
    return {
        "title": p.title.text(),
        "position": p.position.text(),
        "words": p.words.text(),
        "cost": p.cost.value.text(),
        "cost_caption": p.cost.caption.text(),
        "budget": p.budget.value.text(),
        "drop": p.drop.value.text(),
        "drop_caption": p.drop.caption.text(),
        "arrival": p.arrival.text(),
        "price": p.price_label.text(),
        "usage": p.usage_label.text(),
        "scenario": p.scenario_label.text(),
        "note": p.slider_note.text(),
    }


def presentation_of(w: MainWindow) -> PresentationWindow:
    app = w.findChild(App, "app")
    assert app is not None
    return app.workflows["presentation"].window


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COMPUTECURVE_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def _open(qtbot: Any, pitch: Pitch, path: Path | None = None) -> MainWindow:
    return open_app(qtbot, pitch, path).window


@pytest.fixture
def shown(qtbot: Any, home: Path) -> Iterator[tuple[MainWindow, PresentationWindow]]:
    """The main window on companion-2026 (no file: the deck is it plus the examples), presenting."""
    w = _open(qtbot, _example("companion-2026.pitch.json"))
    p = presentation_of(w)
    p.start(QSize(1280, 720))
    yield w, p
    p.close()


def test_f11_is_in_the_view_menu_and_the_screenshot_view_is_registered(qtbot: Any, home: Path) -> None:
    w = _open(qtbot, _example("companion-2026.pitch.json"))
    app = w.findChild(App, "app")
    view = next(a.menu() for a in w.menuBar().actions() if a.text() == "&View")
    actions = [a for a in view.actions() if a.shortcut() == QKeySequence(Qt.Key.Key_F11)]
    assert [a.text() for a in actions] == ["&Presentation mode"]
    assert "presentation" in app.context.views
    actions[0].trigger()
    p = presentation_of(w)
    assert p.isVisible()
    p.close()


@pytest.mark.parametrize("size", [QSize(1280, 720), QSize(1366, 768), QSize(1400, 875), QSize(1920, 1080)])
def test_the_controls_fit_without_overlapping(qtbot: Any, home: Path, size: QSize) -> None:
    """The verdict's words with the scenario's months take two lines: the controls beside the chart still fit
    (no scrolling at projector sizes), one under the other, none drawn over another."""
    w = _open(qtbot, _example("companion-chat.pitch.json"))
    p = presentation_of(w)
    p.start(size)
    qtbot.waitUntil(lambda: p.size() == size)
    QTest.qWait(50)  # the layout after the type sizes
    area = p.controls_area
    assert not area.verticalScrollBar().isVisible()
    assert p.controls.height() <= area.viewport().height()
    parts = [
        p.scenario_label,
        p.scenario_slider,
        p.price_label,
        p.price_slider,
        p.usage_label,
        p.usage_slider,
        p.tier_label,
        p.tier_note,
        *p.tier_buttons.values(),
    ]
    assert all(part.parentWidget() is p.controls for part in parts)
    rects = [part.geometry() for part in parts]
    for i, a in enumerate(rects):
        assert p.controls.rect().contains(a), parts[i].objectName()
        for b in rects[i + 1 :]:
            assert not a.intersects(b)
    p.close()


def test_big_numbers_are_core_reports(shown: tuple[MainWindow, PresentationWindow]) -> None:
    w, p = shown
    t = texts(p)
    ev = evaluate(w.document.pitch)
    # companion-2026 (hand-worked in tests/core/test_claims.py): $5.13 a month against a budget of
    # 9.99 x (1 - 0.15) x (1 - 0.6) = 3.3966 -> needs 5.13 / 3.3966 = 1.51x: one order away
    assert t["cost"] == format_money(ev.cost_per_paying_user_month) == "$5.13"
    assert t["cost_caption"] == "cost per paying user-month"
    assert t["budget"] == format_money(ev.budget_per_user_month) == "$3.40"
    assert t["drop"] == format_drop(ev.required_drop, ev.orders_of_magnitude) == "1.51x"
    assert "(0.18 orders of magnitude)" in t["drop_caption"]
    # the verdict's words with the pitch's own arrival, as on every screen
    assert t["words"] == verdict_headline(ev, date.today())
    assert t["words"].startswith("One order of magnitude away · ")
    assert t["arrival"] == arrival_window_text(ev, date.today())
    # ... and the main window shows the same numbers
    main = verdict_texts(w.verdict)
    assert t["cost"] in main["cost"] and t["budget"] in main["cost"]
    assert main["words"] == t["words"]
    assert p.banner_color == "#d9a400"  # the one-order amber, with the words on it


def test_sliders_change_the_verdict_in_both_windows(shown: tuple[MainWindow, PresentationWindow]) -> None:
    w, p = shown
    before = w.document.undo_stack.count()
    p.price_slider.setValue(p.price_slider.position_of(20.0))  # a click or key on the slider: commits at once
    price = p.price_slider.current()
    assert price == pytest.approx(20.0, rel=0.02)
    assert w.document.pitch.business.price_per_user_month == price
    # budget 20 x 0.85 x 0.4 = 6.80 > cost 5.13: viable now
    assert texts(p)["budget"] == format_money(price * 0.85 * 0.4) == "$6.80"
    viable = verdict_headline(evaluate(w.document.pitch), date.today())
    assert viable.startswith("Viable at today's prices")
    assert texts(p)["words"] == viable
    assert verdict_texts(w.verdict)["words"] == viable
    assert texts(p)["price"] == "Price per user  $20.00 / month"
    # usage x3: cost 5.13 x 3 = 15.39 against 6.80 -> 2.26x: one order away again
    p.usage_slider.setValue(p.usage_slider.position_of(3.0))
    usage = p.usage_slider.current()
    assert w.document.pitch.business.usage_multiplier == usage == pytest.approx(3.0, rel=0.01)
    assert texts(p)["cost"] == format_money(5.13 * usage)
    assert texts(p)["words"].startswith("One order of magnitude away")
    assert w.document.undo_stack.count() == before + 2


def test_a_drag_previews_every_frame_and_is_one_undo_step(
    shown: tuple[MainWindow, PresentationWindow],
) -> None:
    w, p = shown
    doc = w.document
    before = doc.undo_stack.count()
    slider = p.price_slider
    slider.setSliderDown(True)
    seen = []
    for price in (12.0, 16.0, 25.0, 40.0):
        slider.setValue(slider.position_of(price))
        seen.append(texts(p)["budget"])
        assert doc.undo_stack.count() == before  # previews push nothing
    # each preview redrew both windows: budget = price x 0.34
    assert seen == [
        format_money(slider.value_at(slider.position_of(x)) * 0.34) for x in (12.0, 16.0, 25.0, 40.0)
    ]
    assert verdict_texts(w.verdict)["cost"].endswith(f"{seen[-1]} budget")
    slider.setSliderDown(False)  # the release
    assert doc.undo_stack.count() == before + 1
    assert doc.pitch.business.price_per_user_month == slider.value_at(slider.position_of(40.0))
    doc.undo_stack.undo()
    assert doc.pitch.business.price_per_user_month == 9.99
    assert texts(p)["budget"] == "$3.40"


def test_the_scenario_slider_steps_through_built_in_scenarios(
    shown: tuple[MainWindow, PresentationWindow],
) -> None:
    w, p = shown
    doc = w.document
    before = doc.undo_stack.count()
    p.scenario_slider.setSliderDown(True)
    p.scenario_slider.setValue(2)  # the third built-in scenario: llmflation, 10x a year
    assert doc.pitch.scenario == "llmflation" and doc.undo_stack.count() == before
    # 1.51x at 10x a year: t = log(1.5103) / log(10) = 0.179 years = 65 days after 2026-03-23 -> May 2026
    # (passed or not depending on the day the test runs: the presentation reads today's date)
    assert texts(p)["arrival"] == arrival_window_text(evaluate(doc.pitch), date.today())
    assert "around May 2026" in texts(p)["arrival"] and "LLMflation 10x/yr" in texts(p)["arrival"]
    p.scenario_slider.setValue(4)
    p.scenario_slider.setSliderDown(False)
    assert doc.pitch.scenario == "epoch-gpt4-mmlu" and doc.undo_stack.count() == before + 1
    assert texts(p)["scenario"].startswith("Price decline: GPT-4-level MMLU")


def test_tier_switch_is_one_undo_step_and_leaves_per_call_and_typed_prices(qtbot: Any, home: Path) -> None:
    pitch = Pitch.model_validate(
        {
            "format": "computecurve.pitch",
            "schema_version": 2,
            "name": "Tiers",
            "as_of": "2026-03-23",
            "business": {"price_per_user_month": 20.0, "target_gross_margin": 0.7},
            "blocks": [
                {"name": "Chat", "model": "openai:gpt-4o-mini", "price": {"input_per_mtok": 0.15},
                 "input_tokens": 1000, "output_tokens": 100, "calls_per_action": 1, "actions_per_day": 10},
                {"name": "Image", "model": "openai:gpt-4o-mini", "per_call_usd": 0.04,
                 "input_tokens": 0, "output_tokens": 0, "calls_per_action": 1, "actions_per_day": 1},
                {"name": "Typed", "price": {"input_per_mtok": 1.0, "output_per_mtok": 2.0},
                 "input_tokens": 1000, "output_tokens": 100, "calls_per_action": 1, "actions_per_day": 1},
            ],
        }
    )  # fmt: skip
    w = _open(qtbot, pitch)
    p = presentation_of(w)
    p.start(QSize(1280, 720))
    doc = w.document
    before = doc.undo_stack.count()
    p.tier_buttons["mid"].click()
    blocks = doc.pitch.blocks
    assert blocks[0].model == "anthropic:claude-sonnet-4-6" and blocks[0].price is None
    assert blocks[1] == pitch.blocks[1] and blocks[2] == pitch.blocks[2]
    assert doc.undo_stack.count() == before + 1
    assert (
        doc.undo_stack.text(doc.undo_stack.count() - 1)
        == "Switch to the mid tier (anthropic:claude-sonnet-4-6)"
    )
    assert p.tier_buttons["mid"].isChecked() and not p.tier_buttons["flash"].isChecked()
    # Chat on Sonnet 4.6 ($3/$15): (1000 x 3 + 100 x 15) / 1e6 = 0.0045 x 10 x 30 = 1.35
    # Image: 0.04 x 30 = 1.20; Typed: (1000 x 1 + 100 x 2) / 1e6 = 0.0012 x 30 = 0.036 -> 2.586
    assert texts(p)["cost"] == format_money(1.35 + 1.20 + 0.036) == "$2.59"
    assert "1 block" in p.tier_note.text() and "2 priced per call or typed in" in p.tier_note.text()
    doc.undo_stack.undo()
    assert doc.pitch == pitch
    assert not any(b.isChecked() for b in p.tier_buttons.values())  # Chat has a typed price: no tier shown
    p.close()


def test_a_tier_is_core_s_one_switch_rule_on_an_example() -> None:
    pitch = _example("agentic-coding-flash.pitch.json")
    frontier = switch_models(pitch, TIERS[2].model)
    assert {b.model for b in frontier.blocks} == {"anthropic:claude-opus-4-0"}
    assert [b.input_tokens for b in frontier.blocks] == [b.input_tokens for b in pitch.blocks]


def test_arrow_keys_step_through_the_deck_without_touching_the_main_document(
    shown: tuple[MainWindow, PresentationWindow],
) -> None:
    w, p = shown
    # the live pitch is companion-2026 (no file): the deck is it and every other example, never it twice
    names = [n for n in example_names() if n != "companion-2026.pitch.json"]
    assert texts(p)["position"] == f"1 / {len(names) + 1}"
    QTest.keyClick(p, Qt.Key.Key_Right)
    first = _example(names[0])
    assert texts(p)["title"] == first.name
    assert texts(p)["position"] == f"2 / {len(names) + 1}"
    assert texts(p)["cost"] == format_money(evaluate(first).cost_per_paying_user_month)
    # a what-if on a deck copy stays on the copy
    p.price_slider.setValue(p.price_slider.position_of(500.0))
    assert p.document is not None and p.document is not w.document
    assert w.document.pitch.name == "Always-on companion at 2026 prices (flash tier)"
    assert w.document.pitch.business.price_per_user_month == 9.99
    QTest.keyClick(p, Qt.Key.Key_PageDown)
    assert texts(p)["title"] == _example(names[1]).name
    QTest.keyClick(p, Qt.Key.Key_PageUp)
    QTest.keyClick(p, Qt.Key.Key_Left)
    assert p.document is w.document and texts(p)["cost"] == "$5.13"
    QTest.keyClick(p, Qt.Key.Key_Left)  # already at the first slide: stays
    assert texts(p)["position"] == f"1 / {len(names) + 1}"
    QTest.keyClick(p, Qt.Key.Key_End)
    assert texts(p)["position"] == f"{len(names) + 1} / {len(names) + 1}"
    # the copy kept its what-if while the deck lives
    p.go_to(1)
    assert (
        p.document is not None
        and p.document.pitch.business.price_per_user_month != first.business.price_per_user_month
    )


def test_esc_leaves_and_undo_works_in_the_presentation(shown: tuple[MainWindow, PresentationWindow]) -> None:
    w, p = shown
    p.usage_slider.setValue(p.usage_slider.position_of(2.0))
    assert w.document.pitch.business.usage_multiplier == pytest.approx(2.0, rel=0.01)
    QTest.keyClick(p, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert w.document.pitch.business.usage_multiplier == 1.0
    QTest.keyClick(p, Qt.Key.Key_Escape)
    assert not p.isVisible()
    assert w.isVisible()


def test_the_deck_is_the_documents_folder(qtbot: Any, home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "session"
    folder.mkdir()
    for name in ("companion-2023", "companion-2026", "voice-tutor"):
        shutil.copy(EXAMPLES / f"{name}.pitch.json", folder / f"{name}.pitch.json")
    (folder / "zz-broken.pitch.json").write_text(
        json.dumps({"format": "computecurve.pitch"}), encoding="utf-8"
    )
    (folder / "notes.txt").write_text("not a pitch", encoding="utf-8")
    path = folder / "companion-2026.pitch.json"
    w = _open(qtbot, _example("companion-2026.pitch.json"), path)
    p = presentation_of(w)
    p.start(QSize(1280, 720))
    assert [s.path.name for s in p.slides if s.path] == [
        "companion-2023.pitch.json",
        "companion-2026.pitch.json",
        "voice-tutor.pitch.json",
        "zz-broken.pitch.json",
    ]
    assert p.index == 1 and p.document is w.document
    QTest.keyClick(p, Qt.Key.Key_Left)
    assert texts(p)["title"] == "Always-on companion at 2023 prices (GPT-4, 2023-03)"
    assert texts(p)["cost"] == "$1,155.60"  # hand-worked in tests/core/test_claims.py
    QTest.keyClick(p, Qt.Key.Key_End)
    assert texts(p)["words"] == "This pitch cannot be shown"
    assert "zz-broken.pitch.json" in texts(p)["arrival"]
    assert not p.controls.isEnabled() and p.controls.isHidden()
    assert p.chart.is_empty()
    QTest.keyClick(p, Qt.Key.Key_Home)
    assert p.controls.isEnabled() and not p.controls.isHidden()
    assert not p.chart.is_empty()
    p.close()


def test_a_drag_past_the_pitchs_range_widens_it_on_every_frame_and_on_release(qtbot: Any, home: Path) -> None:
    """The default pitch gives usage a 90% range of 0.5 to 2: a drag to 3x never raises, previews the
    widened range on every frame, says so, and the release is one undo step that undo takes back whole."""
    w = _open(qtbot, _example("default.pitch.json"))
    p = presentation_of(w)
    p.start(QSize(1280, 720))
    doc = w.document
    base = doc.pitch
    assert base.business.ranges["usage_multiplier"] == (0.5, 2.0)
    before = doc.undo_stack.count()
    slider = p.usage_slider
    slider.setSliderDown(True)
    for target in (1.5, 2.28, 3.0):
        slider.setValue(slider.position_of(target))
        value = slider.value_at(slider.position_of(target))
        assert doc.pitch.business.usage_multiplier == value
        low, high = doc.pitch.business.ranges["usage_multiplier"]
        # the end the drag did not cross stays; the other reaches the value (never narrower than the pitch's)
        assert (low, high) == (0.5, max(2.0, value))
        assert doc.undo_stack.count() == before
    # the slider's steps are logarithmic, 3 significant figures: 3x sits at position 739, 10^0.478 = 3.01
    assert value == 3.01
    assert texts(p)["note"] == "Past the pitch's range: its range widened to 0.5× to 3.01×"
    slider.setSliderDown(False)
    assert doc.undo_stack.count() == before + 1
    assert doc.undo_stack.undoText() == "Change usage multiplier; its range widened to 0.5× to 3.01×"
    assert doc.pitch.business.ranges["usage_multiplier"] == (0.5, 3.01)
    doc.undo_stack.undo()
    assert doc.pitch == base


def test_a_hidden_presentation_draws_nothing_until_shown(
    shown: tuple[MainWindow, PresentationWindow],
) -> None:
    w, p = shown
    QTest.keyClick(p, Qt.Key.Key_Escape)
    assert not p.isVisible()
    drawn: list[object] = []
    p.chart.show_analysis = drawn.append  # type: ignore[method-assign]
    shown_budget = texts(p)["budget"]
    w.document.edit_business("Change price per user-month", price_per_user_month=20.0)
    assert drawn == [] and texts(p)["budget"] == shown_budget  # hidden: not redrawn
    p.start(QSize(1280, 720))
    assert len(drawn) == 1 and texts(p)["budget"] == "$6.80"  # 20 x 0.85 x 0.4, drawn once on showing


def test_presenting_the_main_document_runs_the_engine_once_per_edit(
    shown: tuple[MainWindow, PresentationWindow],
) -> None:
    w, p = shown
    with count_engine_runs() as runs:
        p.price_slider.setSliderDown(True)
        p.price_slider.setValue(p.price_slider.position_of(30.0))  # one frame of a drag
    assert runs == {"prepare": 1, "evaluate_prepared": 1}
    assert texts(p)["budget"] == verdict_texts(w.verdict)["cost"].split("vs")[1].split()[0]
    p.price_slider.setSliderDown(False)


# -- tiers exist only from their model's release; the as-of date on screen; sizes (issue 11) -----------------

TODAY = date(2026, 12, 3)


def _presenting(qtbot: Any, pitch: Pitch | None, size: QSize | None = None) -> PresentationWindow:
    w = open_app(qtbot, pitch, today=TODAY).window
    p = presentation_of(w)
    p.start(size or QSize(1280, 720))
    return p


def test_a_tier_not_out_on_the_pitchs_date_is_disabled_says_when_and_cannot_be_applied(
    qtbot: Any, home: Path
) -> None:
    """companion-2023 is dated 2023-03-14. resources/release_dates.csv: gpt-4o-mini 2024-07-18, Claude Opus 4
    2025-05-22, Claude Sonnet 4.6 2026-02-17: no tier existed then. Clicking one changes nothing and asks
    nothing (a dialog would fail the test: tests/desktop/conftest.py)."""
    pitch = _example("companion-2023.pitch.json")
    p = _presenting(qtbot, pitch)
    doc = p.document
    assert doc is not None and doc.pitch.as_of == date(2023, 3, 14)
    buttons = p.tier_buttons
    assert buttons["flash"].text() == "Flash\nfrom Jul 2024"
    assert buttons["mid"].text() == "Mid\nfrom Feb 2026"
    assert buttons["frontier"].text() == "Frontier\nfrom May 2025"
    assert not any(b.isEnabled() for b in buttons.values())
    assert "released on 2026-02-17" in buttons["mid"].toolTip() and "2023-03-14" in buttons["mid"].toolTip()
    before, steps = doc.pitch, doc.undo_stack.count()
    for key in ("flash", "mid", "frontier"):
        QTest.mouseClick(buttons[key], Qt.MouseButton.LeftButton)
        p._on_tier_button_clicked(next(t for t in TIERS if t.key == key))  # even a click that got through
    assert doc.pitch == before and doc.undo_stack.count() == steps
    assert all(b.model == "openai:gpt-4" for b in doc.pitch.blocks)
    assert p.tier_note.text() == "switches 3 blocks"  # nothing raw on the projector
    p.close()


def test_on_a_2026_pitch_the_tiers_are_offered_at_their_prices_in_the_money_rule(
    qtbot: Any, home: Path
) -> None:
    """companion-2026 (2026-03-23): gpt-4o-mini $0.15/$0.60, Sonnet 4.6 $3/$15, Opus 4 $15/$75 per million
    tokens, written by the money rule (3 significant figures below $1, 2 decimals from $1)."""
    p = _presenting(qtbot, _example("companion-2026.pitch.json"))
    assert p.tier_buttons["flash"].text() == "Flash\n$0.150/$0.600"
    assert p.tier_buttons["mid"].text() == "Mid\n$3.00/$15.00"
    assert p.tier_buttons["frontier"].text() == "Frontier\n$15.00/$75.00"
    assert all(b.isEnabled() for b in p.tier_buttons.values())
    assert p.tier_buttons["flash"].isChecked()  # every block is on gpt-4o-mini
    p.close()


def test_the_as_of_date_is_on_screen_and_a_passed_window_says_so(qtbot: Any, home: Path) -> None:
    """agentic-coding-flash is priced on 2026-03-23; its window (Aug to Oct 2026 at the seed's rule) lies
    before 2026-12-03: the banner and the arrival line both say it has passed."""
    p = _presenting(qtbot, _example("agentic-coding-flash.pitch.json"))
    assert p.as_of.isVisible() and p.as_of.text() == "Prices as of 2026-03-23 · today 2026-12-03"
    assert p.words.text().startswith("One order of magnitude away · should have arrived by Oct 2026")
    assert p.arrival.text().startswith("Should have arrived between Aug and Oct 2026: the window has passed")
    assert "prices as of 2026-03-23" in p.arrival.text()
    p.close()


def test_a_pitch_dated_today_says_so(qtbot: Any, home: Path) -> None:
    pitch = _example("companion-2026.pitch.json").model_copy(update={"as_of": TODAY})
    p = _presenting(qtbot, pitch)
    assert p.as_of.text() == "Prices as of today, 2026-12-03"
    p.close()


def _fits(p: PresentationWindow) -> None:
    """Nothing of the controls is clipped: every label is as wide as its text, every tier line fits its button."""
    for label in (p.price_label, p.usage_label, p.tier_label, p.as_of):
        assert label.width() >= label.sizeHint().width(), label.text()
    for button in p.tier_buttons.values():
        room = button.width() - 10  # 3 px borders and 2 px padding a side (the window's style sheet)
        for line in button.text().split("\n"):
            assert button.fontMetrics().horizontalAdvance(line) <= room, line
    assert p.layout().totalMinimumSize().height() <= p.height()


def test_at_720p_after_1080p_the_window_refits(qtbot: Any, home: Path) -> None:
    """Type sized for a 1080p screen must not hold the window 942 px tall on a 720p projector."""
    p = _presenting(qtbot, _example("companion-2026.pitch.json"), QSize(1920, 1080))
    qtbot.waitUntil(lambda: p.size() == QSize(1920, 1080))
    p.hide()
    p.start(QSize(1280, 720))  # the next F11, on a 720p screen
    qtbot.waitUntil(lambda: p.size() == QSize(1280, 720))
    QTest.qWait(50)  # the layout after the type sizes
    assert p.minimumSize().height() <= 360
    assert p.price_label.text() == "Price per user  $9.99 / month"
    _fits(p)
    p.close()


@pytest.mark.parametrize("size", [QSize(1280, 720), QSize(1280, 800), QSize(1366, 768), QSize(1920, 1080)])
def test_tier_prices_and_labels_fit_at_every_size(qtbot: Any, home: Path, size: QSize) -> None:
    p = _presenting(qtbot, _example("agentic-coding-flash.pitch.json"), size)
    qtbot.waitUntil(lambda: p.size() == size)
    QTest.qWait(50)
    assert p.tier_buttons["frontier"].text() == "Frontier\n$15.00/$75.00"
    _fits(p)
    p.close()


def test_the_chart_text_is_large_enough_for_a_room_at_720p(qtbot: Any, home: Path) -> None:
    """At 1280x720 the chart's axes and labels are at least 20 px high (the platform's default is 12 px)."""
    from PySide6.QtGui import QFontInfo

    p = _presenting(qtbot, _example("companion-2026.pitch.json"))
    assert QFontInfo(p.chart.chart_font()).pixelSize() >= 20
    assert QFontInfo(p.chart.money_axis.tick_font).pixelSize() >= 20
    p.close()


def test_the_slow_decline_swatch_is_dashed_like_its_line(qtbot: Any, home: Path) -> None:
    p = _presenting(qtbot, _example("companion-2026.pitch.json"))
    samples = {label.text(): swatch for swatch, label in p.chart.legend.entries}
    slow, fast = samples["slow decline"], samples["fast decline"]
    assert slow.pen is not None and fast.pen is not None
    assert fast.pen.style() == Qt.PenStyle.SolidLine and not fast.dashed
    assert slow.pen.style() == Qt.PenStyle.DashLine and slow.dashed and slow.pen.widthF() == 7
    # the sample draws the pattern at 2.5 px (desktop/charts/legends.py): two dashes and a gap fit its 28 px
    dash, gap = slow.pen.dashPattern()
    assert 2 * dash * 2.5 + gap * 2.5 <= slow.width() - 2
    p.close()


def test_the_deck_of_a_new_pitch_shows_no_pitch_twice(qtbot: Any, home: Path) -> None:
    """A new pitch is the default example ("AI study buddy"): it is the first slide, and not also a later one."""
    p = _presenting(qtbot, None)
    titles = []
    for i in range(len(p.slides)):
        p.go_to(i)
        titles.append(p.title.text())
    assert titles[0] == "AI study buddy" and titles.count("AI study buddy") == 1
    assert len(titles) == len(set(titles)) == len(example_names())  # every other example, once
    p.close()
