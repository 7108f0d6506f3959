"""Conditional GET for public pages and API answers: ETag and Last-Modified from the catalogue.

The ETag says which catalogue state (revision, dates in force, announced decisions) and which date
the answer shows; a matching If-None-Match (or If-Modified-Since, when no ETag is sent) gets 304
before any rendering. Pages that greet a logged-in user are private to that user.

The catalogue state is kept in memory per process and asked of the database at most once every
STATE_SECONDS (in its own short transaction), as the search service does: a 304 costs a hash and a
comparison, never a database round trip. An anonymous answer is also kept, under its ETag, in a small
per-process cache: the tag names everything the page shows, so the same tag can be served again
until the state moves on (then the tag changes and the old entries age out).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from flask import Response, current_app, make_response, request
from flask import session as browser_session
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..catalogue.models import CatalogueRevision
from ..decisions.models import Decision
from ..search.documents import catalogue_state
from . import db_session, requested_date, services

STATE_SECONDS = 1.0  # the catalogue state is asked at most once a second per process
PAGE_CACHE_BYTES = 32 * 1024 * 1024  # rendered anonymous answers kept per process
UNCACHED_ARGS = ("tk",)  # a click-through from search writes to the search log: always run the view


@dataclass(frozen=True)
class CatalogueState:
    """What validators are made of, read in one go: the state key, the day it was read for, the time
    each revision was applied (by effective date) and the last signature."""
    key: str
    today: dt.date
    revisions: tuple[tuple[dt.date, dt.datetime], ...]
    last_signed: dt.datetime | None
    announced: bool = False  # some signed decision takes effect after today

    def last_modified(self, on_date: dt.date | None) -> dt.datetime | None:
        times = [applied for effective, applied in self.revisions if on_date is None or effective <= on_date]
        if self.last_signed is not None:
            times.append(self.last_signed)
        return max(times) if times else None


def read_state(session: Session, today: dt.date) -> CatalogueState:
    def aware(t: dt.datetime) -> dt.datetime:
        return t.replace(tzinfo=t.tzinfo or dt.UTC)
    revisions = session.execute(select(CatalogueRevision.effective_date, func.max(CatalogueRevision.applied_at))
                                .group_by(CatalogueRevision.effective_date)).all()
    signed = session.scalar(select(func.max(Decision.updated_at)).where(Decision.status == "signed"))
    announced = session.scalar(select(func.count(Decision.id))
                               .where(Decision.status == "signed", Decision.effective_date > today))
    return CatalogueState(catalogue_state(session, today), today,
                          tuple((effective, aware(applied)) for effective, applied in revisions if applied),
                          aware(signed) if signed else None, bool(announced))


class StateMemo:
    """The process's copy of the catalogue state, refreshed at most every `seconds`."""

    def __init__(self, seconds: float = STATE_SECONDS):
        self.seconds = seconds
        self._lock = threading.Lock()
        self._at = -seconds
        self._state: CatalogueState | None = None

    def get(self, session_factory, today: dt.date) -> CatalogueState:
        now = time.monotonic()
        state = self._state
        if state is not None and now - self._at < self.seconds and state.today == today:
            return state
        with self._lock:
            if self._state is not None and time.monotonic() - self._at < self.seconds and self._state.today == today:
                return self._state
            session = session_factory()
            try:
                state = read_state(session, today)
            finally:
                session.close()
            self._state, self._at = state, time.monotonic()
            return state


class PageCache:
    """Rendered answers by ETag, least recently used out first, bounded in bytes."""

    def __init__(self, max_bytes: int = PAGE_CACHE_BYTES):
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._entries: OrderedDict[str, tuple[bytes, list[tuple[str, str]]]] = OrderedDict()
        self._bytes = 0

    def get(self, tag: str) -> tuple[bytes, list[tuple[str, str]]] | None:
        with self._lock:
            entry = self._entries.get(tag)
            if entry is not None:
                self._entries.move_to_end(tag)
            return entry

    def put(self, tag: str, body: bytes, headers: list[tuple[str, str]]) -> None:
        if len(body) > self.max_bytes // 8:
            return
        with self._lock:
            if tag in self._entries:
                return
            self._entries[tag] = (body, headers)
            self._bytes += len(body)
            while self._bytes > self.max_bytes:
                _, (old, _) = self._entries.popitem(last=False)
                self._bytes -= len(old)


def _extension(name: str, factory):
    extensions = current_app.extensions
    if name not in extensions:
        extensions[name] = factory()
    return extensions[name]


def current_state() -> CatalogueState:
    """The catalogue state this answer is validated against. Under tests each request reads it afresh
    (in the request's own snapshot), so an answer follows a change at once."""
    today = dt.date.today()
    if current_app.testing:
        return read_state(db_session(), today)
    memo: StateMemo = _extension("tthc_state", lambda: StateMemo(
        float(current_app.config.get("STATE_SECONDS", STATE_SECONDS))))
    return memo.get(services().session_factory, today)


def per_state(name: str, compute: Callable[[], Any], *args: Any) -> Any:
    """`compute()` once per catalogue state (and `args`) in this process: whole-catalogue answers a page
    filters (linked groups, designations on a date), kept until a decision moves the state on."""
    state = current_state()
    memo: dict[str, Any] = _extension("tthc_per_state", dict)
    if memo.get("") != state.key:
        memo.clear()
        memo[""] = state.key
    key = repr((name, args))
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def validators(on_date: dt.date | None, extra: str = "") -> tuple[str, dt.datetime | None]:
    """(ETag value, Last-Modified) for an answer about the catalogue on `on_date` (None: today)."""
    state = current_state()
    user = current_user.get_id() if current_user.is_authenticated else ""
    raw = f"{state.key}|{extra}|{on_date or ''}|{state.today}|{user}|{request.full_path}"
    tag = hashlib.sha1(raw.encode()).hexdigest()[:20]
    return tag, state.last_modified(on_date)


def _not_modified(tag: str, last_modified: dt.datetime | None) -> bool:
    if request.if_none_match:
        return request.if_none_match.contains_weak(tag)
    since = request.if_modified_since
    return bool(since and last_modified and last_modified.replace(microsecond=0) <= since)


def _page_cache() -> PageCache | None:
    size = int(current_app.config.get("PAGE_CACHE_MB", PAGE_CACHE_BYTES // 2**20)) * 2**20
    return _extension("tthc_page_cache", lambda: PageCache(size)) if size > 0 else None


def _kept_headers(response: Response) -> list[tuple[str, str]]:
    """The headers of an answer worth serving again (content type, disposition, links), not per-request ones."""
    skip = {"set-cookie", "content-length", "etag", "last-modified", "cache-control", "date"}
    return [(k, v) for k, v in response.headers.items() if k.lower() not in skip]


def conditional(param: str = "ngay", extra=None, cache: bool | Callable[[], bool] = True):
    """Decorator: answer 304 when the client has this state already; else tag the response.
    `extra()` adds what else the answer depends on (the search index the answer comes from).
    `cache` (or `cache()`): an anonymous answer may be served again from memory under the same tag (False
    when the answer carries something of its own, such as a search-log id)."""
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            tag, last_modified = validators(requested_date(param), extra() if extra else "")
            private = current_user.is_authenticated
            # Not for a user, nor with a message flashed to this browser (the page would show it to all).
            cacheable = ((cache() if callable(cache) else cache) and not private and request.method == "GET"
                         and not browser_session.get("_flashes")
                         and not any(arg in request.args for arg in UNCACHED_ARGS))
            pages = _page_cache() if cacheable else None
            kept = pages.get(tag) if pages is not None else None
            if _not_modified(tag, last_modified):
                response = make_response("", 304)
            elif kept is not None:
                response = Response(kept[0], headers=kept[1])
            else:
                response = make_response(view(*args, **kwargs))
                if response.status_code != 200:
                    return response
                if (pages is not None and not response.direct_passthrough and not response.is_streamed
                        and "Set-Cookie" not in response.headers):
                    pages.put(tag, response.get_data(), _kept_headers(response))
            response.set_etag(tag, weak=True)
            if last_modified is not None:
                response.last_modified = last_modified
            response.headers["Cache-Control"] = "private, no-cache" if private else "public, no-cache"
            return response
        return wrapped
    return decorator
