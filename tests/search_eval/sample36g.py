"""Sample the families of the tune36g/holdout36g pair (see run.py's docstring).

A family is a set of catalogue procedures whose names share the action's object and differ only
by (i) the applicant ("cá nhân", "tổ chức", "doanh nghiệp", "hộ kinh doanh", "hợp tác xã"…), (ii)
the action ("cấp mới", "cấp lại", "cấp đổi", "điều chỉnh", "gia hạn", "thu hồi", "chấm dứt"…) or
(iii) a restriction clause ("đối với…", "trường hợp…", "cho…", "tại…", "do … cấp"…). The key of a
name is `family_key`: the merged name (`sampling.merged_name`: no leading "Thủ tục", no level in
brackets) without its leading actions, cut at the first restriction clause, without applicant
words. Families of two or more merged names are kept, except those only officials file and those
SKIP_WORDS name (banking, securities, aviation, customs, seaports, public debt…: not a citizen's
or a small business's errand); they are sorted and shuffled with random.Random(36). Going down
that order the writer kept the families a citizen or a small business asks about and wrote one
query for each, alternately wanting the general member and a special member named in other words.
"""

from __future__ import annotations

import random
import re

from sampling import catalogue_rows, merged_name, officials_only  # this folder is on the path when run

ACTIONS = (
    "cấp mới",
    "cấp lại",
    "cấp đổi",
    "cấp bổ sung",
    "cấp",
    "điều chỉnh",
    "gia hạn",
    "thu hồi",
    "chấm dứt",
    "sửa đổi, bổ sung",
    "sửa đổi",
    "bổ sung",
    "thay đổi",
    "đăng ký lại",
    "đăng ký thay đổi",
    "đăng ký",
    "xác nhận",
    "công nhận",
    "đổi",
    "tạm ngừng",
    "hủy bỏ",
    "hủy",
)
LEADING_ACTIONS = re.compile(r"^(?:(?:" + "|".join(ACTIONS) + r")(?:\s*,\s*|\s+(?:và|hoặc)\s+|\s+))+")
RESTRICTION = re.compile(r"\s+(?:đối với|trường hợp|cho|tại|do|trong|của|theo|khi|ở)\s+.*$")
APPLICANT_WORDS = re.compile(r"\b(?:cá nhân|tổ chức|doanh nghiệp|hộ kinh doanh|hợp tác xã|hộ gia đình|công dân)\b")
SKIP_WORDS = (
    "ngân hàng",
    "chứng khoán",
    "hàng không",
    "hải quan",
    "cảng biển",
    "tàu biển",
    "quản lý nợ",
    "ngoại hối",
    "kho bạc",
    "tín dụng",
    "trái phiếu",
    "quỹ đầu tư",
    "khoáng sản",
    "dầu khí",
)
SKIP_FIELDS = ("ngân hàng", "chứng khoán", "hàng không", "hải quan", "quản lý nợ", "ngoại hối", "kho bạc", "tiền tệ")


def family_key(name: str) -> str:
    """The object a name acts on: merged, leading actions dropped, restriction cut, applicants out."""
    text = LEADING_ACTIONS.sub("", merged_name(name))
    text = RESTRICTION.sub("", text)
    text = APPLICANT_WORDS.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip(" ,.-")


def families(seed: int = 36) -> tuple[dict[str, dict], list[tuple[str, dict[str, list[str]]]]]:
    """(rows by code, the kept families in drawn order: key and {merged name: sorted codes})."""
    rows = [r for r in catalogue_rows() if not any(w in r["field"].lower() for w in SKIP_FIELDS)]
    by_key: dict[str, dict[str, list[dict]]] = {}
    for r in rows:
        by_key.setdefault(family_key(r["name"]), {}).setdefault(merged_name(r["name"]), []).append(r)
    kept = []
    for key, members in by_key.items():
        if len(members) < 2 or len(key) < 6 or any(w in key for w in SKIP_WORDS):
            continue
        if officials_only(r for g in members.values() for r in g):
            continue
        kept.append((key, {m: sorted(r["code"] for r in g) for m, g in sorted(members.items())}))
    kept.sort()
    random.Random(seed).shuffle(kept)
    return {r["code"]: r for r in rows}, kept


if __name__ == "__main__":
    by_code, kept = families()
    print(len(kept), "families")
    for i, (key, members) in enumerate(kept):
        print(i, "==", key)
        for m, codes in members.items():
            print("    ", codes, "|", by_code[codes[0]]["field"][:20], "|", m[:180])
