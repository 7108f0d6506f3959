"""Sample the procedures of the tune36f/holdout36f pair (see run.py's docstring).

Fields where citizens and small businesses file but life events barely reach: every field of the
State Bank ("Ngân hàng Nhà nước Việt Nam"), the Treasury ("Kho bạc Nhà nước"), insurance
("Bảo hiểm"), secured transactions ("Đăng ký biện pháp bảo đảm"), insolvency practitioners
("Quản tài viên"), investment ("Đầu tư tại Việt nam", "Đầu tư từ Việt nam ra nước ngoài"),
legal-costs payment ("Thanh toán chi phí tố tụng") and customs ("Hải quan"). One group per
procedure: names that differ only by the level or a leading "Thủ tục" are merged. Groups that only
officials file are dropped, and so are those SKIP_WORDS name: a bank's or a credit institution's
own licensing and internal approvals, ships and aircraft, oil, gas and diamonds, duty-free shops,
bonded warehouses, transit, receipts and stamps of the customs, bonds and valuable papers,
large-project approvals, insurers' own filings, payment fintechs. The rest is sorted by first
code and shuffled with random.Random(362); of these, JUDGED_OUT are the few more that no citizen,
household business, small company, pawnshop, gold shop, money changer, small exporter or person
with a mortgage files (each with its reason), and the first 48 of the others are written up, split
alternately within each class into tune36f and holdout36f.
"""

import re

from sampling import catalogue_rows, draw  # shared (run as a script: this folder is on the path)

FIELDS = {r["field"] for r in catalogue_rows() if r.get("ministry") == "Ngân hàng Nhà nước Việt Nam"} | {
    "Kho bạc Nhà nước",
    "Bảo hiểm",
    "Đăng ký biện pháp bảo đảm",
    "Quản tài viên",
    "Đầu tư tại Việt nam",
    "Đầu tư tại Việt Nam",
    "Đầu tư từ Việt nam ra nước ngoài",
    "Thanh toán chi phí tố tụng",
    "Hải quan",
}
LEVEL = re.compile(
    r"\s*\((thực hiện )?(tại |ở )?cấp [^)]*\)|^Thủ tục:?\s*",
    re.IGNORECASE,
)
SKIP_WORDS = (
    # a bank's own licensing and approvals
    "tổ chức tín dụng",
    "ngân hàng thương mại",
    "ngân hàng hợp tác xã",
    "quỹ tín dụng nhân dân",
    "tài chính vi mô",
    "ngân hàng nước ngoài",
    "ngân hàng liên doanh",
    "phòng giao dịch",
    "người không cư trú",
    "vàng nguyên liệu",
    "thị trường mở",
    "tái cấp vốn",
    "mua nợ",
    "khoanh nợ",
    "hạn mức tự doanh",
    "nhận ủy thác",
    "ủy thác đầu tư",
    "đầu tư gián tiếp",
    "ngoại hối cơ bản",
    "ngoại hối khác",
    "ngoại tệ tiền mặt của các ngân hàng",
    "tài khoản ngoại tệ ở nước ngoài",
    "giao dịch hối đoái",
    "mã ngân hàng",
    "thông tin ngân hàng",
    "mạng máy tính",
    "chứng thư",
    "mã bin",
    "séc trắng",
    "trung gian thanh toán",
    "không qua tài khoản thanh toán",
    "thử nghiệm",
    "thông tin tín dụng",
    "vàng miếng với ngân hàng nhà nước",
    "sản xuất vàng miếng",
    "xuất khẩu vàng miếng",
    "hạn mức xuất khẩu vàng",
    "khai thác vàng",
    "thu, chi ngoại tệ",
    "chi, trả ngoại tệ",
    "trái phiếu",
    "giấy tờ có giá",
    "dự trữ bắt buộc",
    "chiết khấu",
    "tài khoản thanh toán tại ngân hàng nhà nước",
    "khen thưởng",
    "giấy khen",
    "dầu khí",
    # ships, aircraft, trains, oil, gas, diamonds
    "bảo đảm bằng tàu",
    "bảo đảm là tàu",
    "đối với tàu",
    "cho tàu biển",
    "thuyền viên",
    "tàu thuyền nước ngoài",
    "xăng",
    "khí,",
    "kim cương",
    # customs of large traders and of the customs' own paperwork
    "hàng miễn thuế",
    "cửa hàng miễn thuế",
    "định mức miễn thuế đối với hàng hóa của tổ chức",
    "nhập khẩu được miễn thuế",
    "miễn thuế rượu",
    "miễn thuế xuất khẩu, thuế nhập khẩu trong trường hợp",
    "miễn thuế đối với tài sản di chuyển vượt định mức",
    "miễn thuế dự kiến",
    "xe gắn máy đã tạm nhập khẩu miễn thuế",
    "bán cho khách xuất cảnh",
    "tờ khai hải quan quá cảnh",
    "quá cảnh qua các nước",
    "chuyển cửa khẩu",
    "vật tư dư thừa",
    "giá tạm tính",
    "cung cấp thông tin tờ khai",
    "kho ngoại quan",
    "kho bảo thuế",
    "phi thuế quan",
    "hàng hóa quá cảnh",
    "hàng hoá quá cảnh",
    "quá cảnh hải quan",
    "quá cảnh được ưu tiên",
    "acts",
    "biên lai",
    "tem điện tử",
    "chế xuất",
    "dncx",
    "gia công",
    "ưu đãi, miễn trừ",
    "ưu đãi miễn trừ",
    "nhu cầu công tác",
    "đại lý giám sát",
    "đại lý hoàn thuế",
    "doanh nghiệp ưu tiên",
    "nhóm 98",
    "chương trình ưu đãi thuế",
    "sổ ata",
    "trung chuyển",
    "lạc tuyến",
    "chuyển khẩu",
    "kho, bãi",
    "chân công trình",
    "giám sát phương tiện",
    "quay vòng",
    "phương tiện thuỷ nội địa",
    "cơ khí trọng điểm",
    "máy liên hợp",
    "tháo rời",
    "khẩn cấp",
    "an sinh xã hội",
    "tạo tài sản cố định",
    "sát xi",
    "xe thiết kế chở tiền",
    "cổng thanh toán điện tử hải quan",
    "cổng thông tin tờ khai",
    "thông qua hệ thống",
    "tham vấn trị giá",
    "xác định trước",
    "khoản giảm giá",
    "đường ống",
    "khu thương mại tự do",
    # state budget units, aid, large projects
    "oda",
    "vốn đầu tư công",
    "chi thường xuyên",
    "đơn vị giao dịch",
    "vốn nước ngoài qua kho bạc",
    "chủ trương đầu tư",
    "chấp thuận nhà đầu tư",
    "thủ tướng chính phủ",
    "đầu tư đặc biệt",
    "văn phòng điều hành",
    "ban quản lý khu",
    "biện pháp bảo đảm đầu tư",
    # insurers' own filings
    "doanh nghiệp bảo hiểm",
    "dnbh",
    "bảo hiểm vi mô",
    "sản phẩm bảo hiểm",
    "phí bảo hiểm nông nghiệp được hỗ trợ",
    "được ngân sách nhà nước hỗ trợ cho",
    "quỹ bảo hiểm xe",
    "phương pháp",
    "danh mục hợp đồng bảo hiểm",
    "nguồn vốn chủ sở hữu",
    "văn phòng đại diện nước ngoài",
    "vốn điều lệ",
    "(hoặc điều chỉnh, chấm dứt) hoạt động đầu tư",
    "doanh nghiệp môi giới bảo hiểm",
)
# Left after SKIP_WORDS but filed by none of the people this part is about.
JUDGED_OUT = {
    "1.003044": "a credit institution's licence after a sale of its capital",
    "1.001475": "a company lending abroad",
    "1.001337": "a company lending abroad (change)",
    "2.002264": "lost goods and luggage: filed by the carrier, not the traveller",
    "1.007644": "documents sent by express: declared by the courier",
    "2.000043": "documents sent by express: declared by the courier",
    "1.001831": "unfit banknotes: appraisal asked by banks",
    "2.001077": "unfit banknotes: exchanged by banks at the State Bank",
    "1.014309": "the customs' data exchange with tax payers",
}


rows, groups, kept = draw(FIELDS, LEVEL, SKIP_WORDS, 362, keep_without_applicants=True)
written = [g for g in kept if g[0] not in JUDGED_OUT][:48]
if __name__ == "__main__":
    by_code = {r["code"]: r for r in rows}
    print(len(groups), "groups,", len(kept), "kept,", len(written), "written up")
    for i, g in enumerate(kept):
        r = by_code[g[0]]
        mark = "x" if g[0] in JUDGED_OUT else ("w" if g in written else " ")
        print(
            i, mark, g, r["field"][:12], "|", (r.get("applicants") or "")[:40], "|", " ".join(r["name"].split())[:200]
        )
