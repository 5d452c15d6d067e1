"""The check before Qt starts: no display, or a display without the X11 plugin's libraries, gives a message
and exit status 2 instead of Qt's abort (exit 134). No window is opened here."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import desktop.app
import desktop.display
from desktop.cli import main
from desktop.display import (
    XCB_LIBRARIES,
    display_problem,
    library_loads,
    program_name,
    requested_platforms,
    x11_display_answers,
)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "resources" / "examples" / "default.pitch.json"
COMMAND = [".venv/bin/computecurve"]


def _all_load(soname: str) -> bool:
    return True


def _never_asked(soname: str) -> bool:
    raise AssertionError(f"looked for {soname} where no X11 plugin is used")


def _no_display(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)


# -- the environment decides -------------------------------------------------------------------------------------


def test_no_display_says_what_to_do() -> None:
    message = display_problem(COMMAND, {}, platform="linux", loads=_never_asked)
    assert message is not None
    assert "no display" in message
    assert "xvfb-run -a .venv/bin/computecurve\n" in message
    assert "bash packaging/bootstrap.sh --xvfb" in message
    assert ".venv/bin/computecurve evaluate FILE" in message
    assert ".venv/bin/computecurve score FILE_OR_DIR..." in message
    assert "--screenshot OUT.png" in message


def test_the_advice_repeats_the_command_with_its_arguments() -> None:
    message = display_problem([*COMMAND, "open", "my pitch.json"], {}, platform="linux")
    assert message is not None
    assert "xvfb-run -a .venv/bin/computecurve open 'my pitch.json'" in message


@pytest.mark.parametrize(
    "env",
    [
        {"DISPLAY": "", "WAYLAND_DISPLAY": ""},  # set but empty is no display either
        {"QT_QPA_PLATFORM": "xcb"},
        {"QT_QPA_PLATFORM": "wayland;xcb"},
    ],
)
def test_an_empty_or_x11_only_environment_has_no_display(env: dict[str, str]) -> None:
    assert display_problem(COMMAND, env, platform="linux", loads=_all_load) is not None


@pytest.mark.parametrize(
    "platform_value", ["offscreen", "minimal", "vnc", "vnc:size=800x600", "wayland;offscreen", " Offscreen "]
)
def test_a_platform_that_needs_no_display_passes(platform_value: str) -> None:
    env = {"QT_QPA_PLATFORM": platform_value}
    assert display_problem(COMMAND, env, platform="linux", loads=_never_asked, answers=_never_asked) is None


def test_an_x11_display_with_every_library_passes() -> None:
    looked_for: list[str] = []

    def loads(soname: str) -> bool:
        looked_for.append(soname)
        return True

    asked: list[str] = []

    def answers(display: str) -> bool:
        asked.append(display)
        return True

    assert display_problem(COMMAND, {"DISPLAY": ":0"}, platform="linux", loads=loads, answers=answers) is None
    assert looked_for == list(XCB_LIBRARIES)
    assert asked == [":0"]


def test_an_x11_display_that_does_not_answer_gets_the_same_advice() -> None:
    message = display_problem(
        COMMAND, {"DISPLAY": "localhost:10.0"}, platform="linux", loads=_all_load, answers=lambda d: False
    )
    assert message is not None
    assert message.startswith("computecurve: the X display 'localhost:10.0' (DISPLAY) does not answer")
    assert "xvfb-run -a .venv/bin/computecurve\n" in message
    assert ".venv/bin/computecurve evaluate FILE" in message


def test_a_wayland_session_is_not_checked_for_x11_libraries() -> None:
    for env in ({"WAYLAND_DISPLAY": "wayland-0"}, {"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}):
        assert (
            display_problem(COMMAND, env, platform="linux", loads=_never_asked, answers=_never_asked) is None
        )


def test_missing_x11_libraries_are_named_with_their_packages(monkeypatch: pytest.MonkeyPatch) -> None:
    absent = {"libxcb-cursor.so.0", "libxcb-icccm.so.4"}
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    message = display_problem(
        COMMAND, {"DISPLAY": ":0"}, platform="linux", loads=lambda soname: soname not in absent
    )
    assert message is not None
    assert "libxcb-cursor.so.0, libxcb-icccm.so.4\n" in message
    assert "sudo apt-get install libxcb-cursor0 libxcb-icccm4\n" in message
    assert "bash packaging/bootstrap.sh" in message
    # As root there may be no sudo (a bare Debian has none).
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    message = display_problem(
        COMMAND,
        {"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":0"},
        platform="linux",
        loads=lambda s: s not in absent,
    )
    assert message is not None
    assert "\n    apt-get install libxcb-cursor0 libxcb-icccm4\n" in message


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_only_linux_is_checked(platform: str) -> None:
    assert display_problem(COMMAND, {}, platform=platform, loads=_never_asked) is None


def test_requested_platforms_reads_fallback_lists_and_options() -> None:
    assert requested_platforms({}) == []
    assert requested_platforms({"QT_QPA_PLATFORM": ""}) == []
    assert requested_platforms({"QT_QPA_PLATFORM": "wayland;XCB"}) == ["wayland", "xcb"]
    assert requested_platforms({"QT_QPA_PLATFORM": "vnc:size=800x600;;offscreen"}) == ["vnc", "offscreen"]


def test_program_name_repeats_the_command_as_typed() -> None:
    assert program_name(".venv/bin/computecurve") == ".venv/bin/computecurve"
    assert program_name("/opt/cc/dist/computecurve/computecurve") == "/opt/cc/dist/computecurve/computecurve"
    assert program_name("/usr/lib/python3/site-packages/desktop/cli.py") == "computecurve"


def test_library_loads_asks_the_dynamic_loader() -> None:
    assert library_loads("libc.so.6")
    assert not library_loads("libcomputecurve-no-such-library.so.7")


def test_no_x_server_answers_at_a_display_nobody_serves() -> None:
    # the set-up command installs libxcb (packaging/bootstrap.sh): without it the set-up is incomplete
    assert library_loads("libxcb.so.1"), "libxcb.so.1 is missing: run bash packaging/bootstrap.sh"
    assert not x11_display_answers(":4711")


# -- through the command -----------------------------------------------------------------------------------------


def _qt_must_not_start(monkeypatch: pytest.MonkeyPatch) -> None:
    def run_app(**kwargs: object) -> int:
        raise AssertionError("the app started with no display")

    monkeypatch.setattr(desktop.app, "run_app", run_app)


def test_main_with_no_display_exits_2_with_the_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _no_display(monkeypatch)
    _qt_must_not_start(monkeypatch)
    assert main([]) == 2
    assert main(["open", str(EXAMPLE)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("computecurve: no display to open the window on") == 2
    assert f"xvfb-run -a computecurve open {EXAMPLE}\n" in err


def test_main_with_missing_x11_libraries_exits_2_naming_them(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _no_display(monkeypatch)
    monkeypatch.setenv("DISPLAY", ":0")
    _qt_must_not_start(monkeypatch)
    monkeypatch.setattr(desktop.display, "library_loads", lambda soname: soname != "libxcb-cursor.so.0")
    assert main([]) == 2
    err = capsys.readouterr().err
    assert "libxcb-cursor.so.0" in err and "libxcb-cursor0" in err


def test_a_screenshot_needs_no_display(monkeypatch: pytest.MonkeyPatch) -> None:
    _no_display(monkeypatch)
    started: list[dict[str, object]] = []
    monkeypatch.setattr(desktop.app, "run_app", lambda **kwargs: started.append(kwargs) or 0)
    assert main(["open", str(EXAMPLE), "--screenshot", "out.png"]) == 0
    assert started and started[0]["screenshot"] == "out.png"
    assert os.environ["QT_QPA_PLATFORM"] == "offscreen"


def test_the_real_command_with_no_display_exits_2_before_importing_qt(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["COMPUTECURVE_HOME"] = str(tmp_path)
    child = (
        "import sys\n"
        "from desktop.cli import main\n"
        "status = main([])\n"
        "assert not [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'pyqtgraph'))]\n"
        "sys.exit(status)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", child],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith("computecurve: no display to open the window on")


def test_bootstrap_installs_every_library_the_check_looks_for() -> None:
    script = (ROOT / "packaging" / "bootstrap.sh").read_text(encoding="utf-8")
    plain = script[: script.index("if [[ $dev == 1 ]]")]  # what a plain bootstrap.sh installs
    words = set(plain.replace("(", " ").replace(")", " ").split())
    assert sorted(set(XCB_LIBRARIES.values()) - words) == []
