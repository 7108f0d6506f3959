"""Sample the procedures of the tune35c/holdout35c pair (see run.py's docstring).

Prints the names of the catalogue's fields "Hộ tịch" (civil status) and "Đăng ký, quản lý cư trú"
(residence), merged when they differ only by a leading "Thủ tục" or a level in brackets, in
random.Random(35) order, one a line with their codes; the writer kept, in that order, those a
citizen does himself and wrote one query for each of the first 40 kept.
"""

import json
import lzma
import random
import re
import unicodedata
from pathlib import Path

CATALOGUE = Path(__file__).with_name("catalogue_large.jsonl.xz")
FIELDS = ("Hộ tịch", "Đăng ký, quản lý cư trú")


def key(name: str) -> str:
    text = unicodedata.normalize("NFC", name).strip()
    text = re.sub(r"^thủ tục\s+", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\s*[\(\[][^\)\]]*(cấp|xã|tỉnh|huyện|trung ương)[^\)\]]*[\)\]]\s*", " ", text, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", text).strip(" .").lower()


def main() -> None:
    with lzma.open(CATALOGUE, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    merged: dict[str, list] = {}
    for row in rows:
        if row.get("field") in FIELDS:
            merged.setdefault(key(row["name"]), []).append(row)
    names = sorted(merged)
    random.Random(35).shuffle(names)
    print(len(names))
    for rank, name in enumerate(names, 1):
        group = merged[name]
        codes = ",".join(row["code"] for row in group)
        print(f"{rank}\t{codes}\t{group[0]['field']}\t{group[0]['name']}")


if __name__ == "__main__":
    main()
