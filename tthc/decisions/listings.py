"""Drafting list-type decisions (danh mục): a draft whose entries list or delist procedures at service
points (tthc.catalogue.designations), with no change to any record. No Flask.

A list draft is an announcement decision (kind "cong_bo") with `extra["list_kind"] = "danh_muc"`; its
entries wait in `extra["designations"]` in the JSON Lines shape (`{"action", "code", "designations",
"service_point" | "point_kind"}`) until it takes effect, exactly as an imported list decision's do, so
review, signing and applying are the same for both.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..audit import record_event
from ..catalogue.designations import LIST_KIND, POINT_KINDS, check_list_entry, entry_designations, is_list_decision
from ..catalogue.queries import version_in_force
from ..models.catalogue import DESIGNATIONS, ServicePoint
from ..models.decisions import Decision
from ..text import nfc
from .drafting import DraftingError, create_draft, ensure_editable


def create_list_draft(session: Session, user, **fields) -> Decision:
    """A new list-type draft (same fields as tthc.decisions.drafting.create_draft)."""
    decision = create_draft(session, user, **fields)
    decision.extra = {**(decision.extra or {}), "list_kind": LIST_KIND, "designations": []}
    session.flush()
    return decision


def listings(decision: Decision) -> list[dict[str, Any]]:
    return list((decision.extra or {}).get("designations") or [])


def _ensure_list(decision: Decision, user) -> None:
    ensure_editable(decision, user)
    if not is_list_decision(decision):
        raise DraftingError("Quyết định này không phải quyết định danh mục.")


def add_listing(
    session: Session,
    decision: Decision,
    user,
    *,
    action: str,
    code: str,
    designations: list[str],
    service_point_id: int | None = None,
    point_kind: str = "",
) -> dict[str, Any]:
    """One listed / delisted entry, at one service point or at every centre of a level."""
    _ensure_list(decision, user)
    entry: dict[str, Any] = {
        "action": action,
        "code": nfc(code or "").strip(),
        "designations": [d for d in designations if d],
    }
    if service_point_id is not None:
        point = session.get(ServicePoint, service_point_id)
        if point is None:
            raise DraftingError("Nơi tiếp nhận đã chọn không tồn tại.")
        entry["service_point"] = point.name
    elif point_kind in POINT_KINDS:
        entry["point_kind"] = point_kind
    problem = check_list_entry(entry, "Mục danh mục")
    if problem:
        raise DraftingError(problem)
    if version_in_force(session, entry["code"]) is None:
        raise DraftingError(f"Không có thủ tục mã {entry['code']} đang có hiệu lực.")
    decision.extra = {**(decision.extra or {}), "designations": [*listings(decision), entry]}
    session.flush()
    record_event(session, "decision.listing.add", "decision", decision.id, user=user, detail=entry)
    return entry


def remove_listing(session: Session, decision: Decision, user, index: int) -> None:
    _ensure_list(decision, user)
    current = listings(decision)
    if not 0 <= index < len(current):
        raise DraftingError("Không có mục danh mục này.")
    removed = current.pop(index)
    decision.extra = {**(decision.extra or {}), "designations": current}
    session.flush()
    record_event(session, "decision.listing.remove", "decision", decision.id, user=user, detail=removed)


def listing_rows(session: Session, decision: Decision) -> list[dict[str, Any]]:
    """The entries as the drafting page shows them: labels, the place, the procedure's name."""
    points = {p.name: p for p in session.scalars(select(ServicePoint))}
    rows = []
    for entry in listings(decision):
        version = version_in_force(session, entry.get("code") or "")
        where = entry.get("service_point") or {"tinh": "Các Trung tâm cấp tỉnh", "xa": "Các Trung tâm cấp xã"}.get(
            entry.get("point_kind") or "", "Chưa rõ"
        )
        rows.append(
            {
                **entry,
                "name": version.name if version else entry.get("name", ""),
                "labels": [DESIGNATIONS.get(d, d) for d in entry_designations(entry)],
                "where": where,
                "known_point": entry.get("service_point") in points or bool(entry.get("point_kind")),
            }
        )
    return rows
