"""Sample the procedures of the tune36s/holdout36s pair (see run.py's docstring).

The WHOLE catalogue, one group per procedure (names that differ only by the level or a leading
"Thủ tục" are merged), with only what no citizen and no small business ever files left out: the
fields of customs, aviation, banks' own licences and operations, securities, the state's debt,
treasury and reserves (SKIP_FIELDS), and names about seagoing ships, oil and gas, the state budget,
customs brokers (SKIP_WORDS). Groups whose applicants include neither a Vietnamese citizen nor a
(Vietnamese) enterprise or cooperative are dropped (APPLICANTS). The rest is sorted by first code
and shuffled with random.Random(36); in that order the first ones a citizen, a household business
or a small company would really file are written up as ONE situation each (what happened, in the
words of a phone message, without the procedure's name), split alternately into tune36s and
holdout36s.
"""

from sampling import LEVEL, NO_CITIZEN_FIELDS, NO_CITIZEN_WORDS, catalogue_rows, draw  # run as a script

SKIP_FIELDS = NO_CITIZEN_FIELDS
FIELDS = {r["field"] for r in catalogue_rows()} - SKIP_FIELDS
SKIP_WORDS = NO_CITIZEN_WORDS
APPLICANTS = ("Công dân Việt Nam", "Doanh nghiệp", "Doanh nghiệp Việt Nam", "Hợp tác xã")


def _applicants(rows: list[dict]) -> set[str]:
    return {a.strip() for r in rows for a in (r.get("applicants") or "").split(",") if a.strip()}


rows, groups, drawn = draw(FIELDS, LEVEL, SKIP_WORDS, 36, keep_without_applicants=False)
_by_code = {r["code"]: r for r in rows}
kept = [g for g in drawn if _applicants([_by_code[c] for c in g]) & set(APPLICANTS)]
if __name__ == "__main__":
    print(len(groups), "groups,", len(kept), "kept")
    for i, g in enumerate(kept[:230]):
        r = _by_code[g[0]]
        print(i, g, r["field"][:14], "|", r.get("applicants", "")[:30], "|", r["name"][:170])
