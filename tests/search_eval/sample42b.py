"""Sample the sibling families of the tune42b/holdout42b pair (see run.py's docstring).

Siblings are catalogue names that act on the same thing and differ by the action ("Cấp lại …",
"Cấp đổi …", "Gia hạn …", "Chấm dứt …", "Dừng thực hiện …", "Điều chỉnh …") or by a qualifier
after a shared head ("… tại khu vực biên giới", "… trong nước / ở nước ngoài", "nội địa / quốc
tế", "lần đầu"). A name's object is what follows its leading action words (sample41a.py's
`split_action`); its family key is the first five words of that object, so names differing by
their action and names sharing a head but differing by a tail both meet. Whole catalogue less
`sampling.NO_CITIZEN_FIELDS` and `sampling.NO_CITIZEN_WORDS`; names grouped by merged name (all
their codes at every level); families of 2 to 10 merged names kept, those only officials file
dropped; sorted and shuffled with random.Random(4242), and in each family ONE member drawn with
the same generator (so the wanted sibling is the plain one only as often as chance makes it).
Going down that order the writer skipped the families no citizen or small business files about
and wrote one query for the drawn member of each of the first ~50 others, as typed on a phone,
telling that sibling by an everyday cue (lost, worn out, expired, first time, moving, stopping,
going abroad, a tour inside the country…), rarely by the name's own action word.

    PYTHONPATH=$PWD .venv/bin/python tests/search_eval/sample42b.py [COUNT]
"""

from __future__ import annotations

import random
import sys

from sample41a import split_action  # this folder is on the path when run
from sampling import NO_CITIZEN_FIELDS, NO_CITIZEN_WORDS, catalogue_rows, merged_name, officials_only

SEED = 4242
HEAD_WORDS = 5


def families(seed: int = SEED) -> tuple[dict[str, dict], list[tuple[str, dict[str, list[str]], str]]]:
    """(rows by code, kept families in drawn order: key, {merged name: codes}, drawn member)."""
    rows = [r for r in catalogue_rows() if r["field"] not in NO_CITIZEN_FIELDS]
    names: dict[str, list[dict]] = {}
    for r in rows:
        names.setdefault(merged_name(r["name"]), []).append(r)
    by_key: dict[str, dict[str, list[dict]]] = {}
    for name, group in names.items():
        if any(w in name for w in NO_CITIZEN_WORDS):
            continue
        thing = split_action(name)[1]
        key = " ".join(thing.lower().split()[:HEAD_WORDS])
        if len(key) >= 6:
            by_key.setdefault(key, {})[name] = group
    kept = []
    for key, members in by_key.items():
        if not 2 <= len(members) <= 10:
            continue
        if officials_only(r for g in members.values() for r in g):
            continue
        kept.append((key, {m: sorted(r["code"] for r in g) for m, g in sorted(members.items())}))
    kept.sort()
    rng = random.Random(seed)
    rng.shuffle(kept)
    return {r["code"]: r for r in rows}, [(k, m, rng.choice(sorted(m))) for k, m in kept]


if __name__ == "__main__":
    by_code, kept = families()
    print(len(kept), "families")
    for i, (key, members, wanted) in enumerate(kept[: int(sys.argv[1]) if len(sys.argv) > 1 else 90]):
        print(i, "==", key)
        for m, codes in members.items():
            mark = "=>" if m == wanted else "  "
            print("  ", mark, codes, "|", by_code[codes[0]]["field"][:18], "|", m[:170])
