"""Counting failed logins without lost updates, and deciding when to slow a guesser down. No Flask.

Three counters, each decaying (a failure more than WINDOW after the previous one starts again at 1):

- per account and client address (`acct:<username>|<address>`): 5 failures block that pair, with a
  delay that doubles from 1 minute per further failure, capped at 15 minutes;
- per client address (`addr:<address>`): 30 failures block the address for every account, same backoff;
- per account, from any address (`user_account.failed_logins`): 10 failures soft-lock the account, same
  backoff. An anonymous attacker therefore delays an account by at most 15 minutes at a time, and an
  administrator can always let its owner in with a one-time unlock link (tthc.accounts.service).

Every count is one statement (`UPDATE … SET n = n + 1 … RETURNING n`, or the upsert for the keyed table),
so 24 parallel guesses count 24; SQLite ≥ 3.35 and PostgreSQL both support RETURNING.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, select, update
from sqlalchemy.orm import Session

from .models import LoginThrottle, User

WINDOW = dt.timedelta(minutes=15)
FIRST_DELAY = dt.timedelta(minutes=1)
MAX_DELAY = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class Limit:
    prefix: str
    failures: int  # failures allowed before the key is slowed down


PAIR = Limit("acct", 5)
ADDRESS = Limit("addr", 30)
ACCOUNT_FAILURES = 10


def delay_after(failures: int, allowed: int) -> dt.timedelta:
    """How long a key waits after its `failures`-th failure (none up to `allowed`)."""
    if failures < allowed:
        return dt.timedelta(0)
    return min(FIRST_DELAY * (2 ** min(failures - allowed, 10)), MAX_DELAY)


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and value.tzinfo is None:  # SQLite hands back naive UTC
        return value.replace(tzinfo=dt.UTC)
    return value


def keys_for(username: str, address: str) -> dict[Limit, str]:
    return {PAIR: f"acct:{username[:80]}|{address[:64]}", ADDRESS: f"addr:{address[:64]}"}


def blocked_until(session: Session, username: str, address: str, now: dt.datetime) -> dt.datetime | None:
    """The time until which this (username, address) must wait, or None. Same answer whether the
    account exists or not: the counters are keyed by the name typed."""
    waits: list[dt.datetime] = []
    for limit, key in keys_for(username, address).items():
        row = session.get(LoginThrottle, key, populate_existing=True)
        if row is None:
            continue
        last = _aware(row.last_failed_at)
        if last is None or now - last > WINDOW:
            continue
        until = last + delay_after(row.failures, limit.failures)
        if until > now:
            waits.append(until)
    return max(waits) if waits else None


def count_failure(session: Session, username: str, address: str, now: dt.datetime) -> None:
    """One more failure for the pair and the address, atomically (concurrent guesses all count)."""
    from sqlalchemy.dialects import postgresql, sqlite

    insert: Any = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    table: Any = LoginThrottle.__table__
    for key in keys_for(username, address).values():
        statement = insert(table).values(key=key, failures=1, last_failed_at=now)
        statement = statement.on_conflict_do_update(
            index_elements=[table.c.key],
            set_={
                "failures": case((table.c.last_failed_at < now - WINDOW, 1), else_=table.c.failures + 1),
                "last_failed_at": now,
            },
        )
        session.execute(statement.returning(table.c.failures))


def count_account_failure(session: Session, user_id: int, now: dt.datetime) -> int:
    """One more failure for the account from any address; locks it (with backoff) past the limit.
    Returns the count in the current window."""
    failures = session.execute(
        update(User)
        .where(User.id == user_id)
        .values(
            failed_logins=case(
                (User.last_failed_at.is_(None), 1),
                (User.last_failed_at < now - WINDOW, 1),
                else_=User.failed_logins + 1,
            ),
            last_failed_at=now,
        )
        .returning(User.failed_logins)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    delay = delay_after(failures, ACCOUNT_FAILURES)
    if delay:
        session.execute(
            update(User)
            .where(User.id == user_id)
            .values(locked_until=now + delay)
            .execution_options(synchronize_session=False)
        )
    return failures


def account_locked(session: Session, user_id: int, now: dt.datetime) -> bool:
    locked = _aware(session.scalar(select(User.locked_until).where(User.id == user_id)))
    return locked is not None and locked > now


def clear_pair(session: Session, username: str, address: str) -> None:
    """A successful login forgets the pair's failures (not the address's: a sprayer stays counted)."""
    row = session.get(LoginThrottle, keys_for(username, address)[PAIR])
    if row is not None:
        session.delete(row)
