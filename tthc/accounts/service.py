"""Accounts: creation, password checks with lock-out. No Flask."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from ..audit import record_event
from ..catalogue.models import Agency
from ..problems import DomainError
from ..text import looks_like_mojibake, nfc, sort_key
from .models import ROLES, User

MAX_FAILED_LOGINS = 5
LOCK_MINUTES = 15
MIN_PASSWORD_LENGTH = 10


class AccountError(DomainError, ValueError):
    """A Vietnamese message for the person at the keyboard."""


def create_user(session: Session, username: str, role: str, password: str, *, agency: str | None = None,
                full_name: str = "", actor: str = "") -> User:
    username = nfc(username).strip()
    if not username:
        raise AccountError("Tên đăng nhập không được để trống.")
    for label, value in (("Họ tên", full_name), ("Tên cơ quan", agency or "")):
        if looks_like_mojibake(value):
            raise AccountError(f"{label} «{value[:40]}» có vẻ gõ bằng phông chữ cũ (TCVN3/VNI); hãy gõ lại bằng "
                               "Unicode.")
    if role not in ROLES:
        raise AccountError(f"Vai trò «{role}» không hợp lệ ({', '.join(ROLES)}).")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Mật khẩu phải có ít nhất {MIN_PASSWORD_LENGTH} ký tự.")
    if session.scalar(select(User.id).where(User.username == username)):
        raise AccountError(f"Tên đăng nhập «{username}» đã tồn tại.")
    agency_row = None
    if agency:
        agency = nfc(agency).strip()
        agency_row = session.scalar(select(Agency).where(Agency.name == agency))
        if agency_row is None:
            agency_row = Agency(name=agency, sort_key=sort_key(agency))
            session.add(agency_row)
    elif role == "drafter":
        raise AccountError("Cán bộ soạn thảo phải thuộc một cơ quan (--agency).")
    user = User(username=username, role=role, full_name=nfc(full_name), agency=agency_row,
                password_hash=generate_password_hash(password))
    session.add(user)
    session.flush()
    record_event(session, "user.create", "user", user.id, actor=actor,
                 detail={"username": username, "role": role, "agency": agency or ""})
    return user


def authenticate(session: Session, username: str, password: str, now: dt.datetime | None = None) -> User:
    """The user, or AccountError. Repeated failures lock the account for a while."""
    now = now or dt.datetime.now(dt.UTC)
    user = session.scalar(select(User).where(User.username == nfc(username).strip()))
    generic = AccountError("Tên đăng nhập hoặc mật khẩu không đúng.")
    if user is None or not user.active:
        raise generic
    locked_until = user.locked_until
    if locked_until is not None and locked_until.tzinfo is None:
        locked_until = locked_until.replace(tzinfo=dt.UTC)
    if locked_until and locked_until > now:
        raise AccountError(f"Tài khoản tạm khóa do nhập sai mật khẩu nhiều lần; thử lại sau {LOCK_MINUTES} phút.")
    if not check_password_hash(user.password_hash, password):
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILED_LOGINS:
            user.locked_until = now + dt.timedelta(minutes=LOCK_MINUTES)
            user.failed_logins = 0
            record_event(session, "user.locked", "user", user.id, actor=user.username)
        raise generic
    user.failed_logins = 0
    user.locked_until = None
    record_event(session, "user.login", "user", user.id, user=user)
    return user


def list_users(session: Session) -> list[User]:
    """Every account, by role then Vietnamese alphabetical username."""
    users = session.scalars(select(User)).all()
    order = list(ROLES)
    return sorted(users, key=lambda u: (order.index(u.role) if u.role in order else 99, sort_key(u.username)))


def set_active(session: Session, user: User, active: bool, *, by: User | None = None, actor: str = "") -> User:
    """Deactivate (the account can no longer log in; its history stays) or reactivate an account."""
    if by is not None and by.id == user.id and not active:
        raise AccountError("Không thể tự khóa tài khoản đang đăng nhập.")
    if not active and user.role == "admin" and user.active and _active_admins(session) <= 1:
        raise AccountError("Phải còn ít nhất một quản trị viên đang hoạt động.")
    user.active = active
    record_event(session, "user.activate" if active else "user.deactivate", "user", user.id, user=by,
                 actor=actor, detail={"username": user.username})
    return user


def reset_password(session: Session, user: User, password: str, *, by: User | None = None, actor: str = "") -> User:
    """A new password set by an administrator; also lifts a lock-out."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Mật khẩu phải có ít nhất {MIN_PASSWORD_LENGTH} ký tự.")
    user.password_hash = generate_password_hash(password)
    user.failed_logins = 0
    user.locked_until = None
    record_event(session, "user.password_reset", "user", user.id, user=by, actor=actor,
                 detail={"username": user.username})
    return user


def _active_admins(session: Session) -> int:
    return session.scalar(select(func.count(User.id)).where(User.role == "admin", User.active.is_(True))) or 0
