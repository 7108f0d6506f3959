"""The web layer changes data and refuses one way (read from the source, so a new view cannot drift).

- No module of `tthc/web` calls `.commit(` or `.rollback(`: views change data through
  `tthc.web.run_change` (which commits once through `tthc.db.commit_change`) and discard a read with
  `tthc.web.read_only`.
- No refusal comes back as a value: no `isinstance(x, <a DomainError class>)` in `tthc/web` outside the
  one handler (tthc/web/refusals.py), which shows every DomainError.
- No view catches a refusal to answer it itself (`except <a DomainError class>`): it names the page a
  refusal goes back to (`run_change(back=...)`, `refusals_back_to`) and lets the handler show it, except
  the places in OWN_ANSWERS, which say why.
- The rule for `abort(...)`: a view aborts only with 404, for an object the URL names that does not exist
  (or that the user may not know of). Any other code (400, 403, 409, 413...) is allowed only in the
  request gates listed in REQUEST_GATES, which refuse the *request* before any domain code sees it: the
  role gate, the body limits, the parsing of a parameter that is not a number or a date, or an id on a
  form that names nothing. A refusal of the domain (a state, a permission, a conflict) is raised as a
  DomainError, never aborted.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import tthc.web
from tthc.problems import DomainError

WEB = Path(tthc.web.__file__).parent
# module stem → functions that may abort with a code other than 404, and why
REQUEST_GATES = {
    "access": {"wrapped": "role_required: the role gate (403)", "_deny_undeclared": "an endpoint without policy"},
    "limits": {"_apply_body_limit": "a body over its limit (413)", "refuse_nul_bytes": "a NUL byte in a form (400)"},
    "__init__": {"id_param": "an id that is not a number", "requested_date": "a date that is not a date"},
    "api": {"_int_arg": "a query parameter that is not a number in range"},
    "drafting": {"_agency_id": "an agency id on the form that names no agency"},
}


# module stem → functions that catch a refusal themselves, and why
OWN_ANSWERS = {
    "login": {"_login_attempt": "the login page again with 401, or 429 and its Retry-After header"},
    "printing": {"_print_problem": "not a refusal: why printing would be refused, shown before anyone asks"},
}


def _modules() -> dict[str, ast.Module]:
    return {path.stem: ast.parse(path.read_text(encoding="utf-8")) for path in sorted(WEB.glob("*.py"))}


def _within_functions(tree: ast.AST, kind: type[ast.AST]):
    """(node, name of the innermost enclosing function or "") for every node of `kind` in the tree."""

    def walk(node: ast.AST, function: str):
        for child in ast.iter_child_nodes(node):
            inner = child.name if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else function
            if isinstance(child, kind):
                yield child, function
            yield from walk(child, inner)

    yield from walk(tree, "")


def _calls(tree: ast.AST):
    return _within_functions(tree, ast.Call)


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _domain_error_names() -> set[str]:
    import importlib
    import pkgutil

    import tthc

    names = {"DomainError"}
    for info in pkgutil.walk_packages(tthc.__path__, "tthc."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, DomainError):
                names.add(value.__name__)
    return names


def test_the_rule_reads_the_real_web_modules():
    modules = _modules()
    assert {"drafting", "review", "admin", "printing", "sources", "refusals"} <= set(modules)
    # Each gate named exists, so the list cannot keep an exemption for code that is gone.
    for stem, functions in REQUEST_GATES.items():
        defined = {n.name for n in ast.walk(modules[stem]) if isinstance(n, ast.FunctionDef)}
        assert set(functions) <= defined, (stem, set(functions) - defined)


def test_no_hand_commit_or_rollback_in_the_web_layer():
    found = [
        f"{stem}.{function or '<module>'}: .{call.func.attr}("
        for stem, tree in _modules().items()
        for call, function in _calls(tree)
        if isinstance(call.func, ast.Attribute) and call.func.attr in ("commit", "rollback")
    ]
    assert found == []


def test_no_refusal_checked_as_a_value():
    refusals = _domain_error_names()
    assert {"WordProblem", "NotVisible", "WorkbookProblem", "FormTooLarge"} <= refusals
    found = []
    for stem, tree in _modules().items():
        if stem == "refusals":  # the one handler: it tells refusals apart to answer each
            continue
        for call, function in _calls(tree):
            if _name(call.func) == "isinstance" and len(call.args) == 2:
                kinds = call.args[1].elts if isinstance(call.args[1], ast.Tuple) else [call.args[1]]
                found += [f"{stem}.{function}: isinstance(…, {_name(k)})" for k in kinds if _name(k) in refusals]
    assert found == []


def test_no_view_catches_a_refusal_to_answer_it_itself():
    refusals = _domain_error_names()
    found = []
    for stem, tree in _modules().items():
        for handler, function in _within_functions(tree, ast.ExceptHandler):
            if handler.type is None or function in OWN_ANSWERS.get(stem, {}):
                continue
            kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
            found += [f"{stem}.{function}: except {_name(k)}" for k in kinds if _name(k) in refusals]
    assert found == []


def test_abort_is_a_404_outside_the_request_gates():
    found = []
    for stem, tree in _modules().items():
        for call, function in _calls(tree):
            if _name(call.func) != "abort":
                continue
            code = call.args[0] if call.args else None
            is_404 = isinstance(code, ast.Constant) and code.value == 404
            if not is_404 and function not in REQUEST_GATES.get(stem, {}):
                found.append(f"{stem}.{function}: abort({ast.unparse(code) if code else ''})")
    assert found == []
