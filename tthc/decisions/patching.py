"""An annex's rows applied to the version in force, and the import report: per entry, what will be added,
changed and removed. Both run before anything is committed, so a drafter sees the report first."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ..models.decisions import ACTION_LABELS, Decision, DecisionEntry, EntryAction
from ..records.diff import diff_records
from ..records.merge import apply_row_patch
from .baseline import base_record, full_record


def apply_row_patches(session: Session, decision: Decision, raw_entries: list[Any]) -> None:
    """Each amended/replaced entry read row by row (an Excel annex marks them `row_patch`) gets whole parts:
    the version in force with exactly the given rows changed, added or removed ("Bỏ")."""
    for entry, raw in zip(sorted(decision.entries, key=lambda e: e.position), raw_entries, strict=False):
        if (
            isinstance(raw, dict)
            and raw.get("row_patch")
            and entry.action in (EntryAction.AMENDED, EntryAction.REPLACED)
        ):
            base = base_record(session, decision, entry)
            entry.record = _without_repeated_part_one(apply_row_patch(base, entry.record or {}), base, raw)


def _without_repeated_part_one(record: dict[str, Any], base: dict[str, Any] | None, raw: dict[str, Any]) -> dict:
    """Phần I names the procedure it amends: a value there that only repeats the version in force (as an
    exported annex writes it) is not a change, so the entry stores what it changes, as before the round
    trip. A value that differs is kept: it is the amendment (tthc.annex.read._part_one_into_record)."""
    if not base:
        return record
    record = dict(record)
    for key in raw.get("part_one") or []:
        if key == "agencies":
            executing = (record.get("agencies") or {}).get("executing")
            if executing == (base.get("agencies") or {}).get("executing"):
                rest = {role: names for role, names in record["agencies"].items() if role != "executing"}
                record = {k: v for k, v in record.items() if k != "agencies"} | ({"agencies": rest} if rest else {})
        elif record.get(key) == base.get(key):
            record.pop(key, None)
    return record


def _item_text(item: dict[str, Any], side: str) -> str:
    value = item.get(side)
    return value if isinstance(value, str) else str(value)


def entry_report(session: Session, decision: Decision, entry: DecisionEntry) -> dict[str, Any]:
    """{"added", "changed", "removed"}: Vietnamese lines naming each part or list item the entry changes."""
    base = base_record(session, decision, entry)
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
