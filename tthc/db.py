"""Engine, sessions and the declarative base. No Flask: the CLI and tests use this directly."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import JSON, MetaData, String, create_engine, event, inspect
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from .problems import DomainError

T = TypeVar("T")

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# JSON documents: JSONB on PostgreSQL, JSON text on SQLite.
JSONDoc = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def append_only(model: type, label: str = "") -> None:
    """The ORM refuses to update or delete a row of `model` (history is only added to); the migrations'
    triggers refuse it in the database too, this says it first, naming the row (`label`, else the class)."""

    def refused(target: Any, verb: str) -> ValueError:
        return ValueError(
            f"{label or type(target).__name__} {target.id} không được {verb} (lịch sử chỉ được ghi thêm)."
        )

    @event.listens_for(model, "before_update")
    def _refuse_update(_mapper, _connection, target):
        raise refused(target, "sửa")

    @event.listens_for(model, "before_delete")
    def _refuse_delete(_mapper, _connection, target):
        raise refused(target, "xóa")


def one_of(column: str, values: Iterable[str]) -> str:
    """CHECK constraint text from a state enum, e.g. "status IN ('draft', 'submitted')", in the enum's order."""
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def make_engine(url: str, **kwargs) -> Engine:
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # SQLite leaves foreign keys off and locks at once under concurrent writers unless told otherwise.
    # In WAL, synchronous=NORMAL syncs at checkpoints, not at every commit: a commit no longer holds the
    # one write lock through an fsync (5-30 ms on a busy disk), which every login attempt's count and
    # every search-log row queued behind (a burst of failed logins slowed public pages 9-17x). The file
    # cannot be corrupted; a power cut (not a crashed process) may lose the last commits before it.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_session_factory(engine: Engine, info: dict | None = None) -> sessionmaker[Session]:
    """`info` is copied into every session's `session.info` (e.g. the password hash method)."""
    factory = sessionmaker(bind=engine, expire_on_commit=False, info=info or {})
    event.listen(factory, "before_flush", _refuse_too_long)
    return factory


class ValueTooLong(DomainError):
    """A text longer than its column holds: PostgreSQL refuses it with an error (a 500), SQLite would
    keep it; both are told here, before the database, in Vietnamese."""


# What a person typed into these columns, named as the forms name them.
_COLUMN_LABELS = {
    "number": "Số quyết định",
    "code": "Mã thủ tục",
    "replaces_code": "Mã thủ tục bị thay thế",
    "localised_code": "Mã thủ tục (địa phương)",
    "username": "Tên đăng nhập",
    "level": "Cấp",
    "field": "Trường",
}


def _refuse_too_long(session: Session, _context: Any, _instances: Any) -> None:
    for instance in (*session.new, *session.dirty):
        for column in inspect(type(instance)).columns:
            length = getattr(column.type, "length", None) if isinstance(column.type, String) else None
            value = getattr(instance, column.key, None) if length else None
            if isinstance(value, str) and length is not None and len(value) > length:
                label = _COLUMN_LABELS.get(column.key, column.key)
                raise ValueTooLong(f"«{label}» dài quá {length} ký tự (đang có {len(value)}); hãy rút gọn.")


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any exception."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def commit_change(session: Session, change: Callable[[Session], T], *, keep_refused: bool = False) -> T:
    """One change on an open session (a web request's): its result, committed once. Any exception rolls
    the session back and is raised again, a refusal of the domain (DomainError) included, unless
    `keep_refused` says the refusal's own record is kept (a failed login's count): then it is committed
    before the refusal is raised."""
    try:
        result = change(session)
    except DomainError:
        if keep_refused:
            session.commit()
        else:
            session.rollback()
        raise
    except BaseException:
        session.rollback()
        raise
    try:
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return result


def discard(session: Session) -> None:
    """Nothing the session holds is kept: a preview built only to be shown, checks that only read."""
    session.rollback()
