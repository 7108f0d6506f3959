"""Public answers cached per catalogue state: a repeated past-date search and a repeated XLSX download
on a catalogue of real size (a JSON Lines file of procedures, default the 3,000-procedure sample given
with --catalogue), through the Flask app on a fresh SQLite database.

    PYTHONPATH=. .venv/bin/python benchmarks/dated_caches.py --catalogue PATH/procedures.jsonl [--repeat 20]

Prints: the first and the median repeated time of (a) the search page on a past date, (b) the search
page on a new past date between the same decision dates, (c) the XLSX, CSV and JSON Lines downloads
for a past date, (d) the search service's answer on a past date (what the page adds is rendering).
Targets: repeated past-date search <= 50 ms, repeated XLSX download <= 100 ms.
"""
from __future__ import annotations

import argparse
import datetime as dt
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
    parser.add_argument("--catalogue", type=Path, default=ROOT / "catalogue_data" / "procedures.jsonl")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="tthc-dated-"))
    url = f"sqlite:///{folder / 'tthc.sqlite3'}"
    upgrade(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "benchmark", "INDEX_DIR": str(folder / "index"),
                      "EXPORT_DIR": str(folder / "exports"), "APPLY_DUE_ON_START": False, "TESTING": True})
    with transaction(app.extensions["tthc"].session_factory) as session:
        result = import_baseline(session, args.catalogue, dt.date(2025, 1, 1), actor="benchmark")
    print(f"catalogue: {result.get('procedures', result)} procedures from {args.catalogue.name}")
    client = app.test_client()

    def get(url: str) -> None:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        response.get_data()

    rows = [("past-date search", "/tim-kiem?q=cấp+giấy+phép&ngay=2025-06-01"),
            ("search on a new past date", None),
            ("XLSX download, past date", "/api/v1/catalogue.xlsx?ngay=2025-06-01"),
            ("CSV download, past date", "/api/v1/catalogue.csv?ngay=2025-06-01"),
            ("JSON Lines download, past date", "/api/v1/catalogue.jsonl?ngay=2025-06-01")]
    print(f"{'request':34} {'first':>10} {'repeated (median of ' + str(args.repeat) + ')':>28}")
    for label, url in rows:
        if url is None:  # every request a different date in the same catalogue state
            dates = [dt.date(2025, 2, 1) + dt.timedelta(days=i) for i in range(args.repeat + 1)]
            first = timed(lambda first_date=dates[0]: get(f"/tim-kiem?q=cấp+giấy+phép&ngay={first_date}"))
            times = [timed(lambda d=d: get(f"/tim-kiem?q=cấp+giấy+phép&ngay={d}")) for d in dates[1:]]
        else:
            first = timed(lambda url=url: get(url))
            times = [timed(lambda url=url: get(url)) for _ in range(args.repeat)]
        print(f"{label:34} {first:8.0f} ms {statistics.median(times):24.1f} ms")
    from tthc.search import SearchQuery
    from tthc.web.public import search_service
    with app.test_request_context():
        service = search_service()
    query = SearchQuery(text="cấp giấy phép")
    day = dt.date(2025, 6, 1)
    first = timed(lambda: service.search(query, day))
    times = [timed(lambda: service.search(query, day)) for _ in range(args.repeat)]
    print(f"{'SearchService.search, past date':34} {first:8.0f} ms {statistics.median(times):24.1f} ms")
    app.extensions["tthc"].engine.dispose()


if __name__ == "__main__":
    main()
