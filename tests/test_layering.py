"""The layering of tthc: no import cycles, and a core that loads neither Flask nor a door (web, CLI)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "tthc"
CORE = ["records", "catalogue", "decisions", "diff", "search", "printing", "annex", "text", "problems"]
DOORS = ("flask", "flask_login", "flask_wtf", "tthc.web", "tthc.cli", "tthc.commands", "tthc.app")


def _modules() -> dict[str, Path]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _imported(module: str, path: Path, node: ast.Import | ast.ImportFrom, modules: dict[str, Path]) -> set[str]:
    """The tthc modules one import statement loads (the nearest known module of each name)."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
            base = ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else []))
        names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
    found = set()
    for name in names:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        if name and name != module:
            found.add(name)
    return found


def import_graph() -> dict[str, set[str]]:
    """Module → the tthc modules it imports, at module level or deferred inside a function alike:
    a cycle hidden in a function body is still a cycle."""
    modules = _modules()
    graph = {}
    for module, path in modules.items():
        edges: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                edges |= _imported(module, path, node, modules)
        graph[module] = edges
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_walk_sees_a_cycle_when_there_is_one():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_walk_resolves_relative_imports():
    graph = import_graph()
    assert "tthc.decisions.baseline" in graph["tthc.decisions.checks"]
    assert "tthc.catalogue.apply" in graph["tthc.decisions.baseline"]
    assert "tthc.app" in graph["tthc"]  # the lazy factory still counts


def test_no_import_cycles():
    assert cycles(import_graph()) == []


@pytest.mark.parametrize("package", CORE)
def test_core_imports_no_flask_and_no_door(package):
    code = (
        f"import json, sys; import tthc.{package}; "
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'flask_login', "
        f"'flask_wtf', 'tthc'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=PACKAGE.parent
    )
    loaded = json.loads(result.stdout)
    assert f"tthc.{package}" in loaded
    assert [m for m in loaded if m.startswith(DOORS)] == []
