"""packaging/install-user.sh into a temporary HOME, and the desktop files it installs.

No bundle is built here (tests/packaging/test_frozen_app.py does that): a stand-in bundle whose program
records its arguments shows where a double-click on a pitch ends up.
"""

from __future__ import annotations

import configparser
import os
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "packaging" / "install-user.sh"
ICON_SIZES = (16, 32, 48, 64, 128, 256, 512)
MIME_TYPE = "application/x-computecurve-pitch+json"


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk comes first
    return width, height


def _desktop_entry(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None, strict=True, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def _validate_desktop_file(path: Path) -> None:
    """desktop-file-validate where installed; else the keys the spec requires, read with configparser."""
    tool = shutil.which("desktop-file-validate")
    if tool:
        result = subprocess.run([tool, str(path)], capture_output=True, text=True, check=False)
        assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr
        return
    entry = _desktop_entry(path)
    for key in ("Type", "Name", "Exec", "Icon", "MimeType"):
        assert entry.get(key), f"{path}: {key} is missing"
    assert entry["Type"] == "Application"
    assert entry["MimeType"].endswith(";")


def _exec_argv(entry: dict[str, str], file: Path) -> list[str]:
    """The command a desktop runs for a double-click on ``file`` (Desktop Entry spec, "The Exec key")."""
    # First the string escapes (\\ is one backslash), then the quoting: arguments split at spaces; inside
    # double quotes a backslash escapes " ` $ and itself (as a POSIX shell's double quotes, GLib's rule).
    value = entry["Exec"].replace("\\\\", "\\")
    argv: list[str] = []
    current: list[str] = []
    in_word = quoted = False
    chars = iter(value)
    for char in chars:
        if quoted and char == "\\":
            escaped = next(chars)
            assert escaped in '"`$\\', f"bad escape \\{escaped} in {entry['Exec']!r}"
            current.append(escaped)
        elif char == '"':
            quoted, in_word = not quoted, True
        elif char == " " and not quoted:
            if in_word:
                argv.append("".join(current))
            current, in_word = [], False
        else:
            current.append(char)
            in_word = True
    assert not quoted, f"unclosed quote in {entry['Exec']!r}"
    if in_word:
        argv.append("".join(current))
    return [str(file) if a == "%f" else a.replace("%%", "%") for a in argv]


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(SCRIPT), *args], env=env, capture_output=True, text=True, check=False, timeout=120
    )


@pytest.fixture
def home(tmp_path: Path) -> Path:
    # A space and a dollar sign: the .desktop file's Exec quoting must survive both.
    path = tmp_path / "home of $ally b"
    path.mkdir()
    return path


@pytest.fixture
def env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CONFIG_HOME=str(home / ".config"),
    )
    return env


@pytest.fixture
def fake_bundle(tmp_path: Path) -> Path:
    """A folder like dist/computecurve whose program writes its arguments, one a line, to $ARGS_OUT."""
    bundle = tmp_path / "bundle"
    (bundle / "_internal" / "resources").mkdir(parents=True)
    (bundle / "_internal" / "resources" / "marker.txt").write_text("bundled\n")
    program = bundle / "computecurve"
    program.write_text('#!/bin/sh\nprintf "%s\\n" "$@" > "$ARGS_OUT"\n')
    program.chmod(0o755)
    return bundle


def test_installs_the_bundle_menu_entry_icons_and_file_type(
    home: Path, env: dict[str, str], fake_bundle: Path, tmp_path: Path
) -> None:
    result = _run(env, "--bundle", str(fake_bundle))
    assert result.returncode == 0, result.stderr
    data = home / ".local" / "share"

    # The bundle is copied whole, and linked from ~/.local/bin.
    program = home / ".local" / "opt" / "computecurve" / "computecurve"
    assert os.access(program, os.X_OK)
    assert (program.parent / "_internal" / "resources" / "marker.txt").read_text() == "bundled\n"
    link = home / ".local" / "bin" / "computecurve"
    assert link.is_symlink() and link.resolve() == program.resolve()

    # Icons in every size, each PNG really that size.
    for size in ICON_SIZES:
        icon = data / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "computecurve.png"
        assert _png_size(icon) == (size, size)
    svg = data / "icons" / "hicolor" / "scalable" / "apps" / "computecurve.svg"
    assert ET.parse(svg).getroot().tag == "{http://www.w3.org/2000/svg}svg"

    # The menu entry validates and opens a double-clicked pitch with `computecurve open FILE`.
    desktop = data / "applications" / "computecurve.desktop"
    _validate_desktop_file(desktop)
    entry = _desktop_entry(desktop)
    assert entry["MimeType"] == f"{MIME_TYPE};"
    assert entry["Icon"] == "computecurve"
    assert entry["TryExec"] == str(program)
    pitch = tmp_path / "deal memo (v2).pitch.json"
    pitch.write_text("{}")
    args_out = tmp_path / "args.txt"
    argv = _exec_argv(entry, pitch)
    assert argv[0] == str(program)
    subprocess.run(argv, env={**env, "ARGS_OUT": str(args_out)}, check=True, timeout=30)
    assert args_out.read_text().splitlines() == ["open", str(pitch)]

    # The file type is registered; the databases are rebuilt where their tools are installed.
    assert (data / "mime" / "packages" / "computecurve-mime.xml").is_file()
    if shutil.which("update-mime-database"):
        globs = (data / "mime" / "globs2").read_text()
        assert f"{MIME_TYPE}:*.pitch.json" in globs
        assert f"{MIME_TYPE} application/json" in (data / "mime" / "subclasses").read_text()
    else:
        assert not (data / "mime" / "globs2").exists()
    if shutil.which("update-desktop-database"):
        cache = (data / "applications" / "mimeinfo.cache").read_text()
        assert f"{MIME_TYPE}=computecurve.desktop;" in cache


def test_without_a_bundle_it_uses_the_venv_command(home: Path, env: dict[str, str], tmp_path: Path) -> None:
    from desktop.cli import build_parser  # imports no Qt

    result = _run(env, "--venv")
    assert result.returncode == 0, result.stderr
    venv_program = REPO / ".venv" / "bin" / "computecurve"
    assert (home / ".local" / "bin" / "computecurve").resolve() == venv_program.resolve()
    assert not (home / ".local" / "opt" / "computecurve").exists()
    entry = _desktop_entry(home / ".local" / "share" / "applications" / "computecurve.desktop")
    pitch = tmp_path / "memo.pitch.json"
    argv = _exec_argv(entry, pitch)
    assert argv[0] == str(venv_program)
    # What the desktop runs is a command line the program accepts: `computecurve FILE` alone is not one.
    args = build_parser().parse_args(argv[1:])
    assert (args.command, args.file) == ("open", str(pitch))


def test_installs_without_the_desktop_tools(
    home: Path, env: dict[str, str], fake_bundle: Path, tmp_path: Path
) -> None:
    # A PATH with only the basic commands the script needs: no xdg-mime, update-mime-database, ...
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("bash", "dirname", "mkdir", "rm", "cp", "mv", "ln", "chmod", "sed"):
        found = shutil.which(name)
        assert found, name
        (bin_dir / name).symlink_to(found)
    result = _run({**env, "PATH": str(bin_dir)}, "--bundle", str(fake_bundle))
    assert result.returncode == 0, result.stderr
    data = home / ".local" / "share"
    assert (data / "mime" / "packages" / "computecurve-mime.xml").is_file()
    assert not (data / "mime" / "globs2").exists()  # no database tool ran
    _validate_desktop_file(data / "applications" / "computecurve.desktop")


def test_uninstall_removes_what_it_installed(home: Path, env: dict[str, str], fake_bundle: Path) -> None:
    assert _run(env, "--bundle", str(fake_bundle)).returncode == 0
    result = _run(env, "--uninstall")
    assert result.returncode == 0, result.stderr
    data = home / ".local" / "share"
    left = sorted(
        str(p.relative_to(home))
        for p in home.rglob("*")
        if (p.is_file() or p.is_symlink()) and not p.is_relative_to(data / "mime")
    )
    # What update-desktop-database rebuilt (now listing no type) may stay; nothing of ours does.
    assert [p for p in left if not p.endswith("mimeinfo.cache")] == []
    if shutil.which("update-mime-database"):
        assert MIME_TYPE not in (data / "mime" / "globs2").read_text()
    assert not (data / "mime" / "packages" / "computecurve-mime.xml").exists()


def test_bad_option_is_refused(env: dict[str, str]) -> None:
    result = _run(env, "--frobnicate")
    assert result.returncode == 2
    assert "unknown option '--frobnicate'" in result.stderr


def test_shipped_desktop_entry_and_mime_type() -> None:
    """The repository's own files: what a distribution packager would install as they are."""
    desktop = REPO / "resources" / "computecurve.desktop"
    _validate_desktop_file(desktop)
    entry = _desktop_entry(desktop)
    assert entry["Exec"] == "computecurve open %f"
    assert entry["MimeType"] == f"{MIME_TYPE};"

    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    mime = ET.parse(REPO / "resources" / "computecurve-mime.xml").getroot()
    (kind,) = mime.findall("m:mime-type", ns)
    assert kind.get("type") == MIME_TYPE
    assert [g.get("pattern") for g in kind.findall("m:glob", ns)] == ["*.pitch.json"]
    assert [s.get("type") for s in kind.findall("m:sub-class-of", ns)] == ["application/json"]
    (match,) = kind.findall("m:magic/m:match", ns)
    assert match.get("value") == '"computecurve.pitch"'  # the format value every pitch file carries


def test_shipped_icons() -> None:
    icons = REPO / "resources" / "icons"
    for size in ICON_SIZES:
        assert _png_size(icons / f"computecurve-{size}.png") == (size, size)
    svg = ET.parse(icons / "computecurve.svg").getroot()
    assert svg.get("viewBox") == "0 0 512 512"
