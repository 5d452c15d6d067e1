"""Guard for the toolkit pin (pyproject.toml: PySide6-Essentials==6.11.3).

PySide6 6.12.0 on Python 3.11 aborts the interpreter after about 5,000 calls of Qt methods that return
void ("Fatal Python error: none_dealloc": each call drops a reference to None that it never took). The app
makes such calls on every edit, so it would die within minutes. The calls run in a child process, so an abort
is reported here as a failure with the child's stderr, not as a crashed pytest.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import PySide6
import shiboken6

PINNED_PYSIDE6 = "6.11.3"
CALLS = 20_000

_CHILD = textwrap.dedent(
    f"""
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication([])
    widget = QWidget()
    for i in range({CALLS}):
        widget.setMinimumWidth(i % 100)  # QWidget::setMinimumWidth returns void
        widget.setObjectName("probe")  # QObject::setObjectName returns void
    print("done", flush=True)
    """
)


def test_many_void_qt_calls_do_not_abort_the_interpreter() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.run(
        [sys.executable, "-X", "faulthandler", "-c", _CHILD],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert child.returncode == 0 and child.stdout.strip() == "done", (
        f"{CALLS:,} void Qt calls in PySide6 {PySide6.__version__} ended with exit code "
        f"{child.returncode}\n--- stdout ---\n{child.stdout[-2000:]}\n--- stderr ---\n{child.stderr[-4000:]}"
    )


def test_pyside6_is_the_pinned_release() -> None:
    # Upgrading is deliberate: change the pin in pyproject.toml and this constant together, after the test
    # above passes on the new release.
    assert PySide6.__version__ == PINNED_PYSIDE6, (
        f"PySide6 {PySide6.__version__} installed, pin is {PINNED_PYSIDE6}: run bash packaging/bootstrap.sh"
    )
    assert shiboken6.__version__ == PINNED_PYSIDE6
