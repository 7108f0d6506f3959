"""The audit log: every state change records who, when and what."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from .models.accounts import AuditLog


def record_event(
    session: Session,
    action: str,
    object_type: str,
    object_id: Any,
    *,
    user=None,
    actor: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditLog:
    entry = AuditLog(
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        user_id=getattr(user, "id", None),
        actor=actor or getattr(user, "username", "") or "hệ thống",
        detail=detail or {},
    )
    session.add(entry)
    return entry
