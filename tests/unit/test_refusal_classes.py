"""Every refusal the code defines is a `tthc.problems.DomainError`, so the doors have one way to show it.

The rule, walked over every class of every module of `tthc`: an exception class defined in `tthc` is a
refusal (a Vietnamese message a person may read), so it subclasses DomainError, unless it is listed in
NOT_REFUSALS with the reason it is no refusal (a signal between two pieces of code, never shown).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import tthc
from tthc.decisions import drafting, policy, workflow
from tthc.problems import DomainError

# qualified name → why it is not a refusal of the domain
NOT_REFUSALS = {
    "tthc.search.service.IndexBusy": "another process holds the index build lock; the caller waits or skips",
    "tthc.search.service.IndexBuildFailed": "a background build process failed: logged, the live index serves on",
    "tthc.search.whoosh_index.EngineClosed": "a search met an index swapped out meanwhile; it asks the new one",
    "tthc.config.SettingError": "a setting the operator gave cannot be read: the app does not start at all",
    "tthc.web.caching.UndeclaredInput": "a view read a request input its ETag does not name: a bug, raised in tests",
}


def _modules():
    for info in pkgutil.walk_packages(tthc.__path__, "tthc."):
        if info.name.endswith("__main__"):
            continue
        yield importlib.import_module(info.name)


def _exception_classes() -> dict[str, type]:
    found = {}
    for module in _modules():
        for _, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, BaseException) and value.__module__ == module.__name__:
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return found


def test_every_refusal_class_is_a_domain_error():
    classes = _exception_classes()
    # The walk finds the refusals the issue named, so it cannot pass by finding nothing.
    for name in (
        "tthc.annex.word_decision.WordProblem",
        "tthc.annex.processes.ProcessTableProblem",
        "tthc.search.gaps.SynonymError",
        "tthc.decisions.policy.NotVisible",
        "tthc.decisions.policy.NotPermitted",
    ):
        assert name in classes
    outside = sorted(
        name for name, cls in classes.items() if not issubclass(cls, DomainError) and name not in NOT_REFUSALS
    )
    assert outside == [], f"refusals that are not DomainError: {outside}"
    assert set(NOT_REFUSALS) <= set(classes), "NOT_REFUSALS names a class that no longer exists"


def test_one_name_for_not_visible_and_one_for_not_permitted():
    """`DraftNotFound` was `NotVisible` and `NotAllowed` was `NotPermitted`: one class each now."""
    assert not hasattr(drafting, "DraftNotFound")
    assert not hasattr(workflow, "NotAllowed")
    names = {name.rsplit(".", 1)[1] for name in _exception_classes()}
    assert not names & {"DraftNotFound", "NotAllowed"}


def test_policy_refusals_speak_vietnamese():
    assert str(policy.NotVisible(2715)) == "Không tìm thấy quyết định này, hoặc bạn không được xem."
    assert policy.NotVisible(2715).what == 2715
    assert str(policy.NotPermitted()) == "Tài khoản của bạn không được phép thực hiện thao tác này."
    assert str(policy.NotPermitted("Bạn không thể tự thông qua.")) == "Bạn không thể tự thông qua."
