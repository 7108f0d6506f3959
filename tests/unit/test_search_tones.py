"""Tone-aware matching (issue 23, item 2): a word typed with tones matches the names spelling it so
before names holding another word that only folds the same; folding is the fallback. A valid
Vietnamese syllable (Debian's hunspell-vi list) is never "corrected" into another word."""

from __future__ import annotations

import pytest

from tthc.search.dictionary import is_vietnamese, syllables
from tthc.search.documents import SearchDocument
from tthc.search.memory import MemoryEngine
from tthc.search.query import SearchQuery

needs_dictionary = pytest.mark.skipif(not syllables()[0], reason="hunspell-vi is not installed (scripts/setup.sh)")


def engine(*names: str) -> MemoryEngine:
    docs = [
        SearchDocument(
            code=f"1.00{i:04d}", name=n, level="xa", sector="", agency="", status="in_force", valid_from="2025-01-01"
        )
        for i, n in enumerate(names)
    ]
    return MemoryEngine(docs, "test")


def codes(eng: MemoryEngine, text: str) -> list[str]:
    return [h["name"] for h in eng.search(SearchQuery(text).normalized()).hits]


def test_a_toned_word_never_matches_another_toned_word_first_through_folding():
    eng = engine(
        "Đăng ký mua bán",  # short: plain BM25 puts it first for "mua"
        "Hỗ trợ khắc phục thiệt hại do mưa bão gây ra đối với sản xuất nông nghiệp",
        "Giao đất, cho thuê đất",
        "Đặt tên đường",
    )
    for text in ("mưa", "mưa lớn", "mưa to"):
        assert all("mua bán" not in name for name in codes(eng, text)), text
    assert codes(eng, "mua bán")[0] == "Đăng ký mua bán"
    assert codes(eng, "đặt tên")[0] == "Đặt tên đường"
    assert codes(eng, "dat ten")[0] == "Đặt tên đường"  # without tones, folding finds it


@needs_dictionary
def test_a_valid_syllable_is_never_corrected_but_a_typo_is():
    assert is_vietnamese("chúa") and is_vietnamese("chua") and not is_vietnamese("chúk")
    eng = engine("Chứng thực di chúc", "Đăng ký tạm trú")
    assert eng.search(SearchQuery("di chúa").normalized()).corrections == {}
    assert eng.search(SearchQuery("di chúk").normalized()).corrections == {"chuk": "chuc"}


@needs_dictionary
def test_i_and_y_stay_one_word_for_the_dictionary():
    assert is_vietnamese("kí") and is_vietnamese("ký") and is_vietnamese("lí") and is_vietnamese("lý")


@needs_dictionary
def test_a_toned_word_no_name_spells_is_not_read_as_the_names_word_folded_alike():
    # no name spells "bão" or "tiệm": the names' "bảo" and "tiêm" are other words, held by none
    eng = engine("Hỗ trợ đóng bảo hiểm y tế", "Cấp giấy chứng nhận tiêm phòng cho vật nuôi", "Đăng ký hộ kinh doanh")
    for text in ("nhà bị bão", "mở tiệm", "bão"):
        assert codes(eng, text) == [], text
    # a tone mistyped beside the word it goes with in the names still folds ("giây phép": giấy phép)
    licences = engine("Cấp giấy phép lái xe", "Đổi giấy phép lái xe", "Đăng ký hộ kinh doanh", "Cấp phép xây dựng")
    for text in ("giây phép lái xe", "giây phép"):
        mistoned = licences.search(SearchQuery(text).normalized())
        assert mistoned.hits[0]["name"] == "Cấp giấy phép lái xe" and not mistoned.nothing_fits, text
