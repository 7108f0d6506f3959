"""Which roles reach a staff page is said once, in tthc.decisions.policy (PAGE_ROLES); the web asks it.

Read from the source of tthc/web: no module defines a collection of role names at module level (a
tuple, list, set or frozenset holding "drafter", Role.SIGNER...), and only tthc/web/access.py calls
`role_required`; every view declares `@staff_page(Page.X)`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import tthc.web
from tthc.decisions import policy
from tthc.models.accounts import Role

WEB = Path(tthc.web.__file__).parent
ROLE_NAMES = {str(role) for role in Role}


def _is_role(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant) and node.value in ROLE_NAMES:
        return True
    return isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "Role"


def _role_collection(node: ast.AST | None) -> bool:
    """A literal tuple/list/set of roles, frozenset({...}) or set((...)) of them, or (*X, "counter")."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("frozenset", "set", "tuple"):
        return any(_role_collection(arg) for arg in node.args)
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):  # roles only ("signer" is also a field's name)
        roles = [element for element in node.elts if not isinstance(element, ast.Starred)]
        return bool(roles) and all(_is_role(element) for element in roles)
    if isinstance(node, ast.BinOp):  # SOMETHING | {"counter"}
        return _role_collection(node.left) or _role_collection(node.right)
    return False


def _modules() -> dict[str, ast.Module]:
    return {path.stem: ast.parse(path.read_text(encoding="utf-8")) for path in sorted(WEB.glob("*.py"))}


def test_the_check_knows_a_role_tuple_when_it_sees_one():
    for source in (
        'STAFF = ("drafter", "reviewer", "signer")',
        "OFFICE = (Role.REVIEWER,)",
        'P = frozenset({"counter"})',
    ):
        assert _role_collection(ast.parse(source).body[0].value)
    assert _role_collection(ast.parse('PRINTERS = (*MANAGERS, "counter")').body[0].value)
    assert not _role_collection(ast.parse('READ = frozenset({"GET", "HEAD"})').body[0].value)
    assert not _role_collection(ast.parse('FIELDS = ("number", "signer", "title")').body[0].value)


def test_no_role_collection_at_module_level_in_the_web_layer():
    found = []
    for stem, tree in _modules().items():
        for node in tree.body:
            value = node.value if isinstance(node, (ast.Assign, ast.AnnAssign)) else None
            if _role_collection(value):
                found.append(f"{stem}: line {node.lineno}")
    assert found == []


def test_views_declare_their_roles_through_the_policy():
    calls = [
        stem
        for stem, tree in _modules().items()
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "role_required"
    ]
    assert calls == ["access"]  # staff_page → role_required(*policy.page_roles(page))
    declared = sum(
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "staff_page"
        for tree in _modules().values()
        for node in ast.walk(tree)
    )
    assert declared > 50


def test_every_page_group_has_its_roles_and_the_dead_tuple_is_gone():
    assert set(policy.PAGE_ROLES) == set(policy.Page)
    assert not hasattr(policy, "PRINTING_ROLES")
    assert policy.page_roles("sign") == policy.ACTING_ROLES[policy.Action.SIGN]
    assert Role.COUNTER in policy.page_roles(policy.Page.PRINTING)
    assert Role.COUNTER not in policy.page_roles(policy.Page.WORK)
