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
import threading
import unicodedata
from contextlib import contextmanager

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash

from ..audit import record_event
from ..catalogue.agencies import find_agency, register_agency
from ..models.accounts import ROLES, SIGNING_TITLES, Role, User
from ..problems import DomainError
from ..text import looks_like_mojibake, nfc, sort_key
from . import throttle
from .passwords import dummy_hash, hash_method, hash_password

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256  # hashing cost grows with length; nobody types more
MAX_USERNAME_LENGTH = 64
UNLOCK_LINK_LIFETIME = dt.timedelta(hours=24)
USERNAME_PUNCTUATION = frozenset(".-_")
# The marks Vietnamese puts on a Latin letter (decomposed): grave, acute, circumflex, tilde, breve, hook
# above, horn, dot below. With a-z, đ, digits and .-_ they are all a username may hold, so look-alikes
# from other alphabets (Cyrillic а, dotless ı, small-capital ᴀ, full-width ａ) cannot pass for a-z.
VIETNAMESE_MARKS = frozenset("\u0300\u0301\u0302\u0303\u0306\u0309\u031b\u0323")
# Unicode TR39 confusables (confusables.txt, version 13.0.0): every entry whose source a username may
# hold; the others map characters a username cannot contain. A name's skeleton is these replaced
# (after case folding, then folded again), so `adrnin`, `adm1n`… are the same as `admin`.
CONFUSABLE_PROTOTYPES = {"0": "o", "1": "l", "m": "rn", "đ": "d\u0335"}
# zxcvbn (Dropbox's estimator: common-password lists, sequences, repeats, keyboard walks, dates) must
# put a password at 10^8 guesses or more; longer ones are judged on their first ZXCVBN_CHARS.
MIN_GUESSES_LOG10 = 8
ZXCVBN_CHARS = 64
# Said on the web and on the command line alike: no door's own words (a flag, a field id) in it.
DRAFTER_NEEDS_AGENCY = "Cán bộ soạn thảo phải thuộc một cơ quan: hãy chọn cơ quan của tài khoản."
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
# Password hashes: werkzeug's scrypt (32 MB, about 0.1 s each) unless the settings name another method
# (PASSWORD_HASH_METHOD, carried by the session: tthc.accounts.passwords; tests use a cheap one). Logins
# check at most HASH_CONCURRENCY hashes at once per process, so a burst of logins can take neither all the
# memory nor all the cores from public pages.
DEFAULT_HASH_CONCURRENCY = 2
HASH_SLOT_WAIT_SECONDS = 3.0  # how long a login thread waits for its process's slot before "busy"
# Across processes (gunicorn workers) at most LOGIN_HASH_SLOTS hashes run on the machine at once (lock
# files): a sync worker that hashes serves nothing else, so the others must stay free for pages. A login
# finding no machine slot free is refused at once (429, no hash): a sync worker waiting for one would be a
# worker lost to pages too (a 0.25 s wait for every attempt put public pages' p95 at 0.9 s under a burst).
MACHINE_SLOT_WAIT_SECONDS = 0.0
# ...except on a browser the account logged in on before (a signed cookie no burst can make for another
# name; 5 attempts each) or with an unlock link: its owner, logging in while a burst keeps the slots busy,
# waits this long for one instead of being sent away; the bound on hashes stays, and so few waits cost
# pages next to nothing.
KNOWN_BROWSER_SLOT_WAIT_SECONDS = 1.0
BUSY_RETRY_SECONDS = 5


class AccountError(DomainError, ValueError):
    """A Vietnamese message for the person at the keyboard."""


class LoginRefused(AccountError):
    """A login refused before its password was checked (no hash computed): the name and address must
    wait (too many attempts), or every hashing slot is busy. `retry_after` in whole seconds (HTTP 429)."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def _minutes(wait: dt.timedelta) -> int:
    return max(1, -(-int(wait.total_seconds()) // 60))


def throttled(wait: dt.timedelta) -> LoginRefused:
    return LoginRefused(
        "Đăng nhập đang tạm khóa do nhập sai nhiều lần; hãy thử lại sau khoảng "
        f"{_minutes(wait)} phút, hoặc liên hệ quản trị viên để nhận đường dẫn mở khóa.",
        max(1, int(wait.total_seconds() + 0.999)),
    )


class _Hashing:
    """The one place the bounds on concurrent login hashes live (the method: tthc.accounts.passwords)."""

    slots = threading.BoundedSemaphore(DEFAULT_HASH_CONCURRENCY)
    concurrency = DEFAULT_HASH_CONCURRENCY
    machine_slots = 0  # 0: no bound across processes
    lock_dir: str | None = None


def configure_hashing(
    concurrency: int | None = None,
    *,
    machine_slots: int | None = None,
    lock_dir: str | None = None,
) -> None:
    """Set from the settings when the app starts (LOGIN_HASH_CONCURRENCY per process, LOGIN_HASH_SLOTS
    per machine with their lock files in `lock_dir`)."""
    concurrency = max(1, int(concurrency or DEFAULT_HASH_CONCURRENCY))
    if concurrency != _Hashing.concurrency:
        _Hashing.slots, _Hashing.concurrency = threading.BoundedSemaphore(concurrency), concurrency
    if machine_slots is not None:
        _Hashing.machine_slots, _Hashing.lock_dir = max(0, int(machine_slots)), lock_dir


@contextmanager
def _hashing_slot(machine_wait: float = MACHINE_SLOT_WAIT_SECONDS):
    """True once this login may hash (a slot in its process and one on the machine, waiting up to
    `machine_wait` seconds for that one), else False."""
    slots = _Hashing.slots
    if not slots.acquire(timeout=HASH_SLOT_WAIT_SECONDS):
        yield False
        return
    try:
        with _machine_slot(machine_wait) as free:
            yield free
    finally:
        slots.release()


@contextmanager
def _machine_slot(wait: float = MACHINE_SLOT_WAIT_SECONDS):
    """One of LOGIN_HASH_SLOTS lock files, held (flock) for the hash; shared by every process."""
    import fcntl
    import os
    import time

    if _Hashing.machine_slots <= 0 or not _Hashing.lock_dir:
        yield True
        return
    os.makedirs(_Hashing.lock_dir, mode=0o700, exist_ok=True)
    deadline = time.monotonic() + wait
    while True:
        for number in range(_Hashing.machine_slots):
            fd = os.open(os.path.join(_Hashing.lock_dir, f"slot-{number}.lock"), os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            try:
                yield True
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)
            return
        if time.monotonic() >= deadline:
            yield False
            return
        time.sleep(0.02)


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
        parts = unicodedata.normalize("NFD", char)
        base, marks = parts[0], parts[1:]
        ascii_ok = base.isascii() and (base.isalnum() or (base in USERNAME_PUNCTUATION and not marks))
        if (ascii_ok or base == "đ") and all(mark in VIETNAMESE_MARKS for mark in marks):
            continue
        raise AccountError(
            f"Tên đăng nhập chỉ gồm chữ cái tiếng Việt (a–z, đ, có dấu), chữ số và . - _ "
            f"(ký tự «{char}» không được dùng)."
        )
    return name


def username_skeleton(username: str) -> str:
    """What a name looks like (Unicode TR39 skeleton of its folded form): two names with the same
    skeleton can be taken for each other on screen."""
    folded = unicodedata.normalize("NFD", canonical_username(username))
    mapped = "".join(CONFUSABLE_PROTOTYPES.get(char, char) for char in folded)
    return unicodedata.normalize("NFD", mapped).casefold()


def check_password(password: str, username: str = "") -> str:
    """The password, or AccountError saying why: too short or long, one repeated character, a common
    one, the username inside, or guessable in under 10^8 tries (zxcvbn: sequences, repeats, keyboard
    walks, dates, leaked-password lists)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Mật khẩu phải có ít nhất {MIN_PASSWORD_LENGTH} ký tự.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(f"Mật khẩu tối đa {MAX_PASSWORD_LENGTH} ký tự.")
    if len(set(password.strip())) <= 1:
        raise AccountError("Mật khẩu không được chỉ gồm một ký tự lặp lại.")
    folded = password.casefold()
    if folded in COMMON_PASSWORDS:
        raise AccountError(WEAKNESS["passwords"])
    if username and canonical_username(username) in folded:
        raise AccountError(WEAKNESS["user_inputs"])
    weakness = _weakness(password, canonical_username(username) if username else "")
    if weakness:
        raise AccountError(weakness)
    return password


_ADVICE = "; hãy chọn mật khẩu khác, ví dụ một cụm bốn, năm từ không liên quan đến nhau."
WEAKNESS = {
    "passwords": "Mật khẩu nằm trong danh sách mật khẩu phổ biến nhất (đã lộ trong các vụ rò rỉ)" + _ADVICE,
    "user_inputs": "Mật khẩu chứa tên đăng nhập" + _ADVICE,
    "sequence": "Mật khẩu chủ yếu là một dãy ký tự liên tiếp (như 123456…, abcdef…)" + _ADVICE,
    "repeat": "Mật khẩu chủ yếu lặp lại một ký tự hoặc một cụm ký tự (như aaaa…, abcabc…)" + _ADVICE,
    "spatial": "Mật khẩu chủ yếu là các phím liền nhau trên bàn phím (như qwerty…)" + _ADVICE,
    "date": "Mật khẩu chủ yếu là ngày tháng hoặc năm" + _ADVICE,
    "dictionary": "Mật khẩu ghép từ những từ hoặc tên quá phổ biến" + _ADVICE,
    "": "Mật khẩu quá dễ đoán" + _ADVICE,
}


def _weakness(password: str, username: str) -> str | None:
    """zxcvbn's verdict in Vietnamese: None when strong enough, else what makes most of it guessable."""
    from zxcvbn import zxcvbn

    result = zxcvbn(password[:ZXCVBN_CHARS], user_inputs=[username] if username else [])
    if float(result["guesses_log10"]) >= MIN_GUESSES_LOG10:
        return None
    covered: dict[str, int] = {}
    for match in result["sequence"]:
        kind = match["pattern"]
        if kind == "dictionary" and match.get("dictionary_name") in ("passwords", "user_inputs"):
            kind = match["dictionary_name"]
        elif kind == "regex":
            kind = "date"
        covered[kind] = covered.get(kind, 0) + len(match["token"])
    covered.pop("bruteforce", None)
    worst = max(covered, key=lambda kind: covered[kind], default="")
    return WEAKNESS.get(worst, WEAKNESS[""])


def find_user(session: Session, username: str) -> User | None:
    """The account for a typed name: its canonical form, else (accounts older than the rules) as stored."""
    name = canonical_username(username)
    user = session.scalar(select(User).where(User.username == name))
    as_typed = nfc(username or "").strip()
    if user is None and as_typed != name:  # the same name needs no second look (every guess pays for it)
        user = session.scalar(select(User).where(User.username == as_typed))
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
    skeleton = username_skeleton(username)
    for name in session.scalars(select(User.username)):
        if canonical_username(name) == username:
            raise AccountError(f"Tên đăng nhập «{username}» đã tồn tại.")
        if username_skeleton(name) == skeleton:
            raise AccountError(
                f"Tên đăng nhập «{username}» trông giống tên đã có «{name}» (dễ nhầm khi đọc); hãy chọn tên khác."
            )
    agency_row = None
    if agency:
        agency_row = find_agency(session, agency)
        if agency_row is None and not register_new:
            raise AccountError(f"Cơ quan «{nfc(agency).strip()[:80]}» không có trong danh sách cơ quan.")
        if agency_row is None:
            agency_row = register_agency(session, agency, actor=actor)
    elif role == Role.DRAFTER:
        raise AccountError(DRAFTER_NEEDS_AGENCY)
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
    device: str | None = None,
) -> User:
    """The user, or AccountError. The attempt is counted first (tthc.accounts.throttle.reserve) and the
    count committed at once (no row lock is held across a hash); an attempt past its allowance is
    refused with the wait (LoginRefused), before and without any password hash. Otherwise the password
    is checked, one hash, for unknown and inactive names too (a dummy one), and every failure answers
    the same message. A valid one-time `unlock_token` (issue_unlock_link) passes the throttles once; a
    wrong password with it spends it. `device`: the id of a browser this name logged in on before, as
    the caller verified it (its attempts count on that browser only)."""
    now = now or dt.datetime.now(dt.UTC)
    name = canonical_username(username)[: MAX_USERNAME_LENGTH + 16]
    password = password[: MAX_PASSWORD_LENGTH + 1]
    user = find_user(session, username[: MAX_USERNAME_LENGTH * 4])
    unlocking = _unlock_token_valid(user, unlock_token, now)
    reservation = throttle.reserve(session, name, address, now, device=device)
    if user is not None and reservation.account_wait:
        _show_lock(session, user, reservation, now)
    session.commit()
    if not reservation.allowed and not unlocking:
        raise throttled(reservation.wait)
    usable = user if user is not None and user.active else None
    password_hash = usable.password_hash if usable is not None else dummy_hash(hash_method(session))
    known = bool(device) or unlocking  # a browser or a link no burst can make: worth a short wait
    with _hashing_slot(KNOWN_BROWSER_SLOT_WAIT_SECONDS if known else MACHINE_SLOT_WAIT_SECONDS) as free:
        if not free:  # still counted: every attempt is (a burst must not learn it can retry for free)
            raise LoginRefused(
                "Máy chủ đang bận xử lý nhiều lượt đăng nhập; hãy thử lại sau vài giây.", BUSY_RETRY_SECONDS
            )
        password_ok = check_password_hash(password_hash, password) and usable is not None
    if password_ok and user is not None:
        throttle.give_back(session, reservation)  # its own place only: parallel failures stay counted
        user.unlock_token_hash = user.unlock_expires_at = None
        record_event(
            session, "user.login", "user", user.id, user=user, detail={"unlock_link": True} if unlocking else {}
        )
        return user
    if unlocking and user is not None:
        user.unlock_token_hash = user.unlock_expires_at = None
    raise AccountError(GENERIC_LOGIN_ERROR)


def _show_lock(session: Session, user: User, reservation: throttle.Reservation, now: dt.datetime) -> None:
    """What the accounts page shows («Tạm khóa»): the account-wide count and when the next try may come.
    A display only; the throttle rows decide."""
    first_lock = (user.locked_until is None) or (_aware(user.locked_until) or now) <= now
    user.failed_logins = reservation.account_attempts
    user.last_failed_at = now
    user.locked_until = now + throttle.delay_after(reservation.account_attempts + 1, throttle.ACCOUNT.attempts)
    if first_lock:
        record_event(session, "user.locked", "user", user.id, actor=user.username)


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


def end_sessions(session: Session, user: User) -> None:  # noqa: ARG001  (a service: session first, as all)
    """Log the user out everywhere (logout does this: a copied cookie dies with the session)."""
    user.session_version = (user.session_version or 1) + 1


def list_users(session: Session) -> list[User]:
    """Every account, by role then Vietnamese alphabetical username."""
    users = session.scalars(select(User)).all()
    order = list(ROLES)
    return sorted(users, key=lambda u: (order.index(u.role) if u.role in order else 99, sort_key(u.username)))


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
    if not active and user.role == Role.ADMIN and user.active and _active_admins(session) <= 1:
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
    throttle.forget_account(session, user.username)  # an administrator's act, not a race: the wait ends
    record_event(
        session, "user.password_reset", "user", user.id, user=by, actor=actor, detail={"username": user.username}
    )
    return user


def _active_admins(session: Session) -> int:
    return session.scalar(select(func.count(User.id)).where(User.role == Role.ADMIN, User.active.is_(True))) or 0
