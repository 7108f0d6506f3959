"""Sample the procedures of the tune40c/holdout40c pair (see run.py's docstring).

The whole catalogue less the fields and names no citizen and no small business files about
(`sampling.NO_CITIZEN_FIELDS`, `sampling.NO_CITIZEN_WORDS`), one group per merged name
(`sampling.merged_name`), each group all the codes of that name at every level, sorted by first
code and shuffled with random.Random(4041). Going down that order the writer skipped what only an
official or a large firm files and wrote ONE colloquial query for each of the first ~40 others: the
thing named in everyday, regional or abbreviated words ("sổ hồng", "cà vẹt", "bên thuế"), not the
official term, split alternately into tune40c and holdout40c.

    PYTHONPATH=$PWD .venv/bin/python tests/search_eval/sample40c.py [--n N]
"""

from __future__ import annotations

import argparse
import random

from sampling import NO_CITIZEN_FIELDS, NO_CITIZEN_WORDS, catalogue_rows, merged_name  # this folder is on the path


def drawn() -> tuple[dict[str, dict], list[list[str]]]:
    """(rows by code, the kept groups' codes in drawn order)."""
    rows = [r for r in catalogue_rows() if r["field"] not in NO_CITIZEN_FIELDS]
    groups: dict[str, list[dict]] = {}
    for r in rows:
        groups.setdefault(merged_name(r["name"]), []).append(r)
    kept = sorted(sorted(r["code"] for r in g) for k, g in groups.items() if not any(w in k for w in NO_CITIZEN_WORDS))
    random.Random(4041).shuffle(kept)
    return {r["code"]: r for r in rows}, kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=120)
    args = parser.parse_args()
    by_code, kept = drawn()
    print(len(kept), "groups kept")
    for i, g in enumerate(kept[: args.n]):
        r = by_code[g[0]]
        print(i, g, r["field"][:20], "|", r["name"][:170])


if __name__ == "__main__":
    main()
