"""Issue 25, items 3-5: the reservation every login attempt makes before its password is checked
(tthc.accounts.throttle.reserve), made in parallel: each counter counts every attempt once, and the
address counts each account tried from it once however many attempts on it arrive together. On SQLite
this is one statement per attempt; on PostgreSQL the address is a second one (both databases)."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import event, select

from tthc.accounts import throttle
from tthc.db import transaction
from tthc.models.accounts import LoginThrottle

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
ADDRESS = "203.113.7.40"
NAMES = ["nguyễn.văn.an"] * 16 + ["trần.thị.bình", "lê.hoàng", "phạm.thu.hà", "đặng.quốc.việt"]


def test_parallel_attempts_count_once_each_and_the_address_counts_accounts(session_factory):
    start = threading.Barrier(8)

    def attempt(name: str) -> throttle.Reservation:
        with contextlib.suppress(threading.BrokenBarrierError):
            start.wait(timeout=5)
        with transaction(session_factory) as session:
            return throttle.reserve(session, name, ADDRESS, NOW)

    with ThreadPoolExecutor(max_workers=8) as pool:
        reservations = list(pool.map(attempt, NAMES))
    with transaction(session_factory) as session:
        counts = {key: failures for key, failures in session.execute(select(LoginThrottle.key, LoginThrottle.failures))}
    assert counts == {
        f"acct:nguyễn.văn.an|{ADDRESS}": 16,
        "user:nguyễn.văn.an": 16,
        **{f"acct:{name}|{ADDRESS}": 1 for name in NAMES[16:]},
        **{f"user:{name}": 1 for name in NAMES[16:]},
        f"addr:{ADDRESS}": 5,  # five accounts tried, not twenty attempts
    }
    # Past the five attempts a pair may make, an attempt waits; the sixth to sixteenth on the one name.
    assert sum(1 for name, r in zip(NAMES, reservations, strict=True) if name == NAMES[0] and not r.allowed) == 11


def test_a_refused_attempt_on_sqlite_is_one_statement(session_factory):
    engine = session_factory.kw["bind"]
    writes: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        if not statement.lstrip().upper().startswith(("SELECT", "BEGIN", "PRAGMA")):
            writes.append(statement.split()[0])

    for name in ["hoàng.minh", "hoàng.minh", "vũ.lan"]:
        with transaction(session_factory) as session:
            event.listen(engine, "before_cursor_execute", count)
            try:
                throttle.reserve(session, name, ADDRESS, NOW)
            finally:
                event.remove(engine, "before_cursor_execute", count)
    # A new account from the address (the address counted too), the same again, another new one.
    expected = 3 if engine.dialect.name == "sqlite" else 5
    assert writes == ["INSERT"] * expected
