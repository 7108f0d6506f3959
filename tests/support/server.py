"""The app served on a free loopback port in a thread (werkzeug), for the browser and for tests that need
real sockets; `serving(app, browser=None)` yields the base URL and tears down without leaking connections."""

from __future__ import annotations

from contextlib import contextmanager


def closing_each_response(app):
    """The app with each response read whole and closed before the server writes it.

    werkzeug's development server closes a response only after its clean-up read of the socket; when
    a browser drops the connection (a page navigating away while a stylesheet is sent), that read
    raises first and the static file is left to the garbage collector, which pytest then reports as
    an error in whatever test runs next. No response of the app streams, so reading it whole is safe."""

    def wsgi(environ, start_response):
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            if hasattr(body, "close"):
                body.close()

    return wsgi


@contextmanager
def serving(app, browser=None):
    """The app served on a free loopback port; yields its base URL.

    Teardown closes the browser's pages first and waits for requests still in flight (a progress
    poll, say): a request that finished after the app's engine was disposed would hand its database
    connection to a discarded pool, and the garbage collector would report it in a later test."""
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, closing_each_response(app), threaded=True)
    server.daemon_threads = False  # keep track of request threads so they can be joined below
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        for context in browser.contexts if browser is not None else ():
            context.close()
        server.shutdown()
        thread.join(timeout=5)
        # socketserver keeps a list of request threads only once one was started (_NoThreads before that).
        request_threads = getattr(server, "_threads", None)
        for request_thread in list(request_threads) if isinstance(request_threads, list) else []:
            request_thread.join(timeout=10)
        server.block_on_close = False  # joined above, with a bound
        server.server_close()


def port_of(base_url: str) -> int:
    return int(base_url.rsplit(":", 1)[1])


@contextmanager
def gunicorn_serving(environment: dict[str, str], log_path, *args: str):
    """The app served by gunicorn as in production (README, "Serving": tthc/gunicorn_conf.py) in a
    subprocess on a free loopback port, `environment` on top of this process's and `args` after the
    configuration (`-w 1`…); yields its base URL once it answers. Its error output goes to `log_path`."""
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.request
    from pathlib import Path

    from tthc.config import PROJECT_ROOT

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT), **environment}
    command = [sys.executable, "-m", "gunicorn", "-c", "python:tthc.gunicorn_conf", *args, "-b", f"127.0.0.1:{port}"]
    with open(log_path, "wb") as errors:
        server = subprocess.Popen(command, env=env, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=errors)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/", timeout=5) as answer:
                    answer.read()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    log = Path(log_path).read_text(errors="replace")[-2000:]
                    raise RuntimeError(f"gunicorn did not start: {log}") from None
                time.sleep(0.3)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=30)
