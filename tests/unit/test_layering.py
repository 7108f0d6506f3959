"""The layering of tthc: packages import only the layers below theirs in the picture of
docs/architecture.md, no import cycles, and a core that loads neither Flask nor a door (web, CLI)."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "tthc"
ARCHITECTURE = PACKAGE.parent / "docs" / "architecture.md"
CORE = ["models", "records", "catalogue", "decisions", "diff", "search", "printing", "annex", "text", "problems"]
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


# A name in the picture: `web/` (a package) or `app.py` (a top-level module), standing alone between
# spaces or the box's walls ("/api/v1" and "catalogue/apply" are prose, not names).
_PICTURE_NAME = re.compile(r"(?<![^\s│])([A-Za-z_]\w*)(?:/|\.py)(?=[\s│]|$)")


def layers_from_picture(document: str) -> list[list[str]]:
    """The layers of the document's first picture, top first: each line inside its box (starting with
    "│") that names packages or top-level modules; `__init__.py` is the package `tthc` itself."""
    picture = document.split("```")[1]
    layers = []
    for line in picture.splitlines():
        if line.strip().startswith("│"):
            names = _PICTURE_NAME.findall(line)
            if names:
                layers.append(names)
    return layers


def unit(module: str) -> str:
    """The package or top-level module of tthc a module belongs to, as the picture names it."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def upward_imports(graph: dict[str, set[str]], layers: list[list[str]]) -> list[str]:
    """Each import from one package into another on its own layer or above it (or not in the picture)."""
    rank = {name: depth for depth, names in enumerate(layers) for name in names}
    found = []
    for module, targets in sorted(graph.items()):
        for target in sorted(targets):
            source, destination = unit(module), unit(target)
            if source != destination and rank.get(destination, -1) <= rank.get(source, -1):
                found.append(f"{module} → {target} ({source} may not import {destination})")
    return found


def package_graph(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    packages: dict[str, set[str]] = {}
    for module, targets in graph.items():
        packages.setdefault(unit(module), set()).update(unit(t) for t in targets if unit(t) != unit(module))
    return packages


def test_the_picture_is_read_line_by_line():
    document = """text
```
 ┌──────────────┐
 │ doors        │
 │   web/  cli.py   pages and /api/v1 │
 │   catalogue/     apply (catalogue/apply) │
 │   text.py  __init__.py │
 └──────────────┘
```
```
 │ later/ │
```"""
    assert layers_from_picture(document) == [["web", "cli"], ["catalogue"], ["text", "__init__"]]


def test_an_import_on_the_same_layer_or_upward_is_found():
    layers = [["web"], ["search", "printing"], ["models"]]
    graph = {"tthc.web.a": {"tthc.models.b"}, "tthc.models.b": set(), "tthc.search.c": {"tthc.models.b"}}
    assert upward_imports(graph, layers) == []
    graph["tthc.models.b"] = {"tthc.web.a"}
    graph["tthc.search.c"] = {"tthc.printing.d", "tthc.search.e"}
    graph["tthc.stats.f"] = set()
    graph["tthc.text"] = {"tthc.stats.f"}
    assert upward_imports(graph, layers) == [
        "tthc.models.b → tthc.web.a (models may not import web)",
        "tthc.search.c → tthc.printing.d (search may not import printing)",
        "tthc.text → tthc.stats.f (text may not import stats)",
    ]


def test_the_picture_names_every_package_and_top_level_module_once():
    layers = layers_from_picture(ARCHITECTURE.read_text(encoding="utf-8"))
    named = [name for names in layers for name in names]
    assert sorted(named) == sorted(set(named)), "a name twice in the picture"
    assert set(named) == {unit(module) for module in import_graph()}


def test_packages_import_only_the_layers_below_their_own():
    layers = layers_from_picture(ARCHITECTURE.read_text(encoding="utf-8"))
    assert upward_imports(import_graph(), layers) == []


def test_no_package_cycles():
    assert cycles(package_graph(import_graph())) == []


def test_the_walk_sees_a_cycle_when_there_is_one():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_walk_resolves_relative_imports():
    graph = import_graph()
    assert "tthc.decisions.starting_point" in graph["tthc.decisions.checks"]
    assert "tthc.catalogue.apply" in graph["tthc.decisions.starting_point"]
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
