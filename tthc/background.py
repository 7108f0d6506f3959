"""Jobs run in threads of the web process (print jobs, large annex imports): started by a request,
tracked per job id so tests and shutdown can wait for them. Their state lives in the database."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any


class JobThreads:
    """The running threads of one kind of job, by job id; finished ones are forgotten on the next start."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._threads: dict[int, threading.Thread] = {}

    def start(self, job_id: int, target: Callable[..., Any], *args: Any) -> threading.Thread:
        """Run `target(*args)` in a daemon thread; the request returns at once."""
        thread = threading.Thread(target=target, args=args, name=f"{self.name}-{job_id}", daemon=True)
        for finished in [key for key, other in self._threads.items() if not other.is_alive()]:
            del self._threads[finished]
        self._threads[job_id] = thread
        thread.start()
        return thread

    def wait(self, job_id: int, timeout: float | None = None) -> None:
        """Block until a job of this process ends (tests and shutdown)."""
        thread = self._threads.get(job_id)
        if thread is not None:
            thread.join(timeout)

    def wait_all(self, timeout: float | None = None) -> None:
        """Block until every job of this kind in this process ends (before closing the database engine)."""
        for job_id in list(self._threads):
            self.wait(job_id, timeout)
