"""The hook the public doors (search page, API) call to log a search for the staff's gaps page
(tthc.search.gaps): the normalised query, how many results, whether one was opened — no address, no
cookie, no user."""

from __future__ import annotations

import logging

from sqlalchemy import text as text_sql

from ..search.gaps import mark_opened, record_search
from ..text import ascii_number
from . import MAX_DB_INT, db_session

log = logging.getLogger(__name__)


def log_public_search(text: str, result) -> int | None:
    """Record a public search; never lets logging break the search itself."""
    session = db_session()
    try:
        log_id = record_search(session, text, result.total, result.nothing_fits)
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
    """`?tk=` on a page opened from the search results: the log row's id. Anything else (a link edited by
    hand: «²», 5,000 digits) is ignored; the citizen still gets the page."""
    log_id = ascii_number(raw, MAX_DB_INT)
    if log_id is not None:
        session = db_session()
        mark_opened(session, log_id)
        session.commit()
