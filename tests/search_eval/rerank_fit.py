"""Fit a learned re-ranking of the first five answers on the TUNING parts, and cross-validate it by
the session that wrote each part (pass ltr39).

    PYTHONPATH=$PWD .venv/bin/python tests/search_eval/rerank_fit.py [--rows /tmp/rows.pkl]

For every tuning query the engine answers as run.py asks it (five hits), each hit's features are
read from the answer's `explain` (query.confidence_features: what the confidence model reads, plus
the hit's place, confidence, score and whether it is one of the event's steps). A conditional logit
(a softmax over the five hits, linear in their features; the place one-hot so that the engine's own
order is the prior) is fitted by Newton's method with L2. The re-ranking orders the five by the
model's score; the set of five is never changed, so top-5 cannot move, and an answer saying
"nothing fits" is left as it is.

Cross-validation: the tuning parts grouped by the session that wrote them (`session_of`: `tune` ;
`tune23` ; … ; `tune32a`+`tune32b` ; `tune33`+`tune33s`+`tune33t`+`tune33c` ; `tune34*` ; …), each
group left out in turn, the model fitted on the others; top-1 on the left-out group against the
engine's own first answer. Parts written in another session behave like fresh queries: this is the
honest signal. Held-out parts (`test`, `holdout*`) are never read here. Every setting tried (the
classes and variants fitted on, the L2, a margin the model must beat the engine's first by) is
printed; `--rows FILE` keeps the collected examples (collecting them takes 5-25 minutes on a loaded
machine). Result (docs/search.md, "Pass ltr39"): no setting gains on the everyday queries as asked
(781 of 900 right first, −3 to +0), so nothing is wired into the engine.
"""

from __future__ import annotations

import argparse
import pickle
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from tests.search_eval.calibrate import dropped_words  # noqa: E402
from tests.search_eval.run import EVERYDAY, load_documents, load_queries  # noqa: E402
from tthc.search.memory import MemoryEngine  # noqa: E402
from tthc.search.query import SearchQuery  # noqa: E402
from tthc.text import fold  # noqa: E402

K = 5  # the hits re-ranked: the first five, what top-5 counts (their set never changes)
# the per-hit features of query.confidence_features the model reads (all of them: the fit says which matter)
FEATURES = (
    "units_held",
    "pairs_held",
    "never_as_typed",
    "rare_name",
    "rare_held",
    "runner_close",
    "plain_at",
    "plain_first",
    "names_sure",
    "cover",
    "cover_confidence",
    "lead",
    "start",
    "event",
    "event_first",
    "event_choice",
    "step_fit",
    "name_share",
    "body_only",
)
EXTRA = ("confidence", "in_event", "score_gap")  # the hit's shown confidence, event step, score below the first
PLACES = tuple(f"at_{i}" for i in range(1, K))  # place one-hot (the first place is the reference)
COLUMNS = FEATURES + EXTRA + PLACES
L2S = (0.3, 1.0, 3.0, 10.0)


def session_of(part: str) -> str:
    """The session that wrote a tuning part: its number (`tune34v` → 34), `tune` alone for the first."""
    m = re.match(r"tune(\d*)", part)
    return m.group(1) or "tune" if m else part


def variants(item: dict, rnd: random.Random) -> list[tuple[str, str]]:
    """(origin, text): the query as asked, and for an everyday one the same with a content word left
    out (up to three, seeded) and typed without tones, as calibrate.py reads them: other citizens
    saying the same need less well, whose first answers are wrong more often (more to learn from)."""
    out = [("asked", item["query"])]
    if item["class"] in EVERYDAY:
        out += [("dropped", t) for t in dropped_words(item["query"], rnd)]
        untoned = fold(item["query"])
        if untoned != item["query"]:
            out.append(("untoned", untoned))
    return out


def collect(engine: MemoryEngine, queries: list[dict]) -> list[dict]:
    """Per answerable tuning query and variant: its part, class, origin, the codes of its five hits,
    their feature rows, which are right, and whether the answer says nothing fits."""
    out = []
    rnd = random.Random(39)
    todo = [
        (item, origin, text) for item in queries if item["class"] != "no_match" for origin, text in variants(item, rnd)
    ]
    for item, origin, text in todo:
        result = engine.search(SearchQuery(text, per_page=K, explain=True, facets=True).normalized())
        hits = result.hits[:K]
        if not hits:
            empty = {"codes": [], "x": np.zeros((0, len(COLUMNS))), "y": np.zeros(0), "nothing_fits": True}
            out.append({**_meta(item), "origin": origin, **empty})
            continue
        first_score = hits[0]["score"]
        rows = []
        for i, hit in enumerate(hits):
            f = hit["explain"]["confidence_features"]
            extra = [hit["confidence"], 1.0 if hit.get("event") else 0.0, max(0.0, first_score - hit["score"])]
            rows.append([f.get(k, 0.0) for k in FEATURES] + extra + [1.0 if i == j else 0.0 for j in range(1, K)])
        out.append(
            {
                **_meta(item),
                "origin": origin,
                "codes": [h["code"] for h in hits],
                "x": np.array(rows, dtype=float),
                "y": np.array([h["code"] in item["expected"] for h in hits], dtype=float),
                "nothing_fits": bool(result.nothing_fits),
            }
        )
    return out


def _meta(item: dict) -> dict:
    part = item.get("part", "tune")
    return {"part": part, "session": session_of(part), "class": item["class"], "query": item["query"]}


def fit(rows: list[dict], l2: float) -> np.ndarray:
    """Conditional logit over each query's hits (queries with one right hit or more, not all right;
    the right hits share the target mass), Newton's method with L2."""
    usable = [r for r in rows if len(r["y"]) > 1 and 0 < r["y"].sum() < len(r["y"])]
    if not usable:
        return np.zeros(len(COLUMNS))
    k = len(COLUMNS)
    w = np.zeros(k)
    for _ in range(30):
        grad, hess = l2 * w, l2 * np.eye(k)
        for r in usable:
            x, t = r["x"], r["y"] / r["y"].sum()
            z = x @ w
            p = np.exp(z - z.max())
            p /= p.sum()
            mean = p @ x
            grad += x.T @ (p - t)
            centred = x - mean
            hess += (centred.T * p) @ centred
        step = np.linalg.solve(hess + 1e-9 * np.eye(k), grad)
        w -= step
        if np.abs(step).max() < 1e-7:
            break
    return w


def reranked_first(row: dict, w: np.ndarray | None, margin: float = 0.0) -> int:
    """The index among the hits the re-ranking puts first (0: the engine's own): the best by the model,
    when its score beats the engine's first by more than `margin`."""
    if w is None or len(row["y"]) < 2 or row["nothing_fits"]:
        return 0
    z = row["x"] @ w
    best = int(np.argmax(z))  # a tie keeps the earlier place
    return best if z[best] > z[0] + margin else 0


def tally(rows: list[dict], w: np.ndarray | None, margin: float = 0.0) -> tuple[int, int]:
    """(right first, queries), a first answer saying nothing fits counted wrong as run.py does."""
    right = sum(1 for r in rows if len(r["y"]) and not r["nothing_fits"] and r["y"][reranked_first(r, w, margin)] == 1)
    return right, len(rows)


TRAIN = {
    "asked": lambda r: r["origin"] == "asked",
    "all": lambda r: True,
    "everyday": lambda r: r["class"] in EVERYDAY,
    "variants": lambda r: r["origin"] != "asked",
}
MARGINS = (0.0, 0.5, 1.0)


def cross_validate(rows: list[dict], train: str, l2: float, margin: float, verbose: bool = False) -> list[int]:
    """Leave one session out: [engine, re-ranked] right first on the left-out session's everyday
    queries as asked, the same for its other classes, and for its everyday variants (pooled)."""
    sessions = sorted({r["session"] for r in rows}, key=lambda s: (s != "tune", s))
    pooled = [0] * 8
    for s in sessions:
        w = fit([r for r in rows if r["session"] != s and TRAIN[train](r)], l2)
        out = [r for r in rows if r["session"] == s]
        groups = (
            [r for r in out if r["origin"] == "asked" and r["class"] in EVERYDAY],
            [r for r in out if r["origin"] == "asked" and r["class"] not in EVERYDAY],
            [r for r in out if r["origin"] != "asked"],
        )
        counts = []
        for g in groups:
            counts += [tally(g, None)[0], tally(g, w, margin)[0]]
        counts += [len(groups[0]), len(groups[2])]
        pooled = [a + b for a, b in zip(pooled, counts, strict=True)]
        if verbose:
            print(
                f"  session {s:<5} everyday {counts[0]:>3}->{counts[1]:>3} of {counts[6]:<3}"
                f" other {counts[2]:>3}->{counts[3]:>3}  variants {counts[4]:>3}->{counts[5]:>3} of {counts[7]}"
            )
    return pooled


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=Path, help="read the examples from this pickle, or write them there")
    parser.add_argument("--verbose", action="store_true", help="each session left out, for every setting")
    args = parser.parse_args()
    if args.rows is not None and args.rows.exists():
        rows = pickle.loads(args.rows.read_bytes())
    else:
        queries = [q for q in load_queries() if q.get("part", "tune").startswith("tune")]  # never held out
        engine = MemoryEngine(load_documents(), "rerank")
        rows = collect(engine, queries)
        if args.rows is not None:
            args.rows.write_bytes(pickle.dumps(rows))
    for origin in ("asked", "dropped", "untoned"):
        chosen = [r for r in rows if r["origin"] == origin and r["class"] in EVERYDAY]
        at: dict[int, int] = defaultdict(int)
        for r in chosen:
            places = np.flatnonzero(r["y"])
            at[int(places[0]) + 1 if len(places) else 0] += 1
        print(f"{origin:<8} everyday {len(chosen):>4}; first right at (0: not in five): {dict(sorted(at.items()))}")
    print("leave-one-session-out, right first (engine -> re-ranked): everyday asked | other asked | variants")
    for train in TRAIN:
        for l2 in L2S:
            for margin in MARGINS:
                p = cross_validate(rows, train, l2, margin)
                print(
                    f"train {train:<8} L2 {l2:<4} margin {margin:<3}  everyday {p[0]}->{p[1]} of {p[6]}"
                    f" ({p[1] - p[0]:+d}) | other {p[2]}->{p[3]} ({p[3] - p[2]:+d})"
                    f" | variants {p[4]}->{p[5]} of {p[7]} ({p[5] - p[4]:+d})"
                )
                if args.verbose:
                    cross_validate(rows, train, l2, margin, verbose=True)


if __name__ == "__main__":
    main()
