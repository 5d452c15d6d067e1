"""Findings of a review, each pinned by a test: bounds on dates and fraction ranges, unwritable outputs,
what `score` prints, and how very large numbers are written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from core.errors import PitchError
from core.formatting import format_drop, format_money
from core.pitch_io import load_pitch_bytes
from desktop.cli import main


def _doc(**business: Any) -> dict[str, Any]:
    return {
        "format": "computecurve.pitch",
        "schema_version": 2,
        "name": "Review",
        "as_of": "2026-01-01",
        "business": {"price_per_user_month": 10.0, "target_gross_margin": 0.5, **business},
        "blocks": [
            {
                "name": "Chat",
                "price": {"input_per_mtok": 2.0, "output_per_mtok": 8.0},
                "input_tokens": 1000,
                "output_tokens": 500,
                "calls_per_action": 1,
                "actions_per_day": 10,
            }
        ],
    }


def _file(tmp_path: Path, doc: dict[str, Any], name: str = "p.pitch.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1999-12-31", "2100-01-01"])
def test_as_of_option_outside_the_pitch_bounds_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], day: str
) -> None:
    path = _file(tmp_path, _doc())
    with pytest.raises(SystemExit) as exc:
        main(["evaluate", str(path), "--as-of", day])
    assert exc.value.code == 2
    assert "2000-01-01..2099-12-31" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("field", "interval", "shown"),
    [
        ("target_gross_margin", [0.5, 1.0], "[0, 1)"),
        ("payment_fee_fraction", [0.0, 1.0], "[0, 1)"),
        ("inference_share_of_cogs", [0.0, 1.0], "(0, 1]"),
    ],
)
def test_fraction_ranges_obey_the_open_bounds_of_their_values(
    field: str, interval: list[float], shown: str
) -> None:
    value = {"target_gross_margin": 0.5, "payment_fee_fraction": 0.1, "inference_share_of_cogs": 0.5}[field]
    doc = _doc(**{field: value, "ranges": {field: interval}})
    with pytest.raises(PitchError) as exc:
        load_pitch_bytes(json.dumps(doc).encode())
    assert exc.value.field == f"business.ranges.{field}"
    assert shown in exc.value.message


def test_score_to_an_unwritable_csv_is_invalid_input_not_a_bug(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _file(tmp_path, _doc())
    assert main(["score", str(path), "--csv", str(tmp_path / "missing" / "x.csv")]) == 2
    err = capsys.readouterr().err
    assert "--csv" in err and "internal error" not in err


def test_score_prints_each_pitch_date_and_its_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = _doc()
    del doc["as_of"]
    path = _file(tmp_path, doc)
    assert main(["score", str(path), "--as-of", "2026-03-23"]) == 0
    out = capsys.readouterr().out
    assert "as of 2026-03-23" in out


def test_very_large_numbers_are_written_in_scientific_notation() -> None:
    # beyond 1e15 the trailing digits of a float are noise
    assert format_money(12_500_005_762_500_002_233.0) == "$1.25e+19"
    assert format_drop(1.25e16, 16.1) == "1.25e+16x"
    assert format_money(999_999.0) == "$999,999.00"
