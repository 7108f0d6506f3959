"""How the catalogue's names extend their family's general member (pass qual38).

Derived from the catalogue alone, never from queries. A family is the set of names sharing
sample36g.py's `family_key` (the merged name without its leading actions, cut at the first
restriction clause, without applicant words), and a family whose key extends a shorter family's
key word by word joins that shorter family ("kết hôn có yếu tố nước ngoài" joins "kết hôn",
"khai tử lưu động" joins "khai tử"): the restriction cut misses a qualifier no clause word
opens. Every field counts (banking, customs… too: the rank of authority and the sector words
recur there). In each family of two names or more, the general member is the shortest name
without its leading actions; every other member's words are compared with it
(`difflib.SequenceMatcher` on words) and each run of words the member adds or puts in place of
the general member's is one extension ("đối với người nước ngoài", "lưu động", "tại khu vực biên
giới"). An extension counts once per family. Printed: the families and members read, the top
extensions by the number of families holding them, and the top extension heads — the first two
words then "…" ("đối với …", "trường hợp …"), the kinds of restriction.

    PYTHONPATH=$PWD .venv/bin/python tests/search_eval/families38.py [--top N] [--show PHRASE]

`--show PHRASE` lists the families (general member → special member) where an extension holds
PHRASE: how the catalogue uses it, to tell a special case (a group of people, a place, a sector,
a rank of authority) from the procedure's very subject.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

from sample36g import LEADING_ACTIONS, family_key  # this folder is on the path when run
from sampling import catalogue_rows, merged_name

QUALIFIERS = json.loads((Path(__file__).parents[2] / "tthc" / "search" / "qualifiers.json").read_text(encoding="utf-8"))
CLAUSE_WORDS = set("đối với trường hợp cho tại do trong của theo khi ở và hoặc các".split())


def body(name: str) -> str:
    """The merged name without its leading actions: what a member says beyond what it does."""
    return LEADING_ACTIONS.sub("", merged_name(name)).strip(" ,.-")


def families() -> dict[str, set[str]]:
    """Family key → bodies (names without leading actions), joined with the head families: a body
    that keeps every word of a shorter body (two words or more, same first word) in order, adding
    at most two runs of words, joins that body's family ("kết hôn có yếu tố nước ngoài" joins
    "kết hôn", "khai tử lưu động" joins "khai tử"): the restriction cut misses a qualifier no
    clause word opens."""
    rows = catalogue_rows()
    out: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        out[family_key(r["name"])].add(body(r["name"]))
    bodies = sorted({body(r["name"]) for r in rows}, key=lambda b: (len(b.split()), b))
    by_first: dict[str, list[str]] = defaultdict(list)
    for b in bodies:
        by_first[b.split()[0] if b else ""].append(b)
    for b in bodies:
        n = len(b.split())
        for general in reversed(by_first[b.split()[0] if b else ""]):
            g = len(general.split())
            if g >= n or g < 2 or not set(general.split()) <= set(b.split()):
                continue
            runs = extensions(general, b)
            if runs is not None and len(runs) <= 2:
                out["^" + general].update({general, b})
                break
    return {k: v for k, v in out.items() if len(v) >= 2 and len(k) >= 6}


def extensions(general: str, member: str) -> list[str] | None:
    """The runs of words the member adds to the general member, when it keeps every one of the
    general member's words in order (None otherwise: the two differ by more than an addition)."""
    a, b = general.replace(",", " ,").split(), member.replace(",", " ,").split()
    runs = []
    for tag, _i1, _i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag in ("delete", "replace"):
            return None
        if tag == "insert":
            run = " ".join(b[j1:j2]).replace(" ,", ",").strip(" ,")
            if run:
                runs.append(run)
    return runs


def ngrams(run: str) -> set[str]:
    """The phrases of two to four words inside an extension (no comma inside, none opening or
    closing on a bare clause word): "tại khu vực biên giới" counts "khu vực biên giới" too."""
    out = set()
    for part in run.split(","):
        words = part.split()
        for n in (2, 3, 4):
            for i in range(len(words) - n + 1):
                g = words[i : i + n]
                if g[-1] not in CLAUSE_WORDS:
                    out.add(" ".join(g))
    return out


def qualified(phrase: str) -> bool:
    """Whether qualifiers.json already names the phrase (or a part of it) as a special case."""
    text = f" {re.sub(r'[,()]', ' ', phrase)} "
    return any(f" {n} " in text for q in QUALIFIERS["qualifiers"] for n in q["qualifier"])


def table() -> tuple[Counter, Counter, Counter, dict[str, list[tuple[str, str]]], int, int]:
    """(extension → families, head → families, phrase inside → families, extension → (general,
    member) pairs, families, names).
    A member's general member is the longest shorter member of its family whose words it keeps."""
    phrases: Counter = Counter()
    heads: Counter = Counter()
    grams: Counter = Counter()
    where: dict[str, list[tuple[str, str]]] = defaultdict(list)
    fams = families()
    for names in fams.values():
        bodies = sorted(names, key=lambda b: (len(b.split()), b))
        seen: set[str] = set()
        for k, member in enumerate(bodies):
            for general in reversed(bodies[:k]):
                if len(general.split()) >= len(member.split()):
                    continue
                runs = extensions(general, member)
                if runs is None:
                    continue
                for run in runs:
                    where[run].append((general, member))
                    seen.add(run)
                break
        phrases.update(seen)
        heads.update({" ".join(s.split()[:2]) + (" …" if len(s.split()) > 2 else "") for s in seen})
        grams.update({g for s in seen for g in ngrams(s)})
    return phrases, heads, grams, where, len(fams), sum(len(v) for v in fams.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=60)
    parser.add_argument("--show", default="")
    args = parser.parse_args()
    phrases, heads, grams, where, n_fams, n_names = table()
    if args.show:
        for run, pairs in sorted(where.items()):
            if args.show in run:
                for general, member in pairs:
                    print(f"[{run}]  {general[:80]}  →  {member[:140]}")
        return
    print(f"{n_fams} families of two names or more, {n_names} names")
    print("\n== extensions (families holding them; * = qualifiers.json has it)")
    for run, n in phrases.most_common(args.top):
        print(f"{n:4}  {'*' if qualified(run) else ' '} {run}")
    print("\n== phrases of 2-4 words inside extensions (families holding them; * = qualifiers.json has it)")
    for gram, n in grams.most_common(args.top):
        print(f"{n:4}  {'*' if qualified(gram) else ' '} {gram}")
    print("\n== extension heads (families holding them)")
    for head, n in heads.most_common(args.top):
        print(f"{n:4}  {head}")


if __name__ == "__main__":
    main()
