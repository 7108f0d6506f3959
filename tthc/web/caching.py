"""Conditional GET for public pages and API answers: ETag and Last-Modified from the catalogue.

The ETag says which catalogue state (tthc.catalogue.state: revision, dates in force, announced decisions,
synonyms, agency register), which date the answer shows and which query arguments the view declared it
reads (`conditional(args=...)`; under tests a view reading any other one fails: UndeclaredInput); a
matching If-None-Match (or If-Modified-Since, when no ETag is sent) gets 304 before any rendering.
Pages that greet a logged-in user are private to that user.

The catalogue state is kept in memory per process and asked of the database at most once every
STATE_SECONDS (in its own short transaction), as the search service does: a 304 costs a hash and a
comparison, never a database round trip. An anonymous answer is also kept, under its ETag, in a small
per-process cache: the tag names everything the page shows, so the same tag can be served again
until the state moves on (then the tag changes and the old entries age out).

In front of Flask, `AnswerShortcut` answers again what this process already answered to an anonymous
visitor for the same address under the same catalogue state: a revalidation gets its 304, a repeat
visit the kept page, at the cost of a dictionary lookup and a tag comparison (no routing, no session,
no login, no view), with exactly the headers Flask gave the first time.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from flask import Flask, Response, current_app, g, make_response, request
from flask import session as browser_session
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.http import parse_accept_header, parse_etags

from ..catalogue.state import CatalogueState, catalogue_state
from . import db_session, requested_date, services

STATE_SECONDS = 1.0  # the catalogue state is asked at most once a second per process
PAGE_CACHE_BYTES = 32 * 1024 * 1024  # rendered anonymous answers kept per process (gzip-compressed)
GZIP_LEVEL = 6  # a 25 KB procedure page packs to about 5 KB: the whole catalogue fits, a phone loads less
UNCACHED_ARGS = ("tk",)  # a click-through from search writes to the search log: always run the view


def catalogue_day() -> dt.date:
    """The day whose catalogue the answers show (one seam, so tests can hold it across midnight)."""
    return dt.date.today()


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
                state = catalogue_state(session, today)
            finally:
                session.close()
            self._state, self._at = state, time.monotonic()
            return state


class PageCache:
    """Rendered answers by ETag, gzip-compressed, least recently used out first, bounded in bytes."""

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


def _extension(name: str, factory, app: Flask | None = None):
    """The application's one `name` object, made by `factory()` on first use (`app`: outside a request)."""
    extensions = (app or current_app).extensions
    if name not in extensions:
        extensions[name] = factory()
    return extensions[name]


def _state_memo(app: Flask) -> StateMemo:
    # Under tests: read afresh each time, so answers follow a change at once.
    seconds = 0.0 if app.testing else float(app.config.get("STATE_SECONDS", STATE_SECONDS))
    return _extension("tthc_state", lambda: StateMemo(seconds), app)


def current_state() -> CatalogueState:
    """The catalogue state this answer is validated against. Under tests each request reads it afresh
    (in the request's own snapshot), so an answer follows a change at once."""
    today = catalogue_day()
    if current_app.testing:
        return _state_of_this_transaction(today)
    return _state_memo(current_app).get(services().session_factory, today)


def _state_of_this_transaction(today: dt.date) -> CatalogueState:
    """Read once per transaction of the request's session: a request asks for the state several times
    (its validator, each memo it reads); a commit or rollback in the request begins a new transaction,
    so a change the request made is seen."""
    session = db_session()
    kept = g.get("tthc_state")
    if kept is not None and kept[0] is session.get_transaction() and kept[1] == today:
        return kept[2]
    state = catalogue_state(session, today)
    g.tthc_state = (session.get_transaction(), today, state)
    return state


MEMO_ENTRIES = 8  # answers kept per memo name: a visitor asking many `?ngay=` dates pushes old ones out
_MEMO_PREFIX = "tthc_memo:"
_MEMOS_LOCK = threading.Lock()


class BoundedMemo:
    """Values by key, least recently used out first, at most `entries`. A key is computed once:
    parallel requests for it wait for the one computation (its own lock), other keys go on."""

    def __init__(self, entries: int = MEMO_ENTRIES):
        self.entries = entries
        self._lock = threading.Lock()
        self._values: OrderedDict[Any, Any] = OrderedDict()
        self._computing: dict[Any, threading.Lock] = {}

    def _kept(self, key: Any) -> tuple[bool, Any]:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return True, self._values[key]
            return False, None

    def get(self, key: Any, compute: Callable[[], Any]) -> Any:
        found, value = self._kept(key)
        if found:
            return value
        with self._lock:
            computing = self._computing.setdefault(key, threading.Lock())
        with computing:
            found, value = self._kept(key)
            if found:
                return value
            try:
                value = compute()
                with self._lock:  # kept before its lock goes: a later request finds it, never recomputes
                    self._values[key] = value
                    while len(self._values) > self.entries:
                        self._values.popitem(last=False)
            finally:
                with self._lock:
                    self._computing.pop(key, None)
            return value

    def __len__(self) -> int:
        return len(self._values)


def memo(name: str, entries: int = MEMO_ENTRIES, app: Flask | None = None) -> BoundedMemo:
    """The application's memo `name` (made on first use with room for `entries` answers)."""
    with _MEMOS_LOCK:  # parallel first requests must share one memo, or each would compute
        return _extension(_MEMO_PREFIX + name, lambda: BoundedMemo(entries), app)


def per_state(name: str, compute: Callable[[], Any], *args: Any, entries: int = MEMO_ENTRIES) -> Any:
    """`compute()` once per catalogue state and `args` in this process: whole-catalogue answers a page
    filters (the agency register, linked groups and designations on a date, the statistics of a date).
    Kept in the bounded memo `name` (at most `entries` answers, least recently used out first: a
    crawler asking 300 dates keeps 8), keyed on the catalogue state's key, so a state moving on makes
    every answer of the old one unreachable; they age out. The answer is shared by every thread of the
    process: it must be plain data (tuples, dicts, frozen dataclasses, bytes), never an ORM object of a
    session that is closed when the request ends (checked under tests: `plain()`)."""
    state = current_state()

    def checked() -> Any:
        value = compute()
        if current_app.testing:
            plain(value, name)
        return value

    return memo(name, entries).get((state.key, args), checked)


def plain(value: Any, name: str = "value") -> None:
    """Raise TypeError if `value` holds an ORM instance anywhere (containers, dataclasses, objects)."""
    seen: set[int] = set()
    stack = [value]
    while stack:
        item = stack.pop()
        if id(item) in seen or isinstance(item, (str, bytes, int, float, bool, dt.date, type(None))):
            continue
        seen.add(id(item))
        if hasattr(item, "_sa_instance_state"):
            raise TypeError(f"per_state({name!r}) would keep an ORM object ({type(item).__name__}): keep plain data")
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset, Sequence)):
            stack.extend(item)
        elif hasattr(item, "__dict__"):
            stack.extend(vars(item).values())


def forget_per_state() -> None:
    """Drop this process's per_state() answers: a change outside decisions (an agency's address) that they
    hold is read again by the next page rendered."""
    with _MEMOS_LOCK:
        for name in [name for name in current_app.extensions if name.startswith(_MEMO_PREFIX)]:
            current_app.extensions.pop(name, None)


def validators(
    state: CatalogueState, on_date: dt.date | None, extra: str = "", inputs: tuple[str, ...] = ()
) -> tuple[str, dt.datetime | None]:
    """(ETag value, Last-Modified) for an answer about the catalogue in `state` on `on_date` (None: today).
    The tag names everything the answer may depend on: the catalogue state and the day it was read for,
    `extra`, the user (a logged-in answer is private), the path, and the values of the query arguments
    `inputs`, in that order (other arguments, such as a tracker's ?utm_source=, share the answer)."""
    user = current_user.get_id() if current_user.is_authenticated else ""
    named = urlencode([(name, value) for name in inputs for value in request.args.getlist(name)])
    raw = f"{state.key}|{extra}|{on_date or ''}|{state.today}|{user}|{request.path}|{named}"
    tag = hashlib.sha1(raw.encode()).hexdigest()[:20]
    return tag, state.last_modified(on_date)


class UndeclaredInput(RuntimeError):
    """A cached view read a query argument its ETag does not name (raised under tests only)."""


ALL_ARGS = "*"  # recorded when a view enumerates the arguments (items(), to_dict(), iteration…)


class RecordingArgs(ImmutableMultiDict):
    """request.args that notes which arguments are read: a key asked for by name, or ALL_ARGS when the
    view enumerates them (then it depends on arguments nobody declared)."""

    def __init__(self, real: MultiDict) -> None:
        super().__init__(real)
        self.read: set[str] = set()

    def _all(self) -> None:
        self.read.add(ALL_ARGS)

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None, type=None):  # type: ignore[override]  # MultiDict's, without its overloads
        self.read.add(key)
        return super().get(key, default, type)

    def getlist(self, key, type=None):
        self.read.add(key)
        return super().getlist(key, type)

    def __contains__(self, key) -> bool:
        self.read.add(key)
        return super().__contains__(key)

    def __iter__(self):
        self._all()
        return super().__iter__()

    def __len__(self) -> int:
        self._all()
        return super().__len__()

    def keys(self):
        self._all()
        return super().keys()

    def values(self):
        self._all()
        return super().values()

    def items(self, multi: bool = False):
        self._all()
        return super().items(multi)

    def lists(self):
        self._all()
        return super().lists()

    def listvalues(self):
        self._all()
        return super().listvalues()

    def to_dict(self, flat: bool = True):
        self._all()
        return super().to_dict(flat)  # type: ignore[call-overload]

    def copy(self):
        self._all()
        return super().copy()


def etag_inputs() -> tuple[str, ...] | None:
    """The query arguments the ETag of this request's cached view names (None outside such a view):
    what a view may carry on into its links (tthc.web.paging)."""
    return g.get("tthc_etag_inputs")


def _run_view(view, inputs: tuple[str, ...], args, kwargs) -> Response:
    """The view's answer. Under tests it runs with request.args recording what it reads: a 200 answer
    that read an argument outside `inputs` raises UndeclaredInput (its tag would not name it, so a
    cached copy would be given for another value)."""
    g.tthc_etag_inputs = inputs
    if not current_app.testing:
        return make_response(view(*args, **kwargs))
    current = request._get_current_object()  # type: ignore[attr-defined]
    real = current.args
    recording = RecordingArgs(real)
    current.args = recording  # request.args is a cached property: the view sees the recording one
    try:
        response = make_response(view(*args, **kwargs))
    finally:
        current.args = real
    undeclared = sorted(recording.read - set(inputs))
    if response.status_code == 200 and undeclared:
        raise UndeclaredInput(
            f"{request.path} read {', '.join(undeclared)} from the query, which its ETag does not name "
            f"(it names {', '.join(inputs)}): add it to @conditional(args=...) or stop reading it."
        )
    return response


def shared_with_anyone() -> bool:
    """This browser's answer may be given to anyone: no user (pages greet them), no message flashed to it
    (the page would show it to all)."""
    return not current_user.is_authenticated and not browser_session.get("_flashes")


def _not_modified(tag: str, last_modified: dt.datetime | None) -> bool:
    if request.if_none_match:
        return request.if_none_match.contains_weak(tag)
    since = request.if_modified_since
    return bool(since and last_modified and last_modified.replace(microsecond=0) <= since)


def _page_cache(app: Flask | None = None) -> PageCache | None:
    size = int((app or current_app).config.get("PAGE_CACHE_MB", PAGE_CACHE_BYTES // 2**20)) * 2**20
    return _extension("tthc_page_cache", lambda: PageCache(size), app) if size > 0 else None


def accepts_gzip(accept_encoding: str | None) -> bool:
    return bool(accept_encoding) and parse_accept_header(accept_encoding).quality("gzip") > 0


def _kept_body(packed: bytes, accept_encoding: str | None) -> tuple[bytes, list[tuple[str, str]]]:
    """A kept (compressed) answer as this client takes it: as it is, or unpacked."""
    if accepts_gzip(accept_encoding):
        return packed, [("Content-Encoding", "gzip")]
    return gzip.decompress(packed), []


def _kept_headers(response: Response) -> list[tuple[str, str]]:
    """The headers of an answer worth serving again (content type, disposition, links), not per-request ones."""
    skip = {"set-cookie", "content-length", "etag", "last-modified", "cache-control", "date"}
    return [(k, v) for k, v in response.headers.items() if k.lower() not in skip]


def conditional(
    param: str = "ngay",
    extra=None,
    cache: bool | Callable[[], bool] = True,
    shortcut: bool | None = None,
    args: tuple[str, ...] = (),
):
    """Decorator: answer 304 when the client has this state already; else tag the response.
    `param`: the query argument of the date the answer shows; `args`: the other query arguments the view
    reads (page, filters, search text…). The ETag names those and nothing else (validators); under tests
    a view that reads any other argument fails (UndeclaredInput).
    `extra()` adds what else the answer depends on (the search index the answer comes from).
    `cache` (or `cache()`): an anonymous answer may be served again from memory under the same tag (False
    when the answer carries something of its own, such as a search-log id).
    `shortcut`: AnswerShortcut may give the answer again while the catalogue state stays: by default only
    without `extra` (True when `extra()` is fixed for the life of the process, such as a setting)."""
    shortcut = extra is None if shortcut is None else shortcut
    inputs = (param, *args)

    def decorator(view):
        @wraps(view)
        def wrapped(*view_args, **view_kwargs):
            state = current_state()
            tag, last_modified = validators(state, requested_date(param), extra() if extra else "", inputs)
            private = current_user.is_authenticated
            cacheable = (
                (cache() if callable(cache) else cache)
                and shared_with_anyone()
                and request.method == "GET"
                and not any(arg in request.args for arg in UNCACHED_ARGS)
            )
            pages = _page_cache() if cacheable else None
            if cacheable and shortcut:  # AnswerShortcut may answer this address again
                request.environ[ANSWERED_KEY] = (state.key, state.today, tag)
            kept = pages.get(tag) if pages is not None else None
            if _not_modified(tag, last_modified):
                response = make_response("", 304)
            elif kept is not None:
                body, encoding = _kept_body(kept[0], request.headers.get("Accept-Encoding"))
                response = Response(body, headers=[*kept[1], *encoding])
            else:
                response = _run_view(view, inputs, view_args, view_kwargs)
                if response.status_code != 200:
                    return response
                if (
                    pages is not None
                    and not response.direct_passthrough
                    and not response.is_streamed
                    and "Set-Cookie" not in response.headers
                    and "Content-Encoding" not in response.headers
                ):
                    packed = gzip.compress(response.get_data(), GZIP_LEVEL, mtime=0)
                    pages.put(tag, packed, _kept_headers(response))
                    if accepts_gzip(request.headers.get("Accept-Encoding")):
                        response.set_data(packed)
                        response.headers["Content-Encoding"] = "gzip"
            if pages is not None:
                response.vary.add("Accept-Encoding")
            response.set_etag(tag, weak=True)
            if last_modified is not None:
                response.last_modified = last_modified
            response.headers["Cache-Control"] = "private, no-cache" if private else "public, no-cache"
            return response

        wrapped.etag_inputs = inputs  # type: ignore[attr-defined]  # the walk in tests/web/test_caching_inputs.py
        return wrapped

    return decorator


ANSWERED_KEY = "tthc.answered"  # set by `conditional` on an answer the shortcut may give again
SHORTCUT_ADDRESSES = 50_000  # addresses remembered per process (~0.4 KB each; then forgotten all at once)
_BODY_HEADERS = {"content-type", "content-length", "content-encoding", "content-disposition"}
_PER_ANSWER_HEADERS = {"content-length", "content-encoding", "date", "etag"}  # not repeated as recorded


@dataclass(frozen=True)
class _Answered:
    state_key: str
    today: dt.date
    tag: str
    etag: tuple[str, str]  # the ETag header as Flask sent it
    headers: tuple[tuple[str, str], ...]  # the rest a 200 repeats (shared between addresses)
    revalidated: tuple[tuple[str, str], ...]  # the rest a 304 repeats (no body headers; shared)
    full: bool  # the headers are a 200's (with Content-Type), not only a 304's


class AnswerShortcut:
    """WSGI middleware: an anonymous GET for an address this process answered under the catalogue state
    still current gets the same answer again without Flask: 304 when the client holds the tag, the kept
    page when it does not. Anything else (a logged-in visitor, a session cookie, another method, a new
    state, an address never answered, a page the page cache let go) goes to Flask as usual, which records
    what it answered for next time. Only answers that `conditional` marked are recorded: anonymous,
    cacheable, and tagged by the catalogue state and the address alone."""

    def __init__(self, app: Flask, wsgi_app):
        self.app, self.wsgi_app = app, wsgi_app
        self._answered: dict[tuple[str, str, str], _Answered] = {}
        # Headers but for the ETag are the same for most answers: one copy each, not one per address.
        self._header_sets: dict[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]] = {}
        self._cookies = (
            app.config.get("SESSION_COOKIE_NAME") or "session",
            app.config.get("REMEMBER_COOKIE_NAME") or "remember_token",
        )

    def __call__(self, environ, start_response):
        address = self._address(environ)
        if address is None:
            return self.wsgi_app(environ, start_response)
        again = self._again(environ, start_response, address)
        if again is not None:
            return again
        return self.wsgi_app(environ, self._recording(environ, start_response, address))

    def _address(self, environ) -> tuple[str, str, str] | None:
        if environ.get("REQUEST_METHOD") != "GET":
            return None
        cookies = environ.get("HTTP_COOKIE", "")
        if cookies and any(name in cookies for name in self._cookies):
            return None  # perhaps logged in, perhaps a message waiting: Flask decides
        return environ.get("wsgi.url_scheme", "http"), environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", "")

    def _again(self, environ, start_response, address) -> list[bytes] | None:
        known = self._answered.get(address)
        if known is None:
            return None
        try:
            state = _state_memo(self.app).get(self.app.extensions["tthc"].session_factory, catalogue_day())
        except SQLAlchemyError:
            return None  # the database is away: Flask answers (its error page says so)
        if state.key != known.state_key or state.today != known.today:
            return None
        held = environ.get("HTTP_IF_NONE_MATCH")
        if held:
            if not parse_etags(held).contains_weak(known.tag):
                return None
            start_response("304 NOT MODIFIED", [*known.revalidated, known.etag])
            return []
        if "HTTP_IF_MODIFIED_SINCE" in environ or "HTTP_RANGE" in environ:
            return None  # rarer questions: Flask answers them
        pages = _page_cache(self.app)
        kept = pages.get(known.tag) if known.full and pages is not None else None
        if kept is None:
            return None
        body, encoding = _kept_body(kept[0], environ.get("HTTP_ACCEPT_ENCODING"))
        start_response("200 OK", [*known.headers, known.etag, *encoding, ("Content-Length", str(len(body)))])
        return [body]

    def _recording(self, environ, start_response, address):
        def start(status: str, headers: list[tuple[str, str]], exc_info=None):
            marked = environ.get(ANSWERED_KEY)
            if (
                marked is not None
                and status[:3] in ("200", "304")
                and not any(k.lower() == "set-cookie" for k, _ in headers)
            ):
                previous = self._answered.get(address)
                if status[:3] == "200" or previous is None or previous.tag != marked[2]:
                    self._record(address, marked, headers, full=status[:3] == "200")
            return start_response(status, headers, exc_info)

        return start

    def _record(self, address, marked: tuple[str, dt.date, str], headers: list[tuple[str, str]], full: bool) -> None:
        if len(self._answered) >= SHORTCUT_ADDRESSES:
            self._answered.clear()
            self._header_sets.clear()
        etag = next(((k, v) for k, v in headers if k.lower() == "etag"), None)
        if etag is None:
            return
        rest = tuple((k, v) for k, v in headers if k.lower() not in _PER_ANSWER_HEADERS)
        revalidated = tuple((k, v) for k, v in rest if k.lower() not in _BODY_HEADERS)
        shared = self._header_sets
        state_key, today, tag = marked
        self._answered[address] = _Answered(
            state_key,
            today,
            tag,
            etag,
            shared.setdefault(rest, rest),
            shared.setdefault(revalidated, revalidated),
            full,
        )
