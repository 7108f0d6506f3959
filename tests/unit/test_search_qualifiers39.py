"""General before special: words that say a special case only beside other words (pass gvs39).

`qualifiers.json` may give a case triggers `in_context`: a trigger counts only when the query also
holds one of its `needs`. "nuôi" says farming on the sea (the sea areas "… cho cá nhân Việt Nam để
nuôi trồng thủy sản") beside the sea's surface it is given; "giáp ranh" says the border area beside
a neighbouring country; a death says the posthumous award ("Xét truy tặng …") beside the award.
Real names and codes (catalogue_large), whole catalogue."""

from __future__ import annotations

from tests.support.search_engines import assert_first
from tthc.search.analysis import folded_form, tokens
from tthc.search.qualifiers import asked, qualifiers


def case(name_phrase: str) -> int:
    folded = tuple(folded_form(w) for w in tokens(name_phrase))
    return next(i for i, q in enumerate(qualifiers()) if folded in q.names)


def test_farming_says_the_sea_case_only_beside_the_sea():
    sea = case("để nuôi trồng thủy sản")
    assert sea in asked("được giao một khoảnh mặt biển gần bờ để thả nuôi hàu")
    assert sea in asked("vùng biển nuôi cá lồng")
    assert sea not in asked("đăng ký nuôi tôm hùm lồng bè")
    assert sea not in asked("xin giao mặt biển làm bến phao cho du khách")


def test_a_sea_area_for_farming_is_the_special_member(whole):
    # 3.000439 "Giao khu vực biển cho cá nhân Việt Nam để nuôi trồng thủy sản" extends 1.004512
    # "Giao khu vực biển"; 3.000442 extends 2.001745 "Sửa đổi, bổ sung Quyết định giao khu vực biển"
    assert_first(
        whole,
        {
            "giao khu vực biển": "1.004512",
            "được giao vùng mặt biển gần bờ thả lồng nuôi cá bớp, giờ xin sửa quyết định vì diện tích sai": "3.000442",
        },
    )


def test_bordering_says_the_border_area_only_beside_a_neighbouring_country():
    border = case("khu vực biên giới")
    assert border in asked("chồng tôi người Lào, nhà ở bản giáp ranh bên này")
    assert border not in asked("tranh chấp đất giáp ranh với nhà hàng xóm")


def test_a_lao_husband_dying_in_a_bordering_village_is_the_border_death(whole):
    # 1.004827 "Thủ tục đăng ký khai tử có yếu tố nước ngoài tại khu vực biên giới" extends 1.001766
    assert_first(
        whole,
        {"chồng tôi người Lào, nhà ở bản giáp ranh bên này, vừa mất ở nhà, làm khai tử ở xã": "1.004827"},
    )


def test_a_death_says_the_posthumous_award_only_beside_the_award():
    posthumous = case("xét truy tặng")
    assert posthumous in asked("bà nội mất đã lâu, gia đình đề nghị phong danh hiệu mẹ Việt Nam anh hùng")
    assert posthumous not in asked("bà nội mất rồi, gia đình làm hồ sơ nhận trợ cấp thờ cúng liệt sĩ")
    assert posthumous not in asked("mẹ tôi có hai con là liệt sĩ, đề nghị phong danh hiệu mẹ Việt Nam anh hùng")


def test_a_hero_mother_who_has_died_gets_the_posthumous_award(whole):
    # 1.013264 "Xét truy tặng danh hiệu vinh dự Nhà nước “Bà mẹ Việt Nam anh hùng”" extends 1.013263
    # "Xét tặng …"; the allowance 1.010804 "… tặng hoặc truy tặng …" lists both and is no special member
    assert_first(
        whole,
        {
            "mẹ tôi có hai con là liệt sĩ, muốn đề nghị phong danh hiệu bà mẹ Việt Nam anh hùng": "1.013263",
            "bà nội mất đã lâu, có ba con là liệt sĩ, gia đình đề nghị phong danh hiệu mẹ VN anh hùng": "1.013264",
            # the name's own words: a trigger "truy tặng" would hand them to the case's names only
            # and let the allowance (which spells them too) lead
            "bà mất năm 2005 mà chưa được phong bà mẹ Việt Nam anh hùng, con cháu muốn đề nghị truy tặng": "1.013264",
        },
    )


def test_an_organisation_listed_before_its_kind_is_who_applies():
    # "cho cơ quan, tổ chức" names the applicant as "cho tổ chức" does
    applicant = case("cho tổ chức")
    assert applicant == case("cho cơ quan, tổ chức")


def test_a_company_s_electronic_identity_account_is_a_step_of_the_vneid_event(whole):
    # 3.000498 "Cấp tài khoản định danh điện tử cho cơ quan, tổ chức" beside the citizens' accounts
    # (3.000228 level 2, 1.011410 level 1) the VNeID event lists
    assert_first(
        whole,
        {
            "tài khoản định danh điện tử cho công ty": "3.000498",
            "công ty cần tài khoản định danh điện tử, không dùng tài khoản của giám đốc": "3.000498",
            "tôi muốn làm tài khoản định danh điện tử mức 2": "3.000228",
        },
    )
