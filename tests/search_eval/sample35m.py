"""Sample the procedures of the tune35m/holdout35m pair (see run.py's docstring).

The procedures of exit and entry ("Quản lý xuất nhập cảnh"), vehicle registration ("Đăng ký, quản
lý phương tiện giao thông cơ giới, xe máy chuyên dùng"), roads ("Đường bộ") and driving licences
("Sát hạch, cấp giấy phép lái xe"), one group per procedure: names that differ only by the level
("(thực hiện tại cấp tỉnh)", "tại Công an cấp tỉnh", "tại Cục Quản lý xuất nhập cảnh…") are
merged. Groups that only officials or state bodies file (applicants all "Cán bộ, công chức, viên
chức", or no applicants), and those for large operators only (road junctions, ferries, bus stations,
driving schools and test centres, international transport permits and route registration, smart
vehicles, e-accounts of organisations) are dropped by SKIP. The rest is sorted by first code and
shuffled with random.Random(351); the first 40 are written up, split alternately within each class of query
into tune35m and holdout35m.
"""

import re

from sampling import draw  # the shared draw (run as a script: this folder is on the path)

FIELDS = {
    "Quản lý xuất nhập cảnh",
    "Đăng ký, quản lý phương tiện giao thông cơ giới, xe máy chuyên dùng",
    "Đường bộ",
    "Sát hạch, cấp giấy phép lái xe",
}
LEVEL = re.compile(
    r"\s*\((thực hiện )?(tại |ở )?cấp [^)]*\)|\s*tại (Công an cấp tỉnh|Cục Quản lý xuất nhập cảnh"
    r"[^,]*|Phòng Quản lý xuất nhập cảnh.*)$|^Thủ tục:?\s*",
    re.IGNORECASE,
)
SKIP_WORDS = (
    "đấu nối",
    "bến xe",
    "bến phà",
    "phà",
    "cao tốc",
    "quốc lộ",
    "thẩm tra viên",
    "đào tạo lái xe",
    "giáo viên dạy",
    "xe tập lái",
    "trung tâm sát hạch",
    "sân tập lái",
    "liên vận",
    "quốc tế giữa",
    "quốc tế asean",
    "quốc tế gms",
    "khai thác tuyến",
    "giao thông thông minh",
    "tài khoản điện tử",
    "chia sẻ phần giảm",
    "bồi thường, chấm dứt",
    "thi công công trình",
    "hàng hóa nguy hiểm",
    "phương tiện của",
    "giới thiệu đề nghị",
    "văn bản cho phép sử dụng thẻ abtc",
    "xét duyệt nhân sự",
    "cán bộ, công chức",
)


rows, groups, kept = draw(FIELDS, LEVEL, SKIP_WORDS, 351, keep_without_applicants=False)
if __name__ == "__main__":
    by_code = {r["code"]: r for r in rows}
    print(len(groups), "groups,", len(kept), "kept")
    for i, g in enumerate(kept[:40]):
        r = by_code[g[0]]
        print(i, g, r["field"][:12], "|", r["name"][:140])
