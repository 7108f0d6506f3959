"""Sample the procedures of the tune36e/holdout36e pair (see run.py's docstring).

The catalogue's procedures without a `ministry` in the fields of education, sports, tourism,
culture and heritage, publishing and the press, science and technology, youth, rewards,
cooperatives and social and child protection (FIELDS), one group per procedure: names that differ
only by the level or a leading "Thủ tục" are merged. Groups that only officials file are dropped,
and so are those SKIP_WORDS name (state approvals, officials' own careers, bodies a small business
or a family does not run). The rest is sorted by first code and shuffled with random.Random(361);
going down that order, the ones a parent, a student, a teacher, a private school or kindergarten
owner, a sports club or gym owner, a tour guide, a homestay or travel agency, an artist, a
photographer, a printing shop, a small publisher, a karaoke or bar owner, a festival organiser, a
researcher or a small tech company would file are written up (KEPT, by index in that order), split
alternately within each class into tune36e and holdout36e.
"""

import re

from sampling import draw  # the shared draw (run as a script: this folder is on the path)

FIELDS = {
    # education
    "Giáo dục mầm non",
    "Giáo dục tiểu học",
    "Giáo dục trung học",
    "Giáo dục thường xuyên",
    "Giáo dục nghề nghiệp",
    "Các cơ sở giáo dục khác",
    "Giáo dục, đào tạo với nước ngoài",
    "Thi, tuyển sinh",
    "Giáo dục và Đào tạo trong hệ thống giáo dục quốc dân",
    # sports and tourism
    "Tdtt",
    "Du lịch",
    # culture, heritage, publishing, the press
    "Di sản",
    "Di sản văn hóa",
    "Mỹ thuật, Nhiếp ảnh và Triển lãm",
    "Nghệ thuật biểu diễn",
    "Văn hóa cơ sở",
    "Văn hóa",
    "Bản quyền tác giả",
    "Xuất bản, In và Phát hành",
    "Xb, i &ph",
    "Báo chí",
    "Quảng cáo",
    "Phát thanh, truyền hình và thông tin điện tử",
    "Pttt ttđt",
    "Ptth& ttđt",
    "Mua bán hàng hóa chuyên ngành văn hóa",
    "Hoạt động mua bán hàng hóa quốc tế chuyên ngành văn hóa",
    # science and technology
    "Hoạt động khoa học và công nghệ",
    "Khoa học và công nghệ",
    # youth, rewards, cooperatives, social and child protection
    "Công tác thanh niên",
    "Thi đua khen thưởng",
    "Thành lập và hoạt động, hỗ trợ của Tổ hợp tác, Hợp tác xã, Liên hiệp hợp tác xã",
    "Bảo trợ xã hội",
    "Trẻ em",
    "Phòng, chống tệ nạn xã hội",
}
LEVEL = re.compile(
    r"\s*\((thực hiện )?(tại |ở )?cấp [^)]*\)|^Thủ tục:?\s*",
    re.IGNORECASE,
)
SKIP_WORDS = (
    "cán bộ, công chức",
    "công bố danh mục",
    "phê duyệt",
    "giải thể trường",
    "sáp nhập",
    "chia, tách",
)


rows, groups, drawn = draw(FIELDS, LEVEL, SKIP_WORDS, 361, keep_without_applicants=True)
# only the rows without a ministry (the catalogue's provincial lists): drop a group if any row has one
by_code = {r["code"]: r for r in rows}
drawn = [g for g in drawn if not any(by_code[c].get("ministry") for c in g)]
# going down the drawn order to index 131, the ones those people file (one query each in queries.jsonl)
KEPT = [2, 3, 5, 7, 16, 22, 24, 25, 27, 30, 31, 32, 33, 34, 35, 40, 45, 46, 47, 50, 52, 53, 54, 58, 59, 60]
KEPT += [62, 64, 65, 68, 69, 74, 76, 78, 81, 82, 83, 87, 88, 89, 91, 93, 100, 106, 111, 112, 116, 117, 118, 121, 131]
if __name__ == "__main__":
    print(len(groups), "groups,", len(drawn), "drawn")
    for i, g in enumerate(drawn):
        r = by_code[g[0]]
        print(i, "*" if i in KEPT else " ", g, r["field"][:12], "|", r.get("applicants", "")[:40], "|", r["name"][:200])
