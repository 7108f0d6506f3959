"""The login lane: every request for a login page (the form, an attempt, an unlock link) waits its turn in
one lane for the whole server, so a burst of logins cannot take the cores public pages need.

A login attempt is counted in the database before its password is checked (tthc.accounts.throttle) and
may cost a 32 MB scrypt hash; even a refused one costs a few milliseconds of CPU, its login form another
one. 32 parallel failed logins on two workers used to hold both cores: public pages waited behind them
(p95 8-13x the quiet figure). Now, in front of the app (no Flask work, no database, no session):

- One login request at a time on the server: a lock file in the instance folder (`login-lane.lock`,
  flock), shared by every worker process, taken by one thread per process (the others wait on a plain
  lock, not spinning). Pages never wait for it; the serving configuration (tthc/gunicorn_conf.py) gives
  each worker threads for pages beyond those a login burst can hold.
- The lane rests after each request as long as the request took (`REST`): logins, hashes included,
  use at most half of one core, however many arrive. A lone login never waits (the rest is over long
  before the next one comes).
- At most LOGIN_QUEUE login requests per process wait or run; more, or one still waiting after
  LOGIN_QUEUE_SECONDS, are answered at once: 429 with `Retry-After`, a tiny page, nothing read from the
  database. Such a refusal reaches neither the throttle nor a hash, so it is not counted: it checks no
  password and tells nothing, and an attempt that gets through is counted before any password is
  checked (the throttle's bound on verified passwords holds). A burst that fits the queue (32 parallel
  logins, every browser's form and attempt) is counted whole.
- A login form's body is read before the request waits, so a client sending it slowly holds a thread,
  never the lane; the answer is read whole inside the lane and written after it is released.

LOGIN_QUEUE=0 turns the lane off (the test suite, whose processes share an instance folder).
"""

from __future__ import annotations

import fcntl
import io
import os
import struct
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from .security_headers import SECURITY_HEADERS

LOGIN_PATH = "/dang-nhap"  # the form and attempts; /dang-nhap/mo-khoa/<token> (unlock links) below it
LOCK_NAME = "login-lane.lock"
REST = 1.0  # the lane rests this many times as long as each request took: logins get half a core at most
MAX_REST_SECONDS = 2.0  # a stale or odd value in the lock file never stalls the lane for longer
POLL_SECONDS = 0.002  # the one thread per process waiting for another process's turn looks this often
BODY_BYTES = 64 * 1024  # a login form is under 1 KB; a larger body is left for the app to refuse
BUSY_RETRY_SECONDS = 5
BUSY_MESSAGE = "Máy chủ đang nhận quá nhiều lượt đăng nhập cùng lúc; hãy thử lại sau vài giây."
BUSY_PAGE = (
    '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Máy chủ đang bận</title></head>'
    f'<body><h1>Máy chủ đang bận</h1><p>{BUSY_MESSAGE}</p><p><a href="/">Trang chủ</a></p></body></html>'
).encode()
_REST_UNTIL = struct.Struct("<d")  # the lock file holds when the lane may serve again (time.time())


def is_login_path(path: str) -> bool:
    return path == LOGIN_PATH or path.startswith(LOGIN_PATH + "/")


class LoginLane:
    """WSGI middleware: login requests one at a time for every process sharing `lock_path` (see above)."""

    def __init__(self, app: Callable, lock_path: str, queue: int, wait_seconds: float) -> None:
        self.app = app
        self.lock_path = lock_path
        self.queue = queue
        self.wait_seconds = wait_seconds
        self._turn = threading.Lock()  # this process's one thread at the lock file
        self._count = threading.Lock()
        self._waiting = 0
        self._file: tuple[int, int] | None = None  # (pid, fd): flock is per open file, so one per process

    @property
    def waiting(self) -> int:
        """Login requests of this process waiting for the lane or in it."""
        return self._waiting

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        if self.queue <= 0 or not is_login_path(environ.get("PATH_INFO", "")):
            return self.app(environ, start_response)
        with self._count:
            if self._waiting >= self.queue:
                return busy(start_response)
            self._waiting += 1
        try:
            deadline = time.monotonic() + self.wait_seconds
            _read_body_first(environ)
            if not self._turn.acquire(timeout=max(0.0, deadline - time.monotonic())):
                return busy(start_response)
            try:
                fd = self._lock_file()
                if not _flock_by(fd, deadline):
                    return busy(start_response)
                try:
                    return self._serve(fd, environ, start_response)
                finally:
                    fcntl.flock(fd, fcntl.LOCK_UN)
            finally:
                self._turn.release()
        finally:
            with self._count:
                self._waiting -= 1

    def _serve(self, fd: int, environ: dict[str, Any], start_response: Callable) -> list[bytes]:
        """The request, in the lane: after the previous one's rest, read whole; then this one's rest."""
        rest = _rest_until(fd) - time.time()
        if rest > 0:
            time.sleep(min(rest, MAX_REST_SECONDS))
        started = time.monotonic()
        try:
            body = self.app(environ, start_response)
            try:
                return [b"".join(body)]
            finally:
                close = getattr(body, "close", None)
                if close is not None:
                    close()
        finally:
            took = time.monotonic() - started
            os.pwrite(fd, _REST_UNTIL.pack(time.time() + REST * took), 0)

    def _lock_file(self) -> int:
        pid = os.getpid()
        if self._file is None or self._file[0] != pid:  # a forked worker opens its own
            os.makedirs(os.path.dirname(self.lock_path) or ".", mode=0o700, exist_ok=True)
            self._file = (pid, os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600))
        return self._file[1]


def _flock_by(fd: int, deadline: float) -> bool:
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(POLL_SECONDS)


def _rest_until(fd: int) -> float:
    raw = os.pread(fd, _REST_UNTIL.size, 0)
    return _REST_UNTIL.unpack(raw)[0] if len(raw) == _REST_UNTIL.size else 0.0


def _read_body_first(environ: dict[str, Any]) -> None:
    """A small body is read now (while waiting, not in the lane) and handed to the app from memory."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return
    if 0 < length <= BODY_BYTES:
        environ["wsgi.input"] = io.BytesIO(environ["wsgi.input"].read(length))


def busy(start_response: Callable) -> list[bytes]:
    """429 without the app: no session, no database, no template."""
    headers = [
        ("Content-Type", "text/html; charset=utf-8"),
        ("Content-Length", str(len(BUSY_PAGE))),
        ("Retry-After", str(BUSY_RETRY_SECONDS)),
        ("Cache-Control", "no-store"),
        *SECURITY_HEADERS.items(),
    ]
    start_response("429 Too Many Requests", headers)
    return [BUSY_PAGE]
