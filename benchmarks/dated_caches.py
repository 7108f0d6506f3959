"""Public answers cached per catalogue state: a repeated past-date search and a repeated XLSX download
on a catalogue of real size (default: the 3,065 real procedures shipped for the search evaluation,
tests/search_eval/catalogue_large.jsonl.xz; any JSON Lines file with --catalogue), through the Flask
app on a fresh SQLite database, configured as in production (not TESTING: the catalogue state is
asked at most once a second per process).

    PYTHONPATH=. .venv/bin/python benchmarks/dated_caches.py [--catalogue PATH/procedures.jsonl] [--repeat 20]

Prints: the first and the median repeated time of (a) the search page on a past date, (b) the search
page on a new past date between the same decision dates, (c) the XLSX, CSV and JSON Lines downloads
for a past date, (d) the search service's answer on a past date (what the page adds is rendering).
Targets: repeated past-date search <= 50 ms, repeated XLSX download <= 100 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import lzma
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tthc import create_app  # noqa: E402
from tthc.catalogue.io import import_baseline  # noqa: E402
from tthc.db import transaction  # noqa: E402
from tthc.migrate import upgrade  # noqa: E402


def timed(call) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalogue", type=Path, default=ROOT / "tests" / "search_eval" / "catalogue_large.jsonl.xz")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="tthc-dated-"))
    url = f"sqlite:///{folder / 'tthc.sqlite3'}"
    upgrade(url)
    catalogue = args.catalogue
    if catalogue.suffix == ".xz":  # the import reads plain JSON Lines
        catalogue = folder / catalogue.name.removesuffix(".xz")
        with lzma.open(args.catalogue, "rb") as packed, open(catalogue, "wb") as plain:
            shutil.copyfileobj(packed, plain)
    app = create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "benchmark",
            "INDEX_DIR": str(folder / "index"),
            "EXPORT_DIR": str(folder / "exports"),
            "APPLY_DUE_ON_START": False,
        }
    )
    with transaction(app.extensions["tthc"].session_factory) as session:
        result = import_baseline(session, catalogue, dt.date(2025, 1, 1), actor="benchmark")
    print(f"# {dt.datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    print(f"catalogue: {result.get('procedures', result)} procedures from {args.catalogue.name}")
    from tthc.web.public import search_service

    with app.test_request_context():  # as a deployment does (tthc index rebuild): no rebuild thread while measuring
        search_service().rebuild(wait=True)
    client = app.test_client()

    def get(url: str) -> None:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        response.get_data()

    rows = [
        ("past-date search", "/tim-kiem?q=cấp+giấy+phép&ngay=2025-06-01"),
        ("search on a new past date", None),
        ("XLSX download, past date", "/api/v1/catalogue.xlsx?ngay=2025-06-01"),
        ("CSV download, past date", "/api/v1/catalogue.csv?ngay=2025-06-01"),
        ("JSON Lines download, past date", "/api/v1/catalogue.jsonl?ngay=2025-06-01"),
    ]
    targets = {"past-date search": 50, "XLSX download, past date": 100}
    print(f"{'request':34} {'first':>10} {'repeated: median':>18} {'p95':>9}  target (repeated p95)")
    for label, url in rows:
        if url is None:  # every request a different date in the same catalogue state
            dates = [dt.date(2025, 2, 1) + dt.timedelta(days=i) for i in range(args.repeat + 1)]
            first = timed(lambda first_date=dates[0]: get(f"/tim-kiem?q=cấp+giấy+phép&ngay={first_date}"))
            times = [timed(lambda d=d: get(f"/tim-kiem?q=cấp+giấy+phép&ngay={d}")) for d in dates[1:]]
        else:
            first = timed(lambda url=url: get(url))
            times = [timed(lambda url=url: get(url)) for _ in range(args.repeat)]
        p95 = sorted(times)[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        target = f"<= {targets[label]} ms: {'met' if p95 <= targets[label] else 'NOT met'}" if label in targets else ""
        print(f"{label:34} {first:7.0f} ms {statistics.median(times):15.1f} ms {p95:6.1f} ms  {target}")
    from tthc.search import SearchQuery

    with app.test_request_context():
        service = search_service()
    query = SearchQuery(text="cấp giấy phép")
    day = dt.date(2025, 6, 1)
    first = timed(lambda: service.search(query, day))
    times = [timed(lambda: service.search(query, day)) for _ in range(args.repeat)]
    print(f"{'SearchService.search, past date':34} {first:7.0f} ms {statistics.median(times):15.1f} ms")
    app.extensions["tthc"].engine.dispose()


if __name__ == "__main__":
    main()
