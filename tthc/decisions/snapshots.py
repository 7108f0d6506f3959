"""What a submission looked like, and what changed between two submissions: a reviewer who sent a draft
back sees only the edits made since, not the whole decision again (docs/review.md)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models.accounts import AuditLog
from ..models.decisions import ACTION_LABELS, Decision, DecisionSnapshot
from ..records.diff import diff_records
from .starting_point import full_record


def _entry_state(session: Session, decision: Decision, entry) -> dict[str, Any]:
    return {
        "entry_id": entry.id,
        "position": entry.position,
        "action": entry.action,
        "code": entry.code or "",
        "replaces_code": entry.replaces_code or "",
        "basis": list(entry.basis or []),
        "note": entry.note or "",
        "record": full_record(session, decision, entry),
    }


def take_snapshot(session: Session, decision: Decision, user) -> DecisionSnapshot:
    """The entries as submitted (each as its whole record once applied)."""
    snapshot = DecisionSnapshot(
        decision_id=decision.id,
        submitted_by_id=getattr(user, "id", None),
        entries=[_entry_state(session, decision, e) for e in sorted(decision.entries, key=lambda e: e.position)],
    )
    session.add(snapshot)
    session.flush()
    return snapshot


def _snapshots(session: Session, decision: Decision) -> list[DecisionSnapshot]:
    return list(
        session.scalars(
            select(DecisionSnapshot).where(DecisionSnapshot.decision_id == decision.id).order_by(DecisionSnapshot.id)
        )
    )


def latest_snapshot_id(session: Session, decision: Decision) -> int | None:
    return session.scalar(
        select(DecisionSnapshot.id)
        .where(DecisionSnapshot.decision_id == decision.id)
        .order_by(DecisionSnapshot.id.desc())
        .limit(1)
    )


def _reviewed_snapshot_id(session: Session, decision: Decision) -> int | None:
    """The submission the latest request for changes answered (its audit event names the snapshot)."""
    detail = session.scalar(
        select(AuditLog.detail)
        .where(
            AuditLog.action == "decision.request_changes",
            AuditLog.object_type == "decision",
            AuditLog.object_id == str(decision.id),
        )
        .order_by(AuditLog.id.desc())
        .limit(1)
    )
    return (detail or {}).get("snapshot")


_ENTRY_FIELDS = {
    "action": "Hình thức",
    "code": "Mã thủ tục",
    "replaces_code": "Mã thủ tục bị thay thế",
    "basis": "Văn bản quy phạm pháp luật",
    "note": "Ghi chú",
}


def changes_between(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per entry: `added`, `removed` or `changed` (with the record diff and the entry's own fields)."""
    old = {e["entry_id"]: e for e in before}
    out = []
    for entry in after:
        previous = old.pop(entry["entry_id"], None)
        name = entry["record"].get("name", "")
        head = {
            "entry_id": entry["entry_id"],
            "position": entry["position"],
            "code": entry["code"],
            "name": name,
            "action_label": ACTION_LABELS.get(entry["action"], entry["action"]),
        }
        if previous is None:
            out.append({**head, "status": "added", "changes": diff_records(None, entry["record"])})
            continue
        changes = [
            {
                "field": key,
                "label": label,
                "kind": "value",
                "before": previous.get(key),
                "after": entry.get(key),
                "before_text": _shown(previous.get(key)),
                "after_text": _shown(entry.get(key)),
            }
            for key, label in _ENTRY_FIELDS.items()
            if previous.get(key) != entry.get(key)
        ]
        changes += diff_records(previous["record"], entry["record"])
        if changes:
            out.append({**head, "status": "changed", "changes": changes})
    for previous in old.values():
        out.append(
            {
                "entry_id": previous["entry_id"],
                "position": previous["position"],
                "code": previous["code"],
                "name": previous["record"].get("name", ""),
                "status": "removed",
                "action_label": ACTION_LABELS.get(previous["action"], previous["action"]),
                "changes": [],
            }
        )
    return sorted(out, key=lambda e: e["position"])


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value) or "Chưa cập nhật"
    return str(value) if value not in (None, "") else "Chưa cập nhật"


def changes_since_last_review(session: Session, decision: Decision) -> dict[str, Any] | None:
    """The edits between the submission a reviewer last sent back and the latest one; None when the
    decision has not been submitted again after a request for changes."""
    reviewed_id = _reviewed_snapshot_id(session, decision)
    snapshots = _snapshots(session, decision)
    reviewed = next((s for s in snapshots if s.id == reviewed_id), None)
    if reviewed is None or snapshots[-1].id == reviewed.id:
        return None
    latest = snapshots[-1]
    return {"reviewed": reviewed, "latest": latest, "entries": changes_between(reviewed.entries, latest.entries)}
