"""How gunicorn serves tthc in production (README, "Serving"):

    .venv/bin/gunicorn -c python:tthc.gunicorn_conf -w 2 -b 127.0.0.1:8000

Worker processes with threads (`gthread`), not sync workers. A sync worker serves one request at a time:
a burst of 32 logins queued 64 requests (each browser's form and attempt) in front of the public pages
behind them. Here login requests wait in the login lane (tthc.web.login_lane: one at a time for the whole
server), each holding a thread of its worker while it waits, and every worker keeps PAGE_THREADS more
threads than the lane lets wait (LOGIN_QUEUE per process), so pages are served while a burst waits.
`-w` sets the worker processes (about one per core); `benchmarks/login_burst.py` serves with this file.
Each worker opens and warms its search index before it takes requests (`post_worker_init`): no citizen's
search pays for it.
"""

from __future__ import annotations

from tthc.config import Settings

PAGE_THREADS = 16  # threads per worker for everything but logins

wsgi_app = "tthc:create_app()"
workers = 2
worker_class = "gthread"
threads = Settings.load().login_queue + PAGE_THREADS


def post_worker_init(worker) -> None:
    """gunicorn calls this in each new worker after loading the app, before it serves. A search that
    cannot warm (database away) is logged and left to the first request, which says why."""
    from tthc.web.public import search_service

    with worker.wsgi.app_context():
        try:
            search_service().warm()
        except Exception:
            worker.log.exception("search index not warmed; the first search will open it")
