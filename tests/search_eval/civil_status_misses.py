"""Why the TUNING parts' civil-status queries miss, and how brittle their right answers are (pass ht35).

    .venv/bin/python tests/search_eval/civil_status_misses.py [classify|robust] [--quiet]

Reads only the parts named `tune*` (never `test` or `holdout*`): the queries whose expected procedure
is of the field "Hộ tịch" (the catalogue's field per code, catalogue_large.jsonl.xz).

* classify: each miss at top-1 as one of
  - flagged_nothing_fits: the right answer first, but the confidence says "nothing fits";
  - sibling: a special (foreign, border, mobile, joined) sibling of the right one first, or the reverse
    (NameIndex family: the same words once the cases are taken out);
  - event_right_other_step: the event shown holds the right procedure, another of its steps first;
  - wrong_event_leads: an event without the right procedure leads;
  - names_led_wrong: no event leads and the names' first answer is wrong;
  with "+names_right_overruled" when an event led and the names alone would have been right.
* robust: every everyday query answered right, again with one word left out (up to six, as
  calibrate.dropped_words, seeded by the query), written without tones, and with one everyday word
  replaced by another of the same sense (`SUBSTITUTES`); per event (or the names) how many variants
  lose the right first answer, and each loss classified as above.
"""

from __future__ import annotations

import json
import lzma
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

import tthc.search.query as ranking  # noqa: E402
from tests.search_eval.calibrate import dropped_words  # noqa: E402
from tests.search_eval.run import load_documents, load_queries  # noqa: E402
from tthc.search.events import shipped_events  # noqa: E402
from tthc.search.memory import MemoryEngine  # noqa: E402
from tthc.search.query import SearchQuery  # noqa: E402
from tthc.text import fold  # noqa: E402

FIELD = "Hộ tịch"
ASKED_AS_NAMED = ("official", "no_tones", "iy_variant")
# everyday words of the same sense in civil-status stories (each replaces the first whole match)
SUBSTITUTES = [
    ("mất", "qua đời"),
    ("qua đời", "mất"),
    ("từ trần", "mất"),
    ("chết", "mất"),
    ("mới sinh", "mới đẻ"),
    ("cưới", "lấy"),
    ("lấy vợ", "cưới vợ"),
    ("lấy chồng", "cưới chồng"),
    ("kết hôn", "cưới"),
    ("bố", "ba"),
    ("ba", "bố"),
    ("cha", "ba"),
    ("mẹ", "má"),
    ("bé", "con"),
    ("cháu", "bé"),
    ("giấy khai sinh", "giấy khai sanh"),
    ("vợ", "bà xã"),
    ("chồng", "ông xã"),
    ("nước ngoài", "ngoại quốc"),
    ("người Hàn", "người Nhật"),
    ("Hàn Quốc", "Nhật Bản"),
    ("bên Mỹ", "bên Úc"),
    ("Úc", "Canada"),
    ("Campuchia", "Lào"),
    ("giấy tờ", "giấy"),
    ("ủy ban", "phường"),
    ("sửa", "đính chính"),
    ("sai", "nhầm"),
    ("đổi tên", "thay tên"),
]


class Study:
    def __init__(self) -> None:
        with lzma.open(HERE / "catalogue_large.jsonl.xz", "rt", encoding="utf-8") as handle:
            self.field = {r["code"]: r["field"] for r in (json.loads(line) for line in handle if line.strip())}
        self.engine = MemoryEngine(load_documents(), "eval")
        self.steps = {e.slug: {c for s in e.steps for c in s.codes} for e in shipped_events()}

    def run(self, text: str):
        return self.engine.search(SearchQuery(text, per_page=5).normalized())

    def names_first(self, text: str) -> str:
        """The names' own first answer (no event considered)."""
        best = ranking._best_event
        ranking._best_event = lambda *_a, **_k: (None, [], 0.0, None)  # type: ignore[assignment]
        try:
            hits = self.run(text).hits
        finally:
            ranking._best_event = best  # type: ignore[assignment]
        return hits[0]["code"] if hits else ""

    def family(self, code: str):
        index = self.engine.names
        doc = index.code_docs.get(code)
        return None if doc is None else index._family_key(doc)

    def classify(self, expected: set[str], result, text: str) -> tuple[str, str | None]:
        codes = [h["code"] for h in result.hits]
        if codes and codes[0] in expected:
            return ("flagged_nothing_fits" if result.nothing_fits else "ok"), None
        event = result.hits[0].get("event") if result.hits else None
        first = codes[0] if codes else ""
        if first and any(self.family(first) == self.family(c) for c in expected):
            kind = "sibling"
        elif event:
            kind = "event_right_other_step" if expected & self.steps.get(event, set()) else "wrong_event_leads"
        else:
            kind = "names_led_wrong"
        if event and self.names_first(text) in expected:
            kind += "+names_right_overruled"
        return kind, event


def variants(text: str) -> list[tuple[str, str]]:
    out = [("drop", v) for v in dropped_words(text, random.Random(text), most=6)]
    out.append(("untoned", fold(text)))
    for old, new in SUBSTITUTES:
        pattern = r"(?<!\w)" + re.escape(old) + r"(?!\w)"
        if re.search(pattern, text, flags=re.I):
            out.append(("same sense", re.sub(pattern, new, text, count=1, flags=re.I)))
    return out


def main() -> None:
    mode = sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else "classify"
    quiet = "--quiet" in sys.argv
    study = Study()
    queries = [
        q
        for q in load_queries()
        if q.get("part", "tune").startswith("tune")
        and q["class"] != "no_match"
        and any(study.field.get(c) == FIELD for c in q["expected"])
    ]
    tally: Counter = Counter()
    if mode == "classify":
        for q in queries:
            result = study.run(q["query"])
            kind, event = study.classify(set(q["expected"]), result, q["query"])
            tally[("named" if q["class"] in ASKED_AS_NAMED else "everyday", kind)] += 1
            if kind != "ok" and not quiet:
                print(f"[{kind}] ({q['part']}, {q['class']}) {q['query']} -> {q['expected']} event={event}")
                for hit in result.hits[:3]:
                    print("     ", hit["code"], hit["confidence"], hit.get("event"), hit["name"][:90])
        for key, count in sorted(tally.items()):
            print(*key, count)
        return
    per_event: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    losses = []
    for q in queries:
        if q["class"] in ASKED_AS_NAMED:
            continue
        expected = set(q["expected"])
        result = study.run(q["query"])
        if not (result.hits and result.hits[0]["code"] in expected and not result.nothing_fits):
            continue
        event = result.hits[0].get("event") or "(names)"
        for how, text in variants(q["query"]):
            kind, shown = study.classify(expected, study.run(text), text)
            per_event[event][0] += 1
            per_event[event][1] += kind != "ok"
            if kind != "ok":
                tally[kind] += 1
                losses.append((event, kind, how, q["query"], text, shown))
    for event, (count, lost) in sorted(per_event.items(), key=lambda kv: -kv[1][1]):
        print(f"{event:30s} variants {count:4d} lost {lost:3d}")
    print("all", sum(v[0] for v in per_event.values()), "lost", sum(v[1] for v in per_event.values()))
    for kind, count in tally.most_common():
        print(f"  {kind}: {count}")
    if not quiet:
        for loss in losses:
            print(loss)


if __name__ == "__main__":
    main()
