"""Search benchmark: a catalogue of N procedures made from the 3,065 real ones of tests/search_eval
(catalogue_large.jsonl.xz). Up to 3,065 they are the real records as published; beyond that the real
records are REPLICATED with distinct codes (9.000000…) and their names varied by a leading action
(Cấp lại, Gia hạn, Thu hồi…) and a qualifier (đối với tổ chức…), as real names vary, so 30,000
procedures are ten copies of the real catalogue with different codes and similar names.

  * 3,000 (up to --db-max): loaded through the real import into a fresh SQLite database, then the
    full index rebuild (tthc index rebuild: read the catalogue, build, swap);
  * larger sizes: the records are turned into search documents directly (no import, no database:
    a 30,000-procedure import alone would take longer than the benchmark should), then the index
    build and open;
  * in-process latency p50/p95 over the whole evaluation set (201 citizen queries, long sentences
    included, tests/search_eval/queries.jsonl) with facets — the targets: p95 <= 20 ms at 3,000,
    <= 60 ms at 30,000 — and over a fixed-seed mix of name slices, codes and typos, for the search
    page (facets, exact totals) and results-as-you-type (facets=0); answer cache off; three runs,
    the first cold (posting lists read from the index), the median of the runs reported;
  * with --http: requests per second for the search page and a procedure page under gunicorn
    (2 workers), a bounded loopback load (fixed request count, timeout, 127.0.0.1 only).

    .venv/bin/python benchmarks/search.py                  # 3,000 and 30,000, a few minutes
    .venv/bin/python benchmarks/search.py --sizes 3000 --http

Prints one JSON line per size and a summary against the targets; docs/search.md quotes one run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tthc.catalogue.io import import_baseline  # noqa: E402
from tthc.db import make_engine, make_session_factory, transaction  # noqa: E402
from tthc.migrate import upgrade  # noqa: E402
from tthc.search import SearchQuery, SearchService  # noqa: E402
from tthc.search import service as service_module  # noqa: E402
from tthc.search.build_child import NICENESS  # noqa: E402
from tthc.search.whoosh_index import WhooshEngine, build_index  # noqa: E402
from tthc.text import fold  # noqa: E402

LARGE = ROOT / "tests" / "search_eval" / "catalogue_large.jsonl.xz"
EVAL_QUERIES = ROOT / "tests" / "search_eval" / "queries.jsonl"
# Variations of the leading action and of the applicant, as real names vary them.
ACTIONS = [
    "",
    "Cấp",
    "Cấp lại",
    "Cấp đổi",
    "Gia hạn",
    "Sửa đổi, bổ sung",
    "Thu hồi",
    "Đăng ký",
    "Đăng ký lại",
    "Xác nhận",
    "Điều chỉnh",
    "Công nhận",
    "Chấp thuận",
    "Thẩm định",
    "Phê duyệt",
]
QUALIFIERS = [
    "",
    "",
    "",
    "đối với tổ chức",
    "đối với cá nhân",
    "có yếu tố nước ngoài",
    "trong trường hợp bị mất",
    "cho doanh nghiệp nhỏ và vừa",
    "tại Bộ phận một cửa",
    "thực hiện tại cấp xã",
    "qua dịch vụ công trực tuyến",
]
LEVELS = ["tinh", "xa", "tinh", "xa", "trung_uong"]


def make_catalogue(size: int, path: Path, seed: int = 7) -> list[dict]:
    """size records in the flat sample format, each a real sample record with a varied name."""
    import lzma

    rng = random.Random(seed)
    with lzma.open(LARGE, "rt", encoding="utf-8") as handle:
        sample = [json.loads(line) for line in handle if line.strip()]
    records = []
    for i in range(size):
        base = dict(sample[i % len(sample)])
        name = base["name"].removeprefix("Thủ tục ").strip()
        action = rng.choice(ACTIONS)
        qualifier = rng.choice(QUALIFIERS)
        if i >= len(sample):
            name = f"{action} {name[0].lower() + name[1:]}".strip() if action else name
            name = f"{name} {qualifier}".strip()
            name = name[0].upper() + name[1:]
        base.update(
            code=f"9.{i:06d}" if i >= len(sample) else base["code"],
            name=name,
            level=rng.choice(LEVELS) if i >= len(sample) else base.get("level", ""),
        )
        base.pop("levels", None)
        records.append(base)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return records


def make_queries(records: list[dict], count: int = 200, seed: int = 11) -> list[str]:
    """Slices of names (with and without tones), codes, one-letter typos, sectors, synonyms."""
    rng = random.Random(seed)
    queries = []
    while len(queries) < count:
        record = rng.choice(records)
        words = record["name"].split()
        kind = rng.random()
        if kind < 0.1:
            queries.append(record["code"])
            continue
        if kind < 0.15:
            queries.append(rng.choice(["tgpl", "gplx", "cmnd", "con nuôi", "đăng ký kinh doanh"]))
            continue
        if kind < 0.22:
            queries.append(record.get("field", "") or "hộ tịch")
            continue
        start = rng.randrange(max(1, len(words) - 2))
        text = " ".join(words[start : start + rng.choice([1, 2, 3, 3, 4, 5])])
        if rng.random() < 0.5:
            text = fold(text)
        if rng.random() < 0.1 and len(text) > 4:  # one wrong letter
            at = rng.randrange(1, len(text) - 1)
            text = text[:at] + rng.choice("aeioun") + text[at + 1 :]
        queries.append(text)
    return queries


def eval_queries() -> list[str]:
    return [json.loads(line)["query"] for line in EVAL_QUERIES.read_text(encoding="utf-8").splitlines() if line.strip()]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def latency(service: SearchService, queries: list[str], facets: bool, runs: int = 3) -> dict:
    """Wall-clock times, and the CPU time of the searching thread (what the work costs, less
    sensitive to other processes on a shared machine than the wall clock)."""
    per_run = []
    for _ in range(runs):  # the first run reads every posting list it needs from Whoosh (cold)
        service._cache.clear()
        times, cpu = [], []
        for text in queries:
            started, started_cpu = time.perf_counter(), time.thread_time()
            service.search(SearchQuery(text, facets=facets))
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.thread_time() - started_cpu) * 1000)
        per_run.append(
            (
                statistics.median(times),
                percentile(times, 0.95),
                max(times),
                statistics.median(cpu),
                percentile(cpu, 0.95),
            )
        )
    return {
        "cold_p50_ms": round(per_run[0][0], 1),
        "cold_p95_ms": round(per_run[0][1], 1),
        "p50_ms": round(statistics.median(r[0] for r in per_run), 1),
        "p95_ms": round(statistics.median(r[1] for r in per_run), 1),
        "max_ms": round(max(r[2] for r in per_run), 1),
        "cpu_p50_ms": round(statistics.median(r[3] for r in per_run), 1),
        "cpu_p95_ms": round(statistics.median(r[4] for r in per_run), 1),
        "runs": runs,
        "queries": len(queries),
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load(urls: list[str], concurrency: int = 4, timeout: float = 10.0) -> dict:
    """Fetch every URL once (fixed count) with a few threads; loopback only."""
    assert all(urllib.parse.urlparse(u).hostname == "127.0.0.1" for u in urls)
    pending = list(reversed(urls))
    lock = threading.Lock()
    times, errors = [], 0

    def worker():
        nonlocal errors
        while True:
            with lock:
                if not pending:
                    return
                url = pending.pop()
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(url, timeout=timeout) as response:
                    response.read()
                    ok = response.status == 200
            except (urllib.error.URLError, TimeoutError, OSError):
                ok = False
            with lock:
                times.append((time.perf_counter() - started) * 1000)
                errors += not ok

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - started
    return {
        "requests": len(urls),
        "errors": errors,
        "req_per_s": round(len(urls) / seconds, 1),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
    }


def serve_and_load(db_url: str, index_dir: Path, queries: list[str], codes: list[str], requests: int) -> dict:
    port = free_port()
    env = {
        **os.environ,
        "TTHC_DATABASE_URL": db_url,
        "TTHC_INDEX_DIR": str(index_dir),
        "TTHC_SECRET_KEY": "benchmark",
        "TTHC_APPLY_DUE_ON_START": "false",
        "PYTHONPATH": str(ROOT),
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--timeout",
            "120",
            "--log-level",
            "warning",
            "tthc.app:create_app()",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):  # wait for the workers (bounded)
            try:
                urllib.request.urlopen(base + "/api/v1/openapi.json", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        warm = [f"{base}/tim-kiem?q=warm" for _ in range(8)]
        load(warm, concurrency=2, timeout=120)  # each worker opens its searcher
        search_urls = [
            f"{base}/tim-kiem?q={urllib.parse.quote(queries[i % len(queries)])}&trang=1&r={i}" for i in range(requests)
        ]
        procedure_urls = [f"{base}/thu-tuc/{urllib.parse.quote(codes[i % len(codes)])}" for i in range(requests)]
        return {"search_page": load(search_urls), "procedure_page": load(procedure_urls)}
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def run(size: int, requests: int, procs: int, skip_http: bool, reuse: Path | None = None) -> dict:
    """reuse: a folder of an earlier run of the same size (its database is loaded already)."""
    folder = reuse or Path(tempfile.mkdtemp(prefix=f"tthc-bench-{size}-"))
    db_url = f"sqlite:///{folder / 'bench.sqlite3'}"
    records = make_catalogue(size, folder / "catalogue.jsonl")
    factory = make_session_factory(make_engine(db_url))
    import_seconds = None
    if reuse is None:
        upgrade(db_url)
        started = time.perf_counter()
        with transaction(factory) as session:
            import_baseline(session, folder / "catalogue.jsonl", dt.date(2025, 1, 1), actor="benchmark")
        import_seconds = round(time.perf_counter() - started, 1)
    service = SearchService(factory, folder / "index", check_seconds=3600, background=False, limitmb=512, procs=procs)
    info = service.rebuild(force=reuse is None)  # reusing: keep the live index if it is current
    queries = make_queries(records)
    service.search(SearchQuery("warm up"))  # opens the searcher
    result = {
        "procedures": size,
        "folder": str(folder),
        "import_s": import_seconds,
        "rebuild_s": info.get("seconds"),
        "index_mb": round(sum(p.stat().st_size for p in service.current_folder().rglob("*") if p.is_file()) / 1e6, 1),
        "latency_eval_page": latency(service, eval_queries(), facets=True),
        "latency_page": latency(service, queries, facets=True),
        "latency_as_you_type": latency(service, queries, facets=False),
    }
    result["second_worker_during_refresh"] = second_worker_during_refresh(factory, folder / "index", procs)
    if not skip_http:
        codes = [r["code"] for r in records[:: max(1, size // 200)]]
        result["http"] = serve_and_load(db_url, folder / "index", queries, codes, requests)
    return result


def second_worker_during_refresh(factory, index_dir: Path, procs: int) -> dict:
    """Two services over one database and index folder, as two gunicorn workers: the first saves a
    synonym group and refreshes (builds, opens, warms and swaps in its index thread); the second
    answers the evaluation set over and over meanwhile (checking every 0.2 s) until it has swapped
    the new index in itself, by its own index thread. Its slowest request is what a citizen waited;
    `inline_open_s` is what a request there waited before (opening the new index and a first query
    in the request); `swap_lag_s` how long after the first worker's swap the second's came."""
    from tthc.search.gaps import save_group

    saving = SearchService(factory, index_dir, check_seconds=0, background=True, limitmb=512, procs=procs)
    other = SearchService(factory, index_dir, check_seconds=0.2, background=True)
    queries = [SearchQuery(text, facets=True) for text in eval_queries()]
    for query in queries[:20]:  # both open and warm
        saving.search(query)
        other.search(query)
    old = other._engine
    with transaction(factory) as session:
        save_group(session, "cai thuốc phiện\ncai nghiện ma túy", actor="benchmark")
    started = time.perf_counter()
    saving.search(queries[0])  # sees the change: its index thread builds, opens, warms, swaps
    saving_done: list[float] = []
    watcher = threading.Thread(target=lambda: (saving.wait_for_rebuild(600), saving_done.append(time.perf_counter())))
    watcher.start()
    times, stale_after_swap, other_done, n = [], 0, None, 0
    while other_done is None and time.perf_counter() - started < 600:
        query = queries[n % len(queries)]
        n += 1
        before = time.perf_counter()
        answer = other.search(query)
        times.append((time.perf_counter() - before) * 1000)
        stale_after_swap += bool(saving_done and answer.stale)
        if other._engine is not old and other._engine.folder == saving.current_folder():
            other_done = time.perf_counter()
    watcher.join()
    first = time.perf_counter()
    other.search(SearchQuery("cai thuốc phiện", facets=True))
    first_ms = (time.perf_counter() - first) * 1000
    opened = time.perf_counter()
    engine = WhooshEngine(saving.current_folder())  # what a request there paid before
    engine.search(queries[1].normalized())
    inline = time.perf_counter() - opened
    engine.close()
    return {
        "requests": len(times),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "max_ms": round(max(times), 1),
        "refresh_s": round(saving_done[0] - started, 2) if saving_done else None,
        "swap_lag_s": round(other_done - saving_done[0], 2) if other_done and saving_done else None,
        "stale_answers_after_first_swap": stale_after_swap,
        "first_new_answer_ms": round(first_ms, 1),
        "inline_open_s": round(inline, 2),
    }


class _EngineOnly:
    """The latency helpers' view of a service: one open engine, no database (see --no-db)."""

    def __init__(self, engine):
        self.engine, self._cache = engine, {}

    def search(self, query: SearchQuery):
        return self.engine.search(query.normalized())


def run_without_database(size: int) -> dict:
    """Index and query latency on records turned into search documents directly (no import, no
    database): the quickest way to measure 30,000 procedures on a busy machine."""
    from tthc.catalogue.io import to_record
    from tthc.search.documents import IN_FORCE, document_from_record
    from tthc.search.whoosh_index import INDEX_FORMAT

    folder = Path(tempfile.mkdtemp(prefix=f"tthc-bench-nodb-{size}-"))
    records = make_catalogue(size, folder / "catalogue.jsonl")
    started = time.perf_counter()
    docs = [document_from_record(to_record(r), IN_FORCE, "2025-01-01") for r in records]
    documents_seconds = round(time.perf_counter() - started, 1)
    started = time.perf_counter()
    build_index(folder / "ix", docs, {"format": INDEX_FORMAT, "state": "bench"}, limitmb=512)
    build_seconds = round(time.perf_counter() - started, 1)
    started = time.perf_counter()
    engine = WhooshEngine(folder / "ix")
    open_seconds = round(time.perf_counter() - started, 2)
    service = _EngineOnly(engine)
    service.search(SearchQuery("khởi động"))
    figures = {
        "procedures": size,
        "documents_s": documents_seconds,
        "build_s": build_seconds,
        "open_s": open_seconds,
        "index_mb": round(sum(p.stat().st_size for p in (folder / "ix").rglob("*") if p.is_file()) / 1e6, 1),
        "latency_eval_page": latency(service, eval_queries(), facets=True),
        "latency_page": latency(service, make_queries(records), facets=True),
        "latency_as_you_type": latency(service, make_queries(records), facets=False),
        "latency_eval_during_refresh": latency_during_refresh(service, docs, folder),
    }
    engine.close()
    shutil.rmtree(folder, ignore_errors=True)
    return figures


def latency_during_refresh(service, docs, folder: Path) -> dict:
    """The evaluation set's latency while a refresh runs beside the live index: what citizens see
    meanwhile. The new index carries a synonym group and the event set with one more phrasing, as
    after a saved synonym group or an approved event edit. Measured per phase, the queries cycling
    until the phase ends:
      * `build_thread`: the build (documents, Whoosh writer, body and names files) in a thread of
        the searching process (how the web refreshed before: its GIL-holding stretches stall the
        requests, a "convoy");
      * `build_process`: the same build in a child process (spawned, as SearchService does now; the
        child turns the records into documents itself, as it reads them from the database there);
      * `open_warm`: opening the new folder and answering the warm queries in a thread of the
        searching process (what stays in the web process after either build), as the service
        does it (service.open_warmed: paced, giving way to the searches, tthc.search.pacing);
        `open_warm_unpaced` the same without pacing (as before)."""
    import multiprocessing

    options = _refresh_options()
    meta = {"format": service_module.INDEX_FORMAT, "state": "bench-refresh"}
    queries = eval_queries()
    target = folder / "ix-refresh-thread"
    builder = threading.Thread(target=build_index, args=(target, docs, meta), kwargs=options)
    figures = {"build_thread": latency_while(service, queries, builder)}
    shutil.rmtree(target, ignore_errors=True)
    target = folder / "ix-refresh"
    child = multiprocessing.get_context("spawn").Process(
        target=_build_from_catalogue, args=(folder / "catalogue.jsonl", target, meta, BUILD_NICENESS)
    )
    figures["build_process"] = {**latency_while(service, queries, child), "niceness": BUILD_NICENESS}
    if child.exitcode != 0:
        raise RuntimeError(f"the benchmark's build process failed ({child.exitcode})")
    opened: list = []

    def open_warm_unpaced():  # as the index thread did before tthc.search.pacing
        engine = WhooshEngine(target)
        service_module._answer_warm_queries(engine)
        opened.append(engine)

    figures["open_warm_unpaced"] = latency_while(service, queries, threading.Thread(target=open_warm_unpaced))
    worker = threading.Thread(target=lambda: opened.append(service_module.open_warmed(target)))
    figures["open_warm"] = latency_while(service, queries, worker)
    for engine in opened:
        engine.close()
    return figures


def _refresh_options() -> dict:
    from tthc.search.event_edits import event_data
    from tthc.search.events import shipped_events

    events = [event_data(e) for e in shipped_events()]
    events[0]["phrases"].append("nhà tôi có thêm thành viên mới")
    return {"limitmb": 512, "synonyms": [["cai thuốc phiện", "cai nghiện ma túy"]], "events": events}


def _build_from_catalogue(catalogue: Path, target: Path, meta: dict, niceness: int) -> None:
    """The child's work in `latency_during_refresh`: records → documents → index folder, at the
    build child's priority (tthc.search.build_child)."""
    os.nice(niceness)
    from tthc.catalogue.io import to_record
    from tthc.search.documents import IN_FORCE, document_from_record

    records = [json.loads(line) for line in catalogue.read_text(encoding="utf-8").splitlines() if line.strip()]
    docs = [document_from_record(to_record(r), IN_FORCE, "2025-01-01") for r in records]
    build_index(target, docs, meta, **_refresh_options())


def latency_while(service, queries: list[str], work) -> dict:
    """Wall-clock latency of the queries (facets on, cycling through them) for as long as `work`
    (a thread or a process, started here) runs; the slowest request is what one citizen waited."""
    import gc

    times: list[float] = []
    slow_at: Counter[str] = Counter()  # where a thread's work was when a request ended slow
    collections: list[float] = []  # full garbage collections meanwhile (ms): they hold the lock too
    collecting: list[float] = []

    def timed(phase, info):
        if info["generation"] == 2:
            if phase == "start":
                collecting[:] = [time.perf_counter()]
            elif collecting:
                collections.append((time.perf_counter() - collecting[0]) * 1000)

    gc.callbacks.append(timed)
    started = time.perf_counter()
    work.start()
    n = 0
    while work.is_alive() or not times:
        service._cache.clear()
        before = time.perf_counter()
        service.search(SearchQuery(queries[n % len(queries)], facets=True))
        times.append((time.perf_counter() - before) * 1000)
        if times[-1] > 250 and isinstance(work, threading.Thread):
            slow_at[_where(work)] += 1
        n += 1
    work.join()
    gc.callbacks.remove(timed)
    return {
        "seconds": round(time.perf_counter() - started, 1),
        "requests": len(times),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "max_ms": round(max(times), 1),
        "over_250_ms": sum(t > 250 for t in times),
        "full_gc": len(collections),
        "full_gc_max_ms": round(max(collections, default=0.0), 1),
        **({"slow_while": dict(slow_at.most_common(5))} if slow_at else {}),
    }


def _where(thread: threading.Thread) -> str:
    """What the work thread was doing: its outermost frames in tthc, then its innermost one."""
    frame = sys._current_frames().get(thread.ident or 0)
    names = []
    while frame is not None:
        if "/tthc/" in frame.f_code.co_filename or not names:
            names.append(frame.f_code.co_name)
        frame = frame.f_back
    return " > ".join(names[-1:-4:-1] + names[:1]) if names else "?"


BUILD_NICENESS = NICENESS  # of the build process (--build-niceness)
TARGET_P95_MS = {3000: 20.0, 30000: 60.0}  # whole evaluation set, facets on, in process


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[3000, 30000])
    parser.add_argument("--requests", type=int, default=400, help="requests per page type (fixed count)")
    parser.add_argument("--procs", type=int, default=1, help="Whoosh writer processes for the build")
    parser.add_argument("--http", action="store_true", help="also load a gunicorn server (database sizes only)")
    parser.add_argument("--reuse", type=Path, help="folder of an earlier run (one size): skip the import")
    parser.add_argument(
        "--db-max",
        type=int,
        default=5000,
        help="largest size loaded through the database; larger sizes index the records directly",
    )
    parser.add_argument("--no-db", action="store_true", help="index the records directly at every size")
    parser.add_argument(
        "--build-niceness",
        type=int,
        default=NICENESS,
        help="niceness of the refresh's build process (the service's by default; 0 on a crowded machine, where a "
        "niced build would barely run)",
    )
    args = parser.parse_args()
    global BUILD_NICENESS
    BUILD_NICENESS = args.build_niceness
    print(
        f"# search benchmark {dt.datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}"
    )
    summary = []
    for size in args.sizes:
        started = time.perf_counter()
        direct = args.no_db or size > args.db_max
        figures = (
            run_without_database(size) if direct else run(size, args.requests, args.procs, not args.http, args.reuse)
        )
        figures["wall_s"] = round(time.perf_counter() - started, 1)
        print(json.dumps(figures, ensure_ascii=False))
        sys.stdout.flush()
        evaluation = figures["latency_eval_page"]
        target = TARGET_P95_MS.get(size)
        verdict = (
            ""
            if target is None
            else f"target p95 <= {target:.0f} ms: {'met' if evaluation['p95_ms'] <= target else 'NOT met'}"
        )
        how = "records indexed directly" if direct else "through the database"
        build = figures.get("rebuild_s", figures.get("build_s"))
        summary.append(
            f"{size:>6} procedures ({how}): evaluation set p50 {evaluation['p50_ms']} ms, "
            f"p95 {evaluation['p95_ms']} ms, max {evaluation['max_ms']} ms (cold p95 {evaluation['cold_p95_ms']} "
            f"ms; CPU time p50 {evaluation['cpu_p50_ms']} / p95 {evaluation['cpu_p95_ms']} ms); "
            f"build {build} s, whole run {figures['wall_s']} s. {verdict}"
        )
        for phase, during in figures.get("latency_eval_during_refresh", {}).items():
            summary.append(
                f"{'':>6} during a refresh, {phase}: {during['requests']} requests in {during['seconds']} s, "
                f"p50 {during['p50_ms']} ms, p95 {during['p95_ms']} ms, max {during['max_ms']} ms"
            )
        worker = figures.get("second_worker_during_refresh")
        if worker:
            summary.append(
                f"{'':>6} a second worker during a refresh: p50 {worker['p50_ms']} ms, p95 {worker['p95_ms']} ms, "
                f"max {worker['max_ms']} ms"
            )
    print("\n".join([f"# summary (load {os.getloadavg()[0]:.1f})", *summary]))


if __name__ == "__main__":
    service_module.CACHE_SIZE = 0  # measure the engine, not the answer cache
    main()
