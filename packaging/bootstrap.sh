#!/usr/bin/env bash
# Set up Compute Curve on a fresh Debian/Ubuntu machine. Safe to run again: each step is skipped when it
# is already done, so a second run is fast and needs no network.
#
#   bash packaging/bootstrap.sh            system libraries (Qt's, its X11 plugin's) + .venv + the app
#   bash packaging/bootstrap.sh --dev      ... + the test and lint tools (pip extra "test"), and what the
#                                          frozen-app tests' PyInstaller needs (binutils, Debian's libpython3.X)
#   bash packaging/bootstrap.sh --xvfb     ... + a virtual X server, to show the real window without a display
#   bash packaging/bootstrap.sh --reinstall   redo the pip step even if nothing changed
#
# Environment: PYTHON picks the interpreter for the venv (default python3, which must be 3.11 or newer).
set -euo pipefail

usage() { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; }

dev=0
xvfb=0
reinstall=0
for arg in "$@"; do
    case "$arg" in
        --dev) dev=1 ;;
        --xvfb) xvfb=1 ;;
        --reinstall) reinstall=1 ;;
        -h | --help) usage; exit 0 ;;
        *) echo "bootstrap: unknown option '$arg'" >&2; usage >&2; exit 2 ;;
    esac
done

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

say() { echo "bootstrap: $*"; }
die() { echo "bootstrap: error: $*" >&2; exit 1; }

# Run a noisy command (apt-get, pip) with its output kept in a log; show the log only if it fails.
quietly() {
    local log
    log="$(mktemp)"
    if "$@" >"$log" 2>&1; then
        rm -f "$log"
    else
        local rc=$?
        echo "bootstrap: error: '$*' failed (exit $rc); its output:" >&2
        tail -n 60 "$log" >&2
        rm -f "$log"
        exit "$rc"
    fi
}

# --- 1. System libraries Qt needs --------------------------------------------------------------------------
# PySide6's wheels bundle Qt itself but link these from the system. python3-venv is for machines whose
# python3 is Debian's (ours may be pyenv's, which has venv built in; the package is cheap either way).
# Without a font (fonts-dejavu-core) every label renders as empty boxes.
apt_packages=(python3-venv libglib2.0-0 libgl1 libegl1 libxkbcommon0 libfontconfig1 libfreetype6
    libdbus-1-3 fonts-dejavu-core)
# The X11 (xcb) platform plugin's libraries, for a window on a desktop or on Xvfb: what PySide6's
# plugins/platforms/libqxcb.so and libQt6XcbQpa.so.6 need from the system (`readelf -d`). Without them Qt
# aborts at start-up ("xcb-cursor0 ... is needed"); stock Ubuntu 22.04 desktops lack libxcb-cursor0. The same
# list is in desktop/display.py, which names what is missing before Qt starts.
apt_packages+=(libxcb1 libx11-6 libx11-xcb1 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0
    libxcb-keysyms1 libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0 libxcb-sync1
    libxcb-util1 libxcb-xfixes0 libxcb-xkb1)

# The interpreter the venv is (or will be) made from.
python="${PYTHON:-python3}"
command -v "$python" >/dev/null 2>&1 || die "no '$python' on PATH"
venv_python="$python"
if .venv/bin/python -c '' >/dev/null 2>&1; then
    venv_python=.venv/bin/python # a venv reports its base interpreter's build settings
fi

# The Debian package of the interpreter's shared library (libpython3.X), printed when PyInstaller will need
# it and cannot find it: Debian's python3 is linked statically and ships libpython3.X.so.1.0 separately.
# Other interpreters (pyenv's, as on our own machine) are not Debian's to install: for them only a warning.
libpython_package() {
    local state version executable
    read -r state version executable < <("$venv_python" - <<'EOF'
import ctypes
import os
import sys
import sysconfig

version = f"{sys.version_info.major}.{sys.version_info.minor}"
executable = os.path.realpath(getattr(sys, "_base_executable", None) or sys.executable)
if not sysconfig.get_config_var("Py_ENABLE_SHARED"):
    print("static", version, executable)
    sys.exit()
soname = sysconfig.get_config_var("INSTSONAME") or sysconfig.get_config_var("LDLIBRARY") or ""
folders = [sysconfig.get_config_var("LIBDIR") or "", os.path.join(sys.base_prefix, "lib")]
found = any(os.path.isfile(os.path.join(folder, soname)) for folder in folders if folder)
if not found:
    try:
        ctypes.CDLL(soname)  # where the dynamic loader finds it (the system's cache)
        found = True
    except OSError:
        pass
print("found" if found else "missing", version, executable)
EOF
    ) || true
    case "$state" in
        missing)
            if dpkg-query -S "$executable" >/dev/null 2>&1; then
                echo "libpython$version"
            else
                say "warning: no shared libpython$version for $executable where PyInstaller looks;" \
                    "packaging/build.sh and tests/packaging will fail" >&2
            fi
            ;;
        static)
            say "warning: $executable was built without a shared libpython (configure --enable-shared);" \
                "PyInstaller cannot freeze it, so packaging/build.sh and tests/packaging will fail" >&2
            ;;
    esac
}

if [[ $dev == 1 ]]; then
    # The tests turn exported PDFs into text and pictures (pdftotext, pdftoppm) and validate the .desktop entry.
    # The frozen-app tests run PyInstaller, which reads libraries' dependencies with objdump (binutils) and
    # bundles the interpreter's shared library.
    apt_packages+=(poppler-utils desktop-file-utils binutils)
    if command -v dpkg-query >/dev/null 2>&1; then
        libpython="$(libpython_package)"
        if [[ -n $libpython ]]; then apt_packages+=("$libpython"); fi
    fi
fi
if [[ $xvfb == 1 ]]; then
    # A virtual X server, for a real window with no display: xvfb-run .venv/bin/computecurve
    apt_packages+=(xvfb xauth)
fi

is_installed() {
    # Debian 13 and Ubuntu 24.04 renamed some libraries with a "t64" suffix (libglib2.0-0t64); either counts.
    local name
    for name in "$1" "${1}t64"; do
        if [[ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$name" 2>/dev/null)" == ii* ]]; then
            return 0
        fi
    done
    return 1
}

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
    for pkg in "${apt_packages[@]}"; do
        is_installed "$pkg" || missing+=("$pkg")
    done
else
    say "warning: no dpkg-query (not Debian/Ubuntu?); skipping system packages: ${apt_packages[*]}" >&2
fi

if ((${#missing[@]} > 0)); then
    if [[ $(id -u) == 0 ]]; then
        as_root=()
    elif command -v sudo >/dev/null 2>&1; then
        as_root=(sudo)
    else
        die "not root and no sudo: as root, run: apt-get update && apt-get install ${missing[*]}"
    fi
    say "installing system packages: ${missing[*]}"
    quietly "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=120 update
    quietly "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=120 \
        install -y --no-install-recommends "${missing[@]}"
else
    say "system packages already installed"
fi

# --- 2. The virtual environment ----------------------------------------------------------------------------
# Debian's system Python is "externally managed" (PEP 668): pip refuses to install into it, so everything
# goes into .venv in the repo root.
if [[ -d .venv ]] && ! .venv/bin/python -c '' >/dev/null 2>&1; then
    # E.g. the interpreter it was made from has been removed or upgraded.
    say ".venv is broken; making it again"
    rm -rf .venv
fi
if [[ ! -d .venv ]]; then
    "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
        || die "$("$python" --version 2>&1) is too old: Compute Curve needs Python 3.11 or newer (set PYTHON=...)"
    say "creating .venv with $("$python" --version 2>&1)"
    quietly "$python" -m venv .venv
fi

# --- 3. The project, editable ------------------------------------------------------------------------------
# The stamp records what was installed; while pyproject.toml is unchanged, pip is skipped (an editable
# install builds in an isolated environment, which needs the network every time).
stamp=.venv/.computecurve-bootstrap
hash="$(sha256sum pyproject.toml | cut -d' ' -f1)"
have="$(cat "$stamp" 2>/dev/null || true)"
up_to_date=0
# A --dev install also serves a plain one.
if [[ "$have" == "$hash dev=1" || "$have" == "$hash dev=$dev" ]] \
    && .venv/bin/python -c 'import importlib.metadata as m; m.version("computecurve")' >/dev/null 2>&1; then
    up_to_date=1
fi
if [[ $reinstall == 0 && $up_to_date == 1 ]]; then
    say "project already installed in .venv (pyproject.toml unchanged)"
else
    if [[ $dev == 1 ]]; then target='.[test]'; else target='.'; fi
    say "installing the project into .venv: pip install -e '$target'"
    rm -f "$stamp"
    quietly .venv/bin/python -m pip install --disable-pip-version-check -e "$target"
    echo "$hash dev=$dev" >"$stamp"
fi

say "done. Run the app: .venv/bin/computecurve"
