"""Counting login attempts without races, and deciding when to slow a guesser down. No Flask.

Every attempt **reserves its place before the password is checked**: one statement per counter
(`INSERT … ON CONFLICT (key) DO UPDATE … RETURNING`), so 24 parallel guesses get the numbers 1 … 24 and
only those within the allowance have their password checked at all; the rest are refused with the wait,
at the cost of one statement (no password hash). A success gives back only its own place, never the
failures made beside it.

Counters (each decays: an attempt more than WINDOW after the previous one starts the count again at 1):

- `acct:<name>|<address>`: one account typed from one address, 5 attempts;
- `user:<name>`: one account from any address, 10 attempts;
- `addr:<address>`: how many *different* accounts were tried from one address, 20. A whole office behind
  one address mistyping their own passwords stays far below it; a sprayer trying many names does not;
- `dev:<name>|<device>`: a browser the account logged in on before (a signed cookie the web layer
  checks), 5 attempts. Such a browser counts on this key only: neither the account-wide nor the address
  counter can hold the owner back on their own browser, however long an outsider keeps guessing.

Past its allowance a key lets one attempt through per delay, counted from the attempt before it: 1
minute, doubling with each further attempt, at most 15. Refused attempts count too, so a guesser who
keeps knocking keeps the door shut; the owner on a known browser is not behind that door.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import case, delete, update
from sqlalchemy.orm import Session

from ..models.accounts import LoginThrottle

WINDOW = dt.timedelta(minutes=15)
FIRST_DELAY = dt.timedelta(minutes=1)
MAX_DELAY = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class Limit:
    prefix: str
    attempts: int  # attempts a key may make in a window before it is slowed down


PAIR = Limit("acct", 5)
ACCOUNT = Limit("user", 10)
ADDRESS = Limit("addr", 20)  # distinct accounts tried from one address
DEVICE = Limit("dev", 5)


@dataclass
class Reservation:
    """What one attempt counted: the keys to give back if it succeeds, and how long it must wait (zero:
    its password may be checked)."""

    keys: list[str] = field(default_factory=list)
    wait: dt.timedelta = dt.timedelta(0)
    account_attempts: int = 0  # the account-wide count (0 on a known browser)
    account_wait: dt.timedelta = dt.timedelta(0)

    @property
    def allowed(self) -> bool:
        return self.wait <= dt.timedelta(0)


def delay_after(attempts: int, allowed: int) -> dt.timedelta:
    """How long after the previous attempt the `attempts`-th may come (none within the allowance)."""
    if attempts <= allowed:
        return dt.timedelta(0)
    return min(FIRST_DELAY * (2 ** min(attempts - allowed - 1, 10)), MAX_DELAY)


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and value.tzinfo is None:  # SQLite hands back naive UTC
        return value.replace(tzinfo=dt.UTC)
    return value


def key(limit: Limit, *parts: str) -> str:
    return f"{limit.prefix}:" + "|".join(part[:80] for part in parts)


def _count(session: Session, key_: str, now: dt.datetime) -> tuple[int, dt.datetime | None]:
    """One more attempt on `key_`, atomically: (the attempt's number in the window, the time of the
    attempt before it). The SET clauses read the row as it was, so `previous_at` is the old last time."""
    from sqlalchemy.dialects import postgresql, sqlite

    insert: Any = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    table: Any = LoginThrottle.__table__
    statement = insert(table).values(key=key_, failures=1, last_failed_at=now, previous_at=None)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.key],
        set_={
            "failures": case((table.c.last_failed_at < now - WINDOW, 1), else_=table.c.failures + 1),
            "previous_at": case((table.c.last_failed_at < now - WINDOW, None), else_=table.c.last_failed_at),
            "last_failed_at": now,
        },
    )
    attempts, previous = session.execute(statement.returning(table.c.failures, table.c.previous_at)).one()
    return attempts, _aware(previous)


def _wait(attempts: int, previous: dt.datetime | None, limit: Limit, now: dt.datetime) -> dt.timedelta:
    if previous is None:
        return dt.timedelta(0)
    return max(previous + delay_after(attempts, limit.attempts) - now, dt.timedelta(0))


def reserve(
    session: Session, username: str, address: str, now: dt.datetime, *, device: str | None = None
) -> Reservation:
    """Count this attempt on every key it belongs to, before any password is checked. Keyed by the
    name as typed (canonical), so an unknown name is counted exactly like a real one."""
    reservation = Reservation()

    def take(limit: Limit, key_: str) -> int:
        attempts, previous = _count(session, key_, now)
        reservation.keys.append(key_)
        wait = _wait(attempts, previous, limit, now)
        reservation.wait = max(reservation.wait, wait)
        if limit is ACCOUNT:
            reservation.account_attempts, reservation.account_wait = attempts, wait
        return attempts

    if device:
        take(DEVICE, key(DEVICE, username, device))
        return reservation
    first_from_address = take(PAIR, key(PAIR, username, address)) == 1
    take(ACCOUNT, key(ACCOUNT, username))
    if first_from_address:  # a new account tried from this address
        take(ADDRESS, key(ADDRESS, address))
    return reservation


def give_back(session: Session, reservation: Reservation) -> None:
    """A success (or an attempt never checked) returns its own places, and only those: failures counted
    beside it, before or after, stay counted."""
    table: Any = LoginThrottle.__table__
    for key_ in reservation.keys:
        session.execute(
            update(table)
            .where(table.c.key == key_)
            .values(failures=case((table.c.failures > 0, table.c.failures - 1), else_=0))
        )


def forget_account(session: Session, username: str) -> None:
    """An administrator reset the password: the account-wide wait ends (the per-address ones stay)."""
    session.execute(delete(LoginThrottle).where(LoginThrottle.key == key(ACCOUNT, username)))
