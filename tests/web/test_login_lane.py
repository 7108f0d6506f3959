"""Issue 25, item 4: a burst of logins cannot take the server from public pages.

Login requests (the form, attempts, unlock links) take turns in one lane for the whole server
(tthc.web.login_lane: a lock file shared by every worker process), and the production server
(tthc/gunicorn_conf.py) keeps threads for pages while they wait. Surplus logins are refused at the door
(429, the app never reached: no hash, no count). Real servers on SQLite and, with TTHC_TEST_DATABASE_URL,
PostgreSQL; a test holds the lane itself (an flock on the lock file, as another worker's login would)."""

from __future__ import annotations

import fcntl
import gc
import http.client
import logging
import os
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from tests.support.config import suite_config
from tests.support.server import gunicorn_serving, port_of, serving
from tthc import create_app, gunicorn_conf
from tthc.accounts import service
from tthc.config import PROJECT_ROOT, Settings
from tthc.models.accounts import LoginThrottle
from tthc.web import login as login_view
from tthc.web.login_lane import BUSY_MESSAGE, LOCK_NAME

LANE = {"LOGIN_QUEUE": 32, "LOGIN_QUEUE_SECONDS": 60, "WTF_CSRF_ENABLED": False}


def request(
    port: int, method: str, path: str, body: dict | None = None, timeout: float = 120
) -> tuple[int, str, str | None]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Content-Type": "application/x-www-form-urlencoded"} if body is not None else {}
        connection.request(method, path, body=urllib.parse.urlencode(body) if body else None, headers=headers)
        response = connection.getresponse()
        return response.status, response.read().decode(), response.getheader("Retry-After")
    finally:
        connection.close()


def attempt(port: int, username: str) -> tuple[int, str, str | None]:
    return request(port, "POST", "/dang-nhap", {"username": username, "password": "doan-sai-mat-khau-9"})


@pytest.fixture
def workers(database_url, tmp_path):
    """Apps on one database and one instance folder, each on its own real server: gunicorn's workers."""
    stack = ExitStack()
    apps = []

    def start(count: int = 1, **settings) -> list[tuple[object, int]]:
        served = []
        for _ in range(count):
            config = suite_config(database_url, tmp_path) | LANE | {"INSTANCE_DIR": str(tmp_path / "instance")}
            app = create_app(config | settings)
            apps.append(app)
            served.append((app, port_of(stack.enter_context(serving(app)))))
        return served

    yield start
    stack.close()
    for app in apps:
        app.extensions["tthc"].engine.dispose()


@contextmanager
def lane_held(instance):
    """The lane taken, as a login in another worker holds it, until the block ends."""
    instance.mkdir(parents=True, exist_ok=True)
    fd = os.open(instance / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


@pytest.fixture
def logins_at_once(monkeypatch):
    """How many login attempts the app handles at once, at most (each made to last 30 ms)."""
    seen = {"calls": 0, "active": 0, "peak": 0}
    lock = threading.Lock()
    real = login_view.authenticate

    def watched(*args, **kwargs):
        with lock:
            seen["calls"] += 1
            seen["active"] += 1
            seen["peak"] = max(seen["peak"], seen["active"])
        try:
            time.sleep(0.03)
            return real(*args, **kwargs)
        finally:
            with lock:
                seen["active"] -= 1

    monkeypatch.setattr(login_view, "authenticate", watched)
    return seen


def attempts_counted(app) -> int:
    with app.extensions["tthc"].session_factory() as session:
        return session.scalar(select(func.sum(LoginThrottle.failures)).where(LoginThrottle.key.like("acct:%"))) or 0


def wait_until_waiting(app, count: int) -> None:
    """Until `count` login requests wait in this app's lane (bounded)."""
    lane = app.wsgi_app
    for _ in range(500):
        if lane.waiting >= count:
            return
        time.sleep(0.01)
    raise AssertionError(f"{lane.waiting} login requests waiting, not {count}")


def test_the_production_server_keeps_threads_for_pages_beyond_the_login_queue():
    """Worker processes with threads (a sync worker serves one request at a time: 64 requests of a login
    burst in front of every page), more threads than the login lane lets wait; the README's command is
    the one the benchmark measures."""
    assert gunicorn_conf.worker_class == "gthread" and gunicorn_conf.workers == 2
    assert gunicorn_conf.threads >= Settings.load().login_queue + 8
    assert gunicorn_conf.wsgi_app == "tthc:create_app()"
    command = "gunicorn -c python:tthc.gunicorn_conf -w 2"
    assert command in (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    benchmark = (PROJECT_ROOT / "benchmarks" / "login_burst.py").read_text(encoding="utf-8")
    assert 'SERVING = ["-c", "python:tthc.gunicorn_conf", "-w", "2"]' in benchmark


def test_logins_take_turns_across_workers_and_every_attempt_is_counted(workers, logins_at_once):
    """Twelve parallel attempts (different names) over two workers: one at a time on the server, all
    counted. Without the lane the two workers (and each one's threads) checked them side by side."""
    (first, first_port), (_, second_port) = workers(2)
    ports = [first_port, second_port] * 6
    with ThreadPoolExecutor(max_workers=12) as pool:
        answers = list(pool.map(lambda k: attempt(ports[k], f"nguoi-la-{k}"), range(12)))
    assert [status for status, _, _ in answers] == [401] * 12
    assert logins_at_once["peak"] == 1
    assert attempts_counted(first) == 12


def test_pages_are_served_while_logins_wait_for_the_lane(workers, tmp_path):
    ((app, port),) = workers()
    with ThreadPoolExecutor(max_workers=3) as pool, lane_held(tmp_path / "instance"):
        waiting = [pool.submit(request, port, "GET", "/dang-nhap"), pool.submit(attempt, port, "khach-1")]
        wait_until_waiting(app, 2)
        status, page, _ = request(port, "GET", "/")
        assert status == 200 and "<html" in page
        assert not any(future.done() for future in waiting)
    assert [future.result()[0] for future in waiting] == [200, 401]


def test_a_login_past_the_queue_is_refused_at_once_without_a_hash_or_a_count(workers, tmp_path, logins_at_once):
    ((app, port),) = workers(LOGIN_QUEUE=2)
    with ThreadPoolExecutor(max_workers=2) as pool, lane_held(tmp_path / "instance"):
        waiting = [pool.submit(attempt, port, f"khach-{k}") for k in range(2)]
        wait_until_waiting(app, 2)
        status, page, retry_after = attempt(port, "khach-thu-ba")
        assert status == 429 and BUSY_MESSAGE in page and retry_after == "5"
        assert logins_at_once["calls"] == 0  # the app never saw it
    assert [future.result()[0] for future in waiting] == [401, 401]
    assert logins_at_once["calls"] == 2 and attempts_counted(app) == 2


def test_a_login_that_waits_too_long_is_refused(workers, tmp_path, logins_at_once):
    ((app, port),) = workers(LOGIN_QUEUE_SECONDS=1)
    with lane_held(tmp_path / "instance"):
        status, page, retry_after = attempt(port, "khach-cho-lau")
    assert status == 429 and BUSY_MESSAGE in page and retry_after == "5"
    assert logins_at_once["calls"] == 0 and attempts_counted(app) == 0
    assert attempt(port, "khach-cho-lau")[0] == 401  # the lane free again


def test_the_lane_rests_as_long_as_each_login_took(workers):
    """Logins, hashes included, get at most half of one core: after a login that took 0.1 s or more the
    next one starts 0.1 s or more after it ended, whichever worker it reaches."""
    (_, first_port), (_, second_port) = workers(2)
    times: list[tuple[float, float]] = []
    real = service.authenticate

    def timed(*args, **kwargs):
        started = time.monotonic()
        try:
            time.sleep(0.1)
            return real(*args, **kwargs)
        finally:
            times.append((started, time.monotonic()))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(login_view, "authenticate", timed)
        assert attempt(first_port, "khach-a")[0] == 401
        assert attempt(second_port, "khach-b")[0] == 401
    (first_start, first_end), (second_start, _) = times
    assert second_start - first_end >= first_end - first_start >= 0.1


def test_the_production_server_serves_pages_while_logins_wait(app, database_url, tmp_path):
    """gunicorn with the production configuration and one worker: logins waiting for the lane hold
    threads, not the worker (a sync worker would serve nothing until they were done)."""
    instance = tmp_path / "instance"
    environment = {
        "TTHC_DATABASE_URL": database_url,
        "TTHC_SECRET_KEY": "test-secret",
        "TTHC_INSTANCE_DIR": str(instance),
        "TTHC_INDEX_DIR": app.config["INDEX_DIR"],
        "TTHC_EXPORT_DIR": app.config["EXPORT_DIR"],
        "TTHC_APPLY_DUE_ON_START": "false",
        "TTHC_LOGIN_QUEUE_SECONDS": "120",
    }
    with gunicorn_serving(environment, tmp_path / "gunicorn.log", "-w", "1") as base:
        port = port_of(base)
        with ThreadPoolExecutor(max_workers=4) as pool, lane_held(instance):
            waiting = [pool.submit(request, port, "GET", "/dang-nhap") for _ in range(4)]
            time.sleep(0.5)  # let them reach the worker first (a sync worker would be stuck with one)
            status, page, _ = request(port, "GET", "/", timeout=30)  # a timeout, were the worker stuck
            assert status == 200 and "<html" in page
            assert not any(future.done() for future in waiting)
        assert [future.result()[0] for future in waiting] == [200] * 4


def test_a_new_worker_opens_and_warms_its_search_index_before_serving(app, demo):
    # gunicorn calls post_worker_init in each worker before it takes requests: the index is open
    # (and its first-query tables read) when the first citizen searches
    worker = SimpleNamespace(wsgi=app, log=logging.getLogger("gunicorn.error"))
    frozen = gc.get_freeze_count()
    try:
        gunicorn_conf.post_worker_init(worker)
        # what the open built is frozen: full collections during requests do not walk its tables
        assert gc.get_freeze_count() > frozen
    finally:
        gc.unfreeze()
    service = app.extensions["tthc_search"]
    assert service._engine is not None  # opened by the hook, not by a request
    with app.test_client() as client:
        assert client.get("/tim-kiem?q=đăng+ký+khai+sinh").status_code == 200
    assert app.extensions["tthc_search"] is service
