"""Counter staff (cán bộ một cửa) and the service points each one works at.

A counter account prints posting sheets and reads the re-post lists of its own points, nothing else
(tthc.decisions.policy says so). Which points are its own is this table, set by an administrator
(`tthc users set-points`). No Flask.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ForeignKey, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..db import Base


class CounterPoint(Base):
    """One (counter account, service point) pair."""

    __tablename__ = "counter_point"
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    service_point_id: Mapped[int] = mapped_column(ForeignKey("service_point.id", ondelete="CASCADE"), primary_key=True)


def point_ids_of(session: Session, user: Any) -> set[int]:
    """The service points a counter account works at (empty for anyone else or no account)."""
    user_id = getattr(user, "id", None)
    if user_id is None:
        return set()
    return set(session.scalars(select(CounterPoint.service_point_id).where(CounterPoint.user_id == user_id)))


def set_points(session: Session, user: Any, point_ids: list[int], *, by: Any = None, actor: str = "") -> None:
    """Replace a counter account's service points with these (each must exist); audited."""
    from ..audit import record_event
    from ..catalogue.models import ServicePoint
    from .models import Role
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
