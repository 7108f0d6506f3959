"""Users and the audit log."""
from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base, JSONDoc


class Role(StrEnum):
    """What a staff account does (tthc.decisions.policy says what each may do). Stored as these values."""
    DRAFTER = "drafter"
    REVIEWER = "reviewer"
    SIGNER = "signer"
    ADMIN = "admin"


ROLES: dict[str, str] = {
    Role.DRAFTER: "Cán bộ soạn thảo",
    Role.REVIEWER: "Cán bộ kiểm soát TTHC",
    Role.SIGNER: "Lãnh đạo ký ban hành",
    Role.ADMIN: "Quản trị hệ thống",
}


class User(Base):
    __tablename__ = "user_account"
    __table_args__ = (CheckConstraint("role IN (" + ", ".join(f"'{r}'" for r in Role) + ")", name="role"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(Text, default="")
    password_hash: Mapped[str] = mapped_column(Text, default="")
    role: Mapped[str] = mapped_column(String(16))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    agency = relationship("Agency")

    # Flask-Login protocol, kept here so the model needs no Flask import.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return str(self.id)

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)


class AuditLog(Base):
    """Append-only: who did what to which object, when."""
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    actor: Mapped[str] = mapped_column(Text, default="")
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[str] = mapped_column(String(80))
    detail: Mapped[dict[str, Any]] = mapped_column(JSONDoc, default=dict)
