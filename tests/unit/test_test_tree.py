"""The test tree shows its layers and shares through one place.

Test modules sit in `tests/unit` (the core, no HTTP), `tests/web` (through a door: the test client, the
CLI runner, a live server) or `tests/browser` (headless Chromium); what they share lives in
`tests/support/` and conftest.py. A test module importing another couples two files' fixtures and
collection: the shared piece belongs in support instead."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
LAYERS = ("unit", "web", "browser")
SHARED_ONLY = {"app", "people", "csrf", "csrf_token", "_csrf"}  # defined once, in conftest or support


def _test_modules() -> list[Path]:
    return sorted(TESTS.rglob("test_*.py"))


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_every_test_module_sits_in_a_layer():
    misplaced = [str(p.relative_to(TESTS)) for p in _test_modules() if p.parent.name not in LAYERS]
    assert not misplaced, f"move these into tests/unit, tests/web or tests/browser: {misplaced}"


def test_the_layers_hold_test_modules():
    for layer in LAYERS:
        assert any((TESTS / layer).glob("test_*.py")), layer


def test_no_test_module_imports_another():
    offenders = {
        str(path.relative_to(TESTS)): sorted(
            name for name in _imported_modules(path) if name.rsplit(".", 1)[-1].startswith("test_")
        )
        for path in _test_modules()
    }
    offenders = {path: names for path, names in offenders.items() if names}
    assert not offenders, f"share through tests/support instead: {offenders}"


def test_the_finder_sees_an_import_of_another_test_module(tmp_path):
    """The check above can fail: an import of a test module, in either form, is seen."""
    sample = tmp_path / "test_sample.py"
    sample.write_text("from tests.web.test_stats import x\nimport test_printing\n", encoding="utf-8")
    assert {"tests.web.test_stats", "test_printing"} <= _imported_modules(sample)


def test_shared_fixtures_and_helpers_are_defined_once():
    """One `app` fixture (settings through the `app_config` marker), one `people`, one CSRF reader."""
    redefined = []
    for path in _test_modules():
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and node.name in SHARED_ONLY:
                redefined.append(f"{path.relative_to(TESTS)}: {node.name}")
    assert not redefined, redefined


def test_browser_modules_are_marked_browser():
    """`-m "not browser"` must leave out every module of tests/browser."""
    unmarked = []
    for path in sorted((TESTS / "browser").glob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module_marked = any(
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "pytestmark" for t in node.targets)
            and "browser" in ast.unparse(node.value)
            for node in tree.body
        )
        tests = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")]
        all_marked = all(any("browser" in ast.unparse(d) for d in t.decorator_list) for t in tests)
        if not (module_marked or all_marked):
            unmarked.append(path.name)
    assert not unmarked, unmarked
