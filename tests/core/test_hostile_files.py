"""Hostile pitch files given to ``computecurve evaluate FILE`` (contract sections 1 and 5).

Memos arrive from strangers. Every refused file must give exit status 2 and one readable line on
stderr that names the file and, where there is one, the field path (``blocks[0].output_tokens``),
never a traceback. A few files that look odd but are valid must be accepted (exit 0).

Most cases call ``desktop.cli.main`` in-process (fast); a handful run the real program in a
subprocess to prove the exit status and a clean stderr end to end.
"""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from desktop.cli import main

EXIT_OK = 0
EXIT_INVALID = 2
MAX_FILE_BYTES = 16 * 1024 * 1024  # contract: the size cap is 16 MiB

BASE: dict[str, Any] = {
    "format": "computecurve.pitch",
    "schema_version": 2,
    "name": "Base",
    "as_of": "2026-01-01",
    "business": {"price_per_user_month": 10.0, "target_gross_margin": 0.8},
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

MARK = "@@RAW@@"


def doc(mutate: Callable[[dict[str, Any]], Any] | None = None) -> dict[str, Any]:
    d = copy.deepcopy(BASE)
    if mutate is not None:
        mutate(d)
    return d


def encoded(mutate: Callable[[dict[str, Any]], Any] | None = None) -> bytes:
    return json.dumps(doc(mutate), indent=2).encode("utf-8")


def raw(mutate: Callable[[dict[str, Any]], Any], token: str) -> bytes:
    """The base document with the value set to MARK by ``mutate`` replaced by the raw JSON ``token``."""
    text = json.dumps(doc(mutate), indent=2)
    assert text.count(f'"{MARK}"') == 1
    return text.replace(f'"{MARK}"', token).encode("utf-8")


def set_block(**fields: Any) -> Callable[[dict[str, Any]], None]:
    return lambda d: d["blocks"][0].update(fields)


def set_business(**fields: Any) -> Callable[[dict[str, Any]], None]:
    return lambda d: d["business"].update(fields)


def set_top(**fields: Any) -> Callable[[dict[str, Any]], None]:
    return lambda d: d.update(fields)


def set_price(**fields: Any) -> Callable[[dict[str, Any]], None]:
    return lambda d: d["blocks"][0]["price"].update(fields)


def drop_top(key: str) -> Callable[[dict[str, Any]], None]:
    return lambda d: d.pop(key)


def _gpt4_too_early(d: dict[str, Any]) -> None:
    d["as_of"] = "2022-01-01"
    block = d["blocks"][0]
    del block["price"]
    block["model"] = "openai:gpt-4"


def _no_price_no_model(d: dict[str, Any]) -> None:
    del d["blocks"][0]["price"]


def _unknown_model(d: dict[str, Any]) -> None:
    del d["blocks"][0]["price"]
    d["blocks"][0]["model"] = "nope:model"


def _duplicate_top_level() -> bytes:
    text = json.dumps(doc(), indent=2)
    # `"name": "Base"` appears once at the top level; give the key a second value right after it.
    assert text.count('"name": "Base",') == 1
    return text.replace('"name": "Base",', '"name": "Base",\n  "name": "Other",').encode("utf-8")


def _duplicate_in_block() -> bytes:
    text = json.dumps(doc(), indent=2)
    assert text.count('"output_tokens": 500,') == 1
    return text.replace('"output_tokens": 500,', '"output_tokens": 500,\n      "output_tokens": 5,').encode()


def _over_size_cap() -> bytes:
    body = json.dumps(doc()).encode("utf-8")
    # A valid document padded with trailing whitespace to exactly one byte over the 16 MiB cap.
    return body + b" " * (MAX_FILE_BYTES + 1 - len(body))


def _latin1() -> bytes:
    return json.dumps(doc(set_top(name="café")), ensure_ascii=False).encode("latin-1")


@dataclass(frozen=True)
class Case:
    id: str
    content: Callable[[], bytes]
    fields: tuple[str, ...] = ()  # the message must name one of these field paths (empty: no field)
    says: tuple[str, ...] = ()  # the message must contain each of these (case-insensitive)


def _c(id: str, content: Callable[[], bytes], field: str | tuple[str, ...] = (), *says: str) -> Case:
    fields = (field,) if isinstance(field, str) else field
    return Case(id, content, fields, says)


IT = "blocks[0].input_tokens"

CASES = [
    # -- numbers that are not finite JSON numbers --------------------------------------------------
    _c("nan", lambda: raw(set_block(input_tokens=MARK), "NaN"), IT, "NaN"),
    _c("infinity", lambda: raw(set_block(input_tokens=MARK), "Infinity"), IT, "Infinity"),
    _c("minus_infinity", lambda: raw(set_block(input_tokens=MARK), "-Infinity"), IT, "Infinity"),
    _c("overflow_1e400", lambda: raw(set_block(input_tokens=MARK), "1e400"), IT),
    _c("integer_5000_digits", lambda: raw(set_block(input_tokens=MARK), "9" * 5000), IT),
    _c("true_as_number", lambda: encoded(set_block(input_tokens=True)), IT, "true"),
    _c(
        "number_as_string",
        lambda: encoded(set_business(price_per_user_month="20")),
        "business.price_per_user_month",
        "string",
    ),
    # -- not a JSON object at all ------------------------------------------------------------------
    _c("nesting_100000_deep", lambda: b"[" * 100_000, (), "nest"),
    _c("empty_file", lambda: b"", (), "empty"),
    _c("whitespace_only", lambda: b" \n\t \r\n   ", (), "empty"),
    _c("truncated_json", lambda: encoded()[: len(encoded()) // 2], (), "JSON"),
    _c("not_json", lambda: b"hello, this is a memo, not a pitch", (), "JSON"),
    _c("utf16_with_bom", lambda: json.dumps(doc()).encode("utf-16"), (), "UTF-16"),
    _c("utf16_without_bom", lambda: json.dumps(doc()).encode("utf-16-le"), (), "UTF-16"),
    _c("latin1_bytes", _latin1, (), "UTF-8"),
    # -- not a pitch at all: said for what it is, not guessed at as text ----------------------------
    _c(
        "png_image",
        lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(40),
        (),
        "not a pitch file: this is a PNG image",
    ),
    _c(
        "jpeg_image",
        lambda: b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
        (),
        "not a pitch file: this is a JPEG image",
    ),
    _c(
        "pdf_document",
        lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        (),
        "not a pitch file: this is a PDF document",
    ),
    _c(
        "office_document",
        lambda: b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml",
        (),
        "this is a ZIP archive",
        "Office",
    ),
    _c("webp_image", lambda: b"RIFF\x24\x00\x00\x00WEBPVP8 ", (), "not a pitch file: this is a WebP image"),
    _c("program", lambda: b"\x7fELF\x02\x01\x01\x00" + bytes(8), (), "not a pitch file: this is a program"),
    _c("other_binary", lambda: bytes(range(1, 40)) + b"{}", (), "not a pitch file: this is a binary file"),
    _c(
        "lone_surrogate_in_name",
        lambda: json.dumps(doc(set_top(name="bad \ud800 name"))).encode(),
        "name",
        "surrogate",
    ),
    _c("top_level_array", lambda: json.dumps([doc()]).encode(), (), "object"),
    _c("top_level_string", lambda: b'"a pitch"', (), "object"),
    # -- values outside their bounds ---------------------------------------------------------------
    _c("negative_input_tokens", lambda: encoded(set_block(input_tokens=-1)), IT),
    _c("margin_1", lambda: encoded(set_business(target_gross_margin=1)), "business.target_gross_margin"),
    _c(
        "margin_70_percent",
        lambda: encoded(set_business(target_gross_margin=70)),
        "business.target_gross_margin",
        "fraction",
    ),
    _c(
        "cached_fraction_1_5",
        lambda: encoded(set_block(cached_input_fraction=1.5)),
        "blocks[0].cached_input_fraction",
    ),
    _c(
        "cached_plus_write_above_1",
        lambda: encoded(set_block(cached_input_fraction=0.6, cache_write_fraction=0.5)),
        ("blocks[0].cached_input_fraction", "blocks[0].cache_write_fraction"),
    ),
    _c(
        "price_per_user_month_0",
        lambda: encoded(set_business(price_per_user_month=0)),
        "business.price_per_user_month",
    ),
    _c("negative_price", lambda: encoded(set_price(input_per_mtok=-1.0)), "blocks[0].price.input_per_mtok"),
    _c("count_above_1e12", lambda: encoded(set_block(input_tokens=2e12)), IT),
    _c("price_above_1e6", lambda: encoded(set_price(output_per_mtok=2e6)), "blocks[0].price.output_per_mtok"),
    # -- format and version ------------------------------------------------------------------------
    _c("no_format", lambda: encoded(drop_top("format")), "format"),
    _c("wrong_format", lambda: encoded(set_top(format="someoneelse.memo")), "format"),
    _c("schema_version_3", lambda: encoded(set_top(schema_version=3)), "schema_version", "newer"),
    _c("schema_version_string", lambda: encoded(set_top(schema_version="1")), "schema_version"),
    _c("schema_version_0", lambda: encoded(set_top(schema_version=0)), "schema_version"),
    # -- duplicate keys and unknown fields ---------------------------------------------------------
    _c("duplicate_key_top_level", _duplicate_top_level, "name", "twice"),
    _c("duplicate_key_in_block", _duplicate_in_block, "blocks[0].output_tokens", "twice"),
    _c("extra_field_dunder_class", lambda: encoded(set_top(__class__="os.system")), "__class__", "unknown"),
    _c("extra_field_in_block", lambda: encoded(set_block(colour="red")), "blocks[0].colour", "unknown"),
    # -- models and prices -------------------------------------------------------------------------
    _c("unknown_model", lambda: encoded(_unknown_model), "blocks[0].model", "nope:model"),
    _c(
        "model_before_first_price",
        lambda: encoded(_gpt4_too_early),
        "blocks[0].model",
        "2023-03-14",
        "2022-01-01",
    ),
    _c("no_price_and_no_model", lambda: encoded(_no_price_no_model), "blocks[0].price"),
    # -- scenarios ---------------------------------------------------------------------------------
    _c(
        "unknown_scenario",
        lambda: encoded(set_top(scenario="doubling-every-week")),
        "scenario",
        "doubling-every-week",
    ),
    _c(
        "custom_scenario_low_1",
        lambda: encoded(
            set_top(scenario={"name": "flat", "annual_decline_low": 1.0, "annual_decline_high": 3.0})
        ),
        "scenario.annual_decline_low",
    ),
    _c(
        "custom_scenario_low_above_high",
        lambda: encoded(
            set_top(scenario={"name": "upside down", "annual_decline_low": 5.0, "annual_decline_high": 2.0})
        ),
        ("scenario.annual_decline_low", "scenario.annual_decline_high"),
    ),
    # -- dates -------------------------------------------------------------------------------------
    _c("impossible_date", lambda: encoded(set_top(as_of="2026-02-30")), "as_of", "2026-02-30"),
    _c("date_as_number", lambda: encoded(set_top(as_of=20260101)), "as_of"),
    # -- ranges ------------------------------------------------------------------------------------
    _c(
        "inverted_range",
        lambda: encoded(set_block(ranges={"actions_per_day": [300, 100]})),
        "blocks[0].ranges.actions_per_day",
    ),
    _c(
        "range_on_unknown_field",
        lambda: encoded(set_block(ranges={"bogus_field": [1, 2]})),
        "blocks[0].ranges.bogus_field",
    ),
    _c(
        "range_low_0_positive_quantity",
        lambda: encoded(set_block(ranges={"actions_per_day": [0, 20]})),
        "blocks[0].ranges.actions_per_day",
    ),
    # -- wrong shapes ------------------------------------------------------------------------------
    _c("blocks_an_object", lambda: encoded(set_top(blocks={"Chat": BASE["blocks"][0]})), "blocks"),
    _c("blocks_a_string", lambda: encoded(set_top(blocks="Chat")), "blocks"),
    _c("block_a_string", lambda: encoded(set_top(blocks=["Chat"])), "blocks[0]"),
    _c("business_a_list", lambda: encoded(set_top(business=[10, 0.8])), "business"),
    # -- size --------------------------------------------------------------------------------------
    _c("over_size_cap", _over_size_cap, (), "limit"),
]


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        rc = main(argv)
    except SystemExit as exc:  # argparse usage errors
        rc = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return rc, out, err


def assert_refused(rc: int, out: str, err: str, path: Path, case: Case) -> None:
    assert rc == EXIT_INVALID, f"exit {rc}, stderr: {err!r}"
    assert "Traceback" not in err
    assert out == "", "a refused file prints nothing on stdout"
    lines = err.strip().splitlines()
    assert len(lines) == 1, f"one message on one line, got: {err!r}"
    message = lines[0]
    assert str(path) in message, f"the message names the file: {message!r}"
    assert "internal error" not in message
    if case.fields:
        assert any(f in message for f in case.fields), f"expected one of {case.fields} in {message!r}"
    for words in case.says:
        assert words.lower() in message.lower(), f"expected {words!r} in {message!r}"


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_file_is_refused(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / f"{case.id}.pitch.json"
    path.write_bytes(case.content())
    rc, out, err = run_cli(["evaluate", str(path)], capsys)
    assert_refused(rc, out, err, path, case)


def test_there_are_at_least_30_hostile_cases() -> None:
    assert len(CASES) >= 30
    assert len({c.id for c in CASES}) == len(CASES)


def test_the_base_document_is_valid(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Every hostile case is one change away from this document: it must itself be accepted.
    path = tmp_path / "base.pitch.json"
    path.write_bytes(encoded())
    rc, out, err = run_cli(["evaluate", str(path), "--json"], capsys)
    assert rc == EXIT_OK, err
    assert json.loads(out)["name"] == "Base"


def test_a_missing_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "not-there.pitch.json"
    rc, out, err = run_cli(["evaluate", str(path)], capsys)
    assert_refused(rc, out, err, path, Case("missing", bytes))


def test_a_folder_given_as_a_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a-folder.pitch.json"
    path.mkdir()
    rc, out, err = run_cli(["evaluate", str(path)], capsys)
    assert_refused(rc, out, err, path, Case("folder", bytes))


PYTHON_WORDS = re.compile(
    r"\b(NoneType|str|int|float|bool|tuple|dict|dictionary|FeatureBlock|Business|Pitch)\b"
)


@pytest.mark.parametrize(
    "content",
    [
        b"null",
        b'"a pitch"',
        b"42",
        b"true",
        encoded(set_top(blocks={"Chat": BASE["blocks"][0]})),
        encoded(set_top(blocks=["Chat"])),
        encoded(set_top(business=[10, 0.8])),
    ],
    ids=["null", "string", "number", "true", "blocks_object", "block_string", "business_list"],
)
def test_messages_speak_json_not_python(
    content: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A memo's author knows JSON (object, array, string, number, null), not Python's type or class names.
    path = tmp_path / "shape.pitch.json"
    path.write_bytes(content)
    rc, out, err = run_cli(["evaluate", str(path)], capsys)
    assert_refused(rc, out, err, path, Case("shape", bytes))
    message = err.replace(str(path), "FILE")
    assert not PYTHON_WORDS.search(message), message


# --------------------------------------------------------------------------------------------------
# Through the real program: exit status, one clean line on stderr, no traceback, no warnings.
# --------------------------------------------------------------------------------------------------

SUBPROCESS_CASES = [
    c
    for c in CASES
    if c.id
    in {
        "nan",
        "nesting_100000_deep",
        "utf16_with_bom",
        "schema_version_3",
        "top_level_array",
        "duplicate_key_top_level",
        "model_before_first_price",
        "over_size_cap",
    }
]


def run_program(*args: str, timeout: float = 60, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "COMPUTECURVE_DEBUG"}
    return subprocess.run(
        [sys.executable, "-m", "desktop.cli", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=timeout,
        **kwargs,
    )


@pytest.mark.parametrize("case", SUBPROCESS_CASES, ids=[c.id for c in SUBPROCESS_CASES])
def test_hostile_file_in_a_real_process(case: Case, tmp_path: Path) -> None:
    path = tmp_path / f"{case.id}.pitch.json"
    path.write_bytes(case.content())
    proc = run_program("evaluate", str(path))
    assert_refused(proc.returncode, proc.stdout, proc.stderr, path, case)


def test_subprocess_cases_were_selected() -> None:
    assert len(SUBPROCESS_CASES) == 8


def _assert_valid_or_refused_cleanly(
    proc: subprocess.CompletedProcess[str], path: Path, *, json_out: bool
) -> None:
    """Every value is within the contract's bounds: the program evaluates the file (0) or refuses it
    with a message (2); an internal error (1), a traceback or a stray Python warning is a bug."""
    assert proc.returncode in (EXIT_OK, EXIT_INVALID), f"exit {proc.returncode}: {proc.stderr!r}"
    assert "Traceback" not in proc.stderr
    assert "Warning" not in proc.stderr, proc.stderr
    if proc.returncode == EXIT_OK:
        assert proc.stderr == ""
        if json_out:
            # Strict JSON: no NaN or Infinity in the output either.
            def refuse(token: str) -> None:
                raise AssertionError(f"{token} in evaluate --json output")

            json.loads(proc.stdout, parse_constant=refuse)
    else:
        assert len(proc.stderr.strip().splitlines()) == 1
        assert str(path) in proc.stderr


def test_smallest_positive_inference_share_is_not_an_internal_error(tmp_path: Path) -> None:
    # inference_share_of_cogs is in (0, 1]: 5e-324 (the smallest positive double) is within bounds.
    # budget = 10 * (1 - 0.8) * 5e-324 underflows; the breakeven price divides by
    # (1 - fee) * (1 - margin) * share = 0.2 * 5e-324 = 0.0 in floating point.
    path = tmp_path / "tiny-share.pitch.json"
    path.write_bytes(encoded(set_business(inference_share_of_cogs=5e-324)))
    proc = run_program("evaluate", str(path), "--json")
    _assert_valid_or_refused_cleanly(proc, path, json_out=True)


def _every_field_at_its_limit(d: dict[str, Any]) -> None:
    block = d["blocks"][0]
    block.update(
        input_tokens=1e12,
        output_tokens=1e12,
        calls_per_action=1e12,
        actions_per_day=1e12,
        price_multiplier=1e6,
        per_call_usd=1e6,
    )
    block["price"] = {"input_per_mtok": 1e6, "output_per_mtok": 1e6}
    d["business"].update(
        usage_multiplier=1e6,
        free_users_per_paying_user=1e9,
        active_days_per_month=31,
        price_per_user_month=0.01,
        target_gross_margin=0.9999999999999999,
        inference_share_of_cogs=1e-300,
    )


def test_every_number_at_its_bound_is_not_an_internal_error(tmp_path: Path) -> None:
    # Each value is inside the contract's bounds, but together:
    # cost per call = 1e6 * ((1e12*1e6 + 1e12*1e6)/1e6 + 1e6) ~ 2e18; calls = 1e12*1e12*1e6*31 = 3.1e43;
    # paying-user cost ~ 6.2e61 * (1 + 1e9) ~ 6.2e70; budget = 0.01 * 1.1e-16 * 1e-300 ~ 1.1e-318:
    # required_drop overflows a double. That is a refusal (2) or a figure, never exit 1.
    path = tmp_path / "at-limits.pitch.json"
    path.write_bytes(encoded(_every_field_at_its_limit))
    proc = run_program("evaluate", str(path), "--json")
    _assert_valid_or_refused_cleanly(proc, path, json_out=True)
    proc = run_program("evaluate", str(path))
    _assert_valid_or_refused_cleanly(proc, path, json_out=False)


@pytest.mark.slow  # about 7 s
def test_max_blocks_file_is_evaluated_within_bounded_memory(tmp_path: Path) -> None:
    # The format allows 10,000 blocks (a 1.7 MB file). Evaluating one must not need memory that grows
    # with blocks squared: run it with a 4 GiB address-space cap and expect a normal evaluation.
    import resource  # POSIX: the cap keeps a failure from taking the test machine down with it

    d = doc()
    d["blocks"] = [dict(BASE["blocks"][0], name=f"Block {i}") for i in range(10_000)]
    path = tmp_path / "ten-thousand-blocks.pitch.json"
    path.write_text(json.dumps(d), encoding="utf-8")
    cap = 4 * 1024**3

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    proc = run_program("evaluate", str(path), "--json", "--samples", "1000", timeout=300, preexec_fn=limit)
    assert proc.returncode == EXIT_OK, proc.stderr[-500:]
    out = json.loads(proc.stdout)
    assert len(out["blocks"]) == 10_000
    # 10,000 blocks x (1000*2 + 500*8)/1e6 $/call x 10*30 calls = 10,000 * 1.80 = $18,000.
    assert out["cost_per_user_month"] == pytest.approx(18_000.0, rel=1e-9)


# --------------------------------------------------------------------------------------------------
# Odd but valid: accepted.
# --------------------------------------------------------------------------------------------------


def evaluate_json(path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, Any]:
    rc, out, err = run_cli(["evaluate", str(path), "--json", *extra], capsys)
    assert rc == EXIT_OK, err
    assert "Traceback" not in err
    return json.loads(out)  # type: ignore[no-any-return]


def test_utf8_bom_is_accepted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bom.pitch.json"
    path.write_bytes(b"\xef\xbb\xbf" + encoded())
    out = evaluate_json(path, capsys)
    assert out["name"] == "Base"
    # (1000*2 + 500*8)/1e6 = $0.006 per call; 1 call * 10 actions * 30 days = 300 calls -> $1.80.
    assert out["cost_per_user_month"] == pytest.approx(1.80, rel=1e-12)


def test_html_and_right_to_left_marks_in_a_name_come_back_exactly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = "<img src=http://x/a.png>\u202egnp.exe\u200f & <b>bold</b>"
    path = tmp_path / "html.pitch.json"
    path.write_bytes(json.dumps(doc(set_top(name=name)), ensure_ascii=False).encode("utf-8"))
    out = evaluate_json(path, capsys)
    assert out["name"] == name


def test_100000_characters_of_notes_are_accepted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "notes.pitch.json"
    notes = "assumption. " * 8_333 + "done"  # 12 * 8,333 + 4 = 100,000 characters
    assert len(notes) == 100_000
    path.write_bytes(encoded(set_top(notes=notes)))
    out = evaluate_json(path, capsys)
    assert out["cost_per_user_month"] == pytest.approx(1.80, rel=1e-12)


def test_no_blocks_costs_nothing_and_is_viable_now(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "empty.pitch.json"
    path.write_bytes(encoded(set_top(blocks=[])))
    out = evaluate_json(path, capsys)
    assert out["cost_per_user_month"] == 0.0
    assert out["cost_per_paying_user_month"] == 0.0
    assert out["verdict"] == "viable_now"
    assert out["orders_of_magnitude"] is None
    assert out["blocks"] == []
    # Viable now: the arrival window is as_of itself, and viable now is never "passed".
    assert out["arrival"] == {"earliest": "2026-01-01", "latest": "2026-01-01", "passed": False}
    assert out["verdict_headline"] == "Viable at today's prices · costs nothing to run"


def test_1000_blocks_are_accepted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = doc()
    d["blocks"] = [dict(BASE["blocks"][0], name=f"Block {i}") for i in range(1000)]
    path = tmp_path / "thousand.pitch.json"
    path.write_text(json.dumps(d), encoding="utf-8")
    out = evaluate_json(path, capsys, "--samples", "1000")
    assert len(out["blocks"]) == 1000
    # 1000 blocks x $1.80 = $1,800; budget $2.00 -> required drop 900 (2.95 orders: "beyond").
    assert out["cost_per_user_month"] == pytest.approx(1800.0, rel=1e-9)
    assert out["required_drop"] == pytest.approx(900.0, rel=1e-9)
    assert out["verdict"] == "beyond"
    assert all(b["share"] == pytest.approx(0.001, rel=1e-9) for b in out["blocks"])


def test_a_billion_actions_a_day_is_accepted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "billion.pitch.json"
    path.write_bytes(encoded(set_block(actions_per_day=1e9)))
    out = evaluate_json(path, capsys)
    # $0.006 per call * 1e9 actions * 30 days = $180,000,000; / $2.00 budget = 9e7 = 10**7.954.
    assert out["cost_per_user_month"] == pytest.approx(1.8e8, rel=1e-12)
    assert out["required_drop"] == pytest.approx(9e7, rel=1e-9)
    assert out["verdict"] == "beyond"
    # seed-rule: t_fast = log10(9e7) / log10(10**(12/18)) = 7.954242509 * 1.5 = 11.9313638 years
    #   = 4357.93 days -> 4358 days after 2026-01-01; 2038-01-01 is 12*365 + 3 leap days = 4383 days
    #   after it, so 4358 days is 25 days before: 2037-12-07.
    # t_slow = 7.954242509 * 2 = 15.9084850 years = 5810.57 days -> 5811; 2042-01-01 is 16*365 + 4 =
    #   5844 days after, so 33 days before it: 2041-11-29.
    assert out["arrival"] == {"earliest": "2037-12-07", "latest": "2041-11-29", "passed": False}
