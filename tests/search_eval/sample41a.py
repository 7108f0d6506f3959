"""Sample the families of the tune41a/holdout41a pair (see run.py's docstring).

A family is the set of catalogue names sharing the object they act on but differing by the action
(cấp mới, cấp lại, cấp đổi, gia hạn, điều chỉnh, sửa đổi bổ sung, đính chính, chấm dứt, tạm ngừng,
tiếp tục, thu hồi, đăng ký lại, xóa đăng ký, hủy…). A name's object is what follows its leading
action words (`ACTION`, longest first, after an optional "Thủ tục" and "Đăng ký"); a name with no
leading action word acts on its whole merged name with the action "cấp" (the plain grant, "Đăng ký
hộ kinh doanh"…). Names are grouped by merged name (`sampling.merged_name`: all their codes at
every level), then by object; a family is kept when its names tell at least two different actions.
Whole catalogue less `sampling.NO_CITIZEN_FIELDS` and `sampling.NO_CITIZEN_WORDS`, families only
officials file dropped; sorted and shuffled with random.Random(4144). Going down that order the
writer skipped the families no citizen or small business files about and wrote ONE query for each
of the first ~45 others, wanting one member (varied: the new grant, the reissue, the renewal, the
change, the stop...) by an everyday cue (lost, soaked, torn, expired, moved, renamed, stopping for
a while, closing, adding a floor or a person), never the member's action word.

    PYTHONPATH=$PWD .venv/bin/python tests/search_eval/sample41a.py [COUNT]
"""

from __future__ import annotations

import random
import re
import sys

from sampling import NO_CITIZEN_FIELDS, NO_CITIZEN_WORDS, catalogue_rows, merged_name, officials_only  # on the path

ACTION_WORDS = (
    "cấp mới",
    "cấp lại",
    "cấp đổi",
    "cấp bổ sung",
    "cấp điều chỉnh",
    "cấp gia hạn",
    "cấp",
    "gia hạn",
    "điều chỉnh",
    "sửa đổi, bổ sung",
    "sửa đổi bổ sung",
    "sửa đổi",
    "bổ sung",
    "thay đổi",
    "đính chính",
    "chấm dứt",
    "tạm ngừng",
    "tạm dừng",
    "tiếp tục",
    "thu hồi",
    "đăng ký lại",
    "đăng ký thay đổi",
    "đăng ký",
    "xóa đăng ký",
    "hủy bỏ",
    "hủy",
    "đổi",
    "khôi phục",
    "dừng",
    "giải thể",
    "thông báo",
)
ACTION = re.compile(r"^(?:" + "|".join(re.escape(a) for a in ACTION_WORDS) + r")(?=\s|,|$)")
JOINERS = re.compile(r"^(?:\s*,\s*|\s+(?:và|hoặc)\s+|\s+)")


def split_action(merged: str) -> tuple[str, str]:
    """(the leading action words, normalised; the object that follows them)."""
    text, said = merged, []
    while match := ACTION.match(text):
        said.append(match.group(0).replace(",", ""))
        text = JOINERS.sub("", text[match.end() :], count=1)
    return " + ".join(said) or "cấp", text.strip(" ,.-")


def families(seed: int = 4144) -> tuple[dict[str, dict], list[tuple[str, dict[str, tuple[str, list[str]]]]]]:
    """(rows by code, kept families in drawn order: object and {merged name: (action, codes)})."""
    rows = [r for r in catalogue_rows() if r["field"] not in NO_CITIZEN_FIELDS]
    names: dict[str, list[dict]] = {}
    for r in rows:
        names.setdefault(merged_name(r["name"]), []).append(r)
    by_object: dict[str, dict[str, tuple[str, list[dict]]]] = {}
    for name, group in names.items():
        if any(w in name for w in NO_CITIZEN_WORDS):
            continue
        action, thing = split_action(name)
        if len(thing) >= 6:
            by_object.setdefault(thing, {})[name] = (action, group)
    kept = []
    for thing, members in by_object.items():
        if len({a for a, _g in members.values()}) < 2:
            continue
        if officials_only(r for _a, g in members.values() for r in g):
            continue
        kept.append((thing, {m: (a, sorted(r["code"] for r in g)) for m, (a, g) in sorted(members.items())}))
    kept.sort()
    random.Random(seed).shuffle(kept)
    return {r["code"]: r for r in rows}, kept


if __name__ == "__main__":
    by_code, kept = families()
    print(len(kept), "families")
    for i, (thing, members) in enumerate(kept[: int(sys.argv[1]) if len(sys.argv) > 1 else 120]):
        print(i, "==", thing[:150])
        for m, (action, codes) in members.items():
            print("    ", f"[{action}]", codes, "|", by_code[codes[0]]["field"][:18], "|", m[:170])
