"""The frozen app (packaging/build.sh, PyInstaller) built and run, with the network cut off.

PyInstaller misses what is imported dynamically (pyqtgraph's templates, pyqtgraph #2179; the resources
package; genai-prices' metadata), and a miss shows only when the frozen program runs: so these tests run
it. The build is reused while its inputs are unchanged (build.sh keeps a stamp), so a second local run
takes seconds; CI starts from a clean clone and builds (about half a minute, plus installing PyInstaller).

Cutting the network: the frozen program runs in a new network namespace (``unshare --net`` as root, else
``unshare --user --map-root-user --net``), which has only a loopback interface, so any connection fails.
A sitecustomize that blocks sockets would not help here: a PyInstaller program does not read PYTHONPATH or
run site-packages' sitecustomize. Where no namespace can be made (e.g. unprivileged user namespaces
disabled), the fallback points every proxy variable at a closed local port, which stops HTTP clients that
honour them, as genai-prices' updater (httpx) does; ``NETWORK_CUT_OFF_BY`` says which applied.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
BUNDLE = REPO / "dist" / "computecurve"
PROGRAM = BUNDLE / "computecurve"
EXAMPLE = REPO / "resources" / "examples" / "companion-2026.pitch.json"

DEAD_PROXY = "http://127.0.0.1:9"  # the discard port on loopback: nothing listens, connections are refused


def _network_namespace() -> list[str] | None:
    """A command prefix that runs a program with no network, or None where none can be made."""
    if not shutil.which("unshare"):
        return None
    for prefix in (["unshare", "--net"], ["unshare", "--user", "--map-root-user", "--net"]):
        probe = subprocess.run([*prefix, "cat", "/proc/net/dev"], capture_output=True, text=True, check=False)
        if probe.returncode == 0:
            # /proc/net/dev lists the interfaces of the reader's namespace: only the (down) loopback.
            interfaces = [line.split(":")[0].strip() for line in probe.stdout.splitlines()[2:]]
            assert interfaces == ["lo"], f"{prefix} left interfaces {interfaces}"
            return prefix
    return None


NAMESPACE = _network_namespace()
NETWORK_CUT_OFF_BY = " ".join(NAMESPACE) if NAMESPACE else f"proxies at {DEAD_PROXY}"


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    env["COMPUTECURVE_HOME"] = str(home)  # leave the user's settings alone
    if NAMESPACE is None:
        for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
            env[name] = DEAD_PROXY
        env.pop("no_proxy", None)
        env.pop("NO_PROXY", None)
    return env


def run_frozen(home: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The frozen program, offline, with no display, from a folder outside the repository."""
    command = [*(NAMESPACE or []), str(PROGRAM), *args]
    return subprocess.run(
        command, env=_env(home), cwd=cwd, capture_output=True, text=True, check=False, timeout=300
    )


def run_installed(home: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The installed command, as `computecurve` runs it (pyproject: desktop.cli:main)."""
    import sys

    return subprocess.run(
        [sys.executable, "-m", "desktop.cli", *args],
        env=_env(home),
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.fixture(scope="module")
def frozen() -> Path:
    """Build (or reuse an up-to-date build of) dist/computecurve."""
    start = time.monotonic()
    result = subprocess.run(
        ["bash", str(REPO / "packaging" / "build.sh")],
        capture_output=True,
        text=True,
        check=False,
        timeout=40 * 60,
    )
    assert result.returncode == 0, f"build.sh failed:\n{result.stdout}\n{result.stderr}"
    assert os.access(PROGRAM, os.X_OK), result.stdout
    print(f"build.sh ({time.monotonic() - start:.0f} s): {result.stdout.strip()}")
    return PROGRAM


def test_evaluate_json_is_the_installed_commands(frozen: Path, tmp_path: Path) -> None:
    args = ("evaluate", str(EXAMPLE), "--json")
    mine = run_frozen(tmp_path / "home", *args, cwd=tmp_path)
    assert mine.returncode == 0, f"[{NETWORK_CUT_OFF_BY}] {mine.stderr}"
    assert mine.stderr == ""
    theirs = run_installed(tmp_path / "home", *args, cwd=tmp_path)
    assert theirs.returncode == 0, theirs.stderr
    # The same document: prices (genai-prices' bundled data, the history CSV), the catalog version read
    # from genai-prices' metadata, and the Monte Carlo (same seed, same numpy).
    assert json.loads(mine.stdout) == json.loads(theirs.stdout)
    assert json.loads(mine.stdout)["catalog_version"].startswith("genai-prices 0.2.3 + history ")


def test_screenshot_renders_the_window_offscreen(frozen: Path, tmp_path: Path, qapp: object) -> None:
    from PySide6.QtGui import QColor, QImage

    from core.verdict import Verdict
    from desktop.theme import VERDICT_COLORS

    out = tmp_path / "shots" / "main.png"
    result = run_frozen(tmp_path / "home", "open", str(EXAMPLE), "--screenshot", str(out), cwd=tmp_path)
    assert result.returncode == 0, f"[{NETWORK_CUT_OFF_BY}] {result.stderr}"
    image = QImage(str(out))
    assert not image.isNull(), f"{out} is not an image"
    # The requested size is the default 1600x1000; a layout whose minimum is larger may grow it a little.
    assert 1600 <= image.width() <= 1760 and 1000 <= image.height() <= 1100, image.size()

    # Not blank: a grid of samples finds many colours, none covering most of the window.
    samples = Counter(
        image.pixel(x, y) for x in range(0, image.width(), 8) for y in range(0, image.height(), 8)
    )
    assert len(samples) >= 50, f"only {len(samples)} colours: a blank or unstyled window"
    assert samples.most_common(1)[0][1] < 0.8 * samples.total()

    # The verdict chip is drawn in its band's colour (the verdict as the frozen evaluate reports it).
    evaluation = run_frozen(tmp_path / "home", "evaluate", str(EXAMPLE), "--json", cwd=tmp_path)
    verdict = Verdict(json.loads(evaluation.stdout)["verdict"])
    chip = QColor(VERDICT_COLORS[verdict]).rgb()
    chip_pixels = sum(
        1
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
        if image.pixel(x, y) == chip
    )
    assert chip_pixels >= 200, f"no {VERDICT_COLORS[verdict]} verdict chip ({chip_pixels} samples)"


def test_bad_file_exits_2_with_the_message(frozen: Path, tmp_path: Path) -> None:
    pitch = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    pitch["blocks"][1]["output_tokens"] = -5
    bad = tmp_path / "bad memo.pitch.json"
    bad.write_text(json.dumps(pitch), encoding="utf-8")

    mine = run_frozen(tmp_path / "home", "evaluate", str(bad), "--json", cwd=tmp_path)
    assert mine.returncode == 2, mine.stderr
    assert mine.stdout == ""
    assert str(bad) in mine.stderr and "blocks[1].output_tokens" in mine.stderr
    assert "Traceback" not in mine.stderr
    theirs = run_installed(tmp_path / "home", "evaluate", str(bad), "--json", cwd=tmp_path)
    assert (theirs.returncode, theirs.stderr) == (2, mine.stderr)

    shot = run_frozen(
        tmp_path / "home", "open", str(bad), "--screenshot", str(tmp_path / "x.png"), cwd=tmp_path
    )
    assert shot.returncode == 2, shot.stderr
    assert "blocks[1].output_tokens" in shot.stderr and "Traceback" not in shot.stderr
    assert not (tmp_path / "x.png").exists()


def test_bundle_holds_what_it_needs_and_not_what_it_does_not(frozen: Path) -> None:
    internal = BUNDLE / "_internal"
    for needed in (
        "resources/price_history.csv",
        "resources/decline_rates.csv",
        "resources/examples/companion-2026.pitch.json",
        "resources/icons/computecurve-256.png",
        "genai_prices-0.2.3.dist-info/METADATA",
    ):
        assert (internal / needed).is_file(), needed
    for left_out in (
        "tkinter",
        "mypy",
        "scipy",
        "yaml",
        "PySide6/QtNetwork.abi3.so",
        "PySide6/QtTest.abi3.so",
    ):
        assert not (internal / left_out).exists(), left_out
    dangling = [str(p.relative_to(BUNDLE)) for p in BUNDLE.rglob("*") if p.is_symlink() and not p.exists()]
    assert dangling == []
    size_mb = sum(p.stat().st_size for p in BUNDLE.rglob("*") if p.is_file() and not p.is_symlink()) / 2**20
    print(f"bundle: {size_mb:.0f} MiB")
    assert size_mb < 260, f"the bundle grew to {size_mb:.0f} MiB: check what PyInstaller collected"
