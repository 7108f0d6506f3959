"""Load on public pages while decisions are applied: gunicorn with several workers on PostgreSQL.

    .venv/bin/python benchmarks/load.py [--requests 2000] [--threads 8] [--workers 3]

Creates (or resets) its own database, loads the sample baseline with the sample's two decisions signed
but not applied, starts gunicorn on 127.0.0.1, and sends a fixed number of requests from a thread pool
(loopback only, every request with a timeout). A third of the way in it applies the first decision
through the core, two thirds in the second. It prints requests per second, latency, the error count
(must be 0) and checks that every listing page shows one consistent catalogue: the procedure codes
and count on the page are exactly those of the revision number the page itself shows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
from sqlalchemy import select
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tthc.catalogue.apply import apply_decision  # noqa: E402
from tthc.catalogue.io import import_baseline  # noqa: E402
from tthc.catalogue.queries import catalogue_on  # noqa: E402
from tthc.commands.demo import DEMO_BASELINE_DATE  # noqa: E402
from tthc.db import make_engine, make_session_factory, transaction  # noqa: E402
from tthc.decisions.effect import due_decisions  # noqa: E402
from tthc.decisions.importing import import_decisions  # noqa: E402
from tthc.migrate import upgrade  # noqa: E402
from tthc.models.catalogue import CatalogueRevision  # noqa: E402
from tthc.models.decisions import Decision  # noqa: E402
from tthc.records.flat import read_jsonl  # noqa: E402

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/tthc_security_load"
HEADER_RE = re.compile(r"(\d+) thủ tục · phiên bản danh mục số (\d+)")
CODE_RE = re.compile(r'<span class="code">([^<]+)</span>')


def reset_database(url: str) -> None:
    parsed = make_url(url)
    admin = parsed.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{parsed.database}"')
    upgrade(url)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(url: str, port: int, workers: int, index_dir: str, snapshot: bool) -> subprocess.Popen:
    env = dict(
        os.environ,
        TTHC_DATABASE_URL=url,
        TTHC_SECRET_KEY="load-test",
        TTHC_INDEX_DIR=index_dir,
        TTHC_APPLY_DUE_ON_START="false",
        TTHC_SNAPSHOT_READS=str(snapshot).lower(),
        PYTHONPATH=str(ROOT),
    )
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "60",
        "--log-level",
        "warning",
        "tthc:create_app()",
    ]
    server = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read()
            return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    stop(server)
    raise SystemExit("gunicorn did not start")


def stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)  # the process group we started: master and its workers
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


def expected_states(factory, on_date) -> dict[int, set[str]]:
    """Revision number → the set of codes in force (what a listing of that revision must show)."""
    with factory() as session:
        revisions = session.scalars(select(CatalogueRevision.id)).all()
        return {r: {v.code for v in catalogue_on(session, on_date, at_revision=r)} for r in revisions}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("TTHC_LOAD_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument(
        "--without-snapshot-reads",
        action="store_true",
        help="READ COMMITTED reads (shows the mixed pages the snapshot prevents)",
    )
    args = parser.parse_args()
    assert args.database_url.startswith("postgresql"), "the load test runs on PostgreSQL"
    today = dt.date.today()

    reset_database(args.database_url)
    engine = make_engine(args.database_url)
    factory = make_session_factory(engine)
    data = ROOT / "catalogue_data"
    with transaction(factory) as session:
        import_baseline(session, data / "procedures.jsonl", DEMO_BASELINE_DATE, actor="load")
        import_decisions(session, read_jsonl(data / "decisions.jsonl"), signed=True, actor="load")
    with factory() as session:
        pending = [d.id for d in due_decisions(session, today)]
        codes = sorted(v.code for v in catalogue_on(session, today))

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    paths = ["/danh-muc"] * 7 + ["/danh-muc?ngay=2025-06-01"] + [f"/thu-tuc/{codes[i]}" for i in (0, len(codes) // 2)]
    results: list[tuple[str, int, float, str]] = []
    lock = threading.Lock()
    done = threading.Semaphore(0)

    def one(i: int) -> None:
        path = paths[i % len(paths)]
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(base + path, timeout=15) as response:
                status, body = response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            status, body = error.code, ""
        except (urllib.error.URLError, OSError) as error:
            status, body = 0, str(error)
        with lock:
            results.append((path, status, time.perf_counter() - started, body if path.startswith("/danh-muc") else ""))
        done.release()

    def apply_midway() -> list[float]:
        applied_at, waited = [], 0
        for k, decision_id in enumerate(pending, start=1):
            target = k * args.requests // (len(pending) + 1)
            for _ in range(target - waited):
                done.acquire()
            waited = target
            with transaction(factory) as session:
                apply_decision(session, session.get(Decision, decision_id), actor="load")
            applied_at.append(time.perf_counter())
        return applied_at

    with tempfile.TemporaryDirectory() as index_dir:
        server = start_gunicorn(args.database_url, port, args.workers, index_dir, not args.without_snapshot_reads)
        try:
            applier = ThreadPoolExecutor(1).submit(apply_midway)
            started = time.perf_counter()
            with ThreadPoolExecutor(args.threads) as pool:
                list(pool.map(one, range(args.requests)))
            elapsed = time.perf_counter() - started
            applier.result(timeout=60)
        finally:
            stop(server)

    states = expected_states(factory, today)
    past = expected_states(factory, dt.date(2025, 6, 1))
    errors = [r for r in results if r[1] != 200]
    mixtures, seen = [], {}
    for path, status, _, body in results:
        if status != 200 or not body:
            continue
        header = HEADER_RE.search(body)
        shown = set(CODE_RE.findall(body))
        count, revision = (int(header.group(1)), int(header.group(2))) if header else (-1, -1)
        expected = (past if "ngay=" in path else states).get(revision)
        if expected is None or shown != expected or count != len(expected):
            mixtures.append((path, revision, count, len(shown)))
        seen[(path, revision)] = seen.get((path, revision), 0) + 1
    latencies = sorted(r[2] for r in results)
    engine.dispose()

    print(
        f"gunicorn workers: {args.workers}, client threads: {args.threads}, database: PostgreSQL, "
        f"snapshot reads: {'off' if args.without_snapshot_reads else 'on'}"
    )
    print(f"requests: {len(results)} in {elapsed:.1f} s = {len(results) / elapsed:.0f} requests/s")
    print(
        f"latency: median {statistics.median(latencies) * 1000:.0f} ms, "
        f"p95 {latencies[int(0.95 * len(latencies)) - 1] * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms"
    )
    print(f"decisions applied during the run: {len(pending)} (revisions {sorted(states)})")
    print(
        "listing pages by (path, revision shown): " + ", ".join(f"{p} r{r}: {n}" for (p, r), n in sorted(seen.items()))
    )
    print(f"errors (non-200 or no answer): {len(errors)}")
    print(f"inconsistent pages (codes/count not those of the revision shown): {len(mixtures)}")
    for item in mixtures[:5]:
        print("  ", item)
    for item in errors[:5]:
        print("  ", item[:3])
    sys.exit(1 if errors or mixtures else 0)


if __name__ == "__main__":
    main()
