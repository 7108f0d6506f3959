"""Colloquial words of pass col41: everyday, southern and abbreviated names for the things the
catalogue's citizen-facing names are about, found from the catalogue's side
(tests/search_eval/noun_audit.py) and written as synonyms.json groups (docs/search.md, pass col41).

The whole catalogue (catalogue_large) with the shipped events; the queries were written for these
tests, not taken from the evaluation."""

from __future__ import annotations

from tests.support.search_engines import assert_first
from tthc.search.query import SearchQuery


def test_an_everyday_name_for_a_thing_finds_the_official_one(whole):
    # new groups: "thủy thủ" is "thuyền viên" in the names, a boat "cập bến" / "vô bến" enters the
    # port ("vào cảng, bến"), "thị thực chữ ký" is the old word for "chứng thực chữ ký"
    assert_first(
        whole,
        {
            "làm sổ cho thủy thủ": "1.002788",
            "ghe chở hàng xin giấy phép cập bến": "1.003614",
            "thị thực chữ ký": "2.000884",
        },
    )


def test_an_everyday_name_makes_the_right_answer_sure(whole):
    # the first answer was already right but flagged "nothing fits": "thuế bán nhà" is the tax on
    # income from transferring real estate, "xịt thuốc" is "phun thuốc"
    assert_first(
        whole,
        {
            "đóng thuế bán nhà": "1.007674",
            "thuê máy bay xịt thuốc cho lúa được hỗ trợ": "1.013113",
        },
    )


def test_an_abbreviated_thing_is_read_as_its_name(whole):
    # abbreviations of things are groups (ccn = cụm công nghiệp, vsattp = an toàn thực phẩm)
    assert_first(
        whole,
        {
            "doanh nghiệp nhỏ vào ccn được hỗ trợ": "3.000177",
            "cơ sở đủ điều kiện vsattp": "2.001827",
        },
    )


def test_southern_sick_leave_is_the_sickness_benefit(whole):
    # "nghỉ bệnh" (southern for "nghỉ ốm") joins the sickness group: not the one-off insurance payment
    result = whole.search(SearchQuery("lãnh tiền nghỉ bệnh bên bhxh").normalized())
    assert result.hits[0]["code"] == "1.001667", result.hits[0]["name"]


def test_short_forms_of_import_and_export_are_written_out(whole):
    # «abbreviations»: "nk" and "xk" are spellings of "nhập khẩu" and "xuất khẩu" (like "xnk")
    assert_first(
        whole,
        {
            "cấp phép nk phân bón": "1.007929",
            "nk thức ăn chăn nuôi chưa công bố": "1.008122",
        },
    )


def test_a_paper_named_by_its_everyday_name_joins_its_group(whole):
    # existing groups gain what people call the same paper: "giấy phép đi biển / ra khơi" is the
    # fishing licence (not the boat's registration), "bìa hồng" is "sổ hồng"
    assert_first(
        whole,
        {
            "xin giấy phép ra khơi cho ghe": "1.004359",
            "thế chấp bìa hồng vay ngân hàng": "1.011441",
        },
    )


def test_digging_up_a_road_and_using_its_edge_by_their_everyday_names(whole):
    # "cắt đường", "đào đường" are works on a road in use; "lề đường" is "lòng đường" (with
    # "vỉa hè") in the name of its temporary use
    assert_first(
        whole,
        {
            "cắt đường để đặt cống": "1.013061",
            "xin dùng lề đường làm đám cưới": "1.013274",
        },
    )
