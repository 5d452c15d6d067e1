"""Reading and writing pitch files: strict, size-capped, migrating, atomic.

Reading never trusts the file: it is capped in size, decoded as UTF-8 (a byte-order mark is
accepted), parsed as JSON with duplicate keys, NaN, Infinity, overflowing numbers and deep nesting
refused, migrated from older schema versions, then validated. Every refusal is a
:class:`~core.errors.PitchError` naming the field path and the bad value. Nothing is ever evaluated,
unpickled or imported from a file.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import secrets
import shutil
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from core.errors import PitchError, field_path, json_kind, show_value
from core.fields import Kind
from core.pitch import FIELDS, FORMAT_ID, SCHEMA_VERSION, Pitch

MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 32  # a pitch nests 6 deep at most; anything far deeper is hostile


def _v1_to_v2(doc: dict[str, Any]) -> dict[str, Any]:
    # Version 2 only adds optional fields (docs/contract.md 6): a version 1 document means the same.
    return doc


# schema_version N -> a function that turns a version-N document into a version-(N+1) document. Each
# version adds its step here and a fixture file of the old version under tests/core/fixtures/.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2}


class _Bad:
    """A JSON token the parser met that is not a finite number (reported with its path later)."""

    def __init__(self, text: str, why: str) -> None:
        self.text = text
        self.why = why
        _problems.seen += 1


class _Problems:
    """How many problems the parser's hooks have met (a duplicate key, a number that is not finite), in
    any thread, ever: a parse that sees the count unchanged met none (it never decreases, so another
    thread's problem can only cost a needless full walk)."""

    seen = 0


_problems = _Problems()


class _Obj(dict[str, Any]):
    """A parsed JSON object that remembers keys it saw twice."""

    duplicates: tuple[str, ...] = ()


def _pairs(pairs: list[tuple[str, Any]]) -> _Obj:
    obj = _Obj(pairs)  # the last of duplicate keys wins, as in a plain dict
    if len(obj) != len(pairs):
        _problems.seen += 1
        seen: set[str] = set()
        dups = []
        for key, _ in pairs:
            if key in seen:
                dups.append(key)
            seen.add(key)
        obj.duplicates = tuple(dups)
    return obj


def _constant(text: str) -> _Bad:
    return _Bad(text, f"{text} is not allowed: every number must be a finite JSON number")


def _float(text: str) -> float | _Bad:
    value = float(text)
    if not math.isfinite(value):
        return _Bad(text, f"{show_value(text)} is too large: it overflows a 64-bit number")
    return value


def _int(text: str) -> int | float | _Bad:
    if len(text.lstrip("-")) > 308:
        return _Bad(text, f"a {len(text.lstrip('-'))}-digit integer is too large for any field")
    return int(text)


def _check_tree(root: Any) -> None:
    """Walk the parsed document iteratively: depth, duplicate keys, bad numbers, lone surrogates."""
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(root, ())]
    while stack:
        node, loc = stack.pop()
        if len(loc) > MAX_DEPTH:
            raise PitchError(f"the document nests deeper than {MAX_DEPTH} levels", field=field_path(loc))
        if isinstance(node, _Bad):
            raise PitchError(node.why, field=field_path(loc))
        if isinstance(node, str):
            _check_text(node, loc)
        elif isinstance(node, dict):
            dups = getattr(node, "duplicates", ())
            if dups:
                raise PitchError(
                    "this key appears twice in the same object", field=field_path((*loc, dups[0]))
                )
            for key, value in node.items():
                _check_text(key, loc)
                stack.append((value, (*loc, key)))
        elif isinstance(node, list):
            stack.extend((value, (*loc, i)) for i, value in enumerate(node))


def _check_text(text: str, loc: tuple[str | int, ...]) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise PitchError(
            "the text holds a lone surrogate (\\ud800-\\udfff), not a character", field=field_path(loc)
        ) from None


# What a file that is not a pitch is, by its first bytes (the formats' own signatures), so that opening a
# picture says "this is a PNG image" rather than guessing at its text encoding. Longest signatures first.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document: .docx, .xlsx, .pptx are ZIP archives)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document (.doc, .xls, .ppt)"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"BZh", "a bzip2-compressed file"),
    (b"\xfd7zXZ\x00", "an xz-compressed file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "a program (ELF)"),
    (b"MZ", "a Windows program"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"{\\rtf", "an RTF document"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"BM", "a BMP image"),
    (b"\x00\x00\x01\x00", "an icon (ICO)"),
    (b"OggS", "an Ogg audio or video file"),
    (b"ID3", "an MP3 audio file"),
    (b"fLaC", "a FLAC audio file"),
)


def binary_kind(data: bytes) -> str | None:
    """What ``data`` is when it is plainly not text (``"a PNG image"``), else ``None``.

    Known formats by their signature; RIFF and ISO media by their brand (WebP, WAV, AVI; MP4, MOV, HEIC);
    any other file with control bytes that text never holds is "a binary file". UTF-16 and UTF-32 text
    (which holds NUL bytes too) is not called binary: :func:`parse_json_bytes` says it is text to re-save.
    """
    head = data[:64]
    has_controls = any(b < 32 and b not in (9, 10, 12, 13) for b in head)
    for signature, kind in _SIGNATURES:
        # a short signature made of letters ("BM", "MZ", "ID3") could begin a text file: binary bytes too
        if head.startswith(signature) and (has_controls or not signature.isascii() or len(signature) > 3):
            return kind
    if head[:4] == b"RIFF" and len(head) >= 12:
        return {b"WEBP": "a WebP image", b"WAVE": "a WAV audio file", b"AVI ": "an AVI video"}.get(
            head[8:12], "a RIFF media file"
        )
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"heic", b"heix", b"mif1", b"avif"):
            return "an image (HEIC/AVIF)"
        return "a QuickTime video" if brand == b"qt  " else "an MP4 audio or video file"
    if _utf16_or_32(head):
        return None
    controls = sum(1 for b in data[:4096] if b < 32 and b not in (9, 10, 12, 13))
    return "a binary file" if controls else None


def _utf16_or_32(head: bytes) -> bool:
    """Text in UTF-16 or UTF-32: a byte-order mark, or NUL bytes in every other (or every fourth) place."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if len(head) < 4:
        return False
    if head[1:4] == b"\x00\x00\x00" or head[:3] == b"\x00\x00\x00":
        return True
    # JSON's own characters ({ " : , digits) are ASCII: in UTF-16 every one of them has a NUL beside it,
    # always on the same side
    even, odd = head[0::2], head[1::2]
    return (even.count(0) == 0 and odd.count(0) * 3 >= len(odd)) or (
        odd.count(0) == 0 and even.count(0) * 3 >= len(even)
    )


def parse_json_bytes(data: bytes) -> Any:
    """Strictly parse JSON bytes (UTF-8, optional BOM) into Python values."""
    if len(data) > MAX_FILE_BYTES:
        raise PitchError(f"the file is {len(data):,} bytes; the limit is {MAX_FILE_BYTES:,}")
    kind = binary_kind(data)
    if kind is not None:
        raise PitchError(f"not a pitch file: this is {kind}")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:64]:
        # JSON text never holds a NUL byte; UTF-16 (with or without a byte-order mark) is full of them.
        raise PitchError("the file is UTF-16 (or UTF-32) text; save it as UTF-8")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PitchError(
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "save it as UTF-8"
        ) from None
    if not text.strip():
        raise PitchError("the file is empty")
    problems = _problems.seen
    try:
        root = json.loads(
            text, object_pairs_hook=_pairs, parse_constant=_constant, parse_float=_float, parse_int=_int
        )
    except json.JSONDecodeError as exc:
        raise PitchError(f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    except RecursionError:
        raise PitchError(f"the document nests deeper than {MAX_DEPTH} levels") from None
    except ValueError as exc:  # e.g. Python's limit on integer digits
        raise PitchError(f"not valid JSON: {exc}") from None
    # The full walk builds a path for every value; most files need none of it (scoring 1,000 memos spent a
    # third of its parsing there), so it runs only when something may be wrong.
    if _problems.seen != problems or _SURROGATE_ESCAPE.search(text) or _deeper_than(root, MAX_DEPTH):
        _check_tree(root)
    return root


# A lone surrogate can only come from a \uD800-\uDFFF escape: the text itself was decoded as UTF-8.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _deeper_than(root: Any, limit: int) -> bool:
    """Whether any value lies more than ``limit`` levels down (``_check_tree``'s depth rule)."""
    level = [root] if isinstance(root, (dict, list)) else []
    depth = 0
    while level:
        below: list[Any] = []
        for node in level:
            children = node.values() if isinstance(node, dict) else node
            if depth >= limit and children:
                return True
            below += [c for c in children if isinstance(c, (dict, list))]
        level = below
        depth += 1
    return False


def _migrate(doc: dict[str, Any]) -> dict[str, Any]:
    if "format" not in doc:
        raise PitchError(
            f"missing; this is not a Compute Curve pitch (expected {FORMAT_ID!r})", field="format"
        )
    if doc["format"] != FORMAT_ID:
        raise PitchError(
            f"{show_value(doc['format'])} is not a Compute Curve pitch (expected {FORMAT_ID!r})",
            field="format",
        )
    version = doc.get("schema_version")
    if "schema_version" not in doc:
        raise PitchError(
            f"missing (a whole number: {SCHEMA_VERSION} for files this program writes)",
            field="schema_version",
        )
    if not isinstance(version, int) or isinstance(version, bool):
        raise PitchError(f"must be a whole number, got {show_value(version)}", field="schema_version")
    if version > SCHEMA_VERSION:
        raise PitchError(
            f"{version}: this file was made by a newer version of Compute Curve "
            f"(this program reads schema versions up to {SCHEMA_VERSION}); update Compute Curve to open it",
            field="schema_version",
        )
    if version < 1:
        raise PitchError(f"{version} is not a schema version (they start at 1)", field="schema_version")
    while version < SCHEMA_VERSION:
        doc = MIGRATIONS[version](doc)
        version += 1
        doc["schema_version"] = version
    return doc


_UNIT_HINTS = {
    key: " (a fraction: 0.7 means 70%)"
    for group in FIELDS.values()
    for key, spec in group.items()
    if spec.kind is Kind.FRACTION
}
# pydantic's bound errors, in the user's words.
_BOUND_WORDS = {
    "greater_than_equal": ("ge", "must be at least"),
    "greater_than": ("gt", "must be above"),
    "less_than_equal": ("le", "must be at most"),
    "less_than": ("lt", "must be below"),
}


def _number(x: object) -> str:
    if isinstance(x, (int, float)) and not isinstance(x, bool) and float(x) == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    return f"{x:g}" if isinstance(x, float) else str(x)


_UNION_TAGS = {"builtin", "custom"}


def _describe(err: dict[str, Any]) -> PitchError:
    loc = [part for part in err["loc"] if not (isinstance(part, str) and part in _UNION_TAGS)]
    msg: str = err["msg"].removeprefix("Value error, ")
    if msg.startswith("@"):  # a model-level check that names its own sub-field
        sub, _, msg = msg[1:].partition(": ")
        loc.extend(int(p) if p.isdigit() else p for p in sub.split("."))
        return PitchError(msg, field=field_path(loc))
    kind = err["type"]
    value = err.get("input")
    if kind == "extra_forbidden":
        return PitchError("unknown field (not part of the pitch format)", field=field_path(loc))
    if kind == "missing":
        return PitchError("missing (this field is required)", field=field_path(loc))
    hint = _UNIT_HINTS.get(str(loc[-1]), "") if loc else ""
    if kind in ("float_type", "int_type"):
        msg = f"must be a number, not {json_kind(value)}"
    elif kind in ("tuple_type", "list_type"):
        msg = f"must be an array, not {json_kind(value)}"
    elif kind in ("model_type", "dict_type", "model_attributes_type", "dataclass_type"):
        msg = f"must be an object, not {json_kind(value)}"
    elif kind in ("string_type",):
        msg = f"must be a string, not {json_kind(value)}"
    elif kind in ("bool_type",):
        msg = f"must be true or false, not {json_kind(value)}"
    elif kind in _BOUND_WORDS:
        key, words = _BOUND_WORDS[kind]
        msg = f"{words} {_number((err.get('ctx') or {}).get(key))}"
    return PitchError(f"{msg[0].lower()}{msg[1:]}, got {show_value(value)}{hint}", field=field_path(loc))


def pitch_from_document(doc: Any) -> Pitch:
    """Validate a parsed JSON document as a pitch (migrating older schema versions)."""
    if not isinstance(doc, dict):
        raise PitchError(f"the file holds {json_kind(doc)}; a pitch is a JSON object")
    doc = _migrate(dict(doc))
    try:
        return Pitch.model_validate(doc)
    except ValidationError as exc:
        errors = exc.errors()
        first = _describe(errors[0])  # type: ignore[arg-type]
        if len(errors) > 1:
            more = len(errors) - 1
            first = PitchError(
                f"{first.message} (and {more} more problem{'s' * (more > 1)})", field=first.field
            )
        raise first from None


def load_pitch_bytes(data: bytes, *, source: str = "") -> Pitch:
    """Parse and validate the bytes of a pitch file; errors name ``source``."""
    try:
        return pitch_from_document(parse_json_bytes(data))
    except PitchError as exc:
        raise exc.with_file(source) from None


def load_pitch(path: str | os.PathLike[str]) -> Pitch:
    """Read a pitch file from disk."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise PitchError(f"cannot read the file: {exc.strerror or exc}", file=str(path)) from None
    return load_pitch_bytes(data, source=str(path))


def pitch_to_document(pitch: Pitch, *, today: date | None = None) -> dict[str, Any]:
    """The JSON document for ``pitch``; an absent ``as_of`` is written as ``today`` (contract)."""
    doc = pitch.model_dump(mode="json", exclude_none=True)
    doc["as_of"] = pitch.effective_as_of(today).isoformat()
    order = [
        "format",
        "schema_version",
        "name",
        "notes",
        "as_of",
        "business",
        "scenario",
        "deployments",
        "blocks",
        "reference_lines",
    ]
    doc = {key: doc[key] for key in order if key in doc}
    for optional in ("reference_lines", "deployments"):
        if not doc.get(optional):
            doc.pop(optional, None)
    _drop_empty(doc["business"])
    for block in doc["blocks"]:
        _drop_empty(block)
        if "price" in block:
            _drop_empty(block["price"])
    return doc


def _drop_empty(obj: dict[str, Any]) -> None:
    for key in ("ranges", "tiers"):
        if key in obj and not obj[key]:
            del obj[key]


def dump_pitch_bytes(pitch: Pitch, *, today: date | None = None) -> bytes:
    """The bytes :func:`save_pitch` writes (UTF-8 JSON, two-space indent, newline at the end)."""
    text = json.dumps(pitch_to_document(pitch, today=today), indent=2, ensure_ascii=False, allow_nan=False)
    return (text + "\n").encode("utf-8")


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes, *, backup: bool = False) -> None:
    """Write ``data`` to ``path`` so that a crash leaves either the old file or the new one.

    Writes a temporary file in the same folder, fsyncs it, keeps the previous version as ``<name>.bak``
    when ``backup`` (a hard link to it, so no second temporary file), renames the temporary file over
    ``path`` and fsyncs the folder. A save that is killed leaves at most its one temporary file
    (``.<name>.<pid>-<random>.cc.tmp``); the next save of ``path`` removes those whose writer is gone.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    _remove_stale_temps(folder, path.name)
    tmp = folder / f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}{_TEMP_SUFFIX}"
    with _in_use_lock:
        _in_use.add(str(tmp))
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            mode = path.stat().st_mode & 0o777
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        if backup and path.exists():
            _keep_backup(path)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        with _in_use_lock:
            _in_use.discard(str(tmp))
    _fsync_folder(folder)


_TEMP_SUFFIX = ".cc.tmp"
# Temporary files this process is writing (another thread's save must not take them for stale ones).
_in_use: set[str] = set()
_in_use_lock = threading.Lock()
# A temporary file this old is stale whoever wrote it (a save takes seconds at most; a process id may have
# been reused by an unrelated program).
STALE_TEMP_SECONDS = 600.0


def _keep_backup(path: Path) -> None:
    """Make ``<name>.bak`` the current version of ``path``: a hard link where the file system has them, so
    no partial copy can be left behind; a copy through a temporary file elsewhere."""
    bak = path.with_name(path.name + ".bak")
    try:
        bak.unlink(missing_ok=True)
        os.link(path, bak)
        return
    except OSError:
        pass  # no hard links here (FAT, some network shares): copy
    bak_tmp = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.bak{_TEMP_SUFFIX}")
    try:
        shutil.copy2(path, bak_tmp)
        os.replace(bak_tmp, bak)
    finally:
        bak_tmp.unlink(missing_ok=True)


def _remove_stale_temps(folder: Path, name: str) -> None:
    """Remove temporary files that interrupted saves of ``name`` left in ``folder``.

    Only files of our own naming (``.<name>.<pid>-<8 hex digits>[.bak].cc.tmp``) whose writer is gone: a
    process that no longer runs, or a file older than ``STALE_TEMP_SECONDS``. Never another program's file.
    """
    prefix = f".{name}."
    pattern = re.compile(re.escape(prefix) + r"(\d+)-[0-9a-f]{8}(?:\.bak)?" + re.escape(_TEMP_SUFFIX))
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    now = time.time()
    for entry in entries:
        if not entry.name.startswith(prefix) or not entry.name.endswith(_TEMP_SUFFIX):
            continue
        match = pattern.fullmatch(entry.name)
        if match is None:
            continue
        with _in_use_lock:
            if entry.path in _in_use or str(folder / entry.name) in _in_use:
                continue
        try:
            old = now - entry.stat(follow_symlinks=False).st_mtime > STALE_TEMP_SECONDS
        except OSError:
            continue
        if old or not _process_alive(int(match.group(1))):
            with contextlib.suppress(OSError):  # in use (Windows), or gone already
                os.unlink(entry.path)


def _process_alive(pid: int) -> bool:
    """Whether another process with id ``pid`` runs (this process's own temps are in ``_in_use``)."""
    if pid == os.getpid():
        return False  # an earlier process with our id: its saves are over
    if os.name == "nt":
        # os.kill would terminate it; a file another process still writes cannot be removed on Windows,
        # so the removal itself tells
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it runs as another user
    return True


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # some platforms (Windows) cannot open a folder; the rename is still atomic there
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def save_pitch(pitch: Pitch, path: str | os.PathLike[str], *, today: date | None = None) -> None:
    """Save ``pitch`` atomically, keeping the previous version of the file as ``<name>.bak``."""
    atomic_write_bytes(path, dump_pitch_bytes(pitch, today=today), backup=True)
