"""The import report: per entry of an imported decision, what will be added, changed and removed, against
the version in force. It runs before anything is committed, so a drafter sees the report first."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ..models.decisions import ACTION_LABELS, Decision, DecisionEntry, EntryAction
from ..records.diff import diff_records
from .starting_point import full_record, starting_record


def _item_text(item: dict[str, Any], side: str) -> str:
    value = item.get(side)
    return value if isinstance(value, str) else str(value)


def entry_report(session: Session, decision: Decision, entry: DecisionEntry) -> dict[str, Any]:
    """{"added", "changed", "removed"}: Vietnamese lines naming each part or list item the entry changes."""
    base = starting_record(session, decision, entry)
    after = None if entry.action == EntryAction.ABOLISHED else full_record(session, decision, entry, base)
    report: dict[str, Any] = {
        "position": entry.position,
        "action": entry.action,
        "action_label": ACTION_LABELS[entry.action],
        "code": entry.code or "",
        "name": (after or base or entry.record or {}).get("name", ""),
        "added": [],
        "changed": [],
        "removed": [],
    }
    if entry.action in (EntryAction.NEW, EntryAction.ABOLISHED) or base is None:
        return report  # a whole procedure comes or goes: the action says it
    for change in diff_records(base, after):
        if change["kind"] != "list":
            report["changed"].append(change["label"])
            continue
        for item in change["items"]:
            status = item["status"]
            if status == "added":
                report["added"].append(f"{change['label']}: {_item_text(item, 'after')}")
            elif status == "removed":
                report["removed"].append(f"{change['label']}: {_item_text(item, 'before')}")
            elif status == "changed":
                report["changed"].append(f"{change['label']}: {_item_text(item, 'after')}")
    return report


def import_report(session: Session, decision: Decision) -> list[dict[str, Any]]:
    return [entry_report(session, decision, entry) for entry in sorted(decision.entries, key=lambda e: e.position)]
