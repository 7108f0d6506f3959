"""What an entry starts from and what it becomes: the code it names, the version in force it is compared
with (the starting point plan_decision uses: `catalogue.apply.state_before`) and the whole record once the
decision applies. Drafting and the checks both build on these; neither imports the other for them."""

from __future__ import annotations

import copy
from typing import Any

from sqlalchemy.orm import Session

from ..catalogue.apply import state_before
from ..catalogue.queries import version_in_force
from ..models.decisions import Decision, DecisionEntry, EntryAction
from ..records import merge_partial, normalize_record


def target_code(entry: DecisionEntry) -> str | None:
    """The code whose version in force the entry starts from."""
    if entry.action == EntryAction.REPLACED and entry.replaces_code:
        return entry.replaces_code
    return entry.code if entry.action != EntryAction.NEW else None


def starting_record(session: Session, decision: Decision, entry: DecisionEntry) -> dict[str, Any] | None:
    """The version in force on the decision's effective date (today when it has none yet), as it stood
    before the decision was applied: the same starting point plan_decision compares with."""
    code = target_code(entry)
    if not code:
        return None
    effective, at_revision = state_before(session, decision)
    version = version_in_force(session, code, effective, at_revision)
    return copy.deepcopy(version.record) if version is not None else None


_UNSET: Any = object()


def full_record(session: Session, decision: Decision, entry: DecisionEntry, base: Any = _UNSET) -> dict[str, Any]:
    """The record as it will be once the decision applies (what the form shows). Pass `base` when
    the caller already has the version in force, to spare the query."""
    if base is _UNSET:
        base = starting_record(session, decision, entry)
    partial = entry.record or {}
    if entry.action == EntryAction.ABOLISHED:
        return normalize_record(base or partial)
    record = (
        normalize_record(partial) if entry.action == EntryAction.NEW or base is None else merge_partial(base, partial)
    )
    record["code"] = entry.code or ""
    return record
