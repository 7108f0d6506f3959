"""Sample the procedures of the tune36a/holdout36a pair (see run.py's docstring).

The procedures of aviation ("Hàng không", "Bảo đảm an ninh hàng không"), vehicle inspection
("Đăng kiểm"), railways ("Đường sắt"), sea areas ("Biển và hải đảo"), forests ("Lâm nghiệp",
"Kiểm lâm"), nature conservation ("Bảo tồn thiên nhiên và Đa dạng sinh học"), weather ("Khí
tượng, thủy văn"), surveying ("Đo đạc, bản đồ và thông tin địa lý"), irrigation ("Thủy lợi"),
water ("Tài nguyên nước") and environment ("Môi trường"), one group per procedure: names that
differ only by the level ("(cấp tỉnh)", "(cấp TW)", "(thực hiện tại cấp xã)"…), a leading "Thủ
tục" or the code the environment names repeat in brackets are merged. Groups that only officials
file are dropped, and so are those SKIP_WORDS name: airlines, airports' own certificates and
plans, aircraft maintenance, design and training organisations, air-navigation services, railway
operators' works and vehicles, vehicle makers and inspection centres, sea-going ships, dumping at
sea, genetic resources and GMOs, dam and reservoir safety, large water works (from 5,000 m3 a day)
and conventions (Basel, Stockholm) that a citizen, a farmer, a fisher, a household business, a
small company or a hobbyist does not file. The rest is sorted by first code and shuffled with
random.Random(363); going down that order, those such a person files are written up, split
alternately within each class into tune36a and holdout36a.
"""

import re

from sampling import draw  # the shared draw (run as a script: this folder is on the path)

FIELDS = {
    "Hàng không",
    "Bảo đảm an ninh hàng không",
    "Đăng kiểm",
    "Đường sắt",
    "Biển và hải đảo",
    "Lâm nghiệp",
    "Kiểm lâm",
    "Bảo tồn thiên nhiên và Đa dạng sinh học",
    "Khí tượng, thủy văn",
    "Khí tượng thủy văn",
    "Đo đạc, bản đồ và thông tin địa lý",
    "Thủy lợi",
    "Tài nguyên nước",
    "Môi trường",
}
LEVEL = re.compile(
    r"\s*\((thực hiện )?(tại |ở )?cấp [^)]*\)|\s*\(\s*\d\.\d{6}\s*\)|\s*-\s*cấp trung ương$|^Thủ tục:?\s*",
    re.IGNORECASE,
)
SKIP_WORDS = (
    # airlines, airports and aviation organisations
    "hãng hàng không",
    "vận chuyển hàng không",
    "vận đơn hàng không",
    "cảng hàng không, sân bay trong trường hợp",
    "khai thác cảng hàng không",
    "đăng ký cảng hàng không",
    "đăng ký tạm thời cảng hàng không",
    "mở cảng hàng không",
    "kinh doanh cảng hàng không",
    "kết cấu hạ tầng cảng hàng không",
    "cảng hàng không nội địa",
    "quy hoạch",
    "kế hoạch đầu tư phát triển",
    "tổng mặt bằng",
    "tài liệu khai thác",
    "tài liệu hướng dẫn khai thác",
    "phương án đảm bảo an ninh",
    "phương tiện chuyên ngành",
    "tổ chức bảo dưỡng",
    "tổ chức thiết kế",
    "tổ chức chế tạo",
    "người khai thác tàu bay",
    "huấn luyện bay mô phỏng",
    "đào tạo, huấn luyện",
    "dịch vụ bảo đảm",
    "bảo đảm hoạt động bay",
    "chương trình an ninh",
    "giấy phép kiểm soát an ninh",
    "nhân viên kiểm soát an ninh",
    "giấy chứng nhận loại",
    "bay xuất khẩu",
    "idera",
    "mã số aep",
    "bay quá cảnh",
    "sổ đăng bạ",
    # vehicle makers, inspection centres, ships, railway operators
    "đăng kiểm viên",
    "hoạt động kiểm định",
    "sản xuất, lắp ráp",
    "linh kiện nhập khẩu",
    "cơ sở thử nghiệm",
    "chia sẻ, sử dụng dữ liệu",
    "tàu biển",
    "lao động hàng hải",
    "phương tiện giao thông đường sắt",
    "kết nối các tuyến",
    "kết nối, bãi bỏ kết nối",
    "đường sắt quốc gia",
    "công trình đường sắt",
    "công trình thiết yếu",
    # sea, nature, water, environment at a scale no small applicant reaches
    "nhận chìm",
    "điện gió",
    "nghiên cứu khoa học trong vùng biển",
    "nguồn gen",
    "biến đổi gen",
    "an toàn sinh học",
    "thả lại",
    "đập",
    "hồ chứa",
    "quy trình vận hành",
    "cắm mốc",
    "phương án bảo vệ công trình thủy lợi",
    "ứng phó",
    "từ 5.000",
    "5.000 m3/ngày đêm trở lên",
    "bổ sung nhân tạo",
    "chuyển nước",
    "tạm dừng hiệu lực",
    "basel",
    "stockholm",
    "tác động vào thời tiết",
    "trao đổi thông tin, dữ liệu khí tượng",
    "vốn đầu tư công",
    "quỹ bảo vệ và phát triển rừng",
    "hội đồng nhân dân",
    "khu rừng đặc dụng",
    "khu rừng phòng hộ",
    "chủ rừng là tổ chức",
    "tạm sử dụng rừng",
    "công trình kết cấu hạ tầng",
    "cán bộ, công chức",
)


rows, groups, kept = draw(FIELDS, LEVEL, SKIP_WORDS, 363, keep_without_applicants=True)
if __name__ == "__main__":
    by_code = {r["code"]: r for r in rows}
    print(len(groups), "groups,", len(kept), "kept")
    for i, g in enumerate(kept):
        r = by_code[g[0]]
        print(i, g, r["field"][:12], "|", (r.get("applicants") or "")[:30], "|", " ".join(r["name"].split())[:170])
