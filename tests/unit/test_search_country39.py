"""A named country and acts done abroad (pass country39).

`qualifiers.json` `countries`: one case per country; a name naming it is promoted when the query
names it and demoted only when the query names another ("sang Lào" → the Lao border pass, not the
Chinese one); a query naming no country leaves it be. The `abroad` case (an act done or a thing
taken abroad: "ra nước ngoài", "tại nước ngoài", civil status recorded by a foreign authority) is
another case than a foreign party at home: "quốc tịch Pháp … triển lãm" is a foreigner's exhibition
here. Real names and codes (catalogue_large), whole catalogue."""

from __future__ import annotations

from tests.support.search_engines import assert_first, assert_first_but_doubted
from tthc.search.analysis import folded_form, tokens
from tthc.search.qualifiers import adjustment, asked, qualifiers, unasked


def case(name_phrase: str) -> int:
    folded = tuple(folded_form(w) for w in tokens(name_phrase))
    return next(i for i, q in enumerate(qualifiers()) if folded in q.names)


def test_a_country_is_asked_by_its_everyday_names_never_by_a_word_it_folds_to():
    lao, china, cambodia = case("lào"), case("trung quốc"), case("campuchia")
    assert lao in asked("nhà em ở Nghệ An, muốn qua bên Lào thăm họ hàng")
    assert cambodia in asked("mở tuyến xe khách đi Phnôm Pênh")
    assert china in asked("đi du lịch Đông Hưng bằng giấy thông hành")
    assert lao not in asked("xuất khẩu lao động sang Nhật")  # "lao" with another tone


def test_a_country_is_demoted_only_beside_another_country():
    lao, china, cuba = case("lào"), case("trung quốc"), case("cuba")
    assert adjustment((lao,), set()) == 0  # no country asked: left be
    assert adjustment((lao,), {china}) < 0 and unasked((lao,), {china})
    assert adjustment((lao,), {lao}) > 0
    # a name listing the asked country among others serves it, below one naming it alone
    assert 0 < adjustment((cuba, lao, china), {china}) < adjustment((china,), {china})
    assert not unasked((cuba, lao, china), {china})


def test_going_abroad_is_no_foreign_party():
    foreign, abroad = case("có yếu tố nước ngoài"), case("ra nước ngoài")
    assert foreign not in asked("nhóm họa sĩ mang tranh sang Nhật trưng bày")
    assert abroad in asked("nhóm họa sĩ mang tranh sang Nhật trưng bày")
    assert foreign in asked("tôi quốc tịch Pháp muốn triển lãm tranh ở Hội An")
    assert abroad not in asked("tôi quốc tịch Pháp muốn triển lãm tranh ở Hội An")
    assert abroad in asked("vợ chồng tôi đăng ký kết hôn ở Hàn Quốc, giờ về nước")


def test_the_country_named_picks_the_member(whole):
    assert_first(
        whole,
        {
            # 1.000321 "… tuyến … cố định giữa Việt Nam và Campuchia", not "Việt Nam, Lào và Campuchia"
            "nhà xe ở Tây Ninh muốn mở tuyến xe khách cố định đi Phnôm Pênh bên Campuchia": "1.000321",
            # 1.001258 the Lao border pass for a company's staff, not the Lao experts' war allowance
            "công ty ở Quảng Trị cử nhân viên sang Lào công tác ngắn ngày bằng giấy thông hành": "1.001258",
            # 1.014902 the "AB" stamp renewed for Cuba, Lào, Trung Hoa, not the lost passport's
            "tem AB trên hộ chiếu đi Trung Quốc hết hạn rồi, xin cấp lại": "1.014902",
        },
    )


def test_a_chinese_bus_staying_longer_is_the_chinese_extension(whole):
    # 1.001737 "Gia hạn thời gian lưu hành tại Việt Nam cho phương tiện của Trung Quốc" (a step of the
    # cross-border transport event now); right first, still flagged by the confidence model
    assert_first_but_doubted(
        whole,
        {"ô tô khách của Trung Quốc chạy sang Quảng Ninh bị hỏng, hết hạn được ở lại, cần gia hạn": "1.001737"},
    )


FRENCH_PAINTER = (
    "tôi quốc tịch Pháp, sống ở Hội An mấy năm nay, muốn bày một cuộc triển lãm tranh của mình ngay tại thành phố"
)
DIVORCED_IN_AMERICA = (
    "Ly hôn bên Mỹ rồi, về Việt Nam muốn lấy chồng khác thì phải làm thủ tục gì để bên mình công nhận?"
)


def test_a_foreigner_at_home_is_not_an_act_abroad(whole):
    assert_first(
        whole,
        {
            # 1.001211 "… triển lãm do cá nhân nước ngoài tổ chức tại địa phương", not the exhibition
            # taken abroad (1.001229)
            FRENCH_PAINTER: "1.001211",
            # 2.000554 the divorce recorded from abroad
            DIVORCED_IN_AMERICA: "2.000554",
        },
    )


def test_paintings_taken_to_japan_stay_the_exhibition_abroad(whole):
    # 1.001229 "… triển lãm do các tổ chức, cá nhân tại địa phương đưa ra nước ngoài …": "sang Nhật"
    # asks the abroad case, no foreign party; right first, still flagged by the confidence model
    assert_first_but_doubted(
        whole,
        {"nhóm họa sĩ trẻ ở Huế được mời mang tranh sang Nhật trưng bày, không bán, cần xin phép gì": "1.001229"},
    )
