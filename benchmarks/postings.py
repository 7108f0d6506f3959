"""Benchmark: a 200-procedure service-point bundle, cold, from the bundle cache, and after a decision.

Run: .venv/bin/python benchmarks/postings.py [--procedures 200]

Builds a throwaway SQLite database and export folder. The 200 procedures are the real sample records
repeated with visibly synthetic codes (BENCH-…) so that the sheets have realistic lengths. Prints:
- cold: no cached sheet or bundle (every sheet laid out and written, then merged);
- cached: the same bundle again (same catalogue revision: served from the bundle cache);
- after a decision amending 5 procedures: a new revision, so a new bundle, but only 5 sheets rendered.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import tthc.models  # noqa: E402,F401
from tthc.catalogue.apply import apply_decision  # noqa: E402
from tthc.catalogue.io import import_baseline  # noqa: E402
from tthc.catalogue.service_points import create_service_point  # noqa: E402
from tthc.config import PROJECT_ROOT  # noqa: E402
from tthc.db import make_engine, make_session_factory, transaction  # noqa: E402
from tthc.migrate import upgrade  # noqa: E402
from tthc.models.decisions import Decision, DecisionEntry  # noqa: E402
from tthc.printing import postings, render  # noqa: E402

BASELINE = dt.date(2025, 1, 1)


def synthetic_catalogue(path: Path, count: int) -> list[str]:
    source = PROJECT_ROOT / "catalogue_data" / "procedures.jsonl"
    sample = [json.loads(line) for line in source.open(encoding="utf-8")]
    codes = []
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            row = dict(sample[i % len(sample)])
            row["code"] = f"BENCH-{i:04d}"
            row["name"] = f"{row['name']} (bản đo hiệu năng {i})"
            row["level"] = "tinh"
            codes.append(row["code"])
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return codes


def timed(label: str, action, results: dict) -> object:
    start = time.perf_counter()
    value = action()
    results[label] = time.perf_counter() - start
    return value


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--procedures", type=int, default=200)
    args = parser.parse_args()
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        url = f"sqlite:///{tmp_path / 'bench.sqlite3'}"
        upgrade(url)
        engine = make_engine(url)
        factory = make_session_factory(engine)
        codes = synthetic_catalogue(tmp_path / "procedures.jsonl", args.procedures)
        with transaction(factory) as session:
            import_baseline(session, tmp_path / "procedures.jsonl", BASELINE, actor="bench")
            point = create_service_point(session, "Trung tâm đo hiệu năng (ví dụ)", rules={"levels": ["tinh"]})
            point_id = point.id
        settings = postings.PrintSettings(tmp_path / "exports", "https://tthc.example.gov.vn", "Ủy ban nhân dân tỉnh")
        timed("import WeasyPrint + fonts + stylesheet", render._weasy, results)

        def run_bundle():
            with transaction(factory) as session:
                return postings.bundle(session, settings, session.get(type(point), point_id))

        cold = timed("cold bundle", run_bundle, results)
        pages = len(__import__("pypdf").PdfReader(str(cold.path)).pages)
        warm = [timed(f"cached bundle #{i}", run_bundle, results) for i in range(3)]
        assert all(w.cached for w in warm)

        with transaction(factory) as session:
            decision = Decision(
                kind="cong_bo",
                number="1/QĐ-BENCH",
                title="Đo hiệu năng",
                status="signed",
                signed_date=dt.date(2025, 6, 1),
                effective_date=dt.date(2025, 6, 1),
            )
            decision.entries = [
                DecisionEntry(
                    position=i, action="amended", code=code, record={"requirements": f"Điều kiện sửa đổi {i}"}
                )
                for i, code in enumerate(codes[:5])
            ]
            session.add(decision)
            session.flush()
            apply_decision(session, decision, actor="bench")
        after = timed("bundle after a decision amending 5 (195 sheets cached)", run_bundle, results)
        assert not after.cached
        size = cold.path.stat().st_size
        engine.dispose()

    print(
        f"Bundle of {args.procedures} procedures: {pages} pages, {size / 1e6:.1f} MB "
        f"(WeasyPrint {__import__('weasyprint').__version__}, Tinos)"
    )
    for label, seconds in results.items():
        if not label.startswith("cached bundle #"):
            print(f"  {label:58s} {seconds:8.2f} s")
    cached = [v for k, v in results.items() if k.startswith("cached bundle #")]
    print(f"  {'cached bundle (same revision), median of 3':58s} {statistics.median(cached):8.3f} s")
    print(f"  per sheet, cold: {results['cold bundle'] / args.procedures:.3f} s")


if __name__ == "__main__":
    main()
