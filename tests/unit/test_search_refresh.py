"""Saving a synonym group re-indexes in the background (issue 23, item 6): meanwhile public searches
answer from the previous index (same procedures, no whole-catalogue memory scan to build), and once
the refresh is done they use the new group, never the old answer."""

from __future__ import annotations

import gc
import os
import threading
import time
from pathlib import Path

import pytest

from tthc.db import make_engine, make_session_factory, transaction
from tthc.search import IndexBusy, SearchQuery, SearchService
from tthc.search import service as service_module
from tthc.search.gaps import save_group
from tthc.search.service import same_catalogue
from tthc.search.whoosh_index import WhooshEngine, read_meta


def test_only_the_synonym_version_differs():
    assert same_catalogue("3-2025-01-01-a2.0", "3-2025-01-01-s7-a2.0")
    assert same_catalogue("3-2025-01-01-s6", "3-2025-01-01-s7")
    assert not same_catalogue("3-2025-01-01-s7", "4-2025-01-01-s7")


def test_a_saved_group_is_indexed_in_the_background_and_used_when_done(demo, tmp_path):
    service = SearchService(demo, tmp_path / "index", check_seconds=0, background=True)
    service.rebuild(wait=True)
    assert service.search(SearchQuery("cai thuốc phiện")).nothing_fits
    with transaction(demo) as session:
        save_group(session, "cai thuốc phiện\ncai nghiện ma túy", actor="quan-tri")
    service._builder = None
    during = service.search(SearchQuery("cai thuốc lá"))  # the refresh starts; the old index answers
    assert isinstance(service._engine, WhooshEngine) and during.stale
    service.wait_for_rebuild()
    after = service.search(SearchQuery("cai thuốc phiện"))
    assert not after.stale and not after.nothing_fits
    assert "cai nghiện" in after.hits[0]["name"].lower()


def test_the_index_of_an_empty_catalogue_opens_and_is_never_rebuilt_per_search(session_factory, tmp_path):
    """A new installation before its first decision: the index holds no document, which is a valid index.
    It was once refused on every open (Whoosh has no column file without documents), so each search
    rebuilt the index and ran a full garbage collection."""
    service = SearchService(session_factory, tmp_path / "index", check_seconds=0, background=False)
    service.rebuild()
    built = sorted(p.name for p in (tmp_path / "index").iterdir())
    for words in ("đăng ký khai sinh", "cấp giấy phép lái xe", "thủ tục 2715/QĐ-UBND"):
        result = service.search(SearchQuery(words))
        assert result.total == 0 and not result.stale
    assert isinstance(service._engine, WhooshEngine) and service._engine.size == 0
    assert sorted(p.name for p in (tmp_path / "index").iterdir()) == built


def test_the_refreshed_index_is_opened_and_warmed_by_the_builder_not_by_a_citizen(demo, tmp_path):
    # opening an index takes seconds at 30,000 procedures: the builder's thread opens the new one,
    # answers a query with it and puts it in place, so the next search only finds it there
    service = SearchService(demo, tmp_path / "index", check_seconds=0, background=True)
    service.rebuild(wait=True)
    service.search(SearchQuery("đăng ký khai sinh"))
    before = service._engine
    with transaction(demo) as session:
        save_group(session, "cai thuốc phiện\ncai nghiện ma túy", actor="quan-tri")
    service._builder = None
    service.search(SearchQuery("cai thuốc lá"))  # sees the change: the refresh starts
    service.wait_for_rebuild()
    warm = service._engine
    assert isinstance(warm, WhooshEngine) and warm is not before
    assert warm.folder == service.current_folder()
    after = service.search(SearchQuery("cai thuốc phiện"))
    assert service._engine is warm  # no open in the citizen's request
    assert not after.stale and "cai nghiện" in after.hits[0]["name"].lower()


class SlowToOpen(WhooshEngine):
    """An index that takes `delay` seconds to open, as one of 30,000 procedures does (~2.6 s)."""

    delay = 0.0
    opened: list[str] = []

    def __init__(self, folder):
        time.sleep(self.delay)
        super().__init__(folder)
        SlowToOpen.opened.append(folder.name)


def test_another_worker_opens_the_refreshed_index_in_its_index_thread_not_in_a_request(demo, tmp_path, monkeypatch):
    # Two services over one database and one index folder stand for two gunicorn workers: the one where
    # staff saved the group builds the new index; the other finds it at its next check and must not open
    # it in the citizen's request: it answers from its open index (marked stale) until its own index
    # thread has opened and warmed the new one, then from the new one.
    monkeypatch.setattr(service_module, "WhooshEngine", SlowToOpen)
    monkeypatch.setattr(SlowToOpen, "opened", [])
    saving = SearchService(demo, tmp_path / "index", check_seconds=0, background=True)
    saving.rebuild(wait=True)
    other = SearchService(demo, tmp_path / "index", check_seconds=0, background=True)
    assert other.search(SearchQuery("cai thuốc phiện")).nothing_fits
    old = other._engine
    with transaction(demo) as session:
        save_group(session, "cai thuốc phiện\ncai nghiện ma túy", actor="quan-tri")
    saving.search(SearchQuery("cai thuốc lá"))  # the saving worker refreshes in the background
    saving.wait_for_rebuild()
    new = saving.current_folder()
    assert new != old.folder and saving._engine.folder == new
    monkeypatch.setattr(SlowToOpen, "delay", 1.5)
    SlowToOpen.opened.clear()

    started = time.perf_counter()
    during = other.search(SearchQuery("cai thuốc phiện"))
    seconds = time.perf_counter() - started
    assert seconds < 0.75, f"the request waited {seconds:.2f} s for the open"
    assert during.stale and during.nothing_fits and other._engine is old  # old answer, said to be old
    answers = []  # more requests meanwhile: none waits, none opens the folder again
    requests = [
        threading.Thread(target=lambda: answers.append(other.search(SearchQuery("cai nghiện")))) for _ in range(4)
    ]
    for request in requests:
        request.start()
    for request in requests:
        request.join(0.75)
    assert len(answers) == 4 and all(answer.stale for answer in answers)

    other.wait_for_rebuild()
    assert SlowToOpen.opened == [new.name]  # once, in the index thread
    assert other._engine.folder == new and old.closed
    started = time.perf_counter()
    after = other.search(SearchQuery("cai thuốc phiện"))
    assert time.perf_counter() - started < 0.75 and other._engine.folder == new
    assert not after.stale and "cai nghiện" in after.hits[0]["name"].lower()


def test_searches_racing_a_swap_are_answered_by_an_index(demo, tmp_path, monkeypatch, caplog):
    # a gthread worker answers while its index thread swaps the refreshed index in and closes the old
    # one: a search that took the old engine just before must be answered (by the new one), not turned
    # into "the index is broken" (a memory scan of the whole catalogue and a rebuild)
    monkeypatch.setattr(service_module, "CACHE_SIZE", 0)
    service = SearchService(demo, tmp_path / "index", check_seconds=3600, background=True)
    service.rebuild(wait=True)
    words = ["đăng ký khai sinh", "cai nghiện ma túy", "trợ giúp pháp lý", "cấp giấy phép lái xe", "nuôi con nuôi"]
    assert all(service.search(SearchQuery(w)).engine == "whoosh" for w in words)
    answers, stop = [], threading.Event()

    def citizen(n):
        while not stop.is_set():
            answers.append(service.search(SearchQuery(words[n % len(words)], page=1 + len(answers) % 3)))

    citizens = [threading.Thread(target=citizen, args=(n,)) for n in range(4)]
    for thread in citizens:
        thread.start()
    for _ in range(3):
        service._open_warm(service.rebuild(force=True)["folder"])
    stop.set()
    for thread in citizens:
        thread.join()
    assert answers and {answer.engine for answer in answers} == {"whoosh"}
    assert "search index failed" not in caplog.text
    assert isinstance(service._engine, WhooshEngine) and service._engine.folder == service.current_folder()


def test_a_worker_between_requests_loads_the_refreshed_index_by_watching_the_folder(demo, tmp_path, monkeypatch):
    # a worker that serves no search meanwhile (its check far off) still finds the new folder by
    # looking at the pointer file, loads it in its index thread, and its next citizen gets the new
    # answer at once
    monkeypatch.setattr(service_module, "WhooshEngine", SlowToOpen)
    monkeypatch.setattr(SlowToOpen, "opened", [])
    saving = SearchService(demo, tmp_path / "index", check_seconds=0, background=True)
    saving.rebuild(wait=True)
    other = SearchService(demo, tmp_path / "index", check_seconds=3600, background=True, watch_seconds=0.1)
    assert saving.search(SearchQuery("cai thuốc phiện")).nothing_fits
    assert other.search(SearchQuery("cai thuốc phiện")).nothing_fits
    monkeypatch.setattr(SlowToOpen, "delay", 0.5)
    SlowToOpen.opened.clear()
    with transaction(demo) as session:
        save_group(session, "cai thuốc phiện\ncai nghiện ma túy", actor="quan-tri")
    saving.search(SearchQuery("cai thuốc lá"))
    saving.wait_for_rebuild()
    new = saving.current_folder()
    deadline = time.monotonic() + 10
    while other._engine.folder != new and time.monotonic() < deadline:
        time.sleep(0.05)
    assert other._engine.folder == new and SlowToOpen.opened == [new.name, new.name]  # each worker's thread
    started = time.perf_counter()
    after = other.search(SearchQuery("cai thuốc phiện"))
    assert time.perf_counter() - started < 0.4
    assert not after.stale and "cai nghiện" in after.hits[0]["name"].lower()
    watcher = other._watcher
    del other  # a dropped service ends its watcher
    gc.collect()
    watcher.join(1)
    assert not watcher.is_alive()


def test_a_swap_does_not_wait_for_a_search_still_running_on_the_old_index(demo, tmp_path):
    # the swap holds the service's lock: waiting there for a slow search on the old index would hold
    # every other request of the worker as long
    service = SearchService(demo, tmp_path / "index", check_seconds=3600, background=True)
    service.rebuild(wait=True)
    service.search(SearchQuery("cai nghiện ma túy"))
    old = service._engine
    new = service.rebuild(force=True)["folder"]
    with old._lock:  # a search is running on the old index
        swap = threading.Thread(target=service._open_warm, args=(new,))
        swap.start()
        swap.join(5)
        assert not swap.is_alive() and service._engine.folder.name == new
        answer = service.search(SearchQuery("cai nghiện ma túy tự nguyện"))
        assert answer.hits[0]["code"] == "3.000527"  # from the new index, at once
        assert old.closed and not getattr(old.searcher, "is_closed", False)  # its files close when that search ends
    deadline = time.monotonic() + 5
    while not getattr(old.searcher, "is_closed", False) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert getattr(old.searcher, "is_closed", False)


def test_a_background_refresh_builds_in_another_process_and_then_serves_the_new_answer(demo, tmp_path):
    # the build is seconds of CPU-bound Python (about 30 s at 30,000 procedures): in a thread of the
    # web process it held the interpreter lock, and a citizen's request waited behind it (2-3 s)
    service = SearchService(demo, tmp_path / "index", check_seconds=0, background=True)
    service.rebuild(wait=True)
    assert read_meta(service.current_folder())["built_by"] == os.getpid()  # rebuild(): inline (CLI, tests)
    assert service.search(SearchQuery("cai thuốc phiện")).nothing_fits
    with transaction(demo) as session:
        save_group(session, "cai thuốc phiện\ncai nghiện ma túy", actor="quan-tri")
    service._builder = None
    assert service.search(SearchQuery("cai thuốc lá")).stale  # the refresh starts
    service.wait_for_rebuild()
    assert read_meta(service.current_folder())["built_by"] != os.getpid()  # the refresh: a child process
    after = service.search(SearchQuery("cai thuốc phiện"))
    assert not after.stale and "cai nghiện" in after.hits[0]["name"].lower()
    assert service._engine.folder == service.current_folder()


def test_no_other_process_builds_while_the_build_process_runs(demo, tmp_path):
    # the build lock (.build.lock) is held for the child: another worker, or `tthc index rebuild`,
    # is told the index is being built instead of building a second one beside it
    service = SearchService(demo, tmp_path / "index", check_seconds=0, background=True)
    service.rebuild(wait=True)
    with transaction(demo) as session:
        save_group(session, "cai thuốc phiện\ncai nghiện ma túy", actor="quan-tri")
    service._builder = None
    service.search(SearchQuery("cai thuốc lá"))  # the refresh starts its child
    deadline = time.monotonic() + 30
    while not _children() and time.monotonic() < deadline:
        time.sleep(0.01)
    children = _children()
    assert children and service._builder.is_alive()
    other = SearchService(demo, tmp_path / "index", check_seconds=0, background=False)
    with pytest.raises(IndexBusy):
        other.rebuild()
    service.wait_for_rebuild()
    assert read_meta(service.current_folder())["built_by"] in children


def _children() -> set[int]:
    """This process's child processes now (Linux: /proc)."""
    found = set()
    for listing in Path(f"/proc/{os.getpid()}/task").glob("*/children"):
        found |= {int(pid) for pid in listing.read_text().split()}
    return found


def test_a_failing_build_process_leaves_the_old_index_serving(demo, tmp_path, monkeypatch, caplog):
    # the child reads a database without the catalogue's tables: it fails for real, and nothing of
    # its build may reach the folder the citizens' answers come from
    service = SearchService(demo, tmp_path / "index", check_seconds=0, background=True)
    service.rebuild(wait=True)
    assert service.search(SearchQuery("cai thuốc phiện")).nothing_fits
    old = service.current_folder()
    monkeypatch.setattr(service, "child_database_url", lambda: f"sqlite:///{tmp_path / 'no-catalogue.sqlite3'}")
    with transaction(demo) as session:
        save_group(session, "cai thuốc phiện\ncai nghiện ma túy", actor="quan-tri")
    service._builder = None
    service.search(SearchQuery("cai thuốc lá"))
    service.wait_for_rebuild()
    assert "search index rebuild failed" in caplog.text and "no such table" in caplog.text
    assert service.current_folder() == old and service._engine.folder == old
    assert sorted(p.name for p in (tmp_path / "index").iterdir() if p.name.startswith(("ix-", ".building"))) == [
        old.name
    ]
    during = service.search(SearchQuery("cai thuốc phiện"))
    assert during.stale and during.nothing_fits and during.engine == "whoosh"  # the old index, said to be old


def test_a_database_in_memory_is_built_in_this_process(tmp_path):
    # another process cannot open an in-memory SQLite database: its refresh builds in the thread
    memory = SearchService(make_session_factory(make_engine("sqlite:///:memory:")), tmp_path / "a")
    assert memory.child_database_url() is None
    on_disk = SearchService(make_session_factory(make_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")), tmp_path / "b")
    assert on_disk.child_database_url() == f"sqlite:///{tmp_path / 'x.sqlite3'}"
