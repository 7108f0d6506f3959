"""Conditional GET for public pages and API answers: ETag and Last-Modified from the catalogue.

The ETag says which catalogue state (revision, dates in force, announced decisions) and which date
the answer shows; a matching If-None-Match (or If-Modified-Since, when no ETag is sent) gets 304
before any rendering. Pages that greet a logged-in user are private to that user.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import time
from functools import wraps
from typing import Any

from flask import current_app, make_response, request
from flask_login import current_user
from sqlalchemy import func, select

from ..catalogue.models import CatalogueRevision
from ..decisions.models import Decision
from ..search.documents import catalogue_state
from . import db_session, requested_date

STATE_SECONDS = 1.0  # the catalogue state is asked at most once a second per process
_state_memo: dict[str, Any] = {"at": -STATE_SECONDS, "value": ""}


def _catalogue_state(session, today: dt.date) -> str:
    now = time.monotonic()
    if current_app.testing or now - _state_memo["at"] >= STATE_SECONDS:
        _state_memo.update(at=now, value=catalogue_state(session, today))
    return str(_state_memo["value"])


def validators(on_date: dt.date | None, extra: str = "") -> tuple[str, dt.datetime | None]:
    """(ETag value, Last-Modified) for an answer about the catalogue on `on_date` (None: today)."""
    session = db_session()
    today = dt.date.today()
    state = _catalogue_state(session, today)
    user = current_user.get_id() if current_user.is_authenticated else ""
    raw = f"{state}|{extra}|{on_date or ''}|{today}|{user}|{request.full_path}"
    tag = hashlib.sha1(raw.encode()).hexdigest()[:20]
    revision_time = select(func.max(CatalogueRevision.applied_at))
    if on_date is not None:
        revision_time = revision_time.where(CatalogueRevision.effective_date <= on_date)
    found = [session.scalar(revision_time),
             session.scalar(select(func.max(Decision.updated_at)).where(Decision.status == "signed"))]
    times = [t.replace(tzinfo=t.tzinfo or dt.UTC) for t in found if t is not None]
    return tag, max(times) if times else None


def _not_modified(tag: str, last_modified: dt.datetime | None) -> bool:
    if request.if_none_match:
        return request.if_none_match.contains_weak(tag)
    since = request.if_modified_since
    return bool(since and last_modified and last_modified.replace(microsecond=0) <= since)


def conditional(param: str = "ngay", extra=None):
    """Decorator: answer 304 when the client has this state already; else tag the response.
    `extra()` adds what else the answer depends on (the search index the answer comes from)."""
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            tag, last_modified = validators(requested_date(param), extra() if extra else "")
            if _not_modified(tag, last_modified):
                response = make_response("", 304)
            else:
                response = make_response(view(*args, **kwargs))
                if response.status_code != 200:
                    return response
            response.set_etag(tag, weak=True)
            if last_modified is not None:
                response.last_modified = last_modified
            private = current_user.is_authenticated
            response.headers["Cache-Control"] = "private, no-cache" if private else "public, no-cache"
            return response
        return wrapped
    return decorator
