"""Sample the procedures of the tune35i/holdout35i pair (see run.py's docstring).

The procedures of social insurance ("Thực hiện chính sách BHXH", "Chi trả các chế độ BHXH",
"Cấp sổ BHXH, thẻ BHYT", "Thực hiện chính sách BHYT", "Thu BHXH, BHYT, BHTN…"), jobs and
unemployment ("Việc làm", "Lao động - Tiền lương-BHXH"), social protection ("Bảo trợ xã hội") and
people with merit ("Người có công"), one group per procedure: names that differ only by the level
("(cấp tỉnh)", "(thực hiện tại cấp xã)"…) or a leading "Thủ tục" are merged. Groups that only
officials file (applicants only "Cán bộ, công chức, viên chức"; groups with no applicants given
are kept) are dropped, and so are those SKIP_WORDS name (founding and licensing care homes and job
agencies, hospitals' contracts and payments with the insurer, the province's announcement
decisions). The rest is sorted by first code and shuffled with random.Random(353); the first
40 are written up, split alternately within each class of query into tune35i and holdout35i.
"""

from sampling import LEVEL, SOCIAL_FIELDS, draw  # run as a script: this folder is on the path

FIELDS = SOCIAL_FIELDS
SKIP_WORDS = (
    "cơ sở trợ giúp xã hội",
    "cơ sở bảo trợ",
    "thành lập",
    "giải thể",
    "tổ chức dịch vụ việc làm",
    "doanh nghiệp hoạt động dịch vụ việc làm",
    "giấy phép hoạt động",
    "cán bộ, công chức",
    "công bố danh mục",
    "ký hợp đồng khám, chữa bệnh",
    "với cơ sở kcb bhyt",
)


rows, groups, kept = draw(FIELDS, LEVEL, SKIP_WORDS, 353, keep_without_applicants=True)
if __name__ == "__main__":
    by_code = {r["code"]: r for r in rows}
    print(len(groups), "groups,", len(kept), "kept")
    for i, g in enumerate(kept):
        r = by_code[g[0]]
        print(i, g, r["field"][:12], "|", r.get("applicants", "")[:40], "|", r["name"][:220])
