"""Prices > Update from file…, Use the bundled prices, About the price data… (contract 6.5; issue 9 item 4)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from core.catalog import default_catalog
from core.price_data import price_data_info, reset_price_data
from desktop.app import App
from desktop.workflows.prices import PricesController
from tests.desktop.helpers import open_app

# the shared data file, kept with the tests (tests/core/fixtures/README.md says where it comes from)
SHARED = Path(__file__).parents[1] / "core" / "fixtures" / "genai-prices-data-2026-08-21.json"
TODAY = date(2026, 12, 3)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A data folder of the test's own (never the user's); the bundled prices again afterwards."""
    folder = tmp_path / "data"
    monkeypatch.setenv("COMPUTECURVE_DATA_DIR", str(folder))
    monkeypatch.setenv("COMPUTECURVE_HOME", str(tmp_path / "home"))
    yield folder
    reset_price_data()  # the process-wide catalog reloads the bundled data


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    copy = tmp_path / "incoming" / SHARED.name
    copy.parent.mkdir()
    shutil.copy(SHARED, copy)
    return copy


@pytest.fixture
def app(qtbot: Any, data_dir: Path) -> App:
    return open_app(qtbot, today=TODAY)


def prices_of(app: App) -> PricesController:
    return app.workflows["prices"]


def _errors(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """The error boxes shown (answered at once)."""
    shown: list[tuple[str, str]] = []

    def record(box: QMessageBox) -> int:
        shown.append((box.windowTitle(), box.text()))
        return int(QMessageBox.StandardButton.Ok)

    monkeypatch.setattr(QMessageBox, "exec", record)
    return shown


def test_the_prices_menu_has_its_three_entries(app: App) -> None:
    bar = app.window.menuBar()
    titles = [a.text() for a in bar.actions()]
    assert titles.index("&Prices") == titles.index("&Help") - 1
    menu = next(a.menu() for a in bar.actions() if a.text() == "&Prices")
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == ["&Update from file…", "Use the &bundled prices", "&About the price data…"]
    menu.aboutToShow.emit()
    reset = next(a for a in menu.actions() if a.text() == "Use the &bundled prices")
    assert not reset.isEnabled()  # the bundled data is in use already
    assert "prices" in app.context.views


def test_installing_a_data_file_changes_the_prices_and_reanalyses(
    qtbot: Any, app: App, data_file: Path, data_dir: Path
) -> None:
    bundled = price_data_info()
    assert not bundled.updated
    controller = prices_of(app)
    with qtbot.waitSignal(controller.changed, timeout=30_000) as changed:
        controller.install(data_file)
    info = changed.args[0]
    # the shared file's newest dated change is 2026-08-03 (core/price_data.py: data_date_of)
    assert info.updated and info.data_date == date(2026, 8, 3)
    assert info.version.startswith("genai-prices data 2026-08-03 (updated, sha256 ")
    assert default_catalog().version == info.version == price_data_info().version
    assert (data_dir / "prices" / "active.json").exists()
    # the pitch is analysed again with the new data
    service = app.service
    qtbot.waitUntil(
        lambda: (
            service.current is not None
            and service.current.evaluation is not None
            and service.current.evaluation.catalog_version == info.version
        ),
        timeout=20_000,
    )
    assert "Installed genai-prices-data-2026-08-21.json" in app.window.statusBar().currentMessage()
    # About (help.py): the data's version and date, and its age past 90 days (2026-08-03 to 2026-12-03: 122)
    about = app.workflows["help"].about_dialog()
    assert "genai-prices data 2026-08-03 (updated" in about.versions.text()
    assert "(data of 2026-08-03, 122 days old: more than 90 days old" in about.versions.text()
    assert not about.stale.isHidden() and about.stale.text().startswith("The price data is 122 days old")
    # About the price data (the Prices menu)
    dialog = controller.show_about()
    assert dialog.version.text() == info.version
    assert not dialog.stale.isHidden() and dialog.reset_button.isEnabled()
    assert "installed on" in dialog.details.text()
    # back to the bundled data
    with qtbot.waitSignal(service.analysed, timeout=20_000):
        controller.use_bundled()
    assert price_data_info().version == bundled.version == default_catalog().version
    assert not (data_dir / "prices" / "active.json").exists()
    assert service.current is not None and service.current.evaluation is not None
    assert service.current.evaluation.catalog_version == bundled.version
    assert not dialog.reset_button.isEnabled()
    dialog.close()
    about.close()


def test_a_corrupt_file_is_refused_in_words_and_nothing_changes(
    qtbot: Any, app: App, tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = _errors(monkeypatch)
    bad = tmp_path / "data.json"
    bad.write_text('{"providers": [', encoding="utf-8")
    before = price_data_info()
    analysis = app.service.current
    controller = prices_of(app)
    with qtbot.waitSignal(controller.refused, timeout=30_000) as refused:
        controller.install(bad)
    words = refused.args[0]
    assert words.startswith("data.json was not installed: ")
    assert f"Nothing changed: the prices in use are still {before.version}." in words
    assert "Traceback" not in words
    assert shown == [("Cannot install the price data", words)]
    assert price_data_info() == before and default_catalog().version == before.version
    assert not (data_dir / "prices" / "active.json").exists()
    assert app.service.current is analysis  # nothing to re-analyse


def test_a_file_that_is_not_price_data_is_refused_too(
    qtbot: Any, app: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = _errors(monkeypatch)
    pitch = tmp_path / "memo.json"
    shutil.copy(Path(__file__).resolve().parents[2] / "resources" / "examples" / "default.pitch.json", pitch)
    controller = prices_of(app)
    with qtbot.waitSignal(controller.refused, timeout=30_000) as refused:
        controller.install(pitch)
    assert refused.args[0].startswith("memo.json was not installed: ")
    assert len(shown) == 1 and not price_data_info().updated


def test_the_prices_view_shows_the_dialog_inside_the_window(app: App) -> None:
    shot = app.context.views.show("prices")
    assert shot.embed and shot.widget is prices_of(app).dialog
    dialog = prices_of(app).dialog
    assert dialog is not None
    assert dialog.version.text() == price_data_info().version
    dialog.close()
