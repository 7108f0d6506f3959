"""Sources and the national reconciliation at real size, on a fresh SQLite database:

(a) a ministry's source of 300 entries (100 amending held procedures' fees, 100 new with names near held
    ones, 100 abolishing held ones) classified against 3,000 procedures in force: target <= 2 s;
(b) a national snapshot of 30,000 procedures (the real catalogue, tests/search_eval/catalogue_large.jsonl.xz,
    replicated ten times: copy k > 0 has its codes' group number prefixed with k, "1.000005" -> "11.000005")
    reconciled against 3,000 local procedures whose codes carry the province suffix ".000.00.00.H29":
    target <= 10 s (the snapshot's import is timed apart).

    PYTHONPATH=. .venv/bin/python benchmarks/sources.py
"""

from __future__ import annotations

import datetime as dt
import json
import lzma
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
from tthc.sources.national import import_snapshot, reconcile  # noqa: E402
from tthc.sources.reading import import_source  # noqa: E402
from tthc.sources.service import get_source, meaning_of  # noqa: E402

LARGE = ROOT / "tests" / "search_eval" / "catalogue_large.jsonl.xz"
SUFFIX = ".000.00.00.H29"


def timed(label: str, call):
    """Wall time and this process's CPU time: on a busy shared machine the CPU time is the steadier figure."""
    start, cpu = time.perf_counter(), time.process_time()
    result = call()
    print(f"{label}: {time.perf_counter() - start:.2f} s wall, {time.process_time() - cpu:.2f} s CPU")
    return result


def main() -> None:
    with lzma.open(LARGE, "rt", encoding="utf-8") as handle:
        real = [json.loads(line) for line in handle if line.strip()]
    folder = Path(tempfile.mkdtemp(prefix="tthc-sources-"))
    url = f"sqlite:///{folder / 'tthc.sqlite3'}"
    upgrade(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "benchmark", "INDEX_DIR": str(folder / "index")})
    factory = app.extensions["tthc"].session_factory
    local = [{**flat, "code": flat["code"] + SUFFIX} for flat in real[:3000]]
    path = folder / "local.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in local), encoding="utf-8")
    with transaction(factory) as session:
        timed("baseline of 3,000 procedures (setup)", lambda: import_baseline(session, path, dt.date(2025, 7, 1)))

    entries = (
        [{**real[i], "action": "amended", "fee": "150.000 đồng/hồ sơ"} for i in range(0, 100)]
        + [{**real[i], "action": "new", "code": "", "name": real[i]["name"] + " (cấp lại)"} for i in range(100, 200)]
        + [
            {"action": "abolished", "code": real[i]["code"], "name": real[i]["name"], "level": real[i]["level"]}
            for i in range(200, 300)
        ]
    )
    flat = {
        "number": "999/QĐ-BTC",
        "date": "2025-11-01",
        "effective_date": "2026-01-01",
        "issuer": "Bộ Tài chính",
        "entries": entries,
    }
    with transaction(factory) as session:
        source_id = timed("(a) source import, 300 entries", lambda: import_source(session, flat).id)
    settings = {"AUTHORITY_LEVELS": "tinh,xa,trung_uong", "SOURCE_DEADLINE_DAYS": 5}
    with factory() as session:
        source = get_source(session, source_id)
        meaning = timed(
            "(a) 300 entries classified against 3,000 (target <= 2 s)", lambda: meaning_of(session, source, settings)
        )
        classes: dict[str, int] = {}
        for m in meaning.entries:
            classes[m.for_us] = classes.get(m.for_us, 0) + 1
        print("    classes:", classes, "near-name doubts:", sum(bool(m.near) for m in meaning.entries))

    national = [
        (n, {**flat, "code": flat["code"] if k == 0 else f"{flat['code'][0]}{k}{flat['code'][1:]}"})
        for k in range(10)
        for n, flat in enumerate(real[:3000], start=1)
    ]
    with transaction(factory) as session:
        timed(
            f"(b) snapshot import, {len(national):,} procedures",
            lambda: import_snapshot(session, national, dt.date(2025, 12, 1)),
        )
    with factory() as session:
        report = timed(
            "(b) reconciliation, 30,000 national vs 3,000 local (target <= 10 s)",
            lambda: reconcile(session, ("tinh", "xa")),
        )
        print(
            "    ",
            {kind: len(report.of(kind)) for kind in ("unknown_code", "missing_local", "different", "abolished_here")},
        )


if __name__ == "__main__":
    main()
