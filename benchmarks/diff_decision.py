"""Time to diff a 300-entry decision against the catalogue (prints figures; no assertions).

The catalogue: the shipped sample's 34 procedures, each cloned under new codes until there are 300
(real text, so word and list diffs do realistic work). The decision amends all 300: a time limit, one
step reworded, the steps reordered, a document removed and one added, a legal basis added.

    .venv/bin/python benchmarks/diff_decision.py [--runs 5] [--entries 300]
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tthc.catalogue.io import import_baseline  # noqa: E402
from tthc.config import PROJECT_ROOT  # noqa: E402
from tthc.db import make_engine, make_session_factory, transaction  # noqa: E402
from tthc.decisions.importing import import_decisions  # noqa: E402
from tthc.diff.decision import diff_decision  # noqa: E402
from tthc.diff.html import change_html  # noqa: E402
from tthc.migrate import upgrade  # noqa: E402
from tthc.models.decisions import Decision  # noqa: E402


def build(workdir: Path, size: int):
    lines = (PROJECT_ROOT / "catalogue_data" / "procedures.jsonl").read_text(encoding="utf-8").splitlines()
    sample = [json.loads(line) for line in lines if line.strip()]
    sample = [p for p in sample if p.get("documents") and p.get("steps")]
    procedures, entries = [], []
    for i in range(size):
        record = copy.deepcopy(sample[i % len(sample)])
        record["code"] = f"{record['code']}.B{i:03d}"
        procedures.append(record)
        steps = record["steps"].split("\n")
        changed_steps = steps[1:] + steps[:1]
        changed_steps[0] = changed_steps[0].replace("hồ sơ", "hồ sơ điện tử", 1) + " trong 02 ngày làm việc"
        documents = record["documents"][1:] + ["Bản sao Căn cước công dân"]
        entries.append(
            {
                "action": "amended",
                "code": record["code"],
                "time_limit": "10 ngày làm việc",
                "steps": "\n".join(changed_steps),
                "documents": documents,
                "legal_basis": record.get("legal_basis", []) + ["Nghị định số 118/2025/NĐ-CP"],
            }
        )
    baseline = workdir / "procedures.jsonl"
    baseline.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in procedures), encoding="utf-8")
    url = f"sqlite:///{workdir / 'bench.sqlite3'}"
    upgrade(url)
    factory = make_session_factory(make_engine(url))
    with transaction(factory) as session:
        import_baseline(session, baseline, dt.date(2025, 1, 1), actor="bench")
        [decision] = import_decisions(
            session, [(1, {"number": "BENCH", "title": "bench", "entries": entries})], signed=False, actor="bench"
        )
        decision_id = decision.id
    return factory, decision_id, url


def page_times(url: str, decision_id: int, runs: int) -> list[float]:
    """The reviewer's page for the decision through the Flask test client (login, then GET)."""
    from tthc import create_app
    from tthc.accounts.service import create_user

    app = create_app(
        {"DATABASE_URL": url, "SECRET_KEY": "bench", "APPLY_DUE_ON_START": False, "WTF_CSRF_ENABLED": False}
    )
    with transaction(app.extensions["tthc"].session_factory) as session:
        create_user(session, "bench-reviewer", "reviewer", "mat-khau-bench-1")
    client = app.test_client()
    client.post("/dang-nhap", data={"username": "bench-reviewer", "password": "mat-khau-bench-1"})
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(f"/tham-dinh/{decision_id}")
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
    print(
        f"review page (whole request, {len(response.data) / 1e6:.1f} MB of HTML): "
        f"median {statistics.median(times) * 1000:.0f} ms (min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f})"
    )
    app.extensions["tthc"].engine.dispose()
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--entries", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        factory, decision_id, url = build(Path(tmp), args.entries)
        core, html = [], []
        for _ in range(args.runs):
            with factory() as session:
                decision = session.get(Decision, decision_id)
                start = time.perf_counter()
                result = diff_decision(session, decision)
                core.append(time.perf_counter() - start)
                start = time.perf_counter()
                size = sum(len(change_html(c)) for e in result["entries"] for c in e["changes"])
                html.append(time.perf_counter() - start)
        changes = sum(len(e["changes"]) for e in result["entries"])
        print(
            f"decision with {len(result['entries'])} amended entries, {changes} changed parts, "
            f"{size / 1e6:.1f} MB of inline HTML"
        )
        print(
            f"diff_decision (plan + field diffs): median {statistics.median(core) * 1000:.0f} ms "
            f"(min {min(core) * 1000:.0f}, max {max(core) * 1000:.0f}) over {args.runs} runs"
        )
        print(
            f"HTML rendering of all changes:      median {statistics.median(html) * 1000:.0f} ms "
            f"(min {min(html) * 1000:.0f}, max {max(html) * 1000:.0f})"
        )
        page_times(url, decision_id, max(3, args.runs // 2))


if __name__ == "__main__":
    main()
