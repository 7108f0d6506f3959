"""Public page latency while bursts of failed logins arrive (issue 25, item 4).

    SQLite (a fresh file under /tmp, or the folder given to --keep):
        .venv/bin/python benchmarks/login_burst.py [--rounds 3] [--pages 300] [--bursts 4] [--keep /tmp/tthc-lb]
    PostgreSQL (a database of its own: its public schema is DROPPED and migrated again):
        psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE tthc_login_burst"
        .venv/bin/python benchmarks/login_burst.py --rounds 3 --pg postgresql://postgres@127.0.0.1:5432/tthc_login_burst

Loads the shipped sample catalogue (catalogue_data/) into the database with one administrator, starts
gunicorn as in production (README, "Serving": `-c python:tthc.gunicorn_conf -w 2`, 2 worker processes
with threads; loopback only, the production password hasher) and fetches public pages from 2
client threads: procedure pages and, every fourth fetch, a search page (rendered each time), round robin,
measured quiet first. Then again while another process fires bursts of 32 parallel failed logins (each a
browser's two requests: the login page for its CSRF cookie and token, then the POST):

  names     32 different unknown names per burst (anonymous guessing, the issue's case)
  account   32 wrong passwords for the administrator's account

Bounded: --bursts bursts per kind and round, every request with a timeout. Prints p50 and p95 page
latency quiet and under each kind, the RATIO of the p95 under the bursts to the quiet p95 measured just
before, and how the logins were answered (401: a password was checked; 429: refused before any hash,
throttled or every hashing slot busy, counted; "429 queue": refused at the door by the login lane, queue
full or waited too long, not counted) and how long the bursts took (seconds). With --rounds N the
measurement is repeated N times on the same server and the last lines give each kind's ratios, their
range and whether every one met the target: p95 under a burst within 2x the quiet p95. Client and server
share the host, and other processes share its cores: the figures are this machine's at the time of the
run (run it on a quiet machine).
"""

from __future__ import annotations

import argparse
import http.client
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
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tthc import gunicorn_conf  # noqa: E402
from tthc.accounts.service import create_user  # noqa: E402
from tthc.commands.demo import load_demo  # noqa: E402
from tthc.db import make_engine, make_session_factory, transaction  # noqa: E402
from tthc.migrate import upgrade  # noqa: E402
from tthc.web.login_lane import BUSY_MESSAGE  # noqa: E402

SERVING = ["-c", "python:tthc.gunicorn_conf", "-w", "2"]  # gthread workers (tthc/gunicorn_conf.py)
BURST = 32
TARGET = 2.0  # p95 under a burst / quiet p95
SEARCHES = ["khai sinh", "nuôi con nuôi", "đăng ký kết hôn", "lý lịch tư pháp", "chứng thực bản sao", "hộ tịch"]
PASSWORD = "ngua-ghe-pin-dung-bay-7"
TOKEN_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port: int, path: str, headers: dict | None = None) -> tuple[int, bytes, dict[str, str]]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        connection.close()


def failed_login(port: int, username: str, password: str) -> str:
    """A browser's failed login: the form (cookie, token), then the POST. The POST's status, "queue" added
    when the login lane refused it at the door (queue full: not counted, never reached the app)."""
    status, page, headers = get(port, "/dang-nhap")
    if status == 429:
        return "form 429 queue"
    cookie = headers.get("Set-Cookie", "").split(";", 1)[0]
    match = TOKEN_RE.search(page.decode())
    body = urllib.parse.urlencode({"username": username, "password": password, "csrf_token": match.group(1)})
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(
            "POST",
            "/dang-nhap",
            body=body,
            headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
        )
        response = connection.getresponse()
        answer = response.read().decode()
        return f"{response.status} queue" if BUSY_MESSAGE in answer else str(response.status)
    finally:
        connection.close()


def prepare(folder: Path, pg: str | None) -> tuple[str, list[str]]:
    database = folder / "tthc.sqlite3"
    url = pg or f"sqlite:///{database}"
    if pg:  # its own database: the public schema is dropped and migrated again
        from sqlalchemy import text

        engine = make_engine(pg)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    if pg or not database.exists():
        upgrade(url)
        engine = make_engine(url)
        factory = make_session_factory(engine)
        load_demo(factory, ROOT / "catalogue_data")
        with transaction(factory) as session:
            create_user(session, "quan-tri", "admin", PASSWORD)
        engine.dispose()
    engine = make_engine(url)
    with engine.connect() as connection:
        from sqlalchemy import text

        codes = [row[0] for row in connection.execute(text("SELECT code FROM procedure"))]
        connection.execute(text("DELETE FROM login_throttle"))
        connection.commit()
    engine.dispose()
    pages = [f"/thu-tuc/{code}" for code in sorted(codes)]
    # Every fourth fetch a search (a first page is logged, so always rendered: real work for a core).
    searches = [f"/tim-kiem?q={urllib.parse.quote(q)}" for q in SEARCHES]
    return url, [searches[k // 4 % len(searches)] if k % 4 == 3 else page for k, page in enumerate(pages * 2)]


def start(url: str, folder: Path, port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "TTHC_DATABASE_URL": url,
        "TTHC_SECRET_KEY": "benchmark-login-burst",
        "TTHC_INSTANCE_DIR": str(folder / "instance"),  # the login lane's lock file, the hashing slots
        "TTHC_INDEX_DIR": str(folder / "index"),
        "TTHC_EXPORT_DIR": str(folder / "exports"),
        "TTHC_APPLY_DUE_ON_START": "false",
        "TTHC_PASSWORD_HASH_METHOD": "scrypt",
        "TTHC_REQUEST_BUDGET_PER_MINUTE": "0",  # the page clients are not what a budget is for
    }
    server = subprocess.Popen(  # the production command (README, "Serving"), on a loopback port
        [sys.executable, "-m", "gunicorn", *SERVING, "-b", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    for _ in range(300):  # bounded wait for the workers
        try:
            get(port, "/")
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def page_latencies(port: int, paths: list[str], count: int) -> list[float]:
    """`count` page fetches from 2 threads, round robin over `paths`; each one's seconds."""
    times: list[float] = []
    lock = threading.Lock()

    def one(k: int) -> None:
        started = time.perf_counter()
        status, _, _ = get(port, paths[k % len(paths)], {"Accept-Encoding": "gzip"})
        elapsed = time.perf_counter() - started
        assert status == 200, status
        with lock:
            times.append(elapsed)

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(one, range(count)))
    return times


def attack(port: int, bursts: int, kind: str) -> Counter:
    """The bursts themselves (run in a process of their own: the page clients must not share a GIL with
    32 attacking threads, or the client, not the server, would be measured)."""
    answers: Counter = Counter()
    print("started", flush=True)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=BURST) as pool:
        for burst in range(bursts):
            if kind == "names":
                guesses = [(f"khach-{burst}-{i}", f"doan-sai-{i}-mat-khau") for i in range(BURST)]
            else:
                guesses = [("quan-tri", f"doan-sai-{burst}-{i}-mat-khau") for i in range(BURST)]
            answers.update(pool.map(lambda guess: failed_login(port, *guess), guesses))
    answers["seconds"] = round(time.perf_counter() - started, 1)  # how long the bursts took
    return answers


def under_bursts(port: int, paths: list[str], count: int, bursts: int, kind: str) -> tuple[list[float], str]:
    attacker = subprocess.Popen(
        [sys.executable, __file__, "--attack", kind, "--port", str(port), "--bursts", str(bursts)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert attacker.stdout is not None
    assert attacker.stdout.readline().strip() == "started"
    times: list[float] = []
    while attacker.poll() is None and len(times) < 50 * count:  # pages for as long as the bursts last
        times += page_latencies(port, paths, 20)
    answers, _ = attacker.communicate(timeout=600)
    return times, answers.strip()


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=300, help="page fetches measured quiet")
    parser.add_argument("--bursts", type=int, default=4, help="bursts of 32 logins per kind and round")
    parser.add_argument("--rounds", type=int, default=1, help="quiet/burst measurements, each kind (ratio range)")
    parser.add_argument("--keep", type=Path, help="reuse this folder's database between runs")
    parser.add_argument("--pg", help="a PostgreSQL database of its own (emptied), instead of SQLite")
    parser.add_argument("--attack", choices=("names", "account"), help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.attack:
        print(dict(sorted(attack(args.port, args.bursts, args.attack).items(), key=str)))
        return
    folder = args.keep or Path(tempfile.mkdtemp(prefix="tthc-login-burst-"))
    folder.mkdir(parents=True, exist_ok=True)
    url, paths = prepare(folder, args.pg)
    port = free_port()
    server = start(url, folder, port)
    try:
        page_latencies(port, paths, 6 * len(paths))  # every page rendered by both workers: the steady state
        print(
            f"{url.split(':')[0]}, gunicorn {' '.join(SERVING)} ({gunicorn_conf.worker_class}, "
            f"{gunicorn_conf.threads} threads each), {len(paths)} pages, 2 clients, bursts of {BURST} logins"
        )
        ratios: dict[str, list[float]] = {"names": [], "account": []}
        for _ in range(max(1, args.rounds)):
            for kind in ("names", "account"):
                time.sleep(2)  # the previous attack's last answers are out
                quiet = page_latencies(port, paths, args.pages)
                print(
                    f"quiet    n={len(quiet):<4} p50 {statistics.median(quiet) * 1000:7.1f} ms   "
                    f"p95 {p95(quiet):7.1f} ms"
                )
                times, answers = under_bursts(port, paths, args.pages, args.bursts, kind)
                ratio = p95(times) / p95(quiet)  # the quiet figure measured just before
                ratios[kind].append(ratio)
                print(
                    f"{kind:<8} n={len(times):<4} p50 {statistics.median(times) * 1000:7.1f} ms   "
                    f"p95 {p95(times):7.1f} ms   RATIO {ratio:.2f}x quiet p95 (target <= {TARGET:g}x)   "
                    f"logins: {answers}"
                )
        for kind, values in ratios.items():
            verdict = "met" if max(values) <= TARGET else "NOT met"
            print(
                f"RATIO {kind:<8} {url.split(':')[0]:<10} {min(values):.2f}x - {max(values):.2f}x over "
                f"{len(values)} round(s): target <= {TARGET:g}x {verdict}"
            )
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
