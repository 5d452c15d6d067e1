"""Whether the window can open here, found out before Qt is imported.

When Qt's platform plugin cannot start, Qt aborts the whole process (SIGABRT, exit status 134), which no
``try`` can catch. With no display, or a DISPLAY where no X server answers, it says "could not connect to
display" and suggests reinstalling the application; with a display but without the X11 plugin's libraries it
names one of them. None of this says what to do with this app. This module finds these cases first and words
the message itself. It never imports Qt.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import shlex
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

# QT_QPA_PLATFORM values whose platform draws without a display server (Qt's platform plugins).
NEEDS_NO_DISPLAY = frozenset(
    {"offscreen", "minimal", "minimalegl", "vnc", "linuxfb", "eglfs", "vkkhrdisplay"}
)

# What Qt's X11 platform plugin loads from the system, each with its Debian/Ubuntu package: the NEEDED
# entries of PySide6 6.11.3's plugins/platforms/libqxcb.so and lib/libQt6XcbQpa.so.6 (`readelf -d`), less Qt's
# own libraries and what Qt needs on every platform (libGL, GLib, libstdc++). packaging/bootstrap.sh installs
# the same packages.
XCB_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
}


def requested_platforms(env: Mapping[str, str]) -> list[str]:
    """The platform names in QT_QPA_PLATFORM (``"wayland;xcb"`` is a fallback list, ``"vnc:size=800x600"``
    carries options), lower-cased; empty when it is unset."""
    names = (part.partition(":")[0].strip().lower() for part in env.get("QT_QPA_PLATFORM", "").split(";"))
    return [name for name in names if name]


def _bundled_library_folders() -> list[Path]:
    """Where the program carries libraries of its own, which a plain dlopen by name does not search: Qt's
    folder in the PySide6 wheel (libQt6XcbQpa's RUNPATH) and, in the frozen app, PyInstaller's folder."""
    folders: list[Path] = []
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        folders += [Path(frozen), Path(frozen) / "PySide6" / "Qt" / "lib"]
    spec = importlib.util.find_spec("PySide6")  # finds the package without importing it
    if spec is not None and spec.origin:
        folders.append(Path(spec.origin).parent / "Qt" / "lib")
    return folders


def library_loads(soname: str) -> bool:
    """Whether the dynamic loader finds ``soname`` as Qt's plugin would: by name (LD_LIBRARY_PATH, the
    system's cache), else in a folder the program brings along."""
    try:
        ctypes.CDLL(soname)
    except OSError:
        return any((folder / soname).exists() for folder in _bundled_library_folders())
    return True


def x11_display_answers(display: str) -> bool:
    """Whether an X server accepts a connection at ``display`` (as Qt's xcb plugin is about to try, with the
    same libxcb, so the same authorisation). True when libxcb cannot be loaded: the library check says so."""
    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return True
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)  # never NULL: on failure, an error connection
    try:
        return bool(connection) and xcb.xcb_connection_has_error(connection) == 0
    finally:
        xcb.xcb_disconnect(connection)


def program_name(argv0: str) -> str:
    """How the user started us, to repeat in the advice: ``.venv/bin/computecurve`` as typed; else (``python
    -m desktop.cli``, a test) the installed command's name."""
    return argv0 if Path(argv0).name == "computecurve" else "computecurve"


def no_display_message(command: Sequence[str], *, unreachable: str = "") -> str:
    """What to do when there is no display, or (``unreachable``) the X display set does not answer;
    ``command`` is the program and its arguments as run."""
    program = command[0]
    again = shlex.join(["xvfb-run", "-a", *command])
    if unreachable:
        headline = (
            f"computecurve: the X display {unreachable!r} (DISPLAY) does not answer: "
            "no X server runs there, or it refuses this user."
        )
    else:
        headline = "computecurve: no display to open the window on (DISPLAY and WAYLAND_DISPLAY are not set)."
    return "\n".join(
        [
            headline,
            "To see the window on a machine without a screen, run it on a virtual X server:",
            f"    {again}",
            "  (xvfb-run comes with Debian/Ubuntu's xvfb package: bash packaging/bootstrap.sh --xvfb installs it)",
            "Without a window, the headless commands give the same numbers:",
            f"    {program} evaluate FILE",
            f"    {program} score FILE_OR_DIR...",
            f"and {program} open FILE --screenshot OUT.png renders the window to a picture.",
        ]
    )


def missing_libraries_message(missing: Sequence[str], *, as_root: bool) -> str:
    """What to install when the X11 plugin's libraries (sonames in ``missing``) are not there."""
    packages = sorted({XCB_LIBRARIES[soname] for soname in missing})
    install = ("" if as_root else "sudo ") + "apt-get install " + " ".join(packages)
    return "\n".join(
        [
            "computecurve: cannot open the window: Qt's X11 platform (xcb) needs libraries that are not installed:",
            f"    {', '.join(missing)}",
            "On Debian/Ubuntu, install them with:",
            f"    {install}",
            "(bash packaging/bootstrap.sh installs them too.)",
        ]
    )


def display_problem(
    command: Sequence[str],
    env: Mapping[str, str] | None = None,
    *,
    platform: str = sys.platform,
    loads: Callable[[str], bool] | None = None,
    answers: Callable[[str], bool] | None = None,
) -> str | None:
    """Why the window cannot open here, as the message to print; None when nothing is known to stop it.

    Only Linux is checked: there the platform plugin needs a display server and, for X11, libraries that a
    minimal system lacks. ``command`` is the program and its arguments, repeated in the advice; ``loads``
    says whether a library can be loaded (default: :func:`library_loads`), ``answers`` whether an X server
    answers at a display (default: :func:`x11_display_answers`).
    """
    if not platform.startswith("linux"):
        return None
    env = os.environ if env is None else env
    platforms = requested_platforms(env)
    if any(name in NEEDS_NO_DISPLAY for name in platforms):
        return None
    x11, wayland = bool(env.get("DISPLAY")), bool(env.get("WAYLAND_DISPLAY"))
    if not x11 and not wayland:
        return no_display_message(command)
    # Qt picks xcb when asked, or by default when X11 is all there is; a Wayland session may not need it.
    if "xcb" in platforms or (not platforms and x11 and not wayland):
        load = loads or library_loads
        missing = [soname for soname in XCB_LIBRARIES if not load(soname)]
        if missing:
            return missing_libraries_message(missing, as_root=os.geteuid() == 0)
        display = env.get("DISPLAY", "")
        if display and not (answers or x11_display_answers)(display):
            return no_display_message(command, unreachable=display)
    return None
