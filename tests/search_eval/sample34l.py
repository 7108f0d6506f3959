"""Sample the procedures of the tune34l/holdout34l pair (see run.py's docstring).

The household-facing procedures of land (Đất đai, Tài chính đất đai, a mortgage of a land use
right, planning information), housing (Nhà ở, rent of a public house), building permits and state
compensation, one group per procedure (codes of the same procedure at other levels together),
sorted by first code and shuffled with random.Random(343); the first 36 were written up, split
alternately into tune34l and holdout34l. Procedures only enterprises, investors or state bodies do
(projects, real-estate business, land allocation for projects, encroachment on the sea, public
housing programmes) are not listed.
"""

import random

from sampling import catalogue_rows  # this folder is on the path when run

rows = {r["code"]: r for r in catalogue_rows()}
# household-facing procedures of land, housing, building, state compensation;
# one group = one procedure (codes of the same procedure at other levels together)
GROUPS = [
    # land (Đất đai)
    ["1.012805", "1.013967", "1.012751"],  # tranh chấp đất đai (xã, tỉnh, Bộ)
    ["1.012781"],
    ["1.012782"],
    ["1.012783"],
    ["1.012784"],
    ["1.012785"],
    ["1.012786"],
    ["1.012787"],
    ["1.012790", "1.012796"],
    ["1.012791", "1.012818"],
    ["1.012793"],
    ["1.012812"],
    ["1.012817"],
    ["1.013949", "1.013823"],
    ["1.013950", "1.013825"],
    ["1.013952", "1.013826"],
    ["1.013953", "1.013827"],
    ["1.013831"],
    ["1.013833"],
    ["1.013965", "1.013946"],
    ["1.013947"],
    ["1.013962"],
    ["1.013978"],
    ["1.013979"],
    ["1.013980"],
    ["1.013988"],
    ["1.013992"],
    ["1.013993"],
    ["1.013995"],
    # land finance
    ["1.012995"],
    ["1.012996"],
    ["1.115148"],
    ["3.000518"],
    # mortgage of land use right
    ["1.011441"],
    ["1.011442"],
    ["1.011443"],
    # planning information
    ["1.014159"],
    # housing
    ["1.007765"],
    ["1.012881"],
    ["1.012891", "1.012889"],
    ["1.012890"],
    ["1.012888"],
    ["1.012892"],
    ["1.012893"],
    ["1.012894"],
    ["1.012896"],
    ["1.012897"],
    ["1.012898"],
    ["1.013769"],
    ["1.014632"],
    ["1.115150"],
    ["1.115151"],
    ["1.014535"],
    # building
    ["1.013225", "1.013236"],
    ["1.013226", "1.013231"],
    ["1.013227", "1.013233"],
    ["1.013228", "1.013235"],
    ["1.013229", "1.013238"],
    ["1.013232", "1.013230"],
    # state compensation
    ["2.002165", "2.002192", "2.002195"],
    ["2.002191", "2.002194"],
    ["2.002193", "2.002196"],
]
assert all(c in rows for g in GROUPS for c in g)
GROUPS.sort(key=lambda g: g[0])
random.Random(343).shuffle(GROUPS)
for i, g in enumerate(GROUPS[:36]):
    r = rows[g[0]]
    print(i, "tune34l" if i % 2 == 0 else "holdout34l", g, r["field"], "|", r["name"])
