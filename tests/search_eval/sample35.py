"""Sample the procedures of the tune35c/holdout35c pair (see run.py's docstring).

Prints the names of the catalogue's fields "Hộ tịch" (civil status) and "Đăng ký, quản lý cư trú"
(residence), merged when they differ only by a leading "Thủ tục" or a level in brackets, in
random.Random(35) order, one a line with their codes; the writer kept, in that order, those a
citizen does himself and wrote one query for each of the first 40 kept.
"""

import random

from sampling import catalogue_rows, merged_name  # this folder is on the path when run

FIELDS = ("Hộ tịch", "Đăng ký, quản lý cư trú")


def main() -> None:
    rows = catalogue_rows()
    merged: dict[str, list] = {}
    for row in rows:
        if row.get("field") in FIELDS:
            merged.setdefault(merged_name(row["name"]), []).append(row)
    names = sorted(merged)
    random.Random(35).shuffle(names)
    print(len(names))
    for rank, name in enumerate(names, 1):
        group = merged[name]
        codes = ",".join(row["code"] for row in group)
        print(f"{rank}\t{codes}\t{group[0]['field']}\t{group[0]['name']}")


if __name__ == "__main__":
    main()
