"""Search quality over a real catalogue: top-1 / top-5 per class of citizen query.

    .venv/bin/python tests/search_eval/run.py [--misses] [--engine whoosh|memory]

The catalogue is `catalogue_large.jsonl.xz` next to this file: 3,065 real procedures published on
the National Public Service Portal (dichvucong.gov.vn), as crawled by the public repository
chatbot-tthc/chatbot_tthc, values verbatim. The queries (`queries.jsonl`) are written as citizens
write them; `expected` lists the procedures any of which must come first (for the class
`no_match` nothing fits and the answer must say so). The index is built in a temporary folder
straight from the records (no database), with the shipped synonym list.
"""

from __future__ import annotations

import argparse
import json
import lzma
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from tthc.catalogue.io import to_record  # noqa: E402
from tthc.search.documents import IN_FORCE, document_from_record  # noqa: E402
from tthc.search.memory import MemoryEngine  # noqa: E402
from tthc.search.query import SearchQuery  # noqa: E402
from tthc.search.whoosh_index import INDEX_FORMAT, WhooshEngine, build_index  # noqa: E402

CATALOGUE = HERE / "catalogue_large.jsonl.xz"
QUERIES = HERE / "queries.jsonl"
ORDER = (
    "official",
    "no_tones",
    "typo",
    "iy_variant",
    "everyday",
    "long_sentence",
    "general_before_special",
    "no_match",
)


def load_documents(path: Path = CATALOGUE) -> list:
    with lzma.open(path, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return [document_from_record(to_record(row), IN_FORCE, "2025-01-01") for row in rows]


def load_queries(path: Path = QUERIES) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def open_engine(docs, kind: str, folder: Path):
    if kind == "memory":
        return MemoryEngine(docs, "eval")
    build_index(folder / "ix", docs, {"format": INDEX_FORMAT, "state": "eval"})
    return WhooshEngine(folder / "ix")


def says_nothing_fits(result) -> bool:
    """The answer tells the citizen that no procedure matches (the page's honest message)."""
    if hasattr(result, "nothing_fits"):
        return bool(result.nothing_fits)
    return not result.hits or not result.matched_all_words


def evaluate(engine, queries: list[dict]) -> tuple[dict, list[float], list[tuple]]:
    scores: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # top-1, top-5, count
    times, misses = [], []
    for item in queries:
        started = time.perf_counter()
        result = engine.search(SearchQuery(item["query"], per_page=5, facets=True).normalized())
        times.append((time.perf_counter() - started) * 1000)
        codes = [h["code"] for h in result.hits]
        row = scores[item["class"]]
        row[2] += 1
        if item["class"] == "no_match":
            ok = says_nothing_fits(result)
            row[0] += ok
            row[1] += ok
        else:
            first = bool(codes) and codes[0] in item["expected"] and not says_nothing_fits(result)
            row[0] += first
            row[1] += any(c in item["expected"] for c in codes[:5])
            ok = first
        if not ok:
            misses.append((item["class"], item["query"], item["expected"], [h["name"][:70] for h in result.hits[:3]]))
    return scores, times, misses


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=("whoosh", "memory"), default="whoosh")
    parser.add_argument("--misses", action="store_true", help="print the queries answered wrongly")
    args = parser.parse_args()
    docs, queries = load_documents(), load_queries()
    with tempfile.TemporaryDirectory(prefix="tthc-eval-") as folder:
        engine = open_engine(docs, args.engine, Path(folder))
        engine.search(SearchQuery("khởi động").normalized())  # opens the searcher
        scores, times, misses = evaluate(engine, queries)
        if args.engine == "whoosh":
            engine.close()
    print(f"# search evaluation: {len(docs)} procedures, {len(queries)} queries, engine {args.engine}")
    print(f"{'class':<24} {'queries':>7} {'top-1':>7} {'top-5':>7}")
    for name in ORDER:
        top1, top5, count = scores.get(name, [0, 0, 0])
        if count:
            print(f"{name:<24} {count:>7} {top1 / count:>7.0%} {top5 / count:>7.0%}")
    total = [sum(s[i] for s in scores.values()) for i in range(3)]
    print(f"{'all':<24} {total[2]:>7} {total[0] / total[2]:>7.0%} {total[1] / total[2]:>7.0%}")
    print(
        f"latency in process (facets on, first run): p50 {statistics.median(times):.1f} ms, "
        f"p95 {percentile(times, 0.95):.1f} ms, max {max(times):.1f} ms"
    )
    if args.misses:
        for miss in misses:
            print("MISS", json.dumps(miss, ensure_ascii=False))


if __name__ == "__main__":
    main()
