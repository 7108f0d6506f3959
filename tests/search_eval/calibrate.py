"""Fit the search confidence on the TUNING parts of the evaluation, and write tthc/search/confidence.json.

    .venv/bin/python tests/search_eval/calibrate.py [--dry-run] [--force]

"Nothing fits" must mean "probably wrong": on the held-out parts it should fire on most answers whose
first hit is wrong (>= 60 %) and on few whose first hit is right (<= 10 %). Every part whose name
starts with "tune" is read (`tuning_parts`: a part added later is picked up as is); the held-out
parts (`test`, `holdout*`) never. The ranker answers the tuning parts mostly right, so their own
wrong answers are few. The examples are therefore:

* every tuning query as asked (right or wrong first hit; `no_match` queries are wrong by definition);
* every answerable tuning query again with its expected procedures hidden from the catalogue: what
  comes first then is wrong by construction (the catalogue lacks what the citizen asked for);
* one-typo variants of the official, untoned and i/y queries (seeded), and word-dropped and untoned
  variants of the everyday ones, labelled by whether their first hit is right.

A logistic model over each first hit's features (query.confidence_features, the FEATURES below) is
fitted on the examples the cover alone does not flag, and its intercept shifted so that 0.6 (the
floor of "nothing fits") flags a share of the right first hits of the tuning queries as asked
(every part weighing alike). That share is chosen among QUANTILES by leave-one-part-out
cross-validation (`choose_quantile`: most wrong first answers flagged less right ones flagged, at
most CV_RIGHT_FLAGGED of the right ones). The same cross-validation says whether the model
generalises: confidence.json is written only when, pooled over the parts left out, the targets are
met (CV_RIGHT_FLAGGED of the right first answers at most) and more wrong first answers are flagged
than by the cover alone (`--force` writes it anyway, for a trial; never ship such a file).
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import sys
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from tests.search_eval.run import load_documents, load_queries  # noqa: E402
from tthc.search import query  # noqa: E402
from tthc.search.memory import MemoryEngine  # noqa: E402
from tthc.search.query import CONFIDENCE_FILE, CONFIDENCE_FLOOR, SearchQuery, answer_by_names  # noqa: E402
from tthc.search.stopwords import is_stop_word as is_intent  # noqa: E402
from tthc.text import fold  # noqa: E402

RIGHT_FLAGGED = 0.03  # the share of right first hits of the tuning queries as asked the floor may flag (default)
# the shares tried: the one cross-validation finds best (choose_quantile) is the one shipped
QUANTILES = (0.02, 0.03, 0.04, 0.05, 0.06, 0.07)
CV_RIGHT_FLAGGED = 0.08  # … and, each tuning part left out in turn, the share it may flag there
L2 = 0.01
GAIN = 0.05  # short of the targets, the least gain in wrong first answers flagged worth shipping a model for
# the features of query.confidence_features the model reads
FEATURES = (
    "cover_confidence",
    "event_agrees",
    "event_first",
    "event_margin",
    "lead",
    "name_share",
    "names_sure",
    "plain_at",
    "plain_first",
    "rare_held",
    "rare_name",
    "runner_close",
    "step_fit",
    # conf36: how much of the query the hit holds counted unit by unit and pair by pair, whether the
    # name holds it only through synonyms ("pairs_known", "unknown_any": how much of the query the
    # catalogue knows at all, fitted to weights of 0.000: left out)
    "units_held",
    "pairs_held",
    "never_as_typed",
    # conf40: how long the query is (its content units, 1.0 from ten). Fitted positive: a long story
    # whose first hit holds as much of it (units, pairs, cover) as a short request's is right more
    # often (more of its words agree), so the floor can sit higher for short ones (cross-validated:
    # 33/63 wrong first answers flagged instead of 30/63, right ones 85/1097 instead of 84/1097).
    # Tried and left out (no gain in cross-validation, `--with`): the kinship of the first hit's name
    # with the names' runner-up or plain BM25's first, the share of the need its name alone holds,
    # separate weights for event steps and names, and the other features of confidence_features
    "long_query",
)
SHOWN = "_shown"  # the confidence the answer shows without a model (not a feature)
# hidden-expected examples are wrong only by label when a sibling procedure comes first: they count less
ORIGIN_WEIGHT = {"hidden": 0.0}
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


def examples(engine: MemoryEngine, queries: list[dict]) -> list[tuple[dict[str, float], int, str, str, str]]:
    """(features, 1 when right, origin, part, class) of every example's first hit."""
    rows = []
    rnd = random.Random(23)
    # a name without what it says in brackets ("(thực hiện tại cấp tỉnh)")
    names = {e.doc["code"]: fold(e.doc["name"]).lower().split(" (")[0].strip(" .") for e in engine.entries}
    for item in queries:
        expected = set(item["expected"])
        part = item.get("part", "tune")
        features, code = first_hit(engine, item["query"])
        if features is not None:
            rows.append((features, int(code in expected), "asked", part, item["class"], item["query"], code))
        if not expected:
            continue
        features, code = first_hit(engine, item["query"], hidden=expected)
        # the same name at another level, or for the same people, is no wrong answer: left out
        if features is not None and names.get(code) not in {names.get(c) for c in expected}:
            rows.append((features, int(code in expected), "hidden", part, item["class"], item["query"], code))
        if item["class"] in ("official", "no_tones", "iy_variant"):
            for variant in typo_variants(item["query"], rnd):
                features, code = first_hit(engine, variant)
                if features is not None:
                    rows.append((features, int(code in expected), "typo", part, item["class"], variant, code))
        else:  # everyday phrasing: the same with a word left out, as another citizen would say it less
            for variant in dropped_words(item["query"], rnd):
                features, code = first_hit(engine, variant)
                if features is not None:
                    rows.append((features, int(code in expected), "dropped", part, item["class"], variant, code))
            # and typed without tones, as on many phones: an untoned word meets every toned spelling,
            # so rival events come close and the features of a right answer look unlike the toned ones'
            untoned = fold(item["query"])
            if untoned != item["query"]:
                features, code = first_hit(engine, untoned)
                if features is not None:
                    rows.append((features, int(code in expected), "untoned", part, item["class"], untoned, code))
    return rows


@contextmanager
def no_model() -> Iterator[None]:
    """The engine without a fitted model while the examples are read (the features do not depend on
    it; the shown confidence must be the cover's): query.py is pointed at a model file that does not
    exist. The shipped confidence.json is never touched, so a run killed here leaves it in place."""
    saved = query.CONFIDENCE_FILE
    query.CONFIDENCE_FILE = HERE / "no-such-confidence.json"
    query.confidence_model.cache_clear()
    try:
        yield
    finally:
        query.CONFIDENCE_FILE = saved
        query.confidence_model.cache_clear()


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


def tuning_parts(queries: list[dict]) -> list[str]:
    """Every part of the evaluation whose name starts with "tune" (read while tuning), in order: a
    part added later (tune28…) is picked up without a change here. Held-out parts never."""
    return sorted({q.get("part", "tune") for q in queries if q.get("part", "tune").startswith("tune")})


# (features, 1 when right, origin, part, class[, text, first code]: kept for reading `--rows`)
Row = tuple  # type: ignore[type-arg]


class Fitted(NamedTuple):
    """A model fitted on some rows: the weights of FEATURES, and the intercept that puts the floor of
    "nothing fits" on the RIGHT_FLAGGED quantile of the right first hits of the tuning queries as asked."""

    weights: np.ndarray
    intercept: float


FLOOR_LOGIT = float(np.log(CONFIDENCE_FLOOR / (1 - CONFIDENCE_FLOOR)))  # the floor of "nothing fits" before the sigmoid


def feature_matrix(rows: list[Row]) -> np.ndarray:
    """One row per example, one column per FEATURES."""
    return np.array([[f[k] for k in FEATURES] for f, *_ in rows])


def fit_model(rows: list[Row], pick: np.ndarray, quantile: float = RIGHT_FLAGGED) -> Fitted:
    """Fit on the rows in `pick` the cover alone does not already flag (the model only matters there),
    each origin weighted by ORIGIN_WEIGHT; the threshold weighs every tuning part alike (the first
    part, mostly official names, would otherwise set it for the situations and stories)."""
    x = feature_matrix(rows)
    y = np.array([r[1] for r in rows], dtype=float)
    origin = np.array([r[2] for r in rows])
    part = np.array([r[3] for r in rows])
    passed = np.array([f[SHOWN] >= CONFIDENCE_FLOOR for f, *_ in rows])
    weight = np.array([ORIGIN_WEIGHT.get(o, 1.0) for o in origin])
    train = pick & passed & (weight > 0)
    weights, intercept = fit(x[train], y[train], weight[train])
    z = x @ weights + intercept
    right = pick & passed & (origin == "asked") & (y == 1)
    each = np.zeros(len(rows))
    for name in set(part[right]):
        each[right & (part == name)] = 1.0 / (right & (part == name)).sum()
    order = np.argsort(z[right])
    cumulative = np.cumsum(each[right][order]) / each[right].sum()
    threshold = float(z[right][order][min(len(order) - 1, int(np.searchsorted(cumulative, quantile)))])
    # shift so that the floor of "nothing fits" (0.6) falls on that threshold
    intercept += FLOOR_LOGIT - threshold
    return Fitted(weights, intercept)


def flags(rows: list[Row], model: Fitted | None) -> np.ndarray:
    """Whether "nothing fits" is said for each row's first hit: below the floor by its cover (as
    shown without a model), or by the model (which can only lower the cover confidence)."""
    cover = np.array([f[SHOWN] < CONFIDENCE_FLOOR for f, *_ in rows])
    if model is None:
        return cover
    x = feature_matrix(rows)
    return cover | (x @ model.weights + model.intercept < FLOOR_LOGIT)


def tally(rows: list[Row], flagged: np.ndarray, pick: np.ndarray) -> np.ndarray:
    """[wrong first flagged, wrong first, right first flagged, right first, no_match honest, no_match]
    over the queries as asked in `pick` (as run.py counts them)."""
    y = np.array([r[1] for r in rows])
    asked = pick & np.array([r[2] == "asked" for r in rows])
    no_match = asked & np.array([r[4] == "no_match" for r in rows])
    wrong, right = asked & (y == 0) & ~no_match, asked & (y == 1)
    return np.array([flagged[s].sum() if k else s.sum() for s in (wrong, right, no_match) for k in (1, 0)])


def line(name: str, t: np.ndarray) -> str:
    return (
        f"{name:<12} wrong first {t[0]:>3}/{t[1]:<3} ({t[0] / max(1, t[1]):>4.0%})"
        f"  right first {t[2]:>3}/{t[3]:<3} ({t[2] / max(1, t[3]):>5.1%})  no_match honest {t[4]}/{t[5]}"
    )


def cross_validate(
    rows: list[Row], parts: list[str], quantile: float = RIGHT_FLAGGED, quiet: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Leave one tuning part out: fit on the others, count on it. Prints each part with the cover
    alone and with the model; returns the pooled tallies (cover alone, model)."""
    part = np.array([r[3] for r in rows])
    alone, model = np.zeros(6, dtype=int), np.zeros(6, dtype=int)
    for name in parts:
        out = part == name
        if len(parts) < 2:
            break
        fitted = fit_model(rows, ~out, quantile)
        a, m = tally(rows, flags(rows, None), out), tally(rows, flags(rows, fitted), out)
        if not quiet:
            print(line(name, a), "| cover alone")
            print(line("", m), "| model fitted on the other parts")
        alone, model = alone + a, model + m
    if quiet:
        return alone, model
    print(line("pooled", alone), "| cover alone")
    print(line("", model), "| model, each part left out")
    return alone, model


def choose_quantile(tallies: dict[float, np.ndarray], alone: np.ndarray) -> float:
    """The share of right first answers the floor is set on (QUANTILES), chosen by cross-validation:
    the most wrong first answers flagged less right ones flagged (each as a share, pooled over the
    parts left out), among the shares that flag at most CV_RIGHT_FLAGGED of the right ones and
    answer no_match as honestly as the cover alone; the smallest on a tie. RIGHT_FLAGGED when none
    qualifies."""
    best, chosen = -1.0, RIGHT_FLAGGED
    for quantile in sorted(tallies):
        t = tallies[quantile]
        if t[2] > CV_RIGHT_FLAGGED * t[3] or t[4] < alone[4]:
            continue
        gain = t[0] / max(1, t[1]) - t[2] / max(1, t[3])
        if gain > best + 1e-12:
            best, chosen = gain, quantile
    return chosen


def meets_targets(t: np.ndarray) -> bool:
    """ "Nothing fits" on at least 60 % of the wrong first answers, on at most CV_RIGHT_FLAGGED of the
    right ones, no_match answered honestly at least 80 %, pooled over the parts left out."""
    return t[0] >= 0.6 * t[1] and t[2] <= CV_RIGHT_FLAGGED * t[3] and t[4] >= 0.8 * t[5]


def improves(alone: np.ndarray, model: np.ndarray) -> bool:
    """Short of the targets, the model is still worth showing when, pooled over the parts left out,
    it says "nothing fits" on at least GAIN more of the wrong first answers than the cover alone, on at
    most CV_RIGHT_FLAGGED of the right ones, and answers no_match queries as honestly."""
    share = model[0] / max(1, model[1]) - alone[0] / max(1, alone[1])
    return share >= GAIN and model[2] <= CV_RIGHT_FLAGGED * model[3] and model[4] >= alone[4]


def with_features(extra: str) -> tuple[str, ...]:
    """FEATURES and the comma-separated names in `extra` not among them yet (`--with`)."""
    return FEATURES + tuple(k for k in dict.fromkeys(filter(None, extra.split(","))) if k not in FEATURES)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dry-run", action="store_true", help="print the fit, do not write confidence.json")
    parser.add_argument(
        "--force", action="store_true", help="write confidence.json even when the cross-validation misses the targets"
    )
    parser.add_argument("--rows", type=Path, help="read the examples from this pickle, or write them there (iterating)")
    parser.add_argument(
        "--with",
        dest="extra",
        default="",
        help="comma-separated features of query.confidence_features to add to FEATURES for a trial (implies --dry-run)",
    )
    args = parser.parse_args()
    if args.extra:  # a trial: the cross-validation of FEATURES and these, nothing written
        global FEATURES
        FEATURES = with_features(args.extra)
        args.dry_run = True
    queries = load_queries()
    parts = tuning_parts(queries)
    queries = [q for q in queries if q.get("part", "tune") in parts]  # never a held-out part
    if args.rows is not None and args.rows.exists():
        rows = pickle.loads(args.rows.read_bytes())
    else:
        with no_model():
            engine = MemoryEngine(load_documents(), "calibrate")
            rows = examples(engine, queries)
        if args.rows is not None:
            args.rows.write_bytes(pickle.dumps(rows))
    print(f"{len(rows)} examples from {len(queries)} queries of the tuning parts {', '.join(parts)}")
    # the operating point: each share of the right first answers tried, cross-validated
    tallies = {}
    for quantile in QUANTILES:
        alone, tallies[quantile] = cross_validate(rows, parts, quantile, quiet=True)
        print(line(f"q {quantile:.0%}", tallies[quantile]), "| model, each part left out")
    quantile = choose_quantile(tallies, alone)
    print(f"chosen: the floor on {quantile:.0%} of the right first answers")
    alone, crossed = cross_validate(rows, parts, quantile)
    fitted = fit_model(rows, np.ones(len(rows), dtype=bool), quantile)
    origin = np.array([r[2] for r in rows])
    y = np.array([r[1] for r in rows])
    flagged, cover = flags(rows, fitted), flags(rows, None)
    for kind in ("asked", "hidden", "typo", "dropped", "untoned"):
        pick = origin == kind
        right, wrong = pick & (y == 1), pick & (y == 0)
        print(
            f"fitted on all, {kind:<7} wrong first {int(wrong.sum()):>4}, flagged {share(flagged, wrong)}"
            f" | right first {int(right.sum()):>4}, flagged {share(flagged, right)}"
            f" (cover alone: {share(cover, wrong)} / {share(cover, right)})"
        )
    model = {
        "fitted_on": f"tests/search_eval/queries.jsonl parts {', '.join(parts)} (asked, hidden expected,"
        " one-typo, word-dropped and untoned variants)",
        "floor": CONFIDENCE_FLOOR,
        "right_flagged": quantile,
        "weights": {k: round(float(v), 4) for k, v in zip(FEATURES, fitted.weights, strict=True)},
        "intercept": round(fitted.intercept, 4),
    }
    print(json.dumps(model, ensure_ascii=False, indent=2))
    # shipped only when it generalises (each tuning part left out) and does better than the cover alone
    good = meets_targets(crossed) and crossed[0] > alone[0]
    print("targets met in cross-validation" if good else "targets NOT met in cross-validation")
    if not good and improves(alone, crossed):
        good = True
        print("but the model improves on the cover alone within the right answers' budget")
    if not good:
        print("not written")
    if not args.dry_run and (good or args.force):
        CONFIDENCE_FILE.write_text(json.dumps(model, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"written {CONFIDENCE_FILE}")


def share(flags: np.ndarray, pick: np.ndarray) -> str:
    return f"{flags[pick].mean():.0%}" if pick.any() else "-"


if __name__ == "__main__":
    main()
