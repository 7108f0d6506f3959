"""Issue 25, items 3, 4 and 5: guesses in parallel against a real server, password hashing as a lever,
and outsiders locking people out.

The parallel tests run a real threaded werkzeug server on 127.0.0.1 and send real parallel requests;
they run on SQLite and, with TTHC_TEST_DATABASE_URL, on PostgreSQL. Tests that count hashes use the
production hasher (scrypt, 32 MB): marked `production_hasher`, and their app names it explicitly."""

from __future__ import annotations

import datetime as dt
import http.client
import threading
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack

import pytest
from sqlalchemy import select

from tests.support.auth import PASSWORD, AuthActions
from tests.support.server import port_of, serving
from tthc import create_app
from tthc.accounts import service, throttle
from tthc.accounts.service import AccountError, LoginRefused, authenticate, create_user
from tthc.db import transaction
from tthc.models.accounts import LoginThrottle

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
WAIT_TEXT = "tạm khóa do nhập sai nhiều lần"
BUSY_TEXT = "Máy chủ đang bận xử lý nhiều lượt đăng nhập"


def make_app(database_url, tmp_path, **settings):
    config = {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "khoa-bi-mat-thu",
        "INDEX_DIR": str(tmp_path / "index"),
        "EXPORT_DIR": str(tmp_path / "exports"),
        "APPLY_DUE_ON_START": False,
        "WTF_CSRF_ENABLED": False,  # the requests come from a script, as an attacker's would
        "PASSWORD_HASH_METHOD": "scrypt",
        # Served as in production, login lane included; its lock file and the hashing slots' are this test's.
        "INSTANCE_DIR": str(tmp_path / "instance"),
    }
    config.update(settings)
    return create_app(config)


class Server:
    """The app on a threaded werkzeug server on a free loopback port."""

    def __init__(self, app):
        self.app = app
        self._stack = ExitStack()
        self.port = port_of(self._stack.enter_context(serving(app)))

    def post_login(self, username: str, password: str) -> tuple[int, str, str | None]:
        body = urllib.parse.urlencode({"username": username, "password": password})
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            connection.request(
                "POST", "/dang-nhap", body=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
            )
            response = connection.getresponse()
            return response.status, response.read().decode(), response.getheader("Retry-After")
        finally:
            connection.close()

    def close(self):
        self._stack.close()
        self.app.extensions["tthc"].engine.dispose()


@pytest.fixture
def serve(database_url, tmp_path):
    servers: list[Server] = []

    def start(**settings) -> Server:
        server = Server(make_app(database_url, tmp_path, **settings))
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


@pytest.fixture
def hash_spy(monkeypatch):
    """Counts the password hashes computed (and the most at once), delegating to the real function."""
    spy = {"calls": 0, "active": 0, "peak": 0}
    lock = threading.Lock()
    real = service.check_password_hash

    def counting(password_hash, password):
        with lock:
            spy["calls"] += 1
            spy["active"] += 1
            spy["peak"] = max(spy["peak"], spy["active"])
        try:
            return real(password_hash, password)
        finally:
            with lock:
                spy["active"] -= 1

    monkeypatch.setattr(service, "check_password_hash", counting)
    return spy


def pair_attempts(app, username: str) -> int:
    with app.extensions["tthc"].session_factory() as session:
        return session.scalar(select(LoginThrottle.failures).where(LoginThrottle.key.like(f"acct:{username}|%")))


# --- item 3: the lock-out race -------------------------------------------------------------------------
@pytest.mark.production_hasher
def test_parallel_guesses_with_the_password_last_verify_at_most_the_allowance(serve):
    """24 parallel guesses, the right password sent last: at most k = 5 passwords are checked, every
    attempt is recorded, and the right password after the k-th is refused with the wait message."""
    server = serve()
    with transaction(server.app.extensions["tthc"].session_factory) as session:
        create_user(session, "quan-tri", "admin", PASSWORD)
    guesses = [f"doan-sai-{i:02d}-mat-khau" for i in range(23)] + [PASSWORD]
    with ThreadPoolExecutor(max_workers=24) as pool:
        answers = list(pool.map(lambda password: server.post_login("quan-tri", password), guesses))
    statuses = [status for status, _, _ in answers]
    checked = statuses.count(401) + statuses.count(302)
    assert checked <= throttle.PAIR.attempts, statuses
    assert set(statuses) <= {302, 401, 429}
    for status, page, retry_after in answers:
        if status == 429:  # refused before any hash: the wait, or every hashing slot busy; when to come back
            assert (WAIT_TEXT in page or BUSY_TEXT in page) and retry_after and int(retry_after) >= 1
    # Every attempt counted; a success gives back its own place only.
    assert pair_attempts(server.app, "quan-tri") == 24 - statuses.count(302)
    status, page, retry_after = server.post_login("quan-tri", PASSWORD)
    assert status == 429 and WAIT_TEXT in page and retry_after


def test_a_success_does_not_erase_failures_counted_beside_it(session_factory):
    with transaction(session_factory) as session:
        create_user(session, "can-bo", "reviewer", PASSWORD)
    with transaction(session_factory) as session:
        for i in range(3):
            with pytest.raises(AccountError):
                authenticate(session, "can-bo", f"sai-{i}-mat-khau", NOW, address="10.0.0.1")
        assert authenticate(session, "can-bo", PASSWORD, NOW, address="10.0.0.1")
    with session_factory() as session:
        # The three failures stay counted (the old code wiped them: 23 failures were recorded as 8).
        assert session.scalar(select(LoginThrottle.failures).where(LoginThrottle.key == "acct:can-bo|10.0.0.1")) == 3
        assert session.scalar(select(LoginThrottle.failures).where(LoginThrottle.key == "user:can-bo")) == 3


# --- item 4: password hashing as a lever ------------------------------------------------------------------
@pytest.mark.production_hasher
def test_a_throttled_attempt_costs_no_hash_and_answers_429(client, make_user, hash_spy):
    make_user("quan-tri", "admin")
    auth = AuthActions(client)
    for i in range(throttle.PAIR.attempts):
        assert auth.login("quan-tri", f"doan-sai-{i}-mat-khau", expect=401)
    hashes = hash_spy["calls"]
    assert hashes == throttle.PAIR.attempts
    for i in range(10):
        response = auth.login("quan-tri", PASSWORD if i == 9 else f"lan-nua-{i}-mat-khau", expect=429)
        assert WAIT_TEXT in response.get_data(as_text=True)
        assert int(response.headers["Retry-After"]) >= 30
    assert hash_spy["calls"] == hashes  # ten refusals, not one hash


@pytest.mark.production_hasher
@pytest.mark.parametrize(("per_process", "per_machine"), [(1, 4), (4, 1)])
def test_concurrent_login_hashes_are_bounded(serve, hash_spy, per_process, per_machine):
    """Six parallel logins with different names: one hash at a time when either bound is one (each
    is 32 MB and a core's worth of work; the machine's bound holds across gunicorn workers, lock files);
    the others wait their turn or are told to come back (429, no hash)."""
    # Without the login lane (LOGIN_QUEUE=0), which would serve these logins one at a time anyway.
    server = serve(LOGIN_HASH_CONCURRENCY=per_process, LOGIN_HASH_SLOTS=per_machine, LOGIN_QUEUE=0)
    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(lambda i: server.post_login(f"nguoi-la-{i}", f"doan-sai-{i}-mat-khau"), range(6)))
    assert hash_spy["peak"] == 1
    for status, _, retry_after in answers:
        assert status == 401 or (status == 429 and retry_after)


# --- item 5: locking people out ------------------------------------------------------------------------------
def test_guesses_from_elsewhere_never_lock_the_owner_out_of_their_own_browser(client, make_user):
    make_user("quan-tri", "admin")
    auth = AuthActions(client)
    owner = {"REMOTE_ADDR": "10.20.0.5"}
    auth.login("quan-tri", environ_base=owner)  # the owner's usual browser
    auth.logout()
    attacker = client.application.test_client()
    for i in range(30):  # an outsider, from thirty addresses, for as long as they like
        AuthActions(attacker).login(
            "quan-tri", f"doan-sai-{i}-mat-khau", expect=None, environ_base={"REMOTE_ADDR": f"198.51.100.{i}"}
        )
    # A new browser waits (the account is being guessed at)...
    assert AuthActions(attacker).login("quan-tri", expect=None, environ_base=owner).status_code == 429
    # ...the owner's own browser goes in.
    auth.login("quan-tri", environ_base=owner)


def test_per_account_delays_grow_and_end(session_factory):
    with transaction(session_factory) as session:
        create_user(session, "can-bo", "reviewer", PASSWORD)
    at = NOW
    with transaction(session_factory) as session:
        for i in range(throttle.ACCOUNT.attempts):  # ten guesses from ten addresses
            at = NOW + dt.timedelta(seconds=i)
            with pytest.raises(AccountError):
                authenticate(session, "can-bo", "sai-mat-khau-1", at, address=f"10.3.0.{i}")
    waits = []
    for _ in range(3):  # each further try (the owner's too, from a new browser) waits longer
        at += dt.timedelta(seconds=1)
        with transaction(session_factory) as session, pytest.raises(LoginRefused) as refused:
            authenticate(session, "can-bo", PASSWORD, at, address="10.9.9.9")
        waits.append(refused.value.retry_after)
    assert 50 <= waits[0] < waits[1] < waits[2] <= throttle.MAX_DELAY.total_seconds()
    with transaction(session_factory) as session:  # quiet for the window: the delays are over
        later = at + throttle.WINDOW + dt.timedelta(seconds=1)
        assert authenticate(session, "can-bo", PASSWORD, later, address="10.9.9.9")


def test_an_office_behind_one_address_is_not_a_guesser(client, make_user):
    """Thirty mistyped passwords from one address (ten colleagues, three each) leave the address open;
    one address trying name after name is slowed down."""
    office = {"REMOTE_ADDR": "203.0.113.7"}
    colleagues = [f"can-bo-{i}" for i in range(10)]
    for name in colleagues:
        make_user(name, "reviewer")
    for name in colleagues:
        for i in range(3):
            AuthActions(client).login(name, f"go-nham-{i}-mat-khau", expect=401, environ_base=office)
    make_user("nguoi-moi", "reviewer")
    AuthActions(client).login("nguoi-moi", environ_base=office)  # a new colleague, a new browser
    sprayer = {"REMOTE_ADDR": "192.0.2.66"}
    other = client.application.test_client()
    for i in range(throttle.ADDRESS.attempts):
        AuthActions(other).login(f"ten-thu-{i}", "matkhau-pho-bien-1", expect=401, environ_base=sprayer)
    assert (
        AuthActions(other).login("ten-thu-cuoi", "matkhau-pho-bien-1", expect=None, environ_base=sprayer).status_code
        == 429
    )
