"""Sample catalogue names for the tune35b/holdout35b pair (see run.py's docstring).

Prints the names (merged when they differ only by a leading "Thủ tục" or a level in brackets)
of the fields a household business, a shop, a small company or a cooperative meets — tax,
business registration (company and household business), cooperatives, support for small
businesses, fire safety, security-conditioned trades, seals, product quality, advertising,
employers' insurance — and of any field whose name says food safety, alcohol or tobacco retail,
in random.Random(352) order, one a line with their codes and field. The writer kept, in that
order, those a household business, a shop owner, a small company's accountant or a cooperative
would do themselves.
"""

import random
import unicodedata

from sampling import catalogue_rows, merged_name  # this folder is on the path when run

FIELDS = (
    "thuế",
    "thành lập và hoạt động doanh nghiệp (hộ kinh doanh)",
    "thành lập và hoạt động của doanh nghiệp",
    "hợp tác xã",
    "tổ hợp tác",
    "hỗ trợ doanh nghiệp",
    "phòng cháy, chữa cháy",
    "kinh doanh có điều kiện về an ninh",
    "con dấu",
    "chất lượng sản phẩm, hàng hoá",
    "quảng cáo",
    "thu bhxh",
)
NAME_WORDS = ("an toàn thực phẩm", "bán lẻ rượu", "bán lẻ sản phẩm thuốc lá", "rượu thủ công")
EXCLUDED = ("nhà nước nắm giữ", "chuyển đổi công ty nhà nước", "xã hội")


def main() -> None:
    rows = catalogue_rows()
    merged: dict[str, list] = {}
    for row in rows:
        field = unicodedata.normalize("NFC", row.get("field") or "").lower()
        name = unicodedata.normalize("NFC", row["name"]).lower()
        if any(word in field for word in EXCLUDED):
            continue
        if any(word in field for word in FIELDS) or any(word in name for word in NAME_WORDS):
            merged.setdefault(merged_name(row["name"]), []).append(row)
    names = sorted(merged)
    random.Random(352).shuffle(names)
    print(len(names))
    for rank, name in enumerate(names, 1):
        group = merged[name]
        codes = ",".join(row["code"] for row in group)
        print(f"{rank}\t{codes}\t{group[0]['field']}\t{group[0]['name'][:200]}")


if __name__ == "__main__":
    main()
