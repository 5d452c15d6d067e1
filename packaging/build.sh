#!/usr/bin/env bash
# Build the stand-alone app with PyInstaller: one folder, dist/computecurve/, run as dist/computecurve/computecurve.
#
#   bash packaging/build.sh            build, or say "up to date" when nothing that goes into it changed
#   bash packaging/build.sh --force    build again from scratch
#
# Needs the project's .venv (packaging/bootstrap.sh makes it; this script runs it when .venv is missing).
# PyInstaller is installed into .venv at the exact versions of pyproject.toml's "package" extra.
# The same spec builds on Windows and macOS (there: .venv/Scripts/python or .venv/bin/python -m PyInstaller
# --noconfirm --distpath dist --workpath build/pyinstaller packaging/computecurve.spec).
set -euo pipefail

force=0
for arg in "$@"; do
    case "$arg" in
        --force) force=1 ;;
        -h | --help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "build: unknown option '$arg'" >&2; exit 2 ;;
    esac
done

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
say() { echo "build: $*"; }

if [[ ! -x .venv/bin/python ]]; then
    say "no .venv yet: running packaging/bootstrap.sh"
    bash packaging/bootstrap.sh
fi
python=.venv/bin/python

# One build at a time (two test runs at once would otherwise write the same folders): the second waits.
mkdir -p build
if command -v flock >/dev/null 2>&1; then
    exec 9>build/.computecurve-build.lock
    flock 9
fi

# --- 1. PyInstaller at the pinned versions ------------------------------------------------------------------
# The pins live in one place, pyproject.toml's [project.optional-dependencies] package; read them from there.
mapfile -t pins < <("$python" - <<'EOF'
import tomllib
with open("pyproject.toml", "rb") as f:
    print("\n".join(tomllib.load(f)["project"]["optional-dependencies"]["package"]))
EOF
)
if ! "$python" - "${pins[@]}" <<'EOF'
import sys
from importlib.metadata import PackageNotFoundError, version

for pin in sys.argv[1:]:
    name, _, wanted = pin.partition("==")
    try:
        if version(name) != wanted:
            sys.exit(1)
    except PackageNotFoundError:
        sys.exit(1)
EOF
then
    say "installing into .venv: ${pins[*]}"
    log="$(mktemp)"
    if ! "$python" -m pip install --disable-pip-version-check "${pins[@]}" >"$log" 2>&1; then
        echo "build: error: pip install ${pins[*]} failed; its output:" >&2
        tail -n 40 "$log" >&2
        rm -f "$log"
        exit 1
    fi
    rm -f "$log"
fi

# --- 2. Skip the build when its inputs are unchanged ----------------------------------------------------------
# The stamp is a hash of everything that goes into the bundle: our sources and resources, the spec, this
# script, pyproject.toml, the interpreter and every installed package's version.
stamp=dist/computecurve.stamp
inputs_hash="$("$python" - <<'EOF'
import hashlib
import sys
from importlib.metadata import distributions
from pathlib import Path

h = hashlib.sha256(sys.version.encode())
files = [Path("pyproject.toml"), Path("packaging/computecurve.spec"), Path("packaging/build.sh")]
for folder in ("core", "desktop", "resources"):
    files += sorted(p for p in Path(folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts)
for path in files:
    h.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
for dist in sorted(f"{d.metadata['Name']}=={d.version}" for d in distributions()):
    h.update(dist.encode() + b"\n")
print(h.hexdigest())
EOF
)"
if [[ $force == 0 && -x dist/computecurve/computecurve && "$(cat "$stamp" 2>/dev/null || true)" == "$inputs_hash" ]]; then
    say "dist/computecurve is up to date (inputs unchanged; --force rebuilds)"
    exit 0
fi

# --- 3. Build ---------------------------------------------------------------------------------------------------
rm -f "$stamp"
start=$SECONDS
say "building dist/computecurve with PyInstaller $("$python" -c 'import PyInstaller; print(PyInstaller.__version__)')"
log="$(mktemp)"
if ! "$python" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/computecurve.spec >"$log" 2>&1; then
    echo "build: error: PyInstaller failed; its output:" >&2
    tail -n 80 "$log" >&2
    rm -f "$log"
    exit 1
fi
grep '^computecurve.spec:' "$log" | sed 's/^/build: /' || true
rm -f "$log"
[[ -x dist/computecurve/computecurve ]] || { echo "build: error: no dist/computecurve/computecurve" >&2; exit 1; }
# The interpreter's own libraries may carry debug information (a pyenv build's libpython is 23 MB, 4 MB
# without). Remove only that (--strip-debug), and only from them: PyInstaller's strip=True would strip every
# library, which can break wheels' libraries that were patched by auditwheel.
if command -v strip >/dev/null 2>&1; then
    find dist/computecurve/_internal -maxdepth 1 -name 'libpython3*.so*' -type f -exec strip --strip-debug {} +
    find dist/computecurve/_internal -path '*/lib-dynload/*.so' -type f -exec strip --strip-debug {} +
fi
echo "$inputs_hash" >"$stamp"
say "done in $((SECONDS - start)) s: dist/computecurve ($(du -sh dist/computecurve | cut -f1)); run dist/computecurve/computecurve"
