"""Sample the procedures of the tune39i/holdout39i pair (see run.py's docstring).

Work, social and health insurance, pensions, unemployment, workplace safety, social protection,
people with merit and health: the catalogue's procedures of FIELDS (the catalogue has no field of
clinics' or pharmacies' licences nor of medical assessment; its health procedures are those of
medical equipment and the health-insurance cards, both included). `sampling.draw` groups them by
name (a level in brackets or a leading "Thủ tục" merged), drops groups only officials file and
names of NO_CITIZEN_WORDS, and shuffles the rest with random.Random(3904). In that order, ONE query
was written for each of the first ~40 a worker, a retiree, a patient, a family or a small clinic
or shop really files, split alternately into tune39i and holdout39i.
"""

from sampling import LEVEL, NO_CITIZEN_WORDS, SOCIAL_FIELDS, draw  # run as a script: this folder is on the path

FIELDS = SOCIAL_FIELDS | {
    "Kiểm định kỹ thuật an toàn lao động",
    "Chính sách",
    "Giảm nghèo",
    "Trẻ em",
    "Phòng, chống tệ nạn xã hội",
    "Tổ chức cai nghiên ma túy và quản lý sau cai nghiện",
    "Thiết bị y tế",
}
SEED = 3904

rows, groups, kept = draw(FIELDS, LEVEL, NO_CITIZEN_WORDS, SEED, keep_without_applicants=True)
_by_code = {r["code"]: r for r in rows}

if __name__ == "__main__":
    print(len(groups), "groups,", len(kept), "kept")
    for i, g in enumerate(kept):
        r = _by_code[g[0]]
        print(i, g, r["field"][:16], "|", (r.get("applicants") or "")[:25], "|", r["name"][:200])
