"""Sample the procedures of the tune35f/holdout35f pair (see run.py's docstring).

The procedures of veterinary care ("Thú y"), fisheries ("Thủy sản"), inland waterways and
maritime ("Hàng hải và đường thủy nội địa"), crops and plant protection ("Trồng trọt và Bảo vệ
thực vật") and livestock ("Chăn nuôi"), one group per procedure: names that differ only by the
level ("(cấp tỉnh)", "(thực hiện tại cấp xã)"…) or a leading "Thủ tục" are merged. Groups that
only officials file are dropped, and so are those SKIP_WORDS name (seaports, sea-going ships,
foreign vessels, laboratories, training and testing bodies that a farmer, a fisher or a
household with a boat does not run). The rest is sorted by first code and shuffled with
random.Random(355); the first ones a farmer, a fisher, a household with a boat or a small farm
business files are written up, split alternately within each class into tune35f and holdout35f.
"""

import re

from sampling import draw  # the shared draw (run as a script: this folder is on the path)

FIELDS = {
    "Thú y",
    "Thủy sản",
    "Hàng hải và đường thủy nội địa",
    "Trồng trọt và Bảo vệ thực vật",
    "Chăn nuôi",
}
LEVEL = re.compile(
    r"\s*\((thực hiện )?(tại |ở )?cấp [^)]*\)|^Thủ tục:?\s*",
    re.IGNORECASE,
)
SKIP_WORDS = (
    "cảng biển",
    "tàu biển",
    "nước ngoài",
    "phòng thí nghiệm",
    "phòng thử nghiệm",
    "cơ sở đào tạo",
    "đăng kiểm viên",
    "hoa tiêu",
    "thuyền viên",
    "cán bộ, công chức",
    "công bố danh mục",
)


rows, groups, kept = draw(FIELDS, LEVEL, SKIP_WORDS, 355, keep_without_applicants=True)
if __name__ == "__main__":
    by_code = {r["code"]: r for r in rows}
    print(len(groups), "groups,", len(kept), "kept")
    for i, g in enumerate(kept):
        r = by_code[g[0]]
        print(i, g, r["field"][:12], "|", r.get("applicants", "")[:40], "|", r["name"][:200])
