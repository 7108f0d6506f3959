"""The same everyday queries written with and without tones: does the search read an untoned phone query
as well as the toned one? (pass untone36)

    .venv/bin/python tests/search_eval/untoned.py --parts tune [--misses]
    .venv/bin/python tests/search_eval/untoned.py --parts held

Citizens often type on a phone without Vietnamese input: "cha toi mat roi lam giay bao tu o dau".
For every query of the chosen parts whose class is everyday (run.EVERYDAY) and that carries at least
one tone mark or "đ", the untoned form is the query through the project's own folding (tthc.text.fold:
no marks, đ→d), with each letter's case kept, spacing and punctuation untouched. Both forms are scored
with the memory engine and run.py's own loading and scoring (imported, not copied): top-1 (the right
procedure first and the answer not saying "nothing fits", as run.py counts it) and top-5.

`--parts tune` pools every part whose name starts with "tune"; `--misses` then prints the queries
answered right when toned and wrong when untoned, with the first three names of each answer.
`--parts held` pools run.HELD_OUT and prints only the pooled figures, never a query: the held-out
parts are scored in aggregate only.

`--parts derived` (pass untone39) is a measure built from tuning parts alone: every everyday query of a
`tune…` part that the search answers right first WITH its tones is folded the same way, and only the
untoned copies are scored. The copies are split by the session that wrote their source part: the
"tuning set" from `tune`, `tune23` … `tune33*` (read query by query with `--misses`) and the "check
set" from `tune34*` … `tune37*` (scored in aggregate only, never read, to see that a change made on
the tuning set generalises).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from tests.search_eval.run import (  # noqa: E402
    EVERYDAY,
    HELD_OUT,
    PARTS,
    evaluate,
    load_documents,
    load_queries,
    open_engine,
)
from tthc.search.query import SearchQuery  # noqa: E402
from tthc.text import fold  # noqa: E402


def untoned(text: str) -> str:
    """`text` as typed without Vietnamese input: every letter folded (no marks, đ→d), its case kept."""
    return "".join(fold(ch).upper() if ch.isupper() else fold(ch) for ch in text)


def derived_side(part: str) -> str:
    """ "tuning" for the parts of sessions up to 33 (`tune`, `tune23` … `tune33*`), "check" for later ones."""
    number = re.match(r"tune(\d+)", part)
    return "tuning" if not number or int(number.group(1)) <= 33 else "check"


def chosen_parts(which: str) -> list[str]:
    if which in ("tune", "derived"):
        return [p for p in PARTS if p.startswith("tune")]
    return list(HELD_OUT)


def everyday_toned(queries: list[dict], parts: list[str]) -> list[dict]:
    """The everyday queries of `parts` that untoning changes (an untoned query has nothing to compare)."""
    wanted = set(parts)
    return [
        q
        for q in queries
        if q.get("part", "tune") in wanted and q["class"] in EVERYDAY and untoned(q["query"]) != q["query"]
    ]


def pooled(scores: dict) -> tuple[int, int, int]:
    """(count, top-1, top-5) over every class of run.evaluate's scores."""
    rows = list(scores.values())
    return sum(r[2] for r in rows), sum(r[0] for r in rows), sum(r[1] for r in rows)


def missed_keys(misses: list[tuple]) -> set[tuple[str, str, str]]:
    return {(part, cls, query) for part, cls, query, _expected, _names in misses}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--parts", choices=("tune", "held", "derived"), required=True)
    parser.add_argument("--misses", action="store_true", help="tune only: right toned, wrong untoned")
    args = parser.parse_args()
    if args.misses and args.parts == "held":
        parser.error("--misses reads queries one by one: tuning parts only")
    if args.parts == "derived":
        derived(args.misses)
        return
    docs = load_documents()
    toned = everyday_toned(load_queries(), chosen_parts(args.parts))
    bare = [dict(q, query=untoned(q["query"])) for q in toned]
    with tempfile.TemporaryDirectory(prefix="tthc-untoned-") as folder:
        engine = open_engine(docs, "memory", Path(folder))
        engine.search(SearchQuery("khởi động").normalized())
        toned_scores, _t, toned_misses = evaluate(engine, toned)
        bare_scores, _b, bare_misses = evaluate(engine, bare)
    print(f"# untoned everyday queries, parts {args.parts} ({len(chosen_parts(args.parts))} parts), engine memory")
    print(f"{'form':<10} {'queries':>7} {'top-1':>13} {'top-5':>13}")
    for label, scores in (("toned", toned_scores), ("untoned", bare_scores)):
        count, top1, top5 = pooled(scores)
        print(f"{label:<10} {count:>7} {top1:>5} {top1 / max(1, count):>6.1%} {top5:>5} {top5 / max(1, count):>6.1%}")
    if args.parts == "held":
        return  # held-out parts: aggregates only
    wrong_toned = missed_keys(toned_misses)
    by_untoned = {(q.get("part", "tune"), q["class"], untoned(q["query"])): q for q in toned}
    lost = []
    for part, cls, query, expected, names in bare_misses:
        original = by_untoned[(part, cls, query)]
        if (part, cls, original["query"]) not in wrong_toned:
            lost.append((part, cls, original["query"], query, expected, names))
    gained = len(wrong_toned) - (len(bare_misses) - len(lost))
    print(f"right toned, wrong untoned: {len(lost)}; wrong toned, right untoned: {gained}")
    if args.misses:
        for part, cls, original, query, expected, names in lost:
            print("LOST", json.dumps([part, cls, original, query, expected, names], ensure_ascii=False))


def derived(misses: bool) -> None:
    """Score the untoned copies of the tuning parts' everyday queries answered right first with tones,
    split into the tuning set (sessions up to 33) and the check set (later sessions, aggregates only)."""
    docs = load_documents()
    toned = everyday_toned(load_queries(), chosen_parts("tune"))
    with tempfile.TemporaryDirectory(prefix="tthc-untoned-") as folder:
        engine = open_engine(docs, "memory", Path(folder))
        engine.search(SearchQuery("khởi động").normalized())
        _scores, _t, toned_misses = evaluate(engine, toned)
        wrong = missed_keys(toned_misses)
        sources = [q for q in toned if (q.get("part", "tune"), q["class"], q["query"]) not in wrong]
        sides = {
            side: [q for q in sources if derived_side(q.get("part", "tune")) == side] for side in ("tuning", "check")
        }
        results = {
            side: evaluate(engine, [dict(q, query=untoned(q["query"])) for q in chosen])
            for side, chosen in sides.items()
        }
    print("# untoned copies of the everyday queries answered right first with tones (tune* parts), engine memory")
    print(f"{'set':<10} {'queries':>7} {'top-1':>13} {'top-5':>13}")
    for side, (scores, _times, _misses) in results.items():
        count, top1, top5 = pooled(scores)
        print(f"{side:<10} {count:>7} {top1:>5} {top1 / max(1, count):>6.1%} {top5:>5} {top5 / max(1, count):>6.1%}")
    if misses:  # the tuning set only: the check set is never read query by query
        originals = {(q.get("part", "tune"), q["class"], untoned(q["query"])): q["query"] for q in sides["tuning"]}
        for part, cls, query, expected, names in results["tuning"][2]:
            print(
                "LOST",
                json.dumps([part, cls, originals[(part, cls, query)], query, expected, names], ensure_ascii=False),
            )


if __name__ == "__main__":
    main()
