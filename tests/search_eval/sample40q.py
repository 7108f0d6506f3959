"""Sample the procedures of the tune40q/holdout40q pair (see run.py's docstring).

Situations of citizens and small businesses, across the whole catalogue: one group per procedure
(`sampling.merged_name`), all its codes at every level; left out the fields and names no citizen and
no small business files (NO_CITIZEN_FIELDS, NO_CITIZEN_WORDS) and the groups only officials file
(applicants all "Cán bộ, công chức, viên chức"). The groups are sorted by first code and shuffled
with random.Random(4042); going down that order to the 156th, 37 a citizen or a small business really
files (nobody types about an agency's own reporting, a ministry's licence of an inspection body...)
got ONE question each (as a citizen asks: where, how long, which papers, can I...), split alternately
into tune40q and holdout40q (some groups widened to their siblings at other levels or regions).
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
random.Random(4042).shuffle(kept)
_by_code = {r["code"]: r for r in rows}
# the indices written up, in writing order
KEPT = (3, 4, 6, 15, 30, 32, 39, 44, 45, 51, 52, 55, 56, 60, 63, 64, 67, 70, 72, 74, 75, 86, 96, 106)
KEPT += (110, 116, 118, 121, 122, 131, 135, 138, 146, 148, 156, 36, 155)

if __name__ == "__main__":
    print(len(groups), "groups,", len(kept), "kept")
    for i, g in enumerate(kept[:300]):
        r = _by_code[g[0]]
        print(i, g, r["field"][:16], "|", (r.get("applicants") or "")[:30], "|", r["name"][:170])
