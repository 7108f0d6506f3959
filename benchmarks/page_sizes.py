"""Every page of the long lists at 3,000 procedures: size and time (issue 24, item 2).

    .venv/bin/python benchmarks/page_sizes.py [--keep /tmp/tthc-page-sizes] [--every 1]

Loads the shipped real catalogue (tests/search_eval/catalogue_large.jsonl.xz, 3,065 procedures) as the
baseline into a fresh SQLite file, then fetches, through the Flask test client, every page of the baseline
decision (/quyet-dinh/1, inline and side by side: the pages are cut by the size of their entries' content)
and of the catalogue list (/danh-muc), and prints per list the number of pages, the largest page (KB) and
the median and slowest time per page. The suite's test (tests/web/test_page_sizes.py) renders the first and the
last page of each; this walks all of them. Target: every page ≤ 300 KB of HTML. With --keep DIR the
database is built once and reused. --every N fetches one page in N (a quicker look).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.catalogues import import_large  # noqa: E402
from tthc import create_app  # noqa: E402
from tthc.migrate import upgrade  # noqa: E402

LIMIT_KB = 300


def build(folder: Path) -> str:
    database = folder / "page_sizes.sqlite3"
    url = f"sqlite:///{database}"
    if database.exists():
        return url
    upgrade(url)
    import_large(url, folder)
    return url


def walk(client, first: str, every: int) -> tuple[int, list[tuple[int, float, int]]]:
    """(pages, [(page, seconds, bytes)]) over the pages of one list."""
    page = client.get(first).get_data(as_text=True)
    found = re.search(r"Trang \d+/(\d+)", page)
    pages = int(found.group(1)) if found else 1
    joiner = "&" if "?" in first else "?"
    results = []
    for number in range(1, pages + 1, every):
        started = time.perf_counter()
        answer = client.get(f"{first}{joiner}trang={number}")
        results.append((number, time.perf_counter() - started, len(answer.get_data())))
    return pages, results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", type=Path, help="build the database here once and reuse it")
    parser.add_argument("--every", type=int, default=1, help="fetch one page in N")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="tthc-page-sizes-"))
    folder.mkdir(parents=True, exist_ok=True)
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": build(folder),
            "INDEX_DIR": str(folder / "index"),
            "EXPORT_DIR": str(folder / "exports"),
            "SECRET_KEY": "benchmark",
            "APPLY_DUE_ON_START": False,
        }
    )
    client = app.test_client()
    worst = 0
    for first in ("/quyet-dinh/1", "/quyet-dinh/1?xem=song-song", "/danh-muc"):
        pages, results = walk(client, first, args.every)
        largest = max(results, key=lambda r: r[2])
        times = [r[1] for r in results]
        worst = max(worst, largest[2])
        print(
            f"{first:32} {pages:4} pages · largest page {largest[0]}: {largest[2] / 1024:6.0f} KB · "
            f"median {statistics.median(times):5.2f} s · slowest {max(times):5.2f} s"
        )
    ok = worst <= LIMIT_KB * 1024
    print(f"largest page {worst / 1024:.0f} KB: {'OK' if ok else 'OVER'} (target ≤ {LIMIT_KB} KB)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
