"""Reading and writing pitch files (contract section 1): round trips, atomic saves with a backup,
schema-version fixtures, validated edits and immutable pitches."""

from __future__ import annotations

import json
import os
import stat
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from core.errors import PitchError
from core.pitch import SCHEMA_VERSION, CustomScenario, Pitch, with_changes
from core.pitch_io import dump_pitch_bytes, load_pitch, load_pitch_bytes, save_pitch

FIXTURES = Path(__file__).parent / "fixtures"
V1_FIXTURE = FIXTURES / "pitch-v1.pitch.json"


def rich_document(**top: Any) -> dict[str, Any]:
    """A document using most of the format: ranges, tiers, a custom scenario, a disabled block, unicode."""
    doc: dict[str, Any] = {
        "format": "computecurve.pitch",
        "schema_version": 2,
        "name": "Ümlaut & <b>tags</b> \u202e ok",
        "notes": "line one\nline two: 10x every 18 months",
        "as_of": "2026-03-23",
        "business": {
            "price_per_user_month": 20.0,
            "target_gross_margin": 0.7,
            "inference_share_of_cogs": 0.9,
            "active_days_per_month": 30,
            "usage_multiplier": 1.0,
            "free_users_per_paying_user": 2,
            "payment_fee_fraction": 0.15,
            "ranges": {"usage_multiplier": [0.5, 3]},
        },
        "scenario": {"name": "mine", "annual_decline_low": 2.0, "annual_decline_high": 6.0},
        "blocks": [
            {
                "name": "Background understanding",
                "enabled": True,
                "model": "anthropic:claude-sonnet-4-6",
                "price": {"input_per_mtok": 3.0, "output_per_mtok": 15.0, "cached_input_per_mtok": 0.3},
                "input_tokens": 8000,
                "output_tokens": 500,
                "cached_input_fraction": 0.5,
                "calls_per_action": 1,
                "actions_per_day": 192,
                "ranges": {"actions_per_day": [100, 300]},
            },
            {
                "name": "Off for now",
                "enabled": False,
                "price": {
                    "input_per_mtok": 1.25,
                    "output_per_mtok": 10.0,
                    "tiers": [{"above_input_tokens": 200000, "input_per_mtok": 2.5}],
                },
                "input_tokens": 300000,
                "output_tokens": 1000,
                "reasoning_tokens": 2000,
                "calls_per_action": 0.5,
                "actions_per_day": 2,
                "price_multiplier": 0.5,
                "per_call_usd": 0.01,
            },
        ],
    }
    doc.update(top)
    return doc


def pitch_of(doc: dict[str, Any]) -> Pitch:
    return load_pitch_bytes(json.dumps(doc).encode("utf-8"), source="test")


@pytest.fixture
def pitch() -> Pitch:
    return pitch_of(rich_document())


def leftovers(folder: Path, *expected: str) -> set[str]:
    """Names in ``folder`` other than ``expected``: temporary files a save forgot."""
    return {p.name for p in folder.iterdir()} - set(expected)


# -- round trip -------------------------------------------------------------------------------------


def test_save_then_load_gives_an_equal_pitch(pitch: Pitch, tmp_path: Path) -> None:
    path = tmp_path / "memo.pitch.json"
    save_pitch(pitch, path)
    loaded = load_pitch(path)
    assert loaded == pitch
    assert loaded.blocks[1].price is not None
    assert loaded.blocks[1].price.tiers[0].above_input_tokens == 200000
    assert isinstance(loaded.scenario, CustomScenario)
    assert loaded.business.ranges == {"usage_multiplier": (0.5, 3.0)}


def test_saving_twice_writes_the_same_bytes(pitch: Pitch, tmp_path: Path) -> None:
    a, b = tmp_path / "a.pitch.json", tmp_path / "b.pitch.json"
    save_pitch(pitch, a)
    save_pitch(load_pitch(a), b)
    assert a.read_bytes() == b.read_bytes()


def test_saved_file_is_utf8_json_with_the_format_first(pitch: Pitch, tmp_path: Path) -> None:
    path = tmp_path / "memo.pitch.json"
    save_pitch(pitch, path)
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    doc = json.loads(data.decode("utf-8"))
    assert list(doc)[:2] == ["format", "schema_version"]
    assert doc["format"] == "computecurve.pitch"
    assert doc["schema_version"] == SCHEMA_VERSION
    assert doc["name"] == "Ümlaut & <b>tags</b> \u202e ok"


def test_absent_as_of_is_written_as_today_on_save(tmp_path: Path) -> None:
    doc = rich_document()
    del doc["as_of"]
    pitch = pitch_of(doc)
    assert pitch.as_of is None
    path = tmp_path / "undated.pitch.json"
    save_pitch(pitch, path, today=date(2031, 2, 3))
    assert json.loads(path.read_text(encoding="utf-8"))["as_of"] == "2031-02-03"
    loaded = load_pitch(path)
    assert loaded.as_of == date(2031, 2, 3)
    assert loaded == with_changes(pitch, as_of=date(2031, 2, 3))


def test_a_dated_pitch_keeps_its_date_whatever_today_is(pitch: Pitch) -> None:
    doc = json.loads(dump_pitch_bytes(pitch, today=date(2031, 2, 3)))
    assert doc["as_of"] == "2026-03-23"


# -- atomic save ------------------------------------------------------------------------------------


def test_save_keeps_the_previous_version_as_bak(pitch: Pitch, tmp_path: Path) -> None:
    path = tmp_path / "memo.pitch.json"
    save_pitch(pitch, path)
    first = path.read_bytes()
    assert leftovers(tmp_path, "memo.pitch.json") == set()  # nothing to back up the first time

    edited = with_changes(pitch, name="Second version")
    save_pitch(edited, path)
    assert (tmp_path / "memo.pitch.json.bak").read_bytes() == first
    assert load_pitch(path) == edited
    assert leftovers(tmp_path, "memo.pitch.json", "memo.pitch.json.bak") == set()

    third = with_changes(pitch, name="Third version")
    save_pitch(third, path)
    assert load_pitch(tmp_path / "memo.pitch.json.bak") == edited
    assert load_pitch(path) == third
    assert leftovers(tmp_path, "memo.pitch.json", "memo.pitch.json.bak") == set()


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o644])
def test_save_preserves_the_file_mode(pitch: Pitch, tmp_path: Path, mode: int) -> None:
    path = tmp_path / "memo.pitch.json"
    save_pitch(pitch, path)
    os.chmod(path, mode)
    save_pitch(with_changes(pitch, name="edited"), path)
    assert stat.S_IMODE(path.stat().st_mode) == mode
    assert load_pitch(path).name == "edited"


def _fail_replace(only_onto: Path | None = None) -> Any:
    real = os.replace

    def replace(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        if only_onto is None or Path(dst) == only_onto:
            raise OSError(28, "No space left on device")
        real(src, dst, *args, **kwargs)

    return replace


def test_a_failing_rename_leaves_the_original_and_no_temp_file(
    pitch: Pitch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "memo.pitch.json"
    save_pitch(pitch, path)
    original = path.read_bytes()
    monkeypatch.setattr(os, "replace", _fail_replace())  # every rename fails (the backup's too)
    with pytest.raises(OSError):
        save_pitch(with_changes(pitch, name="never written"), path)
    monkeypatch.undo()
    assert path.read_bytes() == original
    assert leftovers(tmp_path, "memo.pitch.json", "memo.pitch.json.bak") == set()


def test_a_failing_final_rename_leaves_the_original_and_no_temp_file(
    pitch: Pitch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "memo.pitch.json"
    save_pitch(pitch, path)
    original = path.read_bytes()
    monkeypatch.setattr(os, "replace", _fail_replace(only_onto=path))  # the backup succeeds, the save not
    with pytest.raises(OSError):
        save_pitch(with_changes(pitch, name="never written"), path)
    monkeypatch.undo()
    assert path.read_bytes() == original
    assert leftovers(tmp_path, "memo.pitch.json", "memo.pitch.json.bak") == set()


def test_a_failing_write_leaves_the_original_and_no_temp_file(
    pitch: Pitch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "memo.pitch.json"
    save_pitch(pitch, path)
    original = path.read_bytes()

    def fsync(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(OSError):
        save_pitch(with_changes(pitch, name="never written"), path)
    monkeypatch.undo()
    assert path.read_bytes() == original
    assert leftovers(tmp_path, "memo.pitch.json") == set()


# -- schema versions --------------------------------------------------------------------------------


def test_there_is_one_fixture_file_per_schema_version() -> None:
    for version in range(1, SCHEMA_VERSION + 1):
        fixture = FIXTURES / f"pitch-v{version}.pitch.json"
        assert fixture.is_file(), f"add {fixture.name}: a file of every published schema version must load"
        assert json.loads(fixture.read_text(encoding="utf-8"))["schema_version"] == version
        assert load_pitch(fixture).schema_version == SCHEMA_VERSION


def test_the_version_1_fixture_loads_with_every_value() -> None:
    p = load_pitch(V1_FIXTURE)
    assert p.schema_version == 2  # migrated on load (docs/contract.md 6: no field changes)
    assert p.name == "Fixture: companion app (schema version 1)"
    assert p.as_of == date(2025, 6, 1)
    b = p.business
    assert (b.price_per_user_month, b.target_gross_margin, b.inference_share_of_cogs) == (20.0, 0.7, 0.9)
    assert (b.active_days_per_month, b.usage_multiplier, b.free_users_per_paying_user) == (25, 1.5, 3)
    assert b.payment_fee_fraction == 0.15
    assert b.ranges == {"usage_multiplier": (0.5, 3.0)}
    assert isinstance(p.scenario, CustomScenario)
    assert (p.scenario.annual_decline_low, p.scenario.annual_decline_high) == (2.0, 8.0)
    chat, long_context = p.blocks
    assert chat.model == "openai:gpt-4o-mini"
    assert chat.price is not None and chat.price.cached_input_per_mtok == 0.075
    assert (chat.input_tokens, chat.output_tokens, chat.reasoning_tokens) == (8000, 500, 100)
    assert (chat.cached_input_fraction, chat.cache_write_fraction) == (0.5, 0.1)
    assert (chat.price_multiplier, chat.per_call_usd) == (0.8, 0.001)
    assert chat.ranges == {"actions_per_day": (10.0, 40.0), "cached_input_fraction": (0.2, 0.8)}
    assert long_context.enabled is False
    assert long_context.price is not None
    assert long_context.price.tiers[0].above_input_tokens == 200000
    assert long_context.price.tiers[0].output_per_mtok == 15.0


def test_the_version_1_fixture_survives_a_save(tmp_path: Path) -> None:
    p = load_pitch(V1_FIXTURE)
    path = tmp_path / "resaved.pitch.json"
    save_pitch(p, path)
    assert load_pitch(path) == p


def test_a_newer_schema_version_is_refused_as_made_by_a_newer_version() -> None:
    doc = json.loads(V1_FIXTURE.read_text(encoding="utf-8"))
    doc["schema_version"] = SCHEMA_VERSION + 1
    with pytest.raises(PitchError) as info:
        load_pitch_bytes(json.dumps(doc).encode(), source="future.pitch.json")
    assert info.value.field == "schema_version"
    assert "newer" in info.value.message
    assert "future.pitch.json" in str(info.value)


# -- validated edits --------------------------------------------------------------------------------


def test_an_unchanged_edit_gives_an_equal_pitch(pitch: Pitch) -> None:
    assert with_changes(pitch) == pitch
    assert with_changes(pitch, name=pitch.name) == pitch
    assert with_changes(pitch, business=pitch.business) == pitch
    assert with_changes(pitch.blocks[0]) == pitch.blocks[0]


def test_an_edit_makes_a_new_pitch_and_leaves_the_old_one(pitch: Pitch) -> None:
    business = with_changes(pitch.business, price_per_user_month=25.0)
    edited = with_changes(pitch, business=business)
    assert edited.business.price_per_user_month == 25.0
    assert pitch.business.price_per_user_month == 20.0
    assert edited != pitch


@pytest.mark.parametrize(
    ("part", "changes"),
    [
        ("pitch", {"name": ""}),
        ("pitch", {"name": 5}),
        ("pitch", {"schema_version": 3}),
        ("pitch", {"scenario": "no-such-scenario"}),
        ("pitch", {"unknown_field": 1}),
        ("business", {"target_gross_margin": 1.0}),
        ("business", {"price_per_user_month": float("nan")}),
        ("business", {"ranges": {"usage_multiplier": (3.0, 0.5)}}),
        ("block", {"input_tokens": -1.0}),
        ("block", {"cached_input_fraction": 0.7, "cache_write_fraction": 0.5}),
        ("block", {"actions_per_day": 1000.0}),  # outside its range [100, 300]
    ],
)
def test_an_invalid_edit_raises_a_validation_error(pitch: Pitch, part: str, changes: dict[str, Any]) -> None:
    value = {"pitch": pitch, "business": pitch.business, "block": pitch.blocks[0]}[part]
    with pytest.raises(ValidationError):
        with_changes(value, **changes)


# -- immutability -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("name", "renamed"),
        ("as_of", date(2020, 1, 1)),
        ("business.price_per_user_month", 0.0),
        ("business.target_gross_margin", 5.0),
        ("blocks.0.input_tokens", -5.0),
        ("blocks.0.price.input_per_mtok", 0.0),
        ("scenario.annual_decline_low", 0.5),
    ],
)
def test_assignment_to_a_pitch_raises(pitch: Pitch, path: str, value: Any) -> None:
    *parents, attr = path.split(".")
    target: Any = pitch
    for part in parents:
        target = target[int(part)] if part.isdigit() else getattr(target, part)
    before = getattr(target, attr)
    with pytest.raises(ValidationError):
        setattr(target, attr, value)
    assert getattr(target, attr) == before


def test_blocks_cannot_be_appended_or_replaced_in_place(pitch: Pitch) -> None:
    with pytest.raises((TypeError, AttributeError)):
        pitch.blocks.append(pitch.blocks[0])  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        pitch.blocks[0] = pitch.blocks[1]  # type: ignore[index]
    assert len(pitch.blocks) == 2


def test_ranges_cannot_be_changed_in_place(pitch: Pitch) -> None:
    # An inverted range can never be validated into a pitch; it must not be put into one in place either
    # ("an invalid pitch can never exist in memory").
    with pytest.raises(TypeError):
        pitch.business.ranges["usage_multiplier"] = (3.0, 0.5)
    with pytest.raises(TypeError):
        pitch.blocks[0].ranges["actions_per_day"] = (300.0, 100.0)
    assert pitch.business.ranges == {"usage_multiplier": (0.5, 3.0)}
    assert pitch.blocks[0].ranges == {"actions_per_day": (100.0, 300.0)}


def test_a_file_that_is_not_text_is_named_for_what_it_is() -> None:
    from core.pitch_io import binary_kind

    assert binary_kind(b"\x89PNG\r\n\x1a\n" + bytes(8)) == "a PNG image"
    assert binary_kind(b"%PDF-1.4\n") == "a PDF document"
    assert binary_kind(b"GIF89a\x01\x00") == "a GIF image"
    assert binary_kind(b"\x00\x01\x02\x03 and more") == "a binary file"
    # text is never called binary: JSON, UTF-16 or UTF-32 text (with or without a byte-order mark, CJK
    # text included), or text that happens to begin with a short signature's letters
    assert binary_kind(b'{"name": "x"}') is None
    for encoding in ("utf-16", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
        assert binary_kind('{"name": "中文の名前"}'.encode(encoding)) is None, encoding
    assert binary_kind(b"BMW memo: not JSON") is None
    assert binary_kind(b"MZ is a text file too") is None


def test_utf16_text_is_still_told_to_be_saved_as_utf8() -> None:
    with pytest.raises(PitchError, match="UTF-16"):
        load_pitch_bytes('{"name": "中文"}'.encode("utf-16-le"))
