"""Official words without tones, with one typo, and against life events (issue 23, item 1): what
the events and the dictionary guard had broken, fixed by mechanism."""

from __future__ import annotations

import pytest

from tests.support.search_engines import names_engine
from tthc.search.dictionary import syllables
from tthc.search.memory import MemoryEngine
from tthc.search.query import SearchQuery

needs_dictionary = pytest.mark.skipif(not syllables()[0], reason="hunspell-vi is not installed (scripts/setup.sh)")


def engine(named: dict[str, str], synonyms=()) -> MemoryEngine:
    return names_engine(named, "tinh", synonyms)


def first(eng: MemoryEngine, text: str) -> str:
    hits = eng.search(SearchQuery(text).normalized()).hits
    return hits[0]["code"] if hits else ""


CIVIL = {
    "1.000894": "Thủ tục đăng ký kết hôn",
    "1.001193": "Thủ tục đăng ký khai sinh",
    "1.014460": "Đăng ký kết quả thực hiện nhiệm vụ khoa học và công nghệ",
    "3.000182": "Tuyển sinh trung học cơ sở",
}


@needs_dictionary
def test_a_typo_typed_without_tones_is_corrected_when_a_neighbour_agrees():
    # "hom" and "khia" fold from valid syllables (hôm, khía): without tones nearly every string does
    eng = engine(CIVIL)
    result = eng.search(SearchQuery("dang ky ket hom").normalized())
    assert result.corrections == {"hom": "hon"} and result.hits[0]["code"] == "1.000894"
    assert not result.nothing_fits
    assert first(eng, "khia sinh") == "1.001193"
    # typed with tones, a valid word stays as typed; with no agreeing neighbour, untoned too
    assert eng.search(SearchQuery("kết hôm").normalized()).corrections == {}
    assert eng.search(SearchQuery("hom qua").normalized()).corrections == {}


PASSPORT = {
    "1.001456": "Cấp hộ chiếu phổ thông ở trong nước (thực hiện tại cấp tỉnh)",
    "1.010384": "Khôi phục giá trị sử dụng hộ chiếu phổ thông (thực hiện tại cấp tỉnh)",
    "1.010385": "Trình báo mất hộ chiếu phổ thông (thực hiện tại cấp huyện)",
}


def test_a_name_covering_the_whole_query_comes_before_the_event_that_matched_part_of_it():
    eng = engine(PASSPORT)
    assert first(eng, "khôi phục giá trị sử dụng hộ chiếu phổ thông") == "1.010384"
    assert first(eng, "khoi phuc gia tri su dung ho chieu pho thong") == "1.010384"
    assert first(eng, "trình báo mất hộ chiếu phổ thông") == "1.010385"
    # the event still answers what it is about
    result = eng.search(SearchQuery("làm hộ chiếu").normalized())
    assert result.event and result.event["matched"] and result.hits[0]["code"] == "1.001456"


def test_a_phrase_is_held_only_with_its_words_side_by_side():
    group = [["thẻ xanh", "giấy chứng nhận thường trú"]]
    eng = engine(
        {
            "9.000001": "Cấp giấy chứng nhận thường trú cho người nước ngoài tại Việt Nam",
            "9.000002": "Xanh thẻ",
        },
        group,
    )
    assert first(eng, "thẻ xanh") == "9.000001"
    assert first(eng, "thẻ xanh thường trú") == "9.000001"


CERTIFY = {
    "2.000815": "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền của Việt Nam cấp",
    "2.000884": "Chứng thực chữ ký trong các giấy tờ, văn bản",
    "2.001008": "Chứng thực chữ ký người dịch mà người dịch không phải là cộng tác viên dịch thuật",
    "2.000988": "Chứng thực chữ ký người dịch mà người dịch là viên chức ngoại giao",
}


def test_the_event_step_covering_the_query_best_comes_first():
    eng = engine(CERTIFY)
    result = eng.search(SearchQuery("chứng thực chữ kí người dịch").normalized())
    assert result.hits[0]["code"] in {"2.001008", "2.000988"}
    assert first(eng, "chứng thực bản sao") == "2.000815"


def test_a_long_official_name_is_sure_when_the_query_holds_its_telling_words():
    eng = engine(
        {
            "3.000333": "Cấp Phiếu Lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam,"
            " người Việt Nam định cư ở nước ngoài, người nước ngoài đã cư trú tại Việt Nam",
            "2.000002": "Cấp giấy xác nhận cho người Việt Nam định cư ở nước ngoài",
            "1.000894": "Thủ tục đăng ký kết hôn",
            "1.001193": "Thủ tục đăng ký khai sinh cho công dân Việt Nam",
            "2.000001": "Cấp thẻ cho người nước ngoài đang cư trú tại Việt Nam",
        }
    )
    result = eng.search(SearchQuery("cấp phiếu lý lịch tư pháp").normalized())
    assert not result.nothing_fits and result.hits[0]["code"] == "3.000333" and result.hits[0]["matched"]
