"""Stored states are named by their enums, never spelled as bare strings.

The rule: in tthc/ (migrations excepted, they describe the schema of their day), a status, state, role,
action or kind — an attribute `x.status`, a name `status`, a key `row["status"]` or `row.get("status")`,
or a keyword argument `status=` — is never compared with, assigned, or given a bare string literal that
is the value of one of the `StrEnum`s of tthc.models (e.g. `DecisionStatus`, `EntryAction`). Write
`decision.status == DecisionStatus.DRAFT`, not `decision.status == "draft"`. A `StrEnum` member equals its
string, so the database, the JSON contract and the templates still see the same values; the enum makes
a misspelt state an error and lets a reader find every place a state is used.

Strings that are not values of those enums (a diff line's "added", a parsed table's "tbl") are free.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path

import tthc.models

PACKAGE = Path(__file__).resolve().parents[2] / "tthc"
NAMES = frozenset({"status", "state", "role", "action", "kind"})


def _enums() -> dict[str, list[str]]:
    """Each value of a model enum → the members spelling it, e.g. "draft" → ["DecisionStatus.DRAFT"]."""
    values: dict[str, list[str]] = {}
    for info in pkgutil.iter_modules(tthc.models.__path__):
        module = importlib.import_module(f"tthc.models.{info.name}")
        for thing in vars(module).values():
            if isinstance(thing, type) and issubclass(thing, StrEnum) and thing.__module__ == module.__name__:
                for member in thing:
                    values.setdefault(member.value, []).append(f"{thing.__name__}.{member.name}")
    return values


def _target(node: ast.AST) -> str | None:
    """The state-like name a node reads or writes (`x.status`, `status`, `row["status"]`,
    `row.get("status")`), or None."""
    if isinstance(node, ast.Attribute) and node.attr in NAMES:
        return f".{node.attr}"
    if isinstance(node, ast.Name) and node.id in NAMES:
        return node.id
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and node.slice.value in NAMES:
        return f'["{node.slice.value}"]'
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "get"
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and node.args[0].value in NAMES
    ):
        return f'.get("{node.args[0].value}")'
    return None


def _literals(node: ast.AST | None) -> list[ast.Constant]:
    """The bare strings a value is made of: "a", ("a", "b"), {"a"}, "a" if c else "b"."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node]
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return [c for element in node.elts for c in _literals(element)]
    if isinstance(node, ast.IfExp):
        return _literals(node.body) + _literals(node.orelse)
    return []


def _pairs(node: ast.AST) -> Iterator[tuple[str, str, ast.AST | None]]:
    """(state-like name, how it is used, the value it meets) for each use of one in `node`."""
    if isinstance(node, ast.Compare):
        operands = [node.left, *node.comparators]
        for operand in operands:
            if target := _target(operand):
                yield from ((target, "compared with", other) for other in operands if other is not operand)
    elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
        for written in node.targets if isinstance(node, ast.Assign) else [node.target]:
            if isinstance(written, ast.Tuple) and isinstance(node.value, ast.Tuple):  # a, b = "x", 1
                pairs = list(zip(written.elts, node.value.elts, strict=False))
            else:
                pairs = [(written, node.value)]
            yield from ((target, "given", value) for one, value in pairs if (target := _target(one)))
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "in_":
        if target := _target(node.func.value):  # Model.status.in_(("queued", "running"))
            yield from ((target, "compared with", arg) for arg in node.args)
    elif isinstance(node, ast.keyword) and node.arg in NAMES:
        yield f"{node.arg}=", "given", node.value


def offences(source: str, name: str, values: dict[str, list[str]]) -> list[str]:
    """Where `source` spells a state of `values` as a bare string, one message per literal."""
    found = []
    for node in ast.walk(ast.parse(source)):
        for target, how, value in _pairs(node):
            for literal in _literals(value):
                if literal.value in values:
                    use = " or ".join(values[literal.value])
                    message = f"{name}:{literal.lineno}: {target} {how} the bare string {literal.value!r}; use {use}"
                    found.append((literal.lineno, message))
    return [message for _, message in sorted(found)]


def test_the_checker_sees_a_bare_state_and_lets_an_enum_pass():
    values = {"draft": ["DecisionStatus.DRAFT"], "abolished": ["EntryAction.ABOLISHED"]}
    bare = (
        'if d.status == "draft": pass\n'
        'ok = e["action"] in ("new", "abolished")\n'
        'd.status = "draft"\n'
        'Decision(status="draft")\n'
        'state: str = "draft"\n'
        'd.status, d.note = "draft", ""\n'
        'select(D).where(D.status.in_(("draft", "signed")))\n'
        'if e.get("action") == "abolished": pass\n'
    )
    assert [line.split(":")[1] for line in offences(bare, "x.py", values)] == ["1", "2", "3", "4", "5", "6", "7", "8"]
    named = 'if d.status == DecisionStatus.DRAFT: pass\nrow["kind"] = "tbl"\nx = "draft"\n'
    assert offences(named, "x.py", values) == []


def test_no_state_is_spelt_as_a_bare_string():
    values = _enums()
    assert "draft" in values and "in_force" in values  # the enums were found
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.relative_to(PACKAGE).parts:
            continue
        found += offences(path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE.parent)), values)
    assert not found, "States spelt as bare strings (use the enum member):\n" + "\n".join(found)
