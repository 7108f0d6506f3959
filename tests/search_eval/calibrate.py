"""Fit the search confidence on the TUNING part of the evaluation, and write tthc/search/confidence.json.

    .venv/bin/python tests/search_eval/calibrate.py [--dry-run]

"Nothing fits" must mean "probably wrong": on the test part it should fire on most answers whose first
hit is wrong and on few whose first hit is right. The ranker answers the tuning part almost always
right, so its own wrong answers are too few to learn from. The examples are therefore:

* every tuning query as asked (right or wrong first hit; `no_match` queries are wrong by definition);
* every answerable tuning query again with its expected procedures hidden from the catalogue: what
  comes first then is wrong by construction (the catalogue lacks what the citizen asked for);
* one-typo variants of the tuning part's official, untoned and i/y queries (seeded), labelled by
  whether their first hit is right.

A logistic model over each first hit's features (query.confidence_features) is fitted, and its
intercept shifted so that 0.6 (the floor of "nothing fits") flags at most 1 % of the right first
hits of the tuning queries as asked. The test part is never read here.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import unicodedata
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from tests.search_eval.run import load_documents, load_queries  # noqa: E402
from tthc.search.memory import MemoryEngine  # noqa: E402
from tthc.search.query import CONFIDENCE_FILE, CONFIDENCE_FLOOR, SearchQuery, answer_by_names  # noqa: E402
from tthc.search.stopwords import is_stop_word as is_intent  # noqa: E402
from tthc.text import fold  # noqa: E402

RIGHT_FLAGGED = 0.01  # the share of right first hits of the tuning queries as asked the floor may flag
L2 = 0.01
SHOWN = "_shown"  # the confidence the answer shows without a model (not a feature)
# hidden-expected examples are wrong only by label when a sibling procedure comes first: they count less
ORIGIN_WEIGHT = {"hidden": 0.25}
TONES = ["\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]
NEAR_KEYS = dict(
    zip(
        "qwertyuiopasdfghjklzxcvbnm",
        (
            "wa qes wrd etf ryg tuh yij uok ipl o qsz awdx sefc drgv "
            "fthb gyjn hukm jil ko asx zsdc xdfv cfgb vghn bhjm njk"
        ).split(),
        strict=True,
    )
)


def typo_variants(text: str, rnd: random.Random) -> list[str]:
    """One-typo forms of a query: a letter dropped, doubled, swapped, mistyped; marks dropped from a
    word or another tone; a telex tone key left behind."""
    words = text.split()
    content = [i for i, w in enumerate(words) if len(fold(w)) >= 3 and not is_intent(w)]
    if not content:
        return []
    toned = any(fold(w) != w for w in words)
    out = []
    for kind in ("drop", "double", "swap", "near", "plain", "tone", "telex"):
        i = rnd.choice(content)
        w = words[i]
        j = rnd.randrange(len(w) - 1)
        if kind == "drop":
            new = w[: j + 1] + w[j + 2 :]
        elif kind == "double":
            new = w[: j + 1] + w[j:]
        elif kind == "swap":
            new = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
        elif kind == "near":
            key = fold(w[j])
            if key not in NEAR_KEYS:
                continue
            new = w[:j] + rnd.choice(NEAR_KEYS[key]) + w[j + 1 :]
        elif kind == "plain":
            if not toned or fold(w) == w:
                continue
            new = fold(w)
        elif kind == "tone":
            marks = [c for c in unicodedata.normalize("NFD", w) if c in TONES]
            if not toned or not marks:
                continue
            other = rnd.choice([t for t in TONES if t != marks[0]])
            new = unicodedata.normalize("NFC", unicodedata.normalize("NFD", w).replace(marks[0], other))
        else:
            if toned:
                continue
            new = w + rnd.choice("sfrxj")
        if new != w:
            out.append(" ".join(words[:i] + [new] + words[i + 1 :]))
    return out


def dropped_words(text: str, rnd: random.Random, most: int = 3) -> list[str]:
    """The query with one of its content words left out (at most `most` of them, chosen at random)."""
    words = text.split()
    content = [i for i, w in enumerate(words) if not is_intent(w)]
    if len(words) < 3:
        return []
    return [" ".join(words[:i] + words[i + 1 :]) for i in rnd.sample(content, min(most, len(content)))]


def first_hit(engine: MemoryEngine, text: str, hidden: set[str] = frozenset()):  # type: ignore[assignment]
    """(features, code) of the first hit, with the procedures whose national code is in `hidden`
    taken out of the catalogue."""
    allowed = np.array([e.doc["code"].split(".000.")[0] not in hidden for e in engine.entries], dtype=bool)
    answer = answer_by_names(
        SearchQuery(text, per_page=3, explain=True).normalized(),
        engine.names,
        allowed,
        lambda n: engine.entries[n].doc,
        body=engine._body,
        statuses=engine._statuses,
        synonyms=engine.synonyms,
        toned=None,
    )
    if not answer.hits:
        return None, ""
    hit = answer.hits[0]
    # with no model loaded, the confidence shown is the cover confidence (an event's level for its steps)
    return {**hit["explain"]["confidence_features"], SHOWN: hit["explain"]["confidence"]}, hit["code"]


def examples(engine: MemoryEngine, queries: list[dict]) -> list[tuple[dict[str, float], int, str]]:
    """(features, 1 when right, origin) of every example's first hit."""
    rows = []
    rnd = random.Random(23)
    # a name without what it says in brackets ("(thực hiện tại cấp tỉnh)")
    names = {e.doc["code"]: fold(e.doc["name"]).lower().split(" (")[0].strip(" .") for e in engine.entries}
    for item in queries:
        expected = set(item["expected"])
        features, code = first_hit(engine, item["query"])
        if features is not None:
            rows.append((features, int(code in expected), "asked"))
        if not expected:
            continue
        features, code = first_hit(engine, item["query"], hidden=expected)
        # the same name at another level, or for the same people, is no wrong answer: left out
        if features is not None and names.get(code) not in {names.get(c) for c in expected}:
            rows.append((features, int(code in expected), "hidden"))
        if item["class"] in ("official", "no_tones", "iy_variant"):
            for variant in typo_variants(item["query"], rnd):
                features, code = first_hit(engine, variant)
                if features is not None:
                    rows.append((features, int(code in expected), "typo"))
        else:  # everyday phrasing: the same with a word left out, as another citizen would say it less
            for variant in dropped_words(item["query"], rnd):
                features, code = first_hit(engine, variant)
                if features is not None:
                    rows.append((features, int(code in expected), "dropped"))
    return rows


def fit(x: np.ndarray, y: np.ndarray, weight: np.ndarray) -> tuple[np.ndarray, float]:
    """Logistic regression, classes weighted equally, by Newton's method with a little L2."""
    n, k = x.shape
    a = np.hstack([x, np.ones((n, 1))])
    sample = np.where(y == 1, 0.5 / max(1, y.sum()), 0.5 / max(1, (1 - y).sum())) * n * weight
    w = np.zeros(k + 1)
    for _ in range(50):
        p = 1 / (1 + np.exp(-(a @ w)))
        grad = a.T @ (sample * (p - y)) / n + L2 * np.r_[w[:-1], 0.0]
        hess = (a.T * (sample * p * (1 - p))) @ a / n + L2 * np.diag(np.r_[np.ones(k), 0.0])
        step = np.linalg.solve(hess + 1e-9 * np.eye(k + 1), grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[:-1], float(w[-1])


def share(flags: np.ndarray, pick: np.ndarray) -> str:
    return f"{flags[pick].mean():.0%}" if pick.any() else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--curve", action="store_true", help="print the flagged shares at stricter floors")
    parser.add_argument("--dry-run", action="store_true", help="print the fit, do not write confidence.json")
    args = parser.parse_args()
    queries = [q for q in load_queries() if q.get("part", "tune") == "tune"]  # never the test part
    saved = CONFIDENCE_FILE.read_text(encoding="utf-8") if CONFIDENCE_FILE.exists() else None
    CONFIDENCE_FILE.unlink(missing_ok=True)  # the features do not depend on the model; start clean
    from tthc.search.query import confidence_model

    confidence_model.cache_clear()
    try:
        engine = MemoryEngine(load_documents(), "calibrate")
        rows = examples(engine, queries)
    finally:
        if saved is not None:
            CONFIDENCE_FILE.write_text(saved, encoding="utf-8")
        confidence_model.cache_clear()
    names = sorted(k for k in rows[0][0] if k != SHOWN)
    x = np.array([[f[k] for k in names] for f, _y, _o in rows])
    y = np.array([label for _f, label, _o in rows], dtype=float)
    weight = np.array([ORIGIN_WEIGHT.get(o, 1.0) for _f, _y, o in rows])
    weights, intercept = fit(x, y, weight)
    z = x @ weights + intercept
    z0 = z.copy()
    # flags at most this share of the right first hits of the queries as asked
    asked = np.array([o == "asked" for _f, _y, o in rows])
    before = np.array([f[SHOWN] < CONFIDENCE_FLOOR for f, _y, _o in rows])
    threshold = float(np.quantile(z[(y == 1) & asked & ~before], RIGHT_FLAGGED))
    # shift so that the floor of "nothing fits" (0.6) falls on that threshold
    intercept += float(np.log(CONFIDENCE_FLOOR / (1 - CONFIDENCE_FLOOR))) - threshold
    z = x @ weights + intercept
    flagged = (1 / (1 + np.exp(-z)) < CONFIDENCE_FLOOR) | before  # the answer is never above its cover
    print(f"{len(rows)} examples from {len(queries)} tuning queries")
    if args.curve:
        for origin in ("asked", "dropped"):
            for label in (0, 1):
                chosen = [f for f, yy, o in rows if o == origin and yy == label]
                ev = np.mean([f["event"] > 0 for f in chosen])
                hi = np.mean([f[SHOWN] >= CONFIDENCE_FLOOR for f in chosen])
                ld = np.mean([f["lead"] for f in chosen])
                print(f"{origin} right={label} n={len(chosen)} event step {ev:.0%}, cover ok {hi:.0%}, lead {ld:.3f}")
    if args.curve:
        origins = np.array([o for _f, _y, o in rows])
        for q in (0.0, 0.01, 0.02, 0.03, 0.05):
            t = float(np.quantile(z0[(y == 1) & asked], q)) if q else -99.0
            line = []
            for origin in ("asked", "dropped", "typo", "hidden"):
                pick = origins == origin
                flag = (z0 < t) | np.array([f[SHOWN] < CONFIDENCE_FLOOR for f, _y, _o in rows])
                line.append(f"{origin} {flag[pick & (y == 0)].mean():.0%}/{flag[pick & (y == 1)].mean():.0%}")
            print(f"q={q:.2f} or cover:", "  ".join(line))
    for kind in ("asked", "hidden", "typo", "dropped", ""):
        pick = np.array([not kind or o == kind for _f, _y, o in rows])
        right, wrong = pick & (y == 1), pick & (y == 0)
        print(
            f"{kind or 'all':<7} wrong first {int(wrong.sum()):>4}, flagged {share(flagged, wrong)}"
            f" | right first {int(right.sum()):>4}, flagged {share(flagged, right)}"
            f" (cover alone: {share(before, wrong)} / {share(before, right)})"
        )
    model = {
        "fitted_on": "tests/search_eval/queries.jsonl part tune (asked, hidden expected, one-typo variants)",
        "floor": CONFIDENCE_FLOOR,
        "weights": {k: round(float(v), 4) for k, v in zip(names, weights, strict=True)},
        "intercept": round(intercept, 4),
    }
    print(json.dumps(model, ensure_ascii=False, indent=2))
    if not args.dry_run:
        CONFIDENCE_FILE.write_text(json.dumps(model, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"written {CONFIDENCE_FILE}")


if __name__ == "__main__":
    main()
