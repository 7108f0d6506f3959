"""Web doors: one blueprint per area, each thin over the core."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from flask import abort, current_app, flash, g, request, url_for
from sqlalchemy.orm import Session

from ..db import commit_change, discard
from ..problems import DomainError
from ..services import Services
from ..text import ascii_number
from .refusals import refusals_back_to, refusals_shown_by

T = TypeVar("T")

EARLIEST_DATE = dt.date(1990, 1, 1)
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def services() -> Services:
    return current_app.extensions["tthc"]


def db_session() -> Session:
    """The request's session; closed at teardown. Views change data only through `run_change`."""
    if "db_session" not in g:
        g.db_session = services().session_factory()
        if g.get("snapshot_reads"):
            _begin_snapshot(g.db_session)
    return g.db_session


def run_change(
    change: Callable[[Session], T],
    success: str = "",
    *,
    back: str | None = None,
    page: Callable[[DomainError], Any] | None = None,
    keep_refused: bool = False,
) -> T:
    """The one way a view changes data: `change` through the core with the request's session, then one
    commit (and the `success` message flashed); its result. Any exception rolls everything back and is
    raised again; a refusal of the domain (DomainError) reaches the one handler (tthc.web.refusals), which
    flashes it on `back` or re-renders `page(refusal)` when the view names one. `keep_refused`: the
    refusal's own record is committed (a failed login's count) before it is raised."""
    if back is not None:
        refusals_back_to(back)
    if page is not None:
        refusals_shown_by(page)
    result = commit_change(db_session(), change, keep_refused=keep_refused)
    if success:
        flash(success)
    return result


def read_only(session: Session | None = None) -> None:
    """What the request's session holds is not kept (checks that only read, a preview): its transaction ends."""
    discard(session or db_session())


def public_url(endpoint: str, **values) -> str:
    """An absolute link for feeds, the API and links sent to people: built from TTHC_PUBLIC_BASE_URL,
    never from the request's Host header (which the client chooses)."""
    return public_base_url() + url_for(endpoint, **values)


def public_base_url() -> str:
    return str(current_app.config.get("PUBLIC_BASE_URL") or "http://127.0.0.1:5000").rstrip("/")


MAX_DB_INT = 2**31 - 1  # a database integer column (PostgreSQL "integer"; SQLite overflows at 2**63)


def id_param(raw: str | None, label: str = "Mã số") -> int | None:
    """An id or revision number from a form or query string: None when blank; 400 when it is not a
    plain number a database integer can hold (not an OverflowError, a DataError or a 500)."""
    raw = (raw or "").strip()
    if not raw:
        return None
    value = ascii_number(raw, MAX_DB_INT)
    if value is None:
        abort(400, description=f"{label} «{raw[:20]}» phải là một số nguyên dương hợp lệ.")
    return value


def requested_date(param: str = "ngay") -> dt.date | None:
    """?ngay=YYYY-MM-DD → a date; absent → None (today); malformed or out of range → 400."""
    raw = request.args.get(param, "").strip()
    if not raw:
        return None
    try:
        value = dt.date.fromisoformat(raw)
    except ValueError:
        abort(400, description=f"Ngày «{raw[:20]}» không đúng dạng NĂM-THÁNG-NGÀY (ví dụ 2025-11-20).")
    if not EARLIEST_DATE <= value <= dt.date(2100, 12, 31):
        abort(400, description=f"Ngày {value:%d/%m/%Y} nằm ngoài khoảng tra cứu (từ 1990 đến 2100).")
    return value


def snapshot_reads() -> None:
    """Before each read-only request: the request's session, when it is first asked for, reads one
    database snapshot for the whole request. A request that never touches the database (a 304 from the
    catalogue state kept in memory) opens no connection at all."""
    if (
        request.method not in READ_METHODS
        or request.endpoint in (None, "static")
        or not current_app.config["SNAPSHOT_READS"]
    ):
        return
    g.snapshot_reads = True


def _begin_snapshot(session: Session) -> None:
    # A page reads the catalogue with several statements (versions, then the revision number...). Under
    # PostgreSQL's default READ COMMITTED, a decision applied between two of them gives a page that mixes
    # two catalogues (seen under load: revision 2's number over revision 1's list). REPEATABLE READ gives
    # every statement of a read-only request one snapshot: the old catalogue or the new, never both.
    dialect = services().engine.dialect.name
    if dialect == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    elif dialect == "sqlite":
        # The sqlite3 driver runs SELECTs outside any transaction, each on its own snapshot; an explicit
        # BEGIN makes them one read transaction (WAL keeps it from blocking writers).
        session.connection().exec_driver_sql("BEGIN")
