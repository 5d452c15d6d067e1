#!/usr/bin/env bash
# Set up Compute Curve on a fresh Debian/Ubuntu machine. Safe to run again: each step is skipped when it
# is already done, so a second run is fast and needs no network.
#
#   bash packaging/bootstrap.sh            system libraries + .venv + the app
#   bash packaging/bootstrap.sh --dev      ... + the test and lint tools (pip extra "test")
#   bash packaging/bootstrap.sh --xvfb     ... + a virtual X server, to show the real window without a display
#   bash packaging/bootstrap.sh --reinstall   redo the pip step even if nothing changed
#
# Environment: PYTHON picks the interpreter for the venv (default python3, which must be 3.11 or newer).
set -euo pipefail

usage() { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; }

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
if [[ $dev == 1 ]]; then
    # The tests turn exported PDFs into text and pictures (pdftotext, pdftoppm) and validate the .desktop entry.
    apt_packages+=(poppler-utils desktop-file-utils)
fi
if [[ $xvfb == 1 ]]; then
    # The xcb platform plugin's libraries, for a real window on Xvfb (xvfb-run).
    apt_packages+=(xvfb xauth libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0)
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
python="${PYTHON:-python3}"
command -v "$python" >/dev/null 2>&1 || die "no '$python' on PATH"

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
