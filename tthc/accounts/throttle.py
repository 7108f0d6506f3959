"""Counting login attempts without races, and deciding when to slow a guesser down. No Flask.

Every attempt **reserves its place before the password is checked**: one statement counts the account
from this address and the account from anywhere together (`INSERT … VALUES (…), (…) ON CONFLICT (key) DO
UPDATE … RETURNING`), a second the address only when the account is new to it, so 24 parallel guesses get
the numbers 1 … 24 and only those within the allowance have their password checked at all; the rest are
refused with the wait, at the cost of that statement (no password hash). A success gives back only its
own place, never the failures made beside it.

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

from sqlalchemy import bindparam, case, delete, exists, literal, null, select, true, union_all, update
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


def _count(
    session: Session, keys: list[str], now: dt.datetime, *, unless_recent: tuple[str, str] | None = None
) -> dict[str, tuple[int, dt.datetime | None]]:
    """One more attempt on each of `keys`, atomically and in one statement (a multi-row upsert): for
    each key, (the attempt's number in the window, the time of the attempt before it). The SET clauses
    read each row as it was, so `previous_at` is the old last time. Rows are taken in the order given
    (PostgreSQL locks them so), the same for every attempt.

    `unless_recent` (SQLite only): (a key, another key): the same statement also counts the first, unless
    the second had an attempt within the window before this one (absent from the answer then)."""
    dialect = session.get_bind().dialect.name
    params: dict[str, Any] = {f"key_{n}": key_ for n, key_ in enumerate(keys)}
    params.update(now=now, cutoff=now - WINDOW)
    if unless_recent is not None:
        params.update(extra=unless_recent[0], unless=unless_recent[1])
    returned = session.execute(_statement(dialect, len(keys), unless_recent is not None), params)
    return {key_: (attempts, _aware(previous)) for key_, attempts, previous in returned}


_STATEMENTS: dict[tuple[str, int, bool], Any] = {}


def _statement(dialect: str, size: int, extra: bool) -> Any:
    """The upsert `_count` runs, built once per shape with bound parameters: under a burst a refused
    login should cost the statement, not building it (and SQLAlchemy compiles it once too)."""
    shape = (dialect, size, extra)
    if shape in _STATEMENTS:
        return _STATEMENTS[shape]
    from sqlalchemy.dialects import postgresql, sqlite

    insert: Any = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table: Any = LoginThrottle.__table__
    now = bindparam("now", type_=table.c.last_failed_at.type)
    cutoff = bindparam("cutoff", type_=table.c.last_failed_at.type)
    names = [f"key_{n}" for n in range(size)]
    if not extra:
        rows = [
            {"key": bindparam(name, type_=table.c.key.type), "failures": 1, "last_failed_at": now} for name in names
        ]
        statement = insert(table).values([{**row, "previous_at": None} for row in rows])
    else:
        # SQLite runs one write at a time, and reads the SELECT that feeds an INSERT into its own table
        # before inserting: NOT EXISTS sees the rows as they were before this attempt, with no race.
        # (PostgreSQL reads a snapshot there: two attempts at once could both count; reserve() asks it
        # in a second statement instead.)
        def row(name: str) -> Any:
            return select(
                bindparam(name, type_=table.c.key.type).label("key"),
                literal(1).label("failures"),
                now.label("last_failed_at"),
                null().label("previous_at"),
            )

        recent = exists().where(
            table.c.key == bindparam("unless", type_=table.c.key.type), table.c.last_failed_at >= cutoff
        )
        rows_from = union_all(*[row(name).where(true()) for name in names], row("extra").where(~recent))
        statement = insert(table).from_select(["key", "failures", "last_failed_at", "previous_at"], rows_from)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.key],
        set_={
            "failures": case((table.c.last_failed_at < cutoff, 1), else_=table.c.failures + 1),
            "previous_at": case((table.c.last_failed_at < cutoff, None), else_=table.c.last_failed_at),
            "last_failed_at": now,
        },
    )
    _STATEMENTS[shape] = statement = statement.returning(table.c.key, table.c.failures, table.c.previous_at)
    return statement


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

    def take(counts: list[tuple[Limit, str]], maybe: tuple[Limit, str, str] | None = None) -> dict[Limit, int]:
        counted = _count(session, [key_ for _, key_ in counts], now, unless_recent=maybe and maybe[1:])
        numbers = {}
        if maybe and maybe[1] in counted:
            counts = [*counts, maybe[:2]]
        for limit, key_ in counts:
            attempts, previous = counted[key_]
            reservation.keys.append(key_)
            wait = _wait(attempts, previous, limit, now)
            reservation.wait = max(reservation.wait, wait)
            if limit is ACCOUNT:
                reservation.account_attempts, reservation.account_wait = attempts, wait
            numbers[limit] = attempts
        return numbers

    if device:
        take([(DEVICE, key(DEVICE, username, device))])
        return reservation
    # The name from this address and the name from anywhere, and the address when it had not tried the
    # name within the window (a new account tried from it): one statement on SQLite, where every write
    # waits for the one write lock and a short hold is what keeps the burst from queueing pages; on
    # PostgreSQL the address in a second statement, once the first has the pair's row.
    pair, account = key(PAIR, username, address), key(ACCOUNT, username)
    if session.get_bind().dialect.name == "sqlite":
        take([(PAIR, pair), (ACCOUNT, account)], maybe=(ADDRESS, key(ADDRESS, address), pair))
    elif take([(PAIR, pair), (ACCOUNT, account)])[PAIR] == 1:
        take([(ADDRESS, key(ADDRESS, address))])
    return reservation


def give_back(session: Session, reservation: Reservation) -> None:
    """A success (or an attempt never checked) returns its own places, and only those: failures counted
    beside it, before or after, stay counted."""
    table: Any = LoginThrottle.__table__
    if reservation.keys:
        session.execute(
            update(table)
            .where(table.c.key.in_(reservation.keys))
            .values(failures=case((table.c.failures > 0, table.c.failures - 1), else_=0))
        )


def forget_account(session: Session, username: str) -> None:
    """An administrator reset the password: the account-wide wait ends (the per-address ones stay)."""
    session.execute(delete(LoginThrottle).where(LoginThrottle.key == key(ACCOUNT, username)))
