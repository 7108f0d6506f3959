"""A decision as a diff: each entry against the version in force on the decision's effective date.

Built on tthc.catalogue.apply.plan_decision, which compares with the catalogue as it stood just before
the decision, so the answer is the same before and after the decision is applied.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ..catalogue.apply import PlannedEntry, plan_decision
from ..models.catalogue import VersionState
from ..models.decisions import ACTION_LABELS, Decision, EntryAction
from ..problems import Problem
from ..records import LEVELS
from ..records.diff import diff_records
from .listings import diff_listings

NOOP_WARNING = "Mục sửa đổi, bổ sung này không thay đổi nội dung nào so với thủ tục đang có hiệu lực."


def decision_header(decision: Decision) -> dict[str, Any]:
    def iso(value):
        return value.isoformat() if value else None

    return {
        "id": decision.id,
        "number": decision.number,
        "title": decision.title,
        "issuer": decision.issuer,
        "signer": decision.signer,
        "status": decision.status,
        "status_label": decision.status_label,
        "signed_date": iso(decision.signed_date),
        "effective_date": iso(decision.effective_date),
        "lock_version": decision.lock_version,
        "entries": len(decision.entries),
    }


def diff_decision(session: Session, decision: Decision, shown: slice | None = None) -> dict[str, Any]:
    """{"decision", "baseline_date", "entries": [...], "summary", "problems"} (documented in docs/review.md).

    `shown`: only these entries are compared (a page of a long decision: the baseline's 3,000 entries
    are 50 MB of HTML and 10 s of comparing); the summary counts every entry by action, sector and level,
    and lists the changed parts of the compared ones."""
    plan = plan_decision(session, decision)
    planned = plan.entries if shown is None else plan.entries[shown]
    entries = [_entry_diff(p, plan.problems) for p in planned]
    summary = summarize(entries)
    if shown is not None:
        summary.update(_counts([_entry_header(p) for p in plan.entries]))
    return {
        "decision": decision_header(decision),
        "baseline_date": plan.effective_date.isoformat(),
        "entries": entries,
        "total_entries": len(plan.entries),
        "summary": summary,
        "problems": [p.message for p in plan.problems],
        "conflicts": [p.as_dict() for p in plan.problems],
        "listings": diff_listings(session, decision, plan.effective_date),
    }


def _sides(planned: PlannedEntry) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    versions = planned.versions
    before = versions[0].before.record if versions and versions[0].before is not None else None
    after_version = next((v for v in versions if v.state == VersionState.IN_FORCE), None)
    after = after_version.record if after_version is not None else None
    return before, None if planned.entry.action == EntryAction.ABOLISHED else after


def _entry_header(planned: PlannedEntry) -> dict[str, Any]:
    """What the summary counts of an entry not compared: its action, sector and level."""
    before, after = _sides(planned)
    shown = after or before or planned.entry.record or {}
    return {"action": planned.entry.action, "sector": shown.get("sector", ""), "level": shown.get("level", "")}


def _entry_diff(planned: PlannedEntry, problems: list[Problem]) -> dict[str, Any]:
    entry = planned.entry
    versions = planned.versions
    before, after = _sides(planned)
    shown = after or before or entry.record or {}
    result: dict[str, Any] = {
        "entry_id": entry.id,
        "position": entry.position,
        "action": entry.action,
        "action_label": ACTION_LABELS.get(entry.action, entry.action),
        "code": entry.code or (versions[0].code if versions else None) or None,
        "replaces_code": entry.replaces_code,
        "name": shown.get("name", ""),
        "sector": shown.get("sector", ""),
        "level": shown.get("level", ""),
        "basis": list(entry.basis or []),
        "note": entry.note or "",
        "before_version_id": versions[0].before.id if versions and versions[0].before is not None else None,
        "problems": [p.message for p in problems if p.entry_id == entry.id],
        "changes": [],
        "changed_fields": [],
        "noop": False,
        "warnings": [],
    }
    if not versions:  # a conflict: nothing to compare with
        return result
    changes = diff_records(before, after)
    if entry.action == EntryAction.ABOLISHED:
        changes = [c for c in changes if c["field"] != "code"]  # the code stays, as the abolished one
    result["changes"] = changes
    result["changed_fields"] = [c["label"] for c in changes]
    if entry.action in (EntryAction.AMENDED, EntryAction.REPLACED) and not changes:
        result["noop"] = True
        result["warnings"].append(NOOP_WARNING)
    return result


def _counts(entries: list[dict[str, Any]]) -> dict[str, Any]:
    """Counts by action, sector and level."""
    by_action = {action: 0 for action in ACTION_LABELS}
    by_sector: dict[str, int] = {}
    by_level: dict[str, int] = {}
    for e in entries:
        by_action[e["action"]] = by_action.get(e["action"], 0) + 1
        by_sector[e["sector"] or ""] = by_sector.get(e["sector"] or "", 0) + 1
        by_level[e["level"] or ""] = by_level.get(e["level"] or "", 0) + 1
    return {
        "entries": len(entries),
        "by_action": by_action,
        "by_action_label": {ACTION_LABELS[a]: n for a, n in by_action.items()},
        "by_sector": dict(sorted(by_sector.items())),
        "by_level": by_level,
        "by_level_label": {LEVELS.get(level, level): n for level, n in by_level.items()},
    }


def summarize(entries: list[dict[str, Any]]) -> dict[str, Any]:
    """Counts by action, sector and level, and per entry the changed parts (Decree 63 Art. 15)."""
    return {
        **_counts(entries),
        "changed_parts": [
            {"position": e["position"], "code": e["code"], "action": e["action"], "fields": e["changed_fields"]}
            for e in entries
        ],
        "noop_entries": [e["position"] for e in entries if e["noop"]],
        "entries_with_problems": [e["position"] for e in entries if e["problems"]],
    }
