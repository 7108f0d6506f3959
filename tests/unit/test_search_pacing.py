"""Background work in a web process (opening and warming a refreshed index) gives way to the
searches being answered (issue 23, item 6): it holds the interpreter lock in Python, and a search
waited behind it (one took 1.5 s at 30,000 procedures)."""

from __future__ import annotations

import gc
import itertools
import threading
import time

from tthc.search import pacing
from tthc.search.pacing import answering, background, collector_paused, paced


def _background_loop(progress: list[int], stop: threading.Event) -> threading.Thread:
    def work():
        with background():
            for n in paced(itertools.count(), 1):
                progress.append(n)
                if stop.is_set():
                    return

    thread = threading.Thread(target=work)
    thread.start()
    return thread


def test_background_work_waits_while_a_search_is_answered_and_goes_on_after(monkeypatch):
    monkeypatch.setattr(pacing, "SLICE_SECONDS", 0.0)
    monkeypatch.setattr(pacing, "WAIT_SECONDS", 30.0)
    progress: list[int] = []
    stop = threading.Event()
    worker = _background_loop(progress, stop)
    try:
        while not progress:
            time.sleep(0.01)
        with answering():
            time.sleep(0.3)  # the worker reaches its next pause and sleeps there
            held = len(progress)
            time.sleep(0.3)
            assert len(progress) == held  # no step while the search runs
        deadline = time.monotonic() + 10
        while len(progress) <= held + 100 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(progress) > held + 100  # on again once it is answered
    finally:
        stop.set()
        worker.join(5)


def test_a_steady_stream_of_searches_slows_background_work_without_stopping_it(monkeypatch):
    monkeypatch.setattr(pacing, "SLICE_SECONDS", 0.0)
    monkeypatch.setattr(pacing, "WAIT_SECONDS", 0.05)
    progress: list[int] = []
    stop = threading.Event()
    with answering():  # one search after another, for as long as the test runs
        worker = _background_loop(progress, stop)
        try:
            time.sleep(1.0)
            assert 2 <= len(progress) < 1000  # a step per WAIT_SECONDS at most
        finally:
            stop.set()
            worker.join(5)


def test_outside_background_work_nothing_is_paced():
    items = [1, 2, 3]
    assert paced(items) is items
    with answering():
        assert paced(items) is items
    with background():
        assert paced(items) is not items and list(paced(items)) == items
        with answering():  # the background thread's own warm queries do not count as searches
            assert pacing._answering == 0


def test_no_collection_runs_while_the_collector_is_paused_and_what_lives_then_is_frozen():
    # a full collection walks every object of the process with the interpreter lock held (0.3-0.5 s
    # at 30,000 procedures, the slowest search of a paced open); the open's tables hold no cycles
    started: list[int] = []

    def note(phase, info):
        if phase == "start":
            started.append(info["generation"])

    gc.callbacks.append(note)
    frozen = gc.get_freeze_count()
    try:
        with collector_paused():
            tables = [{"words": [n]} for n in range(300_000)]  # enough to set off collections
        assert started == [] and gc.isenabled()
        assert gc.get_freeze_count() >= frozen + len(tables)
    finally:
        gc.callbacks.remove(note)
        gc.unfreeze()
