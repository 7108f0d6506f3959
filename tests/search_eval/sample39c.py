"""Sample the procedures of the tune39c/holdout39c pair (see run.py's docstring).

Citizens' procedures at commune or district level: the catalogue's records whose `levels` hold
`xa` (the commune, since 2025 also what the districts did), or whose agency or name says a commune,
ward or district office ("xã", "phường", "thị trấn", "huyện"), and whose applicants hold "Công dân
Việt Nam" (or, without applicants, whose field is a citizen one). Fields and names no citizen files
are left out (SKIP_FIELDS, SKIP_WORDS, as sample36s.py). One group per merged name
(`sampling.merged_name`: a leading "Thủ tục" or a level in brackets dropped), each group all the
codes of that name at every level (also the provincial or central ones), sorted by first code and
shuffled with random.Random(39). In that order the first ~60 a citizen really files were written up,
ONE query each, split alternately into tune39c and holdout39c.
"""

import random
import re

from sampling import NO_CITIZEN_FIELDS, catalogue_rows, merged_name  # run as a script: this folder is on the path

SKIP_FIELDS = NO_CITIZEN_FIELDS
SKIP_WORDS = ("tàu biển", "dầu khí", "ngân sách nhà nước", "chứng khoán", "cán bộ, công chức")
CITIZEN_FIELDS = ("Hộ tịch", "Cư trú", "Người có công", "Bảo trợ xã hội", "Chứng thực", "Đất đai", "Việc làm")
LOCAL = re.compile(r"\b(xã|phường|thị trấn|huyện)\b", re.IGNORECASE)


def _local(r: dict) -> bool:
    return "xa" in (r.get("levels") or []) or r.get("level") == "xa" or bool(LOCAL.search(r.get("agency") or ""))


def _citizen(r: dict) -> bool:
    applicants = r.get("applicants") or ""
    if applicants.strip():
        return "Công dân Việt Nam" in applicants
    return any(f.lower() in r["field"].lower() for f in CITIZEN_FIELDS)


rows = [r for r in catalogue_rows() if r["field"] not in SKIP_FIELDS]
groups: dict[str, list[dict]] = {}
for r in rows:
    groups.setdefault(merged_name(r["name"]), []).append(r)
kept = sorted(
    sorted(r["code"] for r in g)
    for k, g in groups.items()
    if not any(w in k for w in SKIP_WORDS) and any(_local(r) and _citizen(r) for r in g)
)
random.Random(39).shuffle(kept)
_by_code = {r["code"]: r for r in rows}

if __name__ == "__main__":
    print(len(groups), "groups,", len(kept), "kept")
    for i, g in enumerate(kept[:200]):
        r = _by_code[g[0]]
        print(i, g, r["field"][:16], "|", r["agency"][:30], "|", r["name"][:170])
