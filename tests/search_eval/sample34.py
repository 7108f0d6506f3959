"""Sample catalogue names for the tune34/holdout34 pair (see run.py's docstring).

Prints the merged citizen-facing names at level xa or tinh in random.Random(34) order, one a
line with their codes; the writer kept, in that order, those a person, household or small
business would do themselves.
"""

import ast
import random

from sampling import catalogue_rows, merged_name  # this folder is on the path when run

APPLICANTS = ("công dân", "cá nhân", "hộ kinh doanh", "doanh nghiệp")
CITIZEN_FIELDS = (
    "hộ tịch",
    "cư trú",
    "căn cước",
    "chứng thực",
    "đất đai",
    "người có công",
    "bảo trợ xã hội",
    "giáo dục",
    "việc làm",
    "bảo hiểm",
    "bhxh",
    "bhyt",
)
EXCLUDED_FIELDS = (
    "ngân hàng",
    "chứng khoán",
    "hàng không",
    "hải quan",
    "ngoại hối",
    "kho bạc",
    "quản lý nợ",
    "đối tác công tư",
    "dầu khí",
    "tiền tệ",
    "tín dụng",
    "thanh toán",
    "kho quỹ",
    "định chế tài chính",
)


def main() -> None:
    rows = catalogue_rows()
    merged: dict[str, list] = {}
    for row in rows:
        field = (row.get("field") or "").lower()
        if any(word in field for word in EXCLUDED_FIELDS):
            continue
        levels = row.get("levels") or []
        if isinstance(levels, str):
            levels = ast.literal_eval(levels)
        if not {"xa", "tinh"} & set(levels):
            continue
        applicants = (row.get("applicants") or "").lower()
        if not (any(a in applicants for a in APPLICANTS) or any(f in field for f in CITIZEN_FIELDS)):
            continue
        merged.setdefault(merged_name(row["name"]), []).append(row)
    names = sorted(merged)
    random.Random(34).shuffle(names)
    print(len(names))
    for rank, name in enumerate(names, 1):
        group = merged[name]
        codes = ",".join(row["code"] for row in group)
        print(f"{rank}\t{codes}\t{group[0]['field']}\t{group[0]['name']}")


if __name__ == "__main__":
    main()
