"""Search quality on the shipped demo catalogue (`tthc demo load`), in citizens' words.

    .venv/bin/python tests/search_eval/run_demo.py [--misses] [--part demo-tune]

The catalogue is catalogue_data/ loaded as `tthc demo load` loads it (into a temporary, migrated
SQLite database), searched by the MemoryEngine over `build_documents` as tests/web/test_search.py
does. The queries (`demo_queries.jsonl`, written on branch demo38 before any change, split at once
into `demo-tune` and `demo-holdout`) are of two kinds: answerable ones (`expected` lists the codes
any of which is a right first answer) and common needs the demo does not hold (`expected` is
empty; `event` names the life event the query says, when it says one). Per part it prints:

- answerable top-1 (the first hit is expected and the answer does not say nothing fits) and top-5;
- not held, answered honestly: nothing fits, or no hits at all; and, among those naming an event,
  how many answer that event with `matched: false` (a query failing either is listed as a miss).

`--misses` prints the misses of the `demo-tune` part only: `demo-holdout` is scored in aggregate.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

TUNING = "demo-tune"


def demo_engine():
    """A MemoryEngine over the demo catalogue, loaded into a temporary database."""
    from tests.support.config import suite_config
    from tthc import create_app
    from tthc.commands.demo import load_demo
    from tthc.config import PROJECT_ROOT
    from tthc.migrate import upgrade
    from tthc.search.documents import build_documents
    from tthc.search.memory import MemoryEngine

    folder = Path(tempfile.mkdtemp(prefix="tthc_demo_eval_"))
    url = f"sqlite:///{folder / 'demo.sqlite3'}"
    upgrade(url)
    app = create_app(suite_config(url, folder))  # the test apps' settings
    factory = app.extensions["tthc"].session_factory
    assert load_demo(factory, PROJECT_ROOT / "catalogue_data")
    with factory() as session:
        engine = MemoryEngine(build_documents(session), "demo")
    app.extensions["tthc"].engine.dispose()
    return engine


def evaluate(engine, queries: list[dict]) -> tuple[dict, list[tuple]]:
    from tthc.search.query import SearchQuery

    # per part: answerable [count, top-1, top-5], not held [count, honest, with event, event said]
    scores: dict[str, dict[str, list[int]]] = defaultdict(lambda: {"held": [0, 0, 0], "not": [0, 0, 0, 0]})
    misses = []
    for item in queries:
        result = engine.search(SearchQuery(item["query"], per_page=5, facets=True).normalized())
        codes = [h["code"] for h in result.hits]
        part = scores[item["part"]]
        event = result.event or {}
        if item["expected"]:
            right = bool(codes) and codes[0] in item["expected"] and not result.nothing_fits
            top5 = any(c in item["expected"] for c in codes[:5])
            row = part["held"]
            row[0] += 1
            row[1] += right
            row[2] += top5
            ok = right
        else:
            honest = bool(result.nothing_fits) or not codes
            row = part["not"]
            row[0] += 1
            row[1] += honest
            said = True
            if item.get("event"):
                said = event.get("slug") == item["event"] and not event.get("matched")
                row[2] += 1
                row[3] += said
            ok = honest and said
        if not ok:
            misses.append(
                (
                    item["part"],
                    item["query"],
                    item["expected"],
                    f"event={event.get('slug')}/{event.get('matched')} nothing_fits={result.nothing_fits}",
                    [f"{h['code']} {h['name'][:60]}" for h in result.hits[:3]],
                )
            )
    return scores, misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--misses", action="store_true", help="print the demo-tune part's misses")
    parser.add_argument("--part", action="append", help="only these parts (default: all)")
    args = parser.parse_args()
    os.environ.setdefault("TTHC_REQUEST_BUDGET_PER_MINUTE", "0")
    queries = [json.loads(line) for line in (HERE / "demo_queries.jsonl").read_text(encoding="utf-8").splitlines()]
    if args.part:
        queries = [q for q in queries if q["part"] in args.part]
    scores, misses = evaluate(demo_engine(), queries)
    for name in sorted(scores):
        held, nots = scores[name]["held"], scores[name]["not"]
        print(f"## part {name}")
        if held[0]:
            print(f"answerable {held[0]:3}  top-1 {held[1]:3} ({held[1] / held[0]:.0%})  top-5 {held[2]:3}")
        if nots[0]:
            share = f"{nots[1] / nots[0]:.0%}"
            print(f"not held   {nots[0]:3}  honest {nots[1]:3} ({share})  event said {nots[3]}/{nots[2]}")
    if args.misses:
        print("\n## misses (demo-tune)")
        for part, query, expected, how, hits in misses:
            if part == TUNING:
                print(f"- {query!r} expected {expected or 'nothing'}; {how}")
                for hit in hits:
                    print(f"    {hit}")


if __name__ == "__main__":
    main()
