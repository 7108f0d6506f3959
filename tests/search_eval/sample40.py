"""Sample the procedures of the tune40s/holdout40s pair (see run.py's docstring).

Situations of citizens and small businesses, across the whole catalogue: one group per procedure
(`sampling.merged_name`), all its codes at every level; left out the fields and names no citizen and
no small business files (NO_CITIZEN_FIELDS, NO_CITIZEN_WORDS) and the groups only officials file
(applicants all "Cán bộ, công chức, viên chức"). The groups are sorted by first code and shuffled
with random.Random(4040); going down that order, the first ~60 a citizen or a small business really
files (nobody types about an agency's own reporting, a ministry's licence of an inspection body...)
got ONE situation query each (what happened, no word of the procedure's name), split alternately
into tune40s and holdout40s.
"""

import random

from sampling import NO_CITIZEN_FIELDS, NO_CITIZEN_WORDS, OFFICIALS, catalogue_rows, merged_name  # run as a script

rows = [r for r in catalogue_rows() if r["field"] not in NO_CITIZEN_FIELDS]
groups: dict[str, list[dict]] = {}
for r in rows:
    groups.setdefault(merged_name(r["name"]), []).append(r)
kept = []
for k, g in groups.items():
    applicants = {a.strip() for r in g for a in (r.get("applicants") or "").split(",") if a.strip()}
    if applicants and applicants <= OFFICIALS:
        continue
    if any(w in k for w in NO_CITIZEN_WORDS):
        continue
    kept.append(sorted(r["code"] for r in g))
kept.sort()
random.Random(4040).shuffle(kept)
_by_code = {r["code"]: r for r in rows}
# the indices written up, in writing order (some groups widened to their siblings at other levels or
# modes: the two authorities of a logging plan, the online and desk return of a plate...)
KEPT = (2, 8, 9, 13, 15, 17, 24, 27, 33, 36, 43, 44, 50, 53, 54, 56, 60, 62, 63, 64, 67, 77, 82, 87, 88, 90, 94, 96)
KEPT += (97, 98, 107, 108, 111, 114, 119, 121, 125, 127, 128, 133, 136, 137, 141, 143, 147, 149, 156, 196, 197)
KEPT += (206, 208, 218, 228, 242, 256, 284, 287, 226, 265)

if __name__ == "__main__":
    print(len(groups), "groups,", len(kept), "kept")
    for i, g in enumerate(kept[:300]):
        r = _by_code[g[0]]
        print(i, g, r["field"][:16], "|", (r.get("applicants") or "")[:30], "|", r["name"][:170])
