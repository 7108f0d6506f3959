"""Excel annex import speed: a workbook of thousands of new procedures built from the real sample
records (names varied), read strictly and written as one draft decision. Prints rows per second.

    .venv/bin/python benchmarks/excel_import.py [ROWS] [DATABASE_URL]

Without DATABASE_URL a fresh SQLite file in a temporary folder is used.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import tthc.models  # noqa: F401  (every table's model is known before the first query)
from tthc.annex import decision_workbook, read_decision_workbook
from tthc.catalogue.io import to_record
from tthc.config import PROJECT_ROOT
from tthc.db import make_engine, make_session_factory, transaction
from tthc.decisions.importing import decision_from_flat, import_decisions
from tthc.migrate import upgrade
from tthc.records.flat import read_jsonl


def build_workbook(rows: int, path: Path) -> None:
    samples = [to_record(raw) for _, raw in read_jsonl(PROJECT_ROOT / "catalogue_data" / "procedures.jsonl")]
    entries = []
    for i in range(rows):
        record = dict(samples[i % len(samples)], code=f"9.{i:06d}")
        record["name"] = f"{record['name']} (bản thử {i + 1})"
        entries.append({"action": "new", "code": record["code"], "record": record})
    decision = decision_from_flat(
        {"number": "99/QĐ-UBND", "title": "Đo tốc độ nạp phụ lục", "entries": entries}, "benchmark", signed=False
    )
    for i, entry in enumerate(decision.entries):
        entry.id = i + 1
    path.write_bytes(decision_workbook(decision))


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    with tempfile.TemporaryDirectory() as folder:
        url = sys.argv[2] if len(sys.argv) > 2 else f"sqlite:///{folder}/bench.sqlite3"
        if len(sys.argv) <= 2:
            upgrade(url)
        path = Path(folder) / "phu-luc.xlsx"
        started = time.perf_counter()
        build_workbook(rows, path)
        built = time.perf_counter()
        parsed = read_decision_workbook(path)
        read_done = time.perf_counter()
        engine = make_engine(url)
        with transaction(make_session_factory(engine)) as session:
            decision = import_decisions(session, parsed, signed=False, actor="benchmark")[0]
            assert len(decision.entries) == rows
            session.rollback()  # measure the writes, keep nothing
        written = time.perf_counter()
        engine.dispose()
    print(f"rows: {rows}")
    print(f"build workbook (export): {built - started:.2f} s ({rows / (built - started):.0f} rows/s)")
    print(f"read + validate:         {read_done - built:.2f} s ({rows / (read_done - built):.0f} rows/s)")
    print(f"write to database:       {written - read_done:.2f} s ({rows / (written - read_done):.0f} rows/s)")
    print(f"import total:            {written - built:.2f} s ({rows / (written - built):.0f} rows/s)")


if __name__ == "__main__":
    main()
