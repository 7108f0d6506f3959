"""Accounts: creation, password rules, login with throttling, one-time unlock links. No Flask.

Usernames are canonical: NFKC, case-folded, letters of the Latin script (Vietnamese included), digits
and `.`, `-`, `_`. Accounts created before these rules keep their stored name and still log in with it
exactly as stored; a new name whose canonical form equals any existing name's is refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import unicodedata

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash

from ..audit import record_event
from ..catalogue.agencies import find_agency, register_agency
from ..problems import DomainError
from ..text import looks_like_mojibake, nfc, sort_key
from . import throttle
from .models import ROLES, User
from .passwords import dummy_hash, hash_method, hash_password

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256  # hashing cost grows with length; nobody types more
MAX_USERNAME_LENGTH = 64
UNLOCK_LINK_LIFETIME = dt.timedelta(hours=24)
USERNAME_PUNCTUATION = frozenset(".-_")
# Passwords of 10+ characters that top the leaked-password lists (compared case-folded).
COMMON_PASSWORDS = frozenset(
    """
0123456789 1234567890 12345678910 0987654321 9876543210 123456789a a123456789 123456789abc 1234567890a
qwertyuiop qwerty1234 qwerty12345 1q2w3e4r5t 1qaz2wsx3edc zaq12wsxcde abcdefghij abc1234567 abcd123456
password12 password123 password1234 passw0rd123 iloveyou12 iloveyou123 admin12345 admin123456 administrator
matkhau123 matkhau1234 matkhau@123 matkhaumoi 12345678@abc abc@123456 aa123456789 a1b2c3d4e5 letmein123
welcome123 trustno1234 football123 princess123 sunshine123 1234qwerasdf vietnam123 vietnam1234 anhyeuem123
""".split()
)
GENERIC_LOGIN_ERROR = (
    "Tên đăng nhập hoặc mật khẩu không đúng, hoặc việc đăng nhập đang tạm khóa do nhập sai "
    "nhiều lần; hãy thử lại sau ít phút hoặc liên hệ quản trị viên."
)


class AccountError(DomainError, ValueError):
    """A Vietnamese message for the person at the keyboard."""


def canonical_username(username: str) -> str:
    """The form names are stored and compared in: NFKC, case-folded (so `Admin` is `admin`)."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", username or "").casefold())
    return nfc(folded).strip()


def check_username(username: str) -> str:
    """The canonical username, or AccountError: Latin letters (Vietnamese too), digits, `.-_` only, so
    a Cyrillic `а` or a full-width `ａ` cannot pass for `a`."""
    name = canonical_username(username)
    if not name:
        raise AccountError("Tên đăng nhập không được để trống.")
    if len(name) > MAX_USERNAME_LENGTH:
        raise AccountError(f"Tên đăng nhập tối đa {MAX_USERNAME_LENGTH} ký tự.")
    for char in name:
        if char.isascii() and (char.isalnum() or char in USERNAME_PUNCTUATION):
            continue
        if unicodedata.category(char).startswith(("L", "M")) and unicodedata.name(
            unicodedata.normalize("NFD", char)[0], ""
        ).startswith("LATIN"):
            continue
        raise AccountError(
            f"Tên đăng nhập chỉ gồm chữ cái Latinh (có dấu tiếng Việt), chữ số và . - _ "
            f"(ký tự «{char}» không được dùng)."
        )
    return name


def check_password(password: str, username: str = "") -> str:
    """The password, or AccountError: long enough, not one repeated character, not a common one."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Mật khẩu phải có ít nhất {MIN_PASSWORD_LENGTH} ký tự.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(f"Mật khẩu tối đa {MAX_PASSWORD_LENGTH} ký tự.")
    if len(set(password.strip())) <= 1:
        raise AccountError("Mật khẩu không được chỉ gồm một ký tự lặp lại.")
    folded = password.casefold()
    if folded in COMMON_PASSWORDS or (username and canonical_username(username) in folded):
        raise AccountError("Mật khẩu quá dễ đoán (quá phổ biến hoặc chứa tên đăng nhập); hãy chọn mật khẩu khác.")
    return password


def find_user(session: Session, username: str) -> User | None:
    """The account for a typed name: its canonical form, else (accounts older than the rules) as stored."""
    name = canonical_username(username)
    user = session.scalar(select(User).where(User.username == name))
    if user is None:
        user = session.scalar(select(User).where(User.username == nfc(username or "").strip()))
    return user


def create_user(
    session: Session,
    username: str,
    role: str,
    password: str,
    *,
    agency: str | None = None,
    full_name: str = "",
    actor: str = "",
    register_new: bool = True,
) -> User:
    """A new account. `agency` is looked up in the agency register by any spelling (one agency, however
    it is typed); a name not registered yet is registered (the command line) or, with
    `register_new=False` (the account form, which picks from the register), refused."""
    username = check_username(username)
    for label, value in (("Họ tên", full_name), ("Tên cơ quan", agency or "")):
        if looks_like_mojibake(value):
            raise AccountError(
                f"{label} «{value[:40]}» có vẻ gõ bằng phông chữ cũ (TCVN3/VNI); hãy gõ lại bằng Unicode."
            )
    if role not in ROLES:
        raise AccountError(f"Vai trò «{role}» không hợp lệ ({', '.join(ROLES)}).")
    check_password(password, username)
    if any(canonical_username(name) == username for name in session.scalars(select(User.username))):
        raise AccountError(f"Tên đăng nhập «{username}» đã tồn tại.")
    agency_row = None
    if agency:
        agency_row = find_agency(session, agency)
        if agency_row is None and not register_new:
            raise AccountError(f"Cơ quan «{nfc(agency).strip()[:80]}» không có trong danh sách cơ quan.")
        if agency_row is None:
            agency_row = register_agency(session, agency, actor=actor)
    elif role == "drafter":
        raise AccountError("Cán bộ soạn thảo phải thuộc một cơ quan (--agency).")
    user = User(
        username=username,
        role=role,
        full_name=nfc(full_name),
        agency=agency_row,
        password_hash=hash_password(session, password),
    )
    session.add(user)
    session.flush()
    record_event(
        session,
        "user.create",
        "user",
        user.id,
        actor=actor,
        detail={"username": username, "role": role, "agency": agency or ""},
    )
    return user


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    return value.replace(tzinfo=dt.UTC) if value is not None and value.tzinfo is None else value


def _unlock_token_valid(user: User | None, token: str | None, now: dt.datetime) -> bool:
    if not token or user is None or not user.unlock_token_hash:
        return False
    expires = _aware(user.unlock_expires_at)
    return bool(expires and expires > now and hmac.compare_digest(user.unlock_token_hash, _token_hash(token)))


def authenticate(
    session: Session,
    username: str,
    password: str,
    now: dt.datetime | None = None,
    *,
    address: str = "",
    unlock_token: str | None = None,
) -> User:
    """The user, or AccountError (always the same message: unknown name, wrong password, inactive or
    throttled look alike, and cost the same password hash). See tthc.accounts.throttle for the limits.
    A valid one-time `unlock_token` (issue_unlock_link) passes the throttles once; a wrong password
    with it spends it."""
    now = now or dt.datetime.now(dt.UTC)
    name = canonical_username(username)[: MAX_USERNAME_LENGTH + 16]
    password = password[: MAX_PASSWORD_LENGTH + 1]
    user = find_user(session, username[: MAX_USERNAME_LENGTH * 4])
    unlocking = _unlock_token_valid(user, unlock_token, now)
    blocked = not unlocking and (
        throttle.blocked_until(session, name, address, now) is not None
        or (user is not None and throttle.account_locked(session, user.id, now))
    )
    usable = user if user is not None and user.active else None
    password_hash = usable.password_hash if usable is not None else dummy_hash(hash_method(session))
    password_ok = check_password_hash(password_hash, password) and usable is not None
    if password_ok and not blocked and user is not None:
        user.failed_logins = 0
        user.locked_until = None
        user.unlock_token_hash = user.unlock_expires_at = None
        throttle.clear_pair(session, name, address)
        record_event(
            session, "user.login", "user", user.id, user=user, detail={"unlock_link": True} if unlocking else {}
        )
        return user
    if not password_ok:
        throttle.count_failure(session, name, address, now)
        if user is not None:
            failures = throttle.count_account_failure(session, user.id, now)
            if failures == throttle.ACCOUNT_FAILURES:
                record_event(session, "user.locked", "user", user.id, actor=user.username)
            if unlocking:
                user.unlock_token_hash = user.unlock_expires_at = None
    raise AccountError(GENERIC_LOGIN_ERROR)


def issue_unlock_link(
    session: Session, user: User, *, by: User | None = None, actor: str = "", now: dt.datetime | None = None
) -> str:
    """A one-time token letting `user` log in once despite the throttles (24 hours). Only its hash is
    stored; issuing another replaces it. The caller turns it into a link (`/dang-nhap/mo-khoa/<token>`)."""
    now = now or dt.datetime.now(dt.UTC)
    token = secrets.token_urlsafe(32)
    user.unlock_token_hash = _token_hash(token)
    user.unlock_expires_at = now + UNLOCK_LINK_LIFETIME
    record_event(session, "user.unlock_link", "user", user.id, user=by, actor=actor, detail={"username": user.username})
    return token


def end_sessions(session: Session, user: User) -> None:
    """Log the user out everywhere (logout does this: a copied cookie dies with the session)."""
    user.session_version = (user.session_version or 1) + 1


def list_users(session: Session) -> list[User]:
    """Every account, by role then Vietnamese alphabetical username."""
    users = session.scalars(select(User)).all()
    order = list(ROLES)
    return sorted(users, key=lambda u: (order.index(u.role) if u.role in order else 99, sort_key(u.username)))


# The signature blocks a signer of a provincial People's Committee signs under (Decree 30/2020, Annex I).
SIGNING_TITLES = ("CHỦ TỊCH", "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH")


def set_signing_title(session: Session, user: User, title: str, *, by: User | None = None, actor: str = "") -> User:
    """The title the account signs under; the decision document and the signed record use it."""
    title = nfc(title or "").replace("\r\n", "\n").strip()
    if title and title not in SIGNING_TITLES:
        raise AccountError(
            "Chức danh ký không hợp lệ (chấp nhận: " + "; ".join(t.replace("\n", " / ") for t in SIGNING_TITLES) + ")."
        )
    user.signing_title = title
    record_event(
        session,
        "user.signing_title",
        "user",
        user.id,
        user=by,
        actor=actor,
        detail={"username": user.username, "signing_title": title},
    )
    return user


def set_active(session: Session, user: User, active: bool, *, by: User | None = None, actor: str = "") -> User:
    """Deactivate (the account can no longer log in; its history stays) or reactivate an account."""
    if by is not None and by.id == user.id and not active:
        raise AccountError("Không thể tự khóa tài khoản đang đăng nhập.")
    if not active and user.role == "admin" and user.active and _active_admins(session) <= 1:
        raise AccountError("Phải còn ít nhất một quản trị viên đang hoạt động.")
    user.active = active
    record_event(
        session,
        "user.activate" if active else "user.deactivate",
        "user",
        user.id,
        user=by,
        actor=actor,
        detail={"username": user.username},
    )
    return user


def reset_password(session: Session, user: User, password: str, *, by: User | None = None, actor: str = "") -> User:
    """A new password set by an administrator; also lifts a lock-out and ends the user's sessions."""
    check_password(password, user.username)
    user.password_hash = hash_password(session, password)
    user.failed_logins = 0
    user.locked_until = None
    record_event(
        session, "user.password_reset", "user", user.id, user=by, actor=actor, detail={"username": user.username}
    )
    return user


def _active_admins(session: Session) -> int:
    return session.scalar(select(func.count(User.id)).where(User.role == "admin", User.active.is_(True))) or 0
