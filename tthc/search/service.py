"""Keeping the index in step with the catalogue, and answering searches meanwhile.

Layout of the index folder (TTHC_INDEX_DIR):
  current          the name of the live index folder (replaced atomically with os.replace)
  ix-<stamp>/      one complete Whoosh index + meta.json {"state", "built_at", "documents", ...}
  .build.lock      flock: one builder at a time, across processes (several gunicorn workers)

A process keeps its searcher open and checks (at most every CHECK_SECONDS) whether the catalogue
state in the database moved. If the live index does not match, the answer comes from an in-memory
scan of the catalogue (correct, slower) while the index is rebuilt into a new folder and swapped in.

The background refresh builds in a child process (tthc.search.build_child: the catalogue read
into documents, Whoosh's writer, the files), the index thread only waiting for it: in a thread of
this process the build's long holds of the interpreter lock made requests wait behind it (seconds
at 30,000 procedures). rebuild() still builds in the calling thread (the CLI, tests), and so does
the refresh when the database is SQLite in memory (no other process can open it).

Several processes (gunicorn workers) share the folder: one builds, the others find its new folder
at their next check. No request opens it (seconds at 30,000 procedures): the process's one index
thread opens it, answers WARM_QUERIES with it and swaps it in, as the builder's own process does,
while requests keep answering from the engine they have, marked stale (the page says the results
are being updated). So the refresh is done, for a process, when its swap is done: from then on it
answers from the new index, and before that no answer it gives from the old one goes unmarked.
A gunicorn worker opens and warms the live folder before it serves (gunicorn_conf.post_worker_init,
warm()); a process with no engine open yet otherwise opens it in its first search.
With `watch_seconds` (service_for: every CHECK_SECONDS when refreshing in the background) a process
also looks at the pointer file that often, without a request and without the database, and loads
a newer folder the same way: a worker that served no search since the refresh has the new index
ready when its next citizen comes, about when the builder's own process swaps it in.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from ..catalogue.state import catalogue_state
from .documents import build_documents, documents_on, next_change_date
from .event_edits import active_event_data, approved_state
from .gaps import database_synonyms
from .memory import MemoryEngine
from .pacing import background, collector_paused
from .query import SearchQuery, SearchResult
from .whoosh_index import INDEX_FORMAT, EngineClosed, WhooshEngine, build_index, read_meta

log = logging.getLogger(__name__)
POINTER, LOCK_FILE, PREFIX = "current", ".build.lock", "ix-"
CACHE_SIZE = 1024
NEVER = float("-inf")  # _checked_at when the next search must check (monotonic time may be under check_seconds)
WARM_QUERIES = ("đăng ký khai sinh cho con", "dang ky tam tru")  # toned and untoned: both readings' tables
CHILD_TIMEOUT_SECONDS = 1800  # a build child running longer is stuck: killed, the old index keeps serving


class IndexBusy(Exception):
    """Another process is building the index right now."""


class IndexBuildFailed(Exception):
    """The build process failed (its stderr in the message); the live index is untouched."""


# The build child runs tthc.search.build_child from the tthc package imported here (whatever the
# installed one is: a worktree, pytest's rootdir), put first on its path; its environment is this one.
CHILD_COMMAND = (
    "import sys; sys.path.insert(0, sys.argv[1]); from tthc.search.build_child import main; sys.exit(main())"
)


class SearchService:
    """One per process (and per settings). Thread-safe."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        index_dir: str | Path,
        *,
        check_seconds: float = 2.0,
        background: bool = True,
        limitmb: int = 256,
        procs: int = 1,
        memory_limit: int = 5000,
        today: Callable[[], dt.date] = dt.date.today,
        watch_seconds: float | None = None,
    ):
        self.session_factory = session_factory
        self.index_dir = Path(index_dir)
        self.check_seconds = check_seconds
        self.background = background
        self.limitmb, self.procs = limitmb, procs
        self.memory_limit = memory_limit  # above this many procedures a stale index beats a memory scan
        self.today = today
        self.watch_seconds = watch_seconds  # look at the pointer file that often, between requests
        self._watcher: threading.Thread | None = None
        self._lock = threading.RLock()
        self._engine: WhooshEngine | MemoryEngine | None = None
        self._checked_at = NEVER
        self._state = ""
        self._builder: threading.Thread | None = None
        self._memory: OrderedDict[tuple, MemoryEngine] = OrderedDict()
        self._cache: OrderedDict[tuple, SearchResult] = OrderedDict()

    # --- answering ---------------------------------------------------------------------------------
    def search(self, query: SearchQuery, on_date: dt.date | None = None) -> SearchResult:
        query = query.normalized()
        engine: WhooshEngine | MemoryEngine
        engine = self._past_engine(on_date) if on_date is not None and on_date != self.today() else self.engine()
        # A past engine's state names its catalogue: dates that share it share the answers too.
        key = (engine.name, engine.state, None if engine.state.startswith("dated@") else on_date, query)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._mark(self._cache[key], on_date)
        try:
            result = engine.search(query)
        except EngineClosed:  # swapped out (and closed) between engine() and its search: ask the new one
            return self.search(query, on_date)
        except Exception:  # a broken index must not break search: scan instead, rebuild
            log.exception("search index failed; answering from memory and rebuilding")
            self._drop_engine()
            engine = self._memory_engine(self._current_state())
            result = engine.search(query)
            self._start_rebuild()
        with self._lock:
            self._cache[key] = result
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return self._mark(result, on_date)

    def _mark(self, result: SearchResult, on_date: dt.date | None) -> SearchResult:
        """A result from an index older than the catalogue says so (the page tells the citizen)."""
        if on_date is None and result.state != self._state:
            return replace(result, stale=True)
        return result

    def warm(self) -> None:
        """Open the live engine and answer WARM_QUERIES with it before any citizen does (a new
        worker process: the open and the tables a first query reads take about 3.5 s at 30,000
        procedures). Answers are not cached: they are no citizen's. What the open builds is frozen,
        as after a refresh (pacing.collector_paused): later full collections, run while citizens
        wait, skip its tables."""
        with collector_paused():
            _answer_warm_queries(self.engine())

    def state(self) -> str:
        """The catalogue state the answers reflect now (for ETags)."""
        return self.engine().state

    def engine(self) -> WhooshEngine | MemoryEngine:
        """The live engine: the open index if it matches the catalogue, else the memory scan."""
        with self._lock:
            if self.watch_seconds and (self._watcher is None or not self._watcher.is_alive()):
                self._watcher = threading.Thread(
                    target=_watch, args=(weakref.ref(self), self.watch_seconds), name="tthc-index-watch", daemon=True
                )
                self._watcher.start()  # again after a fork: a thread does not survive it
            now = time.monotonic()
            if self._engine is not None and now - self._checked_at < self.check_seconds:
                return self._engine
            state = self._state = self._current_state()
            self._checked_at = now
            if isinstance(self._engine, WhooshEngine) and self._engine.state == state:
                return self._engine
            if self.background and self._engine is not None and self._live_meta(state) is not None:
                # Another process built the index of this state: the index thread opens and warms
                # it; meanwhile this engine answers (marked stale unless it already holds this state).
                self._start_refresh(load=self.current_folder())
                return self._engine
            opened = self._open_current(state)
            if opened is not None:
                self._replace_engine(opened)
                return opened
        # Stale, missing or broken: rebuild (inline for the CLI and tests, else in a thread).
        if not self.background:
            try:
                self.rebuild()
                with self._lock:
                    opened = self._open_current(state)
                    if opened is not None:
                        self._replace_engine(opened)
                        return opened
            except IndexBusy:
                pass
        else:
            self._start_rebuild()
        with self._lock:
            # The engine open here, whichever folder it reads (background: opening the live folder
            # in a request would stall it); else the live folder, opened once.
            own = self._engine if self.background and isinstance(self._engine, WhooshEngine) else None
            previous = own or self._open_current(None)
            if previous is not None and (
                previous.meta.get("documents", 0) > self.memory_limit or same_catalogue(previous.state, state)
            ):
                # Or only the staff's synonym groups changed: the previous index holds the same
                # procedures, and a memory scan of the whole catalogue would stall every search
                # for seconds; its answers are the old matching until the new folder is swapped in.
                # Scanning a large catalogue in memory takes longer than a request may: until the
                # new folder is swapped in, answer from the previous index, marked stale.
                self._replace_engine(previous)
                return previous
        engine = self._memory_engine(state)
        with self._lock:
            self._replace_engine(engine)
        return engine

    def _current_state(self) -> str:
        with self.session_factory() as session:
            return catalogue_state(session, self.today()).key

    def _live_meta(self, state: str | None) -> dict[str, Any] | None:
        """The live folder's meta.json if it reads, in this format (and reflects `state`, unless None)."""
        folder = self.current_folder()
        if folder is None:
            return None
        try:
            meta = read_meta(folder)
        except Exception:
            return None
        if meta.get("format") != INDEX_FORMAT or (state is not None and meta.get("state") != state):
            return None
        return meta

    def _open_current(self, state: str | None) -> WhooshEngine | None:
        """The live folder's engine if it opens (and reflects `state`, unless None)."""
        folder = self.current_folder()
        if folder is None:
            return None
        try:
            meta = read_meta(folder)
            if meta.get("format") != INDEX_FORMAT or (state is not None and meta.get("state") != state):
                return None
            if isinstance(self._engine, WhooshEngine) and self._engine.folder == folder:
                return self._engine
            return WhooshEngine(folder)
        except Exception as error:  # logged as text: a kept traceback would keep Whoosh's file open
            log.warning("search index %s cannot be opened (%s); it will be rebuilt", folder, error)
        _collect_broken_files()  # outside the except block: the traceback no longer holds the file
        return None

    def _replace_engine(self, engine) -> None:
        old, self._engine = self._engine, engine
        if old is not None and old is not engine and isinstance(old, WhooshEngine):
            old.close()

    def _drop_engine(self) -> None:
        with self._lock:
            self._replace_engine(None)
            self._checked_at = NEVER

    def _memory_engine(self, state: str) -> MemoryEngine:
        key = ("today", state)
        return self._cached_memory(key, lambda session: build_documents(session, self.today()), state)

    def _past_engine(self, on_date: dt.date) -> MemoryEngine:
        """The catalogue on another day than today, kept per catalogue state on that day (CatalogueState.on):
        every date between two decision dates shares one engine, so a new date costs one small query,
        not a rebuild, and a decision applied later (even reaching back) gives a new state."""
        with self.session_factory() as session:
            state, _since = catalogue_state(session, self.today()).on(on_date)
        return self._cached_memory(("dated", state), lambda session: documents_on(session, on_date), f"dated@{state}")

    def _cached_memory(self, key, load, state: str) -> MemoryEngine:
        with self._lock:
            if key in self._memory:
                self._memory.move_to_end(key)
                return self._memory[key]
        with self.session_factory() as session:
            engine = MemoryEngine(load(session), state, events=events_in_force(session))
        with self._lock:
            self._memory[key] = engine
            while len(self._memory) > 4:
                self._memory.popitem(last=False)
        return engine

    # --- building and swapping ---------------------------------------------------------------------
    def current_folder(self) -> Path | None:
        try:
            name = (self.index_dir / POINTER).read_text().strip()
        except FileNotFoundError:
            return None
        folder = self.index_dir / name
        return folder if name.startswith(PREFIX) and folder.is_dir() else None

    @contextmanager
    def _build_lock(self, wait: bool):
        self.index_dir.mkdir(parents=True, exist_ok=True)
        with open(self.index_dir / LOCK_FILE, "a+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                raise IndexBusy("Chỉ mục tìm kiếm đang được xây dựng bởi một tiến trình khác.") from None
            try:
                yield handle
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def rebuild(self, *, wait: bool = False, force: bool = False) -> dict[str, Any]:
        """Build the index for the catalogue as it is now into a new folder and swap it in, in this
        thread (the CLI, tests; the background refresh builds in a child process: rebuild_elsewhere).
        Skips the work when the live index already matches (unless force)."""
        with self._build_lock(wait):
            return self.rebuild_holding_lock(force=force)

    def rebuild_holding_lock(self, *, force: bool = False) -> dict[str, Any]:
        """rebuild() for a caller that holds the build lock (rebuild itself, or build_child, whose
        parent holds it for it)."""
        started = time.perf_counter()
        with self.session_factory() as session:
            today = self.today()
            state = catalogue_state(session, today).key
            folder = self.current_folder()
            if folder is not None and not force and _opens(folder, state):
                return {**read_meta(folder), "rebuilt": False, "folder": folder.name}
            docs = build_documents(session, today)
            synonyms = database_synonyms(session)  # staff's groups, on top of synonyms.json
            events = events_in_force(session)  # staff's approved event edits, on top of events.json
        stamp = f"{PREFIX}{dt.datetime.now():%Y%m%d%H%M%S%f}-{os.getpid()}"
        building = self.index_dir / f".building-{stamp}"
        meta = {
            "format": INDEX_FORMAT,
            "state": state,
            "built_at": dt.datetime.now().isoformat(timespec="seconds"),
            "built_for": today.isoformat(),
            "built_by": os.getpid(),  # the process that built it: the web's own, or its build child
            "next_change": next_change_date(docs, today),
        }
        build_index(building, docs, meta, limitmb=self.limitmb, procs=self.procs, synonyms=synonyms, events=events)
        os.rename(building, self.index_dir / stamp)
        self._point_to(stamp)
        self._remove_old(keep={stamp, folder.name if folder else ""})
        seconds = round(time.perf_counter() - started, 2)
        log.info("search index %s built: %d documents in %.1f s", stamp, len(docs), seconds)
        return {**meta, "documents": len(docs), "rebuilt": True, "folder": stamp, "seconds": seconds}

    def rebuild_elsewhere(self, *, force: bool = False) -> dict[str, Any]:
        """rebuild() in a child process (tthc.search.build_child), this thread only waiting for it:
        the build is seconds of CPU-bound Python, and in a thread of this process every request
        waited behind its hold on the interpreter lock. This process takes the build lock (no child
        is started while another process builds: IndexBusy) and holds it until the child ends; the
        child inherits the lock's file, so the lock stays held while it builds even if this process
        dies. A database the child cannot open (SQLite in memory, as some tests use) is built here."""
        url = self.child_database_url()
        if url is None:
            return self.rebuild(force=force)
        spec = {
            "database_url": url,
            "index_dir": str(self.index_dir.resolve()),
            "limitmb": self.limitmb,
            "procs": self.procs,
            "today": self.today().isoformat(),
            "force": force,
        }
        with self._build_lock(wait=False) as lock:
            try:
                child = subprocess.run(
                    [sys.executable, "-c", CHILD_COMMAND, str(Path(__file__).resolve().parents[2])],
                    input=json.dumps(spec),
                    capture_output=True,
                    text=True,
                    timeout=CHILD_TIMEOUT_SECONDS,
                    pass_fds=(lock.fileno(),),  # the lock stays held while the child lives, even past this process
                )
            except subprocess.TimeoutExpired as error:  # killed by run(); its .building-* folder goes later
                raise IndexBuildFailed(f"the build process ran over {CHILD_TIMEOUT_SECONDS} s") from error
        if child.returncode != 0:
            raise IndexBuildFailed(f"the build process exited {child.returncode}:\n{child.stderr[-4000:]}")
        return json.loads(child.stdout.strip().splitlines()[-1])

    def child_database_url(self) -> str | None:
        """The catalogue database's URL for a build child, or None when another process cannot open
        it: an in-memory SQLite database (or a session factory bound to no engine)."""
        bind = self.session_factory.kw.get("bind")
        url = getattr(bind, "url", None)
        if url is None:
            return None
        if url.get_backend_name() == "sqlite":
            database = url.database or ""
            if database in ("", ":memory:") or "mode=memory" in str(url):
                return None
        return url.render_as_string(hide_password=False)

    def _point_to(self, name: str) -> None:
        temporary = self.index_dir / f".{POINTER}.{os.getpid()}"
        temporary.write_text(name)
        os.replace(temporary, self.index_dir / POINTER)  # atomic: readers see the old or the new name

    def _remove_old(self, keep: set[str]) -> None:
        """Older folders go; the previous one stays a while for readers that still have it open."""
        for path in self.index_dir.iterdir():
            if path.name.startswith((PREFIX, ".building-")) and path.name not in keep and path.is_dir():
                shutil.rmtree(path, ignore_errors=True)

    def _start_rebuild(self) -> None:
        self._start_refresh()

    def _start_refresh(self, load: Path | None = None) -> None:
        """Start the process's index thread unless it runs already (one at a time: no two builds, no
        folder opened twice): it opens and warms `load`, the live folder another process built, or
        else builds the index of the catalogue as it is now; then it swaps the result in."""
        with self._lock:
            if self._builder is not None and self._builder.is_alive():
                return
            self._builder = threading.Thread(target=self._refresh_quietly, args=(load,), name="tthc-index", daemon=True)
            self._builder.start()

    def _refresh_quietly(self, load: Path | None = None) -> None:
        try:
            if load is not None:
                try:
                    self._open_warm(load.name)
                    return
                except Exception as error:  # as text: a kept traceback would keep Whoosh's file open
                    log.warning("search index %s cannot be opened (%s); it will be rebuilt", load, error)
                _collect_broken_files()
            outcome = self.rebuild_elsewhere()
            self._open_warm(outcome["folder"])  # also when another process had built it already
        except IndexBusy:
            pass  # another process builds it; the next check has this thread open its result
        except Exception:
            log.exception("search index rebuild failed")
        finally:
            with self._lock:
                self._checked_at = NEVER

    def _open_warm(self, name: str) -> None:
        """Open the index in the index thread and answer a query with it there, then put it in place:
        the first citizen after a refresh waits neither for the open (seconds at 30,000 procedures)
        nor for the tables read on a first query. Nothing to do when that folder is open here."""
        folder = self.index_dir / name
        with self._lock:
            if isinstance(self._engine, WhooshEngine) and self._engine.folder == folder:
                return
        engine = open_warmed(folder)
        with self._lock:
            if self.current_folder() == engine.folder:
                self._replace_engine(engine)
                self._checked_at = NEVER  # the next search compares it with the catalogue (stale or not)
                return
        engine.close()  # another build has been swapped in meanwhile

    def _load_newer(self) -> None:
        """The watcher's look: while this process answers from an index, a newer live folder (the
        pointer moves only forward) is loaded by the index thread."""
        with self._lock:
            engine = self._engine
        folder = self.current_folder()
        newer = isinstance(engine, WhooshEngine) and folder is not None and engine.folder != folder
        if newer and self._live_meta(None) is not None:
            self._start_refresh(load=folder)

    def wait_for_rebuild(self, timeout: float = 60.0) -> None:
        builder = self._builder
        if builder is not None:
            builder.join(timeout)

    def status(self) -> dict[str, Any]:
        folder = self.current_folder()
        meta: dict[str, Any] = {}
        if folder is not None:
            try:
                meta = read_meta(folder)
            except Exception:
                meta = {"broken": True}
        return {
            "folder": folder.name if folder else None,
            "index": meta,
            "catalogue_state": self._current_state(),
            "current": bool(meta) and meta.get("state") == self._current_state(),
        }


SYNONYMS_PART = re.compile(r"-[sk]\d+(?=-[ka]|$)")


def events_in_force(session: Session) -> list[dict[str, Any]] | None:
    """The life events an index or memory scan matches: None while staff approved no edit (the
    shipped set, its index cached once per process)."""
    return active_event_data(session) if approved_state(session) is not None else None


def _answer_warm_queries(engine: WhooshEngine | MemoryEngine) -> None:
    for words in WARM_QUERIES:
        engine.search(SearchQuery(words).normalized())


def open_warmed(folder: Path) -> WhooshEngine:
    """The folder's engine, opened and warmed by the WARM_QUERIES, in background work: its tables
    are built in Python (seconds at 30,000 procedures), pausing while this process answers searches
    (tthc.search.pacing), the garbage collector kept from walking them meanwhile."""
    with background(), collector_paused():
        engine = WhooshEngine(folder)
        try:
            _answer_warm_queries(engine)
        except BaseException:
            engine.close()
            raise
    return engine


def _watch(service_ref: weakref.ref[SearchService], seconds: float) -> None:
    """The watcher thread's loop, for as long as its service lives (a weak reference: a service
    dropped by its owner ends its watcher)."""
    while True:
        time.sleep(seconds)
        service = service_ref()
        if service is None:
            return
        try:
            service._load_newer()
        except Exception:
            log.exception("search index watcher failed")
        del service


def same_catalogue(old: str, new: str) -> bool:
    """Two catalogue states that differ only by the newest synonym group or approved event version
    (catalogue.state.catalogue_state)."""
    return SYNONYMS_PART.sub("", old) == SYNONYMS_PART.sub("", new)


def _opens(folder: Path, state: str) -> bool:
    """The folder holds a readable index of this catalogue state."""
    try:
        meta = read_meta(folder)
        if meta.get("state") != state or meta.get("format") != INDEX_FORMAT:
            return False
        WhooshEngine(folder).close()
        return True
    except Exception:
        pass
    _collect_broken_files()
    return False


def _collect_broken_files() -> None:
    """Whoosh leaves a file open when it fails to read a broken index: close it now, quietly."""
    import gc
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()
