#!/usr/bin/env bash
# Install Compute Curve for the current user, without root: the program, a menu entry, icons, and the
# *.pitch.json file type, so double-clicking a pitch opens it in the app.
#
#   bash packaging/install-user.sh                 the built bundle (dist/computecurve) if there is one,
#                                                  else the venv's command (.venv/bin/computecurve)
#   bash packaging/install-user.sh --venv          the venv's command even if a bundle is built
#   bash packaging/install-user.sh --bundle DIR    the bundle in DIR (a folder holding the computecurve program)
#   bash packaging/install-user.sh --uninstall     remove what this script installed
#
# Where things go (XDG_DATA_HOME defaults to ~/.local/share):
#   ~/.local/opt/computecurve/               a copy of the bundle (not with --venv)
#   ~/.local/bin/computecurve                a link to the program
#   $XDG_DATA_HOME/applications/computecurve.desktop         (Exec= the program's full path, open %f)
#   $XDG_DATA_HOME/icons/hicolor/SIZExSIZE/apps/computecurve.png, .../scalable/apps/computecurve.svg
#   $XDG_DATA_HOME/mime/packages/computecurve-mime.xml       (application/x-computecurve-pitch+json)
# Then the desktop's caches are refreshed with xdg-mime, update-mime-database, update-desktop-database and
# gtk-update-icon-cache where they are installed; none of them is required.
set -euo pipefail

usage() { sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; }

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mode=auto
bundle="$repo_root/dist/computecurve"
uninstall=0
while (($# > 0)); do
    case "$1" in
        --venv) mode=venv ;;
        --bundle)
            [[ $# -ge 2 ]] || { echo "install-user: --bundle needs a folder" >&2; exit 2; }
            mode=bundle
            bundle="$2"
            shift
            ;;
        --uninstall) uninstall=1 ;;
        -h | --help) usage; exit 0 ;;
        *) echo "install-user: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    esac
    shift
done

say() { echo "install-user: $*"; }
die() { echo "install-user: error: $*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

[[ -n "${HOME:-}" ]] || die "HOME is not set"
data_home="${XDG_DATA_HOME:-$HOME/.local/share}"
opt_dir="$HOME/.local/opt/computecurve"
bin_link="$HOME/.local/bin/computecurve"
apps_dir="$data_home/applications"
desktop_file="$apps_dir/computecurve.desktop"
mime_xml="$data_home/mime/packages/computecurve-mime.xml"
icon_sizes=(16 32 48 64 128 256 512)
mime_type="application/x-computecurve-pitch+json"

refresh_caches() {
    # Each tool is optional: without it the desktop picks the files up at its next scan or login.
    if have update-mime-database; then
        update-mime-database "$data_home/mime" >/dev/null 2>&1 || say "warning: update-mime-database failed"
    fi
    if have update-desktop-database; then
        update-desktop-database "$apps_dir" >/dev/null 2>&1 || say "warning: update-desktop-database failed"
    fi
    if have gtk-update-icon-cache && [[ -f "$data_home/icons/hicolor/index.theme" ]]; then
        gtk-update-icon-cache --quiet "$data_home/icons/hicolor" >/dev/null 2>&1 || true
    fi
}

if [[ $uninstall == 1 ]]; then
    if have xdg-mime && [[ -f "$mime_xml" ]]; then
        xdg-mime uninstall --mode user "$mime_xml" >/dev/null 2>&1 || true
    fi
    rm -f "$mime_xml" "$desktop_file"
    for size in "${icon_sizes[@]}"; do
        rm -f "$data_home/icons/hicolor/${size}x${size}/apps/computecurve.png"
    done
    rm -f "$data_home/icons/hicolor/scalable/apps/computecurve.svg"
    # The link only if it is ours (it points at the bundle or a venv's computecurve).
    if [[ -L "$bin_link" ]]; then
        rm -f "$bin_link"
    fi
    rm -rf "$opt_dir"
    refresh_caches
    say "removed Compute Curve from $HOME"
    exit 0
fi

# --- 1. The program ------------------------------------------------------------------------------------------
if [[ $mode == auto ]]; then
    if [[ -x "$bundle/computecurve" ]]; then mode=bundle; else mode=venv; fi
fi
if [[ $mode == bundle ]]; then
    [[ -x "$bundle/computecurve" ]] || die "no program at $bundle/computecurve (build it: bash packaging/build.sh)"
    # Copied, not linked: the copy keeps working when the repository is rebuilt, moved or deleted. Put in
    # place whole (copy beside, then swap) so a failed copy leaves the previous install as it was.
    mkdir -p "$(dirname "$opt_dir")"
    rm -rf "$opt_dir.new"
    cp -a "$bundle/." "$opt_dir.new/"
    rm -rf "$opt_dir"
    mv "$opt_dir.new" "$opt_dir"
    program="$opt_dir/computecurve"
    say "copied the bundle to $opt_dir"
else
    program="$repo_root/.venv/bin/computecurve"
    [[ -x "$program" ]] || die "no bundle and no $program: run bash packaging/build.sh or bash packaging/bootstrap.sh"
    say "no bundle: using the venv's command, $program"
fi
mkdir -p "$(dirname "$bin_link")"
ln -sfn "$program" "$bin_link"

# --- 2. The menu entry ---------------------------------------------------------------------------------------
# Exec gets the full path, so the entry works whether or not ~/.local/bin is on the desktop session's PATH.
# Quoting per the Desktop Entry spec when the path has characters it reserves: inside double quotes,
# " ` $ \ are escaped with a backslash, and every backslash is doubled again by the string escaping rule.
exec_path="$program"
if [[ ! "$program" =~ ^[A-Za-z0-9/._+-]+$ ]]; then
    exec_path="${exec_path//\\/\\\\\\\\}"
    exec_path="${exec_path//\"/\\\\\"}"
    exec_path="${exec_path//\`/\\\\\`}"
    exec_path="${exec_path//\$/\\\\\$}"
    exec_path="\"${exec_path//%/%%}\""
fi
try_exec="${program//\\/\\\\}"
mkdir -p "$apps_dir"
while IFS= read -r line || [[ -n "$line" ]]; do
    case "$line" in
        Exec=*) printf 'Exec=%s open %%f\n' "$exec_path" ;;
        TryExec=*) printf 'TryExec=%s\n' "$try_exec" ;;
        *) printf '%s\n' "$line" ;;
    esac
done <"$repo_root/resources/computecurve.desktop" >"$desktop_file.tmp"
mv "$desktop_file.tmp" "$desktop_file"
chmod 644 "$desktop_file"

# --- 3. Icons ------------------------------------------------------------------------------------------------
for size in "${icon_sizes[@]}"; do
    dir="$data_home/icons/hicolor/${size}x${size}/apps"
    mkdir -p "$dir"
    cp "$repo_root/resources/icons/computecurve-$size.png" "$dir/computecurve.png"
done
mkdir -p "$data_home/icons/hicolor/scalable/apps"
cp "$repo_root/resources/icons/computecurve.svg" "$data_home/icons/hicolor/scalable/apps/computecurve.svg"
if have xdg-icon-resource; then
    xdg-icon-resource forceupdate --mode user >/dev/null 2>&1 || true
fi

# --- 4. The file type and its default application ------------------------------------------------------------
if have xdg-mime; then
    # Copies the XML into $XDG_DATA_HOME/mime/packages and updates the database itself.
    xdg-mime install --mode user "$repo_root/resources/computecurve-mime.xml" >/dev/null 2>&1 || true
fi
if [[ ! -f "$mime_xml" ]]; then
    mkdir -p "$(dirname "$mime_xml")"
    cp "$repo_root/resources/computecurve-mime.xml" "$mime_xml"
fi
refresh_caches
if have xdg-mime; then
    xdg-mime default computecurve.desktop "$mime_type" >/dev/null 2>&1 || true
fi

say "installed: menu entry $desktop_file, icons, file type $mime_type"
case ":$PATH:" in
    *":$HOME/.local/bin:"*) ;;
    *) say "note: ~/.local/bin is not on PATH; run $bin_link by its full path or add the folder to PATH" ;;
esac
