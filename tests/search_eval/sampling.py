"""The draw of procedures that sample35f.py, sample35i.py and sample35m.py share: the catalogue's
procedures of some fields, one group per procedure (names that differ only by what `level` strips,
merged), groups only officials file dropped (applicants all "Cán bộ, công chức, viên chức"; groups
with no applicants given kept or not), and those whose merged name holds one of `skip_words`; the
rest, each group its sorted codes, sorted and shuffled with `random.Random(seed)`."""

from __future__ import annotations

import json
import lzma
import random
import re
from pathlib import Path

CATALOGUE = Path(__file__).with_name("catalogue_large.jsonl.xz")
OFFICIALS = {"Cán bộ", "công chức", "viên chức"}


def draw(
    fields: set[str], level: re.Pattern[str], skip_words: tuple[str, ...], seed: int, keep_without_applicants: bool
) -> tuple[list[dict], dict[str, list[dict]], list[list[str]]]:
    """(the fields' rows, the groups by merged name, the kept groups' codes in the drawn order)."""
    with lzma.open(CATALOGUE, "rt", encoding="utf-8") as fh:
        rows = [r for r in (json.loads(line) for line in fh) if r["field"] in fields]
    groups: dict[str, list[dict]] = {}
    for r in rows:
        groups.setdefault(level.sub("", " ".join(r["name"].split())).strip(" .").lower(), []).append(r)
    kept = []
    for k, g in groups.items():
        applicants = {a.strip() for r in g for a in (r.get("applicants") or "").split(",") if a.strip()}
        if (not applicants and not keep_without_applicants) or (applicants and applicants <= OFFICIALS):
            continue
        if any(w in k for w in skip_words):
            continue
        kept.append(sorted(r["code"] for r in g))
    kept.sort()
    random.Random(seed).shuffle(kept)
    return rows, groups, kept
