"""The hook the public doors (search page, API) call to log a search for the staff's gaps page
(tthc.search.gaps): the normalised query, how many results, whether one was opened — no address, no
cookie, no user."""

from __future__ import annotations

import hashlib
import hmac
import logging

from flask import current_app
from sqlalchemy import text as text_sql

from ..search.gaps import mark_opened, record_search
from ..text import ascii_number
from . import MAX_DB_INT, run_change, services

log = logging.getLogger(__name__)


def log_public_search(text: str, result, previous: str | None = None) -> int | None:
    """Record a public search; never lets logging break the search itself. `previous`: the log
    token of the results page the search was typed on (the form's hidden field, signed like `?tk=`), if
    any: only a page the site made can mark an earlier search as followed by another."""
    top = result.hits[0].get("code", "") if result.hits and not result.nothing_fits else ""
    before = signed_log_id(previous)
    settings = services().settings

    def record(session):
        log_id = record_search(
            session,
            text,
            result.total,
            result.nothing_fits,
            top,
            before,
            refine_seconds=settings.search_refine_seconds,
            log_days=settings.search_log_days,
        )
        if session.get_bind().dialect.name == "postgresql":
            # A search-log row is worth less than the wait for its WAL flush: a crash may lose the last
            # few, never corrupt anything (PostgreSQL's asynchronous commit, this transaction only).
            session.execute(text_sql("SET LOCAL synchronous_commit TO OFF"))
        return log_id

    try:
        return run_change(record)  # rolled back when it fails
    except Exception:  # a log that cannot be written (read-only replica…) is not the citizen's problem
        log.exception("search log not written")
        return None


OPENED_SALT = b"tthc-search-opened|"


def _signature(log_id: int) -> str:
    secret = current_app.secret_key or ""
    key = secret if isinstance(secret, bytes) else secret.encode()
    return hmac.new(key, OPENED_SALT + str(log_id).encode(), hashlib.sha256).hexdigest()[:20]


def opened_token(log_id: int | None) -> str:
    """The `tk` a search page puts on its result links: the log row's id, signed, so only a link the
    search page made can mark its row as opened (anyone else's `?tk=` changes nothing)."""
    return f"{log_id}.{_signature(log_id)}" if log_id else ""


def signed_log_id(raw: str | None) -> int | None:
    """The log row's id from a token `opened_token` made, else None (a link edited by hand: «²», 5,000
    digits, a forged or unsigned id)."""
    number, _, signature = (raw or "")[:64].partition(".")
    log_id = ascii_number(number, MAX_DB_INT)
    if log_id is None or not signature or not hmac.compare_digest(signature, _signature(log_id)):
        return None
    return log_id


def log_opened(raw: str | None) -> None:
    """`?tk=` on a page opened from the search results marks its search as opened; anything but a token
    the search page made is ignored, and the citizen still gets the page."""
    log_id = signed_log_id(raw)
    if log_id is None:
        return
    run_change(lambda session: mark_opened(session, log_id))
