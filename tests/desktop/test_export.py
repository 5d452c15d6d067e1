"""The deal memo: a one-page PDF with the pitch's own text, Markdown that stays text, one PDF per scored
file written only inside the folder asked for, and the scorecard dock in the window.

The test pitch gives explicit prices (input $1 / M tokens, output $2 / M tokens), 20 active days a month:

    Agent   8,000 in + 1,000 out = $0.010 a call; 2 calls x 15 actions x 20 days = 600 calls: $6
    Chat    3,000 in + 1,000 out = $0.005 a call; 1 call  x 30 actions x 20 days = 600 calls: $3
    Digest  5,000 in             = $0.005 a call; 1 call  x 10 actions x 20 days = 200 calls: $1

$10 per user-month against a $20 x (1 - 0.75) = $5 budget: a 2x drop, 0.30 orders of magnitude, one order away.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QImage, QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu

from core.formatting import format_money
from core.pitch import Pitch
from core.pitch_io import save_pitch
from core.resources import read_example
from core.scoring import ScoreRow, score_paths
from core.verdict import Verdict
from core.wording import seed_rule_gloss, verdict_title
from desktop.app import App
from desktop.export.files import pdf_paths, safe_stem, write_pitch_pdfs
from desktop.export.markdown import markdown_summary, md_escape
from desktop.export.memo import memo_of_pitch
from desktop.export.pdf import write_pdf
from desktop.main_window import MainWindow
from desktop.workflows.scorecard import ScorecardDock, ScorecardPanel
from tests.desktop.helpers import open_app, record_dialogs, wait_monte_carlo

HOSTILE = "<b>Memo & Co</b> <img src=x>"
EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "examples"
PRICE = {"input_per_mtok": 1.0, "output_per_mtok": 2.0}


def _block(name: str, inp: float, out: float, calls: float, actions: float) -> dict[str, Any]:
    return {
        "name": name,
        "price": dict(PRICE),
        "input_tokens": inp,
        "output_tokens": out,
        "calls_per_action": calls,
        "actions_per_day": actions,
    }


def _pitch(name: str = HOSTILE, blocks: list[dict[str, Any]] | None = None) -> Pitch:
    return Pitch.model_validate(
        {
            "format": "computecurve.pitch",
            "schema_version": 2,
            "name": name,
            "as_of": "2026-01-01",
            "business": {
                "price_per_user_month": 20.0,
                "target_gross_margin": 0.75,
                "active_days_per_month": 20.0,
            },
            "blocks": blocks
            if blocks is not None
            else [
                _block("Agent", 8000, 1000, 2, 15),
                _block("Chat", 3000, 1000, 1, 30),
                _block("Digest", 5000, 0, 1, 10),
            ],
        }
    )


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    match = re.search(r"^Pages:\s+(\d+)$", info, re.MULTILINE)
    assert match, info
    return int(match.group(1))


def _text(pdf: Path) -> str:
    """The PDF's text with runs of white space made one space (a line may wrap anywhere)."""
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


# --------------------------------------------------------------------------------------------------
# The PDF
# --------------------------------------------------------------------------------------------------


def test_pdf_is_one_page_with_the_name_as_text_the_verdict_and_the_cost(qtbot: Any, tmp_path: Path) -> None:
    out = tmp_path / "memo.pdf"
    write_pdf(memo_of_pitch(_pitch()), out)
    assert _pages(out) == 1
    text = _text(out)
    assert HOSTILE in text  # printed literally, not taken as markup
    # the verdict's words with the pitch's own arrival; the seed's gloss labelled as the seed's rule
    assert f"{verdict_title(Verdict.ONE_ORDER)} · " in text
    assert f"The seed's rule of thumb {seed_rule_gloss(Verdict.ONE_ORDER)}" in text
    # $10 per paying user-month (no free users) against $5, written by core.formatting.
    assert format_money(10.0) == "$10.00"
    assert f"{format_money(10.0)} per paying user-month vs {format_money(5.0)} budget" in text
    assert "0.30" in text  # log10(2) = 0.301 orders of magnitude
    # The assumptions table and the sources are on the page.
    for word in ("Agent", "Chat", "Digest", "explicit price in the pitch", "Business:", "Sources"):
        assert word in text
    # Agent $6 of $10 = 60%, Chat 30%: together past 80% of the cost.
    assert "Agent 60% · Chat 30% (90% of the cost)" in text


def test_pdf_of_a_pitch_with_many_blocks_stays_on_one_page(qtbot: Any, tmp_path: Path) -> None:
    blocks = [_block(f"Feature number {i} with a fairly long name", 5000, 500, 1, 10 + i) for i in range(40)]
    out = tmp_path / "many.pdf"
    write_pdf(memo_of_pitch(_pitch("Forty blocks", blocks)), out)
    assert _pages(out) == 1
    text = _text(out)
    assert "Forty blocks" in text
    # Feature 39 has the most actions (49 a day): it is the costliest and is listed whatever the density.
    assert "Feature number 39 with a fairly long name" in text


def test_pdf_of_the_examples(qtbot: Any, tmp_path: Path) -> None:
    for name in ("default.pitch.json", "agentic-coding-gpt4-2023.pitch.json"):
        source = tmp_path / name
        source.write_bytes(read_example(name))
        rows = list(score_paths([source]))
        out = tmp_path / "out"
        write_pitch_pdfs(rows, out)
        pdf = out / name.replace(".pitch.json", ".pdf")
        assert _pages(pdf) == 1
        ev = rows[0].evaluation
        assert ev is not None
        text = _text(pdf)
        assert ev.name in text and verdict_title(ev.verdict) in text
        assert format_money(ev.cost_per_paying_user_month) in text


def test_a_pitch_that_cannot_be_evaluated_writes_nothing(qtbot: Any, tmp_path: Path) -> None:
    from core.errors import PitchError

    pitch = Pitch.model_validate(
        {
            "format": "computecurve.pitch",
            "schema_version": 2,
            "name": "Unknown model",
            "as_of": "2026-01-01",
            "business": {"price_per_user_month": 20.0, "target_gross_margin": 0.75},
            "blocks": [{**_block("A", 1, 1, 1, 1), "price": None, "model": "nobody:no-such-model"}],
        }
    )
    with pytest.raises(PitchError):
        write_pdf(memo_of_pitch(pitch), tmp_path / "x.pdf")
    assert not list(tmp_path.iterdir())


# --------------------------------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------------------------------


def test_md_escape() -> None:
    assert md_escape("<b>Memo & Co</b>") == r"\<b\>Memo \& Co\</b\>"
    assert md_escape("a|b *c* _d_ [e](f) `g`") == r"a\|b \*c\* \_d\_ \[e\](f) \`g\`"
    assert md_escape("# heading") == r"\# heading"
    assert md_escape("- item") == r"\- item"
    assert md_escape("1. item") == r"1\. item"
    assert md_escape("line\nbreak") == "line break"
    assert md_escape("$5 and $6") == r"\$5 and \$6"  # no inline maths on GitHub or Obsidian


def test_markdown_summary_keeps_user_text_as_text(qtbot: Any) -> None:
    blocks = [_block("Agent | *bold* _it_ [link](http://x) `code` <script>", 8000, 1000, 2, 15)]
    md = markdown_summary(memo_of_pitch(_pitch("# Memo <img src=x> | *x*", blocks)))
    lines = md.splitlines()
    assert lines[0] == r"## \# Memo \<img src=x\> \| \*x\*"
    # No raw markup anywhere: every <, >, *, _, [, ], ` and | that is not table structure is escaped.
    row = next(line for line in lines if line.startswith("| Agent"))
    assert r"Agent \| \*bold\* \_it\_ \[link\](http://x) \`code\` \<script\>" in row
    assert len(re.findall(r"(?<!\\)\|", row)) == 12  # 11 columns: 12 unescaped pipes
    assert not re.search(r"(?<!\\)[<>`\[\]]", md)
    assert not re.search(r"(?<![\\*])\*(?!\*)", md.replace("*Monte Carlo", "").replace("Compute Curve.*", ""))


def test_markdown_summary_has_the_scorecard_and_sources(qtbot: Any) -> None:
    data = memo_of_pitch(_pitch("Plain memo"))
    md = markdown_summary(data)
    assert md.startswith("## Plain memo\n")
    assert f"**One order away**: {md_escape(data.scorecard.headline)}" in md
    assert data.scorecard.headline.startswith("One order of magnitude away · ")
    # $10 vs $5 (dollar signs escaped for Markdown maths)
    assert r"\$10.00 per paying user-month vs \$5.00 budget for inference" in md
    assert "Agent 60% · Chat 30% (90% of the cost)" in md
    assert "1. explicit price in the pitch (Agent, Chat, Digest)" in md
    assert "**Scenario:**" in md and "seed-rule" in md


# --------------------------------------------------------------------------------------------------
# One PDF per scored file
# --------------------------------------------------------------------------------------------------


def _write_pitch(path: Path, name: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    save_pitch(_pitch(name), path)


def _corrupt(path: Path) -> None:
    path.write_text('{"format": "computecurve.pitch", "schema_version": 2, "name": "bad", ', encoding="utf-8")


def test_write_pitch_pdfs_names_pdfs_by_file_and_skips_errors(qtbot: Any, tmp_path: Path) -> None:
    src = tmp_path / "in"
    _write_pitch(src / "memo7.pitch.json", "Seventh memo")
    _write_pitch(src / "alpha.json", "../../etc/passwd")  # the pitch's name is never a file name
    _write_pitch(src / "sub" / "memo7.pitch.json", "Another seventh")  # same stem: made unique
    _corrupt(src / "broken.pitch.json")
    rows = list(score_paths([src]))
    assert sum(r.evaluation is None for r in rows) == 1
    out = tmp_path / "pdf"
    write_pitch_pdfs(rows, out)
    assert sorted(p.name for p in out.iterdir()) == ["alpha.pdf", "memo7-2.pdf", "memo7.pdf"]
    for pdf in out.iterdir():
        assert _pages(pdf) == 1
    # The files are taken in score order (sorted paths): in/memo7.pitch.json before in/sub/memo7.pitch.json.
    assert "Seventh memo" in _text(out / "memo7.pdf")
    assert "Another seventh" in _text(out / "memo7-2.pdf")
    assert set(tmp_path.iterdir()) == {src, out}


def test_file_names_cannot_write_outside_the_folder(qtbot: Any, tmp_path: Path) -> None:
    inside = tmp_path / "a" / "b"
    _write_pitch(tmp_path / "a" / "evil.pitch.json", "Up one")
    _write_pitch(inside / "..\\..\\evil2.pitch.json", "Backslashes")  # one file name on POSIX
    _write_pitch(inside / "...pitch.json", "Dots")
    _write_pitch(inside / ".hidden.pitch.json", "Hidden")
    rows = [
        *score_paths([inside / ".." / "evil.pitch.json"]),  # "../evil.pitch.json" as the row's file
        *score_paths([inside / "..\\..\\evil2.pitch.json"]),
        *score_paths([inside / "...pitch.json"]),
        *score_paths([inside / ".hidden.pitch.json"]),
    ]
    assert all(r.evaluation is not None for r in rows), [r.error for r in rows]
    before = sorted(p for p in tmp_path.rglob("*"))
    out = inside / "out"
    write_pitch_pdfs(rows, out)
    after = sorted(p for p in tmp_path.rglob("*"))
    created = set(after) - set(before)
    assert created == {out, *out.iterdir()}
    assert sorted(p.name for p in out.iterdir()) == ["evil.pdf", "evil2.pdf", "hidden.pdf", "pitch.pdf"]
    assert all(p.parent == out for p in out.iterdir())


def test_safe_stem_and_unique_names() -> None:
    assert safe_stem("memo7.pitch.json") == "memo7"
    assert safe_stem("/x/y/Memo.JSON") == "Memo"
    assert safe_stem("..") == "pitch"
    assert safe_stem("../evil.pitch.json") == "evil"
    assert safe_stem("..\\..\\evil.pitch.json") == "evil"
    assert safe_stem("a:b*c?.json") == "a_b_c_"
    assert safe_stem("CON.json") == "_CON"
    assert safe_stem("née.json") == "née"
    folder = Path("/out")
    paths = pdf_paths(["a/memo.json", "b/memo.json", "c/MEMO.json", "x/...json", "y/.json"], folder)
    assert [p.name for p in paths] == ["memo.pdf", "memo-2.pdf", "MEMO-3.pdf", "pitch.pdf", "json.pdf"]


def test_rows_with_errors_only_write_nothing_but_the_folder(qtbot: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_pitch_pdfs([ScoreRow("x.json", None, "bad")], out)
    assert out.is_dir() and not list(out.iterdir())


def test_score_pdf_end_to_end(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name in ("default.pitch.json", "companion-2026.pitch.json", "voice-tutor.pitch.json"):
        shutil.copy(EXAMPLES / name, src / name)
    _corrupt(src / "corrupt.pitch.json")
    out = tmp_path / "pdfs"
    env = {
        **__import__("os").environ,
        "QT_QPA_PLATFORM": "offscreen",
        "COMPUTECURVE_HOME": str(tmp_path / "home"),
    }
    proc = subprocess.run(
        [sys.executable, "-m", "desktop.cli", "score", str(src), "--pdf", str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
    )
    assert proc.returncode == 2, proc.stderr  # the corrupt file: invalid input
    assert "Traceback" not in proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["companion-2026.pdf", "default.pdf", "voice-tutor.pdf"]
    for pdf in out.iterdir():
        assert _pages(pdf) == 1
    name = json.loads((EXAMPLES / "default.pitch.json").read_text(encoding="utf-8"))["name"]
    assert name in _text(out / "default.pdf")


# --------------------------------------------------------------------------------------------------
# The scorecard dock
# --------------------------------------------------------------------------------------------------


@pytest.fixture
def app(qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> App:
    monkeypatch.setenv("COMPUTECURVE_HOME", str(tmp_path / "home"))
    app = open_app(qtbot, _pitch())
    wait_monte_carlo(qtbot, app.service)
    return app


@pytest.fixture
def window(app: App) -> MainWindow:
    return app.window


def _scorecard(window: MainWindow) -> ScorecardDock:
    app = window.findChild(App, "app")
    assert app is not None
    return app.workflows["scorecard"]


def texts(panel: ScorecardPanel) -> dict[str, str]:
    """The panel's visible texts by label, plus ``name``, ``verdict`` and ``notice``."""
    out = {label.text(): value.text() for label, value in panel._labels if not label.isHidden()}
    out["name"] = panel.name.text()
    out["verdict"] = panel.words.text()
    out["notice"] = panel.notice.text() if not panel.notice.isHidden() else ""
    return out


def _menu(window: MainWindow, title: str) -> QMenu:
    return next(a.menu() for a in window.menuBar().actions() if a.text() == title)


def test_scorecard_dock_shows_the_pitch_and_follows_edits(app: App, qtbot: Any) -> None:
    window = app.window
    controller = _scorecard(window)
    app.context.views.show("scorecard")
    assert controller.dock.isVisible()
    t = texts(controller.panel)
    assert t["name"] == HOSTILE  # plain text, shown as typed
    assert t["verdict"].startswith("One order of magnitude away · ")
    assert t["The seed's rule of thumb"] == seed_rule_gloss(Verdict.ONE_ORDER)
    assert t["Cost vs budget"] == "$10.00 per paying user-month vs $5.00 budget for inference"
    assert t["Arrival (Monte Carlo)"].startswith("P10 ")
    # An edit: the price doubles to $40, the budget to $10 = the cost: viable now, drawn at once.
    pitch = window.document.pitch
    business = pitch.business.model_copy(update={"price_per_user_month": 40.0})
    window.document.edit(pitch.model_copy(update={"business": business}), "Price")
    t = texts(controller.panel)
    assert t["verdict"].startswith("Viable at today's prices · ")  # $10 against $10: the edge, viable
    assert t["Arrival (Monte Carlo)"] == "simulating…"  # the old Monte Carlo is not shown for the new pitch
    wait_monte_carlo(qtbot, app.service)
    assert texts(controller.panel)["Arrival (Monte Carlo)"].startswith("P10 ")


def test_a_hidden_scorecard_draws_nothing_until_shown(app: App) -> None:
    controller = _scorecard(app.window)
    assert not controller.dock.isVisible()
    drawn: list[object] = []
    real = controller.panel.show_scorecard
    controller.panel.show_scorecard = lambda *a: (drawn.append(a), real(*a))  # type: ignore[method-assign]
    app.document.edit_fields("Rename", name="Renamed")
    assert drawn == []
    controller.show()
    assert len(drawn) == 1 and texts(controller.panel)["name"] == "Renamed"


def test_scorecard_says_why_when_the_pitch_has_no_evaluation(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialogs = record_dialogs(monkeypatch)
    controller = _scorecard(window)
    controller.show()
    pitch = window.document.pitch
    broken = pitch.blocks[0].model_copy(update={"price": None, "model": "nobody:no-such-model"})
    window.document.edit(pitch.model_copy(update={"blocks": (broken, *pitch.blocks[1:])}), "Break")
    t = texts(controller.panel)
    # in the user's words: the block by its name, the field by its label
    assert t["notice"].startswith("Fix the pitch to see its scorecard:\nAgent · Model: unknown model")
    assert not controller.panel.pdf_button.isEnabled()
    assert not controller.export_pdf(Path("/nonexistent/x.pdf"))
    assert len(dialogs) == 1 and "no-such-model" in dialogs[0]


def test_an_export_before_the_monte_carlo_is_written_when_it_arrives(
    app: App, qtbot: Any, tmp_path: Path
) -> None:
    controller = _scorecard(app.window)
    app.document.edit_fields("Rename", name="Fresh")
    assert app.service.current is not None and app.service.current.uncertainty is None
    target = tmp_path / "early.pdf"
    assert controller.export_pdf(target)
    assert controller.exports_pending and not target.exists()  # nothing waits on the GUI thread
    wait_monte_carlo(qtbot, app.service)
    qtbot.waitUntil(target.exists, timeout=20_000)
    assert not controller.exports_pending
    assert "Fresh" in _text(target)


def test_menus_and_shortcut(app: App) -> None:
    window = app.window
    pitch_actions = {a.text(): a for a in _menu(window, "&Pitch").actions()}
    assert pitch_actions["&Scorecard…"].shortcut() == QKeySequence("Ctrl+Shift+C")
    export = next(a.menu() for a in _menu(window, "&File").actions() if a.text() == "&Export")
    assert [a.text() for a in export.actions()] == ["&PDF…", "&Markdown…", "&Charts as PNG…"]
    file_texts = [a.text() for a in _menu(window, "&File").actions()]
    assert file_texts.index("&Export") < file_texts.index("&Quit")
    assert "scorecard" in app.context.views


def test_export_buttons_write_files(window: MainWindow, qtbot: Any, tmp_path: Path, monkeypatch: Any) -> None:
    controller = _scorecard(window)
    controller.show()
    target = tmp_path / "deal memo.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF (*.pdf)"))
    controller.panel.pdf_button.click()
    qtbot.waitUntil(target.exists, timeout=20_000)  # once "what must change" is worked out
    assert _pages(target) == 1
    assert HOSTILE in _text(target)

    controller.panel.markdown_button.click()
    copied = QApplication.clipboard().text()
    assert copied.startswith(r"## \<b\>Memo \& Co\</b\> \<img src=x\>")

    charts = tmp_path / "charts"
    charts.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(charts))
    controller.panel.charts_button.click()
    names = sorted(p.name for p in charts.iterdir())
    # No file yet: the stem comes from the pitch's name, made safe.
    stem = safe_stem(HOSTILE)
    assert "/" not in stem and "<" not in stem
    assert names == sorted(
        f"{stem}-{c}.png" for c in ("projection", "breakdown", "probability", "sensitivity")
    )
    for p in charts.iterdir():
        assert not QImage(str(p)).isNull()


def test_markdown_export_to_a_file(window: MainWindow, qtbot: Any, tmp_path: Path) -> None:
    controller = _scorecard(window)
    path = tmp_path / "memo.md"
    assert controller.export_markdown(
        path
    )  # written once "what must change" is worked out, off the GUI thread
    qtbot.waitUntil(path.exists, timeout=20_000)
    assert not controller.exports_pending
    text = path.read_text(encoding="utf-8")
    assert text.startswith(r"## \<b\>Memo \& Co\</b\>")
    assert "| Cost dominated by | Agent 60% · Chat 30% (90% of the cost) |" in text
