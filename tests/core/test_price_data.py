"""The price data's age and offline updates (contract 6.5): ``price_data`` in ``evaluate --json``, the 90-day
warning, ``computecurve update-prices FILE`` / ``--reset`` / ``--show`` and the Python API the desktop calls.

Every test installs into its own empty data folder (``COMPUTECURVE_DATA_DIR``); none touches the user's. The real
data file is tests/core/fixtures/genai-prices-data-2026-08-21.json (fixtures/README.md says where it comes from).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from genai_prices.types import (
    ClauseEquals,
    ConditionalPrice,
    ModelInfo,
    ModelPrice,
    Provider,
    StartDateConstraint,
)

import core.price_data
from core.catalog import default_catalog
from core.cli import main
from core.engine import evaluate
from core.errors import PitchError
from core.pitch import Pitch
from core.price_data import (
    BUNDLED_DATA_DATE,
    bundled_providers,
    data_date_of,
    install_price_data,
    price_data_info,
    providers_from_bytes,
    reset_price_data,
)

REAL_FILE = Path(__file__).parent / "fixtures" / "genai-prices-data-2026-08-21.json"
BUNDLED_VERSION = "genai-prices 0.2.3 + history 2026-02-17"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty data folder of the test's own; the process-wide catalog follows it and is restored after."""
    folder = tmp_path / "data"
    monkeypatch.setenv("COMPUTECURVE_DATA_DIR", str(folder))
    default_catalog().reload()
    yield folder
    monkeypatch.undo()
    default_catalog().reload()


def make_pitch(as_of: str, model: str = "deepseek:deepseek-v4-flash") -> Pitch:
    return Pitch.model_validate(
        {
            "format": "computecurve.pitch",
            "schema_version": 2,
            "name": "fresh",
            "as_of": as_of,
            "business": {"price_per_user_month": 20.0, "target_gross_margin": 0.7},
            "blocks": [
                {
                    "name": "chat",
                    "model": model,
                    "input_tokens": 1000.0,
                    "output_tokens": 1000.0,
                    "calls_per_action": 1.0,
                    "actions_per_day": 1.0,
                }
            ],
        }
    )


def _snapshot(folder: Path) -> dict[str, bytes]:
    return (
        {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
        if folder.exists()
        else {}
    )


# ---------------------------------------------------------------------------------------------------
# genai-prices' loader and the data's date
# ---------------------------------------------------------------------------------------------------


def test_the_private_loader_we_rely_on_is_there() -> None:
    # core.price_data validates files with genai-prices' own loader, the one UpdatePrices.fetch uses. It is
    # private: genai-prices is pinned to 0.2.3, and this test fails if an upgrade removes or changes it.
    from importlib.metadata import version

    from genai_prices.types import _providers_from_raw

    assert version("genai-prices") == "0.2.3"
    [provider] = _providers_from_raw(
        [{"id": "p", "name": "P", "api_pattern": "x", "models": [{"id": "m", "match": {"equals": "m"},
          "prices": {"input_mtok": 1.5, "output_mtok": 2}}]}]
    )  # fmt: skip
    assert provider.models[0].prices.input_mtok == Decimal("1.5")


def _provider(comments: str | None, *models: ModelInfo) -> Provider:
    return Provider(id="p", name="P", api_pattern="x", price_comments=comments, models=list(models))


def _model(comments: str | None, *starts: date) -> ModelInfo:
    flat = ModelPrice(input_mtok=Decimal(1), output_mtok=Decimal(2))
    prices = [ConditionalPrice(prices=flat)] + [
        ConditionalPrice(constraint=StartDateConstraint(start_date=d), prices=flat) for d in starts
    ]
    return ModelInfo(id="m", match=ClauseEquals(equals="m"), prices=prices, price_comments=comments)


def test_data_date_rule_on_hand_made_data() -> None:
    # the newest start date of a dated price
    assert data_date_of([_provider(None, _model(None, date(2026, 3, 1), date(2026, 5, 2)))]) == date(
        2026, 5, 2
    )
    # a note's date counts too ("verified on ...")
    assert data_date_of([_provider("Rates verified on 2026-06-10.", _model(None, date(2026, 5, 2)))]) == date(
        2026, 6, 10
    )
    # an announced rise: "through 2026-12-31" makes 2026-12-31 and 2027-01-01 announcements, not records
    announced = _model("Introductory rates apply through 2026-12-31.", date(2026, 5, 2), date(2027, 1, 1))
    assert data_date_of([_provider(None, announced)]) == date(2026, 5, 2)
    # only announcements: the newest of them
    only = _model("Rates apply through 2026-12-31.", date(2027, 1, 1))
    assert data_date_of([_provider(None, only)]) == date(2027, 1, 1)
    # nothing dated
    assert data_date_of([_provider(None, _model(None))]) is None


def test_the_bundled_data_date() -> None:
    # genai-prices 0.2.3's newest recorded change: OpenRouter price changes starting 2026-11-09; Gemini's
    # 2026-12-01 and 2027-01-01 rates are announced ("introductory rates apply through 2026-11-30 / 2026-12-31")
    assert data_date_of(bundled_providers()) == BUNDLED_DATA_DATE == date(2026, 11, 9)


def test_the_real_files_data_date() -> None:
    # genai-prices-data-2026-08-21.json, read by hand: start dates up to 2026-07-30 (four models) plus 2026-09-01
    # and 2027-01-01; notes up to "a window on 2026-08-03"; 2026-09-01 follows "through 2026-08-31" and
    # 2027-01-01 "through 2026-12-31" (announced). Newest recorded: 2026-08-03.
    providers = providers_from_bytes(REAL_FILE.read_bytes())
    assert data_date_of(providers) == date(2026, 8, 3)
    assert (len(providers), sum(len(p.models) for p in providers)) == (36, 1466)


# ---------------------------------------------------------------------------------------------------
# price_data and the 90-day warning
# ---------------------------------------------------------------------------------------------------


def test_evaluate_json_price_data(data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "p.pitch.json"
    path.write_text(make_pitch("2026-12-01").model_dump_json(), encoding="utf-8")
    assert main(["evaluate", str(path), "--json", "--samples", "10"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["catalog_version"] == BUNDLED_VERSION
    assert doc["price_data"] == {
        "catalog": "genai-prices 0.2.3",
        "data_date": "2026-11-09",
        "history_date": "2026-02-17",
        "updated": False,
        "installed_on": None,
        "sha256": None,
    }


@pytest.mark.parametrize(
    ("as_of", "warned"),
    [
        # 2026-11-09 + 90 days: Nov 9 -> Nov 30 is 21, + 31 (Dec) = 52, + 31 (Jan) = 83, + 7 = 90: 2027-02-07
        ("2027-02-07", False),
        ("2027-02-08", True),
        ("2029-06-01", True),
    ],
)
def test_more_than_90_days_after_the_data_is_warned_about(data_dir: Path, as_of: str, warned: bool) -> None:
    ev = evaluate(make_pitch(as_of))
    stale = [
        w
        for w in ev.warnings
        if "prices after 2026-11-09 are not known; the newest known prices are used" in w
    ]
    assert bool(stale) is warned


def test_a_pitch_with_only_its_own_prices_is_not_warned(data_dir: Path) -> None:
    doc = json.loads(make_pitch("2029-06-01").model_dump_json())
    del doc["blocks"][0]["model"]
    doc["blocks"][0]["price"] = {"input_per_mtok": 1.0, "output_per_mtok": 2.0}
    assert evaluate(Pitch.model_validate(doc)).warnings == ()


# ---------------------------------------------------------------------------------------------------
# update-prices
# ---------------------------------------------------------------------------------------------------


def test_update_prices_installs_the_real_file_and_reset_restores(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    catalog = default_catalog()  # the object the desktop holds: it must follow the install
    day = date(2026, 12, 1)
    # bundled: DeepSeek V4 Flash on 2026-12-01 at its peak $0.30 / $1.20 (test_price_rules.py)
    assert catalog.price_at("deepseek:deepseek-v4-flash", day).fields["input_per_mtok"] == 0.3

    assert main(["update-prices", str(REAL_FILE)]) == 0
    out = capsys.readouterr().out
    assert "installed" in out and "older than the data it replaces" in out
    import hashlib

    sha = hashlib.sha256(REAL_FILE.read_bytes()).hexdigest()
    expected = f"genai-prices data 2026-08-03 (updated, sha256 {sha[:8]}) + history 2026-02-17"
    assert catalog.version == expected
    # the 2026-08-21 data has V4 Flash flat at $0.14 / $0.28 (its file: "prices": {"input_mtok": 0.14, ...})
    price = catalog.price_at("deepseek:deepseek-v4-flash", day)
    assert (price.fields["input_per_mtok"], price.fields["output_per_mtok"]) == (0.14, 0.28)
    assert expected in price.source
    ev = evaluate(make_pitch("2026-12-01"))
    assert ev.catalog_version == expected and ev.price_data.updated
    # 2026-08-03 + 90 days = 2026-11-01 (Aug 28 days left + Sep 30 + Oct 31 = 89, Nov 1 = 90): today's pitch is warned
    assert any("prices after 2026-08-03 are not known" in w for w in ev.warnings)

    assert main(["update-prices", "--show", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["catalog_version"] == expected and shown["source_name"] == REAL_FILE.name
    assert (shown["providers"], shown["models"], shown["data_date"]) == (36, 1466, "2026-08-03")

    assert main(["update-prices", "--reset"]) == 0
    assert "back to the bundled price data" in capsys.readouterr().out
    assert catalog.version == BUNDLED_VERSION
    assert catalog.price_at("deepseek:deepseek-v4-flash", day).fields["input_per_mtok"] == 0.3
    assert list((data_dir / "prices").iterdir()) == []


def _corrupt(kind: str) -> bytes:
    text = REAL_FILE.read_text(encoding="utf-8")
    if kind == "truncated":
        return text[: len(text) // 2].encode()
    if kind == "object":
        return json.dumps({"providers": json.loads(text)}).encode()
    if kind == "strings":
        return b'["openai", "anthropic"]'
    if kind == "string price":
        # the first model's first price: 0.14 -> "0.14" (genai-prices' lax loader alone would accept it)
        doc = json.loads(text)
        for provider in doc:
            for model in provider["models"]:
                if isinstance(model["prices"], dict) and "input_mtok" in model["prices"]:
                    model["prices"]["input_mtok"] = str(model["prices"]["input_mtok"])
                    return json.dumps(doc).encode()
    if kind == "word price":
        return text.replace('"input_mtok":0.14', '"input_mtok":"cheap"', 1).encode()
    if kind == "negative":
        return text.replace('"input_mtok":0.14', '"input_mtok":-0.14', 1).encode()
    if kind == "nan":
        return text.replace('"input_mtok":0.14', '"input_mtok":NaN', 1).encode()
    if kind == "empty":
        return b"[]"
    if kind == "binary":
        return b"\xff\xfe\x00garbage"
    raise AssertionError(kind)


@pytest.mark.parametrize(
    "kind",
    ["truncated", "object", "strings", "string price", "word price", "negative", "nan", "empty", "binary"],
)
def test_a_bad_file_is_refused_and_changes_nothing(
    data_dir: Path, tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # start from an installed good file: a refused one must leave it in use, byte for byte
    assert main(["update-prices", str(REAL_FILE)]) == 0
    capsys.readouterr()
    version = default_catalog().version
    before = _snapshot(data_dir)
    bad = tmp_path / f"bad-{kind.replace(' ', '-')}.json"
    bad.write_bytes(_corrupt(kind))
    assert main(["update-prices", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("computecurve update-prices: FILE: ") and "Traceback" not in err
    assert _snapshot(data_dir) == before
    assert default_catalog().version == version == price_data_info().version


def test_a_string_price_is_named(data_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(_corrupt("word price"))
    with pytest.raises(PitchError) as info:
        install_price_data(bad)
    assert 'input_mtok is "cheap", not a number' in info.value.message
    assert info.value.field == "FILE"


def test_a_missing_file_is_exit_2(data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["update-prices", str(tmp_path / "nope.json")]) == 2
    assert "cannot read" in capsys.readouterr().err
    assert not (data_dir / "prices" / "active.json").exists()


def test_a_failed_write_changes_nothing(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import core.pitch_io

    real = core.pitch_io.atomic_write_bytes
    calls: list[str] = []

    def failing(path: Any, data: bytes, **kw: Any) -> None:
        calls.append(Path(path).name)
        if Path(path).name == "active.json":
            raise OSError(28, "No space left on device")
        real(path, data, **kw)

    monkeypatch.setattr(core.pitch_io, "atomic_write_bytes", failing)
    with pytest.raises(PitchError, match="No space left on device"):
        install_price_data(REAL_FILE)
    assert calls[-1] == "active.json"
    assert list((data_dir / "prices").iterdir()) == []  # the data file written first was removed again
    assert default_catalog().version == BUNDLED_VERSION


def test_a_file_changed_after_install_is_not_used(data_dir: Path) -> None:
    info = install_price_data(REAL_FILE)
    assert info.file is not None
    info.file.write_bytes(info.file.read_bytes().replace(b'"input_mtok":0.14', b'"input_mtok":0.01', 1))
    default_catalog().reload()
    ev = evaluate(make_pitch("2026-12-01"))
    # the bundled data is used (V4 Flash at its $0.30 peak), and the warnings say why
    assert ev.blocks[0].price.base.input_per_mtok == 0.3
    assert ev.catalog_version == BUNDLED_VERSION
    assert any("changed after it was installed" in w for w in ev.warnings)


def test_reset_without_an_install(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["update-prices", "--reset"]) == 0
    assert "already on the bundled price data" in capsys.readouterr().out
    assert reset_price_data().version == BUNDLED_VERSION


def test_show(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["update-prices", "--show"]) == 0
    out = capsys.readouterr().out
    assert f"catalog_version: {BUNDLED_VERSION}" in out and "data date 2026-11-09" in out


def test_the_data_folder_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPUTECURVE_DATA_DIR", str(tmp_path / "explicit"))
    monkeypatch.setenv("COMPUTECURVE_HOME", str(tmp_path / "home"))
    assert core.price_data.prices_dir() == tmp_path / "explicit" / "prices"
    monkeypatch.delenv("COMPUTECURVE_DATA_DIR")
    assert core.price_data.prices_dir() == tmp_path / "home" / "data" / "prices"  # as desktop/settings.py


def test_price_data_info_does_not_import_genai_prices() -> None:
    # the window's start-up path reads the catalog's version and the data's date; genai-prices (0.1-0.25 s)
    # must stay lazy (a fresh interpreter: this test process has long imported it)
    import subprocess
    import sys

    code = (
        "import sys, core.engine, core.report, core.price_data, core.catalog; "
        "core.price_data.price_data_info(); core.catalog.default_catalog().version; core.catalog.catalog_version(); "
        "assert 'genai_prices' not in sys.modules, 'genai_prices imported'"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
