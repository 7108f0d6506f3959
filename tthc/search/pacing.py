"""Background work in a web process gives way to the searches being answered.

After a refresh, the index thread of each web process opens the new folder and answers the warm
queries with it (SearchService._open_warm): the names tables, the body postings and the event
index are built in Python there, seconds at 30,000 procedures. Meanwhile that thread holds the
interpreter lock, and a search in a request thread, which releases the lock at every numpy
operation and file read, waits for it again each time, up to the switch interval (5 ms): hundreds
of times in one search (one took 1.5 s, measured by benchmarks/search.py).

So the work done in `background()` is cut into small pieces (`paced(items)`: a pause() every few
items of its loops), and at a pause, once it has run SLICE_SECONDS, it sleeps while a search is
being answered (`answering()`, WhooshEngine.search), the lock then free for that search, but at
most WAIT_SECONDS in a row, so a steady stream of searches slows the refresh (to about a fifth of
its speed) without stopping it. Elsewhere (a request thread, the CLI) paced() and pause() cost
nothing.

The open also allocates a few hundred thousand objects, which makes the garbage collector run full
collections meanwhile, each walking every object of the process with the lock held (0.3-0.5 s at
30,000 procedures on a busy machine: the slowest request of a paced open). `collector_paused()`
keeps it from collecting during the open and then freezes what is alive (gc.freeze: later
collections skip the tables, which hold no reference cycles, so an engine swapped out is freed by
its reference count all the same).
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

SLICE_SECONDS = 0.005  # background work runs at least this long between two pauses
WAIT_SECONDS = 0.02  # and waits at most this long for the searches at a pause
SLEEP_SECONDS = 0.001
EVERY = 16  # items of a loop between two looks at the clock

T = TypeVar("T")
_local = threading.local()
_count_lock = threading.Lock()
_answering = 0  # searches being answered now, in the threads not marked background


@contextmanager
def background():
    """This thread's work gives way to searches (paced loops pause) until the block ends."""
    _local.background, _local.resumed = True, time.monotonic()
    try:
        yield
    finally:
        _local.background = False


@contextmanager
def collector_paused():
    """No garbage collection while the block runs; what is alive at its end is frozen (see above)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.enable()


def in_background() -> bool:
    return getattr(_local, "background", False)


@contextmanager
def answering():
    """A search runs in this block (a background thread's own warm queries do not count)."""
    global _answering
    if in_background():
        yield
        return
    with _count_lock:
        _answering += 1
    try:
        yield
    finally:
        with _count_lock:
            _answering -= 1


def pause() -> None:
    """In background work: sleep while a search is answered, once this slice has run its time."""
    if not _answering or not in_background():
        return
    now = time.monotonic()
    if now - _local.resumed < SLICE_SECONDS:
        return
    until = now + WAIT_SECONDS
    while _answering and time.monotonic() < until:
        time.sleep(SLEEP_SECONDS)
    _local.resumed = time.monotonic()


def paced(items: Iterable[T], every: int = EVERY) -> Iterable[T]:
    """The items, with a pause() every `every` of them in background work (else the items as given)."""
    if not in_background():
        return items
    return _paced(items, every)


def _paced(items: Iterable[T], every: int) -> Iterator[T]:
    for n, item in enumerate(items):
        if n % every == 0:
            pause()
        yield item
