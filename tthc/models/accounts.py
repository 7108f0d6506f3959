"""Users, login throttles, request budgets, counter staff's service points and the audit log."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Integer, String, Text, event, func, inspect
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base, JSONDoc, one_of


class Role(StrEnum):
    """What a staff account does (tthc.decisions.policy says what each may do). Stored as these values."""

    DRAFTER = "drafter"
    REVIEWER = "reviewer"
    SIGNER = "signer"
    ADMIN = "admin"
    COUNTER = "counter"  # prints and re-posts the sheets of its own service points, nothing else


# The signature blocks a signer of a provincial People's Committee signs under (Decree 30/2020, Annex I).
SIGNING_TITLES = ("CHỦ TỊCH", "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH")


ROLES: dict[str, str] = {
    Role.DRAFTER: "Cán bộ soạn thảo",
    Role.REVIEWER: "Cán bộ kiểm soát TTHC",
    Role.SIGNER: "Lãnh đạo ký ban hành",
    Role.ADMIN: "Quản trị hệ thống",
    Role.COUNTER: "Cán bộ một cửa (in niêm yết)",
}


class User(Base):
    __tablename__ = "user_account"
    __table_args__ = (CheckConstraint(one_of("role", Role), name="role"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(Text, default="")
    password_hash: Mapped[str] = mapped_column(Text, default="")
    role: Mapped[str] = mapped_column(String(16))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_failed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # Every session carries the version it was opened under; bumping it ends them all (see below).
    session_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # A one-time unlock link: only its SHA-256 is kept, with its expiry.
    unlock_token_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    unlock_expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # A signer's title in the signature block ("CHỦ TỊCH", "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", ...); "" = not set.
    signing_title: Mapped[str] = mapped_column(Text, default="", server_default="")
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
        # The session version travels with the id: a bumped version makes every older cookie unknown.
        return f"{self.id}.{self.session_version}"

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)


# Changes after which no session opened before may go on: whoever held the account before the change
# (a stolen cookie, the previous holder of the role) loses it. One rule, whatever door made the change.
SESSION_ENDING_CHANGES = ("password_hash", "role", "agency_id", "active")


@event.listens_for(User, "before_update")
def _end_sessions_on_sensitive_change(_mapper, _connection, user: User) -> None:
    state = inspect(user)
    if any(state.attrs[name].history.has_changes() for name in SESSION_ENDING_CHANGES):
        user.session_version = (user.session_version or 1) + 1


class LoginThrottle(Base):
    """Failed logins counted per key (a client address, or an account typed from an address).

    `failures` counts attempts (reserved before the password is checked; a success gives its own back)
    and decays: an attempt more than the window after the previous one starts the count again.
    `previous_at` is the attempt before the last one: the one statement that reserves an attempt
    (insert … on conflict … returning) also says how long the key had been quiet.
    """

    __tablename__ = "login_throttle"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    previous_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class RequestBudget(Base):
    """Requests one client address made in the current minute on search and the API (tthc.web.budget),
    counted in one upsert per request so every worker shares the count."""

    __tablename__ = "request_budget"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    window_start: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    used: Mapped[int] = mapped_column(Integer, default=0)


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


class CounterPoint(Base):
    """One (counter account, service point) pair."""

    __tablename__ = "counter_point"
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    service_point_id: Mapped[int] = mapped_column(ForeignKey("service_point.id", ondelete="CASCADE"), primary_key=True)
