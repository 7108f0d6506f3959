"""A procedure's own words typed on a phone (pass untone41): untoned, shortened, with one slip."""

from __future__ import annotations

from tests.support.search_engines import names_engine
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
