"""Sample the families of the tune39g/holdout39g pair (see run.py's docstring).

The families are families38.py's (sample36g's `family_key` joined with head families: a name
keeping every word of a shorter name, same first word, in order, adding at most two runs of
words). Families whose every applicant is an official, or whose key or field names banking,
securities, aviation, customs, seaports, public debt, foreign exchange, the treasury, minerals or
oil and gas (sample36g's SKIP_WORDS and SKIP_FIELDS), are dropped; the rest are sorted and
shuffled with `random.Random(3903)`. Going down that order the writer kept the families a citizen
or a small business meets and wrote one query for each, alternately wanting the general member
and a special member named in other words than the name's.

    PYTHONPATH=$PWD .venv/bin/python tests/search_eval/sample39g.py [--n N]
"""

from __future__ import annotations

import argparse
import random
from collections import defaultdict

from families38 import body, families  # this folder is on the path when run
from sample36g import SKIP_FIELDS, SKIP_WORDS
from sampling import catalogue_rows, merged_name, officials_only


def drawn(seed: int = 3903) -> list[tuple[str, dict[str, list[dict]]]]:
    """The kept families in drawn order (shuffled with `seed`): key and {merged name: rows}."""
    rows = catalogue_rows()
    by_body: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_body[body(r["name"])].append(r)
    kept = []
    for key, bodies in families().items():
        members: dict[str, list[dict]] = defaultdict(list)
        for b in bodies:
            for r in by_body.get(b, []):
                members[merged_name(r["name"])].append(r)
        group = [r for g in members.values() for r in g]
        if len(members) < 2 or any(w in key for w in SKIP_WORDS):
            continue
        if any(any(w in r["field"].lower() for w in SKIP_FIELDS) for r in group):
            continue
        if officials_only(group):
            continue
        kept.append((key, dict(sorted(members.items()))))
    kept.sort(key=lambda kv: kv[0])
    random.Random(seed).shuffle(kept)
    return kept


def main(seed: int = 3903, description: str = __doc__ or "") -> None:
    """Print the first --n families drawn with `seed`."""
    parser = argparse.ArgumentParser(description=description.splitlines()[0])
    parser.add_argument("--n", type=int, default=90)
    args = parser.parse_args()
    kept = drawn(seed)
    print(len(kept), "families")
    for i, (key, members) in enumerate(kept[: args.n]):
        print(i, "==", key)
        for m, group in members.items():
            codes = sorted(r["code"] for r in group)
            print("    ", codes, "|", group[0]["field"][:20], "|", m[:200])


if __name__ == "__main__":
    main()
