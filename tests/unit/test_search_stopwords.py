"""Words that do not say which procedure (stopwords.json, reviewed data): asking, people, time and
place are read out of a citizen's sentence; a province's name never puts a procedure naming it first;
a stop word typed without tones counts only where no name word folds to it; an everyday phrase typed
with tones matches only its own spelling."""

from __future__ import annotations

import json

from tthc.search.analysis import parse_units, tokens
from tthc.search.documents import SearchDocument
from tthc.search.memory import MemoryEngine
from tthc.search.names import NameIndex
from tthc.search.query import SearchQuery
from tthc.search.stopwords import STOPWORDS_FILE, without_phrases


def engine(names: dict[str, str]) -> MemoryEngine:
    docs = [
        SearchDocument(code=c, name=n, level="xa", sector="", agency="", status="in_force", valid_from="2025-01-01")
        for c, n in names.items()
    ]
    return MemoryEngine(docs, "test")


def test_the_data_is_reviewed_words_and_phrases():
    data = json.loads(STOPWORDS_FILE.read_text(encoding="utf-8"))
    assert {"asking", "people", "time", "place", "glue"} <= set(data["words"])
    assert {"asking", "time", "place"} <= set(data["phrases"])
    for group in list(data["words"].values()) + list(data["phrases"].values()):
        assert group == [w for w in group if w == w.strip().lower()]
    # words that name procedures are never stop words: a citizen's "lại", "bảo", "họ", "nội" count
    words = {w for group in data["words"].values() for w in group}
    assert not words & {"lại", "bảo", "họ", "nội", "ngoại", "chỉ", "lần", "hết", "định", "qua"}


def test_asking_time_and_place_phrases_leave_the_query():
    words = tokens("cho tôi hỏi hôm qua ở Thanh Hóa bố tôi mất thì phải làm gì")
    assert without_phrases(words) == tokens("ở bố tôi mất thì")
    assert without_phrases(tokens("cho toi hoi o thanh hoa dang ky tam tru o dau")) == tokens("o dang ky tam tru")
    assert without_phrases(tokens("Hà Nội")) == ["hà", "nội"]  # nothing else: kept


def test_a_province_named_in_a_story_puts_no_procedure_naming_it_first():
    eng = engine(
        {
            "3.000215": "Quyết định chủ trương chuyển mục đích sử dụng rừng sang mục đích khác của Hội đồng nhân dân "
            "các tỉnh: Thanh Hóa, Nghệ An",
            "1.004194": "Đăng ký tạm trú",
        }
    )
    result = eng.search(SearchQuery("em quê Thanh Hóa vào Đồng Nai làm công nhân, cần đăng ký tạm trú").normalized())
    assert result.hits[0]["code"] == "1.004194"


def test_an_untoned_stop_word_counts_only_where_no_name_word_folds_to_it():
    care = NameIndex(["Cấp, cấp lại, điều chỉnh giấy phép hoạt động đối với cơ sở trợ giúp xã hội"])
    assert care.is_intent("cô") and not care.is_intent("co")  # "co" may be "cơ" (cơ sở), a name word
    plain = NameIndex(["Thủ tục đăng ký khai sinh"])
    assert plain.is_intent("co") and plain.is_intent("toi") and not plain.is_intent("sinh")


def test_an_everyday_phrase_typed_with_tones_matches_only_its_spelling():
    assert not parse_units(["chưa"])[0].is_synonym  # "chưa" (not yet) is no "chùa" (pagoda)
    assert parse_units(["chùa"])[0].is_synonym
    assert parse_units(["chua"])[0].is_synonym  # typed without tones: any spelling
