"""Sample the procedures of the tune39b/holdout39b pair (see run.py's docstring).

Procedures a household business, a small company, a cooperative, a farmer or a fisher files: one
group per procedure (names that differ only by the level or a leading "Thủ tục" merged), kept when
the group's applicants include an enterprise or a cooperative ("Doanh nghiệp", "Doanh nghiệp Việt
Nam", "Hợp tác xã") or its name says household business, or when its field is one of farming,
fisheries, forestry, trade, food safety, transport operators or construction (FIELDS). Left out:
the fields of banks, securities, aviation, customs and state money (SKIP_FIELDS) and names about
seagoing ships, oil and gas, customs brokers, the state budget, securities and officials' own
careers (SKIP_WORDS); groups only officials file are dropped by the shared draw. The rest is sorted
by first code and shuffled with random.Random(3902); going down that order, the first ones a small
business or a farmer really files get ONE query each (KEPT, by index), split alternately into
tune39b and holdout39b.
"""

from sampling import LEVEL, NO_CITIZEN_FIELDS, NO_CITIZEN_WORDS, catalogue_rows, draw  # run as a script

SKIP_FIELDS = NO_CITIZEN_FIELDS | {"Hoạt động thanh toán", "Hoạt động ngoại hối", "Tài chính ngân hàng"}
FIELDS = {
    "Nông nghiệp",
    "Thú y",
    "Thủy sản",
    "Trồng trọt và Bảo vệ thực vật",
    "Trồng trọt",
    "Chăn nuôi",
    "Lâm nghiệp",
    "Kiểm lâm",
    "Thủy lợi",
    "Quản lý chất lượng nông lâm sản và thủy sản",
    "Kinh tế hợp tác và Phát triển nông thôn",
    "Đầu tư vào nông nghiệp, nông thôn",
    "Đường bộ",
    "Đăng kiểm",
    "Giao thông vận tải",
    "Hàng hải và đường thủy nội địa",
    "Hàng hải và đường thủy",
    "Hoạt động xây dựng",
    "Vật liệu xây dựng",
    "Quản lý chất lượng công trình xây dựng",
    "Xuất nhập khẩu",
    "Quản lý chất lượng sản phẩm, hàng hoá",
    "Quản lý giá",
}
ALL_FIELDS = {r["field"] for r in catalogue_rows()} - SKIP_FIELDS
SKIP_WORDS = NO_CITIZEN_WORDS + (
    "ngân hàng",
    "hàng không",
    "tàu bay",
)
APPLICANTS = ("Doanh nghiệp", "Doanh nghiệp Việt Nam", "Hợp tác xã")
TRADE_WORDS = ("an toàn thực phẩm", "hộ kinh doanh", "thương mại", "xăng dầu", "rượu", "thuốc lá", "vận tải")


def _applicants(rows: list[dict]) -> set[str]:
    return {a.strip() for r in rows for a in (r.get("applicants") or "").split(",") if a.strip()}


rows, groups, drawn = draw(ALL_FIELDS, LEVEL, SKIP_WORDS, 3902, keep_without_applicants=True)
_by_code = {r["code"]: r for r in rows}


def _fits(codes: list[str]) -> bool:
    g = [_by_code[c] for c in codes]
    name = g[0]["name"].lower()
    return bool(
        _applicants(g) & set(APPLICANTS) or any(r["field"] in FIELDS for r in g) or any(w in name for w in TRADE_WORDS)
    )


kept = [g for g in drawn if _fits(g)]
# going down `kept`, the ones a small business or a farmer files (one query each in queries.jsonl)
KEPT = [7, 13, 17, 21, 24, 25, 26, 27, 31, 33, 34, 37, 39, 41, 46, 51, 53, 55, 58, 62, 65, 67, 68, 71, 76, 78]
KEPT += [83, 85, 88]
KEPT += [101, 102, 107, 112, 113, 116, 117, 118, 128, 131, 134, 136, 141, 147, 154, 156, 157, 160, 162, 164, 167]
KEPT += [181, 183, 190, 191, 192, 193, 196, 197, 199, 208, 209, 211]
if __name__ == "__main__":
    print(len(groups), "groups,", len(kept), "kept")
    for i, g in enumerate(kept[:260]):
        r = _by_code[g[0]]
        print(i, "*" if i in KEPT else " ", g, r["field"][:14], "|", r.get("applicants", "")[:30], "|", r["name"][:170])
