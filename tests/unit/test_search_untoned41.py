"""A procedure's own words typed on a phone (pass untone41): untoned, shortened, with one slip."""

from __future__ import annotations

from tests.support.search_engines import names_engine
from tthc.search.analysis import exact_form, folded_form
from tthc.search.query import SearchQuery
from tthc.search.stopwords import read_request

HOUSING = {
    "1.012896": "Cho thuê, cho thuê mua nhà ở xã hội do Nhà nước đầu tư xây dựng bằng vốn đầu tư công",
    "1.007765": "Cho thuê nhà ở sinh viên thuộc sở hữu nhà nước",
    "1.012889": "Cho thuê nhà ở công vụ thuộc thẩm quyền quản lý của địa phương",
    "1.000001": "Cấp giấy phép cung cấp dịch vụ mạng xã hội",
    "1.000002": "Cấp giấy chứng nhận người có công do ngành Lao động - Thương binh và Xã hội quản lý",
    "1.000003": "Đăng ký thành lập cơ sở trợ giúp xã hội",
}


def test_a_stop_phrase_going_on_into_a_names_phrase_is_not_taken_out():
    # "ở xã" is a place said ("thường trú ở xã"), but "nhà ở xã hội" holds "xã hội", a phrase of many names
    phrase = {"xa hoi"}

    def paired(a: str, b: str) -> bool:
        return f"{a} {b}" in phrase

    assert read_request("xin thuê nhà ở xã hội", paired).words == ["xin", "thuê", "nhà", "ở", "xã", "hội"]
    assert read_request("xin thue nha o xa hoi", paired).words == ["xin", "thue", "nha", "o", "xa", "hoi"]
    assert read_request("dang ky thuong tru o xa", paired).words == ["dang", "ky", "thuong", "tru"]
    assert read_request("dang ky o xa bien gioi", paired).words == ["dang", "ky", "bien", "gioi"]


def test_social_housing_typed_with_or_without_tones_finds_its_name():
    eng = names_engine(HOUSING)
    for text in ("xin thue nha o xa hoi cua nha nuoc", "xin thuê nhà ở xã hội của nhà nước"):
        hit = eng.search(SearchQuery(text).normalized()).hits[0]
        assert hit["code"] == "1.012896", text


SUPPORT = {
    "1.012836": "Hỗ trợ chi phí về vật tư phối giống nhân tạo gia súc",
    "1.000011": "Khai thuế giá trị gia tăng đối với phương pháp trực tiếp trên doanh thu",
    "1.000012": "Hoàn thuế giá trị gia tăng đối với dự án đầu tư",
    "1.000013": "Cấp chứng chỉ kiểm định viên đối với máy, thiết bị, vật tư có yêu cầu nghiêm ngặt",
    "1.000014": "Kiểm tra chất lượng vật tư nông nghiệp nhập khẩu",
    "1.000015": "Hỗ trợ chi phí đầu tư ban đầu",
}


def test_a_one_word_everyday_phrase_is_not_met_where_the_names_spell_the_pair_otherwise():
    # "vat" is VAT (thuế giá trị gia tăng) in "nop thue vat", but "vat tu" is the names' vật tư
    eng = names_engine(SUPPORT)
    assert eng.search(SearchQuery("ho tro chi phi ve vat tu").normalized()).hits[0]["code"] == "1.012836"
    plan = eng.names.plan("ho tro chi phi ve vat tu")
    assert not any(len(u.alternatives) > 1 for u in plan.units if u.typed == ("vat",))
    plan = eng.names.plan("nop thue vat")
    assert any(len(u.alternatives) > 1 for u in plan.units if u.typed == ("vat",))


CONFORMITY = {
    "1.014416": "Tiếp nhận công bố hợp quy đối với sản phẩm, hàng hoá sản xuất trong nước",
    "1.000021": "Công bố hợp quy đối với sản phẩm, hàng hóa vật liệu xây dựng",
    "1.000022": "Tiếp nhận bản công bố hợp quy đối với thức ăn chăn nuôi",
    "1.000023": "Cấp giấy chứng nhận đăng ký đại lý đổi ngoại tệ",
}


def test_an_untoned_word_in_a_names_phrase_reads_as_the_names_spell_it():
    # the events' texts say "quy đổi"; beside "hop quy" the names' "hợp quy đối với" tells đối
    names = names_engine(CONFORMITY).names
    typed = [folded_form(w) for w in ("hop", "quy", "doi")]
    read = names.read_beside(typed, 2, commonest=False)
    assert exact_form("đối") in read and exact_form("đổi") not in read
    # no names' phrase beside it: the events' reading as before
    typed = [folded_form(w) for w in ("muon", "doi", "tien", "cu")]
    assert names.read_beside(typed, 1, commonest=False) == names.spelt_beside(typed, 1, commonest=False)


def test_a_spelling_one_name_gives_a_pair_is_no_reading_of_the_phrase():
    # "tai san" is the names' "tài sản"; one name's "tại sân bay" folds the same and reads nothing
    names = names_engine(
        {
            "1.000031": "Quyết định sử dụng tài sản công",
            "1.000032": "Bán tài sản công",
            "1.000033": "Xử lý tài sản bị chôn giấu",
            "1.000034": "Cấp phép hoạt động tại sân bay",
        }
    ).names
    assert names.read_beside(["ban", "tai", "san"], 1, commonest=False) >= {exact_form("tài")}
    assert exact_form("tại") not in names.read_beside(["ban", "tai", "san"], 1, commonest=False)


LAWYERS = {
    "1.002010": "Đăng ký hoạt động của tổ chức hành nghề luật sư",
    "1.002099": "Đăng ký hoạt động của chi nhánh của tổ chức hành nghề luật sư",
    "1.000828": "Cấp Chứng chỉ hành nghề luật sư",
    "1.000627": "Đăng ký hoạt động của Trung tâm tư vấn pháp luật",
    "1.000005": "Thu hồi giấy phép xuất bản bản tin",
}


def test_a_slip_at_the_querys_edge_is_corrected_into_the_phrase_its_neighbour_stands_in():
    # "xu" is a syllable, alone at the edge beside "luat": most names holding "luật" say "luật sư"
    eng = names_engine(LAWYERS)
    plan = eng.names.plan("dang ky hoat dong to chuc hanh nghe luat xu")
    assert plan.corrections.get("xu") == "su"
    assert eng.search(SearchQuery("dang ky hoat dong to chuc hanh nghe luat xu").normalized()).hits[0]["code"] == (
        "1.002010"
    )
    # a pair one name in many holds is no such phrase: "thanh toan lai" keeps its "lai"
    names = names_engine(
        {
            "2.002798": "Thủ tục thanh toán chi phí xem xét, thẩm định tại chỗ",
            "2.002799": "Thủ tục tạm ứng, thanh toán chi phí định giá tài sản",
            "2.002800": "Thủ tục thanh toán chi phí cho người làm chứng",
            "2.002801": "Kiểm toán tài chính dự án",
            "2.002802": "Cấp lại thẻ kế toán",
        }
    ).names
    assert "lai" not in names.plan("thanh toan lai").corrections
