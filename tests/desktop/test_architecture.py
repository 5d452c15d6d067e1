"""The desktop's shape, checked: no import loop, plug-ins that do not know the main window (nor it them), one
way to do background work, files a newcomer can hold in their head, comments that point inside the repository.

These read the source with ``ast`` (no Qt needed), so they run in a blink and fail on the line at fault.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DESKTOP = ROOT / "desktop"
MAX_LINES = 800  # style.md: about 800 lines is the point to look for a seam


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(DESKTOP.rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _resolve(module: str, node: ast.ImportFrom) -> str:
    """The absolute module an ``import from`` names (relative imports resolved against ``module``)."""
    if node.level == 0:
        return node.module or ""
    package = module.split(".")
    is_package = MODULES[module].name == "__init__.py"
    base = package if is_package else package[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def imports_of(module: str) -> Iterator[tuple[str, int]]:
    """Every desktop module ``module`` imports, at module level or inside a function, with the line."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, node)
            # "from desktop.workflows import help" imports the module desktop.workflows.help
            names = [(f"{target}.{alias.name}", node.lineno) for alias in node.names]
            names.append((target, node.lineno))
        else:
            continue
        for name, line in names:
            while name and name not in MODULES:
                name = name.rpartition(".")[0]
            if name and name != module and name.startswith("desktop"):
                yield name, line


def import_graph() -> dict[str, set[str]]:
    return {m: {target for target, _ in imports_of(m)} for m in MODULES}


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected component with more than one module (or a module importing itself)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1 or v in graph.get(v, ()):
                cycles.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return cycles


def test_the_cycle_finder_finds_a_cycle() -> None:
    # The check must be able to fail: a loop through three modules, and one through a function-level import.
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert find_cycles({"a": {"a"}}) == [["a"]]
    assert find_cycles({"a": {"b"}, "b": set()}) == []


def test_desktop_has_no_import_loop() -> None:
    cycles = find_cycles(import_graph())
    assert cycles == [], "import loops in desktop/: " + "; ".join(" -> ".join(c) for c in cycles)


def test_the_main_window_knows_none_of_its_plugins_and_they_do_not_know_it() -> None:
    plugins = {m for m in MODULES if m.startswith("desktop.workflows")}
    assert plugins, "the plug-ins live in desktop/workflows/"
    window_imports = {target for target, _ in imports_of("desktop.main_window")}
    assert not window_imports & plugins
    assert "desktop.app" not in window_imports
    for plugin in plugins:
        imported = {target for target, _ in imports_of(plugin)}
        assert "desktop.main_window" not in imported, plugin
        assert "desktop.app" not in imported, plugin
    # only the app wires them
    wiring = {m for m in MODULES if {t for t, _ in imports_of(m)} & plugins and m not in plugins}
    assert wiring == {"desktop.app"}


def test_core_never_imports_the_desktop_or_qt() -> None:
    for path in sorted((ROOT / "core").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert not name.startswith(("desktop", "PySide6", "pyqtgraph", "shiboken6")), (path, name)


# -- one way to do background work ------------------------------------------------------------------------

BACKGROUND_MODULE = "desktop.background"


def _calls(module: str) -> Iterator[tuple[str, int]]:
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
            yield name, node.lineno


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_product_module_busy_waits_or_starts_its_own_threads(module: str) -> None:
    for name, line in _calls(module):
        assert name != "processEvents", f"{module}:{line}: processEvents() in a product module"
        if module != BACKGROUND_MODULE:
            assert name not in ("Thread", "ThreadPoolExecutor"), (
                f"{module}:{line}: background work goes through desktop.background"
            )


@pytest.mark.parametrize("module", sorted(MODULES))
def test_product_classes_carry_no_test_scaffolding(module: str) -> None:
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            name = node.name
            assert not name.startswith("wait_"), f"{module}:{node.lineno}: {name}"
            assert name not in ("texts", "drawn", "table_texts", "hover_at", "hover_at_row"), (
                f"{module}:{node.lineno}: {name} is a test's helper (tests/desktop/helpers.py)"
            )


# -- files a newcomer can hold in their head --------------------------------------------------------------


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_is_over_about_800_lines(module: str) -> None:
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{module}: {lines} lines; look for a seam"


def test_every_chart_like_widget_lives_in_desktop_charts() -> None:
    for module, path in MODULES.items():
        if module.startswith("desktop.charts"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                bases = {b.attr if isinstance(b, ast.Attribute) else getattr(b, "id", "") for b in node.bases}
                chart_bases = {"ChartBase", "PlotWidget", "GraphicsLayoutWidget", "AxisItem", "PlotItem"}
                assert not bases & chart_bases, f"{module}: {node.name} is a chart: desktop/charts/"
            if isinstance(node, ast.Call):
                f = node.func
                name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
                assert name not in ("PlotWidget", "GraphicsLayoutWidget"), (
                    f"{module}:{node.lineno}: a plot outside desktop/charts/"
                )


# -- comments point inside the repository -------------------------------------------------------------------


@pytest.mark.parametrize("module", sorted(MODULES))
def test_comments_cite_files_of_this_repository(module: str) -> None:
    text = MODULES[module].read_text(encoding="utf-8")
    assert "../shared" not in text, f"{module} cites a file outside the repository"
    assert not re.search(r"docs/style\b", text), f"{module} cites docs/style, which does not exist"
    for cited in re.findall(r"\bdocs/[\w./-]+\.md", text):
        assert (ROOT / cited).exists(), f"{module} cites {cited}, which does not exist"
