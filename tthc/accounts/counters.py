"""Counter staff (cán bộ một cửa) and the service points each one works at.

A counter account prints posting sheets and reads the re-post lists of its own points, nothing else
(tthc.decisions.policy says so). Which points are its own is the `counter_point` table
(`tthc.models.accounts.CounterPoint`), set by an administrator
(`tthc users set-points`). No Flask.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..models.accounts import CounterPoint


def point_ids_of(session: Session, user: Any) -> set[int]:
    """The service points a counter account works at (empty for anyone else or no account)."""
    user_id = getattr(user, "id", None)
    if user_id is None:
        return set()
    return set(session.scalars(select(CounterPoint.service_point_id).where(CounterPoint.user_id == user_id)))


def set_points(session: Session, user: Any, point_ids: list[int], *, by: Any = None, actor: str = "") -> None:
    """Replace a counter account's service points with these (each must exist); audited."""
    from ..audit import record_event
    from ..models.accounts import Role
    from ..models.catalogue import ServicePoint
    from .service import AccountError

    if user.role != Role.COUNTER:
        raise AccountError(
            f"Tài khoản «{user.username}» không phải cán bộ một cửa; chỉ giao nơi tiếp nhận cho vai trò này."
        )
    wanted = sorted(set(point_ids))
    found = set(session.scalars(select(ServicePoint.id).where(ServicePoint.id.in_(wanted))))
    missing = [str(point_id) for point_id in wanted if point_id not in found]
    if missing:
        raise AccountError("Không có nơi tiếp nhận số " + ", ".join(missing) + ".")
    session.execute(delete(CounterPoint).where(CounterPoint.user_id == user.id))
    session.add_all(CounterPoint(user_id=user.id, service_point_id=point_id) for point_id in wanted)
    session.flush()
    record_event(
        session,
        "user.service_points",
        "user",
        user.id,
        user=by,
        actor=actor,
        detail={"username": user.username, "service_points": wanted},
    )
