"""General before special, from the catalogue's own families (pass qual38).

`tests/search_eval/families38.py` groups the catalogue's names by head and lists how a member's
name extends its family's general member. Extensions marking a special case that qualifiers.json
lacked became qualifiers: veterinary drugs "có chứa chất ma túy, tiền chất" (said "gây nghiện",
"hướng thần", "thuốc mê"…) and a temporary stay "cho người đã được cấp giấy miễn thị thực" (said
"miễn visa"). For each, the general member leads a query not naming the case and the special
member one naming it in everyday words. Real names and codes (catalogue_large), whole catalogue."""

from __future__ import annotations

from tests.support.search_engines import assert_first, assert_first_but_doubted
from tthc.search.analysis import folded_form, tokens
from tthc.search.qualifiers import asked, qualifiers


def case(name_phrase: str) -> int:
    folded = tuple(folded_form(w) for w in tokens(name_phrase))
    return next(i for i, q in enumerate(qualifiers()) if folded in q.names)


def test_a_controlled_veterinary_drug_is_a_special_case(whole):
    # 1.002432 "Cấp lại Giấy chứng nhận đủ điều kiện sản xuất thuốc thú y (trừ … dược phẩm,
    # vắc-xin) trong trường hợp bị sai sót, thay đổi thông tin …" is the general member of
    # 1.013811 "Cấp lại … sản xuất thuốc thú y có chứa chất ma túy, tiền chất (trừ …)"
    assert_first(
        whole,
        {
            "cấp lại giấy chứng nhận đủ điều kiện sản xuất thuốc thú y": "1.002432",
            "cấp lại giấy đủ điều kiện sản xuất thuốc thú y loại gây nghiện hướng thần": "1.013811",
            # 1.011325 "Cấp, điều chỉnh, cấp lại Giấy phép nhập khẩu, xuất khẩu thuốc thú y, nguyên
            # liệu làm thuốc thú y có chứa chất ma túy, tiền chất"
            "nhập khẩu thuốc thú y có thuốc gây mê gây nghiện": "1.011325",
        },
    )


def test_no_drug_and_drug_rehab_name_no_controlled_veterinary_drug():
    drug = case("có chứa chất ma túy")
    assert drug in asked("thuốc thú y có tiền chất")
    assert drug not in asked("thuốc thú y không gây nghiện")
    assert drug not in asked("con tôi đi cai ma túy")


def test_a_visa_exemption_is_a_special_case_of_a_stay_extended(whole):
    # 1.000771 "Gia hạn tạm trú cho người đã được cấp giấy miễn thị thực tại Cục Quản lý xuất nhập
    # cảnh Bộ Công an" extends 1.002755 "Gia hạn tạm trú" and 1.001146 "Gia hạn tạm trú cho người
    # nước ngoài tại Việt Nam"
    assert_first(
        whole,
        {
            "gia hạn tạm trú cho người nước ngoài": "1.001146",
            "gia hạn tạm trú cho bạn tôi có giấy miễn visa": "1.000771",
            "anh rể người Úc được miễn visa 5 năm nay muốn ở thêm, gia hạn tạm trú thế nào": "1.000771",
        },
    )


def test_asking_for_the_exemption_paper_itself_is_no_stay_of_an_exempt_person():
    exempt = case("cho người đã được cấp giấy miễn thị thực")
    assert exempt in asked("có giấy miễn thị thực")
    assert exempt not in asked("xin giấy miễn thị thực cho vợ")
    assert exempt not in asked("cấp lại giấy miễn thị thực bị mất")


def test_a_sea_area_for_fish_farming_is_a_special_case(whole):
    # 3.000439 "Giao khu vực biển cho cá nhân Việt Nam để nuôi trồng thủy sản" extends 1.004512
    # "Giao khu vực biển"; 3.000441 likewise extends 1.004333 "Trả lại khu vực biển"
    assert_first(
        whole,
        {
            "cá nhân xin giao khu vực biển để làm du lịch": "1.004512",
            "trả lại khu vực biển của công ty": "1.004333",
            "gia đình trả lại vùng biển nuôi ngao không làm nữa": "3.000441",
            # farming alone asks for the fishery's own papers, not for a sea area
            "đăng ký bè nuôi cá trên sông": "1.014801",
        },
    )


def test_a_ship_at_an_offshore_oil_port_is_a_special_case(whole):
    # 1.003934 "Tàu biển xuất cảnh tại cảng dầu khí ngoài khơi và hoạt động trong vùng biển Việt
    # Nam" extends 1.004004 "Tàu biển xuất cảnh"
    assert_first(
        whole,
        {
            "tàu biển xuất cảnh": "1.004004",
            "tàu chở dầu vào mỏ dầu ngoài khơi nhập cảnh": "1.003978",
        },
    )
    assert case("cảng dầu khí ngoài khơi") in asked("tàu dịch vụ chạy ra giàn khoan")
    # the rig named in other words: before, the general member's entry led (1.004028 "Tàu biển
    # nhập cảnh"); the confidence model still doubts the right answer (a refit's matter)
    assert_first_but_doubted(whole, {"tàu dịch vụ chạy ra giàn khoan xuất cảnh": "1.003934"})


def test_a_travel_firm_bankrupt_or_dissolved_is_a_special_case(whole):
    # 1.003742 "Thu hồi giấy phép kinh doanh dịch vụ lữ hành nội địa trong trường hợp doanh nghiệp
    # phá sản", 2.001589 "… trong trường hợp doanh nghiệp giải thể": before, the licence's exchange
    # (2.001622 "cấp đổi") led both stories
    assert_first(
        whole,
        {
            "công ty du lịch của tôi vỡ nợ, tòa tuyên phá sản, giấy phép lữ hành xử lý sao": "1.003742",
            "công ty lữ hành giải tán thì nộp lại giấy phép thế nào": "2.001589",
        },
    )


def test_a_temporary_registration_is_a_special_case(whole):
    # 1.013083 "Đăng ký xe tạm thời thực hiện bằng dịch vụ công trực tuyến toàn trình" extends the
    # registration; before, it led a new motorbike's first registration online (1.012575 "Đăng ký
    # xe lần đầu trực tuyến toàn trình đối với xe sản xuất lắp ráp trong nước …")
    assert_first(
        whole,
        {
            "đăng ký xe máy mới mua qua mạng": "1.012575",
            "xin đăng ký tạm thời cho xe để chạy thử": "1.013086",
            "đăng ký tàu cá": "1.003650",
        },
    )
    assert case("đăng ký xe tạm thời") in asked("xe mới cần biển tạm")


def test_a_professional_club_is_a_special_case(whole):
    # 1.002445 "… đủ điều kiện kinh doanh hoạt động thể thao của câu lạc bộ thể thao chuyên
    # nghiệp" extends 1.002396 "… đủ điều kiện kinh doanh hoạt động thể thao"; before, the
    # professional club's led a club not saying it is one
    assert_first(
        whole,
        {
            "câu lạc bộ thể thao xin giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao": "1.002396",
            "đội bóng chuyền chơi giải hạng nhất quốc gia xin giấy đủ điều kiện kinh doanh thể thao": "1.002445",
        },
    )
