"""Sample the procedures of the tune35l/holdout35l pair (see run.py's docstring).

The procedures of land ("Đất đai") and attestation ("Chứng thực") a household or a citizen files,
plus the land-related ones of housing ("Nhà ở và công sở"), building permits ("Hoạt động xây
dựng") and the mortgage of a land use right a household meets; one group per procedure (codes of
the same procedure at other levels together). Procedures only organisations, investors or state
bodies file (projects, land for investors, encroachment on the sea, public-housing programmes,
official housing, practising certificates, foreign contractors) are not listed. The groups are
sorted by first code and shuffled with random.Random(354); the first 40 are written up, split
alternately within each class of query into tune35l and holdout35l.
"""

import random

from sampling import catalogue_rows  # this folder is on the path when run

rows = {r["code"]: r for r in catalogue_rows()}
GROUPS = [
    # land (Đất đai)
    ["1.013967", "1.012805", "1.012751"],  # tranh chấp đất đai (xã, tỉnh, Bộ)
    ["1.012812"],
    ["1.012781"],
    ["1.012782"],
    ["1.012817"],
    ["1.012783"],
    ["1.012784"],
    ["1.012785"],
    ["1.012786"],
    ["1.012790", "1.012796"],
    ["1.012791", "1.012818"],
    ["1.013831"],
    ["1.013833"],
    ["1.013947"],
    ["1.013949", "1.013823"],
    ["1.013950", "1.013825"],
    ["1.013953", "1.013827"],
    ["1.013962"],
    ["1.013965", "1.013946"],
    ["1.013978"],
    ["1.013979"],
    ["1.013980"],
    ["1.013988"],
    ["1.013992"],
    ["1.013993"],
    ["1.013995"],
    # attestation (Chứng thực)
    ["2.000815"],
    ["2.000884"],
    ["2.000908"],
    ["2.000913"],
    ["2.000927"],
    ["2.000942"],
    ["2.000992"],
    ["2.001008"],
    ["2.001009"],
    ["2.001016"],
    ["2.001019"],
    ["2.001035"],
    ["2.001406"],
    # housing a household meets
    ["1.013769"],
    ["1.014632"],
    ["1.115150"],
    ["1.012892"],
    ["1.012893"],
    ["1.012897"],
    # building permits a household meets
    ["1.013225", "1.013236"],
    ["1.013226", "1.013231"],
    ["1.013227", "1.013233"],
    ["1.013228", "1.013235"],
    ["1.013229", "1.013238"],
    # mortgage of a land use right
    ["1.011441"],
    ["1.011442"],
    ["1.011443"],
]
assert all(c in rows for g in GROUPS for c in g)
GROUPS.sort(key=lambda g: g[0])
random.Random(354).shuffle(GROUPS)
if __name__ == "__main__":
    for i, g in enumerate(GROUPS[:40]):
        r = rows[g[0]]
        print(i, g, r["field"][:12], "|", r["name"][:230])
