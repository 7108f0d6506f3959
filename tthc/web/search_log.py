"""The hook the public doors (search page, API) call to log a search for the staff's gaps page
(tthc.search.gaps): the normalised query, how many results, whether one was opened — no address, no
cookie, no user."""

from __future__ import annotations

import logging

from sqlalchemy import text as text_sql

from ..search.gaps import mark_opened, record_search
from . import db_session

log = logging.getLogger(__name__)


def log_public_search(text: str, result, previous: str | None = None) -> int | None:
    """Record a public search; never lets logging break the search itself. `previous`: the log
    number of the results page the search was typed on (the form's hidden field), if any."""
    session = db_session()
    try:
        top = result.hits[0].get("code", "") if result.hits and not result.nothing_fits else ""
        before = int(previous) if previous and previous.isdigit() else None
        log_id = record_search(session, text, result.total, result.nothing_fits, top, before)
        if session.get_bind().dialect.name == "postgresql":
            # A search-log row is worth less than the wait for its WAL flush: a crash may lose the last
            # few, never corrupt anything (PostgreSQL's asynchronous commit, this transaction only).
            session.execute(text_sql("SET LOCAL synchronous_commit TO OFF"))
        session.commit()
        return log_id
    except Exception:  # a log that cannot be written (read-only replica…) is not the citizen's problem
        log.exception("search log not written")
        session.rollback()
        return None


def log_opened(raw: str | None) -> None:
    if raw and raw.isdigit():
        session = db_session()
        mark_opened(session, int(raw))
        session.commit()
