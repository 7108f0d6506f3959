"""The TUNING parts' everyday misses where the right event leads but another of its steps comes first.

    .venv/bin/python tests/search_eval/step_misses.py [--quiet]

Reads only the parts named `tune*` (never `test` or `holdout*`). A query counts (cause (c) of
pass tune36s) when its first hit carries an `event` key, that hit is wrong, and a right code is
among the same event's steps (a right first answer flagged "nothing fits" is another cause). For
each such query every step of the event is listed as `_step_order` saw it: its place in
the order shown, its style, the step fit of its own words (`_step_fit` after `_fit_to_general`),
the names' coverage of its procedure and the names' rank, with `*` on the right procedures.
`--quiet` prints the count only.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

import tthc.search.query as ranking  # noqa: E402
from tests.search_eval.run import EVERYDAY, load_documents, load_queries  # noqa: E402
from tthc.search.events import shipped_events  # noqa: E402
from tthc.search.memory import MemoryEngine  # noqa: E402
from tthc.search.query import SearchQuery  # noqa: E402


class Recorder:
    """Wraps `_step_order` to keep the inputs and the order of its last call."""

    def __init__(self) -> None:
        self.seen: dict | None = None
        self.original = ranking._step_order

        def wrapped(steps, index, event_docs, wanted, named, plan, coverage, fit, *rest):
            order = self.original(steps, index, event_docs, wanted, named, plan, coverage, fit, *rest)
            self.seen = {"steps": steps, "index": index, "named": named, "coverage": coverage, "fit": fit}
            self.seen["wanted"] = wanted
            self.seen["order"] = order
            return order

        ranking._step_order = wrapped  # type: ignore[assignment]


def describe(seen: dict, expected: set[str]) -> list[str]:
    from tthc.search.qualifiers import qualifiers, unasked

    index, order, fit, coverage, named = (seen[k] for k in ("index", "order", "fit", "coverage", "named"))
    table = qualifiers()
    lines = []
    for position, (step, codes) in enumerate(seen["steps"]):
        for code in codes:
            doc = index.code_docs.get(code)
            if doc is None:
                continue
            place = order.index(doc) if doc in order else -1
            mark = "*" if code in expected else " "
            # a special case the query does not ask for keeps a step from leading (`_step_qualifiers`)
            cases = ranking._step_qualifiers(step, doc, index, seen["wanted"], fit)
            special = " ".join(" ".join(table[i].names[0]) for i in cases) if unasked(cases, seen["wanted"]) else ""
            lines.append(
                f"   {mark} step {position:2d} place {place:2d} {step.style:8s} fit {fit.get(doc, 0.0):.3f} "
                f"cover {float(coverage[doc]):.2f} names#{named.get(doc, -1):3d} {code} "
                f"{step.title[:60]} | {step.condition[:50]}" + (f" [unasked: {special}]" if special else "")
            )
    return lines


def main() -> None:
    quiet = "--quiet" in sys.argv
    recorder = Recorder()
    engine = MemoryEngine(load_documents(), "eval")
    steps_of = {e.slug: {c for s in e.steps for c in s.codes} for e in shipped_events()}
    queries = [q for q in load_queries() if q.get("part", "tune").startswith("tune") and q["class"] in EVERYDAY]
    count = 0
    for q in queries:
        recorder.seen = None
        result = engine.search(SearchQuery(q["query"], per_page=5).normalized())
        if not result.hits or not result.hits[0].get("event"):
            continue
        expected = set(q["expected"])
        event = result.hits[0]["event"]
        if result.hits[0]["code"] in expected or not expected & steps_of.get(event, set()):
            continue
        count += 1
        if quiet or recorder.seen is None:
            continue
        print(f"\n[{q['part']}, {q['class']}] {q['query']}\n   event {event}, first {result.hits[0]['code']}")
        print("\n".join(describe(recorder.seen, expected)))
    print(f"\nright event, another of its steps first: {count} of {len(queries)} everyday tuning queries")


if __name__ == "__main__":
    main()
