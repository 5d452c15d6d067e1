"""Test-wide set-up. Must not import Qt: the core tests' run without Qt loads this file too."""

from __future__ import annotations

import importlib.abc
import os
import random
import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType

import pytest

# Before anything imports Qt: no test may need a display (CI has none) or open a window on a developer's.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

QT_MODULES = ("PySide6", "shiboken6", "pyqtgraph")
NO_QT = os.environ.get("COMPUTECURVE_NO_QT") == "1"


class _QtBlocker(importlib.abc.MetaPathFinder):
    """Make importing Qt fail, as if it were not installed (napari's core-without-Qt CI job, done cheaply)."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname.partition(".")[0] in QT_MODULES:
            raise ImportError(
                f"COMPUTECURVE_NO_QT=1: importing {fullname!r} is blocked; core and its tests need no Qt",
                name=fullname,
            )
        return None


if NO_QT:
    already = sorted(name for name in sys.modules if name.partition(".")[0] in QT_MODULES)
    if already:
        # Something (a pytest plugin?) loaded Qt before this guard: the run would prove nothing.
        raise RuntimeError(
            f"COMPUTECURVE_NO_QT=1 but Qt is already imported ({', '.join(already)}); "
            "run pytest with -p no:pytest-qt"
        )
    sys.meta_path.insert(0, _QtBlocker())
    # The desktop tests need Qt by definition: under this guard, collect only the rest.
    collect_ignore = ["desktop"]


def pytest_addoption(parser: pytest.Parser, pluginmanager: pytest.PytestPluginManager) -> None:
    # Opt-in random order, to prove that no test depends on another having run first; the default run keeps
    # the files' order. The summary prints the seed, so a failing order can be replayed.
    group = parser.getgroup("computecurve")
    group.addoption("--shuffle", action="store_true", help="run the tests in a random order")
    group.addoption(
        "--shuffle-seed",
        type=int,
        metavar="N",
        help="run the tests in the random order of seed N (implies --shuffle)",
    )
    if NO_QT and not pluginmanager.has_plugin("pytest-qt"):
        # pytest-qt's settings in pyproject.toml would each warn "Unknown config option" in a run without it;
        # declare them here, unused.
        for name in ("qt_api", "qt_log_level_fail", "qt_log_ignore"):
            parser.addini(name, f"pytest-qt's {name}; unused without pytest-qt", type="linelist")


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    if NO_QT and config.pluginmanager.has_plugin("pytest-qt"):
        # Its own set-up imports Qt, which the guard blocks: say how to run instead of an internal error.
        raise pytest.UsageError("COMPUTECURVE_NO_QT=1 needs pytest-qt off: add -p no:pytest-qt")


_SHUFFLE_SEED = pytest.StashKey[int]()


def _shuffle_seed(config: pytest.Config) -> int | None:
    if _SHUFFLE_SEED not in config.stash:
        seed = config.getoption("shuffle_seed")
        if seed is None and config.getoption("shuffle"):
            seed = random.SystemRandom().randrange(10**6)
        if seed is None:
            return None
        config.stash[_SHUFFLE_SEED] = seed
    return config.stash[_SHUFFLE_SEED]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    seed = _shuffle_seed(config)
    if seed is not None:
        random.Random(seed).shuffle(items)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    seed = _shuffle_seed(config)
    if seed is not None:
        terminalreporter.write_line(f"random order: replay it with --shuffle-seed={seed}")
